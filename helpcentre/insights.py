"""What customers could not find, and which answers did not help: a report for editors.

The portal's endpoint stores the events the help centre's pages send, one JSON object a
line (JSON Lines):

    {"type": "search", "query": "betalings garanti", "results": 0, "page": "/"}
    {"type": "feedback", "id": "payment-guarantees", "helpful": false, "page": "/claims-and-family/"}

`python -m helpcentre report EVENTS.jsonl` reads such a file as a stream and prints
Markdown: the searches that found nothing, most frequent first (case and spacing folded),
each with the closest answer the help centre has today as a hint for a keyword or a new
answer; the answers ranked by their share of "No"; and how many lines it could not read
(they are skipped, never a traceback). Queries are redacted again on reading
(privacy.py), in case an older page sent one unredacted.

Memory stays flat however long the file: the query counts keep the most frequent queries
only (lossy counting), and say so when a count may be low.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import secrets
import re
from dataclasses import dataclass, field
from typing import Iterable

from .privacy import redact

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QUERY_CAPACITY = 20_000  # distinct queries counted exactly before the rarest are dropped
ANSWER_CAPACITY = 100_000  # distinct answer ids counted
# A line longer than this is no event the help centre's pages send; it is skipped unread and
# counted, so one 200 MB line costs no more memory than a short one.
MAX_LINE_BYTES = 64 * 1024


class TopCounts:
    """Counts of the most frequent keys in bounded memory (lossy counting).

    Once more than twice `capacity` keys are held, only the `capacity` most frequent are
    kept; `undercount` is then the largest count dropped, the most any count may be low by.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.counts: dict[str, int] = {}
        self.undercount = 0

    def add(self, key: str) -> None:
        counts = self.counts
        if key in counts:
            counts[key] += 1
            return
        counts[key] = 1
        if len(counts) > 2 * self.capacity:
            kept = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            self.undercount = max(self.undercount, kept[self.capacity][1])
            self.counts = dict(kept[: self.capacity])

    def most_common(self, limit: int) -> list[tuple[str, int]]:
        return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


@dataclass
class Events:
    """What a file of events says, counted."""

    lines: int = 0
    unreadable: int = 0
    overlong: int = 0  # of the unreadable: longer than MAX_LINE_BYTES, skipped unread
    searches: int = 0
    feedback: int = 0
    queries: TopCounts = field(default_factory=lambda: TopCounts(QUERY_CAPACITY))
    answers: dict[str, list[int]] = field(default_factory=dict)  # id -> [yes, no]
    # Redacted queries by a keyed digest of what was typed: the same queries come again and
    # again, and a digest under a key made for this run cannot be turned back into a query.
    folded: dict[bytes, str] = field(default_factory=dict)
    digest_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))


def read_events(lines: Iterable[str | bytes]) -> Events:
    """Count the events of a JSON Lines stream (a binary file, or any iterable of lines);
    lines that are not events, or longer than MAX_LINE_BYTES, are counted as unreadable and
    skipped."""
    events = Events()
    source = _bounded_lines(lines) if hasattr(lines, "readline") else lines
    for line in source:
        events.lines += 1
        if line is None or len(line) > MAX_LINE_BYTES:
            events.unreadable += 1
            events.overlong += 1
            continue
        if not line.strip():
            events.lines -= 1  # blank lines are not events, nor errors
            continue
        try:
            event = json.loads(line)
        except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting: no event is nested
            events.unreadable += 1
            continue
        if not isinstance(event, dict) or not _count(event, events):
            events.unreadable += 1
    return events


def _bounded_lines(stream):
    """The stream's lines, each read at most MAX_LINE_BYTES at a time; None for a longer
    line, whose rest is read past in pieces of the same size and never kept."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
            yield line
            continue
        while True:  # the rest of an over-long line
            rest = stream.readline(MAX_LINE_BYTES)
            if not rest or rest.endswith(b"\n" if isinstance(rest, bytes) else "\n"):
                break
        yield None


def _count(event: dict, events: Events) -> bool:
    """Add one event to the counts; False when it is not an event this report knows."""
    kind = event.get("type", "feedback" if "helpful" in event else None)  # older pages sent no type
    if kind == "search":
        query = event.get("query")
        if not isinstance(query, str) or event.get("results") != 0:
            return False
        folded = _folded_once(query, events)
        if not folded:
            return False
        events.searches += 1
        events.queries.add(folded)
        return True
    if kind == "feedback":
        ident, helpful = event.get("id"), event.get("helpful")
        if not isinstance(ident, str) or not isinstance(helpful, bool) or len(ident) > 100 or not ID_PATTERN.match(ident):
            return False
        counts = events.answers.get(ident)
        if counts is None:
            if len(events.answers) >= ANSWER_CAPACITY:
                return False
            counts = events.answers[ident] = [0, 0]
        counts[0 if helpful else 1] += 1
        events.feedback += 1
        return True
    return False


FOLDED_CAPACITY = 16_384


def _folded_once(query: str, events: Events) -> str:
    """`_folded(query)`, worked out once per distinct query; only digests and redacted text are kept."""
    digest = hashlib.blake2b(query.encode("utf-8", "surrogatepass"), key=events.digest_key, digest_size=16).digest()
    folded = events.folded.get(digest)
    if folded is None:
        if len(events.folded) >= FOLDED_CAPACITY:
            events.folded.clear()
        folded = events.folded[digest] = _folded(query)
    return folded


def _folded(query: str) -> str:
    """A query as the report counts it: redacted, lower case, spaces collapsed. Nothing is
    cached: a cache keyed by the query would keep what customers typed, unredacted."""
    return redact(query).lower()


def report(events: Events, *, source: str, engine=None, titles: dict[str, str] | None = None,
           top: int = 50) -> str:
    """The Markdown report. `engine` (a SearchEngine over today's content) gives hints;
    `titles` names answers by their question or title."""
    titles = titles or {}
    lines = [f"# What customers searched for and said, from `{source}`", ""]
    overlong = (f" ({events.overlong:,} of them longer than {MAX_LINE_BYTES // 1024} KB)"
                if events.overlong else "")
    lines.append(f"{events.lines:,} lines read: {events.lines - events.unreadable:,} events; "
                 f"{events.unreadable:,} lines could not be read and were skipped{overlong}.")
    lines.append(f"{events.searches:,} searches found nothing ({len(events.queries.counts):,} different "
                 f"queries); {events.feedback:,} answers to \"Was this helpful?\".")
    lines += ["", "## Searches that found nothing", ""]
    if events.queries.undercount:
        lines.append(f"Only the most frequent queries are counted exactly; a count may be up to "
                     f"{events.queries.undercount:,} too low.")
        lines.append("")
    common = events.queries.most_common(top)
    if common:
        lines += ["The closest answer is what today's search gives for the query, or for its words spelt like "
                  "words the help centre knows. Where it says none, a keyword, a concept in "
                  "search-synonyms.yml or a new answer may help.", ""]
        lines += ["| searches | query | closest answer today |", "| ---: | --- | --- |"]
        for query, count in common:
            lines.append(f"| {count:,} | {_cell(query)} | {_cell(closest_answer(engine, query))} |")
    else:
        lines.append("None.")
    lines += ["", "## Answers readers found unhelpful", ""]
    ranked = sorted(events.answers.items(), key=lambda item: (-item[1][1] / sum(item[1]), -item[1][1], item[0]))
    if ranked:
        lines += ["| answer | No | Yes | share of No |", "| --- | ---: | ---: | ---: |"]
        for ident, (yes, no) in ranked[:top]:
            name = f"{ident}: {titles[ident]}" if ident in titles else f"{ident} (no longer in the help centre)"
            lines.append(f"| {_cell(name)} | {no:,} | {yes:,} | {no / (yes + no):.0%} |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def closest_answer(engine, query: str) -> str:
    """The answer today's help centre gives for `query`, or for its words spelt like known
    words; or a suggestion to write one."""
    if engine is None:
        return ""
    hits = engine.search(query, limit=1)
    if hits:
        return f"{hits[0].id}: {hits[0].title}"
    known = list(engine.surfaces)
    respelt = [difflib.get_close_matches(word, known, n=1, cutoff=0.75) for word in query.split()]
    respelt_query = " ".join(match[0] if match else word for match, word in zip(respelt, query.split()))
    if respelt_query != query:
        hits = engine.search(respelt_query, limit=1)
        if hits:
            return f"{hits[0].id}: {hits[0].title} (spelt \"{respelt_query}\")"
    return "none"


def _cell(text: str) -> str:
    """Text shown as it was typed inside a Markdown table cell: no markup, no HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    return re.sub(r"([\\|*_`\[\]#~])", r"\\\1", text)
