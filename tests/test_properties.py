"""Whatever an editor types, the checker answers with problems or success, never a crash."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcentre.content import Sources, check
from helpcentre.links import read_lock
from helpcentre.loader import parse_yaml
from sitetools import ROOT

FAQ_LINES = (ROOT / "faq.yml").read_text(encoding="utf-8").splitlines(keepends=True)
SNIPPETS = parse_yaml((ROOT / "snippets.yml").read_bytes(), "snippets.yml")
SUPPORT = parse_yaml((ROOT / "support.yml").read_bytes(), "support.yml")
SCREENS = parse_yaml((ROOT / "portal-screens.yml").read_bytes(), "portal-screens.yml")
LOCK = read_lock(ROOT / "links.lock")
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_text(text: str | bytes) -> list:
    doc = parse_yaml(text, "faq.yml")
    problems = check(Sources(doc, SNIPPETS, SUPPORT, lock=LOCK, screens=SCREENS))
    for problem in problems:  # every problem names the file and says what is wrong
        # snippets.yml links to ids in faq.yml, so a broken faq.yml can show there too
        assert problem.file in ("faq.yml", "snippets.yml", "links.lock", "portal-screens.yml") and problem.message
        assert str(problem).startswith(problem.file + ":")
    return problems


@PROPERTY_SETTINGS
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    _check_text(text)


@PROPERTY_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data):
    _check_text(data)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=20), st.dates().map(str))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "question", "answer", "steps", "category", "keywords",
                                     "related", "reviewed", "snippet", "sections", "title",
                                     "alternatives", "label", "summary", "entries", "guides",
                                     "categories", "x"]) | st.text(max_size=8), inner, max_size=5)),
    max_leaves=25)


@PROPERTY_SETTINGS
@given(_values)
def test_arbitrary_yaml_structures_never_crash(value):
    _check_text(yaml.safe_dump(value, allow_unicode=True))


@PROPERTY_SETTINGS
@given(st.data())
def test_editing_real_lines_never_crashes(data):
    # Edits an editor might really make: a line deleted, replaced or duplicated.
    lines = list(FAQ_LINES)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "replace":
            lines[index] = data.draw(st.text(max_size=40)) + "\n"
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            lines[index] = "  " + lines[index]
        if not lines:
            break
    _check_text("".join(lines))


def test_the_real_content_passes():
    assert _check_text("".join(FAQ_LINES)) == []


@PROPERTY_SETTINGS
@given(_values)
def test_fast_and_full_schema_validators_agree(value):
    # The compiled validator answers yes/no; the reference one words the errors.
    # If they ever disagreed, content could pass unchecked or fail without a message.
    import fastjsonschema

    from helpcentre.schema import _fast_validator, _full_validator

    try:
        _fast_validator("faq.schema.json")(value)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    full_ok = not any(True for _ in _full_validator("faq.schema.json").iter_errors(value))
    assert fast_ok == full_ok


@PROPERTY_SETTINGS
@given(st.data())
def test_quick_read_finds_problems_exactly_when_the_full_read_does(data):
    lines = list(FAQ_LINES)
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(st.text(max_size=30)) + "\n"
    text = "".join(lines)
    quick = check(Sources(parse_yaml(text, "faq.yml", with_lines=False), SNIPPETS, SUPPORT, lock=LOCK, screens=SCREENS))
    full = check(Sources(parse_yaml(text, "faq.yml"), SNIPPETS, SUPPORT, lock=LOCK, screens=SCREENS))
    # The quick read lacks the lines that some messages quote ("first on line 12"); editors
    # never see it, because any problem triggers the full read. The problems are the same.
    assert len(quick) == len(full)
    assert sorted(p.fix for p in quick) == sorted(p.fix for p in full)


# -- content is untrusted input ------------------------------------------------------------

UNWANTED = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
            "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\U000e0041"]
FAMILY_ANSWER = "    answer: You can see an overview of your registered family in the User Portal.\n"


@PROPERTY_SETTINGS
@given(st.data())
def test_a_hidden_character_on_any_line_is_refused_on_that_line(data):
    lines = list(FAQ_LINES)
    index = data.draw(st.sampled_from([i for i, line in enumerate(lines) if line.strip()]))
    line = lines[index].rstrip("\n")
    at = data.draw(st.integers(len(line) - len(line.lstrip()), len(line)))
    char = data.draw(st.sampled_from(UNWANTED))
    lines[index] = line[:at] + char + line[at:] + "\n"
    problems = _check_text("".join(lines))
    assert any(p.line == index + 1 and f"U+{ord(char):04X}" in p.message for p in problems), problems


_good_tokens = st.one_of(st.from_regex(r"#prop-[a-z0-9]{1,8}", fullmatch=True),
                         st.sampled_from([".md-button", ".md-button--primary"]))
_bad_tokens = st.one_of(
    st.from_regex(r"on[a-z]{1,12}=\"alert\(1\)\"", fullmatch=True),
    st.sampled_from(['href="javascript:alert(1)"', "src=x", 'style="display:none"', "data-x=1",
                     "title=hi", ".hc-secret", "#Bad_Id", "tabindex=0", "hidden"]),
    st.from_regex(r"\.[a-z][a-z-]{0,10}", fullmatch=True).filter(lambda c: c not in (".md-button", ".md-button--primary")),
)


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(_good_tokens, _bad_tokens), min_size=1, max_size=5, unique=True),
       st.sampled_from(["{%s}", "{: %s }", "{ %s }"]))
def test_attribute_lists_may_hold_only_an_id_and_allowed_classes(tokens, form):
    attributes = form % " ".join(tokens)
    text = "".join(FAQ_LINES).replace(
        FAMILY_ANSWER, f"    answer: |\n      You can see [your family](https://example.dk){attributes} here.\n", 1)
    problems = [p for p in _check_text(text) if "curly braces" in p.message]
    bad = [t for t in tokens if not (re.fullmatch(r"#prop-[a-z0-9]+", t) or t in (".md-button", ".md-button--primary"))]
    assert bool(problems) == bool(bad), (tokens, problems)
    assert all(p.line == FAQ_LINES.index(FAMILY_ANSWER) + 2 for p in problems), problems
