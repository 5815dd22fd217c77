"""Mistakes an editor with only GitHub's web editor really made, replayed exactly.

Each case in tests/data/editor-cases/ is the editor's change as a unified diff against the
project's content. The check must name the line where the mistake starts, say what it is in
plain words and how to fix it, and list every problem in one round; a build must never show
a Python traceback for content.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpcentre.content import check, read_sources
from sitetools import ROOT, copy_project

CASES = Path(__file__).parent / "data" / "editor-cases"


def _project(tmp_path: Path, *cases: str) -> Path:
    """A copy of the project with the editor's changes applied."""
    project = copy_project(tmp_path / "project")
    for case in cases:
        subprocess.run(["git", "apply", "--unsafe-paths", "--directory", "", str(CASES / f"{case}.diff")],
                       cwd=project, check=True, capture_output=True)
    return project


def _messages(project: Path) -> list[str]:
    return [str(problem) for problem in check(read_sources(project))]


def _at(messages: list[str], place: str) -> list[str]:
    return [m for m in messages if m.startswith(place + ":")]


# -- 1: a retired answer still on a portal screen -----------------------------------------

def test_a_retired_answer_still_on_a_portal_screen_is_named_on_the_screens_line(tmp_path):
    project = _project(tmp_path, "17b-delete-entry-retired")
    messages = _messages(project)
    assert len(messages) == 1, messages
    assert messages[0].startswith("portal-screens.yml:8: screen 'login'"), messages
    assert "'supported-browsers' was retired" in messages[0]
    assert "replace 'supported-browsers' with 'login-password'" in messages[0]


def test_the_removal_message_says_a_retired_id_must_also_leave_the_screen(tmp_path):
    messages = _messages(_project(tmp_path, "17a-delete-entry"))
    removal = [m for m in messages if "no longer exists" in m]
    assert len(removal) == 1, messages
    assert "portal-screens.yml:8: if you retire it, also replace it there" in removal[0]
    assert "faq.yml:44, faq.yml:65; those work again" in removal[0]


def test_building_a_retired_answer_on_a_screen_shows_the_problem_not_a_traceback(tmp_path):
    project = _project(tmp_path, "17b-delete-entry-retired")
    result = subprocess.run([sys.executable, "-m", "helpcentre", "publish", "--site-dir", str(tmp_path / "site")],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output[-3000:]
    assert "portal-screens.yml:8" in output, output[-3000:]


# -- 16: one syntax mistake must not hide the others ----------------------------------------

def test_three_colons_and_a_typed_number_in_another_file_come_in_one_round(tmp_path):
    messages = _messages(_project(tmp_path, "23-yaml-error-hides-rest"))
    colons = [m for m in messages if "has a ':' where YAML does not expect one" in m]
    assert [m.split(":", 2)[1] for m in colons] == ["50", "111", "133"], messages
    assert any(m.startswith("snippets.yml:18:") and "phone number is typed" in m for m in messages), messages


def test_a_duplicate_field_does_not_hide_the_files_other_problems(tmp_path):
    messages = _messages(_project(tmp_path, "22-duplicate-field-and-yes-no"))
    assert any(m.startswith("faq.yml:51:") and "appears twice" in m for m in messages), messages
    assert any(m.startswith("faq.yml:93:") and "yes/no" in m for m in messages), messages
    assert any(m.startswith("faq.yml:140:") and "yes/no" in m for m in messages), messages


def test_a_file_read_only_by_leaving_lines_out_still_lets_other_files_be_checked(tmp_path):
    project = _project(tmp_path, "19a-merge-conflict-markers")
    snippets = project / "snippets.yml"
    text = snippets.read_text(encoding="utf-8")
    snippets.write_text(text.replace("\n  text: ", "\n  text: Call 70206121. ", 1), encoding="utf-8")
    messages = _messages(project)
    assert _at(messages, "faq.yml:50"), messages
    assert any(m.startswith("snippets.yml:") and "phone number is typed" in m for m in messages), messages
    # Nothing judged from guessed data: no snippet or id looks missing because faq.yml was unread.
    assert not [m for m in messages if "no snippet" in m or "does not exist" in m or "no longer exists" in m], messages


# -- 2, 3: every typed phone number and email ---------------------------------------------

def test_every_typed_phone_number_is_reported_in_one_round(tmp_path):
    messages = [m for m in _messages(_project(tmp_path, "14c-phone-in-four-answers")) if "phone number" in m]
    assert [m.split(":", 2)[1] for m in messages] == ["39", "61", "99", "113"], messages


def test_every_typed_phone_and_email_in_every_file(tmp_path):
    messages = _messages(_project(tmp_path, "14a-phone-email-typed"))
    for place in ("docs/index.md:35", "faq.yml:82", "faq.yml:102"):
        assert any("phone number is typed" in m for m in _at(messages, place)), (place, messages)
        assert any("email address is typed" in m for m in _at(messages, place)), (place, messages)
    assert any("phone number is typed" in m for m in _at(messages, "faq.yml:113")), messages


def test_typed_contact_in_questions_titles_labels_and_summaries(tmp_path):
    messages = _messages(_project(tmp_path, "14e-phone-email-in-question-title-label-summary"))
    expected = {"91": ("question", "phone"), "164": ("label", "email"), "270": ("summary", "phone"),
                "281": ("title", "phone")}
    for line, (field, what) in expected.items():
        found = _at(messages, f"faq.yml:{line}")
        assert any(f"field '{field}'" in m or f"'{field}'" in m for m in found), (line, messages)
        assert any(what in m and f"remove the {'phone number' if what == 'phone' else 'email address'}" in m
                   for m in found), (line, messages)


# -- 4, 5, 6, 7: the line where the mistake starts, in plain words --------------------------

@pytest.mark.parametrize("case, line, words", [
    ("04f-nbsp-after-colon", 89, "after 'id:' (U+00A0 NO-BREAK SPACE)"),
    ("04g-nbsp-after-question-colon", 50, "after 'question:' (U+00A0 NO-BREAK SPACE)"),
    ("04h-nbsp-after-reviewed-colon", 45, "after 'reviewed:' (U+00A0 NO-BREAK SPACE)"),
    ("04i-nbsp-as-indentation", 96, "indented with an invisible character that looks like a space "
                                    "(U+00A0 NO-BREAK SPACE)"),
    ("06d-unclosed-double-quote", 50, "a quotation mark opened on line 50 is never closed"),
    ("06c-question-starting-with-quote", 50, "starts with a quotation mark and goes on after the closing one"),
    ("07b-answer-line-outdented", 59, "is indented less than the text above it"),
    ("19a-merge-conflict-markers", 50, "a merge conflict was left in the file"),
    ("19b-merge-conflict-inside-answer-block", 59, "a merge conflict was left in the file"),
    ("19c-merge-conflict-indented-inside-answer", 59, "a merge conflict was left in the file"),
])
def test_the_mistake_is_named_on_its_own_line(case, line, words, tmp_path):
    messages = _messages(_project(tmp_path, case))
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"faq.yml:{line}: ") and words in messages[0], messages
    assert "not valid YAML" not in messages[0] and " — " in messages[0], messages


def test_the_fixes_named_make_the_content_pass(tmp_path):
    """Doing what the messages say (retype the space, close the quote, indent the line,
    keep one version of the conflict) leaves content that passes."""
    fixes = {
        "04g-nbsp-after-question-colon": lambda t: t.replace("question:\u00a0", "question: "),
        "06d-unclosed-double-quote": lambda t: t.replace('question: "Which browsers can I use?\n',
                                                         'question: "Which browsers can I use?"\n'),
        "07b-answer-line-outdented": lambda t: t.replace("\n    Microsoft Internet Explorer is",
                                                         "\n      Microsoft Internet Explorer is"),
    }
    for case, fix in fixes.items():
        project = _project(tmp_path / case, case)
        faq = project / "faq.yml"
        faq.write_text(fix(faq.read_text(encoding="utf-8")), encoding="utf-8")
        assert _messages(project) == [], (case, _messages(project))


def test_a_conflict_in_a_page_is_named_too(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[20:20] = ["<<<<<<< HEAD", "Our words.", "=======", "Their words.", ">>>>>>> main"]
    page.write_text("\n".join(lines), encoding="utf-8")
    messages = _at(_messages(project), "docs/index.md:21")
    assert messages and "a merge conflict was left in the file" in messages[0], messages


# -- 17: a question pasted under guides ---------------------------------------------------

def test_a_question_pasted_under_guides_is_told_to_move(tmp_path):
    messages = _messages(_project(tmp_path, "25-new-entry-pasted-at-end-under-guides"))
    assert len(messages) == 1, messages
    assert messages[0].startswith("faq.yml:308: guide 'change-email': this looks like a question"), messages
    assert "under 'guides:' (line 141)" in messages[0] and "above the line 'guides:'" in messages[0]
    assert "'title' is missing" not in messages[0]


# -- 11: a page saved with Windows line endings --------------------------------------------

def test_a_page_saved_with_windows_line_endings_changes_nothing_customers_read(tmp_path):
    from helpcentre.changes import NOTHING, report_between

    project = copy_project(tmp_path / "repo")
    git = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid", "HOME": str(tmp_path)}
    for args in (("init", "-q", "-b", "main"), ("config", "core.autocrlf", "false"), ("add", "-A"),
                 ("commit", "-q", "-m", "base")):
        subprocess.run(["git", "-C", str(project), *args], check=True, env={**os.environ, **git})
    subprocess.run(["git", "apply", str(CASES / "44-docs-index-crlf.diff")], cwd=project, check=True)
    assert b"\r\n" in (project / "docs" / "index.md").read_bytes()
    subprocess.run(["git", "-C", str(project), "commit", "-q", "-am", "saved on Windows"], check=True,
                   env={**os.environ, **git})
    text = report_between(project, "HEAD~1", "HEAD").markdown
    assert NOTHING in text, text
    assert "page title" not in text and "title:" not in text, text


# -- 9: an empty home page -----------------------------------------------------------------

def test_an_emptied_home_page_is_refused(tmp_path):
    messages = _messages(_project(tmp_path, "20e-index-empty"))
    assert messages == ["docs/index.md:1: the page is empty: customers would see a blank page — restore its "
                        "content, or undo the change that emptied it"], messages


# -- 18: a links.lock line that is not one id ---------------------------------------------

@pytest.mark.parametrize("case, line, written, meant", [
    ("26b-lock-line-with-dash-no-newline", 37, "- change-email", "'change-email'"),
    ("26c-lock-line-appended-to-existing-line", 7, "contact-it-support change-email",
     "'contact-it-support' and 'change-email' on separate lines"),
    ("04j-zwsp-in-links-lock", 9, "family\u200b-overview", "'family-overview'"),
])
def test_a_lock_line_that_is_not_one_id_is_named_once(case, line, written, meant, tmp_path):
    messages = _messages(_project(tmp_path, case))
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"links.lock:{line}: this line is not one id: '{written}'"), messages
    assert f"Write it as: {meant}" in messages[0] and "no '-', no spaces" in messages[0]


def test_a_lock_line_that_is_not_one_id_is_not_a_removed_line_against_the_base(tmp_path):
    project = copy_project(tmp_path / "project")
    git = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "base")):
        subprocess.run(["git", "-C", str(project), *args], check=True, env={**os.environ, **git})
    subprocess.run(["git", "apply", str(CASES / "04j-zwsp-in-links-lock.diff")], cwd=project, check=True)
    result = subprocess.run([sys.executable, "-m", "helpcentre", "check", "--base", "HEAD"], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert "links.lock:9: this line is not one id" in result.stderr, result.stderr
    assert "was removed from links.lock" not in result.stderr and "was changed to" not in result.stderr


# -- 21: the lines to copy for a removed answer keep their lines and indentation -----------

def test_the_retired_lines_to_copy_stay_lines_in_the_run_summary(tmp_path):
    from helpcentre.annotations import step_summary

    problems = check(read_sources(_project(tmp_path, "17a-delete-entry")))
    summary = step_summary(problems, {})
    block = summary[summary.index("```yaml\n") + len("```yaml\n"):]
    block = block[: block.index("```")]
    assert block == ("retired:\n  - id: supported-browsers\n    target: (the id of the answer readers should "
                     "land on instead)\n    reason: (why it was removed)\n"), summary
    # Pasted at the end of faq.yml as shown, with a target filled in, the lines are valid.
    project = _project(tmp_path / "again", "17a-delete-entry")
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n" + block.replace(
        "(the id of the answer readers should land on instead)", "login-password"), encoding="utf-8")
    screens = project / "portal-screens.yml"
    screens.write_text(screens.read_text(encoding="utf-8").replace("supported-browsers, ", ""), encoding="utf-8")
    assert _messages(project) == []


# -- 8: an invalid id is never offered as a links.lock line --------------------------------

def test_an_invalid_new_id_is_not_offered_as_a_lock_line(tmp_path):
    messages = _messages(_project(tmp_path, "15b-danish-letters-in-id"))
    assert len(messages) == 1 and "'glemt-adgangskode-på-dansk' is not a valid id" in messages[0], messages


def test_an_invalid_id_already_in_the_lock_may_be_deleted(tmp_path):
    project = _project(tmp_path, "15b-danish-letters-in-id")
    faq, lock = project / "faq.yml", project / "links.lock"
    faq.write_text(faq.read_text(encoding="utf-8").replace("glemt-adgangskode-på-dansk", "glemt-adgangskode-paa-dansk"),
                   encoding="utf-8")
    lock.write_text(lock.read_text(encoding="utf-8") + "glemt-adgangskode-på-dansk\nglemt-adgangskode-paa-dansk\n",
                    encoding="utf-8")
    messages = _messages(project)
    assert len(messages) == 1, messages
    assert "'glemt-adgangskode-på-dansk' is not a valid id" in messages[0] and "delete this line" in messages[0]
    assert messages[0].startswith("links.lock:"), messages


# -- 10: Word bullets, Word dashes and stray brackets ---------------------------------------

def test_word_bullets_dashes_and_stray_brackets_are_named(tmp_path):
    bullets = _messages(_project(tmp_path / "a", "05a-word-bullets-in-answer"))
    assert [m.split(":", 2)[1] for m in bullets] == ["54", "55", "56", "57"], bullets
    assert all("bullet pasted from Word" in m and "replace '•' with '-'" in m for m in bullets)
    steps = _messages(_project(tmp_path / "b", "05b-word-bullet-in-steps"))
    assert len(steps) == 1 and "replace each '•' at the start of a line with '-'" in steps[0], steps
    dash = _messages(_project(tmp_path / "c", "05c-en-dash-bullet-in-steps"))
    assert len(dash) == 1 and dash[0].startswith("faq.yml:97: starts with '–'") and "with '-'" in dash[0], dash
    brackets = _messages(_project(tmp_path / "d", "12b-half-bracket-typos"))
    assert [m.split(":", 2)[1] for m in brackets] == ["95", "116"], brackets
    assert all("so customers see the brackets" in m for m in brackets)


# -- 15, 20: one message per mistake; a crowded screen hides nothing ------------------------

def test_one_message_per_wrong_date_and_per_misspelt_field(tmp_path):
    dates = _messages(_project(tmp_path / "a", "10-dates-written-wrong"))
    assert [m.split(":", 2)[1] for m in dates] == ["45", "65", "86", "106", "128"], dates
    fields = _messages(_project(tmp_path / "b", "09-field-name-typos"))
    assert len(fields) == 3 and all("did you mean" in m for m in fields), fields


def test_too_many_answers_on_a_screen_says_how_many_and_hides_nothing(tmp_path):
    messages = _messages(_project(tmp_path, "27-portal-screens-and-synonyms-mistakes"))
    assert any(m.startswith("portal-screens.yml:12:") and "lists 6 items; at most 5 are allowed" in m
               for m in messages), messages
    assert any(m.startswith("portal-screens.yml:20:") and "did you mean 'payment-guarantees'" in m
               for m in messages), messages
    assert any(m.startswith("links.lock:28:") and "screen:payment-guarantees" in m for m in messages), messages
    assert any(m.startswith("search-synonyms.yml:30:") for m in messages), messages


# -- 12, 14: the change report on portal panels and related questions ----------------------

def _report_of(tmp_path: Path, case: str) -> str:
    """The change report of the editor's commit against the content it started from."""
    from helpcentre.changes import report_between

    project = copy_project(tmp_path / "repo")
    git = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "base")):
        subprocess.run(["git", "-C", str(project), *args], check=True, env={**os.environ, **git})
    subprocess.run(["git", "apply", str(CASES / f"{case}.diff")], cwd=project, check=True)
    subprocess.run(["git", "-C", str(project), "commit", "-q", "-am", case], check=True, env={**os.environ, **git})
    return report_between(project, "HEAD~1", "HEAD").markdown


def test_a_panel_that_loses_an_answer_and_changes_its_order_says_both(tmp_path):
    report = _report_of(tmp_path, "47-portal-screen-change")
    login = next(line for line in report.splitlines() if line.startswith("- **Log in**"))
    assert "no longer shows ~~“Which browsers can I use?”" in login, login
    assert "now in this order: 1. “Why am I getting the error" in login and "2. “How do I find my login" in login


def test_related_questions_that_gain_one_and_change_order_say_both(tmp_path):
    report = _report_of(tmp_path, "48-synonyms-related-keywords")
    related = [line for line in report.splitlines() if "Related questions:" in line]
    assert related and "added **`login-password`**" in related[0], report
    assert "new order: `upload-file`, `family-overview`, `login-password`" in related[0], related


def test_a_new_support_number_lists_the_portal_panels_that_show_it(tmp_path):
    report = _report_of(tmp_path, "40-phone-number-change")
    assert "### Portal help panels" in report, report
    panels = report[report.index("### Portal help panels"):]
    for screen in ("Log in", "My Claims", "Payment Guarantees", "Family Overview"):
        assert f"- **{screen}**" in panels and "“How do I contact IT support?”" in panels, (screen, panels)
    assert "The support contact in every panel shows the new support.yml values." in panels


# -- 19: a removed snippet, and a snippet written with spaces between its braces -----------

def test_a_removed_snippet_says_put_it_back_and_spaced_braces_say_how_to_write_them(tmp_path):
    removed = [m for m in _messages(_project(tmp_path / "a", "24-related-owner-html-removed-snippet"))
               if "photo-instead" in m]
    assert [m.split(":", 2)[1] for m in removed] == ["177", "216", "256"], removed
    assert all("if 'photo-instead' was taken out of snippets.yml, put it back there" in m for m in removed)
    typos = _messages(_project(tmp_path / "b", "21-snippet-typos"))
    spaced = [m for m in typos if "{ { hours } }" in m]
    assert len(spaced) == 1 and "write it as {{ hours }}" in spaced[0], typos
    assert not [m for m in typos if "would become an HTML attribute" in m], typos
    # One message for the unquoted '{{ support-contact }}', not a second one from the schema.
    assert len(_at(typos, "faq.yml:134")) == 1, typos


# -- 13: a box that changes colour or folds away, and bold words ---------------------------

def test_a_new_box_type_a_collapsed_box_and_bold_words_are_reported(tmp_path):
    report = _report_of(tmp_path, "50-formatting-only-changes")
    assert "New look for paragraph “Consent”: in a “danger” box (was: in a “note” box)" in report, report
    assert "New look for list item “Click the link.”: bold “link” (was: plain)" in report, report
    assert "collapsed: text hidden until clicked" in report, report
    # Screen labels were bold before and after: no note for them.
    assert "bold “My Claims”" not in report, report


# -- 15: one plain message each -------------------------------------------------------------

def test_a_category_written_as_its_title_gets_only_the_did_you_mean(tmp_path):
    messages = _messages(_project(tmp_path, "11-category-does-not-exist"))
    line_49 = _at(messages, "faq.yml:49")
    assert len(line_49) == 1 and "did you mean 'logging-in'?" in line_49[0], messages


def test_a_colon_in_a_question_is_not_told_to_become_a_block(tmp_path):
    messages = _messages(_project(tmp_path, "06a-colon-in-unquoted-question"))
    assert len(messages) == 1 and messages[0].startswith("faq.yml:50:"), messages
    assert messages[0].endswith("— put the whole text in double quotes"), messages
