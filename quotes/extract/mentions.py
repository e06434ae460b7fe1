"""Noun phrases that name or point to speakers.

Turns a spaCy subject or owner token into a :class:`Mention` (a name, pronoun, description,
statement or generic source, with the name and role it carries) and every person or
organisation entity into a :class:`NameMention` (for salience and roles). Part of the parse
reading that :mod:`.cues` does; the titles a sentence gives people are read by
:mod:`.person_roles`, and resolving what a mention refers to is left to :mod:`quotes.resolve`.
"""

from __future__ import annotations

from spacy.tokens import Span

from .. import lexicon
from ..models import Mention, NameMention
from ..roles import clean_role, is_title_word
from .person_roles import contiguous_around, is_title_token, premodifier_role, role_of, span_text

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_TAGS = {"WP", "WDT"}
# A possessive before a thing that speaks for its owner, and the pronoun it resolves as.
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
# Characters no name holds: markup and addresses left in a page's text.
MARKUP = ("=", "<", ">", "{", "}", "/", "\\", "@", "http")
# Words that end a name the parser ran into a clause or list (`Schiff, 56, who has`).
NAME_BREAKS = {",", "who", "which", "whose", "that", "--", "—", "(", ";"}


def describe_mention(head, offset: int) -> Mention:
    """Describe the noun phrase headed by ``head``: what it is (a name, a pronoun, a relative
    pronoun with its antecedent, a description with its owner, a statement, a generic or a
    joint source) and the name and role it carries."""
    tokens = [t for t in head.subtree if t.dep_ not in ("relcl", "acl") or t is head]
    tokens = contiguous_around(head, tokens)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    mention = Mention(start + offset, end + offset, head.doc.text[start:end], "description", head.lower_)
    mention.plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "we")
    verb = head.head
    while verb.dep_ == "conj" and verb.head.i < verb.i:  # `..., who served ... and who has urged`
        verb = verb.head
    if head.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl" and verb.head.i < head.i:
        mention.form = "relative"
        antecedent = _person_above(verb.head) if head.lower_ == "who" else verb.head
        mention.antecedent = describe_mention(antecedent, offset)
        return mention
    if head.pos_ == "PRON":
        mention.form = "pronoun"
        return mention
    if _is_joint(head) or any(_is_two_people(e) for e in head.doc.ents if e.start <= head.i < e.end):
        mention.form = "joint"
        return mention
    _classify(mention, head, tokens)
    mention.modifiers = [t.lower_ for t in tokens if t is not head and t.dep_ in ("amod", "compound", "nmod", "poss")]
    determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "poss")]
    mention.definite = bool(determiners) and not set(determiners) & lexicon.NON_ANAPHORIC_DETERMINERS
    return mention


def _classify(mention: Mention, head, tokens) -> None:
    """Set the mention's form, name and role from the entities inside it."""
    person = _entity_in(head, tokens, {"PERSON"})
    org = _entity_in(head, tokens, {"ORG", "GPE", "NORP"})
    holds_head = [e for e in (person, org) if e is not None and e.start <= head.i < e.end]
    before = [e for e in (person, org) if e is not None and e.end <= head.i]
    if head.pos_ != "PRON" and not holds_head and before and head.lemma_.lower() not in lexicon.ORG_HEADS:
        # `Mr. Trump's allies`, `Flynn, a top Trump surrogate,`: the entity before the head
        # owns it; an entity after the head is its appositive (`a lawyer, David Schulz,`)
        owner = min(before, key=lambda e: e.label_ != "PERSON")
        if _owns(owner):
            mention.owner = _clean_name(owner.text) if owner.label_ == "PERSON" else _org_name(owner)
            mention.owner_kind = "person" if owner.label_ == "PERSON" else "organization"
        if head.pos_ == "PROPN" or any(e.start > head.i for e in (person, org) if e is not None):
            person = person if person is not None and person.start > head.i else None
            org = org if org is not None and org.start > head.i else None
            mention.owner = mention.owner_kind = None
        else:
            person, org = None, None
    title_then_name = head.text[:1].isupper() and is_title_word(head.text) \
        and person is not None and person.end == tokens[-1].i + 1  # `Director of X at Y Jason Pye`
    if person is not None and person.start > head.i and _in_prepositional_phrase(person, head) \
            and not title_then_name:
        # `a spokeswoman for Hillary Clinton`: whose spokeswoman, not who speaks
        mention.owner, mention.owner_kind, person = _clean_name(person.text), "person", None
    if head.pos_ == "PROPN" and head.is_title and head.ent_type_ != "NORP" \
            and head.lower_ not in lexicon.PARTY_WORDS and head.lower_ not in lexicon.NATIONALITY \
            and not is_title_word(head.text) \
            and not (person is not None and person.start <= head.i < person.end):
        # `Rendell, a Clinton surrogate,`: the untagged head is the name; a name after it is
        # in its appositive (a `Clinton` there describes Rendell)
        person = person if person is None or person.start < head.i else None
        org = org if org is None or org.start <= head.i else None
    titled = _titled_person(org)
    lemma, lower = head.lemma_.lower(), head.lower_
    if titled is not None:  # `Mayor Ilse Varga` tagged as an organisation: a title, then a name
        mention.form, mention.name, mention.name_kind, mention.role = "name", titled[1], "person", titled[0]
    elif lemma in lexicon.STATEMENT_NOUNS or lower in lexicon.DOCUMENT_NOUNS:
        mention.form = "statement"
        owner = _statement_owner(head)
        if owner is not None and owner.label_ == "PERSON":
            mention.name, mention.name_kind, mention.role = _clean_name(owner.text), "person", role_of(owner)
        elif owner is not None:
            mention.name, mention.name_kind = _org_name(owner), "organization"
        else:  # `a new report by Politico`, the issuer untagged
            issuer = _untagged_issuer(head)
            if issuer:
                mention.name, mention.name_kind = issuer, "organization"
    elif person is not None and head.lemma_.lower() not in lexicon.ORG_HEADS:
        mention.form, mention.name, mention.name_kind = "name", _clean_name(person.text), "person"
        mention.role = role_of(person)
    elif org is not None and org.start <= head.i < org.end:
        mention.form, mention.name, mention.name_kind = "name", _org_name(org), "organization"
    elif lemma in lexicon.ORG_HEADS and any(t.pos_ == "PROPN" or t.lower_ in lexicon.NATIONALITY
                                            for t in _before_break(head, tokens)):
        # `Clinton’s team`, `the Trump campaign`: the body, named without the possessive
        tokens = _before_break(head, tokens)  # not its appositive or clause (`, which is not`)
        if any(t.tag_ == "POS" and t.i > 0 and t.doc[t.i - 1].ent_type_ == "PERSON" for t in tokens):
            name = " ".join(t.text for t in tokens if t.tag_ != "POS" and t.dep_ != "det")
        else:  # `Russia's Foreign Ministry` keeps its possessive
            name = _strip_det(tokens)
        mention.form, mention.name, mention.name_kind = "name", name, "organization"
    elif lemma in lexicon.ORG_HEADS and org is not None and org.start > head.i and org.label_ == "ORG":
        # `its advocacy organization, the Cancer Action Network,`: the body its appositive names
        mention.form, mention.name, mention.name_kind = "name", _org_name(org), "organization"
    elif head.pos_ == "PROPN" and head.text[:1].isupper() and any(
            t.pos_ == "CCONJ" for t in _before_break(head, tokens)):
        mention.form = "joint"  # `Manchin and Collins`, parsed as one name
    elif head.pos_ == "PROPN" and head.text[:1].isupper() \
            and not (is_title_word(head.text) or is_title_word(head.text + ".")):
        # (a capitalised title alone, `Senator from Texas says`, describes; it names nobody)
        mention.form, mention.name, mention.name_kind = "name", _clean_name(_strip_det(tokens)), "person"
    elif (lower in lexicon.GENERIC_SOURCE_HEADS or lemma in lexicon.GENERIC_SOURCE_HEADS) \
            and not _definite_singular(head):
        mention.form = "generic"
    if mention.form == "name" and mention.name_kind == "person":
        mention.kin = _kinship_at(person.root if person is not None else head,
                                  person.start if person is not None else tokens[0].i)
    if mention.owner is None and mention.form == "description":
        _owner_by_preposition(mention, head)
    elif mention.form == "description" and (lemma in lexicon.OWNED_SPEECH_NOUNS or lower in lexicon.OWNED_SPEECH_NOUNS):
        # `Ivana Trump's brief`, `Trump's letter`: a thing of someone's speaks for them
        mention.form, mention.name, mention.name_kind = "statement", mention.owner, mention.owner_kind
    owner_pronoun = next((c.lower_ for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if mention.form == "description" and owner_pronoun in POSSESSIVE_PRONOUNS \
            and (lemma in lexicon.OWNED_SPEECH_NOUNS or lower in lexicon.OWNED_SPEECH_NOUNS):
        # `her account`, `his response`: whoever the possessive stands for speaks
        mention.form, mention.head = "pronoun", POSSESSIVE_PRONOUNS[owner_pronoun]


def _in_prepositional_phrase(ent, head) -> bool:
    """Whether ``ent`` hangs on ``head`` through a preposition (`for`, `of`, `at`)."""
    token = ent.root
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ == "pobj":
            return True
        if token.dep_ == "appos":
            return False
        token = token.head
    return False


def _before_break(head, tokens):
    """The tokens up to the first comma, bracket or relative pronoun after ``head``."""
    kept = []
    for t in tokens:
        if t.i > head.i and t.lower_ in NAME_BREAKS:
            break
        kept.append(t)
    return kept


def _untagged_issuer(head) -> str | None:
    """The proper noun after `by`/`from` that issued a statement the recogniser left untagged."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "PROPN" and obj.is_title and not obj.ent_type_:
                return span_text(contiguous_around(obj, [t for t in obj.subtree if t.dep_ == "compound"
                                                           or t is obj]))
    return None


def _owns(ent) -> bool:
    """Whether an entity before a description's head is whose it is (`Pagliano's lawyer`, `a
    Trump surrogate`, `the White House spokesman`) rather than what kind it is: a place or a
    party in front of a noun (`the New York businessman`, `the GOP nominee`) only describes."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.tag_ == "POS":
        return True
    if ent.label_ in ("GPE", "NORP", "LOC"):
        return False
    return ent.text.lower() not in lexicon.PARTY_WORDS


def _owner_by_preposition(mention: Mention, head) -> None:
    """`a spokesman for the Clinton campaign`, `officials at the ministry`: whose they are."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "from", "with"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            ents = [e for e in head.doc.ents if e.start <= obj.i < e.end and e.label_ in ("PERSON", "ORG", "GPE")]
            if ents:
                mention.owner = _org_name(ents[0]) if ents[0].label_ != "PERSON" else _clean_name(ents[0].text)
                mention.owner_kind = "person" if ents[0].label_ == "PERSON" else "organization"
            elif obj.lemma_.lower() in lexicon.ORG_HEADS and any(t.pos_ == "PROPN" for t in obj.subtree):
                mention.owner = _strip_det(contiguous_around(obj, list(obj.subtree)))
                mention.owner_kind = "organization"
            return


def _person_above(token, steps: int = 5):
    """`who` stands for a person: from a place or body the clause hangs on (`Pete Buttigieg, the
    mayor of South Bend, Indiana, who`), up to the person it describes, if one is that close."""
    found = token
    while steps and found.ent_type_ != "PERSON" and found.pos_ != "PRON" and found.head.i != found.i:
        found, steps = found.head, steps - 1
    return found if found.ent_type_ == "PERSON" else token


def _is_two_people(ent) -> bool:
    """`Hall and Pallaoro` tagged as one person: two people, not a name."""
    return ent.label_ == "PERSON" and any(t.pos_ == "CCONJ" or t.text == "&" for t in ent)


def _is_joint(head) -> bool:
    """`Mr. Grassley and Mr. Leahy`, `Dempsey and the military brass`: two sources at once."""
    return any(c.dep_ == "conj" for c in head.children) and any(c.dep_ == "cc" for c in head.children)


def _clean_name(text: str) -> str:
    """A name without the clause or appositive the entity ran into (`Schiff, 56, who has`)."""
    words = text.replace(",", " , ").split()
    kept = []
    for word in words:
        if word.lower() in NAME_BREAKS:
            break
        kept.append(word)
    name = " ".join(kept) if kept else text
    if any(mark in name for mark in MARKUP):  # `poster="http://...` from a page's markup
        return ""
    return name.removesuffix("'s").removesuffix("’s").strip()


def _titled_person(ent) -> tuple[str | None, str] | None:
    """(cleaned title, name) for an ORG entity that is a person's name with a title: the title
    inside it (`Mayor Ilse Varga`) or just before it (`Marseille prosecutor Brice Ravel`)."""
    if ent is None or ent.label_ != "ORG":
        return None
    words = list(ent)
    titles = []
    while words and words[0].lower_ in lexicon.ROLE_WORDS:
        titles.append(words.pop(0))
    if not (2 <= len(words) <= 3) or not all(w.is_title and w.is_alpha for w in words):
        return None
    doc = ent.doc
    name = doc.text[words[0].idx:words[-1].idx + len(words[-1])]
    if titles:
        return clean_role(doc.text[titles[0].idx:titles[-1].idx + len(titles[-1])]), name
    if ent.start == 0 or not is_title_token(doc[ent.start - 1]) \
            or any(w.lower_ in lexicon.ORG_HEADS or w.lower_ in lexicon.NATIONALITY for w in words):
        return None
    role = premodifier_role(ent)
    return (role, name) if role else None


def _definite_singular(head) -> bool:
    """`the official` points back to someone named; `an official`, `officials` do not."""
    return head.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                              for c in head.children)


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
    last = head.right_edge.i + 1
    # an entity the recogniser ran on past the phrase (`by Politico, Democratic party`) is cut
    inside = [e if e.end <= last else Span(e.doc, e.start, last, label=e.label_)
              for e in head.doc.ents if e.label_ in ("ORG", "PERSON", "GPE")
              and head.left_edge.i <= e.start < last]
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


def name_mention(ent, offset: int) -> NameMention | None:
    """The person or organisation ``ent`` names, or None for a nationality or a possessive
    (`Mr. Trump's allies` names Trump, but Trump is not what the sentence is about)."""
    kind = "person" if ent.label_ == "PERSON" else "organization"
    if kind == "organization" and ent.label_ == "NORP" or _is_two_people(ent):
        return None
    is_subject = ent.root.dep_ in SUBJECT_DEPS or (ent.root.dep_ == "appos" and ent.root.head.dep_ in SUBJECT_DEPS)
    role = role_of(ent) if kind == "person" else None
    gender = None
    if kind == "person" and ent.start > 0:
        gender = lexicon.HONORIFIC_GENDER.get(ent.doc[ent.start - 1].lower_)
    kin = _kinship(ent) if kind == "person" else None
    if kin and not gender:
        gender = lexicon.GENDERED_ROLE_WORDS.get(kin)
    text = _org_name(ent) if kind == "organization" else _clean_name(ent.text)
    start = ent.start_char + offset - (len(_org_name(ent)) - len(ent.text) if kind == "organization" else 0)
    return NameMention(start, start + len(text), text, kind, is_subject, role, gender, relative=bool(kin))


def _kinship(ent) -> str | None:
    """The kinship word the sentence gives a person (`Ivanka Trump, the nominee's eldest
    daughter`, `his wife, Heidi Cruz`, `his wife Heidi`), if any."""
    return _kinship_at(ent.root, ent.start)


def _kinship_at(root, start: int) -> str | None:
    """:func:`_kinship` for the name whose head is ``root`` and first token ``start``."""
    near = [t for c in root.children if c.dep_ == "appos" and c.i > root.i for t in c.subtree]
    if root.dep_ == "appos" and root.head.i < start:
        near.append(root.head)
    if start > 0:
        near.append(root.doc[start - 1])
    return next((t.lower_ for t in near if t.lower_ in lexicon.FAMILY_WORDS), None)
