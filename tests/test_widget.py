"""The help panel inside the portal: a host page on another origin, under a strict policy.

The help centre is served on one loopback port and a stand-in portal page on another, with a
Content-Security-Policy that allows only the help centre's origin, and only for scripts and
requests: the panel's styles come from its module. The hostile host pages (layout and
typography) are in test_widget_hosts.py.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpcentre.content import check, read_sources
from panelflows import MY_CLAIMS, WIDTHS, open_host, portal_page, serve_pages
from sitetools import copy_project

AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
# The stand-in portal's policy: nothing but the help centre's scripts and requests.
PORTAL_POLICY = ("default-src 'none'; script-src {origin}; connect-src {origin}; img-src data:; base-uri 'none'; "
                 "form-action 'none'")


def stand_in_portal(help_url: str, screen: str) -> str:
    """The stand-in portal's page for `screen`, with the panel (no fallback link inside it)."""
    return portal_page(help_url=help_url, policy=PORTAL_POLICY.format(origin=help_url.rstrip("/")),
                       body=f'<header><p>User Portal</p><help-centre-panel screen="{screen}"></help-centre-panel></header>',
                       title="My Claims – User Portal", main="<h1>My Claims</h1><p>Your claims are listed here.</p>")


@pytest.fixture(scope="module")
def portal(site_server, tmp_path_factory):
    """The stand-in portal on its own origin; yields its URL (its home page, on my-claims)."""
    folder = tmp_path_factory.mktemp("portal")
    for name, screen in (("index.html", "my-claims"), ("login.html", "login")):
        (folder / name).write_text(stand_in_portal(site_server.url, screen), encoding="utf-8")
    yield from (urls["home"] for urls in serve_pages(folder, {"home": ""}))


def _open_panel(page, title: str = "Help: My Claims"):
    """Open the panel with its button; return it once its questions are shown."""
    page.get_by_role("button", name="Help with this page").click()
    panel = page.get_by_role("dialog", name=title)
    panel.locator(".questions summary").first.wait_for()
    return panel


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_panel_opens_by_keyboard_with_the_screens_questions(browser, site_server, portal, width):
    with open_host(browser, portal, width) as (_, page, requests):
        assert not any("/api/" in url for url in requests), "the answers were fetched before the panel opened"
        page.keyboard.press("Tab")
        button = page.get_by_role("button", name="Help with this page")
        assert button.evaluate("b => b.getRootNode().activeElement === b")
        assert button.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Enter")
        panel = page.get_by_role("dialog", name="Help: My Claims")
        panel.wait_for()
        assert button.get_attribute("aria-expanded") == "true"
        questions = panel.locator(".questions summary")
        questions.first.wait_for()
        assert questions.all_inner_texts() == MY_CLAIMS
        links = panel.locator(".questions .go a")
        assert [link.get_attribute("href") for link in links.all()] == [
            f"{site_server.url}go/{ident}/" for ident in ("payment-guarantees", "upload-file", "family-overview",
                                                           "contact-it-support")]
        questions.first.click()
        answer = panel.locator(".answer").first
        assert "Payment Guarantees" in answer.inner_text() and answer.is_visible()
        support = panel.locator(".support")
        assert support.get_by_role("link", name="70 20 61 21").get_attribute("href") == "tel:+4570206121"
        assert support.locator(".open-now").inner_text().startswith(("Open now", "Closed"))
        box, view = panel.bounding_box(), WIDTHS[width]
        if width == "phone":  # a sheet over the whole screen
            assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, view["width"], view["height"])
        else:
            assert box["width"] <= 420 and box["x"] + box["width"] <= view["width"]
        page.keyboard.press("Escape")
        assert panel.is_hidden() and button.get_attribute("aria-expanded") == "false"
        assert button.evaluate("b => b.getRootNode().activeElement === b"), "focus did not return to the button"
        assert page.evaluate("window.__violations") == []


@pytest.mark.browser
def test_the_panel_searches_every_answer(browser, portal):
    with open_host(browser, portal, "desktop") as (_, page, _):
        panel = _open_panel(page)
        field = panel.get_by_role("searchbox", name="Search the help centre")
        field.fill("betalingsgaranti")
        results = panel.locator(".results summary .title")
        results.first.wait_for()
        assert results.first.inner_text() == "Where do I find my payment guarantees?"
        field.fill("grammarly")
        panel.locator(".results summary .title", has_text="Received message from unexpected origin").wait_for()
        field.fill("zzzqqq")
        panel.locator(".results .count", has_text="No answer found").wait_for()


@pytest.mark.browser
def test_the_panel_follows_a_change_of_screen_or_answers(browser, portal):
    with open_host(browser, portal, "desktop") as (_, page, _):
        _open_panel(page)
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('screen', 'family-overview')")
        panel = page.get_by_role("dialog", name="Help: Family Overview")
        assert panel.locator(".questions summary").first.inner_text() == "How do I access my registered family?"
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('answers', 'upload-steps,login-password')")
        panel = page.get_by_role("dialog", name="Help", exact=True)
        panel.locator(".questions summary", has_text="Upload the file").wait_for()
        assert panel.locator(".questions summary").all_inner_texts() == [
            "Upload a file to your case: Upload the file", "How do I find my login or password?"]


@pytest.mark.browser
def test_without_the_api_the_panel_offers_the_help_centre_and_the_phone(browser, site_server, portal):
    with open_host(browser, portal, "phone") as (_, page, _):
        page.route("**/api/**", lambda route: route.abort())
        page.get_by_role("button", name="Help with this page").click()
        status = page.get_by_role("status").filter(has_text="cannot be reached")
        status.wait_for()
        assert status.get_by_role("link", name="Try the help centre").get_attribute("href") == site_server.url
        assert status.get_by_role("link", name="70 20 61 21").get_attribute("href") == "tel:+4570206121"


@pytest.mark.browser
def test_answer_html_passes_through_the_allowlist_only(browser, portal):
    with open_host(browser, portal, "desktop") as (_, page, _):
        hostile = ('<p onclick="window.__ran = 1">Safe words <img src="x" onerror="window.__ran = 2">'
                   '<script>window.__ran = 3</script><a href="javascript:window.__ran = 4">a link</a> '
                   '<a href="https://example.dk/x">a real link</a><style>p { display: none }</style></p>')

        def poisoned(route):
            response = route.fetch()
            answer = response.json()
            answer["html"] = hostile
            route.fulfill(response=response, body=json.dumps(answer))

        page.route("**/api/answers/login-password.json", poisoned)
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('answers', 'login-password')")
        page.get_by_role("button", name="Help with this page").click()
        page.locator("help-centre-panel .questions summary").first.click()
        answer = page.locator("help-centre-panel .answer").first
        assert "Safe words" in answer.inner_text()
        html = answer.inner_html()
        assert all(bad not in html for bad in ("onclick", "onerror", "<img", "<script", "<style", "javascript:")), html
        assert answer.get_by_role("link", name="a real link").get_attribute("href") == "https://example.dk/x"
        assert answer.get_by_text("a link", exact=True).evaluate("e => e.tagName") == "A"
        assert answer.get_by_text("a link", exact=True).get_attribute("href") is None
        answer.get_by_text("a link", exact=True).click()
        page.wait_for_timeout(200)
        assert page.evaluate("window.__ran") is None


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_host_page_with_the_panel_open_has_no_axe_violations(browser, portal, width):
    # axe is added to the page as a script, which the portal's own policy would refuse.
    with open_host(browser, portal, width, bypass_csp=True) as (_, page, _):
        page.get_by_role("button", name="Help with this page").click()
        panel = page.locator("help-centre-panel .panel")
        panel.locator(".questions summary").first.wait_for()
        panel.locator("details").first.evaluate("d => d.open = true")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})")
        assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]] == []


@pytest.mark.browser
def test_no_cookie_no_storage_and_no_other_host(browser, site_server, portal):
    with open_host(browser, portal, "desktop") as (context, page, requests):
        _open_panel(page).get_by_role("searchbox", name="Search the help centre").fill("upload")
        page.locator("help-centre-panel .results summary").first.wait_for()
        assert context.cookies() == []
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        hosts = {urlsplit(url).netloc for url in requests}
        assert hosts == {urlsplit(portal).netloc, site_server.host}, hosts
        assert [url for url in requests if "/api/" in url] == [f"{site_server.url}api/screens/my-claims.json"]


def test_the_panel_weighs_at_most_15_kb_gzip(site_dir):
    # What the portal's page loads before anyone opens the panel: the module (its styles
    # inside) and the opening-hours rules. The search (widget/search.js) comes on first use.
    files = [site_dir / "widget" / "help-centre.js", site_dir / "assets" / "javascripts" / "support-status.js"]
    total = sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in files)
    assert total <= 15 * 1024, total
    script = files[0].read_text(encoding="utf-8")
    assert '"phone_href":"tel:+4570206121"' in script  # written by the build, for when the API is down
    assert "import " in script and "localStorage" not in script and "document.cookie" not in script
    assert "adoptedStyleSheets" in script and ".panel" in script  # its styles travel in the module
    search = (site_dir / "widget" / "search.js").read_text(encoding="utf-8")
    worker = (site_dir / "assets" / "javascripts" / "search-worker.js").read_text(encoding="utf-8")
    assert worker in search, "the panel's search is not the site's search worker, word for word"


def test_screens_are_checked_like_answers(tmp_path):
    project = copy_project(tmp_path / "project")
    screens = project / "portal-screens.yml"
    text = screens.read_text(encoding="utf-8")
    text = text.replace("answers: [family-overview, payment-guarantees, contact-it-support]",
                        "answers: [family-overveiw, payment-guarantees, contact-it-support]")
    text = text.replace("  - id: upload-documents", "  - id: my-claims")
    screens.write_text(text, encoding="utf-8")
    problems = [str(p) for p in check(read_sources(project))]
    assert any("portal-screens.yml:" in p and "there is no answer with the id 'family-overveiw' — did you mean "
               "'family-overview'?" in p for p in problems), problems
    assert any("the screen id 'my-claims' is already used on line 10" in p for p in problems), problems

    # A screen id, once published, stays: removing the screen breaks the portal's panel there.
    other = copy_project(tmp_path / "other")
    screens = other / "portal-screens.yml"
    text = screens.read_text(encoding="utf-8")
    start = text.index("  - id: login")
    screens.write_text(text[:start] + text[text.index("  - id: my-claims"):], encoding="utf-8")
    problems = [str(p) for p in check(read_sources(other))]
    assert any(p.startswith("links.lock:") and "the published id 'screen:login' no longer exists" in p
               for p in problems), problems
