"""The title a sentence gives a person: an appositive (`X, chief of ...,`), a noun the name is in
apposition to, or the words written before the name (`Marseille prosecutor Brice Ravel`,
`former Secretary of State`), cleaned by :func:`quotes.roles.clean_role`.

Part of reading mentions (:mod:`.mentions`); which title words and abbreviations there are is
the lexicon's business (:data:`quotes.lexicon.ROLE_WORDS`, :data:`~quotes.lexicon.ROLE_ABBREVIATIONS`).
Not handled: titles after the name without a comma (`Brice Ravel the prosecutor`).
"""

from __future__ import annotations

from .. import lexicon
from ..roles import clean_role, is_title_word


def role_of(ent) -> str | None:
    """The title a sentence gives a person, cleaned by :func:`quotes.roles.clean_role`: an
    appositive after the name (`X, chief of ...,`), a noun the name is in apposition to (`The
    president's spokesman, Josh Earnest,`), else the title before or at the start of the name
    (`Florida Gov. Ron DeSantis`, `Sen. Ron Wyden` tagged as one entity)."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i:
            words = [t for t in child.subtree]
            if any(is_title_token(t) for t in words) and not _is_a_name(words):
                role = clean_role(span_text(_with_whole_names(contiguous_around(child, words))))
                if role:
                    return role
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        words = [t for t in head.subtree if t.i < ent.start and t.i >= head.left_edge.i]
        if any(is_title_token(t) for t in words):
            role = clean_role(span_text(contiguous_around(head, words)))
            if role:
                return role
    return premodifier_role(ent)


def span_text(tokens) -> str:
    """The text of contiguous tokens (a span's, not a slice of ``doc.text``, which is rebuilt
    on every call)."""
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text


def _is_a_name(tokens) -> bool:
    """The appositive is a name, not a title: `Trump, General Motors Co said` (a misparse)."""
    words = [t for t in tokens if not t.is_punct and t.dep_ != "det"]
    return bool(words) and all(t.ent_type_ in ("ORG", "GPE", "PERSON", "FAC", "LOC") for t in words)


def _with_whole_names(tokens):
    """The tokens, continued to the end of a name that starts among them (`president of Freedom
    to Marry`, where the parser hangs `to Marry` elsewhere)."""
    doc = tokens[0].doc
    last = tokens[-1].i
    for ent in doc.ents:
        if tokens[0].i <= ent.start <= last < ent.end - 1:
            last = ent.end - 1
    return tokens + [doc[i] for i in range(tokens[-1].i + 1, last + 1)]


def is_title_token(token) -> bool:
    """A title word or abbreviation (`spokesman`, `Gov.`), as written or as its lemma."""
    return token.lemma_.lower() in lexicon.ROLE_WORDS or is_title_word(token.text) \
        or _split_abbreviation(token)


def _split_abbreviation(token) -> bool:
    """The stem or the period of an abbreviation the tokenizer split (`Lt` `.`, `Supt` `.`)."""
    doc = token.doc
    if token.text == "." and token.i > 0 and not doc[token.i - 1].whitespace_:
        return doc[token.i - 1].lower_ + "." in lexicon.ROLE_ABBREVIATIONS
    return token.i + 1 < len(doc) and doc[token.i + 1].text == "." and not token.whitespace_ \
        and token.lower_ + "." in lexicon.ROLE_ABBREVIATIONS


def premodifier_role(ent) -> str | None:
    """The title written before a name, with its modifiers and owner (`Marseille prosecutor`,
    `former Secretary of State`, `Obama adviser`), and title words the entity itself opens with."""
    doc = ent.doc
    last = ent.start - 1
    inside = _titles_inside(ent)
    if inside:
        last = ent.start + inside - 1
    i = ent.start - 1
    words = [doc[j] for j in range(ent.start, last + 1)]
    while i >= 0:
        t = doc[i]
        if not _continues_premodifier(t, words, ent):
            break
        words.insert(0, t)
        i -= 1
    while words and words[0].lower_ in ("of", "for", "-", "'s", "’s"):
        words.pop(0)
    if not any(is_title_token(t) for t in words):
        return None
    return clean_role(span_text(words))


def _titles_inside(ent) -> int:
    """How many tokens at the start of a PERSON entity are titles (`Lawyer Andrew Kessler`):
    capitalised title words with at least two name words after them, or abbreviations."""
    n = 0
    for t in ent:
        abbreviated = t.lower_ in lexicon.ROLE_ABBREVIATIONS
        titled = t.text[:1].isupper() and (t.lower_ in lexicon.ROLE_WORDS or t.lower_ in lexicon.RANK_MODIFIERS)
        if not (abbreviated or titled and len(ent) - n > 2):
            break
        n += 1
    return n if n < len(ent) else 0


def _continues_premodifier(t, words, ent) -> bool:
    """Whether token ``t``, just before ``words``, belongs to the title written before a name:
    a capitalised word, a title word, a nationality, `of`/`'s`/`for` inside the title, or a
    lower-case modifier of a word already taken (`former`, `campaign` in `campaign manager`)."""
    if _split_abbreviation(t):
        return True
    joining = t.lower_ in ("of", "'s", "’s", "-", "for") and words
    if t.is_punct and not joining or t.pos_ == "DET":
        return False
    if t.ent_type_ == "PERSON":  # `Obama adviser David Axelrod`, `Clinton's campaign manager`
        return bool(words) and (words[0].lower_ in ("'s", "’s") or words[0].ent_type_ == "PERSON"
                                or words[0].dep_ == "compound" or is_title_token(words[0]))
    titled = t.text[:1].isupper() or is_title_token(t) or t.lower_ in lexicon.NATIONALITY
    taken = {w.i for w in words} | set(range(ent.start, ent.end))
    modifier = t.dep_ in ("amod", "compound", "nmod") and t.head.i in taken and t.pos_ in ("ADJ", "NOUN", "PROPN")
    return bool(titled or joining or modifier)


def contiguous_around(head, tokens):
    """``head`` with the tokens of ``tokens`` next to it on either side without a gap, less
    punctuation and space at the ends."""
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
