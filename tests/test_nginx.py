"""The site as production serves it: `make build`'s output behind Debian's nginx.

The site is published the way `make build` does it (precompressed files and the nginx
configuration beside the site), then served by a real nginx on a free loopback port.
Skipped only where nginx is not installed and CI does not require it.
"""
from __future__ import annotations

import contextlib
import gzip
import http.client
import io
import json
import os
import re
import subprocess
from pathlib import Path
from unittest import mock

import pytest

from helpcentre.publish import publish
from helpcentre.serving import config_path, let_workers_through, nginx_binary, nginx_config, running_nginx
from sitetools import browser_required, copy_project, free_port

pytestmark = pytest.mark.skipif(nginx_binary() is None and not browser_required(),
                                reason="nginx is not installed (Debian: apt-get install nginx)")


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The site as `make build` publishes it."""
    if nginx_binary() is None:
        pytest.fail("nginx is required here but not installed (Debian: apt-get install nginx)")
    root = copy_project(tmp_path_factory.mktemp("nginx") / "project")
    told = io.StringIO()
    with mock.patch.dict(os.environ), contextlib.redirect_stderr(told):  # as the README's `make build`
        os.environ.pop("SITE_URL", None)
        assert publish(root=root, site_dir=Path("site")) == 0
    (root / "publish-stderr.txt").write_text(told.getvalue(), encoding="utf-8")
    # pytest's folders are private to their owner; nginx's workers (an unprivileged account
    # when the tests run as root) must be able to pass through them to the site.
    let_workers_through(root / "site", tmp_path_factory.getbasetemp().parent)
    return root / "site"


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    """nginx serving the published site; yields a function that makes one request."""
    port = free_port()
    config = tmp_path_factory.mktemp("nginx-conf") / "site.conf"
    config.write_text(nginx_config(published, listen=f"127.0.0.1:{port}"), encoding="utf-8")

    def request(path: str, *, method: str = "GET", headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(method, path, headers=headers or {})
        answer = connection.getresponse()
        result = Response(answer.status, answer.headers, answer.read())
        connection.close()
        return result

    prefix = tmp_path_factory.mktemp("nginx-prefix")
    with running_nginx(config, prefix, port):
        request.prefix = prefix
        request.origin = f"http://127.0.0.1:{port}"
        yield request


def test_make_build_writes_the_configuration_and_compressed_files(published):
    config = config_path(published)
    assert config.exists() and f"root {published.resolve()};" in config.read_text(encoding="utf-8")
    for name in ("index.html", "links.json", "api/faq.json", "404.html"):
        original, packed = published / name, published / (name + ".gz")
        assert packed.exists(), name
        assert gzip.decompress(packed.read_bytes()) == original.read_bytes()
        assert packed.stat().st_mtime_ns == original.stat().st_mtime_ns


SECURITY = {
    "Strict-Transport-Security": re.compile(r"^max-age=(\d+)"),
    "X-Content-Type-Options": re.compile(r"^nosniff$"),
    "Referrer-Policy": re.compile(r"^strict-origin-when-cross-origin$"),
    "X-Frame-Options": re.compile(r"^DENY$"),
    "Permissions-Policy": re.compile(r"camera=\(\)"),
}


def _assert_security_headers(response: Response, published: Path) -> None:
    for name, pattern in SECURITY.items():
        value = response.header(name)
        assert value and pattern.search(value), (name, value)
    assert int(SECURITY["Strict-Transport-Security"].match(response.header("Strict-Transport-Security")).group(1)) \
        >= 365 * 24 * 3600
    policy = response.header("Content-Security-Policy")
    meta = re.search(r'Content-Security-Policy" content="([^"]+)"', (published / "index.html").read_text("utf-8"))
    assert policy == meta.group(1).replace("&#39;", "'") + "; frame-ancestors 'none'"


@pytest.mark.parametrize("path, status, cache", [
    ("/", 200, "no-cache"),
    ("/claims-and-family/", 200, "no-cache"),
    ("/assets/stylesheets/help-centre.css", 200, "no-cache"),
    ("/no-such-page/", 404, "no-cache"),
    ("/go/upload-file/", 301, "no-cache"),
])
def test_every_response_carries_the_security_headers(nginx, published, path, status, cache):
    response = nginx(path)
    assert response.status == status
    _assert_security_headers(response, published)
    assert response.header("Cache-Control") == cache
    assert response.header("Cross-Origin-Resource-Policy") == "same-origin"
    assert response.header("Access-Control-Allow-Origin") is None
    assert response.header("Server") == "nginx", "the version must not be shown"


def test_hashed_assets_are_kept_for_a_year(nginx, published):
    bundle = next((published / "assets" / "javascripts").glob("bundle.*.min.js")).name
    index = next((published / "search" / "hc").glob("index.*.json")).name
    for path in (f"/assets/javascripts/{bundle}", f"/search/hc/{index}"):
        response = nginx(path)
        assert response.status == 200
        assert response.header("Cache-Control") == "public, max-age=31536000, immutable", path
        _assert_security_headers(response, published)


def test_the_404_page_comes_with_status_404(nginx, published):
    response = nginx("/no-such-page/")
    assert response.status == 404
    assert response.body == (published / "404.html").read_bytes()
    assert response.header("Content-Type").startswith("text/html")


def test_text_is_sent_precompressed(nginx, published):
    for path, name in (("/", "index.html"), ("/api/faq.json", "api/faq.json")):
        response = nginx(path, headers={"Accept-Encoding": "gzip"})
        assert response.header("Content-Encoding") == "gzip"
        assert response.body == (published / (name + ".gz")).read_bytes()
        assert "Accept-Encoding" in (response.header("Vary") or "")
        plain = nginx(path)
        assert plain.header("Content-Encoding") is None and plain.body == (published / name).read_bytes()


def test_every_published_id_redirects_with_and_without_the_slash(nginx, published):
    links = json.loads((published / "links.json").read_text(encoding="utf-8"))
    assert len(links) >= 25
    for ident, record in links.items():
        for path in (f"/go/{ident}/", f"/go/{ident}"):
            response = nginx(path)
            assert response.status == 301, path
            assert response.header("Location") == "/" + record["url"], path
    assert nginx("/go/no-such-id/").status == 404


def test_the_api_is_readable_from_any_origin(nginx, published):
    for path in ("/api/faq.json", "/links.json", "/api/screens/login.json", "/api/answers/login-password.json",
                 "/api/faq.schema.json", "/api/screen.schema.json", "/links.schema.json"):
        response = nginx(path, headers={"Origin": "https://portal.example"})
        assert response.status == 200
        assert response.header("Access-Control-Allow-Origin") == "*"
        assert response.header("Cross-Origin-Resource-Policy") == "cross-origin"
        assert response.header("Cache-Control") == "no-cache"
        assert response.header("Content-Type").startswith("application/json")
        _assert_security_headers(response, published)
        json.loads(response.body)
    for path in ("/widget/help-centre.js", "/assets/javascripts/support-status.js"):  # the portal's help panel
        response = nginx(path, headers={"Origin": "https://portal.example"})
        assert response.status == 200 and response.header("Access-Control-Allow-Origin") == "*", path
        assert response.header("Content-Type").startswith(("application/javascript", "text/javascript")), path


# -- the Mozilla HTTP Observatory's score ------------------------------------------------------
# Its published scoring rules (developer.mozilla.org/en-US/observatory/docs/tests_and_scoring),
# for the tests that depend on response headers. Redirection to HTTPS is left out: it is
# the TLS front's job, which this loopback server does not play. Bonus points count only
# from a score of 90 on, as on the Observatory.

def observatory_score(response: Response) -> tuple[int, dict[str, int]]:
    found: dict[str, int] = {}
    policy = response.header("Content-Security-Policy") or ""
    directives = {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
                  for part in (p.strip() for p in policy.split(";")) if part}
    scripts = directives.get("script-src", directives.get("default-src", ""))
    if not policy:
        found["csp-not-implemented"] = -25
    elif "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        found["csp-implemented-with-unsafe-inline"] = -20
    elif directives.get("default-src") == "'none'":
        found["csp-implemented-with-no-unsafe-default-src-none"] = 10
    else:
        found["csp-implemented-with-no-unsafe"] = 5
    found["cookies-not-found"] = 0 if not response.header("Set-Cookie") else -40
    origin = response.header("Access-Control-Allow-Origin")
    found["cross-origin-resource-sharing-not-implemented" if origin != "*"
          else "cross-origin-resource-sharing-implemented-with-universal-access"] = 0 if origin != "*" else -50
    referrer = response.header("Referrer-Policy") or ""
    found["referrer-policy-private" if referrer in ("no-referrer", "same-origin", "strict-origin",
                                                   "strict-origin-when-cross-origin")
          else "referrer-policy-not-implemented"] = 5 if referrer else 0
    hsts = re.match(r"max-age=(\d+)", response.header("Strict-Transport-Security") or "")
    found["hsts-implemented-max-age-at-least-six-months" if hsts and int(hsts.group(1)) >= 15768000
          else "hsts-not-implemented"] = 0 if hsts and int(hsts.group(1)) >= 15768000 else -20
    found["sri-not-implemented-but-all-scripts-loaded-from-secure-origin"] = 0
    found["x-content-type-options-nosniff" if response.header("X-Content-Type-Options") == "nosniff"
          else "x-content-type-options-not-implemented"] = 0 if response.header("X-Content-Type-Options") else -5
    if directives.get("frame-ancestors") == "'none'":
        found["x-frame-options-implemented-via-csp"] = 5
    elif response.header("X-Frame-Options"):
        found["x-frame-options-sameorigin-or-deny"] = 0
    else:
        found["x-frame-options-not-implemented"] = -20
    corp = response.header("Cross-Origin-Resource-Policy")
    found["corp-implemented-with-same-origin" if corp == "same-origin" else "corp-not-implemented"] = 0
    penalties = sum(v for v in found.values() if v < 0)
    bonus = sum(v for v in found.values() if v > 0)
    score = 100 + penalties
    return (score + bonus if score >= 90 else score), found


def test_the_observatory_grades_the_site_a_plus(nginx):
    response = nginx("/")
    score, found = observatory_score(response)
    assert score >= 100, found  # A+ on the Observatory's scale
    assert found["csp-implemented-with-no-unsafe-default-src-none"] == 10
    # The rules work: without the headers the same page would fail.
    bare = Response(200, http.client.HTTPMessage(), b"")
    assert observatory_score(bare)[0] < 50


def test_workers_run_unprivileged_when_the_master_is_root(nginx):
    master = int((nginx.prefix / "nginx.pid").read_text(encoding="utf-8").strip())
    workers = subprocess.run(["ps", "-o", "user=", "--ppid", str(master)], capture_output=True, text=True,
                             check=True).stdout.split()
    assert workers, "nginx has no worker processes"
    if os.geteuid() == 0:
        assert "root" not in workers and set(workers) <= {"www-data", "nginx", "nobody"}, workers
    else:
        assert set(workers) == {subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()}


def test_a_site_the_workers_cannot_reach_is_explained(tmp_path):
    from helpcentre.serving import prepare_nginx, worker_account

    if worker_account() is None:
        pytest.skip("only a root master switches its workers to another account")
    private = tmp_path / "private"
    (private / "site").mkdir(parents=True)
    private.chmod(0o700)
    config = tmp_path / "site.conf"
    config.write_text(f"server {{\n    listen 127.0.0.1:1;\n    root {private / 'site'};\n}}\n", encoding="utf-8")
    with pytest.raises(PermissionError, match="cannot open the folder"):
        prepare_nginx(config, tmp_path / "prefix")


def test_a_missing_api_file_is_a_json_404_other_origins_can_read(nginx, published):
    for path in ("/api/screens/claims-archive.json", "/api/answers/no-such-answer.json", "/widget/no-such.js"):
        response = nginx(path, headers={"Origin": "https://portal.example"})
        assert response.status == 404, path
        assert response.header("Access-Control-Allow-Origin") == "*", path
        assert response.header("Cross-Origin-Resource-Policy") == "cross-origin", path
        assert response.header("Content-Type").startswith("application/json"), path
        assert json.loads(response.body) == {"error": "not found"}
        _assert_security_headers(response, published)
    # The site's own pages keep their HTML 404 page, readable by the site alone.
    page = nginx("/no-such-page/", headers={"Origin": "https://portal.example"})
    assert page.status == 404 and page.header("Access-Control-Allow-Origin") is None


# The portal team's pages, each with one panel, served from another origin than nginx's.
PORTAL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' {origin}; connect-src {origin}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Portal</title>
<script type="module" src="{origin}/widget/help-centre.js"></script></head>
<body><header><help-centre-panel timeout="30000" {attribute}><a href="{origin}/">Help</a></help-centre-panel></header>
<main><h1>Portal</h1></main></body></html>
"""
PORTAL_PANELS = {"unknown-screen": 'screen="claims-archive"',
                 "answers": 'answers="login-password,no-such-answer,contact-it-support"',
                 "upload": 'screen="upload-documents"'}


@pytest.fixture(scope="module")
def portal_behind_nginx(nginx, tmp_path_factory):
    """The portal pages on their own origin, with the help centre behind nginx; yields {name: URL}."""
    from sitetools import serve_directory

    folder = tmp_path_factory.mktemp("portal-nginx")
    for name, attribute in PORTAL_PANELS.items():
        (folder / f"{name}.html").write_text(PORTAL_PAGE.format(origin=nginx.origin, attribute=attribute),
                                             encoding="utf-8")
    server = serve_directory(folder, 0)
    url = next(server).url
    yield {name: f"{url}{name}.html" for name in PORTAL_PANELS}
    server.close()


def _portal_page(browser, url):
    """A phone-sized page on `url` with the panel opened; returns (context, page, console warnings)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto(url)
    page.wait_for_function("() => customElements.get('help-centre-panel') !== undefined")
    page.locator("help-centre-panel .open").click()
    return context, page, warnings


@pytest.mark.browser
def test_behind_nginx_an_unknown_screen_says_there_is_no_help_yet(browser, portal_behind_nginx):
    context, page, warnings = _portal_page(browser, portal_behind_nginx["unknown-screen"])
    try:
        page.locator("help-centre-panel .status", has_text="There is no help written for this page yet").wait_for()
        assert page.locator("help-centre-panel .retry").count() == 0
        assert any('"claims-archive"' in text for text in warnings), warnings
    finally:
        context.close()


@pytest.mark.browser
def test_behind_nginx_an_unknown_answer_id_leaves_the_others_shown(browser, portal_behind_nginx):
    context, page, warnings = _portal_page(browser, portal_behind_nginx["answers"])
    try:
        questions = page.locator("help-centre-panel .questions summary")
        questions.first.wait_for()
        assert questions.all_inner_texts() == ["How do I find my login or password?", "How do I contact IT support?"]
        assert not page.locator("help-centre-panel .status").is_visible()
        assert any('"no-such-answer"' in text for text in warnings), warnings
    finally:
        context.close()


@pytest.mark.browser
def test_behind_nginx_links_between_answers_lead_to_the_help_centre_it_is_served_from(browser, nginx,
                                                                                      portal_behind_nginx):
    # `make build` without SITE_URL, served on another address than the build's default.
    context, page, _ = _portal_page(browser, portal_behind_nginx["upload"])
    try:
        question = page.locator("help-centre-panel .questions details", has_text="Find a referral")
        question.locator("summary").click()
        link = question.get_by_role("link", name="upload the file via the User Portal")
        href = link.get_attribute("href")
        assert href == f"{nginx.origin}/go/upload-file/", href
        landing = context.new_page()
        response = landing.goto(href)
        assert response.ok and landing.url == f"{nginx.origin}/documents/upload-file/#upload-file", landing.url
    finally:
        context.close()


def test_make_build_without_site_url_says_what_names_the_default_address(published):
    told = (published.parent / "publish-stderr.txt").read_text(encoding="utf-8")
    assert "SITE_URL is not set" in told and "SITE_URL=https://<help centre>/ make build" in told, told
