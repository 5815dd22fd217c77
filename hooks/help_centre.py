"""MkDocs adapter for the help centre's content core (the `helpcentre` package).

The steps themselves are the core's (helpcentre/pipeline.py), shared with the Zensical
build (helpcentre/engines.py); this module only hands MkDocs' data over at the right event.

Events handled:
- on_startup: remember whether this run is `mkdocs serve`;
- on_config: load and check the content, set the navigation and the support contact;
- on_files: add one generated page per category and per guide;
- on_page_markdown: fill snippets and id links in hand-written pages under docs/, and keep
  every page out of Material's own search index (ours answers searches);
- on_page_content: sanitize what the page's content became (helpcentre/sanitize.py), keep
  each answer's HTML as its page was built (for the JSON API) and attach the page's
  structured data (JSON-LD) for the theme;
- on_page_context: in a help centre with many categories, give each page a menu of the
  home page and its own category only, so pages do not grow with the help centre;
- on_env: give the theme's templates the `hc_search_worker` filter, which points Material's
  search box at the help centre's own search worker, and `hc_without_sequence_links`; have
  the script partials a page inlines rendered compact (helpcentre/compact.py); hash the
  inline scripts the templates write (helpcentre/security.py), the only ones the policy
  allows;
- on_post_page, on_post_template: note each page that has an inline script no template
  wrote, and make room for the Content-Security-Policy right after its <meta charset>; under
  `mkdocs serve`, give each page the banner of current problems (helpcentre/devproblems.py);
- on_post_build: write the search index, links.json, api/faq.json and the go/<id>/ short
  links; set the one policy, with the hashes of the templates' inline scripts, on every page,
  and fail if it would block anything; remove the throwaway folder of a refused `serve` rebuild.

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
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from jinja2 import BaseLoader, Environment

from helpcentre import ContentError, Renderer, compact, devproblems, security
from helpcentre.conformance import conforming_page
from helpcentre.fragments import take_bodies
from helpcentre.pipeline import PagePolicy, Preparation, SiteError, finish, page_address, prepare, show_notices
from helpcentre.site import menu_lists_all_categories

@dataclass
class _Build:
    """What one build knows, from on_config to on_post_build."""

    prepared: Preparation
    discard_dir: str | None = None  # a refused `serve` rebuild writes here instead of the site
    bodies: dict[str, str] = field(default_factory=dict)  # each answer's HTML as its page was built, by id
    page_policy: PagePolicy | None = None  # the pages' inline scripts; None under serve


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
    discard_dir, renderer, pages = None, None, {}
    try:
        prepared = _prepare(root, config, renderer=None)
    except ContentError as error:
        if _run.command != "serve" or _run.last_good is None:
            raise PluginError(error.report()) from None
        renderer, pages = _run.last_good, _run.last_good_pages
        devproblems.write_problems(Path(config.site_dir), error.problems)  # shown on every served page
        discard_dir = _refuse_rebuild(error, config)
        prepared = _prepare(root, config, renderer=renderer)
        prepared.pages = dict(pages)
    else:
        _run.last_good, _run.last_good_pages = prepared.renderer, prepared.pages
        show_notices(prepared.renderer)
    config.nav = prepared.nav
    config.extra["support_contact"] = prepared.support_contact
    config.extra["feedback_endpoint"] = prepared.endpoint
    protected = _run.command != "serve" and not discard_dir
    _run.build = _Build(prepared, discard_dir, page_policy=PagePolicy() if protected else None)
    return config


def _prepare(root: Path, config: MkDocsConfig, *, renderer: Renderer | None) -> Preparation:
    """The core's preparation, with a bad setting reported as MkDocs reports plugin errors."""
    try:
        return prepare(root, site_url=config.site_url or "", extra=config.extra,
                       markdown_extensions=config.markdown_extensions, mdx_configs=config.mdx_configs,
                       allow_unlocked=_run.command == "serve", renderer=renderer)
    except SiteError as error:
        raise PluginError(str(error)) from None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated category and guide pages."""
    for page in _current().prepared.renderer.pages():
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
    if build.discard_dir and page.file.src_uri in build.prepared.pages:  # a refused rebuild: the page as it last was
        return build.prepared.pages[page.file.src_uri]
    return build.prepared.expand_page(markdown, page.file.src_uri)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep each answer's HTML for the JSON API; attach the page's structured data."""
    build = _current()
    html, bodies = take_bodies(html, page_address(build.prepared, page.file.src_uri))
    build.bodies.update(bodies)
    json_ld = build.prepared.structured.for_page(page.file.src_uri, bodies)
    if json_ld:
        page.meta["json_ld"] = json_ld
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Past MENU_ALL_CATEGORIES categories, each page's menu: home and its own category."""
    if menu_lists_all_categories(len(_current().prepared.renderer.help_centre.categories)):
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
    try:
        finish(Path(config.site_dir), build.prepared, bodies=build.bodies, page_policy=build.page_policy)
    except ContentError as error:  # what only the finished site shows: still file and fix, never a traceback
        raise PluginError(error.report()) from None
    except SiteError as error:
        raise PluginError(str(error)) from None


def _protect(html: str, path: str, site_dir: str) -> str:
    build = _current()
    if _run.command == "serve" and not build.discard_dir:  # the problem banner (helpcentre/devproblems.py)
        return devproblems.with_overlay(html, depth=len(Path(path).relative_to(site_dir).parts) - 1,
                                        notices=build.prepared.renderer.help_centre.notices)
    if build.page_policy is None:  # serve adds its live-reload script; a refused rebuild is thrown away
        return html
    return build.page_policy.protect(html, path, site_dir)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Let templates point Material's search box at our worker and drop the page-order links
    (overrides/main.html); hash the inline scripts the templates write, for the policy."""
    env.filters["hc_search_worker"] = _use_search_worker
    env.filters["hc_without_sequence_links"] = security.without_sequence_links
    if not isinstance(env.loader, _CompactPartials):
        env.loader = _CompactPartials(env.loader)
    build = _current()
    if build.page_policy is not None:
        site_path = urlsplit(config.site_url or "/").path or "/"
        build.page_policy.script_hashes = security.template_script_hashes(
            env, {"config": config, "features": config.theme.get("features", [])}, security.page_base_urls(site_path))
    return env


class _CompactPartials(BaseLoader):
    """The theme's templates, with each script partial as compact.template_source sends it."""

    def __init__(self, templates: BaseLoader) -> None:
        self.templates = templates

    def get_source(self, environment: Environment, template: str):
        source, filename, uptodate = self.templates.get_source(environment, template)
        return compact.template_source(template, source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.templates.list_templates()


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


def _refuse_rebuild(error: ContentError, config: MkDocsConfig) -> str:
    # MkDocs' dev server stops answering after a failed rebuild, so instead this rebuild
    # "succeeds" with the last good content, written where nobody looks: the served site
    # stays exactly as it was while the editor reads the problems and fixes them.
    print(f"\n{error.report()}\nThe preview still shows the last good version. Fix the problems "
          "above and save; the site rebuilds by itself.\n", file=sys.stderr, flush=True)
    config.site_dir = tempfile.mkdtemp(prefix="helpcentre-refused-")
    return config.site_dir


def _current() -> _Build:
    if _run.build is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("the help centre's content was not loaded (on_config did not run)")
    return _run.build
