"""The search-quality runner for Zensical's search dialog: type each query into the box
Zensical draws (in a shadow root) and read its result links in the order shown.

Zensical's dialog answers from its own engine over search.json, not from the help centre's
index (tests/known_gaps.py: "search box"); this measures what a reader of a Zensical build
meets today.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from quality import Outcome, Query, Report, row_ids, score

# Playwright's CSS locators reach into open shadow roots.
BOX = "dialog input[role=combobox]"
RESULT_LINKS = """() => {
  const host = Array.from(document.body.children).find(e => e.shadowRoot && e.shadowRoot.querySelector('dialog'));
  if (!host) return null;
  const root = host.shadowRoot;
  const status = root.querySelector('[role=status]');
  return {status: status ? status.textContent : '',
          links: Array.from(root.querySelectorAll('a[role=option]')).map(a => a.href)};
}"""


def _without_highlight(href: str) -> str:
    """A result link without Zensical's ?h= highlight parameter: path and anchor."""
    parts = urlsplit(href)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def search_hrefs(page, text: str) -> tuple[list[str], float]:
    """Search for `text`; the result links once they have stopped changing, and the seconds
    from the last keystroke until then."""
    box = page.locator(BOX)
    box.fill("")
    box.fill(text)
    typed = time.perf_counter()
    previous, stable_since, settled_at = None, typed, typed
    deadline = typed + 5
    while time.perf_counter() < deadline:
        state = page.evaluate(RESULT_LINKS)
        current = [_without_highlight(h) for h in state["links"]] if state else None
        now = time.perf_counter()
        if current is not None and current == previous:
            if now - stable_since > 0.3:
                return current[:10], settled_at - typed
        else:
            previous, stable_since, settled_at = current, now, now
        page.wait_for_timeout(10)
    return (previous or [])[:10], settled_at - typed


def run(page, site_url: str, queries: list[Query], links: dict, *,
        give_up_after_misses: int | None = None) -> tuple[Report, list[float]]:
    """Score `queries` typed into Zensical's search dialog on the site at `site_url`;
    stop early once more than `give_up_after_misses` queries missed the first three places
    (the target is out of reach by then, and each query costs the suite a second)."""
    page.goto(site_url)
    page.locator(".md-search__button").first.click()
    page.locator(BOX).wait_for()
    timings, outcomes = [], []
    for query in queries:
        hrefs, seconds = search_hrefs(page, query.text)
        timings.append(seconds)
        outcomes.append(score(query, row_ids(hrefs, links), links))
        misses = sum(o.rank is None or o.rank > 3 for o in outcomes)
        if give_up_after_misses is not None and misses > give_up_after_misses:
            break
    return Report(outcomes), timings
