"""Read YAML content safely, keeping the line of every field for error messages.

PyYAML's loaders silently keep the last of two duplicate keys and expand aliases (the
"billion laughs" bomb). This loader walks the parser's events itself instead, so it can
refuse both, never construct anything but plain data, and remember where each value
came from.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .problems import Problem

try:  # the C parser is several times faster; the pure-Python one gives the same events
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

Path_ = tuple  # a path into the data, e.g. ("entries", 3, "question")


@dataclass
class Document:
    """Plain data read from one YAML file, with the line each value starts on."""

    file: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    literal_blocks: dict[Path_, int] = field(default_factory=dict)  # '|' text: line of the '|'

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


def load_yaml(path: Path, *, display_name: str | None = None) -> Document:
    """Read one YAML file; problems are collected on the document, never raised."""
    name = display_name or path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Document(name, problems=[Problem(name, None, f"cannot be read ({error.strerror})",
                                                "check that the file exists")])
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes | str, name: str) -> Document:
    """Parse YAML text into plain data (dicts, lists, strings, numbers, booleans)."""
    doc = Document(name)
    text = _decode(raw, doc)
    if text is None:
        return doc
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        doc.problems.append(Problem(name, 1, "the file is empty",
                                    "restore its content, or undo the change that emptied it"))
        return doc
    if _report_tabs(text, doc):
        return doc
    try:
        events = iter(yaml.parse(text, Loader=_Parser))
        doc.data = _read_stream(events, doc)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        doc.problems.append(Problem(name, line, _plain_yaml_error(error), _yaml_fix(error)))
        doc.data = None
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        doc.problems.append(Problem(name, None, f"is not valid YAML ({error})",
                                    "compare it with an entry that works"))
        doc.data = None
    return doc


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


def _read_stream(events: Iterator[yaml.Event], doc: Document) -> Any:
    data: Any = None
    documents = 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                doc.problems.append(Problem(
                    doc.file, event.start_mark.line + 1,
                    "holds more than one YAML document (a second '---' line)",
                    "remove the '---' line; the file must be one document"))
                _skip_to_document_end(events)
                continue
            data = _read_node(next(events), events, doc, ())
        # StreamStart, DocumentEnd and StreamEnd carry nothing.
    return data


def _skip_to_document_end(events: Iterator[yaml.Event]) -> None:
    for event in events:
        if isinstance(event, yaml.DocumentEndEvent):
            return


def _read_node(event: yaml.Event, events: Iterator[yaml.Event], doc: Document,
               path: Path_) -> Any:
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent):
        doc.problems.append(Problem(
            doc.file, line, f"uses the YAML alias '*{event.anchor}'",
            "write the text out in full; anchors and aliases are not allowed"))
        return None
    if getattr(event, "anchor", None):
        doc.problems.append(Problem(
            doc.file, line, f"uses the YAML anchor '&{event.anchor}'",
            "remove the '&' name; anchors and aliases are not allowed"))
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!":
        doc.problems.append(Problem(
            doc.file, line, f"uses the YAML tag '{tag}'",
            "remove the '!' tag; content is plain text, lists and fields"))
    if isinstance(event, yaml.ScalarEvent):
        if event.style == "|":
            doc.literal_blocks[path] = line
        return _scalar(event)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            item_path = (*path, len(items))
            doc.lines[item_path] = event.start_mark.line + 1
            items.append(_read_node(event, events, doc, item_path))
    if isinstance(event, yaml.MappingStartEvent):
        mapping: dict[Any, Any] = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return mapping
            key_line = event.start_mark.line + 1
            key = _read_node(event, events, doc, (*path, "<key>"))
            value_event = next(events)
            if isinstance(key, (dict, list)):
                doc.problems.append(Problem(
                    doc.file, key_line, "has text starting with '{' or '[', which YAML reads as "
                    "fields or a list, not as text", "put the whole text in double quotes"))
                _read_node(value_event, events, doc, (*path, "<bad key>"))
                continue
            if not isinstance(key, (str, int, float, bool)) or key is None:
                doc.problems.append(Problem(doc.file, key_line, "has a field name that is not text",
                                            "write the field name as a plain word followed by ':'"))
                _read_node(value_event, events, doc, (*path, "<bad key>"))
                continue
            key = str(key) if not isinstance(key, str) else key
            if key in mapping:
                doc.problems.append(Problem(
                    doc.file, key_line, f"field '{key}' appears twice here (first on line "
                    f"{doc.lines.get((*path, key), '?')})",
                    "keep one of the two; YAML would silently ignore the first"))
                _read_node(value_event, events, doc, (*path, "<duplicate>"))
                continue
            doc.lines[(*path, key)] = key_line
            mapping[key] = _read_node(value_event, events, doc, (*path, key))
    raise yaml.YAMLError(f"unexpected {type(event).__name__}")  # pragma: no cover


def _scalar(event: yaml.ScalarEvent) -> Any:
    if event.style or not event.implicit[0]:
        return event.value  # quoted or block text is always a string
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
