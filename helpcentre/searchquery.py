"""Answer a search over the files of `searchindex.py`: the query side, in Python.

The browser's search worker (docs/assets/javascripts/search-worker.js) does exactly this;
the tests hold the two to the same results. Python uses it for fast search-quality runs
and for the editors' report, where it names the closest answer to a query nobody found.

A query is read word by word. Each word that is not a stop word is a clause, and a clause
is matched, in order of trust, by:
- the word's own stem;
- a concept of search-synonyms.yml whose phrase the query contains (the longest phrase
  wins, and inside a phrase of several words the words alone count for less: "can't
  save" is a symptom more than it is about saving);
- a compound split into two known words ("journalnotater" → journal + notat);
- a known word it starts ("paym" → payment, weighed by how much of it was typed), or one
  letter away from ("pasword"), or, for long words, two.
Numbers are read as people write them: groups of digits in a row are one number when the
help centre knows a number that is, or (the last thing typed) starts with, all of them
("7020 6121", "+45 70 20 61 21", "70 20 6" while typing); otherwise each group is a word.
The last number typed, two digits or more, is also the start of a known number ("7020",
"+45"), a space after it or not: between digits a space only groups them ("7020 " on the
way to "7020 6121").
An answer's score is the sum, over clauses, of its best match, multiplied by the share of
clauses it matched (squared): answers that match all of what was asked come first.

Known words are looked for in the vocabulary file of the word's first letter (all of them
while the vocabulary is one file), so once a large help centre's vocabulary is split, a
typo in the first letter is not forgiven; a compound's second part is looked up in its own
file. Only a word in the vocabulary, or a concept some answer has, is looked up in the
score files, so no file is asked for that does not exist.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .searchindex import CONCEPT_PREFIX, INDEX_DIR, SCORE_SCALE, SEARCH_DIR, find_concepts, shard_key
from .searchtext import is_stop_word, stem, surface_words

MAX_EXPANSIONS = 30  # known words tried for one prefix or typo
# Results shown for a query: the ten the theme shows before the reader scrolls (each more
# costs the first search another file to fetch; search-worker.js: MAX_RESULTS).
RESULTS = 10


@dataclass(frozen=True)
class Hit:
    """One answer found, with its score."""

    id: str
    url: str
    title: str
    lead: str
    kind: str
    guide: str  # a section's guide, by title
    score: float


class _Words:
    """One vocabulary file: each word's stem with the number of answers that have it, and
    the forms it is written in (numbers have none: they are matched whole)."""

    def __init__(self, entries: dict[str, list]) -> None:
        self.vocabulary = {term: (entry[0], entry[1].split()) for term, entry in entries.items()}
        self.surfaces = {surface: term for term, (_, forms) in self.vocabulary.items() for surface in forms}
        self.numbers = {term: term for term in self.vocabulary if term.isdigit()}  # each its own form


@dataclass
class _Clause:
    word: str
    candidates: dict[tuple[str, ...], float]  # terms (one, or two for a compound) → weight


class SearchEngine:
    """The query side of the help centre's search, over a built site's files."""

    def __init__(self, read: Callable[[str], object]) -> None:
        """`read(path)` returns the parsed JSON of a file under the site's search/ folder."""
        self._read = read
        config = read("search_index.json")["config"]
        self.manifest = read(config["hc"])
        self.weights = self.manifest["weights"]
        self._words_files, self._score_files = config["hcWords"], config["hcScores"]
        self._words: dict[str, _Words] = {}
        self.phrases = [(tuple(tuple(part) for part in parts), token) for parts, token, _ in self.manifest["concepts"]]
        self._concepts_found = {token for _, token, occurs in self.manifest["concepts"] if occurs}

    def words(self, term: str) -> "_Words":
        """The vocabulary file that holds `term` (and every word that starts as it does)."""
        return self._words_at(shard_key(term, self._words_files["key"]))

    @property
    def surfaces(self) -> dict[str, str]:
        """Every known word as written, with its stem, from every vocabulary file (for the
        editors' report; a query reads only the files its words need)."""
        return {surface: term for key in self._words_files["keys"] for surface, term in self._words_at(key).surfaces.items()}

    def _words_at(self, key: str) -> "_Words":
        """The vocabulary file of `key`, read once; no words where there is no such file."""
        files = self._words_files
        if key not in self._words:
            entries = (self._read(f"{INDEX_DIR}/v/{key or 'all'}.{files['version']}.json")
                       if key in files["keys"] else {})
            self._words[key] = _Words(entries)
        return self._words[key]

    @classmethod
    def from_site(cls, site_dir: Path) -> "SearchEngine":
        root = Path(site_dir) / SEARCH_DIR

        @lru_cache(maxsize=None)
        def read(path: str) -> object:
            return json.loads((root / path).read_text(encoding="utf-8"))

        return cls(read)

    @classmethod
    def from_files(cls, files: dict[str, str]) -> "SearchEngine":
        """From the dictionary `build_search_index` returns."""
        return cls(lambda path: json.loads(files[f"{SEARCH_DIR}/{path}"]))

    # -- reading the query ---------------------------------------------------------------

    def clauses(self, query: str) -> list[_Clause]:
        """The query's clauses with every term that may match each.

        Unless the query ends with a space, its last word may be unfinished: even two
        letters of it are read as the start of a word.
        """
        unfinished = bool(query) and not query[-1].isspace()
        words = self._numbers_joined(surface_words(query))
        sequence = [stem(word) for word in words]
        kept = [i for i, word in enumerate(words) if not is_stop_word(word)]
        if not kept:  # only stop words: search for them after all
            kept = [i for i, word in enumerate(words) if len(word) > 1 or word.isdigit()]
        clauses = {i: _Clause(words[i], self._word_candidates(words[i], last=unfinished and i == len(words) - 1,
                                                              number_last=i == len(words) - 1))
                   for i in kept}
        in_phrase: set[int] = set()
        for first, last, token in find_concepts(sequence, self.phrases):
            for position in range(first, last + 1):
                if position in clauses:
                    clauses[position].candidates[(token,)] = max(
                        clauses[position].candidates.get((token,), 0), self.weights["concept"])
                    if last > first:
                        in_phrase.add(position)
        for position in in_phrase:  # a phrase read as a meaning: its words alone count for less
            candidates = clauses[position].candidates
            for terms in candidates:
                if not terms[0].startswith(CONCEPT_PREFIX):
                    candidates[terms] *= self.weights["phrase"]
        return [clauses[i] for i in kept]

    def _numbers_joined(self, words: list[str]) -> list[str]:
        """The words, each run of two or more numbers joined into one where the help centre
        knows that number, or (the run typed last) a number that starts with it."""
        joined: list[str] = []
        start = 0
        while start < len(words):
            end = start
            while end < len(words) and words[end].isdigit():
                end += 1
            if end - start > 1:
                number = "".join(words[start:end])
                if (number in self.words(number).vocabulary
                        or (end == len(words) and self._started_numbers(number))):
                    joined.append(number)
                    start = end
                    continue
            joined.extend(words[start:max(end, start + 1)])
            start = max(end, start + 1)
        return joined

    def _started_numbers(self, number: str) -> list[tuple[str, float]]:
        """Known numbers that `number` (two digits or more) is the start of, weighed as a
        started word is; at most MAX_EXPANSIONS, the most common first."""
        if len(number) < 2:
            return []
        words = self.words(number)
        return self._started(number, words, words.numbers)

    def _word_candidates(self, word: str, *, last: bool, number_last: bool = False) -> dict[tuple[str, ...], float]:
        """`last`: the word typed last, with no space after it; `number_last`: the word typed
        last, space or not (for numbers, whose groups a space only separates)."""
        term = stem(word)
        candidates: dict[tuple[str, ...], float] = {(term,): 1.0}
        if word.isdigit() and number_last:
            for known, weight in self._started_numbers(word):
                candidates.setdefault((known,), weight)
        if not word.isalpha():
            return candidates
        words = self.words(term)  # every form that starts as the word does
        known = term in words.vocabulary
        if len(word) >= 3 or (last and len(word) >= 2):
            for other, weight in self._started(word, words):
                candidates.setdefault((other,), weight)
        if not known and len(word) >= 4:
            limit = 2 if len(word) >= 8 else 1
            for surface, distance in _near(word, words.surfaces, limit):
                weight = self.weights["typo"] if distance == 1 else self.weights["typo2"]
                key = (words.surfaces[surface],)
                candidates[key] = max(candidates.get(key, 0), weight)
        if not known and len(word) >= 7:
            for parts in self._compound(word, words):
                candidates.setdefault(parts, self.weights["compound"])
        return candidates

    def _started(self, word: str, words: _Words, surfaces: dict[str, str] | None = None) -> list[tuple[str, float]]:
        """Known words that `word` is the start of, as stems with a weight: the prefix
        weight times the share of the word typed, so "bruge" counts little towards
        "brugernavn". At most MAX_EXPANSIONS, the most common first. `surfaces`: the
        forms to look among, if not the words' (the numbers')."""
        weights: dict[str, float] = {}
        for surface, term in (words.surfaces if surfaces is None else surfaces).items():
            if surface.startswith(word) and surface != word:
                weight = self.weights["prefix"] * len(word) / len(surface)
                weights[term] = max(weights.get(term, 0), weight)
        chosen = sorted(weights, key=lambda t: (-words.vocabulary[t][0], t))[:MAX_EXPANSIONS]
        return [(term, weights[term]) for term in chosen]

    def _compound(self, word: str, words: _Words) -> list[tuple[str, str]]:
        """Ways to read `word` as two known words, each of three letters or more (the
        right part's vocabulary may be another file than the word's)."""
        found = []
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            right_term = stem(right)
            if right_term not in self.words(right_term).vocabulary:
                continue
            for head in (left, left[:-1] if left.endswith(("s", "e")) and len(left) > 3 else None):
                if head and (head in words.surfaces or stem(head) in words.vocabulary):
                    found.append((words.surfaces.get(head, stem(head)), right_term))
                    break
        return found

    # -- scoring ---------------------------------------------------------------------------

    def postings(self, term: str) -> dict[int, int]:
        """Score of `term` in every answer that has it (in the best POSTINGS_LIMIT of them)."""
        found = (term in self._concepts_found if term.startswith(CONCEPT_PREFIX)
                 else term in self.words(term).vocabulary)
        if not found:  # no file is asked for a word no answer has
            return {}
        files = self._score_files
        flat = self._read(f"{INDEX_DIR}/t/{shard_key(term, files['key']) or 'all'}.{files['version']}.json")[term]
        scores, document = {}, 0
        for position in range(0, len(flat), 2):
            document += flat[position]
            scores[document] = flat[position + 1]
        return scores

    def rank(self, query: str) -> list[tuple[int, float]]:
        """Answers (by position in the index) with their scores, best first."""
        clauses = self.clauses(query)
        if not clauses:
            return []
        totals: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for clause in clauses:
            best: dict[int, float] = {}
            for terms, weight in clause.candidates.items():
                lists = [self.postings(term) for term in terms]
                if len(terms) == 1:
                    scores = lists[0]
                else:  # a compound: both parts count, each half
                    scores = defaultdict(float)
                    for part in lists:
                        for document, score in part.items():
                            scores[document] += score / len(terms)
                for document, score in scores.items():
                    value = weight * score
                    if value > best.get(document, 0):
                        best[document] = value
            for document, value in best.items():
                totals[document] += value
                matched[document] += 1
        power = self.weights["coordination"]
        ranked = [(document, total * (matched[document] / len(clauses)) ** power)
                  for document, total in totals.items()]
        return sorted(ranked, key=lambda item: (-item[1], item[0]))

    def document(self, index: int) -> list:
        """The row of the answer at `index`: id, url, title, lead, kind, guide."""
        per_file = self.manifest["rowsPerFile"]
        return self._read(f"{INDEX_DIR}/d/{index // per_file}.{self.manifest['rows']}.json")[index % per_file]

    def search(self, query: str, *, limit: int = RESULTS) -> list[Hit]:
        """The best answers for `query`, best first."""
        hits = []
        for index, score in self.rank(query)[:limit]:
            ident, url, title, lead, kind, guide = self.document(index)
            hits.append(Hit(ident, url, title, lead, kind, guide, round(score / SCORE_SCALE, 3)))
        return hits


def _near(word: str, surfaces: dict[str, str], limit: int) -> list[tuple[str, int]]:
    """Known words at most `limit` edits from `word` (an edit: one letter wrong, missing,
    extra, or two letters swapped)."""
    found = []
    for surface in surfaces:
        if abs(len(surface) - len(word)) > limit or not surface.isalpha():
            continue
        distance = edit_distance(word, surface, limit)
        if 0 < distance <= limit:
            found.append((surface, distance))
    return sorted(found, key=lambda item: (item[1], item[0]))[:MAX_EXPANSIONS]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between `a` and `b`, or limit + 1 once it is over."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_best = min(row_best, value)
        if row_best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
