"""A small, real quotes database for the publishing tests, made by the store
(:meth:`quotes.store.QuoteStore.insert_rows`: its tables, indexes and full-text search) with
hand-placed rows, so that the pages are tested on exact, known speakers and quotes.

Three seed articles with hand-placed quotes, plus one hostile article whose text, title, outlet,
speaker name and quotes carry HTML and script tags, and whose quotes nest and cross.
Imported by tests/test_publish.py and tests/test_browser.py (not a conftest.py on purpose).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from quotes.cue_class import classify_cue
from quotes.store import QuoteStore

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

HOSTILE_TEXT = (
    'Evil <b>headline</b> <script>alert(1)</script>\n'
    'Mallory said: "We will <img src=x onerror=alert(2)> win & prosper," adding that '
    'the plan is "<script>alert(3)</script> over" for good.\n'
)

SPEAKERS = {
    "sergey-ryabkov": ("Sergey Ryabkov", "person", "Deputy Foreign Minister", "Russia",
                       ["Sergey Ryabkov", "Ryabkov", "the high-ranking diplomat"]),
    "sergey-shoigu": ("Sergey Shoigu", "person", "Defense Minister", "Russia", ["Sergey Shoigu", "Shoigu"]),
    "igor-konashenkov": ("Igor Konashenkov", "person", "Defense Ministry spokesman", "Russia", ["Konashenkov"]),
    "mallory": ('<i>Mallory</i> & "Co"', "person", "<b>boss</b>", "<script>alert(4)</script>", ["Mallory"]),
}

#: article key -> (seed file or None for the hostile text, title, source, published)
ARTICLES = {
    "ryabkov-may": ("000_d246774b3642ae6f.txt", None, "TASS", "2016-05-27"),
    "shoigu-may": ("001_492b593deee7ba14.txt", "Russia begins coordinating joint strikes", "TASS", "2016-05-20"),
    "ryabkov-sep": ("002_6573c82807c02ec9.txt", "Russia does not rule out strikes", "Press TV", "2016-09-22"),
    "hostile": (None, '<script>alert("title")</script> Evil headline', "RT <b>bold</b>", "2016-10-01"),
}

#: (article key, quote text, speaker id or None, kind, mention, cue, role); the quote and the
#: mention are located with str.find, the mention after the quote when it occurs there
QUOTES = [
    ("ryabkov-may", "We have not rejected this prospect,", "sergey-ryabkov", "direct",
     "the high-ranking diplomat", "said", "high-ranking diplomat"),
    ("ryabkov-may", "From the very beginning we said that May 25 is not an ultimatum date",
     "sergey-ryabkov", "direct", "he", "said", "Deputy Foreign Minister"),
    ("shoigu-may", "Russia has begun to coordinate with the United States efforts on delivering joint "
     "strikes on terrorists in Syria", "sergey-shoigu", "indirect", "Sergey Shoigu", "said", "Defense Minister"),
    ("shoigu-may", "We reserve the right to conduct unilateral strikes from May 25", "sergey-shoigu",
     "direct", "Shoigu", "said", "Defense Minister"),
    ("ryabkov-sep", "We are not about to quit that agreement.", "sergey-ryabkov", "direct", "he", "said",
     "Deputy Foreign Minister"),
    ("ryabkov-sep", "We utterly and completely deny it", "sergey-ryabkov", "direct", "the top diplomat",
     "said", "top diplomat"),
    ("ryabkov-sep", "It was flying at a speed of about 200 kilometers per hour.", "igor-konashenkov",
     "direct", "Konashenkov", "said", "Defense Ministry spokesman"),
    ("ryabkov-sep", "Washington’s proposal on banning flights in Syria can’t be working", None,
     "indirect", None, None, None),
    ("hostile", "We will <img src=x onerror=alert(2)> win & prosper,", "mallory", "direct", "Mallory",
     "said", "<b>boss</b>"),
    # crosses the quote above: starts inside it and ends after it
    ("hostile", "win & prosper,\" adding that the plan", "mallory", "mixed", None, None, None),
    # nests inside the mixed quote below
    ("hostile", "<script>alert(3)</script> over", "mallory", "direct", None, None, None),
    ("hostile", "the plan is \"<script>alert(3)</script> over\" for good", "mallory", "mixed", None, None, None),
]


#: quote text -> (said_on, precision, the dating words) where the sentence dates the quote
SAID_ON = {
    "Russia has begun to coordinate with the United States efforts on delivering joint "
    "strikes on terrorists in Syria": ("2016-05-20", "day", "on Friday"),
}
#: the article whose publication date was worked out, not read
INFERRED = "ryabkov-sep"
INFERRED_NOTE = "not in the text: inferred from 'on Thursday'"


def _article_text(seed: str | None) -> str:
    return HOSTILE_TEXT if seed is None else (SEEDS / seed).read_text(encoding="utf-8")


def _find_after(text: str, needle: str, after: int) -> int:
    position = text.find(needle, after)
    return position if position >= 0 else text.find(needle)


def build_sample_db(path: Path) -> dict:
    """Write the sample database to ``path``; return ``{"articles": {key: id}, "quotes": [rows]}``."""
    path.unlink(missing_ok=True)
    articles, speakers, article_speakers = [], [], []
    article_ids, texts, titles, urls = {}, {}, {}, {}
    for key, (seed, title, source, published) in ARTICLES.items():
        text = _article_text(seed)
        title = title or text.split("\n", 1)[0]
        # the hostile archive's url would run script if it became a link
        url = "javascript:alert(5)" if seed is None else f"https://example.org/{key}"
        article_id = "u" + hashlib.sha256(url.encode()).hexdigest()[:16]
        article_ids[key], texts[key], titles[key], urls[key] = article_id, text, title, url
        articles.append({
            "id": article_id, "path": seed or "hostile.txt", "source_id": key, "title": title, "source": source,
            "url": url, "published": published, "dateline": "MOSCOW",
            "published_note": INFERRED_NOTE if key == INFERRED else "manifest",
            "text": text, "word_count": len(text.split()), "content_hash": hashlib.sha256(text.encode()).hexdigest()[:16],
            "extractor_version": "test", "extra": "{}",
        })
    quotes = []
    for key, quote_text, speaker_id, kind, mention, cue, role in QUOTES:
        text, (_, _, source, published) = texts[key], ARTICLES[key]
        start = text.find(quote_text)
        assert start >= 0, quote_text
        end = start + len(quote_text)
        mention_start = _find_after(text, mention, end) if mention else None
        cue_start = _find_after(text, cue, end) if cue else None
        speaker = SPEAKERS.get(speaker_id)
        when = SAID_ON.get(quote_text)
        quote_id = f"{article_ids[key]}:{start}-{end}"
        quotes.append({
            "id": quote_id, "article_id": article_ids[key], "speaker_id": speaker_id,
            "speaker_name": speaker[0] if speaker else None, "text": text[start:end], "start": start, "end": end,
            "kind": kind, "cue": cue, "cue_start": cue_start, "cue_end": cue_start + len(cue) if cue else None,
            "speaker_mention": mention, "mention_start": mention_start,
            "mention_end": mention_start + len(mention) if mention else None, "role": role,
            "affiliation": speaker[3] if speaker else None, "published": published,
            "published_month": published[:7] if published else None, "source": source,
            "extractor_version": "test",
            "said_on": when[0] if when else published, "said_on_precision": when[1] if when else "day",
            "said_on_from": "text" if when else "published", "said_on_text": when[2] if when else None,
            "article_title": titles[key], "article_url": urls[key],
            "context_url": f"/-/article/{article_ids[key]}#q-{quote_id}",
            "source_type": "named" if speaker_id else "none",
            "speaker_key": speaker_id.split("-")[-1] if speaker_id else None,
            "cue_class": classify_cue(cue), "statement_id": None, "statement_outlets": None,
        })
    for speaker_id, (name, kind, role, affiliation, aliases) in SPEAKERS.items():
        own = [q for q in quotes if q["speaker_id"] == speaker_id]
        speakers.append({
            "id": speaker_id, "name": name, "kind": kind, "role": role, "affiliation": affiliation,
            "aliases": json.dumps(aliases), "quote_count": len(own),
            "article_count": len({q["article_id"] for q in own}),
            "first_quoted": min(q["said_on"] for q in own), "last_quoted": max(q["said_on"] for q in own),
        })
        for article_id in sorted({q["article_id"] for q in own}):
            article_speakers.append({
                "article_id": article_id, "key": speaker_id.split("-")[-1], "name": name, "kind": kind,
                "role": role, "affiliation": affiliation, "aliases": json.dumps(aliases), "speaker_id": speaker_id,
            })
    store = QuoteStore(path)
    try:
        store.insert_rows({"articles": articles, "speakers": speakers,
                           "article_speakers": article_speakers, "quotes": quotes})
    finally:
        store.close()
    return {"articles": article_ids, "quotes": quotes}


def sample_in(tmp_path_factory, folder: str) -> dict:
    """The sample database in a fresh temporary folder, with its path in ``info["path"]``."""
    path = tmp_path_factory.mktemp(folder) / "quotes.db"
    info = build_sample_db(path)
    info["path"] = path
    return info
