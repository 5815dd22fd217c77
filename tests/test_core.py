"""The content core as plain functions: no MkDocs, no browser."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpcentre import ContentError, Renderer, load_help_centre
from helpcentre.model import OpeningHours
from helpcentre.render import builtin_snippets
from helpcentre.site import navigation
from sitetools import ROOT, copy_project


def test_core_never_imports_mkdocs():
    for path in (ROOT / "helpcentre").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("mkdocs", "material") for n in names), path.name


def test_support_contact_in_words(help_centre):
    support = help_centre.support
    assert support.phone_display == "70 20 61 21"
    assert support.phone_href == "tel:+4570206121"
    assert support.email_href == "mailto:support@primora-it.dk"
    assert support.menu_in_words() == ("Press 1 for insurance-related questions, "
                                       "then press 5 for technical support.")
    assert support.hours.in_words() == "Monday to Friday, 9 AM to 4 PM"


@pytest.mark.parametrize(("days", "opens", "closes", "words"), [
    (("Monday", "Tuesday", "Wednesday"), "08:30", "12:00", "Monday to Wednesday, 8:30 AM to 12 PM"),
    (("Saturday", "Monday"), "10:00", "13:15", "Monday and Saturday, 10 AM to 1:15 PM"),
    (("Sunday",), "00:00", "23:59", "Sunday, 12 AM to 11:59 PM"),
])
def test_opening_hours_in_words(days, opens, closes, words):
    assert OpeningHours(days, opens, closes, "Europe/Copenhagen").in_words() == words


def test_id_links_are_relative_to_the_page(help_centre):
    renderer = Renderer(help_centre)
    assert renderer.link("upload-file", "documents/find-referral.md") == "upload-file.md#upload-file"
    assert renderer.link("upload-file", "logging-in/index.md") == "../documents/upload-file.md#upload-file"
    assert renderer.link("login-password", "logging-in/index.md") == "#login-password"
    assert renderer.link("payment-guarantees", "index.md") == "claims-and-family/index.md#payment-guarantees"


def test_snippets_nest_and_come_from_support_data(help_centre):
    text = Renderer(help_centre).expand("{{ it-support }}", "index.md")
    snippets = builtin_snippets(help_centre.support)
    assert snippets["phone"] in text and snippets["phone-menu"] in text and snippets["hours"] in text
    assert "{{" not in text


def test_shared_steps_are_spliced_into_both_guides(help_centre):
    pc_steps = help_centre.snippets["save-from-pc"].steps
    for guide_id in ("find-medical-record", "find-image-description"):
        guide = next(g for g in help_centre.guides if g.id == guide_id)
        save = next(s for s in guide.sections if s.id.startswith("save-"))
        assert save.body.alternatives[0].steps == pc_steps


def test_every_generated_page_is_in_the_navigation(help_centre):
    pages = {p.src_uri for p in Renderer(help_centre).pages()}

    def flatten(items):
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                yield from flatten(value) if isinstance(value, list) else [value]

    assert pages | {"index.md"} == set(flatten(navigation(help_centre)))


def test_unknown_id_link_is_refused_with_file_and_line(tmp_path):
    project = copy_project(tmp_path)
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    faq.write_text(text.replace("(id:upload-file)", "(id:upload-a-file)", 1), encoding="utf-8")
    snippets = project / "snippets.yml"
    snippets.write_text(snippets.read_text(encoding="utf-8").replace("(id:upload-file)", "(id:uplod-file)"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_help_centre(project)
    report = caught.value.report()
    assert "snippets.yml:" in report and "'(id:uplod-file)' points to an id that does not exist" in report
    assert "did you mean 'upload-file'?" in report


def test_renderer_keeps_no_state_between_builds(tmp_path):
    project = copy_project(tmp_path)
    first = Renderer(load_help_centre(project)).pages()
    faq = project / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("Which browsers can I use?",
                                                           "Which web browsers can I use?"), encoding="utf-8")
    second = Renderer(load_help_centre(project)).pages()
    assert "Which browsers can I use?" in first[0].markdown
    assert "Which web browsers can I use?" in second[0].markdown
    assert "Which browsers can I use?" not in second[0].markdown


def test_schema_code_cache_is_made_used_and_repaired(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "helpcentre", "check", "--root", str(ROOT)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    cached = sorted((tmp_path / "cache" / "helpcentre").glob("*.bin"))
    assert [p.name.split("-")[0] for p in cached] == ["faq.schema.json", "owners.schema.json", "screens.schema.json",
                                                     "snippets.schema.json", "support.schema.json",
                                                     "synonyms.schema.json"]
    for path in cached:
        path.write_bytes(b"garbage")  # a damaged cache is generated again, never trusted
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stderr
    assert all(p.read_bytes() != b"garbage" for p in cached)
    (tmp_path / "readonly").write_text("a file where the cache folder would be")
    env["XDG_CACHE_HOME"] = str(tmp_path / "readonly")
    third = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert third.returncode == 0 and "Content is fine" in third.stdout, third.stderr
