"""The help centre's own scripts and stylesheets as they are sent: without their comments
and indentation, which readers download on every visit and never run.

The source keeps every comment for the people who change it. What the page inlines before
its first paint (overrides/partials/*.js), and the site's own scripts and stylesheets, are
sent compact, so a slow phone has fewer bytes to wait for. Lines stay lines: a script means
the same with its line breaks kept, so nothing depends on semicolons being inserted the
same way. Strings and regular expressions are copied as they are.

What the scanner cannot tell from the text alone, it refuses or errs on the safe side of:
a template literal (`...`) is refused; a "/" after an operator, an opening bracket or a
keyword such as `return` begins a regular expression, and anywhere else a division. So a
regular expression straight after a closing bracket (`if (x) /a/.test(y)`) would be read
wrongly: put it in a variable first.

Plain text in, plain text out, no engine: each engine's adapter hands its templates to
`template_source` (hooks/help_centre.py, helpcentre/engines.py), and the finishing step
compacts the built site's own files (helpcentre/pipeline.py).
"""
from __future__ import annotations

import re
from pathlib import Path

# After one of these (or at the start), a "/" in a script begins a regular expression, not a
# division; it is kept as it is, to its closing "/" and flags.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^")
_KEYWORDS_BEFORE_REGEX = {"return", "typeof", "case", "in", "of", "else", "void", "delete", "throw", "new", "do"}
_LAST_WORD = re.compile(r"[A-Za-z_$][\w$]*$")
_SPACE = " \t"


class CompactError(ValueError):
    """A script the compactor cannot read safely; its message names the line."""


def compact_script(text: str, *, name: str = "script") -> str:
    """`text` (JavaScript) without comments, indentation, trailing or repeated spaces and
    blank lines; strings and regular expressions are kept byte for byte. Refuses template
    literals, which it does not read (`name` is used in the message)."""
    return _compact(text, name=name, script=True)


def compact_stylesheet(text: str, *, name: str = "stylesheet") -> str:
    """`text` (CSS) without comments, indentation, trailing or repeated spaces and blank
    lines; strings are kept byte for byte."""
    return _compact(text, name=name, script=False)


def template_source(name: str, source: str) -> str:
    """A template of overrides/ as the engine should render it: a script partial, which a
    page inlines (`partials/<name>.js`), compact; any other template as it is. Each engine's
    adapter passes its templates through this, and so does the policy's hashing, which
    renders the same templates: the hashes are of what is served."""
    if name.startswith("partials/") and name.endswith(".js"):
        return compact_script(source, name=f"overrides/{name}")
    return source


def compact_site_files(site_dir: Path) -> list[Path]:
    """Compact, in place, the built site's copies of the help centre's own scripts and
    stylesheets (`assets/javascripts/*.js`, `assets/stylesheets/*.css`); the theme's, which
    come minified (`*.min.js`, `*.min.css`) or sit in folders of its own, are left as they
    are. Returns the files changed."""
    changed = []
    kinds = (("javascripts", ".js", compact_script), ("stylesheets", ".css", compact_stylesheet))
    for folder, suffix, compact in kinds:
        for path in sorted((site_dir / "assets" / folder).glob("*" + suffix)):
            if path.name.endswith(".min" + suffix):
                continue
            text = path.read_text(encoding="utf-8")
            smaller = compact(text, name=path.relative_to(site_dir).as_posix())
            if smaller != text:
                path.write_text(smaller, encoding="utf-8")
                changed.append(path)
    return changed


def _compact(text: str, *, name: str, script: bool) -> str:
    out: list[str] = []
    i, line, length = 0, 1, len(text)
    while i < length:
        char = text[i]
        if char in "\"'":
            end = _string_end(text, i, name=name, line=line)
            out.append(text[i:end])
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise CompactError(f"{name}, line {line}: a comment that is never closed (no */)")
            comment = text[i:end + 2]
            line += comment.count("\n")
            # a comment that spans lines still ends the line it is on, as the browser reads it
            _space(out, "\n" if "\n" in comment else " ")
            i = end + 2
        elif script and text.startswith("//", i):
            end = text.find("\n", i)
            i = length if end < 0 else end
        elif script and char == "`":
            raise CompactError(f"{name}, line {line}: a template literal (`...`); write it as a string "
                               "joined with +, which the compactor keeps exactly")
        elif script and char == "/" and _regex_may_start(out):
            end = _regex_end(text, i, name=name, line=line)
            out.append(text[i:end])
            i = end
        elif char in _SPACE:
            while i < length and text[i] in _SPACE:
                i += 1
            _space(out, " ")
        else:
            if char == "\n":
                line += 1
            out.append(char)
            i += 1
    return _tidy("".join(out))


def _space(out: list[str], space: str) -> None:
    """One space between two pieces of code, however many there were (or a line break)."""
    if out and out[-1] == " ":
        out[-1] = space
    elif space == "\n" or (out and out[-1] != "\n"):
        out.append(space)


def _string_end(text: str, start: int, *, name: str, line: int) -> int:
    """The index just after the string that opens at `start`."""
    quote, i = text[start], start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        if text[i] == "\n":
            break
        i += 1
    raise CompactError(f"{name}, line {line}: a string that does not end on its line (no closing {quote})")


def _regex_end(text: str, start: int, *, name: str, line: int) -> int:
    """The index just after the regular expression literal (and its flags) that opens at
    `start`: its body ends at the first "/" that is neither escaped nor in a [class]."""
    i, in_class = start + 1, False
    while i < len(text) and text[i] != "\n":
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            i += 1
            while i < len(text) and (text[i].isalnum() or text[i] in "_$"):
                i += 1
            return i
        i += 1
    raise CompactError(f"{name}, line {line}: a regular expression that does not end on its line "
                       "(or a division the compactor took for one: put the divided value in brackets)")


def _regex_may_start(out: list[str]) -> bool:
    """Whether a "/" here would begin a regular expression: after an operator or at the start,
    or after a word such as `return` (never after a name, a number or a closing bracket)."""
    before = "".join(out[-40:]).rstrip()
    if not before:
        return True
    if before[-1] in _BEFORE_REGEX or before[-1] == "\n":
        return True
    word = _LAST_WORD.search(before)
    return bool(word) and word.group(0) in _KEYWORDS_BEFORE_REGEX


def _tidy(text: str) -> str:
    """Each line stripped and blank lines dropped. No string or regular expression spans a
    line, and none starts or ends with a space, so this touches none of them."""
    lines = [line.strip(_SPACE) for line in text.split("\n")]
    return "\n".join(line for line in lines if line) + ("\n" if any(lines) else "")
