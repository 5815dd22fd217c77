"""Files the site publishes beside its pages: links.json, api/faq.json, go/<id>/ links and
the search index.

The portal links to `go/<id>/` and reads `links.json` and `api/faq.json`; none of them
depends on which page an answer lives on today.
"""
from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

import markdown

from .links import link_manifest, short_link_pages, target_url, to_json
from .model import HelpCentre
from .render import Renderer
from .sanitize import clean as sanitize_html
from .searchindex import search_documents, search_index_files
from .structured import robots_txt
from .widget import widget_files


def markdown_converter(extensions: list, configs: dict) -> Callable[[str], str]:
    """Markdown to HTML with the site's own extensions, for the JSON API and JSON-LD.

    Both convert the same answers; each distinct text is converted once per build, and
    what it becomes is sanitized like every page's content.
    """
    converted: dict[str, str] = {}

    @functools.cache
    def converter() -> markdown.Markdown:  # made on first use: most builds need few or none
        return markdown.Markdown(extensions=extensions, extension_configs=configs)

    def to_html(text: str) -> str:
        if text not in converted:
            converted[text] = sanitize_html(converter().reset().convert(text))
        return converted[text]

    return to_html


def faq_api(help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str],
            bodies: dict[str, str] | None = None) -> Iterator[str]:
    """api/faq.json in pieces: every entry and guide with its answer as HTML, for showing
    help inside the portal. One answer is made at a time, so a large help centre's answers
    never sit in memory together; the text is what json.dumps(indent=2) writes.

    `bodies` holds answers as their pages were built (see fragments.py); an answer not in
    it is converted with `to_html`.
    """
    renderer = Renderer(help_centre, link_base=site_url.rstrip("/") + "/" if site_url else "/")
    bodies = bodies or {}

    def html(item_id: str, body) -> str:
        return bodies.get(item_id) or to_html(renderer.body(body, page=""))

    targets = help_centre.targets
    categories = {c.id: c.title for c in help_centre.categories}

    def common(item) -> dict:  # the fields entries and guides share
        return {"aliases": list(item.aliases), "url": target_url(targets[item.id]), "category": item.category,
                "category_title": categories[item.category], "keywords": list(item.keywords),
                "related": list(item.related), "reviewed": item.reviewed}

    entries = ({
        "id": entry.id,
        "question": entry.question,
        "answer_html": html(entry.id, entry.body),
        **common(entry),
    } for entry in help_centre.entries)
    guides = ({
        "id": guide.id,
        "title": guide.title,
        "summary": guide.summary,
        **common(guide),
        "sections": [{
            "id": section.id,
            "title": section.title,
            "html": html(section.id, section.body),
            "url": target_url(targets[section.id]),
        } for section in guide.sections],
    } for guide in help_centre.guides)
    yield f'{{\n  "site_url": {json.dumps(site_url, ensure_ascii=False)},\n  "entries": '
    yield from _json_array(entries)
    yield ',\n  "guides": '
    yield from _json_array(guides)
    yield "\n}\n"


def _json_array(items: Iterable[object]) -> Iterator[str]:
    """A list, one item at a time, as json.dumps(indent=2) writes it at the second level."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        yield ("[\n" if first else ",\n") + "\n".join("    " + line for line in text.split("\n"))
        first = False
    yield "[]" if first else "\n  ]"


def screens_api(help_centre: HelpCentre, *, today: date) -> dict:
    """The portal's screens with their answers' ids, and the support contact, for the help panel."""
    from .render import support_context

    support = support_context(help_centre.support, today=today)
    return {
        "screens": [{"id": s.id, "title": s.title, "answers": list(s.answers)} for s in help_centre.screens],
        "support": {
            "phone": support["phone_display"], "phone_href": support["phone_href"], "menu": support["menu"],
            "hours": support["hours"], "closed_days": support["closed_days"], "email": support["email"],
            "email_href": support["email_href"], "schedule": json.loads(support["schedule"]),
        },
    }


def published_schemas() -> dict[str, str]:
    """The JSON Schemas of the files the portal reads, published beside them."""
    return {target: (SCHEMA_DIR / name).read_text(encoding="utf-8") for target, name in PUBLISHED_SCHEMAS.items()}


SCHEMA_DIR = Path(__file__).parent / "api-schemas"
PUBLISHED_SCHEMAS = {"api/faq.schema.json": "faq.schema.json", "api/screens.schema.json": "screens.schema.json",
                     "links.schema.json": "links.schema.json"}


Output = tuple[str, "str | Iterable[str]"]  # a path inside the site, and its text (or the text in pieces)


def site_outputs(help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str],
                 bodies: dict[str, str] | None = None, policy: str = "") -> Iterator[Output]:
    """Every extra file, by path inside the site, one at a time (so that a large help
    centre's never wait in memory together); HTML ones carry `policy` (the site's CSP)."""
    yield "links.json", to_json(link_manifest(help_centre))
    yield "api/faq.json", faq_api(help_centre, site_url=site_url, to_html=to_html, bodies=bodies)
    yield "api/screens.json", to_json(screens_api(help_centre, today=date.today()))
    yield "robots.txt", robots_txt(site_url)
    yield from published_schemas().items()
    yield from widget_files(help_centre, today=date.today()).items()
    yield from short_link_pages(help_centre, site_url=site_url, policy=policy)
    yield from search_index_files(search_documents(help_centre, bodies=bodies or {}, to_html=to_html),
                                  help_centre.concepts)


def write_outputs(site_dir: Path, files: Iterable[Output]) -> None:
    """Write the extra files into a built site, each as it comes."""
    for relative, text in files:
        path = site_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            if isinstance(text, str):
                out.write(text)
            else:
                out.writelines(text)
