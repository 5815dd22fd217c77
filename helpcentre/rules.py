"""Rules beyond the schema: ids, references, snippets, safe markup, the support contact.

Every rule reports all its problems; none stops at the first. Each problem names the file
and line, the entry and field, what is wrong and how to fix it.
"""
from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import yaml

from .loader import Document, conflict_findings
from .markup import (anchor_links, anchors, attribute_list_findings, character_findings, html_findings, link_findings,
                     too_deep_brackets, without_code, written_ids)
from .problems import Problem
from .render import BUILTIN_SNIPPETS, ID_LINK, MAX_SNIPPET_DEPTH, SCREEN_LABEL, SNIPPET_REF
from .sanitize import TEMPLATE_IDS
from .schema import describe
from .security import MAX_PAGE_DEPTH

RESERVED_ID_PREFIXES = ("hc-",)  # ids the theme itself uses
# Ids that would take a path the build itself writes (a category "assets" would be the theme's
# folder, a guide "index" its category's page, "go" the short links), or the name of a file
# the site publishes beside its pages.
RESERVED_IDS = frozenset({"index", "go", "assets", "search", "api", "widget", "404", "sitemap", "partials",
                          "links", "robots", "site", "stylesheets", "javascripts"})


@dataclass(frozen=True)
class MarkdownPage:
    """A hand-written page under docs/."""

    file: str  # as shown to editors, e.g. "docs/index.md"
    src_uri: str  # path inside docs/, e.g. "index.md"
    text: str


@dataclass
class _Context:
    faq: Document
    snippets: Document
    support: Document
    pages: list[MarkdownPage]
    problems: list[Problem]
    ids: dict[str, str]  # id -> "file:line" where it was first declared
    snippet_names: list[str] = field(default_factory=list)
    typed_phone: re.Pattern[str] | None = None  # the support number, however it is spaced
    typed_email: str = ""

    def add(self, doc: Document, path: tuple, message: str, fix: str, line: int | None = None) -> None:
        if doc is self.faq:
            where = describe(path, doc.data)
        elif doc is self.snippets and path:
            where = f"snippet '{path[0]}'"
        else:
            where = ""
        self.problems.append(Problem(doc.file, line or doc.line(path), message, fix, where))


def rule_problems(faq: Document, snippets: Document, support: Document,
                  pages: list[MarkdownPage]) -> list[Problem]:
    """Every rule-breaking place in the content; the documents have passed their schemas."""
    context = _Context(faq, snippets, support, pages, [], {})
    context.snippet_names = [*BUILTIN_SNIPPETS, *snippets.data]
    context.typed_phone = phone_pattern(str(support.data.get("phone", "")))
    context.typed_email = str(support.data.get("email", "")).lower()
    _check_ids(context)
    _check_references(context)
    _check_snippet_definitions(context)
    texts = []
    for doc, path, text in _texts(context):
        offset = too_deep_brackets(text)
        if offset is None:
            texts.append((doc, path, text))
        else:  # nothing else reads it: Markdown would take minutes over it
            context.add(doc, path, *_TOO_DEEP, line=doc.text_line(path, text, offset))
    _check_texts(context, texts)
    _check_plain_texts(context)
    _check_plain_typed_contact(context)
    for doc in (faq, snippets, support):
        if doc.escaped_characters_possible:
            _check_escaped_characters(context, doc)
    for page in pages:
        _check_page(context, page)
    return context.problems


# -- walking the content ------------------------------------------------------------------

def _items(data: Any, key: str) -> list[tuple[int, dict]]:
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _bodies(faq: dict) -> Iterator[tuple[tuple, dict]]:
    """Every entry, guide section and alternative: the things that hold answer text."""
    def with_alternatives(item: dict, path: tuple) -> Iterator[tuple[tuple, dict]]:
        yield path, item
        for index, alternative in _items(item, "alternatives"):
            yield (*path, "alternatives", index), alternative

    for key in ("entries", "guides"):
        for index, item in _items(faq, key):
            yield from with_alternatives(item, (key, index))
            for s_index, section in _items(item, "sections"):
                yield from with_alternatives(section, (key, index, "sections", s_index))


def _texts(context: _Context) -> Iterator[tuple[Document, tuple, str]]:
    """Every Markdown text in faq.yml and snippets.yml with its document and path."""
    for path, body in _bodies(context.faq.data):
        for field in ("answer", "after"):
            if isinstance(body.get(field), str):
                yield context.faq, (*path, field), body[field]
        steps = body.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, str):
                yield context.faq, (*path, "steps", index), step
    for name, snippet in context.snippets.data.items():
        if not isinstance(snippet, dict):
            continue
        if isinstance(snippet.get("text"), str):
            yield context.snippets, (name, "text"), snippet["text"]
        steps = snippet.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, str):
                yield context.snippets, (name, "steps", index), step


def _suggest(name: str, known: list[str], what: str) -> str:
    guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"did you mean '{guess[0]}'?" if guess else f"use the id of an existing {what}"


# -- the rules ------------------------------------------------------------------------------

def declared_ids(faq: Any) -> Iterator[tuple[tuple, str]]:
    """Every id faq.yml publishes, with the path of its field: answers, aliases, retired ids."""
    for key in ("categories", "entries", "guides"):
        for index, item in _items(faq, key):
            owners = [((key, index), item)]
            owners += [((key, index, "sections", s), section) for s, section in _items(item, "sections")]
            for path, owner in owners:
                if isinstance(owner.get("id"), str):
                    yield (*path, "id"), owner["id"]
                aliases = owner.get("aliases")
                for a_index, alias in enumerate(aliases if isinstance(aliases, list) else []):
                    if isinstance(alias, str):
                        yield (*path, "aliases", a_index), alias
    for index, item in _items(faq, "retired"):
        if isinstance(item.get("id"), str):
            yield ("retired", index, "id"), item["id"]


def _check_ids(context: _Context) -> None:
    """Ids are unique across faq.yml and every heading anchor in docs/, and not reserved."""
    faq = context.faq
    for path, ident in declared_ids(faq.data):
        if ident.startswith(RESERVED_ID_PREFIXES):
            context.add(faq, path, f"the id '{ident}' starts with 'hc-', which the site's own "
                        "layout uses", "choose an id that does not start with 'hc-'")
        elif ident in RESERVED_IDS:
            context.add(faq, path, f"the id '{ident}' is a name the site itself uses for a page, "
                        "folder or file, so this answer would replace it or be lost",
                        "choose another id, e.g. a few words of the question joined by '-'")
        _declare(context, ident, faq.file, faq.line(path),
                 lambda message, fix, path=path: context.add(faq, path, message, fix))
    answer_ids = dict(context.ids)  # every id faq.yml publishes, before the pages' own
    _check_written_ids(context, answer_ids)
    for page in context.pages:
        for offset, ident in anchors(page.text):
            line = page.text.count("\n", 0, offset) + 1
            if ident in TEMPLATE_IDS or ident.startswith("__"):
                context.problems.append(Problem(page.file, line, f"the id '{ident}' is one the site's own "
                                                "layout uses; a second one breaks its scripts",
                                                "choose another id"))
            _declare(context, ident, page.file, line, lambda message, fix, page=page, line=line:
                     context.problems.append(Problem(page.file, line, message, fix)))
    retired = {item.get("id") for _, item in _items(faq.data, "retired")}
    aliases = {ident for path, ident in declared_ids(faq.data) if "aliases" in path}
    for index, item in _items(faq.data, "retired"):
        target = item.get("target")
        if isinstance(target, str) and (target not in context.ids or target in retired or target in aliases):
            context.add(faq, ("retired", index, "target"),
                        f"there is no living answer with the id '{target}' to send these links to",
                        _suggest(target, list(context.ids), "entry, guide or section"))


def _check_written_ids(context: _Context, answer_ids: dict[str, str]) -> None:
    """An id written in content ({#id}, id="...") may not be one faq.yml publishes: the
    portal's permanent links (/go/<id>/, page#<id>) land on the first element with that id,
    so the text would take the answer's place."""
    def problem(ident: str) -> tuple[str, str]:
        return (f"the id '{ident}' belongs to the answer declared at {answer_ids[ident]}; links to that "
                f"answer (such as the portal's /go/{ident}/) would land here instead",
                f"remove '#{ident}' (or id=\"{ident}\"), or choose an id that no answer, alias, retired "
                "answer, guide section or category uses")

    for doc, path, text in _texts(context):
        if "{" not in text and "<" not in text:
            continue
        for offset, ident in written_ids(text):
            if ident in answer_ids:
                context.add(doc, path, *problem(ident), line=doc.text_line(path, text, offset))
    for page in context.pages:
        declared = {ident for _, ident in anchors(page.text)}  # reported as "already used" below
        for offset, ident in written_ids(page.text):
            if ident in answer_ids and ident not in declared:
                context.problems.append(Problem(page.file, page.text.count("\n", 0, offset) + 1, *problem(ident)))


def _declare(context: _Context, ident: str, file: str, line: int | None,
             report: Callable[[str, str], None]) -> None:
    """Record where an id is declared; report it when it was declared before."""
    if ident in context.ids:
        report(f"the id '{ident}' is already used at {context.ids[ident]}",
               "choose a different id; every id must be unique")
    else:
        context.ids[ident] = f"{file}:{line}"


def _check_references(context: _Context) -> None:
    """Categories, related ids and step snippets point at things that exist."""
    faq = context.faq
    categories = {item["id"] for _, item in _items(faq.data, "categories") if isinstance(item.get("id"), str)}
    step_snippets = {n for n, s in context.snippets.data.items() if isinstance(s, dict) and "steps" in s}
    for key in ("entries", "guides"):
        for index, item in _items(faq.data, key):
            category = item.get("category")
            if isinstance(category, str) and category not in categories:
                context.add(faq, (key, index, "category"), f"there is no category '{category}'",
                            _suggest(category, sorted(categories), "category")
                            + " (the categories are listed at the top of faq.yml)")
            related = item.get("related")
            for r_index, rid in enumerate(related if isinstance(related, list) else []):
                if not isinstance(rid, str):
                    continue
                if rid not in context.ids:
                    context.add(faq, (key, index, "related", r_index),
                                f"there is no entry or guide with the id '{rid}'",
                                _suggest(rid, list(context.ids), "entry or guide"))
                elif rid == item.get("id"):
                    context.add(faq, (key, index, "related", r_index), "lists the entry itself",
                                "remove it from 'related'")
    for path, body in _bodies(faq.data):
        steps = body.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            name = step.get("snippet") if isinstance(step, dict) else None
            if isinstance(name, str) and name not in step_snippets and not context.snippets.guessed:
                context.add(faq, (*path, "steps", index), f"there is no snippet with steps called '{name}'",
                            _suggest(name, sorted(step_snippets), "snippet with steps") + " (see snippets.yml)")


def _check_snippet_definitions(context: _Context) -> None:
    """Snippet names do not hide built-in ones, and no snippet uses itself."""
    data = context.snippets.data
    for name in data:
        if name in BUILTIN_SNIPPETS:
            context.add(context.snippets, (name,), f"'{name}' is a built-in snippet made from support.yml",
                        "choose another name; change the contact details in support.yml instead")
    uses = {name: {m.group(1) for m in SNIPPET_REF.finditer(s["text"])}
            for name, s in data.items() if isinstance(s, dict) and isinstance(s.get("text"), str)}
    cycles = False
    for start in uses:
        trail = _cycle_from(start, uses)
        if trail:
            cycles = True
            context.add(context.snippets, (start,), "uses itself: " + " → ".join(trail),
                        "remove one of these snippet references")
    if not cycles:
        for start in uses:
            chain = _longest_chain(start, uses)
            if len(chain) > MAX_SNIPPET_DEPTH:
                context.add(context.snippets, (start,), f"uses snippets {len(chain) - 1} levels deep: "
                            + " → ".join(chain), f"use at most {MAX_SNIPPET_DEPTH - 1} levels: put the "
                            "text of one of them here instead")


def _longest_chain(start: str, uses: dict[str, set[str]]) -> tuple[str, ...]:
    """The longest chain of snippet uses from `start` (there are no cycles), without recursion."""
    longest: dict[str, tuple[str, ...]] = {}
    stack = [(start, False)]
    while stack:
        name, done = stack.pop()
        if name in longest:
            continue
        children = [c for c in sorted(uses.get(name, ())) if c in uses]
        if done or not children:
            tails = [longest.get(c, (c,)) for c in children]
            longest[name] = (name, *max(tails, key=len, default=()))
            continue
        stack.append((name, True))
        stack.extend((child, False) for child in children if child not in longest)
    return longest[start]


def _cycle_from(start: str, uses: dict[str, set[str]]) -> tuple[str, ...] | None:
    stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
    seen: set[str] = set()
    while stack:
        name, trail = stack.pop()
        for child in sorted(uses.get(name, ())):
            if child == start:
                return (*trail, child)
            if child not in seen:
                seen.add(child)
                stack.append((child, (*trail, child)))
    return None


def _check_texts(context: _Context, texts: list[tuple[Document, tuple, str]]) -> None:
    """Snippets and id links exist; HTML and links are safe; no typed support contact."""
    # The cheap scans run once over all texts joined by \0, which no content contains;
    # each hit is mapped back to its text. On 10,000 entries this is several times faster.
    joined = "\0".join(text for _, _, text in texts)
    starts, position = [], 0
    for _, _, text in texts:
        starts.append(position)
        position += len(text) + 1
    hits = _reference_findings(context, joined) + _typed_contact(context, joined) + _word_bullets(joined)
    for offset, message, fix in hits:
        index = bisect.bisect_right(starts, offset) - 1
        doc, path, text = texts[index]
        context.add(doc, path, message, fix, line=doc.text_line(path, text, offset - starts[index]))
    for doc, path, text in texts:
        for offset, message, fix in _markup_findings(text) + (_anchor_findings(text) if "#" in text else []):
            context.add(doc, path, message, fix, line=doc.text_line(path, text, offset))


def _anchor_findings(text: str) -> list[tuple[int, str, str]]:
    """A link to '#x' works only where x is on the same page; an answer's page is made by
    the help centre, so only an id the same text writes is sure to be there."""
    own = {ident for _, ident in written_ids(text)}
    return [(offset, f"the link to '#{anchor}' points to a place that may not be on the answer's page",
             f"link to an answer with (id:{anchor or 'some-id'}) instead")
            for offset, anchor in anchor_links(text) if anchor not in own]


def _reference_findings(context: _Context, text: str) -> list[tuple[int, str, str]]:
    findings = []
    if "{{" in text and not context.snippets.guessed:  # snippets.yml unread: its names are unknown
        for match in SNIPPET_REF.finditer(text):
            if match.group(1) not in context.snippet_names:
                name = match.group(1)
                guess = difflib.get_close_matches(name, context.snippet_names, n=1, cutoff=0.6)
                findings.append((match.start(), f"there is no snippet called '{name}'",
                                 f"did you mean '{guess[0]}'? (the snippets are in snippets.yml)" if guess else
                                 f"if '{name}' was taken out of snippets.yml, put it back there (every answer "
                                 "that uses it needs it); otherwise write the name of a snippet snippets.yml has"))
    if "(id:" in text and not context.faq.guessed:  # faq.yml unread: its ids are unknown
        for match in ID_LINK.finditer(text):
            if match.group(1) not in context.ids:
                findings.append((match.start(),
                                 f"the link '(id:{match.group(1)})' points to an id that does not exist",
                                 _suggest(match.group(1), list(context.ids), "entry, guide or section")))
    if "]]" in text:
        findings.extend(_stray_brackets(text))
    if "[[" in text:
        for match in re.finditer(r"\[\[+", text):
            if not SCREEN_LABEL.match(text, match.end() - 2):
                findings.append((match.start(), "a screen label is opened with [[ but not closed with ]]",
                                 "write the words on the screen between [[ and ]] on one line, "
                                 "such as [[My Claims]]"))
    return findings


_WORD_BULLET = re.compile(r"^[ \t]*([•◦▪·])", re.M)


def _word_bullets(text: str) -> list[tuple[int, str, str]]:
    """A list pasted from Word keeps its '•': Markdown does not see a list, and customers
    read one run-on paragraph."""
    return [(match.start(1), f"starts a line with '{match.group(1)}', a bullet pasted from Word, so customers "
             "see one run-on paragraph instead of a list",
             f"replace '{match.group(1)}' with '-' and a space, and leave an empty line before the list")
            for match in _WORD_BULLET.finditer(text)]


def _stray_brackets(text: str) -> list[tuple[int, str, str]]:
    """A screen label with one bracket too few or too many shows customers the brackets."""
    findings = []
    labels = SCREEN_LABEL.sub(lambda m: "\x01" * len(m.group(0)), text)  # what is left outside whole labels
    for match in re.finditer(r"(?<![\]\x01])\]\]+|\x01\]", labels):
        findings.append((match.start(), "a screen label has a ']' too many, or is closed with ]] but not "
                         "opened with [[, so customers see the brackets",
                         "write the words on the screen between [[ and ]], such as [[My Claims]]"))
    return findings


_SPACED_SNIPPET = re.compile(r"\{[ \t]+\{[ \t]*([a-z0-9-]+)[ \t]*\}[ \t]*\}|\{\{[ \t]*([a-z0-9-]+)[ \t]*\}[ \t]+\}", re.I)


def _markup_findings(text: str, *, layout: bool = False) -> list[tuple[int, str, str]]:
    findings = attribute_list_findings(text) if "{" in text else []
    for match in _SPACED_SNIPPET.finditer(text) if "{" in text else ():  # '{ { hours } }': a snippet meant
        name = match.group(1) or match.group(2)
        findings = [f for f in findings if not match.start() <= f[0] < match.end()]
        findings.append((match.start(), f"'{match.group(0)}' looks like the snippet '{name}' with spaces "
                         "between its curly braces, so it is not filled in",
                         f"write it as {{{{ {name} }}}}, with the two braces on each side together"))
    if "<" not in text and "]:" not in text and text.count("](") == text.count("](id:"):
        return findings  # no HTML, and no links but links by id
    clean = without_code(text)
    return (findings + html_findings(text, clean=clean, layout=layout)
            + link_findings(text, clean=clean, layout=layout))


PLAIN_TEXT_FIELDS = ("question", "title", "summary", "label")
_HTML_IN_TEXT = re.compile(r"<[A-Za-z/!?]")


def _check_escaped_characters(context: _Context, doc: Document) -> None:
    """Invisible characters written as escapes ("\\u202e"), found once the text is read."""
    def walk(data: Any, path: tuple) -> None:
        if isinstance(data, str):
            for _, message, fix in character_findings(data)[:1]:
                context.add(doc, path, message.replace("contains", "contains, written as an escape,", 1),
                            "remove the escape (a backslash and the code after it)")
        elif isinstance(data, dict):
            for key, value in data.items():
                walk(value, (*path, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                walk(value, (*path, index))
    walk(doc.data, ())


def _plain_texts(faq: Any) -> Iterator[tuple[tuple, str, str]]:
    """Every plain-text field in faq.yml (PLAIN_TEXT_FIELDS: questions, titles, summaries,
    tab labels), however deep: (its path, the field's name, its text), in the file's order.
    A plain-text field's name that holds no text is walked into like any other key."""
    def walk(data: Any, path: tuple) -> Iterator[tuple[tuple, str, str]]:
        if isinstance(data, dict):
            for key, value in data.items():
                if key in PLAIN_TEXT_FIELDS and isinstance(value, str):
                    yield (*path, key), key, value
                else:
                    yield from walk(value, (*path, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                yield from walk(value, (*path, index))
    yield from walk(faq, ())


def _check_plain_texts(context: _Context) -> None:
    """Questions, titles, summaries and labels are plain text: no HTML in them."""
    for path, _field, text in _plain_texts(context.faq.data):
        match = _HTML_IN_TEXT.search(text)
        if match:
            tag = text[match.start():].split(">", 1)[0][:30] + ">"
            context.add(context.faq, path, f"is plain text, but holds HTML: '{tag}'",
                        "remove the tag and keep only the words; a question or title "
                        "is shown exactly as written")


# Characters that pass for a digit in a phone number ("7O 2O 6l 2l"), after NFKC has made
# full-width and other compatibility digits plain.
_DIGIT_LOOK_ALIKES = {"0": "0Oo\u039f\u03bf\u041e\u043e", "1": "1lI|\u0399\u0406\u04c0", "2": "2Zz",
                      "5": "5Ss", "6": "6b", "8": "8B", "9": "9g"}
# Letters that pass for each other in an address ("primora-lt.dk", "supp0rt@"), folded alike.
_ADDRESS_SKELETON = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "8": "b"})
# Starts only where a run of address characters starts: at every other place a long word
# would be read to its end again and again.
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTACT_LINK = re.compile(r"""(?:\]\(\s*<?|\bhref\s*=\s*["']?\s*|<|\]:[ \t]*<?)\s*(tel|mailto|callto|sms|facetime)\s*:""",
                           re.I)


def normalised(text: str) -> str:
    """The text as a reader sees it, one character for each: NFKC where a character stays
    one character (full-width digits and '＠', no-break spaces), else as written."""
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
            continue
        folded = unicodedata.normalize("NFKC", char)
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


def phone_pattern(phone: str) -> re.Pattern[str] | None:
    """The support number however it is spaced, with look-alike characters for its digits."""
    if not phone.isdigit():
        return None
    return re.compile(r"[\s.\-]?".join(f"[{re.escape(_DIGIT_LOOK_ALIKES.get(d, d))}]" for d in phone))


def _address_skeleton(address: str) -> str:
    """An address with look-alike letters folded together ('primora-lt' reads as 'primora-it')."""
    return address.lower().translate(_ADDRESS_SKELETON)


def _typed_contact(context: _Context, text: str) -> list[tuple[int, str, str]]:
    """The support phone number and email must come from snippets, never be typed: not as
    written, nor with look-alike characters (letter O for zero, full-width digits or '＠');
    and content links no phone number or email address of its own."""
    findings = []
    plain = normalised(text)
    for match in context.typed_phone.finditer(plain) if context.typed_phone else ():  # every one, in one round
        written = text[match.start():match.end()]
        looks = f" with look-alike characters ('{written}')" if re.search(r"[^0-9\s.-]", written) else ""
        findings.append((match.start(), f"the support phone number is typed into the text{looks}",
                         "write {{ phone }} (or {{ it-support }}) instead, so a new number reaches every page"))
    lowered = plain.lower()
    if context.typed_email and context.typed_email in lowered:
        for match in re.finditer(re.escape(context.typed_email), lowered):
            written = text[match.start():match.end()]
            looks = "" if written.lower() == context.typed_email else f" with look-alike characters ('{written}')"
            findings.append((match.start(), f"the support email address is typed into the text{looks}",
                             "write {{ email }} instead, so a new address reaches every page"))
    elif context.typed_email and "@" in plain:
        wanted = _address_skeleton(context.typed_email)
        for found in _ADDRESS.finditer(plain):
            if _address_skeleton(found.group(0)) == wanted:
                findings.append((found.start(), f"the address '{text[found.start():found.end()]}' looks like the "
                                 "support email address but is another",
                                 "write {{ email }} for IT support's address"))
                break
    for link in _CONTACT_LINK.finditer(plain):
        findings.append((min(link.start(), len(text) - 1), f"a '{link.group(1).lower()}:' link is typed into the "
                         "text; it could dial or mail anyone while its words show IT support",
                         "write {{ phone }} or {{ email }} for IT support's number and address; content "
                         "links no other phone numbers or email addresses"))
    return findings


_TOO_DEEP = ("square brackets [ ] are nested more than 32 deep",
             "write the text without brackets inside brackets; a link is [words](address)")


def _check_plain_typed_contact(context: _Context) -> None:
    """Questions, titles, tab labels and summaries cannot hold a snippet, so a typed phone
    number or email there stays wrong when support.yml changes."""
    for path, field, text in _plain_texts(context.faq.data):
        for _, message, _fix in _typed_contact(context, text):
            what = "phone number" if "phone" in message else "email address"
            context.add(context.faq, path, message,
                        f"remove the {what} from this {field}: it cannot change when support.yml does. "
                        "Readers find the support contact in the answer ({{ it-support }}) and "
                        "on every page")


def _check_page(context: _Context, page: MarkdownPage) -> None:
    """Hand-written pages: snippets and id links exist, nothing runs a script."""
    def add(offset: int, message: str, fix: str) -> None:
        context.problems.append(Problem(page.file, page.text.count("\n", 0, offset) + 1, message, fix))

    deep = too_deep_brackets(page.text)
    if deep is not None:
        add(deep, *_TOO_DEEP)
        return

    depth = page.src_uri.count("/") + (0 if page.src_uri.rsplit("/", 1)[-1] == "index.md" else 1)
    if depth > MAX_PAGE_DEPTH:
        context.problems.append(Problem(page.file, 1, f"the page sits {depth} folders deep; at most "
                                        f"{MAX_PAGE_DEPTH} are allowed", "move it to a folder nearer docs/"))
    if not _FRONT_MATTER.sub("", page.text, count=1).strip():
        context.problems.append(Problem(page.file, 1, "the page is empty: customers would see a blank page",
                                        "restore its content, or undo the change that emptied it"))
    context.problems.extend(_front_matter_problems(page))
    context.problems.extend(Problem(page.file, line, message, fix) for line, message, fix in conflict_findings(page.text))
    findings = (_reference_findings(context, page.text) + _typed_contact(context, page.text)
                + character_findings(page.text))
    # Layout HTML (a search form, say) is fine on hand-written pages; scripts and bad links are not.
    for offset, message, fix in findings + _markup_findings(page.text, layout=True):
        add(offset, message, fix)


FRONT_MATTER_KEYS = frozenset({"title", "description", "hide"})
HIDEABLE = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_NOT_PLAIN = re.compile(r"[<>\"]|&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);?", re.I)


def _front_matter_problems(page: MarkdownPage) -> list[Problem]:
    """A page's title and description are written into <title> and <meta> as they are:
    plain words only, no <, >, " or &-codes."""
    match = _FRONT_MATTER.match(page.text)
    if not match:
        return []
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Problem(page.file, 2 + (mark.line if mark else 0), "the front matter between the --- lines "
                        "is not valid YAML", "write it as 'title: Some words' lines, as in docs/index.md")]
    if not isinstance(meta, dict):
        return [Problem(page.file, 2, "the front matter between the --- lines is not a list of 'name: value' lines",
                        "write it as 'title: Some words' lines, as in docs/index.md")]
    problems = []
    lines = match.group(1).split("\n")

    def line_of(key: str) -> int:
        return next((i for i, line in enumerate(lines, 2) if line.startswith(f"{key}:")), 2)

    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            problems.append(Problem(page.file, line_of(str(key)), f"the front matter sets '{key}', which a page may "
                                    "not set (it would change how the site builds the page)",
                                    "remove the line; a page's front matter may hold only "
                                    + ", ".join(sorted(FRONT_MATTER_KEYS))))
        elif key in ("title", "description") and (not isinstance(value, str) or not value.strip()):
            problems.append(Problem(page.file, line_of(key), f"the page's {key} must be words, not "
                                    f"'{str(value)[:40]}'", f"write '{key}: Some words' on one line"))
        elif key == "hide" and not (isinstance(value, list) and all(item in HIDEABLE for item in value)):
            problems.append(Problem(page.file, line_of(key), "'hide' must list some of "
                                    + ", ".join(sorted(HIDEABLE)), "write it as in docs/index.md: 'hide:' and "
                                    "then '  - toc' on the next line"))
    if problems:
        return problems
    for key in ("title", "description"):
        value = meta.get(key)
        found = _NOT_PLAIN.search(value) if isinstance(value, str) else None
        if found:
            number = next((i for i, line in enumerate(lines, 2) if line.startswith(f"{key}:")), 1)
            problems.append(Problem(page.file, number, f"the page's {key} holds '{found.group(0)}', which "
                                    "the page's head would read as HTML",
                                    "write plain words: leave out <, >, \" and codes starting with &"))
    return problems


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data

