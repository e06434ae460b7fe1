"""Score a quotes database against hand-annotated gold quotations (the rules of gold/README.md).

:func:`load_gold` (:mod:`quotes.gold`) reads a gold file and ``<stem>-articles.jsonl`` beside it,
for ignore spans; :func:`evaluate` reads predictions from the SQLite database (plain ``sqlite3``, read-only) and
returns a :class:`Report`; :func:`render_report` turns it into text. Arguments are ``cli.py``'s.

Matching is by character positions in the article text; whitespace characters are not counted.
Where the README leaves room, this module decides:

- A gold quote is *attributed* only when it is also *found* (as a prediction can be right only
  when it is *correct*); its prediction is the one sharing most characters with it (ties: the
  earliest).
- A prediction is, checked in this order: *correct* (>= 50% of its characters inside required
  gold quotes), else *neutral* (>= 50% inside optional gold quotes and ignore spans together; not
  counted at all), else a *false positive* (so is a prediction with only whitespace).
- Attribution precision = right / counted predictions; right = correct and naming the speaker of
  the required gold quote it overlaps most. For PolNeAR-style gold (lines with a
  ``speaker_head`` field) a counted prediction whose most-overlapped required gold quote has a
  null head is left out of both sides; false positives overlapping no required gold quote stay
  in the denominator. Attribution recall counts only required gold quotes with a head.
- Names compare case-insensitively after folding apostrophes, dropping ``.`` and ``'`` and
  reading other punctuation as a space (``U.S.`` = ``US``); the gold ``speaker`` counts as one of
  its aliases. With a ``speaker_head``, a name or alias is right when it has the head as a word.
- Role: the quote's role, else its speaker's, normalised the same way; containment is by whole
  words, either way round (``Minister`` is in ``Deputy Foreign Minister``).
- Ids per speaker groups gold quotes by their ``speaker`` text (for PolNeAR, the mention).
- Speaker accuracy = attributed / found among required gold quotes scored for attribution;
  resolution accuracy is the same among those marked ``needs_resolution`` (a pronoun, a
  description or no mention); n/a for gold without that field.

Not handled: overlapping predictions are not penalised twice (coverage is a union); gold offsets
are trusted, and a gold text that differs from the article at its offsets is only warned about.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePath

from .gold import EvaluationError, Gold, GoldQuote, load_gold
from .names import comparable

__all__ = ["EvaluationError", "Gold", "GoldQuote", "Prediction", "Report", "evaluate", "load_gold",
           "main_text", "render_report", "role_is_right", "speaker_is_right"]

KINDS = ("direct", "mixed", "indirect")
#: README: "at least 50%" for found gold quotes and for correct / neutral predictions.
THRESHOLD = 0.5
#: characters of quote text shown in the verbose lists
EXCERPT_CHARS = 80

QUOTES_SQL = """
SELECT q.article_id, q.start, q."end", q.speaker_id, q.speaker_name, q.role,
       s.name, s.aliases, s.role
FROM quotes AS q LEFT JOIN speakers AS s ON s.id = q.speaker_id
WHERE q.start IS NOT NULL AND q."end" IS NOT NULL
ORDER BY q.article_id, q.start, q."end"
"""


@dataclass(frozen=True)
class Prediction:
    doc: str
    start: int
    end: int
    speaker_id: str | None
    speaker: str | None
    names: tuple[str, ...]  #: the speaker's name and aliases
    role: str | None  #: the quote's role, else its speaker's


@dataclass(frozen=True)
class Finding:
    """One line of the verbose lists."""

    doc: str
    start: int
    kind: str
    text: str
    detail: str = ""


@dataclass
class KindCounts:
    required: int = 0
    found: int = 0
    scorable: int = 0  #: required quotes whose attribution is scored
    attributed: int = 0


@dataclass
class Report:
    gold_path: str
    db_path: str
    required: int = 0
    found: int = 0
    counted: int = 0  #: predictions that are correct or false positives
    correct: int = 0
    neutral: int = 0
    attribution_gold: int = 0
    attributed: int = 0
    attribution_predictions: int = 0
    attribution_right: int = 0
    role_total: int = 0
    role_right: int = 0
    speaker_found: int = 0  #: found gold quotes scored for attribution
    resolution_found: int = 0  #: ... of them marked ``needs_resolution``
    resolution_right: int = 0
    speaker_ids: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    by_kind: dict[str, KindCounts] = field(default_factory=dict)
    misses: list[Finding] = field(default_factory=list)
    wrong_speakers: list[Finding] = field(default_factory=list)
    false_positives: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def detection(self) -> tuple[float, float, float]:
        return _prf(self.correct, self.counted, self.found, self.required)

    def attribution(self) -> tuple[float, float, float]:
        return _prf(self.attribution_right, self.attribution_predictions,
                    self.attributed, self.attribution_gold)

    @property
    def role_accuracy(self) -> float | None:
        return self.role_right / self.role_total if self.role_total else None

    @property
    def speaker_accuracy(self) -> float | None:
        return self.attributed / self.speaker_found if self.speaker_found else None

    @property
    def resolution_accuracy(self) -> float | None:
        return self.resolution_right / self.resolution_found if self.resolution_found else None

    @property
    def ids_per_speaker(self) -> float | None:
        sizes = [len(ids) for ids in self.speaker_ids.values()]
        return sum(sizes) / len(sizes) if sizes else None

    def to_dict(self) -> dict:
        (dp, dr, df), (ap, ar, af) = self.detection(), self.attribution()
        return {
            "gold": self.gold_path, "db": self.db_path,
            "detection": {"precision": dp, "recall": dr, "f1": df, "correct": self.correct,
                          "counted": self.counted, "neutral": self.neutral,
                          "found": self.found, "required": self.required},
            "attribution": {"precision": ap, "recall": ar, "f1": af,
                            "right": self.attribution_right,
                            "counted": self.attribution_predictions,
                            "attributed": self.attributed, "required": self.attribution_gold},
            "role_accuracy": {"accuracy": self.role_accuracy, "right": self.role_right,
                              "total": self.role_total},
            "speaker_accuracy": {"accuracy": self.speaker_accuracy, "right": self.attributed,
                                 "found": self.speaker_found},
            "resolution_accuracy": {"accuracy": self.resolution_accuracy,
                                    "right": self.resolution_right, "found": self.resolution_found},
            "ids_per_speaker": {"mean": self.ids_per_speaker, "speakers": len(self.speaker_ids)},
            "by_kind": {kind: asdict(counts) for kind, counts in self.by_kind.items()},
            **{name: [asdict(f) for f in getattr(self, name)]
               for name in ("misses", "wrong_speakers", "false_positives")},
            "warnings": list(self.warnings),
        }


def _prf(right: int, predicted: int, hit: int, gold: int) -> tuple[float, float, float]:
    precision = right / predicted if predicted else 0.0
    recall = hit / gold if gold else 0.0
    total = precision + recall
    return precision, recall, (2 * precision * recall / total if total else 0.0)


def _load_db(db_path: str | Path,
             docs: set[str]) -> tuple[dict[str, str], dict[str, list[Prediction]]]:
    """Article texts and predictions of the gold docs, keyed by gold doc."""
    path = Path(db_path)
    if not path.is_file():
        raise EvaluationError(f"no database at {path}: run the extraction first or pass --db")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT id, source_id, path, text FROM articles")
        doc_of, texts = _match_articles(rows, docs)
        predictions: dict[str, list[Prediction]] = defaultdict(list)
        for row in conn.execute(QUOTES_SQL):
            if row[0] in doc_of:
                predictions[doc_of[row[0]]].append(_prediction(doc_of[row[0]], row))
    except sqlite3.Error as error:
        raise EvaluationError(f"{path} is not a quotes database ({error})") from error
    finally:
        conn.close()
    return texts, predictions


def _match_articles(rows, docs: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Map article ids to gold docs: by ``source_id``, else by the stem of ``path``."""
    by_source: dict[str, tuple[str, str]] = {}
    by_stem: dict[str, tuple[str, str]] = {}
    for article_id, source_id, path, text in rows:
        if source_id in docs:
            by_source.setdefault(source_id, (article_id, text or ""))
        stem = PurePath(path or "").stem
        if stem in docs:
            by_stem.setdefault(stem, (article_id, text or ""))
    doc_of, texts = {}, {}
    for doc in docs:
        match = by_source.get(doc) or by_stem.get(doc)
        if match:
            doc_of[match[0]], texts[doc] = doc, match[1]
    return doc_of, texts


def _prediction(doc: str, row: tuple) -> Prediction:
    _, start, end, speaker_id, speaker_name, quote_role, name, aliases_json, speaker_role = row
    try:
        aliases = json.loads(aliases_json or "[]")
    except json.JSONDecodeError:
        aliases = None
    names = [name or speaker_name, *(aliases if isinstance(aliases, list) else [])]
    names = [n for n in names if n and isinstance(n, str)]
    return Prediction(doc, int(start), int(end), speaker_id, name or speaker_name,
                      tuple(names), quote_role or speaker_role)


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, for comparing names and roles (the names
    module's :func:`~quotes.names.comparable`, which resolution and merging use too)."""
    return comparable(text)


def speaker_is_right(prediction: Prediction | None, gold: GoldQuote) -> bool:
    if prediction is None or not prediction.names:
        return False
    if gold.has_head_field:
        head = normalise(gold.speaker_head or "")
        return bool(head) and any(f" {head} " in f" {normalise(n)} " for n in prediction.names)
    wanted = {normalise(a) for a in gold.aliases} - {""}
    return any(normalise(n) in wanted for n in prediction.names)


def role_is_right(predicted: str | None, gold: str) -> bool:
    said, wanted = f" {normalise(predicted or '')} ", f" {normalise(gold)} "
    return bool(said.strip() and wanted.strip()) and (wanted in said or said in wanted)


def _share(part: frozenset[int], whole: frozenset[int]) -> float:
    return len(part) / len(whole) if whole else 0.0


def evaluate(db_path: str | Path, gold: Gold) -> Report:
    """Score the quotes stored in ``db_path`` against ``gold``."""
    texts, predictions = _load_db(db_path, set(gold.docs))
    report = Report(gold_path=str(gold.path), db_path=str(db_path))
    report.by_kind = {kind: KindCounts() for kind in KINDS}
    quotes_of: dict[str, list[GoldQuote]] = defaultdict(list)
    for quote in gold.quotes:
        quotes_of[quote.doc].append(quote)
    for doc in gold.docs:
        golds = sorted(quotes_of[doc], key=lambda q: (q.start, q.end))
        if doc not in texts:
            required = sum(not q.optional for q in golds)
            report.warnings.append(f"{doc}: no article in the database; "
                                   f"its {required} required quotes count as missed")
            for quote in golds:
                if not quote.optional:
                    _score_gold(report, quote, found=False, best=None)
            continue
        # a gold line may leave its text out (gold/polnear-dev.jsonl: the texts are not ours to
        # copy): it is the article's text at its offsets
        golds = [q if q.text else replace(q, text=texts[doc][q.start:q.end]) for q in golds]
        _score_doc(report, texts[doc], golds, predictions.get(doc, []), gold.ignore.get(doc, []))
    for findings in (report.misses, report.wrong_speakers, report.false_positives):
        findings.sort(key=lambda f: (f.doc, f.start))
    return report


def _score_doc(report: Report, text: str, golds: list[GoldQuote],
               predictions: list[Prediction], ignore: list[tuple[int, int]]) -> None:
    def chars(start: int, end: int) -> frozenset[int]:
        span = range(max(start, 0), min(end, len(text)))
        return frozenset(i for i in span if not text[i].isspace())

    mismatched = [q for q in golds if q.text and text[q.start:q.end] != q.text]
    if mismatched:
        first = mismatched[0]
        report.warnings.append(f"{first.doc}: {len(mismatched)} gold quote texts differ from the "
                               f"article at their offsets (first at {first.start})")
    spans = [(p, chars(p.start, p.end)) for p in predictions]
    covered = frozenset().union(*(c for _, c in spans))
    required = [(q, chars(q.start, q.end)) for q in golds if not q.optional]
    for quote, quote_chars in required:
        best, shared = max(spans, key=lambda s: len(s[1] & quote_chars), default=(None, set()))
        found = _share(quote_chars & covered, quote_chars) >= THRESHOLD
        _score_gold(report, quote, found, best if shared & quote_chars else None)
    required_chars = frozenset().union(*(c for _, c in required))
    neutral_chars = frozenset().union(*(chars(q.start, q.end) for q in golds if q.optional),
                                      *(chars(s, e) for s, e in ignore))
    for prediction, prediction_chars in spans:
        _score_prediction(report, text, prediction, prediction_chars, required,
                          required_chars, neutral_chars)


def _score_gold(report: Report, quote: GoldQuote, found: bool, best: Prediction | None) -> None:
    counts = report.by_kind.setdefault(quote.kind, KindCounts())
    report.required += 1
    counts.required += 1
    report.attribution_gold += quote.scorable
    counts.scorable += quote.scorable
    if not found:
        report.misses.append(Finding(quote.doc, quote.start, quote.kind, _excerpt(quote.text)))
        return
    report.found += 1
    counts.found += 1
    if not quote.scorable:
        return
    report.speaker_found += 1
    report.resolution_found += quote.needs_resolution
    if not speaker_is_right(best, quote):
        said = best.speaker if best and best.speaker else "no speaker"
        report.wrong_speakers.append(Finding(quote.doc, quote.start, quote.kind,
                                             _excerpt(quote.text),
                                             f"gold {quote.speaker!r}, predicted {said!r}"))
        return
    report.attributed += 1
    counts.attributed += 1
    report.resolution_right += quote.needs_resolution
    if quote.speaker:  # a gold quote with no canonical speaker has no row to count ids for
        report.speaker_ids[quote.speaker].add(best.speaker_id)
    if quote.speaker_kind == "person" and quote.role:
        report.role_total += 1
        report.role_right += role_is_right(best.role, quote.role)


def _score_prediction(report: Report, text: str, prediction: Prediction,
                      prediction_chars: frozenset[int],
                      required: list[tuple[GoldQuote, frozenset[int]]],
                      required_chars: frozenset[int], neutral_chars: frozenset[int]) -> None:
    correct = _share(prediction_chars & required_chars, prediction_chars) >= THRESHOLD
    if not correct and _share(prediction_chars & neutral_chars, prediction_chars) >= THRESHOLD:
        report.neutral += 1
        return
    report.counted += 1
    report.correct += correct
    overlaps = [(len(c & prediction_chars), q) for q, c in required]
    size, target = max(overlaps, key=lambda o: o[0], default=(0, None))
    if not correct:
        report.false_positives.append(Finding(
            prediction.doc, prediction.start, "predicted",
            _excerpt(text[prediction.start:prediction.end]), prediction.speaker or "no speaker"))
    if size and not target.scorable:  # PolNeAR: mostly over a quote with no speaker_head
        return
    report.attribution_predictions += 1
    report.attribution_right += correct and speaker_is_right(prediction, target)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…"


def _number(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def _rate(part: int, whole: int) -> str:
    return f"{part}/{whole} {_number(part / whole if whole else None)}"


def _row(label: str, numbers: tuple[float | None, ...], counts: str) -> str:
    cells = "".join(f"{_number(n):>7}" for n in numbers)
    return f"{label:16}{cells:21}  {counts}"


def render_report(report: Report, verbose: bool = False) -> str:
    """The scores as a compact table; ``verbose`` adds misses, wrong speakers, false positives."""
    r = report
    lines = [
        f"gold {r.gold_path}  db {r.db_path}",
        f"{'':16}{'P':>7}{'R':>7}{'F1':>7}  counts",
        _row("detection", r.detection(), f"{r.correct}/{r.counted} predictions correct "
             f"({r.neutral} neutral), {r.found}/{r.required} gold found"),
        _row("attribution", r.attribution(), f"{r.attribution_right}/{r.attribution_predictions} "
             f"predictions right, {r.attributed}/{r.attribution_gold} gold attributed"),
        _row("role accuracy", (r.role_accuracy,),
             f"{r.role_right}/{r.role_total} attributed person quotes"),
        _row("speaker acc.", (r.speaker_accuracy,),
             f"{r.attributed}/{r.speaker_found} found quotes name the right speaker"),
        _row("resolution acc.", (r.resolution_accuracy,),
             f"{r.resolution_right}/{r.resolution_found} found pronoun/description quotes"),
        _row("ids per speaker", (r.ids_per_speaker,), f"over {len(r.speaker_ids)} speakers"),
        f"{'by kind':16}{'found':>14}{'attributed':>18}",
    ]
    for kind, c in report.by_kind.items():
        lines.append(f"  {kind:14}{_rate(c.found, c.required):>14}"
                     f"{_rate(c.attributed, c.scorable):>18}")
    lines += [f"warning: {w}" for w in report.warnings]
    if verbose:
        for title, findings in (("missed", report.misses), ("wrong speaker", report.wrong_speakers),
                                ("false positive", report.false_positives)):
            lines.append(f"\n{title} ({len(findings)}):")
            lines += [f"  {f.doc} @{f.start} {f.kind}: {f.text}"
                      + (f"  [{f.detail}]" if f.detail else "") for f in findings]
    return "\n".join(lines)


def main_text(gold_path: str | Path, db_path: str | Path, *, as_json: bool = False,
              verbose: bool = False, articles_path: str | Path | None = None) -> str:
    """Everything ``quotes eval`` prints: JSON with ``as_json``, else the table."""
    report = evaluate(db_path, load_gold(gold_path, articles_path))
    if as_json:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    return render_report(report, verbose)
