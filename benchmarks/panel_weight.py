"""What the help panel fetches in a portal page: when it opens, and on its first search.

Used by `make bench` (build_cost.py) at each size, and alone by `make bench-panel`. The
built site is served behind nginx as production serves it (benchmarks/served.py); a
stand-in portal page on another origin loads the panel under the portal's short policy.
In Chromium, every response the page receives from the moment the panel's button is
pressed until the network has been quiet for a second is counted, each gzip-compressed as
a web server sends it; then the same from the moment the first query is typed into the
panel's search until its results show and the network is quiet again. The module itself
is loaded with the portal's page, before anyone opens the panel, and is not counted.
"""
from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from search_speed import wait_until_quiet  # noqa: E402
from sitetools import serve_directory  # noqa: E402

QUERY = "payment guarantee"
SCREEN = "my-claims"
PHONE = {"width": 390, "height": 844}
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' {origin}; connect-src {origin}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Portal</title>
<script type="module" src="{help}widget/help-centre.js"></script></head>
<body><header><help-centre-panel screen="{screen}"><a href="{help}go/contact-it-support/">Help</a></help-centre-panel></header>
<main><h1>My Claims</h1></main></body></html>
"""


def add_portal_screens(project: Path) -> None:
    """Give a generated project the real portal-screens.yml, its screen ids locked."""
    shutil.copy2(ROOT / "portal-screens.yml", project / "portal-screens.yml")
    subprocess.run([sys.executable, "-m", "helpcentre", "lock", "--root", str(project)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def panel_bytes(browser, help_url: str) -> dict:
    """Gzip bytes the panel fetches on opening and on its first search, with the files' names."""
    with tempfile.TemporaryDirectory(prefix="helpcentre-portal-") as folder:
        (Path(folder) / "index.html").write_text(HOST_PAGE.format(
            origin=help_url.rstrip("/"), help=help_url, screen=SCREEN), encoding="utf-8")
        server = serve_directory(Path(folder), 0)
        portal = next(server).url
        context = browser.new_context(viewport=PHONE)
        responses: list = []
        context.on("response", lambda response: responses.append(response))
        try:
            page = context.new_page()
            page.goto(portal, wait_until="load")
            page.wait_for_function("() => customElements.get('help-centre-panel') !== undefined")
            wait_until_quiet(page, responses)
            start = len(responses)
            page.locator("help-centre-panel .open").click()
            page.locator("help-centre-panel .questions summary").first.wait_for(timeout=60_000)
            wait_until_quiet(page, responses)
            opened = responses[start:]
            start = len(responses)
            page.locator("help-centre-panel .search input").fill(QUERY)
            page.wait_for_function("(text) => document.querySelector('help-centre-panel').shadowRoot"
                                   ".querySelector('.results').dataset.query === text", arg=QUERY, timeout=60_000)
            wait_until_quiet(page, responses)
            searched = responses[start:]
            found = page.locator("help-centre-panel .results summary .title").count()
            return {"open_gzip_bytes": _gzip_total(opened), "open_files": _names(opened, help_url),
                    "search_gzip_bytes": _gzip_total(searched), "search_files": _names(searched, help_url),
                    "search_results": found}
        finally:
            context.close()
            server.close()


def _gzip_total(responses: list) -> int:
    return sum(len(gzip.compress(r.body(), compresslevel=6)) for r in responses
               if r.status == 200 and r.request.method == "GET")


def _names(responses: list, help_url: str) -> list[str]:
    """Each file fetched, with its gzip size: 'api/screens/my-claims.json (1,374 B)'."""
    return [f"{r.url.removeprefix(help_url)} ({len(gzip.compress(r.body(), compresslevel=6)):,} B)"
            for r in responses if r.request.method == "GET" and r.status == 200]


def table(results: list[dict]) -> str:
    """The README's row: the panel's bytes at each size, each against the smallest size's."""
    first = results[0]
    rows = ["| entries | panel opens, gzip (× smallest) | first panel search, gzip (× smallest) |",
            "| ---: | ---: | ---: |"]
    for r in results:
        rows.append(f"| {r['entries']:,} | {r['open_gzip_bytes'] / 1024:,.1f} KB "
                    f"({r['open_gzip_bytes'] / first['open_gzip_bytes']:.2f}) "
                    f"| {r['search_gzip_bytes'] / 1024:,.1f} KB ({r['search_gzip_bytes'] / first['search_gzip_bytes']:.2f}) |")
    return "\n".join(rows)
