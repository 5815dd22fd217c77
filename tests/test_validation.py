"""Every bad edit an editor can make is refused with file, line, entry, field and a fix.

Each case edits a copy of the real content, then runs the real `mkdocs build` command: it
must fail, print the expected message at the expected line, and show no traceback. The
same problems must come from `check`, which `make check` runs.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpcentre.content import check, read_sources
from sitetools import copy_project


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file edited
    old: str | None  # text replaced (None: the whole file becomes `new`)
    new: str | bytes
    message: str  # must appear in the output
    line_of: str | None = None  # the reported line is the first line containing this text
    where: str = ""  # e.g. "entry 'supported-browsers', field 'questoin'"
    shown_file: str | None = None  # the file named in the message, if not `file`


CASES = [
    # -- the schema -------------------------------------------------------------------------
    Case("unknown field", "faq.yml", "    question: Which browsers can I use?",
         "    questoin: Which browsers can I use?",
         "unknown field — did you mean 'question'?", "questoin:",
         "entry 'supported-browsers', field 'questoin'"),
    Case("missing field", "faq.yml", "    related: [login-password]\n    reviewed: 2026-11-25\n    owner: IT support\n",
         "    related: [login-password]\n    owner: IT support\n",
         "the field 'reviewed' is missing — add a line 'reviewed: ...' here", "  - id: supported-browsers",
         "entry 'supported-browsers'"),
    Case("wrong type", "faq.yml", "    keywords: [family, children,",
         "    keywords: family\n    related_x: [children,",
         "must be a list, not 'family'", "    keywords: family", "entry 'family-overview', field 'keywords'"),
    Case("bad id", "faq.yml", "  - id: payment-guarantees", "  - id: Payment_Guarantees",
         "'Payment_Guarantees' is not a valid id", "Payment_Guarantees", "field 'id'"),
    Case("bad date form", "faq.yml", "    reviewed: 2026-11-25\n    owner: IT support\n\n  - id: supported-browsers",
         "    reviewed: 25/11/2026\n    owner: IT support\n\n  - id: supported-browsers",
         "'25/11/2026' is not a date — write the date as YYYY-MM-DD", "25/11/2026",
         "entry 'login-password', field 'reviewed'"),
    Case("impossible date", "faq.yml", "    reviewed: 2026-11-25\n    owner: IT support\n\n  - id: supported-browsers",
         "    reviewed: 2026-02-30\n    owner: IT support\n\n  - id: supported-browsers",
         "'2026-02-30' is not a real date", "2026-02-30", "entry 'login-password', field 'reviewed'"),
    Case("whitespace question", "faq.yml", "    question: Which browsers can I use?",
         '    question: "   "', "is empty — write the text", 'question: "   "',
         "entry 'supported-browsers', field 'question'"),
    Case("no answer at all", "faq.yml",
         "    question: Where do I find my payment guarantees?\n    steps:",
         "    question: Where do I find my payment guarantees?\n    unused_steps:",
         "has no answer", "  - id: payment-guarantees", "entry 'payment-guarantees'"),
    Case("yes/no word as keyword", "faq.yml", "    keywords: [family, children,",
         "    keywords: [no, children,", "must be text, not 'false' (a yes/no value)",
         "    keywords: [no, children,", "entry 'family-overview', field 'keywords', item 1"),
    Case("unquoted braces in a step", "faq.yml", "              - snippet: save-from-pc\n          - label: With a phone",
         "              - {{ save-from-pc }}\n          - label: With a phone",
         "which YAML reads as fields or a list, not as text — put the whole text in double quotes",
         "{{ save-from-pc }}"),
    # -- ids and references -------------------------------------------------------------------
    Case("duplicate id", "faq.yml", "  - id: payment-guarantees", "  - id: family-overview",
         "the id 'family-overview' is already used at faq.yml:", "  - id: family-overview\n    category: claims-and-family\n    question: Where",
         "entry 'family-overview', field 'id'"),
    Case("id clashes with a docs anchor", "docs/index.md", "## Common questions {#common-questions}",
         "## Common questions {#upload-file}", "the id 'upload-file' is already used at faq.yml:",
         "{#upload-file}", shown_file="docs/index.md"),
    Case("reserved id", "faq.yml", "      - id: upload-help", "      - id: hc-upload-help",
         "starts with 'hc-'", "hc-upload-help", "section 'hc-upload-help', field 'id'"),
    Case("unknown category", "faq.yml", "    category: logging-in\n    question: Which",
         "    category: loging-in\n    question: Which",
         "there is no category 'loging-in' — did you mean 'logging-in'?", "category: loging-in",
         "entry 'supported-browsers', field 'category'"),
    Case("unknown related id", "faq.yml", "    related: [payment-guarantees]",
         "    related: [payment-guarantee]",
         "there is no entry or guide with the id 'payment-guarantee' — did you mean 'payment-guarantees'?",
         "related: [payment-guarantee]", "entry 'family-overview', field 'related', item 1"),
    Case("related to itself", "faq.yml", "    related: [payment-guarantees]", "    related: [family-overview]",
         "lists the entry itself", "related: [family-overview]", "entry 'family-overview', field 'related'"),
    Case("unknown id link", "faq.yml", "      For security reasons, we always recommend",
         "      See [browsers](id:suported-browsers).\n      For security reasons, we always recommend",
         "the link '(id:suported-browsers)' points to an id that does not exist — did you mean "
         "'supported-browsers'?", "(id:suported-browsers)", "entry 'login-password', field 'answer'"),
    Case("unknown snippet", "faq.yml", "      {{ it-support-email }}", "      {{ it-suport-email }}",
         "there is no snippet called 'it-suport-email' — did you mean 'it-support-email'?",
         "{{ it-suport-email }}", "entry 'unexpected-origin-error', field 'answer'"),
    Case("screen label not closed", "faq.yml", "click [[Family Overview]].", "click [[Family Overview].",
         "a screen label is opened with [[ but not closed with ]] — write the words on the screen between "
         "[[ and ]] on one line, such as [[My Claims]]", "[[Family Overview].",
         "entry 'family-overview', field 'steps'"),
    Case("missing owner", "faq.yml", "    reviewed: 2026-11-25\n    owner: IT support\n\n  - id: supported-browsers",
         "    reviewed: 2026-11-25\n\n  - id: supported-browsers",
         "the field 'owner' is missing — add a line 'owner: ...' here", "  - id: login-password",
         "entry 'login-password'"),
    Case("unknown step snippet", "faq.yml", "              - snippet: save-from-pc\n          - label: With a phone",
         "              - snippet: save-from-mac\n          - label: With a phone",
         "there is no snippet with steps called 'save-from-mac'", "snippet: save-from-mac",
         "guide 'find-medical-record', section 'save-medical-record', field 'alternatives'"),
    Case("unknown id link in a docs page", "docs/index.md", "(id:payment-guarantees)",
         "(id:payment-guarantee)", "the link '(id:payment-guarantee)' points to an id that does not exist",
         "(id:payment-guarantee)", shown_file="docs/index.md"),
    # -- safe YAML ------------------------------------------------------------------------
    Case("duplicate key", "faq.yml", "    question: Which browsers can I use?",
         "    question: Which browsers can I use?\n    question: What browsers work?",
         "field 'question' appears twice here", "question: What browsers work?"),
    Case("anchor and alias", "faq.yml", "    keywords: [family, children,",
         "    keywords: &family [family, children,", "uses the YAML anchor '&family'", "&family"),
    Case("alias", "faq.yml", "    related: [payment-guarantees]", "    related: *some",
         "uses the YAML alias '*some'", "related: *some"),
    Case("tab indentation", "faq.yml", "    question: Which browsers can I use?",
         "\tquestion: Which browsers can I use?", "is indented with a tab character", "\tquestion:"),
    Case("not UTF-8", "faq.yml", "Which browsers can I use?", "Which browsers can I use? \xe6".encode("latin-1"),
         "contains characters that are not UTF-8 text", "Which browsers can I use?"),
    Case("empty file", "faq.yml", None, "# emptied by mistake\n", "the file is empty"),
    Case("unquoted colon", "faq.yml", "    question: Which browsers can I use?",
         "    question: Error: which browsers can I use?", "has a ':' where YAML does not expect one",
         "Error: which browsers"),
    Case("second document", "faq.yml", "\nguides:\n", "\n---\nguides:\n",
         "holds more than one YAML document", "---"),
    # -- safe markup ------------------------------------------------------------------------
    Case("script tag", "faq.yml", "      For security reasons, we always recommend",
         "      <script>alert(1)</script>\n      For security reasons, we always recommend",
         "the HTML tag <script> is not allowed", "<script>", "entry 'login-password', field 'answer'"),
    Case("iframe tag", "faq.yml", "      - iOS Safari\n", "      - iOS Safari\n\n      <iframe src=\"https://example.org\"></iframe>\n",
         "the HTML tag <iframe> is not allowed", "<iframe", "entry 'supported-browsers', field 'answer'"),
    Case("style tag", "faq.yml", "      - iOS Safari\n", "      - iOS Safari\n\n      <style>body{display:none}</style>\n",
         "the HTML tag <style> is not allowed", "<style>", "entry 'supported-browsers', field 'answer'"),
    Case("event handler", "faq.yml", "      - iOS Safari\n", "      - iOS Safari\n\n      <span onmouseover=\"steal()\">hi</span>\n",
         "the HTML attribute 'onmouseover' runs a script", "onmouseover", "entry 'supported-browsers', field 'answer'"),
    Case("javascript link", "faq.yml", "      - iOS Safari\n", "      - iOS Safari\n\n      [Update](javascript:alert(1))\n",
         "uses a 'javascript:' address", "javascript:", "entry 'supported-browsers', field 'answer'"),
    Case("data link", "faq.yml", "      - iOS Safari\n", "      - iOS Safari\n\n      <a href=\"data:text/html,hi\">x</a>\n",
         "uses a 'data:' address", "data:text", "entry 'supported-browsers', field 'answer'"),
    Case("plain http link", "faq.yml", "      - iOS Safari\n", "      - iOS Safari\n\n      [Firefox](http://www.mozilla.org)\n",
         "uses 'http:', which is not secure — use 'https:' instead", "http://www.mozilla.org",
         "entry 'supported-browsers', field 'answer'"),
    Case("script in a docs page", "docs/index.md", "## Common questions", "<script>alert(1)</script>\n\n## Common questions",
         "the HTML tag <script> is not allowed", "<script>", shown_file="docs/index.md"),
    # -- the support contact ------------------------------------------------------------------
    Case("typed phone number", "faq.yml", "      {{ it-support }}\n    keywords: [password",
         "      Call 70 20 61 21.\n    keywords: [password",
         "the support phone number is typed into the text — write {{ phone }}", "Call 70 20 61 21",
         "entry 'login-password', field 'answer'"),
    Case("typed email", "faq.yml", "overview, email our IT department at {{ email }}.",
         "overview, email our IT department at support@primora-it.dk.",
         "the support email address is typed into the text — write {{ email }}", "support@primora-it.dk.",
         "entry 'family-overview', field 'after'"),
    Case("phone number with letters", "support.yml", 'phone: "70206121"', 'phone: "7020612l"',
         "'7020612l' is not in the expected form", 'phone: "7020612l"', "field 'phone'"),
    Case("opening time in words", "support.yml", 'opens: "09:00"', 'opens: "9am"',
         "'9am' is not a time — write the time as HH:MM", 'opens: "9am"'),
    Case("snippet uses itself", "snippets.yml", "Take a picture of the document",
         "{{ photo-instead }} Take a picture of the document", "uses itself: photo-instead → photo-instead",
         "photo-instead:", "snippet 'photo-instead'"),
    # -- content is untrusted input: attribute lists, invisible characters, sizes --------------
    Case("event handler in an attribute list", "faq.yml",
         "    answer: You can see an overview of your registered family in the User Portal.",
         """    answer: 'You can see [your family](https://example.dk){ onclick="alert(1)" } in the User Portal.'""",
         "'onclick=' in curly braces adds an event handler, which runs a script — remove it",
         "answer: 'You can see", "entry 'family-overview', field 'answer'"),
    Case("onerror on an image", "snippets.yml", "Take a picture of the document with your mobile phone or tablet.",
         "Take a picture ![photo](https://example.dk/a.png){: onerror=alert(1) } of the document.",
         "'onerror=' in curly braces adds an event handler", None, "snippet 'photo-instead'"),
    Case("address overridden on a heading", "docs/index.md", "## Choose a topic {#topics}",
         '## Choose a topic {#topics href="javascript:alert(1)"}',
         "'href=' in curly braces overrides an address — remove it, and write the address in the link itself",
         "## Choose a topic"),
    Case("style in an attribute list", "faq.yml",
         "    answer: You can see an overview of your registered family in the User Portal.",
         """    answer: 'You can see an overview of your registered family. { style="display:none" }'""",
         "'style=' in curly braces sets its own styles", "display:none", "entry 'family-overview', field 'answer'"),
    Case("class not on the list", "docs/index.md", "## Choose a topic {#topics}", "## Choose a topic {#topics .hc-secret}",
         "the class '.hc-secret' in curly braces is not allowed — remove it; the classes you may use are .md-button",
         "## Choose a topic"),
    Case("attributes on fenced code", "faq.yml",
         "    answer: You can see an overview of your registered family in the User Portal.",
         "    answer: |\n      ```{.text onmouseover=\"alert(1)\"}\n      family\n      ```",
         "'onmouseover=' in curly braces adds an event handler", "```{.text", "entry 'family-overview', field 'answer'"),
    Case("right-to-left override in a question", "faq.yml", "    question: Which browsers can I use?",
         "    question: Which browsers can I\u202e use?",
         "contains an invisible direction control (U+202E RIGHT-TO-LEFT OVERRIDE)", "Which browsers can I\u202e"),
    Case("zero-width space in a snippet", "snippets.yml", "Take a picture of the document",
         "Take a picture of the\u200b document", "contains an invisible character (U+200B ZERO WIDTH SPACE)",
         "Take a picture of the\u200b"),
    Case("HTML in a question", "faq.yml", "    question: Which browsers can I use?",
         "    question: Which browsers can I use? <img src=x onerror=alert(1)>",
         "is plain text, but holds HTML: '<img src=x onerror=alert(1)>'", "Which browsers can I use? <img",
         "entry 'supported-browsers', field 'question'"),
    Case("a question five million characters long", "faq.yml", "    question: Which browsers can I use?",
         "    question: Which browsers can I use" + "e" * 5_000_000 + "?",
         "is 5,000,025 characters long; at most 150 are allowed — shorten it to 150 characters or fewer",
         "question: Which browsers", "entry 'supported-browsers', field 'question'"),
    Case("a long guide title", "faq.yml", "    title: Find a referral on sundhed.dk",
         "    title: Find a referral on sundhed.dk" + ", step by step" * 8,
         "is 141 characters long; at most 100 are allowed", "title: Find a referral on sundhed.dk,"),
    Case("snippet named like a built-in", "snippets.yml", "ready-to-upload:", "email:",
         "'email' is a built-in snippet made from support.yml", "email:\n  text: >-\n    You are now",
         "snippet 'email'"),
]


def _apply(case: Case, project: Path) -> Path:
    target = project / case.file
    if case.old is None:
        data = case.new.encode("utf-8") if isinstance(case.new, str) else case.new
    else:
        text = target.read_bytes()
        old = case.old.encode("utf-8")
        assert old in text, f"{case.name}: the case's text is no longer in {case.file}"
        new = case.new.encode("utf-8") if isinstance(case.new, str) else case.new
        data = text.replace(old, new, 1)
    target.write_bytes(data)
    return target


def _expected_prefix(case: Case, target: Path) -> str:
    shown = case.shown_file or case.file
    if case.line_of is None:
        return f"{shown}:"
    needle = case.line_of.encode("utf-8")
    data = target.read_bytes()
    assert needle in data, f"{case.name}: '{case.line_of}' not in the edited file"
    line = data[: data.index(needle)].count(b"\n") + 1
    return f"{shown}:{line}:"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_edit_fails_the_build_with_a_clear_message(case, tmp_path):
    project = copy_project(tmp_path / "project")
    target = _apply(case, project)
    prefix = _expected_prefix(case, target)

    # The real command an editor or CI runs.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case.name}: the build passed\n{output}"
    assert "Traceback" not in output, output
    lines = [line.strip() for line in output.splitlines()]
    matching = [line for line in lines if line.startswith(prefix) and case.message in line]
    assert matching, f"{case.name}: expected a line starting {prefix!r} with {case.message!r}\n{output}"
    if case.where:
        assert any(case.where in line for line in matching), f"{case.name}: no {case.where!r}\n{output}"
    assert not (tmp_path / "site" / "index.html").exists(), "a failed build wrote a site"

    # `make check` reports the same problem.
    problems = [str(p) for p in check(read_sources(project))]
    assert any(p.startswith(prefix) and case.message in p for p in problems), problems


def test_corpus_covers_enough_cases():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


def test_every_problem_is_reported_at_once(tmp_path):
    project = copy_project(tmp_path)
    chosen = ("unknown field", "unknown related id", "unknown snippet", "typed phone number")
    for case in (c for c in CASES if c.name in chosen):  # four mistakes in one file
        _apply(case, project)
    problems = [str(p) for p in check(read_sources(project))]
    for message in ("did you mean 'question'?", "the id 'payment-guarantee'",
                    "no snippet called 'it-suport-email'", "phone number is typed"):
        assert any(message in p for p in problems), (message, problems)


def test_make_check_command_exits_non_zero_with_messages(tmp_path):
    project = copy_project(tmp_path)
    _apply(CASES[0], project)
    result = subprocess.run([sys.executable, "-m", "helpcentre", "check"], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "faq.yml:" in result.stderr and "did you mean 'question'?" in result.stderr
    assert "Traceback" not in result.stderr
    good = subprocess.run([sys.executable, "-m", "helpcentre", "check"], cwd=copy_project(tmp_path / "good"),
                          capture_output=True, text=True, timeout=60)
    assert good.returncode == 0, good.stderr
