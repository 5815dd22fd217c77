"""What customers will see change between two versions of the content, as Markdown.

Both versions are rendered with the same code (this checkout's), and what is published is
compared, not the YAML:

- each answer's HTML as blocks (paragraphs, list items, headings, tab labels) with the
  targets of its links, so a `|` block turned into `>` (four paragraphs run into one), a
  link pointed elsewhere or two swapped sections are all seen;
- the order of answers on each page and of sections in each guide;
- the hand-written pages under docs/;
- each portal screen's answers;
- what makes an answer findable: its keywords, and search-synonyms.yml;
- the short-link map (links.json): ids added, aliased, retired or gone.

An answer whose own fields changed is "changed by this pull request"; one whose fields are
as they were but whose rendered output changed anyway is "changed through shared text",
and the snippets or support.yml fields it uses that changed are named. A snippet's reach is
therefore exactly the answers that now read differently.

Everything quoted from content is escaped for GitHub: no images, HTML, comments or
mentions that ping.

`report_between(repo, base, head)` reads each git ref with `git archive` (the working tree
is never touched), after checking that the ref names a commit.
"""
from __future__ import annotations

import difflib
import html
import io
import re
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

from .model import HelpCentre
from .problems import ContentError, Problem
from .render import BUILTIN_SNIPPETS, SNIPPET_REF, Renderer
from .site import category_page, guide_page, page_url

CONTENT_FILES = ("faq.yml", "snippets.yml", "support.yml", "links.lock", "search-synonyms.yml", "owners.yml",
                 "portal-screens.yml", "mkdocs.yml")
NOTHING = "Nothing that customers read changes."
# Which snippet names stand for which support.yml fields.
_SUPPORT_FIELDS = {"phone": ("phone", "country_code"), "phone-menu": ("menu",), "hours": ("hours", "closed_dates"),
                   "email": ("email",)}
# The whole contact ({{ support-contact }}) shows every one of them.
_CONTACT_PARTS = ("phone", "phone-menu", "hours", "email")


class RefError(Exception):
    """A git ref that does not name a commit in the repository."""


# -- reading a version ------------------------------------------------------------------------

def resolve_ref(repo: Path, ref: str) -> str:
    """The commit `ref` names, or RefError in plain words. A ref is never read as an option."""
    result = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "--end-of-options",
                             f"{ref}^{{commit}}"], capture_output=True, text=True)
    if result.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", result.stdout.strip()):
        raise RefError(f"'{ref}' is not a branch, tag or commit in {repo}: check the name "
                       "(for a pull request's base, fetch it first: git fetch origin main)")
    return result.stdout.strip()


def content_at(ref: str, repo: Path, target: Path) -> Path:
    """Extract the content files of git `ref` into `target` (the working tree is not touched)."""
    commit = resolve_ref(repo, ref)
    listed = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", commit],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    wanted = [name for name in listed if name in CONTENT_FILES or name.startswith("docs/")]
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit, "--", *wanted],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


@dataclass
class Version:
    """One version of the content: the model (None when it cannot be built), the raw
    faq.yml data, the hand-written pages, and the problems that stop a build."""

    help_centre: HelpCentre | None
    faq: dict = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # docs/ page (e.g. "index.md") → Markdown
    problems: list[Problem] = field(default_factory=list)


def load_version(root: Path) -> Version:
    """Read the content under `root`; problems are kept, not raised."""
    from .content import build_model, read_and_check

    sources, problems = read_and_check(root)
    blocking = [p for p in problems if p.kind != "unlocked"]
    pages = {page.src_uri: page.text for page in sources.pages}
    faq = sources.faq.data if isinstance(sources.faq.data, dict) else {}
    model = None
    if not blocking:
        model = build_model(sources, notices=tuple(problems))
    return Version(model, faq, pages, problems)


# -- what customers see, as blocks ------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One block of rendered text: a paragraph, list item, heading, table cell or tab label."""

    kind: str
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (link text, where it goes)
    look: tuple[str, ...] = ()  # how it stands out: the box it is in, its bold words


_BLOCK_KINDS = {"p": "paragraph", "li": "list item", "h1": "heading", "h2": "heading", "h3": "heading",
                "h4": "heading", "h5": "heading", "h6": "heading", "td": "table cell", "th": "table cell",
                "dt": "term", "dd": "definition", "pre": "code block", "label": "tab", "summary": "summary"}


class _Blocks(HTMLParser):
    """Splits HTML into blocks; text outside any block is a block of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._words: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._kinds: list[str] = []
        self._link: list[Any] | None = None
        self._boxes: list[tuple[str, str | None]] = []  # open div/details tags, with the box each draws
        self._bold: list[str] | None = None  # the words of the bold text being read
        self._bold_words: list[str] = []

    def _flush(self, kind: str) -> None:
        text = " ".join("".join(self._words).split())
        if text or self._links:
            boxes = [box for _, box in self._boxes if box]
            look = ((f"in a {boxes[-1]}",) if boxes else ()) + tuple(f"bold “{w}”" for w in self._bold_words)
            self.blocks.append(Block(kind, text, tuple(self._links), look))
        self._words, self._links, self._bold_words = [], [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("div", "details"):  # an admonition ('!!! note') or a collapsed one ('??? note')
            classes = (dict(attrs).get("class") or "").split()
            kind = next((c for c in classes if c not in ("admonition", "open")), None)
            box = None
            if tag == "details":
                box = f"“{kind or 'note'}” box{'' if 'open' in dict(attrs) else ' (collapsed: text hidden until clicked)'}"
            elif "admonition" in classes:
                box = f"“{kind or 'note'}” box"
            self._boxes.append((tag, box))
        elif tag in ("strong", "b") and self._bold is None:
            self._bold = []
        if tag in _BLOCK_KINDS:
            self._flush(self._kinds[-1] if self._kinds else "text")
            self._kinds.append(_BLOCK_KINDS[tag])
        elif tag == "a":
            self._link = [_target(dict(attrs).get("href") or ""), []]
        elif tag == "br":
            self._words.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("div", "details"):
            while self._boxes:
                if self._boxes.pop()[0] == tag:
                    break
        elif tag in ("strong", "b") and self._bold is not None:
            words = " ".join("".join(self._bold).split())
            if words:
                self._bold_words.append(words)
            self._bold = None
        if tag in _BLOCK_KINDS and self._kinds:
            self._flush(self._kinds.pop())
        elif tag == "a" and self._link is not None:
            self._links.append((" ".join("".join(self._link[1]).split()), self._link[0]))
            self._link = None

    def handle_data(self, data: str) -> None:
        self._words.append(data)
        if self._bold is not None:
            self._bold.append(data)
        if self._link is not None:
            self._link[1].append(data)

    def close(self) -> None:
        super().close()
        self._flush("text")


def _target(href: str) -> str:
    """Where a link goes, as an editor names it: the answer's id for a link inside the site."""
    if href.startswith(("http:", "https:", "mailto:", "tel:")) or "#" not in href:
        return href
    return "id:" + href.rsplit("#", 1)[1]


def blocks_of(html_text: str) -> tuple[Block, ...]:
    """The blocks of some rendered HTML, in order."""
    parser = _Blocks()
    parser.feed(html_text)
    parser.close()
    return tuple(parser.blocks)


def words_of(html_text: str) -> str:
    """The words customers read in some HTML, one space apart."""
    return " ".join(block.text for block in blocks_of(html_text) if block.text)


@dataclass(frozen=True)
class Item:
    """One thing customers see, by id: a category, an answer, a guide or a guide section."""

    id: str
    kind: str  # "category", "answer", "guide", "section"
    title: str
    page: str  # the page's path in the site, e.g. "documents/upload-file/"
    blocks: tuple[Block, ...] = ()
    owner: str = ""
    reviewed: str = ""
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ()  # a category's answers and guides, a guide's sections, in page order
    own: str = ""  # its own fields as written (what only this item's editor changes), reviewed left out
    uses: frozenset[str] = frozenset()  # snippets it uses, directly or through other snippets
    page_owner: str = ""  # a section's guide (whose `reviewed:` it shares); else its own id

    @property
    def text(self) -> str:
        """The words customers read, one space apart."""
        return " ".join(block.text for block in self.blocks if block.text)


def items(version: Version, to_html: Callable[[str], str], *, today: date) -> dict[str, Item]:
    """Everything customers see in `version`, by id."""
    help_centre = version.help_centre
    if help_centre is None:
        return {}
    renderer = Renderer(help_centre, link_base="/", today=today)
    uses = _snippet_uses(help_centre)
    raw = _raw_items(version.faq)

    def own(ident: str) -> str:
        return repr(raw.get(ident))

    def written(ident: str) -> str:
        return repr(raw.get(ident, ""))

    found: dict[str, Item] = {}
    for category in help_centre.categories:
        page = category_page(category.id)
        order = tuple(g.id for g in help_centre.guides_in(category.id)) + \
            tuple(e.id for e in help_centre.entries_in(category.id))
        summary = (Block("paragraph", " ".join(category.summary.split())),) if category.summary else ()
        found[category.id] = Item(category.id, "category", category.title, page_url(page), summary, order=order,
                                  own=own(category.id))
    for entry in help_centre.entries:
        page = category_page(entry.category)
        markdown = renderer.body(entry.body, page)
        found[entry.id] = Item(entry.id, "answer", entry.question, page_url(page), blocks_of(to_html(markdown)),
                               entry.owner, entry.reviewed, entry.keywords, entry.related, own=own(entry.id),
                               uses=uses(written(entry.id)))
    for guide in help_centre.guides:
        page = guide_page(guide.category, guide.id)
        summary = (Block("paragraph", " ".join(guide.summary.split())),) if guide.summary else ()
        found[guide.id] = Item(guide.id, "guide", guide.title, page_url(page), summary, guide.owner,
                               guide.reviewed, guide.keywords, guide.related,
                               tuple(s.id for s in guide.sections), own(guide.id))
        for section in guide.sections:
            markdown = renderer.body(section.body, page)
            found[section.id] = Item(section.id, "section", f"{guide.title}: {section.title}", page_url(page),
                                     blocks_of(to_html(markdown)), guide.owner, guide.reviewed, section.keywords,
                                     own=own(section.id), uses=uses(written(section.id)),
                                     page_owner=guide.id)
    return found


def _raw_items(faq: dict) -> dict[str, dict]:
    """Each item's own fields as written in faq.yml, by id; a guide without its sections."""
    found: dict[str, dict] = {}
    for key in ("categories", "entries", "guides"):
        for item in faq.get(key) or ():
            if not isinstance(item, dict):
                continue
            fields = {k: v for k, v in item.items() if k not in ("reviewed", "sections")}
            found[str(item.get("id"))] = fields
            for section in item.get("sections") or () if key == "guides" else ():
                if isinstance(section, dict):
                    found[str(section.get("id"))] = dict(section)
    return found


def _snippet_uses(help_centre: HelpCentre) -> Callable[[str], frozenset[str]]:
    """A function giving the snippets a text names, following snippets that use snippets."""
    direct = {name: set(_snippet_names(snippet.text + " ".join(snippet.steps)))
              for name, snippet in help_centre.snippets.items()}

    def uses(text: str) -> frozenset[str]:
        seen: set[str] = set()
        todo = _snippet_names(text) + re.findall(r"'snippet': '([^']+)'", text)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(direct.get(name, ()))
                if name == "support-contact":
                    todo.extend(_CONTACT_PARTS)
        return frozenset(seen)

    return uses


def _snippet_names(text: str) -> list[str]:
    return [match.group(1) for match in SNIPPET_REF.finditer(text)]


def page_blocks(version: Version, to_html: Callable[[str], str], *, today: date) -> dict[str, tuple[Block, ...]]:
    """Each hand-written page under docs/ as customers read it, by its path under docs/."""
    if version.help_centre is None:
        return {}
    renderer = Renderer(version.help_centre, link_base="/", today=today)
    rendered = {}
    for src, text in version.pages.items():
        front, body = _split_front_matter(text)
        blocks = tuple(Block("page " + key, value) for key, value in front)
        rendered[src] = blocks + blocks_of(to_html(renderer.expand(body, src)))
    return rendered


def _split_front_matter(text: str) -> tuple[list[tuple[str, str]], str]:
    """The title and description of a page's front matter, and the Markdown after it."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return [], text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    front = [(key, " ".join(str(meta[key]).split())) for key in ("title", "description")
             if isinstance(meta, dict) and meta.get(key)]
    return front, text[match.end():]


# -- comparing blocks ------------------------------------------------------------------------

_MAX_WORDS = 80  # quoted text is cut after this many words


def _quote(text: str) -> str:
    words = text.split()
    return _md(" ".join(words[:_MAX_WORDS]) + (" …" if len(words) > _MAX_WORDS else ""))


def word_diff(old: str, new: str) -> str:
    """The new text with removed words struck through and added words in bold."""
    before, after = old.split(), new.split()
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            same = after[b1:b2]
            parts.append(_md(" ".join(same)) if len(same) <= 12 else
                         _md(" ".join(same[:5])) + " … " + _md(" ".join(same[-5:])))
        if op in ("delete", "replace"):
            parts.append(f"~~{_md(' '.join(before[a1:a2]))}~~")
        if op in ("insert", "replace"):
            parts.append(f"**{_md(' '.join(after[b1:b2]))}**")
    return " ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _layout(blocks: tuple[Block, ...]) -> str:
    counts = Counter(block.kind for block in blocks if block.text)
    return ", ".join(_plural(n, kind) for kind, n in counts.items()) or "nothing"


def block_notes(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[str]:
    """What changed between two lists of blocks, in words: removed and added text, a new
    layout of the same words, a reorder, links that go elsewhere."""
    if old == new:
        return []
    notes: list[str] = []
    old_text = [b for b in old if b.text]
    new_text = [b for b in new if b.text]
    if Counter(old_text) == Counter(new_text) and old_text != new_text:
        notes.append(f"Reordered: the same {_plural(len(new_text), 'block')}, in a new order: "
                     + " → ".join(f"“{_quote(' '.join(b.text.split()[:6]))}”" for b in new_text))
    elif " ".join(b.text for b in old_text).split() == " ".join(b.text for b in new_text).split():
        if [b.text for b in old_text] != [b.text for b in new_text] or \
                [b.kind for b in old_text] != [b.kind for b in new_text]:
            notes.append(f"Same words, new layout: {_layout(old)} before, {_layout(new)} now.")
    else:
        matcher = difflib.SequenceMatcher(a=[(b.kind, b.text) for b in old_text],
                                          b=[(b.kind, b.text) for b in new_text], autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                continue
            gone, came = old_text[a1:a2], new_text[b1:b2]
            if op == "delete":
                notes.extend(f"Removed {b.kind}: ~~{_quote(b.text)}~~" for b in gone)
            elif op == "insert":
                notes.extend(f"Added {b.kind}: **{_quote(b.text)}**" for b in came)
            else:
                text_before = " ".join(b.text for b in gone)
                text_after = " ".join(b.text for b in came)
                kinds = "" if len(gone) == len(came) else f" ({_layout(tuple(gone))} → {_layout(tuple(came))})"
                notes.append(f"Changed{kinds}: {word_diff(text_before, text_after)}")
    if not notes or not notes[0].startswith("Reordered"):
        notes.extend(_look_notes(old_text, new_text))
    notes.extend(_link_notes(old, new))
    return notes


def _look_notes(old: list[Block], new: list[Block]) -> list[str]:
    """Blocks with the same words that now stand out differently: another box (a blue note
    turned into a red warning, or collapsed), other bold words."""
    notes = []
    matcher = difflib.SequenceMatcher(a=[(b.kind, b.text) for b in old], b=[(b.kind, b.text) for b in new],
                                      autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            continue
        for before, after in zip(old[a1:a2], new[b1:b2]):
            if before.look == after.look:
                continue
            was = ", ".join(before.look) or "plain"
            now = ", ".join(after.look) or "plain"
            notes.append(f"New look for {before.kind} “{_quote(' '.join(after.text.split()[:8]))}”: {_md(now)} "
                         f"(was: {_md(was)})")
    return notes


def _link_notes(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[str]:
    before = [link for block in old for link in block.links]
    after = [link for block in new for link in block.links]
    if before == after:
        return []
    notes = []
    gone = list((Counter(before) - Counter(after)).elements())
    came = list((Counter(after) - Counter(before)).elements())
    for text, target in list(came):
        was = next((old_link for old_link in gone if old_link[0] == text), None)
        if was is not None:
            notes.append(f"Link “{_md(text)}” now goes to {_where(target)} (was {_where(was[1])})")
            gone.remove(was)
            came.remove((text, target))
    if len(gone) == len(came):  # the same links, with other words and targets
        notes.extend(f"Link “{_md(a)}” to {_where(x)} is now “{_md(b)}” to {_where(y)}"
                     for (a, x), (b, y) in zip(gone, came))
        return notes
    notes.extend(f"Link removed: “{_md(text)}” to {_where(target)}" for text, target in gone)
    notes.extend(f"Link added: “{_md(text)}” to {_where(target)}" for text, target in came)
    return notes


def _where(target: str) -> str:
    return f"`{_code(target[3:])}`" if target.startswith("id:") else f"`{_code(target)}`"


# -- escaping for GitHub ---------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>|!#&()])")


def _md(text: str) -> str:
    """Quoted text that GitHub shows as text: no Markdown, HTML, images, comments or
    mentions that ping, on one line."""
    text = " ".join(html.unescape(text).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A zero-width space after '@' keeps it readable and stops a mention from pinging.
    return re.sub(r"(?<![\w.+-])@", "@\u200b", text)


def _code(text: str) -> str:
    """Text inside a code span: backticks and line breaks cannot end it early."""
    return " ".join(text.replace("`", "'").split()) or " "


# -- the report ------------------------------------------------------------------------------

@dataclass
class Report:
    markdown: str
    changed: list[str]  # ids whose customers' text or place changed, added ones included
    problems: list[Problem] = field(default_factory=list)  # in the head: they stop its build


@dataclass
class _Change:
    heading: str
    item: Item
    notes: list[str]
    shared: bool = False  # changed only through shared text
    reads_differently: bool = False  # its rendered text changed
    review: bool = False  # its own fields changed in meaning


def changes_report(base: Version | HelpCentre, head: Version | HelpCentre, to_html: Callable[[str], str], *,
                   preview_url: str = "", today: date | None = None, unreadable: list[str] | None = None) -> Report:
    """Markdown for editors and reviewers: what customers will see change from base to head."""
    base, head = _as_version(base), _as_version(head)
    today = today or date.today()
    old, new = items(base, to_html, today=today), items(head, to_html, today=today)
    lines: list[str] = ["## What customers will see change", ""]
    lines.extend(_problems_section(head, unreadable or []))
    if head.help_centre is None or base.help_centre is None:
        if base.help_centre is None and base.problems:
            lines += ["The base version's content has problems too, so the two cannot be compared "
                      "as customers will see them.", ""]
        lines.extend(_written_section(base, head))
        return Report("\n".join(lines).rstrip() + "\n", [], head.problems)
    hc_old, hc_new = base.help_centre, head.help_centre
    # A link to an id that is now an alias lands where it did: compare it as the new id.
    aliases = {t.id: t.canonical for t in hc_new.targets.values() if t.kind == "alias"}
    old = {ident: _follow(item, aliases) for ident, item in old.items()}
    renamed = {ident: _renamed_from(ident, hc_new, old) for ident in new}
    changes: list[_Change] = []
    changed_ids: list[str] = []

    def link(item: Item) -> str:
        if preview_url:
            return f"[{_md(item.title)}]({preview_url.rstrip('/')}/go/{item.id}/)"
        return _md(item.title)

    changed_shared = _changed_shared(hc_old, hc_new)
    for ident, item in new.items():
        before = old.get(ident) or old.get(renamed[ident] or "")
        if before is None:
            continue
        notes: list[str] = []
        if before.id != ident:
            notes.append(f"Renamed from `{before.id}`; links to `{before.id}` still land here.")
        if before.page != item.page:
            notes.append(f"Moved from `/{before.page}` to `/{item.page}`.")
        if before.title != item.title:
            notes.append(f"Title: {word_diff(before.title, item.title)}")
        notes.extend(block_notes(before.blocks, item.blocks))
        notes.extend(_order_notes(item, before, new, old))
        findable = _list_diff("Search keywords", before.keywords, item.keywords)
        related = _list_diff("Related questions", before.related, item.related, ids=True)
        notes.extend(findable + related)
        if before.reviewed != item.reviewed and item.kind in ("answer", "guide"):
            notes.append(f"“Last reviewed” date: {_md(before.reviewed)} → {_md(item.reviewed)}")
        if not notes:
            continue
        own_changed = _without_id(before.own) != _without_id(item.own) if before.id != ident else before.own != item.own
        meaning = own_changed and (before.blocks != item.blocks or before.title != item.title)
        shared = (not own_changed and before.id == ident and item.kind in ("answer", "section")
                  and before.blocks != item.blocks)
        causes = sorted(name for name in item.uses if name in changed_shared)
        if shared:
            notes.insert(0, "Through shared text: " + (", ".join(changed_shared[c] for c in causes)
                                                       or "text it shares with other answers") + ".")
        elif causes and before.blocks != item.blocks:
            notes.append("Also reads differently through shared text: "
                         + ", ".join(changed_shared[c] for c in causes) + ".")
        changed_ids.append(ident)
        only_order = all(note.startswith(ORDER_NOTE) for note in notes)
        heading = f"Reordered {'guide' if item.kind == 'guide' else 'page'}" if only_order else f"Changed {item.kind}"
        changes.append(_Change(heading, item, notes, shared=shared, review=meaning,
                               reads_differently=before.blocks != item.blocks))
    for ident, item in new.items():
        if ident in old or renamed[ident]:
            continue
        changed_ids.append(ident)
        notes = [f"Adds {b.kind}: **{_quote(b.text)}**" for b in item.blocks if b.text]
        changes.append(_Change(f"New {item.kind}", item, notes))
    removed = [i for i in old if i not in new and not any(renamed[n] == i for n in new)]
    for ident in removed:
        item = old[ident]
        target = hc_new.targets.get(ident)
        notes = [f"Customers no longer read {b.kind}: ~~{_quote(b.text)}~~" for b in item.blocks if b.text]
        if target is not None and target.kind == "retired":
            notes.insert(0, f"Retired: its links now go to `{target.canonical}` (“{_md(target.title)}”).")
        elif target is not None and target.kind == "alias":
            notes.insert(0, f"Its id is now an alias of `{target.canonical}` (“{_md(target.title)}”).")
        else:
            notes.insert(0, "⛔ Its id is no longer published: links to it would break.")
        changes.append(_Change(f"Removed {item.kind}", item, notes))  # no link: its page is gone

    own_changes = [c for c in changes if not c.shared]
    shared_changes = [c for c in changes if c.shared]
    pages = _pages_section(base, head, to_html, today, aliases)
    screens = _screens_section(hc_old, hc_new, new, old, reads_differently={
        c.item.id for c in changes if c.reads_differently}, support_changed=any(
        name in _SUPPORT_FIELDS for name in changed_shared))
    search = _synonyms_section(hc_old, hc_new)
    ids = _ids_section(hc_old, hc_new)
    if not (changes or pages or screens or search):
        lines += [NOTHING, ""]
    if own_changes:
        lines += ["### Changed by this pull request", ""]
        lines.extend(_block(c, _md(c.item.title) if c.heading.startswith("Removed") else link(c.item), hc_new)
                     for c in own_changes)
    if shared_changes:
        lines += ["### Changed through shared text", ""]
        lines.extend(_shared_summary(changed_shared, changes))
        lines.extend(_block(c, link(c.item), hc_new) for c in shared_changes)
    elif changed_shared:
        lines += ["### Shared text", ""]
        lines.extend(f"- {text} changed; no answer reads differently." for text in changed_shared.values())
        lines.append("")
    lines.extend(pages + screens + search + ids)
    lines.extend(_review_dates_section(changes))
    lines.extend(_reviewers_section(hc_new, changes))
    return Report("\n".join(lines).rstrip() + "\n", changed_ids, head.problems)


def _as_version(value: Version | HelpCentre) -> Version:
    return value if isinstance(value, Version) else Version(value)


def _follow_blocks(blocks: tuple[Block, ...], aliases: dict[str, str]) -> tuple[Block, ...]:
    """Blocks whose links to an id that is now an alias name the id it leads to."""
    def target(where: str) -> str:
        return "id:" + aliases[where[3:]] if where.startswith("id:") and where[3:] in aliases else where
    return tuple(Block(b.kind, b.text, tuple((text, target(where)) for text, where in b.links), b.look)
                 for b in blocks)


def _follow(item: Item, aliases: dict[str, str]) -> Item:
    from dataclasses import replace

    return replace(item, blocks=_follow_blocks(item.blocks, aliases))


def _without_id(own: str) -> str:
    """An item's own fields without its id and aliases (what a rename leaves as it was)."""
    import ast

    try:
        fields = ast.literal_eval(own)
    except (ValueError, SyntaxError):
        return own
    return repr({k: v for k, v in fields.items() if k not in ("id", "aliases")}) if isinstance(fields, dict) else own


def _renamed_from(ident: str, head: HelpCentre, old: dict[str, Item]) -> str | None:
    """The earlier id of `ident`, if it lists one as an alias that `old` had."""
    for target_id, target in head.targets.items():
        if target.kind == "alias" and target.canonical == ident and target_id in old:
            return target_id
    return None


def _order_notes(item: Item, before: Item, new: dict[str, Item], old: dict[str, Item]) -> list[str]:
    """A page's answers or a guide's sections in a new order (the same ones, or some added)."""
    kept_new = [i for i in item.order if i in old or i in before.order]
    kept_old = [i for i in before.order if i in new or i in item.order]
    if kept_new == kept_old or sorted(kept_new) != sorted(kept_old):
        return []
    what = "The sections are" if item.kind == "guide" else "The answers and guides on this page are"

    def short(ident: str, items: dict[str, Item]) -> str:
        title = items[ident].title if ident in items else ident
        return _md(title[len(item.title) + 2:] if title.startswith(item.title + ": ") else title)

    now = ", ".join(f"{n}. {short(i, new)}" for n, i in enumerate(kept_new, start=1))
    was = ", ".join(f"{n}. {short(i, old)}" for n, i in enumerate(kept_old, start=1))
    return [f"{ORDER_NOTE} {what} now in this order: {now} (before: {was})."]


ORDER_NOTE = "Reordered:"


def _list_diff(what: str, before: tuple[str, ...], after: tuple[str, ...], *, ids: bool = False) -> list[str]:
    gone = [w for w in before if w not in after]
    came = [w for w in after if w not in before]
    if not gone and not came:
        return [f"{what}: same ones, new order."] if ids and before != after else []
    show = (lambda w: f"`{_code(w)}`") if ids else _md
    parts = ([f"added **{', '.join(show(w) for w in came)}**"] if came else []) + \
            ([f"removed ~~{', '.join(show(w) for w in gone)}~~"] if gone else [])
    if ids and [w for w in after if w in before] != [w for w in before if w in after]:
        parts.append("new order: " + ", ".join(show(w) for w in after))
    return [f"{what}: " + "; ".join(parts)]


def _changed_shared(old: HelpCentre, new: HelpCentre) -> dict[str, str]:
    """Shared text that changed, by snippet name: "snippet `x`", "support.yml (phone)"."""
    changed = {name: f"snippet `{name}`" for name in sorted(set(old.snippets) | set(new.snippets))
               if old.snippets.get(name) != new.snippets.get(name)}
    for name, fields in _SUPPORT_FIELDS.items():
        different = [f for f in fields if getattr(old.support, f) != getattr(new.support, f)]
        if different:
            changed[name] = f"support.yml ({', '.join(different)})"
    return changed


def _shared_summary(changed_shared: dict[str, str], changes: list[_Change]) -> list[str]:
    """Each changed snippet or support field with the answers that now read differently
    (those whose own text changed too are counted: they show the new shared text)."""
    lines = []
    for name, text in changed_shared.items():
        reached = [c.item.id for c in changes if name in c.item.uses and c.reads_differently]
        if name in _SUPPORT_FIELDS and not reached:
            continue
        lines.append(f"- {text} changed; {_plural(len(reached), 'answer')} now read differently"
                     + (": " + ", ".join(f"`{i}`" for i in reached) if reached else "."))
    if any(name in _SUPPORT_FIELDS for name in changed_shared):
        lines.append("- The support contact on every page (the box beside each answer) shows the new "
                     "support.yml values.")
    return [*lines, ""]


def _block(change: _Change, title: str, help_centre: HelpCentre) -> str:
    item = change.item
    owner = f" · owner: {_md(item.owner)}" if item.owner else ""
    reviewers = help_centre.owners.get(item.owner, ())
    review = f" · review: {', '.join(f'`{_code(r)}`' for r in reviewers)}" if reviewers else ""
    body = "".join(f"\n- {note}" for note in change.notes)
    return f"#### {change.heading}: {title} (`{item.id}`)\n\n`/{_code(item.page)}`{owner}{review}\n{body}\n"


def _pages_section(base: Version, head: Version, to_html: Callable[[str], str], today: date,
                   aliases: dict[str, str]) -> list[str]:
    old, new = page_blocks(base, to_html, today=today), page_blocks(head, to_html, today=today)
    old = {src: _follow_blocks(blocks, aliases) for src, blocks in old.items()}
    lines = []
    for src in sorted(set(old) | set(new)):
        if src not in old:
            lines.append(f"#### New page: `docs/{_code(src)}`\n")
            lines.extend(f"- Adds {b.kind}: **{_quote(b.text)}**" for b in new[src] if b.text)
        elif src not in new:
            lines.append(f"#### Removed page: `docs/{_code(src)}`\n")
            lines.extend(f"- Customers no longer read {b.kind}: ~~{_quote(b.text)}~~" for b in old[src] if b.text)
        else:
            notes = block_notes(old[src], new[src])
            if notes:
                lines.append(f"#### Changed page: `docs/{_code(src)}` (`/{page_url(src)}`)\n")
                lines.extend(f"- {note}" for note in notes)
        if lines and lines[-1]:
            lines.append("")
    return ["### Pages", "", *lines] if lines else []


def _screens_section(old: HelpCentre, new: HelpCentre, new_items: dict[str, Item],
                     old_items: dict[str, Item], *, reads_differently: set[str] | frozenset[str] = frozenset(),
                     support_changed: bool = False) -> list[str]:
    """Each portal screen whose help panel shows other answers, the same in a new order, or
    answers that now read differently; and the panels' support contact when it changed."""
    before = {s.id: s for s in old.screens}
    lines = []

    def title(ident: str) -> str:
        item = new_items.get(ident) or old_items.get(ident)
        return f"“{_md(item.title)}” (`{ident}`)" if item else f"`{ident}`"

    for screen in new.screens:
        was = before.get(screen.id)
        if was is None:
            lines.append(f"- New screen **{_md(screen.title)}** (`{screen.id}`) shows: "
                         + ", ".join(title(i) for i in screen.answers))
            continue
        gone = [i for i in was.answers if i not in screen.answers]
        came = [i for i in screen.answers if i not in was.answers]
        notes = ([f"no longer shows ~~{', '.join(title(i) for i in gone)}~~"] if gone else []) + \
                ([f"now shows **{', '.join(title(i) for i in came)}**"] if came else [])
        kept_new = [i for i in screen.answers if i in was.answers]
        kept_old = [i for i in was.answers if i in screen.answers]
        if not notes and was.answers != screen.answers:
            notes.append("reordered: " + ", ".join(title(i) for i in screen.answers))
        elif notes and (kept_new != kept_old or screen.answers[:1] != was.answers[:1]):
            # The first answer is what the panel opens on: a new order matters as much as a new answer.
            notes.append("now in this order: " + ", ".join(f"{n}. {title(i)}" for n, i in
                                                           enumerate(screen.answers, start=1)))
        reread = [i for i in screen.answers if i in reads_differently and i in was.answers]
        if reread:
            notes.append(f"{'its answer' if len(reread) == 1 else 'its answers'} "
                         + ", ".join(title(i) for i in reread)
                         + (" now reads differently" if len(reread) == 1 else " now read differently"))
        if was.title != screen.title:
            notes.append(f"title {word_diff(was.title, screen.title)}")
        if notes:
            lines.append(f"- **{_md(screen.title)}** (`{screen.id}`): " + "; ".join(notes))
    for screen_id in before.keys() - {s.id for s in new.screens}:
        lines.append(f"- Screen `{screen_id}` is no longer listed: its help panel would be empty")
    if support_changed and new.screens:
        lines.append("- The support contact in every panel shows the new support.yml values.")
    return ["### Portal help panels", "", *lines, ""] if lines else []


def _synonyms_section(old: HelpCentre, new: HelpCentre) -> list[str]:
    lines = []
    for name in sorted(set(old.concepts) | set(new.concepts)):
        before, after = old.concepts.get(name, ()), new.concepts.get(name, ())
        notes = _list_diff(f"Words that mean “{_md(name)}”", before, after)
        lines.extend(f"- {note}" for note in notes)
    return ["### Search", "", *lines, ""] if lines else []


def _ids_section(base: HelpCentre, head: HelpCentre) -> list[str]:
    """The short-link map (links.json): what each published id now leads to."""
    from .links import link_manifest

    old, new = link_manifest(base), link_manifest(head)
    lines = []
    for ident, record in new.items():
        was = old.get(ident)
        url = f"`/{_code(record['url'])}`"
        if was is None and record["kind"] == "alias":
            lines.append(f"- `{ident}` is now an alias of `{record['leads_to']}` ({url})")
        elif was is None and record["kind"] == "retired":
            lines.append(f"- `{ident}` is retired; its links go to `{record['leads_to']}` ({url})")
        elif was is None:
            lines.append(f"- `{ident}` is new, on {url}")
        elif was["kind"] != record["kind"] and record["kind"] in ("retired", "alias"):
            lines.append(f"- `{ident}` is {'retired' if record['kind'] == 'retired' else 'now an alias'}; "
                         f"its links go to `{record['leads_to']}` ({url})")
        elif was["url"] != record["url"]:
            lines.append(f"- `{ident}` moves from `/{_code(was['url'])}` to {url}")
    for ident in sorted(set(old) - set(new)):
        lines.append(f"- ⛔ `{ident}` is no longer published: its links would break")
    return ["### Short links", "", *lines, ""] if lines else []


def _review_dates_section(changes: list[_Change]) -> list[str]:
    bumped = {c.item.id for c in changes if any(n.startswith("“Last reviewed”") for n in c.notes)}
    due = [c for c in changes if c.review and c.item.kind in ("answer", "section")
           and c.heading.startswith("Changed") and c.item.page_owner not in bumped]
    lines = []
    for change in due:
        # A section's date is its guide's.
        if change.notes and not any(n.startswith("“Last reviewed”") for n in change.notes):
            whose = "its guide's `reviewed:`" if change.item.kind == "section" else "`reviewed:`"
            lines.append(f"- `{change.item.id}`: its own text changed but {whose} did not (still "
                         f"{_md(change.item.reviewed)}): check the whole answer and set today's date.")
    return ["### ⚠️ Review dates", "", *lines, ""] if lines else []


def _reviewers_section(head: HelpCentre, changes: list[_Change]) -> list[str]:
    by_owner: dict[str, list[str]] = {}
    for change in changes:
        if change.item.owner:
            by_owner.setdefault(change.item.owner, []).append(change.item.id)
    if not by_owner:
        return []
    lines = ["### Who must review", ""]
    for owner, idents in sorted(by_owner.items()):
        people = ", ".join(f"`{_code(p)}`" for p in head.owners.get(owner, ())) or "nobody listed in owners.yml"
        lines.append(f"- {_md(owner)} ({people}): " + ", ".join(f"`{i}`" for i in idents))
    return [*lines, ""]


def _problems_section(head: Version, unreadable: list[str]) -> list[str]:
    """The head's problems first: what stops the build, then what must happen before publishing."""
    lines = []
    blocking = [p for p in head.problems if p.kind != "unlocked"]
    if blocking:
        lines += [f"### ⛔ {_plural(len(blocking), 'problem')} to fix first", "",
                  "The site cannot be built from this version until these are fixed:", ""]
        lines.extend(f"- {_problem_line(p)}" for p in blocking)
        lines.append("")
        if head.help_centre is None:
            lines += ["Answers cannot be compared until the content can be built again. "
                      "These files changed:" if unreadable else
                      "Answers cannot be compared until the content can be built again.", ""]
            lines.extend(f"- `{_code(name)}`" for name in unreadable)
            lines.append("")
    unlocked = [p for p in head.problems if p.kind == "unlocked"]
    if unlocked:
        lines += ["### Before this can be published", ""]
        lines.extend(f"- {_problem_line(p)}" for p in unlocked)
        lines.append("")
    return lines


def _written_section(base: Version, head: Version) -> list[str]:
    """While the head cannot be built: which ids were added, removed or edited in faq.yml,
    compared as written (not as customers will see them)."""
    old, new = _raw_items(base.faq), _raw_items(head.faq)
    lines = [f"- `{_code(i)}` is new" for i in new if i not in old]
    lines += [f"- `{_code(i)}` is edited" for i in new if i in old and old[i] != new[i]]
    lines += [f"- `{_code(i)}` is removed" for i in old if i not in new]
    if not lines:
        return []
    return ["### As written in faq.yml, until the problems are fixed", "",
            "Compared as written, not yet as customers will see it:", "", *lines, ""]


def _problem_line(problem: Problem) -> str:
    place = f"`{_code(problem.file)}:{problem.line}`" if problem.line else f"`{_code(problem.file)}`"
    where = f" {_md(problem.where)}:" if problem.where else ""
    fix = f" — {_md(problem.fix)}" if problem.fix else ""
    return f"{place}{where} {_md(problem.message)}{fix}"


# -- from git --------------------------------------------------------------------------------

def _converter(root: Path) -> Callable[[str], str]:
    """Markdown to HTML with the extensions mkdocs.yml under `root` names."""
    import yaml

    from .outputs import markdown_converter

    class _Config(yaml.SafeLoader):  # mkdocs.yml's !ENV and similar tags: only their place matters
        pass

    _Config.add_multi_constructor("!", lambda loader, suffix, node: None)
    path = root / "mkdocs.yml"
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Config) if path.exists() else {}  # noqa: S506
    extensions, configs = [], {}
    for item in (config or {}).get("markdown_extensions", ()):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(name)
        if options:
            configs[name] = options
    return markdown_converter(extensions, configs)


def _changed_files(repo: Path, base: str, head: str | None) -> list[str]:
    args = ["git", "-C", str(repo), "diff", "--name-only", base] + ([head] if head else []) + ["--"]
    result = subprocess.run(args, capture_output=True, text=True)
    return [name for name in result.stdout.splitlines() if name in CONTENT_FILES or name.startswith("docs/")]


def report_between(repo: Path, base: str, head: str | None, *, preview_url: str = "",
                   today: date | None = None) -> Report:
    """The report from git ref `base` to `head` (None: the working tree). RefError when a
    ref names no commit; content problems are reported at the top, never raised."""
    base_commit = resolve_ref(repo, base)
    head_commit = resolve_ref(repo, head) if head else None
    with tempfile.TemporaryDirectory(prefix="helpcentre-base-") as base_dir, \
            tempfile.TemporaryDirectory(prefix="helpcentre-head-") as head_dir:
        before = load_version(content_at(base_commit, repo, Path(base_dir)))
        head_root = content_at(head_commit, repo, Path(head_dir)) if head_commit else repo
        after = load_version(head_root)
        unreadable = _changed_files(repo, base_commit, head_commit) if after.help_centre is None else []
        return changes_report(before, after, _converter(head_root), preview_url=preview_url, today=today,
                              unreadable=unreadable)


def problems_only_report(problems: list[Problem]) -> str:
    """A report that only lists problems (used when nothing can be read at all)."""
    return "\n".join(["## What customers will see change", "",
                      *_problems_section(Version(None, problems=problems), [])]).rstrip() + "\n"


__all__ = ["BUILTIN_SNIPPETS", "ContentError", "NOTHING", "RefError", "Report", "Version", "blocks_of",
           "changes_report", "content_at", "items", "load_version", "report_between", "resolve_ref", "word_diff"]
