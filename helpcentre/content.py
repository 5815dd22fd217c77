"""Load the help centre's content files, check them, and build the content model.

`load_help_centre(root)` is the one entry point: it reads faq.yml, snippets.yml and
support.yml, reports every problem at once as a ContentError, and otherwise returns a
HelpCentre. It imports nothing from MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .loader import Document, load_yaml
from .model import (Alternative, Body, Category, Entry, Guide, HelpCentre, MenuChoice,
                    OpeningHours, Section, Snippet, SupportContact, Target)
from .problems import ContentError, Problem
from .rules import MarkdownPage, rule_problems
from .schema import schema_problems
from .site import category_page, guide_page

FAQ_FILE = "faq.yml"
SNIPPETS_FILE = "snippets.yml"
SUPPORT_FILE = "support.yml"
DOCS_DIR = "docs"


@dataclass
class Sources:
    """The content files of one build, as read from disk."""

    faq: Document
    snippets: Document
    support: Document
    pages: list[MarkdownPage] = field(default_factory=list)
    page_problems: list[Problem] = field(default_factory=list)


def read_sources(root: Path, *, with_lines: bool = True) -> Sources:
    """Read the content files under `root`; nothing is checked yet."""
    sources = Sources(load_yaml(root / FAQ_FILE, with_lines=with_lines),
                      load_yaml(root / SNIPPETS_FILE, with_lines=with_lines),
                      load_yaml(root / SUPPORT_FILE, with_lines=with_lines))
    docs = root / DOCS_DIR
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
        name = path.relative_to(root).as_posix()
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            sources.page_problems.append(Problem(name, line, "contains characters that are not UTF-8 text",
                                                 "save the file as UTF-8"))
            continue
        sources.pages.append(MarkdownPage(name, path.relative_to(docs).as_posix(), text))
    return sources


def load_help_centre(root: Path) -> HelpCentre:
    """Read, check and build the content under `root`; raise ContentError on any problem."""
    sources, problems = read_and_check(root)
    if problems:
        raise ContentError(problems)
    return build_model(sources)


def read_and_check(root: Path) -> tuple[Sources, list[Problem]]:
    """Read and check the content; problems come with the line of every value."""
    sources = read_sources(root, with_lines=False)
    problems = check(sources)
    if problems:  # lines are only needed to report problems: read again, keeping them
        sources = read_sources(root)
        problems = check(sources)
    return sources, problems


def check(sources: Sources) -> list[Problem]:
    """Every problem in the content, sorted by file and line."""
    problems: list[Problem] = list(sources.page_problems)
    schemas = ((sources.faq, "faq.schema.json"), (sources.snippets, "snippets.schema.json"),
               (sources.support, "support.schema.json"))
    for doc, schema in schemas:
        problems.extend(doc.problems)
        if not doc.problems:
            problems.extend(schema_problems(doc, schema))
    if all(isinstance(doc.data, dict) for doc, _ in schemas):
        problems.extend(rule_problems(sources.faq, sources.snippets, sources.support, sources.pages))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


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
