"""Lighthouse in mobile mode: our site against bare Material on the same pages, one run.

Builds our site and bare Material's build of the same rendered pages (benchmarks/bare.py),
serves both on loopback, and runs Lighthouse (npm, benchmarks/web) through Debian's
Chromium (CHROME_PATH) on the home page, a category page and a guide, alternating between
the two sites, RUNS times each. Reports medians and the difference (ours minus bare) for
the performance score, first and largest contentful paint, total blocking time and layout
shift, and the other category scores of our site. Writes benchmarks/web-results.json and
prints the Markdown table kept in the README. A benchmark, not a test.
"""
from __future__ import annotations

import argparse
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
from sitetools import CHROMIUM_ARGS, build_site, chromium_path, free_port, serve_directory  # noqa: E402

PAGES = {"home": "", "category": "claims-and-family/", "guide": "documents/find-referral/"}
LIGHTHOUSE = ROOT / "benchmarks" / "web" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "benchmarks" / "web-results.json"
METRICS = {  # Lighthouse audit → (our name, scale to the unit shown)
    "first-contentful-paint": ("fcp_s", 1 / 1000),
    "largest-contentful-paint": ("lcp_s", 1 / 1000),
    "total-blocking-time": ("tbt_ms", 1),
    "cumulative-layout-shift": ("cls", 1),
}


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile, simulated throttling, its defaults) on `url`."""
    report = Path(tempfile.mkstemp(suffix=".json")[1])
    try:
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS[1:]])],
            env={**os.environ, "CHROME_PATH": chromium_path()}, check=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    finally:
        report.unlink(missing_ok=True)
    row = {key: round(value["score"] * 100) for key, value in data["categories"].items()}
    for audit, (name, scale) in METRICS.items():
        row[name] = round(data["audits"][audit]["numericValue"] * scale, 3)
    element = data["audits"].get("largest-contentful-paint-element", {}).get("details", {})
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
    servers = {name: serve_directory(site, ports[name]) for name, site in sites.items()}
    urls = {name: next(server).url for name, server in servers.items()}
    runs: dict[str, dict[str, list[dict]]] = {page: {"ours": [], "bare": []} for page in PAGES}
    try:
        for run in range(args.runs):
            for page, path in PAGES.items():
                for name in (("ours", "bare") if run % 2 == 0 else ("bare", "ours")):  # alternate who goes first
                    print(f"  run {run + 1} of {args.runs}: {page}, {name}", file=sys.stderr, flush=True)
                    runs[page][name].append(lighthouse(urls[name] + path))
    finally:
        for server in servers.values():
            server.close()
    results = {"machine": machine(), "runs": args.runs, "pages": {}}
    for page, path in PAGES.items():
        summary = {"url": path or "/"}
        for name in ("ours", "bare"):
            rows = runs[page][name]
            summary[name] = {key: statistics.median(row[key] for row in rows)
                             for key in ("performance", "accessibility", "best-practices", "seo", *[m[0] for m in METRICS.values()])}
            summary[name]["runs"] = rows
        results["pages"][page] = summary
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return 0


def table(results: dict) -> str:
    lines = [f"Lighthouse on {results['machine']}; medians of {results['runs']} runs each, the two sites "
             "alternating. Ours / bare Material (difference):", "",
             "| page | performance | FCP | LCP | TBT | CLS | accessibility, best practices, SEO (ours) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for page, row in results["pages"].items():
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
