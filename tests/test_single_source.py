"""One source for the support contact: a new number reaches every page, the old one none."""
from __future__ import annotations

import re

from helpcentre.searchquery import SearchEngine
from sitetools import build_site, copy_project, html_pages, search_text


def _digits(html: str) -> str:
    return re.sub(r"[^0-9]", "", html)


def test_changing_the_phone_number_changes_every_page(tmp_path):
    project = copy_project(tmp_path / "project")
    support = project / "support.yml"
    text = support.read_text(encoding="utf-8")
    assert 'phone: "70206121"' in text
    support.write_text(text.replace('phone: "70206121"', 'phone: "33445566"'), encoding="utf-8")
    email_text = support.read_text(encoding="utf-8").replace("support@primora-it.dk", "help@example.org")
    support.write_text(email_text, encoding="utf-8")

    site = build_site(project, tmp_path / "site")
    pages = html_pages(site)
    assert len(pages) >= 9
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "33 44 55 66" in html and "tel:+4533445566" in html, f"{path}: new number missing"
        assert "70 20 61 21" not in html and "70206121" not in html, f"{path}: old number still shown"
        assert "help@example.org" in html and "primora-it.dk" not in html, f"{path}: old email still shown"
    index = search_text(site)
    assert "70 20 61 21" not in index and "70206121" not in index and "primora" not in index
    assert "33 44 55 66" in index and '"33445566"' in index
    engine = SearchEngine.from_site(site)
    assert engine.search("33445566")[0].id == engine.search("help@example.org")[0].id == "contact-it-support"
