"""Load the help centre's content files, check them, and build the content model.

`load_help_centre(root)` is the one entry point: it reads faq.yml, snippets.yml and
support.yml, reports every problem at once as a ContentError, and otherwise returns a
HelpCentre. It imports nothing from MkDocs.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .docsfiles import docs_file_problems
from .links import LOCK_FILE, Lock, lock_problems, read_lock
from .loader import Document, load_yaml
from .model import (Alternative, Body, Category, Entry, Guide, HelpCentre, MenuChoice,
                    OpeningHours, Retired, Screen, Section, Snippet, SupportContact, Target)
from .problems import ContentError, Problem
from .rules import MarkdownPage, declared_ids, rule_problems
from .schema import describe, schema_problems
from .site import category_page, guide_page

FAQ_FILE = "faq.yml"
SNIPPETS_FILE = "snippets.yml"
SUPPORT_FILE = "support.yml"
SYNONYMS_FILE = "search-synonyms.yml"
OWNERS_FILE = "owners.yml"
SCREENS_FILE = "portal-screens.yml"
SCREEN_LOCK_PREFIX = "screen:"  # screen ids in links.lock, apart from answer ids
DOCS_DIR = "docs"


@dataclass
class Sources:
    """The content files of one build, as read from disk."""

    faq: Document
    snippets: Document
    support: Document
    pages: list[MarkdownPage] = field(default_factory=list)
    page_problems: list[Problem] = field(default_factory=list)
    lock: Lock = field(default_factory=Lock)
    synonyms: Document | None = None  # search-synonyms.yml, where the project has one
    owners: Document | None = None  # owners.yml, where the project has one
    screens: Document | None = None  # portal-screens.yml, where the project has one
    root: Path | None = None  # the folder they were read from (mkdocs.yml names the Markdown extensions)


def read_sources(root: Path, *, with_lines: bool = True) -> Sources:
    """Read the content files under `root`; nothing is checked yet."""
    sources = Sources(load_yaml(root / FAQ_FILE, with_lines=with_lines),
                      load_yaml(root / SNIPPETS_FILE, with_lines=with_lines),
                      load_yaml(root / SUPPORT_FILE, with_lines=with_lines),
                      lock=read_lock(root / LOCK_FILE), root=root)
    if (root / SYNONYMS_FILE).exists():
        sources.synonyms = load_yaml(root / SYNONYMS_FILE, with_lines=with_lines)
    if (root / OWNERS_FILE).exists():
        sources.owners = load_yaml(root / OWNERS_FILE, with_lines=with_lines)
    if (root / SCREENS_FILE).exists():
        sources.screens = load_yaml(root / SCREENS_FILE, with_lines=with_lines)
    sources.page_problems.extend(docs_file_problems(root, DOCS_DIR))
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
        # A page saved on Windows (CRLF) reads the same to Markdown; to the checks and the change report too.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        sources.pages.append(MarkdownPage(name, path.relative_to(docs).as_posix(), text))
    return sources


def load_help_centre(root: Path, *, allow_unlocked: bool = False) -> HelpCentre:
    """Read, check and build the content under `root`; raise ContentError on any problem.

    With `allow_unlocked` (for previews), new ids not yet in links.lock do not stop the
    build; they come back as the model's notices.
    """
    sources, problems = read_and_check(root)
    blocking = [p for p in problems if not (allow_unlocked and p.kind == "unlocked")]
    if blocking:
        raise ContentError(blocking)
    return build_model(sources, notices=tuple(problems))


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
    problems: list[Problem] = list(sources.page_problems) + list(sources.lock.problems)
    schemas = ((sources.faq, "faq.schema.json"), (sources.snippets, "snippets.schema.json"),
               (sources.support, "support.schema.json"))
    if sources.synonyms is not None:
        schemas += ((sources.synonyms, "synonyms.schema.json"),)
    if sources.owners is not None:
        schemas += ((sources.owners, "owners.schema.json"),)
    if sources.screens is not None:
        schemas += ((sources.screens, "screens.schema.json"),)
    unreadable = set()  # files whose shape is wrong: their ids cannot be compared with the lock
    for doc, schema in schemas:
        problems.extend(doc.problems)
        # A file read whole (perhaps with a quoted text mended) is judged in full in the same
        # round; one read only by leaving lines out is not: its other findings would be guesses.
        found = [] if doc.guessed else schema_problems(doc, schema)
        if doc is sources.faq and found:
            found = _questions_among_guides(doc, found)
        said = {problem.line for problem in doc.problems}  # the reader named these lines already
        found = [problem for problem in found if problem.line not in said]
        # Too many answers on a screen leaves its shape whole: its ids are still checked in this round.
        if [p for p in found if " items; at most " not in p.message] or doc.problems:
            unreadable.add(doc.file)
        problems.extend(found)
    # Every file that could be read is checked in this round, whatever is wrong with the others.
    usable = {doc.file for doc, _ in schemas if isinstance(doc.data, dict) and not doc.guessed}
    faq, snippets, support = (doc if doc.file in usable else Document(doc.file, data={}, guessed=True)
                              for doc in (sources.faq, sources.snippets, sources.support))
    problems.extend(rule_problems(faq, snippets, support, sources.pages))
    if sources.owners is not None and {faq.file, sources.owners.file} <= usable:
        problems.extend(_owner_problems(faq, sources.owners))
    screens_readable = sources.screens is None or (sources.screens.file in usable
                                                   and sources.screens.file not in unreadable)
    if faq.file in usable and sources.screens is not None and screens_readable:
        problems.extend(_screen_problems(faq, sources.screens))
    if {faq.file, snippets.file, support.file} <= usable:
        problems.extend(_sanitizer_problems(sources))
        problems.extend(_pages_outside_the_navigation(sources))
        problems.extend(_plain_text_problems(sources))
    if faq.file in usable and screens_readable:
        # Compared with the lock together with everything else, so one round shows all.
        published = {ident: functools.partial(_declared_at, faq, path)
                     for path, ident in declared_ids(faq.data)}
        if sources.screens is not None:
            for index, screen in enumerate(sources.screens.data["screens"]):
                published[SCREEN_LOCK_PREFIX + screen["id"]] = functools.partial(
                    _screen_at, sources.screens, ("screens", index, "id"))
        retired_line = faq.line(("retired",)) if "retired" in faq.data else None
        found = lock_problems(sources.lock, published, retired_line=retired_line, references=problems)
        if faq.file in unreadable:  # an id may only look gone because its field is misspelt
            found = [p for p in found if p.kind == "unlocked"]
        problems.extend(found)
    # 'category: Logging in' is one mistake: the 'did you mean' names the fix, 'not a valid id' only repeats it.
    no_category = {(p.file, p.line) for p in problems if p.message.startswith("there is no category '")}
    problems = [p for p in problems if not ((p.file, p.line) in no_category and p.message.endswith("is not a valid id"))]
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


def _questions_among_guides(faq: Document, found: list[Problem]) -> list[Problem]:
    """An entry pasted at the end of faq.yml lands under 'guides:'. Say so once, instead of
    asking for the fields a guide needs (following that would turn a question into a guide)."""
    guides = faq.data.get("guides") if isinstance(faq.data, dict) else None
    for index, item in enumerate(guides if isinstance(guides, list) else ()):
        if not (isinstance(item, dict) and ("question" in item or "answer" in item) and "sections" not in item):
            continue
        where = describe(("guides", index), faq.data)
        found = [p for p in found if not (p.where == where or p.where.startswith(where + ","))]
        following = faq.lines.get(("guides", index + 1))
        span = f"lines {faq.line(('guides', index))} to {following - 1}" if following else \
            f"the lines from {faq.line(('guides', index))} on"
        found.append(Problem(
            faq.file, faq.line(("guides", index)),
            f"this looks like a question (it has 'question:' and 'answer:'), but it is under 'guides:' "
            f"(line {faq.line(('guides',))}), where only guides go",
            f"move it to the questions: cut {span} and paste them just above the line 'guides:', after the "
            "last entry under 'entries:', keeping their indentation", where))
    return found


def _sanitizer_problems(sources: Sources) -> list[Problem]:
    """What the build's sanitizer would remove from the rendered content, with file:line."""
    from .rendercheck import rendered_problems, site_markdown

    from .render import Renderer

    try:
        help_centre = build_model(sources)
        Renderer(help_centre)  # fills in the support contact: fails on a support.yml with problems
    except Exception:  # noqa: BLE001 - content the rules already refused; it is rendered once fixed
        return []
    to_html = site_markdown(sources.root or Path.cwd())
    return rendered_problems(help_centre, sources.faq, sources.snippets, sources.pages, to_html)


_MARKUP_IN_TEXT = re.compile(r"[<>]|&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)


def _plain_text_problems(sources: Sources) -> list[Problem]:
    """The phone menu's words (support.yml) and the portal's screen titles
    (portal-screens.yml) are plain text: they reach answers, every page's support box and
    the JSON API the portal reads, so they may hold no HTML."""
    fields: list[tuple[Document, tuple, object]] = []
    menu = sources.support.data.get("menu") if isinstance(sources.support.data, dict) else None
    for index, choice in enumerate(menu if isinstance(menu, list) else []):
        if isinstance(choice, dict):
            fields.append((sources.support, ("menu", index, "choice"), choice.get("choice")))
    screens = sources.screens.data.get("screens") if sources.screens and isinstance(sources.screens.data, dict) else None
    for index, screen in enumerate(screens if isinstance(screens, list) else []):
        if isinstance(screen, dict):
            fields.append((sources.screens, ("screens", index, "title"), screen.get("title")))
    problems = []
    for doc, path, value in fields:
        found = _MARKUP_IN_TEXT.search(value) if isinstance(value, str) else None
        if found:
            problems.append(Problem(doc.file, doc.line(path), f"'{path[-1]}' is plain text, but holds HTML: "
                                    f"'{found.group(0)}'", "remove the tag or code and keep only the words; "
                                    "this text is shown exactly as written"))
    return problems


def _pages_outside_the_navigation(sources: Sources) -> list[Problem]:
    """Hand-written pages other than the home page are in no menu; the strict build stops
    at each one, so the check says so first, at the page."""
    from .rendercheck import omitted_pages_stop_the_build

    others = [page for page in sources.pages if page.src_uri != "index.md"]
    if not others or not omitted_pages_stop_the_build(sources.root or Path.cwd()):
        return []
    return [Problem(page.file, 1, "the page is not in the site's navigation, so the build stops at it",
                    "put its text into an answer in faq.yml (a new entry), or ask a developer to add "
                    "the page to the navigation") for page in others]


def _owner_problems(faq: Document, owners: Document) -> list[Problem]:
    """Every `owner:` in faq.yml must be listed in owners.yml, so someone reviews its answers."""
    problems = []
    for key in ("entries", "guides"):
        for index, item in enumerate(faq.data.get(key) or ()):
            owner = item.get("owner") if isinstance(item, dict) else None
            if isinstance(owner, str) and owner not in owners.data:
                listed = ", ".join(f"'{name}'" for name in owners.data)
                problems.append(Problem(faq.file, faq.line((key, index, "owner")),
                                        f"the owner '{owner}' is not in {OWNERS_FILE}",
                                        f"use one of {listed}, or add '{owner}' to {OWNERS_FILE} with the "
                                        "GitHub team or people who review its answers",
                                        describe((key, index, "owner"), faq.data)))
    return problems


def _screen_problems(faq: Document, screens: Document) -> list[Problem]:
    """Screen ids are unique; each screen's answers exist in faq.yml."""
    answers = {ident for path, ident in declared_ids(faq.data) if path[0] in ("entries", "guides")}
    # A retired id leads links to another answer, but a panel has no answer of its own to show for it.
    retired = {item["id"]: item.get("target") for item in faq.data.get("retired") or () if isinstance(item, dict)}
    problems, seen = [], {}
    for index, screen in enumerate(screens.data["screens"]):
        where = f"screen '{screen['id']}'"
        if screen["id"] in seen:
            problems.append(Problem(screens.file, screens.line(("screens", index, "id")),
                                    f"the screen id '{screen['id']}' is already used on line {seen[screen['id']]}",
                                    "give each screen its own id", where))
        seen.setdefault(screen["id"], screens.line(("screens", index, "id")))
        for position, ident in enumerate(screen["answers"]):
            if ident in retired and ident not in answers:
                target = retired[ident]
                problems.append(Problem(
                    screens.file, screens.line(("screens", index, "answers", position)),
                    f"the answer '{ident}' was retired (faq.yml's 'retired:' list), so the portal's help panel "
                    "has nothing to show for it here",
                    f"in this line, replace '{ident}' with '{target}' (the answer it now leads to), or take "
                    f"'{ident}' and its comma out of the list", where + ", field 'answers'"))
            elif ident not in answers:
                guess = difflib.get_close_matches(ident, sorted(answers), n=1)
                problems.append(Problem(screens.file, screens.line(("screens", index, "answers", position)),
                                        f"there is no answer with the id '{ident}'",
                                        (f"did you mean '{guess[0]}'?" if guess else
                                         "use the id of an entry, a guide or a guide section in faq.yml"),
                                        where + ", field 'answers'"))
    return problems


def _screen_at(screens: Document, path: tuple) -> tuple[str, int | None, str]:
    return screens.file, screens.line(path), f"screen '{screens.data['screens'][path[1]]['id']}'"


def _declared_at(faq: Document, path: tuple) -> tuple[str, int | None, str]:
    return faq.file, faq.line(path), describe(path, faq.data)


# -- the model ------------------------------------------------------------------------------

def build_model(sources: Sources, *, notices: tuple[Problem, ...] = ()) -> HelpCentre:
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
        Entry(e["id"], tuple(e.get("aliases", ())), e["category"], e["question"], body(e),
              tuple(e["keywords"]), tuple(e.get("related", ())), e["reviewed"], e["owner"])
        for e in faq["entries"])
    guides = tuple(
        Guide(g["id"], tuple(g.get("aliases", ())), g["category"], g["title"], g["summary"],
              tuple(Section(s["id"], tuple(s.get("aliases", ())), s["title"], body(s), tuple(s.get("keywords", ())))
                    for s in g["sections"]),
              tuple(g["keywords"]), tuple(g.get("related", ())), g["reviewed"], g["owner"])
        for g in faq.get("guides", ()))
    retired = tuple(Retired(r["id"], r["target"], r.get("reason", "")) for r in faq.get("retired", ()))
    hours = support_data["hours"]
    support = SupportContact(
        phone=support_data["phone"], country_code=support_data["country_code"],
        menu=tuple(MenuChoice(m["key"], m["choice"]) for m in support_data["menu"]),
        email=support_data["email"],
        hours=OpeningHours(tuple(hours["days"]), hours["opens"], hours["closes"], hours["timezone"]),
        closed_dates=tuple(support_data["closed_dates"]))

    targets: dict[str, Target] = {}

    def publish(target: Target, aliases: tuple[str, ...]) -> None:
        targets[target.id] = target
        for alias in aliases:
            targets[alias] = Target(alias, target.page, target.title, target.category, "alias", target.id)

    for category in categories:
        publish(Target(category.id, category_page(category.id), category.title, category.id, "category"), ())
    for entry in entries:
        publish(Target(entry.id, category_page(entry.category), entry.question, entry.category, "entry"),
                entry.aliases)
    for guide in guides:
        page = guide_page(guide.category, guide.id)
        publish(Target(guide.id, page, guide.title, guide.category, "guide"), guide.aliases)
        for section in guide.sections:
            publish(Target(section.id, page, f"{guide.title}: {section.title}", guide.category, "section"),
                    section.aliases)
    for item in retired:
        live = targets[item.target]
        targets[item.id] = Target(item.id, live.page, live.title, live.category, "retired", live.anchor)
    concepts = {name: tuple(words) for name, words in (sources.synonyms.data if sources.synonyms else {}).items()}
    owners = {name: tuple(people) for name, people in (sources.owners.data if sources.owners else {}).items()}
    screens = tuple(Screen(s["id"], s["title"], tuple(s["answers"]))
                    for s in (sources.screens.data["screens"] if sources.screens else ()))
    return HelpCentre(categories, entries, guides, snippets, support, targets, retired, notices, concepts, owners,
                      screens)
