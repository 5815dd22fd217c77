"""The help panel in hostile portal pages, at 390 and 1280 px, under the portal's short policy.

See panelflows.py for the host pages and the flows. Every test also holds the page to 0
policy violations: the panel's styles come from its module, so the portal's style-src
does not name the help centre.
"""
from __future__ import annotations

import json

import pytest
from helpcentre.problems import ContentError

from panelflows import (HOSTS, MY_CLAIMS, WIDTHS, close_with_escape, open_by_keyboard, open_host, probe, search,
                        serve_pages, tab_through, toggle, write_host_pages)


@pytest.fixture(scope="module")
def hosts(site_server, tmp_path_factory):
    """The hostile host pages on their own origin; yields {host name: URL}."""
    folder = tmp_path_factory.mktemp("hosts")
    yield from serve_pages(folder, write_host_pages(folder, help_url=site_server.url))


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("host", sorted(HOSTS))
def test_the_panel_holds_up_in_a_hostile_host(browser, hosts, site_server, host, width):
    with open_host(browser, hosts[host], width) as (_, page, requests):
        before = len(requests)
        open_by_keyboard(page)
        state = probe(page)
        view = WIDTHS[width]
        # In the top layer: inside the screen and on top of everything, whatever its ancestors do.
        assert state["open"] and state["expanded"] == "true"
        box = state["box"]
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= view["width"] and box["y"] + box["height"] <= view["height"], box
        assert state["onTop"], f"something of the {host} host covers the panel"
        assert state["focusInPanel"], "focus is not in the panel"
        # Its own typography: the host's uppercase, spacing, nowrap, 62.5 % root and rtl stay out.
        text = state["text"]
        assert (text["transform"], text["letterSpacing"], text["whiteSpace"], text["direction"], text["textIndent"],
                text["fontStyle"]) == ("none", "normal", "normal", "ltr", "0px", "normal"), text
        assert text["fontSize"] >= 14 and text["lineHeight"] <= 1.8 * text["fontSize"], text
        assert state["cutOff"] == [], "questions cut off instead of wrapping"
        assert state["questions"] == MY_CLAIMS
        assert state["buttonSize"][1] >= 44, "the button lost its size to the host's button { all: unset }"
        # Opening fetched one small file: this screen's answers.
        opened = [url for url in requests[before:] if "/api/" in url or "/search/" in url]
        assert opened == [f"{site_server.url}api/screens/my-claims.json"], opened
        if width == "phone":  # a modal sheet over the whole screen: focus stays, the page stays still
            assert state["modal"]
            assert box == {"x": 0, "y": 0, "width": view["width"], "height": view["height"]}
            assert all(tab_through(page, 30)), "Tab left the modal panel"
            page.mouse.move(view["width"] / 2, view["height"] / 2)
            page.mouse.wheel(0, 1500)
            page.wait_for_timeout(200)
            assert probe(page)["scrollY"] == 0, "the page scrolled behind the panel"
        else:  # beside the page, not modal
            assert not state["modal"] and box["width"] <= 0.5 * view["width"]
        close_with_escape(page, ".search input")
        after = probe(page)
        assert not after["open"] and after["expanded"] == "false"
        assert after["focusOnButton"], "focus did not return to the button"
        assert page.evaluate("window.__violations") == []


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_escape_closes_from_anywhere_in_the_panel_and_from_its_button(browser, hosts, width):
    with open_host(browser, hosts["filter"], width) as (_, page, _):
        for where in (".close", ".questions summary", ".support a", "h2"):
            open_by_keyboard(page)
            close_with_escape(page, where)
            assert not probe(page)["open"], f"Escape on {where} left the panel open"
            assert probe(page)["focusOnButton"]
        if width == "desktop":  # beside the page, the button stays reachable while the panel is open
            open_by_keyboard(page)
            close_with_escape(page, ".open")
            assert not probe(page)["open"], "Escape on the button left the panel open"
        assert page.evaluate("window.__violations") == []


@pytest.mark.browser
def test_the_panel_answers_and_links_inside_a_host(browser, hosts, site_server):
    with open_host(browser, hosts["transform"], "phone") as (_, page, _):
        open_by_keyboard(page)
        panel = page.locator("help-centre-panel .panel")
        panel.locator(".questions summary").first.click()
        answer = panel.locator(".questions .answer").first
        assert "Payment Guarantees" in answer.inner_text() and answer.is_visible()
        assert [link.get_attribute("href") for link in panel.locator(".questions .go a").all()] == [
            f"{site_server.url}go/{ident}/" for ident in ("payment-guarantees", "upload-file", "family-overview",
                                                           "contact-it-support")]
        assert panel.locator(".support a[href='tel:+4570206121']").inner_text() == "70 20 61 21"
        assert page.evaluate("window.__violations") == []


@pytest.mark.browser
def test_the_panels_search_is_the_sites_with_typos_and_danish_endings(browser, hosts, site_server):
    with open_host(browser, hosts["contain"], "desktop") as (_, page, requests):
        open_by_keyboard(page)
        before = len(requests)
        assert search(page, "paymnt")[0] == "Where do I find my payment guarantees?"
        fetched = [url for url in requests[before:] if url.startswith(site_server.url)]
        assert f"{site_server.url}search/search_index.json" in fetched
        assert not any("api/faq.json" in url for url in fetched), "the search fetched every answer"
        assert any("search/hc/index." in url for url in fetched), "the search did not use the site's index"
        found = search(page, "henvisningerne")
        assert found and any("referral" in title.lower() for title in found), found
        assert search(page, "zzzqqq") == []
        # A result opens to its answer, fetched on its own.
        search(page, "upload file")
        result = page.locator("help-centre-panel .results details").first
        result.locator("summary").click()
        result.locator(".answer p").first.wait_for()
        assert any(url.startswith(f"{site_server.url}api/answers/") for url in requests)
        assert page.evaluate("window.__violations") == []


@pytest.mark.browser
def test_typed_text_is_kept_while_the_answers_load(browser, hosts):
    with open_host(browser, hosts["overflow"], "phone") as (_, page, _):
        held = []
        page.route("**/api/screens/**", lambda route: held.append(route))
        toggle(page).click()
        page.locator("help-centre-panel .status", has_text="Loading").wait_for()
        field = page.locator("help-centre-panel .search input")
        field.press_sequentially("upload")
        page.wait_for_timeout(300)
        assert held, "the screen's answers were not asked for"
        held[0].continue_()
        page.locator("help-centre-panel .questions summary").first.wait_for()
        assert field.input_value() == "upload"
        assert field.evaluate("f => f.getRootNode().activeElement === f"), "focus left the search box"
        page.locator("help-centre-panel .results summary").first.wait_for()


@pytest.mark.browser
def test_a_hung_help_centre_times_out_with_a_retry_button(browser, hosts):
    with open_host(browser, hosts["z-index"], "desktop") as (_, page, _):
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('timeout', '800')")
        held = []
        page.route("**/api/screens/**", lambda route: held.append(route))  # never answered
        toggle(page).click()
        status = page.locator("help-centre-panel .status", has_text="cannot be reached")
        status.wait_for(timeout=5000)
        assert status.locator("a[href='tel:+4570206121']").count() == 1
        page.unroute("**/api/screens/**")
        status.get_by_role("button", name="Try again").click()
        page.locator("help-centre-panel .questions summary").first.wait_for()
        assert page.locator("help-centre-panel .questions summary").all_inner_texts() == MY_CLAIMS
        assert not page.locator("help-centre-panel .status").is_visible()


@pytest.mark.browser
def test_an_unknown_screen_says_so_and_warns_in_the_console(browser, hosts):
    with open_host(browser, hosts["transform"], "desktop") as (_, page, _):
        warnings: list[str] = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('screen', 'my-claim')")
        toggle(page).click()
        page.locator("help-centre-panel .status", has_text="There is no help written for this page").wait_for()
        assert any('"my-claim"' in text and "portal-screens.yml" in text for text in warnings), warnings
        # Nothing outside the screens' folder is asked for, whatever the attribute says.
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('screen', '../faq')")
        page.locator("help-centre-panel .status", has_text="There is no help written for this page").wait_for()
        assert any('"../faq"' in text for text in warnings), warnings
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('screen', 'login')")
        page.locator("help-centre-panel h2", has_text="Help: Log in").wait_for()


@pytest.mark.browser
@pytest.mark.parametrize("module", ["loaded", "never loads"])
def test_the_light_dom_link_shows_until_the_module_upgrades_it(browser, hosts, site_server, module):
    context = browser.new_context(viewport=WIDTHS["phone"])
    try:
        page = context.new_page()
        if module == "never loads":
            page.route("**/widget/help-centre.js", lambda route: route.abort())
        page.goto(hosts["filter"])
        page.wait_for_load_state("networkidle")
        fallback = page.locator("help-centre-panel > a")
        if module == "never loads":
            assert fallback.is_visible() and fallback.inner_text().lower() == "help"
            assert fallback.get_attribute("href") == f"{site_server.url}go/contact-it-support/"
            assert page.locator("help-centre-panel .open").count() == 0
        else:
            page.wait_for_function("() => customElements.get('help-centre-panel') !== undefined")
            assert not fallback.is_visible() and toggle(page).is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_answers_attribute_fetches_each_answer_on_its_own(browser, hosts, site_server):
    with open_host(browser, hosts["contain"], "desktop") as (_, page, requests):
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('answers', 'upload-steps,login-password')")
        toggle(page).click()
        questions = page.locator("help-centre-panel .questions summary")
        questions.first.wait_for()
        assert questions.all_inner_texts() == ["Upload a file to your case: Upload the file",
                                               "How do I find my login or password?"]
        api = sorted(url for url in requests if "/api/" in url)
        assert api == [f"{site_server.url}api/answers/login-password.json",
                       f"{site_server.url}api/answers/upload-steps.json"], api


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_single_page_demo_changes_screen_with_push_state(browser, site_server, width):
    with open_host(browser, f"{site_server.url}widget/demo-spa.html", width) as (_, page, _):
        open_by_keyboard(page)
        heading = page.locator("help-centre-panel h2")
        assert heading.inner_text() == "Help: My Claims"
        page.keyboard.press("Escape")
        page.get_by_role("link", name="Payment Guarantees").click()
        assert page.url.endswith("?screen=payment-guarantees")
        assert page.locator("help-centre-panel").get_attribute("screen") == "payment-guarantees"
        open_by_keyboard(page)
        page.locator("help-centre-panel h2", has_text="Help: Payment Guarantees").wait_for()
        assert probe(page)["questions"][0] == "Where do I find my payment guarantees?"
        # While open, the portal moves on (beside the page the panel stays open and follows).
        page.keyboard.press("Escape")
        page.go_back()
        page.locator("help-centre-panel[screen='my-claims']").wait_for(state="attached")
        open_by_keyboard(page)
        page.locator("help-centre-panel h2", has_text="Help: My Claims").wait_for()
        if width == "desktop":
            page.get_by_role("link", name="Your Documents").click()
            page.locator("help-centre-panel h2", has_text="Help: Your Documents").wait_for()
            assert probe(page)["open"], "the panel closed when the portal changed screen"
        assert page.evaluate("window.__violations") == []


def test_the_screen_files_hold_each_screens_answers_and_nothing_else(site_dir):
    listed = json.loads((site_dir / "api" / "screens.json").read_text(encoding="utf-8"))
    for screen in listed["screens"]:
        data = json.loads((site_dir / "api" / "screens" / f"{screen['id']}.json").read_text(encoding="utf-8"))
        assert data["title"] == screen["title"]
        assert [answer["id"] for answer in data["answers"]] == screen["answers"]
        assert all(answer["html"].strip() and answer["title"] for answer in data["answers"])
    faq = json.loads((site_dir / "api" / "faq.json").read_text(encoding="utf-8"))
    for entry in faq["entries"]:
        answer = json.loads((site_dir / "api" / "answers" / f"{entry['id']}.json").read_text(encoding="utf-8"))
        assert answer == {"id": entry["id"], "title": entry["question"], "html": entry["answer_html"]}
        for alias in entry["aliases"]:
            assert json.loads((site_dir / "api" / "answers" / f"{alias}.json").read_text(encoding="utf-8")) == answer


def test_panel_files_are_written_only_under_their_folders(help_centre):
    import dataclasses

    from helpcentre.outputs import panel_api_files

    files = dict(panel_api_files(help_centre, site_url="https://help.example/", to_html=lambda text: f"<p>{text}</p>"))
    assert all(path.startswith(("api/answers/", "api/screens/")) and path.endswith(".json") for path in files)
    assert {f"api/screens/{screen.id}.json" for screen in help_centre.screens} <= set(files)
    # A screen that lists an answer the build does not have is refused, not written half.
    broken = dataclasses.replace(help_centre.screens[0], answers=("no-such-answer",))
    with pytest.raises(ContentError, match="no-such-answer"):
        dict(panel_api_files(dataclasses.replace(help_centre, screens=(broken,)), site_url="",
                             to_html=lambda text: text))


@pytest.mark.browser
def test_the_benchmark_counts_what_the_panel_fetches(browser, site_server):
    import sys

    from sitetools import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from panel_weight import panel_bytes

    measured = panel_bytes(browser, site_server.url)
    assert [name.split(" ")[0] for name in measured["open_files"]] == ["api/screens/my-claims.json"]
    assert 200 < measured["open_gzip_bytes"] < 4000
    assert "widget/search.js" in [name.split(" ")[0] for name in measured["search_files"]]
    assert measured["search_results"] > 0
    assert measured["search_gzip_bytes"] > measured["open_gzip_bytes"]


@pytest.mark.browser
def test_turning_a_tablet_makes_the_open_panel_modal_and_back(browser, hosts):
    with open_host(browser, hosts["transform"], "desktop") as (_, page, _):
        open_by_keyboard(page)
        assert not probe(page)["modal"]
        page.set_viewport_size(WIDTHS["phone"])
        page.wait_for_function("() => document.querySelector('help-centre-panel').shadowRoot"
                               ".querySelector('.panel').matches(':modal')")
        state = probe(page)
        assert state["open"] and state["focusInPanel"] and state["onTop"]
        page.set_viewport_size(WIDTHS["desktop"])
        page.wait_for_function("() => !document.querySelector('help-centre-panel').shadowRoot"
                               ".querySelector('.panel').matches(':modal')")
        assert probe(page)["open"]
        assert page.evaluate("document.documentElement.style.overflow") == "", "the page was left unscrollable"
