"""Search quality: score ranked result links against the answers customers should find.

Shared by the fast runner (Python lunr over search_index.json) and the browser runner
(Chromium typing into the site's own search box).

Material groups results by page and puts each page's own row first. For a category page
that row is a heading for the answers under it, not an answer, so it is skipped when
ranking (as is the home page); a guide's page row is the guide itself and counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES_FILE = Path(__file__).with_name("queries.yml")


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    query: Query
    rank: int | None  # 1-based, among answer links; None when not found
    answers: tuple[str, ...]  # the ids of the answer links, in order


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(item["query"]), tuple(item["expect"]) if isinstance(item["expect"], list)
                  else (item["expect"],)) for item in items]


def answer_ids(hrefs: list[str], links: dict) -> list[str]:
    """The answers result links point at, in order.

    A page's own row is the header of its group: it is kept only for a guide's page, and
    marked with a trailing '/' so scoring can tell the header from the guide's sections.
    """
    by_url = {record["url"]: ident for ident, record in links.items() if record["kind"] != "alias"}
    guide_pages = {record["url"].partition("#")[0]: ident for ident, record in links.items()
                   if record["kind"] == "guide"}
    answers = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path.lstrip("/")
        if parts.fragment:
            ident = by_url.get(f"{path}#{parts.fragment}")
            if ident and links[ident]["kind"] in ("entry", "section", "guide"):
                answers.append(ident)
        elif path in guide_pages:
            answers.append(guide_pages[path] + "/")
    return list(dict.fromkeys(answers))


def score(query: Query, answers: list[str], links: dict) -> Outcome:
    """Where the expected answer ranks among the answers shown.

    A guide is found through its page row or any of its sections. A guide's page row that
    is not itself expected is a group header and takes no rank.
    """
    def page(ident: str) -> str:
        return links[ident]["url"].partition("#")[0]

    expected_guides = {page(e) for e in query.expect if links.get(e, {}).get("kind") == "guide"}
    ranked = []
    for item in answers:
        if item.endswith("/"):  # a guide's page row
            if page(item[:-1]) in expected_guides:
                ranked.append(True)
            continue
        ranked.append(item in query.expect or (links[item]["kind"] == "section" and page(item) in expected_guides))
    rank = next((i for i, hit in enumerate(ranked, start=1) if hit), None)
    return Outcome(query, rank, tuple(answers))


@dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]

    @property
    def hit_at_1(self) -> float:
        return sum(o.rank == 1 for o in self.outcomes) / len(self.outcomes)

    @property
    def hit_at_3(self) -> float:
        return sum(o.rank is not None and o.rank <= 3 for o in self.outcomes) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    def misses(self, cutoff: int = 1) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank is None or o.rank > cutoff]

    def summary(self) -> str:
        return (f"{len(self.outcomes)} queries: hit@1 {self.hit_at_1:.2f}, hit@3 {self.hit_at_3:.2f}, "
                f"MRR {self.mrr:.2f}")
