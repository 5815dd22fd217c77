"""How search reads text: folding, words, a light English and Danish stemmer, stop words.

The browser's search worker (docs/assets/javascripts/search-worker.js) applies exactly the
same rules to what customers type; tests/test_search_engine.py holds the two to agreement
on every word of the content and of the query suites. Keep them in step.

- Folding: lower case; æ → ae, ø → o, å → a, ß → ss, accents dropped, so "Røntgen",
  "rontgen" and "røntgen" are one word.
- Words: runs of letters and digits; apostrophes inside a word are dropped ("can't" →
  "cant"); a hyphenated word is one word ("x-ray" → "xray", "e-mail" → "email").
  `index_words` also yields the parts of a hyphenated word, so "case-specific" is found
  by "case specific" as well, and a number written in groups as one number.
- Stemming: the inflections customers type in either language end up alike: "uploads",
  "uploading", "uploaded" and "uploade" are all "upload"; "henvisningerne" and
  "henvisning" are both "henvisn". It is deliberately light: it strips endings, never
  guesses at meaning (that is what concepts in search-synonyms.yml are for).
"""
from __future__ import annotations

import functools

import re
import unicodedata
from typing import Iterator

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})
_APOSTROPHES = re.compile(r"(?<=[a-z0-9])['’‘`´](?=[a-z0-9])")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Danish and English inflection endings, longest first; at most one is removed.
_ENDINGS = ("erne", "ere", "ene", "ede", "er", "en", "et", "ed", "e")
_VOWELS = frozenset("aeiouy")

# Words that say nothing on their own about what a customer is looking for, in English and
# Danish, matched on the folded word before stemming. They still count inside phrases:
# "will not save" and "kan ikke gemme" are symptoms that concepts recognise.
STOP_WORDS = frozenset("""
a an the and or but if then so to of in on at by for from with without into onto about as
is are was were be been being am do does did doing have has had having i me my mine myself
you your yours we us our ours they them their he him his she her hers it its this that
these those there here what which who whom whose where when why how can could would should
shall will may might must please hi hello dear thanks thank just also very really some any
all each more most other such only own same than too up down out off over under again
further once get got not no nothing cannot cant wont dont doesnt didnt isnt need needs want
wants would like try trying tried able
og eller men at i pa af til fra med for om som er var har havde jeg mig min mit mine du
dig din dit dine vi os vores de dem deres han ham hans hun hendes den det der her hvad hvor
hvem hvordan hvorfor hvornar hvilken hvilke hvis kan kunne skal skulle vil ville ma matte
en et nogle noget sig sin sit sine jo nu sa ogsa bare lige hej tak ikke ingen intet gerne brug
bruge
""".split())


def fold(text: str) -> str:
    """Lower case, Danish letters spelt out, accents dropped: 'Røntgen' → 'rontgen'."""
    text = text.lower().translate(_FOLD)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def surface_words(text: str) -> list[str]:
    """The folded words of `text`, hyphenated words joined: "X-ray e-mail" → ['xray', 'email']."""
    folded = _APOSTROPHES.sub("", fold(text))
    return [match.group(0).replace("-", "") for match in _WORD.finditer(folded)]


def index_words(text: str) -> Iterator[str]:
    """The folded words of `text` for the index: joined hyphenated words and their parts,
    and numbers written in groups also as one ("70 20 61 21" → also '70206121')."""
    folded = _APOSTROPHES.sub("", fold(text))
    digits: list[str] = []
    end = -1
    for match in _WORD.finditer(folded):
        word = match.group(0)
        if word.isdigit() and digits and folded[end:match.start()] == " ":
            digits.append(word)
        else:
            if len(digits) > 1:
                yield "".join(digits)
            digits = [word] if word.isdigit() else []
        end = match.end()
        if "-" in word:
            yield word.replace("-", "")
            yield from (part for part in word.split("-") if part)
        else:
            yield word
    if len(digits) > 1:
        yield "".join(digits)


@functools.lru_cache(maxsize=65_536)  # a help centre's vocabulary repeats: each word is stemmed once
def stem(word: str) -> str:
    """The light stem of one folded word; words of three letters or fewer, and words with
    digits, stay as they are."""
    if len(word) <= 3 or not word.isalpha() or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    return word


def is_stop_word(word: str) -> bool:
    """Whether a folded word is too common to search by (single letters included)."""
    return word in STOP_WORDS or (len(word) == 1 and not word.isdigit())


def stems(text: str) -> list[str]:
    """The stems of every word of `text`, stop words included: for matching phrases."""
    return [stem(word) for word in surface_words(text)]
