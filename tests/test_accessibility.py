"""Accessibility (WCAG 2.2 AA) in Chromium with axe-core: every page, both widths, every state."""
from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from sitetools import html_pages

pytestmark = pytest.mark.browser

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")  # axe-core, pinned with the package
# axe is added to each page as an inline script, which the site's own policy refuses: the
# audits bypass the policy (tests/test_security.py holds the site to it).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _violations(page) -> list[str]:
    # Audit the page as it settles: once its scripts, which load after the first paint, are in
    # (pages of this site say so on <html>), and once fades and slides have finished, since
    # contrast is measured through opacity.
    page.wait_for_function("() => !document.getElementById('hc-scripts') || "
                           "document.documentElement.hasAttribute('data-hc-ready')")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
            else str(n["target"]) for n in v["nodes"][:3]) for v in result["violations"]]


def _audit_every_state(page) -> list[str]:
    """The page as loaded with everything collapsed opened, then each content tab in turn."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = _violations(page)
    tabs = page.locator(".tabbed-set > input")
    for index in range(tabs.count()):
        page.evaluate("(i) => { const t = document.querySelectorAll('.tabbed-set > input')[i]; t.checked = true; "
                      "t.dispatchEvent(new Event('change', {bubbles: true})); }", index)
        found += _violations(page)
    return found


@pytest.fixture(scope="module")
def page_paths(site_dir) -> list[str]:
    paths = [p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)]
    return [p[: -len("index.html")] if p.endswith("index.html") else p for p in paths]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_page_has_no_axe_violations(browser, site_server, page_paths, width):
    context = browser.new_context(bypass_csp=True, viewport=WIDTHS[width])
    page = context.new_page()
    problems = {}
    try:
        for path in page_paths:
            page.goto(site_server.url + path)
            found = _audit_every_state(page)
            if found:
                problems[path] = sorted(set(found))
    finally:
        context.close()
    assert len(page_paths) >= 9
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(v) for path, v in problems.items())


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_search_dialog_and_menu_have_no_axe_violations(browser, site_server, width):
    context = browser.new_context(bypass_csp=True, viewport=WIDTHS[width])
    page = context.new_page()
    try:
        page.goto(site_server.url + "?q=upload")
        page.locator(".md-search-result__item").first.wait_for()
        found = _violations(page)
        page.goto(site_server.url + "?q=qqqxyzzy")
        page.locator(".md-search-result .hc-no-results").wait_for()
        found += _violations(page)
        if width == "phone":
            page.goto(site_server.url + "documents/upload-file/")
            page.locator("label.md-header__button[for='__drawer']").click()
            page.wait_for_function("() => document.getElementById('__drawer').checked")
            found += _violations(page)
    finally:
        context.close()
    assert not found, "\n".join(sorted(set(found)))
