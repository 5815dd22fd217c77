"""Built pages made valid HTML, and reachable by keyboard, where the theme's own markup is not.

Material for MkDocs writes `autocomplete="off"` on the checkboxes that open its menu and
search (so Firefox does not reopen them on reload); HTML allows `autocomplete` only on
text-like inputs, and the W3C Nu HTML checker reports it on every page. The page script
(overrides/partials/load-scripts.js) closes both toggles as a page loads instead.

Material also writes its "Skip to content" link only from a page's table of contents, so a
page without one (the 404 page) had none, and a keyboard reader had to Tab through the
header and the whole menu to reach it [WCAG 2.4.1]. Such a page gets one, to its heading.
Zensical writes one on every page, to an empty anchor of its own before the heading, which
a screen reader has nothing to announce for: its link is pointed at the heading instead.
"""
from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
_FIRST_HEADING = re.compile(r'<h1\b[^>]*?\bid="([^"]+)"')
_ANCHOR_SKIP = re.compile(r'(<a href=")#__skip(" class="md-skip">)')  # Zensical's


def conforming_page(html: str) -> str:
    """`html` without `autocomplete` on checkboxes, the theme's only invalid markup, and
    with a skip link to its heading where the theme wrote none."""
    return with_skip_link(_CHECKBOX_AUTOCOMPLETE.sub(r"\1", html))


def with_skip_link(html: str) -> str:
    """The page with "Skip to content" to its first heading: where its skip place is empty,
    or its skip link leads to an empty anchor."""
    heading = _FIRST_HEADING.search(html)
    if not heading:
        return html
    html = _ANCHOR_SKIP.sub(lambda found: f"{found.group(1)}#{heading.group(1)}{found.group(2)}", html, count=1)
    link = f'\n      <a href="#{heading.group(1)}" class="md-skip">Skip to content</a>\n    '
    return _EMPTY_SKIP.sub(lambda found: found.group(1) + link + found.group(2), html, count=1)
