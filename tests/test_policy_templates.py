"""The policy trusts only the theme's templates: content can neither add nor change a hash."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpcentre import security
from sitetools import build_site, copy_project

pytestmark = pytest.mark.slow


def _policy_hashes(site: Path) -> set[str]:
    policies = {html.unescape(m) for page in site.rglob("*.html") if page.parts[-2] != "widget"
                for m in re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"',
                                    page.read_text(encoding="utf-8"))}
    assert len(policies) == 1, policies
    return set(re.findall(r"'sha256-[^']+'", policies.pop()))


def test_two_different_contents_give_identical_hashes(tmp_path):
    first = build_site(copy_project(tmp_path / "first"), tmp_path / "first-site")
    other = copy_project(tmp_path / "second")
    # Different content: an answer with raw script, other answer text and another site
    # name; none of it may change which scripts the policy allows.
    faq = other / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace(
        "      You can log in to your personal User Portal with your MitID.\n",
        "      You can log in to your personal User Portal with your MitID.\n\n"
        "      <div>`<script>window.x=1</script>`</div>\n", 1), encoding="utf-8")
    faq.write_text(faq.read_text(encoding="utf-8").replace("with your MitID", "with MitID, always"),
                   encoding="utf-8")
    mkdocs = other / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "site_name: User Portal help centre", "site_name: Another help centre"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "helpcentre", "check", "--root", str(other)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "faq.yml:" in result.stderr and "<script>" in result.stderr, result.stderr
    # The build refuses it too (the same check runs); without the answer it builds.
    faq.write_text(faq.read_text(encoding="utf-8").replace("      <div>`<script>window.x=1</script>`</div>\n", ""),
                   encoding="utf-8")
    second = build_site(other, tmp_path / "second-site")
    assert "with MitID, always" in (second / "logging-in" / "index.html").read_text(encoding="utf-8")
    assert _policy_hashes(first) == _policy_hashes(second)
    assert len(_policy_hashes(first)) >= 5


def test_a_script_no_template_wrote_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    # Stands in for content that got past the sanitizer: a hook after ours adds a script.
    (project / "hooks" / "inject.py").write_text(
        "def on_page_content(html, page, config, files):\n"
        "    return html + '<script>window.__ran = 1</script>'\n", encoding="utf-8")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - hooks/help_centre.py\n", "  - hooks/help_centre.py\n  - hooks/inject.py\n"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "an inline script that no template wrote" in output and "window.__ran" in output, output[-2000:]


def test_template_hashes_cover_every_depth():
    assert security.page_base_urls("/") == [".", "..", "../..", "../../..", "../../../..",
                                            "../../../../..", "../../../../../..", "/"]


@pytest.mark.parametrize("endpoint, allowed", [
    ("https://portal.example/api/help-feedback", True),
    ("http://127.0.0.1:8123/api", True),
    ("http://localhost/api", True),
    ("http://localhost.evil.example/api", False),
    ("http://127.0.0.1.evil.example/", False),
    ("http://portal.example/api", False),
    ("https://portal.example/a b", False),
    ("https://portal.example/'; script-src *", False),
    ("javascript:alert(1)", False),
    ("https://user:pw@portal.example/", False),
])
def test_the_feedback_endpoint_is_parsed_as_an_address(endpoint, allowed):
    assert (security.endpoint_problem(endpoint) is None) is allowed


def test_json_inside_scripts_escapes_what_could_end_them(site_dir):
    blocks = 0
    for page in site_dir.rglob("*.html"):
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page.read_text(encoding="utf-8"), re.S):
            if "json" in attributes:
                blocks += 1
                assert not re.search(r"[<>&]", body), (page, attributes, body[:200])
    assert blocks >= 10  # Material's configuration on every page, and the structured data
    from helpcentre.widget import script_json

    assert script_json({"text": "</script>&"}) == '{"text":"\\u003c/script\\u003e\\u0026"}'
