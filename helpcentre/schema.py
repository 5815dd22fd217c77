"""Check content files against their JSON Schemas and word each failure for an editor."""
from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import json
import marshal
import os
import re
import sys
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import fastjsonschema

if TYPE_CHECKING:
    import jsonschema

from .loader import Document
from .problems import Problem

_TYPE_WORDS = {
    "string": "text", "array": "a list", "object": "a group of fields",
    "integer": "a whole number", "number": "a number", "boolean": "yes or no",
}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema shipped with the package, e.g. 'faq.schema.json'."""
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _is_date(value: str) -> bool:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=None)
def _fast_validator(name: str) -> Callable[[Any], Any]:
    """The schema compiled to Python code: the quick yes/no for content that is fine.

    Generating that code takes longer than checking a small help centre, so the compiled
    code is kept in the user's cache folder, keyed by the schema and the versions that made
    it; where the folder cannot be written, it is generated every time.
    """
    schema = dict(load_schema(name))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"  # our keywords are draft-07's too
    key = hashlib.sha256(json.dumps([schema, fastjsonschema.VERSION, sys.version], sort_keys=True)
                         .encode("utf-8")).hexdigest()[:24]
    cache = _cache_dir() / f"{name}-{key}.bin"
    try:
        entry, blob = cache.read_bytes().split(b"\n", 1)
        code = marshal.loads(blob)
    except (OSError, ValueError, EOFError, TypeError):
        source = fastjsonschema.compile_to_code(schema, formats={"date": _is_date})
        entry = re.search(r"^def (\w+)\(", source, re.MULTILINE).group(1).encode("ascii")
        code = compile(source, f"<{name}>", "exec")
        _store(cache, entry + b"\n" + marshal.dumps(code))
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # noqa: S102 - code generated from our own schema, cached by this user
    return partial(namespace[entry.decode("ascii")], custom_formats={"date": _is_date})


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "helpcentre"


def _store(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home: generate the code again next time


@lru_cache(maxsize=None)
def _full_validator(name: str) -> jsonschema.protocols.Validator:
    """The reference validator: slower, but lists every error, so it words the messages."""
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problems(doc: Document, schema_name: str) -> list[Problem]:
    """Every place where `doc` breaks its schema, one plain-language problem each."""
    try:
        _fast_validator(schema_name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException as fast_error:
        first = fast_error
    problems: list[Problem] = []
    for error in _full_validator(schema_name).iter_errors(doc.data):
        problems.extend(_explain(error, doc))
    problems = _without_echoes(problems)
    if not problems:  # the two validators disagree: never let content pass unreported
        problems.append(Problem(doc.file, doc.line(tuple(first.path[1:])), str(first.message),
                                "compare it with an entry that works"))
    return problems


def _without_echoes(problems: list[Problem]) -> list[Problem]:
    """One message per mistake: a date in the wrong form is not also 'not a real date', and
    a field that is missing only because it is misspelt is named once, as the misspelling."""
    not_dates = {(p.file, p.line) for p in problems if p.message.endswith("is not a date")}
    misspelt = {(p.where.rsplit(", field", 1)[0], p.fix[len("did you mean '"):-2]) for p in problems
                if p.message == "unknown field" and p.fix.startswith("did you mean '")}
    return [p for p in problems
            if not (p.message.endswith("is not a real date") and (p.file, p.line) in not_dates)
            and not (p.message.startswith("the field '") and p.message.endswith("' is missing")
                     and (p.where, p.message[len("the field '"):-len("' is missing")]) in misspelt)]


_KINDS = {"entries": "entry", "guides": "guide", "categories": "category", "sections": "section"}


def describe(path: tuple, data: Any) -> str:
    """Name the place `path` points at, as an editor reads it: entry 'x', field 'y'."""
    parts: list[str] = []
    node = data
    index = 0
    while index < len(path):
        key = path[index]
        if key in _KINDS and index + 1 < len(path) and isinstance(path[index + 1], int):
            position = path[index + 1]
            items = node.get(key) if isinstance(node, dict) else None
            item = items[position] if isinstance(items, list) and position < len(items) else None
            ident = item.get("id") if isinstance(item, dict) else None
            label = f"'{ident}'" if isinstance(ident, str) and ident else f"number {position + 1}"
            parts.append(f"{_KINDS[key]} {label}")
            node = item
            index += 2
            continue
        words = f"field '{key}'"
        for part in path[index + 1:]:
            words += f", item {part + 1}" if isinstance(part, int) else f", '{part}'"
        parts.append(words)
        break
    return ", ".join(parts)


def _problem(doc: Document, path: tuple, message: str, fix: str) -> Problem:
    return Problem(doc.file, doc.line(path), message, fix, describe(path, doc.data))


def _explain(error: jsonschema.ValidationError, doc: Document) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        problems = []
        for key in instance:
            if key in allowed:
                continue
            guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            fix = f"did you mean '{guess[0]}'?" if guess else (
                "remove it; allowed fields here are " + ", ".join(f"'{a}'" for a in allowed))
            problems.append(_problem(doc, (*path, key), "unknown field", fix))
        return problems
    if kind == "propertyNames":
        return [_problem(doc, path, f"'{instance}' is not a valid name",
                         "use lowercase a-z and digits, words joined by '-'")]
    if kind == "required":
        present = instance if isinstance(instance, dict) else {}
        missing = [name for name in error.validator_value if name not in present]
        return [_problem(doc, path, f"the field '{name}' is missing",
                         f"add a line '{name}: ...' here") for name in missing]
    if kind == "type":
        wanted = schema.get("type")
        if wanted == "array" and isinstance(instance, str) and instance.strip() and instance.lstrip()[0] in "•◦▪·–—":
            mark = instance.lstrip()[0]
            return [_problem(doc, path, f"must be a list, but its lines start with '{mark}', a bullet or dash "
                             "that Word or Outlook puts in; a list needs the ordinary '-' (the minus key)",
                             f"replace each '{mark}' at the start of a line with '-'")]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted))
        fix = "put the text in double quotes" if wanted == "string" else f"write {words} here"
        if wanted == "string" and isinstance(instance, dict):
            fix = "put the text in double quotes (text that starts with '{' must be quoted)"
        return [_problem(doc, path, f"must be {words}, not {_shown(instance)}", fix)]
    if kind == "pattern":
        return [_pattern_problem(doc, path, schema, instance)]
    if kind == "format":
        return [_problem(doc, path, f"'{instance}' is not a real date", "write a date that exists, as YYYY-MM-DD")]
    if kind == "minItems":
        need = error.validator_value
        return [_problem(doc, path, f"needs at least {need} item{'s' if need != 1 else ''}",
                         "add the missing items, or remove the field")]
    if kind == "maxItems":
        most, count = error.validator_value, len(instance) if isinstance(instance, list) else 0
        return [_problem(doc, path, f"lists {count} items; at most {most} are allowed",
                         f"remove {count - most} of them, keeping the most useful first")]
    if kind == "uniqueItems":
        seen: set = set()
        dupes = [v for v in instance if (repr(v) in seen) or seen.add(repr(v))]
        return [_problem(doc, path, f"lists {_shown(dupes[0]) if dupes else 'a value'} more than once",
                         "remove the repeated item")]
    if kind == "anyOf" and "steps" in json.dumps(error.validator_value):
        return [_problem(doc, path, "has no answer",
                         "add an 'answer:' text, a list of 'steps:', or 'alternatives:'")]
    if kind == "oneOf" and path and "snippet" in json.dumps(error.validator_value):
        if isinstance(instance, dict):
            return [_problem(doc, path, "is not a step",
                             "write the step as text, or 'snippet: name' for a shared list of steps")]
        return [_problem(doc, path, "is empty" if isinstance(instance, str) else f"is {_shown(instance)}, not a step",
                         "write the step as text, or 'snippet: name' for a shared list of steps")]
    if kind == "oneOf":
        return [_problem(doc, path, "must have either 'text' or 'steps', not both or neither",
                         "keep exactly one of the two")]
    if kind == "enum":
        return [_problem(doc, path, f"{_shown(instance)} is not allowed",
                         "use one of: " + ", ".join(map(str, error.validator_value)))]
    if kind == "maxLength":
        size = len(instance) if isinstance(instance, str) else 0
        return [_problem(doc, path, f"is {size:,} characters long; at most {error.validator_value:,} are allowed",
                         f"shorten it to {error.validator_value:,} characters or fewer; long text is cut off "
                         "in search results and menus, and is hard to read on a phone")]
    return [_problem(doc, path, error.message, "compare it with an entry that works")]


def _pattern_problem(doc: Document, path: tuple, schema: dict, instance: Any) -> Problem:
    pattern = schema.get("pattern", "")
    if pattern == "\\S":
        return _problem(doc, path, "is empty", "write the text, or remove the field")
    if pattern.startswith("^[a-z0-9]+(-"):
        return _problem(doc, path, f"'{instance}' is not a valid id",
                        "use lowercase a-z and digits only, words joined by '-', "
                        "e.g. 'upload-file'")
    if "[0-9]{4}-" in pattern:
        return _problem(doc, path, f"'{instance}' is not a date", "write the date as YYYY-MM-DD, e.g. 2026-11-25")
    if "[01][0-9]|2[0-3]" in pattern:
        return _problem(doc, path, f"'{instance}' is not a time", "write the time as HH:MM, e.g. 09:00")
    return _problem(doc, path, f"'{instance}' is not in the expected form",
                    schema.get("description") or "compare it with the example in the file's comments")


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
