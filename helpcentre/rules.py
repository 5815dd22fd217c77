"""Rules beyond the schema: ids, references, snippets, safe markup, the support contact.

Every rule reports all its problems; none stops at the first. Each problem names the file
and line, the entry and field, what is wrong and how to fix it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .loader import Document
from .markup import anchors, html_findings, link_findings
from .problems import Problem
from .render import BUILTIN_SNIPPETS, ID_LINK, SNIPPET_REF
from .schema import describe

RESERVED_ID_PREFIXES = ("hc-",)  # ids the theme itself uses
_DANGEROUS_TAGS = ("script", "iframe", "style", "object", "embed", "frame", "frameset", "base",
                   "meta", "link")


@dataclass(frozen=True)
class MarkdownPage:
    """A hand-written page under docs/."""

    file: str  # as shown to editors, e.g. "docs/index.md"
    src_uri: str  # path inside docs/, e.g. "index.md"
    text: str


@dataclass
class _Context:
    faq: Document
    snippets: Document
    support: Document
    pages: list[MarkdownPage]
    problems: list[Problem]
    ids: dict[str, str]  # id -> "file:line" where it was first declared

    def add(self, doc: Document, path: tuple, message: str, fix: str, line: int | None = None) -> None:
        if doc is self.faq:
            where = describe(path, doc.data)
        elif doc is self.snippets and path:
            where = f"snippet '{path[0]}'"
        else:
            where = ""
        self.problems.append(Problem(doc.file, line or doc.line(path), message, fix, where))


def rule_problems(faq: Document, snippets: Document, support: Document,
                  pages: list[MarkdownPage]) -> list[Problem]:
    """Every rule-breaking place in the content; the documents have passed their schemas."""
    context = _Context(faq, snippets, support, pages, [], {})
    _check_ids(context)
    _check_references(context)
    _check_snippet_definitions(context)
    for doc, path, text in _texts(context):
        _check_text(context, doc, path, text)
    for page in pages:
        _check_page(context, page)
    return context.problems


# -- walking the content ------------------------------------------------------------------

def _items(data: Any, key: str) -> list[tuple[int, dict]]:
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _bodies(faq: dict) -> Iterator[tuple[tuple, dict]]:
    """Every entry, guide section and alternative: the things that hold answer text."""
    def with_alternatives(item: dict, path: tuple) -> Iterator[tuple[tuple, dict]]:
        yield path, item
        for index, alternative in _items(item, "alternatives"):
            yield (*path, "alternatives", index), alternative

    for key in ("entries", "guides"):
        for index, item in _items(faq, key):
            yield from with_alternatives(item, (key, index))
            for s_index, section in _items(item, "sections"):
                yield from with_alternatives(section, (key, index, "sections", s_index))


def _texts(context: _Context) -> Iterator[tuple[Document, tuple, str]]:
    """Every Markdown text in faq.yml and snippets.yml with its document and path."""
    for path, body in _bodies(context.faq.data):
        for field in ("answer", "after"):
            if isinstance(body.get(field), str):
                yield context.faq, (*path, field), body[field]
        steps = body.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, str):
                yield context.faq, (*path, "steps", index), step
    for name, snippet in context.snippets.data.items():
        if not isinstance(snippet, dict):
            continue
        if isinstance(snippet.get("text"), str):
            yield context.snippets, (name, "text"), snippet["text"]
        steps = snippet.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, str):
                yield context.snippets, (name, "steps", index), step


def _suggest(name: str, known: list[str], what: str) -> str:
    guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"did you mean '{guess[0]}'?" if guess else f"use the id of an existing {what}"


# -- the rules ------------------------------------------------------------------------------

def _check_ids(context: _Context) -> None:
    """Ids are unique across faq.yml and every heading anchor in docs/, and not reserved."""
    faq = context.faq
    declared: list[tuple[str, str, bool, Callable[[str, str], None]]] = []  # id, place, from faq.yml
    for key in ("categories", "entries", "guides"):
        for index, item in _items(faq.data, key):
            paths = [(key, index, "id")]
            paths += [(key, index, "sections", s, "id") for s, _ in _items(item, "sections")]
            for path in paths:
                ident = _get(faq.data, path)
                if isinstance(ident, str):
                    declared.append((ident, f"{faq.file}:{faq.line(path)}", True,
                                     lambda message, fix, path=path: context.add(faq, path, message, fix)))
    for page in context.pages:
        for offset, ident in anchors(page.text):
            line = page.text.count("\n", 0, offset) + 1
            declared.append((ident, f"{page.file}:{line}", False,
                             lambda message, fix, page=page, line=line: context.problems.append(
                                 Problem(page.file, line, message, fix))))
    for ident, place, in_faq, report in declared:
        if in_faq and ident.startswith(RESERVED_ID_PREFIXES):
            report(f"the id '{ident}' starts with 'hc-', which the site's own layout uses",
                   "choose an id that does not start with 'hc-'")
        if ident in context.ids:
            report(f"the id '{ident}' is already used at {context.ids[ident]}",
                   "choose a different id; every id must be unique")
        else:
            context.ids[ident] = place


def _check_references(context: _Context) -> None:
    """Categories, related ids and step snippets point at things that exist."""
    faq = context.faq
    known = list(context.ids)
    categories = [item["id"] for _, item in _items(faq.data, "categories") if isinstance(item.get("id"), str)]
    step_snippets = sorted(n for n, s in context.snippets.data.items() if isinstance(s, dict) and "steps" in s)
    for key in ("entries", "guides"):
        for index, item in _items(faq.data, key):
            category = item.get("category")
            if isinstance(category, str) and category not in categories:
                context.add(faq, (key, index, "category"), f"there is no category '{category}'",
                            _suggest(category, categories, "category")
                            + " (the categories are listed at the top of faq.yml)")
            related = item.get("related")
            for r_index, rid in enumerate(related if isinstance(related, list) else []):
                if not isinstance(rid, str):
                    continue
                if rid not in context.ids:
                    context.add(faq, (key, index, "related", r_index),
                                f"there is no entry or guide with the id '{rid}'",
                                _suggest(rid, known, "entry or guide"))
                elif rid == item.get("id"):
                    context.add(faq, (key, index, "related", r_index), "lists the entry itself",
                                "remove it from 'related'")
    for path, body in _bodies(faq.data):
        steps = body.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            name = step.get("snippet") if isinstance(step, dict) else None
            if isinstance(name, str) and name not in step_snippets:
                context.add(faq, (*path, "steps", index), f"there is no snippet with steps called '{name}'",
                            _suggest(name, step_snippets, "snippet with steps") + " (see snippets.yml)")


def _check_snippet_definitions(context: _Context) -> None:
    """Snippet names do not hide built-in ones, and no snippet uses itself."""
    data = context.snippets.data
    for name in data:
        if name in BUILTIN_SNIPPETS:
            context.add(context.snippets, (name,), f"'{name}' is a built-in snippet made from support.yml",
                        "choose another name; change the contact details in support.yml instead")
    uses = {name: {m.group(1) for m in SNIPPET_REF.finditer(s["text"])}
            for name, s in data.items() if isinstance(s, dict) and isinstance(s.get("text"), str)}
    for start in uses:
        trail = _cycle_from(start, uses)
        if trail:
            context.add(context.snippets, (start,), "uses itself: " + " → ".join(trail),
                        "remove one of these snippet references")


def _cycle_from(start: str, uses: dict[str, set[str]]) -> tuple[str, ...] | None:
    stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
    seen: set[str] = set()
    while stack:
        name, trail = stack.pop()
        for child in sorted(uses.get(name, ())):
            if child == start:
                return (*trail, child)
            if child not in seen:
                seen.add(child)
                stack.append((child, (*trail, child)))
    return None


def _check_text(context: _Context, doc: Document, path: tuple, text: str) -> None:
    """Snippets and id links exist; HTML and links are safe; no typed support contact."""
    snippet_names = [*BUILTIN_SNIPPETS, *context.snippets.data]
    known = list(context.ids)

    def add(offset: int, message: str, fix: str) -> None:
        context.add(doc, path, message, fix, line=doc.text_line(path, text, offset))

    for match in SNIPPET_REF.finditer(text):
        if match.group(1) not in snippet_names:
            add(match.start(), f"there is no snippet called '{match.group(1)}'",
                _suggest(match.group(1), snippet_names, "snippet") + " (the snippets are in snippets.yml)")
    for match in ID_LINK.finditer(text):
        if match.group(1) not in context.ids:
            add(match.start(), f"the link '(id:{match.group(1)})' points to an id that does not exist",
                _suggest(match.group(1), known, "entry, guide or section"))
    for offset, message, fix in html_findings(text) + link_findings(text):
        add(offset, message, fix)
    for offset, message, fix in _typed_contact(text, context.support.data):
        add(offset, message, fix)


def _typed_contact(text: str, support: Any) -> list[tuple[int, str, str]]:
    """The support phone number and email must come from snippets, never be typed."""
    findings = []
    phone = str(support.get("phone", "")) if isinstance(support, dict) else ""
    if phone.isdigit():
        match = re.search(r"[\s.-]?".join(phone), text)
        if match:
            findings.append((match.start(), "the support phone number is typed into the text",
                             "write {{ phone }} (or {{ it-support }}) instead, so a new number "
                             "reaches every page"))
    email = str(support.get("email", "")) if isinstance(support, dict) else ""
    if email and email.lower() in text.lower():
        findings.append((text.lower().index(email.lower()), "the support email address is typed into the text",
                         "write {{ email }} instead, so a new address reaches every page"))
    return findings


def _check_page(context: _Context, page: MarkdownPage) -> None:
    """Hand-written pages: snippets and id links exist, nothing runs a script."""
    snippet_names = [*BUILTIN_SNIPPETS, *context.snippets.data]

    def add(offset: int, message: str, fix: str) -> None:
        context.problems.append(Problem(page.file, page.text.count("\n", 0, offset) + 1, message, fix))

    for match in SNIPPET_REF.finditer(page.text):
        if match.group(1) not in snippet_names:
            add(match.start(), f"there is no snippet called '{match.group(1)}'",
                _suggest(match.group(1), snippet_names, "snippet"))
    for match in ID_LINK.finditer(page.text):
        if match.group(1) not in context.ids:
            add(match.start(), f"the link '(id:{match.group(1)})' points to an id that does not exist",
                _suggest(match.group(1), list(context.ids), "entry, guide or section"))
    for offset, message, fix in html_findings(page.text):
        dangerous = any(f"<{tag}>" in message for tag in _DANGEROUS_TAGS) or "runs a script" in message
        if dangerous or "link uses" in message:
            add(offset, message, fix)
    for offset, message, fix in link_findings(page.text) + _typed_contact(page.text, context.support.data):
        add(offset, message, fix)


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data

