"""What our build costs against bare Material for MkDocs, from 100 to 10,000 entries, and
what a reader's browser downloads and waits for on each.

`make bench` runs this. For each size it generates content in our own faq.yml format
(benchmarks/generate.py), writes the same rendered pages as a bare Material project
(benchmarks/bare.py), and measures, each at least three times with our build and bare
Material alternating:

- our full build: `mkdocs build` with the hooks, validation and all outputs;
- bare Material building the same Markdown (Material, search, no hooks);
- the same two on the second engine: our full build with Zensical (the core prepares the
  pages, Zensical builds them, the core finishes the site: helpcentre/engines.py), and bare
  Zensical building the bare project (`zensical build`), with peak memory and first visit;
- validation alone (`python -m helpcentre check`), and a bare LibYAML load of the same
  faq.yml (`yaml.load(..., Loader=yaml.CSafeLoader)`, nothing checked) for comparison;
- the peak memory (maximum resident set) of each build process;
- the search files, raw and gzip-compressed;
- in Chromium (benchmarks/search_speed.py), with both sites behind nginx
  (benchmarks/served.py), on a typical category page of each site: what
  a first visit downloads before the reader touches anything (search included), the first
  search on a freshly loaded page, and later searches;
- at the smallest size, how long `mkdocs serve` takes to show an edit of faq.yml;
- what the help panel fetches in a portal page on another origin when it opens and on its
  first search (benchmarks/panel_weight.py); `--panel-only` (`make bench-panel`) measures
  only this, with one build per size.

It writes benchmarks/results.json and prints Markdown tables for the README. Timings are
medians; the ratio ours/bare is taken from runs made side by side, so a busy machine
slows both alike.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bare import write_bare_project  # noqa: E402
from generate import ENTRIES_PER_CATEGORY, write_project  # noqa: E402
from machine import processors  # noqa: E402
from panel_weight import add_portal_screens, panel_bytes  # noqa: E402
from panel_weight import table as panel_table  # noqa: E402
from search_speed import cold_search_seconds, first_visit_bytes, warm_search_seconds  # noqa: E402
from served import served  # noqa: E402
from sitetools import CHROMIUM_ARGS, chromium_path, free_port, wait_for_text  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"
PANEL_RESULTS = ROOT / "benchmarks" / "panel.json"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run `command`; return its wall time in seconds and its peak memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{error}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def build(project: Path, site: Path) -> tuple[float, float]:
    shutil.rmtree(site, ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], project)


def build_zensical(project: Path, site: Path) -> tuple[float, float]:
    """Our whole build with Zensical as the engine: prepare, `zensical build`, finish."""
    shutil.rmtree(site, ignore_errors=True)
    return timed([sys.executable, "-c", "import sys; from pathlib import Path; from helpcentre.engines import build; "
                  "sys.exit(build('zensical', root=Path(sys.argv[1]), site_dir=Path(sys.argv[2])))",
                  str(project), str(site)], ROOT)


def build_bare_zensical(bare: Path) -> tuple[float, float]:
    """Bare Zensical building the bare project into its site/ (it builds inside the project)."""
    shutil.rmtree(bare / "site", ignore_errors=True)
    return timed([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(bare / "mkdocs.yml")], bare)


def search_sizes(site: Path) -> tuple[int, int]:
    """All search files of a built site, raw and gzip-compressed."""
    raw = packed = 0
    for path in (site / "search").rglob("*.json"):
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, compresslevel=6))
    return raw, packed


def libyaml_load_command(faq: Path) -> list[str]:
    """A process that only parses faq.yml with LibYAML: the floor for validation."""
    return [sys.executable, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
            "Loader=yaml.CSafeLoader)", str(faq)]


def serve_rebuild_seconds(project: Path, edits: int) -> list[float]:
    """Seconds from saving an edit of faq.yml until `mkdocs serve` serves the new text."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/topic-00000/"
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"},
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(url, "(0)?", 300)
        faq = project / "faq.yml"
        seconds = []
        for edit in range(edits):
            text = faq.read_text(encoding="utf-8")
            marker = f"edited {edit}"
            text = re.sub(r"(question: How do I \w+ my [\w ]+) \(0\)\?", rf"\1 (0) {marker}?", text, count=1)
            time.sleep(1.5)  # a person pauses between saves; the watcher must be idle again
            start = time.perf_counter()
            faq.write_text(text, encoding="utf-8")
            _wait_for(url, marker, 120)
            seconds.append(time.perf_counter() - start)
            text = re.sub(rf" {marker}\?", "?", text, count=1)
            faq.write_text(text, encoding="utf-8")
            _wait_for(url, marker, 120, present=False)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for(url: str, text: str, seconds: float, *, present: bool = True) -> None:
    if not wait_for_text(url, text, seconds, present=present, interval=0.02):
        raise SystemExit(f"mkdocs serve {'never showed' if present else 'still shows'} {text!r} at {url}")


def measure(entries: int, runs: int, work: Path, browser) -> dict:
    project = write_project(work / f"ours-{entries}", entries)
    add_portal_screens(project)
    bare = write_bare_project(project, work / f"bare-{entries}", site_url="http://127.0.0.1:8000/")
    ours_times, bare_times, ours_memory, bare_memory, validate_times, load_times = [], [], [], [], [], []
    zensical_times, zensical_memory, bare_zensical_times, bare_zensical_memory = [], [], [], []
    for run in range(runs):
        print(f"  {entries} entries, run {run + 1} of {runs}", file=sys.stderr, flush=True)
        seconds, memory = build(project, work / "site-ours")
        ours_times.append(seconds)
        ours_memory.append(memory)
        seconds, memory = build(bare, work / "site-bare")
        bare_times.append(seconds)
        bare_memory.append(memory)
        seconds, memory = build_zensical(project, work / "site-zensical")
        zensical_times.append(seconds)
        zensical_memory.append(memory)
        seconds, memory = build_bare_zensical(bare)
        bare_zensical_times.append(seconds)
        bare_zensical_memory.append(memory)
        seconds, _ = timed([sys.executable, "-m", "helpcentre", "check", "--root", str(project)], ROOT)
        validate_times.append(seconds)
        seconds, _ = timed(libyaml_load_command(project / "faq.yml"), ROOT)
        load_times.append(seconds)
    category = f"topic-{(entries // ENTRIES_PER_CATEGORY) // 2:05d}"
    index_bytes, index_gzip = search_sizes(work / "site-ours")
    bare_index_bytes, bare_index_gzip = search_sizes(work / "site-bare")
    in_browser = browser_measures(browser, work / "site-ours", work / "site-bare", f"{category}/", runs)
    with served(work / "site-zensical", work, ours=True) as zensical_root:
        zensical_first_visit = first_visit_bytes(browser, zensical_root + f"{category}/")
    pages = sum(1 for path in (work / "site-ours").rglob("index.html")
                if not path.relative_to(work / "site-ours").as_posix().startswith("go/"))
    result = {
        "entries": entries,
        "pages": pages,
        "build_s": round(statistics.median(ours_times), 3),
        "bare_build_s": round(statistics.median(bare_times), 3),
        "ratio": round(statistics.median(o / b for o, b in zip(ours_times, bare_times)), 3),
        "validate_s": round(statistics.median(validate_times), 3),
        "libyaml_load_s": round(statistics.median(load_times), 3),
        "peak_mb": round(max(ours_memory), 1),
        "bare_peak_mb": round(max(bare_memory), 1),
        "index_bytes": index_bytes,
        "index_gzip_bytes": index_gzip,
        "bare_index_bytes": bare_index_bytes,
        "bare_index_gzip_bytes": bare_index_gzip,
        **in_browser,
        "zensical_build_s": round(statistics.median(zensical_times), 3),
        "bare_zensical_build_s": round(statistics.median(bare_zensical_times), 3),
        "zensical_peak_mb": round(max(zensical_memory), 1),
        "bare_zensical_peak_mb": round(max(bare_zensical_memory), 1),
        "zensical_first_visit_gzip_bytes": zensical_first_visit,
        "zensical_build_runs_s": [round(t, 3) for t in zensical_times],
        "runs": runs,
        "build_runs_s": [round(t, 3) for t in ours_times],
        "bare_build_runs_s": [round(t, 3) for t in bare_times],
    }
    shutil.rmtree(project)
    shutil.rmtree(bare)
    return result


def browser_measures(browser, ours: Path, bare: Path, page: str, runs: int) -> dict:
    """First visit, cold and warm search on both sites, alternating, both behind nginx."""
    with served(ours, ours.parent, ours=True) as ours_root, served(bare, bare.parent, ours=False) as bare_root:
        ours_url, bare_url = ours_root + page, bare_root + page
        cold = {"ours": [], "bare": []}
        for _ in range(runs):
            cold["ours"].append(cold_search_seconds(browser, ours_url))
            cold["bare"].append(cold_search_seconds(browser, bare_url))
        panel = panel_bytes(browser, ours_root)
        return {
            "panel_open_gzip_bytes": panel["open_gzip_bytes"],
            "panel_search_gzip_bytes": panel["search_gzip_bytes"],
            "panel_files": {"open": panel["open_files"], "search": panel["search_files"]},
            "first_visit_gzip_bytes": first_visit_bytes(browser, ours_url),
            "bare_first_visit_gzip_bytes": first_visit_bytes(browser, bare_url),
            "cold_search_s": round(statistics.median(cold["ours"]), 3),
            "bare_cold_search_s": round(statistics.median(cold["bare"]), 3),
            "cold_search_runs_s": [round(t, 3) for t in cold["ours"]],
            "bare_cold_search_runs_s": [round(t, 3) for t in cold["bare"]],
            "warm_search_s": round(warm_search_seconds(browser, ours_url), 3),
            "bare_warm_search_s": round(warm_search_seconds(browser, bare_url), 3),
        }


def exponent(results: list[dict], key: str) -> float:
    """The least-squares slope of log(value) against log(entries): 1.0 is linear."""
    xs = [math.log(r["entries"]) for r in results]
    ys = [math.log(r[key]) for r in results]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def machine() -> str:
    import material
    import mkdocs
    import zensical

    return (f"{processors()}, Python {platform.python_version()}, MkDocs {mkdocs.__version__}, "
            f"Material {material.__version__}, Zensical {zensical.version()}")


def table(results: list[dict]) -> str:
    rows = ["| entries | pages | our build | bare Material | ours/bare | validation / LibYAML load | peak memory "
            "(ours / bare) | search files, gzip (ours / bare) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        rows.append(
            f"| {r['entries']:,} | {r['pages']:,} | {r['build_s']:.2f} s | {r['bare_build_s']:.2f} s | {r['ratio']:.2f} "
            f"| {r['validate_s']:.2f} / {r['libyaml_load_s']:.2f} s | {r['peak_mb']:.0f} / {r['bare_peak_mb']:.0f} MB "
            f"| {r['index_gzip_bytes'] / 1024:,.0f} / {r['bare_index_gzip_bytes'] / 1024:,.0f} KB |")
    rows += ["", "| entries | first visit, gzip, search included (ours / bare) | first search on a fresh page "
             "(ours / bare, ours ÷ bare) | later searches (ours / bare) |", "| ---: | ---: | ---: | ---: |"]
    for r in results:
        rows.append(
            f"| {r['entries']:,} | {r['first_visit_gzip_bytes'] / 1024:,.1f} / {r['bare_first_visit_gzip_bytes'] / 1024:,.1f} KB "
            f"| {r['cold_search_s'] * 1000:,.0f} / {r['bare_cold_search_s'] * 1000:,.0f} ms "
            f"({r['cold_search_s'] / r['bare_cold_search_s']:.2f}) "
            f"| {r['warm_search_s'] * 1000:,.0f} / {r['bare_warm_search_s'] * 1000:,.0f} ms |")
    if all("panel_open_gzip_bytes" in r for r in results):
        rows += ["", panel_table([{"entries": r["entries"], "open_gzip_bytes": r["panel_open_gzip_bytes"],
                                   "search_gzip_bytes": r["panel_search_gzip_bytes"]} for r in results])]
    return "\n".join(rows) + "\n\n" + engines_table(results)


def engines_table(results: list[dict]) -> str:
    """The two engines side by side: our build on each, and each engine bare."""
    rows = ["| entries | build: MkDocs / Zensical | bare: Material / Zensical | peak memory: MkDocs / Zensical "
            "| bare peak memory: Material / Zensical | first visit, gzip: MkDocs / Zensical |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        if "zensical_build_s" not in r:
            continue
        rows.append(
            f"| {r['entries']:,} | {r['build_s']:.2f} / {r['zensical_build_s']:.2f} s "
            f"| {r['bare_build_s']:.2f} / {r['bare_zensical_build_s']:.2f} s "
            f"| {r['peak_mb']:.0f} / {r['zensical_peak_mb']:.0f} MB "
            f"| {r['bare_peak_mb']:.0f} / {r['bare_zensical_peak_mb']:.0f} MB "
            f"| {r['first_visit_gzip_bytes'] / 1024:,.1f} / {r['zensical_first_visit_gzip_bytes'] / 1024:,.1f} KB |")
    return "\n".join(rows)


def panel_only(sizes: list[int], output: Path) -> int:
    """`make bench-panel`: the help panel's bytes at each size, one build of ours per size."""
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="helpcentre-bench-panel-") as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for entries in sizes:
            print(f"  {entries} entries", file=sys.stderr, flush=True)
            project = write_project(Path(work) / f"ours-{entries}", entries)
            add_portal_screens(project)
            site = Path(work) / f"site-{entries}"
            build(project, site)
            with served(site, Path(work), ours=True) as root:
                results.append({"entries": entries, **panel_bytes(browser, root)})
            shutil.rmtree(project)
            shutil.rmtree(site)
        browser.close()
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"Measured on {machine()}; one run per size.\n")
    print(panel_table(results))
    for r in results:
        print(f"\n{r['entries']:,} entries: opening fetched {', '.join(r['open_files'])}; the first search "
              f"({r['search_results']} results) fetched {', '.join(r['search_files'])}")
    print(f"\nWrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="entry counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per size (at least 3)")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits timed under mkdocs serve")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--panel-only", action="store_true",
                        help="measure only what the help panel fetches (writes benchmarks/panel.json)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.panel_only:
        return panel_only(sizes, args.output or PANEL_RESULTS)
    args.output = args.output or RESULTS
    if args.runs < 3:
        parser.error("--runs must be 3 or more: a median of fewer runs says little")
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="helpcentre-bench-") as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for entries in sizes:
            results.append(measure(entries, args.runs, Path(work), browser))
        browser.close()
        smallest = min(sizes)
        project = write_project(Path(work) / "serve", smallest)
        serve = serve_rebuild_seconds(project, args.serve_edits)
        for result in results:
            if result["entries"] == smallest:
                result["serve_rebuild_s"] = round(statistics.median(serve), 3)
                result["serve_rebuild_runs_s"] = [round(s, 3) for s in serve]
    described = machine()
    for result in results:
        result["machine"] = described
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    print(f"Measured on {described}; medians of {args.runs} runs, our build and bare Material alternating.\n")
    print(table(results))
    serve_row = next(r for r in results if "serve_rebuild_s" in r)
    print(f"\n`mkdocs serve` shows an edit of faq.yml at {serve_row['entries']} entries after "
          f"{serve_row['serve_rebuild_s']:.2f} s (median of {len(serve_row['serve_rebuild_runs_s'])}).")
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"Growth exponents (1.0 is linear): our build {exponent(results, 'build_s'):.2f}, bare Material "
              f"{exponent(results, 'bare_build_s'):.2f}, validation {exponent(results, 'validate_s'):.2f}, "
              f"peak memory {exponent(results, 'peak_mb'):.2f}, search index {exponent(results, 'index_bytes'):.2f}.")
        print(f"First visit (search included) at {last['entries']:,} entries is "
              f"{last['first_visit_gzip_bytes'] / first['first_visit_gzip_bytes']:.2f}x that at {first['entries']:,}; "
              f"bare Material {last['bare_first_visit_gzip_bytes'] / first['bare_first_visit_gzip_bytes']:.2f}x.")
    print(f"\nWrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
