"""The Content Security Policy every page carries, and the checks that keep it true.

One policy for the whole site: instant navigation keeps the first page's policy, so it must
allow the inline scripts of every page. Those are hashed from the theme's templates, never
from the built pages: each bare `<script>` in a template is rendered on its own for every
page depth the site allows, so the hashes are the same whatever the content says, and a
script that slipped into a page through content has no hash and stops the build.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Put into each page at render time, right after <meta charset>; replaced by the policy
# once every page's scripts are known.
PLACEHOLDER = '<meta http-equiv="Content-Security-Policy" content="hc-policy">'
META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'

_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_HANDLER = re.compile(r"""\s(on[a-z]+)\s*=""", re.I)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=""", re.I)
_SCRIPT_URL = re.compile(r"""\s(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
_STYLE_ELEMENT = re.compile(r"<style\b", re.I)
_LINK = re.compile(r"<link\b[^>]*>\s*", re.I)
_REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# Link relations a browser may fetch ahead of the reader: Firefox prefetches rel="next" as it
# does rel="prefetch". Such a request falls under default-src, which is 'none'.
_FETCHED_AHEAD = {"next", "prefetch", "prerender"}
# The pages' place in the navigation's order, which Material writes as <link rel="prev/next">.
_SEQUENCE = {"prev", "next"}
# Types the browser runs; any other (application/json, application/ld+json) is data.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group(1)
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
            continue
        scripts.append(match.group(2))
    return scripts


def script_hash(text: str) -> str:
    """The CSP source for one inline script: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def style_hash(text: str) -> str:
    """The CSP source for one <style> element's text: 'sha256-<base64>', as for scripts."""
    return script_hash(text)


def page_hashes(html: str) -> set[str]:
    return {script_hash(text) for text in inline_scripts(html)}


# A bare inline script as a template writes it (scripts with attributes load a file or hold data).
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# How many folders deep a page may sit; Material's first script names the way back to the
# site's root, so each depth has its own script text and hash. docs/ pages deeper are refused.
MAX_PAGE_DEPTH = 6


def page_base_urls(site_path: str = "/") -> list[str]:
    """Every base_url a page can be rendered with: its way back to the root, and the
    site's own path (404.html, which is served at any address)."""
    relative = ["."] + ["/".join([".."] * depth) for depth in range(1, MAX_PAGE_DEPTH + 1)]
    return relative + [site_path or "/"]


def template_script_hashes(env, context: dict, base_urls: list[str]) -> set[str]:
    """The hashes of every inline script the theme's templates write (`env` is the theme's
    Jinja environment), rendered with `context` for each base URL. No content takes part."""
    hashes: set[str] = set()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            source = env.loader.get_source(env, name)[0]
        except Exception:  # noqa: BLE001 - a template the loader lists but cannot read has no script
            continue
        for match in _TEMPLATE_SCRIPT.finditer(source):
            try:
                script = env.from_string(match.group(1))
            except Exception:  # noqa: BLE001 - not a script alone (a Jinja block spans it)
                continue
            for base_url in base_urls:
                try:
                    hashes.add(script_hash(script.render(**context, base_url=base_url)))
                except Exception:  # noqa: BLE001 - needs a page's context: not rendered for this site
                    break
    return hashes


def content_security_policy(hashes: set[str], *, connect: tuple[str, ...] = (), styles: set[str] = frozenset()) -> str:
    """The site's policy, given the hashes of its inline scripts and extra origins to send to;
    `styles` hashes <style> elements the theme's own script adds (Zensical's search dialog)."""
    origins = sorted({origin for origin in (_origin(url) for url in connect) if origin})
    directives = [
        "default-src 'none'",
        "script-src 'self' " + " ".join(sorted(hashes)) if hashes else "script-src 'self'",
        " ".join(["style-src 'self'", *sorted(styles)]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src " + " ".join(["'self'", *origins]),
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def _rels(tag: str) -> set[str]:
    match = _REL.search(tag)
    return set(next(value for value in match.groups() if value is not None).lower().split()) if match else set()


def content_markers(marker: str) -> tuple[str, str]:
    """The two comments around a page's content in an engine's input, for finding what the
    content became in its output (`marker` is random per build, so content cannot end it)."""
    return f"<!-- hc-content:{marker} -->", f"<!-- /hc-content:{marker} -->"


def without_sequence_links(html: str) -> str:
    """The theme's page head without <link rel="prev"> and <link rel="next">.

    Firefox fetches the next page ahead, and the policy's default-src 'none' refuses it, on
    every page. Readers arrive at an answer by a link, a search or the navigation, not by
    reading pages in order, so the hint would cost phones a page they rarely open; the
    navigation's own links stay.
    """
    return _LINK.sub(lambda match: "" if _rels(match.group(0)) & _SEQUENCE else match.group(0), html)


def with_placeholder(html: str) -> str:
    """The page with the policy's placeholder right after its <meta charset>."""
    match = _CHARSET.search(html)
    if not match:
        raise ValueError("the page has no <meta charset=\"utf-8\">, so it cannot carry the policy first")
    return html[: match.end()] + "\n    " + PLACEHOLDER + html[match.end():]


def with_policy(html: str, policy: str) -> str:
    """The page with its placeholder replaced by the policy."""
    return html.replace(PLACEHOLDER, META.format(policy=policy), 1)


class _StartTags(HTMLParser):
    """Every start tag as written, with its attributes as a browser reads them (so text
    inside an attribute's value, such as title="a onclick=b", is never taken for one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.get_starttag_text() or f"<{tag}>", attrs))

    handle_startendtag = handle_starttag


def _start_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.tags


def blocked(html: str, hashes: set[str]) -> list[str]:
    """What in the page the policy would block: each as a short description."""
    problems = []
    if PLACEHOLDER not in html and "Content-Security-Policy" not in html:
        problems.append("it carries no Content-Security-Policy")
    for text in inline_scripts(html):
        if script_hash(text) not in hashes:
            problems.append(f"an inline script that no template wrote (not hashed): {text.strip()[:60]!r}")
    for tag, attributes in _start_tags(html):
        for name, value in attributes:
            if name.startswith("on"):
                problems.append(f"an inline event handler '{name}' in {tag[:60]}")
            elif name == "style":
                problems.append(f"a style attribute in {tag[:60]}")
            elif name in ("href", "src", "action", "formaction") and \
                    re.sub(r"[\s\x00-\x20]", "", value or "").lower().startswith("javascript:"):
                problems.append(f"a javascript: address in {tag[:60]}")
    for tag in _LINK.findall(html):
        fetched = _rels(tag) & _FETCHED_AHEAD
        if fetched:
            problems.append(f"a <link rel=\"{' '.join(sorted(fetched))}\"> that browsers fetch ahead, which "
                            f"default-src 'none' refuses: {tag.strip()[:60]}")
    if _STYLE_ELEMENT.search(html):
        problems.append("an inline <style> element")
    return problems


_LOCAL_TEST_HOSTS = frozenset({"localhost", "127.0.0.1"})


def endpoint_problem(endpoint: str) -> str | None:
    """Why a feedback endpoint may not be used, or None: it must be an https: address, or
    http: on exactly localhost or 127.0.0.1 (a stub while testing), with nothing that could
    leave the policy's or a tag's quotes."""
    try:
        parts = urlsplit(endpoint)
        host, _port = parts.hostname, parts.port
    except ValueError:
        return "is not a web address"
    if re.search(r"[\s\"'<>;,\\]", endpoint) or not host or parts.username or parts.password:
        return "is not a plain web address (no spaces, quotes, ';', ',' or user name)"
    if parts.scheme == "https" or (parts.scheme == "http" and host in _LOCAL_TEST_HOSTS):
        return None
    return "must start with https:// — answers must not travel unencrypted"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
