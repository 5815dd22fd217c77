"""Read YAML content safely, keeping the line of every field for error messages.

PyYAML's loaders silently keep the last of two duplicate keys and expand aliases (the
"billion laughs" bomb). This loader walks the parser's events itself instead, so it can
refuse both, never construct anything but plain data, and remember where each value
came from.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .problems import Problem
from .markup import character_findings

try:  # the C parser is several times faster; the pure-Python one gives the same events
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.M)  # a line that is not blank or a comment
# First characters some implicit type claims; '' stands for the empty value (null).
_IMPLICIT_FIRST_CHARACTERS = frozenset(ch for ch in _RESOLVER.yaml_implicit_resolvers if ch) | {""}

# How deep lists and fields may nest. faq.yml needs 7 (entries, an entry, alternatives, one,
# steps, ...); the rules and the schema walk the data recursively, so the limit keeps them far
# from Python's recursion limit.
MAX_NESTING = 32
Path_ = tuple  # a path into the data, e.g. ("entries", 3, "question")


@dataclass
class Document:
    """Plain data read from one YAML file, with the line each value starts on."""

    file: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    literal_blocks: dict[Path_, int] = field(default_factory=dict)  # '|' text: line of the '|'
    with_lines: bool = True  # False: read quickly, without `lines` and `literal_blocks`
    escaped_characters_possible: bool = False  # a backslash escape could hide a character
    # True when `data` is not what the file says: it could not be read, or only after lines
    # were left out to find the file's other mistakes. Nothing else may be judged from it.
    guessed: bool = False

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def text_line(self, path: Path_, text: str, offset: int) -> int | None:
        """The line of character `offset` of the text at `path`.

        Exact inside '|' blocks, where lines stay as written; elsewhere the field's line.
        """
        start = self.literal_blocks.get(tuple(path))
        if start is None:
            return self.line(path)
        return start + 1 + text.count("\n", 0, offset)


def load_yaml(path: Path, *, display_name: str | None = None, with_lines: bool = True) -> Document:
    """Read one YAML file; problems are collected on the document, never raised."""
    name = display_name or path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Document(name, problems=[Problem(name, None, f"cannot be read ({error.strerror})",
                                                "check that the file exists")])
    return parse_yaml(raw, name, with_lines=with_lines)


def parse_yaml(raw: bytes | str, name: str, *, with_lines: bool = True) -> Document:
    """Parse YAML text into plain data (dicts, lists, strings, numbers, booleans).

    Without `with_lines` the line of each value is not kept: a quicker read for content
    that turns out to be fine. Problems found by the loader itself always carry lines.
    """
    doc = Document(name, with_lines=with_lines)
    text = _decode(raw, doc)
    if text is None:
        return doc
    if not _CONTENT_LINE.search(text):
        doc.problems.append(Problem(name, 1, "the file is empty",
                                    "restore its content, or undo the change that emptied it"))
        return doc
    if "\t" in text and _report_tabs(text, doc):
        return doc
    conflicts = conflict_findings(text)
    if conflicts:  # two versions of the same lines: nothing after them can be judged yet
        doc.problems.extend(Problem(name, line, message, fix) for line, message, fix in conflicts)
        doc.guessed = True
        return doc
    text = _report_unusual_spaces(text, doc)
    for offset, message, fix in character_findings(text):
        doc.problems.append(Problem(name, text.count("\n", 0, offset) + 1, message, fix))
    doc.escaped_characters_possible = "\\" in text  # "\u202e" in quotes: checked once parsed
    _read_all_mistakes(text, doc)
    return doc


# -- syntax mistakes, every one of them, each on the line where it starts --------------------

_CONFLICT_MARKER = re.compile(r"^[ \t]*(<{7}|={7}|>{7})(?=[ \t]|$)", re.M)


def conflict_findings(text: str) -> list[tuple[int, str, str]]:
    """Merge-conflict markers left in a file (`<<<<<<<`, `=======`, `>>>>>>>`), indented
    or not: one finding per conflict, on the line where it starts."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []  # a lone '=======' is a Markdown heading underline
    findings = []
    start = middle = None
    for match in _CONFLICT_MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        marker = match.group(1)[0]
        if marker == "<":
            if start is not None:
                findings.append(_conflict(start, None, None))
            start, middle = line, None
        elif marker == "=":
            if start is not None:
                middle = line
        elif start is not None:
            findings.append(_conflict(start, middle, line))
            start = middle = None
        else:
            findings.append(_conflict(None, None, line))
    if start is not None:
        findings.append(_conflict(start, middle, None))
    return findings


def _conflict(start: int | None, middle: int | None, end: int | None) -> tuple[int, str, str]:
    parts = [f"'{marker}' on line {line}" for marker, line in
             (("<<<<<<<", start), ("=======", middle), (">>>>>>>", end)) if line]
    return ((start or end or 1), "a merge conflict was left in the file: the lines starting with <<<<<<<, "
            "======= and >>>>>>> mark two versions of the same text (" + ", ".join(parts) + ")",
            "keep the version you want: delete the other version and the marker lines <<<<<<<, ======= and "
            ">>>>>>>, so that only ordinary text is left")


# Spaces that look like ordinary ones in an editor but are not spaces to YAML.
_UNUSUAL_SPACE = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SPACE_IN_INDENT = re.compile(rf"^([ {_UNUSUAL_SPACE}]*[{_UNUSUAL_SPACE}][ {_UNUSUAL_SPACE}]*)\S", re.M)
_SPACE_AFTER_MARK = re.compile(rf"^[ ]*(?:-[ ]+)*(?:(-)|([^\s:#'\"][^:\n]*?:))([{_UNUSUAL_SPACE}]+)", re.M)


def _report_unusual_spaces(text: str, doc: Document) -> str:
    """A no-break space (pasted from Word, Outlook or a web page) used as indentation or
    after a field's ':' or a list's '-': name it on its line; read the file as if it were a
    plain space, so the file's other mistakes can still be found."""
    if not any(char in text for char in _UNUSUAL_SPACE):
        return text
    fixed: dict[int, tuple[int, int]] = {}  # offset range to turn into plain spaces
    for match in _SPACE_IN_INDENT.finditer(text):
        char = next(c for c in match.group(1) if c != " ")
        doc.problems.append(Problem(doc.file, text.count("\n", 0, match.start()) + 1,
                                    f"is indented with an invisible character that looks like a space "
                                    f"({_space_name(char)}), pasted from a web page or a document",
                                    "delete the spaces at the start of this line and type them again with "
                                    "the space bar"))
        fixed[match.start(1)] = (match.start(1), match.end(1))
    for match in _SPACE_AFTER_MARK.finditer(text):
        if match.start(3) in fixed or any(a <= match.start(3) < b for a, b in fixed.values()):
            continue
        after = "'-'" if match.group(1) else f"'{match.group(2).strip().lstrip('- ')}'"
        char = match.group(3)[0]
        doc.problems.append(Problem(doc.file, text.count("\n", 0, match.start()) + 1,
                                    f"has an invisible character that looks like a space after {after} "
                                    f"({_space_name(char)}), pasted from Word, Outlook or a web page; YAML "
                                    "does not read it as a space",
                                    f"delete the space after {after} and type it again with the space bar"))
        fixed[match.start(3)] = (match.start(3), match.end(3))
    for start, end in sorted(fixed.values(), reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _space_name(char: str) -> str:
    import unicodedata

    return f"U+{ord(char):04X} {unicodedata.name(char, 'SPACE')}"


WORD_BULLETS = "•◦▪·–—"  # list marks word processors put in, which are not Markdown's or YAML's '-'
MAX_SYNTAX_MISTAKES = 50  # a file with more is mostly broken: the first fifty say enough


def _read_all_mistakes(text: str, doc: Document) -> None:
    """Read the file; on a syntax mistake, note it on the line where it starts, mend or
    leave out that line and read again, so that one round names every mistake."""
    mended: set[int] = set()
    guessed = False
    lines = text.split("\n")
    for _ in range(MAX_SYNTAX_MISTAKES):
        attempt = Document(doc.file, with_lines=doc.with_lines)
        parser = _Parser("\n".join(lines))
        try:
            data = _read_stream(parser, attempt)
        except yaml.MarkedYAMLError as error:
            number, message, fix, mended_line = _diagnose(error, lines)
            if message.startswith("a quotation mark opened") or message.startswith("an apostrophe"):
                if not _moves_past(error, lines, number, mended_line):  # that quote was not the cause
                    number, message, fix, mended_line = _diagnose(error, lines, quotes=False)
            if number is None or number in mended or not 1 <= number <= len(lines):
                doc.problems.append(Problem(doc.file, number, message, fix))
                doc.data, doc.guessed = None, True
                return
            doc.problems.append(Problem(doc.file, number, message, fix))
            mended.add(number)
            if mended_line is None:
                guessed = True
                mended_line = ""
            lines[number - 1] = mended_line
            continue
        except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
            doc.problems.append(Problem(doc.file, None, f"is not valid YAML ({error})",
                                        "compare it with an entry that works"))
            doc.data, doc.guessed = None, True
            return
        finally:
            parser.dispose()
        doc.data = data
        doc.lines, doc.literal_blocks = attempt.lines, attempt.literal_blocks
        doc.problems.extend(attempt.problems)
        doc.guessed = guessed or attempt.guessed
        return
    doc.data, doc.guessed = None, True


_FIELD_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?(?:[A-Za-z0-9_-]+:[ ]+|-[ ]+))(?P<value>.*?)[ ]*$")


def _moves_past(error: yaml.MarkedYAMLError, lines: list[str], number: int, mended_line: str | None) -> bool:
    """Whether mending line `number` as `mended_line` gets the reading past the mistake."""
    trial = list(lines)
    trial[number - 1] = mended_line or ""
    parser = _Parser("\n".join(trial))
    try:
        _read_stream(parser, Document("trial", with_lines=False))
        return True
    except yaml.MarkedYAMLError as again:
        before, after = error.problem_mark or error.context_mark, again.problem_mark or again.context_mark
        return not (before and after and after.line <= before.line and again.problem == error.problem)
    except yaml.YAMLError:  # pragma: no cover
        return False
    finally:
        parser.dispose()


def _diagnose(error: yaml.MarkedYAMLError, lines: list[str], *,
              quotes: bool = True) -> tuple[int | None, str, str, str | None]:
    """Where a syntax mistake starts, what it is in plain words, its fix, and the line as
    it would read mended (None: leave the line out to read on)."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    number = mark.line + 1 if mark else None
    opened = _unclosed_quote(lines, number) if quotes else None
    if opened is not None and ("quoted scalar" in context or "end of stream" in problem
                               or "expected key" in problem or "expected <block end>" in problem
                               or "expected ':'" in problem):
        quote_line, quote = opened
        name = "quotation mark" if quote == '"' else "apostrophe (')"
        return (quote_line, f"a {name} opened on line {quote_line} is never closed, so everything after it "
                "is read as part of the same text",
                f"add the closing {quote} at the end of the text on line {quote_line}, or remove the one at its "
                "start", lines[quote_line - 1].rstrip() + quote)
    if "could not find expected ':'" in problem and error.context_mark is not None:
        number = error.context_mark.line + 1  # where the line YAML could not read starts
    line = lines[number - 1] if number and number <= len(lines) else ""
    field = _FIELD_LINE.match(line)
    if field and field.group("value")[:1] in ("'", '"') and ("expected" in problem or "mapping values" in problem):
        value = field.group("value")
        return (number, "has text that starts with a quotation mark and goes on after the closing one, "
                "which YAML cannot read",
                "put the whole text in double quotes, and write each \" inside it as \\\"",
                field.group("lead") + _quoted(value))
    if line.strip() and line.lstrip()[0] in WORD_BULLETS and "expected" in problem:
        mark_char = line.lstrip()[0]
        return (number, f"starts with '{mark_char}', a bullet or dash that Word or Outlook puts in, where a list "
                "needs the ordinary '-' (the minus key)",
                f"replace '{mark_char}' at the start of the line with '-'",
                line.replace(mark_char, "-", 1))
    above = next((earlier for earlier in reversed(lines[: (number or 1) - 1]) if earlier.strip()), "")
    if ("expected ':'" in problem and ": " not in line and not line.rstrip().endswith(":")
            and _indent(line) < _indent(above) and not line.lstrip().startswith("-")):
        return (number, "is indented less than the text above it, so YAML no longer reads it as part of that text",
                f"indent it with {_indent(above)} spaces, like the line above it", " " * _indent(above) + line.lstrip())
    if "mapping values are not allowed" in problem and field and field.group("value"):
        fix = _yaml_fix(error)
        if re.match(r"[ ]*(?:-[ ]+)?(?:question|title|label|summary|id|category|owner|reviewed):", line):
            fix = "put the whole text in double quotes"  # one line of plain text: no '|' block
        return (number, _plain_yaml_error(error), fix, field.group("lead") + _quoted(field.group("value")))
    return number, _plain_yaml_error(error), _yaml_fix(error), None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_OPENING_QUOTE = re.compile(r"""^[ ]*(?:-[ ]+)?(?:[A-Za-z0-9_-]+:[ ]+)?(?:-[ ]+)?(["'])""")


def _unclosed_quote(lines: list[str], until: int | None) -> tuple[int, str] | None:
    """The first line up to `until` whose text opens a quotation mark it never closes."""
    for number, line in enumerate(lines[: until or len(lines)], start=1):
        match = _OPENING_QUOTE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        quote, rest = match.group(1), line[match.end():]
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = re.search(r"'(?!')|''$", rest.replace("''", "")) is not None or rest.endswith("'")
        if not closed:
            return number, quote
    return None


def _decode(raw: bytes | str, doc: Document) -> str | None:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        doc.problems.append(Problem(
            doc.file, line, "contains characters that are not UTF-8 text",
            "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8) and "
            "retype any letters such as æ, ø and å on this line"))
        return None


def _report_tabs(text: str, doc: Document) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            doc.problems.append(Problem(doc.file, number, "is indented with a tab character",
                                        "indent with spaces only (two per level)"))
            found = True
    return found


_AWAIT_KEY = object()  # a mapping frame waiting for its next key
_DROPPED = object()  # a mapping frame whose current key was refused: its value is dropped
_NOWHERE = ("<dropped>",)  # the path of values that are not kept


def _read_stream(parser: Any, doc: Document) -> Any:
    """Build plain data from the parser's events, iteratively: fast on 10,000-entry files."""
    lines, problems, literal_blocks, name = doc.lines, doc.problems, doc.literal_blocks, doc.file
    ScalarEvent, AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
    MappingStartEvent, SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
    MappingEndEvent, SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent
    StreamEndEvent, get_event = yaml.StreamEndEvent, parser.get_event
    stack: list[list] = []  # frames: [container, path, key state, line the container starts on]
    result: Any = None
    documents = 0

    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent and stack and not event.anchor and event.tag is None and event.style != "|":
            # The common case, kept short: a plain or quoted value in a mapping or list.
            frame = stack[-1]
            container = frame[0]
            key = frame[2]
            value = event.value
            if not (event.style or not event.implicit[0] or value[:1] not in _IMPLICIT_FIRST_CHARACTERS):
                value = _scalar(event)  # may be a number, yes/no, a date or empty
            if key is _AWAIT_KEY:
                frame[2] = _key(value, event.start_mark.line + 1, frame, doc)
            elif type(container) is list:
                if frame[1] is not _NOWHERE:
                    lines[(*frame[1], len(container))] = event.start_mark.line + 1
                container.append(value)
            else:
                if key is not _DROPPED:
                    container[key] = value
                frame[2] = _AWAIT_KEY
            continue
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent or kind is AliasEvent:
            line = event.start_mark.line + 1
            # Where this node goes decides its path, used for line numbers.
            if not stack:
                path: tuple = () if doc.with_lines else _NOWHERE
            else:
                frame = stack[-1]
                container = frame[0]
                if type(container) is list:
                    path = (*frame[1], len(container)) if frame[1] is not _NOWHERE else _NOWHERE
                    lines[path] = line
                elif frame[2] is _AWAIT_KEY or frame[2] is _DROPPED:
                    path = _NOWHERE
                else:
                    path = (*frame[1], frame[2]) if frame[1] is not _NOWHERE else _NOWHERE
            if kind is AliasEvent:
                problems.append(Problem(name, line, f"uses the YAML alias '*{event.anchor}'",
                                        "write the text out in full; anchors and aliases are not allowed"))
                value: Any = None
            else:
                if event.anchor is not None:
                    problems.append(Problem(name, line, f"uses the YAML anchor '&{event.anchor}'",
                                            "remove the '&' name; anchors and aliases are not allowed"))
                if event.tag is not None and event.tag != "!":
                    problems.append(Problem(name, line, f"uses the YAML tag '{event.tag}'",
                                            "remove the '!' tag; content is plain text, lists and fields"))
                if len(stack) >= MAX_NESTING:  # deeper than any content needs; recursion later would fail
                    problems.append(Problem(name, line, f"nests lists and fields more than {MAX_NESTING} levels deep",
                                            "remove the extra brackets or indentation; compare with an "
                                            "entry that works"))
                    return None
                if kind is MappingStartEvent:
                    stack.append([{}, path, _AWAIT_KEY, line])
                    continue
                if kind is SequenceStartEvent:
                    stack.append([[], path, None, line])
                    continue
                if event.style == "|" and path is not _NOWHERE:
                    literal_blocks[path] = line
                value = _scalar(event)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            finished = stack.pop()
            value, line = finished[0], finished[3]
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                problems.append(Problem(name, event.start_mark.line + 1,
                                        "holds more than one YAML document (a second '---' line)",
                                        "remove the '---' line; the file must be one document"))
                while type(get_event()) is not yaml.DocumentEndEvent:  # skip the second document
                    pass
            continue
        elif kind is StreamEndEvent or event is None:
            break
        else:  # StreamStart and DocumentEnd carry nothing
            continue

        # Put the finished value into its parent.
        if not stack:
            if documents <= 1:
                result = value
            continue
        frame = stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
        elif frame[2] is _AWAIT_KEY:
            frame[2] = _key(value, line, frame, doc)
        else:
            if frame[2] is not _DROPPED:
                container[frame[2]] = value
            frame[2] = _AWAIT_KEY
    return result


def _key(value: Any, line: int, frame: list, doc: Document) -> Any:
    """Check a mapping key; return it, or _DROPPED when its value must not be kept."""
    container, path = frame[0], frame[1]
    if isinstance(value, (dict, list)):
        doc.problems.append(Problem(
            doc.file, line, "has text starting with '{' or '[', which YAML reads as fields or a list, "
            "not as text", "put the whole text in double quotes"))
        return _DROPPED
    if value is None or not isinstance(value, (str, int, float, bool)):
        doc.problems.append(Problem(doc.file, line, "has a field name that is not text",
                                    "write the field name as a plain word followed by ':'"))
        return _DROPPED
    key = value if isinstance(value, str) else str(value)
    if key in container:
        first = doc.lines.get((*path, key), "?") if path is not _NOWHERE else "?"
        doc.problems.append(Problem(
            doc.file, line, f"field '{key}' appears twice here (first on line {first})",
            "keep one of the two; YAML would silently ignore the first"))
        return _DROPPED
    if path is not _NOWHERE:
        doc.lines[(*path, key)] = line
    return key


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or not event.implicit[0] or value[:1] not in _IMPLICIT_FIRST_CHARACTERS:
        return value  # quoted or block text, or plain text no resolver claims, is a string
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag == _STR or tag not in _CONSTRUCTOR.yaml_constructors:  # e.g. a lone '=' (the 'value' tag)
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except ValueError:  # e.g. 2026-02-30 looks like a date but is none; the schema says so
        return event.value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return event.value  # dates stay text; the schema checks their form
    return value


def _plain_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "mapping values are not allowed" in problem:
        return "has a ':' where YAML does not expect one (text with ': ' inside must be quoted)"
    if "could not find expected ':'" in problem:
        return "is missing the ':' after a field name, or a line is indented wrongly"
    if "found character '\\t'" in problem:
        return "contains a tab character"
    if "did not find expected '-' indicator" in problem or "expected <block end>" in problem:
        return "is indented wrongly: this line does not line up with the lines around it"
    if "found undefined alias" in problem:
        return "uses a YAML alias ('*name')"
    if "while scanning a quoted scalar" in context or "end of stream" in problem:
        return "has a quotation mark that is never closed"
    return f"is not valid YAML: {problem or context}"


def _yaml_fix(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "")
    if "mapping values are not allowed" in problem:
        return "put the whole text in double quotes, or start it with '|' on its own line"
    if "quoted" in (error.context or "") or "end of stream" in problem:
        return "close the quotation mark, or remove it"
    return "line this field up with its neighbours, using spaces only"
