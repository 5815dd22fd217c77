"""Editors get every problem in one round, on the line they changed, with a fix they can make
in GitHub's web editor; a base ref is checked before git sees it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpcentre.content import check, read_sources
from sitetools import ROOT, copy_project

GIT = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
       "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
NEW_ENTRY = """  - id: change-email
    category: contact
    questoin: How do I change my email address?
    answer: Click [[My Profile]] and then [[Edit]].
    keywords: [email, change email]
    reviewed: 2026-11-27
    owner: IT support

guides:
"""


def _run(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpcentre", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def _committed(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "base")):
        subprocess.run(["git", "-C", str(project), *args], check=True, env={**os.environ, **GIT})
    return project


def test_a_field_typo_and_an_unlocked_id_come_in_the_same_round(tmp_path):
    project = copy_project(tmp_path / "project")
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("guides:\n", NEW_ENTRY, 1), encoding="utf-8")
    problems = check(read_sources(project))
    messages = [str(p) for p in problems]
    assert any("field 'questoin': unknown field" in m for m in messages), messages
    unlocked = [p for p in problems if p.kind == "unlocked"]
    assert len(unlocked) == 1 and "add this line to links.lock: change-email" in unlocked[0].fix
    # A misspelt field must not make other ids look removed.
    assert not [p for p in problems if "no longer exists" in p.message], messages


def test_every_fix_can_be_made_in_the_web_editor(tmp_path):
    project = copy_project(tmp_path / "project")
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("guides:\n", NEW_ENTRY.replace("questoin", "question"), 1)
                   .replace("  - id: payment-guarantees\n", "  - id: find-payment-guarantees\n", 1), encoding="utf-8")
    problems = check(read_sources(project))
    assert problems
    for problem in problems:
        # `make lock` may be named as a shortcut, never as the only way.
        assert "make lock" not in problem.fix or "add the line" in problem.fix or "add this line" in problem.fix, problem


def test_a_hand_edited_lock_fails_against_the_base(tmp_path):
    project = _committed(tmp_path)
    lock = project / "links.lock"
    lock.write_text(lock.read_text(encoding="utf-8").replace("payment-guarantees\n", "", 1), encoding="utf-8")
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("  - id: payment-guarantees\n",
                                                           "  - id: find-payment-guarantees\n", 1), encoding="utf-8")
    lock.write_text(lock.read_text(encoding="utf-8") + "find-payment-guarantees\n", encoding="utf-8")
    result = _run(project, "check", "--base", "HEAD")
    assert result.returncode == 1
    assert "the line 'payment-guarantees' was removed from links.lock" in result.stderr
    assert "put the line 'payment-guarantees' back in links.lock" in result.stderr


def test_a_base_that_looks_like_an_option_never_reaches_git_as_one(tmp_path):
    project = _committed(tmp_path)
    result = _run(project, "check", "--format", "github", "--base=--output=written.txt")
    assert "'--output=written.txt' is not a branch, tag or commit" in result.stdout
    assert not (project / "written.txt").exists() and "Traceback" not in result.stderr
    assert result.returncode == 0


def test_the_log_cannot_carry_a_workflow_command(tmp_path):
    project = copy_project(tmp_path / "project")
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace(
        "    question: Which browsers can I use?",
        "    question: Which browsers can I use?\n    \"x\\n::error file=evil::owned\": 1", 1), encoding="utf-8")
    result = _run(project, "check", "--format", "github")
    assert result.returncode == 1
    for stream in (result.stdout, result.stderr):
        for line in stream.splitlines():
            assert not line.lstrip().startswith("::error file=evil"), line
    assert any(line.startswith("::error file=faq.yml") and "x%0A%3A%3Aerror file=evil%3A%3Aowned" in line
               for line in result.stdout.splitlines()), result.stdout
