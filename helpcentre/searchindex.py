"""The help centre's own search index: every answer a document, split into small files.

Only answers are searched: entries, guides and guide sections (the home page and category
pages are navigation, and never results). Each answer has five fields, weighed so that
what an answer is about counts most:

- `title`: its question or title;
- `lead`: the first sentence a reader sees (shown under the title in the results);
- `keywords`: its keywords, and a token for every concept of search-synonyms.yml that its
  title or keywords mention;
- `context`: for a guide's section, the guide's title and keywords (a category's title is
  left out: "Logging in and browsers" would make every answer in it about browsers);
- `body`: all of its text as the page shows it, snippets filled in.

Scores are BM25F, worked out here at build time for every word and answer, so the browser
only adds numbers. The files are split so that a first search downloads about as much at
10,000 answers as at 100:

- `search/search_index.json`: a stub for the theme, loaded with every page: it names the
  manifest and says how vocabulary and score files are named, and, while their keys are
  one character or none, which exist; so a query fetches its words' entries and scores at
  once with the manifest;
- `search/hc/index.<hash>.json`: the manifest: the concepts (each marked if any answer has
  it), the query weights, the number of answers and the hash of the row files;
- `search/hc/v/<key>.<version>.json`: the vocabulary: every word's stem with the number of
  answers that have it and the forms it is written in (for typos, prefixes and compound
  words), numbers included (with no forms). One file `v/all` while it is small
  (VOCABULARY_BYTES), then one per first letter;
- `search/hc/t/<key>.<version>.json`: the scores of every word starting with that key (one
  file `t/all` while the help centre is small, then split by one, two or three first
  letters, SHARD_BYTES). One version covers all vocabulary and score files, so a name
  follows from the key alone. Once score keys are longer than one letter the stub no
  longer lists them: a word in the vocabulary has a score file, and the worker asks for
  none other, so it never asks for a file that does not exist;
- `search/hc/d/<n>.<hash>.json`: rows of answers (each: id, url, title, lead, kind, and
  for a guide's section the guide's title). While all rows together are small (ROWS_BYTES)
  they are one file, `d/0`, which the stub names and the search fetches with the manifest
  when the reader puts the cursor in the box (or with a first query's other files), so
  the first results wait for nothing more; past that, file n
  holds the n-th answer's row alone, and a search fetches the rows of the ten answers it
  shows and no more. One hash covers all rows, so the manifest names none of them, only
  how many rows a file holds (`rowsPerFile`).

What keeps a large index small costs this: a word keeps its scores in at most
POSTINGS_LIMIT answers, those where it scores highest (its weight, the idf, is still worked
out from every answer that has it). An answer where a word scores below that word's best
POSTINGS_LIMIT is not found by that word alone; only words in more answers than that lose
any, so this happens only in a large help centre (today's has a few dozen answers), and the
answers lost are those where the word counts least. Typos are looked for among words with
the same first letter once the vocabulary is split; a compound's right part may start with
any letter, so an unknown long word fetches the vocabulary files it may end in.

Nothing is fetched before the reader puts the cursor in the search box; file names carry
a hash of their content, so they can be cached for ever. The query side lives twice, in the same terms:
`searchquery.py` (tests, reports) and `docs/assets/javascripts/search-worker.js`.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .model import Body, HelpCentre
from .render import Renderer
from .searchtext import index_words, is_stop_word, stem, stems, surface_words
from .site import page_url

FIELDS = ("title", "lead", "keywords", "context", "body")
# How much a word counts in each field, and how much a long field dilutes it (BM25F).
FIELD_WEIGHTS = {"title": 6.0, "lead": 2.0, "keywords": 4.0, "context": 1.0, "body": 1.0}
FIELD_LENGTH_NORMS = {"title": 0.5, "lead": 0.3, "keywords": 0.3, "context": 0.3, "body": 0.75}
K1 = 1.2
# How much the query side trusts each way of matching a word (1.0: the word itself).
QUERY_WEIGHTS = {"prefix": 0.6, "typo": 0.6, "typo2": 0.4, "compound": 0.8, "concept": 0.9,
                 "phrase": 0.5, "coordination": 2.0}
SCORE_SCALE = 100  # scores are stored as whole numbers
# The least weight a word has. BM25's idf falls to nearly 0 for a word in every answer (the
# support phone number, where every answer shows it), and every answer then scored the
# same: the first in file order came first, not the answer most about that word. With a
# floor, where the word stands (a title, a keyword) still ranks the answers.
IDF_FLOOR = 0.05
SHARD_BYTES = 48_000  # a score file grows to about this size before the index splits further
# The vocabulary is one file up to about this size, then one file per first letter.
VOCABULARY_BYTES = 16_000
ROWS_BYTES = 16_000  # all answers' rows in one file while together they are no larger
# A word keeps its scores in at most this many answers, its best (see the module's notes).
POSTINGS_LIMIT = 200
SEARCH_DIR = "search"
INDEX_DIR = "hc"
CONCEPT_PREFIX = "~"
_KEYWORDS = FIELDS.index("keywords")


@dataclass(frozen=True)
class SearchDocument:
    """One answer as search sees it."""

    id: str
    url: str  # relative to the site root: 'claims-and-family/#payment-guarantees'
    title: str
    lead: str  # the first sentence, plain text
    kind: str  # "entry", "guide" or "section"
    guide: str = ""  # a section's guide, by title: shown above the section in the results
    fields: dict[str, str] = field(default_factory=dict, compare=False)
    focus: tuple[str, ...] = ()  # title and keywords, each on its own: where concepts are looked for


def search_documents(help_centre: HelpCentre, *, bodies: dict[str, str],
                     to_html: Callable[[str], str]) -> Iterator[SearchDocument]:
    """Every answer as a search document, in the order of the help centre, one at a time.

    `bodies` holds each answer's HTML as its page was built; an answer missing from it is
    converted with `to_html`.
    """
    renderer = Renderer(help_centre)
    targets = help_centre.targets

    def text(item_id: str, body: Body) -> str:
        return html_text(bodies.get(item_id) or to_html(renderer.body(body, page="")))

    support = help_centre.support
    # and the number as dialled from abroad: "+4570206121" and "004570206121" are one word each
    contact_words = (support.phone, support.phone_display, support.email,
                     f"+{support.country_code}{support.phone}", f"00{support.country_code}{support.phone}")

    def keywords(item) -> tuple[str, ...]:
        """Its keywords; the answer that shows the whole support contact is also found by
        the number and the address themselves."""
        shows_contact = "support-contact" in item.body.answer + item.body.after
        return (*item.keywords, *contact_words) if shows_contact else item.keywords

    for entry in help_centre.entries:
        lead = lead_sentence(renderer, entry.body)
        yield SearchDocument(
            entry.id, _url(targets[entry.id]), entry.question, lead, "entry",
            fields={"title": entry.question, "lead": lead,
                    "keywords": " | ".join(keywords(entry)), "body": text(entry.id, entry.body)},
            focus=(entry.question, *entry.keywords))
    for guide in help_centre.guides:
        yield SearchDocument(
            guide.id, _url(targets[guide.id]), guide.title, guide.summary, "guide",
            fields={"title": guide.title, "lead": guide.summary, "keywords": " | ".join(guide.keywords),
                    "body": " | ".join(section.title for section in guide.sections)},
            focus=(guide.title, *guide.keywords))
        for section in guide.sections:
            lead = lead_sentence(renderer, section.body)
            yield SearchDocument(
                section.id, _url(targets[section.id]), section.title, lead, "section", guide.title,
                fields={"title": section.title, "lead": lead, "keywords": " | ".join(section.keywords),
                        "context": " | ".join((guide.title, *guide.keywords)),
                        "body": text(section.id, section.body)},
                focus=(section.title, *section.keywords))


def _url(target) -> str:
    """Where a result opens: the answer's heading on its page (a guide's title too)."""
    return f"{page_url(target.page)}#{target.anchor}"


# -- text -----------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAGS = re.compile(r"</?(p|li|ol|ul|div|h[1-6]|br|tr|td|th|details|summary|label)\b[^>]*>", re.I)


def html_text(markup: str) -> str:
    """The text of an HTML fragment, blocks separated: what a reader reads."""
    return " ".join(html.unescape(_TAG.sub(" ", _BLOCK_TAGS.sub(" | ", markup))).split())


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÆØÅ\"'“‘(])")


def lead_sentence(renderer: Renderer, body: Body) -> str:
    """The first sentence a reader reads in an answer, as plain text.

    Notes set in a box (admonitions) and tab labels are passed over: the first plain
    paragraph or the first step is what the answer starts with.
    """
    for part in (body.answer, body.steps[0] if body.steps else "",
                 *(a.answer or (a.steps[0] if a.steps else "") for a in body.alternatives), body.after):
        paragraph = _first_paragraph(renderer.expand(part, page="")) if part else ""
        if paragraph:
            return _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    return ""


def _first_paragraph(markdown: str) -> str:
    for block in re.split(r"\n\s*\n", markdown.strip()):
        first_line = block.lstrip()
        if first_line.startswith(("!!!", "???", "===", "<div", "<details")) or block.startswith((" ", "\t")):
            continue
        text = re.sub(r"^\s*(?:\d+\.|[-*+])\s+", "", block, flags=re.M)
        text = _MD_LINK.sub(r"\1", text)
        text = html.unescape(_TAG.sub("", text))
        text = re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", text)
        text = " ".join(text.split())
        if text:
            return text
    return ""


# -- the index ------------------------------------------------------------------------------

Phrase = tuple[tuple[str, ...], ...]  # parts of stems; a gap of up to GAP_WORDS words between parts
GAP = re.compile(r"\s*(?:…|\.\.\.)\s*")
GAP_WORDS = 4


def concept_phrases(concepts: dict[str, tuple[str, ...]]) -> list[tuple[Phrase, str]]:
    """Every phrase of every concept as stems, with the concept's token; longest first.

    "…" (or "...") in a phrase stands for up to four words: "not … save" is found in
    "will not let me save" and in "not saved".
    """
    phrases = set()
    for name, words in concepts.items():
        token = concept_token(name)
        for phrase in (name, *words):
            parts = tuple(tuple(stems(part)) for part in GAP.split(phrase))
            if parts and all(parts):
                phrases.add((parts, token))
    return sorted(phrases, key=lambda item: (-sum(map(len, item[0])), item[0], item[1]))


def concept_token(name: str) -> str:
    """The index term of a concept: '~' and its name's words joined by '-' ('~log-in')."""
    return CONCEPT_PREFIX + "-".join(surface_words(name))


def phrases_by_first_word(phrases: list[tuple[Phrase, str]]) -> dict[str, list[tuple[Phrase, str]]]:
    """The phrases grouped by their first stem, longest first within each group."""
    by_first: dict[str, list[tuple[Phrase, str]]] = defaultdict(list)
    for parts, token in phrases:
        by_first[parts[0][0]].append((parts, token))
    return dict(by_first)


def find_concepts(sequence: list[str], phrases: list[tuple[Phrase, str]], *,
                  by_first: dict[str, list[tuple[Phrase, str]]] | None = None) -> list[tuple[int, int, str]]:
    """Where concept phrases stand in a list of stems: (first, last position, token).

    After each part of a phrase, the next is looked for at the nearest place within
    GAP_WORDS words. A phrase that lies inside a longer one found is left out: in "can't
    save", the meaning is not saving. `by_first` (phrases_by_first_word) spares grouping
    the phrases again on every call.
    """
    def at(part: tuple[str, ...], position: int) -> bool:
        return tuple(sequence[position:position + len(part)]) == part

    found = []
    by_first = by_first if by_first is not None else phrases_by_first_word(phrases)
    for position, word in enumerate(sequence):
        for parts, token in by_first.get(word, ()):
            if not at(parts[0], position):
                continue
            cursor = position + len(parts[0])
            for part in parts[1:]:
                start = next((p for p in range(cursor, cursor + GAP_WORDS + 1) if at(part, p)), None)
                if start is None:
                    break
                cursor = start + len(part)
            else:
                found.append((position, cursor - 1, token))
    # The longest reading wins: a phrase inside a longer one found here is dropped.
    return [(first, last, token) for first, last, token in found
            if not any(a <= first and last <= b and b - a > last - first for a, b, _ in found)]


def build_search_index(documents: Iterable[SearchDocument], concepts: dict[str, tuple[str, ...]],
                       **limits: int) -> dict[str, str]:
    """The search files, by path inside the site (`limits`: those of search_index_files)."""
    return dict(search_index_files(documents, concepts, **limits))


def search_index_files(documents: Iterable[SearchDocument], concepts: dict[str, tuple[str, ...]], *,
                       postings_limit: int = POSTINGS_LIMIT, shard_bytes: int = SHARD_BYTES,
                       vocabulary_bytes: int = VOCABULARY_BYTES,
                       rows_bytes: int = ROWS_BYTES) -> Iterator[tuple[str, str]]:
    """The search files one by one, as (path inside the site, text), the stub last.

    Made for 10,000 answers and more: documents are read once, as they come, and only what
    scoring needs is kept of each (its words' counts, in arrays, and its row). The limits
    are arguments only so that the tests can split a small index as a large one is split.
    """
    phrases = concept_phrases(concepts)
    by_first = phrases_by_first_word(phrases)
    surfaces: dict[str, set[str]] = defaultdict(set)
    terms = _Terms()
    counted: list[array] = []  # per document: its terms' counts, field by field (_Terms.pack)
    lengths = {name: array("I") for name in FIELDS}
    rows: list[str] = []

    for document in documents:
        by_field = []
        for name in FIELDS:
            words = [word for word in index_words(document.fields.get(name, "")) if not is_stop_word(word)]
            for word in words:
                if word.isalpha():
                    surfaces[stem(word)].add(word)
            by_field.append(Counter(stem(word) for word in words))
        # A concept counts once for each part of the focus (the title, each keyword) that
        # says it: an answer all about uploading outweighs one that mentions attaching once.
        by_field[_KEYWORDS].update(token for text in document.focus
                                   for token in {token for _, _, token in find_concepts(stems(text), phrases, by_first=by_first)})
        counted.append(terms.pack(by_field))
        for name, counts in zip(FIELDS, by_field):
            lengths[name].append(sum(counts.values()))
        rows.append(_json([document.id, document.url, document.title, document.lead, document.kind, document.guide]))

    # Rows: all in one file while small, else one file per answer; all under one hash, so
    # that the manifest names none of them.
    rows_per_file = max(1, len(rows)) if sum(map(len, rows)) <= rows_bytes else 1
    rows_digest = hashlib.sha256(f"{rows_per_file}\n".encode("utf-8"))
    for row in rows:
        rows_digest.update(row.encode("utf-8") + b"\n")
    rows_version = rows_digest.hexdigest()[:10]
    for start in range(0, len(rows), rows_per_file):
        yield (f"{SEARCH_DIR}/{_rows_file(start // rows_per_file, rows_version)}",
               "[" + ",".join(rows[start:start + rows_per_file]) + "]")
    documents_count = len(rows)
    del rows

    postings, frequency = _scores(counted, lengths, len(terms.names), postings_limit)
    del counted
    # Every word's entry: how many answers have it (before the scores were cut to the
    # best), and the forms it was written in (none for numbers: they are matched whole).
    entries = {term: [frequency[ident], " ".join(sorted(surfaces.get(term, ())))]
               for ident, term in enumerate(terms.names) if not term.startswith(CONCEPT_PREFIX)}
    words_key = 0 if len(_json(entries)) <= vocabulary_bytes else 1
    word_groups: dict[str, dict[str, list]] = defaultdict(dict)
    for term in sorted(entries):
        word_groups[shard_key(term, words_key)][term] = entries[term]
    if not word_groups:
        word_groups[""] = {}
    key_length, shards = _shards(terms.names, postings, shard_bytes)
    # One hash for all vocabulary and score files, so that a file's name follows from its
    # key alone and the browser can ask for a word's entry and scores before the manifest.
    digest = hashlib.sha256()
    for key, group in sorted(word_groups.items()):
        digest.update(f"v{key}\n{_json(group)}\n".encode("utf-8"))
    for key, members in sorted(shards.items()):
        digest.update(f"t{key}\n".encode("utf-8"))
        for term, ident in members:
            digest.update(f"{term}\0".encode("utf-8") + postings[ident].tobytes())
    version = digest.hexdigest()[:10]
    for key, group in sorted(word_groups.items()):
        yield f"{SEARCH_DIR}/{INDEX_DIR}/v/{key or 'all'}.{version}.json", _json(group)
    for key, members in sorted(shards.items()):
        yield f"{SEARCH_DIR}/{INDEX_DIR}/t/{key or 'all'}.{version}.json", _json({term: postings[ident].tolist()
                                                                               for term, ident in members})
    manifest = {
        "version": 2,
        "documents": documents_count,
        "rows": rows_version,
        "rowsPerFile": rows_per_file,
        "concepts": [[[list(part) for part in parts], token, int(token in terms.ids)] for parts, token in phrases],
        "weights": QUERY_WEIGHTS,
    }
    text = _json(manifest)
    name = f"index.{_digest(text)}.json"
    yield f"{SEARCH_DIR}/{INDEX_DIR}/{name}", text
    all_rows = _rows_file(0, rows_version) if rows_per_file >= documents_count else None
    yield f"{SEARCH_DIR}/search_index.json", json.dumps(
        theme_stub(name, version, words_key, sorted(word_groups), key_length, sorted(shards), all_rows=all_rows),
        separators=(",", ":"))


class _Terms:
    """Every term of the index, numbered in the order first met."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def pack(self, by_field: list[Counter]) -> array:
        """A document's counts, compactly: one number per term and field it occurs in,
        (term id << 24 | field << 16 | count), ordered by term id."""
        packed = []
        for field_index, field_counts in enumerate(by_field):
            for term, count in field_counts.items():
                ident = self.ids.get(term)
                if ident is None:
                    ident = self.ids[term] = len(self.names)
                    self.names.append(term)
                packed.append(ident << 24 | field_index << 16 | min(count, 0xFFFF))
        packed.sort()
        return array("Q", packed)


def theme_stub(manifest: str, version: str, words_key: int, word_keys: list[str],
               score_key: int, score_keys: list[str], *, all_rows: str | None = None) -> dict:
    """What the theme loads with every page: a search configuration naming the manifest.

    `hcWords` and `hcScores` say how vocabulary and score files are named
    (v/<key>.<version>.json, t/<key>.<version>.json) and, while their keys are at most one
    character, which keys exist: so the first query fetches its words' entries and scores
    at once with the manifest instead of one after the other. Longer score keys are not
    listed (thousands of them would make this file, loaded with every page, large): the
    worker then learns from a word's vocabulary entry that it has scores.

    `all_rows`, while every answer's row is in one file, names it (`hcRows`): the worker
    asks for it at once with the manifest, instead of a round trip later once the manifest
    has named it, so the first results wait for one round trip, not two.
    """
    scores = {"key": score_key, "version": version}
    if score_key <= 1:
        scores["keys"] = score_keys
    config = {"lang": ["en", "da"], "separator": r"[\s\-\.,:;!?\"()\[\]/'’]+", "pipeline": [],
              "fields": {}, "hc": f"{INDEX_DIR}/{manifest}",
              "hcWords": {"key": words_key, "version": version, "keys": word_keys},
              "hcScores": scores}
    if all_rows:
        config["hcRows"] = all_rows
    return {"config": config, "docs": []}


def _rows_file(number: int, version: str) -> str:
    """The n-th file of rows, inside search/ (the worker's rowFile names it the same way)."""
    return f"{INDEX_DIR}/d/{number}.{version}.json"


def shard_key(term: str, length: int) -> str:
    """Which file holds a term: its first `length` characters. A concept's '~' is written
    '_' and, once the index is split, does not count: concepts are split by their name's
    first characters as words are ('~payment-guarantee' → '_p'), since one file of every
    concept's scores would be the largest file a query fetches."""
    if term.startswith(CONCEPT_PREFIX):
        return "_" + term[1:length + 1] if length else ""
    return term[:length]


def _shards(names: list[str], postings: list,
            shard_bytes: int = SHARD_BYTES) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """Terms grouped by their first characters: as few as make every file small.

    `names` are the terms by id and `postings` their encoded scores. Each group lists its
    terms, sorted, with their ids. A small help centre's scores fit in one file; a large
    one's are split by one, two or three first characters, until no file is larger than
    `shard_bytes` (or three are used).
    """
    sizes = [len(term) + 4 + 4 * len(numbers) for term, numbers in zip(names, postings)]
    for length in (0, 1, 2, 3):
        totals: dict[str, int] = defaultdict(int)
        for term, size in zip(names, sizes):
            totals[shard_key(term, length)] += size
        if length == 3 or max(totals.values(), default=0) <= shard_bytes:
            break
    shards: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for ident, term in sorted(enumerate(names), key=lambda item: item[1]):
        shards[shard_key(term, length)].append((term, ident))
    return length, dict(shards)


def _scores(counted: list[array], lengths: dict[str, array], term_count: int,
            limit: int = POSTINGS_LIMIT) -> tuple[list[array], list[int]]:
    """BM25F score of every term in the answers where it scores best, and in how many
    answers each term occurs, both by term id.

    Each term's scores are encoded as [first document, its score, gap to the next
    document, its score, …]; a term in more than `limit` answers keeps the `limit`
    highest scores (the rest are the answers where it counts least). Its weight (idf) is
    worked out from all the answers it occurs in, before the cut."""
    count = len(counted) or 1
    average = {name: (sum(values) / count) or 1.0 for name, values in lengths.items()}
    document_frequency = [0] * term_count
    for packed in counted:
        for ident in {number >> 24 for number in packed}:
            document_frequency[ident] += 1
    idf = [max(IDF_FLOOR, math.log(1 + (count - df + 0.5) / (df + 0.5))) for df in document_frequency]
    postings = [array("I") for _ in range(term_count)]
    last = [0] * term_count
    for index, packed in enumerate(counted):
        weights = [FIELD_WEIGHTS[name] / (1 - FIELD_LENGTH_NORMS[name]
                                          + FIELD_LENGTH_NORMS[name] * lengths[name][index] / average[name])
                   for name in FIELDS]
        weighted: dict[int, float] = {}
        for number in packed:  # ordered by term: each term's fields come together
            ident = number >> 24
            weighted[ident] = weighted.get(ident, 0.0) + weights[(number >> 16) & 0xFF] * (number & 0xFFFF)
        for ident, tf in weighted.items():
            score = max(1, round(SCORE_SCALE * idf[ident] * tf * (K1 + 1) / (tf + K1)))
            postings[ident].extend((index - last[ident], score))
            last[ident] = index
    for ident, encoded in enumerate(postings):
        if len(encoded) > 2 * limit:
            postings[ident] = _best(encoded, limit)
    return postings, document_frequency


def _best(encoded: array, limit: int) -> array:
    """Encoded scores cut to the `limit` highest (the earlier answer first among equals),
    encoded again in the order of the answers."""
    pairs, document = [], 0
    for position in range(0, len(encoded), 2):
        document += encoded[position]
        pairs.append((document, encoded[position + 1]))
    kept = sorted(sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:limit])
    result, last = array("I"), 0
    for document, score in kept:
        result.extend((document - last, score))
        last = document
    return result


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
