"""Command line for the help centre.

`python -m helpcentre check` checks the content without building the site;
`python -m helpcentre publish` builds the site and swaps it into site/ only on success;
`python -m helpcentre lock` adds every newly published id to links.lock.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .content import FAQ_FILE, load_help_centre, read_and_check
from .freshness import DEFAULT_REVIEW_MONTHS, review_report, review_warnings
from .links import LOCK_FILE, write_lock
from .loader import load_yaml
from .problems import ContentError


def main(argv: list[str] | None = None) -> int:
    """Run a command; the exit status is 0 only when the content has no problem."""
    parser = argparse.ArgumentParser(prog="python -m helpcentre", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check faq.yml, snippets.yml and support.yml")
    check.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding faq.yml")
    check.add_argument("--review-months", type=int, default=DEFAULT_REVIEW_MONTHS, metavar="N",
                       help=f"warn about answers reviewed more than N months ago (default {DEFAULT_REVIEW_MONTHS})")
    check.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                       help="the date to measure review ages from (default: today)")
    publish = commands.add_parser("publish", help="build into a new folder, then swap it into site/")
    publish.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding mkdocs.yml")
    publish.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes")
    lock = commands.add_parser("lock", help="add new ids to links.lock (never removes one)")
    lock.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding faq.yml")
    args = parser.parse_args(argv)
    if args.command == "lock":
        return _lock(root=args.root)
    if args.command == "publish":
        from .publish import publish as publish_site

        return publish_site(root=args.root.resolve(), site_dir=args.site_dir)
    if args.review_months < 1:
        parser.error("--review-months must be 1 or more")
    return _check(root=args.root, review_months=args.review_months, today=args.today or date.today())


def _check(*, root: Path, review_months: int, today: date) -> int:
    sources, problems = read_and_check(root)
    if problems:
        print(ContentError(problems).report(), file=sys.stderr)
        return 1
    faq = sources.faq.data
    print(f"Content is fine: {len(faq['entries'])} entries and {len(faq.get('guides', []))} guides "
          f"in {len(faq['categories'])} categories.")
    warnings = review_warnings(sources.faq, today=today, max_age_months=review_months)
    if warnings:
        if not sources.faq.with_lines:  # read quickly; read again for the lines to show
            faq_doc = load_yaml(root / FAQ_FILE)
            warnings = review_warnings(faq_doc, today=today, max_age_months=review_months)
        print("\n" + review_report(warnings, review_months))
    return 0


def _lock(*, root: Path) -> int:
    try:
        help_centre = load_help_centre(root, allow_unlocked=True)
    except ContentError as error:
        print(error.report() + "\nFix these first; links.lock was not changed.", file=sys.stderr)
        return 1
    added = write_lock(root / LOCK_FILE, set(help_centre.targets))
    if added:
        print(f"Added {len(added)} id{'s' if len(added) != 1 else ''} to {LOCK_FILE}: " + ", ".join(added))
        print(f"Commit {LOCK_FILE} together with the change that added them.")
    else:
        print(f"{LOCK_FILE} already lists every published id.")
    return 0
