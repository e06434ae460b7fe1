"""Cue classes (quotes.cue_class over quotes.lexicon.CUE_CLASSES): the cue as written to its class."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quotes import lexicon
from quotes.build import build
from quotes.cue_class import CLASS_OF, classify_cue, cue_lemma, refresh_cue_classes

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("cue, lemma, cue_class", [
    ("said", "say", "neutral"),
    ("told", "tell", "neutral"),
    ("According to", "according to", "neutral"),
    ("stressed", "stress", "assertive"),
    ("insisted", "insist", "assertive"),
    ("pointed out", "point out", "assertive"),
    ("claimed", "claim", "hedged"),
    ("has alleged", "allege", "hedged"),
    ("admitted", "admit", "conceding"),
    ("acknowledges", "acknowledge", "conceding"),
    ("did not deny", "deny", "denying"),
    ("denies", "deny", "denying"),
    ("urged", "urge", "directive"),
    ("to call on", "call on", "directive"),
    ("vowed", "vow", "commitment"),
    ("has pledged", "pledge", "commitment"),
    ("promising", "promise", "commitment"),
    ("slammed", "slam", "critical"),
    ("accused", "accuse", "critical"),
    ("has sharply criticized", "criticize", "critical"),
    ("quipped", "quip", "expressive"),
    ("announced", "announce", "announcing"),
    ("warned", "warn", "warning"),
    ("has also noted", "note", "neutral"),
    ("isn’t saying", "say", "neutral"),
    ("not immediately respond", "respond", "neutral"),
    ("statements", "statement", "neutral"),
    ("sang", None, None),
    (None, None, None),
])
def test_cue_table(cue, lemma, cue_class):
    assert cue_lemma(cue) == lemma
    assert classify_cue(cue) == cue_class


def test_every_cue_lemma_of_the_extractor_has_a_class():
    lemmas = (lexicon.SPEECH_VERBS | lexicon.COMPLEMENT_ONLY_VERBS | lexicon.NOMINAL_CUES
              | lexicon.STATEMENT_NOUNS | lexicon.FINDING_VERBS | lexicon.OBJECT_CONTENT_VERBS
              | lexicon.COMMISSIVE_VERBS | lexicon.NAMING_VERBS | lexicon.DIRECTIVE_VERBS
              | {f"{verb} {particle}" for verb, particles in lexicon.PARTICLE_VERBS.items()
                 for particle in particles})
    assert sorted(lemmas - set(CLASS_OF)) == []


def test_each_lemma_has_one_class():
    seen: dict[str, str] = {}
    for name, lemmas in lexicon.CUE_CLASSES.items():
        for lemma in lemmas:
            assert seen.setdefault(lemma, name) == name, f"{lemma} is {seen[lemma]} and {name}"


def test_stored_and_reclassified(tmp_path):
    db = tmp_path / "q.db"
    build([ROOT / "seeds"], db, workers=1, progress=False)
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("select cue_class, count(*) from quotes group by 1").fetchall())
        assert stored.get("neutral", 0) > 0 and stored.get("assertive", 0) > 0
        assert None not in stored  # every seed quote has a cue the table knows
        stale = conn.execute("update quotes set cue_class = 'stale' where cue like 'stress%'").rowcount
        assert stale > 0
        assert refresh_cue_classes(conn) == stale  # only the rows that differ are written
        assert refresh_cue_classes(conn) == 0
        assert dict(conn.execute("select cue_class, count(*) from quotes group by 1").fetchall()) == stored


def test_a_database_from_before_cue_classes_gets_them_without_re_extraction(tmp_path):
    db = tmp_path / "old.db"
    build([ROOT / "seeds"], db, workers=1, progress=False)
    with sqlite3.connect(db) as conn:  # as the previous version left it
        expected = conn.execute("select id, cue_class from quotes order by id").fetchall()
        for column in ("cue_class", "statement_id", "statement_outlets"):
            conn.execute(f"drop index idx_quotes_{column}")
            conn.execute(f"alter table quotes drop column {column}")
        conn.execute("drop table statements")
    report = build([ROOT / "seeds"], db, workers=1, progress=False)
    assert (report.extracted, report.skipped) == (0, 5)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select id, cue_class from quotes order by id").fetchall() == expected
        assert conn.execute("select count(*) from statements").fetchone() == (0,)
