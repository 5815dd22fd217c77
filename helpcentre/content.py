"""Load the help centre's content files, check them, and build the content model.

`load_help_centre(root)` is the one entry point: it reads faq.yml, snippets.yml and
support.yml, reports every problem at once as a ContentError, and otherwise returns a
HelpCentre. It imports nothing from MkDocs.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .loader import Document, load_yaml
from .model import (Alternative, Body, Category, Entry, Guide, HelpCentre, MenuChoice,
                    OpeningHours, Section, Snippet, SupportContact, Target)
from .problems import ContentError, Problem
from .render import BUILTIN_SNIPPETS, ID_LINK, SNIPPET_REF
from .schema import describe, schema_problems
from .site import category_page, guide_page

FAQ_FILE = "faq.yml"
SNIPPETS_FILE = "snippets.yml"
SUPPORT_FILE = "support.yml"


@dataclass
class Sources:
    """The three content files of one build, as read from disk."""

    faq: Document
    snippets: Document
    support: Document


def read_sources(root: Path) -> Sources:
    """Read the content files under `root`; nothing is checked yet."""
    return Sources(load_yaml(root / FAQ_FILE), load_yaml(root / SNIPPETS_FILE),
                   load_yaml(root / SUPPORT_FILE))


def load_help_centre(root: Path) -> HelpCentre:
    """Read, check and build the content under `root`; raise ContentError on any problem."""
    sources = read_sources(root)
    problems = check(sources)
    if problems:
        raise ContentError(problems)
    return build_model(sources)


def check(sources: Sources) -> list[Problem]:
    """Every problem in the content, sorted by file and line."""
    problems: list[Problem] = []
    schemas = ((sources.faq, "faq.schema.json"), (sources.snippets, "snippets.schema.json"),
               (sources.support, "support.schema.json"))
    for doc, schema in schemas:
        problems.extend(doc.problems)
        if not doc.problems:
            problems.extend(schema_problems(doc, schema))
    if all(isinstance(doc.data, dict) for doc, _ in schemas):
        problems.extend(_rule_problems(sources))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


# -- rules beyond the schema ----------------------------------------------------------------

def _items(data: Any, key: str) -> list[tuple[int, dict]]:
    items = data.get(key) if isinstance(data, dict) else None
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _ids(faq: dict) -> Iterator[tuple[tuple, str]]:
    """Every id declared in faq.yml with the path of its 'id' field."""
    for key in ("categories", "entries", "guides"):
        for index, item in _items(faq, key):
            if isinstance(item.get("id"), str):
                yield (key, index, "id"), item["id"]
            if key == "guides":
                for s_index, section in _items(item, "sections"):
                    if isinstance(section.get("id"), str):
                        yield (key, index, "sections", s_index, "id"), section["id"]


def _text_fields(faq: dict) -> Iterator[tuple[tuple, str]]:
    """Every Markdown text in faq.yml with its path."""
    def body(item: dict, path: tuple) -> Iterator[tuple[tuple, str]]:
        for field in ("answer", "after"):
            if isinstance(item.get(field), str):
                yield (*path, field), item[field]
        for s_index, step in enumerate(item.get("steps") or []) if isinstance(item.get("steps"), list) else ():
            if isinstance(step, str):
                yield (*path, "steps", s_index), step
        for a_index, alternative in _items(item, "alternatives"):
            yield from body(alternative, (*path, "alternatives", a_index))

    for key in ("entries", "guides"):
        for index, item in _items(faq, key):
            yield from body(item, (key, index))
            for s_index, section in _items(item, "sections"):
                yield from body(section, (key, index, "sections", s_index))


def _step_snippet_refs(faq: dict) -> Iterator[tuple[tuple, str]]:
    def steps(item: dict, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(item.get("steps"), list):
            for s_index, step in enumerate(item["steps"]):
                if isinstance(step, dict) and isinstance(step.get("snippet"), str):
                    yield (*path, "steps", s_index), step["snippet"]
        for a_index, alternative in _items(item, "alternatives"):
            yield from steps(alternative, (*path, "alternatives", a_index))

    for key in ("entries", "guides"):
        for index, item in _items(faq, key):
            yield from steps(item, (key, index))
            for s_index, section in _items(item, "sections"):
                yield from steps(section, (key, index, "sections", s_index))


def _rule_problems(sources: Sources) -> list[Problem]:
    faq, snippets, support = sources.faq, sources.snippets, sources.support
    problems: list[Problem] = []

    def add(doc: Document, path: tuple, message: str, fix: str) -> None:
        where = describe(path, doc.data) if doc is faq else (
            f"snippet '{path[0]}'" if doc is snippets and path else "")
        problems.append(Problem(doc.file, doc.line(path), message, fix, where))

    def suggest(name: str, known: list[str], what: str) -> str:
        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        return f"did you mean '{guess[0]}'?" if guess else f"use the id of an existing {what}"

    # Ids are unique across categories, entries, guides and sections.
    first_seen: dict[str, tuple] = {}
    for path, ident in _ids(faq.data):
        if ident in first_seen:
            add(faq, path, f"the id '{ident}' is already used on line {faq.line(first_seen[ident])}",
                "choose a different id; every id must be unique")
        else:
            first_seen[ident] = path
    known_ids = list(first_seen)

    category_ids = [item["id"] for _, item in _items(faq.data, "categories") if isinstance(item.get("id"), str)]
    for key in ("entries", "guides"):
        for index, item in _items(faq.data, key):
            category = item.get("category")
            if isinstance(category, str) and category not in category_ids:
                add(faq, (key, index, "category"), f"there is no category '{category}'",
                    suggest(category, category_ids, "category") + " (categories are listed at the top of faq.yml)")
            related = item.get("related")
            for r_index, rid in enumerate(related if isinstance(related, list) else []):
                if isinstance(rid, str) and rid not in first_seen:
                    add(faq, (key, index, "related", r_index), f"there is no entry or guide with the id '{rid}'",
                        suggest(rid, known_ids, "entry or guide"))
                elif rid == item.get("id"):
                    add(faq, (key, index, "related", r_index), "links to itself", "remove it from 'related'")

    snippet_data = snippets.data
    step_snippets = {n for n, s in snippet_data.items() if isinstance(s, dict) and "steps" in s}
    snippet_names = [*BUILTIN_SNIPPETS, *snippet_data]
    for name in snippet_data:
        if name in BUILTIN_SNIPPETS:
            add(snippets, (name,), f"'{name}' is a built-in snippet made from support.yml",
                "choose another name; change the contact details in support.yml instead")

    def check_text(doc: Document, path: tuple, text: str) -> None:
        for match in SNIPPET_REF.finditer(text):
            name = match.group(1)
            if name not in snippet_names:
                add(doc, path, f"there is no snippet called '{name}'",
                    suggest(name, snippet_names, "snippet") + " (snippets are listed in snippets.yml)")
        for match in ID_LINK.finditer(text):
            target = match.group(1)
            if target not in first_seen:
                add(doc, path, f"the link '(id:{target})' points to an id that does not exist",
                    suggest(target, known_ids, "entry, guide or section"))
        _check_contact_typed(doc, path, text, support.data, add)

    for path, text in _text_fields(faq.data):
        check_text(faq, path, text)
    for path, name in _step_snippet_refs(faq.data):
        if name not in step_snippets:
            add(faq, path, f"there is no snippet with steps called '{name}'",
                suggest(name, sorted(step_snippets), "snippet with steps") + " (see snippets.yml)")
    for name, snippet in snippet_data.items():
        if not isinstance(snippet, dict):
            continue
        texts = [snippet["text"]] if isinstance(snippet.get("text"), str) else []
        texts += [s for s in snippet.get("steps") or [] if isinstance(s, str)]
        for text in texts:
            check_text(snippets, (name,), text)
    problems.extend(_snippet_cycles(snippets, snippet_data))
    return problems


def _check_contact_typed(doc: Document, path: tuple, text: str, support: Any, add) -> None:
    """The phone number and email must come from snippets, never typed into text."""
    if not isinstance(support, dict):
        return
    phone = str(support.get("phone", ""))
    if phone.isdigit() and re.search(r"[\s.-]?".join(phone), text):
        add(doc, path, "the support phone number is typed into the text",
            "write {{ phone }} (or {{ it-support }}) instead, so a new number reaches every page")
    email = str(support.get("email", ""))
    if email and email.lower() in text.lower():
        add(doc, path, "the support email address is typed into the text",
            "write {{ email }} instead, so a new address reaches every page")


def _snippet_cycles(doc: Document, data: dict) -> list[Problem]:
    graph = {name: {m.group(1) for m in SNIPPET_REF.finditer(s.get("text", ""))}
             for name, s in data.items() if isinstance(s, dict) and isinstance(s.get("text", ""), str)}
    problems = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            name, trail = stack.pop()
            for child in graph.get(name, ()):
                if child == start:
                    problems.append(Problem(doc.file, doc.line((start,)),
                                            "uses itself: " + " → ".join((*trail, child)),
                                            "remove one of these snippet references", f"snippet '{start}'"))
                    stack.clear()
                    break
                if child not in seen:
                    seen.add(child)
                    stack.append((child, (*trail, child)))
    return problems


# -- the model ------------------------------------------------------------------------------

def build_model(sources: Sources) -> HelpCentre:
    """Build the content model from checked sources."""
    faq, snippet_data, support_data = sources.faq.data, sources.snippets.data, sources.support.data
    snippets = {name: Snippet(name, s.get("text", ""), tuple(s.get("steps", ()))) for name, s in snippet_data.items()}

    def steps(raw: list | None) -> tuple[str, ...]:
        out: list[str] = []
        for step in raw or ():
            out.extend(snippets[step["snippet"]].steps if isinstance(step, dict) else (step,))
        return tuple(out)

    def body(raw: dict) -> Body:
        return Body(
            answer=raw.get("answer", ""), steps=steps(raw.get("steps")), after=raw.get("after", ""),
            alternatives=tuple(Alternative(a["label"], a.get("answer", ""), steps(a.get("steps")))
                               for a in raw.get("alternatives", ())))

    categories = tuple(Category(c["id"], c["title"], c.get("summary", "")) for c in faq["categories"])
    entries = tuple(
        Entry(e["id"], e["category"], e["question"], body(e), tuple(e["keywords"]),
              tuple(e.get("related", ())), e["reviewed"]) for e in faq["entries"])
    guides = tuple(
        Guide(g["id"], g["category"], g["title"], g["summary"],
              tuple(Section(s["id"], s["title"], body(s)) for s in g["sections"]),
              tuple(g["keywords"]), tuple(g.get("related", ())), g["reviewed"])
        for g in faq.get("guides", ()))
    hours = support_data["hours"]
    support = SupportContact(
        phone=support_data["phone"], country_code=support_data["country_code"],
        menu=tuple(MenuChoice(m["key"], m["choice"]) for m in support_data["menu"]),
        email=support_data["email"],
        hours=OpeningHours(tuple(hours["days"]), hours["opens"], hours["closes"], hours["timezone"]),
        closed_dates=tuple(support_data["closed_dates"]))

    targets: dict[str, Target] = {}
    for category in categories:
        targets[category.id] = Target(category.id, category_page(category.id), category.title, category.id, "category")
    for entry in entries:
        targets[entry.id] = Target(entry.id, category_page(entry.category), entry.question, entry.category, "entry")
    for guide in guides:
        page = guide_page(guide.category, guide.id)
        targets[guide.id] = Target(guide.id, page, guide.title, guide.category, "guide")
        for section in guide.sections:
            targets[section.id] = Target(section.id, page, f"{guide.title}: {section.title}", guide.category,
                                         "section")
    return HelpCentre(categories, entries, guides, snippets, support, targets)
