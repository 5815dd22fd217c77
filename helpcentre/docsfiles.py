"""Which files under docs/ may be published: content cannot add or change code.

Everything under docs/ that is not a Markdown page is copied to the site as it is, and the
site's policy (`script-src 'self'`) runs any script file on the site's own address, as a
page (.html), a picture with a script inside (.svg) or a script (.js). So editors' files
under docs/ are limited to Markdown pages and raster pictures whose bytes really are a
picture; the site's own scripts, styles and icon are the developers' files listed in
`THEME_ASSETS` (one place), which `.github/CODEOWNERS` gives to the developers to review.
A new file under docs/assets/ that is not listed is refused like any other.
"""
from __future__ import annotations

from pathlib import Path

from .problems import Problem

# The site's own files under docs/, written and reviewed by its developers (CODEOWNERS).
THEME_ASSETS = frozenset({
    "assets/favicon.svg",
    "assets/javascripts/go.js",
    "assets/javascripts/help-centre.js",
    "assets/javascripts/search-worker.js",
    "assets/javascripts/support-status-worker.js",
    "assets/javascripts/support-status.js",
    "assets/stylesheets/help-centre.css",
})
PAGE_SUFFIX = ".md"
# Raster pictures, by name, and the first bytes each kind of file starts with.
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
_PICTURE_START = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
_WHAT_MAY_GO_HERE = ("pages are Markdown files (.md), and pictures may be .png, .jpg, .gif, .webp or .avif; "
                     "the site's own scripts and styles are added by a developer")


def is_picture(suffix: str, head: bytes) -> bool:
    """True when `head` (a file's first bytes) starts the way a picture of that kind does."""
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    return head.startswith(_PICTURE_START.get(suffix, (b"\0never",)))


def docs_file_problems(root: Path, docs_dir: str = "docs") -> list[Problem]:
    """Every file under `root/docs_dir` that the site would publish and may not: each at
    its line 1, with what may go there instead."""
    docs = root / docs_dir
    problems: list[Problem] = []
    if not docs.is_dir():
        return problems
    for path in sorted(docs.rglob("*")):
        if path.is_dir():
            continue
        inside = path.relative_to(docs).as_posix()
        shown = f"{docs_dir}/{inside}"
        suffix = path.suffix.lower()
        if inside in THEME_ASSETS or (suffix == PAGE_SUFFIX and not path.is_symlink()):
            continue
        if suffix in PICTURE_SUFFIXES and not path.is_symlink():
            with path.open("rb") as picture:
                head = picture.read(16)
            if not is_picture(suffix, head):
                problems.append(Problem(shown, 1, f"the file is named like a {suffix} picture, but it is not one, "
                                        "so browsers could read it as something else",
                                        "save the picture again from an image editor as a real "
                                        f"{suffix} file, or remove this file"))
            continue
        if inside.startswith("assets/"):
            message = ("is not one of the site's own files under docs/assets/; a file there is published "
                       "as it is and can run code in customers' browsers")
        else:
            message = ("would be published as it is, and a file of this kind can run code in customers' "
                       "browsers or show a page the help centre did not check")
        problems.append(Problem(shown, 1, message, f"remove this file: {_WHAT_MAY_GO_HERE}"))
    return problems
