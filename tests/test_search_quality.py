"""Search finds the answer a customer means: measured in Chromium on the site's own search."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "search"))

from quality import load_queries  # noqa: E402

QUERIES = load_queries()


def _print_report(name: str, report) -> None:
    print(f"\n{name}: {report.summary()}")
    for outcome in report.misses():
        print(f"  rank {outcome.rank}: {outcome.query.text!r} expects {list(outcome.query.expect)}, "
              f"shown {list(outcome.answers[:3])}")


def test_the_query_set_is_realistic_and_points_at_real_answers(help_centre):
    assert len(QUERIES) >= 60
    assert len({q.text.lower() for q in QUERIES}) == len(QUERIES), "a query is listed twice"
    for query in QUERIES:
        for ident in query.expect:
            assert help_centre.targets[ident].kind in ("entry", "guide", "section"), ident
    danish = {"glemt adgangskode", "henvisning", "journal", "betalingsgaranti", "billedbeskrivelse", "børn"}
    assert danish <= {q.text for q in QUERIES}
    assert any(len(q.text.split()) == 1 for q in QUERIES) and any(len(q.text.split()) == 2 for q in QUERIES)


def test_fast_runner_over_the_built_index(site_dir):
    from lunr_runner import LunrSearch

    report = LunrSearch(site_dir).run(QUERIES)
    _print_report("lunr (Python)", report)
    assert report.hit_at_3 >= 0.90, report.summary()


@pytest.mark.browser
def test_browser_search_finds_the_answers(browser, site_server, site_dir):
    from browser_runner import run

    links = json.loads((site_dir / "links.json").read_text(encoding="utf-8"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        report, _ = run(context.new_page(), site_server.url, QUERIES, links)
    finally:
        context.close()
    _print_report("Chromium", report)
    assert report.hit_at_3 >= 0.95, report.summary()
    assert report.mrr >= 0.85, report.summary()


@pytest.mark.browser
def test_typos_of_one_letter_still_find_the_answer(browser, site_server, site_dir):
    from browser_runner import search_hrefs
    from quality import Query, answer_ids, score

    links = json.loads((site_dir / "links.json").read_text(encoding="utf-8"))
    typos = {"passwrd": "login-password", "paswsord": "login-password", "gramarly": "unexpected-origin-error",
             "grammerly": "unexpected-origin-error", "refferral": "find-referral", "familly": "family-overview"}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.locator(".md-search__input").click()
        for text, expected in typos.items():
            hrefs, _ = search_hrefs(page, text)
            outcome = score(Query(text, (expected,)), answer_ids(hrefs, links), links)
            assert outcome.rank and outcome.rank <= 3, (text, outcome.answers)
    finally:
        context.close()


@pytest.mark.browser
def test_pasted_error_message_puts_its_answer_first(browser, site_server, site_dir):
    from browser_runner import search_hrefs
    from quality import answer_ids

    links = json.loads((site_dir / "links.json").read_text(encoding="utf-8"))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server.url)
        page.locator("label.md-header__button[for='__search']").click()
        hrefs, _ = search_hrefs(page, "Received message from unexpected origin")
        assert answer_ids(hrefs, links)[0] == "unexpected-origin-error"
    finally:
        context.close()


@pytest.mark.browser
def test_a_search_with_no_results_shows_the_support_contact(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server.url + "?q=xyzzyq+plorbt")
        panel = page.locator(".md-search-result .hc-no-results")
        panel.wait_for(state="visible", timeout=10000)
        assert "No answers match your search." in panel.inner_text()
        assert panel.locator("a[href='tel:+4570206121']").inner_text() == "70 20 61 21"
        assert panel.locator("a[href='mailto:support@primora-it.dk']").count() == 1
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially("upload", delay=10)
        page.locator(".md-search-result__item").first.wait_for()
        assert panel.count() == 0, "the panel stays after a search that finds answers"
    finally:
        context.close()
