"""Built pages made valid HTML where the theme's own markup is not.

Material for MkDocs writes `autocomplete="off"` on the checkboxes that open its menu and
search (so Firefox does not reopen them on reload); HTML allows `autocomplete` only on
text-like inputs, and the W3C Nu HTML checker reports it on every page. The page script
(overrides/partials/load-scripts.js) closes both toggles as a page loads instead.
"""
from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def conforming_page(html: str) -> str:
    """`html` without `autocomplete` on checkboxes, the theme's only invalid markup."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
