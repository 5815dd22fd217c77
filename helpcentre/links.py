"""Links the portal relies on: the lock of published ids, the manifest and short links.

The model is CPython's check of HTML ids: collect every id the site publishes, compare
with what was published before (links.lock), and fail on a removal unless it is declared
as an alias of a living answer or as retired with a target.
"""
from __future__ import annotations

import json
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
# staff link to these; each must keep working. Add new ids with `make lock`. Never remove
# a line: to take an answer away, give its id to another answer as an alias, or list it
# under 'retired:' in faq.yml with a target.
"""


@dataclass
class Lock:
    """The ids in links.lock, with the line each stands on."""

    file: str = LOCK_FILE
    ids: dict[str, int] = field(default_factory=dict)
    exists: bool = False


def read_lock(path: Path) -> Lock:
    """Read links.lock; a missing file is an empty lock."""
    lock = Lock(path.name)
    if not path.exists():
        return lock
    lock.exists = True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        ident = line.strip()
        if ident and not ident.startswith("#"):
            lock.ids.setdefault(ident, number)
    return lock


def write_lock(path: Path, ids: set[str]) -> list[str]:
    """Write links.lock with `ids` added to those already there; return the new ones."""
    known = set(read_lock(path).ids)
    added = sorted(set(ids) - known)
    path.write_text(_LOCK_HEADER + "".join(f"{ident}\n" for ident in sorted(known | set(ids))),
                    encoding="utf-8")
    return added


def lock_problems(lock: Lock, published: dict[str, Callable[[], tuple[str, int | None, str]]]) -> list[Problem]:
    """Locked ids that vanished, and new ids not yet locked.

    `published` maps every id the content declares (answers, aliases, retired ids) to a
    function giving the file, line and description where it is declared (worked out only
    for an id that has a problem).
    """
    problems = []
    for ident, line in lock.ids.items():
        if ident not in published:
            problems.append(Problem(
                lock.file, line, f"the published id '{ident}' no longer exists, so links to it would break",
                f"if another answer replaced it, add 'aliases: [{ident}]' to that answer; if it was "
                f"removed, list it under 'retired:' in faq.yml with a 'target' id; or restore it"))
    for ident, place in published.items():
        if ident not in lock.ids:
            file, line, where = place()
            problems.append(Problem(
                file, line, f"the id '{ident}' is new and not in links.lock yet",
                "run `make lock` and commit links.lock in the same change", where, kind="unlocked"))
    return problems


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
