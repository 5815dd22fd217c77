"""Ids the portal links to never silently disappear; links.json, api/faq.json and go/ agree."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpcentre import ContentError, load_help_centre
from helpcentre.links import LOCK_FILE, lock_problems, read_lock, to_json, write_lock
from sitetools import ROOT, build_site, copy_project, parse_page


def _rename(project: Path, old: str, new: str, *, alias: bool) -> None:
    """Rename an id in a copy of the content, optionally keeping the old one as an alias."""
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    match = re.search(rf"^( *)- id: {re.escape(old)}$", text, re.M)
    assert match, f"no id {old} in faq.yml"
    indent = match.group(1)
    replacement = f"{indent}- id: {new}" + (f"\n{indent}  aliases: [{old}]" if alias else "")
    faq.write_text(text[: match.start()] + replacement + text[match.end():], encoding="utf-8")
    for part in ("snippets.yml", "docs/index.md", "faq.yml", "portal-screens.yml"):
        path = project / part
        path.write_text(path.read_text(encoding="utf-8").replace(f"(id:{old})", f"(id:{new})")
                        .replace(f"related: [{old}]", f"related: [{new}]")
                        .replace(f", {old}]", f", {new}]").replace(f"[{old},", f"[{new},")
                        .replace(f", {old},", f", {new},"), encoding="utf-8")


# -- the lock, as plain functions ----------------------------------------------------------

def test_lock_reports_a_removed_id():
    lock = read_lock(ROOT / LOCK_FILE)
    published = {i: lambda: ("faq.yml", 1, "") for i in lock.ids if i != "payment-guarantees"}
    problems = lock_problems(lock, published)
    assert [p.file for p in problems] == [LOCK_FILE]
    assert "the published id 'payment-guarantees' no longer exists" in problems[0].message
    assert "aliases: [payment-guarantees]" in problems[0].fix and "retired:" in problems[0].fix
    assert problems[0].line == lock.ids["payment-guarantees"]


def test_lock_reports_a_new_id_with_the_exact_line_to_add():
    lock = read_lock(ROOT / LOCK_FILE)
    published = {i: lambda: ("faq.yml", 1, "") for i in lock.ids} | {
        "change-email": lambda: ("faq.yml", 99, "entry 'change-email'")}
    problems = lock_problems(lock, published)
    assert len(problems) == 1 and problems[0].kind == "unlocked"
    assert str(problems[0]).startswith("faq.yml:99: entry 'change-email': the id 'change-email' is new and not in "
                                       "links.lock yet — add this line to links.lock: change-email — on a line of "
                                       "its own, anywhere in the file (in GitHub's web editor")
    assert "`make lock` does the same" in problems[0].fix  # never the only way


def test_write_lock_adds_and_never_removes(tmp_path):
    path = tmp_path / LOCK_FILE
    assert write_lock(path, {"b", "a"}) == ["a", "b"]
    assert write_lock(path, {"c"}) == ["c"]
    assert list(read_lock(path).ids) == ["a", "b", "c"]


def test_the_committed_lock_lists_every_published_id(help_centre):
    screens = {f"screen:{screen.id}" for screen in help_centre.screens}
    assert set(read_lock(ROOT / LOCK_FILE).ids) == set(help_centre.targets) | screens


# -- the lock in the real content ----------------------------------------------------------

def test_renaming_without_an_alias_fails(tmp_path):
    project = copy_project(tmp_path)
    _rename(project, "payment-guarantees", "find-payment-guarantees", alias=False)
    with pytest.raises(ContentError) as caught:
        load_help_centre(project)
    problems = caught.value.problems
    # One problem, on the line that changed, with both ways out; not one per link to the old id.
    assert len(problems) == 1, caught.value.report()
    rename = problems[0]
    faq_lines = (project / "faq.yml").read_text(encoding="utf-8").splitlines()
    assert rename.file == "faq.yml" and faq_lines[rename.line - 1].strip() == "- id: find-payment-guarantees"
    assert "the id 'payment-guarantees' was changed to 'find-payment-guarantees'" in rename.message
    assert "add the line 'aliases: [payment-guarantees]' right under this 'id:' line" in rename.fix
    assert "add the line 'find-payment-guarantees' to links.lock" in rename.fix
    assert "did you mean" not in caught.value.report()


def test_a_removed_answer_gets_both_ways_out_with_the_lines_to_add(tmp_path):
    project = copy_project(tmp_path)
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    start, end = text.index("  - id: supported-browsers"), text.index("  - id: unexpected-origin-error")
    faq.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_help_centre(project)
    removed = [p for p in caught.value.problems if p.file == "links.lock"]
    assert len(removed) == 1, caught.value.report()
    assert "the published id 'supported-browsers' no longer exists in faq.yml" in removed[0].message
    assert "It is still used at faq.yml:" in removed[0].message  # the related lists, folded in
    assert "aliases: [supported-browsers]" in removed[0].fix
    assert "retired:\n  - id: supported-browsers\n    target: " in removed[0].fix
    assert not [p for p in caught.value.problems if "did you mean" in p.fix]


def test_renaming_with_an_alias_passes_once_locked(tmp_path):
    project = copy_project(tmp_path)
    _rename(project, "payment-guarantees", "find-payment-guarantees", alias=True)
    with pytest.raises(ContentError) as caught:
        load_help_centre(project)
    assert "add this line to links.lock: find-payment-guarantees" in caught.value.report()
    assert "no longer exists" not in caught.value.report()
    result = subprocess.run([sys.executable, "-m", "helpcentre", "lock"], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "find-payment-guarantees" in result.stdout
    help_centre = load_help_centre(project)
    alias = help_centre.targets["payment-guarantees"]
    assert alias.kind == "alias" and alias.anchor == "find-payment-guarantees"


def test_retiring_an_id_sends_it_to_its_target(tmp_path):
    project = copy_project(tmp_path)
    faq = project / "faq.yml"
    text = faq.read_text(encoding="utf-8")
    start = text.index("  - id: supported-browsers")
    end = text.index("  - id: unexpected-origin-error")
    text = text[:start] + text[end:]
    text = text.replace(", supported-browsers]", "]").replace("related: [supported-browsers]", "related: []")
    text += "\nretired:\n  - id: supported-browsers\n    target: login-password\n    reason: merged\n"
    faq.write_text(text.replace("    related: []\n", ""), encoding="utf-8")
    screens = project / "portal-screens.yml"  # a panel needs a living answer: the retired id leaves it
    screens.write_text(screens.read_text(encoding="utf-8").replace("supported-browsers, ", ""), encoding="utf-8")
    help_centre = load_help_centre(project)
    retired = help_centre.targets["supported-browsers"]
    assert retired.kind == "retired" and retired.anchor == "login-password"


def test_rename_failure_from_the_build_command(tmp_path):
    project = copy_project(tmp_path)
    _rename(project, "upload-file", "upload-a-file", alias=False)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "the id 'upload-file' was changed to 'upload-a-file'" in result.stderr
    assert "Traceback" not in result.stderr


# -- what the site publishes ---------------------------------------------------------------

def test_links_json_agrees_with_the_content(site_dir, help_centre):
    links = json.loads((site_dir / "links.json").read_text(encoding="utf-8"))
    assert set(links) == set(help_centre.targets)
    for entry in help_centre.entries:
        record = links[entry.id]
        assert record == {"url": f"{entry.category}/#{entry.id}", "title": entry.question,
                          "category": entry.category, "kind": "entry"}
    for guide in help_centre.guides:
        assert links[guide.id]["url"] == f"{guide.category}/{guide.id}/#{guide.id}"
        for section in guide.sections:
            assert links[section.id]["url"] == f"{guide.category}/{guide.id}/#{section.id}"
    for ident, record in links.items():  # every url points at a real element
        page, _, anchor = record["url"].partition("#")
        assert anchor in parse_page(site_dir / page / "index.html").ids, ident


def test_faq_api_agrees_with_the_content(site_dir, help_centre):
    text = (site_dir / "api" / "faq.json").read_text(encoding="utf-8")
    api = json.loads(text)
    assert text == to_json(api)  # written one answer at a time, laid out as a whole
    assert [e["id"] for e in api["entries"]] == [e.id for e in help_centre.entries]
    assert [g["id"] for g in api["guides"]] == [g.id for g in help_centre.guides]
    for record, entry in zip(api["entries"], help_centre.entries):
        assert record["question"] == entry.question
        assert record["category"] == entry.category
        assert record["keywords"] == list(entry.keywords)
        assert record["url"] == f"{entry.category}/#{entry.id}"
        assert record["answer_html"].startswith("<") and "{{" not in record["answer_html"]
    payment = next(e for e in api["entries"] if e["id"] == "payment-guarantees")
    assert "<ol>" in payment["answer_html"] and "<strong class=\"hc-ui\">My Claims</strong>" in payment["answer_html"]
    login = next(e for e in api["entries"] if e["id"] == "login-password")
    assert 'href="tel:+4570206121"' in login["answer_html"]
    referral = next(g for g in api["guides"] if g["id"] == "find-referral")
    save = next(s for s in referral["sections"] if s["id"] == "save-referral-pdf")
    assert 'href="/go/upload-file/"' in save["html"]  # a short link, no host (README: Linking from the portal)


def test_every_id_has_a_short_link_that_works_without_javascript(site_dir, help_centre):
    for ident in help_centre.targets:
        page = site_dir / "go" / ident / "index.html"
        html = page.read_text(encoding="utf-8")
        target = help_centre.targets[ident]
        relative = f"../../{target.page[:-3].removesuffix('index')}"
        relative = relative if relative.endswith("/") else relative + "/"
        relative += f"#{target.anchor}"
        assert f'<meta http-equiv="refresh" content="0; url={relative}">' in html, ident
        assert '<link rel="canonical" href="' in html and f'<a href="{relative}">' in html
        assert f'<script src="../../assets/javascripts/go.js" data-target="{relative}"></script>' in html


def test_aliases_get_an_anchor_and_a_short_link(tmp_path):
    project = copy_project(tmp_path / "project")
    _rename(project, "payment-guarantees", "find-payment-guarantees", alias=True)
    subprocess.run([sys.executable, "-m", "helpcentre", "lock"], cwd=project, check=True, capture_output=True)
    site = build_site(project, tmp_path / "site")
    page = parse_page(site / "claims-and-family" / "index.html")
    assert page.ids["payment-guarantees"] == "span" and page.ids["find-payment-guarantees"] == "h2"
    go = (site / "go" / "payment-guarantees" / "index.html").read_text(encoding="utf-8")
    assert "../../claims-and-family/#find-payment-guarantees" in go
