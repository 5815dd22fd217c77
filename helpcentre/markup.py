"""Find unsafe HTML, unsafe links and heading anchors in Markdown text.

Each finder returns (offset, message, fix) tuples; the caller turns offsets into lines.
Code spans and fenced code are skipped: what stands there is shown, never run.
"""
from __future__ import annotations

import re
import unicodedata

from .sanitize import class_allowed

Finding = tuple[int, str, str]

# Raw HTML an answer may use. Everything else, <script>, <iframe>, <style>, <form> and
# the like included, is refused.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "code", "del", "details", "div", "em", "i", "ins", "kbd", "li",
    "mark", "ol", "p", "small", "span", "strong", "sub", "summary", "sup", "ul",
})
# Never allowed anywhere, not even in a hand-written page's layout.
DANGEROUS_TAGS = frozenset({"script", "iframe", "style", "object", "embed", "frame", "frameset",
                            "base", "meta", "link", "applet", "noscript", "template"})
ALLOWED_ATTRIBUTES = frozenset({"href", "title", "class", "lang", "dir", "markdown", "rel", "open"})
SAFE_SCHEMES = ("https:", "mailto:", "tel:", "id:")
# What a Markdown attribute list ({#some-id .class}) may hold: an id, and these classes.
ALLOWED_CLASSES = frozenset({"md-button", "md-button--primary"})
# Classes an answer's raw HTML may name: buttons, and admonitions written out in HTML.
ANSWER_CLASSES = ALLOWED_CLASSES | frozenset({
    "hc-ui", "admonition", "admonition-title", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint",
    "important", "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"})
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Characters that have no place in help text. Bidirectional controls can show a text in
# another order than it is stored (and checked); the others are invisible, so what an
# editor reviews is not what customers and search get.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_INVISIBLE = ("\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200d"
              "\u2028\u2029\u2060-\u2064\ufeff\ufff9-\ufffb\U000e0000-\U000e007f")
_UNWANTED_CHARACTER = re.compile(f"[{_BIDI}{_INVISIBLE}]")
_BIDI_CHARACTER = re.compile(f"[{_BIDI}]")

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MD_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s>]*)>")
_ATTRIBUTE_LIST = re.compile(r"(?<!\{)\{(?!\{)[ \t]*:?[ \t]*([^{}\n]*?)[ \t]*\}(?!\})")
_FENCE_ATTRIBUTES = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*(\{[^}\n]*\})", re.M)
_ATTRIBUTE_TOKEN = re.compile(r"""([^\s=}]+)=("[^"]*"|'[^']*'|[^\s=}]*)|([^\s=}]+)""")
ANCHOR = re.compile(r"\{:?\s*#([^\s}]+)[^}]*\}|\sid\s*=\s*[\"']([^\"']+)[\"']")


def _blank(match: re.Match[str]) -> str:
    """Replace code with spaces, keeping offsets and line breaks where they were."""
    return re.sub(r"[^\n]", " ", match.group(0))


def without_code(text: str) -> str:
    """The text with fenced code, code spans and HTML comments blanked out."""
    text = _FENCE.sub(_blank, text)
    text = _CODE_SPAN.sub(_blank, text)
    return _COMMENT.sub(_blank, text)


def html_findings(text: str, *, clean: str | None = None, layout: bool = False) -> list[Finding]:
    """Raw HTML tags and attributes that are not on the allowlist.

    With `layout`, for hand-written pages, any tag and attribute is fine except the
    dangerous ones: scripts, frames, styles, event handlers and unsafe addresses.
    """
    findings: list[Finding] = []
    for match in _TAG.finditer(without_code(text) if clean is None else clean):
        name = match.group(2).lower()
        if name in DANGEROUS_TAGS or (name not in ALLOWED_TAGS and not layout):
            findings.append((match.start(), f"the HTML tag <{name}> is not allowed",
                             _tag_fix(name)))
            continue
        for attribute in _ATTRIBUTE.finditer(match.group(3)):
            key = attribute.group(1).lower()
            if key.startswith("on"):
                findings.append((match.start(), f"the HTML attribute '{key}' runs a script",
                                 "remove it; answers may not run scripts"))
            elif not layout and key == "class" and attribute.group(2):
                for name in attribute.group(2).strip("\"'").split():
                    # What the sanitizer drops, the rendered check names; this is what it keeps.
                    if name not in ANSWER_CLASSES and class_allowed(match.group(2).lower(), name, page=False):
                        findings.append((match.start(), f"the class '{name}' is not allowed in an answer",
                                         "remove it; answers may use only the classes md-button and "
                                         "md-button--primary (write notes with !!! note), never the site's "
                                         "own, so nothing in an answer can pose as the site itself"))
            elif not layout and key not in ALLOWED_ATTRIBUTES and not key.startswith("aria-"):
                findings.append((match.start(), f"the HTML attribute '{key}' is not allowed",
                                 "remove it; allowed are " + ", ".join(sorted(ALLOWED_ATTRIBUTES))))
            elif key in ("href", "src", "action", "formaction") and attribute.group(2):
                problem = url_problem(attribute.group(2).strip("\"'"), layout=layout or key == "action")
                if problem:
                    findings.append((match.start(), *problem))
    return findings


def link_findings(text: str, *, clean: str | None = None, layout: bool = False) -> list[Finding]:
    """Markdown links whose address is unsafe, or not https, or one the build cannot check."""
    findings: list[Finding] = []
    clean = without_code(text) if clean is None else clean
    for pattern in (_MD_LINK, _MD_REFERENCE, _AUTOLINK):
        for match in pattern.finditer(clean):
            problem = url_problem(match.group(1), layout=layout)
            if problem:
                findings.append((match.start(), *problem))
    return findings


# A hand-written page's relative link: to a page (.md) or picture beside it, or a folder.
_PAGE_LINK = re.compile(r"^(?:\.{0,2}/)*(?:[a-z0-9_-][a-z0-9_.-]*/)*"
                        r"(?:[a-z0-9_-][a-z0-9_.-]*\.(?:md|png|jpe?g|gif|webp|avif))?(?:#[a-z0-9_-]*)?$")


def url_problem(url: str, *, layout: bool = False) -> tuple[str, str] | None:
    """Why a link address may not be used, or None when it is fine. In an answer (not
    `layout`) a link without a scheme may only be an #anchor: answers link to each other by id."""
    compact = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", compact)
    if not scheme:
        if compact.startswith(("//", "\\\\", "/\\", "\\/")):
            return (f"the link '{url[:40]}' starts with '//', so it leaves the help centre for another website "
                    "without saying https", "write the whole address, starting with https://")
        if "\\" in compact or compact.startswith("/"):
            return (f"the link '{url[:40]}' is not an address the build can check",
                    "link to another answer with (id:...), or to a website with https://")
        if compact and not compact.startswith("#") and not (layout and _PAGE_LINK.match(compact)):
            return (f"the link '{url[:40]}' points to a file beside the pages, which the build cannot check",
                    "link to another answer with (id:...), or to a website with https://")
        return None
    if compact.startswith(SAFE_SCHEMES):
        return None  # the safe schemes
    name = scheme.group(1)
    if name in ("javascript", "vbscript", "data", "file"):
        return (f"the link uses a '{name}:' address, which is not allowed",
                "link to a page with an https:// address, or to an answer with (id:...)")
    if name == "http":
        return ("the link uses 'http:', which is not secure",
                f"use 'https:' instead: {url.replace('http:', 'https:', 1)}")
    return (f"the link uses a '{name}:' address", "use an https://, mailto: or tel: link")


def attribute_list_findings(text: str, *, clean: str | None = None) -> list[Finding]:
    """Markdown attribute lists ({#id .class key=value}) holding more than an id and classes.

    Python-Markdown's attr_list turns every word in curly braces after a heading, a block,
    a link or an image into an HTML attribute, scripts and addresses included.
    """
    findings: list[Finding] = []
    if "{" not in text:
        return findings
    clean = without_code(text) if clean is None else clean
    classes = ", ".join(f".{name}" for name in sorted(ALLOWED_CLASSES))
    # Fenced code takes attributes too (```{.text key=value}); its body is only shown.
    lists = [(m.start(1), m.group(1)[1:-1]) for m in _FENCE_ATTRIBUTES.finditer(text)]
    lists += [(m.start(), m.group(1)) for m in _ATTRIBUTE_LIST.finditer(clean)]
    for start, content in lists:
        for token in _ATTRIBUTE_TOKEN.finditer(content.lstrip(":")):
            key, word = token.group(1), token.group(3)
            if word is not None and word.startswith("#"):
                if not ID_PATTERN.match(word[1:]):
                    findings.append((start, f"'{word}' in curly braces is not a valid id",
                                     "use lowercase a-z and digits only, words joined by '-', "
                                     "e.g. {#upload-file}"))
            elif word is not None and word.startswith("."):
                if word[1:] not in ALLOWED_CLASSES and not _FENCE_ATTRIBUTES.match(text, _line_start(text, start)):
                    findings.append((start, f"the class '{word}' in curly braces is not allowed",
                                     f"remove it; the classes you may use are {classes}"))
            elif word is not None:
                findings.append((start, f"'{word}' in curly braces would become an HTML attribute",
                                 "remove the curly braces, or write them inside `backticks` to show them"))
            else:
                findings.append((start, *_attribute_problem(key.lower(), classes)))
    return findings


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _attribute_problem(key: str, classes: str) -> tuple[str, str]:
    if key.startswith("on"):
        return (f"'{key}=' in curly braces adds an event handler, which runs a script",
                "remove it; content may not run scripts")
    if key in ("href", "src", "srcset", "action", "formaction", "xlink:href"):
        return (f"'{key}=' in curly braces overrides an address",
                "remove it, and write the address in the link itself: [text](https://...) or [text](id:some-id)")
    if key == "style":
        return ("'style=' in curly braces sets its own styles",
                "remove it; the site's stylesheet styles every page the same way")
    return (f"'{key}=' in curly braces is not allowed",
            "remove it; curly braces may hold only an id such as {#some-id} and the classes " + classes)


def character_findings(text: str) -> list[Finding]:
    """Bidirectional controls and invisible characters, one finding per line."""
    findings: list[Finding] = []
    last_line = -1
    for match in _UNWANTED_CHARACTER.finditer(text):
        line = text.count("\n", 0, match.start())
        if line == last_line:
            continue
        last_line = line
        char = match.group(0)
        name = unicodedata.name(char, "a control character")
        code = f"U+{ord(char):04X}"
        if _BIDI_CHARACTER.match(char):
            findings.append((match.start(), f"contains an invisible direction control ({code} {name}), "
                             "which can show the text in another order than it is written",
                             "delete it: retype the line, or copy it from a plain-text editor"))
        else:
            findings.append((match.start(), f"contains an invisible character ({code} {name})",
                             "delete it: retype the line, or copy it from a plain-text editor"))
    return findings


_ANCHOR_LINK = re.compile(r"""\]\(\s*<?#([^)\s>]*)|\bhref\s*=\s*["']?#([^"'\s>]*)""")


def anchor_links(text: str) -> list[tuple[int, str]]:
    """Links to an anchor on the same page ([words](#x), href="#x"), with their offsets."""
    return [(m.start(), m.group(1) if m.group(1) is not None else m.group(2))
            for m in _ANCHOR_LINK.finditer(without_code(text))]


MAX_BRACKET_DEPTH = 32  # like YAML's 32 levels; help text nests brackets two or three deep
_BRACKET = re.compile(r"[\[\]]")


def too_deep_brackets(text: str) -> int | None:
    """The offset where square brackets open more than MAX_BRACKET_DEPTH deep, or None.

    Markdown's link parser takes time that grows with the square of the nesting, so such
    text is refused before anything renders it (one pass, whatever its length)."""
    if text.count("[") <= MAX_BRACKET_DEPTH:
        return None
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group(0) == "[":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                return match.start()
        elif depth:
            depth -= 1
    return None


def anchors(text: str) -> list[tuple[int, str]]:
    """Heading ids written as {#id} and HTML ids, with their offsets."""
    return [(m.start(), m.group(1) or m.group(2)) for m in ANCHOR.finditer(without_code(text))]


def written_ids(text: str) -> list[tuple[int, str]]:
    """Every id the text writes itself, with its offset: `#id` anywhere in curly braces
    ({#id}, { .md-button #id }, {: #id }) and HTML id= and name= attributes, quoted or not.
    A page's address `#id` lands on the first element with that id or name."""
    clean = without_code(text)
    found: list[tuple[int, str]] = []
    if "{" in clean:
        for match in _ATTRIBUTE_LIST.finditer(clean):
            for token in _ATTRIBUTE_TOKEN.finditer(match.group(1).lstrip(":")):
                key, word = token.group(1), token.group(3)
                if word is not None and word.startswith("#") and len(word) > 1:
                    found.append((match.start(), word[1:]))
                elif key is not None and key.lower() in ("id", "name"):
                    found.append((match.start(), token.group(2).strip("\"'")))
    if "<" in clean:
        for match in _TAG.finditer(clean):
            for attribute in _ATTRIBUTE.finditer(match.group(3)):
                if attribute.group(1).lower() in ("id", "name") and attribute.group(2):
                    found.append((match.start(), attribute.group(2).strip("\"'")))
    return sorted(found)


def _tag_fix(name: str) -> str:
    if name in DANGEROUS_TAGS or name in ("form", "input"):
        return f"remove the <{name}>; answers may only use text, links and simple formatting"
    return "use Markdown instead, or one of: " + ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))
