"""The help panel in the portal team's host pages: what broke there, held as tests.

Each host is one hazard the portal team met (see panelflows.OWN_HOSTS): a host policy that
enforces Trusted Types, CSS zoom on the body, page controls a panel beside the page would
cover, two panels on one page; and a help centre that answers with JSON of the wrong shape.
The same hosts behind the nginx the build configures are in test_nginx.py.
"""
from __future__ import annotations

import dataclasses
import json

import pytest

from panelflows import (DESKTOP, MY_CLAIMS, PHONE, WIDTHS, open_by_keyboard, open_host, probe, record_errors, search,
                        serve_pages, toggle, write_host_pages, write_own_host_pages)


@pytest.fixture(scope="module")
def own_hosts(site_server, tmp_path_factory):
    """The portal team's host pages, and one of the shared hostile hosts, on their own origin."""
    folder = tmp_path_factory.mktemp("own-hosts")
    pages = {**write_own_host_pages(folder, help_url=site_server.url), **write_host_pages(folder, help_url=site_server.url)}
    yield from serve_pages(folder, pages)


def _failure_state(page) -> dict:
    """What the panel's status offers: its words, its retry button, its links."""
    status = page.locator("help-centre-panel .status")
    status.locator(".retry").wait_for(timeout=5000)
    return {"text": status.inner_text(), "links": [a.get_attribute("href") for a in status.locator("a").all()],
            "heading": page.locator("help-centre-panel h2").inner_text()}


WRONG_SHAPES = {
    "error message": {"error": "Too many requests, try later"},
    "null": None,
    "list": [],
    "answers null": {"answers": None},
    "answers text": {"answers": "oops"},
    "wrong field types": {"title": {"x": 1}, "answers": [{"id": 5, "title": None, "html": 42}, None]},
    "one bad answer": {"id": "my-claims", "title": "My Claims",
                       "answers": [{"id": "payment-guarantees", "title": "Where?", "html": {"p": 1}}]},
}


@pytest.mark.browser
@pytest.mark.parametrize("shape", sorted(WRONG_SHAPES))
def test_json_of_the_wrong_shape_gets_the_polite_failure_with_a_retry(browser, own_hosts, site_server, shape):
    with open_host(browser, own_hosts["filter"], "phone") as (_, page, _):
        errors = record_errors(page)
        page.route("**/api/screens/**", lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(WRONG_SHAPES[shape])))
        toggle(page).click()
        state = _failure_state(page)
        assert "cannot be reached" in state["text"] and "[object" not in state["text"] + state["heading"], state
        assert state["heading"] == "Help"
        assert state["links"] == [site_server.url, "tel:+4570206121"], state
        assert errors == [], errors
        # The help centre is back: Try again shows the screen's questions.
        page.unroute("**/api/screens/**")
        page.locator("help-centre-panel .retry").click()
        page.locator("help-centre-panel .questions summary").first.wait_for()
        assert probe(page)["questions"] == MY_CLAIMS


@pytest.mark.browser
def test_an_answer_file_of_the_wrong_shape_is_a_failure_of_that_answer_only(browser, own_hosts, site_server):
    with open_host(browser, own_hosts["filter"], "desktop") as (_, page, _):
        errors = record_errors(page)
        page.route("**/api/answers/login-password.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body='{"error": "maintenance"}'))
        page.evaluate("document.querySelector('help-centre-panel').setAttribute('answers', 'upload-steps,login-password')")
        toggle(page).click()
        state = _failure_state(page)
        assert "cannot be reached" in state["text"] and site_server.url in state["links"]
        # A search result whose answer file is wrong says so beside it, with the way to the help centre.
        page.unroute("**/api/answers/login-password.json")
        page.route("**/api/answers/**", lambda route: route.fulfill(
            status=200, content_type="application/json", body="null"))
        search(page, "upload file")
        result = page.locator("help-centre-panel .results details").first
        result.locator("summary").click()
        answer = result.locator(".answer")
        answer.get_by_text("cannot be loaded right now").wait_for()
        assert answer.get_by_role("link", name="Read it in the help centre").get_attribute("href").startswith(
            f"{site_server.url}go/")
        assert errors == [], errors


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_host_refusing_every_trusted_types_policy_gets_questions_and_links(browser, own_hosts, site_server, width):
    with open_host(browser, own_hosts["trusted-types-none"], width) as (_, page, _):
        errors = record_errors(page)
        warnings: list[str] = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        open_by_keyboard(page)
        assert probe(page)["questions"] == MY_CLAIMS
        first = page.locator("help-centre-panel .questions details").first
        first.locator("summary").click()
        answer = first.locator(".answer")
        assert "cannot be shown inside this page" in answer.inner_text()
        assert answer.get_by_role("link", name="Read it in the help centre").get_attribute("href") == \
            f"{site_server.url}go/payment-guarantees/"
        # The search still finds, its results as plain words.
        assert search(page, "paymnt")[0] == "Where do I find my payment guarantees?"
        assert errors == [], errors
        # The portal's developer is told, once, which name to allow.
        assert len([text for text in warnings if "trusted-types directive" in text and '"help-centre"' in text]) == 1, \
            warnings


@pytest.mark.browser
def test_a_host_allowing_the_help_centre_policy_gets_whole_answers(browser, own_hosts):
    with open_host(browser, own_hosts["trusted-types-allowed"], "desktop") as (_, page, _):
        errors = record_errors(page)
        open_by_keyboard(page)
        first = page.locator("help-centre-panel .questions details").first
        first.locator("summary").click()
        assert "Payment Guarantees" in first.locator(".answer").inner_text()
        assert search(page, "paymnt")[0] == "Where do I find my payment guarantees?"
        assert page.locator("help-centre-panel .results mark").count() > 0, "the search lost its marked words"
        assert errors == [] and page.evaluate("window.__violations") == []


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_css_zoom_on_the_host_keeps_the_panel_inside_the_screen(browser, own_hosts, width):
    with open_host(browser, own_hosts["zoom"], width) as (_, page, _):
        open_by_keyboard(page)
        state, view = probe(page), WIDTHS[width]
        box = state["box"]
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= view["width"] and box["y"] + box["height"] <= view["height"], box
        assert state["onTop"]
        close = page.locator("help-centre-panel .close").bounding_box()
        assert close["y"] >= 0 and close["y"] + close["height"] <= view["height"], close
        if width == "desktop":
            assert box["width"] <= 0.5 * view["width"], box
        else:
            assert box == {"x": 0, "y": 0, "width": view["width"], "height": view["height"]}


FOCUSED_IS_VISIBLE = """() => {
  let active = document.activeElement;
  const box = active.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {text: active.textContent, visible: hit === active || active.contains(hit)};
}"""


@pytest.mark.browser
def test_beside_the_page_keyboard_focus_is_never_under_the_panel(browser, own_hosts):
    with open_host(browser, own_hosts["obscured"], "desktop") as (_, page, _):
        open_by_keyboard(page)
        for _ in range(60):  # through the panel and on into the page
            page.keyboard.press("Tab")
            if not page.evaluate("() => document.activeElement === document.querySelector('help-centre-panel')"):
                break
        focused = page.evaluate(FOCUSED_IS_VISIBLE)
        assert focused["text"].startswith("Open claim"), focused
        assert not probe(page)["open"] and probe(page)["expanded"] == "false", "the panel stayed over the page"
        for _ in range(20):  # every control of the page, in turn, is in sight
            focused = page.evaluate(FOCUSED_IS_VISIBLE)
            assert focused["visible"], f"{focused['text']} is covered"
            page.keyboard.press("Tab")


@pytest.mark.browser
def test_escape_closes_the_panel_beside_the_page_from_the_page(browser, own_hosts):
    with open_host(browser, own_hosts["obscured"], "desktop") as (_, page, _):
        toggle(page).click()
        page.locator("help-centre-panel .questions summary").first.wait_for()
        page.get_by_role("link", name="Portal").click()  # a click in the page keeps the panel open
        assert probe(page)["open"], "a click in the page closed the panel"
        page.keyboard.press("Escape")
        state = probe(page)
        assert not state["open"] and state["expanded"] == "false"
        assert page.evaluate("() => document.activeElement.textContent") == "Portal", "Escape moved focus away"


PANELS = """() => [...document.querySelectorAll('help-centre-panel')].map((host) => ({
  open: host.shadowRoot.querySelector('.panel').matches('[open], :popover-open'),
  expanded: host.shadowRoot.querySelector('.open').getAttribute('aria-expanded')}))"""


@pytest.mark.browser
def test_opening_one_panel_closes_the_other(browser, own_hosts):
    with open_host(browser, own_hosts["two-panels"], "desktop") as (_, page, _):
        openers = page.locator("help-centre-panel .open")
        openers.nth(0).click()
        page.locator("help-centre-panel h2", has_text="Help: My Claims").wait_for()
        openers.nth(1).click()
        page.locator("help-centre-panel h2", has_text="Help: Log in").wait_for()
        assert page.evaluate(PANELS) == [{"open": False, "expanded": "false"}, {"open": True, "expanded": "true"}]
        page.locator("help-centre-panel .close").nth(1).click()
        assert page.evaluate(PANELS) == [{"open": False, "expanded": "false"}, {"open": False, "expanded": "false"}]


def test_api_links_between_answers_are_short_links_without_a_host(site_dir):
    answer = json.loads((site_dir / "api" / "answers" / "find-referral.json").read_text(encoding="utf-8"))
    assert 'href="/go/upload-file/"' in answer["html"], answer["html"]
    for path in [site_dir / "api" / "faq.json", *(site_dir / "api").glob("*/*.json")]:
        text = path.read_text(encoding="utf-8")
        hosts = {href for href in __import__("re").findall(r'href=\\"([^"\\]*)\\"', text) if "127.0.0.1" in href}
        assert not hosts, f"{path.name} links to the build's own address: {hosts}"


def test_api_links_keep_the_sites_path_and_leave_other_sites_alone(help_centre):
    from helpcentre.outputs import api_link_writer

    links = api_link_writer(help_centre, "https://help.example/hjaelp/")
    html = ('<a href="https://help.example/hjaelp/documents/upload-file/#upload-file">a</a>'
            '<a href="https://help.example/hjaelp/contact/">b</a><a href="https://sundhed.dk/x">c</a><a href="mailto:a@b.dk">d</a>')
    assert links(html) == ('<a href="/hjaelp/go/upload-file/">a</a><a href="/hjaelp/contact/">b</a>'
                           '<a href="https://sundhed.dk/x">c</a><a href="mailto:a@b.dk">d</a>')
    assert api_link_writer(help_centre, "")('<a href="/documents/upload-file/#upload-file">a</a>') == \
        '<a href="/go/upload-file/">a</a>'


def test_screens_json_names_an_answer_by_the_id_its_screen_file_gives(help_centre):
    from helpcentre.model import Target
    from helpcentre.outputs import panel_api_files, screens_api

    old, new = "payment-guarantees", "find-payment-guarantees"
    entries = tuple(dataclasses.replace(e, id=new, aliases=(old,)) if e.id == old else e for e in help_centre.entries)
    target = help_centre.targets[old]
    targets = {**help_centre.targets, new: dataclasses.replace(target, id=new),
               old: dataclasses.replace(target, kind="alias", canonical=new)}
    renamed = dataclasses.replace(help_centre, entries=entries, targets=targets)
    listed = {s["id"]: s["answers"] for s in screens_api(renamed, today=__import__("datetime").date(2026, 11, 28))["screens"]}
    files = dict(panel_api_files(renamed, site_url="", to_html=lambda text: text))
    for screen, answers in listed.items():
        assert [a["id"] for a in json.loads(files[f"api/screens/{screen}.json"])["answers"]] == answers, screen
    assert new in listed["my-claims"] and old not in listed["my-claims"]
