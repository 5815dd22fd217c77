"""schema.org structured data for search engines: FAQPage for categories, HowTo for guides."""
from __future__ import annotations

from typing import Callable

from .links import target_url
from .model import Body, Category, Guide, HelpCentre
from .render import Renderer
from .site import category_page, guide_page


class StructuredData:
    """JSON-LD for one build's pages, one page at a time, as each page is built.

    Answers come as the HTML their page was built with (`bodies`, by id); guide steps,
    which are short, are converted with `to_html`.
    """

    def __init__(self, help_centre: HelpCentre, *, site_url: str, to_html: Callable[[str], str]) -> None:
        self.help_centre = help_centre
        self.base = site_url.rstrip("/") + "/" if site_url else "/"
        self.to_html = to_html
        self._renderer = Renderer(help_centre, link_base=self.base)
        self._pages: dict[str, Category | Guide] = {}
        for category in help_centre.categories:
            self._pages[category_page(category.id)] = category
        for guide in help_centre.guides:
            self._pages[guide_page(guide.category, guide.id)] = guide

    def for_page(self, src_uri: str, bodies: dict[str, str]) -> dict | None:
        """The page's JSON-LD, or None for a page without any (the home page)."""
        item = self._pages.get(src_uri)
        if isinstance(item, Category):
            return self._faq_page(item, bodies)
        if isinstance(item, Guide):
            return self._how_to(item)
        return None

    def _faq_page(self, category: Category, bodies: dict[str, str]) -> dict | None:
        entries = self.help_centre.entries_in(category.id)
        if not entries:
            return None
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": category.title,
            "mainEntity": [{
                "@type": "Question",
                "name": entry.question,
                "url": self.base + target_url(self.help_centre.targets[entry.id]),
                "acceptedAnswer": {"@type": "Answer", "text": bodies.get(entry.id)
                                   or self.to_html(self._renderer.body(entry.body, ""))},
            } for entry in entries],
        }

    def _how_to(self, guide: Guide) -> dict:
        return {
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": guide.title,
            "description": guide.summary,
            "url": self.base + target_url(self.help_centre.targets[guide.id]),
            "step": [{
                "@type": "HowToSection",
                "name": section.title,
                "itemListElement": [{"@type": "HowToStep", "position": number, "text": text}
                                    for number, text in enumerate(self._step_texts(section.body), 1)],
            } for section in guide.sections],
        }

    def _step_texts(self, body: Body) -> list[str]:
        """The steps of a section as text; a section without steps is one step of its text."""
        steps = list(body.steps) or (list(body.alternatives[0].steps) if body.alternatives else [])
        if not steps:
            return [self.to_html(self._renderer.body(body, ""))]
        return [self.to_html(self._renderer.expand(step, "")) for step in steps]


def robots_txt(site_url: str) -> str:
    """robots.txt: everything may be indexed; the sitemap is named when the address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
