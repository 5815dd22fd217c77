"""Is IT support open now? The schedule logic against the shared table of cases."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml

from helpcentre.model import OpeningHours
from helpcentre.schedule import support_status
from sitetools import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "support_status_cases.yml").read_text(encoding="utf-8"))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["at"])
def test_status_at_instant(help_centre, case):
    hours = help_centre.support.hours
    status = support_status(hours, CASES["closed_dates"], _instant(case["at"]))
    assert status.text == case["expect"]
    assert status.open == case["expect"].startswith("Open")


def test_the_table_uses_the_published_hours(help_centre):
    # The cases assume support.yml's hours; if those change, the table must change too.
    assert help_centre.support.hours == OpeningHours(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"), "09:00", "16:00", "Europe/Copenhagen")


def test_the_same_instant_reads_the_same_in_any_time_zone(help_centre):
    instant = _instant("2026-11-25T15:00:00Z")
    here = support_status(help_centre.support.hours, [], instant)
    for name in ("Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"):
        elsewhere = support_status(help_centre.support.hours, [], instant.astimezone(ZoneInfo(name)))
        assert elsewhere == here


def test_without_any_opening_day_it_says_closed():
    hours = OpeningHours(("Monday",), "09:00", "16:00", "Europe/Copenhagen")
    every_monday = [f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 32)]
    status = support_status(hours, every_monday + [f"2027-{m:02d}-{d:02d}" for m in range(1, 13)
                                                   for d in range(1, 32)],
                            datetime(2026, 6, 1, 12, tzinfo=timezone.utc))
    assert status.text == "Closed" and not status.open


def test_a_naive_instant_is_refused(help_centre):
    with pytest.raises(ValueError):
        support_status(help_centre.support.hours, [], datetime(2026, 11, 25, 10))


@pytest.mark.parametrize(("dates", "today", "words"), [
    ([], "2026-11-25", ""),
    (["2026-12-24"], "2026-11-25", "24 December 2026"),
    (["2026-12-31", "2026-12-24", "2026-12-25"], "2026-11-25", "24 December 2026 to 25 December 2026 and 31 December 2026"),
    (["2026-12-30", "2026-12-31", "2027-01-01", "2027-02-05"], "2026-11-25",
     "30 December 2026 to 1 January 2027 and 5 February 2027"),
    (["2026-11-24", "2026-11-25", "2026-12-02", "2026-12-04"], "2026-11-25",
     "25 November 2026, 2 December 2026 and 4 December 2026"),  # days gone by are left out
    (["2026-01-02"], "2026-11-25", ""),
])
def test_closed_days_in_words(dates, today, words):
    from datetime import date

    from helpcentre.schedule import closed_days_in_words

    assert closed_days_in_words(dates, date.fromisoformat(today)) == words
