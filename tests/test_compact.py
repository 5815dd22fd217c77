"""The help centre's own scripts and stylesheets are sent compact, and mean the same.

Plain functions first (what is kept, what is dropped, what is refused, with its line), then
generated scripts run by Node.js before and after, which must print the same.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcentre.compact import CompactError, compact_script, compact_stylesheet, template_source
from sitetools import ROOT, browser_required


def test_comments_indentation_and_blank_lines_go_and_strings_stay_byte_for_byte():
    source = ('/* what this does */\n'
              'function f() {\n'
              '    var url = "https://example.invalid/a//b";  // not a comment inside a string\n'
              "    var note = 'a /* kept */ and // kept';\n"
              '\n'
              '    return url   +   note;  /* trailing */\n'
              '}\n')
    assert compact_script(source) == ('function f() {\n'
                                       'var url = "https://example.invalid/a//b";\n'
                                       "var note = 'a /* kept */ and // kept';\n"
                                       'return url + note;\n'
                                       '}\n')


def test_a_comment_across_lines_still_ends_the_line_it_is_on():
    # Without the line break, "a = 1 b = 2" would be a syntax error where the source was not.
    assert compact_script("a = 1 /* one\ntwo */ b = 2\n") == "a = 1\nb = 2\n"
    assert compact_script("a = 1 /* one */ + 2\n") == "a = 1 + 2\n"


def test_quotes_escaped_inside_strings_do_not_end_them():
    source = 'var s = "say \\"hi\\" // still a string"; // gone\nvar t = \'it\\\'s\';\n'
    assert compact_script(source) == 'var s = "say \\"hi\\" // still a string";\nvar t = \'it\\\'s\';\n'


def test_division_is_kept():
    assert compact_script("var half = (width) / 2;\nvar third = total / 3 / x;\n") == \
        "var half = (width) / 2;\nvar third = total / 3 / x;\n"


def test_regular_expressions_are_kept_byte_for_byte():
    source = ('var a = text.replace(/\\/?$/, "/");   // a slash at the end\n'
              "var b = /['’`\\/]  [/]  +/g.test(x) ? 1 : 2; /* gone */\n"
              "    return /\\/\\*not a comment*\\//.source;\n")
    assert compact_script(source) == ('var a = text.replace(/\\/?$/, "/");\n'
                                       "var b = /['’`\\/]  [/]  +/g.test(x) ? 1 : 2;\n"
                                       "return /\\/\\*not a comment*\\//.source;\n")


@pytest.mark.parametrize("source, line, words", [
    ("var a = 1;\nvar re = /[a-z]+\nvar b;\n", 2, "regular expression"),
    ("var a = `template ${1}`;\n", 1, "template literal"),
    ("var a = 1; /* never closed\n", 1, "never closed"),
    ('var a = "no end;\nvar b = 2;\n', 1, "does not end"),
])
def test_what_it_cannot_read_safely_is_refused_with_its_line(source, line, words):
    with pytest.raises(CompactError) as raised:
        compact_script(source, name="overrides/partials/x.js")
    assert f"overrides/partials/x.js, line {line}:" in str(raised.value) and words in str(raised.value)


# Found by a tester given the compactor's promise: each is refused, or runs as it did.
ATTACKS = [
    ("a string continued on the next line", 'var x = "abc \\\n     def";\nconsole.log(x);', "refused"),
    ("U+2028 ends a // comment", "var x = 1; // c\u2028x = 2;\nconsole.log(x);", "refused"),
    ("U+2029 in a block comment", "var x = 1 /* c\u2029 */ ;\nconsole.log(x);", "refused"),
    ("a division after ++", 'var n = 4; var x = [n++ / 2, "a/ // b"];\nconsole.log(JSON.stringify(x));', "same"),
    ("a division after a property named in", 'var unit = {in: 96}; var x = unit.in / 2, s = "a/ // b";\n'
     "console.log(JSON.stringify([x, s]));", "same"),
    ("a regex after an if's condition", 'var x = 0; if (true) /\'/.test("\'") && (x = "//");\nconsole.log(x);', "same"),
    ("a regex with /* after a while's condition", 'var i = 0; while (i < 1) /a\\/*/.test("a") && i++; /* c */\n'
     "console.log(i);", "same"),
    ("a division after a call", "function f() { return 8; }\nvar d = f() / 2 / 2; // c\nconsole.log(d);", "same"),
    ("a regex after await", 'async function g() { return await /"/.source; }\ng().then(console.log);', "same"),
    ("a byte order mark, then a regex", '\ufeff/\'/.test("\'") && console.log("//");', "same"),
    ("an HTML comment hiding /*", "var x = 1 <!-- /*\nx = 2\n// */\nconsole.log(x);", "refused"),
]


@pytest.mark.parametrize("source, expected", [(source, expected) for _, source, expected in ATTACKS],
                         ids=[name for name, _, _ in ATTACKS])
def test_what_a_tester_tried_is_refused_or_runs_the_same(source, expected):
    node = _node()
    try:
        compact = compact_script(source)
    except CompactError:
        assert expected == "refused"
        return
    assert expected == "same" and _run(node, compact, wrap=False) == _run(node, source, wrap=False)


@pytest.mark.parametrize("source, expected", [
    (".a/* x */.b { color: red }\n", ".a/**/.b { color: red }\n"),  # a comment in CSS is no space
    ("a/**/:hover { color: red }\n", "a/**/:hover { color: red }\n"),
    ("a /* x */ .b { color: red }\n", "a .b { color: red }\n"),
    (".a { background: url(/icons/*.svg), url(/a*/b.png) }\n", ".a { background: url(/icons/*.svg), url(/a*/b.png) }\n"),
    ('.a { background: url( "x/*y*/.png" ) }\n', '.a { background: url( "x/*y*/.png" ) }\n'),
    (".\\31 \n.b { color: red }\n", CompactError),  # an escape's space is part of it
    ('.a::after { content: "abc \\\n   def" }\n', CompactError),
])
def test_stylesheet_comments_addresses_and_escapes_keep_their_meaning(source, expected):
    if expected is CompactError:
        with pytest.raises(CompactError):
            compact_stylesheet(source)
    else:
        assert compact_stylesheet(source) == expected


def test_a_script_partial_with_jinja_in_it_is_refused():
    with pytest.raises(CompactError, match=r"overrides/partials/x.js, line 2: a Jinja tag"):
        template_source("partials/x.js", "var a = 1;\n{# see https://example.invalid/x #}\nvar b = 2;\n")


def test_stylesheets_keep_strings_urls_and_the_spaces_that_mean_something():
    source = ('/* colours */\n'
              '.a  .b > .c {\n'
              '  content: "/* not a comment */";\n'
              '  background: url(http://example.invalid/x.svg);\n'
              '  width: calc(100%  -  2px);   /* trailing */\n'
              '}\n')
    assert compact_stylesheet(source) == ('.a .b > .c {\n'
                                          'content: "/* not a comment */";\n'
                                          'background: url(http://example.invalid/x.svg);\n'
                                          'width: calc(100% - 2px);\n'
                                          '}\n')


def test_only_script_partials_are_compacted():
    assert template_source("partials/x.js", "a = 1; // c\n") == "a = 1;\n"
    assert template_source("main.html", "<p>  a  </p> <!-- c -->\n") == "<p>  a  </p> <!-- c -->\n"
    assert template_source("partials/support.html", "  x // y\n") == "  x // y\n"


def test_the_first_minute_script_is_less_than_two_thirds_of_its_source():
    source = (ROOT / "overrides" / "partials" / "load-scripts.js").read_text(encoding="utf-8")
    compact = template_source("partials/load-scripts.js", source)
    assert "/*" not in compact and len(compact) < len(source) * 2 / 3


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "assets").rglob("*.js")) + sorted(
    (ROOT / "docs" / "assets").rglob("*.css")) + [ROOT / "overrides" / "partials" / "load-scripts.js"],
    ids=lambda path: path.name)
def test_the_site_s_own_files_compact_once_and_for_all(path):
    """Each file of the site's own compacts without a refusal, and compacting it again
    changes nothing (a preview rebuilds over what it compacted before)."""
    compact = compact_script if path.suffix == ".js" else compact_stylesheet
    once = compact(path.read_text(encoding="utf-8"), name=path.name)
    assert compact(once, name=path.name) == once and len(once) < path.stat().st_size


# -- generated scripts, run before and after ----------------------------------------------------

_WORDS = st.text(alphabet="ab/*'\"` x\\", max_size=12)
_COMMENT = st.one_of(
    _WORDS.map(lambda text: "/*" + text.replace("*", "+") + "*/"),  # no "*/" inside: it would end it
    _WORDS.map(lambda text: "//" + text + "\n"),
    st.sampled_from(["/* across\nlines */", "/**/", "/***/", "/* a * b / c **/", "// */\n"]),
)
_SPACE = st.sampled_from(["", " ", "  ", "\t", "\n", "\n\n    "])


# Regular expressions whose text a compactor could mistake: spaces, quotes, a backtick,
# slashes escaped or in a [class], a star after a slash.
_REGEX = st.lists(st.sampled_from(["a", " ", "  ", "'", '"', "`", "\\/", "[/ ]", "x*", "\\/\\*", "[*/]"]),
                  min_size=1, max_size=6).map("".join)


def _statement(index: int, value: str, quote: str, regex: str, comments: list[str], spaces: list[str]) -> str:
    literal = json.dumps(value) if quote == '"' else "'" + json.dumps(value)[1:-1].replace("'", "\\'") + "'"
    return (f"{spaces[0]}{comments[0]}{spaces[1]}var v{index}{spaces[2]}={comments[1]}{spaces[3]}{literal}"
            f"{spaces[4]}+{spaces[5]}(6{spaces[6]}/{spaces[7]}3);{comments[2]}\nout.push(v{index});\n"
            f"out.push(({spaces[3]}/{regex}/g{spaces[4]}).source, {spaces[5]}/{regex}/.test({literal}));\n")


_PROGRAM = st.lists(st.tuples(_WORDS, st.sampled_from(['"', "'"]), _REGEX,
                              st.lists(_COMMENT, min_size=3, max_size=3),
                              st.lists(_SPACE, min_size=8, max_size=8)), min_size=1, max_size=6)


def _node() -> str:
    node = shutil.which("node")
    if node is None:  # .ci/run installs it (with npm) where it is missing
        message = "Node.js not found: it runs the scripts before and after"
        if browser_required():
            pytest.fail(message + " (CI or REQUIRE_BROWSER is set, so this is a failure)", pytrace=False)
        pytest.skip(message)
    return node


def _run(node: str, program: str, *, wrap: bool = True) -> str:
    if wrap:
        program = "var out = [];\n" + program + "\nconsole.log(JSON.stringify(out));"
    result = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PROGRAM)
def test_a_generated_script_prints_the_same_before_and_after(statements):
    program = "".join(_statement(i, *statement) for i, statement in enumerate(statements))
    node = _node()
    assert _run(node, compact_script(program)) == _run(node, program)
