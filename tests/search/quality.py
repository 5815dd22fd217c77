"""Search quality: score ranked results against the answers customers should find.

Shared by the fast runner (the Python query engine over the built index) and the browser
runner (Chromium typing into the site's own search box), for our site and bare Material.

Every result row counts as a place, whatever it is: a row that is not an answer (the home
page, a category page) takes a place and is never a hit. A hit is a row on the expected
topic: an expected answer itself, or, for an expected guide, the guide or any of its
sections.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).parent
TUNING = HERE / "queries-tuning.yml"
HELD_OUT = HERE / "queries-heldout.yml"


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    query: Query
    rank: int | None  # 1-based place of the first hit among the rows; None when not shown
    rows: tuple[str, ...]  # what each row is: an answer id, or the path of a page that is not one


def load_queries(path: Path) -> list[Query]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(item["query"]), tuple(item["expect"]) if isinstance(item["expect"], list)
                  else (str(item["expect"]),)) for item in items]


def row_ids(hrefs: list[str], links: dict) -> list[str]:
    """What each result link is: the answer id it opens, or its page path when no answer.

    Links are matched by page and anchor through links.json; a guide's page without an
    anchor is the guide.
    """
    by_url = {record["url"]: ident for ident, record in links.items()
              if record["kind"] in ("entry", "guide", "section", "category")}
    rows = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path.lstrip("/")
        ident = by_url.get(f"{path}#{parts.fragment}") if parts.fragment else None
        if ident is None and not parts.fragment:
            ident = next((i for i, r in links.items() if r["kind"] == "guide" and r["url"] == f"{path}#{i}"), None)
        if ident is not None and links[ident]["kind"] == "category":
            ident = None
        rows.append(ident or f"/{path}{'#' + parts.fragment if parts.fragment else ''}")
    return rows


def score(query: Query, rows: list[str], links: dict) -> Outcome:
    """Where the first row on the expected topic stands."""
    def on_topic(row: str) -> bool:
        if row in query.expect:
            return True
        record = links.get(row)
        if not record or record["kind"] != "section":
            return False
        page = record["url"].partition("#")[0]
        return any(links.get(e, {}).get("kind") == "guide" and links[e]["url"].partition("#")[0] == page
                   for e in query.expect)

    rank = next((place for place, row in enumerate(rows, start=1) if on_topic(row)), None)
    return Outcome(query, rank, tuple(rows))


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

    def as_dict(self) -> dict:
        return {"queries": len(self.outcomes), "hit_at_1": round(self.hit_at_1, 3),
                "hit_at_3": round(self.hit_at_3, 3), "mrr": round(self.mrr, 3)}
