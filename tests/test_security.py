"""A strict Content-Security-Policy on every page, and no script riding in on content.

The policy is computed from the built pages; these tests check it in the pages, then in
Chromium: nothing the site itself does is blocked, and what an attacker injects is.
"""
from __future__ import annotations

import re
import shutil

import pytest

from helpcentre import security
from sitetools import html_pages, serve_directory

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
META = re.compile(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">')

# Every violation the page reports, kept where the test can read it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push({directive: event.violatedDirective, blocked: event.blockedURI,
                            sample: event.sample, page: location.pathname});
});
"""


def _policy_of(html: str) -> str:
    match = META.search(html.replace("&#39;", "'"))
    assert match, "no Content-Security-Policy right after <meta charset>"
    return match.group(1)


# -- the policy as built ---------------------------------------------------------------------

def test_the_policy_is_strict():
    policy = security.content_security_policy({"'sha256-abc='"}, connect=("https://portal.example/api/x",))
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self' 'sha256-abc='"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["connect-src"] == "'self' https://portal.example"
    assert directives["worker-src"] == "'self'" and directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_a_hash_is_the_sha256_of_the_script_text():
    # The example from the CSP specification's own test suite: alert('Hello, world.');
    assert security.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_what_the_policy_would_block_is_found():
    hashes = security.page_hashes("<script>ok()</script>")
    page = (f"{security.PLACEHOLDER}<script>ok()</script><script>evil()</script>"
            '<script type="application/ld+json">{}</script><img src=x onerror="evil()">'
            '<p style="color:red">x</p><a href="javascript:evil()">x</a><style>p{}</style>')
    problems = security.blocked(page, hashes)
    assert len(problems) == 5, problems
    assert any("not hashed): 'evil()'" in p for p in problems)
    assert any("'onerror'" in p for p in problems) and any("style attribute" in p for p in problems)
    assert any("javascript:" in p for p in problems) and any("<style>" in p for p in problems)
    assert security.blocked(f"{security.PLACEHOLDER}<script>ok()</script>", hashes) == []


def test_a_link_the_browser_fetches_ahead_is_found_and_the_page_order_links_are_dropped():
    # Firefox prefetches <link rel="next"> on its own; default-src 'none' refuses the request.
    for tag in ('<link rel="next" href="../b/">', "<link href=../b/ rel='Prefetch'>", '<link rel="prerender" href="/x">'):
        problems = security.blocked(f"{security.PLACEHOLDER}{tag}", set())
        assert len(problems) == 1 and "fetch ahead" in problems[0], (tag, problems)
    for tag in ('<link rel="prev" href="../a/">', '<link rel="canonical" href="https://x/">', '<link rel="icon" href="f.svg">',
                '<link rel="stylesheet" href="a.css">', '<link rel="nextish" href="a">'):
        assert security.blocked(f"{security.PLACEHOLDER}{tag}", set()) == [], tag
    head = ('<meta charset="utf-8">\n<link rel="canonical" href="https://x/a/">\n  <link rel="prev" href="../">\n'
            '  <link rel="next" href="../b/">\n  <link rel="icon" href="f.svg">')
    assert security.without_sequence_links(head) == ('<meta charset="utf-8">\n<link rel="canonical" href="https://x/a/">\n'
                                                     '  <link rel="icon" href="f.svg">')


def test_no_page_hints_at_the_next_page(site_dir):
    pages = [p for p in site_dir.rglob("*.html") if p.parts[-2] != "widget"]
    hinted = [p for p in pages if re.search(r"<link\b[^>]*\brel=\"?(prev|next)\b", p.read_text(encoding="utf-8"))]
    assert len(pages) > 10 and hinted == []


def test_every_page_carries_one_policy_first_and_its_inline_scripts_are_in_it(site_dir):
    # The go/<id>/ short links too; widget/demo.html stands in for a portal page, with its own.
    pages = sorted(p for p in site_dir.rglob("*.html") if p.parts[-2] != "widget")
    assert any(p.parts[-3:-1] == ("go", "upload-file") for p in pages) and (site_dir / "404.html") in pages
    policies, scripts = set(), set()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policies.add(_policy_of(html))
        scripts |= security.page_hashes(html)
        assert html.count("Content-Security-Policy") == 1, path
    assert len(policies) == 1, "pages carry different policies; instant navigation keeps the first"
    (policy,) = policies
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    hashed = set(re.findall(r"'sha256-[^']+'", script_src))
    assert scripts and scripts <= hashed, "every inline script a page holds must be hashed in the policy"
    # The rest are the same templates' scripts at page depths this site does not use (yet).
    assert len(hashed) <= 8 * len(scripts), "the policy hashes more than the templates' scripts"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_a_page_with_a_script_the_policy_does_not_know_fails_the_build(tmp_path):
    import subprocess
    import sys

    from sitetools import copy_project

    project = copy_project(tmp_path / "project")
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<img src=x onerror=\"alert(1)\">", 1), encoding="utf-8")
    assert "onerror" in main.read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "The Content-Security-Policy would block parts of these pages" in result.stderr + result.stdout
    assert "an inline event handler 'onerror'" in result.stderr + result.stdout


# -- in the browser ----------------------------------------------------------------------------

def _violations(page) -> list:
    return page.evaluate("window.__violations")


@pytest.mark.browser
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_nothing_the_site_does_is_blocked(browser, configured, feedback_stub, site_dir, width):
    server, site = configured
    context = browser.new_context(viewport=WIDTHS[width])
    context.add_init_script(RECORD_VIOLATIONS)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    found = []
    try:
        page = context.new_page()
        for path in [*html_pages(site), site / "go" / "upload-file" / "index.html"]:
            relative = path.relative_to(site).as_posix().removesuffix("index.html")
            page.goto(server.url + relative)
            page.locator("html[data-hc-ready]").wait_for(state="attached")  # a short link opens its answer
            found += _violations(page)

        page.goto(server.url + "documents/upload-file/")
        page.locator("html[data-hc-ready]").wait_for(state="attached")
        # Search in English, in Danish and with a typo.
        for query in ("payment guarantee", "betalingsgaranti", "pasword"):
            page.goto(server.url + "documents/upload-file/?q=" + query)
            page.locator(".md-search-result__item").first.wait_for()
            found += _violations(page)
        page.keyboard.press("Escape")
        # Tabs, copying a link, feedback, printing.
        page.goto(server.url + "documents/upload-file/")
        page.locator("html[data-hc-ready]").wait_for(state="attached")
        labels = page.locator(".tabbed-labels label")
        if labels.count() > 1:
            labels.nth(1).click()
        page.locator(".hc-copy__button").first.click()
        page.locator(".hc-copy__button").first.filter(has_text="Link copied").wait_for()
        page.locator(".hc-feedback").first.get_by_role("button", name="Yes").click()
        page.locator(".hc-feedback").first.get_by_role("status").filter(has_text="Thank you").wait_for()
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint')); window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")
        found += _violations(page)
        # Instant navigation: the next page keeps this page's policy.
        page.goto(server.url)
        page.locator("html[data-hc-ready]").wait_for(state="attached")
        page.evaluate("window.__sameDocument = true")
        page.locator("article").get_by_role("link", name="Where do I find my payment guarantees?").click()
        page.wait_for_url("**/claims-and-family/#payment-guarantees")
        page.locator(".hc-copy__button").first.wait_for()
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded, not navigated instantly"
        found += _violations(page)
    finally:
        context.close()
    assert feedback_stub.received, "the feedback was not sent"
    assert found == [], found


@pytest.mark.browser
def test_an_injected_script_and_handler_do_not_run(browser, site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page_file = copy / "claims-and-family" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    injected = ('<script>window.__injected = "script"</script>'
                '<img src="data:," onerror="window.__injected = \'handler\'" alt="">'
                '<a id="hc-evil" href="javascript:window.__injected=\'link\'">x</a>')
    page_file.write_text(html.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    server = serve_directory(copy, 0)
    url = next(server).url
    context = browser.new_context(viewport=WIDTHS["desktop"])
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.goto(url + "claims-and-family/")
        page.locator("html[data-hc-ready]").wait_for(state="attached")
        page.locator("#hc-evil").click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__injected") is None
        directives = {v["directive"] for v in _violations(page)}
        assert {"script-src-elem", "script-src-attr"} <= directives, directives
        assert len(_violations(page)) >= 3  # the script, the handler and the link
    finally:
        context.close()
        server.close()
