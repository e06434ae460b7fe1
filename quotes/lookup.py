"""Finding a speaker by what a reader types: an id, the name, any alias, or a surname.

``speaker_names`` maps a lookup key (:func:`quotes.names.comparable` of a name: lower-case,
accents folded, punctuation dropped) to the speakers it may mean. Search and the canned query
"quotes by a speaker between two dates" read it through its primary key, where matching names
and JSON aliases of every speaker row by row took 40 ms on 37,000 speakers.
:func:`refresh_speaker_names` keeps it in step with ``speakers`` at the end of every build
(:meth:`quotes.store.QuoteStore.finish`), writing only keys that changed.

Not handled: a first name alone (``Sergey`` would match hundreds), misspellings, and keys for
organisations' acronyms beyond the aliases the articles gave.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from .names import comparable

TABLE = "speaker_names"
CREATE = (f"CREATE TABLE IF NOT EXISTS [{TABLE}] (key TEXT NOT NULL, speaker_id TEXT NOT NULL, "
          "PRIMARY KEY (key, speaker_id)) WITHOUT ROWID")


def lookup_key(text: str) -> str:
    """The key a typed name is looked up by."""
    return comparable(text or "")


def speaker_name_keys(name: str | None, kind: str | None, aliases: Iterable[str]) -> set[str]:
    """Every key a speaker is found by: name, aliases, and a person's surname (the last word
    of the name; an alias's last word may be a description's noun, `diplomat`)."""
    keys = {lookup_key(n) for n in [name or "", *aliases]}
    if kind == "person":
        keys.add(lookup_key(name or "").rsplit(" ", 1)[-1])
    return {k for k in keys if k}


def _aliases(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def refresh_speaker_names(conn: sqlite3.Connection) -> int:
    """Bring ``speaker_names`` in step with ``speakers``; the number of rows written."""
    conn.execute(CREATE)
    wanted = {(key, speaker_id)
              for speaker_id, name, kind, aliases in conn.execute("SELECT id, name, kind, aliases FROM speakers")
              for key in speaker_name_keys(name, kind, _aliases(aliases))}
    have = set(conn.execute(f"SELECT key, speaker_id FROM [{TABLE}]"))
    conn.executemany(f"DELETE FROM [{TABLE}] WHERE key = ? AND speaker_id = ?", sorted(have - wanted))
    conn.executemany(f"INSERT INTO [{TABLE}] (key, speaker_id) VALUES (?, ?)", sorted(wanted - have))
    return len(have - wanted) + len(wanted - have)
