"""Each answer's HTML, taken from the page it was built into.

The renderer wraps every answer's body in `<!-- hc-body:ID -->` … `<!-- /hc-body -->`. Once
the site's Markdown engine has turned a page into HTML, `take_bodies` cuts each body out
(with links made absolute) for the JSON API and the structured data, and removes the
markers. So an answer is converted once, by the same engine as its page, never again.
"""
from __future__ import annotations

import re
from typing import Callable
from urllib.parse import urljoin

from .sanitize import clean as sanitize_html

BODY_START = "<!-- hc-body:{id} -->"
BODY_END = "<!-- /hc-body -->"
_BODY = re.compile(r"<!-- hc-body:([a-z0-9-]+) -->\n?(.*?)\n?<!-- /hc-body -->", re.S)
_LINK = re.compile(r'\b(href|src)="([^"]*)"')


def mark_body(answer_id: str, markdown: str) -> str:
    """An answer body's Markdown between markers that survive conversion to HTML."""
    return f"{BODY_START.format(id=answer_id)}\n\n{markdown}\n\n{BODY_END}"


def _clean_body(html: str) -> str:
    """An answer's body through the sanitizer, keeping only the classes content produces."""
    return sanitize_html(html, page=False)


def take_bodies(html: str, page_address: str, clean: Callable[[str], str] = sanitize_html,
                clean_body: Callable[[str], str] = _clean_body) -> tuple[str, dict[str, str]]:
    """The page's HTML without markers, and each marked body with absolute links; both
    passed through `clean` (the sanitizer); each body first through `clean_body`, which keeps
    only the classes content produces, before its links are made absolute.

    `page_address` is the page's own URL ("https://help.example/claims-and-family/", or
    "/claims-and-family/" when the site's address is unknown).
    """
    if "<!-- hc-body:" not in html:
        return clean(html), {}
    bodies: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        written = match.group(2)
        body = clean_body(written.strip())
        bodies[match.group(1)] = absolute_links(body, page_address)
        # The page keeps the body as cleaned (an answer's fewer classes), spaced as it was.
        return written[: len(written) - len(written.lstrip())] + body + written[len(written.rstrip()):]

    return clean(_BODY.sub(take, html)), bodies


def absolute_links(html: str, base: str) -> str:
    """Every href and src in `html` resolved against `base`."""
    return _LINK.sub(lambda m: f'{m.group(1)}="{urljoin(base, m.group(2))}"', html)
