"""Screenshots of the help centre for the README: `make screenshots`.

Builds a copy of the site with a local feedback endpoint, then photographs in Chromium, at
390 px (a phone) and 1280 px (a desktop): a guide, the support block while support is open
and while it is closed (the browser's clock set to fixed instants), and the "Was this
helpful?" question before and after a "No", and the portal's help panel open on its demo
page. The PNGs go to .github/screenshots/, outside
docs/, so they are not published.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetools import (CHROMIUM_ARGS, ROOT, FeedbackStub, build_site, chromium_path,  # noqa: E402
                       copy_project, free_port, serve_directory)

OUT = ROOT / ".github" / "screenshots"
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
OPEN = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)  # Wednesday 11:00 in Copenhagen
CLOSED = datetime(2026, 11, 27, 16, 30, tzinfo=timezone.utc)  # Friday 17:30


def main() -> int:
    from playwright.sync_api import sync_playwright

    browser_path = chromium_path()
    if browser_path is None:
        print("Chromium not found: install Debian's 'chromium' package", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work, FeedbackStub.running() as stub:
        project = copy_project(Path(work) / "project")
        port = free_port()
        with mock.patch.dict(os.environ, {"HELPCENTRE_FEEDBACK_ENDPOINT": stub.url}):
            site = build_site(project, Path(work) / "site", site_url=f"http://127.0.0.1:{port}/")
        with contextlib.contextmanager(serve_directory)(site, port) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            for width, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, device_scale_factor=1,
                                              timezone_id="America/New_York")
                page = context.new_page()
                page.clock.set_fixed_time(OPEN)
                page.goto(server.url + "documents/find-referral/")
                page.wait_for_timeout(400)
                page.screenshot(path=OUT / f"guide-{width}.png")

                for name, instant in (("open", OPEN), ("closed", CLOSED)):
                    page.clock.set_fixed_time(instant)
                    page.goto(server.url + "documents/upload-file/")
                    support = page.locator(".md-content .hc-support")
                    support.scroll_into_view_if_needed()
                    page.wait_for_timeout(200)
                    support.screenshot(path=OUT / f"support-{name}-{width}.png")

                page.goto(server.url + "claims-and-family/")
                answer = page.locator('.hc-feedback[data-hc-answer="family-overview"]')
                answer.scroll_into_view_if_needed()
                page.wait_for_timeout(200)
                answer.screenshot(path=OUT / f"feedback-{width}.png")
                answer.get_by_role("button", name="No").click()
                answer.locator(".hc-feedback__support").wait_for()
                page.wait_for_timeout(200)
                answer.screenshot(path=OUT / f"feedback-no-{width}.png")

                # The portal's help panel, open on the demo page, one question opened.
                page.clock.set_fixed_time(OPEN)
                page.goto(server.url + "widget/demo.html")
                page.get_by_role("button", name="Help with this page").click()
                page.locator("help-centre-panel .questions summary").first.click()
                page.wait_for_timeout(300)
                page.screenshot(path=OUT / f"panel-{width}.png")
                context.close()
            browser.close()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
