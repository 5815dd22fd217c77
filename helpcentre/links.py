"""Links the portal relies on: the lock of published ids, the manifest and short links.

The model is CPython's check of HTML ids: collect every id the site publishes, compare
with what was published before (links.lock), and fail on a removal unless it is declared
as an alias of a living answer or as retired with a target.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .model import HelpCentre, Target
from .problems import Problem
from .site import page_url

if TYPE_CHECKING:
    import jinja2

LOCK_FILE = "links.lock"
_LOCK_HEADER = """\
# Every id the help centre has ever published, one per line. The User Portal and support
# staff link to these; each must keep working. Add each new id on a line of its own (or
# run `make lock`). Never remove
# a line: to take an answer away, give its id to another answer as an alias, or list it
# under 'retired:' in faq.yml with a target.
"""


@dataclass
class Lock:
    """The ids in links.lock, with the line each stands on."""

    file: str = LOCK_FILE
    ids: dict[str, int] = field(default_factory=dict)
    exists: bool = False
    problems: list[Problem] = field(default_factory=list)  # lines that are not one id each


_LOCKED_ID = re.compile(r"(?:screen:)?[a-z0-9]+(?:-[a-z0-9]+)*")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff]")


def read_lock(path: Path) -> Lock:
    """Read links.lock; a missing file is an empty lock."""
    lock = Lock(path.name)
    if not path.exists():
        return lock
    lock.exists = True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        ident = line.strip()
        if not ident or ident.startswith("#"):
            continue
        if _LOCKED_ID.fullmatch(ident):
            lock.ids.setdefault(ident, number)
            continue
        # An editor's slip ('- id', two ids on a line, an invisible character pasted in): the
        # ids meant are kept, so nothing else looks removed, and the line is named once.
        meant = [word for word in re.split(r"[\s,;]+", _INVISIBLE.sub("", ident.lstrip("-* "))) if word]
        if not all(_LOCKED_ID.fullmatch(word) for word in meant):
            lock.problems.append(Problem(
                lock.file, number, f"'{ident}' is not a valid id (ids use only a-z, digits and '-')",
                "delete this line: an id like this is refused by the check, so it was never published. "
                "Give the answer a valid id, and add that id on a line of its own"))
            continue
        for word in meant:
            lock.ids.setdefault(word, number)
        lock.problems.append(Problem(
            lock.file, number, f"this line is not one id: '{ident}'" + (
                " (it holds an invisible character)" if _INVISIBLE.search(ident) else ""),
            "put each id on a line of its own, with nothing else: no '-', no spaces"
            + (", no invisible characters" if _INVISIBLE.search(ident) else "")
            + (". Write it as: " + " and ".join(f"'{word}'" for word in meant)
               + (" on separate lines" if len(meant) > 1 else "") if meant else "")))
    return lock


def write_lock(path: Path, ids: set[str]) -> list[str]:
    """Write links.lock with `ids` added to those already there; return the new ones."""
    known = set(read_lock(path).ids)
    added = sorted(set(ids) - known)
    path.write_text(_LOCK_HEADER + "".join(f"{ident}\n" for ident in sorted(known | set(ids))),
                    encoding="utf-8")
    return added


def lock_problems(lock: Lock, published: dict[str, Callable[[], tuple[str, int | None, str]]], *,
                  retired_line: int | None = None, references: list[Problem] | None = None) -> list[Problem]:
    """Locked ids that vanished, and new ids not yet locked, worded so that an editor with
    only GitHub's web editor can fix them: each fix gives the exact lines to add.

    `published` maps every id the content declares (answers, aliases, retired ids) to a
    function giving the file, line and description where it is declared (worked out only
    for an id that has a problem). A locked id that vanished while a similar new id
    appeared was renamed: one problem, on the new id's line, replaces both. `retired_line`
    is the line of faq.yml's `retired:` list, if it has one. `references` are other problems
    about ids that do not exist; those naming a vanished id are folded into its problem
    (the place to fix is the rename, not every link to the old id), and removed from the list.
    """
    problems = []
    vanished = [ident for ident in lock.ids if ident not in published]
    unlocked = [ident for ident in published if ident not in lock.ids]
    places = {ident: published[ident]() for ident in unlocked}
    renamed_to = _pair_renames(vanished, [i for i in unlocked if places[i][2].endswith("field 'id'")])
    folded = _fold_references(vanished, references)
    for ident in vanished:
        used = [place for place in folded.get(ident, []) if not place.startswith("portal-screens.yml")]
        panels = [place for place in folded.get(ident, []) if place.startswith("portal-screens.yml")]
        still = (f" It is still used at {', '.join(used)}; those work again once the old id is kept."
                 if used else "")
        if panels:  # a panel shows an answer itself: an alias keeps it, a retired id does not
            still += (f" The portal's help panel lists it at {', '.join(panels)}: if you retire it, also replace "
                      "it there with the id of the answer readers should see instead.")
        new = renamed_to.get(ident)
        if new:
            file, line, where = places[new]
            problems.append(Problem(
                file, line, f"the id '{ident}' was changed to '{new}'. The portal and support staff link to "
                f"'{ident}' (links.lock line {lock.ids[ident]}), so those links would break.{still}",
                f"keep the old links working: add the line 'aliases: [{ident}]' right under this 'id:' line, "
                f"indented like it, and add the line '{new}' to {lock.file}. Or change the id back to '{ident}'",
                where))
            continue
        if ident.startswith("screen:"):
            problems.append(Problem(
                lock.file, lock.ids[ident], f"the published id '{ident}' no longer exists in portal-screens.yml, "
                "so the portal's help panel on that screen would be empty",
                f"put the screen '{ident[7:]}' back in portal-screens.yml; never remove the line '{ident}' from "
                f"{lock.file}"))
            continue
        # The lines to copy, indented exactly as they go into faq.yml.
        retire = ("add these lines under 'retired:' in faq.yml (line " + str(retired_line) + "), copied as they "
                  "are (two spaces before the '-'):\n" if retired_line else
                  "add these lines at the end of faq.yml, copied as they are ('retired:' at the very left):\n"
                  "retired:\n")
        problems.append(Problem(
            lock.file, lock.ids[ident],
            f"the published id '{ident}' no longer exists in faq.yml, so links to it would break.{still}",
            f"either give it to the answer that replaces it: add the line 'aliases: [{ident}]' right under that "
            f"answer's 'id:' line; or, if nothing replaces it, retire it: {retire}"
            f"  - id: {ident}\n    target: (the id of the answer readers should land on instead)\n"
            f"    reason: (why it was removed)\n"
            f"Never remove the line '{ident}' from {lock.file}"))
    paired = set(renamed_to.values())
    for ident in unlocked:
        if ident in paired or not _LOCKED_ID.fullmatch(ident):  # an invalid id is refused on its own line
            continue
        file, line, where = places[ident]
        problems.append(Problem(
            file, line, f"the id '{ident}' is new and not in {lock.file} yet",
            f"add this line to {lock.file}: {ident} — on a line of its own, anywhere in the file (in GitHub's "
            f"web editor: open {lock.file}, click the pencil, add the line, commit to this branch); "
            "`make lock` does the same", where, kind="unlocked"))
    return problems


def _pair_renames(vanished: list[str], new_ids: list[str]) -> dict[str, str]:
    """Vanished locked ids matched with the new id that most likely renamed each."""
    import difflib

    pairs: dict[str, str] = {}
    free = list(new_ids)
    for ident in vanished:
        scored = sorted(((difflib.SequenceMatcher(a=ident, b=new).ratio(), new) for new in free), reverse=True)
        if scored and (scored[0][0] >= 0.5 or (len(vanished) == 1 and len(free) == 1)):
            pairs[ident] = scored[0][1]
            free.remove(scored[0][1])
    return pairs


def _fold_references(vanished: list[str], references: list[Problem] | None) -> dict[str, list[str]]:
    """Take out of `references` the problems that name a vanished id; return their places."""
    if not references or not vanished:
        return {}
    folded: dict[str, list[str]] = {}
    keep = []
    for problem in references:
        named = next((ident for ident in vanished if f"id '{ident}'" in problem.message
                      or f"(id:{ident})" in problem.message), None)
        if named and ("no " in problem.message or "does not exist" in problem.message):
            folded.setdefault(named, []).append(f"{problem.file}:{problem.line}" if problem.line else problem.file)
        else:
            keep.append(problem)
    references[:] = keep
    return folded


def link_manifest(help_centre: HelpCentre) -> dict[str, dict[str, str]]:
    """Every published id → where it lands: {"url", "title", "category", "kind"}.

    Urls are relative to the site root; aliases and retired ids say which id they lead to.
    """
    manifest = {}
    for ident in sorted(help_centre.targets):
        target = help_centre.targets[ident]
        record = {"url": target_url(target), "title": target.title, "category": target.category,
                  "kind": target.kind}
        if target.canonical:
            record["leads_to"] = target.canonical
        manifest[ident] = record
    return manifest


def target_url(target: Target) -> str:
    """The URL of an id, relative to the site root: 'claims-and-family/#payment-guarantees'."""
    return f"{page_url(target.page)}#{target.anchor}"


def short_link_pages(help_centre: HelpCentre, *, site_url: str, policy: str = "") -> Iterator[tuple[str, str]]:
    """go/<id>/index.html for every published id, one at a time: a redirect that works with
    or without JS.

    `policy` is the site's Content-Security-Policy, which the pages carry too.
    """
    template = _templates().get_template("go.html.j2")
    for ident, target in help_centre.targets.items():
        url = target_url(target)
        yield f"go/{ident}/index.html", template.render(
            title=target.title, relative=f"../../{url}", policy=policy,
            canonical=f"{site_url.rstrip('/')}/{url}" if site_url else f"../../{url}")


def to_json(data: object) -> str:
    """JSON as the site publishes it: UTF-8, stable key order, one trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    import jinja2  # only builds need it; `make check` starts faster without

    return jinja2.Environment(loader=jinja2.PackageLoader("helpcentre", "templates"),
                              autoescape=True, keep_trailing_newline=True)
