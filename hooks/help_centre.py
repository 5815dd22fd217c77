"""MkDocs adapter for the help centre's content core (the `helpcentre` package).

Events handled:
- on_startup: remember whether this run is `mkdocs serve`;
- on_config: load and check the content, set the navigation and the support contact;
- on_files: add one generated page per category and per guide;
- on_page_markdown: fill snippets and id links in hand-written pages under docs/, and keep
  every page out of Material's own search index (ours answers searches);
- on_page_content: keep each answer's HTML as its page was built (for the JSON API) and
  attach the page's structured data (JSON-LD) for the theme;
- on_page_context: in a help centre with many categories, give each page a menu of the
  home page and its own category only, so pages do not grow with the help centre;
- on_env: give the theme's templates the `hc_search_worker` filter, which points Material's
  search box at the help centre's own search worker;
- on_post_page, on_post_template: note each page's inline scripts and make room for the
  Content-Security-Policy right after its <meta charset>;
- on_post_build: write the search index, links.json, api/faq.json and the go/<id>/ short
  links; set the one policy, with the hashes of every inline script, on every page, and
  fail if it would block anything; remove the throwaway folder of a refused `serve` rebuild.

A build's state is one `_Build`, made in on_config, so `mkdocs serve` picks up every edit.
MkDocs keeps this module loaded across serve rebuilds; `_run` keeps the last good content
there, so that a bad edit can fall back to it. Under serve, pages carry no policy: MkDocs
adds its live-reload script to each page as it serves it.
"""
from __future__ import annotations

import copy
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from jinja2 import Environment

from helpcentre import ContentError, Renderer, load_help_centre, security
from helpcentre.conformance import conforming_page
from helpcentre.fragments import take_bodies
from helpcentre.outputs import markdown_converter, site_outputs, write_outputs
from helpcentre.render import support_context
from helpcentre.site import menu_lists_all_categories, navigation
from helpcentre.structured import StructuredData

@dataclass
class _Build:
    """What one build knows, from on_config to on_post_build."""

    renderer: Renderer
    to_html: Callable[[str], str]
    structured: StructuredData
    endpoint: str = ""  # where "Was this helpful?" answers and empty searches go, if anywhere
    discard_dir: str | None = None  # a refused `serve` rebuild writes here instead of the site
    pages: dict[str, str] = field(default_factory=dict)  # hand-written pages as expanded, by source path
    bodies: dict[str, str] = field(default_factory=dict)  # each answer's HTML as its page was built, by id
    html_files: list[str] = field(default_factory=list)  # every page written, for the policy
    script_hashes: set[str] = field(default_factory=set)  # of every inline script on those pages
    blocked: list[str] = field(default_factory=list)  # what the policy would block, page by page


@dataclass
class _Run:
    """One MkDocs process: a single build, or `mkdocs serve` with its many rebuilds.

    Under serve, the last build that passed is kept, so that a bad edit can fall back to it.
    """

    command: str = "build"
    build: _Build | None = None
    last_good: Renderer | None = None
    last_good_pages: dict[str, str] = field(default_factory=dict)


_run = _Run()


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember the command, and forget content from any earlier run in this process."""
    global _run
    _run = _Run(command=command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the content; hand MkDocs the navigation and support contact."""
    root = Path(config.config_file_path).parent
    endpoint = _feedback_endpoint(config)
    discard_dir, pages = None, {}
    try:
        renderer = Renderer(load_help_centre(root, allow_unlocked=_run.command == "serve"), feedback=bool(endpoint))
    except ContentError as error:
        if _run.command != "serve" or _run.last_good is None:
            raise PluginError(error.report()) from None
        renderer, pages = _run.last_good, _run.last_good_pages
        discard_dir = _refuse_rebuild(error, config)
    else:
        _run.last_good, _run.last_good_pages = renderer, pages
        _show_notices(renderer)
    config.nav = navigation(renderer.help_centre)
    config.extra["support_contact"] = support_context(renderer.help_centre.support, today=date.today())
    to_html = markdown_converter(config.markdown_extensions, config.mdx_configs)
    structured = StructuredData(renderer.help_centre, site_url=config.site_url or "", to_html=to_html)
    _run.build = _Build(renderer, to_html, structured, endpoint, discard_dir, pages)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated category and guide pages."""
    for page in _current().renderer.pages():
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill snippets and id links in hand-written pages; generated ones are complete."""
    # Our own index answers searches (helpcentre/searchindex.py); Material's search plugin
    # only draws the search box, so it need not read any page.
    page.meta["search"] = {"exclude": True}
    if page.file.generated_by:
        return markdown
    build = _current()
    if build.discard_dir and page.file.src_uri in build.pages:  # a refused rebuild: the page as it last was
        return build.pages[page.file.src_uri]
    build.pages[page.file.src_uri] = build.renderer.expand(markdown, page.file.src_uri)
    return build.pages[page.file.src_uri]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep each answer's HTML for the JSON API; attach the page's structured data."""
    address = (config.site_url or "/").rstrip("/") + "/" + page.url
    html, bodies = take_bodies(html, address)
    build = _current()
    build.bodies.update(bodies)
    json_ld = build.structured.for_page(page.file.src_uri, bodies)
    if json_ld:
        page.meta["json_ld"] = json_ld
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Past MENU_ALL_CATEGORIES categories, each page's menu: home and its own category."""
    if menu_lists_all_categories(len(_current().renderer.help_centre.categories)):
        return context
    menu = copy.copy(nav)
    menu.items = [item for item in nav.items if item.active or item is nav.items[0]]
    context["nav"] = menu
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Make room for the Content-Security-Policy and note the page's inline scripts."""
    return _protect(conforming_page(output), page.file.abs_dest_path, config.site_dir)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for the theme's own pages (404.html)."""
    if not template_name.endswith(".html"):
        return output_content
    return _protect(conforming_page(output_content), str(Path(config.site_dir) / template_name), config.site_dir)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the link manifest, the JSON API and the short links, and set the policy on
    every page; drop a refused rebuild."""
    build = _current()
    if build.discard_dir:
        shutil.rmtree(build.discard_dir, ignore_errors=True)
        return
    policy = _policy(build)
    problems = list(build.blocked)
    files = site_outputs(build.renderer.help_centre, site_url=config.site_url or "", to_html=build.to_html,
                         bodies=build.bodies, policy=policy)
    # search/search_index.json replaces the theme's own.
    write_outputs(Path(config.site_dir), _checked(files, build.script_hashes, problems))
    if _run.command == "serve":
        return  # the preview's live-reload script is added to each page as it is served
    for name in build.html_files:
        path = Path(name)
        path.write_text(security.with_policy(path.read_text(encoding="utf-8"), policy), encoding="utf-8")
    if problems:
        raise PluginError("The Content-Security-Policy would block parts of these pages:\n  "
                          + "\n  ".join(problems[:20]) + "\nRemove them, or load the script from a file "
                          "under docs/assets/.")


def _checked(files, script_hashes: set[str], problems: list[str]):
    """The extra files, passed on as they come; the extra pages come from a few templates,
    and the first page of each is checked against the policy."""
    templates = set()
    for name, text in files:
        if name.endswith(".html") and isinstance(text, str) and name.split("/", 1)[0] not in templates:
            templates.add(name.split("/", 1)[0])
            problems.extend(f"{name}: {problem}" for problem in security.blocked(text, script_hashes))
        yield name, text


def _protect(html: str, path: str, site_dir: str) -> str:
    build = _current()
    if _run.command == "serve" or build.discard_dir:
        return html
    build.html_files.append(path)
    hashes = security.page_hashes(html)
    build.script_hashes |= hashes
    html = security.with_placeholder(html)
    # Checked once, as written: every inline script of a page is in the site's policy.
    build.blocked.extend(f"{Path(path).relative_to(site_dir)}: {problem}"
                         for problem in security.blocked(html, hashes))
    return html


def _policy(build: _Build) -> str:
    if _run.command == "serve":
        return ""
    return security.content_security_policy(build.script_hashes,
                                            connect=(build.endpoint,) if build.endpoint else ())


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


def _refuse_rebuild(error: ContentError, config: MkDocsConfig) -> str:
    # MkDocs' dev server stops answering after a failed rebuild, so instead this rebuild
    # "succeeds" with the last good content, written where nobody looks: the served site
    # stays exactly as it was while the editor reads the problems and fixes them.
    print(f"\n{error.report()}\nThe preview still shows the last good version. Fix the problems "
          "above and save; the site rebuilds by itself.\n", file=sys.stderr, flush=True)
    config.site_dir = tempfile.mkdtemp(prefix="helpcentre-refused-")
    return config.site_dir


def _show_notices(renderer: Renderer) -> None:
    # Under serve, new ids not yet in links.lock do not stop the preview; say so plainly.
    if renderer.help_centre.notices:
        lines = "\n".join(f"  {notice}" for notice in renderer.help_centre.notices)
        print(f"\nBefore this change can be published:\n{lines}\n", file=sys.stderr, flush=True)


def _current() -> _Build:
    if _run.build is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("the help centre's content was not loaded (on_config did not run)")
    return _run.build
