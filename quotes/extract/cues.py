"""Read one parsed paragraph: reporting cues, what they report, and who is named.

This is the only module that walks spaCy tokens. It turns a parsed paragraph into plain records
(:class:`Cue`, :class:`Mention`, :class:`NameMention`) with character offsets into the article,
so that assembling quotes and resolving speakers never touch spaCy objects.

Cues are speech verbs from :mod:`quotes.lexicon` with what they report (a clausal complement,
an object plus infinitive, or, for parenthetical cues, the clause they interrupt), and the
phrase `according to X`. Not handled here: quotation marks (see :mod:`.marks`) and deciding
what a pronoun or description refers to (see :mod:`quotes.resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import lexicon

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
EDGE_PUNCT = set(",;:—–-")
# Subordinators that carry a reported clause on past the parser's attachment to the cue.
REASON_MARKERS = frozenset("because since although though while as but so".split())
# A speech verb's bare object is reported content only when it says this much.
MIN_OBJECT_CONTENT_WORDS = 4


@dataclass
class Mention:
    """A noun phrase that names or points to a speaker."""

    start: int
    end: int
    text: str
    form: str  #: ``name``, ``pronoun``, ``description``, ``statement`` or ``generic``
    head: str  #: the head word, lower-cased (``diplomat``, ``he``, ``statement``)
    name: str | None = None  #: the person's or organisation's name in it, if any
    name_kind: str | None = None  #: ``person`` or ``organization`` for ``name``
    role: str | None = None
    modifiers: list[str] = field(default_factory=list)


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


@dataclass
class NameMention:
    """Every person or organisation named in running text (for salience and roles)."""

    start: int
    end: int
    text: str
    kind: str
    is_subject: bool
    role: str | None = None
    gender: str | None = None


@dataclass
class ParagraphReading:
    sentences: list[tuple[int, int]]
    cues: list[Cue]
    names: list[NameMention]


def read_paragraph(doc, offset: int, quoted: list[tuple[int, int]]) -> ParagraphReading:
    """Cues and names in a parsed paragraph; ``offset`` maps doc offsets to article offsets.

    ``quoted`` holds the paragraph's quoted spans (doc offsets): cue words inside them are the
    quoted person's words, not a report of speech.
    """
    inside = _inside_checker(quoted)
    cues = []
    for token in doc:
        if inside(token.idx):
            continue
        cue = _verb_cue(token, offset, inside) if token.pos_ in ("VERB", "AUX") else None
        cue = cue or _according_to_cue(token, offset) or _nominal_cue(token, offset)
        if cue:
            cues.append(cue)
    names = [_name_mention(ent, offset) for ent in doc.ents
             if ent.label_ in NAME_LABELS and not inside(ent.start_char)]
    sentences = [(s.start_char + offset, s.end_char + offset) for s in doc.sents]
    return ParagraphReading(sentences, cues, [n for n in names if n])


def _inside_checker(quoted: list[tuple[int, int]]):
    def inside(char: int) -> bool:
        return any(start <= char < end for start, end in quoted)
    return inside


def _is_speech_verb(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in lexicon.COMPLEMENT_ONLY_VERBS:
        return any(c.dep_ == "ccomp" for c in token.children)
    if lemma in lexicon.NAMING_VERBS:  # `called the plan "a disaster"`: object plus what it is called
        deps = {c.dep_ for c in token.children if not (c.dep_ == "dobj" and c.pos_ == "PRON")}
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
    if subject is None or inside(subject.idx):  # a subject in quotation marks is a misparse
        subject = _person_just_before(token, inside)
    if not speech and lemma in lexicon.FINDING_VERBS and subject is not None \
            and subject.lemma_.lower() in lexicon.DOCUMENT_NOUNS:
        speech = True
    if not speech:
        return None
    content = _content(token) or _before_trailing_cue(token, subject)
    if subject is None and content is None and token.dep_ not in ("parataxis", "ccomp", "ROOT"):
        return None
    sent = token.sent
    cue_tokens = [token] + [c for c in token.children if c.dep_ in ("prt", "aux", "neg") and c.i > token.i - 3]
    start = min(t.idx for t in cue_tokens)
    end = max(t.idx + len(t) for t in cue_tokens)
    return Cue(start + offset, end + offset, token.doc.text[start:end], lemma,
               sent.start_char + offset, sent.end_char + offset,
               _mention(subject, offset) if subject is not None else None,
               _shift(content, offset))


def _person_just_before(verb, inside):
    """`"...," Flynn, a top surrogate, said`: a person named in the few words before the verb."""
    doc = verb.doc
    for ent in reversed([e for e in doc.ents if e.label_ == "PERSON" and e.end <= verb.i]):
        between = doc[ent.end:verb.i]
        if verb.i - ent.end > 8 or inside(ent.start_char) or any(t.pos_ in ("VERB", "AUX") for t in between):
            return None
        if not between or between[0].text == "," or len(between) <= 1:
            return ent.root
        return None
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
        rest = [t for t in head.subtree if t not in set(verb.subtree)]
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
    objects = [c for c in verb.children if c.i > verb.i and c.dep_ in lexicon.OBJECT_DEPS and not _is_when(c)]
    if lemma not in lexicon.OBJECT_CONTENT_VERBS:
        objects = [c for c in objects if c.dep_ == "dobj" and c.pos_ != "PRON"
                   and sum(1 for t in c.subtree if t.is_alpha) >= MIN_OBJECT_CONTENT_WORDS]
    if not any(c.dep_ in ("dobj", "prep", "xcomp") for c in objects):
        return None
    return _clean_span([t for c in objects for t in c.subtree], verb)


def _is_when(token) -> bool:
    """A time adjunct (`on Thursday`, `last week`) is not part of what was said."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree) and \
        sum(1 for t in token.subtree if t.ent_type_ not in ("DATE", "TIME") and t.is_alpha) <= 1


def _before_trailing_cue(verb, subject) -> tuple[int, int] | None:
    """`CLAUSE, X said (on Friday).` when the parser did not link the clause to the cue."""
    if subject is None or subject.i > verb.i:
        return None
    sent = verb.sent
    first = subject.left_edge.i
    if first - 1 <= sent.start or verb.doc[first - 1].text != ",":
        return None
    tail = [t for t in verb.doc[verb.i + 1:sent.end] if not t.is_punct]
    if len(tail) > 6 or any(t.pos_ == "VERB" for t in tail):
        return None
    return _clean_span(list(verb.doc[sent.start:first - 1]), verb)


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
    while tokens and (tokens[-1].text in EDGE_PUNCT or tokens[-1].is_space
                      or tokens[-1].text == "." and len(tokens) > 1 and not _quote_follows(tokens[-1])):
        tokens = tokens[:-1]
    if len([t for t in tokens if t.is_alpha]) < 2:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


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
    sent = token.sent
    rest = [t for t in sent if t not in set(phrase)]
    content = _largest_piece(rest, token)
    end = to.idx + len(to)
    return Cue(token.idx + offset, end + offset, token.doc.text[token.idx:end], "according to",
               sent.start_char + offset, sent.end_char + offset,
               _mention(source, offset), _shift(content, offset))


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
    sent = token.sent
    content = _clean_span(list(clause.subtree), token)
    return Cue(token.idx + offset, token.idx + len(token) + offset, token.text, token.lemma_.lower(),
               sent.start_char + offset, sent.end_char + offset, _mention(owner, offset), _shift(content, offset))


def _shift(span, offset):
    return None if span is None else (span[0] + offset, span[1] + offset)


def _mention(head, offset: int) -> Mention:
    """Describe the noun phrase headed by ``head``."""
    tokens = [t for t in head.subtree if t.dep_ not in ("relcl", "acl") or t is head]
    tokens = _contiguous_around(head, tokens)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = head.doc.text[start:end]
    lower = head.lower_
    mention = Mention(start + offset, end + offset, text, "description", lower)
    if head.pos_ == "PRON":
        mention.form = "pronoun"
        return mention
    person = _entity_in(head, tokens, {"PERSON"})
    org = _entity_in(head, tokens, {"ORG", "GPE", "NORP"})
    if head.pos_ == "PROPN" and not any(e.start <= head.i < e.end for e in (person, org) if e is not None):
        # `Flynn, a top Trump surrogate,`: the head is the name, not the entity in its appositive
        person, org = None, None
    if head.lemma_.lower() in lexicon.STATEMENT_NOUNS or lower in lexicon.DOCUMENT_NOUNS:
        mention.form = "statement"
        owner = _statement_owner(head)
        if owner is not None and owner.label_ == "PERSON":
            mention.name, mention.name_kind, mention.role = owner.text, "person", role_of(owner)
        elif owner is not None:
            mention.name, mention.name_kind = _org_name(owner), "organization"
    elif person is not None:
        mention.form, mention.name, mention.name_kind = "name", person.text, "person"
        mention.role = role_of(person)
    elif org is not None and org.start <= head.i < org.end:
        mention.form, mention.name, mention.name_kind = "name", _org_name(org), "organization"
    elif head.lemma_.lower() in lexicon.ORG_HEADS and any(t.pos_ == "PROPN" or t.lower_ in lexicon.NATIONALITY for t in tokens):
        mention.form, mention.name, mention.name_kind = "name", _strip_det(tokens), "organization"
    elif head.pos_ == "PROPN" and head.text[:1].isupper():
        mention.form, mention.name, mention.name_kind = "name", _strip_det(tokens), "person"
    elif (lower in lexicon.GENERIC_SOURCE_HEADS or head.lemma_.lower() in lexicon.GENERIC_SOURCE_HEADS) \
            and not _definite_singular(head):
        mention.form = "generic"
    mention.modifiers = [t.lower_ for t in tokens if t is not head and t.dep_ in ("amod", "compound", "nmod", "poss")]
    return mention


def _definite_singular(head) -> bool:
    """`the official` points back to someone named; `an official`, `officials` do not."""
    return head.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                              for c in head.children)


def _contiguous_around(head, tokens):
    ordered = sorted(tokens, key=lambda t: t.i)
    keep = [head]
    for t in reversed([t for t in ordered if t.i < head.i]):
        if t.i != keep[0].i - 1:
            break
        keep.insert(0, t)
    for t in [t for t in ordered if t.i > head.i]:
        if t.i != keep[-1].i + 1:
            break
        keep.append(t)
    while len(keep) > 1 and (keep[-1].is_punct or keep[-1].is_space):
        keep.pop()
    while len(keep) > 1 and (keep[0].is_punct or keep[0].is_space):
        keep.pop(0)
    return keep


def _entity_in(head, tokens, labels):
    """The entity of ``labels`` that holds the head, else the first ORG, else any."""
    idx = {t.i for t in tokens}
    ents = [e for e in head.doc.ents if e.label_ in labels and e.start in idx]
    for ent in ents:
        if ent.start <= head.i < ent.end:
            return ent
    ents.sort(key=lambda e: (e.label_ != "ORG", e.label_ != "PERSON", e.start))
    return ents[0] if ents else None


def _statement_owner(head):
    """`a statement by X`, `X's statement`: the owner's entity, if any."""
    inside = [e for e in head.doc.ents if e.label_ in ("ORG", "PERSON", "GPE")
              and e.start >= head.left_edge.i and e.end <= head.right_edge.i + 1]
    inside.sort(key=lambda e: (e.label_ != "PERSON", e.label_ != "ORG", e.start))
    return inside[0] if inside else None


def _org_name(ent) -> str:
    """The organisation's name with a possessive country before it (`Russia's Defense Ministry`)."""
    start = ent.start
    doc = ent.doc
    if start >= 2 and doc[start - 1].tag_ == "POS" and doc[start - 2].ent_type_ in ("GPE", "NORP"):
        start -= 2
        while start > 0 and doc[start - 1].ent_type_ == "GPE" and doc[start - 1].ent_iob_ == "I":
            start -= 1
    elif start >= 1 and doc[start - 1].ent_type_ in ("NORP", "GPE") and doc[start - 1].dep_ in ("amod", "compound"):
        start -= 1
    text = doc[start:ent.end].text
    return text[4:] if text.lower().startswith("the ") else text


def _strip_det(tokens) -> str:
    tokens = [t for t in tokens if not (t.dep_ == "det" and t.i == tokens[0].i)]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]


def role_of(ent) -> str | None:
    """The title a sentence gives a person: appositive (`X, chief of ...,`) or premodifier."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i:
            words = [t for t in child.subtree]
            if any(t.lower_ in lexicon.ROLE_WORDS or t.lemma_.lower() in lexicon.ROLE_WORDS for t in words):
                return _strip_det(_contiguous_around(child, words))
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        words = [t for t in head.subtree if t.i < ent.start and t.i >= head.left_edge.i]
        if any(t.lower_ in lexicon.ROLE_WORDS for t in words):
            kept = _contiguous_around(head, [t for t in words])
            return _strip_det(kept) or None
    return _premodifier_role(ent)


def _premodifier_role(ent) -> str | None:
    doc = ent.doc
    i = ent.start - 1
    words = []
    while i >= 0:
        t = doc[i]
        titled = t.text[:1].isupper() or t.lower_ in lexicon.ROLE_WORDS or t.lower_ in lexicon.NATIONALITY
        joining = t.lower_ in ("of", "'s", "’s", "-", "for") and words
        if t.ent_type_ == "PERSON" or t.is_punct and not joining or t.pos_ == "DET" or not (titled or joining):
            break
        words.insert(0, t)
        i -= 1
    while words and words[0].lower_ in ("of", "for", "-"):
        words.pop(0)
    if not any(t.lower_ in lexicon.ROLE_WORDS or t.lemma_.lower() in lexicon.ROLE_WORDS for t in words):
        return None
    return doc.text[words[0].idx:words[-1].idx + len(words[-1])]


def _name_mention(ent, offset: int) -> NameMention | None:
    kind = "person" if ent.label_ == "PERSON" else "organization"
    if kind == "organization" and ent.label_ == "NORP":
        return None
    is_subject = ent.root.dep_ in SUBJECT_DEPS or (ent.root.dep_ == "appos" and ent.root.head.dep_ in SUBJECT_DEPS)
    role = role_of(ent) if kind == "person" else None
    gender = None
    if kind == "person" and ent.start > 0:
        gender = lexicon.HONORIFIC_GENDER.get(ent.doc[ent.start - 1].lower_)
    text = _org_name(ent) if kind == "organization" else ent.text
    if kind == "person":
        text = text.removesuffix("'s").removesuffix("’s")
    start = ent.start_char + offset - (len(_org_name(ent)) - len(ent.text) if kind == "organization" else 0)
    return NameMention(start, start + len(text), text, kind, is_subject, role, gender)
