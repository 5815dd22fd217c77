"""The help panel the portal embeds (widget/help-centre.js), published with the site.

The script is written at build time with the support contact from support.yml, so that even
when the help centre's API cannot be reached the panel still offers the phone number.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .model import HelpCentre
from .sanitize import allowed_link

TEMPLATES = Path(__file__).parent / "templates"
_SUPPORT_PLACEHOLDER = "/* support.yml, written by the build */ null"


def script_json(data) -> str:
    """JSON to write inside a script, with <, > and & escaped so that no text in it can end
    the script or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def widget_files(help_centre: HelpCentre, *, today: date) -> dict[str, str]:
    """widget/help-centre.js, its stylesheet and a demo page, by path inside the site."""
    from .outputs import screens_api

    support = screens_api(help_centre, today=today)["support"]
    for key in ("phone_href", "email_href"):  # the same allowlist as answers' links
        if not allowed_link(support[key]):
            raise ValueError(f"the help panel's support link {key} '{support[key]}' is not a tel:, mailto: "
                             "or https: address; check the phone and email in support.yml")
    script = (TEMPLATES / "widget.js").read_text(encoding="utf-8")
    if _SUPPORT_PLACEHOLDER not in script:
        raise ValueError("widget.js has lost the place where the build writes the support contact")
    script = script.replace(_SUPPORT_PLACEHOLDER, script_json(support))
    return {"widget/help-centre.js": script,
            "widget/help-centre.css": (TEMPLATES / "widget.css").read_text(encoding="utf-8"),
            "widget/demo.html": (TEMPLATES / "widget-demo.html").read_text(encoding="utf-8"),
            "widget/demo.css": (TEMPLATES / "widget-demo.css").read_text(encoding="utf-8")}
