"""In Chromium: no third-party request and no cookie anywhere; a keyboard-only path to an
answer; and light pages."""
from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from sitetools import html_pages

pytestmark = pytest.mark.browser

BUDGET_BYTES = 120 * 1024  # first visit, gzip-compressed, without the search index


def _paths(site_dir) -> list[str]:
    paths = [p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)]
    return [p[: -len("index.html")] if p.endswith("index.html") else p for p in paths]


def test_no_page_or_search_contacts_another_host_or_sets_a_cookie(browser, site_server, site_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        for path in _paths(site_dir):
            page.goto(site_server.url + path)
            page.wait_for_load_state("networkidle")
        page.goto(site_server.url + "?q=payment+guarantee")
        page.locator(".md-search-result__item").first.wait_for()
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state("networkidle")
        cookies = context.cookies()
    finally:
        context.close()
    hosts = {urlsplit(url).netloc for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert len(requested) > 20
    assert hosts == {site_server.host}, f"requests to other hosts: {sorted(hosts - {site_server.host})}"
    assert cookies == [], f"cookies were set: {cookies}"


def test_keyboard_alone_reaches_an_answer_with_focus_always_visible(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.keyboard.press("Tab")
        skip = page.evaluate("[document.activeElement.classList.contains('md-skip'), "
                             "document.activeElement.textContent.trim()]")
        assert skip == [True, "Skip to content"]
        assert page.locator("a.md-skip").bounding_box()["height"] > 0, "the skip link is not shown on focus"

        # Walk the page by Tab until the help centre's own search box; every stop shows focus.
        for _ in range(40):
            page.keyboard.press("Tab")
            focus = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
                return {id: e.id, tag: e.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        shadow: s.boxShadow !== 'none', visible: e.getBoundingClientRect().width > 0}; }""")
            assert focus["visible"], focus
            assert focus["outline"] or focus["shadow"], f"no visible focus on {focus}"
            if focus["id"] == "hc-search-input":
                break
        else:
            pytest.fail("the search box was never reached by Tab")

        page.keyboard.type("payment guarantee")
        page.keyboard.press("Enter")  # the form opens the site search with these words
        page.locator(".md-search-result__item").first.wait_for()
        visited = []
        for _ in range(15):  # arrow down through the results to the answer
            page.keyboard.press("ArrowDown")
            visited.append(page.evaluate("document.activeElement.getAttribute('href') || document.activeElement.tagName"))
            if "#payment-guarantees" in visited[-1]:
                break
        else:
            pytest.fail(f"the answer was not reachable with the arrow keys: {visited}")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'payment-guarantees'")
        assert page.locator("#payment-guarantees").is_visible()
    finally:
        context.close()


def test_content_tabs_work_by_keyboard(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server.url + "documents/find-medical-record/")
        phone_label = page.locator(".tabbed-labels label", has_text="With a phone or tablet").first
        pc_panel = page.locator(".tabbed-block").first
        assert pc_panel.is_visible()
        page.locator(".tabbed-set > input").first.focus()
        page.keyboard.press("ArrowRight")
        assert page.get_by_text("Take a picture of the document").first.is_visible()
        assert not pc_panel.is_visible()
        assert phone_label.is_visible()
    finally:
        context.close()


def test_first_visit_to_any_page_stays_within_budget(browser, site_server, site_dir):
    weights = {}
    for path in _paths(site_dir):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        responses = []
        context.on("response", lambda response: responses.append(response))
        page = context.new_page()
        try:
            page.goto(site_server.url + path)
            page.wait_for_load_state("networkidle")
            total = 0
            for response in responses:
                if response.url.endswith("search_index.json") or response.status != 200:
                    continue
                total += len(gzip.compress(response.body(), compresslevel=6))
            weights[path] = total
        finally:
            context.close()
    heaviest = max(weights, key=weights.get)
    print("\nfirst-visit transfer, gzip:", {p: f"{w / 1024:.1f} KB" for p, w in weights.items()})
    assert min(weights.values()) > 20 * 1024, "suspiciously light: resources were not counted"
    assert weights[heaviest] <= BUDGET_BYTES, f"{heaviest}: {weights[heaviest] / 1024:.1f} KB"
