"""Answers due for review: `make check` lists them as warnings an editor can act on."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from helpcentre.freshness import _months_before
from sitetools import ROOT, copy_project


def _check(project, *args):
    return subprocess.run([sys.executable, "-m", "helpcentre", "check", "--root", str(project), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def aged_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("aged"))
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    # One answer checked long ago, one dated in the future; the rest stay as they are.
    text = text.replace("    reviewed: 2026-11-25\n    owner: IT support\n\n  - id: supported-browsers",
                        "    reviewed: 2025-09-30\n    owner: IT support\n\n  - id: supported-browsers", 1)
    text = text.replace("    reviewed: 2026-11-25\n    owner: Help centre editors\n\n  - id: payment-guarantees",
                        "    reviewed: 2027-03-01\n    owner: Help centre editors\n\n  - id: payment-guarantees", 1)
    faq.write_text(text, encoding="utf-8")
    return project


def test_old_and_future_reviews_are_listed_without_failing(aged_project):
    result = _check(aged_project, "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    lines = (aged_project / "faq.yml").read_text(encoding="utf-8").splitlines()
    old_line = lines.index("    reviewed: 2025-09-30") + 1
    future_line = lines.index("    reviewed: 2027-03-01") + 1
    assert "2 answers are due for review" in out
    assert (f"faq.yml:{old_line}: entry 'login-password', field 'reviewed': last reviewed 2025-09-30, "
            "15 months ago (the limit is 12 months) — check the answer is still true") in out
    assert "then set 'reviewed: 2026-12-01'" in out
    assert f"faq.yml:{future_line}: entry 'family-overview', field 'reviewed': the review date 2027-03-01 is in the future" in out
    # Grouped by the team that owns them.
    assert out.index("  IT support:") < out.index("'login-password'")
    assert out.index("  Help centre editors:") < out.index("'family-overview'")
    assert "supported-browsers" not in out and "upload-file" not in out


def test_the_allowed_age_is_configurable(aged_project):
    within = _check(aged_project, "--today", "2026-12-01", "--review-months", "18")
    assert within.returncode == 0 and "login-password" not in within.stdout
    strict = _check(aged_project, "--today", "2027-01-10", "--review-months", "1")
    assert "10 answers are due for review" in strict.stdout  # 9 older than a month, 1 in the future
    assert "(the limit is 1 month)" in strict.stdout


def test_fresh_content_has_no_warnings(tmp_path):
    result = _check(copy_project(tmp_path), "--today", "2026-11-25")
    assert result.returncode == 0 and "due for review" not in result.stdout


def test_make_check_passes_the_configured_age():
    # The Makefile's REVIEW_MONTHS reaches the check (dry run: no install needed).
    result = subprocess.run(["make", "-n", "check", "REVIEW_MONTHS=6"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert "helpcentre check --review-months 6" in result.stdout


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 11, 25), 12, date(2025, 11, 25)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2028, 3, 31), 1, date(2028, 2, 29)),
    (date(2026, 1, 15), 13, date(2024, 12, 15)),
])
def test_calendar_months(day, months, expected):
    assert _months_before(day, months) == expected
