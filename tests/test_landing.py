"""Every published id lands open, in view, below the header, marked and focused, by every route."""
from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

# Where the element a link lands on is, as the reader's browser sees it.
LANDING_STATE = """(id) => {
  const element = document.getElementById(id);
  if (!element) return {found: false};
  const target = element.closest('h1, h2, h3, h4, h5, h6') || element;
  const box = target.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const style = getComputedStyle(target);
  return {
    found: true,
    top: box.top, bottom: box.bottom, headerBottom: header.bottom, viewport: innerHeight,
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
    open: !target.closest('details:not([open])'),
    focused: document.activeElement === target,
    target: element.matches(':target') || target.matches(':target'),
    marked: target.classList.contains('hc-landed'),
  };
}"""


def _landed(page, ident: str) -> dict:
    element_id = ident
    # Landed, and settled in view: the page keeps an answer in view while layout settles.
    page.wait_for_function(
        "(id) => { const e = document.getElementById(id); const t = e && (e.closest('h1,h2,h3,h4,h5,h6') || e);"
        " if (!t || !t.classList.contains('hc-landed') || document.activeElement !== t) return false;"
        " const top = t.getBoundingClientRect().top, header = document.querySelector('.md-header');"
        " return top >= header.getBoundingClientRect().bottom - 1 && top < innerHeight - 40; }",
        arg=element_id, timeout=5000)
    return page.evaluate(LANDING_STATE, element_id)


def _assert_in_view(state: dict, where: str) -> None:
    assert state["found"], f"{where}: no element"
    assert state["visible"] and state["open"], f"{where}: hidden or collapsed {state}"
    assert state["top"] >= state["headerBottom"] - 1, f"{where}: under the header {state}"
    assert state["top"] < state["viewport"] - 40, f"{where}: below the fold {state}"
    assert state["focused"] or state["target"], f"{where}: neither focused nor :target {state}"
    assert state["marked"], f"{where}: not marked as the landed answer"


@pytest.fixture(scope="module")
def links(site_dir) -> dict:
    return json.loads((site_dir / "links.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_id_lands_directly_and_through_its_short_link(browser, site_server, links, width):
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    try:
        for ident, record in links.items():
            anchor = record["url"].partition("#")[2]
            page.goto("about:blank")  # each link is followed from elsewhere, as the portal's are
            page.goto(site_server.url + record["url"])
            _assert_in_view(_landed(page, anchor), f"{width} {record['url']}")
            page.goto("about:blank")
            page.goto(site_server.url + f"go/{ident}/")
            page.wait_for_url("**#" + anchor)
            _assert_in_view(_landed(page, anchor), f"{width} go/{ident}/")
    finally:
        context.close()
    assert len(links) >= 25


def test_instant_navigation_lands_on_the_answer(browser, site_server):
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.locator("html[data-hc-ready]").wait_for(state="attached")  # Material's script has loaded
        page.evaluate("window.__sameDocument = true")
        page.locator("article").get_by_role("link", name="Where do I find my payment guarantees?").click()
        page.wait_for_url("**/claims-and-family/#payment-guarantees")
        _assert_in_view(_landed(page, "payment-guarantees"), "instant navigation")
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded, not navigated instantly"
    finally:
        context.close()


def test_search_result_lands_on_the_answer(browser, site_server):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").fill("save the referral as a pdf")
        page.locator(".md-search__input").press("End")  # one keystroke: one query to the worker
        result = page.locator(".md-search-result__link[href*='#save-referral-pdf']:visible").first
        result.wait_for(timeout=10000)
        result.click()
        page.wait_for_url(re.compile(r".*/documents/find-referral/(\?h=[^#]*)?#save-referral-pdf$"))
        _assert_in_view(_landed(page, "save-referral-pdf"), "search result")
    finally:
        context.close()


def test_without_javascript_short_links_and_answers_still_work(browser, site_server):
    context = browser.new_context(viewport=WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_server.url + "go/upload-steps/")
        page.wait_for_url("**/documents/upload-file/#upload-steps", timeout=10000)
        heading = page.locator("#upload-steps")
        assert heading.is_visible() and heading.inner_text() == "Upload the file"
        assert page.locator("#upload-steps ~ ol").first.locator(":scope > li").count() == 7
        box = heading.bounding_box()
        assert box and box["y"] >= 48 - 1, "under the header"
        # The short link page itself, as a reader without a refresh would see it.
        page.goto(site_server.url + "go/payment-guarantees/index.html", wait_until="commit")
    finally:
        context.close()
    raw = browser.new_context(java_script_enabled=False)
    try:
        html = raw.request.get(site_server.url + "go/payment-guarantees/").text()
        assert 'content="0; url=../../claims-and-family/#payment-guarantees"' in html
        assert '<a href="../../claims-and-family/#payment-guarantees">' in html
    finally:
        raw.close()


def test_copy_link_works_by_keyboard_and_is_announced(browser, site_server):
    context = browser.new_context(viewport=WIDTHS["desktop"], permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site_server.url + "claims-and-family/")
        button = page.get_by_role("button", name="Copy link to “Where do I find my payment guarantees?”")
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('hc-announcer') && "
                               "document.getElementById('hc-announcer').textContent.startsWith('Link copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == site_server.url + "go/payment-guarantees/"
        assert page.get_attribute("#hc-announcer", "role") == "status"
        assert button.inner_text() == "Link copied"
    finally:
        context.close()


def test_search_link_opens_with_results(browser, site_server):
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    try:
        page.goto(site_server.url + "?q=payment+guarantee")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10000)
        assert page.locator(".md-search__input").input_value() == "payment guarantee"
        hrefs = [link.get_attribute("href") for link in page.locator(".md-search-result__link").all()]
        assert any("claims-and-family/" in href and href.endswith("#payment-guarantees") for href in hrefs), hrefs
    finally:
        context.close()


def test_a_renamed_id_still_lands_on_the_answer(browser, tmp_path):
    import subprocess
    import sys

    from sitetools import build_site, copy_project, free_port, serve_directory
    from test_links import _rename

    project = copy_project(tmp_path / "project")
    _rename(project, "payment-guarantees", "find-payment-guarantees", alias=True)
    _rename(project, "upload-steps", "upload-your-file", alias=True)
    subprocess.run([sys.executable, "-m", "helpcentre", "lock"], cwd=project, check=True, capture_output=True)
    port = free_port()
    site = build_site(project, tmp_path / "site", site_url=f"http://127.0.0.1:{port}/")
    server = serve_directory(site, port)
    url = next(server).url
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    try:
        for old, new, path in (("payment-guarantees", "find-payment-guarantees", "claims-and-family/"),
                               ("upload-steps", "upload-your-file", "documents/upload-file/")):
            page.goto(url + f"{path}#{old}")  # an old page#old-id link
            _assert_in_view(_landed(page, new), f"{path}#{old}")
            page.goto(url + f"go/{old}/")  # the alias' own short link
            page.wait_for_url(f"**#{new}")
            _assert_in_view(_landed(page, new), f"go/{old}/")
        page.goto(url + "logging-in/#payment-guarantees")  # an old id on a page it never lived on
        page.wait_for_url("**/claims-and-family/#find-payment-guarantees")
        _assert_in_view(_landed(page, "find-payment-guarantees"), "followed through links.json")
    finally:
        context.close()
        server.close()


SKIP_PAGES = ["", "logging-in/", "documents/find-referral/", "contact/"]


def test_skip_to_content_puts_focus_on_the_heading(browser, site_server, pages=SKIP_PAGES):
    """The first Tab stop is "Skip to content"; Enter puts focus on the page's heading, so a
    screen reader reads it, and again when the address already names the heading."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in pages:
            page.goto(site_server.url + path)
            page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')")
            for time in ("first", "again"):
                page.keyboard.press("Tab") if time == "first" else page.focus("a.md-skip")
                focused = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.outerHTML]")
                assert focused[0] == "Skip to content", (path, time, focused[1][:200])
                page.keyboard.press("Enter")
                page.wait_for_function("() => document.activeElement.tagName === 'H1'", timeout=5_000)
                page.evaluate("document.activeElement.blur()")
    finally:
        context.close()
