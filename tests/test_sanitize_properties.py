"""Hypothesis mixes the corpus' pieces: whatever Markdown makes of them, the sanitizer's
output holds no script, handler, script address or foreign element; `check` answers with
problems (file:line), never a traceback."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcentre.rendercheck import site_markdown
from helpcentre.sanitize import ALLOWED_ELEMENTS, clean
from sitetools import ROOT, copy_project

TO_HTML = site_markdown(ROOT)
# Pieces of the attacks in tests/data/xss: openers, Markdown's own tricks, and payloads.
PIECES = ["`", "``", "\\`", "\n\n", "\n> ", "<div>", "</div>", "<div markdown=\"1\">", "<!--", "<!-->", "<!--->",
          "-->", "--!>", "```", "```foo bar\n", "~~~", "    ", "{: onclick=alert(1) }", "{#x .y}", "[r]: ",
          "[a](", ")", "javascript:alert(1)", "JaVa\tScRiPt:", "&#106;", "<script>alert(1)</script>",
          "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<style>", "</style>", "<noscript>",
          "<math><mtext>", "<template>", "<iframe srcdoc=", "\"", "'", ">", "<", "!!! note \"", "=== \"",
          "??? ", "{{ it-support }}", "[[", "]]", "text", "\n- ", "\n1. ", "<a href=\"", "<p title=\"",
          "<form action=", "<base href=", "<details open ontoggle=alert(1)>"]
MIXED = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_sanitized_output_never_holds_a_script(text):
    html = clean(TO_HTML(text))
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_ELEMENTS, (text, html)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (text, html)
            if name in ("href", "src", "action"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), (text, html)
    assert clean(html) == html, "cleaning twice changes the result: a mutation to look at"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(MIXED, st.sampled_from(["answer", "question", "after"]))
def test_check_answers_any_answer_with_problems_not_a_traceback(tmp_path, text, field):
    from helpcentre.content import read_and_check

    project = tmp_path / "p"
    if not project.exists():
        copy_project(project)
    faq_file = project / "faq.yml"
    original = (ROOT / "faq.yml").read_text(encoding="utf-8")
    faq = yaml.safe_load(original)
    faq["entries"][0][field] = text
    faq_file.write_text(yaml.safe_dump(faq, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = read_and_check(project)
    for problem in problems:
        assert problem.file and problem.message, problem
