"""What a first visit downloads, and how long the first and later searches take, in Chromium.

Used by `make bench` (build_cost.py) on our site and bare Material at each size:

- first visit: every response a fresh visit to a page receives before the reader touches
  anything (until the network has been quiet for a second), each gzip-compressed as a web
  server sends it; for bare Material this includes its whole search index, which it loads
  on every page;
- cold search: on a freshly loaded page (its load event fired), the cursor is put in the
  search box, and 0.1 s later the query goes in and its last character is typed; the time
  from that keystroke until the first results show;
- warm search: later queries on the same page, the same time (median).
"""
from __future__ import annotations

import contextlib
import gzip
import statistics
import time

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
        wait_until_quiet(page, responses)
        total = 0
        for response in responses:
            if response.status == 200 and response.request.method == "GET":
                total += len(gzip.compress(response.body(), compresslevel=6))
        return total
    finally:
        context.close()


def wait_until_quiet(page, responses: list) -> None:
    """Wait until no response has arrived for QUIET_MS (at most a minute)."""
    deadline = time.perf_counter() + 60
    seen, quiet_since = len(responses), time.perf_counter()
    while time.perf_counter() < deadline:
        page.wait_for_timeout(100)
        if len(responses) != seen:
            seen, quiet_since = len(responses), time.perf_counter()
        elif (time.perf_counter() - quiet_since) * 1000 >= QUIET_MS:
            return


# Timed in the page, from the key press of the query's last character to the moment the
# first results are in the list: no browser driver round trip is counted, for either site.
# The clock starts when the key goes down, not up: a page may search on the input the key
# makes (ours does, for text that comes without a key) and show results before the key is
# released, and a clock started by the release would then wait for results already shown.
TIMER = """() => {
  const list = document.querySelector('.md-search-result__list');
  const timer = window.__searchTimer = {key: null, shown: null};
  document.addEventListener('keydown', () => { timer.key = performance.now(); timer.shown = null; }, true);
  new MutationObserver(() => {
    if (timer.key !== null && timer.shown === null && list.children.length) timer.shown = performance.now();
  }).observe(list, {childList: true});
}"""
SETTLE_MS = 100  # between the cursor landing in the box and the query: faster than anyone types


def _timed_query(page, text: str, *, timeout_ms: int = 120_000) -> float:
    """Seconds from the keystroke that ends `text` until its first results show.

    All but the last character are put in the box without an input event (so no page
    searches them), then the last is typed: exactly one query is sent, whatever the box had
    sent before.
    """
    field = page.locator(".md-search__input")
    field.evaluate("(box, text) => { box.value = text; }", text[:-1])
    page.evaluate("() => { window.__searchTimer.key = null; window.__searchTimer.shown = null; }")
    field.press(text[-1])
    page.wait_for_function("() => window.__searchTimer.shown !== null", timeout=timeout_ms, polling=10)
    return page.evaluate("() => (window.__searchTimer.shown - window.__searchTimer.key) / 1000")


def _clear(page) -> None:
    field = page.locator(".md-search__input")
    field.fill("")
    field.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")


@contextlib.contextmanager
def _search_page(browser, url: str, on_response=None):
    """A freshly loaded page, timer set, the cursor in the search box for SETTLE_MS."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if on_response is not None:
        context.on("response", on_response)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate(TIMER)
        page.locator(".md-search__input").click()
        page.wait_for_timeout(SETTLE_MS)
        yield page
    finally:
        context.close()


def cold_search_seconds(browser, url: str, *, on_response=None) -> float:
    """Keystroke to first results, on a page that has just loaded; `on_response`, if
    given, sees every response the page receives."""
    with _search_page(browser, url, on_response) as page:
        return _timed_query(page, COLD_QUERY)


def warm_search_seconds(browser, url: str) -> float:
    """Median keystroke to first results for later queries on one page."""
    with _search_page(browser, url) as page:
        _timed_query(page, COLD_QUERY)  # the first search loads what search needs
        timings = []
        for query in WARM_QUERIES:
            _clear(page)
            timings.append(_timed_query(page, query))
        return statistics.median(timings)


def measure(browser, url: str, *, runs: int = 3) -> dict:
    """First-visit bytes, cold search (median of `runs` fresh pages) and warm search."""
    return {"first_visit_gzip_bytes": first_visit_bytes(browser, url),
            "cold_search_s": round(statistics.median(cold_search_seconds(browser, url) for _ in range(runs)), 3),
            "warm_search_s": round(warm_search_seconds(browser, url), 3)}
