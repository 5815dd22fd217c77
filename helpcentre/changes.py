"""What customers will see change between two versions of the content, as Markdown.

`changes_report(base, head)` compares two loaded help centres by id: answers, guides, guide
sections and categories added, removed, changed or moved; ids added, aliased and retired;
shared text (snippets, the support contact) with every answer it reaches; and, for each
changed answer, its owner and who must review it. Text is compared as customers read it:
rendered to HTML with snippets filled in, then reduced to words.

`content_at(ref, repo)` reads a git ref's content into a temporary folder with `git archive`,
never touching the working tree.
"""
from __future__ import annotations

import difflib
import html
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from .model import Body, HelpCentre
from .render import BUILTIN_SNIPPETS, SNIPPET_REF, Renderer
from .site import category_page, guide_page, page_url

CONTENT_FILES = ("faq.yml", "snippets.yml", "support.yml", "links.lock", "search-synonyms.yml", "owners.yml",
                 "portal-screens.yml", "mkdocs.yml")


@dataclass(frozen=True)
class Item:
    """One thing customers see, by id: a category, an answer, a guide or a guide section."""

    id: str
    kind: str  # "category", "answer", "guide", "section"
    title: str
    page: str  # the page's path in the site, e.g. "documents/upload-file/"
    text: str  # the words customers read, snippets filled in
    owner: str = ""
    reviewed: str = ""
    snippets: frozenset[str] = frozenset()  # snippets it uses, directly or through other snippets


# -- reading a version ------------------------------------------------------------------------

def content_at(ref: str, repo: Path, target: Path) -> Path:
    """Extract the content files of git `ref` into `target` (the working tree is not touched)."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", ref],
                            capture_output=True, text=True, check=True).stdout.split()
    wanted = [name for name in listed if name in CONTENT_FILES or name.startswith("docs/")]
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref, "--", *wanted],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


# -- what customers read ---------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.extend(data.split())


def words_of(html_text: str) -> str:
    parser = _Text()
    parser.feed(html_text)
    return " ".join(parser.words)


def items(help_centre: HelpCentre, to_html: Callable[[str], str]) -> dict[str, Item]:
    """Everything customers see, by id."""
    renderer = Renderer(help_centre, link_base="/")
    uses = _snippet_uses(help_centre)

    def text(body: Body, page: str) -> str:
        return words_of(to_html(renderer.body(body, page)))

    found: dict[str, Item] = {}
    for category in help_centre.categories:
        page = category_page(category.id)
        found[category.id] = Item(category.id, "category", category.title, page_url(page), category.summary)
    for entry in help_centre.entries:
        page = category_page(entry.category)
        found[entry.id] = Item(entry.id, "answer", entry.question, page_url(page), text(entry.body, page),
                               entry.owner, entry.reviewed, uses(entry.body))
    for guide in help_centre.guides:
        page = guide_page(guide.category, guide.id)
        found[guide.id] = Item(guide.id, "guide", guide.title, page_url(page), guide.summary, guide.owner,
                               guide.reviewed)
        for section in guide.sections:
            found[section.id] = Item(section.id, "section", f"{guide.title}: {section.title}", page_url(page),
                                     text(section.body, page), guide.owner, guide.reviewed, uses(section.body))
    return found


def _snippet_uses(help_centre: HelpCentre) -> Callable[[Body], frozenset[str]]:
    """A function giving the snippets a body uses, following snippets that use snippets."""
    direct = {name: set(_snippet_names(snippet.text + " ".join(snippet.steps)))
              for name, snippet in help_centre.snippets.items()}

    def closure(names: set[str]) -> frozenset[str]:
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(direct.get(name, ()))
        return frozenset(seen)

    step_snippets = {name for name, snippet in help_centre.snippets.items() if snippet.steps}

    def uses(body: Body) -> frozenset[str]:
        texts = [body.answer, body.after, *body.steps]
        for alternative in body.alternatives:
            texts += [alternative.answer, *alternative.steps]
        names = set(_snippet_names(" ".join(texts)))
        # Steps taken from a shared list are copied into the body: find them by their text.
        for name in step_snippets:
            shared = help_centre.snippets[name].steps
            if shared and all(step in body.steps or any(step in a.steps for a in body.alternatives)
                              for step in shared):
                names.add(name)
        return closure(names)

    return uses


def _snippet_names(text: str) -> list[str]:
    return [match.group(1) for match in SNIPPET_REF.finditer(text)]


# -- comparing two versions ------------------------------------------------------------------

def word_diff(old: str, new: str) -> str:
    """The new text with removed words struck through and added words in bold."""
    before, after = old.split(), new.split()
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            same = after[b1:b2]
            parts.append(" ".join(same) if len(same) <= 12 else
                         " ".join(same[:5]) + " … " + " ".join(same[-5:]))
        if op in ("delete", "replace"):
            parts.append(f"~~{_md(' '.join(before[a1:a2]))}~~")
        if op in ("insert", "replace"):
            parts.append(f"**{_md(' '.join(after[b1:b2]))}**")
    return " ".join(parts)


def _md(text: str) -> str:
    """Text safe inside Markdown emphasis and on one line."""
    return re.sub(r"([\\`*_~\[\]<>|])", r"\\\1", html.unescape(text))


@dataclass
class Report:
    markdown: str
    changed: list[str]  # ids whose customers' text or place changed, added ones included


def changes_report(base: HelpCentre, head: HelpCentre, to_html: Callable[[str], str], *,
                   preview_url: str = "") -> Report:
    """Markdown for editors and reviewers: what customers will see change from base to head."""
    old, new = items(base, to_html), items(head, to_html)
    added = [i for i in new if i not in old and not _renamed_from(i, head, old)]
    removed = [i for i in old if i not in new
               and (i not in head.targets or head.targets[i].kind == "retired")]  # not renamed
    lines: list[str] = ["## What customers will see change", ""]
    changed_ids: list[str] = []
    blocks: list[str] = []

    def link(item: Item) -> str:
        if preview_url:
            return f"[{_md(item.title)}]({preview_url.rstrip('/')}/go/{item.id}/)"
        return _md(item.title)

    for ident, item in new.items():
        before = old.get(ident) or old.get(_renamed_from(ident, head, old) or "")
        if before is None:
            continue
        notes = []
        if before.id != ident:
            notes.append(f"Renamed from `{before.id}`; links to `{before.id}` still land here.")
        if before.page != item.page:
            notes.append(f"Moved from `/{before.page}` to `/{item.page}`.")
        if before.title != item.title:
            notes.append(f"Title: {word_diff(before.title, item.title)}")
        if before.text != item.text:
            notes.append(f"Text: {word_diff(before.text, item.text)}")
            if item.kind in ("answer", "section") and item.reviewed == before.reviewed:
                notes.append(f"⚠️ The text changed but `reviewed:` did not (still {item.reviewed}): "
                             "check the whole answer and set today's date.")
        if notes:
            changed_ids.append(ident)
            blocks.append(_block(f"Changed {item.kind}", item, link(item), notes, head))
    for ident in added:
        item = new[ident]
        changed_ids.append(ident)
        blocks.append(_block(f"New {item.kind}", item, link(item), [f"Text: **{_md(item.text)}**"] if item.text
                             else [], head))
    for ident in removed:
        item = old[ident]
        blocks.append(_block(f"Removed {item.kind}", item, _md(item.title), [], base))
    if not blocks:
        lines.append("Nothing that customers read changes.")
    lines.extend(blocks)
    lines.extend(_ids_section(base, head))
    lines.extend(_shared_section(base, head, new))
    lines.extend(_reviewers_section(head, new, changed_ids))
    return Report("\n".join(lines).rstrip() + "\n", changed_ids)


def _renamed_from(ident: str, head: HelpCentre, old: dict[str, Item]) -> str | None:
    """The earlier id of `ident`, if it lists one as an alias that `old` had."""
    for target_id, target in head.targets.items():
        if target.kind == "alias" and target.canonical == ident and target_id in old:
            return target_id
    return None


def _block(heading: str, item: Item, title: str, notes: list[str], help_centre: HelpCentre) -> str:
    owner = f" · owner: {item.owner}" if item.owner else ""
    reviewers = help_centre.owners.get(item.owner, ())
    review = f" · review: {', '.join(reviewers)}" if reviewers else ""
    body = "".join(f"\n- {note}" for note in notes)
    return f"### {heading}: {title} (`{item.id}`)\n\n`/{item.page}`{owner}{review}\n{body}\n"


def _ids_section(base: HelpCentre, head: HelpCentre) -> list[str]:
    lines = []
    for ident, target in sorted(head.targets.items()):
        was = base.targets.get(ident)
        if was is None and target.kind == "alias":
            lines.append(f"- `{ident}` is now an alias of `{target.canonical}` (`/{page_url(target.page)}`)")
        elif was is None and target.kind == "retired":
            lines.append(f"- `{ident}` is retired; its links go to `{target.canonical}`")
        elif was is None:
            lines.append(f"- `{ident}` is new, on `/{page_url(target.page)}`")
        elif was.kind != "retired" and target.kind == "retired":
            lines.append(f"- `{ident}` is retired; its links go to `{target.canonical}`")
        elif was.page != target.page:
            lines.append(f"- `{ident}` moves from `/{page_url(was.page)}` to `/{page_url(target.page)}`")
    for ident in sorted(set(base.targets) - set(head.targets)):
        lines.append(f"- `{ident}` is no longer published: its links would break")
    return ["## Ids", "", *lines, ""] if lines else []


def _shared_section(base: HelpCentre, head: HelpCentre, new: dict[str, Item]) -> list[str]:
    lines = []
    for name in sorted(set(base.snippets) | set(head.snippets)):
        if base.snippets.get(name) != head.snippets.get(name):
            reached = [i for i, item in new.items() if name in item.snippets]
            where = ", ".join(f"`{i}`" for i in reached) or "no answer"
            lines.append(f"- Snippet `{name}` changed; it reaches {len(reached)} answer"
                         f"{'s' if len(reached) != 1 else ''}: {where}")
    if base.support != head.support:
        fields = [name for name in ("phone", "menu", "email", "hours", "closed_dates")
                  if getattr(base.support, name) != getattr(head.support, name)]
        reached = [i for i, item in new.items() if item.snippets & _SUPPORT_SNIPPETS]
        lines.append(f"- `support.yml` changed ({', '.join(fields)}); it reaches the support block on every "
                     f"page and {len(reached)} answer{'s' if len(reached) != 1 else ''}: "
                     + (", ".join(f"`{i}`" for i in reached) or "none"))
    return ["## Shared text", "", *lines, ""] if lines else []


_SUPPORT_SNIPPETS = frozenset(BUILTIN_SNIPPETS)  # made from support.yml


def _reviewers_section(head: HelpCentre, new: dict[str, Item], changed: list[str]) -> list[str]:
    by_owner: dict[str, list[str]] = {}
    for ident in changed:
        owner = new[ident].owner
        if owner:
            by_owner.setdefault(owner, []).append(ident)
    if not by_owner:
        return []
    lines = ["## Who must review", ""]
    for owner, idents in sorted(by_owner.items()):
        people = ", ".join(head.owners.get(owner, ())) or "nobody listed in owners.yml"
        lines.append(f"- {owner} ({people}): " + ", ".join(f"`{i}`" for i in idents))
    return [*lines, ""]


def load_version(root: Path) -> HelpCentre:
    from .content import load_help_centre

    return load_help_centre(root, allow_unlocked=True)


def report_between(repo: Path, base: str, head: str | None, *, preview_url: str = "") -> Report:
    """The report from git ref `base` to `head` (None: the working tree)."""
    import yaml

    from .outputs import markdown_converter

    with tempfile.TemporaryDirectory(prefix="helpcentre-base-") as base_dir, \
            tempfile.TemporaryDirectory(prefix="helpcentre-head-") as head_dir:
        before = load_version(content_at(base, repo, Path(base_dir)))
        after = load_version(content_at(head, repo, Path(head_dir)) if head else repo)
        class _Config(yaml.SafeLoader):  # mkdocs.yml's !ENV and similar tags: only their place matters
            pass
        _Config.add_multi_constructor("!", lambda loader, suffix, node: None)
        config = yaml.load((repo / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Config) or {}  # noqa: S506
        extensions, configs = [], {}
        for item in config.get("markdown_extensions", ()):
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            extensions.append(name)
            if options:
                configs[name] = options
        return changes_report(before, after, markdown_converter(extensions, configs), preview_url=preview_url)
