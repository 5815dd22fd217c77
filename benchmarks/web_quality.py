"""Lighthouse in mobile mode: our site against bare Material on the same pages, one run.

Builds our site and bare Material's build of the same rendered pages (benchmarks/bare.py),
serves both behind nginx on loopback, and runs Lighthouse (npm, benchmarks/web) through Debian's
Chromium (CHROME_PATH) on the home page, a category page and a guide, alternating between
the two sites, RUNS times each. Reports medians and the difference (ours minus bare) for
the performance score, first and largest contentful paint, total blocking time and layout
shift, and the other category scores of our site.

Then a customer's first minute (tests/first_minute.py) on the same pages: the slow profile
(4x CPU, slow 4G) at 390 and 1280 px, RUNS fresh visits each, the two sites alternating:
when the reader could first tap the search, how many taps were lost, how long from the
first paint (when the reader taps, then types "password") to the results, and from the
page's first answer to the tap, when results came, and the first and largest paint.

Writes benchmarks/web-results.json and prints the Markdown tables kept in the README. A
benchmark, not a test.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bare import write_bare_project  # noqa: E402
from machine import processors  # noqa: E402
from first_minute import first_minute  # noqa: E402
from served import served  # noqa: E402
from sitetools import CHROMIUM_ARGS, build_site, chromium_path, free_port  # noqa: E402

PAGES = {"home": "", "category": "claims-and-family/", "guide": "documents/find-referral/"}
FIRST_MINUTE_PAGES = ("home", "guide")
FIRST_MINUTE_WIDTHS = (390, 1280)
LIGHTHOUSE = ROOT / "benchmarks" / "web" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "benchmarks" / "web-results.json"
METRICS = {  # Lighthouse audit → (our name, scale to the unit shown)
    "first-contentful-paint": ("fcp_s", 1 / 1000),
    "largest-contentful-paint": ("lcp_s", 1 / 1000),
    "total-blocking-time": ("tbt_ms", 1),
    "cumulative-layout-shift": ("cls", 1),
}


def lighthouse(url: str, throttling: str = "simulate") -> dict:
    """One Lighthouse run (mobile, its defaults) on `url`. `throttling` "simulate" (the
    default) estimates the slow phone from an unthrottled load; "devtools" slows the load
    itself. Lighthouse now and then fails to record a trace (NO_NAVSTART): tried again once."""
    report = Path(tempfile.mkstemp(suffix=".json")[1])
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=performance,accessibility,best-practices,seo", f"--throttling-method={throttling}",
               "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS[1:]])]
    environment = {**os.environ, "CHROME_PATH": chromium_path()}
    try:
        if subprocess.run(command, env=environment, timeout=300).returncode != 0:
            subprocess.run(command, env=environment, timeout=300, check=True)  # once more, then give up
        data = json.loads(report.read_text(encoding="utf-8"))
    finally:
        report.unlink(missing_ok=True)
    return report_row(data)


def report_row(data: dict) -> dict:
    """One row of the table from a Lighthouse report: the scores, the metrics, the element."""
    row = {key: round(value["score"] * 100) for key, value in data["categories"].items()}
    for audit, (name, scale) in METRICS.items():
        row[name] = round(data["audits"][audit]["numericValue"] * scale, 3)
    # Lighthouse 13 names the element in its LCP breakdown; earlier versions in an audit of its own
    element = (data["audits"].get("lcp-breakdown-insight") or data["audits"].get("largest-contentful-paint-element")
               or {}).get("details") or {}
    row["lcp_element"] = _lcp_element(element)
    return row


def _lcp_element(details: dict) -> str:
    """What Lighthouse names as the largest contentful paint, briefly."""
    for item in details.get("items", []):
        for node in item.get("items", []) if "items" in item else [item]:
            node = node.get("node", node)
            if isinstance(node, dict) and node.get("selector"):
                return node["selector"]
    return ""


def machine() -> str:
    version = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip()
    return f"{processors()}, {version}, Lighthouse 13.5.0 (mobile)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and site (at least 3)")
    parser.add_argument("--skip-lighthouse", action="store_true", help="only the first-minute table")
    parser.add_argument("--throttling", choices=("simulate", "devtools"), default="simulate",
                        help="Lighthouse's throttling; devtools: the Lighthouse table only, kept beside the default's")
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be 3 or more")
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=LIGHTHOUSE.parents[2], check=True)
    work = Path(tempfile.mkdtemp(prefix="web-bench-"))
    ports = {"ours": free_port(), "bare": free_port()}
    sites = {"ours": build_site(ROOT, work / "ours", site_url=f"http://127.0.0.1:{ports['ours']}/")}
    bare_project = write_bare_project(ROOT, work / "bare-project", site_url=f"http://127.0.0.1:{ports['bare']}/")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(work / "bare")],
                   cwd=bare_project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    sites["bare"] = work / "bare"
    # Both behind Debian's nginx, as production serves them (benchmarks/served.py).
    stack = contextlib.ExitStack()
    urls = {name: stack.enter_context(served(site, work, ours=name == "ours", port=ports[name]))
            for name, site in sites.items()}
    runs: dict[str, dict[str, list[dict]]] = {page: {"ours": [], "bare": []} for page in PAGES}
    visits: dict[str, dict[str, list[dict]]] = {}
    try:
        for run in range(0 if args.skip_lighthouse else args.runs):
            for page, path in PAGES.items():
                for name in (("ours", "bare") if run % 2 == 0 else ("bare", "ours")):  # alternate who goes first
                    print(f"  run {run + 1} of {args.runs}: {page}, {name}", file=sys.stderr, flush=True)
                    runs[page][name].append(lighthouse(urls[name] + path, args.throttling))
        if args.throttling == "simulate":
            visits = first_minute_runs(urls, args.runs)
    finally:
        stack.close()
    keep = args.skip_lighthouse or args.throttling != "simulate"
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if keep and RESULTS.exists() else {}
    pages = "pages" if args.throttling == "simulate" else "pages_devtools"
    # each table keeps the number of runs it was made from
    results.update({"machine": machine(), ("runs" if pages == "pages" else f"{pages}_runs"): args.runs})
    if not args.skip_lighthouse:
        results[pages] = {}
        for page, path in PAGES.items():
            summary = {"url": path or "/"}
            for name in ("ours", "bare"):
                rows = runs[page][name]
                summary[name] = {key: statistics.median(row[key] for row in rows)
                                 for key in ("performance", "accessibility", "best-practices", "seo", *[m[0] for m in METRICS.values()])}
                summary[name]["runs"] = rows
            results[pages][page] = summary
    if visits:
        results["first_minute"] = visits
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for key in ("pages", "pages_devtools"):
        if key in results:
            print(table(results, key))
            print()
    if "first_minute" in results:
        print(first_minute_table(results))
    return 0


def first_minute_runs(urls: dict[str, str], runs: int) -> dict[str, dict[str, list[dict]]]:
    """RUNS fresh visits per page, width and site on the slow profile, the sites alternating."""
    from playwright.sync_api import sync_playwright

    visits: dict[str, dict[str, list[dict]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for run in range(runs):
                for page in FIRST_MINUTE_PAGES:
                    for width in FIRST_MINUTE_WIDTHS:
                        key = f"{page} at {width} px"
                        for name in (("ours", "bare") if run % 2 == 0 else ("bare", "ours")):
                            print(f"  first minute, run {run + 1} of {runs}: {key}, {name}", file=sys.stderr, flush=True)
                            visit = first_minute(browser, urls[name] + PAGES[page], width)
                            visits.setdefault(key, {"ours": [], "bare": []})[name].append(visit)
        finally:
            browser.close()
    return visits


def first_minute_table(results: dict) -> str:
    """The first-minute table: medians of the runs, ours / bare Material."""
    lines = [f"A customer's first minute on {results['machine'].split(', Lighthouse')[0]}: 4x CPU and slow 4G "
             f"(150 ms, 1.6 Mbit/s); tap the search at the first paint, type \"password\". Medians of "
             f"{results['runs']} fresh visits each, the two sites alternating; lost taps are the total; "
             "times are from the start of the visit, except the two waits: first paint to results (the reader "
             "taps at the first paint) and tap to results (from when the page first answered the tap; a page "
             "whose main thread is busy at the first paint starts this clock later). Ours / bare Material:", "",
             "| page and width | first tap at | lost taps | first paint to results | tap to results | results at "
             "| first paint | largest paint |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, sites in results["first_minute"].items():
        ours, bare = sites["ours"], sites["bare"]

        def pair(field) -> str:
            value = field if callable(field) else (lambda visit: visit[field])
            return (f"{statistics.median(value(v) for v in ours) / 1000:.2f} / "
                    f"{statistics.median(value(v) for v in bare) / 1000:.2f} s")
        lost = f"{sum(v['lost_taps'] for v in ours)} / {sum(v['lost_taps'] for v in bare)}"
        waited = pair(lambda visit: visit["results_ms"] - visit["fcp_ms"])
        lines.append(f"| {key} | {pair('tap_ms')} | {lost} | {waited} | {pair('tap_to_results_ms')} "
                     f"| {pair('results_ms')} | {pair('fcp_ms')} | {pair('lcp_ms')} |")
    return "\n".join(lines)


def table(results: dict, key: str = "pages") -> str:
    how = ("simulated throttling, Lighthouse's default" if key == "pages"
           else "devtools throttling: the load itself slowed, as the first minute below is")
    lines = [f"Lighthouse on {results['machine']} ({how}); medians of {results.get(f'{key}_runs', results['runs'])} runs each, the two sites "
             "alternating. Ours / bare Material (difference):", "",
             "| page | performance | FCP | LCP | TBT | CLS | accessibility, best practices, SEO (ours) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for page, row in results[key].items():
        ours, bare = row["ours"], row["bare"]
        lines.append(
            f"| {page} (`{row['url']}`) "
            f"| {ours['performance']:.0f} / {bare['performance']:.0f} ({ours['performance'] - bare['performance']:+.0f}) "
            f"| {ours['fcp_s']:.2f} / {bare['fcp_s']:.2f} s ({ours['fcp_s'] - bare['fcp_s']:+.2f}) "
            f"| {ours['lcp_s']:.2f} / {bare['lcp_s']:.2f} s ({ours['lcp_s'] - bare['lcp_s']:+.2f}) "
            f"| {ours['tbt_ms']:.0f} / {bare['tbt_ms']:.0f} ms ({ours['tbt_ms'] - bare['tbt_ms']:+.0f}) "
            f"| {ours['cls']:.3f} / {bare['cls']:.3f} "
            f"| {ours['accessibility']:.0f}, {ours['best-practices']:.0f}, {ours['seo']:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
