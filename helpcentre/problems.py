"""Problems found in content, worded for the editor who has to fix them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, with where it is and how to fix it."""

    file: str
    line: int | None
    message: str
    fix: str = ""
    where: str = ""  # e.g. "entry 'upload-file', field 'question'"
    kind: str = "error"  # "unlocked": a new id not yet in links.lock (a preview may go on)

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class ContentError(Exception):
    """Raised when content has problems; carries all of them, never just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the help centre's content:"
        return "\n".join([heading, *(f"  {problem}" for problem in self.problems)])
