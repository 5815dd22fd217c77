"""Every input gets a clear answer: limits `check` and the build agree on, reserved ids,
front matter, and `publish`'s target folder. Never a traceback, a hang or a lost page."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitetools import copy_project


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpcentre", "check", "--root", str(project)],
                          capture_output=True, text=True, timeout=300)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_yaml_nested_990_deep_is_a_problem_not_a_traceback(tmp_path):
    project = copy_project(tmp_path / "p")
    _replace(project / "faq.yml", "    owner: IT support\n", "    owner: IT support\n    extra: " + "[" * 990 + "]" * 990 + "\n")
    result = _check(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "faq.yml:" in result.stderr and "levels deep" in result.stderr


def test_a_chain_of_12_snippets_is_refused_by_check_and_build(tmp_path):
    project = copy_project(tmp_path / "p")
    snippets = project / "snippets.yml"
    text = snippets.read_text(encoding="utf-8")
    for i in range(12):
        following = f"{{{{ chain-{i + 1} }}}}" if i < 11 else "the end"
        text += f"\nchain-{i}:\n  text: \"then {following}\"\n"
    snippets.write_text(text, encoding="utf-8")
    _replace(project / "faq.yml", "      {{ it-support }}\n", "      {{ it-support }} {{ chain-0 }}\n")
    result = _check(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "snippets.yml:" in result.stderr and "levels deep: chain-0 → chain-1" in result.stderr
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True, timeout=300)
    assert build.returncode != 0 and "Traceback" not in build.stderr and "levels deep" in build.stderr


@pytest.mark.parametrize("ident", ["index", "go", "assets", "search", "api", "widget", "404", "sitemap", "hc-scripts"])
def test_ids_the_build_writes_itself_are_refused(tmp_path, ident):
    project = copy_project(tmp_path / "p")
    _replace(project / "faq.yml", "  - id: find-referral\n", f"  - id: \"{ident}\"\n")
    result = _check(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"the id '{ident}'" in result.stderr and "faq.yml:142" in result.stderr, result.stderr


def test_a_template_id_in_a_hand_written_page_is_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    _replace(project / "docs" / "index.md", "## Choose a topic {#topics}", "## Choose a topic {#hc-scripts}")
    result = _check(project)
    assert result.returncode == 1 and "docs/index.md:" in result.stderr and "'hc-scripts'" in result.stderr


@pytest.mark.parametrize("title", ['"</title><script>alert(1)</script>"', '"&lt;/title&gt;"',
                                   "'x\" onfocus=\"alert(1)'"])
def test_front_matter_that_the_head_would_read_as_html_is_refused(tmp_path, title):
    project = copy_project(tmp_path / "p")
    _replace(project / "docs" / "index.md", "title: How can we help?", f"title: {title}")
    result = _check(project)
    assert result.returncode == 1 and "docs/index.md:2: the page's title holds" in result.stderr, result.stderr


def test_a_category_title_reaches_the_head_escaped():
    from helpcentre.render import _front_matter

    front = _front_matter('Claims & "family" </title><script>', 'x" onfocus="alert(1)')
    assert "<script>" not in front and 'onfocus="' not in front
    assert "&amp;" in front and "&lt;/title&gt;" in front


def test_publish_creates_a_missing_parent_folder(tmp_path):
    project = copy_project(tmp_path / "p")
    target = tmp_path / "out" / "deeper" / "site"
    result = subprocess.run([sys.executable, "-m", "helpcentre", "publish", "--site-dir", str(target)],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").exists()


def test_publish_explains_a_target_it_cannot_use(tmp_path):
    project = copy_project(tmp_path / "p")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for target in (tmp_path / "a-file", tmp_path / "a-file" / "site"):
        result = subprocess.run([sys.executable, "-m", "helpcentre", "publish", "--site-dir", str(target)],
                                cwd=project, capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "--site-dir" in result.stderr, result.stderr


def test_an_email_that_could_leave_its_quotes_is_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    support = project / "support.yml"
    text = support.read_text(encoding="utf-8")
    email = next(line for line in text.splitlines() if line.startswith("email:"))
    support.write_text(text.replace(email, "email: 'a\"onmouseover=\"alert(1)@primora-it.dk'"), encoding="utf-8")
    result = _check(project)
    assert result.returncode == 1 and "support.yml:" in result.stderr and "Traceback" not in result.stderr


def test_the_help_panel_refuses_support_links_outside_the_allowlist(help_centre):
    import dataclasses
    from datetime import date

    from helpcentre.widget import widget_files

    assert "tel:+45" in widget_files(help_centre, today=date(2026, 11, 28))["widget/help-centre.js"]
    support = dataclasses.replace(help_centre.support, email='x"><script>alert(1)</script>@example.dk')
    with pytest.raises(ValueError, match="email_href"):
        widget_files(dataclasses.replace(help_centre, support=support), today=date(2026, 11, 28))
