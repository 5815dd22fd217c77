"""Content problems as GitHub workflow commands, shown on the pull request's changed lines.

GitHub shows at most ten annotations of each kind per step, so problems on lines the pull
request changed come first; the whole list goes to the step summary as well.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .problems import Problem

LEVELS = ("error", "warning", "notice")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title): ':' and ',' escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def level_of(problem: Problem) -> str:
    """error for what stops the build; warning for a review date in the future; notice for a
    review that is due."""
    if problem.kind == "review":
        return "warning" if "in the future" in problem.message else "notice"
    if problem.kind == "holiday":
        return "warning"
    return "error"


def workflow_command(problem: Problem) -> str:
    """One `::error file=…,line=…::message` line; every field escaped as GitHub's toolkit does."""
    properties = [f"file={escape_property(problem.file)}"]
    if problem.line:
        properties += [f"line={problem.line}", f"endLine={problem.line}"]
    title = problem.where or problem.file
    properties.append(f"title={escape_property(title)}")
    message = f"{problem.message} — {problem.fix}" if problem.fix else problem.message
    return f"::{level_of(problem)} {','.join(properties)}::{escape_data(message)}"


def log_safe(text: str) -> str:
    """Text for the workflow log (stderr) that GitHub cannot read as a workflow command:
    '::' never stands in it, so no line of it can start one."""
    return text.replace("::", ":\u200b:")


def changed_lines(repo: Path, base: str) -> dict[str, set[int]]:
    """The lines each file gained or changed since `base` (a commit id from resolve_ref),
    from `git diff`."""
    try:
        diff = subprocess.run(["git", "-C", str(repo), "diff", "--unified=0", "--no-color", base, "--"],
                              capture_output=True, text=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return {}
    changed: dict[str, set[int]] = {}
    current = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            current = line[6:] if line.startswith("+++ b/") else None
        elif current and line.startswith("@@"):
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or "1")
                changed.setdefault(current, set()).update(range(start, start + count))
    return changed


def ordered(problems: list[Problem], changed: dict[str, set[int]]) -> list[Problem]:
    """Problems on changed lines first, then the rest, each group in file order."""
    def on_changed_line(problem: Problem) -> bool:
        return (problem.line or 0) in changed.get(problem.file, ())
    return sorted(problems, key=lambda p: (not on_changed_line(p), p.file, p.line or 0))


def step_summary(problems: list[Problem], changed: dict[str, set[int]]) -> str:
    """Every problem as a Markdown table, for $GITHUB_STEP_SUMMARY."""
    if not problems:
        return "### Content check\n\nThe content is fine.\n"
    lines = ["### Content check", "",
             f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
             f"({sum(level_of(p) == 'error' for p in problems)} stopping the build).", "",
             "| | where | what is wrong | how to fix it |", "| --- | --- | --- | --- |"]
    to_copy = []  # fixes with lines to copy: a table cell would run them into one line
    for problem in ordered(problems, changed):
        place = f"`{problem.file}:{problem.line}`" if problem.line else f"`{problem.file}`"
        if problem.where:
            place += f" {problem.where}"
        mark = {"error": "❌", "warning": "⚠️", "notice": "ℹ️"}[level_of(problem)]
        changed_mark = " (changed here)" if (problem.line or 0) in changed.get(problem.file, ()) else ""
        fix = problem.fix
        if "\n" in fix:
            to_copy.append((place, fix))
            fix = fix.split("\n", 1)[0] + f" … (the lines to copy are under the table, {len(to_copy)})"
        lines.append(f"| {mark} | {_cell(place)}{changed_mark} | {_cell(problem.message)} | {_cell(fix)} |")
    for number, (place, fix) in enumerate(to_copy, start=1):
        first, *rest = fix.split("\n")
        copy = [line for line in rest if line.startswith((" ", "retired:"))]
        after = [line for line in rest if line not in copy]
        lines += ["", f"**{number}.** {place}: {first}", "", "```yaml", *copy, "```"]
        lines += ["", *after] if after else []
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def removed_lock_lines(repo: Path, base: str, lock_path: Path) -> list[Problem]:
    """Ids that links.lock listed at `base` (a commit id) and no longer lists: a hand edit
    that would let links break without `check` noticing."""
    from .links import read_lock

    shown = subprocess.run(["git", "-C", str(repo), "show", f"{base}:{lock_path.name}"],
                           capture_output=True, text=True)
    if shown.returncode != 0:
        return []
    before = [line.strip() for line in shown.stdout.splitlines() if line.strip() and not line.startswith("#")]
    now = read_lock(lock_path)
    problems = []
    for ident in before:
        if ident in now.ids:
            continue
        after = [line for other, line in now.ids.items() if other > ident]
        problems.append(Problem(
            lock_path.name, min(after) if after else (max(now.ids.values(), default=0) + 1) or None,
            f"the line '{ident}' was removed from {lock_path.name}; the portal and support staff link to "
            f"'{ident}', so those links would break",
            f"put the line '{ident}' back in {lock_path.name}. If the answer was renamed or removed, keep the id "
            f"working in faq.yml instead: 'aliases: [{ident}]' under the answer that replaces it, or list it under "
            "'retired:' with a 'target'"))
    return problems
