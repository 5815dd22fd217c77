"""What screen readers and Windows high contrast get, in Chromium: the accessibility tree of
search and guides, announcements, and forced colours."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SETTLED = "() => document.documentElement.hasAttribute('data-hc-ready')"


def _tree(page) -> list[tuple[str, str]]:
    """Chromium's accessibility tree as (role, name) pairs: what a screen reader meets
    (inert and hidden parts are left out, as screen readers leave them out)."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [(n.get("role", {}).get("value", ""), str(n.get("name", {}).get("value", "")).strip())
            for n in nodes if not n.get("ignored") and n.get("role", {}).get("value") != "InlineTextBox"]


@pytest.fixture()
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def test_search_results_are_links_named_by_their_question(desktop, site_server, help_centre):
    page = desktop
    page.goto(site_server.url + "?q=payment+guarantee")
    page.locator(".md-search-result__item").first.wait_for()
    results = page.locator(".md-search-result")
    entry = next(e for e in help_centre.entries if e.id == "payment-guarantees")
    link = results.get_by_role("link", name=entry.question, exact=True)
    assert link.count() == 1 and "#payment-guarantees" in link.get_attribute("href")
    # Every result has a name of its own, not the whole row's text.
    names = results.locator("a.md-search-result__link").evaluate_all("links => links.map(l => l.getAttribute('aria-label'))")
    assert names and all(names) and len(set(names)) == len(names), names
    assert all(len(name) <= 160 for name in names), names


def _announcements(page) -> list[str]:
    return page.evaluate("window.__said || []")


def _listen(page) -> None:
    """Record every text the polite status region is given, as a screen reader would hear it."""
    page.evaluate("""() => { window.__said = [];
      const watch = () => { const region = document.getElementById('hc-announcer');
        if (!region) return setTimeout(watch, 20);
        new MutationObserver(() => { const text = region.textContent.trim(); if (text) window.__said.push(text); })
          .observe(region, {childList: true, characterData: true, subtree: true}); };
      watch(); }""")


@pytest.mark.parametrize("query, expected", [("password", "matching"), ("qqqxyzzy", "No answers match")])
def test_result_count_is_announced_once_after_the_reader_pauses(desktop, site_server, query, expected):
    page = desktop
    page.goto(site_server.url)
    page.wait_for_function(SETTLED)
    _listen(page)
    page.locator(".md-search__input").focus()
    page.keyboard.type(query, delay=120)  # a reader typing: results change on every key
    page.wait_for_timeout(400)
    assert _announcements(page) == [], "announced while the reader was still typing"
    page.wait_for_timeout(1500)
    said = _announcements(page)
    assert len(said) == 1 and expected in said[0], said
    region = page.locator("#hc-announcer")
    assert region.get_attribute("role") == "status"  # polite: waits for the reader's own speech
    page.wait_for_timeout(1500)
    assert len(_announcements(page)) == 1, "said more than once"


def test_guide_tree_has_each_tab_once_and_related_questions_as_a_heading(desktop, site_server):
    page = desktop
    page.goto(site_server.url + "documents/find-referral/")
    page.wait_for_function(SETTLED)
    tree = _tree(page)
    for tab in ("On a PC", "With a phone or tablet"):
        met = [role for role, name in tree if name == tab]
        assert met == ["radio"], f"{tab!r} is met as {met}"
    # The two tabs are one named choice, not two loose radio buttons.
    group = page.get_by_role("group", name="Ways to do this: choose one to see its steps").first
    assert group.get_by_role("radio", name="On a PC").count() == 1
    assert group.get_by_role("radio", name="With a phone or tablet").count() == 1
    assert page.get_by_role("heading", name="Related questions", level=2).count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Find a referral on sundhed.dk"
    page.goto(site_server.url + "claims-and-family/")
    page.wait_for_function(SETTLED)
    assert page.get_by_role("heading", name="Related questions", level=3).count() >= 1


def test_closed_drawer_and_search_are_out_of_the_tree_at_phone_width(browser, site_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(site_server.url + "documents/upload-file/")
        page.wait_for_function(SETTLED)
        tree = _tree(page)
        assert ("link", "Logging in and browsers") not in tree, "the closed drawer is in the tree"
        assert ("button", "Menu") in tree and ("button", "Search") in tree, tree
        assert not [node for node in tree if node[0] in ("textbox", "searchbox")], "the closed search box is in the tree"
        assert not [node for node in tree if node[0] == "dialog"], "the closed search is in the tree as an empty dialog"
        page.locator(".md-header label.md-header__button[for='__drawer']").click()
        page.wait_for_function("() => !document.querySelector('.md-sidebar--primary').inert")
        tree = _tree(page)
        # On a guide the drawer opens on the guide's section, which covers the level above.
        assert ("link", "Find a referral on sundhed.dk") in tree, "the open drawer is not in the tree"
        assert ("link", "Logging in and browsers") not in tree, "the level behind the open section is in the tree"
    finally:
        context.close()


CONTRAST = """(mark) => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = mark, background = null;
  while (node && node.nodeType === 1) {
    const value = rgb(getComputedStyle(node).backgroundColor);
    if (value.length === 3 || (value.length === 4 && value[3] > 0.5)) { background = value.slice(0, 3); break; }
    node = node.parentElement;
  }
  background = background || [255, 255, 255];
  const style = getComputedStyle(mark);
  const [a, b] = [luminance(rgb(style.color).slice(0, 3)), luminance(background)];
  return {text: mark.textContent, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
          shown: mark.checkVisibility({opacityProperty: true, visibilityProperty: true}) && mark.getBoundingClientRect().width > 0};
}"""


def test_matched_words_keep_their_letters_in_forced_colours(browser, site_server):
    context = browser.new_context(viewport=DESKTOP, forced_colors="active")
    page = context.new_page()
    try:
        page.goto(site_server.url + "?q=upload+a+file")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_function(SETTLED)
        marks = page.locator(".md-search-result mark")
        assert marks.count() >= 3
        seen = [marks.nth(i).evaluate(CONTRAST) for i in range(marks.count())]
        assert any(m["text"] == "Upload" for m in seen), seen
        faint = [m for m in seen if not m["shown"] or m["ratio"] < 4.5]
        assert not faint, faint
        # The focused result and the search box show a ring in system colours.
        page.locator(".md-search__input").focus()
        page.keyboard.press("ArrowDown")
        ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                             "return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert ring[0] != "none" and ring[1] >= 2, ring
    finally:
        context.close()


def test_open_and_closed_tabs_differ_in_forced_colours(browser, site_server):
    context = browser.new_context(viewport=PHONE, forced_colors="active")
    page = context.new_page()
    try:
        page.goto(site_server.url + "documents/find-referral/")
        page.wait_for_function(SETTLED)
        tabs = """() => { const canvas = getComputedStyle(document.body).backgroundColor;
            return Array.from(document.querySelectorAll('.tabbed-set')[0].querySelectorAll('.tabbed-labels > label'))
              .map(l => { const s = getComputedStyle(l);
                return {bar: s.borderBottomColor !== canvas && parseFloat(s.borderBottomWidth) > 0,
                        underlined: s.textDecorationLine.includes('underline')}; }); }"""
        # Only the open tab (the first) carries the bar; the closed one's border is the page's colour.
        assert page.evaluate(tabs) == [{"bar": True, "underlined": True}, {"bar": False, "underlined": False}]
        page.locator(".tabbed-set").first.locator(".tabbed-labels > label").nth(1).click()
        assert page.evaluate(tabs) == [{"bar": False, "underlined": False}, {"bar": True, "underlined": True}]
    finally:
        context.close()
