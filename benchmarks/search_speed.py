"""What a first visit downloads, and how long the first and later searches take, in Chromium.

Used by `make bench` (build_cost.py) on our site and bare Material at each size:

- first visit: every response a fresh visit to a page receives before the reader touches
  anything (until the network has been quiet for a second), each gzip-compressed as a web
  server sends it; for bare Material this includes its whole search index, which it loads
  on every page;
- cold search: on a freshly loaded page (its load event fired), the time from the keystroke
  that ends a query until the first results show;
- warm search: later queries on the same page, keystroke to settled results (median).
"""
from __future__ import annotations

import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "search"))

from browser_runner import search_hrefs  # noqa: E402

COLD_QUERY = "payment guarantee"
WARM_QUERIES = ("upload document", "password", "referral sundhed.dk", "family member", "consent pdf")
QUIET_MS = 1000
PHONE = {"width": 390, "height": 844}


def first_visit_bytes(browser, url: str) -> int:
    """Gzip bytes of everything a fresh visit to `url` loads before any interaction."""
    context = browser.new_context(viewport=PHONE)
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        _wait_until_quiet(page, responses)
        total = 0
        for response in responses:
            if response.status == 200 and response.request.method == "GET":
                total += len(gzip.compress(response.body(), compresslevel=6))
        return total
    finally:
        context.close()


def _wait_until_quiet(page, responses: list) -> None:
    """Wait until no response has arrived for QUIET_MS (at most a minute)."""
    deadline = time.perf_counter() + 60
    seen, quiet_since = len(responses), time.perf_counter()
    while time.perf_counter() < deadline:
        page.wait_for_timeout(100)
        if len(responses) != seen:
            seen, quiet_since = len(responses), time.perf_counter()
        elif (time.perf_counter() - quiet_since) * 1000 >= QUIET_MS:
            return


def cold_search_seconds(browser, url: str) -> float:
    """Keystroke to first results, on a page that has just loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        field = page.locator(".md-search__input")
        field.click()
        field.fill(COLD_QUERY)
        start = time.perf_counter()
        field.press("End")
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0",
                               timeout=120_000, polling=10)
        return time.perf_counter() - start
    finally:
        context.close()


def warm_search_seconds(browser, url: str) -> float:
    """Median keystroke to settled results for later queries on one page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.locator(".md-search__input").click()
        search_hrefs(page, COLD_QUERY)  # the first search loads what search needs
        return statistics.median(search_hrefs(page, query)[1] for query in WARM_QUERIES)
    finally:
        context.close()


def measure(browser, url: str, *, runs: int = 3) -> dict:
    """First-visit bytes, cold search (median of `runs` fresh pages) and warm search."""
    return {"first_visit_gzip_bytes": first_visit_bytes(browser, url),
            "cold_search_s": round(statistics.median(cold_search_seconds(browser, url) for _ in range(runs)), 3),
            "warm_search_s": round(warm_search_seconds(browser, url), 3)}
