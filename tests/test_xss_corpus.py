"""Every payload in the corpus is refused by `check` or inert in Chromium, wherever content enters.

The corpus (tests/data/xss/) holds payloads an editor, or someone with an editor's account,
could write. Each goes into every place content enters: an answer, a step, a guide section,
a snippet, a question, a hand-written page's body and its front matter. `check` runs once
over all of them; what it lets through is built into one site (one build per half) and
opened in Chromium, next to a canary server that must receive no request. A second test
takes the sanitizer alone (no check, no policy) and shows its output is inert too.

Counts per family and place (refused / inert / ran) are printed; run with -s to see them.
"""
from __future__ import annotations

import collections
import contextlib
import http.server
import re
import threading
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from sitetools import ROOT, build_site, copy_project, serve_directory

CORPUS_DIR = ROOT / "tests" / "data" / "xss"
HALVES = ("tuning", "heldout")
PLACES = ("answer", "step", "section", "snippet", "question", "docs-page", "front-matter")


def load_corpus(half: str) -> list[dict]:
    """One half of the corpus: dicts with id, family and text."""
    return yaml.safe_load((CORPUS_DIR / f"payloads-{half}.yml").read_text(encoding="utf-8"))


def test_the_corpus_is_large_and_its_halves_are_apart():
    tuning, heldout = load_corpus("tuning"), load_corpus("heldout")
    assert len(tuning) + len(heldout) >= 300
    assert not {p["text"] for p in tuning} & {p["text"] for p in heldout}
    families = {p["family"] for p in tuning} | {p["family"] for p in heldout}
    for family in ("code-span-across-blank-line", "code-span-blank-line-in-blockquote", "code-span-in-raw-html",
                   "html-comment-variants", "unknown-fence-info-string", "escaped-backtick"):
        assert family in families
    assert any(p["text"] == "<div>`<script>alert(1)</script>`</div>" for p in tuning + heldout)


# -- the canary: a local server that must never be asked for anything ------------------------

class Canary(http.server.ThreadingHTTPServer):
    """Records every request; a payload that reaches it has run (or loaded something)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _CanaryHandler)
        self.paths: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator["Canary"]:
        canary = cls()
        threading.Thread(target=canary.serve_forever, daemon=True).start()
        try:
            yield canary
        finally:
            canary.shutdown()
            canary.server_close()


class _CanaryHandler(http.server.BaseHTTPRequestHandler):
    server: Canary

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        self.server.paths.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def armed(payload: dict, place: str, canary: str) -> str:
    """The payload's text with its actions naming it, so whatever runs says which one it was."""
    tag = f"{payload['id']}-{place}"
    text = payload["text"].replace("alert(1)", f"alert('{tag}')").replace("confirm(1)", f"confirm('{tag}')")
    text = text.replace("window.__xss=1", f"window.__xss='{tag}'")
    text = text.replace("window.__xss=document.domain", f"window.__xss='{tag}'")
    return text.replace("CANARY/", f"{canary}/{tag}/")


# -- putting payloads into content ------------------------------------------------------------

def inject(project: Path, payloads: dict[str, list], canary: str) -> None:
    """Put each place's payloads into the project (a hand-written page each under docs/xss/)."""
    faq_file, snippets_file = project / "faq.yml", project / "snippets.yml"
    faq = yaml.safe_load(faq_file.read_text(encoding="utf-8"))
    snippets = yaml.safe_load(snippets_file.read_text(encoding="utf-8"))
    def common() -> dict:  # a new list each time: YAML would write a shared one as an alias
        return {"category": "xss", "keywords": ["attack"], "reviewed": "2026-11-25", "owner": "IT support"}

    faq["categories"].append({"id": "xss", "title": "Attack corpus", "summary": "Payloads."})
    for payload in payloads.get("answer", []):
        faq["entries"].append({"id": f"xss-{payload['id']}-answer", "question": "Answer payload?",
                               "answer": armed(payload, "answer", canary), **common()})
    for payload in payloads.get("step", []):
        faq["entries"].append({"id": f"xss-{payload['id']}-step", "question": "Step payload?",
                               "steps": ["First.", armed(payload, "step", canary)], **common()})
    for payload in payloads.get("question", []):
        faq["entries"].append({"id": f"xss-{payload['id']}-question", "question": armed(payload, "question", canary),
                               "answer": "A plain answer.", **common()})
    for payload in payloads.get("snippet", []):
        snippets[f"xss-{payload['id']}"] = {"text": armed(payload, "snippet", canary)}
        faq["entries"].append({"id": f"xss-{payload['id']}-snippet", "question": "Snippet payload?",
                               "answer": f"Before.\n\n{{{{ xss-{payload['id']} }}}}\n\nAfter.", **common()})
    sections = [{"id": f"xss-{payload['id']}-section", "title": "Section payload",
                 "answer": armed(payload, "section", canary)} for payload in payloads.get("section", [])]
    if sections:
        faq.setdefault("guides", []).append({"id": "xss-guide", "title": "Attack guide", "summary": "Payloads.",
                                             "sections": sections, **common()})
    faq_file.write_text(yaml.safe_dump(faq, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    snippets_file.write_text(yaml.safe_dump(snippets, allow_unicode=True, sort_keys=False, width=1000),
                             encoding="utf-8")
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    pages = project / "docs" / "xss"
    pages.mkdir(exist_ok=True)
    for payload in payloads.get("docs-page", []):  # a page each: a page's constructs can reach far
        (pages / f"{payload['id']}.md").write_text(f"# Payload {payload['id']}\n\n"
                                                   f"{armed(payload, 'docs-page', canary)}\n", encoding="utf-8")
    front = payloads.get("front-matter", [])
    if front and payloads.get("front-matter-joined"):
        title = " | ".join(armed(p, "front-matter", canary) for p in front)
        text = text.replace("title: How can we help?", "title: " + yaml.safe_dump(title, width=10**6).strip()
                            .removesuffix("...").strip(), 1)
    elif front:
        folder = project / "docs" / "xss-front-matter"
        folder.mkdir(exist_ok=True)
        for payload in front:
            value = yaml.safe_dump(armed(payload, "front-matter", canary), width=10**6).removesuffix("...\n").strip()
            (folder / f"{payload['id']}.md").write_text(f"---\ntitle: {value}\ndescription: {value}\n---\n\n# Page\n",
                                                         encoding="utf-8")
    index.write_text(text, encoding="utf-8")
    _lock_everything(project)
    # The payloads' pages are in no menu, and some link to images that do not exist; the
    # strict build would stop at that alone, which is no verdict on safety.
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("omitted_files: warn", "omitted_files: info")
                      .replace("not_found: warn", "not_found: info"), encoding="utf-8")


def _lock_everything(project: Path) -> None:
    from helpcentre.content import read_sources
    from helpcentre.links import LOCK_FILE, write_lock
    from helpcentre.rules import declared_ids

    sources = read_sources(project, with_lines=False)
    write_lock(project / LOCK_FILE, {ident for _, ident in declared_ids(sources.faq.data)})


_PAYLOAD_IN_PROBLEM = re.compile(r"xss-([th]\d{3})(?:-([a-z]+))?")


def refused_by_check(project: Path) -> set[tuple[str, str]]:
    """(payload id, place) for every payload `check` refuses."""
    from helpcentre.content import read_and_check

    _, problems = read_and_check(project)
    refused: set[tuple[str, str]] = set()
    for problem in problems:
        if problem.file.startswith("docs/xss/"):
            refused.add((Path(problem.file).stem, "docs-page"))
            continue
        if problem.file.startswith("docs/xss-front-matter/"):
            refused.add((Path(problem.file).stem, "front-matter"))
            continue
        match = _PAYLOAD_IN_PROBLEM.search(str(problem))
        if match:
            place = match.group(2) or "snippet"
            refused.add((match.group(1), "snippet" if problem.file == "snippets.yml" else place))
    return refused


# -- the end-to-end run ------------------------------------------------------------------------

def ran_in_chromium(browser, site: Path, pages: list[str], canary: Canary) -> set[str]:
    """Tags ("t012-answer") of whatever ran on these pages: a dialog, the global, a request."""
    ran: set[str] = set()
    with contextlib.contextmanager(serve_directory)(site, 0) as server:
        context = browser.new_context()
        try:
            for path in pages:
                page = context.new_page()
                page.on("dialog", lambda dialog: (ran.add(dialog.message), dialog.dismiss()))
                page.goto(server.url + path)
                page.wait_for_load_state("load")
                for element in page.locator("[id^=xss-hover], details, input").all()[:50]:
                    with contextlib.suppress(Exception):
                        element.hover(timeout=200)
                page.wait_for_timeout(150)
                value = page.evaluate("window.__xss")
                if value is not None:
                    ran.add(str(value))
                page.close()
        finally:
            context.close()
    ran |= {path.strip("/").split("/")[0] for path in canary.paths}
    return ran


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("half", HALVES)
def test_every_payload_is_refused_or_inert_everywhere_content_enters(half, browser, tmp_path):
    corpus = load_corpus(half)
    with Canary.running() as canary:
        check_project = copy_project(tmp_path / "check")
        inject(check_project, {place: corpus for place in PLACES}, canary.url)
        refused = refused_by_check(check_project)
        passed = {place: [p for p in corpus if (p["id"], place) not in refused] for place in PLACES}
        build_project = copy_project(tmp_path / "build")
        inject(build_project, {**passed, "front-matter-joined": [True]}, canary.url)
        site = build_site(build_project, tmp_path / "site")
        pages = ["", "xss/", "xss/xss-guide/"] + [f"xss/{p['id']}/" for p in passed["docs-page"]]
        ran = ran_in_chromium(browser, site, pages, canary)
    counts: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for payload in corpus:
        for place in PLACES:
            tag = f"{payload['id']}-{place}"
            outcome = "refused" if (payload["id"], place) in refused else ("ran" if tag in ran else "inert")
            counts[payload["family"], place][outcome] += 1
    _print_counts(half, counts)
    assert not ran, f"these payloads ran in Chromium: {sorted(ran)}"
    total = sum((c for c in counts.values()), collections.Counter())
    assert total["refused"] + total["inert"] == len(corpus) * len(PLACES)
    assert total["refused"] > 0 and total["inert"] > 0


def _print_counts(half: str, counts) -> None:
    by_family: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for (family, _place), counter in counts.items():
        by_family[family] += counter
    print(f"\n{half}: family — refused / inert / ran (over {len(PLACES)} places)")
    for family in sorted(by_family):
        c = by_family[family]
        print(f"  {family}: {c['refused']} / {c['inert']} / {c['ran']}")


# -- the sanitizer alone -----------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("half", HALVES)
def test_the_sanitizer_alone_makes_every_payload_inert(half, browser, tmp_path):
    """No check and no policy: only what the sanitizer keeps reaches a page without a CSP."""
    from helpcentre.rendercheck import site_markdown
    from helpcentre.sanitize import clean

    to_html = site_markdown(ROOT)
    corpus = load_corpus(half)
    with Canary.running() as canary:
        parts = [f"<section>{clean(to_html(armed(p, 'sanitized', canary.url)))}</section>" for p in corpus]
        (tmp_path / "index.html").write_text(
            "<!doctype html><html><head><meta charset=utf-8><title>corpus</title></head><body>"
            + "\n".join(parts) + "</body></html>", encoding="utf-8")
        ran = ran_in_chromium(browser, tmp_path, [""], canary)
    assert not ran, f"these payloads ran after sanitizing: {sorted(ran)}"
