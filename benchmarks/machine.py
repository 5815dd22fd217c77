"""The machine a benchmark ran on, as its tables name it."""
from __future__ import annotations

import os
import platform
import re
from pathlib import Path


def processors() -> str:
    """'2 CPUs (Intel(R) Xeon(R) Processor)'."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return f"{os.cpu_count()} CPUs ({model or platform.machine()})"
