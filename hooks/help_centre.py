"""MkDocs adapter for the help centre's content core (the `helpcentre` package).

Events handled:
- on_startup: remember whether this run is `mkdocs serve`;
- on_config: load and check the content, set the navigation and the support contact;
- on_files: add one generated page per category and per guide;
- on_page_markdown: fill snippets and id links in hand-written pages under docs/.

All state is rebuilt in on_config, so `mkdocs serve` picks up every edit.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from helpcentre import ContentError, Renderer, load_help_centre
from helpcentre.render import support_context
from helpcentre.site import navigation

_renderer: Renderer | None = None  # this build's renderer, replaced on every on_config
_command = "build"  # "serve" while `mkdocs serve` runs; set by on_startup


class _KeepLastGoodSite(SystemExit, Exception):
    """Stops one `mkdocs serve` rebuild without a traceback; the last good site stays served.

    MkDocs' rebuild loop catches Exception and prints a SystemExit's message alone, then
    keeps serving what it built last. A plain SystemExit would end the rebuild thread.
    """


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember the command, so a bad edit under `serve` does not stop the server."""
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the content; hand MkDocs the navigation and support contact."""
    global _renderer
    root = Path(config.config_file_path).parent
    try:
        help_centre = load_help_centre(root)
    except ContentError as error:
        if _command == "serve":
            raise _KeepLastGoodSite(error.report() + "\nFix these, save, and the site rebuilds.") from None
        raise PluginError(error.report()) from None
    _renderer = Renderer(help_centre)
    config.nav = navigation(help_centre)
    config.extra["support_contact"] = support_context(help_centre.support)
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
    renderer = _current()
    return renderer.expand(markdown, page.file.src_uri)


def _current() -> Renderer:
    if _renderer is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("the help centre's content was not loaded (on_config did not run)")
    return _renderer
