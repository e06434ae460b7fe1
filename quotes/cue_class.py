"""The class of a quote's reporting cue (``quotes.cue_class``): neutral, assertive, hedged, ...

The classes and their lemmas are a table in :data:`quotes.lexicon.CUE_CLASSES`; this module only
reads a cue *as written* (``quotes.cue``: `said`, `has also noted`, `did not deny`, `pointed
out`, `According to`, `statements`) down to the lemma the table is keyed by. It needs no parse:
the cue's words are a verb with its auxiliaries, negation and particle, a noun, or `according
to`, so dropping the auxiliaries and undoing the English inflections is enough, and a change to
the table reclassifies a database without extracting it again (``quotes.store`` recomputes the
column on every build).

Not handled: the polarity a negation gives (`did not deny` is classed as `deny`), and verbs the
table does not list (their class is NULL; ``tests/test_cue_class.py`` lists the ones the
extractor produces on the gold sets).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from .lexicon import CUE_CLASSES

#: lemma -> class
CLASS_OF: dict[str, str] = {lemma: name for name, lemmas in CUE_CLASSES.items() for lemma in lemmas}

# Words of a cue that are never its head: auxiliaries, modals, negation and infinitive `to`
# (`has also noted`, `did not say`, `to be answered`); any other word before the head (`has
# sharply criticized`) is passed over because it is no form of a listed lemma.
# Source: the English auxiliaries and modals.
CUE_FILLERS = frozenset("""
has have had having was were is are am be been being will would shall should can could may might
must do does did 's 've 'd ’s ’ve ’d not never also to
""".split())

# Past tenses and participles that no suffix rule undoes. Source: the irregular English verbs
# among the speech verbs of quotes.lexicon.
IRREGULAR_FORMS = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "went": "go", "goes": "go", "gone": "go",
    "swore": "swear", "sworn": "swear", "found": "find", "shown": "show", "read": "read",
    "reads": "read", "thought": "think", "rebutted": "rebut", "quipped": "quip",
}

_WORD = re.compile(r"[a-z’']+")


def cue_lemma(cue: str | None) -> str | None:
    """The lemma of the cue as the class table knows it, or None when it has none there."""
    if not cue:
        return None
    return _lemma(cue.lower())


def classify_cue(cue: str | None) -> str | None:
    """The cue's class (``neutral``, ``hedged``, ...), or None for no cue or an unknown one."""
    lemma = cue_lemma(cue)
    return CLASS_OF.get(lemma) if lemma else None


@lru_cache(maxsize=4096)
def _lemma(cue: str) -> str | None:
    cue = cue.replace("n't", " not").replace("n’t", " not")
    words = _WORD.findall(cue)
    if " ".join(words[:2]) in CLASS_OF:  # `according to`
        return " ".join(words[:2])
    words = [w for w in words if w not in CUE_FILLERS]
    # the first word that is a form of a listed lemma: `not immediately respond`, `to be answered`
    for i, word in enumerate(words):
        head = next((c for c in _candidates(word) if c in CLASS_OF), None)
        if head is None:
            continue
        if i + 1 < len(words) and f"{head} {words[i + 1]}" in CLASS_OF:  # `pointed out`
            return f"{head} {words[i + 1]}"
        return head
    return None


def _candidates(word: str) -> list[str]:
    """``word`` and the lemmas its inflection may come from, most likely first."""
    if word in IRREGULAR_FORMS:
        return [IRREGULAR_FORMS[word]]
    found = [word]
    for suffix, replacements in (("ies", ("y",)), ("ied", ("y",)), ("ying", ("y",)), ("ing", ("", "e")),
                                 ("ed", ("", "e")), ("es", ("", "e")), ("s", ("",)), ("d", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            found.extend(stem + r for r in replacements)
            if len(stem) > 2 and stem[-1] == stem[-2]:  # `quipped`, `committed`
                found.append(stem[:-1])
    return found


def refresh_cue_classes(conn: sqlite3.Connection) -> int:
    """Set ``quotes.cue_class`` from the table for every distinct cue; only rows that change
    are written (so a new table reclassifies an old database). Returns the rows written."""
    cues = [row[0] for row in conn.execute("SELECT DISTINCT cue FROM quotes WHERE cue IS NOT NULL")]
    conn.execute("DROP TABLE IF EXISTS temp.cue_classes")
    conn.execute("CREATE TEMP TABLE cue_classes (cue TEXT PRIMARY KEY, class TEXT)")
    conn.executemany("INSERT INTO temp.cue_classes VALUES (?, ?)", ((c, classify_cue(c)) for c in cues))
    changed = 0
    for sql in ("UPDATE quotes SET cue_class = c.class FROM temp.cue_classes AS c"
                " WHERE c.cue = quotes.cue AND quotes.cue_class IS NOT c.class",
                "UPDATE quotes SET cue_class = NULL WHERE cue IS NULL AND cue_class IS NOT NULL"):
        conn.execute(sql)
        changed += conn.execute("SELECT changes()").fetchone()[0]
    conn.execute("DROP TABLE temp.cue_classes")
    return changed
