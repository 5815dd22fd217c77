"""The ways to serve search that were weighed, measured on the same generated content.

`make bench-alternatives` runs this. At each size it generates content in our faq.yml
format (benchmarks/generate.py) and measures, for the query "payment guarantee" on a
freshly loaded page in Chromium, with every site behind nginx (benchmarks/served.py):

- ours: the help centre's split index, fetched when the reader reaches for search
  (keystroke to results in Material's search box, as `make bench` measures it);
- bare Material: lunr.js building its index in the browser from `search_index.json`,
  which every page downloads (same measure);
- lunr prebuilt: the same answers indexed at build time with the `lunr` package, loaded
  into lunr.js 2.3.9 (npm, benchmarks/web); the first search downloads the whole index
  and a list of titles (time from the query to ten titles, no interface);
- Pagefind 1.5 (PyPI `pagefind[bin]`), indexing bare Material's built pages; its own
  JavaScript API (time from the query to ten results' data, no interface).

For each: what the first search downloads (gzip, as a server sends it), its time (median
of three fresh pages, the four alternating), and the time to build the index. It prints a
Markdown table for the README and writes benchmarks/alternatives.json.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bare import write_bare_project  # noqa: E402
from build_cost import timed  # noqa: E402
from generate import ENTRIES_PER_CATEGORY, write_project  # noqa: E402
from machine import processors  # noqa: E402
from search_speed import COLD_QUERY, cold_search_seconds  # noqa: E402
from served import served  # noqa: E402
from sitetools import CHROMIUM_ARGS, chromium_path  # noqa: E402

from helpcentre.content import load_help_centre  # noqa: E402
from helpcentre.searchindex import FIELDS, search_documents  # noqa: E402

RESULTS = ROOT / "benchmarks" / "alternatives.json"
WEB = ROOT / "benchmarks" / "web"
LUNR_JS = WEB / "node_modules" / "lunr" / "lunr.min.js"

LUNR_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>lunr prebuilt</title>
<script src="lunr.min.js"></script><body></body></html>
"""
LUNR_SEARCH = """async (query) => {
  const start = performance.now();
  const [index, titles] = await Promise.all([fetch('index.json').then(r => r.json()),
                                             fetch('titles.json').then(r => r.json())]);
  const found = lunr.Index.load(index).search(query).slice(0, 10).map(hit => titles[hit.ref]);
  return [performance.now() - start, found.length];
}"""
PAGEFIND_SEARCH = """async (query) => {
  const start = performance.now();
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.slice(0, 10).map(result => result.data()));
  return [performance.now() - start, found.length];
}"""


def _gzip_bytes(urls: list[str], site: Path, part: str) -> int:
    """What the files at `urls` (those with `part` in their address) weigh gzip-compressed,
    read from the site served."""
    total = 0
    for path in {urlsplit(url).path for url in urls if part in url}:
        data = (site / path.lstrip("/")).read_bytes()
        total += min(len(data), len(gzip.compress(data, compresslevel=6)))
    return total


def _loaded(response_urls: list[str]):
    return lambda response: response_urls.append(response.url) if response.status == 200 else None


def lunr_site(project: Path, target: Path) -> float:
    """The answers indexed with the lunr package into `target`; returns the seconds it took."""
    from lunr import lunr

    help_centre = load_help_centre(project)
    start = time.perf_counter()
    documents = list(search_documents(help_centre, bodies={}, to_html=lambda text: text))
    index = lunr(ref="id", fields=[{"field_name": name, "boost": boost} for name, boost
                                   in zip(FIELDS, (10, 4, 6, 1, 1))],
                 documents=[{"id": d.id, **{name: d.fields.get(name, "") for name in FIELDS}} for d in documents])
    target.mkdir(parents=True)
    (target / "index.json").write_text(json.dumps(index.serialize(), separators=(",", ":")), encoding="utf-8")
    seconds = time.perf_counter() - start
    titles = {d.id: [d.title, d.url] for d in documents}
    (target / "titles.json").write_text(json.dumps(titles, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (target / "index.html").write_text(LUNR_PAGE, encoding="utf-8")
    shutil.copy(LUNR_JS, target / "lunr.min.js")
    return seconds


def scripted_search(browser, url: str, site: Path, script: str, part: str) -> tuple[float, int]:
    """A first search through a script in a freshly loaded page: seconds and gzip bytes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        urls: list[str] = []
        context.on("response", _loaded(urls))
        milliseconds, found = page.evaluate(script, COLD_QUERY)
        if found == 0:
            raise SystemExit(f"{url}: the search for {COLD_QUERY!r} found nothing")
        return milliseconds / 1000, _gzip_bytes(urls, site, part)
    finally:
        context.close()


def ui_search(browser, url: str, site: Path) -> tuple[float, int]:
    """A first search in Material's box: seconds, and gzip bytes of the search files the
    page loaded (for bare Material, its whole index, which every page loads)."""
    urls: list[str] = []
    seconds = cold_search_seconds(browser, url, on_response=_loaded(urls))
    return seconds, _gzip_bytes(urls, site, "/search/")


def measure(entries: int, runs: int, work: Path, browser) -> dict:
    project = write_project(work / f"ours-{entries}", entries)
    bare = write_bare_project(project, work / f"bare-{entries}", site_url="http://127.0.0.1:8000/")
    ours_site, bare_site, lunr_dir = work / f"site-ours-{entries}", work / f"site-bare-{entries}", work / f"lunr-{entries}"
    build = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir"]
    times = {"ours": timed([*build, str(ours_site)], project)[0], "bare": timed([*build, str(bare_site)], bare)[0]}
    times["lunr"] = lunr_site(project, lunr_dir)
    times["pagefind"] = timed([sys.executable, "-m", "pagefind", "--site", str(bare_site), "--quiet"], bare)[0]
    page = f"topic-{(entries // ENTRIES_PER_CATEGORY) // 2:05d}/"
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in ("ours", "bare", "lunr", "pagefind")}
    with contextlib.ExitStack() as stack:
        ours_url = stack.enter_context(served(ours_site, work, ours=True)) + page
        bare_url = stack.enter_context(served(bare_site, work, ours=False)) + page
        lunr_url = stack.enter_context(served(lunr_dir, work, ours=False))
        for _ in range(runs):
            samples["ours"].append(ui_search(browser, ours_url, ours_site))
            samples["bare"].append(ui_search(browser, bare_url, bare_site))
            samples["lunr"].append(scripted_search(browser, lunr_url, lunr_dir, LUNR_SEARCH, ".json"))
            samples["pagefind"].append(scripted_search(browser, bare_url, bare_site, PAGEFIND_SEARCH, "/pagefind/"))
    shutil.rmtree(project)
    shutil.rmtree(bare)
    return {"entries": entries, **{name: {
        "index_build_s": round(times[name], 2),
        "first_search_s": round(statistics.median(s for s, _ in values), 3),
        "first_search_gzip_bytes": int(statistics.median(b for _, b in values)),
    } for name, values in samples.items()}}


LABELS = {"ours": "ours: split index, fetched when the reader reaches for search",
          "bare": "bare Material: lunr.js indexes in the browser",
          "lunr": "lunr index prebuilt at build time (`lunr` package)",
          "pagefind": "Pagefind 1.5 over the built pages"}


def table(results: list[dict]) -> str:
    sizes = [r["entries"] for r in results]
    head = " | ".join(f"{n:,} entries: first search (downloads, time) | index built in" for n in sizes)
    rows = [f"| way | {head} |", "| --- |" + " ---: | ---: |" * len(sizes)]
    for name, label in LABELS.items():
        cells = " | ".join(f"{r[name]['first_search_gzip_bytes'] / 1024:,.0f} KB, {r[name]['first_search_s'] * 1000:,.0f} ms "
                           f"| {r[name]['index_build_s']:.1f} s" for r in results)
        rows.append(f"| {label} | {cells} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="entry counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="fresh pages per way and size (at least 3)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be 3 or more")
    if not LUNR_JS.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB, check=True)
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="helpcentre-alternatives-") as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for entries in (int(size) for size in args.sizes.split(",")):
            print(f"  {entries} entries", file=sys.stderr, flush=True)
            results.append(measure(entries, args.runs, Path(work), browser))
        browser.close()
    args.output.write_text(json.dumps({"machine": processors(), "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"Measured on {processors()}; medians of {args.runs} fresh pages each, the four ways alternating.\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
