"""What a verb cue reports: the content span of a cue, read from the parse around it.

The *set* step's half that looks at a cue's dependents (:mod:`.cues` finds the cue's speaker and
builds the records). Which shape of content a verb can have is given by its match labels from
the rule files (:mod:`.cue_rules`), not by its lemma: ``directive`` (an object plus an
infinitive), ``commissive`` (an infinitive), ``object_content`` (the object is what was said),
``long_object`` (a direct object long enough to say something), ``names_object`` (a naming
verb's description keeps the phrase the parser hung on the verb), ``listener`` (`to`/`with`
name the listener). Every verb cue may report a clause (``ccomp``) or, as a parenthetical, the clause
it interrupts. Not handled: quoted spans (:mod:`.marks`) and who is speaking (:mod:`.cues`).
"""

from __future__ import annotations

from .. import lexicon
from .doc_index import doc_text, sentence_of

# Match labels of the verb content classes (quotes/rules/<language>/verb_content.yml).
DIRECTIVE, COMMISSIVE = "directive", "commissive"
OBJECT_CONTENT, LONG_OBJECT, LISTENER = "object_content", "long_object", "listener"
NAMES_OBJECT = "names_object"

EDGE_PUNCT = set(",;:—–-")
# Subordinators that carry a reported clause on past the parser's attachment to the cue.
REASON_MARKERS = frozenset("because since although though while as but so".split())
# A speech verb's bare object is reported content only when it says this much.
MIN_OBJECT_CONTENT_WORDS = 4
# Reported content needs at least this many words (`he said so` reports nothing).
MIN_CONTENT_WORDS = 2
# Words a lead-in (`Though the move was smooth, he said, ...`) needs to be reported speech.
MIN_LEAD_IN_WORDS = 2
# A phrase with a date or time and at most this many other words is a time adjunct (`on
# Thursday`, `late last week`), not part of what was said.
MAX_WORDS_BESIDE_DATE = 1
# A leading `that` is dropped only from a span of at least this many tokens, `that` included
# (in a shorter one, `that is so`, it is the content's own word).
MIN_TOKENS_TO_DROP_THAT = 4
# At most this many words (besides punctuation) may follow a trailing cue for the clause before
# it to be its content (`CLAUSE, X said on Friday.`).
MAX_TRAILING_CUE_TAIL = 6


def reported_content(verb, labels: set[str]) -> tuple[int, int] | None:
    """The doc character span the verb reports, if it has one; ``labels`` are the verb's match
    labels (its classes)."""
    clauses = sorted((c for c in verb.children if c.dep_ == "ccomp"), key=_clause_preference(verb))
    for child in clauses[:1]:
        if child.dep_ == "ccomp":
            tokens = list(child.subtree)
            obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)
            if obj is not None and DIRECTIVE not in labels:
                tokens += list(obj.subtree)  # `said facts ... were wrong`: the parser split the clause
            for extra in verb.children:  # `said X, because Y`: the reason hangs on the cue
                if extra.dep_ == "advcl" and extra.i > child.right_edge.i and child.i > verb.i \
                        and extra.left_edge.lower_ in REASON_MARKERS:
                    tokens += list(extra.subtree)
            return clean_span(tokens, verb)
    if DIRECTIVE in labels:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if obj is not None and xcomp is not None and xcomp.i > obj.i:
            return clean_span(list(obj.subtree) + list(xcomp.subtree), verb)
    if COMMISSIVE in labels:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is not None:
            return clean_span(list(xcomp.subtree), verb)
    if labels & {OBJECT_CONTENT, LONG_OBJECT}:
        content = _object_content(verb, labels)
        if content is not None:
            return content
    if verb.dep_ in ("parataxis",) or (verb.dep_ == "advcl" and verb.i > verb.head.i):
        head = verb.head
        own = set(verb.subtree)  # once, not once per token of the head's subtree
        rest = [t for t in head.subtree if t not in own]
        return largest_piece(rest, verb)
    return None


def _clause_preference(verb):
    """Of several clauses the parser hangs on a cue, the `that`-clause, then one after the cue."""
    def key(clause):
        marked = any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
        return (not marked, clause.i < verb.i, clause.i)
    return key


def _object_content(verb, labels: set[str]) -> tuple[int, int] | None:
    """`cited his endorsements`, `called the plan "a disaster"`, `stressed her support for the
    raid`; a plain speech verb's object counts only when it says enough (not `confirmed the
    changes`). Time adjuncts (`on Thursday`) are left out of the span."""
    objects = [c for c in verb.children if c.i > verb.i and c.dep_ in lexicon.OBJECT_DEPS and not _is_when(c)
               and (c.dep_ != "prep" or _content_preposition(c, labels))]
    if OBJECT_CONTENT not in labels:
        objects = [c for c in objects if c.dep_ == "dobj" and c.pos_ != "PRON"
                   and sum(1 for t in c.subtree if t.is_alpha) >= MIN_OBJECT_CONTENT_WORDS]
    if not any(c.dep_ in ("dobj", "prep", "xcomp") for c in objects):
        return None
    named = [c for c in objects if c.dep_ == "oprd"] if NAMES_OBJECT in labels else []
    if named:  # `called her a genius at turning failing shops around`: the parser hung `at` on the verb
        last = named[-1].right_edge.i
        for c in sorted(verb.children, key=lambda c: c.i):
            if c.dep_ == "prep" and c.i == last + 1 and not _is_when(c) and c not in objects:
                objects.append(c)
                last = c.right_edge.i
    return clean_span([t for c in objects for t in c.subtree], verb)


def _content_preposition(prep, labels: set[str]) -> bool:
    """`called for X`, `spoke of X`, `responded to X`; not `spoke to Kerry`, `at a rally`."""
    word = prep.lower_
    if word in lexicon.LISTENER_PREPOSITIONS and LISTENER in labels:
        return False
    return word in lexicon.CONTENT_PREPOSITIONS


def _is_when(token) -> bool:
    """A time adjunct (`on Thursday`, `last week`) is not part of what was said."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree) and \
        sum(1 for t in token.subtree if t.ent_type_ not in ("DATE", "TIME") and t.is_alpha) <= MAX_WORDS_BESIDE_DATE


def lead_in(verb, subject, content):
    """`Though the move was smooth, he said, the next one would not be`: a cue set off by commas
    inside a sentence reports the words before it too, when they hold no quotation marks."""
    if content is None or subject is None or not (subject.i < verb.i and verb.idx < content[0]):
        return None
    doc, sent = verb.doc, sentence_of(verb)
    first = subject.left_edge.i
    if first - 1 <= sent.start or doc[first - 1].text != ",":
        return None
    if "," not in doc_text(doc)[verb.idx + len(verb):content[0]]:
        return None  # `In an interview, he said that ...`: the cue is not set off on both sides
    lead = list(doc[sent.start:first - 1])
    if any(t.is_quote for t in lead) or len([t for t in lead if t.is_alpha]) < MIN_LEAD_IN_WORDS:
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in lead):
        return None  # an adverbial phrase (`On Friday, he said, ...`), not reported words
    if any(t.lemma_.lower() in lexicon.SPEECH_VERBS or t.lower_ == "according" for t in lead):
        return None
    return clean_span(lead, verb)


# A cue verb with one of these already has what it reports, or is negated: the clause before it
# is not its content.
FILLED_COMPLEMENT_DEPS = frozenset(("dobj", "ccomp", "xcomp", "neg"))
# Verbs in these relations head an adverbial or infinitive clause, not a sentence.
SUBORDINATE_DEPS = frozenset(("advcl", "xcomp", "pcomp"))


def before_trailing_cue(verb, subject) -> tuple[int, int] | None:
    """`CLAUSE, X said (on Friday).` when the parser did not link the clause to the cue: only
    for the sentence's main verb with no complement of its own, after a clause that has a verb
    and is not a subordinate or prepositional phrase."""
    if subject is None or subject.i > verb.i:
        return None
    sent = sentence_of(verb)
    first = subject.left_edge.i
    if first - 1 <= sent.start or verb.doc[first - 1].text != ",":
        return None
    tail = [t for t in verb.doc[verb.i + 1:sent.end] if not t.is_punct]
    if len(tail) > MAX_TRAILING_CUE_TAIL or any(t.pos_ == "VERB" for t in tail):
        return None
    if verb.dep_ in SUBORDINATE_DEPS or any(c.dep_ in FILLED_COMPLEMENT_DEPS for c in verb.children):
        return None  # `... came an hour after the mayor spoke`; `declared bankruptcy`; `did not`
    lead = list(verb.doc[sent.start:first - 1])
    inside = {t.i for t in lead}
    if not any(t.pos_ in ("VERB", "AUX") and (t.head.i not in inside or t.head.i == t.i) and not _subordinate(t)
               for t in lead):
        return None  # `Through a spokesman, he declined`, `When X examined it, it was labeled`
    return clean_span(lead, verb)


def _subordinate(verb) -> bool:
    """A verb heading an adverbial or infinitive clause (`after he spoke`, `to comment`)."""
    return verb.dep_ in SUBORDINATE_DEPS or any(c.dep_ == "mark" for c in verb.children)


def largest_piece(tokens, verb) -> tuple[int, int] | None:
    """The longest run of consecutive tokens (the cue cuts its clause in two)."""
    runs, run = [], []
    for token in sorted(tokens, key=lambda t: t.i):
        if run and token.i != run[-1].i + 1:
            runs.append(run)
            run = []
        run.append(token)
    if run:
        runs.append(run)
    if not runs:
        return None
    best = max(runs, key=lambda r: sum(len(t) for t in r))
    unquoted = not any(t.is_quote for run in runs for t in run)
    if unquoted and len(runs) == 2 and runs[0][-1].i < verb.i < runs[1][0].i:
        first, second = clean_span(runs[0], verb), clean_span(runs[1], verb)
        if first and second:  # `Acts of protest, he said, are acts of patriotism`: both halves
            return first[0], second[1]
    return clean_span(best, verb)


def clean_span(tokens, verb) -> tuple[int, int] | None:
    """A character span over ``tokens`` without edge punctuation or a leading `that`."""
    tokens = sorted((t for t in tokens if t.i != verb.i), key=lambda t: t.i)
    while tokens and (tokens[0].is_punct and not tokens[0].is_quote or tokens[0].lower_ == "that"
                      and tokens[0].dep_ != "det" and len(tokens) >= MIN_TOKENS_TO_DROP_THAT
                      or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in EDGE_PUNCT or tokens[-1].is_space or _opens_quote(tokens[-1])
                      or tokens[-1].text == "." and len(tokens) > 1 and not _quote_follows(tokens[-1])):
        tokens = tokens[:-1]
    if len([t for t in tokens if t.is_alpha]) < MIN_CONTENT_WORDS:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _opens_quote(token) -> bool:
    """A quotation mark that opens (space before it): it cannot end a span."""
    return token.is_quote and token.idx > 0 and doc_text(token.doc)[token.idx - 1].isspace()


def _quote_follows(token) -> bool:
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.is_quote


