"""Is IT support open now? The schedule logic, in plain Python.

The browser runs the same rules in `docs/assets/javascripts/help-centre.js` (the status line
in the support block); tests hold both to one table of cases. Times are wall-clock times in
the support team's time zone, read through the platform's time-zone database, so summer and
winter time need no rule of our own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .model import MONTHS, WEEKDAYS, OpeningHours, date_in_words
LOOK_AHEAD_DAYS = 366  # how far to look for the next opening day


@dataclass(frozen=True)
class SupportStatus:
    open: bool
    text: str  # "Open now — until 16:00", "Closed — opens Monday at 09:00"


def support_status(hours: OpeningHours, closed_dates: tuple[str, ...] | list[str],
                   now: datetime) -> SupportStatus:
    """The status at the instant `now` (timezone-aware), in the support team's time zone."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    local = now.astimezone(ZoneInfo(hours.timezone))
    today, clock = local.date(), local.strftime("%H:%M")
    closed = set(closed_dates)

    def opens_on(day: date) -> bool:
        return WEEKDAYS[day.weekday()] in hours.days and day.isoformat() not in closed

    if opens_on(today) and hours.opens <= clock < hours.closes:
        return SupportStatus(True, f"Open now — until {hours.closes}")
    for offset in range(LOOK_AHEAD_DAYS):
        if offset == 0 and clock >= hours.opens:
            continue  # today's opening has passed
        day = today + timedelta(days=offset)
        if opens_on(day):
            return SupportStatus(False, f"Closed — opens {_day_in_words(day, offset)} at {hours.opens}")
    return SupportStatus(False, "Closed")


def closed_days_in_words(closed_dates: tuple[str, ...] | list[str], today: date) -> str:
    """The listed closed days from `today` on, runs of days together:
    '24 December 2026 to 1 January 2027 and 5 February 2027'. Empty when none are left."""
    days = sorted({date.fromisoformat(text) for text in closed_dates})
    days = [day for day in days if day >= today]
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [date_in_words(run[0]) if len(run) == 1 else f"{date_in_words(run[0])} to {date_in_words(run[-1])}"
             for run in runs]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + (parts[-1] if parts else "")


def _day_in_words(day: date, offset: int) -> str:
    if offset == 0:
        return "today"
    if offset == 1:
        return "tomorrow"
    if offset < 7:
        return WEEKDAYS[day.weekday()]
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


HOLIDAY_LOOK_AHEAD_DAYS = 60  # how far ahead `make check` looks for public holidays
HOLIDAY_COUNTRY = "DK"


@dataclass(frozen=True)
class HolidayOnOpeningDay:
    """A public holiday on which support.yml says IT support is open."""

    day: date
    name: str


def holidays_on_opening_days(hours: OpeningHours, closed_dates: tuple[str, ...] | list[str], *, today: date,
                             days: int = HOLIDAY_LOOK_AHEAD_DAYS) -> list[HolidayOnOpeningDay]:
    """Danish public holidays from `today` to `days` ahead that fall on an opening day and are
    not in closed_dates, from the `holidays` package. Whether support is closed then is for
    the support team to say: these are questions, never assumed closures."""
    import holidays  # only `check` needs it

    last = today + timedelta(days=days)
    calendar = holidays.country_holidays(HOLIDAY_COUNTRY, years=range(today.year, last.year + 1), language="en_US")
    closed = set(closed_dates)
    return [HolidayOnOpeningDay(day, name) for day, name in sorted(calendar.items())
            if today <= day <= last and WEEKDAYS[day.weekday()] in hours.days and day.isoformat() not in closed]
