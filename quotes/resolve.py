"""Resolution: tie every quote's mention to one entity of its article, or to none.

A stage of its own, after extraction: :func:`resolve_article` takes an
:class:`~quotes.models.ArticleReading` (plain records) and returns the
:class:`~quotes.models.Extraction` that storage writes. Walking the article in text order,
every name joins one entity (:class:`Registry`), and each quote's mention is resolved with the
evidence a careful reader uses:

- names: the same full name; a surname or ``Mr. Trump`` to the person with that surname whose
  first name and gender agree (``Mrs. Clinton`` is not Bill Clinton); a bare ``Clinton`` to the
  principal bearer (named in full most often, then named first), never to one named as someone's
  relative (``Ivanka Trump, his daughter``); an acronym to the organisation it abbreviates
  (``IMF``); a one-word organisation to the body whose name it begins or ends (``Peabody``, ``the
  Times``); a one-word "organisation" that is a known person's surname is that person;
- ``he``/``she``: the most salient person of that gender, where gender comes from honorifics,
  first names (``gender-guesser``, only where its world-wide and US answers agree), gendered
  role and kinship words (`spokeswoman`, `widow`), and the pronouns already tied to the name;
  salience prefers the speaker of the latest quote, then the latest subject, then the latest
  mention; ``it``/``they`` go to organisations, a body before a country;
- ``who``/``which``: the noun phrase the relative clause hangs on (``who`` climbs from a place
  to the person it describes);
- descriptions (`the high-ranking diplomat`, `the New York businessman`, `the agency`): the
  latest entity whose roles fit the head word, or a named body of that kind; else, for a
  definite description, the most salient person; a possessive one (`Obama's strategist`) only
  the speaker of the last few lines, never its owner;
- statements and documents (`the statement`, `a 5th Fleet statement`) go to their issuer;
- a cue ending its paragraph in a colon (`The Times reports:`) speaks the quotes after it;
- quotes with no cue of their own continue the running speaker (nobody after an anonymous one).

An anonymous source (`a senior official`, `critics`, `people familiar with the matter`) gets no
speaker, and every quote records how it was sourced (:attr:`Quote.source_type`). After the
walk, a bare-surname entity joins the full name with that surname that dominates the article.

Not handled: cataphora (a pronoun before its name), speakers named only inside a quote, and
first-person narrators (`I said`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import lexicon, names
from .models import ArticleReading, Extraction, Mention, NameMention, Quote, Speaker

# How far back (characters) a pronoun may look for its antecedent.
PRONOUN_WINDOW = 1500
# How far back a description may look for the entity it describes.
DESCRIPTION_WINDOW = 6000
# `the statement` with no issuer of its own goes to a subject this recent.
STATEMENT_WINDOW = 400
# `Obama's strategist` goes to a person who was a subject or speaker this recently (else nobody).
OWNED_DESCRIPTION_WINDOW = 300
# `they`/`we` go to an organisation that was a subject this recently.
PLURAL_PRONOUN_WINDOW = 400


@dataclass
class Entity:
    key: str
    kind: str
    names: Counter = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    last_seen: int = -1
    last_subject: int = -1
    last_quoted: int = -1  #: where this entity was last the speaker of a quote
    first_seen: int = 1 << 62  #: where it was first named
    relative: bool = False  #: named as someone's relative: a bare surname may be the other one
    #: the name last picked, and the (names, mentions) counts it was picked at: names only grow
    _name: tuple[tuple[int, int], str] | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        """The name to show: the fullest, then the most often given (asked for often while the
        article is walked, so kept until another name or mention is added)."""
        key = (len(self.names), self.names.total())
        if self._name is None or self._name[0] != key:
            plain = [n for n in self.names if self.kind != "person" or not _two_names(n)] or list(self.names)
            full = [n for n in plain if " " in n] or plain
            self._name = key, max(full, key=lambda n: (len(n.split()) if self.kind == "person" else 1,
                                                        self.names[n], len(n)))
        return self._name[1]

    @property
    def parsed(self) -> names.PersonName:
        return names.parse_person_name(self.name)

    @property
    def affiliation(self) -> str | None:
        for text in self.roles + list(self.names):
            for word in text.lower().replace(",", " ").split():
                if word in lexicon.NATIONALITY:
                    return lexicon.NATIONALITY[word]
        return None

    def full_mentions(self) -> int:
        """How often the article gave this person's first name (`Hillary Clinton`, not `Clinton`)."""
        return sum(count for name, count in self.names.items() if names.parse_person_name(name).first)

    def salience(self) -> tuple[int, int]:
        """The latest time it was the subject or the speaker of a quote, then the latest mention."""
        return (max(self.last_quoted, self.last_subject), self.last_seen)

    def recency(self) -> int:
        return max(self.last_seen, self.last_subject, self.last_quoted)


class Registry:
    """The entities of one article."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.last_statement_owner: Entity | None = None

    # -- names ----------------------------------------------------------------------------

    def see_name(self, mention: NameMention) -> Entity | None:
        if mention.weak:
            entity = self._find_person(mention.text, None)
            if entity is not None:
                entity.last_seen = max(entity.last_seen, mention.start)
                entity.last_subject = max(entity.last_subject, mention.start)
            return entity
        entity = self.find_or_add(mention.text, mention.kind, gender=mention.gender)
        if entity is None:
            return None
        entity.first_seen = min(entity.first_seen, mention.start)
        self._add_role(entity, mention.role)
        entity.gender = entity.gender or mention.gender
        entity.relative = entity.relative or mention.relative
        entity.last_seen = max(entity.last_seen, mention.start)
        if mention.is_subject:
            entity.last_subject = max(entity.last_subject, mention.start)
        return entity

    def see_statement(self, mention: Mention) -> None:
        """`a statement by X`: X owns the next `the statement` even if this cue gives no quote."""
        entity = self.find_or_add(mention.name, mention.name_kind or "organization")
        if entity is None:
            return
        self._add_role(entity, mention.role)
        entity.last_seen = max(entity.last_seen, mention.start)
        self.last_statement_owner = entity

    def find_or_add(self, name: str, kind: str, gender: str | None = None) -> Entity | None:
        if not names.tokens(name):
            return None
        entity = self.find(name, kind, gender)
        if entity is None:
            entity = Entity(key=f"e{len(self.entities) + 1}", kind=kind)
            self.entities.append(entity)
        entity.names[name] += 1
        if entity.kind == "person":
            entity.gender = entity.gender or gender or names.gender_of_name(name) or _role_gender(name)
        return entity

    def find(self, name: str, kind: str, gender: str | None = None) -> Entity | None:
        if kind == "organization":
            if len(names.tokens(name)) == 1 and name[:1].isupper() and not name.isupper():
                person = self._find_person(name, None)  # `Priebus` tagged as an organisation
                if person is not None and person.parsed.first:
                    return person
            return self._find_organisation(name)
        person = self._find_person(name, gender)
        if person is None and len(names.tokens(name)) == 1:
            return self._find_organisation(name)  # `PolitiFact`, `Peabody` tagged as a person
        return person

    def _find_person(self, name: str, gender: str | None) -> Entity | None:
        parsed = names.parse_person_name(name)
        if not parsed.surname:
            return None
        gender = gender or names.gender_of_name(name)
        people = [e for e in self.entities if e.kind == "person"
                  and not (gender and e.gender and gender != e.gender)]
        same = [e for e in people if e.parsed.key == parsed.key]
        if same:
            return same[-1]
        by_surname = [e for e in people if e.parsed.surname == parsed.surname
                      and names.compatible_first_names(e.parsed.first, parsed.first)
                      and (parsed.first or gender or not _is_relative(e))]
        if by_surname:  # the principal bearer: named in full most often, then named first
            return max(by_surname, key=lambda e: (e.full_mentions(), -e.first_seen))
        if not parsed.first:  # a first name alone (`Hillary`): the one person it can be
            by_first = [e for e in people if e.parsed.first and e.parsed.first == names.first_name_key(parsed.surname)]
            if len(by_first) == 1:
                return by_first[0]
        return None

    def _find_organisation(self, name: str) -> Entity | None:
        """The body ``name`` names: the same name, its acronym or long form, a body whose words
        hold its words, or whose name it begins or ends."""
        orgs = [e for e in self.entities if e.kind == "organization"]
        key = names.organisation_key(name)
        exact = [e for e in orgs if any(names.organisation_key(n) == key for n in e.names)]
        if exact:
            return exact[-1]
        short = names.as_acronym(name)
        if short:  # `IMF` after `International Monetary Fund`, and the other way round
            by_initials = [e for e in orgs if any(names.acronym(n) == short for n in e.names)]
            if by_initials:
                return by_initials[-1]
        long_form = names.acronym(name)
        if long_form:
            by_acronym = [e for e in orgs if any(names.as_acronym(n) == long_form for n in e.names)]
            if by_acronym:
                return by_acronym[-1]
        words = set(key[1].split())
        part = [e for e in orgs if words and any(_contains(words, set(names.organisation_key(n)[1].split()))
                                                 for n in e.names)]
        if part:
            return part[-1]
        bare = names.tokens(name)
        if len(bare) == 1 and bare[0] not in lexicon.ORG_HEADS and not names.take_countries(bare)[1]:
            # `Peabody`, `the Times`; a country is not the body named after it
            ends = [e for e in orgs if any(len(t) > 1 and bare[0] in (t[0], t[-1]) and not _two_names(n)
                                           for n, t in ((n, names.tokens(n)) for n in e.names))]
            return max(ends, key=Entity.recency) if ends else None
        return None

    # -- resolving the mention of a quote -------------------------------------------------

    def resolve(self, mention: Mention, at: int) -> Entity | None:
        form = mention.form
        if form == "name" and mention.name:
            kin_gender = lexicon.GENDERED_ROLE_WORDS.get(mention.kin or "")
            gender = kin_gender or (names.gender_of_name(mention.text) if mention.name_kind != "organization" else None)
            entity = self.find_or_add(mention.name, mention.name_kind or "person", gender=gender)
            if entity is not None:
                self._add_role(entity, mention.role)
                if mention.kin:
                    entity.relative = True
                    entity.gender = kin_gender or entity.gender  # `widow Terry Strada` is a woman
            return entity
        if form == "statement":
            if mention.name:
                entity = self.find_or_add(mention.name, mention.name_kind or "organization")
                if entity is not None:
                    self._add_role(entity, mention.role)
                    self.last_statement_owner = entity
                return entity
            return self.last_statement_owner or self._latest_subject(at, STATEMENT_WINDOW)
        if form == "relative" and mention.antecedent is not None:
            return self.resolve(mention.antecedent, at)
        if form == "pronoun":
            return self._pronoun(mention.head, at)
        if form == "description":
            return self._description(mention, at)
        return None

    def _pronoun(self, word: str, at: int) -> Entity | None:
        word = word.lower()
        if word in lexicon.PERSON_PRONOUNS:
            gender = lexicon.PERSON_PRONOUNS[word]
            pool = [e for e in self.entities if e.kind == "person" and e.gender in (None, gender)]
        elif word in ("it", "its"):
            pool = [e for e in self.entities if e.kind == "organization"]
        elif word in ("they", "we", "their", "our"):
            pool = [e for e in self.entities if e.kind == "organization"
                    and at - max(e.last_subject, e.last_quoted) < PLURAL_PRONOUN_WINDOW]
        else:
            return None
        recent = [e for e in pool if self._recent(e, at, PRONOUN_WINDOW)]
        if word not in lexicon.PERSON_PRONOUNS:  # `it said` is a body's, rarely a country's
            bodies = [e for e in recent if not _is_country(e.name)]
            recent = bodies or recent
        return max(recent, key=Entity.salience) if recent else None

    def _latest_subject(self, at: int, window: int) -> Entity | None:
        """`X issued a statement. The statement said ...`: the body or person just before."""
        near = [e for e in self.entities if 0 <= at - max(e.last_subject, e.last_quoted) <= window]
        return max(near, key=Entity.salience) if near else None

    @staticmethod
    def _recent(entity: Entity, at: int, window: int) -> bool:
        return 0 <= at - entity.recency() <= window

    def _description(self, mention: Mention, at: int) -> Entity | None:
        if mention.text[:1].isupper() and mention.text.istitle():  # a name the tagger missed
            named = self.find(mention.text, "person") or self.find(mention.text, "organization")
            if named is not None:
                return named
        head = mention.head.lower()
        if head in lexicon.SPOKESPERSON_HEADS and mention.owner and mention.owner_kind == "organization":
            return self.find_or_add(mention.owner, "organization")  # `a spokesman for the ministry`
        fits = lexicon.DESCRIPTION_FITS.get(head, (head,))
        wanted = {lexicon.NATIONALITY[m] for m in mention.modifiers if m in lexicon.NATIONALITY}
        party = _party(mention.text)
        recent = [e for e in self.entities if e.last_seen >= 0 and 0 <= at - e.recency() <= DESCRIPTION_WINDOW
                  and not (party and _party(" ".join(e.roles)) not in (None, party))]
        if head in lexicon.ORG_HEADS:  # `the agency`, `police`: a named body of that kind
            kind_words = lexicon.ORGANISATION_KIND_WORDS.get(head, frozenset((head,)))
            bodies = [e for e in recent if e.kind == "organization"
                      and any(kind_words & set(n.lower().split()) for n in e.names)]
            return max(bodies, key=Entity.recency) if bodies else None
        fitting = [e for e in recent if _fits(e, fits) and not (wanted and e.affiliation not in wanted)]
        if fitting:
            return max(fitting, key=Entity.recency)
        if not mention.definite or mention.plural:
            return None  # `a senior official`, `officials`: not named here
        if head not in lexicon.PERSON_HEADS:
            return None  # `the agency`, `the network`: only a name or role that fits it will do
        gender = lexicon.GENDERED_ROLE_WORDS.get(head)
        pool = [e for e in recent if e.kind == "person" and not (gender and e.gender and e.gender != gender)
                and not (wanted and e.affiliation not in wanted) and self._recent(e, at, PRONOUN_WINDOW)]
        if mention.owner:  # `Obama's former strategist` right after Axelrod spoke: him, never Obama
            owner = self.find(mention.owner, mention.owner_kind or "person")
            pool = [e for e in pool if e is not owner
                    and 0 <= at - max(e.last_subject, e.last_quoted) <= OWNED_DESCRIPTION_WINDOW]
        return max(pool, key=Entity.salience) if pool else None

    def _add_role(self, entity: Entity, role: str | None) -> None:
        if role and role not in entity.roles:
            entity.roles.append(role)
            if entity.kind == "person" and entity.gender is None:
                entity.gender = _role_gender(role)


def _contains(a: set[str], b: set[str]) -> bool:
    """One organisation's words hold the other's (`Defense Ministry` in `Russian Defense
    Ministry`); only for names of two or more words each."""
    if len(a) > 1 and len(b) > 1:
        return a <= b or b <= a
    return False


def _fits(entity: Entity, fits: tuple[str, ...]) -> bool:
    texts = [r.lower() for r in entity.roles]
    if entity.kind == "organization":
        texts += [n.lower() for n in entity.names]
    return any(fit in text for fit in fits for text in texts)


def _two_names(name: str) -> bool:
    """`Manchin and Collins`, `Hall & Pallaoro`: two names, never one speaker's."""
    return " and " in name or " & " in name


def _is_country(name: str) -> bool:
    rest, found = names.take_countries(names.tokens(name))
    return bool(found) and not [w for w in rest if w != "the"]


def _is_relative(entity: Entity) -> bool:
    """`Ivanka Trump, the nominee's eldest daughter`: a bare `Trump` may be the relative."""
    return entity.relative or any(set(names.tokens(role)) & lexicon.FAMILY_WORDS for role in entity.roles)


def _party(text: str) -> str | None:
    """The party a description or role names (`the GOP nominee` -> Republican), if one."""
    for word in text.lower().replace("’s", " ").replace("'s", " ").split():
        if word in lexicon.PARTY_WORDS:
            return lexicon.PARTY_WORDS[word]
    return None


def _role_gender(text: str) -> str | None:
    for word in text.lower().replace(",", " ").split():
        if word in lexicon.GENDERED_ROLE_WORDS:
            return lexicon.GENDERED_ROLE_WORDS[word]
    return None


# --- the article -----------------------------------------------------------------------------


def resolve_article(reading: ArticleReading) -> Extraction:
    """Tie each quote of ``reading`` to an entity of its article; the speakers are the entities
    that speak."""
    if reading.failure:
        return Extraction(article_id=reading.article_id, failure=reading.failure, problems=reading.problems)
    registry = Registry()
    pairs: list[tuple[Quote, Entity | None]] = []
    running: Entity | None = None
    for _, kind, item in _events(reading):
        if kind == "name":
            registry.see_name(item)
        elif kind == "statement":
            registry.see_statement(item)
        elif kind == "introduction":  # `X reports:`: the quotation that follows is X's
            entity = registry.resolve(item, item.start)
            if entity is not None:
                entity.last_subject = max(entity.last_subject, item.start)
                running = entity
        else:
            quote, mention = item
            at = mention.start if mention is not None else quote.start
            entity = registry.resolve(mention, at) if mention is not None else running
            quote.source_type = _source_type(mention, entity)
            if entity is not None:
                entity.first_seen = min(entity.first_seen, at)
                entity.last_seen = max(entity.last_seen, at)
                entity.last_quoted = max(entity.last_quoted, at)
            if mention is not None:  # an anonymous or joint source is who speaks on, too
                running = entity
            pairs.append((quote, entity))
    pairs = _join_bare_surnames(registry, pairs)
    quotes, speakers = _finish(pairs)
    return Extraction(article_id=reading.article_id, quotes=quotes, speakers=speakers, problems=reading.problems)


def _events(reading: ArticleReading):
    """Names, statement owners and quotes in the order their mentions appear."""
    events = [(n.start, 0, "name", n) for n in reading.names]
    events += [(m.start, 1, "statement", m) for m in reading.statements]
    events += [(m.start, 1, "introduction", m) for m in reading.introductions]
    for quote, mention in zip(reading.quotes, reading.mentions):
        at = mention.start if mention is not None else quote.start
        events.append((at, 2, "quote", (quote, mention)))
    events.sort(key=lambda e: (e[0], e[1]))
    return [(at, kind, item) for at, _, kind, item in events]


def _source_type(mention: Mention | None, entity: Entity | None) -> str:
    if mention is None:
        return "named" if entity is not None else "none"
    if entity is not None:
        return "named"
    if mention.form == "statement":
        return "document"
    if mention.form in ("generic", "description", "joint"):
        return "anonymous"
    return "none"


def _join_bare_surnames(registry: Registry, pairs):
    """A surname-only entity (`Priebus`, `De Blasio`, perhaps tagged as an organisation) joins
    the full-name person of the article with that surname: the only one, or the one named far
    more often than the others (`Scott` is Bobby Scott, not Tim Scott named once)."""
    full = [e for e in registry.entities if e.kind == "person" and e.parsed.first]
    moved = {}
    for entity in registry.entities:
        parsed = names.parse_person_name(entity.name)
        if parsed.first or not parsed.surname or entity.name.isupper() \
                or entity.kind == "person" and _two_names(entity.name):
            continue
        if entity.kind == "organization" and not all(w[:1].isupper() for w in entity.name.split()[-1:]):
            continue
        same = [e for e in full if e.parsed.surname == parsed.surname and not _is_relative(e)
                and not (entity.gender and e.gender and entity.gender != e.gender)]
        target = _dominant(same)
        if target is not None:
            target.names.update(entity.names)
            target.roles += [r for r in entity.roles if r not in target.roles]
            moved[entity.key] = target
    return [(q, moved.get(e.key, e) if e is not None else None) for q, e in pairs]


def _dominant(people: list[Entity]) -> Entity | None:
    """The one of ``people``, or the one named at least twice as often as all the others."""
    if not people:
        return None
    counts = sorted(((sum(e.names.values()), i) for i, e in enumerate(people)), reverse=True)
    top, rest = counts[0][0], sum(c for c, _ in counts[1:])
    return people[counts[0][1]] if top >= 2 * rest else None


def _finish(pairs: list[tuple[Quote, Entity | None]]) -> tuple[list[Quote], list[Speaker]]:
    speakers: dict[str, Speaker] = {}
    for quote, entity in pairs:
        if entity is None:
            continue
        quote.speaker_key = entity.key
        if not (quote.role and entity.kind == "person"):
            quote.role = entity.roles[0] if entity.roles else None
        if entity.key not in speakers:
            speakers[entity.key] = Speaker(
                key=entity.key, name=entity.name, kind=entity.kind,
                role=Counter(entity.roles).most_common(1)[0][0] if entity.roles else None,
                affiliation=entity.affiliation, aliases=sorted(entity.names),
            )
    return [q for q, _ in pairs], list(speakers.values())
