"""schema.org structured data for search engines: FAQPage for categories, HowTo for guides."""
from __future__ import annotations

from typing import Callable

from .links import target_url
from .model import Body, HelpCentre
from .render import Renderer
from .site import category_page, guide_page


def structured_data(help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str]) -> dict[str, dict]:
    """JSON-LD for each generated page, by source path."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    renderer = Renderer(help_centre, link_base=base)
    data: dict[str, dict] = {}
    for category in help_centre.categories:
        entries = help_centre.entries_in(category.id)
        if not entries:
            continue
        data[category_page(category.id)] = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": category.title,
            "mainEntity": [{
                "@type": "Question",
                "name": entry.question,
                "url": base + target_url(help_centre.targets[entry.id]),
                "acceptedAnswer": {"@type": "Answer", "text": to_html(renderer.body(entry.body, ""))},
            } for entry in entries],
        }
    for guide in help_centre.guides:
        data[guide_page(guide.category, guide.id)] = {
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": guide.title,
            "description": guide.summary,
            "url": base + target_url(help_centre.targets[guide.id]),
            "step": [{
                "@type": "HowToSection",
                "name": section.title,
                "itemListElement": [{"@type": "HowToStep", "position": number, "text": text}
                                    for number, text in enumerate(_step_texts(section.body, renderer, to_html), 1)],
            } for section in guide.sections],
        }
    return data


def _step_texts(body: Body, renderer: Renderer, to_html: Callable[[str], str]) -> list[str]:
    """The steps of a section as text; a section without steps is one step of its text."""
    steps = list(body.steps) or (list(body.alternatives[0].steps) if body.alternatives else [])
    if not steps:
        return [to_html(renderer.body(body, ""))]
    return [to_html(renderer.expand(step, "")) for step in steps]


def robots_txt(site_url: str) -> str:
    """robots.txt: everything may be indexed; the sitemap is named when the address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
