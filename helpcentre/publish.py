"""Publish the site atomically: build into a new folder, then swap it in as one step.

A failed build or failed check leaves the previous site/ exactly as it was. On Linux the
swap is a single renameat2(RENAME_EXCHANGE) call, so there is no moment without a site.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .engines import DEFAULT_ENGINE, build
from .pipeline import package

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def publish(*, root: Path, site_dir: Path, engine: str = DEFAULT_ENGINE) -> int:
    """Build the site under `root` into `site_dir` with `engine` (helpcentre/engines.py);
    return the build's exit status."""
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    problem = _target_problem(site_dir)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        status = build(engine, root=root, site_dir=staging)
        if status != 0:
            print(f"The build failed, so {site_dir.name}/ was left exactly as it was.", file=sys.stderr)
            return status
        staging.chmod(0o755)
        config = package(staging, site_dir=site_dir)
        _swap_into_place(staging, site_dir)
        print(f"Published the new site ({engine}) to {site_dir.name}/; its nginx configuration is {config.name}.")
        if not os.environ.get("SITE_URL"):
            print("SITE_URL is not set, so the pages' canonical links, sitemap.xml and robots.txt name make "
                  "serve's address (http://127.0.0.1:8000/); the API and the help panel need no setting. For "
                  "production: SITE_URL=https://<help centre>/ make build", file=sys.stderr)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after a swap, this holds the old site


def _target_problem(site_dir: Path) -> str | None:
    """Why the site cannot be published at `site_dir`, or None; creates missing parent folders."""
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} is a file, not a folder: choose another --site-dir, or move the file away."
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return (f"Cannot create the folder {site_dir.parent} for the site ({error.strerror}): choose a "
                "--site-dir inside a folder you can write to.")
    if not os.access(site_dir.parent, os.W_OK):
        return f"Cannot write into {site_dir.parent}: choose a --site-dir inside a folder you can write to."
    return None


def _swap_into_place(new: Path, target: Path) -> None:
    """Put `new` at `target`; the old content ends up at `new`'s path."""
    if not target.exists():
        os.rename(new, target)
        new.mkdir()
        return
    if not _exchange(new, target):
        # No atomic exchange on this system: two renames, a moment apart.
        old = new.with_name(new.name + "-old")
        os.rename(target, old)
        os.rename(new, target)
        os.rename(old, new)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the filesystem cannot do it
            return False
        raise OSError(errno, os.strerror(errno), str(second))
    return True
