"""Read one parsed paragraph: reporting cues, what they report, and who is named.

With :mod:`.mentions` and :mod:`.when`, the only code that walks spaCy tokens. It turns a parsed paragraph into
plain records (:class:`Cue`, and the :class:`~.mentions.Mention` and
:class:`~.mentions.NameMention` records it builds with :mod:`.mentions`) with character
offsets into the article, so that assembling quotes and resolving speakers never touch spaCy
objects.

Cues are speech verbs from :mod:`quotes.lexicon` with what they report (a clausal complement,
an object plus infinitive, or, for parenthetical cues, the clause they interrupt), and the
phrase `according to X`, and reporting nouns with a that-clause (`his claim that ...`). Not
handled here: quotation marks (see :mod:`.marks`) and deciding
what a pronoun or description refers to (see :mod:`quotes.resolve`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Span

from .. import lexicon
from ..models import Mention, NameMention
from .mentions import SUBJECT_DEPS, describe_mention, name_mention
from .when import time_adjunct

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Prepositions before a cue's -ing form whose subject is the sentence's (`by asking`).
MANNER_PREPOSITIONS = {"by", "after", "before", "while", "when"}
# Marks that close a parenthetical before a clause's subject (`... made public ― Trump boasted`).
PARENTHESIS_ENDS = {"―", "—", "–", "--", ")", ";"}
EDGE_PUNCT = set(",;:—–-")
# Subordinators that carry a reported clause on past the parser's attachment to the cue.
REASON_MARKERS = frozenset("because since although though while as but so".split())
# A speech verb's bare object is reported content only when it says this much.
MIN_OBJECT_CONTENT_WORDS = 4


@dataclass
class Cue:
    start: int
    end: int
    text: str
    lemma: str
    sent_start: int
    sent_end: int
    mention: Mention | None
    content: tuple[int, int] | None  #: the reported words, or None (a bare `X said`)
    lead_in: tuple[int, int] | None = None  #: words before a cue set off by commas, also reported
    when: tuple[int, int] | None = None  #: the time adjunct that dates the cue (`on Friday`)


@dataclass
class ParagraphReading:
    sentences: list[tuple[int, int]]
    cues: list[Cue]
    names: list[NameMention]


# Parts of speech a name never starts with: `Beyond Trump's finances` is tagged as one PERSON.
NOT_NAME_START = {"ADP", "SCONJ", "CCONJ", "DET", "PRON", "AUX", "PART", "ADV", "VERB"}


def trim_entities(doc) -> None:
    """Drop the function words the recogniser ran into at the start of a person's or
    organisation's name (`Beyond Trump`, `During Obama`), and punctuation at its end."""
    ents = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        if ent.label_ in NAME_LABELS:
            while start < end - 1 and doc[start].pos_ in NOT_NAME_START and doc[start].is_stop:
                start += 1
            while end - 1 > start and doc[end - 1].is_punct and doc[end - 1].text not in ".)":
                end -= 1  # `Politico ,`: a comma the recogniser took in
        ents.append(ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label_))
    doc.ents = ents


def _untagged_subject(token, offset: int) -> NameMention | None:
    """A capitalised proper noun the recogniser missed as the subject of a clause (`Ham went
    on to explain`, after `Gen. Norman Ham`): a weak name, which only counts when it is the
    surname of someone already named."""
    if token.pos_ != "PROPN" or token.ent_type_ or not token.is_title or not token.is_alpha \
            or token.lower_ in lexicon.ROLE_WORDS or token.i == 0 and token.doc[-1].i < 3:
        return None
    start = token.idx + offset
    return NameMention(start, start + len(token.text), token.text, "person", True, weak=True)


def read_paragraph(doc, offset: int, quoted: list[tuple[int, int]]) -> ParagraphReading:
    """Cues and names in a parsed paragraph; ``offset`` maps doc offsets to article offsets.

    ``quoted`` holds the paragraph's quoted spans (doc offsets): cue words inside them are the
    quoted person's words, not a report of speech.
    """
    inside = _inside_checker(quoted)
    trim_entities(doc)
    cues = []
    for token in doc:
        if inside(token.idx):
            continue
        cue = _verb_cue(token, offset, inside) if token.pos_ in ("VERB", "AUX") else None
        cue = cue or _according_to_cue(token, offset) or _nominal_cue(token, offset)
        if cue:
            cues.append(cue)
    names = [name_mention(ent, offset) for ent in doc.ents
             if ent.label_ in NAME_LABELS and not inside(ent.start_char)]
    names += [n for n in (_untagged_subject(t, offset) for t in doc
                          if t.dep_ in SUBJECT_DEPS and not inside(t.idx)) if n]
    sentences = [(s.start_char + offset, s.end_char + offset) for s in doc.sents]
    return ParagraphReading(sentences, cues, [n for n in names if n])


def _inside_checker(quoted: list[tuple[int, int]]):
    """Whether a character lies in a quoted span, by binary search: a paragraph with many quotes
    costs no more per token than one with a few (the spans' ends are kept as a running maximum,
    so the answer is the same as checking every span even if spans were to overlap)."""
    spans = sorted(quoted)
    starts = [start for start, _ in spans]
    reach, furthest = [], -1
    for _, end in spans:
        furthest = max(furthest, end)
        reach.append(furthest)

    def inside(char: int) -> bool:
        index = bisect_right(starts, char) - 1
        return index >= 0 and char < reach[index]
    return inside


def _is_speech_verb(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in lexicon.COMPLEMENT_ONLY_VERBS:
        return any(c.dep_ == "ccomp" for c in token.children)
    if lemma in lexicon.NAMING_VERBS:  # `called the plan "a disaster"`: object plus what it is called
        deps = {c.dep_ for c in token.children if not (c.dep_ == "dobj" and c.tag_ in ("WP", "WDT"))}
        if "dobj" in deps and deps & {"oprd", "xcomp", "ccomp", "attr"}:
            return True
    if lemma in lexicon.PARTICLE_VERBS:
        return any(c.dep_ in ("prt", "prep") and c.lower_ in lexicon.PARTICLE_VERBS[lemma]
                   and c.i == token.i + 1 for c in token.children) \
            or (lemma in lexicon.SPEECH_VERBS and any(c.dep_ == "ccomp" for c in token.children))
    return lemma in lexicon.SPEECH_VERBS or lemma in lexicon.OBJECT_CONTENT_VERBS


def _verb_cue(token, offset: int, inside) -> Cue | None:
    lemma = token.lemma_.lower()
    speech = _is_speech_verb(token)
    subject = _subject(token)
    if subject is None or inside(subject.idx):  # a subject in quotation marks is a misparse:
        # take a second subject outside them (`"... Full panic mode," said Leslie Wimes`)
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "csubj"
                        and not inside(c.idx)), None) or _person_just_before(token, inside)
    elif subject.i < token.i - 1 and not subject.ent_type_ and subject.pos_ != "PRON":
        # `... made public ― Trump boasted`: a person right before the verb beats a parse that
        # reached past them for a common noun
        adjacent = _person_just_before(token, inside)
        first = adjacent.left_edge if adjacent is not None else None
        if adjacent is not None and adjacent.i == token.i - 1 and adjacent.i > subject.right_edge.i \
                and first.i > 0 and first.nbor(-1).text in PARENTHESIS_ENDS:
            subject = adjacent
    if not speech and lemma in lexicon.FINDING_VERBS and subject is not None \
            and subject.lemma_.lower() in lexicon.DOCUMENT_NOUNS:
        speech = True
    if not speech:
        return None
    content = _content(token) or _before_trailing_cue(token, subject)
    lead_in = _lead_in(token, subject, content)
    if subject is None and content is None and token.dep_ not in ("parataxis", "ccomp", "ROOT"):
        return None
    sent = _sentence(token)
    cue_tokens = [token] + [c for c in token.children if c.dep_ in ("prt", "aux", "neg") and c.i > token.i - 3]
    start = min(t.idx for t in cue_tokens)
    end = max(t.idx + len(t) for t in cue_tokens)
    return Cue(start + offset, end + offset, _text(token.doc)[start:end], lemma,
               sent.start_char + offset, sent.end_char + offset,
               describe_mention(subject, offset) if subject is not None else None,
               _shift(content, offset), _shift(lead_in, offset),
               _shift(time_adjunct(token, content, inside), offset))


def _person_just_before(verb, inside):
    """`"...," Flynn, a top surrogate, said`: a person named in the few words before the verb
    (only the last person named before it is looked at)."""
    doc = verb.doc
    people = _doc_table(doc, _PEOPLE, lambda: [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"])
    ends = _doc_table(doc, _PEOPLE_ENDS, lambda: [end for _, end in people])
    index = bisect_right(ends, verb.i) - 1
    if index < 0:
        return None
    ent = doc[people[index][0]:people[index][1]]
    between = doc[ent.end:verb.i]
    if verb.i - ent.end > 8 or inside(ent.start_char) or any(t.pos_ in ("VERB", "AUX") for t in between) \
            or any(t.lower_ == "to" and t.pos_ == "PART" for t in between):
        return None  # (`spoke with Kislyak to tell him`: the person before an infinitive is its object)
    if not between or between[0].text == "," or len(between) <= 1:
        return ent.root
    return None


# Tables computed once per parsed paragraph and kept in ``doc.user_data``: ``token.sent``,
# ``doc.ents`` and ``doc.text`` each walk the whole document on every call, which made reading a
# paragraph quadratic in its length (a 200,000-character paragraph took 70 s). They hold token indexes,
# never spans: a span kept in its own doc's user_data is a reference cycle that keeps the doc
# (and its tensors) alive until the cyclic garbage collector runs.
_SENTENCES, _SENTENCE_STARTS = "quotes.sentences", "quotes.sentence_starts"
_PEOPLE, _PEOPLE_ENDS = "quotes.people", "quotes.people_ends"
_TEXT = "quotes.text"


def _doc_table(doc, key: str, compute):
    table = doc.user_data.get(key)
    if table is None:
        table = doc.user_data[key] = compute()
    return table


def _text(doc) -> str:
    """``doc.text``, joined from the tokens once."""
    return _doc_table(doc, _TEXT, lambda: doc.text)


def _sentence(token):
    """``token.sent``, found by binary search in the paragraph's sentences."""
    doc = token.doc
    sentences = _doc_table(doc, _SENTENCES, lambda: [(s.start, s.end) for s in doc.sents])
    starts = _doc_table(doc, _SENTENCE_STARTS, lambda: [start for start, _ in sentences])
    start, end = sentences[bisect_right(starts, token.i) - 1]
    return doc[start:end]


def _subject(verb):
    """The verb's subject, or the subject of the verb it is chained to (`..., adding that`)."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.dep_ != "csubj":
            return child
    for child in verb.children:  # `said by X` (passive with agent)
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        return _subject(verb.head)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in MANNER_PREPOSITIONS \
            and verb.head.head is not verb.head:
        return _subject(verb.head.head)  # `X signed off the night by asking: "..."`
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VB" and verb.head.dep_ == "attr" \
            and any(c.lower_ == "to" for c in verb.children):
        return _subject(verb.head.head)  # `Scalia was the only justice to suggest that ...`
    return None


def _content(verb) -> tuple[int, int] | None:
    """The doc character span the verb reports, if it has one."""
    clauses = sorted((c for c in verb.children if c.dep_ == "ccomp"), key=_clause_preference(verb))
    for child in clauses[:1]:
        if child.dep_ == "ccomp":
            tokens = list(child.subtree)
            obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)
            if obj is not None and verb.lemma_.lower() not in lexicon.DIRECTIVE_VERBS:
                tokens += list(obj.subtree)  # `said facts ... were wrong`: the parser split the clause
            for extra in verb.children:  # `said X, because Y`: the reason hangs on the cue
                if extra.dep_ == "advcl" and extra.i > child.right_edge.i and child.i > verb.i \
                        and extra.left_edge.lower_ in REASON_MARKERS:
                    tokens += list(extra.subtree)
            return _clean_span(tokens, verb)
    lemma = verb.lemma_.lower()
    if lemma in lexicon.DIRECTIVE_VERBS:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if obj is not None and xcomp is not None and xcomp.i > obj.i:
            return _clean_span(list(obj.subtree) + list(xcomp.subtree), verb)
    if lemma in lexicon.COMMISSIVE_VERBS:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is not None:
            return _clean_span(list(xcomp.subtree), verb)
    if lemma in lexicon.OBJECT_CONTENT_VERBS or (lemma in lexicon.SPEECH_VERBS and lemma not in lexicon.ADDRESSEE_VERBS):
        content = _object_content(verb, lemma)
        if content is not None:
            return content
    if verb.dep_ in ("parataxis",) or (verb.dep_ == "advcl" and verb.i > verb.head.i):
        head = verb.head
        own = set(verb.subtree)  # once, not once per token of the head's subtree
        rest = [t for t in head.subtree if t not in own]
        return _largest_piece(rest, verb)
    return None


def _clause_preference(verb):
    """Of several clauses the parser hangs on a cue, the `that`-clause, then one after the cue."""
    def key(clause):
        marked = any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
        return (not marked, clause.i < verb.i, clause.i)
    return key


def _object_content(verb, lemma: str) -> tuple[int, int] | None:
    """`cited his endorsements`, `called the plan "a disaster"`, `stressed her support for the
    raid`; a plain speech verb's object counts only when it says enough (not `confirmed the
    changes`). Time adjuncts (`on Thursday`) are left out of the span."""
    objects = [c for c in verb.children if c.i > verb.i and c.dep_ in lexicon.OBJECT_DEPS and not _is_when(c)
               and (c.dep_ != "prep" or _content_preposition(c, lemma))]
    if lemma not in lexicon.OBJECT_CONTENT_VERBS:
        objects = [c for c in objects if c.dep_ == "dobj" and c.pos_ != "PRON"
                   and sum(1 for t in c.subtree if t.is_alpha) >= MIN_OBJECT_CONTENT_WORDS]
    if not any(c.dep_ in ("dobj", "prep", "xcomp") for c in objects):
        return None
    named = [c for c in objects if c.dep_ == "oprd"] if lemma in lexicon.NAMING_VERBS else []
    if named:  # `called him a master at bolting deals together`: the parser hung `at` on the verb
        last = named[-1].right_edge.i
        for c in sorted(verb.children, key=lambda c: c.i):
            if c.dep_ == "prep" and c.i == last + 1 and not _is_when(c) and c not in objects:
                objects.append(c)
                last = c.right_edge.i
    return _clean_span([t for c in objects for t in c.subtree], verb)


def _content_preposition(prep, lemma: str) -> bool:
    """`called for X`, `spoke of X`, `responded to X`; not `spoke to Kerry`, `at a rally`."""
    word = prep.lower_
    if word in lexicon.LISTENER_PREPOSITIONS and lemma in lexicon.LISTENER_VERBS:
        return False
    return word in lexicon.CONTENT_PREPOSITIONS


def _is_when(token) -> bool:
    """A time adjunct (`on Thursday`, `last week`) is not part of what was said."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree) and \
        sum(1 for t in token.subtree if t.ent_type_ not in ("DATE", "TIME") and t.is_alpha) <= 1


def _lead_in(verb, subject, content):
    """`Though the move was smooth, he said, the next one would not be`: a cue set off by commas
    inside a sentence reports the words before it too, when they hold no quotation marks."""
    if content is None or subject is None or not (subject.i < verb.i and verb.idx < content[0]):
        return None
    doc, sent = verb.doc, _sentence(verb)
    first = subject.left_edge.i
    if first - 1 <= sent.start or doc[first - 1].text != ",":
        return None
    if "," not in _text(doc)[verb.idx + len(verb):content[0]]:
        return None  # `In an interview, he said that ...`: the cue is not set off on both sides
    lead = list(doc[sent.start:first - 1])
    if any(t.is_quote for t in lead) or len([t for t in lead if t.is_alpha]) < 2:
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in lead):
        return None  # an adverbial phrase (`On Friday, he said, ...`), not reported words
    if any(t.lemma_.lower() in lexicon.SPEECH_VERBS or t.lower_ == "according" for t in lead):
        return None
    return _clean_span(lead, verb)


# A cue verb with one of these already has what it reports, or is negated: the clause before it
# is not its content.
FILLED_COMPLEMENT_DEPS = frozenset(("dobj", "ccomp", "xcomp", "neg"))
# Verbs in these relations head an adverbial or infinitive clause, not a sentence.
SUBORDINATE_DEPS = frozenset(("advcl", "xcomp", "pcomp"))


def _before_trailing_cue(verb, subject) -> tuple[int, int] | None:
    """`CLAUSE, X said (on Friday).` when the parser did not link the clause to the cue: only
    for the sentence's main verb with no complement of its own, after a clause that has a verb
    and is not a subordinate or prepositional phrase."""
    if subject is None or subject.i > verb.i:
        return None
    sent = _sentence(verb)
    first = subject.left_edge.i
    if first - 1 <= sent.start or verb.doc[first - 1].text != ",":
        return None
    tail = [t for t in verb.doc[verb.i + 1:sent.end] if not t.is_punct]
    if len(tail) > 6 or any(t.pos_ == "VERB" for t in tail):
        return None
    if verb.dep_ in SUBORDINATE_DEPS or any(c.dep_ in FILLED_COMPLEMENT_DEPS for c in verb.children):
        return None  # `... came moments after the senator spoke`; `declared bankruptcy`; `did not`
    lead = list(verb.doc[sent.start:first - 1])
    inside = {t.i for t in lead}
    if not any(t.pos_ in ("VERB", "AUX") and (t.head.i not in inside or t.head.i == t.i) and not _subordinate(t)
               for t in lead):
        return None  # `Through a spokesman, he declined`, `When X examined it, it was labeled`
    return _clean_span(lead, verb)


def _subordinate(verb) -> bool:
    """A verb heading an adverbial or infinitive clause (`after he spoke`, `to comment`)."""
    return verb.dep_ in SUBORDINATE_DEPS or any(c.dep_ == "mark" for c in verb.children)


def _largest_piece(tokens, verb) -> tuple[int, int] | None:
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
        first, second = _clean_span(runs[0], verb), _clean_span(runs[1], verb)
        if first and second:  # `Acts of protest, he said, are acts of patriotism`: both halves
            return first[0], second[1]
    return _clean_span(best, verb)


def _clean_span(tokens, verb) -> tuple[int, int] | None:
    """A character span over ``tokens`` without edge punctuation or a leading `that`."""
    tokens = sorted((t for t in tokens if t.i != verb.i), key=lambda t: t.i)
    while tokens and (tokens[0].is_punct and not tokens[0].is_quote or tokens[0].lower_ == "that"
                      and tokens[0].dep_ != "det" and len(tokens) > 3 or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in EDGE_PUNCT or tokens[-1].is_space or _opens_quote(tokens[-1])
                      or tokens[-1].text == "." and len(tokens) > 1 and not _quote_follows(tokens[-1])):
        tokens = tokens[:-1]
    if len([t for t in tokens if t.is_alpha]) < 2:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _opens_quote(token) -> bool:
    """A quotation mark that opens (space before it): it cannot end a span."""
    return token.is_quote and token.idx > 0 and _text(token.doc)[token.idx - 1].isspace()


def _quote_follows(token) -> bool:
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.is_quote


def _according_to_cue(token, offset: int) -> Cue | None:
    """`According to X, ...` (also `, according to X.` at the end)."""
    if token.lower_ != "according":
        return None
    to = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if to is None or to.lower_ != "to":
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    phrase = sorted(set(token.subtree) | set(to.subtree) | {token, to}, key=lambda t: t.i)
    sent = _sentence(token)
    in_phrase = set(phrase)  # once, not once per token of the sentence
    rest = [t for t in sent if t not in in_phrase]
    content = _largest_piece(rest, token)
    end = to.idx + len(to)
    return Cue(token.idx + offset, end + offset, _text(token.doc)[token.idx:end], "according to",
               sent.start_char + offset, sent.end_char + offset,
               describe_mention(source, offset), _shift(content, offset))


def _nominal_cue(token, offset: int) -> Cue | None:
    """`his claim that ...`, `a New York Times report that ...`: the owner speaks the clause."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in lexicon.NOMINAL_CUES:
        return None
    clause = next((c for c in token.children if c.dep_ in ("acl", "relcl", "ccomp") and c.i > token.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if owner is None:
        names = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
        owner = names[-1] if names else None
    if owner is None:
        by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None:
        return None
    sent = _sentence(token)
    content = _clean_span(list(clause.subtree), token)
    return Cue(token.idx + offset, token.idx + len(token) + offset, token.text, token.lemma_.lower(),
               sent.start_char + offset, sent.end_char + offset, describe_mention(owner, offset), _shift(content, offset))


def _shift(span, offset):
    return None if span is None else (span[0] + offset, span[1] + offset)


