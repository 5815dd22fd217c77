"""`make check` asks the support team about Danish public holidays ahead that support.yml
treats as opening days; it never assumes support is closed."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

from helpcentre.model import OpeningHours
from helpcentre.schedule import holidays_on_opening_days
from sitetools import ROOT, copy_project

WEEKDAYS = OpeningHours(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"), "09:00", "16:00",
                        "Europe/Copenhagen")


def test_holidays_on_opening_days_within_sixty_days():
    found = holidays_on_opening_days(WEEKDAYS, [], today=date(2026, 12, 1))
    assert [(h.day.isoformat(), h.name) for h in found] == [("2026-12-25", "Christmas Day"),
                                                           ("2027-01-01", "New Year's Day")]
    # 26 December 2026 is a Saturday: support is not open then anyway.
    assert all(h.day != date(2026, 12, 26) for h in found)


def test_listed_closed_days_and_far_holidays_are_not_asked_about():
    assert [h.day.isoformat() for h in holidays_on_opening_days(WEEKDAYS, ["2026-12-25"], today=date(2026, 12, 1))] \
        == ["2027-01-01"]
    assert holidays_on_opening_days(WEEKDAYS, [], today=date(2026, 6, 1)) == []  # nothing until December
    easter = holidays_on_opening_days(WEEKDAYS, [], today=date(2027, 3, 1))
    assert [h.name for h in easter] == ["Maundy Thursday", "Good Friday", "Easter Monday"]
    saturday_too = OpeningHours(WEEKDAYS.days + ("Saturday",), "09:00", "16:00", "Europe/Copenhagen")
    assert date(2026, 12, 26) in [h.day for h in holidays_on_opening_days(saturday_too, [], today=date(2026, 12, 1))]


def _check(project, *args):
    return subprocess.run([sys.executable, "-m", "helpcentre", "check", *args], cwd=project, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_ACTIONS": ""})


def test_check_asks_and_passes_and_the_suggested_line_silences_it(tmp_path):
    project = copy_project(tmp_path / "project")
    result = _check(project, "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert "Please ask the support team about these days:" in result.stdout
    assert "25 December 2026 (Christmas Day) is a public holiday in Denmark" in result.stdout
    assert "ask the support team whether IT support is open on 2026-12-25" in result.stdout
    assert "closed" not in result.stdout.split("these days:")[0]  # nothing claims support is closed
    support = project / "support.yml"
    # Exactly the edit the message asks for.
    support.write_text(support.read_text(encoding="utf-8").replace(
        "closed_dates: []", 'closed_dates:\n  - "2026-12-25"\n  - "2027-01-01"'), encoding="utf-8")
    result = _check(project, "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert "Please ask the support team" not in result.stdout


def test_in_github_actions_a_holiday_is_a_warning_not_an_error(tmp_path):
    project = copy_project(tmp_path / "project")
    result = _check(project, "--today", "2026-12-01", "--format", "github")
    assert result.returncode == 0
    assert "::warning file=support.yml,line=" in result.stdout and "Christmas Day" in result.stdout
