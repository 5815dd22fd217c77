"""A customer's first minute on a slow phone, measured in Chromium.

The slow profile: 4x CPU slowdown and slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up),
set through the DevTools protocol. The reader taps the search the moment the first text is
painted (the header's search button at phone width, the search box on a desktop), then
types "password". A tap that does not put the cursor in the search box is a lost tap; the
reader taps again every quarter second. Used by tests/test_first_minute.py and by
`make bench-web` (benchmarks/web_quality.py), which compares with bare Material.
"""
from __future__ import annotations

import time

QUERY = "password"
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4

# Paints as the page reports them, from navigation start.
PAINTS = """
window.__paints = {fcp: null, lcp: null};
window.__taps = 0;
addEventListener("click", () => { window.__taps += 1; }, true);
new PerformanceObserver((list) => { for (const e of list.getEntries())
  if (e.name === "first-contentful-paint") window.__paints.fcp = e.startTime; }).observe({type: "paint", buffered: true});
new PerformanceObserver((list) => { const all = list.getEntries();
  window.__paints.lcp = all[all.length - 1].startTime; }).observe({type: "largest-contentful-paint", buffered: true});
"""
TARGET = """(phone) => {
  const target = document.querySelector(phone ? ".md-header label.md-header__button[for='__search']" : ".md-search__input");
  if (!target) return null;
  const box = target.getBoundingClientRect();
  const shown = box.width > 0 && box.height > 0 && target.checkVisibility({opacityProperty: true, visibilityProperty: true});
  return shown ? {x: box.left + box.width / 2, y: box.top + box.height / 2} : null;
}"""
FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
IN_BOX = "() => !!document.activeElement && document.activeElement.classList.contains('md-search__input')"
RESULTS = """(query) => { const input = document.querySelector('.md-search__input');
  return !!input && input.value === query && document.querySelectorAll('.md-search-result__item').length > 0; }"""


def first_minute(browser, url: str, width: int, *, height: int | None = None, timeout_s: float = 30) -> dict:
    """One fresh visit to `url` at `width` px on the slow profile: tap, type, wait for results."""
    phone = width < 960
    context = browser.new_context(viewport={"width": width, "height": height or (844 if phone else 900)},
                                  has_touch=phone)
    page = context.new_page()
    page.add_init_script(PAINTS)
    session = context.new_cdp_session(page)
    # A first visit: the new context's cache starts empty, and keeps what the visit fetches.
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_4G)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        deadline = start + timeout_s
        if "/go/" in url:  # a short link sends the browser on to its answer's page at once
            page.wait_for_url(lambda address: "/go/" not in address, wait_until="commit", timeout=timeout_s * 1000)
        while not page.evaluate("() => !!(window.__paints && window.__paints.fcp)"):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{url}: nothing painted in {timeout_s} s")
            time.sleep(0.01)
        first_tap_ms = None
        taps = lost = 0
        tapped_at = None
        while True:
            target = page.evaluate(TARGET, phone)
            now = time.perf_counter()
            if first_tap_ms is None:
                first_tap_ms = page.evaluate("() => performance.now()")
                tapped_at = now
            taps += 1
            if target:
                if phone:
                    page.touchscreen.tap(target["x"], target["y"])
                else:
                    page.mouse.click(target["x"], target["y"])
                # The tap is lost unless, once the page has taken it, the cursor is in the box.
                page.wait_for_function("(n) => window.__taps >= n", arg=taps, timeout=timeout_s * 1000)
                page.evaluate(FRAMES)
                if page.evaluate(IN_BOX):
                    break
            lost += 1
            time.sleep(0.25)  # the reader looks, and taps again
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{url}: the search box never took the cursor")
        page.keyboard.type(QUERY, delay=60)
        page.wait_for_function(RESULTS, arg=QUERY, timeout=timeout_s * 1000)
        results_at = time.perf_counter()
        paints = page.evaluate("() => window.__paints")
        value = page.evaluate("() => document.querySelector('.md-search__input').value")
    finally:
        context.close()
    return {"tap_ms": round(first_tap_ms), "taps": taps, "lost_taps": lost,
            "tap_to_results_ms": round((results_at - tapped_at) * 1000),
            # from the start of the visit: a page that takes the tap sooner shows a longer wait above
            "results_ms": round(first_tap_ms + (results_at - tapped_at) * 1000),
            "fcp_ms": round(paints["fcp"] or 0), "lcp_ms": round(paints["lcp"] or 0), "typed": value}
