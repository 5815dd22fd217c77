"""When a built page's scripts are fetched and run.

The theme's scripts (Material's bundle and the help centre's own) are kept in a
`<template id="hc-scripts">` at the end of each page, so that the page decides when they
run (overrides/partials/load-scripts.js). Inside a template the browser's preload scanner
cannot see them: they would be requested only once the page's script at the end of the
body had run, which waits for the stylesheets, then for the first paint, a second or more
after bare Material starts fetching its bundle on a slow phone. So each page names them
at the top of its head as preloads at low priority: fetched from the start, beside the
stylesheets, without holding them up.
"""
from __future__ import annotations

import html as html_text
import re

from .conformance import conforming_page

_SCRIPTS = re.compile(r'<template id="hc-scripts">(.*?)</template>', re.S)
_SOURCE = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)


def finished_page(page: str) -> str:
    """A built page as it is published: valid HTML, its scripts fetched from the start."""
    return with_script_preloads(conforming_page(page))


def with_script_preloads(page: str) -> str:
    """The page with a low-priority preload, right after its <meta charset>, for each
    script its `hc-scripts` template holds; a page without one is returned as it is."""
    scripts = _SCRIPTS.search(page)
    charset = _CHARSET.search(page)
    if not scripts or not charset:
        return page
    links = "".join(f'\n    <link rel="preload" as="script" href="{html_text.escape(html_text.unescape(source))}" '
                    'fetchpriority="low">' for source in _SOURCE.findall(scripts.group(1)))
    return page[:charset.end()] + links + page[charset.end():]
