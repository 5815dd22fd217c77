"""The help panel the portal embeds (widget/help-centre.js), published with the site.

The build writes into the module what it must never fetch before it can work:

- the support contact from support.yml, so that even when the help centre's API cannot be
  reached the panel still offers the phone number;
- its stylesheet (templates/widget.css), which the module adopts as a constructable
  stylesheet, so the portal's Content-Security-Policy need not allow the help centre in
  `style-src`.

widget/search.js is the site's own search worker (docs/assets/javascripts/search-worker.js),
word for word as the site sends it (compact, helpcentre/compact.py), wrapped as a module
the panel can run in the portal's page: a page cannot start a worker from another origin,
and the panel's search must be the site's, with its typo tolerance, stemming and meanings,
over the same index files.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .compact import compact_script
from .model import HelpCentre
from .sanitize import allowed_link

TEMPLATES = Path(__file__).parent / "templates"
SEARCH_WORKER = Path(__file__).resolve().parent.parent / "docs" / "assets" / "javascripts" / "search-worker.js"
_SUPPORT_PLACEHOLDER = "/* support.yml, written by the build */ null"
_STYLES_PLACEHOLDER = '/* widget.css, written by the build */ ""'
_WORKER_PLACEHOLDER = "/* search-worker.js, written by the build */"

# The worker expects `self` (its global scope) and `fetch`; here they are stand-ins that
# pass its messages to the panel and fetch through the panel's own fetch (no cookies, no
# referrer, a timeout). Everything else in it runs as it does in the worker.
_SEARCH_MODULE = """/*
 * The help centre's own search for the help panel: assets/javascripts/search-worker.js,
 * unchanged, run in the portal's page (a page cannot start a worker from another origin).
 * Written by the build (helpcentre/widget.py); edit search-worker.js, not this file.
 */
const SETUP = 0, QUERY = 2, RESULT = 3;

export function start(config, fetchFile) {
  const listeners = [];
  let waiting = null, failed = false;
  const scope = {
    location: { href: new URL("../assets/javascripts/search-worker.js", import.meta.url).href },
    addEventListener(type, listener) { if (type === "message") listeners.push(listener); },
    postMessage(message) { if (waiting) waiting(message); },
  };
  const fetchForSearch = (url, options) => fetchFile(url, options).catch((error) => { failed = true; throw error; });
  const send = (message) => listeners.forEach((listener) => listener({ data: message }));
  (function (self, fetch) {
/* search-worker.js, written by the build */
  })(scope, fetchForSearch);
  return new Promise((ready) => { waiting = ready; send({ type: SETUP, data: { config } }); }).then(() => ({
    /* Answers for `text`, best first, as {id, title (HTML)}; only the latest query is answered. */
    query(text) {
      return new Promise((resolve, reject) => {
        failed = false;
        waiting = (message) => {
          if (message.type !== RESULT) return;
          if (failed && !message.data.items.length) { reject(new Error("the search index cannot be reached")); return; }
          resolve(message.data.items.map(([row]) => ({ id: row.location.split("#").pop(), title: row.title })));
        };
        send({ type: QUERY, data: text });
      });
    },
  }));
}
"""


def script_json(data) -> str:
    """JSON to write inside a script, with <, > and & escaped so that no text in it can end
    the script or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sent_as(search_worker: Path) -> str:
    """The search worker as the site sends it (compact), so the panel runs the same bytes."""
    return compact_script(search_worker.read_text(encoding="utf-8"), name=f"assets/javascripts/{search_worker.name}")


def widget_files(help_centre: HelpCentre, *, today: date, search_worker: Path = SEARCH_WORKER) -> dict[str, str]:
    """widget/help-centre.js, widget/search.js and two demo pages, by path inside the site."""
    from .outputs import screens_api

    support = screens_api(help_centre, today=today)["support"]
    for key in ("phone_href", "email_href"):  # the same allowlist as answers' links
        if not allowed_link(support[key]):
            raise ValueError(f"the help panel's support link {key} '{support[key]}' is not a tel:, mailto: "
                             "or https: address; check the phone and email in support.yml")
    script = (TEMPLATES / "widget.js").read_text(encoding="utf-8")
    for placeholder in (_SUPPORT_PLACEHOLDER, _STYLES_PLACEHOLDER):
        if placeholder not in script:
            raise ValueError(f"widget.js has lost the place where the build writes {placeholder.split(',')[0][3:]}")
    script = script.replace(_SUPPORT_PLACEHOLDER, script_json(support))
    styles = (TEMPLATES / "widget.css").read_text(encoding="utf-8")
    script = script.replace(_STYLES_PLACEHOLDER, json.dumps(styles, ensure_ascii=False))
    files = {"widget/help-centre.js": script,
             "widget/search.js": _SEARCH_MODULE.replace(_WORKER_PLACEHOLDER, _sent_as(search_worker))}
    for name in ("demo.html", "demo.css", "demo-spa.html", "demo-spa.js"):
        files[f"widget/{name}"] = (TEMPLATES / f"widget-{name}").read_text(encoding="utf-8")
    return files
