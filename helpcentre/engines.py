"""The engines that can turn the help centre's pages into HTML, and everything that differs
between them, in one place.

- `mkdocs` (the default): MkDocs 1.6 with Material for MkDocs. MkDocs runs the core's steps
  itself, through the adapter in hooks/help_centre.py.
- `zensical`: Zensical, Material's successor. It reads mkdocs.yml's format and the theme's
  overrides/, but runs no MkDocs hooks and has no plugin interface yet. So the core
  prepares a build folder first (the generated pages, the expanded hand-written pages and
  a generated configuration with the navigation), runs Zensical on it, and finishes the
  built site from its HTML (helpcentre/pipeline.py). It reads the same overrides/, less
  the filters only MkDocs' hook provides (`zensical_template`).

`HELPCENTRE_ENGINE` chooses one; nothing here imports either engine.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import compact, security
from .pipeline import PagePolicy, Preparation, SiteError, finish, finish_built_pages, prepare
from .problems import ContentError

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
ENGINE_VARIABLE = "HELPCENTRE_ENGINE"
# The filters MkDocs' hook gives the templates (hooks/help_centre.py, on_env). Zensical has
# no way to add filters, so its copy of the templates goes without them: its search box is
# its own (a known gap), and the page-order links are dropped from its built pages instead
# (pipeline.finish_built_pages).
MKDOCS_ONLY_FILTERS = ("hc_search_worker", "hc_without_sequence_links")
_FILTER = re.compile(r"\s*\|\s*(hc_\w+)")
ZENSICAL_WORK_DIR = ".zensical"  # `make serve`'s build folder, under the project


def chosen_engine(environ: dict[str, str] | None = None) -> str:
    """The engine HELPCENTRE_ENGINE names (mkdocs when unset); an unknown name is an error."""
    name = ((environ if environ is not None else os.environ).get(ENGINE_VARIABLE) or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise SiteError(f"{ENGINE_VARIABLE}={name!r} is not an engine the help centre can build with; "
                        f"use one of: {', '.join(ENGINES)}")
    return name


def build(engine: str, *, root: Path, site_dir: Path, site_url: str | None = None) -> int:
    """Build the site under `root` into `site_dir` with `engine`; the exit status (0: built).

    Problems are printed for the editor: content problems as file, line and fix.
    """
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
        env = {**os.environ, "SITE_URL": site_url} if site_url else None
        return subprocess.run(command, cwd=root, env=env, check=False).returncode
    try:
        build_with_zensical(root=root, site_dir=site_dir, site_url=site_url)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except SiteError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


# -- Zensical ------------------------------------------------------------------------------

def build_with_zensical(*, root: Path, site_dir: Path, site_url: str | None = None,
                        work_dir: Path | None = None, allow_unlocked: bool = False) -> Path:
    """Prepare, build with Zensical and finish the site under `root` into `site_dir`.

    Raises ContentError for problems in the content and SiteError when Zensical fails or
    the built pages would break. `work_dir` keeps the build folder (a temporary one by default).
    """
    temporary = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="helpcentre-zensical-")) if temporary else work_dir
    try:
        settings = read_settings(root, site_url=site_url)
        prepared = prepare(root, site_url=settings.get("site_url") or "", extra=settings.get("extra") or {},
                           markdown_extensions=_extension_names(settings), mdx_configs=_extension_configs(settings),
                           allow_unlocked=allow_unlocked)
        content_marker = secrets.token_hex(16)  # unknown to content, so no page can fake the end of its own
        config = write_zensical_project(root, work, settings, prepared, content_marker=content_marker)
        _run_zensical(config)
        built = work / "site"
        page_policy = PagePolicy(style_hashes=theme_style_hashes(built),
                                 script_hashes=zensical_template_script_hashes(work, settings))
        bodies = finish_built_pages(built, prepared, page_policy, content_marker=content_marker)
        finish(built, prepared, bodies=bodies, page_policy=page_policy)
        if site_dir.exists():
            shutil.rmtree(site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(site_dir))
        return site_dir
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)


def read_settings(root: Path, *, site_url: str | None = None) -> dict:
    """mkdocs.yml as data, with its !ENV values read from the environment."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = yaml.load(text, Loader=_SettingsLoader)  # noqa: S506 - a SafeLoader with !ENV added
    if site_url is not None:
        settings["site_url"] = site_url
    return settings


class _SettingsLoader(yaml.SafeLoader):
    """Safe YAML, plus MkDocs' `!ENV [NAME, default]` tag."""


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node):
    """!ENV NAME or !ENV [NAME, ..., default]: the first variable set, else the default."""
    values = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *names, default = values if len(values) > 1 else (*values, None)
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return default


_SettingsLoader.add_constructor("!ENV", _environment_value)


def _extension_names(settings: dict) -> list[str]:
    """markdown_extensions' names, as MkDocs hands them to Python-Markdown."""
    return [next(iter(item)) if isinstance(item, dict) else item for item in settings.get("markdown_extensions", [])]


def _extension_configs(settings: dict) -> dict:
    """markdown_extensions' settings, by name."""
    return {name: value for item in settings.get("markdown_extensions", []) if isinstance(item, dict)
            for name, value in item.items() if value}


def write_zensical_project(root: Path, work: Path, settings: dict, prepared: Preparation, *,
                           content_marker: str = "") -> Path:
    """The build folder Zensical reads: docs/ with every page, overrides/ with our templates
    and Zensical's differences laid over them, and the configuration. Returns its path.

    With a `content_marker`, each page's body sits between two comments that name it, so
    that what the content became can be found in the built page and sanitized
    (`pipeline.finish_built_pages`), as MkDocs' page event hands it over on its own."""
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(root / "docs", docs, ignore=shutil.ignore_patterns("__pycache__"))
    for path in sorted(docs.rglob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        text = prepared.expand_page(path.read_text(encoding="utf-8"), src_uri)
        path.write_text(_with_content_markers(text, content_marker), encoding="utf-8")
    for page in prepared.renderer.pages():
        destination = docs / page.src_uri
        destination.parent.mkdir(parents=True, exist_ok=True)
        markdown = _with_structured_data(page.markdown, prepared, page.src_uri)
        destination.write_text(_with_content_markers(markdown, content_marker), encoding="utf-8")
    overrides = work / "overrides"
    shutil.rmtree(overrides, ignore_errors=True)
    shutil.copytree(root / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(zensical_template(main.read_text(encoding="utf-8")), encoding="utf-8")
    for partial in sorted((overrides / "partials").rglob("*.js")):
        name = partial.relative_to(overrides).as_posix()
        partial.write_text(compact.template_source(name, partial.read_text(encoding="utf-8")), encoding="utf-8")
    config = work / "mkdocs.yml"
    config.write_text(yaml.safe_dump(zensical_settings(settings, prepared), allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return config


def zensical_settings(settings: dict, prepared: Preparation) -> dict:
    """mkdocs.yml for Zensical: the same site, with what MkDocs' hooks would have set
    written out (navigation, support contact, feedback endpoint) and no hooks."""
    zensical = {key: value for key, value in settings.items() if key not in ("hooks", "watch")}
    zensical.update(docs_dir="docs", site_dir="site", nav=prepared.nav)
    zensical["theme"] = {**settings.get("theme", {}), "custom_dir": "overrides"}
    zensical["extra"] = {**(settings.get("extra") or {}), "support_contact": prepared.support_contact,
                         "feedback_endpoint": prepared.endpoint}
    return zensical


def _with_content_markers(markdown: str, marker: str) -> str:
    """The page with its body (after any front matter) between the content markers."""
    if not marker:
        return markdown
    front_matter, body = "", markdown
    if markdown.startswith("---\n") and "\n---\n" in markdown[4:]:
        end = markdown.index("\n---\n", 4) + len("\n---\n")
        front_matter, body = markdown[:end], markdown[end:]
    start, stop = security.content_markers(marker)
    return f"{front_matter}{start}\n\n{body}\n\n{stop}\n"


def zensical_template(text: str) -> str:
    """A template of overrides/ as Zensical gets it: without the filters only MkDocs' hook
    provides. Any other help-centre filter stops the build, instead of failing in Zensical."""
    unknown = sorted({name for name in _FILTER.findall(text) if name not in MKDOCS_ONLY_FILTERS})
    if unknown:
        raise SiteError(f"overrides/main.html uses {', '.join(unknown)}, which Zensical cannot run; "
                        "add it to MKDOCS_ONLY_FILTERS in helpcentre/engines.py with what Zensical does instead")
    return _FILTER.sub("", text)


def zensical_template_script_hashes(work: Path, settings: dict) -> set[str]:
    """The hashes of the inline scripts Zensical's templates and ours (as laid out in the
    build folder) write, rendered for every page depth: never read from built pages."""
    import jinja2
    import zensical

    theme = Path(zensical.__file__).parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(work / "overrides"), str(theme)]))
    site_path = urlsplit(settings.get("site_url") or "/").path or "/"
    context = {"config": settings, "features": (settings.get("theme") or {}).get("features", [])}
    return security.template_script_hashes(env, context, security.page_base_urls(site_path))


def _with_structured_data(markdown: str, prepared: Preparation, src_uri: str) -> str:
    """A generated page with its JSON-LD in its front matter, where templates read page.meta.

    Without page events the answers are converted by the core (the same extensions as the
    engine), not taken from the built page.
    """
    json_ld = prepared.structured.for_page(src_uri, {})
    if not json_ld:
        return markdown
    meta, body = {}, markdown
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4)
        meta, body = yaml.safe_load(markdown[4:end]) or {}, markdown[end + len("\n---\n"):]
    meta["json_ld"] = json_ld
    front_matter = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{front_matter}---\n{body}"


# Zensical's bundle draws its search dialog in a shadow root with one <style> element, whose
# text is a string in the bundle: `X.appendChild(C("style",{},NAME.toString()))`, `var NAME='…'`.
_SHADOW_STYLE = re.compile(r'\("style",\{\},(\w+)\.toString\(\)\)')


def theme_style_hashes(site_dir: Path) -> set[str]:
    """Hashes of the <style> elements Zensical's own bundle adds to a page (its search
    dialog's), for the policy's style-src: theme text, never content. An unknown bundle
    shape raises, instead of leaving the dialog unstyled."""
    hashes = set()
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = bundle.read_text(encoding="utf-8")
        for name in _SHADOW_STYLE.findall(text):
            literal = re.search(r"\bvar " + re.escape(name) + r"='((?:[^'\\]|\\.)*)'", text)
            if literal is None or "\\" in literal.group(1):
                raise SiteError(f"{bundle.name}: the search dialog's stylesheet is not a plain string any more; "
                                "update theme_style_hashes in helpcentre/engines.py for this Zensical version")
            hashes.add(security.style_hash(literal.group(1)))
    return hashes


def _run_zensical(config: Path) -> None:
    """`zensical build --strict` on a prepared build folder; its warnings, in plain text and
    with their pages named as under docs/, if it fails."""
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", str(config)],
                            cwd=config.parent, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_COLOR": "1", "CLICOLOR": "0"})
    if result.returncode != 0 or not (config.parent / "site" / "index.html").exists():
        raise SiteError(f"Zensical could not build the site:\n{_zensical_report(result.stdout + result.stderr)}")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING_PLACE = re.compile(r"\[ ([^\]\s]+\.md):(\d+):(\d+) \]")


def _zensical_report(output: str) -> str:
    """Zensical's output without colour codes and Python's traceback; its places in pages
    ('index.md:45:32') named as the files under docs/ (lines count in the page as expanded)."""
    lines, in_traceback = [], False
    for line in _ANSI.sub("", output).splitlines():
        in_traceback = in_traceback or line.startswith("Traceback ")
        if in_traceback:
            in_traceback = not line.startswith(("RuntimeError:", "click.exceptions"))
            continue
        if line.strip() != "Build started":
            lines.append(_WARNING_PLACE.sub(lambda m: f"[ docs/{m.group(1)}, line {m.group(2)} of the page as built ]",
                                            line))
    return "\n".join(lines).strip() or "(Zensical printed nothing)"


# -- previews ------------------------------------------------------------------------------

# What a preview watches: everything a build reads.
WATCHED = ("mkdocs.yml", "faq.yml", "snippets.yml", "support.yml", "search-synonyms.yml", "links.lock",
           "owners.yml", "portal-screens.yml", "docs", "overrides")


def serve(engine: str, *, root: Path, address: str) -> int:
    """Preview the site while editing: MkDocs' own server, or for Zensical a rebuild of the
    finished site whenever a source changes (reload the page to see it)."""
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", address]
        return subprocess.run(command, cwd=root, check=False).returncode
    return _serve_zensical(root=root, address=address)


def _serve_zensical(*, root: Path, address: str) -> int:
    """Build with Zensical into .zensical/preview, serve it, and rebuild on every change.

    Zensical's own `serve` cannot be used: it would show pages without the core's finishing
    steps (no search index, answers API or short links). A bad edit keeps the last good site.
    """
    host, _, port = address.rpartition(":")
    work = root / ZENSICAL_WORK_DIR
    preview = work / "preview"
    site_url = f"http://{host}:{port}/"
    handler = functools.partial(_QuietFiles, directory=str(preview))
    server = http.server.ThreadingHTTPServer((host, int(port)), handler)
    state = _sources_state(root)
    _preview_build(root, work, preview, site_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving the Zensical build on {site_url} — reload the page after saving a change.", flush=True)
    try:
        while True:
            time.sleep(1)
            current = _sources_state(root)
            if current != state:
                state = current
                _preview_build(root, work, preview, site_url)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        server.server_close()


def _preview_build(root: Path, work: Path, preview: Path, site_url: str) -> None:
    """One preview build; problems are printed and the last good site stays served."""
    started = time.perf_counter()
    try:
        build_with_zensical(root=root, site_dir=preview, site_url=site_url, work_dir=work / "build",
                            allow_unlocked=True)
    except ContentError as error:
        print(f"\n{error.report()}\nThe preview still shows the last good version. Fix the problems above and "
              "save; the site rebuilds by itself.\n", file=sys.stderr, flush=True)
        return
    except SiteError as error:
        print(f"\n{error}\n", file=sys.stderr, flush=True)
        return
    print(f"Built with Zensical in {time.perf_counter() - started:.1f} s.", flush=True)


def _sources_state(root: Path) -> tuple:
    """Every watched file with its modification time, to notice an edit."""
    state = []
    for name in WATCHED:
        path = root / name
        paths = sorted(path.rglob("*")) if path.is_dir() else [path] if path.exists() else []
        state.extend((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())
    return tuple(state)


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    """The preview's files, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass
