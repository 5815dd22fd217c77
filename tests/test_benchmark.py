"""`make bench` at 20 entries: the generator, both builds and every measurement still work.

The benchmark itself is a command (benchmarks/build_cost.py), not a test; this only keeps
it from rotting.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from sitetools import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import build_cost  # noqa: E402
from generate import write_project  # noqa: E402

KEYS = {"entries", "build_s", "bare_build_s", "ratio", "validate_s", "peak_mb", "index_bytes"}


def test_generated_content_passes_the_checks_and_builds(tmp_path):
    from helpcentre import load_help_centre

    project = write_project(tmp_path / "project", 20)
    help_centre = load_help_centre(project)
    generated = [e for e in help_centre.entries if e.id.startswith("entry-")]
    assert len(generated) == 20
    assert all(e.body.steps and e.keywords and e.owner for e in generated)
    assert len([c for c in help_centre.categories if c.id.startswith("topic-")]) == 2


def test_content_generated_over_a_copy_of_the_project_keeps_its_screens_locked(tmp_path):
    """Generated into a copy of the whole project, portal screens included: the lock keeps
    their screen:<id> lines, so the copy still passes the checks."""
    from helpcentre import load_help_centre

    (tmp_path / "project").mkdir()
    shutil.copy2(ROOT / "portal-screens.yml", tmp_path / "project" / "portal-screens.yml")
    project = write_project(tmp_path / "project", 20)
    assert load_help_centre(project).screens
    assert "screen:login" in (project / "links.lock").read_text(encoding="utf-8").split()


@pytest.mark.browser
def test_bench_runs_end_to_end_at_20_entries(tmp_path, browser):
    # In a process of its own: the benchmark drives its own browser, as `make bench` does.
    output = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "build_cost.py"), "--sizes", "20",
                          "--runs", "3", "--serve-edits", "1", "--output", str(output)],
                         capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    (result,) = json.loads(output.read_text(encoding="utf-8"))
    assert KEYS <= set(result)
    assert result["entries"] == 20 and result["runs"] == 3
    assert len(result["build_runs_s"]) == len(result["bare_build_runs_s"]) == 3
    assert all(value > 0 for value in (result["build_s"], result["bare_build_s"], result["validate_s"],
                                       result["peak_mb"], result["serve_rebuild_s"]))
    assert result["index_bytes"] > result["index_gzip_bytes"] > 0 and result["libyaml_load_s"] > 0
    # A page, its CSS and its JavaScript: tens of kilobytes, not a few bytes.
    assert result["first_visit_gzip_bytes"] > 30_000 and result["bare_first_visit_gzip_bytes"] > 30_000
    assert 0 < result["cold_search_s"] < 30 and 0 < result["bare_cold_search_s"] < 30
    assert len(result["cold_search_runs_s"]) == len(result["bare_cold_search_runs_s"]) == 3
    assert 0 < result["warm_search_s"] < 5 and 0 < result["bare_warm_search_s"] < 5
    table = run.stdout
    assert "| entries | pages | our build | bare Material |" in table and "| 20 |" in table
    assert "first search on a fresh page" in table
    # The second engine's column: our build with Zensical, and bare Zensical.
    assert len(result["zensical_build_runs_s"]) == 3
    assert all(result[key] > 0 for key in ("zensical_build_s", "bare_zensical_build_s", "zensical_peak_mb",
                                           "bare_zensical_peak_mb"))
    assert result["zensical_first_visit_gzip_bytes"] > 30_000
    assert "| entries | build: MkDocs / Zensical |" in table


def test_growth_exponent():
    linear = [{"entries": n, "t": 2.0 * n} for n in (100, 1000, 10000)]
    square = [{"entries": n, "t": n * n / 1e4} for n in (100, 1000, 10000)]
    assert abs(build_cost.exponent(linear, "t") - 1.0) < 1e-9
    assert abs(build_cost.exponent(square, "t") - 2.0) < 1e-9


def test_a_large_help_centre_keeps_each_menu_short(tmp_path):
    # 320 generated entries make 32 generated categories, 35 in all: past the 30 whose
    # menu lists every category. Each page's menu then holds home and its own category.
    from helpcentre.site import MENU_ALL_CATEGORIES
    from sitetools import build_site, parse_page

    project = write_project(tmp_path / "project", 320)
    site = build_site(project, tmp_path / "site")
    page = (site / "topic-00007" / "index.html").read_text(encoding="utf-8")
    menu = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Topic 7" in menu and ">Home<" in menu.replace("\n", "").replace(" ", "")
    assert "Topic 8" not in menu and "Logging in and browsers" not in menu
    guide = (site / "documents" / "upload-file" / "index.html").read_text(encoding="utf-8")
    guide_menu = guide.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Find a referral on sundhed.dk" in guide_menu and "Topic 7" not in guide_menu
    home = parse_page(site / "index.html")
    assert 35 > MENU_ALL_CATEGORIES
    assert all(f"Topic {n}" in home.text for n in range(32))  # the home page lists every category


def test_the_web_bench_names_the_largest_paint_as_lighthouse_13_reports_it():
    """Lighthouse 13 names the largest paint's element in its LCP breakdown, no longer in an
    audit of its own: the bench's column stayed empty until it read the breakdown."""
    from web_quality import METRICS, report_row

    audits = {audit: {"numericValue": 1000.0} for audit in METRICS}
    audits["lcp-breakdown-insight"] = {"details": {"type": "list", "items": [
        {"type": "table", "items": [{"subpart": "timeToFirstByte", "duration": 7.0}]},
        {"type": "node", "selector": "div.md-content > article.md-content__inner > div.admonition > p"}]}}
    row = report_row({"categories": {"performance": {"score": 0.97}}, "audits": audits})
    assert row["performance"] == 97
    assert row["lcp_element"] == "div.md-content > article.md-content__inner > div.admonition > p"
    older = {**audits, "largest-contentful-paint-element": {"details": {"items": [{"node": {"selector": "h1"}}]}}}
    del older["lcp-breakdown-insight"]
    assert report_row({"categories": {}, "audits": older})["lcp_element"] == "h1"


# A search box that searches on input as well as on key release, and shows its results at
# once: the results are in before the key that made them is released, as on a fast machine.
EAGER_SEARCH_PAGE = """<!doctype html><title>search</title>
<input class="md-search__input"><ol class="md-search-result__list"></ol>
<script>
  const box = document.querySelector("input"), list = document.querySelector("ol");
  window.queries = [];
  let last = "";
  function search() {
    if (box.value === last) return;
    last = box.value;
    window.queries.push(box.value);
    list.replaceChildren();
    if (box.value) list.append(Object.assign(document.createElement("li"), {textContent: box.value}));
  }
  box.addEventListener("input", search);
  box.addEventListener("keyup", search);
</script>"""


@pytest.mark.browser
def test_the_search_clock_sees_results_that_come_before_the_key_is_released(browser):
    """The benchmark times one query per search, and results shown before the key is up
    still stop its clock (a clock started on key release waited for them in vain)."""
    import search_speed

    page = browser.new_page()
    try:
        page.set_content(EAGER_SEARCH_PAGE)
        page.evaluate(search_speed.TIMER)
        page.locator("input").click()
        seconds = [search_speed._timed_query(page, "password", timeout_ms=5_000)]
        search_speed._clear(page)
        seconds.append(search_speed._timed_query(page, "upload document", timeout_ms=5_000))
        assert all(0 <= value < 5 for value in seconds)
        assert page.evaluate("window.queries") == ["password", "", "upload document"]
    finally:
        page.close()
