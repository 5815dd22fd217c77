"""The build's steps that need no engine, around whichever engine turns pages into HTML.

- `prepare` (before the engine): load and check the content, render the pages the help
  centre generates, expand the hand-written ones, and make the navigation and the support
  contact the theme shows;
- the engine (MkDocs with Material, or Zensical) builds the pages into HTML;
- `finish` (after the engine, from the built HTML): the search index, links.json, the JSON
  API, the go/<id>/ short links and the panel's files, with the one Content-Security-Policy
  set on every page (`PagePolicy`); a page the policy would break stops the build;
- `package`: precompressed copies and the nginx configuration, for the published site.

An engine with page events (MkDocs' hooks) hands each page over as it is built: its answers
(`take_bodies`) and its inline scripts (`PagePolicy.protect`). An engine without them
(Zensical) is finished from its output folder with `finish_built_pages`, which does the
same for every built page at once. Plain Python: nothing here imports an engine.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from . import compact, security
from .conformance import conforming_page
from .content import load_help_centre
from .fragments import take_bodies
from .outputs import Output, markdown_converter, site_outputs, write_outputs
from .problems import ContentError
from .render import Renderer, support_context
from .site import navigation, page_url
from .structured import StructuredData


class SiteError(Exception):
    """The site cannot be built as configured, or it would break in readers' browsers."""


@dataclass
class Preparation:
    """What the core hands an engine before it builds, and keeps for finishing after it."""

    renderer: Renderer
    to_html: Callable[[str], str]
    structured: StructuredData
    site_url: str
    endpoint: str = ""  # where "Was this helpful?" answers and empty searches go, if anywhere
    nav: list = field(default_factory=list)  # the navigation, as mkdocs.yml's `nav:` writes it
    support_contact: dict = field(default_factory=dict)  # what the theme's support partials show
    pages: dict[str, str] = field(default_factory=dict)  # hand-written pages as expanded, by source path

    def expand_page(self, markdown: str, src_uri: str) -> str:
        """A hand-written page with its snippets and id links filled in (kept for the engine)."""
        self.pages[src_uri] = self.renderer.expand(markdown, src_uri)
        return self.pages[src_uri]


def prepare(root: Path, *, site_url: str, extra: dict, markdown_extensions: list, mdx_configs: dict,
            allow_unlocked: bool = False, renderer: Renderer | None = None) -> Preparation:
    """Load and check the content under `root`, ready for an engine to build.

    `extra` is mkdocs.yml's `extra:` (for the feedback endpoint); `renderer` is content
    loaded already (a `serve` preview falling back to the last good version). Raises
    ContentError with every problem, or SiteError for a bad setting.
    """
    endpoint = feedback_endpoint(extra)
    if renderer is None:
        renderer = Renderer(load_help_centre(root, allow_unlocked=allow_unlocked), feedback=bool(endpoint))
    to_html = markdown_converter(markdown_extensions, mdx_configs)
    return Preparation(
        renderer=renderer, to_html=to_html, site_url=site_url, endpoint=endpoint,
        structured=StructuredData(renderer.help_centre, site_url=site_url, to_html=to_html),
        nav=navigation(renderer.help_centre),
        support_contact=support_context(renderer.help_centre.support, today=date.today()))


def feedback_endpoint(extra: dict) -> str:
    """The address "Was this helpful?" answers go to, from extra.feedback.endpoint."""
    endpoint = str((extra.get("feedback") or {}).get("endpoint") or "").strip()
    problem = security.endpoint_problem(endpoint) if endpoint else None
    if problem:
        raise SiteError(f"mkdocs.yml: extra.feedback.endpoint '{endpoint}' {problem}; use https://, or "
                        "http:// on localhost or 127.0.0.1 while testing; leave it empty to hide the question")
    return endpoint


def show_notices(renderer: Renderer) -> None:
    """Under serve, new ids not yet in links.lock do not stop the preview; say so plainly."""
    if renderer.help_centre.notices:
        lines = "\n".join(f"  {notice}" for notice in renderer.help_centre.notices)
        print(f"\nBefore this change can be published:\n{lines}\n", file=sys.stderr, flush=True)


@dataclass
class PagePolicy:
    """The built pages and what the policy would block in them.

    The policy allows only the inline scripts the theme's templates write
    (`security.template_script_hashes`, set by the engine's adapter before any page is
    built): the same for any content, so a script that slips into a page is refused, never
    hashed. `style_hashes` are the <style> elements the theme's own script adds.
    """

    html_files: list[str] = field(default_factory=list)  # every page written, for the policy
    script_hashes: set[str] = field(default_factory=set)  # of the inline scripts the templates write
    blocked: list[str] = field(default_factory=list)  # what the policy would block, page by page
    style_hashes: set[str] = field(default_factory=set)  # of <style> elements the theme's script adds

    def protect(self, html: str, path: str, site_dir: str) -> str:
        """Make room for the policy in a page and note anything in it the policy would block."""
        self.html_files.append(path)
        html = security.with_placeholder(html)
        # Checked once, as written: every inline script of a page is one a template wrote.
        self.blocked.extend(f"{Path(path).relative_to(site_dir)}: {problem}"
                            for problem in security.blocked(html, self.script_hashes))
        return html

    def policy(self, endpoint: str) -> str:
        """The one policy of the site, allowing every page's inline scripts."""
        return security.content_security_policy(self.script_hashes, connect=(endpoint,) if endpoint else (),
                                                styles=self.style_hashes)


def finish_built_pages(site_dir: Path, prepared: Preparation, page_policy: PagePolicy, *,
                       content_marker: str) -> dict[str, str]:
    """For an engine without page events: sanitize what each built page's content became
    (found between the content markers the prepared pages carry), take each answer's HTML
    out of it, drop the page-order links and make room for the policy; returns the answers'
    HTML by id."""
    bodies: dict[str, str] = {}
    base = (prepared.site_url or "/").rstrip("/") + "/"
    start, stop = security.content_markers(content_marker)
    region = re.compile(re.escape(start) + r"(.*?)" + re.escape(stop), re.S)
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        url = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        html = path.read_text(encoding="utf-8")
        found = list(region.finditer(html))
        if len(found) > 1 or html.count(start) != len(found) or html.count(stop) != len(found):
            raise SiteError(f"{relative}: the engine moved or repeated a page's content markers; "
                            "its content cannot be told from the theme's, so the page is not published")
        if found:
            content, page_bodies = take_bodies(found[0].group(1), base + url)
            bodies.update(page_bodies)
            html = html[:found[0].start()] + content + html[found[0].end():]
        html = conforming_page(security.without_sequence_links(html))
        path.write_text(page_policy.protect(html, str(path), str(site_dir)), encoding="utf-8")
    return bodies


def finish(site_dir: Path, prepared: Preparation, *, bodies: dict[str, str], page_policy: PagePolicy | None) -> None:
    """Write the link manifest, the JSON API, the short links and the search index, send the
    site's own scripts and stylesheets compact, and set the policy on every page (none
    under a live preview: `page_policy` is None there)."""
    try:
        compact.compact_site_files(site_dir)
    except compact.CompactError as error:
        raise SiteError(f"A script or stylesheet of the site's own could not be sent compact: {error}") from None
    policy = page_policy.policy(prepared.endpoint) if page_policy else ""
    problems = list(page_policy.blocked) if page_policy else []
    files = site_outputs(prepared.renderer.help_centre, site_url=prepared.site_url, to_html=prepared.to_html,
                         bodies=bodies, policy=policy)
    # search/search_index.json replaces the theme's own.
    write_outputs(site_dir, _checked(files, page_policy.script_hashes if page_policy else set(), problems))
    if page_policy is None:
        return  # the preview's live-reload script is added to each page as it is served
    for name in page_policy.html_files:
        path = Path(name)
        path.write_text(security.with_policy(path.read_text(encoding="utf-8"), policy), encoding="utf-8")
    if problems:
        raise SiteError("The Content-Security-Policy would block parts of these pages:\n  "
                        + "\n  ".join(problems[:20]) + "\nThese come from the site's templates or "
                        "its own files, not from content: a developer must change them (content "
                        "cannot add scripts).")


def _checked(files: Iterable[Output], script_hashes: set[str], problems: list[str]):
    """The extra files, passed on as they come; the extra pages come from a few templates,
    and the first page of each is checked against the policy."""
    templates = set()
    for name, text in files:
        if name.endswith(".html") and isinstance(text, str) and name.split("/", 1)[0] not in templates:
            templates.add(name.split("/", 1)[0])
            problems.extend(f"{name}: {problem}" for problem in security.blocked(text, script_hashes))
        yield name, text


def package(built: Path, *, site_dir: Path) -> Path:
    """Precompressed copies and the nginx configuration for a finished site that will be
    served from `site_dir`; returns the configuration's path."""
    from .serving import config_path, nginx_config, precompress

    precompress(built)  # for servers that send precompressed files (nginx's gzip_static)
    config = config_path(site_dir)
    config.write_text(nginx_config(built, root=site_dir), encoding="utf-8")
    return config


def page_address(prepared: Preparation, src_uri: str) -> str:
    """A page's own URL, for resolving its answers' links."""
    return (prepared.site_url or "/").rstrip("/") + "/" + page_url(src_uri)


__all__ = ["ContentError", "PagePolicy", "Preparation", "SiteError", "feedback_endpoint", "finish",
           "finish_built_pages", "package", "prepare", "show_notices"]
