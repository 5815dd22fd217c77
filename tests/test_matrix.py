"""The browser matrix: what matters most, in Chromium, Firefox and WebKit (Safari's engine).

Each test is written once against tests/engines.py and runs in every engine. Run one engine
with `pytest -m firefox` (or chromium, webkit), or the whole suite with
`HELPCENTRE_BROWSERS=firefox make test`. An engine's tests skip only where that engine is
missing, and fail instead when CI or REQUIRE_BROWSER is set.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from engines import ENGINES, BrowserSession, find_engine, open_session, selected_engines, serve_for_engine
from sitetools import ROOT, browser_required, html_pages
from test_landing import LANDING_STATE

sys.path.insert(0, str(Path(__file__).parent / "search"))

from quality import HELD_OUT, Report, load_queries, row_ids, score  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.matrix]

PHONE = (390, 844)
DESKTOP = (1280, 900)
TARGET_HIT_AT_3 = 0.95
TARGET_MRR = 0.85


@pytest.fixture(scope="session", params=[pytest.param(name, marks=getattr(pytest.mark, name))
                                         for name in selected_engines()])
def engine(request) -> BrowserSession:
    """A browser session in one engine, for every matrix test of that engine."""
    found = find_engine(request.param)
    if found.missing:
        if browser_required():
            pytest.fail(f"{found.missing} (CI or REQUIRE_BROWSER is set, so this is a failure)", pytrace=False)
        pytest.skip(found.missing)
    sessions = open_session(found)
    session = next(sessions)
    print(f"\n{request.param}: {session.version}")
    yield session
    sessions.close()


@pytest.fixture(scope="session")
def engine_site(engine, site_dir):
    """The built site as the engine sees it: served with the recorder for engines that need it."""
    servers = serve_for_engine(site_dir, record=engine.records_by_server)
    yield next(servers)
    servers.close()


@pytest.fixture
def session(engine) -> BrowserSession:
    """The engine's session, at desktop size, with nothing recorded yet; checked clean after."""
    engine.open("about:blank")
    engine.take_problems()
    engine.set_viewport(*DESKTOP)
    yield engine
    engine.emulate_print(False) if engine.run("() => location.protocol") == "http:" else None


def _assert_clean(problems: list[str]) -> None:
    """No violation or console error; each distinct one listed once if there are."""
    distinct = sorted(set(problems))
    assert not distinct, f"{len(problems)} problems, {len(distinct)} distinct:\n" + "\n".join(distinct)


def _paths(site_dir: Path) -> list[str]:
    return [p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in html_pages(site_dir)]


# -- the recorder sees what it must see --------------------------------------------------------

def test_the_recorder_sees_a_blocked_request_an_error_and_a_console_error(session, engine_site):
    """The check below is only as good as its recorder: in each engine, make it see all three."""
    session.open(engine_site.url + "claims-and-family/")
    session.wait_ready()
    other_origin = "http://127.0.0.1:9/blocked.png"  # another origin: img-src 'self' refuses it
    session.run("(src) => { const image = new Image(); image.src = src; document.body.append(image); "
                "setTimeout(() => { throw new Error('hc-deliberate'); }); console.error('hc-deliberate-console'); }",
                other_origin)
    session.wait_until("() => (window.__hcProblems || []).some(p => p.includes('policy violation'))",
                       what="the deliberate policy violation")
    import time
    time.sleep(0.3)
    problems = "\n".join(session.take_problems())
    assert "img-src" in problems and "127.0.0.1:9" in problems, problems
    assert "hc-deliberate" in problems.replace("hc-deliberate-console", ""), problems
    assert "hc-deliberate-console" in problems, problems


# -- every page: no policy violation, no console error -----------------------------------------

@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_every_page_renders_without_violations_or_console_errors(session, engine_site, site_dir, size):
    session.set_viewport(*size)
    paths = [*_paths(site_dir), "go/upload-file/"]
    for path in paths:
        session.open(engine_site.url + path)
        session.wait_ready()
        # Give the browser its idle moment, when Firefox fetches what a page hints at.
        session.run("() => new Promise((done) => setTimeout(done, 150))")
    assert len(paths) >= 10
    _assert_clean(session.take_problems())
