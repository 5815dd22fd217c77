"""`report` stays linear and flat: a huge query, a huge line and deep JSON cost no more than
ordinary ones, and nothing unredacted is kept."""
from __future__ import annotations

import io
import json
import time
import tracemalloc

from helpcentre import insights
from helpcentre.insights import MAX_LINE_BYTES, read_events, report
from helpcentre.privacy import redact


class _HugeLineStream:
    """A binary stream with one line of `size` bytes between two ordinary events, made as
    it is read (nothing of it is held here)."""

    def __init__(self, size: int) -> None:
        self.parts = [b'{"type": "search", "query": "first", "results": 0}\n']
        self.left = size
        self.after = b'{"type": "search", "query": "last", "results": 0}\n'

    def readline(self, limit: int = -1) -> bytes:
        if self.parts:
            return self.parts.pop()
        if self.left > 0:
            piece = min(limit, self.left)
            self.left -= piece
            return b"x" * piece if self.left else b"x" * (piece - 1) + b"\n"
        after, self.after = self.after, b""
        return after


def _peak_bytes(stream) -> int:
    tracemalloc.start()
    try:
        events = read_events(stream)
        return tracemalloc.get_traced_memory()[1], events
    finally:
        tracemalloc.stop()


def test_a_200_mb_line_costs_no_more_memory_than_a_normal_one():
    small_peak, small = _peak_bytes(_HugeLineStream(100))
    huge_peak, huge = _peak_bytes(_HugeLineStream(200 * 1024 * 1024))
    assert huge.overlong == 1 and huge.searches == 2 and small.searches == 2
    assert huge_peak < small_peak + 4 * MAX_LINE_BYTES, (small_peak, huge_peak)
    assert "1 of them longer than 64 KB" in report(huge, source="events.jsonl")


def test_a_300_kb_query_is_redacted_as_fast_as_a_short_one():
    query = "a" * 300_000 + " 0101901234 someone@example.com"
    started = time.perf_counter()
    text = redact(query)
    assert time.perf_counter() - started < 0.05
    assert len(text) <= 200
    line = json.dumps({"type": "search", "query": "x" * 60_000, "results": 0}).encode() + b"\n"
    started = time.perf_counter()
    events = read_events(io.BytesIO(line * 20))
    assert time.perf_counter() - started < 2 and events.searches == 20


def test_a_cut_never_leaves_half_a_number_behind():
    query = "a " * 199 + "0101901234"  # the CPR number straddles the cut
    assert "0101" not in redact(query) and "1234" not in redact(query)


def test_deeply_nested_json_is_an_unreadable_line_not_a_crash():
    lines = [b"[" * 50_000 + b"]" * 50_000 + b"\n", b'{"a":' * 30_000 + b"1" + b"}" * 30_000 + b"\n",
             b'{"type": "feedback", "id": "upload-file", "helpful": false}\n']
    events = read_events(io.BytesIO(b"".join(lines)))
    assert events.unreadable == 2 and events.feedback == 1


def test_nothing_caches_raw_queries():
    assert not hasattr(insights._folded, "cache_info"), "a cache keyed by the raw query keeps it unredacted"
    events = read_events([json.dumps({"type": "search", "query": "call 12345678 about x@y.dk", "results": 0})])
    assert list(events.queries.counts) == ["call [phone] about [email]"]
    kept = [*events.folded.values(), *(key.hex() for key in events.folded)]
    assert kept and not any("12345678" in text or "x@y.dk" in text for text in kept)
