"""The help panel the portal embeds (widget/help-centre.js), published with the site.

The script is written at build time with the support contact from support.yml, so that even
when the help centre's API cannot be reached the panel still offers the phone number.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .model import HelpCentre

TEMPLATES = Path(__file__).parent / "templates"
_SUPPORT_PLACEHOLDER = "/* support.yml, written by the build */ null"


def widget_files(help_centre: HelpCentre, *, today: date) -> dict[str, str]:
    """widget/help-centre.js, its stylesheet and a demo page, by path inside the site."""
    from .outputs import screens_api

    support = screens_api(help_centre, today=today)["support"]
    script = (TEMPLATES / "widget.js").read_text(encoding="utf-8")
    if _SUPPORT_PLACEHOLDER not in script:
        raise ValueError("widget.js has lost the place where the build writes the support contact")
    script = script.replace(_SUPPORT_PLACEHOLDER, json.dumps(support, ensure_ascii=False, separators=(",", ":")))
    return {"widget/help-centre.js": script,
            "widget/help-centre.css": (TEMPLATES / "widget.css").read_text(encoding="utf-8"),
            "widget/demo.html": (TEMPLATES / "widget-demo.html").read_text(encoding="utf-8"),
            "widget/demo.css": (TEMPLATES / "widget-demo.css").read_text(encoding="utf-8")}
