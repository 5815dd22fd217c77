"""Help beyond the answer: live support status, review dates, feedback, screen labels, print.

A second copy of the site is built with a feedback endpoint (a local stub that records what
it receives), the closed dates of the shared status table, and one collapsed note, so the
features that are off or empty in the real content can be seen working.
"""
from __future__ import annotations

import io
import json
import os
import re
from datetime import date, datetime
from unittest import mock

import pytest
import yaml

from helpcentre.schedule import closed_days_in_words
from sitetools import (ROOT, FeedbackStub, build_site, copy_project, html_pages, page_for,
                       parse_page, search_text)

CASES = yaml.safe_load((ROOT / "tests" / "data" / "support_status_cases.yml").read_text(encoding="utf-8"))
REDACTION_CASES = yaml.safe_load((ROOT / "tests" / "data" / "redaction_cases.yml").read_text(encoding="utf-8"))
PHONE = {"width": 390, "height": 844}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- in the built HTML -----------------------------------------------------------------------

def test_every_page_has_the_support_block_with_its_schedule(site_dir, help_centre):
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        assert html.count('<aside class="hc-support"') == 1, path
        status = re.search(r'<p class="hc-support__status" data-support-status data-schedule="([^"]*)" hidden>',
                           html)
        assert status, f"{path}: no status line, or it is not hidden until the script fills it"
        schedule = json.loads(status.group(1).replace("&#34;", '"').replace("&quot;", '"'))
        assert schedule == {"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00",
                            "timezone": "Europe/Copenhagen", "closed": []}
        assert "Open Monday to Friday, 9 AM to 4 PM." in parse_page(path).whole_text


def test_every_answer_shows_when_it_was_last_reviewed(site_dir, help_centre):
    for entry in help_centre.entries:
        html = page_for(site_dir, f"{entry.category}.md").read_text(encoding="utf-8")
        section = html.split(f'id="{entry.id}"', 1)[1].split('class="hc-answer"', 1)[0]
        assert f'Last reviewed <time datetime="{entry.reviewed}">25 November 2026</time>' in section, entry.id
    for guide in help_centre.guides:
        html = page_for(site_dir, f"{guide.category}/{guide.id}.md").read_text(encoding="utf-8")
        assert html.count("Last reviewed <time") == 1, guide.id
    # Not searchable: a search for "reviewed" must not find every answer.
    assert "last reviewed" not in search_text(site_dir).lower()


def test_related_questions_link_under_their_answer(site_dir, help_centre):
    html = page_for(site_dir, "claims-and-family.md").read_text(encoding="utf-8")
    after = html.split('id="payment-guarantees"', 1)[1]
    heading, related = after.split('<div class="hc-related">', 1)
    related = related.split("</div>", 1)[0]
    # A heading one level below the question's, right before the list, with no id.
    assert heading.rstrip().endswith('<h3 class="hc-related__title">Related questions</h3>')
    assert 'href="./#family-overview"' in related or 'href="#family-overview"' in related
    assert "documents/upload-file/#upload-file" in related


def test_screen_labels_are_marked_the_same_way_everywhere(site_dir):
    labels = {"Family Overview", "My Claims", "Your Documents", "Print Selected", "Save as PDF"}
    seen: set[str] = set()
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        seen |= set(re.findall(r'<strong class="hc-ui">([^<]+)</strong>', html))
        for label in labels:
            # Never bold or plain in running text: always the marked form.
            assert f"<strong>{label}</strong>" not in html, (path, label)
    assert labels <= seen, labels - seen


def test_without_an_endpoint_there_is_no_feedback_question(site_dir):
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        assert "hc-feedback" not in html, path


def test_the_configured_copy_asks_under_every_answer(configured, help_centre):
    _, site = configured
    html = page_for(site, "claims-and-family.md").read_text(encoding="utf-8")
    assert html.count('class="hc-feedback"') == len(help_centre.entries_in("claims-and-family"))
    guide = page_for(site, "documents/upload-file.md").read_text(encoding="utf-8")
    assert guide.count('class="hc-feedback"') == 1 and 'data-hc-answer="upload-file"' in guide
    assert "helpful" not in search_text(site).lower()


def test_an_unencrypted_endpoint_is_refused(tmp_path, caplog):
    from mkdocs.exceptions import Abort

    project = copy_project(tmp_path / "project")
    with mock.patch.dict(os.environ, {"HELPCENTRE_FEEDBACK_ENDPOINT": "http://portal.example/feedback"}):
        with pytest.raises(Abort):
            build_site(project, tmp_path / "site")
    assert ("mkdocs.yml: extra.feedback.endpoint 'http://portal.example/feedback' must start with https://"
            in caplog.text)


# -- in Chromium ----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("time_zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_status_line_in_copenhagen_time_from_anywhere(browser, configured, time_zone):
    server, _ = configured
    context = browser.new_context(viewport=PHONE, timezone_id=time_zone)
    try:
        page = context.new_page()
        for case in CASES["cases"]:
            page.clock.set_fixed_time(_instant(case["at"]))
            page.goto(server.url + "documents/upload-file/")
            status = page.locator("[data-support-status]")
            status.wait_for(state="visible")
            assert status.inner_text() == case["expect"], (case["at"], time_zone)
            is_open = "hc-support__status--open" in (status.get_attribute("class") or "")
            assert is_open == case["expect"].startswith("Open"), case["at"]
    finally:
        context.close()


@pytest.mark.browser
def test_status_line_is_worked_out_off_the_main_thread_and_there_unscrolled(browser, configured):
    """Reading the time zone's rules is the slowest thing a page does on a phone: it is done
    in a worker once the page has loaded, so no tap waits for it; and the line is there
    for a screen reader that reads ahead, before the reader has scrolled to the box."""
    server, _ = configured
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + "documents/upload-file/")
        support = page.locator(".md-content .hc-support")
        assert support.evaluate("(box) => box.getBoundingClientRect().top") > 2 * PHONE["height"], \
            "the box is in view: the page cannot show it is filled in unscrolled"
        status = page.locator("[data-support-status]")
        status.wait_for(state="attached")
        page.wait_for_function("() => !document.querySelector('[data-support-status]').hidden")
        assert status.inner_text().startswith(("Open now", "Closed"))
        assert page.evaluate("scrollY") == 0
        # worked out off the main thread, where no tap waits for it
        assert [worker.url for worker in page.workers if worker.url.endswith("/support-status-worker.js")]
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_plain_hours_show(browser, configured):
    server, _ = configured
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url + "logging-in/")
        support = page.locator(".md-content .hc-support")
        hours = support.get_by_text("Open Monday to Friday, 9 AM to 4 PM.")
        assert hours.is_visible()
        # The listed closed days still to come, in words, where no script can say "Closed".
        upcoming = closed_days_in_words(CASES["closed_dates"], date.today())
        if upcoming:
            assert hours.inner_text() == f"Open Monday to Friday, 9 AM to 4 PM. Closed on {upcoming}."
        else:
            assert "Closed on" not in hours.inner_text()
        assert not page.locator("[data-support-status]").is_visible()
        assert page.locator(".hc-feedback").first.is_hidden()  # it could not send anything
    finally:
        context.close()


@pytest.mark.browser
def test_feedback_is_sent_as_json_and_thanked(browser, configured, feedback_stub):
    server, _ = configured
    feedback_stub.received.clear()
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + "claims-and-family/")
        page.locator("html[data-hc-ready]").wait_for(state="attached")  # the page script has loaded
        widget = page.locator('.hc-feedback[data-hc-answer="payment-guarantees"]')
        group = page.get_by_role("group", name=re.compile("^Was this helpful\\? Where do I find my payment"))
        assert group.count() == 1
        widget.get_by_role("button", name="Yes").click()
        message = widget.get_by_role("status")
        message.filter(has_text="Thank you for telling us.").wait_for()
        assert widget.get_by_role("button", name="Yes").get_attribute("aria-pressed") == "true"
        assert widget.locator(".hc-feedback__support").count() == 0

        other = page.locator('.hc-feedback[data-hc-answer="family-overview"]')
        other.get_by_role("button", name="No").click()
        other.get_by_role("status").filter(has_text="IT support can help you").wait_for()
        offered = other.locator(".hc-feedback__support")
        assert offered.get_by_role("link", name="70 20 61 21").get_attribute("href") == "tel:+4570206121"
        assert offered.get_by_role("link", name="support@primora-it.dk").is_visible()

        # A second click sends nothing more (the buttons say they are disabled, so force it).
        assert other.get_by_role("button", name="Yes").get_attribute("aria-disabled") == "true"
        other.get_by_role("button", name="Yes").click(force=True)
        page.wait_for_timeout(200)
        assert context.cookies() == []
    finally:
        context.close()

    assert [json.loads(r["body"]) for r in feedback_stub.received] == [
        {"type": "feedback", "id": "payment-guarantees", "helpful": True, "page": "/claims-and-family/"},
        {"type": "feedback", "id": "family-overview", "helpful": False, "page": "/claims-and-family/"},
    ]
    for request in feedback_stub.received:
        assert request["path"] == "/api/help-feedback"
        assert request["content_type"] == "application/json"
        assert request["cookie"] is None and request["referer"] is None


@pytest.mark.browser
def test_feedback_that_cannot_be_sent_says_so(browser, configured, feedback_stub):
    server, _ = configured
    feedback_stub.fail = True
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + "documents/upload-file/")
        widget = page.locator('.hc-feedback[data-hc-answer="upload-file"]')
        widget.get_by_role("button", name="No").click()
        widget.get_by_role("status").filter(has_text="could not be sent").wait_for()
        assert widget.get_by_role("button", name="No").get_attribute("aria-pressed") is None
    finally:
        feedback_stub.fail = False
        context.close()


@pytest.mark.browser
def test_printing_a_guide_gives_steps_and_support_only(browser, configured):
    from pypdf import PdfReader

    server, _ = configured
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url + "documents/find-medical-record/")
        note = page.locator("details", has_text="Not on sundhed.dk?")
        assert note.get_attribute("open") is None, "the note should start collapsed on screen"
        assert not page.get_by_text("If the medical record is not available").is_visible()
        pdf = page.pdf(format="A4", print_background=False)
    finally:
        context.close()

    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for expected in ("Find a medical record on sundhed.dk",
                     "If the medical record is not available on sundhed.dk",  # collapsed on screen
                     "Click the paper icon under Note",
                     "On a PC", "Select Print Selected",  # both alternatives, each labelled
                     "With a phone or tablet", "Take a picture of the document",
                     "Need help from a person?", "70 20 61 21", "support@primora-it.dk",
                     "Open Monday to Friday, 9 AM to 4 PM"):
        assert expected in text, expected
    for absent in ("User Portal help centre", "Search", "Copy link", "Was this helpful",
                   "Table of contents", "Logging in and browsers", "Made with"):
        assert absent not in text, absent


@pytest.mark.browser
def test_status_and_feedback_have_no_axe_violations(browser, configured, feedback_stub):
    from test_accessibility import _violations

    server, _ = configured
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # axe is added as an inline script
    try:
        page = context.new_page()
        page.clock.set_fixed_time(_instant("2026-11-25T10:00:00Z"))
        page.goto(server.url + "claims-and-family/")
        found = _violations(page)
        widget = page.locator('.hc-feedback[data-hc-answer="family-overview"]')
        widget.get_by_role("button", name="No").click()
        widget.locator(".hc-feedback__support").wait_for()
        found += _violations(page)
    finally:
        context.close()
    assert not found, "\n".join(sorted(set(found)))


# -- what customers could not find -----------------------------------------------------------

def _search_events(stub: FeedbackStub) -> list[dict]:
    return [json.loads(r["body"]) for r in stub.received if json.loads(r["body"]).get("type") == "search"]


def _open_search(page, server) -> None:
    page.goto(server.url)
    page.locator("label.md-header__button[for='__search']").click()


@pytest.mark.browser
def test_a_search_that_finds_nothing_is_reported_once_after_a_pause(browser, configured, feedback_stub):
    server, _ = configured
    feedback_stub.received.clear()
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        _open_search(page, server)
        field = page.locator(".md-search__input")
        field.press_sequentially("refusion of my xyzzy", delay=60)  # one keystroke at a time
        page.locator(".md-search-result .hc-no-results").wait_for()
        page.wait_for_timeout(1200)
        assert _search_events(feedback_stub) == [], "sent before the reader stopped typing"
        page.wait_for_timeout(1500)
        field.press("End")  # a key that changes nothing sends nothing more
        page.wait_for_timeout(2500)
        assert context.cookies() == []
    finally:
        context.close()
    assert _search_events(feedback_stub) == [{"type": "search", "query": "refusion of my xyzzy", "results": 0,
                                              "page": "/"}]
    request = next(r for r in feedback_stub.received if '"search"' in r["body"])
    assert request["content_type"] == "application/json"
    assert request["cookie"] is None and request["referer"] is None


@pytest.mark.browser
def test_enter_or_leaving_the_search_reports_at_once_and_results_never(browser, configured, feedback_stub):
    server, _ = configured
    feedback_stub.received.clear()
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        _open_search(page, server)
        field = page.locator(".md-search__input")
        field.fill("plorbt quux")
        field.press("End")
        page.locator(".md-search-result .hc-no-results").wait_for()
        field.press("Enter")
        page.wait_for_function("() => true")
        page.wait_for_timeout(300)
        assert [e["query"] for e in _search_events(feedback_stub)] == ["plorbt quux"]

        field.fill("payment guarantee")  # found: never reported
        field.press("End")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(2500)

        field.fill("zzkrrt")
        field.press("End")
        page.locator(".md-search-result .hc-no-results").wait_for()
        page.keyboard.press("Escape")  # leaves the search
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert [e["query"] for e in _search_events(feedback_stub)] == ["plorbt quux", "zzkrrt"]


@pytest.mark.browser
def test_personal_data_never_leaves_the_browser(browser, configured, feedback_stub):
    server, _ = configured
    feedback_stub.received.clear()
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        _open_search(page, server)
        redacted = page.evaluate("cases => cases.map(c => window.helpCentreRedact(c.typed))", REDACTION_CASES)
        assert redacted == [case["sent"] for case in REDACTION_CASES]
        field = page.locator(".md-search__input")
        field.fill("xyzzy 010203-1234 qwfp@zzkk.qq")
        field.press("End")
        page.locator(".md-search-result .hc-no-results").wait_for()
        field.press("Enter")
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert [e["query"] for e in _search_events(feedback_stub)] == ["xyzzy [cpr] [email]"]


@pytest.mark.browser
def test_without_an_endpoint_nothing_is_reported(browser, site_server):
    context = browser.new_context(viewport=PHONE)
    posts = []
    context.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    try:
        page = context.new_page()
        _open_search(page, site_server)
        field = page.locator(".md-search__input")
        field.fill("plorbt quux")
        field.press("End")
        page.locator(".md-search-result .hc-no-results").wait_for()
        field.press("Enter")
        page.wait_for_timeout(2500)
    finally:
        context.close()
    assert posts == []

