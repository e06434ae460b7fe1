"""One schema source: quotes/schema.py. The store builds its tables, Datasette shows its column
descriptions, and docs/SCHEMA.md and the top-level metadata.yml are generated from it
(docs/generate.py); these tests fail when any of them drifts."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import yaml

from quotes import publish
from quotes.curate import Correction
from quotes.schema import DESCRIBED_TABLES, FTS_TABLE, SPEAKER_CORRECTIONS, TABLES, spec
from quotes.store import QuoteStore

ROOT = Path(__file__).resolve().parent.parent


def generator():
    loaded = importlib.util.spec_from_file_location("generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module


def test_the_generated_docs_are_up_to_date():
    docs = generator()
    schema = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    assert schema == docs.schema_md(schema), "docs/SCHEMA.md is stale: run docs/generate.py"
    assert (ROOT / "metadata.yml").read_text(encoding="utf-8") == docs.metadata_yml(), \
        "metadata.yml is stale: run docs/generate.py"


def test_schema_md_has_one_generated_column_table_per_described_table():
    schema = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    blocks = generator().COLUMNS_BLOCK.findall(schema)
    assert sorted(table for _, table, _ in blocks) == sorted(t.name for t in DESCRIBED_TABLES)
    assert "| column | type | meaning |" not in generator().COLUMNS_BLOCK.sub("", schema)  # none by hand


def test_datasette_gets_every_column_description_and_the_fts_table_from_the_schema():
    tables = publish.metadata()["databases"]["quotes"]["tables"]
    for table in DESCRIBED_TABLES:
        assert tables[table.name]["columns"] == table.descriptions, table.name
        assert all(table.descriptions.values()), table.name
    assert tables["quotes"]["fts_table"] == FTS_TABLE
    top = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    assert top == publish.metadata()  # the top-level file is the package's, completed
    for query in top["databases"]["quotes"]["queries"].values():
        assert "$" not in query["sql"]


def test_the_store_makes_exactly_the_described_columns(tmp_path):
    store = QuoteStore(tmp_path / "q.db")
    store.close()
    with sqlite3.connect(tmp_path / "q.db") as conn:
        def columns(table: str) -> list[str]:
            return [row[1] for row in conn.execute(f"pragma table_info([{table}])")]

        for table in TABLES + (spec("speaker_names"),):
            assert columns(table.name) == list(table.columns), table.name
        assert columns(FTS_TABLE)  # the full-text index is there, under the name web/ uses
    store = QuoteStore(tmp_path / "c.db")  # speaker_corrections: made by the first corrections
    try:
        store.finish([Correction("rename", "x", "X", "fix.csv", 2)])
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "c.db") as conn:
        made = [row[1] for row in conn.execute(f"pragma table_info([{SPEAKER_CORRECTIONS.name}])")]
    assert made == list(SPEAKER_CORRECTIONS.columns)
