"""The trust boundary: every piece of HTML that content renders to passes through here.

Editors write Markdown, and Markdown lets raw HTML through in more ways than a check on the
source can foresee (code spans inside raw HTML, odd comments, unknown fences). So the HTML
the site's Markdown engine makes from content is cleaned by nh3 (the binding to the Rust
sanitizer Ammonia) with an allowlist of exactly what the site's pages use: headings with
ids, paragraphs and lists, links with https:, mailto: and tel: addresses or relative ones,
admonitions, collapsible notes, tabs, code, and the help centre's own markup. Anything
else is dropped before a page is written.

`removals(html)` says what `clean` would drop, in words, so that `make check` can teach an
editor the same rule with file, line and a fix; the cleaning itself is the guarantee.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# Elements that content (answers, sections, steps, snippets, docs pages) renders to.
ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "button", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label",
    "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul",
})
# Elements dropped with everything inside them: what they hold is never text to show.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "iframe", "noscript", "textarea", "title", "xmp", "noembed",
    "noframes", "plaintext", "object", "embed", "svg", "math", "select", "frameset", "frame", "applet",
})
# Attributes any allowed element may carry (each value is checked in `_attribute_value`).
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "dir", "title", "role", "hidden"})
ELEMENT_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "name", "checked", "autocomplete", "placeholder"},
    "label": {"for"},
    "form": {"action", "method"},
    "button": {"type", "data-helpful"},
    "time": {"datetime"},
    "ol": {"start"},
    "details": {"open"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "p": {"data-support-status", "data-schedule"},
    "div": {"data-tabs", "data-hc-answer"},
}
URL_SCHEMES = frozenset({"https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "action"})

# Ids the theme's templates and scripts use; content that took one would break the page
# (a second "hc-scripts" stops every script on it).
TEMPLATE_IDS = frozenset({"hc-scripts", "hc-no-results", "hc-search-unavailable", "hc-support-heading",
                          "hc-announcer"})
_CONTENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TABS_ID = re.compile(r"^__tabbed_\d+_\d+$")  # tabs (pymdownx.tabbed): inputs and their labels
_TABS_NAME = re.compile(r"^__tabbed_\d+$")
_FORM_FIELD_NAMES = frozenset({"q"})  # the home page's search box
_INPUT_TYPES = frozenset({"radio", "search", "text"})
_BUTTON_TYPES = frozenset({"button", "submit"})
_ADMONITION_TYPES = frozenset({"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint",
                               "important", "success", "check", "done", "question", "help", "faq",
                               "warning", "caution", "attention", "failure", "fail", "missing",
                               "danger", "error", "bug", "example", "quote", "cite"})
# Classes content may carry: what Markdown makes of an editor's text (buttons, admonitions,
# collapsible notes, tabs, code) and what the renderer puts into an answer ([[screen label]],
# and the status line of {{ support-contact }}, on a <p> only). Nothing that makes text look
# like the site's own chrome: its support box, the "you landed here" mark, search, feedback.
CONTENT_CLASSES = frozenset({
    "md-button", "md-button--primary", "admonition", "admonition-title", "tabbed-set", "tabbed-alternate",
    "tabbed-labels", "tabbed-content", "tabbed-block", "highlight", "hc-ui",
}) | _ADMONITION_TYPES
SUPPORT_STATUS_CLASS = "hc-support__status"  # written by {{ support-contact }} on a <p>
# Classes the help centre writes around content on its pages (render.py: answers' headings,
# "Copy link", "Last reviewed", "Was this helpful?", related answers, category cards) and the
# home page's search form (docs/index.md); kept on pages, never inside an answer's body.
PAGE_CLASSES = frozenset({
    "hc-answer", "hc-copy", "hc-reviewed", "hc-feedback", "hc-feedback__question", "hc-feedback__buttons",
    "hc-feedback__button", "hc-feedback__message", "hc-related", "hc-related__title", "hc-cards",
    "hc-cards--guides", "hc-card__summary", "hc-lead", "hc-search", "hc-search__row",
})
_CODE_CLASS = re.compile(r"^(?:language-[a-z0-9_+#-]+|[a-z]{1,3}[0-9]?)$")  # highlighted code's tokens


def class_allowed(element: str, name: str, *, page: bool = True) -> bool:
    """True when content may carry the class `name` on `element`: in an answer's body
    (`page` False) only what content produces; on a page also the help centre's own."""
    if name in CONTENT_CLASSES or _CODE_CLASS.match(name):
        return True
    if name == SUPPORT_STATUS_CLASS:
        return element == "p"
    return page and name in PAGE_CLASSES


_OTHER_HOST = re.compile(r"^[\s\x00-\x20]*[/\\][\s\x00-\x20]*[/\\]")
_TOKEN = re.compile(r"^[A-Za-z0-9 _.,:;+\-]*$")  # plain values: dates, counts, "1:2" tab data


def _attribute_value(element: str, attribute: str, value: str, page: bool = True) -> str | None:
    """The value the attribute keeps, or None to drop it (nh3 calls this for allowed ones);
    `page` False for an answer's body, which keeps fewer classes."""
    if attribute == "id":
        if value in TEMPLATE_IDS or not (_CONTENT_ID.match(value) or _TABS_ID.match(value)):
            return None
        return value
    if attribute == "for":
        return value if _TABS_ID.match(value) or _CONTENT_ID.match(value) else None
    if attribute == "name":
        return value if _TABS_NAME.match(value) or value in _FORM_FIELD_NAMES else None
    if attribute == "class":
        kept = [name for name in value.split() if class_allowed(element, name, page=page)]
        return " ".join(kept) or None
    if attribute == "type":
        allowed = _INPUT_TYPES if element == "input" else _BUTTON_TYPES
        return value if value.lower() in allowed else None
    if attribute == "method":
        return value if value.lower() == "get" else None
    if attribute == "role":
        return value if value in ("search", "group", "status", "note") else None
    if attribute in ("data-schedule", "title", "alt", "placeholder") or attribute.startswith("aria-"):
        return value
    if attribute in URL_ATTRIBUTES:
        # "//host/…" (and "/\\host", which browsers read alike) leaves for another host
        # with whatever scheme the page has; content links to other hosts with https: only.
        return None if _OTHER_HOST.match(value) else value
    return value if _TOKEN.match(value) else None


def allowed_link(url: str) -> bool:
    """True for an address the site may link to from a template or the help panel: tel:,
    mailto: or https:, with nothing that could leave an attribute's quotes."""
    scheme = re.match(r"^([a-z]+):", url)
    return bool(scheme) and scheme.group(1) in URL_SCHEMES and not re.search(r"[\s\"'<>`\\]", url)


def clean(html: str, *, page: bool = True) -> str:
    """The HTML with everything outside the site's allowlist removed; `page` False for an
    answer's body (its classes are only those content produces)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_ELEMENTS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{k: set(v) for k, v in ELEMENT_ATTRIBUTES.items()}},
        attribute_filter=functools.partial(_attribute_value, page=page),
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


@dataclass(frozen=True)
class Removal:
    """One thing `clean` drops from rendered content, in words an editor understands."""

    what: str  # e.g. "the HTML tag <script>"
    needle: str  # text to look for in the source, to find the line
    fix: str


_REMOVAL_FIX_TAG = ("remove it; answers and pages may use text, links, lists and simple formatting, "
                    "and never run scripts")
_REMOVAL_FIX_ATTRIBUTE = "remove it; it is dropped before the page is published"


class _Collector(HTMLParser):
    """Walks rendered HTML the way a browser would read its tags, noting what `clean` drops."""

    def __init__(self, page: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.removals: list[Removal] = []
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_ELEMENTS:
            self.removals.append(Removal(f"the HTML tag <{tag}> would be removed", f"<{tag}", _REMOVAL_FIX_TAG))
            return
        allowed = GLOBAL_ATTRIBUTES | ELEMENT_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed and not name.startswith("aria-"):
                fix = ("remove it; content may not run scripts" if name.startswith("on")
                       else _REMOVAL_FIX_ATTRIBUTE)
                self.removals.append(Removal(f"the attribute '{name}' on <{tag}> would be removed", name, fix))
            elif name in URL_ATTRIBUTES and _unsafe_url(value):
                self.removals.append(Removal(
                    f"the address '{value[:60]}' would be removed: only https:, mailto:, tel: and links "
                    "inside the help centre are kept", value[:40] or name,
                    "link to an https:// address, or to an answer with (id:...)"))
            elif name == "class":
                for dropped in (c for c in value.split() if not class_allowed(tag, c, page=self.page)):
                    self.removals.append(Removal(
                        f"the class '{dropped}' on <{tag}> would be removed", dropped,
                        "remove it; the site's own classes (its support box, search, \"you landed here\" "
                        "mark) cannot be used in content, so nothing can pose as the site itself; "
                        "content may use .md-button and .md-button--primary"))
            elif name not in URL_ATTRIBUTES and _attribute_value(tag, name, value) != value:
                self.removals.append(Removal(f"{name}=\"{value[:40]}\" on <{tag}> would be removed",
                                             value[:40] or name, _attribute_fix(name)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _attribute_fix(name: str) -> str:
    if name == "id":
        return ("use an id of lowercase a-z and digits joined by '-', not one the site's layout uses "
                "(" + ", ".join(sorted(TEMPLATE_IDS)) + ")")
    if name == "class":
        return "remove the class; only the site's own classes (such as .md-button) are kept"
    return _REMOVAL_FIX_ATTRIBUTE


def _unsafe_url(url: str) -> bool:
    """True when `clean` would drop this address: a scheme other than the allowed ones."""
    compact = re.sub(r"[\s\x00-\x20]", "", url).lower()
    if _OTHER_HOST.match(compact):
        return True
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", compact)
    # An (id:...) link left unresolved is reported by check as an unknown id, not twice.
    return bool(scheme) and scheme.group(1) not in URL_SCHEMES and scheme.group(1) != "id"


def removals(html: str, *, page: bool = True) -> list[Removal]:
    """What `clean` removes from `html`, one entry per tag or attribute, in order."""
    collector = _Collector(page)
    collector.feed(html)
    collector.close()
    return list(collector.removals)
