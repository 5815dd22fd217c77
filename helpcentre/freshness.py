"""Which answers are due for review? Warnings for editors; they never stop a build.

Every entry and guide carries `reviewed:` (the date someone last checked it is still true)
and `owner:` (the team that checks it). An answer whose review is older than the allowed
age, or dated in the future, is listed with its file, line, owner and what to do.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .loader import Document
from .problems import Problem
from .schema import describe

DEFAULT_REVIEW_MONTHS = 12


@dataclass(frozen=True)
class ReviewWarning:
    owner: str
    problem: Problem


def review_warnings(faq: Document, *, today: date,
                    max_age_months: int = DEFAULT_REVIEW_MONTHS) -> list[ReviewWarning]:
    """Entries and guides whose review is too old or in the future, oldest first.

    `faq` must have passed its checks; with lines kept, every warning names its line.
    """
    oldest_allowed = _months_before(today, max_age_months)
    found: list[tuple[date, ReviewWarning]] = []
    for key in ("entries", "guides"):
        for index, item in enumerate(faq.data.get(key) or ()):
            reviewed = date.fromisoformat(str(item["reviewed"]))
            path = (key, index, "reviewed")
            where = describe(path, faq.data)
            owner = item.get("owner", "")
            if reviewed < oldest_allowed:
                months = (today.year - reviewed.year) * 12 + today.month - reviewed.month
                message = (f"last reviewed {reviewed.isoformat()}, {months} months ago "
                           f"(the limit is {_months(max_age_months)})")
                fix = (f"check the answer is still true, correct it if not, then set "
                       f"'reviewed: {today.isoformat()}'")
            elif reviewed > today:
                message = f"the review date {reviewed.isoformat()} is in the future"
                fix = f"write the date it was really checked, such as {today.isoformat()}"
            else:
                continue
            problem = Problem(faq.file, faq.line(path) if faq.with_lines else None, message, fix,
                              where, kind="review")
            found.append((reviewed, ReviewWarning(owner, problem)))
    return [warning for _, warning in sorted(found, key=lambda pair: pair[0])]


def review_report(warnings: list[ReviewWarning], max_age_months: int) -> str:
    """The warnings grouped by owning team, for an editor to act on."""
    count = len(warnings)
    lines = [f"{count} answer{'s are' if count != 1 else ' is'} due for review "
             f"(reviewed more than {_months(max_age_months)} ago, or dated in the future). "
             f"{'They still build' if count != 1 else 'It still builds'}; please check "
             f"{'them' if count != 1 else 'it'}:"]
    for owner in sorted({w.owner for w in warnings}):
        lines.append(f"  {owner or 'No owner'}:")
        lines.extend(f"    {w.problem}" for w in warnings if w.owner == owner)
    return "\n".join(lines)


def _months(count: int) -> str:
    return f"{count} month{'s' if count != 1 else ''}"


def _months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days
