"""The help panel in portal-like host pages: the pages, and what a reader does with the panel.

The host pages are hostile on purpose: each puts the panel under an ancestor that breaks
fixed positioning or clips (transform, filter and backdrop-filter, overflow, contain,
z-index under a 2147483647 overlay), and every one of them also carries the typography
portals use (uppercase, letter-spacing, nowrap, a 62.5 % root font, a huge line-height,
content-box sizing, `button { all: unset }`, right-to-left). They are served on their own
origin under the portal's short policy, which names the help centre only in `script-src`
and `connect-src`.

The flows are plain functions of a Playwright page. What they read in the page is
JavaScript (PROBE), so that another driver (Selenium, for Firefox and WebKit) can run the
same probes with `execute_script`.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sitetools import serve_directory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
MY_CLAIMS = ["Where do I find my payment guarantees?", "Upload a file to your case",
             "How do I access my registered family?", "How do I contact IT support?"]

# The policy a portal team would write for the panel: no style-src for the help centre.
HOST_POLICY = "default-src 'self'; script-src 'self' {origin}; connect-src {origin}"

# Portal typography that used to reach the panel through inheritance.
HOSTILE_TYPE = """
html { font-size: 62.5%; }
* { box-sizing: content-box; }
body { margin: 0; font: 2.2rem/6 Georgia, serif; color: #600; letter-spacing: 0.3em; word-spacing: 1em;
  text-transform: uppercase; white-space: nowrap; text-align: right; text-indent: 3em; font-style: italic; }
header { display: flex; align-items: center; gap: 1rem; padding: 1rem; background: #223; color: #fff; }
header * { text-transform: uppercase; letter-spacing: 0.4em; }
button { all: unset; }
main { height: 3000px; padding: 1rem; }
"""

# Each host: one hazard for the panel's position, and the markup around the panel.
HOSTS = {
    "transform": (".shell { transform: translateX(0); will-change: transform; }",
                  '<div class="shell"><header>{panel}</header></div>'),
    "filter": ("header { position: sticky; top: 0; backdrop-filter: blur(8px); filter: drop-shadow(0 2px 4px #000); }",
               "<header>{panel}</header>"),
    "overflow": (".clip { overflow: hidden; height: 60px; position: relative; }",
                 '<div class="clip"><header>{panel}</header></div>'),
    "contain": (".box { contain: strict; width: 100%; height: 80px; }",
                '<div class="box"><header>{panel}</header></div>'),
    "z-index": (".low { position: relative; z-index: 1; }\n"
                ".overlay { position: fixed; right: 0; bottom: 0; width: 70vw; height: 80vh; z-index: 2147483647;"
                " background: rgba(200, 0, 0, 0.5); }",
                '<div class="low"><header>{panel}</header></div><div class="overlay">Chat with us</div>'),
}

# A portal page that loads the panel's module from the help centre under the portal's own policy.
PORTAL_PAGE = """<!doctype html>
<html lang="{lang}"{direction}>
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{policy}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>{stylesheet}
  <script type="module" src="{help}widget/help-centre.js"></script>
</head>
<body>
  {body}
  <main>{main}</main>
</body>
</html>
"""


def portal_page(*, help_url: str, policy: str, body: str, title: str, main: str, lang: str = "en",
                rtl: bool = False, stylesheet: str = "") -> str:
    """A portal page with the panel (in `body`) whose module comes from `help_url`; `stylesheet`
    is the page's own CSS file, if it has one."""
    return PORTAL_PAGE.format(lang=lang, direction=' dir="rtl"' if rtl else "", policy=policy, title=title,
                              stylesheet=f'\n  <link rel="stylesheet" href="{stylesheet}">' if stylesheet else "",
                              help=help_url, body=body, main=main)


PANEL = '<help-centre-panel screen="{screen}"{extra}><a href="{help}go/contact-it-support/">Help</a></help-centre-panel>'

RECORD_PROBLEMS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""

# Read in the page: where the panel is, whether it is on top, where focus is, its type.
PROBE = """() => {
  const host = document.querySelector('help-centre-panel');
  const root = host.shadowRoot;
  const panel = root.querySelector('.panel');
  const box = panel.getBoundingClientRect();
  const inset = 6;
  const points = [[box.left + box.width / 2, box.top + box.height / 2], [box.left + inset, box.top + inset],
                  [box.right - inset, box.top + inset], [box.left + inset, box.bottom - inset],
                  [box.right - inset, box.bottom - inset]];
  const onTop = points.every(([x, y]) => document.elementFromPoint(x, y) === host
                                      && panel.contains(root.elementFromPoint(x, y)));
  const paragraph = root.querySelector('.answer p') || root.querySelector('.support p');
  const style = getComputedStyle(paragraph);
  const summaries = [...root.querySelectorAll('.questions summary')];
  return {
    open: panel.matches('[open], :popover-open'),
    modal: panel.matches(':modal'),
    box: {x: box.x, y: box.y, width: box.width, height: box.height},
    onTop,
    focusInPanel: panel.contains(root.activeElement),
    focusOnButton: document.activeElement === host && root.activeElement === root.querySelector('.open'),
    expanded: root.querySelector('.open').getAttribute('aria-expanded'),
    text: {transform: style.textTransform, letterSpacing: style.letterSpacing, whiteSpace: style.whiteSpace,
           fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight), direction: style.direction,
           textIndent: style.textIndent, fontStyle: style.fontStyle},
    cutOff: summaries.filter((s) => s.scrollWidth > s.clientWidth + 1).map((s) => s.textContent),
    questions: summaries.map((s) => s.textContent),
    buttonSize: (() => { const b = root.querySelector('.open').getBoundingClientRect(); return [b.width, b.height]; })(),
    scrollY: window.scrollY,
    violations: window.__violations || [],
  };
}"""


def write_host_pages(folder: Path, *, help_url: str, screen: str = "my-claims") -> dict[str, str]:
    """One page per hostile host in `folder`, by host name; returns each page's file name."""
    origin = help_url.rstrip("/")
    links = "".join(f'<p><a href="#link-{n}">Portal link {n}</a></p>' for n in range(12))
    pages = {}
    for name, (hazard, markup) in HOSTS.items():
        (folder / f"{name}.css").write_text(HOSTILE_TYPE + hazard + "\n", encoding="utf-8")
        panel = PANEL.format(screen=screen, extra="", help=help_url)
        (folder / f"{name}.html").write_text(portal_page(
            help_url=help_url, policy=HOST_POLICY.format(origin=origin), body=markup.format(panel=panel),
            title="Mine sager – portal", main=f"<h1>Mine sager</h1><p>Your claims are listed here.</p>{links}",
            lang="da", rtl=True, stylesheet=f"{name}.css"), encoding="utf-8")
        pages[name] = f"{name}.html"
    return pages


def serve_pages(folder: Path, pages: dict[str, str]) -> Iterator[dict[str, str]]:
    """Serve `folder` on an origin of its own (a free port) while the caller holds it open, as
    a fixture does; yields each of `pages` ({name: file name}) by name, as an address."""
    server = serve_directory(folder, 0)
    url = next(server).url
    yield {name: url + page for name, page in pages.items()}
    server.close()


@contextmanager
def open_host(browser, url: str, width: str, **options) -> Iterator[tuple]:
    """A fresh context on `url` at a width ("phone" or "desktop"), once the panel's element is
    defined, recording policy violations in `window.__violations`: yields (context, page,
    requests), every address the page asked for; the context is closed at the end."""
    context = browser.new_context(viewport=WIDTHS[width], **options)
    try:
        context.add_init_script(RECORD_PROBLEMS)
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => customElements.get('help-centre-panel') !== undefined")
        yield context, page, requests
    finally:
        context.close()


def probe(page) -> dict:
    """What PROBE reads in the page."""
    return page.evaluate(PROBE)


def toggle(page):
    """The panel's button (a locator; Playwright reaches into open shadow roots)."""
    return page.locator("help-centre-panel .open")


def open_by_keyboard(page) -> None:
    """Focus the panel's button and press Enter, as a keyboard user does; wait for the questions."""
    toggle(page).focus()
    page.keyboard.press("Enter")
    page.locator("help-centre-panel .questions summary").first.wait_for()


def tab_through(page, presses: int) -> list[bool]:
    """Press Tab `presses` times; for each, whether focus stayed inside the panel."""
    inside = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        inside.append(page.evaluate("() => { const h = document.querySelector('help-centre-panel'); return "
                                    "document.activeElement === h && h.shadowRoot.querySelector('.panel')"
                                    ".contains(h.shadowRoot.activeElement); }"))
    return inside


def search(page, text: str) -> list[str]:
    """Type `text` into the panel's search; the results' questions once they show."""
    field = page.locator("help-centre-panel .search input")
    field.fill(text)
    page.wait_for_function("(text) => document.querySelector('help-centre-panel').shadowRoot"
                           ".querySelector('.results').dataset.query === text.trim()", arg=text)
    return page.locator("help-centre-panel .results summary .title").all_inner_texts()


def close_with_escape(page, where: str) -> None:
    """Put focus on `where` (a selector inside the panel's shadow root) and press Escape."""
    page.locator(f"help-centre-panel {where}").first.focus()
    page.keyboard.press("Escape")


# Host pages from the portal team's trials, each a hazard of its own (not the shared
# typography above): a policy with Trusted Types, CSS zoom, right-aligned page controls that
# a panel beside the page would cover, and two panels on one page.
OWN_HOSTS = {
    # name: (extra policy, stylesheet, body)
    "trusted-types-none": ("; require-trusted-types-for 'script'; trusted-types 'none'", "",
                           "<header>{panel}</header>"),
    "trusted-types-allowed": ("; require-trusted-types-for 'script'; trusted-types help-centre", "",
                              "<header>{panel}</header>"),
    "zoom": ("", "body { zoom: 2 }", "<header>{panel}</header>"),
    "obscured": ("", "table { width: 100% } td.action { text-align: right } td { padding: 6px }",
                 "<header><a href='#top'>Portal</a> {panel}</header>"
                 "<table>" + "".join(f"<tr><td>Claim {n}</td><td>2026-11-{n + 1:02d}</td>"
                                     f"<td class='action'><a href='#c{n}'>Open claim {n}</a></td></tr>"
                                     for n in range(20)) + "</table>"),
    "two-panels": ("", "", "<header>{panel}</header><footer>Need help? {second}</footer>"),
}


def write_own_host_pages(folder: Path, *, help_url: str, screen: str = "my-claims", answers: str = "") -> dict[str, str]:
    """The portal team's host pages in `folder` (OWN_HOSTS), by name; returns each page's file name.
    `answers` sets the panels' answers attribute instead of a screen's answers."""
    origin = help_url.rstrip("/")
    extra = f' answers="{answers}"' if answers else ""
    pages = {}
    for name, (policy, css, markup) in OWN_HOSTS.items():
        (folder / f"{name}.css").write_text(css + "\n", encoding="utf-8")
        body = markup.format(panel=PANEL.format(screen=screen, extra=extra, help=help_url),
                             second=PANEL.format(screen="login", extra="", help=help_url))
        (folder / f"{name}.html").write_text(portal_page(
            help_url=help_url, policy=HOST_POLICY.format(origin=origin) + policy, body=body,
            title="My claims – portal", main="<h1>My claims</h1><p>Your claims are listed here.</p>",
            stylesheet=f"{name}.css"), encoding="utf-8")
        pages[name] = f"{name}.html"
    return pages


def record_errors(page) -> list[str]:
    """Uncaught errors in the page, as they happen."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
