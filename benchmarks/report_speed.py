"""How fast `python -m helpcentre report` reads stored events, and whether memory stays flat.

Writes event files of 10,000, 100,000 and 1,000,000 lines (searches with many different
queries, rarer ones more often, and "Was this helpful?" answers, a few lines broken), runs
the report on each in its own process, and prints wall time and peak memory. A benchmark,
not a test: `make bench-report`.
"""
from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)
_WORDS = ("refusion tandlæge regning fysioterapi betalingsgaranti henvisning journal upload password mitid "
          "familie skade sag dokument kvittering faktura rejse forsikring behandling kiropraktor").split()
_ANSWERS = ("login-password", "supported-browsers", "unexpected-origin-error", "family-overview",
            "payment-guarantees", "upload-file", "find-referral", "contact-it-support")


def write_events(path: Path, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            if index % 997 == 0:
                out.write("{broken line\n")
            elif rng.random() < 0.6:
                words = rng.sample(_WORDS, rng.randint(1, 3))
                if rng.random() < 0.3:  # a long tail of different queries
                    words.append(str(int(rng.paretovariate(1.2) * 10)))
                out.write(json.dumps({"type": "search", "query": " ".join(words), "results": 0, "page": "/"}) + "\n")
            else:
                out.write(json.dumps({"type": "feedback", "id": rng.choice(_ANSWERS),
                                      "helpful": rng.random() < 0.7, "page": "/"}) + "\n")


def run_report(path: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one report run."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "helpcentre", "report", str(path)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(process.stderr.read().decode("utf-8", "replace"))
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="report-bench-"))
    print(f"`make report` on generated events ({platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}):\n")
    print("| events | file | time | peak memory |")
    print("| ---: | ---: | ---: | ---: |")
    for size in SIZES:
        path = work / f"events-{size}.jsonl"
        write_events(path, size)
        seconds, memory = run_report(path)
        print(f"| {size:,} | {path.stat().st_size / 1e6:.0f} MB | {seconds:.2f} s | {memory:.0f} MB |")
        path.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
