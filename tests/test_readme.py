"""The README's editor section works as written: its example passes `check` when pasted as
it says, and README and CONTRIBUTING.md mark portal buttons the same way."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from sitetools import ROOT, copy_project

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _editor_section() -> str:
    return README[README.index("## For content editors"):README.index("\n## ", README.index("## For content editors") + 5)]


def _example() -> str:
    section = _editor_section()
    after = section[section.index("**Add a question.**"):]
    match = re.search(r"```yaml\n(.*?)```", after, re.S)
    assert match, "the README's 'Add a question' example is gone"
    return match.group(1)


def _check(project):
    return subprocess.run([sys.executable, "-m", "helpcentre", "check"], cwd=project, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_ACTIONS": ""})


def test_the_readme_example_passes_check_when_pasted_as_it_says(tmp_path):
    project = copy_project(tmp_path / "project")
    example = _example()
    ident = re.search(r"- id: ([a-z0-9-]+)", example).group(1)
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("\nguides:\n", "\n" + example + "\nguides:\n", 1),
                   encoding="utf-8")
    # Pasted alone, the only problem is the lock line the README then tells the editor to add.
    result = _check(project)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(problems) == 1 and f"add this line to links.lock: {ident}" in problems[0], result.stderr
    assert f"(here: `{ident}`)" in _editor_section()
    with (project / "links.lock").open("a", encoding="utf-8") as lock:
        lock.write(ident + "\n")
    result = _check(project)
    assert result.returncode == 0, result.stderr


def test_one_markup_for_portal_buttons():
    example = _example()
    assert "[[My Claims]]" in example and "**My Claims**" not in README
    for text in (README, CONTRIBUTING):
        assert not re.search(r"buttons?[^.\n]*\bin bold\b", text, re.I), "buttons are marked [[...]], not bold"
    assert "[[My Claims]]" in CONTRIBUTING


def test_the_editor_section_sends_editors_to_contributing():
    section = _editor_section()
    assert "(CONTRIBUTING.md)" in section
    assert "The rest of this README is for developers and operators." in section
