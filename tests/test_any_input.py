"""Random YAML and content given to `check` and `publish`: each exits 0, or 1 with file:line
problems, never a traceback."""
from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcentre.cli import main
from sitetools import ROOT, copy_project

YAML_PIECES = ["\n", "  ", "- ", ": ", "key", "id", "entries", "categories", "[", "]", "{", "}", "'", '"', "&a ",
               "*a", "!!python/object ", "---\n", "...\n", "#", "|\n", ">-\n", "\t", "\\u202e", "null", "1e9",
               "2026-11-25", "<script>alert(1)</script>", "{{ it-support }}", "(id:x)", "[" * 40, "]" * 40]
RANDOM_YAML = st.one_of(
    st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join),
    st.text(max_size=200),
    st.binary(max_size=120).map(lambda raw: raw.decode("latin-1")),
)
FILES = st.sampled_from(["faq.yml", "snippets.yml", "support.yml", "owners.yml", "portal-screens.yml",
                         "search-synonyms.yml", "docs/index.md"])
_PROBLEM_LINE = re.compile(r"^  [\w./-]+(:\d+)?: ", re.M)


def _run_check(root) -> tuple[int, str]:
    stderr, stdout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        code = main(["check", "--root", str(root), "--format", "text"])
    return code, stderr.getvalue()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FILES, RANDOM_YAML, st.booleans())
def test_check_answers_any_file_with_problems_or_success(tmp_path_factory, name, text, append):
    project = copy_project(tmp_path_factory.mktemp("any"))
    target = project / name
    target.write_text((target.read_text(encoding="utf-8") if append else "") + text, encoding="utf-8",
                      errors="surrogatepass")
    code, stderr = _run_check(project)
    assert code in (0, 1)
    assert "Traceback" not in stderr
    if code == 1:
        assert _PROBLEM_LINE.search(stderr), stderr


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["faq.yml", "snippets.yml", "docs/index.md"]), RANDOM_YAML)
def test_publish_answers_any_content_without_a_traceback(tmp_path_factory, name, text):
    project = copy_project(tmp_path_factory.mktemp("publish"))
    target = project / name
    target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8", errors="surrogatepass")
    result = subprocess.run([sys.executable, "-m", "helpcentre", "publish", "--site-dir", "site"],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    if result.returncode == 1:
        assert re.search(r"[\w./-]+:\d+: ", result.stderr) or "--site-dir" in result.stderr, result.stderr[-2000:]
