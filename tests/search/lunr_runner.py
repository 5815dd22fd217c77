"""The fast search-quality runner: Python lunr over the built search_index.json.

It mirrors Material's search as closely as Python allows: the same fields and boosts,
the separator from the index config, English then Danish stemming (lunr.multiLanguage),
Material's query transform with our typo variants, results grouped by page. It has no
Danish stop words (nltk would download them), so it is a guide for the inner loop; the
browser run (test_search_quality.py) is the one that counts.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer
from nltk.stem.snowball import SnowballStemmer

from quality import Outcome, Query, Report, answer_ids, score

_DANISH = SnowballStemmer("danish")


def _danish_stemmer(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: _DANISH.stem(text))


Pipeline.register_function(_danish_stemmer, "helpcentre-stemmer-da")


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


class LunrSearch:
    """Material's search, rebuilt in Python from a built site."""

    def __init__(self, site_dir: Path) -> None:
        data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
        self.links = json.loads((site_dir / "links.json").read_text(encoding="utf-8"))
        config = data["config"]
        self.separator = re.compile(config["separator"])
        self.docs = {doc["location"]: doc for doc in data["docs"]}
        builder = Builder()
        builder.pipeline.add(trimmer, stop_word_filter, stemmer)
        builder.search_pipeline.add(stemmer)
        if "da" in config["lang"]:
            builder.pipeline.add(_danish_stemmer)
            builder.search_pipeline.add(_danish_stemmer)
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1))
        for doc in data["docs"]:
            builder.add({
                "location": doc["location"],
                "title": self._split(_text(doc.get("title", ""))),
                "text": self._split(_text(doc.get("text", ""))),
                "tags": self._split(" ".join(doc.get("tags", []))),
            }, {"boost": doc.get("boost", 1)})
        self.index = builder.build()

    def _split(self, text: str) -> str:
        return " ".join(part for part in self.separator.split(text) if part)

    def _query(self, text: str) -> str:
        """Our typo variants (search-typos.js), then Material's query transform."""
        words = text.strip().split()
        extra = [re.sub(r"^\W+|\W+$", "", w) + "~1" for w in words
                 if re.fullmatch(r"[^\W\d_]{5,}", re.sub(r"^\W+|\W+$", "", w))]
        terms = []
        for word in words + extra:
            if word.endswith("~1"):
                terms.append(word.lower())
                continue
            for part in self.separator.split(word):
                if part:
                    terms.append(part.lower() + "*")
        return " ".join(terms)

    def hrefs(self, text: str) -> list[str]:
        """Result links in the order Material shows them: groups by page, page row first."""
        query = self._query(text)
        if not query:
            return []
        results = self.index.search(query)
        groups: dict[str, list[str]] = {}
        for result in results:
            location = result["ref"]
            page = location.partition("#")[0]
            groups.setdefault(page, []).append(location)
        ordered = []
        for page, locations in groups.items():
            ordered.append(page)
            ordered.extend(loc for loc in locations if loc != page)
        return ["/" + location for location in ordered]

    def run(self, queries: list[Query]) -> Report:
        outcomes: list[Outcome] = []
        for query in queries:
            outcomes.append(score(query, answer_ids(self.hrefs(query.text), self.links), self.links))
        return Report(outcomes)


if __name__ == "__main__":
    import sys

    from quality import load_queries

    report = LunrSearch(Path(sys.argv[1])).run(load_queries())
    print(report.summary())
    for outcome in report.misses():
        print(f"  rank {outcome.rank}: {outcome.query.text!r} expects {outcome.query.expect}, got {outcome.answers[:3]}")
