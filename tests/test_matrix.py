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


# -- deep links and short links land on the answer ---------------------------------------------

# Landed and settled: marked, focused, below the sticky header and above the fold.
LANDED = """(id) => { const e = document.getElementById(id); const t = e && (e.closest('h1,h2,h3,h4,h5,h6') || e);
  if (!t || !t.classList.contains('hc-landed') || document.activeElement !== t) return false;
  const top = t.getBoundingClientRect().top, header = document.querySelector('.md-header');
  return top >= header.getBoundingClientRect().bottom - 1 && top < innerHeight - 40; }"""


@pytest.fixture(scope="module")
def links(site_dir) -> dict:
    return json.loads((site_dir / "links.json").read_text(encoding="utf-8"))


def _assert_landed(session: BrowserSession, anchor: str, where: str) -> None:
    try:
        session.wait_until(LANDED, anchor, timeout=5, what=f"{where} to land on #{anchor}")
    except AssertionError:
        raise AssertionError(f"{session.engine} {where}: {session.run(LANDING_STATE, anchor)}") from None
    state = session.run(LANDING_STATE, anchor)
    assert state["visible"] and state["open"] and state["focused"] and state["marked"], (where, state)


def _deepest_id_of_each_page(site_dir: Path, links: dict) -> dict[str, dict]:
    """For each page, the id whose answer is furthest down it: the hardest to bring into view.
    (Chromium follows every id by both routes in tests/test_landing.py.)"""
    chosen: dict[str, tuple[int, str]] = {}
    for ident, record in links.items():
        path, _, anchor = record["url"].partition("#")
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        place = html.find(f'id="{anchor}"')
        assert place > 0, f"{record['url']}: no element with that id"
        if place > chosen.get(path, (-1, ""))[0]:
            chosen[path] = (place, ident)
    return {ident: links[ident] for _, ident in chosen.values()}


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_deep_links_and_short_links_land_on_the_answer(session, engine_site, site_dir, links, size):
    """At phone width through the short link /go/<id>/, at desktop width by page#id: the id
    furthest down each page."""
    session.set_viewport(*size)
    sample = _deepest_id_of_each_page(site_dir, links)
    assert len(sample) >= 8 and {"entry", "section"} <= {record["kind"] for record in sample.values()}
    for ident, record in sample.items():
        anchor = record["url"].partition("#")[2]
        address = f"go/{ident}/" if size == PHONE else record["url"]
        session.open("about:blank")  # followed from elsewhere, as the portal's links are
        session.open(engine_site.url + address)
        if size == PHONE:
            session.wait_until("(anchor) => location.hash === '#' + anchor", anchor, what=f"go/{ident}/ to forward")
        _assert_landed(session, anchor, address)
    _assert_clean(session.take_problems())


# -- search in the site's own box, on the held-out half ----------------------------------------

# Waits in the page until the results have settled (no change for 120 ms after the worker's
# answer replaced "Type to start searching"), then returns their links.
SETTLED_RESULTS = """() => new Promise((resolve) => {
  const meta = document.querySelector('.md-search-result__meta');
  const links = () => Array.from(document.querySelectorAll('.md-search-result__link'))
    .filter((link) => link.offsetParent !== null)
    .map((link) => new URL(link.href).pathname + new URL(link.href).hash);
  const started = Date.now();
  let last = null, since = Date.now();
  const check = () => {
    const now = Date.now();
    const current = meta.textContent.includes('Type to start') ? null : JSON.stringify(links());
    if (current !== last) { last = current; since = now; }
    else if (current !== null && now - since >= 120) return resolve(JSON.parse(current));
    if (now - started > 5000) return resolve(last === null ? [] : JSON.parse(last));
    setTimeout(check, 10);
  };
  check();
})"""
EMPTIED = """(text) => new Promise((resolve) => {
  const check = () => document.querySelector('.md-search-result__list').children.length ? setTimeout(check, 10)
    : resolve(document.querySelector('.md-search__input').value = text);
  check();
})"""


def _search(session: BrowserSession, text: str) -> list[str]:
    """Put `text` in the site's search box, then one keystroke (End), as a customer's last key
    sends one query; return the result links once they have settled.

    The box is emptied first (with a keystroke, which clears the results), so results of the
    query before are never read as this one's."""
    session.run("() => { const box = document.querySelector('.md-search__input'); box.value = ''; box.focus(); }")
    session.press("End")
    session.run(EMPTIED, text)
    session.press("End")
    return session.run(SETTLED_RESULTS)


def test_search_in_the_sites_box_meets_the_targets_on_the_held_out_half(session, engine_site, links):
    queries = load_queries(HELD_OUT)
    session.open(engine_site.url)
    session.wait_ready()
    report = Report([score(query, row_ids(_search(session, query.text), links), links) for query in queries])
    print(f"\nheld-out half ({session.engine} {session.version}): {report.summary()}")
    assert len(queries) >= 100
    assert report.hit_at_3 >= TARGET_HIT_AT_3, report.summary()
    assert report.mrr >= TARGET_MRR, report.summary()
    _assert_clean(session.take_problems())
