"""Generate synthetic help content in our own faq.yml format, at any size.

The real content stays; synthetic entries are added in front of it.

Entries look like real ones: a question, Markdown with a support snippet and an id link,
numbered steps (some from a shared snippet), keywords in English and Danish, related ids.
Ten entries share a category, so each category page holds ten answers.
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRIES_PER_CATEGORY = 10
_TOPICS = ["claim", "payment guarantee", "referral", "medical record", "family member", "password",
           "document", "consent", "invoice", "treatment", "physiotherapy", "dentist", "travel claim"]
_VERBS = ["find", "upload", "change", "cancel", "download", "share", "check", "renew", "print"]
_DANISH = ["skade", "betalingsgaranti", "henvisning", "journal", "familie", "adgangskode",
           "dokument", "samtykke", "faktura", "behandling", "fysioterapi", "tandlæge", "rejse"]


def entry_yaml(index: int, total: int, rng: random.Random) -> str:
    topic = rng.choice(_TOPICS)
    verb = rng.choice(_VERBS)
    category = f"topic-{index // ENTRIES_PER_CATEGORY:05d}"
    related = sorted({f"entry-{rng.randrange(total):05d}" for _ in range(2)} - {f"entry-{index:05d}"})
    steps = [f"Click **My Claims** and open the {topic} number {n}." for n in range(rng.randint(2, 5))]
    step_lines = "".join(f"      - {step}\n" for step in steps)
    if index % 3 == 0:
        step_lines += "      - snippet: save-from-pc\n"
    return (
        f"  - id: entry-{index:05d}\n"
        f"    category: {category}\n"
        f"    question: How do I {verb} my {topic} ({index})?\n"
        f"    answer: |\n"
        f"      You can {verb} your {topic} in the User Portal after you log in with MitID.\n"
        f"      Read [the upload guide](id:upload-file) if you need to send documents.\n\n"
        f"      {{{{ it-support }}}}\n"
        f"    steps:\n{step_lines}"
        f"    keywords: [{topic}, {verb} {topic}, {rng.choice(_DANISH)}, {rng.choice(_DANISH)} {index}]\n"
        f"    related: [{', '.join(related)}]\n"
        f"    reviewed: 2026-11-25\n"
        f"    owner: Help centre editors\n"
    )


def faq_yaml(entries: int, seed: int = 7) -> str:
    """The real faq.yml with `entries` synthetic entries (and their categories) added."""
    rng = random.Random(seed)
    real = (ROOT / "faq.yml").read_text(encoding="utf-8")
    categories = "".join(
        f"  - id: topic-{c:05d}\n    title: Topic {c}\n    summary: Questions about topic {c}.\n"
        for c in range((entries + ENTRIES_PER_CATEGORY - 1) // ENTRIES_PER_CATEGORY))
    body = "".join(entry_yaml(i, entries, rng) for i in range(entries))
    real = real.replace("\ncategories:\n", "\ncategories:\n" + categories, 1)
    return real.replace("\nentries:\n", "\nentries:\n" + body, 1)


def write_project(target: Path, entries: int) -> Path:
    """A complete project folder (config, theme, hooks) with generated content."""
    target.mkdir(parents=True, exist_ok=True)
    for part in ("mkdocs.yml", "snippets.yml", "support.yml", "search-synonyms.yml", "docs", "overrides", "hooks"):
        source = ROOT / part
        destination = target / part
        if destination.exists():
            shutil.rmtree(destination) if destination.is_dir() else destination.unlink()
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination)
    (target / "faq.yml").write_text(faq_yaml(entries), encoding="utf-8")
    _lock_all(target)
    return target


def _lock_all(project: Path) -> None:
    """Lock every generated id with the editors' own `lock` command (screens too), from a
    fresh links.lock: the generated help centre builds as it is."""
    import contextlib
    import io
    import sys

    sys.path.insert(0, str(ROOT))
    from helpcentre.cli import main as helpcentre_command
    from helpcentre.links import LOCK_FILE

    (project / LOCK_FILE).unlink(missing_ok=True)
    with contextlib.redirect_stdout(io.StringIO()):  # it names every id it adds
        status = helpcentre_command(["lock", "--root", str(project)])
    if status != 0:
        raise SystemExit(f"{project}: the generated help centre could not be locked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("entries", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    write_project(args.target, args.entries)
    print(f"wrote {args.entries} entries to {args.target}")


if __name__ == "__main__":
    main()
