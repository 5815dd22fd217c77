"""Personal data out of search queries, before anyone stores or reads them.

Customers type all sorts into a search box: their CPR number, their email address, a phone
number, a claim or policy number. The page script (docs/assets/javascripts/help-centre.js)
replaces these with a placeholder before a query leaves the browser; the editors' report
applies the same rules again to whatever it reads, in case an older page sent something
unredacted. One table of cases (tests/data/redaction_cases.yml) holds both to the same
result.

The patterns use [0-9] rather than \\d, and explicit digit boundaries rather than \\b, so
that Python and JavaScript read them alike.
"""
from __future__ import annotations

import re

MAX_QUERY_LENGTH = 200  # longer queries are cut: nobody searches with a letter
# Only this much of a query is ever matched: the patterns then cost the same for a 300 KB
# query as for a short one (an unbounded text makes the email pattern quadratic).
MAX_MATCHED_LENGTH = 2 * MAX_QUERY_LENGTH

_NOT_DIGIT_BEFORE, _NOT_DIGIT_AFTER = r"(?<![0-9])", r"(?![0-9])"
# In the order they are applied: the more specific first.
REDACTIONS = (
    ("[email]", r"[^\s@]+@[^\s@]+\.[^\s@]+"),
    # A CPR number: DDMMYY-XXXX, or its ten digits, with or without separators.
    ("[cpr]", _NOT_DIGIT_BEFORE + r"[0-3][0-9][.\s-]?[01][0-9][.\s-]?[0-9]{2}[\s-]?[0-9]{4}" + _NOT_DIGIT_AFTER),
    # A phone number: with a country code, or eight digits, alone or in the Danish groups
    # (12 34 56 78, 1234 5678). A date such as 2024-03-01 is not one.
    ("[phone]", _NOT_DIGIT_BEFORE + r"(?:(?:\+|00)[0-9]{1,3}(?:[\s.-]?[0-9]){6,12}"
                r"|[0-9]{2}([\s.-])[0-9]{2}\1[0-9]{2}\1[0-9]{2}|[0-9]{4}[\s.-][0-9]{4}|[0-9]{8})"
                + _NOT_DIGIT_AFTER),
    # Any other run of six digits or more: a claim, policy or account number.
    ("[number]", r"[0-9]{6,}"),
)
_COMPILED = tuple((placeholder, re.compile(pattern, re.I)) for placeholder, pattern in REDACTIONS)


def redact(query: str) -> str:
    """`query` with personal data replaced by placeholders, spaces collapsed, cut to length.

    The query is cut before matching; a word the cut splits is dropped, so no half of a
    number or address escapes its pattern."""
    text = query[: MAX_MATCHED_LENGTH + 1]
    if len(text) > MAX_MATCHED_LENGTH:
        text = text[:MAX_MATCHED_LENGTH].rsplit(None, 1)[0] if text[:MAX_MATCHED_LENGTH].split() else ""
    text = " ".join(text.split())
    for placeholder, pattern in _COMPILED:
        text = pattern.sub(placeholder, text)
    return text[:MAX_QUERY_LENGTH]
