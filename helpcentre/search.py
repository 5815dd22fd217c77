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
    synonyms = _SynonymIndex(help_centre.synonyms)
    for entry in help_centre.entries:
        location = f"{page_url(help_centre.targets[entry.id].page)}#{entry.id}"
        terms[location] = synonyms.add_to(entry.keywords, entry.question)
    for guide in help_centre.guides:
        url = page_url(help_centre.targets[guide.id].page)
        terms[url] = synonyms.add_to(guide.keywords, f"{guide.title} {guide.summary}")
        for section in guide.sections:
            terms[f"{url}#{section.id}"] = synonyms.add_to(section.keywords, section.title)
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


class _SynonymIndex:
    """The customer words of search-synonyms.yml, found by the first word of our terms.

    Only terms whose first word occurs in a text are tried on it, so adding synonyms
    costs each answer a few dictionary lookups, not a scan per synonym.
    """

    def __init__(self, synonyms: dict[str, tuple[str, ...]]) -> None:
        self.order = {word: position for position, word in enumerate(synonyms)}
        self.by_first_word: dict[str, list[tuple[str, str]]] = {}
        self.always: list[tuple[str, str]] = []  # terms without a word character
        for word, ours in synonyms.items():
            for term in ours:
                first = re.findall(r"\w+", term.lower())
                (self.by_first_word.setdefault(first[0], []) if first else self.always).append((term, word))

    def add_to(self, words: tuple[str, ...], title: str) -> list[str]:
        """`words` followed by every customer word for a term in `title` or `words`."""
        lowered = " ".join([title, *words]).lower()
        candidates = list(self.always)
        for token in set(re.findall(r"\w+", lowered)):
            candidates.extend(self.by_first_word.get(token, ()))
        found = {word for term, word in candidates if _phrase_pattern(term).search(lowered)}
        return list(dict.fromkeys([*words, *sorted(found, key=self.order.__getitem__)]))


@lru_cache(maxsize=None)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)")
