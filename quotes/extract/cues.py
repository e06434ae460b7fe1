"""The *set* step for reporting cues: turn the matches of :mod:`.cue_rules` into cues, their
speakers' mentions and what they report, and read the names in a parsed paragraph.

With :mod:`.content`, :mod:`.mentions` and :mod:`.when`, the only code that walks spaCy tokens.
It turns a parsed paragraph into plain records (:class:`Cue`, and the
:class:`~quotes.models.Mention` and :class:`~quotes.models.NameMention` records it builds with
:mod:`.mentions`) with character offsets into the article, so that assembling quotes and
resolving speakers never touch spaCy objects.

Which words are cues is the rule files' business (``doc.spans["quote_cues"]``); this module
knows three families of them, by their match labels:

- verb cues (labels ``speech``, ``complement``, ``naming``, ``particle``, and ``finding``, which
  counts only when the verb's subject is one of :data:`quotes.lexicon.DOCUMENT_NOUNS`): the
  speaker is the verb's subject (following chains of verbs, passives and parentheticals), the
  content is read by :mod:`.content`;
- source phrases (``source_phrase``, `according to X`): the node ``source`` speaks the rest of
  the sentence;
- nominal cues (``nominal``, `his claim that ...`): the noun's owner speaks its clause (the
  node ``clause``).

A new pattern with one of these labels needs no code. Not handled here: quotation marks (see
:mod:`.marks`) and deciding what a pronoun or description refers to (see :mod:`quotes.resolve`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Span

from .. import lexicon
from ..models import Mention, NameMention
from .content import before_trailing_cue, clean_span, largest_piece, lead_in, reported_content
from .cue_rules import NODES_KEY, SPANS_KEY
from .doc_index import doc_text, last_person_before, sentence_of
from .mentions import SUBJECT_DEPS, describe_mention, name_mention
from .when import time_adjunct

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Match labels that make a verb a cue (quotes/rules/<language>/verbs.yml), and the one that
# makes it a cue only with a document for its subject.
VERB_CUE_LABELS = frozenset({"speech", "complement", "naming", "particle"})
FINDING = "finding"
SOURCE_PHRASE, NOMINAL = "source_phrase", "nominal"
# Prepositions before a cue's -ing form whose subject is the sentence's (`by asking`).
MANNER_PREPOSITIONS = {"by", "after", "before", "while", "when"}
# Marks that close a parenthetical before a clause's subject (`... made public ― Trump boasted`).
PARENTHESIS_ENDS = {"―", "—", "–", "--", ")", ";"}
# Auxiliaries, negations and particles this close before a verb belong to the cue's words
# (`did not say`); further back they are the parser's attachments across a clause.
CUE_WORDS_BEFORE = 2
# A person named at most this many words before a verb may be its subject (`"...," Flynn, a
# top surrogate, said`).
PERSON_BEFORE_VERB_WORDS = 8
# A document of at most this many tokens is a headline-like fragment: its first proper noun is
# not taken for an untagged subject.
SHORTEST_SUBJECT_DOC = 3


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
class CuesAndNames:
    """What the parse of one paragraph gave: its reporting cues and the names in it, in text order."""

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
            or token.lower_ in lexicon.ROLE_WORDS or token.i == 0 and token.doc[-1].i < SHORTEST_SUBJECT_DOC:
        return None
    start = token.idx + offset
    return NameMention(start, start + len(token.text), token.text, "person", True, weak=True)


def read_paragraph(doc, offset: int, quoted: list[tuple[int, int]]) -> CuesAndNames:
    """Cues and names in a parsed paragraph; ``offset`` maps doc offsets to article offsets.

    ``quoted`` holds the paragraph's quoted spans (doc offsets): cue words inside them are the
    quoted person's words, not a report of speech.
    """
    if SPANS_KEY not in doc.spans:
        raise ValueError(f"the paragraph at {offset} was not run through the quote_cues component "
                         "(quotes.extract.load_model adds it to the pipeline)")
    inside = _inside_checker(quoted)
    trim_entities(doc)
    cues = []
    for anchor, labels, nodes in _matches_by_cue(doc):
        token = doc[anchor]
        if inside(token.idx):
            continue
        cue = None
        if labels & VERB_CUE_LABELS or FINDING in labels:
            cue = _verb_cue(token, labels, offset, inside)
        if cue is None and SOURCE_PHRASE in labels:
            cue = _source_phrase_cue(token, nodes[SOURCE_PHRASE], offset)
        if cue is None and NOMINAL in labels:
            cue = _nominal_cue(token, nodes[NOMINAL], offset)
        if cue:
            cues.append(cue)
    names = [name_mention(ent, offset) for ent in doc.ents
             if ent.label_ in NAME_LABELS and not inside(ent.start_char)]
    names += [n for n in (_untagged_subject(t, offset) for t in doc
                          if t.dep_ in SUBJECT_DEPS and not inside(t.idx)) if n]
    return CuesAndNames(cues, [n for n in names if n])


def _matches_by_cue(doc):
    """``(cue token index, labels, nodes by label)`` for every token a cue pattern matched, in
    text order; a label's nodes are those of the first match with it (spans, node tables)."""
    spans, node_table = doc.spans[SPANS_KEY], doc.user_data.get(NODES_KEY, [])
    by_cue: dict[int, tuple[set[str], dict[str, dict]]] = {}
    for k, span in enumerate(spans):
        nodes = node_table[k] if k < len(node_table) else {}
        labels, found = by_cue.setdefault(nodes.get("cue", span.start), (set(), {}))
        labels.add(span.label_)
        found.setdefault(span.label_, {**nodes, "words": (span.start, span.end)})
    return [(anchor, labels, found) for anchor, (labels, found) in sorted(by_cue.items())]


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


def _verb_cue(token, labels: set[str], offset: int, inside) -> Cue | None:
    """A verb cue with its speaker and content, or None for a `finding` verb whose subject is
    no document, or a verb with neither speaker nor content that heads no clause."""
    lemma = token.lemma_.lower()
    speech = bool(labels & VERB_CUE_LABELS)
    subject = _subject(token)
    if subject is None or inside(subject.idx):  # a subject in quotation marks is a misparse:
        # take a second subject outside them (`"... It is over," said Ann Lowry`)
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
    if not speech and FINDING in labels and subject is not None \
            and subject.lemma_.lower() in lexicon.DOCUMENT_NOUNS:
        speech = True
    if not speech:
        return None
    content = reported_content(token, labels) or before_trailing_cue(token, subject)
    lead = lead_in(token, subject, content)
    if subject is None and content is None and token.dep_ not in ("parataxis", "ccomp", "ROOT"):
        return None
    sent = sentence_of(token)
    cue_tokens = [token] + [c for c in token.children if c.dep_ in ("prt", "aux", "neg")
                            and c.i >= token.i - CUE_WORDS_BEFORE]
    start = min(t.idx for t in cue_tokens)
    end = max(t.idx + len(t) for t in cue_tokens)
    return Cue(start + offset, end + offset, doc_text(token.doc)[start:end], lemma,
               sent.start_char + offset, sent.end_char + offset,
               describe_mention(subject, offset) if subject is not None else None,
               _shift(content, offset), _shift(lead, offset),
               _shift(time_adjunct(token, content, inside), offset))


def _person_just_before(verb, inside):
    """`"...," Flynn, a top surrogate, said`: a person named in the few words before the verb
    (only the last person named before it is looked at)."""
    doc = verb.doc
    ent = last_person_before(doc, verb.i)
    if ent is None:
        return None
    between = doc[ent.end:verb.i]
    if verb.i - ent.end > PERSON_BEFORE_VERB_WORDS or inside(ent.start_char) \
            or any(t.pos_ in ("VERB", "AUX") for t in between) \
            or any(t.lower_ == "to" and t.pos_ == "PART" for t in between):
        return None  # (`spoke with Kislyak to tell him`: the person before an infinitive is its object)
    if not between or between[0].text == "," or len(between) <= 1:
        return ent.root
    return None


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


def _source_phrase_cue(token, nodes: dict, offset: int) -> Cue:
    """`According to X, ...`: the phrase's source speaks the longest piece of the sentence
    outside the phrase (both halves when the phrase cuts a clause in two)."""
    doc = token.doc
    first, last = nodes["words"]
    words = doc[first:last]
    source = doc[nodes["source"]]
    in_phrase = {t for word in words for t in word.subtree}  # once, not once per token of the sentence
    sent = sentence_of(token)
    content = largest_piece([t for t in sent if t not in in_phrase], token)
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    return Cue(start + offset, end + offset, doc_text(doc)[start:end], " ".join(w.lower_ for w in words),
               sent.start_char + offset, sent.end_char + offset,
               describe_mention(source, offset), _shift(content, offset))


def _nominal_cue(token, nodes: dict, offset: int) -> Cue | None:
    """`his claim that ...`, `a Daily Ledger report that ...`: the owner speaks the clause
    (the node ``clause``); the owner is a possessive, else the last proper-noun modifier, else
    the object of `by`/`from`. None without an owner."""
    clause = token.doc[nodes["clause"]]
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if owner is None:
        names = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
        owner = names[-1] if names else None
    if owner is None:
        by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None:
        return None
    sent = sentence_of(token)
    content = clean_span(list(clause.subtree), token)
    return Cue(token.idx + offset, token.idx + len(token) + offset, token.text, token.lemma_.lower(),
               sent.start_char + offset, sent.end_char + offset, describe_mention(owner, offset),
               _shift(content, offset))


def _shift(span, offset):
    return None if span is None else (span[0] + offset, span[1] + offset)


