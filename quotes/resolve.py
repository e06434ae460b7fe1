"""Resolve speaker mentions to the people and organisations an article names.

Works on plain records, in text order: every name mention registers or refreshes an entity (with
its roles, affiliation, gender and where it was last the subject of a sentence); each quote's
mention is then resolved:

- a name joins the entity with that full name, or with that surname (`Ryabkov` → `Sergey
  Ryabkov`), or starts a new one;
- `he`/`she` go to the most salient compatible person: the latest person who was a subject,
  then the latest named; `it`/`they` to a recent organisation;
- a description (`the high-ranking diplomat`, `the minister`, `the Russian official`) goes to the
  latest entity whose role fits it (see ``lexicon.DESCRIPTION_FITS``) and, when the description
  names a nationality, whose affiliation agrees;
- `the statement` goes to the owner of the latest statement mentioned;
- a quote with no cue of its own inherits the running speaker.

When nothing fits, the quote keeps its mention and gets no speaker. Not handled: cataphora (a
pronoun before its name) and speakers only identified inside a quote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon
from .canonical import same_first_name
from .extract.mentions import Mention, NameMention

# How far back (characters) a pronoun may look for its antecedent.
PRONOUN_WINDOW = 1500
# How far back a description may look for the entity it describes.
DESCRIPTION_WINDOW = 6000

TITLE_PREFIX_RE = re.compile(r"^(?:(?:mr|mrs|ms|dr|sen|rep|gov|gen|lt|col|prof)\.?\s+)+", re.IGNORECASE)


@dataclass
class Entity:
    key: str
    kind: str
    names: Counter = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    last_seen: int = -1
    last_subject: int = -1

    @property
    def name(self) -> str:
        full = [n for n in self.names if " " in n] or list(self.names)
        return max(full, key=lambda n: (len(n.split()), self.names[n], len(n)))

    @property
    def surname(self) -> str:
        tokens = _tokens(self.name) if self.kind == "person" else []
        return tokens[-1] if tokens else ""

    @property
    def affiliation(self) -> str | None:
        for text in self.roles + list(self.names):
            for word in re.findall(r"[\w.’']+", text.lower()):
                if word in lexicon.NATIONALITY:
                    return lexicon.NATIONALITY[word]
        return None


def _tokens(name: str) -> list[str]:
    return list(_token_tuple(name))


@lru_cache(maxsize=65536)
def _token_tuple(name: str) -> tuple[str, ...]:
    name = TITLE_PREFIX_RE.sub("", name.strip())
    return tuple(t for t in re.split(r"\s+", name.replace("’s", "").replace("'s", "")) if t)


@lru_cache(maxsize=65536)
def _org_key(name: str) -> str:
    words = [w for w in re.findall(r"[\w]+", name.lower()) if w not in ("the", "s", "of")]
    words = [lexicon.NATIONALITY.get(w, w).lower() for w in words]
    words = ["defense" if w == "defence" else w for w in words]
    return " ".join(sorted(words))


class Registry:
    """The entities of one article."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.last_statement_owner: Entity | None = None

    def see_name(self, mention: NameMention) -> Entity:
        entity = self.find_or_add(mention.text, mention.kind)
        if mention.role and mention.role not in entity.roles:
            entity.roles.append(mention.role)
        entity.gender = entity.gender or mention.gender or _gender_of(mention.text)
        entity.last_seen = mention.start
        if mention.is_subject:
            entity.last_subject = mention.start
        return entity

    def see_statement(self, mention: Mention) -> None:
        """`a statement by X`: X owns the next `the statement` even if this cue gives no quote."""
        entity = self.find_or_add(mention.name, mention.name_kind or "organization")
        if mention.role and mention.role not in entity.roles:
            entity.roles.append(mention.role)
        entity.last_seen = max(entity.last_seen, mention.start)
        self.last_statement_owner = entity

    def find_or_add(self, name: str, kind: str) -> Entity:
        entity = self.find(name, kind)
        if entity is None:
            entity = Entity(key=f"e{len(self.entities) + 1}", kind=kind)
            self.entities.append(entity)
        entity.names[name] += 1
        return entity

    def find(self, name: str, kind: str) -> Entity | None:
        if kind == "organization":
            key = _org_key(name)
            exact = [e for e in self.entities if e.kind == kind and any(_org_key(n) == key for n in e.names)]
            if exact:
                return exact[-1]
            words = set(key.split())
            part = [e for e in self.entities if e.kind == kind and len(words) > 1
                    and any(words <= set(_org_key(n).split()) or set(_org_key(n).split()) <= words
                            for n in e.names if len(_org_key(n).split()) > 1)]
            return part[-1] if part else None
        tokens = _tokens(name)
        if not tokens:
            return None
        people = [e for e in self.entities if e.kind == "person"]
        same = [e for e in people if _tokens(e.name) == tokens]
        if same:
            return same[-1]
        by_surname = [e for e in people if e.surname == tokens[-1] and _first_names_agree(_tokens(e.name), tokens)]
        if by_surname:
            return max(by_surname, key=lambda e: e.last_seen)
        if len(tokens) == 1:
            by_first = [e for e in people if len(_tokens(e.name)) > 1 and _tokens(e.name)[0] == tokens[0]]
            if len(by_first) == 1:
                return by_first[0]
        return None

    # -- resolving the mention of a quote -------------------------------------------------

    def resolve(self, mention: Mention, at: int) -> Entity | None:
        if mention.form == "name" and mention.name:
            entity = self.find_or_add(mention.name, mention.name_kind or "person")
            if mention.role and mention.role not in entity.roles:
                entity.roles.append(mention.role)
            return self._touch(entity, at)
        if mention.form == "statement":
            if mention.name:
                entity = self.find_or_add(mention.name, mention.name_kind or "organization")
                if mention.role and mention.role not in entity.roles:
                    entity.roles.append(mention.role)
                self.last_statement_owner = entity
                return self._touch(entity, at)
            return self._touch(self.last_statement_owner, at) if self.last_statement_owner else None
        if mention.form == "pronoun":
            return self._touch(self._pronoun(mention.head, at), at)
        if mention.form == "description":
            return self._touch(self._description(mention, at), at)
        return None

    def _touch(self, entity: Entity | None, at: int) -> Entity | None:
        if entity is not None:
            entity.last_seen = max(entity.last_seen, at)
            entity.last_subject = max(entity.last_subject, at)
        return entity

    def _pronoun(self, word: str, at: int) -> Entity | None:
        word = word.lower()
        if word in lexicon.PERSON_PRONOUNS:
            gender = lexicon.PERSON_PRONOUNS[word]
            pool = [e for e in self.entities if e.kind == "person" and e.gender in (None, gender)]
        elif word in ("it", "its"):
            pool = [e for e in self.entities if e.kind == "organization"]
        elif word in ("they", "we", "their", "our"):
            pool = [e for e in self.entities if e.kind == "organization" and at - e.last_subject < 400]
        else:
            return None
        recent = [e for e in pool if 0 <= at - e.last_seen <= PRONOUN_WINDOW or 0 <= at - e.last_subject <= PRONOUN_WINDOW]
        if not recent:
            return None
        return max(recent, key=lambda e: (e.last_subject, e.last_seen))

    def _description(self, mention: Mention, at: int) -> Entity | None:
        if mention.text[:1].isupper() and mention.text.istitle():  # a name the tagger missed
            named = self.find(mention.text, "person") or self.find(mention.text, "organization")
            if named is not None:
                return named
        head = mention.head.lower()
        fits = lexicon.DESCRIPTION_FITS.get(head, (head,))
        wanted = {lexicon.NATIONALITY[m] for m in mention.modifiers if m in lexicon.NATIONALITY}
        pool = []
        for entity in self.entities:
            if at - entity.last_seen > DESCRIPTION_WINDOW or entity.last_seen < 0:
                continue
            texts = [r.lower() for r in entity.roles]
            if entity.kind == "organization":
                texts += [n.lower() for n in entity.names]
            if not any(fit in text for fit in fits for text in texts):
                continue
            if wanted and entity.affiliation not in wanted:
                continue
            pool.append(entity)
        return max(pool, key=lambda e: e.last_seen) if pool else None


def _first_names_agree(known: list[str], seen: list[str]) -> bool:
    """`Ryabkov` agrees with `Sergey Ryabkov`; `Jane Smith` does not with `John Smith`."""
    if len(known) == 1 or len(seen) == 1:
        return True
    return same_first_name(known[0], seen[0]) or known[0][0] == seen[0][0] and len(seen[0].rstrip(".")) == 1


def _gender_of(name: str) -> str | None:
    tokens = _tokens(name)
    if len(tokens) < 2:
        return None
    first = tokens[0].lower()
    if first in lexicon.MALE_NAMES:
        return "m"
    if first in lexicon.FEMALE_NAMES:
        return "f"
    return None
