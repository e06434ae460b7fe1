"""Gold files: hand-annotated quotations in the format of gold/README.md, read into records.

:func:`load_gold` reads a gold file (one JSON object a line) and ``<stem>-articles.jsonl``
beside it, for ignore spans; anything it cannot use raises :class:`EvaluationError` naming the
file and line. Scoring is :mod:`quotes.evaluate`'s. Not handled: checking offsets against the
articles (evaluation does that, with the texts of the database).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


class EvaluationError(Exception):
    """Gold or database input that cannot be evaluated, with a sentence saying where."""


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quotation; ``start``/``end`` index the article text."""

    doc: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str
    aliases: tuple[str, ...]
    speaker_kind: str | None = None
    role: str | None = None
    optional: bool = False
    has_head_field: bool = False  #: PolNeAR style: attribution judged by ``speaker_head``
    speaker_head: str | None = None
    #: the mention names nobody (pronoun, description, none): scored for resolution accuracy
    needs_resolution: bool = False

    @property
    def scorable(self) -> bool:
        """Whether attribution is scored for this quote (PolNeAR: only when it has a head)."""
        return not self.has_head_field or bool(self.speaker_head)


@dataclass
class Gold:
    path: Path
    quotes: list[GoldQuote]
    #: character spans per doc where nothing is rewarded or penalised
    ignore: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def docs(self) -> list[str]:
        """Every annotated doc, including articles-file docs that have no gold quote."""
        return list(dict.fromkeys([q.doc for q in self.quotes] + list(self.ignore)))


def load_gold(gold_path: str | Path, articles_path: str | Path | None = None) -> Gold:
    """Read gold quotes, and ignore spans from ``<stem>-articles.jsonl`` beside it when present."""
    gold_path = Path(gold_path)
    quotes = [_gold_quote(record, where) for where, record in _read_jsonl(gold_path)]
    if articles_path is None:
        beside = gold_path.with_name(f"{gold_path.stem}-articles.jsonl")
        articles_path = beside if beside.exists() else None
    ignore: dict[str, list[tuple[int, int]]] = {}
    for where, record in _read_jsonl(Path(articles_path)) if articles_path else []:
        try:
            ignore[str(record["doc"])] = [(int(s), int(e)) for s, e in record.get("ignore") or []]
        except (KeyError, TypeError, ValueError) as error:
            raise EvaluationError(f"{where}: bad article record ({error!r})") from error
    return Gold(gold_path, quotes, ignore)


def _read_jsonl(path: Path) -> list[tuple[str, dict]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvaluationError(f"cannot read {path}: {error.strerror or error}") from error
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvaluationError(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise EvaluationError(f"{path}:{number}: expected a JSON object")
        records.append((f"{path}:{number}", record))
    return records


def _gold_quote(record: dict, where: str) -> GoldQuote:
    try:
        speaker = record.get("speaker") or ""
        return GoldQuote(
            doc=str(record["doc"]), start=int(record["start"]), end=int(record["end"]),
            text=record.get("text") or "", kind=record.get("kind") or "direct",
            speaker=speaker, aliases=tuple([speaker, *(record.get("speaker_aliases") or [])]),
            speaker_kind=record.get("speaker_kind"), role=record.get("role"),
            optional=bool(record.get("optional")), has_head_field="speaker_head" in record,
            speaker_head=record.get("speaker_head"),
            needs_resolution=bool(record.get("needs_resolution")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise EvaluationError(f"{where}: bad gold quote ({error!r})") from error
