"""When a cue says something was said: the time adjunct of a reporting verb.

``Ryabkov said on Friday``, ``In late March, the ministry announced``, ``he said last week``:
a child of the cue's verb that is a time adjunct (a preposition of time, a bare noun phrase
or an adverb) and holds words the recogniser tags ``DATE``. The words reported by the cue are
never searched (``said that the strikes start on May 25`` dates the strikes, not the saying),
and neither is anything inside quotation marks. Resolving the expression against the
publication date is :mod:`quotes.dates`' work; this module only finds it.

Not handled: dates in a separate sentence (``On Friday, talks ended. Lavrov said ...``) and
dates of a nominal cue (``his claim on Friday that``); such quotes keep the article's date.
"""

from __future__ import annotations

#: dependency labels of a verb's children that can date it (spaCy's English scheme)
TIME_DEPS = frozenset({"prep", "npadvmod", "advmod", "tmod", "obl"})
#: prepositions that date the event they modify; `since`, `until`, `from`, `by` or `before`
#: give a bound, not the time of speaking
TIME_PREPOSITIONS = frozenset({"on", "in", "at", "during", "over", "earlier", "late", "early"})
#: entity labels that name a time
TIME_LABELS = frozenset({"DATE", "TIME"})
#: adjuncts that point back to a time named before (`said at the time`); the recogniser does
#: not tag them, and quotes.dates resolves them to the article's previous dated statement
ANAPHORIC_TIMES = frozenset({"at the time", "at that time", "on that day", "that day"})


def time_adjunct(verb, content: tuple[int, int] | None, inside) -> tuple[int, int] | None:
    """The doc character span of the adjunct that dates ``verb``, or None.

    ``content`` is the span the verb reports (doc offsets) and ``inside`` says whether a
    character lies inside quotation marks; neither may hold the adjunct. When the verb is
    chained to another (``..., adding that``) and has no adjunct of its own, the other's counts.
    """
    for candidate in (verb, verb.head if verb.dep_ == "conj" else None):
        if candidate is None:
            continue
        for child in candidate.children:
            span = _adjunct_span(child, content, inside)
            if span is not None:
                return span
    return None


def _adjunct_span(child, content, inside) -> tuple[int, int] | None:
    if child.dep_ not in TIME_DEPS:
        return None
    if child.dep_ == "prep" and child.lower_ not in TIME_PREPOSITIONS:
        return None
    tokens = list(child.subtree)
    words = " ".join(t.lower_ for t in tokens if not t.is_punct)
    if not any(t.ent_type_ in TIME_LABELS for t in tokens) and words not in ANAPHORIC_TIMES:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if content is not None and start < content[1] and content[0] < end:
        return None
    if inside(start) or inside(end - 1):
        return None
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return (start, tokens[-1].idx + len(tokens[-1])) if tokens else None
