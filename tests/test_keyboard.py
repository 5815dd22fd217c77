"""A keyboard-only reader in Chromium: every page at 390 and 1280 px, forwards and backwards.

Every Tab stop must be shown, not under the sticky header and not covered; nothing closed
(the menu drawer at phone width, the search panel, the no-results panel) may take focus;
and Escape never leaves focus on the page itself (tests/keyboard_walk.py).
"""
from __future__ import annotations

import pytest

from keyboard_walk import FOCUS_PROBE, playwright_driver, walk_page, walk_pages
from sitetools import html_pages

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _page_paths(site_dir) -> list[str]:
    paths = [p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)]
    return [p[: -len("index.html")] if p.endswith("index.html") else p for p in paths]


@pytest.fixture()
def keyboard_page(browser, request):
    """A page at the width the test is parametrized with."""
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("keyboard_page", sorted(WIDTHS), indirect=True)
def test_every_page_walks_by_tab_both_ways_with_every_stop_in_view(keyboard_page, site_server, site_dir):
    urls = [site_server.url + path for path in _page_paths(site_dir)]
    walks = walk_pages(urls, **playwright_driver(keyboard_page))
    assert len(walks) == 2 * len(urls) and len(urls) >= 9
    problems = [problem for walk in walks for problem in walk.problems]
    assert not problems, "\n".join(problems)
    # Both directions meet the same stops, and the page's own parts are among them.
    for forwards, backwards in zip(walks[::2], walks[1::2]):
        assert sorted(forwards.stops) == sorted(backwards.stops), forwards.page
        # the 404 page too: Material writes none for a page without a table of contents
        assert any("Skip to content" in stop for stop in forwards.stops), forwards.page


@pytest.mark.parametrize("keyboard_page", ["phone"], indirect=True)
def test_the_walk_sees_focus_under_the_header(keyboard_page, site_server):
    """The check itself: without the room kept above focus, walking a guide backwards puts
    its buttons under the sticky header, and the walk must say so."""
    driver = playwright_driver(keyboard_page)
    driver["open_page"](site_server.url + "documents/upload-file/")
    keyboard_page.evaluate("document.documentElement.style.scrollPaddingTop = '0px'")
    walk = walk_page(page="upload-file without scroll padding", backwards=True,
                     press=driver["press"], evaluate=driver["evaluate"], escape_every_stop=False)
    assert any("under the sticky header" in problem for problem in walk.problems), walk.problems


def _focus(page) -> dict:
    return page.evaluate(FOCUS_PROBE)


@pytest.mark.parametrize("keyboard_page", ["phone"], indirect=True)
def test_phone_menu_opens_by_keyboard_and_escape_returns_to_its_button(keyboard_page, site_server):
    page = keyboard_page
    playwright_driver(page)["open_page"](site_server.url + "documents/upload-file/")
    menu = page.locator(".md-header label.md-header__button[for='__drawer']")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.querySelector('.md-sidebar--primary').inert")
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    # While the menu is open, the page behind it is out of reach.
    assert page.evaluate("document.querySelector('.md-content').inert")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    # Focus goes back to the menu button (in a task of its own, after Material's handler).
    page.wait_for_function("() => document.activeElement.getAttribute('for') === '__drawer'", timeout=5000)
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer", "focus did not stay on the button"
    assert page.evaluate("document.querySelector('.md-sidebar--primary').inert")
    assert not page.evaluate("document.querySelector('.md-content').inert")


@pytest.mark.parametrize("keyboard_page", sorted(WIDTHS), indirect=True)
def test_escape_in_search_returns_focus_to_the_box(keyboard_page, site_server, request):
    page = keyboard_page
    phone = page.viewport_size["width"] < 600
    playwright_driver(page)["open_page"](site_server.url + "claims-and-family/")
    if phone:
        page.locator(".md-header label.md-header__button[for='__search']").focus()
        page.keyboard.press("Enter")
    else:
        page.locator(".md-search__input").focus()
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("payment")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    page.wait_for_timeout(100)
    focus = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('for')]")
    if phone:  # the box has closed with its overlay: focus is on the button that opened it
        assert focus[1] == "__search", focus
    else:
        assert "md-search__input" in focus[0], focus
    assert page.evaluate("document.querySelector('.md-search__output').inert")
    # Typing again opens the results again.
    if phone:
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(" guarantee")
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.locator(".md-search-result__item").first.wait_for()


@pytest.mark.parametrize("keyboard_page", sorted(WIDTHS), indirect=True)
def test_no_results_contact_links_are_visible_whenever_they_have_focus(keyboard_page, site_server):
    page = keyboard_page
    playwright_driver(page)["open_page"](site_server.url + "?q=qqqxyzzy")
    page.locator(".md-search-result .hc-no-results").wait_for()
    # The arrow keys reach the contact links inside the open panel, and they are seen.
    reached = []
    for _ in range(6):
        page.keyboard.press("ArrowDown")
        focus = _focus(page)
        if "hc-no-results" in page.evaluate("document.activeElement.closest('.hc-no-results') ? 'hc-no-results' : ''"):
            reached.append(focus["name"])
            assert focus["visible"] and focus["inView"] and not focus["covered"], focus
    assert reached, "the contact links in the no-results panel were never reached"
    # Tab from the box goes through the contact links with the search open, each seen; the
    # Tab after the last closes the search and moves on, never to the closed panel's links.
    page.locator(".md-search__input").focus()
    tabbed = []
    for _ in range(8):
        page.keyboard.press("Tab")
        if not page.evaluate("document.getElementById('__search').checked"):
            break
        focus = _focus(page)
        assert page.evaluate("!!document.activeElement.closest('.hc-no-results')"), focus
        assert focus["visible"] and focus["inView"] and not focus["covered"], focus
        tabbed.append(focus["name"])
    assert tabbed, "Tab from the box never reached the contact links"
    page.wait_for_function("() => !document.getElementById('__search').checked")
    focus = _focus(page)
    assert not page.evaluate("!!document.activeElement.closest('.md-search')"), focus
    assert focus["onPage"] or (focus["visible"] and focus["inView"]), focus


@pytest.mark.parametrize("keyboard_page", ["phone"], indirect=True)
def test_phone_menu_on_a_guide_reaches_only_what_it_shows(keyboard_page, site_server):
    """On a guide the phone menu opens on the guide's section, which covers the level above:
    every Tab stop in the open menu is seen (none behind the section), the way back is a
    named button, and back at the level above focus is on the section it came from."""
    page = keyboard_page
    playwright_driver(page)["open_page"](site_server.url + "documents/find-referral/")
    page.locator(".md-header label.md-header__button[for='__drawer']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    settled = "() => document.getAnimations().every((a) => a.playState !== 'running')"
    seen = []
    for _ in range(12):
        if not page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            break
        page.wait_for_function(settled)  # the drawer slides in
        focus = _focus(page)
        assert focus["visible"] and focus["inView"] and not focus["covered"], focus
        seen.append(page.evaluate("(document.activeElement.getAttribute('aria-label') || document.activeElement.textContent).trim()"))
        page.keyboard.press("Tab")
    assert "Logging in and browsers" not in seen, f"Tab reached the level behind the open section: {seen}"
    assert "Find a medical record on sundhed.dk" in seen, seen
    # The menu opens on its first stop, the way back, not on a page further down it.
    assert seen[0].startswith("Back from "), seen
    back = page.locator(".md-sidebar--primary label.md-nav__title[role='button'][tabindex='0']")
    assert back.count() == 1 and back.get_attribute("aria-label").startswith("Back from "), back.count()
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Documents from sundhed.dk and uploading'")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.wait_for_function(settled)
    focus = _focus(page)
    assert focus["visible"] and focus["inView"] and not focus["covered"], focus


@pytest.mark.parametrize("keyboard_page", sorted(WIDTHS), indirect=True)
def test_home_page_search_form_brings_the_reader_back_with_their_words(keyboard_page, site_server):
    """The home page's own search form, by keyboard: Enter shows the results at once (no
    reload), and Escape from them puts the reader back in the form, their words kept."""
    page = keyboard_page
    playwright_driver(page)["open_page"](site_server.url)
    page.wait_for_selector("html[data-hc-ready]")
    page.locator("#hc-search-input").focus()
    page.keyboard.type("payment guarantee", delay=30)
    page.evaluate("window.__samePage = true")
    page.keyboard.press("Enter")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.evaluate("window.__samePage === true"), "the page was loaded again"
    assert page.locator(".md-search__input").input_value() == "payment guarantee"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'hc-search-input'")
    assert page.locator("#hc-search-input").input_value() == "payment guarantee"
    assert not page.evaluate("document.getElementById('__search').checked")
    # The next Tab goes on from the form, to its button.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('form.hc-search') !== null")
