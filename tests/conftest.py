"""Fixtures: one strict build of the real site per session, its HTTP server, Chromium."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from sitetools import (ROOT, SiteServer, browser_required, build_site, chromium_path, free_port,
                       serve_directory)


@pytest.fixture(scope="session")
def site_port() -> int:
    """The loopback port the test site is built for and served on."""
    return free_port()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real site, built once in strict mode from the repository's own content."""
    return build_site(ROOT, tmp_path_factory.mktemp("site"), site_url=f"http://127.0.0.1:{site_port}/")


@pytest.fixture(scope="session")
def help_centre():
    """The content model of the repository's content."""
    from helpcentre import load_help_centre

    return load_help_centre(ROOT)


@pytest.fixture(scope="session")
def site_server(site_dir: Path, site_port: int) -> Iterator[SiteServer]:
    """The built site served on its loopback port."""
    yield from serve_directory(site_dir, site_port)


@pytest.fixture(scope="session")
def browser():
    """Chromium driven by Playwright; skipped only where no browser exists and none is required."""
    path = chromium_path()
    if path is None:
        message = ("Chromium not found: install Debian's 'chromium' package or set HELPCENTRE_CHROMIUM "
                   "to a Chromium executable")
        if browser_required():
            pytest.fail(message + " (CI or REQUIRE_BROWSER is set, so this is a failure)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    from sitetools import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
