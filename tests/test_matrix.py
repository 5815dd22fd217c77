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
import time
from pathlib import Path

import pytest
import yaml

from engines import BrowserSession, find_engine, open_session, selected_engines, serve_for_engine
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
    # Chromium is the browser the other tests already use: Playwright runs once per process.
    chromium = request.getfixturevalue("browser") if request.param == "chromium" else None
    sessions = open_session(found, chromium=chromium)
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
    """The engine's session, at desktop size, with nothing recorded yet."""
    engine.open("about:blank")
    engine.take_problems()
    engine.set_viewport(*DESKTOP)
    yield engine
    if engine.run("() => location.protocol") == "http:":
        engine.emulate_print(False)  # a test that failed half-way may have left print media on


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
    time.sleep(0.3)  # the error is thrown on the next turn
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


# -- the help panel in a page on another origin ------------------------------------------------

PORTAL_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {origin}; style-src {origin}; connect-src {origin}; img-src data:; base-uri 'none'; form-action 'none'">
  {recorder}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>My Claims – User Portal</title>
  <script type="module" src="{help}widget/help-centre.js"></script>
</head>
<body>
  <header><p>User Portal</p><help-centre-panel screen="my-claims"></help-centre-panel></header>
  <main><h1>My Claims</h1><p>Your claims are listed here.</p>
  {filler}
  </main>
</body>
</html>
"""
# The panel's parts, found by role and name as a reader's tools find them, wherever the panel
# keeps them (its shadow root or the page); `deep` is the element that really has focus.
PANEL = """() => {
  const host = document.querySelector('help-centre-panel');
  const root = host.shadowRoot || host;
  const name = (e) => (e.getAttribute('aria-label') || e.textContent || '').trim();
  const toggle = [...root.querySelectorAll('button')].find((b) => name(b) === 'Help with this page');
  const panel = root.querySelector('[role=dialog], dialog, [role=region]');
  let deep = document.activeElement;
  while (deep && deep.shadowRoot && deep.shadowRoot.activeElement) deep = deep.shadowRoot.activeElement;
  const shown = (e) => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const label = panel && (panel.getAttribute('aria-label') ||
    (panel.getAttribute('aria-labelledby') && root.querySelector('#' + panel.getAttribute('aria-labelledby'))?.textContent));
  const box = panel && panel.getBoundingClientRect();
  return {
    toggleFocused: deep === toggle, expanded: toggle && toggle.getAttribute('aria-expanded'),
    open: shown(panel), label: label && label.trim(), focusInPanel: !!panel && panel.contains(deep),
    focus: deep ? `${deep.localName} ${(deep.textContent || '').trim().slice(0, 40)}` : null,
    questions: panel ? [...panel.querySelectorAll('summary')].filter(shown).map((s) => s.textContent.trim()) : [],
    box: box && [box.x, box.y, box.width, box.height], modal: panel && (panel.getAttribute('aria-modal') === 'true' ||
      (panel.localName === 'dialog' && panel.matches(':modal'))),
  };
}"""
FOCUS_QUESTION = """(index) => { const host = document.querySelector('help-centre-panel'); const root = host.shadowRoot || host;
  const summary = root.querySelectorAll('summary')[index]; summary.focus(); return !!summary; }"""
OPEN_ANSWER = """(index) => { const host = document.querySelector('help-centre-panel'); const root = host.shadowRoot || host;
  const details = root.querySelectorAll('summary')[index].closest('details');
  const answer = details.querySelector('.answer') || details;
  const link = [...details.querySelectorAll('a')].find((a) => a.textContent.includes('Open this answer'));
  return details.open && answer.getClientRects().length ? {text: answer.innerText, link: link && link.href} : null; }"""


@pytest.fixture(scope="session")
def portal(engine, engine_site, tmp_path_factory):
    """The stand-in portal on its own origin, under its own strict policy; yields its URL."""
    folder = tmp_path_factory.mktemp(f"portal-{engine.engine}")
    recorder = f'<script src="{engine_site.url}__hc-recorder.js"></script>' if engine.records_by_server else ""
    filler = "\n".join(f'<p><a href="#claim-{n}">Claim {n}</a></p>' for n in range(1, 31))
    (folder / "index.html").write_text(PORTAL_PAGE.format(origin=engine_site.url.rstrip("/"), help=engine_site.url,
                                                          recorder=recorder, filler=filler), encoding="utf-8")
    servers = serve_for_engine(folder, record=False)
    yield next(servers).url
    servers.close()


def _open_panel_by_keyboard(session: BrowserSession, portal: str) -> dict:
    session.open(portal)
    session.wait_until("() => customElements.get('help-centre-panel') !== undefined", what="the panel's script")
    for _ in range(5):  # the button is the first thing on the page to take focus
        session.press("Tab")
        if session.run(PANEL)["toggleFocused"]:
            break
    else:
        raise AssertionError(f"{session.engine}: Tab never reached 'Help with this page': {session.run(PANEL)}")
    assert session.run(PANEL)["expanded"] == "false"
    session.press("Enter")
    return session.wait_until(f"() => {{ const s = ({PANEL})(); return s.open && s.questions.length && s; }}",
                              what="the panel to open with its questions")


def test_the_panel_opens_answers_links_and_closes_with_escape(session, portal, engine_site, links):
    screens = yaml.safe_load((ROOT / "portal-screens.yml").read_text(encoding="utf-8"))["screens"]
    answers = next(screen["answers"] for screen in screens if screen["id"] == "my-claims")
    state = _open_panel_by_keyboard(session, portal)
    assert state["expanded"] == "true" and state["label"] == "Help: My Claims", state
    assert state["focusInPanel"], f"focus stayed outside the open panel: {state}"
    assert state["questions"] == [links[ident]["title"] for ident in answers]

    # The first question opens to its answer by keyboard, with a link to it in the help centre.
    session.run(FOCUS_QUESTION, 0)
    session.press("Enter")
    answer = session.wait_until(OPEN_ANSWER, 0, what="the first answer to open")
    assert "Payment Guarantees" in answer["text"]
    assert answer["link"] == f"{engine_site.url}go/{answers[0]}/"

    # Escape closes the panel and gives focus back to its button.
    session.press("Escape")
    state = session.wait_until(f"() => {{ const s = ({PANEL})(); return !s.open && s; }}", what="Escape to close")
    assert state["expanded"] == "false" and state["toggleFocused"], state
    _assert_clean(session.take_problems())

    # The answer's link lands on the answer in the help centre.
    session.open(answer["link"])
    _assert_landed(session, answers[0], "the panel's link")
    _assert_clean(session.take_problems())


def test_on_a_phone_the_open_panel_is_modal(session, portal):
    session.set_viewport(*PHONE)
    _open_panel_by_keyboard(session, portal)
    state = session.run(PANEL)
    screen = session.run("() => [0, 0, document.documentElement.clientWidth, innerHeight]")
    assert state["box"] == screen, f"the panel does not cover the screen {screen}: {state['box']}"
    assert state["modal"], "the panel covers the page but is not a modal dialog"
    outside = []
    for _ in range(30):  # focus stays inside: nothing under the sheet can be reached
        session.press("Tab")
        state = session.run(PANEL)
        if not state["focusInPanel"]:
            outside.append(state["focus"])
    assert outside == [], f"{len(outside)} of 30 Tabs left the panel: {outside[:5]}"
    # The page behind cannot be scrolled by the reader (wheel, touch, keys). A script's
    # scrollBy still moves a root whose overflow is hidden, so that is not what is measured.
    page = session.run("""() => { const root = document.scrollingElement;
      const still = (e) => ['hidden', 'clip'].includes(getComputedStyle(e).overflowY);
      return {tall: root.scrollHeight > innerHeight + 100, still: still(document.documentElement) || still(document.body)}; }""")
    assert page["tall"], "the host page is too short to show whether it scrolls"
    assert page["still"], "the page behind the panel can be scrolled"
    session.press("Escape")
    state = session.wait_until(f"() => {{ const s = ({PANEL})(); return !s.open && s; }}", what="Escape to close")
    assert state["toggleFocused"], state


# -- the keyboard walk -------------------------------------------------------------------------

# Where focus is, and whether a reader can see it: shown (a content tab's radio button by its
# label), on screen, and on top at its centre: not covered by the sticky header or anything else.
FOCUS_STOP = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  let shown = e;
  if (e.matches('input[type=radio], input[type=checkbox]') && e.id) {
    const label = document.querySelector(`label[for="${e.id}"]`);
    if (label && label.getClientRects().length) shown = label;
  }
  const box = shown.getBoundingClientRect(), style = getComputedStyle(shown);
  const problems = [];
  if (!(box.width > 1 && box.height > 1) || style.visibility === 'hidden' || shown.closest('[hidden], [inert]'))
    problems.push('not shown');
  else if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) problems.push('off screen');
  else {
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (top && top !== shown && !shown.contains(top) && !top.contains(shown) && !(e !== shown && (top === e || e.contains(top))))
      problems.push(top.closest('.md-header') ? 'under the sticky header' : `covered by ${top.localName}.${top.className}`);
  }
  const name = (e.getAttribute('aria-label') || e.textContent || e.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return {stop: `${e.localName}${e.id ? '#' + e.id : ''} "${name}"`, problems};
}"""


# The page has settled: no transition or animation is running. A reader sees where focus
# landed once the theme's fades are over (Material's search overlay takes 0.25 s to fade
# out and only then shrinks away); a check in mid-fade would see the fading overlay on top.
# Left out: changes of colour, which move and cover nothing (WebKit under load can keep the
# menu's scroll-spy colours fading for seconds), and the content tabs' sliding underline.
# A frame is asked for first: WebKitGTK under a virtual display starts a transition only
# when something asks it to paint, so one that nothing else repaints would wait forever.
SETTLED = """() => new Promise((resolve) => {
  const settled = () => document.getAnimations().every((a) => a.playState !== 'running'
    || /color|shadow/.test(a.transitionProperty || '')
    || !!(a.effect && a.effect.target && a.effect.target.closest && a.effect.target.closest('.tabbed-labels')));
  requestAnimationFrame(() => resolve(settled()));
  setTimeout(() => resolve(false), 1000);
})"""


def _walk(session: BrowserSession, key: str, limit: int) -> list[dict]:
    # Past the last stop focus goes to the browser's own toolbar. A reader's next Tab brings
    # it back into the page, and the page has focus again; a driver leaves the page without
    # it (Firefox then matches no :focus style, so the skip link stays hidden). Give it back.
    session.run("() => { if (!document.hasFocus()) window.focus(); }")
    stops = []
    for _ in range(limit):
        session.press(key)
        session.wait_until(SETTLED, timeout=8, what="the page's transitions to end")
        stop = session.run(FOCUS_STOP)
        if stop is None or (stops and stop["stop"] == stops[0]["stop"]):
            break  # past the last stop (or back at the first)
        stops.append(stop)
    return stops


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_keyboard_walk_keeps_every_stop_in_sight(session, engine_site, size):
    """Tab through a guide, then Shift+Tab back: every stop shown, on screen, not under the header."""
    session.set_viewport(*size)
    session.open(engine_site.url + "documents/find-referral/")
    session.wait_ready()
    forward = _walk(session, "Tab", 150)
    backward = _walk(session, "Shift+Tab", len(forward) + 5)
    assert len(forward) >= 15, f"{session.engine}: only {len(forward)} stops: {forward}"
    assert len(backward) >= len(forward) - 2, f"{len(backward)} stops back, {len(forward)} forward"
    hidden = [f"{direction}: {stop['stop']}: {', '.join(stop['problems'])}"
              for direction, stops in (("Tab", forward), ("Shift+Tab", backward)) for stop in stops if stop["problems"]]
    assert hidden == [], f"{len(hidden)} stops out of sight:\n" + "\n".join(hidden)
    _assert_clean(session.take_problems())


@pytest.mark.parametrize("key", ["Tab", "Shift+Tab"])
def test_tab_from_the_search_box_closes_it_and_moves_on(session, engine_site, key):
    """Tab leaves the search for the next stop, Shift+Tab for the one before, never the page's top.

    Material closes the search by blurring its box, and WebKit then began the next Tab
    at the top of the page: a Safari reader never got past the header. WebKitGTK also
    names Shift+Tab "Unidentified", which Material's keyboard handling does not know."""
    session.set_viewport(*DESKTOP)
    session.open(engine_site.url + "documents/find-referral/")
    session.wait_ready()
    session.run("() => document.querySelector('.md-search__input').focus()")
    session.wait_until("() => document.getElementById('__search').checked", what="the search to open on focus")
    session.press(key)
    state = session.wait_until("""() => !document.getElementById('__search').checked && {
        on: document.activeElement.className, name: (document.activeElement.textContent || '').trim().slice(0, 30)}""",
                               what="the search to close")
    expected = "md-nav__link" if key == "Tab" else "md-logo"  # the menu's first link; the logo before the box
    assert expected in state["on"], f"{key} from the search box went to {state}"
    _assert_clean(session.take_problems())


def test_a_quick_tab_past_the_search_leaves_nothing_over_the_page(session, engine_site):
    """A reader who tabs through the search box without stopping gets the next stop, seen
    and clickable. The search opens on focus and closes as focus leaves; its overlay
    fades, then shrinks away. WebKit left it, unseen, over the whole page: the next stop
    and every one after it were under it, and a click there closed the search instead."""
    session.set_viewport(*DESKTOP)
    session.open(engine_site.url + "documents/find-referral/")
    session.wait_ready()
    covered = []
    for _ in range(4):
        session.run("() => document.querySelector('a.md-logo').focus()")  # the stop before the box
        session.press("Tab")
        session.press("Tab")
        time.sleep(0.6)  # past the overlay's fade: no frame is asked for, as none is by a still page
        stop = session.run(FOCUS_STOP)
        closed = session.run("() => !document.getElementById('__search').checked")
        if not closed or stop is None or stop["problems"]:
            covered.append((closed, stop))
    assert covered == [], f"{session.engine}: after a quick Tab past the search: {covered}"
    _assert_clean(session.take_problems())


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_tab_goes_through_the_search_results_and_back(session, engine_site, size):
    """With results shown, Tab goes from the box to the first result and on to the next,
    and Shift+Tab comes back to the box; the search stays open all the while (a reader
    reached only the first result when every Tab closed it)."""
    session.set_viewport(*size)
    session.open(engine_site.url)
    session.wait_ready()
    if size == PHONE:  # behind the header's search button
        session.run("() => document.querySelector(\"label.md-header__button[for='__search']\").click()")
    else:
        session.run("() => document.querySelector('.md-search__input').focus()")
    session.wait_until("() => document.getElementById('__search').checked && "
                       "document.activeElement === document.querySelector('.md-search__input')",
                       what="the search to open with the cursor in the box")
    for letter in "upload":
        session.press(letter)
    # Results are drawn again as each letter is searched: Tab once the last drawing has stood
    # for 0.7 s, or the link it lands on is replaced under it.
    session.wait_until("""() => {
        const html = document.querySelector('.md-search-result__list').innerHTML, now = Date.now();
        if (window.__hcDrawn !== html) { window.__hcDrawn = html; window.__hcDrawnAt = now; return false; }
        return now - window.__hcDrawnAt > 700 && document.querySelectorAll('.md-search-result__item a[href]').length >= 2;
    }""", timeout=20, what="two results or more, drawn for the last time")
    where = """() => ({open: document.getElementById('__search').checked,
        result: [...document.querySelectorAll('.md-search-result__item a[href]')].indexOf(document.activeElement),
        box: document.activeElement === document.querySelector('.md-search__input')})"""
    session.press("Tab")
    first = session.wait_until(f"() => {{ const s = ({where})(); return s.result >= 0 && s; }}", what="Tab to a result")
    session.press("Tab")
    second = session.wait_until(f"() => {{ const s = ({where})(); return s.result > {first['result']} && s; }}",
                                what="Tab to the next result")
    session.press("Shift+Tab")
    session.press("Shift+Tab")
    back = session.wait_until(f"() => {{ const s = ({where})(); return s.box && s; }}", what="Shift+Tab back to the box")
    assert first["open"] and second["open"] and back["open"], (first, second, back)
    _assert_clean(session.take_problems())


# -- print ---------------------------------------------------------------------------------------

def test_printing_a_guide_gives_its_steps_and_support_only(session, engine_site):
    """To PDF where the driver prints (Chromium, Firefox); in WebKit, laid out for print media."""
    session.open(engine_site.url + "documents/find-medical-record/")
    session.wait_ready()
    pdf = session.pdf()
    if pdf is not None:
        from pypdf import PdfReader

        text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())
    else:
        session.emulate_print(True)
        text = " ".join(session.run("() => document.body.innerText").split())
        session.emulate_print(False)
    for expected in ("Find a medical record on sundhed.dk", "Click the paper icon under Note",
                     "On a PC", "Select Print Selected", "With a phone or tablet", "Take a picture of the document",
                     "Need help from a person?", "70 20 61 21", "support@primora-it.dk"):
        assert expected in text, f"{session.engine}: {expected!r} is not printed"
    for absent in ("Search", "Copy link", "Table of contents", "Logging in and browsers", "Made with"):
        assert absent not in text, f"{session.engine}: {absent!r} is printed"
    _assert_clean(session.take_problems())
