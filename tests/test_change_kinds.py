"""The change report against a table of the kinds of change editors make.

Each row changes the real content in one way, as an editor would in a pull request, and
names what the report must say and what it must not say. The report compares what
customers see (both versions rendered with the same code), so a reformat is silent, a
reorder says it is a reorder, and shared text reaches exactly the answers that now read
differently.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from helpcentre.changes import NOTHING, report_between
from sitetools import ROOT, copy_project

GIT = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
       "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
TODAY = date(2026, 11, 27)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT}).stdout


def replace(repo: Path, name: str, old: str, new: str) -> None:
    """Change `old` to `new` in one file; the row is stale when `old` is no longer there."""
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {name}: update this row"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cut(repo: Path, name: str, start: str, end: str) -> str:
    """Remove the text from `start` up to (not including) `end`; return it."""
    path = repo / name
    text = path.read_text(encoding="utf-8")
    a, b = text.index(start), text.index(end, text.index(start) + 1)
    path.write_text(text[:a] + text[b:], encoding="utf-8")
    return text[a:b]


@dataclass(frozen=True)
class Kind:
    """One kind of change, with what its report must and must not contain."""

    name: str
    edit: Callable[[Path], None]
    says: tuple[str, ...]
    never: tuple[str, ...] = ()


def _reformat(repo: Path) -> None:
    # The same paragraphs, wrapped at other places, and a comment added.
    replace(repo, "faq.yml", "      You can also log in with the email address or username and the password linked to\n"
                             "      your account.", "      You can also log in with the email address or username\n"
                             "      and the password linked to your account.")
    replace(repo, "faq.yml", "entries:\n", "entries:\n  # Logging in first.\n")


def _block_to_folded(repo: Path) -> None:
    replace(repo, "faq.yml", "    question: Why am I getting the error 'Received message from unexpected origin'?\n"
                             "    answer: |", "    question: Why am I getting the error 'Received message from "
                             "unexpected origin'?\n    answer: >")


def _swap_sections(repo: Path) -> None:
    moved = cut(repo, "faq.yml", "      - id: upload-what-happens-next", "      - id: upload-help")
    replace(repo, "faq.yml", "      - id: upload-steps\n", moved + "      - id: upload-steps\n")


def _swap_entries(repo: Path) -> None:
    moved = cut(repo, "faq.yml", "  - id: supported-browsers", "  - id: unexpected-origin-error")
    replace(repo, "faq.yml", "  - id: login-password\n", moved + "  - id: login-password\n")


def _remove_and_retire_section(repo: Path) -> None:
    cut(repo, "faq.yml", "      - id: upload-what-happens-next", "      - id: upload-help")
    replace(repo, "portal-screens.yml", ", upload-what-happens-next,", ",")
    with (repo / "faq.yml").open("a", encoding="utf-8") as faq:
        faq.write("\nretired:\n  - id: upload-what-happens-next\n    target: upload-steps\n"
                  "    reason: Response times are now in the upload steps.\n")


def _new_entry(repo: Path) -> None:
    replace(repo, "faq.yml", "guides:\n", """  - id: change-email
    category: contact
    question: How do I change my email address?
    answer: Click [[My Profile]] and then [[Edit]].
    keywords: [email, change email]
    reviewed: 2026-11-27
    owner: IT support

guides:
""")


def _hostile_text(repo: Path) -> None:
    replace(repo, "faq.yml", "answer: You can see an overview of your registered family in the User Portal.",
            "answer: 'Ask @primora-it/everyone `![x](https://evil.example/x.png) <!-- hidden`'")


KINDS = [
    Kind("reformat without a rendered change", _reformat, (NOTHING,), ("Changed", "reviewed")),
    Kind("'|' block turned into '>'", _block_to_folded,
         ("Same words, new layout: 4 paragraphs before, 1 paragraph now.", "(`unexpected-origin-error`)"),
         ("Nothing that customers read",)),
    Kind("two guide sections swapped", _swap_sections,
         ("#### Reordered guide: Upload a file to your case (`upload-file`)",
          "Reordered: The sections are now in this order: 1. Before you start, 2. What happens next, "
          "3. Upload the file, 4. If you have problems (before: 1. Before you start, 2. Upload the file, "
          "3. What happens next, 4. If you have problems)."),
         (NOTHING, "Changed section", "Review dates")),
    Kind("two answers swapped on a page", _swap_entries,
         ("Reordered page: Logging in and browsers", "The answers and guides on this page are now in this order: "
          "1. Which browsers can I use?, 2. How do I find my login or password?"),
         (NOTHING, "Changed answer", "Review dates")),
    Kind("answer reworded, review date kept", lambda r: replace(
        r, "faq.yml", "an overview of your registered family", "all of your registered family"),
         ("### Changed by this pull request", "~~an overview~~ **all**",
          "`family-overview`: its own text changed but `reviewed:` did not")),
    Kind("answer reworded, review date set", lambda r: (
        replace(r, "faq.yml", "an overview of your registered family", "all of your registered family"),
        replace(r, "faq.yml", "related: [payment-guarantees]\n    reviewed: 2026-11-25",
                "related: [payment-guarantees]\n    reviewed: 2026-11-27")),
         ("~~an overview~~ **all**", "“Last reviewed” date: 2026-11-25 → 2026-11-27"), ("Review dates",)),
    Kind("question changed", lambda r: replace(r, "faq.yml", "Which browsers can I use?", "Which web browsers work?"),
         ("Title: Which **web** browsers ~~can I use?~~ **work?**", "`supported-browsers`: its own text changed")),
    Kind("paragraph removed", lambda r: replace(
        r, "faq.yml", "\n      For security reasons, we always recommend that you log in with MitID.\n", ""),
         ("Removed paragraph: ~~For security reasons, we always recommend that you log in with MitID.~~",)),
    Kind("step added", lambda r: replace(r, "faq.yml", "      - Click the link.\n",
                                         "      - Click the link.\n      - Open the PDF.\n"),
         ("Added list item: **Open the PDF.**", "(`payment-guarantees`)")),
    Kind("home page link pointed at another answer", lambda r: replace(
        r, "docs/index.md", "[Where do I find my payment guarantees?](id:payment-guarantees)",
        "[Where do I find my payment guarantees?](id:family-overview)"),
         ("### Pages", "Changed page: `docs/index.md`",
          "Link “Where do I find my payment guarantees?” now goes to `family-overview` (was `payment-guarantees`)"),
         (NOTHING,)),
    Kind("link inside an answer pointed elsewhere", lambda r: replace(
        r, "snippets.yml", "(id:upload-file)", "(id:upload-steps)"),
         ("now goes to `upload-steps` (was `upload-file`)", "### Changed through shared text"),
         ("Review dates",)),
    Kind("answer taken off a portal screen", lambda r: replace(
        r, "portal-screens.yml", "[login-password, unexpected-origin-error,", "[login-password,"),
         ("### Portal help panels", "**Log in** (`login`): no longer shows ~~“Why am I getting the error"),
         (NOTHING,)),
    Kind("portal screen reordered", lambda r: replace(
        r, "portal-screens.yml", "[family-overview, payment-guarantees,", "[payment-guarantees, family-overview,"),
         ("**Family Overview** (`family-overview`): reordered",), (NOTHING,)),
    Kind("section removed and retired", _remove_and_retire_section,
         ("#### Removed section: Upload a file to your case: What happens next (`upload-what-happens-next`)",
          "Retired: its links now go to `upload-steps`",
          "Customers no longer read paragraph: ~~After we have received and reviewed your documents",
          "no longer shows ~~“Upload a file to your case: What happens next” (`upload-what-happens-next`)~~",
          "`upload-what-happens-next` is retired; its links go to `upload-steps`")),
    Kind("support phone number changed", lambda r: replace(r, "support.yml", 'phone: "70206121"', 'phone: "70206122"'),
         ("### Changed through shared text", "support.yml (phone) changed", "(`login-password`)",
          "(`contact-it-support`)", "70 20 61 ~~21.~~ **22.**",
          "Link “70 20 61 21” to `tel:+4570206121` is now “70 20 61 22” to `tel:+4570206122`"),
         # The answer is not listed (the panel of the screen of the same id is: it shows the number).
         ("registered family? (`family-overview`)", "(`unexpected-origin-error`)", "Review dates",
          "### Changed by this pull request")),
    Kind("support email changed", lambda r: replace(r, "support.yml", "email: support@", "email: it-support@"),
         ("support.yml (email) changed", "(`family-overview`)", "(`unexpected-origin-error`)"),
         ("(`login-password`)", "Review dates")),
    Kind("snippet reworded", lambda r: replace(r, "snippets.yml", "Take a picture", "Take a clear picture"),
         ("snippet `photo-instead` changed; 3 answers now read differently", "**clear**"),
         ("Review dates", "### Changed by this pull request", "(`upload-steps`)")),
    Kind("shared steps changed", lambda r: replace(r, "snippets.yml", "    - Select [[Print Selected]].\n",
                                                   "    - Select [[Print Selected]].\n    - Wait a moment.\n"),
         ("snippet `save-from-pc` changed; 2 answers now read differently", "Added list item: **Wait a moment.**"),
         ("Review dates",)),
    Kind("id renamed with an alias", lambda r: (
        replace(r, "faq.yml", "  - id: payment-guarantees\n    category: claims-and-family",
                "  - id: find-payment-guarantees\n    aliases: [payment-guarantees]\n    category: claims-and-family"),
        replace(r, "links.lock", "find-referral\n", "find-payment-guarantees\nfind-referral\n")),
         ("Renamed from `payment-guarantees`", "`find-payment-guarantees` is new"),
         ("Removed answer", "no longer published", "Review dates")),
    Kind("new answer", _new_entry,
         ("#### New answer: How do I change my email address? (`change-email`)", "`change-email` is new",
          "### Before this can be published", "add this line to links.lock: change-email")),
    Kind("answer moved to another category", lambda r: replace(
        r, "faq.yml", "  - id: family-overview\n    category: claims-and-family",
        "  - id: family-overview\n    category: contact"),
         ("Moved from `/claims-and-family/` to `/contact/`", "`family-overview` moves from"),
         ("Review dates",)),
    Kind("search keyword added", lambda r: replace(r, "faq.yml", "keywords: [browser, Chrome,",
                                                   "keywords: [browser, Opera, Chrome,"),
         ("Search keywords: added **Opera**",), ("Review dates", NOTHING)),
    Kind("synonym added", lambda r: replace(r, "search-synonyms.yml", "referral: [henvisning]",
                                            "referral: [henvisning, doctor's letter]"),
         ("### Search", "Words that mean “referral”: added **doctor's letter**"), (NOTHING,)),
    Kind("related question added", lambda r: replace(r, "faq.yml", "related: [payment-guarantees]\n",
                                                     "related: [payment-guarantees, upload-file]\n"),
         ("Related questions: added **`upload-file`**",), ("Review dates",)),
    Kind("category summary changed", lambda r: replace(
        r, "faq.yml", "summary: Call or email IT support, and when they are open.",
        "summary: Call or email IT support, and see when they are open."),
         ("Changed category: Contact IT support", "**see**")),
    Kind("owner changed", lambda r: replace(r, "faq.yml", "    reviewed: 2026-11-25\n    owner: IT support\n\n"
                                                          "  - id: supported-browsers",
                                            "    reviewed: 2026-11-25\n    owner: Help centre editors\n\n"
                                                          "  - id: supported-browsers"),
         (NOTHING,)),
    Kind("guide section reworded", lambda r: replace(r, "faq.yml", "We strive to respond within 2 days",
                                                     "We aim to respond within 2 days"),
         ("#### Changed section: Upload a file to your case: What happens next", "~~strive~~ **aim**",
          "`upload-what-happens-next`: its own text changed but its guide's `reviewed:` did not")),
    Kind("guide section reworded, guide's review date set", lambda r: (
        replace(r, "faq.yml", "We strive to respond within 2 days", "We aim to respond within 2 days"),
        replace(r, "faq.yml", "find-image-description, payment-guarantees]\n    reviewed: 2026-11-25",
                "find-image-description, payment-guarantees]\n    reviewed: 2026-11-27")),
         ("~~strive~~ **aim**", "“Last reviewed” date: 2026-11-25 → 2026-11-27"), ("Review dates",)),
    Kind("hostile text is quoted inert", _hostile_text,
         ("@\u200bprimora-it/everyone", "\\!\\[x\\]", "\\<\\!--"),
         ("@primora-it/everyone", "![x]", "<!--")),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The real content, committed once; each row edits the working tree and is undone."""
    root = copy_project(tmp_path_factory.mktemp("kinds") / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    return root


def test_the_table_has_at_least_twenty_kinds():
    assert len(KINDS) >= 20 and len({k.name for k in KINDS}) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_each_kind_of_change_is_reported_as_customers_see_it(repo, kind):
    try:
        kind.edit(repo)
        markdown = report_between(repo, "HEAD", None, today=TODAY).markdown
    finally:
        _git(repo, "checkout", "-q", "--", ".")
        _git(repo, "clean", "-qfd")
    missing = [text for text in kind.says if text not in markdown]
    unwanted = [text for text in kind.never if text in markdown]
    assert not missing and not unwanted, f"missing {missing}, unwanted {unwanted} in:\n{markdown}"


def test_a_head_with_problems_still_gets_a_report_with_them_on_top(repo):
    replace(repo, "faq.yml", "    question: Which browsers can I use?", "    questoin: Which browsers can I use?")
    replace(repo, "faq.yml", "an overview of your registered family", "all of your registered family")
    try:
        result = subprocess.run([sys.executable, "-m", "helpcentre", "changes", "HEAD"], cwd=repo,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        _git(repo, "checkout", "-q", "--", ".")
    assert result.returncode == 1
    report = result.stdout
    assert report.startswith("## What customers will see change\n\n### ⛔ ")
    assert "`faq.yml:50` entry 'supported-browsers', field 'questoin': unknown field" in report
    assert "These files changed:" in report and "- `faq.yml`" in report
    written = report[report.index("### As written in faq.yml"):]
    assert "- `family-overview` is edited" in written and "- `supported-browsers` is edited" in written
    assert "login-password" not in written


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=written.txt", "HEAD:faq.yml"])
def test_a_ref_that_is_no_commit_is_said_plainly_and_writes_nothing(repo, ref):
    result = subprocess.run([sys.executable, "-m", "helpcentre", "changes", "--", ref], cwd=repo, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert "is not a branch, tag or commit" in result.stderr and "Traceback" not in result.stderr
    assert "is not a branch, tag or commit" in result.stdout  # the comment still says what happened
    assert not (repo / "written.txt").exists()


def _readme_quote(after: str) -> str:
    """The report quoted in the README after the sentence `after`, unquoted."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme[readme.index(after) + len(after):].lstrip("\n").splitlines()
    quoted = []
    for line in lines:
        if not line.startswith(">"):
            break
        quoted.append(line[2:] if line.startswith("> ") else "")
    return "\n".join(quoted) + "\n"


@pytest.mark.parametrize("sentence, edit, preview", [
    ("A real report, for a guide whose sections were reordered:", _swap_sections,
     "https://example.github.io/help-centre/pr-12/"),
    ("And for a guide section removed and retired (and taken off the portal screen that showed it):",
     _remove_and_retire_section, "https://example.github.io/help-centre/pr-13/"),
])
def test_the_readmes_reports_are_what_the_tool_says(repo, sentence, edit, preview):
    try:
        edit(repo)
        if edit is _remove_and_retire_section:  # the README's example gives its own reason
            replace(repo, "faq.yml", "reason: Response times are now in the upload steps.",
                    "reason: Response times are now given after the upload steps.")
        markdown = report_between(repo, "HEAD", None, preview_url=preview, today=TODAY).markdown
    finally:
        _git(repo, "checkout", "-q", "--", ".")
        _git(repo, "clean", "-qfd")
    assert _readme_quote(sentence) == markdown
