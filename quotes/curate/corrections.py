"""Speaker corrections: what a journalist knows and the merge step cannot guess.

A corrections file (CSV or YAML, see README.md) is read into :class:`Correction` records, and
:func:`apply_corrections` applies them to the result of :func:`quotes.canonical.canonicalise`
before :mod:`quotes.store` writes it. Both are pure: no sqlite, no spaCy; the store remembers
the corrections and re-applies them on every build, so they never need re-extraction.

Corrections act on speaker ids as the database shows them, in file order: each line sees the
result of the lines above it. Not handled: ids that change under a correction because new
articles changed the machine's merge (the correction then reports an unknown id), splitting
one per-article speaker, and clearing a role or affiliation (a value is always required).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from quotes.canonical import (
    ORGANIZATION, PERSON, ArticleSpeaker, Canonicalisation, CanonicalSpeaker,
)

#: what each action does with (speaker, value); the order is the one documented in README.md
ACTIONS = {
    "merge": "every quote of SPEAKER goes to the speaker id VALUE; SPEAKER disappears",
    "rename": "VALUE becomes SPEAKER's display name (the id stays)",
    "id": "SPEAKER gets the new id VALUE (lower-case letters, digits and hyphens)",
    "kind": "SPEAKER is a `person` or an `organization`",
    "role": "SPEAKER's role",
    "affiliation": "SPEAKER's affiliation",
    "alias": "every per-article speaker named VALUE goes to SPEAKER (created with that name if new)",
}
#: accepted spellings of a kind
KINDS = {"person": PERSON, "organization": ORGANIZATION, "organisation": ORGANIZATION}
CSV_HEADER = ["action", "speaker", "value"]
SUFFIXES = {".csv": "csv", ".yml": "yaml", ".yaml": "yaml"}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CorrectionsFileError(ValueError):
    """A corrections file that cannot be read at all (missing, not text, unknown kind)."""


@dataclass(frozen=True)
class Correction:
    """One line of a corrections file: ``action`` applied to ``speaker`` with ``value``."""

    action: str
    speaker: str
    value: str
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """A correction line that was not applied, with where it is (``file:line``) and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# --- reading --------------------------------------------------------------------------------


def read_corrections(path: str | Path) -> tuple[list[Correction], list[Problem]]:
    """The corrections in ``path`` (``.csv``, ``.yml`` or ``.yaml``) and its bad lines.

    A bad line is reported and left out; the rest is returned. Raises
    :class:`CorrectionsFileError` when the file cannot be read at all.
    """
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CorrectionsFileError(
            f"{path}: speaker corrections must be a .csv, .yml or .yaml file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CorrectionsFileError(f"{path}: no such speaker corrections file") from None
    except UnicodeDecodeError as error:
        raise CorrectionsFileError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise CorrectionsFileError(f"{path}: cannot read it ({error.strerror})") from None
    parse = parse_csv if kind == "csv" else parse_yaml
    return parse(text, str(path))


def make_correction(action: str, speaker: str, value: str | None, file: str,
                    line: int) -> Correction | Problem:
    """A checked :class:`Correction`, or the :class:`Problem` that makes it unusable."""
    where = f"{file}:{line}"
    action, speaker, value = action.strip().lower(), speaker.strip(), (value or "").strip()
    if action not in ACTIONS:
        return Problem(where, f"unknown action {action!r} (use one of: {', '.join(ACTIONS)})")
    if not speaker:
        return Problem(where, f"{action}: no speaker id")
    if not value:
        return Problem(where, f"{action} {speaker}: missing value")
    if action == "kind":
        if value.lower() not in KINDS:
            return Problem(where, f"kind {speaker}: {value!r} is not `person` or `organization`")
        value = KINDS[value.lower()]
    if action == "id" and not _ID_RE.match(value):
        return Problem(where, f"id {speaker}: {value!r} is not lower-case letters, digits and hyphens")
    return Correction(action, speaker, value, file, line)


def _collect(items: Iterable[Correction | Problem]) -> tuple[list[Correction], list[Problem]]:
    corrections, problems = [], []
    for item in items:
        (corrections if isinstance(item, Correction) else problems).append(item)
    return corrections, problems


def parse_csv(text: str, file: str) -> tuple[list[Correction], list[Problem]]:
    """``action,speaker,value`` lines; an optional header, ``#`` comments and blank lines.

    Each line is read on its own, so a malformed line costs only itself and line numbers are
    the file's (a quoted value cannot span lines).
    """
    return _collect(_csv_items(text, file))


def _csv_items(text: str, file: str) -> Iterable[Correction | Problem]:
    header_allowed = True
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            fields = [f.strip() for f in next(csv.reader([raw], strict=True))]
        except csv.Error as error:
            yield Problem(f"{file}:{number}", f"malformed CSV: {error}")
            continue
        if header_allowed and [f.lower() for f in fields] == CSV_HEADER:
            header_allowed = False
            continue
        header_allowed = False
        while len(fields) > 3 and not fields[-1]:
            fields.pop()  # trailing commas from a spreadsheet
        if len(fields) > 3:
            yield Problem(f"{file}:{number}", f"{len(fields)} fields, expected 3 "
                          "(action,speaker,value): quote a value that contains a comma")
            continue
        action, speaker, value = (fields + ["", ""])[:3]
        yield make_correction(action, speaker, value, file, number)


def parse_yaml(text: str, file: str) -> tuple[list[Correction], list[Problem]]:
    """A mapping of speaker id to its corrections (``action: value`` or ``action: [values]``).

    Each top-level entry (a line that starts in the first column) is parsed on its own, so a
    YAML error costs only its own entry.
    """
    items: list[Correction | Problem] = []
    for first_line, block in _yaml_blocks(text):
        try:
            node = yaml.compose(block)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = first_line + (mark.line if mark else 0)
            reason = getattr(error, "problem", None) or str(error)
            items.append(Problem(f"{file}:{line}", f"malformed YAML: {reason}"))
            continue
        if node is not None:
            items.extend(_yaml_entry(node, file, first_line))
    return _collect(items)


def _yaml_blocks(text: str) -> Iterable[tuple[int, str]]:
    """(first line number, text) of each top-level entry; comments and ``---`` left out."""
    start, lines = 0, []
    for number, raw in enumerate(text.splitlines(), 1):
        top = raw[:1] not in ("", " ", "\t", "#")
        if top and lines:
            yield start, "\n".join(lines)
            lines = []
        if raw.strip() in ("---", "..."):
            continue
        if top or lines:
            start = start if lines else number
            lines.append(raw)
    if lines:
        yield start, "\n".join(lines)


def _yaml_entry(node: yaml.Node, file: str, offset: int) -> Iterable[Correction | Problem]:
    def where(n: yaml.Node) -> tuple[str, int]:
        return file, offset + n.start_mark.line

    if not isinstance(node, yaml.MappingNode):
        yield Problem("%s:%d" % where(node), "expected `speaker-id:` followed by its corrections")
        return
    for key, body in node.value:
        speaker = key.value if isinstance(key, yaml.ScalarNode) else ""
        if not isinstance(body, yaml.MappingNode) or not body.value:
            yield Problem("%s:%d" % where(key), f"{speaker}: expected `action: value` lines under it")
            continue
        for action_node, value_node in body.value:
            action = action_node.value if isinstance(action_node, yaml.ScalarNode) else ""
            values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for item in values or [value_node]:
                if isinstance(item, yaml.ScalarNode):
                    value = None if item.tag.endswith(":null") else item.value
                    yield make_correction(action, speaker, value, *where(item))
                else:
                    yield Problem("%s:%d" % where(item), f"{action} {speaker}: a value must be text")


# --- applying -------------------------------------------------------------------------------

Key = tuple[str, str]  # (article_id, key) of an article speaker


@dataclass
class _Curation:
    """The merge result while corrections are applied to it, line by line."""

    speakers: dict[str, CanonicalSpeaker]
    speaker_ids: dict[Key, str]
    members: dict[str, set[Key]]
    items: Sequence[ArticleSpeaker]
    #: fields a correction set, which regrouping must not recompute
    pinned: dict[str, set[str]] = field(default_factory=dict)
    #: speakers whose article speakers changed: aliases, role, affiliation are recomputed
    regrouped: set[str] = field(default_factory=set)
    #: what became of an id that is gone, for the messages of later lines
    gone: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[Key]] | None = None

    def unknown(self, speaker_id: str) -> str | None:
        """Why ``speaker_id`` cannot be corrected, or None when it exists."""
        if speaker_id in self.speakers:
            return None
        if speaker_id in self.gone:
            return f"speaker id {speaker_id!r} {self.gone[speaker_id]}"
        return f"unknown speaker id {speaker_id!r}"

    def pin(self, speaker_id: str, column: str, value: str) -> None:
        self.speakers[speaker_id] = replace(self.speakers[speaker_id], **{column: value})
        self.pinned.setdefault(speaker_id, set()).add(column)

    def move(self, keys: Iterable[Key], target: str, why: str) -> None:
        """Give article speakers ``keys`` to ``target``; a speaker left with none is dropped."""
        for key in list(keys):
            old = self.speaker_ids[key]
            if old == target:
                continue
            self.speaker_ids[key] = target
            self.members[old].discard(key)
            self.members.setdefault(target, set()).add(key)
            self.regrouped.update((old, target))
            if not self.members[old]:
                self._drop(old, why)

    def _drop(self, speaker_id: str, why: str) -> None:
        del self.speakers[speaker_id], self.members[speaker_id]
        self.pinned.pop(speaker_id, None)
        self.regrouped.discard(speaker_id)
        self.gone[speaker_id] = why


def apply_corrections(result: Canonicalisation, article_speakers: Sequence[ArticleSpeaker],
                      corrections: Sequence[Correction]) -> tuple[Canonicalisation, list[Problem]]:
    """``result`` with ``corrections`` applied in order, and the lines that could not be.

    ``article_speakers`` are the rows ``result`` was computed from. A speaker whose article
    speakers changed (merge, alias) gets its aliases, and its role and affiliation unless a
    line set them, recomputed from its new members; its name and kind stay unless set.
    ``result`` itself is not modified.
    """
    if not corrections:
        return result, []
    members: dict[str, set[Key]] = {}
    for key, speaker_id in result.speaker_ids.items():
        members.setdefault(speaker_id, set()).add(key)
    state = _Curation({s.id: replace(s, aliases=list(s.aliases)) for s in result.speakers},
                      dict(result.speaker_ids), members, article_speakers)
    problems = []
    for correction in corrections:
        message = _APPLY[correction.action](state, correction)
        if message:
            problems.append(Problem(correction.where, message))
    _regroup(state)
    speakers = sorted(state.speakers.values(), key=lambda s: s.id)
    return Canonicalisation(speakers, state.speaker_ids), problems


def _merge(state: _Curation, c: Correction) -> str | None:
    if c.speaker == c.value:
        return f"merge {c.speaker}: a speaker cannot be merged into itself"
    problem = state.unknown(c.speaker) or state.unknown(c.value)
    if problem:
        return f"merge {c.speaker} -> {c.value}: {problem}"
    state.move(state.members[c.speaker], c.value, f"was merged into {c.value!r} at {c.where}")
    return None


def _rename(state: _Curation, c: Correction) -> str | None:
    return _set_column(state, c, "name")


def _set_column(state: _Curation, c: Correction, column: str | None = None) -> str | None:
    problem = state.unknown(c.speaker)
    if problem:
        return f"{c.action}: {problem}"
    state.pin(c.speaker, column or c.action, c.value)
    return None


def _new_id(state: _Curation, c: Correction) -> str | None:
    problem = state.unknown(c.speaker)
    if problem:
        return f"id: {problem}"
    if c.value in state.speakers:
        return f"id {c.speaker}: {c.value!r} already exists (merge into it instead)"
    old, new = c.speaker, c.value
    state.speakers[new] = replace(state.speakers.pop(old), id=new)
    state.members[new] = state.members.pop(old)
    for key in state.members[new]:
        state.speaker_ids[key] = new
    if old in state.pinned:
        state.pinned[new] = state.pinned.pop(old)
    if old in state.regrouped:
        state.regrouped.discard(old)
        state.regrouped.add(new)
    state.gone[old] = f"was given the id {new!r} at {c.where}"
    state.gone.pop(new, None)
    return None


def _alias(state: _Curation, c: Correction) -> str | None:
    keys = _named(state, c.value)
    if not keys:
        return f"alias {c.speaker}: no article speaker is named {c.value!r}{_only_inside(state, c.value)}"
    if c.speaker not in state.speakers:
        if not _ID_RE.match(c.speaker):
            return (f"alias: {state.unknown(c.speaker)}, and it cannot be a new id "
                    "(lower-case letters, digits and hyphens)")
        wanted = set(keys)
        moved = [s for s in state.items if (s.article_id, s.key) in wanted]
        name = _most_common(s.name for s in moved)  # as the articles write it
        kind = _most_common(s.kind for s in moved)
        state.speakers[c.speaker] = CanonicalSpeaker(c.speaker, name, kind, None, None, [])
        state.members[c.speaker] = set()
        state.regrouped.add(c.speaker)
        state.gone.pop(c.speaker, None)
    state.move(keys, c.speaker, f"lost all its article speakers to {c.speaker!r} at {c.where}")
    return None


def _named(state: _Curation, name: str) -> list[Key]:
    """Article speakers whose name is ``name`` (ignoring case and spacing)."""
    if state.by_name is None:
        state.by_name = {}
        for s in state.items:
            state.by_name.setdefault(_name_key(s.name), []).append((s.article_id, s.key))
    return state.by_name.get(_name_key(name), [])


def _only_inside(state: _Curation, alias: str) -> str:
    """A hint when ``alias`` is a surface form inside an article speaker of another name."""
    wanted = _name_key(alias)
    for s in state.items:
        if any(_name_key(a) == wanted for a in s.aliases):
            return (f" (it is how article {s.article_id} refers to {s.name!r}, which cannot be"
                    " split without re-extraction)")
    return ""


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


_APPLY: dict[str, Callable[[_Curation, Correction], str | None]] = {
    "merge": _merge, "rename": _rename, "id": _new_id, "kind": _set_column,
    "role": _set_column, "affiliation": _set_column, "alias": _alias,
}


def _regroup(state: _Curation) -> None:
    """Recompute aliases, role and affiliation of the speakers whose members changed."""
    if not state.regrouped:
        return
    groups: dict[str, list[ArticleSpeaker]] = {}
    for s in state.items:
        speaker_id = state.speaker_ids.get((s.article_id, s.key))
        if speaker_id in state.regrouped:
            groups.setdefault(speaker_id, []).append(s)
    for speaker_id, members in groups.items():
        pinned = state.pinned.get(speaker_id, set())
        fresh = {"aliases": sorted({n for m in members for n in (m.name, *m.aliases) if n})}
        for column in ("role", "affiliation"):
            if column not in pinned:
                fresh[column] = _most_common(getattr(m, column) for m in members)
        state.speakers[speaker_id] = replace(state.speakers[speaker_id], **fresh)


def _most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value; ties go to the alphabetically first (as canonical)."""
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None
