"""Helpers the tests share: build a site, read its pages, serve it, find Chromium."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project needs to build: content, theme, hooks and config.
PROJECT_PARTS = ("mkdocs.yml", "faq.yml", "snippets.yml", "support.yml", "links.lock", "search-synonyms.yml",
                 "owners.yml", "portal-screens.yml",
                 "docs", "overrides",
                 "hooks", "helpcentre")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def copy_project(target: Path) -> Path:
    """Copy what a build needs into `target`, so a test can change it freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def build_site(project: Path, site_dir: Path, *, site_url: str | None = None, engine: str = "mkdocs") -> Path:
    """Build `project` strictly with MkDocs' own API, as `mkdocs build --strict` does, or
    with Zensical through the core's pipeline (helpcentre/engines.py)."""
    if engine == "zensical":
        from helpcentre.engines import build_with_zensical

        return build_with_zensical(root=project, site_dir=site_dir, site_url=site_url)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = {"site_url": site_url} if site_url else {}
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site_dir


@dataclass
class ParsedPage:
    """What the tests read from one HTML page."""

    text: str = ""  # visible text of the main content, whitespace collapsed
    ids: dict[str, str] = field(default_factory=dict)  # id -> tag name
    heading_text: dict[str, str] = field(default_factory=dict)  # heading id -> its text
    links: list[str] = field(default_factory=list)  # href of every <a>
    resources: list[str] = field(default_factory=list)  # src/href of scripts, styles, images
    whole_text: str = ""  # visible text of the whole page


class _PageParser(HTMLParser):
    _SKIP = {"script", "style", "svg", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._skip = 0
        self._in_main = 0
        self._main_depth = 0
        self._heading: tuple[str, list[str]] | None = None
        self._main_parts: list[str] = []
        self._all_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids[values["id"]] = tag
        if tag in self._SKIP:
            self._skip += 1
        if tag == "a" and values.get("href") is not None:
            self.page.links.append(values["href"])
        if tag in ("script", "img", "iframe", "source", "video", "audio") and values.get("src"):
            self.page.resources.append(values["src"])
        if tag == "link" and values.get("href") and values.get("rel") not in ("canonical", "alternate"):
            self.page.resources.append(values["href"])
        if tag == "article":
            self._in_main += 1
        if re.fullmatch(r"h[1-6]", tag) and values.get("id"):
            self._heading = (values["id"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag == "article" and self._in_main:
            self._in_main -= 1
        if re.fullmatch(r"h[1-6]", tag) and self._heading:
            ident, parts = self._heading
            self.page.heading_text[ident] = " ".join("".join(parts).split())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._all_parts.append(data)
        if self._in_main:
            self._main_parts.append(data)
        if self._heading:
            self._heading[1].append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join("".join(self._main_parts).split())
        self.page.whole_text = " ".join("".join(self._all_parts).split())


@functools.lru_cache(maxsize=None)
def _parse_cached(path: str, mtime_ns: int) -> ParsedPage:
    parser = _PageParser()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def parse_page(path: Path) -> ParsedPage:
    """Parse one built HTML page (cached until the file changes)."""
    return _parse_cached(str(path), path.stat().st_mtime_ns)


def html_pages(site_dir: Path) -> list[Path]:
    """Every HTML page of a built site, without the go/<id>/ redirects and the panel's demo page."""
    return sorted(p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] not in ("go", "widget"))


def search_text(site_dir: Path) -> str:
    """Everything the site's search files hold, as one text: what search can find."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((site_dir / "search").rglob("*.json")))


def page_for(site_dir: Path, src_uri: str) -> Path:
    """The built HTML file of a source page: 'documents/upload-file.md' -> .../index.html."""
    from helpcentre.site import page_url

    return site_dir / page_url(src_uri) / "index.html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def end_headers(self) -> None:
        # As GitHub Pages does: any origin may read the files (the portal loads the panel).
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@dataclass
class SiteServer:
    """A built site served over HTTP on 127.0.0.1 for the browser tests."""

    url: str
    host: str


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_directory(directory: Path, port: int = 0, *, handler: type | None = None) -> Iterator[SiteServer]:
    """Serve `directory` on loopback (a free port by default) until the generator is closed.

    Material's instant navigation only follows links listed in sitemap.xml, whose addresses
    carry the port of site_url: build with site_url on the same port to test it. `handler`
    is a request handler class in place of the quiet static one.
    """
    handler = functools.partial(handler or _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host = f"127.0.0.1:{server.server_address[1]}"
        yield SiteServer(url=f"http://{host}/", host=host)
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def mkdocs_serving(project: Path, port: int, log: Path) -> Iterator[subprocess.Popen]:
    """`mkdocs serve --strict` on `port` for the project, its output in the file `log`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    with log.open("w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=log_file, stderr=subprocess.STDOUT, text=True)
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def fetch_text(url: str, timeout: float = 10) -> str:
    """The text at `url`, or "" while nothing answers there."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for_text(url: str, text: str, seconds: float, *, present: bool = True, interval: float = 0.25) -> bool:
    """Wait until `text` is (or, with present=False, is no longer) at `url`; False on timeout."""
    import time

    deadline = time.perf_counter() + seconds
    while (text in fetch_text(url)) != present:
        if time.perf_counter() > deadline:
            return False
        time.sleep(interval)
    return True


def chromium_path() -> str | None:
    """Debian's Chromium, or the browser named by HELPCENTRE_CHROMIUM."""
    configured = os.environ.get("HELPCENTRE_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def browser_required() -> bool:
    """In CI, or when asked, a missing browser fails the run instead of skipping."""
    return bool(os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"))


class FeedbackStub(http.server.ThreadingHTTPServer):
    """The portal's feedback API, as far as the help centre can tell: it records every POST."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _StubHandler)
        self.received: list[dict] = []
        self.fail = False
        self.url = f"http://127.0.0.1:{self.server_address[1]}/api/help-feedback"

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator["FeedbackStub"]:
        stub = cls()
        threading.Thread(target=stub.serve_forever, daemon=True).start()
        try:
            yield stub
        finally:
            stub.shutdown()
            stub.server_close()


class _StubHandler(http.server.BaseHTTPRequestHandler):
    server: FeedbackStub

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")

    def do_OPTIONS(self) -> None:  # noqa: N802 - the stdlib's naming
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append({"path": self.path, "body": body.decode("utf-8"),
                                     "content_type": self.headers.get("Content-Type"),
                                     "cookie": self.headers.get("Cookie"),
                                     "referer": self.headers.get("Referer")})
        self.send_response(500 if self.server.fail else 204)
        self._cors()
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
