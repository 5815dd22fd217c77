"""What customers could not find: redaction, and the editors' report on stored events."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from helpcentre.insights import TopCounts, read_events, report
from helpcentre.privacy import MAX_QUERY_LENGTH, redact
from sitetools import ROOT

REDACTION_CASES = yaml.safe_load((ROOT / "tests" / "data" / "redaction_cases.yml").read_text(encoding="utf-8"))
SAMPLE = ROOT / "tests" / "data" / "events-sample.jsonl"


@pytest.mark.parametrize("case", REDACTION_CASES, ids=[c["typed"] for c in REDACTION_CASES])
def test_personal_data_is_replaced_by_a_placeholder(case):
    assert redact(case["typed"]) == case["sent"]


def test_a_query_is_cut_to_a_sensible_length():
    assert len(redact("word " * 500)) == MAX_QUERY_LENGTH


def test_the_report_counts_folds_ranks_and_skips_what_it_cannot_read():
    result = subprocess.run([sys.executable, "-m", "helpcentre", "report", str(SAMPLE), "--root", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "21 lines read: 18 events; 3 lines could not be read and were skipped." in out
    assert "9 searches found nothing (5 different queries); 9 answers" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    # "refusion", "Refusion" and "refusion  " are one query; the most searched comes first.
    assert rows[1] == "| 4 | refusion | none |"
    assert "| 1 | betalings garanty | payment-guarantees: Where do I find my payment guarantees? |" in rows
    assert "| 1 | cpr \\[cpr\\] | none |" in rows  # redacted again on reading
    unhelpful = [row for row in rows if "share of No" not in row and "%" in row]
    assert unhelpful[0].startswith("| supported-browsers: Which browsers can I use? | 1 | 0 | 100% |")
    assert unhelpful[1].startswith("| family-overview: How do I access my registered family? | 2 | 1 | 67% |")
    assert "Traceback" not in out + result.stderr


def test_broken_lines_are_skipped_never_a_traceback(tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_bytes(b'{"type": "search", "query": "a|b <i>", "results": 0}\n\xff\xfe not utf-8\n'
                       b'{"type": "feedback", "id": "Not An Id", "helpful": true}\n'
                       b'{"type": "feedback", "id": "x", "helpful": "yes"}\n{"type": "other"}\n\n[1, 2]\n')
    read = read_events(events.open("rb"))
    assert (read.lines, read.unreadable, read.searches, read.feedback) == (6, 5, 1, 0)
    text = report(read, source="events.jsonl")
    assert "| 1 | a\\|b &lt;i&gt; |  |" in text  # a table cell shows the query as typed, and only there


def test_missing_file_is_a_plain_message(tmp_path):
    result = subprocess.run([sys.executable, "-m", "helpcentre", "report", str(tmp_path / "none.jsonl")],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1 and "cannot be read" in result.stderr and "Traceback" not in result.stderr


def test_counts_stay_bounded_and_say_when_they_may_be_low():
    counts = TopCounts(capacity=3)
    for key in ["a"] * 50 + ["b"] * 20 + [f"rare{i}" for i in range(100)] + ["c"] * 10:
        counts.add(key)
    assert len(counts.counts) <= 6
    assert [key for key, _ in counts.most_common(2)] == ["a", "b"]
    assert counts.undercount >= 1
    exact = TopCounts(capacity=100)
    for key in "aab":
        exact.add(key)
    assert exact.most_common(5) == [("a", 2), ("b", 1)] and exact.undercount == 0


def test_report_reads_standard_input():
    lines = "\n".join(json.dumps({"type": "search", "query": q, "results": 0}) for q in ["zz", "zz", "yy"])
    result = subprocess.run([sys.executable, "-m", "helpcentre", "report", "-", "--top", "1"], input=lines,
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0 and "| 2 | zz |" in result.stdout and "| 1 | yy |" not in result.stdout
