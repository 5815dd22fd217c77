"""`make build` never publishes a broken site: a failed build leaves site/ as it was."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from sitetools import copy_project


def _fingerprint(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _publish(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpcentre", "publish", "--site-dir", "site"],
                          cwd=project, capture_output=True, text=True, timeout=300)


def test_failed_build_leaves_the_previous_site_byte_identical(tmp_path):
    project = copy_project(tmp_path)
    first = _publish(project)
    assert first.returncode == 0, first.stderr
    before = _fingerprint(project / "site")
    assert "index.html" in before and len(before) > 20

    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("question: Which", "questoin: Which"), encoding="utf-8")
    failed = _publish(project)
    assert failed.returncode != 0
    assert "did you mean 'question'?" in failed.stderr
    assert "site/ was left exactly as it was" in failed.stderr
    assert _fingerprint(project / "site") == before
    assert not list(project.glob(".site-new-*")), "the staging folder was left behind"


def test_successful_build_replaces_the_site(tmp_path):
    project = copy_project(tmp_path)
    assert _publish(project).returncode == 0
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("Which browsers can I use?",
                                                           "Which web browsers can I use?"), encoding="utf-8")
    assert _publish(project).returncode == 0
    page = (project / "site" / "logging-in" / "index.html").read_text(encoding="utf-8")
    assert "Which web browsers can I use?" in page
    assert not list(project.glob(".site-new-*"))
