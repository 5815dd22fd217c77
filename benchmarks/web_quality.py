"""Lighthouse in mobile mode on three pages: a benchmark of the machine it runs on.

Builds the site, serves it on loopback, and runs Lighthouse (npm, benchmarks/web) through
Debian's Chromium (CHROME_PATH) on the home page, a category page and a guide. Writes
benchmarks/web-results.json and prints the Markdown table kept in the README.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitetools import CHROMIUM_ARGS, build_site, chromium_path, free_port, serve_directory  # noqa: E402

PAGES = {"home": "", "category": "claims-and-family/", "guide": "documents/find-referral/"}
LIGHTHOUSE = ROOT / "benchmarks" / "web" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "benchmarks" / "web-results.json"


def main() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=LIGHTHOUSE.parents[2], check=True)
    port = free_port()
    site = build_site(ROOT, Path(tempfile.mkdtemp(prefix="web-bench-")), site_url=f"http://127.0.0.1:{port}/")
    server = serve_directory(site, port)
    url = next(server).url
    results = {}
    try:
        for name, path in PAGES.items():
            report = Path(tempfile.mkstemp(suffix=".json")[1])
            subprocess.run(
                [str(LIGHTHOUSE), url + path, "--quiet", "--output=json", f"--output-path={report}",
                 "--only-categories=performance,accessibility,best-practices,seo",
                 "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS[1:]])],
                env={**os.environ, "CHROME_PATH": chromium_path()}, check=True, timeout=300)
            data = json.loads(report.read_text(encoding="utf-8"))
            results[name] = {"url": path or "/",
                             **{key: round(value["score"] * 100) for key, value in data["categories"].items()},
                             "first_contentful_paint_s": round(data["audits"]["first-contentful-paint"]["numericValue"] / 1000, 2)}
    finally:
        server.close()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| page | performance | accessibility | best practices | SEO |")
    print("| --- | --- | --- | --- | --- |")
    for name, row in results.items():
        print(f"| {name} (`{row['url']}`) | {row['performance']} | {row['accessibility']} | "
              f"{row['best-practices']} | {row['seo']} |")


if __name__ == "__main__":
    main()
