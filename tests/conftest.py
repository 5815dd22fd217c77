"""Fixtures: one strict build of the real site per session, its HTTP server, Chromium."""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from unittest import mock

import pytest
import yaml

from sitetools import (ROOT, FeedbackStub, SiteServer, browser_required, build_site, chromium_path,
                       copy_project, free_port, serve_directory)

SUPPORT_STATUS_CASES = yaml.safe_load((ROOT / "tests" / "data" / "support_status_cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site_port() -> int:
    """The loopback port the test site is built for and served on."""
    return free_port()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real site, built once in strict mode from the repository's own content."""
    return build_site(ROOT, tmp_path_factory.mktemp("site"), site_url=f"http://127.0.0.1:{site_port}/")


@dataclass
class EngineSite:
    """One engine's build of the real site, served."""

    engine: str
    site_dir: Path
    server: SiteServer


@pytest.fixture(scope="session")
def engine_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineSite]:
    """The real site built by the engine the test is parametrized with (indirect=True,
    tests/known_gaps.py: engines_for); MkDocs' is the session's own site."""
    engine = request.param
    if engine == "mkdocs":
        yield EngineSite(engine, request.getfixturevalue("site_dir"), request.getfixturevalue("site_server"))
        return
    port = free_port()
    site = build_site(ROOT, tmp_path_factory.mktemp(f"site-{engine}"), site_url=f"http://127.0.0.1:{port}/",
                      engine=engine)
    with contextlib.contextmanager(serve_directory)(site, port) as server:
        yield EngineSite(engine, site, server)


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


# -- a copy with a feedback endpoint (a local stub), closed dates and a collapsed note ----------

@pytest.fixture(scope="session")
def feedback_stub():
    with FeedbackStub.running() as stub:
        yield stub


@pytest.fixture(scope="session")
def configured(tmp_path_factory, feedback_stub):
    """The copy's site, served; yields (server, site_dir)."""
    project = copy_project(tmp_path_factory.mktemp("configured"))
    support = project / "support.yml"
    support.write_text(support.read_text(encoding="utf-8").replace(
        "closed_dates: []", "closed_dates: " + json.dumps(SUPPORT_STATUS_CASES["closed_dates"])), encoding="utf-8")
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    assert '!!! note "Not on sundhed.dk?"\n              If the medical record' in text
    faq.write_text(text.replace('!!! note "Not on sundhed.dk?"\n              If the medical record',
                                '??? note "Not on sundhed.dk?"\n              If the medical record', 1),
                   encoding="utf-8")
    port = free_port()
    with mock.patch.dict(os.environ, {"HELPCENTRE_FEEDBACK_ENDPOINT": feedback_stub.url}):
        site = build_site(project, tmp_path_factory.mktemp("configured-site"),
                          site_url=f"http://127.0.0.1:{port}/")
    with contextlib.contextmanager(serve_directory)(site, port) as server:
        yield server, site
