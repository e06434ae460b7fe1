"""The set-based SQL with which :meth:`quotes.store.QuoteStore.finish` brings the speakers and
the speaker columns of quotes up to date from the merge (:mod:`quotes.canonical`), which the
store has put in the temporary tables ``canonical_speakers`` and ``speaker_assignments``.
"""

# Set-based statements of QuoteStore.finish, in the order they run. Each writes only rows whose
# values differ (``IS NOT`` compares NULLs as values), so a no-op finish writes nothing.

_UPSERT_SPEAKERS = """
INSERT INTO speakers (id, name, kind, role, affiliation, aliases, quote_count, article_count)
SELECT id, name, kind, role, affiliation, aliases, 0, 0 FROM temp.canonical_speakers
WHERE true ORDER BY id
ON CONFLICT (id) DO UPDATE SET
  name = excluded.name, kind = excluded.kind, role = excluded.role,
  affiliation = excluded.affiliation, aliases = excluded.aliases
WHERE speakers.name IS NOT excluded.name OR speakers.kind IS NOT excluded.kind
  OR speakers.role IS NOT excluded.role OR speakers.affiliation IS NOT excluded.affiliation
  OR speakers.aliases IS NOT excluded.aliases
"""

_LINK_ARTICLE_SPEAKERS = """
UPDATE article_speakers SET speaker_id = a.speaker_id
FROM temp.speaker_assignments AS a
WHERE a.article_id = article_speakers.article_id AND a.key = article_speakers.key
  AND article_speakers.speaker_id IS NOT a.speaker_id
"""

_LINK_QUOTES = """
UPDATE quotes SET speaker_id = s.id, speaker_name = s.name, affiliation = s.affiliation
FROM article_speakers AS a JOIN speakers AS s ON s.id = a.speaker_id
WHERE a.article_id = quotes.article_id AND a.key = quotes.speaker_key
  AND (quotes.speaker_id IS NOT s.id OR quotes.speaker_name IS NOT s.name
       OR quotes.affiliation IS NOT s.affiliation)
"""

_UNLINK_QUOTES = """
UPDATE quotes SET speaker_id = NULL, speaker_name = NULL, affiliation = NULL
WHERE (speaker_id IS NOT NULL OR speaker_name IS NOT NULL OR affiliation IS NOT NULL)
  AND NOT EXISTS (
    SELECT 1 FROM article_speakers AS a
    WHERE a.article_id = quotes.article_id AND a.key = quotes.speaker_key
      AND a.speaker_id IS NOT NULL)
"""

_DELETE_STALE_SPEAKERS = """
DELETE FROM speakers WHERE id NOT IN (SELECT id FROM temp.canonical_speakers)
"""

_RECOUNT_SPEAKERS = """
WITH stats AS (
  SELECT speaker_id, count(*) AS quote_count, count(DISTINCT article_id) AS article_count,
         min(coalesce(said_on, published)) AS first_quoted,
         max(coalesce(said_on, published)) AS last_quoted
  FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id
), fresh AS (
  SELECT s.id, coalesce(st.quote_count, 0) AS quote_count,
         coalesce(st.article_count, 0) AS article_count, st.first_quoted, st.last_quoted
  FROM speakers AS s LEFT JOIN stats AS st ON st.speaker_id = s.id
)
UPDATE speakers SET
  quote_count = fresh.quote_count, article_count = fresh.article_count,
  first_quoted = fresh.first_quoted, last_quoted = fresh.last_quoted
FROM fresh
WHERE fresh.id = speakers.id
  AND (speakers.quote_count IS NOT fresh.quote_count
       OR speakers.article_count IS NOT fresh.article_count
       OR speakers.first_quoted IS NOT fresh.first_quoted
       OR speakers.last_quoted IS NOT fresh.last_quoted)
"""

FINISH_STATEMENTS = (
    _UPSERT_SPEAKERS, _LINK_ARTICLE_SPEAKERS, _LINK_QUOTES, _UNLINK_QUOTES,
    _DELETE_STALE_SPEAKERS, _RECOUNT_SPEAKERS,
)
