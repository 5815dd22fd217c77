"""MkDocs adapter for the help centre's content core (the `helpcentre` package).

Events handled:
- on_startup: remember whether this run is `mkdocs serve`;
- on_config: load and check the content, set the navigation and the support contact;
- on_files: add one generated page per category and per guide;
- on_page_markdown: fill snippets and id links in hand-written pages under docs/;
- on_page_content: keep each answer's HTML as its page was built (for the JSON API) and
  attach the page's structured data (JSON-LD) for the theme;
- on_page_context: in a help centre with many categories, give each page a menu of the
  home page and its own category only, so pages do not grow with the help centre;
- on_env: give the theme's templates the `hc_search_worker` filter, which points Material's
  search box at the help centre's own search worker;
- on_post_build: write the search index, links.json, api/faq.json and the go/<id>/ short
  links; remove the throwaway folder of a refused `serve` rebuild.

All content state is rebuilt in on_config, so `mkdocs serve` picks up every edit. MkDocs
keeps this module loaded across serve rebuilds, which is what lets a bad edit fall back to
the last good content.
"""
from __future__ import annotations

import copy
import re
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from jinja2 import Environment

from helpcentre import ContentError, Renderer, load_help_centre
from helpcentre.fragments import take_bodies
from helpcentre.outputs import markdown_converter, site_outputs, write_outputs
from helpcentre.render import support_context
from helpcentre.site import menu_lists_all_categories, navigation
from helpcentre.structured import StructuredData

_command = "build"  # "serve" while `mkdocs serve` runs
_renderer: Renderer | None = None  # this build's content
_last_good: Renderer | None = None  # under serve: the content of the last build that passed
_discard_dir: str | None = None  # under serve: where a refused rebuild writes instead of the site
_pages: dict[str, str] = {}  # hand-written pages as this build expanded them, by source path
_last_good_pages: dict[str, str] = {}  # the same, from the last build that passed
_structured: StructuredData | None = None  # this build's JSON-LD maker
_bodies: dict[str, str] = {}  # each answer's HTML as its page was built, by id
_to_html = None  # this build's Markdown-to-HTML converter, for what pages do not hold


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember the command, and forget content from any earlier run in this process."""
    global _command, _last_good, _last_good_pages
    _command, _last_good, _last_good_pages = command, None, {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the content; hand MkDocs the navigation and support contact."""
    global _renderer, _last_good, _discard_dir, _pages, _last_good_pages
    root = Path(config.config_file_path).parent
    _discard_dir = None
    endpoint = _feedback_endpoint(config)
    try:
        _renderer = Renderer(load_help_centre(root, allow_unlocked=_command == "serve"), feedback=bool(endpoint))
    except ContentError as error:
        if _command != "serve" or _last_good is None:
            raise PluginError(error.report()) from None
        _refuse_rebuild(error, config)
        _pages = _last_good_pages
    else:
        _last_good, _pages = _renderer, {}
        _last_good_pages = _pages
        _show_notices(_renderer)
    global _structured, _bodies, _to_html
    config.nav = navigation(_renderer.help_centre)
    config.extra["support_contact"] = support_context(_renderer.help_centre.support, today=date.today())
    _to_html = markdown_converter(config.markdown_extensions, config.mdx_configs)
    _structured = StructuredData(_renderer.help_centre, site_url=config.site_url or "", to_html=_to_html)
    _bodies = {}
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated category and guide pages."""
    for page in _current().pages():
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill snippets and id links in hand-written pages; generated ones are complete."""
    if page.file.generated_by:
        return markdown
    if _discard_dir and page.file.src_uri in _pages:  # a refused rebuild: the page as it last was
        return _pages[page.file.src_uri]
    _pages[page.file.src_uri] = _current().expand(markdown, page.file.src_uri)
    return _pages[page.file.src_uri]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep each answer's HTML for the JSON API; attach the page's structured data."""
    address = (config.site_url or "/").rstrip("/") + "/" + page.url
    html, bodies = take_bodies(html, address)
    _bodies.update(bodies)
    json_ld = _structured.for_page(page.file.src_uri, bodies) if _structured else None
    if json_ld:
        page.meta["json_ld"] = json_ld
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Past MENU_ALL_CATEGORIES categories, each page's menu: home and its own category."""
    if menu_lists_all_categories(len(_current().help_centre.categories)):
        return context
    menu = copy.copy(nav)
    menu.items = [item for item in nav.items if item.active or item is nav.items[0]]
    context["nav"] = menu
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Write the link manifest, the JSON API and the short links; drop a refused rebuild."""
    if _discard_dir:
        shutil.rmtree(_discard_dir, ignore_errors=True)
        return
    files = site_outputs(_current().help_centre, site_url=config.site_url or "", to_html=_to_html, bodies=_bodies)
    write_outputs(Path(config.site_dir), files)  # search/search_index.json replaces the theme's own


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Let templates point Material's search box at our worker (overrides/main.html)."""
    env.filters["hc_search_worker"] = _use_search_worker
    return env


# Material names its own search worker in the page's configuration; the same relative
# prefix must stay, so only the file name is swapped.
_MATERIAL_WORKER = re.compile(r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
SEARCH_WORKER = "assets/javascripts/search-worker.js"


def _use_search_worker(theme_config: str) -> str:
    """The theme's configuration script with our search worker instead of Material's."""
    replaced, count = _MATERIAL_WORKER.subn(rf'\1{SEARCH_WORKER}"', theme_config)
    if count != 1:
        raise PluginError("the theme's page configuration no longer names its search worker where the "
                          "help centre expects it; update _MATERIAL_WORKER in hooks/help_centre.py")
    return replaced


def _feedback_endpoint(config: MkDocsConfig) -> str:
    """The address "Was this helpful?" answers go to, from extra.feedback.endpoint."""
    endpoint = str((config.extra.get("feedback") or {}).get("endpoint") or "").strip()
    local = endpoint.startswith(("http://127.0.0.1", "http://localhost"))  # a stub while testing
    if endpoint and not (endpoint.startswith("https://") or local):
        raise PluginError(f"mkdocs.yml: extra.feedback.endpoint '{endpoint}' must start with https:// — "
                          "answers must not travel unencrypted; leave it empty to hide the question")
    config.extra["feedback_endpoint"] = endpoint
    return endpoint


def _refuse_rebuild(error: ContentError, config: MkDocsConfig) -> None:
    # MkDocs' dev server stops answering after a failed rebuild, so instead this rebuild
    # "succeeds" with the last good content, written where nobody looks: the served site
    # stays exactly as it was while the editor reads the problems and fixes them.
    global _renderer, _discard_dir
    print(f"\n{error.report()}\nThe preview still shows the last good version. Fix the problems "
          "above and save; the site rebuilds by itself.\n", file=sys.stderr, flush=True)
    _renderer = _last_good
    _discard_dir = config.site_dir = tempfile.mkdtemp(prefix="helpcentre-refused-")


def _show_notices(renderer: Renderer) -> None:
    # Under serve, new ids not yet in links.lock do not stop the preview; say so plainly.
    if renderer.help_centre.notices:
        lines = "\n".join(f"  {notice}" for notice in renderer.help_centre.notices)
        print(f"\nBefore this change can be published:\n{lines}\n", file=sys.stderr, flush=True)


def _current() -> Renderer:
    if _renderer is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("the help centre's content was not loaded (on_config did not run)")
    return _renderer
