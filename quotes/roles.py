"""Roles as readers should see them: the title in the words a sentence puts around a name.

Extraction (:mod:`quotes.extract.mentions`) finds the words that give a speaker's role: a
premodifier (``But Rubio spokesman Alex Conant``), an appositive (``Alan Krueger, a former
adviser to President Obama, said``) or a title before the name. Those words are often more than
a title: sentence openers, the name's own ``Dr.``, a relative clause, a second appositive.
:func:`clean_role` keeps the title and writes wire abbreviations out. It is pure text in, text
out (no spaCy), so the same function can clean roles read from any source.

What it does not handle, and leaves to extraction (which sees the parse):

- whether the phrase belongs to the person at all (``the daughter of Senator X`` stays a role);
- titles without a word of :data:`quotes.lexicon.ROLE_WORDS` or an ending of
  :data:`quotes.lexicon.ROLE_SUFFIXES` (``the Republican nominee's eldest daughter`` is kept only
  because ``nominee`` is one; ``a Texas billionaire`` gives None);
- abbreviations missing from :data:`quotes.lexicon.ROLE_ABBREVIATIONS`, and state abbreviations
  (``Mass.``), which stay as written;
- a name inside a role (``Chief Justice Roberts``) and lists of several roles joined by ``and``
  without an article (``founder and CEO of X`` is kept whole, as it is one person's title);
- non-English titles.
"""

from __future__ import annotations

import re

from . import lexicon

#: A role of more words than this is cut to the title it contains (``a 33-year veteran of the
#: CIA who ran ...``). Real titles with their organisation fit: ``former adviser to President
#: Obama`` (5), ``director of the nonpartisan Lakeside Institute for Tax Policy`` (7).
MAX_ROLE_WORDS = 10
#: ... except a title whose of-phrases name one office (``chief of the main operations
#: department of the Russian General Staff``, 11 words), kept whole up to this many words.
MAX_TITLE_WORDS = 12

# Where a role ends: punctuation that starts another phrase; within a phrase, a relative or
# reporting clause and `and`/`or` starting a second noun phrase (`director of X and a professor`).
_PHRASE_BREAK = re.compile(r"\s*[,;:()\[\]]\s*")
_CLAUSE_BREAK = re.compile(
    r"\s+(?:who|whom|whose|which|that|where|said|says|told|now)\b"
    r"|\s+(?:and|or)\s+(?=(?:a|an|the|other|others|his|her|their|its|our|is|was|who|now)\b)",
    re.IGNORECASE,
)
# A phrase that opens with these is a clause about the person, never their title.
_CLAUSE_OPENERS = frozenset("who whom whose which that where when said says told".split())
# Short asides in parentheses are dropped, not cut at: `(DHS)`, `(R-Texas)`.
_ASIDE = re.compile(r"\s*\([^()]{1,30}\)")
# Dashes that set a dateline or a tail apart (`WASHINGTON -- President`); not hyphens in words.
_DASH = re.compile(r"\s*--\s*|\s+-\s+|\s*[—–]\s*")
# Words that end a title only when something follows them (`director of`, `chief and`).
_DANGLING_TAIL = frozenset("of for to at with in on from by and or the a an".split())
# Prepositions a title carries its organisation with (`spokesman for the ministry`).
_TITLE_PREPOSITIONS = frozenset("of for to at with in on from".split())
# ... and those that also sit inside organisations' names (`Center for Strategic and
# International Studies`, `Council on Foreign Relations`): kept between capitalised words.
_NAME_PREPOSITIONS = frozenset("for on".split())
_EDGE_PUNCTUATION = " \"'“”‘’«».,;:!?()[]-–—*"
# A final period belongs to the word in abbreviations (`U.S.`, `Mass.`, `Sen.`), not in `spokesman.`
_ABBREVIATED = re.compile(r"^(?:\w\.)+$|^[A-Z][a-z]{0,3}\.$")


def clean_role(text: str | None) -> str | None:
    """The title in ``text``, or None when no title word remains.

    Strips leading conjunctions, adverbs, determiners and possessives (``But``, ``his``, ``the``),
    trailing punctuation, the name's courtesy title (``adviser, Dr.``) and the name's own rank
    after another title (``Chairman Rep.``); cuts at a relative or reporting clause (``who ran
    ...``), a comma, colon, parenthesis or dash, and a second noun phrase (``and a professor at
    ...``); writes abbreviations out (``Florida Gov.`` -> ``Florida Governor``); and cuts a phrase
    of more than :data:`MAX_ROLE_WORDS` words to its title: the first title word with the words
    before it and the of-phrase naming its office.
    """
    if not text:
        return None
    text = _titled_segment(" ".join(text.split()))
    if text is None:
        return None
    words = _strip_tail(_strip_openers(_cut_clause(text).split()))
    if len(words) > MAX_ROLE_WORDS:
        words = _strip_tail(_title_within(words))
    if not _holds_title(words):
        return None
    return " ".join(_singular([expand_abbreviation(w) for w in words]))


def _holds_title(words: list[str]) -> bool:
    """A title word, other than a weak one (`fellow`, `member`) that opens the phrase without
    an of-phrase after it (`fellow Coloradan`, but `senior fellow`, `member of the board`)."""
    for i, word in enumerate(words):
        if not is_title_word(word):
            continue
        weak = _bare(word) in lexicon.ROLE_WORDS_NOT_ALONE
        if not weak or i > 0 or i + 1 < len(words) and _bare(words[i + 1]) in _TITLE_PREPOSITIONS:
            return True
    return False


def is_title_word(word: str) -> bool:
    """``word`` (as written: capitalised, plural, possessive, hyphenated) is a title word."""
    written = word.lower().strip(_EDGE_PUNCTUATION.replace(".", ""))
    if written.partition("-")[0] in lexicon.ROLE_ABBREVIATIONS:  # `Gov.`, `Gov.-elect`; not `Sen`
        return True
    bare = _bare(word)
    return any(form in lexicon.ROLE_WORDS or form.endswith(lexicon.ROLE_SUFFIXES)
               for part in {bare, *re.split(r"[-/]", bare)} if part
               for form in (part, part.removesuffix("s"), part.removesuffix("ies") + "y"))


def expand_abbreviation(word: str) -> str:
    """``Gov.`` -> ``Governor``, ``Gov.-elect`` -> ``Governor-elect``; other words as they are."""
    head, dash, rest = word.partition("-")
    full = lexicon.ROLE_ABBREVIATIONS.get(head.lower())
    return word if full is None else full + dash + rest


def _bare(word: str) -> str:
    """Lower case, without edge punctuation or a possessive ending."""
    word = word.lower().strip(_EDGE_PUNCTUATION)
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return word.rstrip("'’")


def _titled_segment(text: str) -> str | None:
    """Of the parts dashes set apart, the first that holds a title word (`WASHINGTON -- President`)."""
    for part in _DASH.split(text):
        if any(is_title_word(w) for w in part.split()):
            return part
    return None


def _cut_clause(text: str) -> str:
    """The first phrase (between commas, colons, parentheses) that holds a title word, up to
    its first clause break; empty when a clause comes first (`D-Alaska, who ...`)."""
    for phrase in _PHRASE_BREAK.split(_ASIDE.sub("", text)):
        words = phrase.split()
        if words and _bare(words[0]) in _CLAUSE_OPENERS:
            return ""
        phrase = _CLAUSE_BREAK.split(phrase, maxsplit=1)[0]
        if any(is_title_word(w) for w in phrase.split()):
            return phrase
    return ""


def _strip_openers(words: list[str]) -> list[str]:
    """Without sentence openers, determiners, possessives, prepositions and numbers in front."""
    while words and (_bare(words[0]) in lexicon.ROLE_OPENERS or not any(ch.isalpha() for ch in words[0])):
        words = words[1:]
    return words


def _strip_tail(words: list[str]) -> list[str]:
    """Without trailing punctuation, the name's courtesy title (`Dr.`), the name's own rank
    after another title (`Chairman Rep.`, `Director Vice Adm.`) and words that need something
    after them (`director of`)."""
    words = list(words)
    while words:
        last = _trim(words[-1])
        bare = last.lower().rstrip(".")
        run = _rank_run(words)
        if not last:
            words.pop()
        elif len(words) > 1 and (bare in _DANGLING_TAIL or bare in lexicon.COURTESY_TITLES
                                 and bare not in lexicon.ROLE_WORDS):  # `Dr.`, not `professor`
            words.pop()
        elif run and any(is_title_word(w) for w in words[:-run]):
            del words[-run:]
        else:
            words[-1] = last
            break
    return words


def _trim(word: str) -> str:
    """The word without trailing punctuation, keeping the period of an abbreviation."""
    word = word.rstrip(_EDGE_PUNCTUATION.replace(".", ""))
    if word.endswith(".") and not _ABBREVIATED.match(word) and word.lower() not in lexicon.ROLE_ABBREVIATIONS:
        word = word.rstrip(".")
    return word.lstrip(_EDGE_PUNCTUATION.replace(".", ""))


def _rank_run(words: list[str]) -> int:
    """How many words at the end are an abbreviated rank (`Rep.`, `Vice Adm.`, `Lt. Gen.`, and
    `Col` whose period the tokenizer split off)."""
    n = 0
    while n < len(words):
        word = _trim(words[-1 - n]).lower()
        split = n == 0 and word[:1].isalpha() and word + "." in lexicon.ROLE_ABBREVIATIONS
        if word in lexicon.ROLE_ABBREVIATIONS or split or n and word in lexicon.RANK_MODIFIERS:
            n += 1
        else:
            break
    return n


def _inside_name(words: list[str], i: int) -> bool:
    """`for`/`on` at ``i`` joins two capitalised parts of one name (`Association for the
    Advancement`, `Council on Foreign Relations`)."""
    after = [w for w in words[i + 1:i + 3] if _bare(w) not in ("the", "a", "an")]
    return _bare(words[i]) in _NAME_PREPOSITIONS and words[i - 1][:1].isupper() \
        and bool(after) and after[0][:1].isupper()


def _singular(words: list[str]) -> list[str]:
    """A role is one person's: `Sens. X and Y` gives each `Senator`, `candidates` `candidate`.
    Left plural after `of` (`one of the union's lawyers`)."""
    if not words or any(w.lower() == "of" for w in words):
        return words
    last = words[-1]
    for plural, singular in (("ies", "y"), ("s", "")):
        stem = last[: -len(plural)] + singular
        if last.lower().endswith(plural) and stem.lower() in lexicon.ROLE_WORDS:
            return [*words[:-1], stem]
    return words


def _title_within(words: list[str]) -> list[str]:
    """The first title word with the words before it (at most :data:`MAX_ROLE_WORDS` in all) and
    the phrase that names its office: of-phrases, and other prepositions only inside a
    capitalised name (`head of the Center for Harbour Studies at the University` stops at `at`)."""
    heads = [i for i, w in enumerate(words) if is_title_word(w)]
    if not heads:
        return []
    end = heads[0] + 1
    while end < len(words) and is_title_word(words[end]):
        end += 1
    start = max(0, end - MAX_ROLE_WORDS)
    if end == len(words) or _bare(words[end]) not in _TITLE_PREPOSITIONS:
        return words[start:end]
    stop = end + 1
    while stop < len(words):
        word = _bare(words[stop])
        if word in ("and", "or") and stop + 1 < len(words) and is_title_word(words[stop + 1]):
            break  # a second title: `professor of law and expert in ...`
        if word in _TITLE_PREPOSITIONS and word != "of" and not _inside_name(words, stop):
            break
        stop += 1
    phrase = words[start:stop]
    while len(phrase) > MAX_TITLE_WORDS:  # cut at the last preposition that makes it fit
        cuts = [i for i, w in enumerate(phrase) if _bare(w) in _TITLE_PREPOSITIONS and i > end - start]
        if not cuts:
            return phrase[:MAX_TITLE_WORDS]
        phrase = _strip_tail(phrase[:cuts[-1]])
    return phrase
