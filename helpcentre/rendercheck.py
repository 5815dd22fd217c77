"""`make check`'s view of the trust boundary: what the sanitizer would remove from content.

Each answer, guide section and hand-written page is rendered the way the build renders it
(snippets filled in, the site's Markdown extensions from mkdocs.yml) and the HTML is given
to `sanitize.removals`. Whatever would be removed is a problem with file, line and a fix:
the editor learns the rule before review, while the sanitizer in the build stays the
guarantee. No MkDocs import: the Markdown library and the extensions' names suffice.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterator

import markdown
import yaml

from .loader import Document
from .markup import too_deep_brackets
from .model import Body, HelpCentre
from .problems import Problem
from .render import BUILTIN_SNIPPETS, SNIPPET_REF, Renderer
from .rules import MarkdownPage
from .sanitize import removals
from .schema import describe
from .site import category_page, guide_page

MKDOCS_FILE = "mkdocs.yml"
# What mkdocs.yml lists today; used where a project has no mkdocs.yml.
DEFAULT_EXTENSIONS: list[Any] = ["toc", "attr_list", "md_in_html", "admonition", "pymdownx.details",
                                 "pymdownx.superfences", {"pymdownx.tabbed": {"alternate_style": True}}]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's plain data; its !ENV and !!python tags become None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_AnyTagLoader.add_multi_constructor("!", _ignore_tag)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _mkdocs_config(root: Path) -> dict:
    """mkdocs.yml's plain data, or {} where there is none."""
    try:
        config = yaml.load((root / MKDOCS_FILE).read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def omitted_pages_stop_the_build(root: Path) -> bool:
    """True when a page missing from the navigation stops the strict build (mkdocs.yml's
    validation.nav.omitted_files is 'warn', as it is by default)."""
    validation = _mkdocs_config(root).get("validation")
    nav = validation.get("nav") if isinstance(validation, dict) else None
    setting = nav.get("omitted_files", "warn") if isinstance(nav, dict) else "warn"
    return setting == "warn"


def site_markdown(root: Path) -> Callable[[str], str]:
    """Markdown to HTML with the extensions mkdocs.yml names, as the build converts pages."""
    extensions: list[Any] = DEFAULT_EXTENSIONS
    try:
        config = yaml.load((root / MKDOCS_FILE).read_text(encoding="utf-8"), Loader=_AnyTagLoader)
        if isinstance(config, dict) and isinstance(config.get("markdown_extensions"), list):
            extensions = config["markdown_extensions"]
    except (OSError, yaml.YAMLError):
        pass
    names, configs = [], {}
    for item in extensions:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                configs[name] = options or {}
    converter = markdown.Markdown(extensions=names, extension_configs=configs)
    return lambda text: converter.reset().convert(text)


# Markdown that can turn into HTML the sanitizer would remove: raw HTML, attribute lists,
# character references, reference definitions, admonitions (their type becomes a class),
# backslash escapes, and links with a scheme. Text without any of them renders to
# paragraphs, lists, emphasis, code and relative links only, so it is not rendered here.
_MAY_RENDER_UNSAFE = re.compile(r"[<{&\\]|\]:|!!!|\?\?\?|\]\(\s*<?[A-Za-z][A-Za-z0-9+.-]*:")


_SCREEN_LABEL_OPEN = '<strong class="hc-ui">'


class _CheckRenderer(Renderer):
    """The build's renderer, with the parts the help centre writes itself from support.yml
    and faq.yml's titles (built-in snippets, category cards) left as one plain word: they
    are not the editor's HTML, and would make every answer that uses them worth rendering."""

    def __init__(self, help_centre: HelpCentre) -> None:
        super().__init__(help_centre)
        for name in BUILTIN_SNIPPETS:
            self._snippets[name] = "support"

    def category_cards(self, page: str) -> str:
        return "categories"

    def expand(self, text: str, page: str) -> str:
        """As the build expands, with screen labels ([[Save]]) left as their words."""
        return super().expand(text, page).replace(_SCREEN_LABEL_OPEN, "").replace("</strong>", "")


def rendered_problems(help_centre: HelpCentre, faq: Document, snippets: Document,
                      pages: list[MarkdownPage], to_html: Callable[[str], str]) -> list[Problem]:
    """Everything the sanitizer would remove from the content, at the line that wrote it."""
    renderer = _CheckRenderer(help_centre)
    problems: list[Problem] = []
    for path, item, body, page in _bodies(help_centre, faq):
        try:
            markdown_text = renderer.body(body, page)
        except RecursionError:  # snippets that use each other: the rules report the cycle
            continue
        if not _MAY_RENDER_UNSAFE.search(markdown_text) or too_deep_brackets(markdown_text) is not None:
            continue  # too deep: refused by the rules before anything renders it
        for removal in removals(to_html(markdown_text), page=False):
            problems.append(_locate(removal, faq, path, snippets, item))
    for page in pages:
        text = _FRONT_MATTER.sub(lambda m: "\n" * m.group(0).count("\n"), page.text)
        try:
            markdown_text = renderer.expand(text, page.src_uri)
        except RecursionError:
            continue
        if not _MAY_RENDER_UNSAFE.search(markdown_text) or too_deep_brackets(markdown_text) is not None:
            continue
        for removal in removals(to_html(markdown_text)):
            line = _line_of(page.text, removal.needle)
            problems.append(Problem(page.file, line, removal.what + " from the published page", removal.fix))
    return list(dict.fromkeys(problems))


def _bodies(help_centre: HelpCentre, faq: Document) -> Iterator[tuple[tuple, Any, Body, str]]:
    for index, entry in enumerate(help_centre.entries):
        yield ("entries", index), faq.data["entries"][index], entry.body, category_page(entry.category)
    for g_index, guide in enumerate(help_centre.guides):
        page = guide_page(guide.category, guide.id)
        for s_index, section in enumerate(guide.sections):
            yield (("guides", g_index, "sections", s_index), faq.data["guides"][g_index]["sections"][s_index],
                   section.body, page)


def _locate(removal, faq: Document, path: tuple, snippets: Document, item: Any) -> Problem:
    """The problem at the field (or snippet) whose text holds what would be removed."""
    message = removal.what + " from the published answer"
    for field_path, text in _strings(item, path):
        offset = _offset(text, removal.needle)
        if offset is not None:
            return Problem(faq.file, faq.text_line(field_path, text, offset), message, removal.fix,
                           describe(field_path, faq.data))
    for name in _snippets_used(item, snippets):
        for field_path, text in _strings(snippets.data.get(name), (name,)):
            offset = _offset(text, removal.needle)
            if offset is not None:
                return Problem(snippets.file, snippets.text_line(field_path, text, offset), message,
                               removal.fix, f"snippet '{name}'")
    return Problem(faq.file, faq.line(path), message, removal.fix, describe(path, faq.data))


def _snippets_used(item: Any, snippets: Document) -> list[str]:
    """Every snippet an item uses, directly or through other snippets."""
    names: list[str] = []
    todo = [text for _, text in _strings(item, ())]
    for step in _steps(item):
        if isinstance(step, dict) and isinstance(step.get("snippet"), str):
            names.append(step["snippet"])
    while todo:
        for match in SNIPPET_REF.finditer(todo.pop()):
            name = match.group(1)
            if name not in names and isinstance(snippets.data, dict) and name in snippets.data:
                names.append(name)
                todo.extend(text for _, text in _strings(snippets.data[name], ()))
    return names


def _steps(item: Any) -> Iterator[Any]:
    if isinstance(item, dict):
        yield from item.get("steps") or ()
        for alternative in item.get("alternatives") or ():
            if isinstance(alternative, dict):
                yield from alternative.get("steps") or ()


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string in `data` with its path, depth first, keys in order."""
    stack = [(path, data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, str):
            yield here, value
        elif isinstance(value, dict):
            stack.extend(reversed([((*here, key), child) for key, child in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*here, index), child) for index, child in enumerate(value)]))


def _offset(text: str, needle: str) -> int | None:
    index = text.lower().find(needle.lower()) if needle else -1
    return index if index >= 0 else None


def _line_of(text: str, needle: str) -> int:
    offset = _offset(text, needle)
    return 1 if offset is None else text.count("\n", 0, offset) + 1
