"""The built site: every answer under its own heading, every seed fact, working links."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from sitetools import ROOT, html_pages, page_for, parse_page

FACTS = yaml.safe_load((Path(__file__).parent / "seed_facts.yml").read_text(encoding="utf-8"))


def test_every_entry_question_is_a_heading_with_its_id(site_dir, help_centre):
    assert help_centre.entries, "faq.yml has no entries"
    for entry in help_centre.entries:
        page = parse_page(page_for(site_dir, help_centre.targets[entry.id].page))
        assert page.ids.get(entry.id) == "h2", f"{entry.id}: no <h2 id={entry.id!r}>"
        assert page.heading_text[entry.id] == " ".join(entry.question.split())


def test_every_guide_and_section_has_its_own_heading(site_dir, help_centre):
    assert len(help_centre.guides) == 4
    for guide in help_centre.guides:
        page = parse_page(page_for(site_dir, help_centre.targets[guide.id].page))
        assert page.ids.get(guide.id) == "h1"
        assert page.heading_text[guide.id] == guide.title
        for section in guide.sections:
            assert page.ids.get(section.id) == "h2", f"{guide.id}: section {section.id} has no heading"
            assert page.heading_text[section.id] == section.title


@pytest.mark.parametrize("src_uri", sorted(FACTS))
def test_every_seed_fact_is_on_its_page(site_dir, src_uri):
    text = parse_page(page_for(site_dir, src_uri)).text
    missing = [fact for fact in FACTS[src_uri] if " ".join(fact.split()) not in text]
    assert not missing, f"{src_uri} lacks: {missing}"


def test_fact_list_covers_every_generated_page(help_centre):
    pages = {t.page for t in help_centre.targets.values() if t.kind in ("entry", "guide")}
    assert pages <= set(FACTS), f"pages without a fact list: {sorted(pages - set(FACTS))}"


def test_support_contact_renders_as_links(site_dir, help_centre):
    support = help_centre.support
    for path in html_pages(site_dir):
        page = parse_page(path)
        assert f"tel:+45{support.phone}" in page.links, f"{path}: no tel: link"
        assert f"mailto:{support.email}" in page.links, f"{path}: no mailto: link"
        assert "Open Monday to Friday, 9 AM to 4 PM." in page.whole_text, f"{path}: no opening hours"


def _resolve(site_dir: Path, page_path: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if not parts.path:
        return page_path, unquote(parts.fragment)
    base = "/" + page_path.parent.relative_to(site_dir).as_posix() + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    candidate = site_dir / target.lstrip("/")
    if candidate.is_dir() or parts.path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(site_dir):
    checked = 0
    broken = []
    for path in html_pages(site_dir):
        for href in parse_page(path).links:
            resolved = _resolve(site_dir, path, href)
            if resolved is None:
                continue
            target, fragment = resolved
            checked += 1
            if not target.exists():
                broken.append(f"{path.relative_to(site_dir)}: {href} (no such page)")
            elif fragment and target.suffix == ".html" and fragment not in parse_page(target).ids:
                broken.append(f"{path.relative_to(site_dir)}: {href} (no such anchor)")
    assert checked > 50, f"only {checked} internal links found: the link check is not looking"
    assert not broken, "\n".join(broken)


def test_id_links_point_at_the_answer(site_dir):
    # `[upload the file](id:upload-file)` in the snippet becomes a link to the guide's anchor.
    page = parse_page(site_dir / "documents" / "find-referral" / "index.html")
    assert "../upload-file/#upload-file" in page.links
    home = parse_page(site_dir / "index.html")
    assert "claims-and-family/#payment-guarantees" in home.links


def test_no_page_loads_anything_from_another_host(site_dir):
    for path in html_pages(site_dir):
        page = parse_page(path)
        foreign = [r for r in page.resources if re.match(r"^(https?:)?//", r)]
        assert not foreign, f"{path}: loads {foreign}"
    assert "fonts.googleapis" not in (site_dir / "index.html").read_text(encoding="utf-8")


def test_strict_mode_and_validation_are_configured():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    assert config["strict"] is True
    assert config["theme"]["font"] is False
    assert "repo_url" not in config
    validation = config["validation"]
    levels = [level for group in validation.values() for level in group.values()]
    assert levels and all(level == "warn" for level in levels)
    assert set(validation["links"]) == {"not_found", "anchors", "absolute_links", "unrecognized_links"}
    assert set(validation["nav"]) == {"omitted_files", "not_found", "absolute_links"}


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV tags are MkDocs' own."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_every_page_skips_to_its_heading(site_dir):
    """"Skip to content" leads to the page's heading, whichever engine built it (Zensical
    writes a link to an empty anchor of its own, which a screen reader has nothing to say
    for)."""
    wrong = []
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        heading = re.search(r'<h1\b[^>]*?\bid="([^"]+)"', html)
        skips = re.findall(r'<a href="([^"]*)" class="md-skip"', html)
        if not heading or skips != ["#" + heading.group(1)]:
            wrong.append((path.relative_to(site_dir).as_posix(), skips, heading and heading.group(1)))
    assert wrong == []


def test_not_found_page_points_to_search_and_support(site_dir):
    page = parse_page(site_dir / "404.html")
    assert "Page not found" in page.text
    assert "Search the help centre" in page.text
    assert any(link.startswith("tel:") for link in page.links)


def test_home_page_offers_categories_and_search(site_dir, help_centre):
    page = parse_page(site_dir / "index.html")
    assert "hc-search-input" in page.ids
    for category in help_centre.categories:
        assert f"{category.id}/" in page.links
