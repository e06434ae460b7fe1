"""Look-ups in a parsed paragraph computed once and kept in ``doc.user_data``.

``token.sent``, ``doc.ents`` and ``doc.text`` each walk the whole document on every call, which
made reading a paragraph quadratic in its length (a 200,000-character paragraph took 70 s). The
tables hold token indexes, never spans: a span kept in its own doc's user_data is a reference
cycle that keeps the doc (and its tensors) alive until the cyclic garbage collector runs.
"""

from __future__ import annotations

from bisect import bisect_right

_SENTENCES, _SENTENCE_STARTS = "quotes.sentences", "quotes.sentence_starts"
_PEOPLE, _PEOPLE_ENDS = "quotes.people", "quotes.people_ends"
_TEXT = "quotes.text"


def doc_table(doc, key: str, compute):
    """``doc.user_data[key]``, computed by ``compute()`` the first time it is asked for."""
    table = doc.user_data.get(key)
    if table is None:
        table = doc.user_data[key] = compute()
    return table


def doc_text(doc) -> str:
    """``doc.text``, joined from the tokens once."""
    return doc_table(doc, _TEXT, lambda: doc.text)


def sentence_of(token):
    """``token.sent``, found by binary search in the paragraph's sentences."""
    doc = token.doc
    sentences = doc_table(doc, _SENTENCES, lambda: [(s.start, s.end) for s in doc.sents])
    starts = doc_table(doc, _SENTENCE_STARTS, lambda: [start for start, _ in sentences])
    start, end = sentences[bisect_right(starts, token.i) - 1]
    return doc[start:end]


def last_person_before(doc, i: int):
    """The last PERSON entity that ends at or before token ``i``, or None."""
    people = doc_table(doc, _PEOPLE, lambda: [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"])
    ends = doc_table(doc, _PEOPLE_ENDS, lambda: [end for _, end in people])
    index = bisect_right(ends, i) - 1
    return doc[people[index][0]:people[index][1]] if index >= 0 else None
