"""What each answer adds to the search index: its keywords and the customers' words for it.

Material's search indexes a page's text section by section (one section per answer, since
each answer has its own heading with an id). This module adds, per section, a `tags`
field: the entry's `keywords`, plus every customer word from search-synonyms.yml whose
meaning the answer contains. The tags field is weighted above body text (mkdocs.yml:
plugins.search.fields) and never shown on the page, so it clutters nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import HelpCentre
from .site import page_url


def search_terms(help_centre: HelpCentre) -> dict[str, list[str]]:
    """Index location ('claims-and-family/#payment-guarantees') → extra words for it.

    Synonyms are matched against an answer's title and keywords only: its focus, not every
    word of its body (every guide says "log in with MitID"; only one answer is about it).
    """
    terms: dict[str, list[str]] = {}
    for entry in help_centre.entries:
        location = f"{page_url(help_centre.targets[entry.id].page)}#{entry.id}"
        terms[location] = _with_synonyms(entry.keywords, entry.question, help_centre.synonyms)
    for guide in help_centre.guides:
        url = page_url(help_centre.targets[guide.id].page)
        terms[url] = _with_synonyms(guide.keywords, f"{guide.title} {guide.summary}", help_centre.synonyms)
        for section in guide.sections:
            terms[f"{url}#{section.id}"] = _with_synonyms(section.keywords, section.title, help_centre.synonyms)
    return terms


# Material shows a page's own row as the header of its results and scores it about 2.5×
# higher than the answers under it; any answer scoring below it is folded away under
# "N more". Weighing page rows down lets the answer the customer asked for show.
PAGE_ROW_BOOST = 0.4


def enrich_search_index(index: dict, help_centre: HelpCentre) -> dict:
    """Add each answer's words to Material's search_index.json data, as `tags`, and weigh
    page rows (group headers) below the answers they hold."""
    terms = search_terms(help_centre)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        extra = terms.get(location)
        if extra:
            doc["tags"] = sorted(set(doc.get("tags", [])) | set(extra))
        if "#" not in location:
            doc["boost"] = PAGE_ROW_BOOST
    return index


def _with_synonyms(words: tuple[str, ...], title: str, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    lowered = " ".join([title, *words]).lower()
    found = [word for word, ours in synonyms.items() if any(_contains(lowered, term) for term in ours)]
    return list(dict.fromkeys([*words, *found]))


def _contains(text: str, phrase: str) -> bool:
    return _phrase_pattern(phrase).search(text) is not None


@lru_cache(maxsize=None)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)")
