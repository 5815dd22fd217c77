"""The dependency lock: `make` installs exactly the pinned packages, each file checked by hash."""
from __future__ import annotations

import re
import tomllib

from sitetools import ROOT

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)", re.M)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {_normal(found.group(1)): found.group(2) for found in _ENTRY.finditer(text)}


def _pins(*extras: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = {}
    for requirement in requirements:
        found = _ENTRY.match(requirement)
        assert found, f"pyproject.toml: '{requirement}' is not pinned with =="
        pins[_normal(found.group(1))] = found.group(2)
    return pins


def test_every_pin_is_locked_at_its_version():
    for lock, extras in (("requirements.lock", ("test",)), ("requirements-bench.lock", ("test", "bench"))):
        locked = _locked(lock)
        stale = {name: (version, locked.get(name)) for name, version in _pins(*extras).items()
                 if locked.get(name) != version}
        assert not stale, f"{lock} is out of date with pyproject.toml (pin, locked): {stale}; run make lock-deps"


def test_every_locked_package_carries_hashes():
    for lock in ("requirements.lock", "requirements-bench.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[-1])
        entries = [block for block in blocks if _ENTRY.match(block)]
        assert len(entries) == len(_locked(lock)) > 20
        unhashed = [block.split()[0] for block in entries if "--hash=sha256:" not in block]
        assert not unhashed, f"{lock}: no hash for {unhashed}"


def test_make_installs_from_the_lock_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"pip install [^\n]*--require-hashes -r \$\(LOCK\)", makefile)
    assert re.search(r"pip install [^\n]*--no-deps -e \.", makefile), "the project itself must add no packages"
    assert "pip install --quiet -e '.[" not in makefile, "an install outside the lock"
