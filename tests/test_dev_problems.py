"""Under `make serve`, the content's problems show in the browser: on every page, with
file:line, what is wrong and the fix; reachable and dismissable by keyboard; gone on the
save that fixes them."""
from __future__ import annotations

import time

import pytest

from helpcentre.devproblems import PROBLEMS_FILE, with_overlay, write_problems
from helpcentre.problems import Problem
from sitetools import copy_project, free_port, mkdocs_serving, wait_for_text


def test_the_overlay_goes_first_in_the_body_and_cannot_end_its_script_early():
    notice = Problem("faq.yml", 3, "the id '</script><script>alert(1)</script>' is new", "add it")
    page = with_overlay('<html><head></head><body class="x"><main>hi</main></body></html>', depth=2,
                        notices=[notice])
    body = page[page.index('<body class="x">') + len('<body class="x">'):]
    assert body.startswith("<script>") and '"url": "../../hc-dev-problems.json"' in body
    assert body.count("</script>") == 1 and "\\u003c/script\\u003e" in body


def test_problems_are_written_as_plain_records(tmp_path):
    path = write_problems(tmp_path, [Problem("faq.yml", 50, "unknown field", "remove it", "entry 'x'")])
    assert path.name == PROBLEMS_FILE
    assert path.read_text(encoding="utf-8") == ('[{"place": "faq.yml:50", "where": "entry \'x\'", '
                                                '"message": "unknown field", "fix": "remove it"}]')


@pytest.mark.browser
@pytest.mark.slow
def test_serve_shows_problems_in_the_page_until_the_save_that_fixes_them(tmp_path, browser):
    project = copy_project(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}/logging-in/"
    with mkdocs_serving(project, port, tmp_path / "serve.log"):
        assert wait_for_text(url, "Which browsers can I use?", 90), (tmp_path / "serve.log").read_text()
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url)
        page.wait_for_timeout(2000)
        assert page.locator("#hc-dev-problems").count() == 0  # nothing wrong, nothing shown

        faq = project / "faq.yml"
        good = faq.read_text(encoding="utf-8")
        faq.write_text(good.replace("question: Which browsers", "questoin: Which browsers"), encoding="utf-8")
        banner = page.locator("#hc-dev-problems")
        banner.wait_for(state="visible", timeout=60000)
        text = banner.inner_text()
        assert "this preview still shows the last version that worked" in text
        assert "faq.yml:50" in text and "entry 'supported-browsers', field 'questoin': unknown field" in text
        assert "Fix: did you mean 'question'?" in text
        assert banner.get_attribute("role") == "alert" and banner.get_attribute("aria-labelledby")
        page.screenshot(path="/tmp/hc-dev-problems-390.png")
        other = browser.new_page(viewport={"width": 1280, "height": 800})  # every page, not only this one
        other.goto(f"http://127.0.0.1:{port}/documents/upload-file/")
        other.locator("#hc-dev-problems").wait_for(state="visible", timeout=10000)
        other.screenshot(path="/tmp/hc-dev-problems-1280.png")
        other.close()

        # Keyboard: the first Tab reaches "Hide"; Escape hides the banner.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('hc-dev__hide')")
        page.keyboard.press("Escape")
        assert banner.count() == 0
        page.reload()
        page.wait_for_timeout(2000)
        assert page.locator("#hc-dev-problems").count() == 0  # stays hidden while the problems are the same

        # A second mistake is a new set of problems: shown again.
        faq.write_text(good.replace("question: Which browsers", "questoin: Which browsers")
                       .replace("    category: logging-in\n    question: How do I find",
                                "    category: logging-inn\n    question: How do I find"), encoding="utf-8")
        page.locator("#hc-dev-problems").wait_for(state="visible", timeout=60000)
        assert "there is no category 'logging-inn'" in page.locator("#hc-dev-problems").inner_text()

        # The save that fixes them: the banner goes, and the page shows the new content.
        faq.write_text(good.replace("Which browsers can I use?", "Which browsers work?"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while page.locator("#hc-dev-problems").count() and time.monotonic() < deadline:
            page.wait_for_timeout(500)
        assert page.locator("#hc-dev-problems").count() == 0
        assert wait_for_text(url, "Which browsers work?", 60)
        page.close()
