"""The help centre's own scripts and stylesheets as they are sent: without their comments
and indentation, which readers download on every visit and never run.

The source keeps every comment for the people who change it. What the page inlines before
its first paint (overrides/partials/*.js), and the site's own scripts and stylesheets, are
sent compact, so a slow phone has fewer bytes to wait for. Lines stay lines: a script means
the same with its line breaks kept, so nothing depends on semicolons being inserted the
same way. Strings and regular expressions are copied as they are.

What the scanner cannot read safely it refuses, naming the file and line: template
literals (`...`), strings continued on the next line with a backslash, line breaks other
than a newline outside strings, `<!--` and `-->` in scripts, escapes and unclosed url( in
stylesheets, and Jinja tags in script partials (they are compacted before Jinja reads
them). A "/" in a script begins a regular expression at the start, after an operator, an
opening bracket, a keyword such as `return` or the condition of an if, while, for or with;
anywhere else (after a name, a number, a closing bracket, ++ or --) it is a division. In a
stylesheet a comment is no space (`.a/**/.b` is `.a.b`): one between two pieces is kept
as `/**/`.

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
_KEYWORDS_BEFORE_REGEX = {"return", "typeof", "instanceof", "case", "in", "of", "else", "void", "delete", "throw",
                          "new", "do", "yield", "await"}
_CONDITIONS = {"if", "while", "for", "with"}
# Line breaks JavaScript knows besides the newline; refused outside strings, where the
# compactor would otherwise read a line as longer than the browser does.
_OTHER_LINE_BREAKS = "\r\u2028\u2029"
# url( with an address not in quotes: in CSS, "/*" in it is part of the address.
_URL = re.compile(r"(?<![\w-])url\(\s*(?![\s\"'])", re.I)
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
        jinja = next((mark for mark in ("{#", "{{", "{%") if mark in source), None)
        if jinja:  # compacted before Jinja reads it, a "//" inside a Jinja tag would cut the tag short
            raise CompactError(f"overrides/{name}, line {source[:source.index(jinja)].count(chr(10)) + 1}: a Jinja "
                               f"tag ({jinja}); a script partial is plain JavaScript, sent compact")
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
    text = text.removeprefix("\ufeff")  # a byte order mark is not content
    out: list[str] = []
    i, line, length = 0, 1, len(text)
    opened: list[bool] = []  # per open "(": whether it follows if/while/for/with
    after_condition = False  # the last ")" closed such a condition: a "/" next begins a regex
    while i < length:
        char = text[i]
        where = f"{name}, line {line}"
        if char in _OTHER_LINE_BREAKS:
            raise CompactError(f"{where}: a line break other than a plain newline (carriage return, U+2028 or "
                               "U+2029) outside a string; use a newline")
        if char in "\"'":
            end = _string_end(text, i, where=where)
            out.append(text[i:end])
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise CompactError(f"{where}: a comment that is never closed (no */)")
            comment = text[i:end + 2]
            if any(mark in comment for mark in _OTHER_LINE_BREAKS):
                raise CompactError(f"{where}: a line break other than a plain newline in a comment; use a newline")
            line += comment.count("\n")
            i = end + 2
            if script:  # a comment is a space, or a line break if it spans lines, as the browser reads it
                _space(out, "\n" if "\n" in comment else " ")
            elif out and out[-1] not in " \n" and i < length and text[i] not in _SPACE + "\n":
                out.append("/**/")  # in CSS a comment is no space: ".a/**/.b" is ".a.b", and stays so
        elif script and text.startswith("//", i):
            end = text.find("\n", i)
            end = length if end < 0 else end
            if any(mark in text[i:end] for mark in _OTHER_LINE_BREAKS):
                raise CompactError(f"{where}: a line break other than a plain newline in a comment; use a newline")
            i = end
        elif script and char == "`":
            raise CompactError(f"{where}: a template literal (`...`); write it as a string joined with +, "
                               "which the compactor keeps exactly")
        elif script and (text.startswith("<!--", i) or text.startswith("-->", i)):
            raise CompactError(f"{where}: '<!--' or '-->', which a browser may read as the start of a comment; "
                               "put spaces in it ('a-- > b')")
        elif script and char == "/" and _regex_may_start(out, after_condition=after_condition):
            end = _regex_end(text, i, where=where)
            out.append(text[i:end])
            i = end
        elif not script and char == "\\":
            raise CompactError(f"{where}: an escape (\\) outside a string; write the character itself, or "
                               "put the text in quotes")
        elif not script and _URL.match(text, i):
            end = text.find(")", i)
            if end < 0 or "\n" in text[i:end]:
                raise CompactError(f"{where}: url( without its closing ) on the same line")
            out.append(text[i:end + 1])  # an unquoted address is kept as it is ("/*" in it is no comment)
            i = end + 1
        elif char in _SPACE:
            while i < length and text[i] in _SPACE:
                i += 1
            _space(out, " ")
        else:
            if char == "\n":
                line += 1
            elif script and char == "(":
                opened.append(_keyword_before(out) in _CONDITIONS)
            elif script and char == ")":
                after_condition = opened.pop() if opened else False
            out.append(char)
            i += 1
    return _tidy("".join(out))


def _space(out: list[str], space: str) -> None:
    """One space between two pieces of code, however many there were (or a line break)."""
    if out and out[-1] == " ":
        out[-1] = space
    elif space == "\n" or (out and out[-1] != "\n"):
        out.append(space)


def _string_end(text: str, start: int, *, where: str) -> int:
    """The index just after the string that opens at `start`."""
    quote, i = text[start], start + 1
    while i < len(text):
        if text[i] == "\\":
            if i + 1 < len(text) and text[i + 1] in "\n" + _OTHER_LINE_BREAKS:
                raise CompactError(f"{where}: a string continued on the next line with \\; "
                                   "write it on one line, or join two strings with +")
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        if text[i] == "\n":
            break
        i += 1
    raise CompactError(f"{where}: a string that does not end on its line (no closing {quote})")


def _regex_end(text: str, start: int, *, where: str) -> int:
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
    raise CompactError(f"{where}: a regular expression that does not end on its line "
                       "(or a division the compactor took for one: put the divided value in brackets)")


def _regex_may_start(out: list[str], *, after_condition: bool) -> bool:
    """Whether a "/" here would begin a regular expression: at the start, after an operator
    or an opening bracket, after a keyword such as `return`, or after the condition of an
    if, while, for or with; never after a name, a number, a closing bracket, ++ or --."""
    before = "".join(out[-40:]).rstrip()
    if not before:
        return True
    if before.endswith(("++", "--")):
        return False
    if before[-1] == ")":
        return after_condition
    if before[-1] in _BEFORE_REGEX:
        return True
    return _keyword_before(out) in _KEYWORDS_BEFORE_REGEX


def _keyword_before(out: list[str]) -> str:
    """The word just written, or "" if there is none or it is a property name (`unit.in`)."""
    before = "".join(out[-40:]).rstrip()
    word = _LAST_WORD.search(before)
    if not word:
        return ""
    rest = before[: word.start()].rstrip()
    return "" if rest.endswith(".") and not rest.endswith("...") else word.group(0)


def _tidy(text: str) -> str:
    """Each line stripped and blank lines dropped. No string or regular expression spans a
    line, and none starts or ends with a space, so this touches none of them."""
    lines = [line.strip(_SPACE) for line in text.split("\n")]
    return "\n".join(line for line in lines if line) + ("\n" if any(lines) else "")
