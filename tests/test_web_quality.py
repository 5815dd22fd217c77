"""The built site's HTML, links, search-engine data and privacy settings, checked by tools."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from sitetools import ROOT, html_pages, parse_page


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and where content starts and ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], bool]] = []  # tag, attributes, inside content
        self._depth = 0
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "article":
            self._depth += 1
        self.tags.append((tag, values, self._depth > 0))
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "article" and self._depth:
            self._depth -= 1
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)


def _tags(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _all_html(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_html_has_no_script_urls_handlers_unsafe_blank_targets_or_duplicate_ids(site_dir):
    problems = []
    for path in _all_html(site_dir):
        parser = _tags(path)
        ids: dict[str, int] = {}
        for tag, attributes, in_content in parser.tags:
            for name, value in attributes.items():
                if name in ("href", "src", "action", "formaction") and value and \
                        re.sub(r"\s", "", value).lower().startswith(("javascript:", "vbscript:")):
                    problems.append(f"{path}: <{tag} {name}={value!r}>")
                if name.startswith("on") and in_content:
                    problems.append(f"{path}: inline handler {name} on <{tag}> in the content")
            if tag == "a" and attributes.get("target") == "_blank":
                rel = (attributes.get("rel") or "").split()
                if "noopener" not in rel and "noreferrer" not in rel:
                    problems.append(f"{path}: target=_blank without rel=noopener: {attributes.get('href')}")
            if attributes.get("id"):
                ids[attributes["id"]] = ids.get(attributes["id"], 0) + 1
        problems += [f"{path}: id {ident!r} appears {count} times" for ident, count in ids.items() if count > 1]
    assert len(_all_html(site_dir)) > 30, "the HTML check is not looking at the site"
    assert not problems, "\n".join(problems)


def test_every_page_has_a_unique_title_and_a_description(site_dir):
    titles: dict[str, Path] = {}
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        title = re.search(r"<title>([^<]+)</title>", html).group(1)
        assert title not in titles, f"{path} and {titles[title]} share the title {title!r}"
        titles[title] = path
        description = re.search(r'<meta name="description" content="([^"]+)"', html)
        assert description and len(description.group(1)) > 30, f"{path}: no meta description"


def test_sitemap_and_robots(site_dir):
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for path in html_pages(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        if relative != "404.html":
            assert "/" + relative.removesuffix("index.html") + "</loc>" in sitemap.replace("//", "/"), relative
    robots = (site_dir / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and re.search(r"^Sitemap: \S+/sitemap\.xml$", robots, re.M)


def _json_ld(site_dir: Path, page: str) -> dict:
    parser = _tags(site_dir / page / "index.html")
    assert len(parser.json_ld) == 1, f"{page}: {len(parser.json_ld)} JSON-LD blocks"
    return json.loads(parser.json_ld[0])


def test_category_pages_carry_faqpage_structured_data(site_dir, help_centre):
    for category in help_centre.categories:
        entries = help_centre.entries_in(category.id)
        if not entries:
            continue
        data = _json_ld(site_dir, category.id)
        assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
        questions = data["mainEntity"]
        assert [q["name"] for q in questions] == [e.question for e in entries]
        for question in questions:  # schema.org Question: a name and an acceptedAnswer with text
            assert question["@type"] == "Question" and question["name"]
            answer = question["acceptedAnswer"]
            assert answer["@type"] == "Answer" and isinstance(answer["text"], str) and len(answer["text"]) > 20
            assert question["url"].startswith("http")


def test_guides_carry_howto_structured_data(site_dir, help_centre):
    for guide in help_centre.guides:
        data = _json_ld(site_dir, f"{guide.category}/{guide.id}")
        assert data["@context"] == "https://schema.org" and data["@type"] == "HowTo"
        assert data["name"] == guide.title and data["description"] == guide.summary
        assert [s["name"] for s in data["step"]] == [s.title for s in guide.sections]
        for section in data["step"]:  # HowToSection → HowToStep items, each with text
            assert section["@type"] == "HowToSection" and section["itemListElement"]
            for number, step in enumerate(section["itemListElement"], start=1):
                assert step["@type"] == "HowToStep" and step["position"] == number and step["text"].strip()
    upload = _json_ld(site_dir, "documents/upload-file")
    steps = next(s for s in upload["step"] if s["name"] == "Upload the file")["itemListElement"]
    assert len(steps) == 7 and "My Claims" in steps[1]["text"]


def test_no_analytics_unless_an_operator_turns_them_on(site_dir):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    assert "analytics" not in (config.get("extra") or {})
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        assert "googletagmanager" not in html and "gtag(" not in html and "analytics" not in html.lower()


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_linkchecker_finds_no_broken_links_or_anchors(site_server, tmp_path):
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nthreads=4\n[filtering]\nignore=\n  ^mailto:\n  ^tel:\n[AnchorCheck]\n",
                      encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("linkchecker")), f"--config={config}", "--no-status",
         "--output=text", "--verbose", site_server.url],
        capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", output)
    assert checked and int(checked.group(2)) > 40, output[-3000:]
    assert re.search(r"\b0 warnings found", output) and re.search(r"\b0 errors found", output), output[-3000:]
    assert result.returncode == 0, output[-3000:]
    assert "#payment-guarantees" in output  # anchors really were followed
