"""The Content Security Policy every page carries, and the checks that keep it true.

One policy for the whole site: instant navigation keeps the first page's policy, so it must
allow the inline scripts of every page. Those are hashed from the built pages themselves,
so a theme update that changes them changes the hashes instead of breaking the site, and a
page that would still have something blocked stops the build.
"""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

# Put into each page at render time, right after <meta charset>; replaced by the policy
# once every page's scripts are known.
PLACEHOLDER = '<meta http-equiv="Content-Security-Policy" content="hc-policy">'
META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'

_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_HANDLER = re.compile(r"""\s(on[a-z]+)\s*=""", re.I)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=""", re.I)
_SCRIPT_URL = re.compile(r"""\s(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
_STYLE_ELEMENT = re.compile(r"<style\b", re.I)
# Types the browser runs; any other (application/json, application/ld+json) is data.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group(1)
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
            continue
        scripts.append(match.group(2))
    return scripts


def script_hash(text: str) -> str:
    """The CSP source for one inline script: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def style_hash(text: str) -> str:
    """The CSP source for one <style> element's text: 'sha256-<base64>', as for scripts."""
    return script_hash(text)


def page_hashes(html: str) -> set[str]:
    return {script_hash(text) for text in inline_scripts(html)}


def content_security_policy(hashes: set[str], *, connect: tuple[str, ...] = (), styles: set[str] = frozenset()) -> str:
    """The site's policy, given the hashes of its inline scripts and extra origins to send to;
    `styles` hashes <style> elements the theme's own script adds (Zensical's search dialog)."""
    origins = sorted({origin for origin in (_origin(url) for url in connect) if origin})
    directives = [
        "default-src 'none'",
        "script-src 'self' " + " ".join(sorted(hashes)) if hashes else "script-src 'self'",
        " ".join(["style-src 'self'", *sorted(styles)]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src " + " ".join(["'self'", *origins]),
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def with_placeholder(html: str) -> str:
    """The page with the policy's placeholder right after its <meta charset>."""
    match = _CHARSET.search(html)
    if not match:
        raise ValueError("the page has no <meta charset=\"utf-8\">, so it cannot carry the policy first")
    return html[: match.end()] + "\n    " + PLACEHOLDER + html[match.end():]


def with_policy(html: str, policy: str) -> str:
    """The page with its placeholder replaced by the policy."""
    return html.replace(PLACEHOLDER, META.format(policy=policy), 1)


def blocked(html: str, hashes: set[str]) -> list[str]:
    """What in the page the policy would block: each as a short description."""
    problems = []
    if PLACEHOLDER not in html and "Content-Security-Policy" not in html:
        problems.append("it carries no Content-Security-Policy")
    for text in inline_scripts(html):
        if script_hash(text) not in hashes:
            problems.append(f"an inline script that is not hashed: {text.strip()[:60]!r}")
    for tag in _TAG.findall(html):
        handler = _HANDLER.search(tag)
        if handler:
            problems.append(f"an inline event handler '{handler.group(1)}' in {tag[:60]}")
        if _STYLE_ATTRIBUTE.search(tag):
            problems.append(f"a style attribute in {tag[:60]}")
        if _SCRIPT_URL.search(tag):
            problems.append(f"a javascript: address in {tag[:60]}")
    if _STYLE_ELEMENT.search(html):
        problems.append("an inline <style> element")
    return problems


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
