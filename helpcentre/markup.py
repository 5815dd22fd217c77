"""Find unsafe HTML, unsafe links and heading anchors in Markdown text.

Each finder returns (offset, message, fix) tuples; the caller turns offsets into lines.
Code spans and fenced code are skipped: what stands there is shown, never run.
"""
from __future__ import annotations

import re

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

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MD_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s>]*)>")
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
            elif not layout and key not in ALLOWED_ATTRIBUTES and not key.startswith("aria-"):
                findings.append((match.start(), f"the HTML attribute '{key}' is not allowed",
                                 "remove it; allowed are " + ", ".join(sorted(ALLOWED_ATTRIBUTES))))
            elif key in ("href", "src", "action", "formaction") and attribute.group(2):
                problem = url_problem(attribute.group(2).strip("\"'"))
                if problem:
                    findings.append((match.start(), *problem))
    return findings


def link_findings(text: str, *, clean: str | None = None) -> list[Finding]:
    """Markdown links whose address is unsafe, or not https."""
    findings: list[Finding] = []
    clean = without_code(text) if clean is None else clean
    for pattern in (_MD_LINK, _MD_REFERENCE, _AUTOLINK):
        for match in pattern.finditer(clean):
            problem = url_problem(match.group(1))
            if problem:
                findings.append((match.start(), *problem))
    return findings


def url_problem(url: str) -> tuple[str, str] | None:
    """Why a link address may not be used, or None when it is fine."""
    compact = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", compact)
    if not scheme or compact.startswith(SAFE_SCHEMES):
        return None  # relative links, #anchors and the safe schemes
    name = scheme.group(1)
    if name in ("javascript", "vbscript", "data", "file"):
        return (f"the link uses a '{name}:' address, which is not allowed",
                "link to a page with an https:// address, or to an answer with (id:...)")
    if name == "http":
        return ("the link uses 'http:', which is not secure",
                f"use 'https:' instead: {url.replace('http:', 'https:', 1)}")
    return (f"the link uses a '{name}:' address", "use an https://, mailto: or tel: link")


def anchors(text: str) -> list[tuple[int, str]]:
    """Heading ids written as {#id} and HTML ids, with their offsets."""
    return [(m.start(), m.group(1) or m.group(2)) for m in ANCHOR.finditer(without_code(text))]


def _tag_fix(name: str) -> str:
    if name in DANGEROUS_TAGS or name in ("form", "input"):
        return f"remove the <{name}>; answers may only use text, links and simple formatting"
    return "use Markdown instead, or one of: " + ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))
