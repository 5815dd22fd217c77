"""A customer's first minute on a slow phone (4x CPU, slow 4G), in Chromium.

The reader taps the search at the first paint and types "password": no tap may be lost,
no letter swallowed, and results must come. Before Material's bundle has loaded, content
tabs switch and nothing that needs the bundle can be clicked dead; the search answers as
Material's does (results, keys, the support contact, what is announced), the bundle waits
while the reader types, and Material taking over loses neither focus nor words.
"""
from __future__ import annotations

import contextlib
import re

import pytest

from first_minute import CPU_SLOWDOWN, PAINTS, QUERY, SLOW_4G, TARGET, first_minute
from sitetools import html_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["", "documents/find-referral/", "go/upload-file/"])
def test_search_tapped_at_first_paint_takes_every_letter(browser, site_server, path, width):
    """And on a short link, whose answer is landed on once the page's scripts are in: the
    landing must not take the search away from a reader who is already typing."""
    visit = first_minute(browser, site_server.url + path, width)
    assert visit["lost_taps"] == 0, visit
    assert visit["typed"] == QUERY, visit
    assert visit["fcp_ms"] > 0 and visit["tap_ms"] >= visit["fcp_ms"], visit


# Frame by frame, before each is painted: is the search there to tap?
SEARCH_IN_FRAMES = """(phone) => { window.__searchShown = null;
  const target = """ + TARGET + """;
  (function look() {
    if (document.body && window.__searchShown === null && target(phone)) window.__searchShown = performance.now();
    if (window.__searchShown === null) requestAnimationFrame(look);
  })(); }"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["", "documents/find-referral/"])
def test_the_first_paint_already_shows_the_search(browser, site_server, path, width):
    """The header is painted whole, its search with it: on a slow phone Material's palette
    script in the middle of the header held the parser until the stylesheets were in, and
    the first paint showed the header up to its title; a tap where the search button was
    about to appear, 0.1 to 0.7 s later, was lost."""
    context, page = _slow_page(browser, width)
    try:
        page.add_init_script(f"({SEARCH_IN_FRAMES})({'true' if width < 960 else 'false'})")
        page.goto(site_server.url + path, wait_until="load")
        page.wait_for_function("() => window.__paints.fcp && window.__searchShown !== null", timeout=30_000)
        shown, fcp = page.evaluate("() => [window.__searchShown, window.__paints.fcp]")
    finally:
        context.close()
    assert shown <= fcp, f"the search appeared {shown - fcp:.0f} ms after the first paint ({fcp:.0f} ms)"


def test_no_script_stops_the_parser_inside_the_header(site_dir):
    """What the test above sees in a browser, on every page: no inline script between the
    header's start and its end, where it would hold the parser mid-header until the
    stylesheets are in."""
    found = []
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        header = re.search(r"<header\b.*?</header>", html, re.S)
        if header and re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", header.group(0)):
            found.append(path.relative_to(site_dir).as_posix())
    assert found == [], f"an inline script inside the header of: {found}"


def _slow_page(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.add_init_script(PAINTS)
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_4G)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page


def test_before_the_bundle_tabs_work_and_nothing_is_a_dead_click(browser, site_server):
    context, page = _slow_page(browser, 390)
    try:
        # Hold Material's bundle back, so the page stays as it is before the bundle.
        page.route("**/assets/javascripts/bundle.*.min.js", lambda route: None)
        page.goto(site_server.url + "documents/find-referral/", wait_until="commit")
        page.wait_for_function("() => window.__paints && window.__paints.fcp")
        page.wait_for_selector(".tabbed-set")
        assert page.evaluate("typeof window.document$") == "undefined", "the bundle loaded after all"
        # A content tab switches with a tap: it is plain HTML.
        phone_tab = page.locator(".tabbed-labels > label").nth(1)
        phone_tab.tap()
        assert page.get_by_text("Take a picture of the document").first.is_visible()
        # Copy link and "Was this helpful?" are not offered until they work.
        assert page.locator(".hc-copy button").count() == 0
        feedback = page.locator(".hc-feedback")
        assert feedback.count() == 0 or not feedback.first.is_visible()
        # The header search opens and keeps what is typed.
        page.locator(".md-header label.md-header__button[for='__search']").tap()
        page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type(QUERY)
        assert page.input_value(".md-search__input") == QUERY
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.getAttribute('for')") == "__search"
    finally:
        context.close()


def test_without_scripts_the_dead_search_is_not_shown(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_server.url)
        assert not page.locator(".md-header label.md-header__button[for='__search']").is_visible()
        assert page.locator("#hc-search-input").is_visible()  # the home page's own form still works
    finally:
        context.close()


def test_a_short_link_keeps_the_menu_opened_before_the_page_is_ready(browser, site_server):
    """The reader opens the menu at the first paint of a short link's page; the page's
    scripts then start on an address naming an answer. The menu stays open with focus in
    it, and the answer is in the address and marked once everything has started."""
    context, page = _slow_page(browser, 390)
    try:
        page.goto(site_server.url + "go/payment-guarantees/", wait_until="commit")
        page.wait_for_url(lambda address: "/go/" not in address, wait_until="commit")
        page.wait_for_function("() => window.__paints && window.__paints.fcp")
        page.locator(".md-header label.md-header__button[for='__drawer']").tap()
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')", timeout=30_000)
        page.wait_for_function("() => location.hash === '#payment-guarantees' && !!document.querySelector('.hc-landed')",
                               timeout=10_000)
        page.wait_for_timeout(1000)  # past Material's own closing of things at its start
        state = page.evaluate("""() => ({open: document.getElementById('__drawer').checked,
            landed: document.querySelector('.hc-landed').id, focusInPage: document.activeElement === document.body})""")
        assert state == {"open": True, "landed": "payment-guarantees", "focusInPage": False}, state
    finally:
        context.close()


UNAVAILABLE = ".md-search-result [role='status'] .hc-no-results"


SCRIPTS = ("**/assets/javascripts/bundle.*.min.js", "**/assets/javascripts/help-centre.js*")


def test_when_the_page_scripts_do_not_arrive_the_search_still_answers(browser, site_server):
    """A dropped request for Material's bundle and our script: the search worker alone
    answers, with Material's result links."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        for pattern in SCRIPTS:
            page.route(pattern, lambda route: route.abort())
        page.goto(site_server.url + "documents/find-referral/")
        page.locator(".md-header label.md-header__button[for='__search']").tap()
        page.keyboard.type("referral")
        first = page.locator(".md-search-result__list a.md-search-result__link").first
        first.wait_for(timeout=10_000)
        assert "referral" in first.inner_text().lower()
        assert "/documents/find-referral/?h=referral#" in first.get_attribute("href")
        page.wait_for_timeout(1500)  # past the point where the scripts were found missing
        assert page.locator(UNAVAILABLE).count() == 0, "said search is not available while it answers"
        assert page.evaluate("typeof window.document$") == "undefined"
    finally:
        context.close()


def test_when_the_scripts_do_not_arrive_the_search_says_so_and_offers_a_way_on(browser, site_server):
    """A dropped request for the page's scripts and the search worker: the open search says
    it is not available, with IT support's contact and a way to try again; Enter tries
    again, the words kept."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        for pattern in (*SCRIPTS, "**/assets/javascripts/search-worker.js*"):
            page.route(pattern, lambda route: route.abort())
        page.goto(site_server.url + "documents/find-referral/")
        page.locator(".md-header label.md-header__button[for='__search']").tap()
        page.keyboard.type("referral")
        panel = page.locator(UNAVAILABLE)
        panel.wait_for(timeout=5_000)
        assert panel.get_by_role("link", name="70 20 61 21").is_visible()
        assert panel.get_by_role("link", name="support@primora-it.dk").is_visible()
        assert panel.get_by_role("button", name="Try again").is_visible()
        assert not page.locator(".md-search-result__meta").is_visible(), "'Initializing search' still said above it"
        for pattern in (*SCRIPTS, "**/assets/javascripts/search-worker.js*"):
            page.unroute(pattern)
        page.locator(".md-search__input").press("Enter")
        page.wait_for_url("**/documents/find-referral/?q=referral")
        page.locator(".md-search-result__list a").first.wait_for(timeout=15_000)
        assert page.input_value(".md-search__input") == "referral"
        assert page.locator(UNAVAILABLE).count() == 0
    finally:
        context.close()


def test_a_search_still_starting_after_a_wait_says_so_and_goes_once_it_answers(browser, site_server):
    """The search worker held back: after some seconds the panel says the search is not
    available, with IT support; once the worker is in and answers, the panel goes."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    held = []
    try:
        page.route("**/assets/javascripts/search-worker.js*", lambda route: held.append(route))
        page.goto(site_server.url)
        page.wait_for_function("() => !!window.document$")
        page.locator(".md-search__input").click()
        page.keyboard.type("password")
        page.wait_for_timeout(3_000)
        assert page.locator(UNAVAILABLE).count() == 0, "said too soon"
        page.locator(UNAVAILABLE).wait_for(timeout=10_000)
        assert page.locator(UNAVAILABLE).get_by_role("link", name="70 20 61 21").is_visible()
        assert held, "the worker was not asked for"
        for route in held:
            route.continue_()
        page.locator(".md-search-result__list a").first.wait_for(timeout=15_000)
        page.wait_for_function(f"() => !document.querySelector(\"{UNAVAILABLE}\")")
    finally:
        context.close()


@pytest.mark.parametrize("files", ["search/hc/", "search/hc/v/", "search/hc/d/"])
def test_an_index_that_cannot_be_fetched_is_not_nothing_found(browser, site_server, files):
    """The page's scripts are in but a file of the search index cannot be fetched (a bad
    connection, or a page older than the site it asks): the search says it is not available,
    with a way to try again and IT support, never that the help centre has no answer."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        page.route(f"**/{files}**", lambda route: route.fulfill(status=404, body="gone"))
        page.goto(site_server.url + "documents/find-referral/")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')")
        page.locator(".md-header label.md-header__button[for='__search']").tap()
        page.keyboard.type("password")
        retry = page.locator(".md-search-result .hc-search-retry")
        retry.wait_for(timeout=10_000)
        panel = page.locator(".md-search-result .hc-no-results")
        assert panel.count() == 1, "both 'not available' and 'nothing found' are shown"
        assert "not available" in panel.inner_text() and "No answers match" not in panel.inner_text()
        assert not page.locator(".md-search-result__meta").is_visible(), "'No matching documents' still said above it"
        assert panel.get_by_role("link", name="70 20 61 21").is_visible()
        page.unroute(f"**/{files}**")
        retry.tap()
        page.wait_for_url("**/documents/find-referral/?q=password")
        page.locator(".md-search-result__list a").first.wait_for(timeout=15_000)
        assert page.locator(".md-search-result .hc-search-retry").count() == 0
    finally:
        context.close()


def test_text_pasted_into_the_search_is_searched(browser, site_server):
    """Text that comes without a key (pasted from a phone's menu, dictated) is searched:
    Material reads the box only when a key is released."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')")
        page.locator(".md-header label.md-header__button[for='__search']").tap()
        page.keyboard.insert_text("70206121")  # an input event, no key
        first = page.locator(".md-search-result__list a").first
        first.wait_for(timeout=10_000)
        assert "contact IT support" in first.inner_text()
    finally:
        context.close()


BUNDLE = "**/assets/javascripts/bundle.*.min.js"
DRAWN = """() => ({meta: document.querySelector('.md-search-result__meta').textContent.trim(),
  list: document.querySelector('.md-search-result__list').getAttribute('role'),
  dialog: document.querySelector('.md-search').getAttribute('aria-label'),
  results: Array.from(document.querySelectorAll('.md-search-result__list > li.md-search-result__item'), (item) => {
    const link = item.querySelector(':scope > a.md-search-result__link');
    const article = link.querySelector(':scope > article.md-search-result__article.md-typeset');
    return {href: link.href, name: link.getAttribute('aria-label'), tabindex: link.getAttribute('tabindex'),
            score: article.dataset.mdScore, icon: !!article.querySelector(':scope > .md-search-result__icon.md-icon'),
            title: article.querySelector(':scope > h1').innerHTML};
  })})"""
EARLY_QUERIES = ["password", "upload file", "mitid password xyzzy", "betalingsgaranti", "zzzqqq"]


def _search(page, query: str) -> dict:
    page.locator(".md-search__input").fill("")
    page.locator(".md-search__input").type(query)
    page.wait_for_function("""(query) => { const meta = document.querySelector('.md-search-result__meta').textContent;
        return document.querySelector('.md-search__input').value === query && !/Initializing|Type to start/.test(meta)
          && (document.querySelectorAll('.md-search-result__item').length > 0 || /No matching/.test(meta)); }""",
                           arg=query, timeout=10_000)
    page.wait_for_timeout(300)  # an answer to an earlier prefix of the query is replaced by now
    return page.evaluate(DRAWN)


def test_before_the_bundle_the_search_answers_as_material_does(browser, site_server):
    """With Material's bundle held back, the help centre's worker answers on its own: the
    same results, links, names, scores and highlighted words as Material draws once it is
    in, reached by Tab and left by Escape."""
    drawn = {}
    for held in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            if held:
                page.route(BUNDLE, lambda route: None)
            page.goto(site_server.url + "documents/find-referral/")
            if not held:
                page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')")
            page.locator(".md-search__input").click()
            drawn[held] = [_search(page, query) for query in EARLY_QUERIES]
            if held:
                assert page.evaluate("typeof window.document$") == "undefined", "the bundle ran after all"
                _search(page, "password")
                page.keyboard.press("Tab")
                focus = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('aria-label')]")
                assert focus == ["md-search-result__link", "How do I find my login or password?"], focus
                page.keyboard.press("Escape")
                page.wait_for_function("() => !document.getElementById('__search').checked")
                # focus goes back in the task after the search closes
                page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')",
                                       timeout=2_000)
        finally:
            context.close()
    assert any(answer["results"] for answer in drawn[False]) and any(not answer["results"] for answer in drawn[False])
    assert drawn[True] == drawn[False]


def test_the_bundle_waits_while_the_reader_types_then_takes_over(browser, site_server):
    """Material's bundle, in while the reader types, runs only once they pause: its start
    would hold their keys. It then answers in place of the early search, focus kept."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    held = []
    try:
        page.route(BUNDLE, lambda route: held.append(route))
        page.goto(site_server.url)
        page.locator(".md-header label.md-header__button[for='__search']").tap()
        page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("pass", delay=150)
        assert held, "the bundle was not asked for"
        for route in held:
            route.continue_()
        during = []
        for letter in "word":
            page.keyboard.type(letter)
            page.wait_for_timeout(150)
            during.append(page.evaluate("typeof window.document$"))
        assert during == ["undefined"] * 4, f"the bundle ran while the reader typed: {during}"
        assert page.locator(".md-search-result__item").count() > 0, "no results before the bundle"
        page.wait_for_function("() => !!window.document$", timeout=10_000)
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')", timeout=10_000)
        page.wait_for_timeout(500)
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.input_value(".md-search__input") == "password"
        assert page.locator(".md-search-result__item").count() > 0
        page.keyboard.type(" upload")
        page.wait_for_function("() => Array.from(document.querySelectorAll('.md-search-result__link'))"
                               ".some((link) => link.href.includes('h=password+upload') || link.href.includes('upload'))",
                               timeout=10_000)
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    finally:
        context.close()


@contextlib.contextmanager
def _held_page(browser, width: int, *, slow: bool = False):
    """A page whose Material bundle is held until `release()`: yields (page, release)."""
    if slow:
        context, page = _slow_page(browser, width)
    else:
        context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=width < 960)
        page = context.new_page()
    held = []
    page.route(BUNDLE, lambda route: held.append(route))

    def release():
        for route in held:
            route.continue_()
        page.unroute(BUNDLE)
    try:
        yield page, release
    finally:
        context.close()


def _open_search(page, width: int):
    if width < 960:
        page.locator(".md-header label.md-header__button[for='__search']").tap()
    else:
        page.locator(".md-search__input").click()
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")


FOCUS = "() => [document.activeElement.tagName, document.activeElement.className, document.getElementById('__search').checked]"


@pytest.mark.parametrize("width", [390, 1280])
def test_tab_into_the_results_as_material_takes_over_keeps_focus(browser, site_server, width):
    """Material's first answer draws the early search's results again: a reader who has
    just tabbed onto one stays on it (drawn anew), not on the page."""
    with _held_page(browser, width) as (page, release):
        page.goto(site_server.url + "documents/find-referral/")
        _open_search(page, width)
        page.keyboard.type("upload", delay=40)
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(800)  # the reader pauses: the bundle may run
        release()
        page.wait_for_function("() => !!window.document$", timeout=10_000)
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.href")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')", timeout=10_000)
        page.wait_for_timeout(1000)
        tag, name, open_ = page.evaluate(FOCUS)
        assert tag != "BODY" and open_, (tag, name, open_)
        assert page.evaluate("document.activeElement.href") == href


def test_escape_on_a_result_closes_the_search_once_material_is_in(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')")
        _open_search(page, 1280)
        page.keyboard.type("password")
        page.locator(".md-search-result__item").first.wait_for()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        assert page.evaluate(FOCUS) == ["INPUT", "md-search__input", False]
    finally:
        context.close()


def test_a_search_closed_before_the_bundle_stays_closed_when_it_runs(browser, site_server):
    """Escape before the bundle leaves focus in the box; Material, starting, opens the search
    when the box has focus, so the bundle waits until the reader moves on."""
    with _held_page(browser, 1280) as (page, release):
        page.goto(site_server.url)
        _open_search(page, 1280)
        page.keyboard.type("password")
        page.locator(".md-search-result__item").first.wait_for()
        page.keyboard.press("Escape")
        release()
        page.wait_for_timeout(2000)
        assert page.evaluate(FOCUS) == ["INPUT", "md-search__input", False]
        page.keyboard.press("Tab")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')", timeout=10_000)
        page.wait_for_timeout(500)
        assert page.evaluate("document.getElementById('__search').checked") is False


@pytest.mark.parametrize("width", [390, 1280])
def test_before_the_bundle_arrows_move_through_the_results_and_enter_opens_the_best(browser, site_server, width):
    with _held_page(browser, width) as (page, release):
        page.goto(site_server.url + "documents/find-referral/")
        _open_search(page, width)
        page.keyboard.type("upload")
        page.locator(".md-search-result__item").nth(1).wait_for()
        links = page.evaluate("Array.from(document.querySelectorAll('.md-search-result__link'), (a) => a.href)")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.href") == links[0]
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.href") == links[1]
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.press("Enter")
        page.wait_for_url(links[0])


def test_before_the_bundle_nothing_found_shows_support_and_counts_are_announced(browser, site_server):
    with _held_page(browser, 1280) as (page, release):
        page.goto(site_server.url)
        _open_search(page, 1280)
        page.keyboard.type("zzzqqq")
        panel = page.locator(".md-search-result .hc-no-results")
        panel.wait_for(timeout=5_000)
        assert panel.get_by_role("link", name="70 20 61 21").is_visible()
        page.wait_for_function("() => (document.getElementById('hc-announcer') || {}).textContent", timeout=5_000)
        assert page.evaluate("document.getElementById('hc-announcer').textContent").startswith("No answers match")
        page.locator(".md-search__input").fill("password")
        page.wait_for_function("() => /matching document/.test(document.getElementById('hc-announcer').textContent)",
                               timeout=5_000)
        assert page.locator(".md-search-result .hc-no-results").count() == 0
        assert page.evaluate("typeof window.document$") == "undefined"


@pytest.mark.parametrize("width", [390, 1280])
def test_before_the_bundle_a_link_with_q_opens_the_search_with_its_results(browser, site_server, width):
    with _held_page(browser, width) as (page, release):
        page.goto(site_server.url + "logging-in/?q=password")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert page.evaluate(FOCUS) == ["INPUT", "md-search__input", True]
        assert page.input_value(".md-search__input") == "password"


def test_an_answer_that_comes_after_the_box_is_emptied_is_not_shown(browser, site_server):
    with _held_page(browser, 1280, slow=True) as (page, release):
        page.goto(site_server.url)
        page.wait_for_function("() => window.__paints && window.__paints.fcp")
        _open_search(page, 1280)
        page.keyboard.type("upload file", delay=20)
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.wait_for_timeout(3000)
        assert page.locator(".md-search-result__item").count() == 0
        assert page.evaluate("document.querySelector('.md-search-result__meta').textContent.trim()") == "Type to start searching"


SHIFTS = """window.__shift = 0; new PerformanceObserver((list) => { for (const entry of list.getEntries())
  if (!entry.hadRecentInput) window.__shift += entry.value; }).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["", "documents/find-referral/"])
def test_the_page_does_not_jump_when_the_bundle_starts_late(browser, site_server, path):
    """On the slow phone the bundle starts after the page has loaded, and writes every
    relative address out in full: a stylesheet whose address changed was fetched again,
    and the page was drawn without it for a round trip (a layout shift of 0.4 on the home
    page). Nothing moves, and each stylesheet is asked for once."""
    context, page = _slow_page(browser, 412)
    try:
        page.add_init_script(SHIFTS)
        stylesheets = []
        page.on("request", lambda request: stylesheets.append(request.url) if request.resource_type == "stylesheet" else None)
        page.goto(site_server.url + path, wait_until="load")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')", timeout=30_000)
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__shift") == 0
        assert len(stylesheets) == len(set(stylesheets)), stylesheets
    finally:
        context.close()
