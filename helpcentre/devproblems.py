"""The content's problems in the browser while an editor previews (`make serve`).

While serving, a refused rebuild leaves the last good pages in place (so the preview keeps
working) and writes the problems beside them, as `hc-dev-problems.json` at the site's root.
Every page served carries a small script that reads that file when the page loads and again
every second and a half: a banner at the top of the page lists each problem with its
file:line, what is wrong and how to fix it, and disappears on the save that fixes them (the
next good build empties the site folder, file included). New ids not yet in links.lock
stay in the page itself, as "before this can be published".

The banner is a labelled region announced when it appears; its "Hide" button is the first
thing Tab reaches, and Escape hides it too, until the problems change. Text goes in with
`textContent`, never as HTML: problems quote what editors wrote.

Engine-neutral: an engine adapter calls `write_problems` when it refuses a rebuild and
`with_overlay` on each page it serves. Nothing here is used by a published build.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from .problems import Problem

PROBLEMS_FILE = "hc-dev-problems.json"
POLL_MILLISECONDS = 1500


def problem_records(problems: Iterable[Problem]) -> list[dict[str, str]]:
    """Problems as plain records for the browser: place, what is wrong, how to fix it."""
    return [{"place": f"{p.file}:{p.line}" if p.line else p.file, "where": p.where, "message": p.message,
             "fix": p.fix} for p in problems]


def write_problems(site_dir: Path, problems: Iterable[Problem]) -> Path:
    """Write the problems that stopped this rebuild where the served pages find them."""
    site_dir.mkdir(parents=True, exist_ok=True)
    path = site_dir / PROBLEMS_FILE
    path.write_text(json.dumps(problem_records(problems), ensure_ascii=False), encoding="utf-8")
    return path


def with_overlay(page_html: str, *, depth: int, notices: Iterable[Problem] = ()) -> str:
    """The page with the problem banner's script as the first thing in its body.

    `depth` is how many folders below the site's root the page is (0 for index.html,
    1 for logging-in/index.html), so the script finds the problems file from any page.
    """
    settings = {"url": "../" * depth + PROBLEMS_FILE, "poll": POLL_MILLISECONDS,
                "notices": problem_records(notices)}
    # '<' escaped: nothing an editor wrote can end the script early.
    data = json.dumps(settings, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")
    script = f"<script>{_SCRIPT.replace('__SETTINGS__', data)}</script>"
    start = page_html.find("<body")
    end = page_html.find(">", start) if start >= 0 else -1
    if end < 0:
        return page_html + script
    return page_html[: end + 1] + script + page_html[end + 1:]


_SCRIPT = """
(function () {
  "use strict";
  var settings = __SETTINGS__;
  var url = new URL(settings.url, location.href).href;
  var banner = null, shown = "", hidden = sessionStorage.getItem("hc-dev-problems-hidden") || "";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function style() {
    var css = el("style");
    css.textContent = ".hc-dev{position:fixed;inset:0 0 auto 0;z-index:10000;max-height:60vh;overflow:auto;" +
      "background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #b00020;padding:1rem 1.25rem;" +
      "font:15px/1.45 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)}" +
      ".hc-dev--notice{background:#fffbe6;border-color:#8a6d00}" +
      ".hc-dev h2{margin:0 0 .5rem;font-size:17px;line-height:1.35;color:inherit}" +
      ".hc-dev ol{margin:0;padding-left:1.5rem}.hc-dev li{margin:.4rem 0}" +
      ".hc-dev code{font-weight:700;background:none;color:#7a0015}" +
      ".hc-dev__fix{display:block}.hc-dev__hide{float:right;margin-left:1rem;font:inherit;" +
      "padding:.35rem .9rem;border:2px solid #1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a;" +
      "cursor:pointer}.hc-dev__hide:focus{outline:3px solid #0050b3;outline-offset:2px}";
    document.head.appendChild(css);
  }

  function hide() {
    if (!banner) return;
    var hadFocus = banner.contains(document.activeElement);
    hidden = shown;
    sessionStorage.setItem("hc-dev-problems-hidden", hidden);
    banner.remove();
    banner = null;
    if (hadFocus) {
      var main = document.querySelector("main, [role=main]") || document.body;
      if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
      main.focus();
    }
  }

  function show(problems, blocking) {
    var signature = JSON.stringify(problems);
    if (signature === shown && banner) return;
    if (banner) { banner.remove(); banner = null; }
    shown = signature;
    if (!problems.length || signature === hidden) return;
    banner = el("section", "hc-dev" + (blocking ? "" : " hc-dev--notice"));
    banner.id = "hc-dev-problems";
    banner.setAttribute("role", "alert");
    banner.setAttribute("aria-labelledby", "hc-dev-problems-title");
    var button = el("button", "hc-dev__hide", "Hide (Esc)");
    button.type = "button";
    button.addEventListener("click", hide);
    banner.appendChild(button);
    var count = problems.length + " problem" + (problems.length === 1 ? "" : "s");
    var title = el("h2", "", blocking
      ? count + " in the content: this preview still shows the last version that worked"
      : "Before this change can be published (" + count + ")");
    title.id = "hc-dev-problems-title";
    banner.appendChild(title);
    var list = el("ol");
    problems.forEach(function (problem) {
      var item = el("li");
      item.appendChild(el("code", "", problem.place));
      item.appendChild(document.createTextNode(" " + (problem.where ? problem.where + ": " : "") +
                                               problem.message));
      if (problem.fix) item.appendChild(el("span", "hc-dev__fix", "Fix: " + problem.fix));
      list.appendChild(item);
    });
    banner.appendChild(list);
    document.body.insertBefore(banner, document.body.firstChild);
  }

  function check() {
    fetch(url, {cache: "no-store"}).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (problems) {
      if (problems && problems.length) show(problems, true);
      else show(settings.notices, false);
    }).catch(function () { /* the preview server is restarting */ });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && banner) hide();
  });
  style();
  check();
  setInterval(function () { if (!document.hidden) check(); }, settings.poll);
})();
"""
