"""The help centre's content as plain Python objects: no YAML, no MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_in_words(day: date) -> str:
    """A date as customers read it: '25 November 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class MenuChoice:
    """One key a caller presses in the support phone menu."""

    key: str
    choice: str


@dataclass(frozen=True)
class OpeningHours:
    """When IT support answers: the same hours on each listed weekday."""

    days: tuple[str, ...]
    opens: str  # "09:00"
    closes: str  # "16:00"
    timezone: str

    def in_words(self) -> str:
        """The hours in plain words, e.g. 'Monday to Friday, 9 AM to 4 PM'."""
        return f"{_days_in_words(self.days)}, {_time_in_words(self.opens)} to {_time_in_words(self.closes)}"


@dataclass(frozen=True)
class SupportContact:
    """The one IT support contact every page renders."""

    phone: str  # national number, digits only
    country_code: str
    menu: tuple[MenuChoice, ...]
    email: str
    hours: OpeningHours
    closed_dates: tuple[str, ...]

    @property
    def phone_display(self) -> str:
        """The number grouped in pairs, as Danish numbers are written: '70 20 61 21'."""
        return " ".join(self.phone[i:i + 2] for i in range(0, len(self.phone), 2))

    @property
    def phone_href(self) -> str:
        return f"tel:+{self.country_code}{self.phone}"

    @property
    def email_href(self) -> str:
        return f"mailto:{self.email}"

    def menu_in_words(self) -> str:
        """'Press 1 for insurance-related questions, then press 5 for technical support.'"""
        parts = [f"press {choice.key} for {choice.choice}" for choice in self.menu]
        text = ", then ".join(parts)
        return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class Snippet:
    """A shared block of Markdown text, or a shared list of steps."""

    name: str
    text: str = ""
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alternative:
    """One way to do a task, shown as a tab: 'On a PC', 'With a phone or tablet'."""

    label: str
    answer: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Body:
    """The readable part of an answer: text, numbered steps, alternatives, text after."""

    answer: str = ""
    steps: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    after: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Entry:
    """One question and its answer, shown on its category's page."""

    id: str
    aliases: tuple[str, ...]  # earlier ids of this answer; links to them still land here
    category: str
    question: str
    body: Body
    keywords: tuple[str, ...]
    related: tuple[str, ...]
    reviewed: str  # ISO date of the last check that the answer is still true
    owner: str = ""  # the team that keeps it true


@dataclass(frozen=True)
class Section:
    """A part of a guide a reader may need to reach directly."""

    id: str
    aliases: tuple[str, ...]
    title: str
    body: Body
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    """A longer step-by-step guide with its own page."""

    id: str
    aliases: tuple[str, ...]
    category: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    keywords: tuple[str, ...]
    related: tuple[str, ...]
    reviewed: str
    owner: str = ""


@dataclass(frozen=True)
class Retired:
    """A published id whose answer was removed; its links go to `target` instead."""

    id: str
    target: str
    reason: str


@dataclass(frozen=True)
class Screen:
    """A screen of the portal, and the answers its help panel shows there."""

    id: str
    title: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """Where a published id lives: the page it is on and what it is called."""

    id: str
    page: str  # source path of the page, e.g. "documents/upload-file.md"
    title: str
    category: str
    kind: str  # "category", "entry", "guide", "section", "alias" or "retired"
    canonical: str = ""  # for an alias or a retired id: the id it now leads to

    @property
    def anchor(self) -> str:
        """The id of the element a link lands on."""
        return self.canonical or self.id


@dataclass(frozen=True)
class HelpCentre:
    """All content of one build."""

    categories: tuple[Category, ...]
    entries: tuple[Entry, ...]
    guides: tuple[Guide, ...]
    snippets: dict[str, Snippet]
    support: SupportContact
    targets: dict[str, Target]  # every published id: answers, aliases and retired ids
    retired: tuple[Retired, ...] = ()
    notices: tuple = ()  # problems shown but not blocking (new ids not yet locked, in previews)
    # search-synonyms.yml: a meaning's name → the words and phrases that say it, English and Danish
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # owners.yml: an owner's name → the GitHub teams or people who review its answers
    owners: dict[str, tuple[str, ...]] = field(default_factory=dict)
    screens: tuple[Screen, ...] = ()  # portal-screens.yml

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def entries_in(self, category_id: str) -> list[Entry]:
        return [e for e in self.entries if e.category == category_id]

    def guides_in(self, category_id: str) -> list[Guide]:
        return [g for g in self.guides if g.category == category_id]


def _days_in_words(days: tuple[str, ...]) -> str:
    order = sorted(days, key=WEEKDAYS.index)
    indexes = [WEEKDAYS.index(day) for day in order]
    if len(order) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{order[0]} to {order[-1]}"
    return ", ".join(order[:-1]) + (f" and {order[-1]}" if len(order) > 1 else order[-1])


def _time_in_words(clock: str) -> str:
    hour, minute = (int(part) for part in clock.split(":"))
    suffix = "AM" if hour < 12 else "PM"
    hour12 = hour % 12 or 12
    return f"{hour12} {suffix}" if minute == 0 else f"{hour12}:{minute:02d} {suffix}"
