"""Search quality and speed in Chromium: our site against bare Material, same queries.

Builds both sites, types every query of both halves of the suite (tests/search/
queries-tuning.yml and queries-heldout.yml) into each site's own search box, and reports
hit@1, hit@3, MRR and the time from the last keystroke to settled results; then does the
timing again on a site with 1,000 generated entries. Every result row counts as a place,
as in the tests. Writes benchmarks/search-quality.json and prints the README's table.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "search"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bare import write_bare_project  # noqa: E402
from browser_runner import run, search_hrefs  # noqa: E402
from generate import write_project  # noqa: E402
from quality import HELD_OUT, TUNING, load_queries  # noqa: E402
from sitetools import CHROMIUM_ARGS, build_site, chromium_path, free_port, serve_directory  # noqa: E402

RESULTS = ROOT / "benchmarks" / "search-quality.json"


def _build(project: Path, site: Path, port: int) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=project, env={**env, "SITE_URL": f"http://127.0.0.1:{port}/"}, check=True)
    return site


def _measure(browser, site: Path, port: int, halves: dict, links) -> dict:
    server = serve_directory(site, port)
    url = next(server).url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    results, timings = {}, []
    try:
        for name, queries in halves.items():
            report, seconds = run(context.new_page(), url, queries, links)
            results[name] = report.as_dict()
            timings += seconds
    finally:
        context.close()
        server.close()
    results["latency_ms_median"] = round(statistics.median(timings) * 1000)
    return results


def main() -> None:
    from playwright.sync_api import sync_playwright

    halves = {"tuning": load_queries(TUNING), "held_out": load_queries(HELD_OUT)}
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    ports = {name: free_port() for name in ("ours", "bare", "large")}
    ours = _build(ROOT, work / "ours", ports["ours"])
    links = json.loads((ours / "links.json").read_text(encoding="utf-8"))
    bare_project = write_bare_project(ROOT, work / "bare-project", site_url=f"http://127.0.0.1:{ports['bare']}/")
    bare = work / "bare"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(bare)],
                   cwd=bare_project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    large_project = write_project(work / "large-project", 1000)
    large = _build(large_project, work / "large", ports["large"])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            results = {"ours": _measure(browser, ours, ports["ours"], halves, links),
                       "bare": _measure(browser, bare, ports["bare"], halves, links)}
            server = serve_directory(large, ports["large"])
            url = next(server).url
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.locator(".md-search__input").click()
            timings = [search_hrefs(page, query.text)[1] for query in halves["tuning"][:30]]
            server.close()
            results["large_1000_entries"] = {"latency_ms_median": round(statistics.median(timings) * 1000),
                                             "latency_ms_max": round(max(timings) * 1000)}
        finally:
            browser.close()
    results["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results["queries"] = {name: len(queries) for name, queries in halves.items()}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


def table(results: dict) -> str:
    ours, bare, large = results["ours"], results["bare"], results["large_1000_entries"]
    counts = results["queries"]

    def cells(site: dict) -> str:
        return " | ".join(f"{site[half]['hit_at_1']:.2f} | {site[half]['hit_at_3']:.2f} | {site[half]['mrr']:.2f}"
                          for half in ("tuning", "held_out"))

    rows = [
        f"Customer queries typed into each site's search box in Chromium ({results['machine']}): "
        f"the tuning half ({counts['tuning']} queries) and the held-out half ({counts['held_out']}):",
        "",
        "| site | tuning hit@1 | tuning hit@3 | tuning MRR | held-out hit@1 | held-out hit@3 | held-out MRR "
        "| keystroke to results (median) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| plain Material, same pages | {cells(bare)} | {bare['latency_ms_median']} ms |",
        f"| this help centre | {cells(ours)} | {ours['latency_ms_median']} ms |",
        f"| this help centre, 1,000 generated entries | | | | | | | {large['latency_ms_median']} ms "
        f"(slowest {large['latency_ms_max']} ms) |",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    main()
