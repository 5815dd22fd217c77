"""Bare Material for MkDocs building the same pages: the yardstick for our build.

Our rendered pages (generated ones and docs/index.md with snippets filled in) are written
out as plain Markdown files and built with a minimal mkdocs.yml: Material, its search
plugin with default settings, the same Markdown extensions, no hooks and no theme
overrides. So it has none of our keywords, synonyms or query changes.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpcentre import Renderer, load_help_centre  # noqa: E402

_CONFIG = """\
site_name: User Portal help centre
site_url: {site_url}
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - toc
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


def write_bare_project(project: Path, target: Path, *, site_url: str = "http://127.0.0.1:8000/") -> Path:
    """Write `project`'s pages as a bare Material project in `target`."""
    renderer = Renderer(load_help_centre(project))
    docs = target / "docs"
    pages = {page.src_uri: page.markdown for page in renderer.pages()}
    for path in sorted((project / "docs").rglob("*.md")):
        src_uri = path.relative_to(project / "docs").as_posix()
        pages[src_uri] = renderer.expand(path.read_text(encoding="utf-8"), src_uri)
    for src_uri, markdown in pages.items():
        destination = docs / src_uri
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(markdown, encoding="utf-8")
    (target / "mkdocs.yml").write_text(_CONFIG.format(site_url=site_url), encoding="utf-8")
    return target
