"""The W3C Nu HTML checker (vnu.jar from npm, run with Java) on every built page: 0 errors.

`make test` installs it into tests/vnu/ from its package-lock.json (`npm ci`). Where Java
or the checker is missing, the test is skipped unless CI or REQUIRE_BROWSER is set.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sitetools import ROOT, browser_required

VNU = ROOT / "tests" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str | None:
    return shutil.which("java") or ("/usr/bin/java" if Path("/usr/bin/java").exists() else None)


def _checker() -> list[str]:
    java = _java()
    if java is None or not VNU.exists():
        message = f"the Nu HTML checker needs Java and {VNU.relative_to(ROOT)} (make test runs npm ci in tests/vnu)"
        if browser_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return [java, "-Xss8m", "-jar", str(VNU)]


def _errors(command: list[str], pages: list[Path]) -> list[dict]:
    result = subprocess.run([*command, "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]


def test_every_built_page_is_valid_html(site_dir):
    command = _checker()
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 30
    errors = _errors(command, pages)
    assert not errors, "\n".join(f"{m.get('url', '').rsplit('/site', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
                                 for m in errors[:30])


def test_the_checker_finds_material_own_errors(tmp_path, site_dir):
    """The check itself: a page with Material's checkbox markup as it comes fails."""
    command = _checker()
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    broken = tmp_path / "index.html"
    broken.write_text(home.replace('id="__drawer"', 'id="__drawer" autocomplete="off"', 1), encoding="utf-8")
    errors = _errors(command, [broken])
    assert len(errors) == 1 and "autocomplete" in errors[0]["message"], errors
