"""The search-quality runner that counts: type each query into the site's own search box
in Chromium and read the result links in the order a customer sees them."""
from __future__ import annotations

import time

from quality import Outcome, Query, Report, row_ids, score

RESULT_LINKS = """() => Array.from(document.querySelectorAll('.md-search-result__link'))
  .filter(link => link.offsetParent !== null)
  .map(link => new URL(link.href).pathname + new URL(link.href).hash)"""


def search_hrefs(page, text: str) -> tuple[list[str], float]:
    """Search for `text` in the site's search box; return the visible result links and the
    seconds from the keystroke until the results settled.

    Typing character by character would send the worker one query per keystroke and
    results could be read mid-stream; so the box is emptied, the words are put in, and one
    keystroke (End) sends exactly one query, as the last key a customer types does.
    """
    field = page.locator(".md-search__input")
    meta = page.locator(".md-search-result__meta")
    field.fill("")
    field.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
    field.fill(text)
    field.press("End")
    typed = time.perf_counter()
    previous, stable_since, settled_at = None, typed, typed
    deadline = typed + 5
    while time.perf_counter() < deadline:
        current = page.evaluate(RESULT_LINKS) if "Type to start" not in meta.inner_text() else None
        now = time.perf_counter()
        if current is not None and current == previous:
            if now - stable_since > 0.2:
                return current, settled_at - typed
        else:
            previous, stable_since, settled_at = current, now, now
        page.wait_for_timeout(10)
    return previous or [], settled_at - typed


def run(page, site_url: str, queries: list[Query], links: dict) -> tuple[Report, list[float]]:
    page.goto(site_url)
    page.locator(".md-search__input").first.focus()
    page.locator(".md-search__input").first.click()
    timings = []
    outcomes: list[Outcome] = []
    for query in queries:
        hrefs, seconds = search_hrefs(page, query.text)
        timings.append(seconds)
        outcomes.append(score(query, row_ids(hrefs, links), links))
    return Report(outcomes), timings
