"""The database's tables, columns and what each column means: the one place they are written.

:mod:`quotes.store` creates and updates the tables from :data:`TABLES`;
:mod:`quotes.publish` gives Datasette each column's description and the full-text table's name
from here; the column tables of docs/SCHEMA.md and the top-level metadata.yml are generated from
here by ``docs/generate.py`` (tests/test_schema_docs.py fails when they differ). Plain data, no
SQLite: anything may import it.

Not here: the prose of docs/SCHEMA.md around the column tables (how ids, statements and the
derived columns are made), and Datasette's table descriptions, facets and canned queries
(quotes/metadata.yml).
"""

from __future__ import annotations

from dataclasses import dataclass

#: the full-text index over quotes (FTS5, external content ``quotes``), and what it indexes
FTS_TABLE = "quotes_fts"
FTS_COLUMNS = ("text", "speaker_name")
#: the triggers sqlite-utils creates to keep the full-text index in step with ``quotes``
FTS_TRIGGERS = ("quotes_ai", "quotes_ad", "quotes_au")
#: the last --speakers file's corrections, re-applied by every build until another file is
#: given; created by the first such file, so a database without one lacks it
CORRECTIONS_TABLE = "speaker_corrections"
#: how a reader may type a speaker (quotes.lookup creates and fills it)
SPEAKER_NAMES_TABLE = "speaker_names"
#: the counts the pages read instead of grouping every quote (quotes.summaries keeps them)
FACET_COUNTS_TABLE = "facet_counts"
SPEAKER_COUNTS_TABLE = "speaker_counts"


@dataclass(frozen=True)
class TableSpec:
    """A table of the public schema: columns in order with their types and descriptions,
    primary key, foreign keys, indexes."""

    name: str
    #: column -> (Python type, what it means): the descriptions docs and Datasette show
    described: dict[str, tuple[type, str]]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    #: single-column indexes; a foreign key that leads the primary key is served by its index
    indexes: tuple[str, ...] = ()

    @property
    def columns(self) -> dict[str, type]:
        """column -> Python type, in the table's order (what sqlite-utils creates)."""
        return {column: kind for column, (kind, _) in self.described.items()}

    @property
    def descriptions(self) -> dict[str, str]:
        """column -> what it means."""
        return {column: meaning for column, (_, meaning) in self.described.items()}


_STATEMENT_DATE = ("when the statement was made: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (see "
                   "`said_on_precision`); the time words on the cue (`said on Friday`, `In late March, "
                   "... announced`, `said at the time`) resolved against `published` and never after "
                   "it, else `published`; empty when the article has no date")
_CUE_CLASS = ("how the cue frames the words, from the table `CUE_CLASSES` in `quotes/lexicon.py` "
              "(which cites its sources): `neutral` (said, told, according to), `assertive` (stressed, "
              "insisted, pointed out), `hedged` (claimed, alleged, suggested), `conceding` (admitted, "
              "acknowledged), `denying` (denied, rejected), `directive` (urged, asked, called on), "
              "`commitment` (vowed, promised, pledged), `critical` (slammed, accused, criticized), "
              "`expressive` (joked, boasted, praised), `announcing` (announced, revealed, confirmed) or "
              "`warning` (warned, cautioned); empty when there is no cue or the table does not know its "
              "verb. Derived from `cue`: every build recomputes it")
_SOURCE_TYPE = ("how the quote is sourced: `named` (a named person or body, directly or through a "
                "pronoun, description or document it issued), `anonymous` (an unnamed source: `a senior "
                "official`, `critics`, `people familiar with the matter`; no speaker), `document` (a "
                "report or statement whose issuer the article does not name) or `none` (no source found)")

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "articles",
        {
            "id": (str, "stable: `u` + sha256(url)[:16] when the article has a url, else `t` + "
                        "sha256(text)[:16]"),
            "path": (str, "the input file, or `archive.jsonl.gz:LINE`"),
            "source_id": (str, "the record's own `id` in its archive, or the file name without extension"),
            "title": (str, "the headline (from the manifest or archive, else the first line when it "
                           "looks like one)"),
            "source": (str, "the outlet (`TASS`)"),
            "url": (str, "the article's address"),
            "published": (str, "ISO date `YYYY-MM-DD`, empty when unknown"),
            "published_note": (str, "where `published` came from: `manifest`, `archive` or `dateline`; "
                                    "or the input's own note (a manifest's `published_note` column: how "
                                    "a date not in the text was worked out), or why a date given could "
                                    "not be used"),
            "dateline": (str, "the dateline's place (`MOSCOW`)"),
            "text": (str, "the article text exactly as read, line endings normalised to `\\n`"),
            "word_count": (int, "number of words"),
            "content_hash": (str, "sha256(text)[:16]; an article whose hash changed is re-extracted"),
            "extractor_version": (str, "the extractor that produced its quotes"),
            "extra": (str, "JSON object of the input fields the schema has no column for"),
        },
        pk="id",
        indexes=("source", "published"),
    ),
    TableSpec(
        "speakers",
        {
            "id": (str, "stable slug of the canonical name (`sergey-ryabkov`), ASCII whatever the "
                        "name's script"),
            "name": (str, "canonical display name, in the script the articles write it in"),
            "kind": (str, "`person` or `organization`"),
            "role": (str, "the title most often given"),
            "affiliation": (str, "country or organisation (`Russia`, `United States`, `Kremlin`)"),
            "aliases": (str, "JSON array of every surface name seen"),
            "quote_count": (int, "quotes attributed to this speaker"),
            "article_count": (int, "articles quoting them"),
            "first_quoted": (str, "the earliest `said_on` of their quotes (`published` where "
                                  "`said_on` is empty)"),
            "last_quoted": (str, "the latest `said_on` of their quotes (`published` where `said_on` "
                                 "is empty)"),
        },
        pk="id",
        indexes=("kind", "role", "affiliation"),
    ),
    TableSpec(
        "quotes",
        # A reader's columns first (Datasette shows them in this order): when it was said, who,
        # in which role, the words, where; then the article; offsets and keys last.
        {
            "id": (str, "stable: `article_id:start-end`"),
            "said_on": (str, _STATEMENT_DATE),
            "speaker_name": (str, "the speaker's canonical name (copied from speakers, for CSV and facets)"),
            "role": (str, "the speaker's title as this article gives it"),
            "text": (str, "the quotation exactly as in the article: always `articles.text[start:end]`"),
            "source": (str, "the outlet that published the article (copied, for facets)"),
            "kind": (str, "`direct` (all in quotation marks), `mixed` (partly quoted) or `indirect` "
                          "(reported speech)"),
            "article_title": (str, "the article's headline, copied so that every download says where "
                                   "the quote comes from"),
            "article_url": (str, "the article's original address, copied likewise (shown as a link "
                                 "only when it is http or https)"),
            "context_url": (str, "the quote highlighted in its article on this site: "
                                 "`/-/article/<article id>#q-<quote id>`"),
            "said_on_precision": (str, "`day`, `month` or `year`: how much of `said_on` the text gives"),
            "said_on_from": (str, "`text` when the sentence dates the statement, `published` when it "
                                  "is the article's date"),
            "said_on_text": (str, "the words that date it, as written (`on Friday`); empty when none"),
            "published": (str, "the article's publication date (`YYYY-MM-DD`), copied for facets"),
            "published_month": (str, "`YYYY-MM` of `published`, for faceting by month"),
            "affiliation": (str, "the speaker's country or organisation (copied from speakers)"),
            "source_type": (str, _SOURCE_TYPE),
            "cue": (str, "the reporting words as written (`said`, `according to`)"),
            "cue_class": (str, _CUE_CLASS),
            "statement_id": (str, "the statement these words belong to (`statements.id`, "
                                  "`/-/statement/<id>`): the same words of the same speaker in two or "
                                  "more articles; empty when no other article repeats them. Not a "
                                  "declared foreign key: every build regroups"),
            "statement_outlets": (int, "how many outlets reported that statement "
                                       "(`statements.outlet_count`), copied so the table filters on it "
                                       "(`statement_outlets__gte=2`); empty without a statement"),
            "speaker_mention": (str, "how this sentence names the speaker (`he`, `the high-ranking "
                                     "diplomat`)"),
            "speaker_id": (str, "the speaker (`speakers.id`); empty when no speaker was found"),
            "article_id": (str, "the article the quote is from (`articles.id`)"),
            "speaker_key": (str, "the speaker's key within the article (`article_speakers.key`), empty "
                                 "when none: merging can be redone without re-extraction"),
            "start": (int, "character offset (Python string index) where the quote starts in the "
                           "article text"),
            "end": (int, "character offset where the quote ends (exclusive)"),
            "cue_start": (int, "offset where the cue starts"),
            "cue_end": (int, "offset where the cue ends"),
            "mention_start": (int, "offset where the mention starts; empty when the speaker is "
                                   "inherited from an earlier sentence"),
            "mention_end": (int, "offset where the mention ends"),
            "extractor_version": (str, "the version of the extraction rules and model that produced "
                                       "this quote"),
        },
        pk="id",
        foreign_keys=(("article_id", "articles", "id"), ("speaker_id", "speakers", "id")),
        indexes=("article_id", "speaker_id", "kind", "source", "published", "published_month",
                 "role", "affiliation", "source_type", "cue_class", "statement_id",
                 "statement_outlets"),
    ),
    TableSpec(
        "article_speakers",
        {
            "article_id": (str, "the article (`articles.id`)"),
            "key": (str, "the speaker's key within the article (primary key with `article_id`)"),
            "name": (str, "the name as resolved within the article"),
            "kind": (str, "`person` or `organization`"),
            "role": (str, "the role as resolved within the article"),
            "affiliation": (str, "the affiliation as resolved within the article"),
            "aliases": (str, "JSON array of the surface forms in that article"),
            "speaker_id": (str, "the merged speaker (`speakers.id`)"),
        },
        pk=("article_id", "key"),
        foreign_keys=(("article_id", "articles", "id"), ("speaker_id", "speakers", "id")),
        indexes=("speaker_id", "kind", "role", "affiliation"),
    ),
    # the same words of one speaker reported by several articles (quotes.statements)
    TableSpec(
        "statements",
        {
            "id": (str, "`s` + 12 hex digits; a statement keeps its id from build to build while "
                        "most of its quotes stay in it"),
            "speaker_id": (str, "who said it (`speakers.id`)"),
            "text": (str, "the fullest version: the longest direct quote of it (a mixed or indirect "
                          "one when it has none)"),
            "first_published": (str, "the earliest `published` of the articles reporting it"),
            "last_published": (str, "the latest `published` of the articles reporting it"),
            "quote_count": (int, "quotes carrying it"),
            "article_count": (int, "articles carrying it (at least 2)"),
            "outlet_count": (int, "outlets (`articles.source`) carrying it"),
            "first_outlet": (str, "the outlet of the earliest article reporting it"),
        },
        pk="id",
        indexes=("speaker_id", "outlet_count"),
    ),
)

#: derived tables other modules create and fill; here for their descriptions and columns
SPEAKER_NAMES = TableSpec(
    SPEAKER_NAMES_TABLE,
    {
        "key": (str, "a name, alias or person's surname as looked up: lower-case, accents and "
                     "punctuation removed (`ryabkov`, `sergey ryabkov`)"),
        "speaker_id": (str, "the speaker it may mean (`speakers.id`); primary key with `key`"),
    },
    pk=("key", "speaker_id"),
)
SPEAKER_CORRECTIONS = TableSpec(
    CORRECTIONS_TABLE,
    {
        "position": (int, "order of application (1, 2, ...)"),
        "action": (str, "`merge`, `rename`, `id`, `kind`, `role`, `affiliation` or `alias` (README.md)"),
        "speaker": (str, "the speaker id the line acts on"),
        "value": (str, "the target id, name, kind, role, affiliation or alias"),
        "file": (str, "the corrections file the line came from, for warnings"),
        "line": (int, "its line in that file"),
    },
    pk="position",
)
FACET_COUNTS = TableSpec(
    FACET_COUNTS_TABLE,
    {
        "table_name": (str, "`quotes` or `articles`"),
        "facet": (str, "`kind`, `source`, `speaker_id` or `said_on_month` (the first seven characters of "
                       "`said_on` when they are a month) for `quotes`; `source` for `articles`; empty for "
                       "the row that counts the whole table"),
        "value": (str, "the value (`direct`, `TASS`, `2016-05`); empty in the whole-table row. NULL values "
                       "are not counted"),
        "count": (int, "rows with that value; a value whose count falls to 0 is deleted. Primary key "
                       "(table_name, facet, value)"),
    },
    pk=("table_name", "facet", "value"),
)
SPEAKER_COUNTS = TableSpec(
    SPEAKER_COUNTS_TABLE,
    {
        "speaker_id": (str, "the speaker (`speakers.id`); quotes without a speaker are not counted"),
        "facet": (str, "`role` (non-empty roles), `month` (the month of `said_on` when its precision is "
                       "`day` or `month`) or `source_article`"),
        "value": (str, "the role, the month (`2016-05`), or the outlet and the article id joined by the "
                       "character U+001F"),
        "count": (int, "the speaker's quotes with that value. Primary key (speaker_id, facet, value)"),
    },
    pk=("speaker_id", "facet", "value"),
)
#: every table docs/SCHEMA.md and Datasette describe, in the order the docs give them
DESCRIBED_TABLES: tuple[TableSpec, ...] = TABLES + (SPEAKER_NAMES, FACET_COUNTS, SPEAKER_COUNTS,
                                                    SPEAKER_CORRECTIONS)

# Datasette's date facet groups by date(published); without an index on that expression it
# computes date() for every quote (150 ms on 383,000 quotes, 45 ms with the index).
EXPRESSION_INDEXES = {
    "idx_quotes_published_date": "ON quotes(date(published))",
    # the month facet on said_on (quotes.web.facets.MonthFacet) groups by its first 7 characters
    "idx_quotes_said_on_month": "ON quotes(substr(said_on, 1, 7))",
    # The table's default order is said_on desc: its first page scans this index. (Streamed
    # downloads no longer depend on the order SQLite picks for ties: quotes.web.stream.)
    "idx_quotes_said_on_id": "ON quotes(said_on DESC, id)",
    # A speaker at hundreds of thousands of quotes (issue 13): their page's newest quotes and
    # each page of their streamed CSV (said_on desc, id) read in order from an index, and each
    # role's first and last date found by two seeks.
    "idx_quotes_speaker_said_on": "ON quotes(speaker_id, said_on DESC, id)",
    "idx_quotes_speaker_role_said_on": "ON quotes(speaker_id, role, said_on)",
}


def spec(name: str) -> TableSpec:
    """The described table called ``name``."""
    return next(table for table in DESCRIBED_TABLES if table.name == name)


def column_type(table: TableSpec, column: str) -> str:
    """The column's type as docs/SCHEMA.md writes it: ``TEXT PK``, ``TEXT → articles.id``."""
    kind = {str: "TEXT", int: "INTEGER"}[table.columns[column]]
    if table.pk == column:
        kind += " PK"
    for own, other_table, other_column in table.foreign_keys:
        if own == column:
            kind += f" → {other_table}.{other_column}"
    return kind


def markdown_columns(table: TableSpec) -> str:
    """The column table of docs/SCHEMA.md for ``table``."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for column, meaning in table.descriptions.items():
        lines.append(f"| {column} | {column_type(table, column)} | {meaning} |")
    return "\n".join(lines) + "\n"
