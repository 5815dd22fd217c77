"""In Chromium at phone width: find an answer through the navigation, touching no other host."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _open_menu(page) -> None:
    # Material closes the menu 125 ms after every navigation (bundle.ts: delay(125)); a
    # tap sooner would be undone. No person taps that fast, so wait it out, then open.
    page.wait_for_timeout(250)
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")


def test_phone_reader_finds_an_answer_through_navigation(browser, site_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        page.goto(site_server.url)
        assert page.get_by_role("heading", level=1).inner_text() == "How can we help?"

        # Open the menu and choose the documents topic; its page lists the guides.
        _open_menu(page)
        drawer = page.locator("nav.md-nav--primary")
        drawer.get_by_role("link", name="Documents from sundhed.dk and uploading").first.click()
        page.wait_for_url("**/documents/")
        page.locator("article").get_by_role("link", name="Upload a file to your case").click()
        page.wait_for_url("**/documents/upload-file/")
        steps = page.locator("#upload-steps")
        assert steps.inner_text() == "Upload the file"
        assert page.locator("#upload-steps ~ ol").first.locator(":scope > li").count() == 7

        # Back through the menu to a category page with a question and its answer.
        # The menu opens inside the documents section; its title leads back up a level.
        _open_menu(page)
        drawer = page.locator("nav.md-nav--primary")
        drawer.locator("label.md-nav__title", has_text="Documents from sundhed.dk and uploading").click()
        drawer.get_by_role("link", name="Claims, payment guarantees and family").first.click()
        page.wait_for_url("**/claims-and-family/")
        answer = page.locator("#payment-guarantees")
        answer.scroll_into_view_if_needed()
        assert answer.is_visible()
        assert answer.inner_text() == "Where do I find my payment guarantees?"
        box = answer.bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE["height"]
    finally:
        context.close()

    hosts = {urlsplit(url).netloc for url in requested if not url.startswith(("data:", "blob:"))}
    assert len(requested) > 5, "the browser made almost no requests: the check is not looking"
    assert hosts == {site_server.host}, f"requests went to other hosts: {hosts - {site_server.host}}"
