"""Files the site publishes beside its pages: links.json, api/faq.json, the help panel's
api/screens/<id>.json and api/answers/<id>.json with the JSON Schemas of all of them
(API_SCHEMAS), go/<id>/ links and the search index.

The portal links to `go/<id>/` and reads `links.json` and `api/faq.json`; none of them
depends on which page an answer lives on today. The help panel reads one screen's file
when it opens and one answer's file when a reader opens a search result, so what it
fetches does not grow with the help centre.
"""
from __future__ import annotations

import functools
import html as html_text
import json
import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import markdown

from .links import link_manifest, short_link_pages, target_url, to_json
from .model import HelpCentre
from .problems import ContentError, Problem
from .render import Renderer
from .sanitize import clean as sanitize_html
from .site import page_url
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
            converted[text] = sanitize_html(converter().reset().convert(text), page=False)
        return converted[text]

    return to_html


_HREF = re.compile(r'\bhref="([^"]*)"')


def api_link_writer(help_centre: HelpCentre, site_url: str) -> Callable[[str], str]:
    """What makes an answer's HTML fit for the API: every link to an answer becomes its short
    link `/go/<id>/`, and every other link into the help centre a path from the site's root.

    No link names the help centre's host, so the files hold true wherever the site is served
    (the help panel resolves them against the address it was loaded from); SITE_URL only gives
    the path the site lives under ("/" when unset). Links to other sites stay as they are.
    """
    site = urlsplit(site_url or "/")
    root = site.path if site.path.endswith("/") else site.path + "/"
    base = f"{site.scheme}://{site.netloc}{root}" if site.netloc else root
    answers: dict[str, str] = {}  # "documents/upload-file/#upload-file" → "upload-file"
    for target in help_centre.targets.values():
        if target.kind in ("alias", "retired"):
            continue
        answers.setdefault(f"{page_url(target.page)}#{target.anchor}", target.id)

    def for_api(match: re.Match[str]) -> str:
        href = match.group(1)
        address = urlsplit(urljoin(base, html_text.unescape(href)))
        ours = (address.scheme in ("http", "https") and address.netloc == site.netloc) if site.netloc \
            else not (address.scheme or address.netloc)
        if not ours or not address.path.startswith(root):
            return match.group(0)  # another site, or mailto:/tel:
        page = address.path[len(root):]
        answer = answers.get(f"{page}#{address.fragment}")
        if answer:
            return f'href="{root}go/{answer}/"'
        return f'href="{html_text.escape(root + page + ("#" + address.fragment if address.fragment else ""))}"'

    return lambda html: _HREF.sub(for_api, html)


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
    links = api_link_writer(help_centre, site_url)

    def html(item_id: str, body) -> str:
        return links(bodies.get(item_id) or to_html(renderer.body(body, page="")))

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


PanelAnswer = dict  # {"id", "title", "html"}: one answer as the help panel shows it
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def panel_answers(help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str],
                  bodies: dict[str, str] | None = None) -> Iterator[tuple[tuple[str, ...], PanelAnswer]]:
    """Every answer as the help panel shows it, with the ids it is reached by (its own id
    first, then its aliases): an entry; a guide, its summary and sections in one; a
    guide's section under the guide's title. One at a time, in the help centre's order."""
    renderer = Renderer(help_centre, link_base=site_url.rstrip("/") + "/" if site_url else "/")
    bodies = bodies or {}
    links = api_link_writer(help_centre, site_url)

    def html(item_id: str, body) -> str:
        return links(bodies.get(item_id) or to_html(renderer.body(body, page="")))

    for entry in help_centre.entries:
        yield (entry.id, *entry.aliases), {"id": entry.id, "title": entry.question, "html": html(entry.id, entry.body)}
    for guide in help_centre.guides:
        sections = [(section, html(section.id, section.body)) for section in guide.sections]
        whole = f"<p>{html_text.escape(guide.summary)}</p>" + "".join(
            f"<h4>{html_text.escape(section.title)}</h4>{text}" for section, text in sections)
        yield (guide.id, *guide.aliases), {"id": guide.id, "title": guide.title, "html": whole}
        for section, text in sections:
            yield (section.id, *section.aliases), {"id": section.id, "title": f"{guide.title}: {section.title}",
                                                    "html": text}


def panel_api_files(help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str],
                    bodies: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """api/answers/<id>.json for every answer (and each alias, and each retired id whose
    links lead to an answer: a portal that still names it gets that answer, as its links
    do), then api/screens/<id>.json for every portal screen: its title and its answers in
    full, so opening the panel on a screen takes one small file whatever the size of the
    help centre."""
    wanted = {answer_id for screen in help_centre.screens for answer_id in screen.answers}
    retired_to: dict[str, list[str]] = {}
    for retired in help_centre.retired:
        target = help_centre.targets.get(retired.id)
        retired_to.setdefault(target.canonical if target and target.canonical else retired.target, []).append(retired.id)
    kept: dict[str, PanelAnswer] = {}
    for ids, answer in panel_answers(help_centre, site_url=site_url, to_html=to_html, bodies=bodies):
        text = _compact_json(answer)
        for answer_id in (*ids, *retired_to.get(ids[0], ())):
            if not _ID.match(answer_id):  # validation refuses such ids; never write outside api/answers/
                raise ValueError(f"an answer id that cannot name a file: {answer_id!r}")
            if answer_id in wanted:
                kept[answer_id] = answer
            yield f"api/answers/{answer_id}.json", text
    for screen in help_centre.screens:
        if not _ID.match(screen.id):
            raise ValueError(f"a screen id that cannot name a file: {screen.id!r}")
        missing = [answer_id for answer_id in screen.answers if answer_id not in kept]
        if missing:  # the check refuses this first; never a traceback for content
            raise ContentError([Problem(
                "portal-screens.yml", None, f"screen '{screen.id}' lists answers the panel cannot show: "
                + ", ".join(f"'{answer_id}'" for answer_id in missing),
                "replace each with the id of an entry, a guide or a guide section in faq.yml, or take it off "
                "the screen; `make check` names the line")])
        yield f"api/screens/{screen.id}.json", _compact_json(
            {"id": screen.id, "title": screen.title, "answers": [kept[answer_id] for answer_id in screen.answers]})


def _compact_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def screens_api(help_centre: HelpCentre, *, today: date) -> dict:
    """The portal's screens with their answers' ids, and the support contact, for the help panel."""
    from .render import support_context

    support = support_context(help_centre.support, today=today)

    def current_id(answer_id: str) -> str:  # an alias as the id api/screens/<id>.json gives it
        target = help_centre.targets.get(answer_id)
        return target.canonical or answer_id if target and target.kind == "alias" else answer_id

    return {
        "screens": [{"id": s.id, "title": s.title, "answers": [current_id(a) for a in s.answers]}
                    for s in help_centre.screens],
        "support": {
            "phone": support["phone_display"], "phone_href": support["phone_href"], "menu": support["menu"],
            "hours": support["hours"], "closed_days": support["closed_days"], "email": support["email"],
            "email_href": support["email_href"], "schedule": json.loads(support["schedule"]),
        },
    }


SCHEMA_DIR = Path(__file__).parent / "api-schemas"
# Every file the portal reads, by its path in the site ("<id>": a file per id), and the path of
# the JSON Schema published for it. The schemas live once, in SCHEMA_DIR, under the same names.
API_SCHEMAS = {
    "links.json": "links.schema.json",
    "api/faq.json": "api/faq.schema.json",
    "api/screens.json": "api/screens.schema.json",
    "api/screens/<id>.json": "api/screen.schema.json",
    "api/answers/<id>.json": "api/answer.schema.json",
}


def published_schemas() -> dict[str, str]:
    """The JSON Schemas of the files the portal reads, by their paths in the site."""
    return {target: (SCHEMA_DIR / PurePosixPath(target).name).read_text(encoding="utf-8")
            for target in API_SCHEMAS.values()}


def api_schema_for(path: str) -> str | None:
    """The path of the schema published for the API file at `path` in the site
    ("api/screens/login.json" -> "api/screen.schema.json"); None for any other file."""
    for pattern, schema in API_SCHEMAS.items():
        folder, _, name = pattern.rpartition("/")
        if name == "<id>.json":
            inside, _, file = path.rpartition("/")
            if inside == folder and file.endswith(".json") and _ID.match(file.removesuffix(".json")):
                return schema
        elif path == pattern:
            return schema
    return None


Output = tuple[str, "str | Iterable[str]"]  # a path inside the site, and its text (or the text in pieces)


def site_outputs(help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str],
                 bodies: dict[str, str] | None = None, policy: str = "") -> Iterator[Output]:
    """Every extra file, by path inside the site, one at a time (so that a large help
    centre's never wait in memory together); HTML ones carry `policy` (the site's CSP)."""
    yield "links.json", to_json(link_manifest(help_centre))
    yield "api/faq.json", faq_api(help_centre, site_url=site_url, to_html=to_html, bodies=bodies)
    yield "api/screens.json", to_json(screens_api(help_centre, today=date.today()))
    yield from panel_api_files(help_centre, site_url=site_url, to_html=to_html, bodies=bodies)
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
