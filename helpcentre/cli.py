"""Command line for the help centre.

`python -m helpcentre check` checks the content without building the site;
`python -m helpcentre publish` builds the site and swaps it into site/ only on success;
`python -m helpcentre serve` previews it while editing (HELPCENTRE_ENGINE chooses the engine);
`python -m helpcentre lock` adds every newly published id to links.lock;
`python -m helpcentre report EVENTS.jsonl` tells editors what customers could not find.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from .content import FAQ_FILE, SCREEN_LOCK_PREFIX, load_help_centre, read_and_check
from .freshness import DEFAULT_REVIEW_MONTHS, review_report, review_warnings
from .links import LOCK_FILE, write_lock
from .loader import load_yaml
from .problems import ContentError, Problem


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
    check.add_argument("--format", choices=("text", "github"), default=None,
                       help="github: workflow commands that annotate the pull request "
                            "(the default when GITHUB_ACTIONS=true)")
    check.add_argument("--base", default=None, metavar="REF",
                       help="the version this change starts from: ids removed from links.lock since REF "
                            "are problems, and with --format github problems on lines changed since REF "
                            "come first (default: origin/$GITHUB_BASE_REF when set)")
    publish = commands.add_parser("publish", help="build into a new folder, then swap it into site/")
    publish.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding mkdocs.yml")
    publish.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes")
    publish.add_argument("--engine", default=None, metavar="NAME",
                         help="mkdocs or zensical (default: $HELPCENTRE_ENGINE, else mkdocs)")
    serve = commands.add_parser("serve", help="preview the site while editing (MkDocs' or Zensical's)")
    serve.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding mkdocs.yml")
    serve.add_argument("--address", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve")
    serve.add_argument("--engine", default=None, metavar="NAME",
                       help="mkdocs or zensical (default: $HELPCENTRE_ENGINE, else mkdocs)")
    changes = commands.add_parser("changes", help="what customers will see change between two git refs, as Markdown")
    changes.add_argument("base", help="the git ref to compare with, e.g. origin/main")
    changes.add_argument("head", nargs="?", help="the git ref with the change (default: the working tree)")
    changes.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    changes.add_argument("--preview-url", default="", help="the preview site's address, to link each change")
    nginx = commands.add_parser("serve-nginx", help="serve the built site through nginx, in the foreground")
    nginx.add_argument("--site-dir", type=Path, default=Path("site"), help="the built site (default site)")
    lock = commands.add_parser("lock", help="add new ids to links.lock (never removes one)")
    lock.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding faq.yml")
    report = commands.add_parser("report", help="searches that found nothing, and unhelpful answers, as Markdown")
    report.add_argument("events", help="the portal's stored events, one JSON object a line ('-': standard input)")
    report.add_argument("--root", type=Path, default=Path.cwd(), help="folder holding faq.yml (for hints)")
    report.add_argument("--top", type=int, default=50, metavar="N", help="rows in each table (default 50)")
    args = parser.parse_args(argv)
    if args.command == "lock":
        return _lock(root=args.root)
    if args.command == "report":
        return _report(events_path=args.events, root=args.root, top=args.top)
    if args.command in ("publish", "serve"):
        from .engines import chosen_engine
        from .pipeline import SiteError

        try:
            engine = chosen_engine({"HELPCENTRE_ENGINE": args.engine} if args.engine else None)
        except SiteError as error:
            print(error, file=sys.stderr)
            return 2
        if args.command == "serve":
            from .engines import serve as serve_site

            return serve_site(engine, root=args.root.resolve(), address=args.address)
        from .publish import publish as publish_site

        return publish_site(root=args.root.resolve(), site_dir=args.site_dir, engine=engine)
    if args.command == "changes":
        return _changes(root=args.root.resolve(), base=args.base, head=args.head, preview_url=args.preview_url)
    if args.command == "serve-nginx":
        from .serving import config_path, serve_nginx

        config = config_path(args.site_dir.resolve())
        if not config.exists():
            print(f"{config.name} does not exist yet: run `make build` first.", file=sys.stderr)
            return 1
        return serve_nginx(config)
    if args.review_months < 1:
        parser.error("--review-months must be 1 or more")
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    return _check(root=args.root, review_months=args.review_months, today=args.today or date.today(),
                  github=fmt == "github", base=args.base)


def _check(*, root: Path, review_months: int, today: date, github: bool = False, base: str | None = None) -> int:
    sources, problems = read_and_check(root)
    if base is None and os.environ.get("GITHUB_BASE_REF"):
        base = f"origin/{os.environ['GITHUB_BASE_REF']}"
    base_commit = _base_commit(root, base, github=github)
    if base_commit:
        from .annotations import removed_lock_lines

        problems = sorted(problems + removed_lock_lines(root, base_commit, root / LOCK_FILE),
                          key=lambda p: (p.file, p.line or 0))
    if github:
        return _check_for_github(root, sources, problems, review_months=review_months, today=today,
                                 base=base_commit)
    if problems:
        print(ContentError(problems).report(), file=sys.stderr)
        return 1
    faq = sources.faq.data
    print(f"Content is fine: {len(faq['entries'])} entries and {len(faq.get('guides', []))} guides "
          f"in {len(faq['categories'])} categories.")
    holidays = holiday_problems(root, sources, today=today)
    if holidays:
        print("\nPlease ask the support team about these days:\n" + "\n".join(f"  {p}" for p in holidays))
    warnings = review_warnings(sources.faq, today=today, max_age_months=review_months)
    if warnings:
        if not sources.faq.with_lines:  # read quickly; read again for the lines to show
            faq_doc = load_yaml(root / FAQ_FILE)
            warnings = review_warnings(faq_doc, today=today, max_age_months=review_months)
        print("\n" + review_report(warnings, review_months))
    return 0


def _check_for_github(root: Path, sources, problems: list, *, review_months: int, today: date,
                      base: str | None) -> int:
    """Annotations for the pull request, the plain report for the log, the step summary.
    `base` is a commit id (see _base_commit), or None."""
    from .annotations import changed_lines, log_safe, ordered, step_summary, workflow_command

    if not problems:
        faq_doc = load_yaml(root / FAQ_FILE)
        problems = [w.problem for w in review_warnings(faq_doc, today=today, max_age_months=review_months)]
        problems += holiday_problems(root, sources, today=today)
    changed = changed_lines(root, base) if base else {}
    for problem in ordered(problems, changed):
        print(workflow_command(problem))
    errors = [p for p in problems if p.kind not in ("review", "holiday")]
    if errors:
        # file:line text for people reading the log; nothing in it can act as a workflow command
        print(log_safe(ContentError(errors).report()), file=sys.stderr)
    else:
        print("Content is fine." + (f" {len(problems)} warning(s) to look at." if problems else ""))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(step_summary(problems, changed))
    return 1 if errors else 0


def holiday_problems(root: Path, sources, *, today: date) -> list:
    """Warnings (never errors) for public holidays ahead on which support.yml says support is open."""
    from .problems import Problem
    from .schedule import HOLIDAY_LOOK_AHEAD_DAYS, holidays_on_opening_days

    support = sources.support
    if not support.with_lines:
        support = load_yaml(root / "support.yml")
    data = support.data
    from .model import OpeningHours, date_in_words

    hours = OpeningHours(tuple(data["hours"]["days"]), data["hours"]["opens"], data["hours"]["closes"],
                         data["hours"]["timezone"])
    line = support.line(("closed_dates",))
    return [Problem(support.file, line,
                    f"{date_in_words(found.day)} ({found.name}) is a public holiday in Denmark, within the next "
                    f"{HOLIDAY_LOOK_AHEAD_DAYS} days, and support.yml says IT support is open that day",
                    f"ask the support team whether IT support is open on {found.day.isoformat()}. If it is closed, "
                    f"add the line '  - \"{found.day.isoformat()}\"' under closed_dates (write 'closed_dates:' "
                    "without '[]' first); if it is open, nothing needs to change", kind="holiday")
            for found in holidays_on_opening_days(hours, data["closed_dates"], today=today)]


def _base_commit(root: Path, base: str | None, *, github: bool) -> str | None:
    """The commit `base` names, or None (said plainly) when it names none; never an option."""
    if not base:
        return None
    from .changes import RefError, resolve_ref

    try:
        return resolve_ref(root, base)
    except RefError as error:
        if github:
            from .annotations import escape_data

            print(f"::warning title=Content check::{escape_data(str(error))}")
        print(f"{error}. Checked without comparing with it.", file=sys.stderr)
        return None


def _changes(*, root: Path, base: str, head: str | None, preview_url: str) -> int:
    """Write the change report to stdout whatever happens: problems in the head come at its
    top (exit 1); a ref that names no commit is said in plain words (exit 2)."""
    from .changes import RefError, problems_only_report, report_between

    try:
        report = report_between(root, base, head, preview_url=preview_url)
    except RefError as error:
        print(problems_only_report([Problem("git", None, str(error))]), end="")
        print(str(error), file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        message = f"git could not read that version: {(error.stderr or b'').decode(errors='replace').strip()}"
        print(problems_only_report([Problem("git", None, message)]), end="")
        print(message, file=sys.stderr)
        return 2
    print(report.markdown, end="")
    blocking = [p for p in report.problems if p.kind != "unlocked"]
    if blocking:
        from .annotations import log_safe

        print(log_safe(ContentError(blocking).report()), file=sys.stderr)
        return 1
    return 0


def _lock(*, root: Path) -> int:
    try:
        help_centre = load_help_centre(root, allow_unlocked=True)
    except ContentError as error:
        print(error.report() + "\nFix these first; links.lock was not changed.", file=sys.stderr)
        return 1
    screens = {SCREEN_LOCK_PREFIX + screen.id for screen in help_centre.screens}
    added = write_lock(root / LOCK_FILE, set(help_centre.targets) | screens)
    if added:
        print(f"Added {len(added)} id{'s' if len(added) != 1 else ''} to {LOCK_FILE}: " + ", ".join(added))
        print(f"Commit {LOCK_FILE} together with the change that added them.")
    else:
        print(f"{LOCK_FILE} already lists every published id.")
    return 0


def _report(*, events_path: str, root: Path, top: int) -> int:
    from .insights import read_events, report

    engine, titles = _search_engine(root)
    try:
        if events_path == "-":
            events = read_events(sys.stdin.buffer)
        else:
            with open(events_path, "rb") as stream:
                events = read_events(stream)
    except OSError as error:
        print(f"{events_path}: cannot be read ({error.strerror})", file=sys.stderr)
        return 1
    print(report(events, source=events_path, engine=engine, titles=titles, top=top), end="")
    return 0


def _search_engine(root: Path):
    """Today's search over the content under `root`, and every answer's title; without
    hints (None) when the content has problems."""
    from .searchindex import build_search_index, search_documents
    from .searchquery import SearchEngine

    try:
        help_centre = load_help_centre(root, allow_unlocked=True)
    except ContentError as error:
        print(error.report() + "\nThe report has no hints until these are fixed.", file=sys.stderr)
        return None, {}
    # Answers as written (Markdown read as text): close enough to hint at an answer.
    documents = search_documents(help_centre, bodies={}, to_html=lambda text: text)
    engine = SearchEngine.from_files(build_search_index(documents, help_centre.concepts))
    return engine, {target.id: target.title for target in help_centre.targets.values() if not target.canonical}
