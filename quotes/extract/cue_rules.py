"""The *find* step for reporting cues: a spaCy component that runs the cue patterns of rule files.

Rule files are YAML lists under ``quotes/rules/<language>/`` (one file per cue family, such as
``verbs.yml`` or ``source_phrases.yml``); every pattern has an ``id``, a ``label``, a ``comment``
and a ``pattern``. A pattern is either a :class:`~spacy.matcher.Matcher` token pattern (a list of
token specs) or a :class:`~spacy.matcher.DependencyMatcher` pattern (nodes with ``RIGHT_ID``). In
a pattern, the string ``labels.NAME`` stands for the list of tags or dependency labels the
language's ``labels.yml`` gives that name, and ``lexicon.NAME`` for the words of a table of
:mod:`quotes.lexicon` (a dict stands for its keys); in a list, either is spliced in.

The component (factory ``quote_cues``, default config ``rules = "en"``, ``spans_key =
"quote_cues"``) runs one :class:`~spacy.matcher.Matcher` for the token patterns and a
:class:`~spacy.matcher.DependencyMatcher` per dependency pattern, each only where it can match
(see :class:`CueFinder`), and writes the matches to
``doc.spans["quote_cues"]``: one span per match over the cue's words (the node ``cue`` of a
dependency pattern, with the other nodes a pattern lists as ``cue_words``, or a token pattern's
whole match), labelled with the pattern's label, with the pattern's id as the span's ``id_``.
The token of every node a dependency match bound is kept, by node name, in
``doc.user_data["quotes.cue_nodes"]``, in the order of the spans. Turning matches into cues,
mentions and content spans is the next step's work (:mod:`.cues`).

Not handled: a rule file is trusted to be one we wrote; a malformed one is refused with an error
naming the file and pattern, when the component is made, not at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span

from .. import lexicon

#: where the package's rule files live, one folder per language
RULES_ROOT = Path(__file__).resolve().parent.parent / "rules"
#: the ``doc.spans`` key the component writes
SPANS_KEY = "quote_cues"
#: the ``doc.user_data`` key of the nodes each dependency match bound
NODES_KEY = "quotes.cue_nodes"
LABELS_FILE = "labels.yml"


class RuleError(ValueError):
    """A rule file that cannot be used, with the file and the pattern in the message."""


@dataclass(frozen=True)
class CueRule:
    """One pattern of a rule file."""

    id: str
    label: str
    comment: str
    pattern: list
    source: str  #: the rule file it came from
    cue_words: tuple[str, ...] = ("cue",)  #: for a dependency pattern: the nodes the span covers

    @property
    def dependency(self) -> bool:
        return bool(self.pattern) and isinstance(self.pattern[0], dict) and "RIGHT_ID" in self.pattern[0]


def rules_folder(rules: str) -> Path:
    """The folder of rule files for ``rules``: a language of the package (``en``) or a path."""
    folder = RULES_ROOT / rules if "/" not in rules and "\\" not in rules else Path(rules)
    if not (folder / LABELS_FILE).is_file():
        raise RuleError(f"no cue rules at {folder}: it needs a {LABELS_FILE} and one .yml file "
                        "per cue family")
    return folder


def load_rules(folder: Path) -> list[CueRule]:
    """Every pattern of the rule files in ``folder``, in file-name order, with the language's
    label names and the lexicon's tables filled in."""
    labels = _read_yaml(folder / LABELS_FILE)
    if not isinstance(labels, dict):
        raise RuleError(f"{folder / LABELS_FILE}: expected a mapping of names to label lists")
    rules, seen = [], {}
    for path in sorted(folder.glob("*.yml")):
        if path.name == LABELS_FILE:
            continue
        entries = _read_yaml(path)
        if not isinstance(entries, list):
            raise RuleError(f"{path}: expected a list of patterns")
        for number, entry in enumerate(entries, 1):
            where = f"{path}, pattern {number}"
            if not isinstance(entry, dict) or not {"id", "label", "comment", "pattern"} <= set(entry):
                raise RuleError(f"{where}: every pattern needs an id, a label, a comment and a pattern")
            if entry["id"] in seen:
                raise RuleError(f"{where}: id {entry['id']!r} is also used in {seen[entry['id']]}")
            seen[entry["id"]] = path.name
            pattern = _expand(entry["pattern"], labels, f"{where} ({entry['id']})")
            if not isinstance(pattern, list) or not pattern or not all(isinstance(p, dict) for p in pattern):
                raise RuleError(f"{where} ({entry['id']}): the pattern must be a non-empty list of "
                                "token specs or nodes")
            rule = CueRule(str(entry["id"]), str(entry["label"]), str(entry["comment"]), pattern,
                           path.name, tuple(entry.get("cue_words", ("cue",))))
            nodes = [node.get("RIGHT_ID") for node in pattern]
            if rule.dependency and ("cue" not in nodes or not set(rule.cue_words) <= set(nodes)):
                raise RuleError(f"{where} ({entry['id']}): a dependency pattern needs a node named 'cue', "
                                f"and its cue_words must be nodes of it")
            rules.append(rule)
    return rules


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RuleError(f"{path}: not valid YAML: {error}") from None


def _expand(value, labels: dict, where: str):
    """``value`` with ``labels.NAME`` and ``lexicon.NAME`` strings replaced by sorted lists."""
    if isinstance(value, dict):
        return {key: _expand(item, labels, where) for key, item in value.items()}
    if isinstance(value, list):
        out = []
        for item in value:
            expanded = _expand(item, labels, where)
            if isinstance(item, str) and isinstance(expanded, list):
                out.extend(expanded)  # a table named inside a list is spliced in
            else:
                out.append(expanded)
        return out
    if isinstance(value, str) and value.startswith("labels."):
        name = value.removeprefix("labels.")
        if name not in labels:
            raise RuleError(f"{where}: {value!r} is not named in {LABELS_FILE}")
        return list(labels[name])
    if isinstance(value, str) and value.startswith("lexicon."):
        table = getattr(lexicon, value.removeprefix("lexicon."), None)
        if not isinstance(table, (set, frozenset, dict)):
            raise RuleError(f"{where}: {value!r} is not a word table of quotes.lexicon")
        return sorted(table)
    return value


def _cheapened(spec: dict) -> dict:
    """A token spec that matches the same tokens with fewer Python predicates, which the Matcher
    evaluates at every token of every document: ``{IN: A, NOT_IN: B}`` becomes ``{IN: A - B}``,
    and ``{IN: [x]}`` the plain value ``x`` (checked in C)."""
    out = {}
    for attr, value in spec.items():
        if isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"} and isinstance(value.get("IN"), list):
            excluded = set(value.get("NOT_IN", ()))
            kept = [item for item in value["IN"] if item not in excluded]
            value = kept[0] if len(kept) == 1 else {"IN": kept}
        out[attr] = value
    return out


class CueFinder:
    """Runs the cue patterns over a document and writes the matches to ``doc.spans``.

    The Matcher's cost is per word per pattern (it evaluates every set test of every pattern at
    every word), so when every token pattern starts with a word test (``LEMMA``, ``LOWER`` or
    ``ORTH``, equal to or in a list) and has no operators, it runs only over the stretches that
    start at such a word, found by one set look-up per word: the same matches for a sixth of the
    cost. Likewise each dependency pattern has a DependencyMatcher of its own (whose cost grows
    with the nodes of all its patterns, as each node is first matched over the whole document),
    run only over documents that hold, for each of its nodes, a word with the node's plain
    tests on ``LEMMA``, ``LOWER``, ``ORTH``, ``DEP`` and ``TAG`` (a `that` marking a clause, a
    ``ccomp``): a pattern cannot match a document without them. Token patterns without a
    first-word test are matched over every document.
    """

    def __init__(self, vocab, rules: list[CueRule], spans_key: str = SPANS_KEY) -> None:
        self.spans_key = spans_key
        self.rules = {rule.id: rule for rule in rules}
        self.matcher = Matcher(vocab)
        #: per dependency pattern: its matcher, and what a document needs to hold for it to match
        self.dependency_matchers: list[tuple[DependencyMatcher, list[tuple[int, set[int]]]]] = []
        token_rules = [rule for rule in rules if not rule.dependency]
        for rule in rules:
            try:
                if rule.dependency:
                    nodes = [{**node, "RIGHT_ATTRS": _cheapened(node.get("RIGHT_ATTRS", {}))}
                             for node in rule.pattern]
                    matcher = DependencyMatcher(vocab)
                    matcher.add(rule.id, [nodes])
                    self.dependency_matchers.append((matcher, _needs(vocab, nodes)))
                else:
                    self.matcher.add(rule.id, [[_cheapened(spec) for spec in rule.pattern]])
            except ValueError as error:  # spaCy's own check of the pattern's shape
                raise RuleError(f"{rule.source} ({rule.id}): spaCy refuses the pattern: {error}") from None
        self.names = {rule.id: [node["RIGHT_ID"] for node in rule.pattern] if rule.dependency else []
                      for rule in rules}
        fixed = all("OP" not in spec for rule in token_rules for spec in rule.pattern)
        self.token_starts = _word_ids(vocab, [_cheapened(rule.pattern[0]) for rule in token_rules]) \
            if fixed else None
        self.token_reach = max((len(rule.pattern) for rule in token_rules), default=0)
        self.has_tokens = bool(token_rules)
        self.dependency_attrs = {attr: set() for _, needs in self.dependency_matchers for attr, _ in needs}

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[str, int], tuple[tuple[int, ...], Span]] = {}
        strings = doc.vocab.strings
        columns = _columns(doc, self.token_starts, self.dependency_attrs)
        for match_id, start, end in self._token_matches(doc, columns):
            rule = self.rules[strings[match_id]]
            found.setdefault((rule.id, start), ((start, end), Span(doc, start, end, label=rule.label,
                                                                  span_id=rule.id)))
        for match_id, tokens in self._dependency_matches(doc, columns):
            rule = self.rules[strings[match_id]]
            nodes = dict(zip(self.names[rule.id], tokens))
            words = [nodes[name] for name in rule.cue_words]
            key = (rule.id, nodes["cue"])
            # of several matches at one cue, the one whose nodes come first (the parse's first
            # clause, the first object): what the earlier if-chains took
            if key not in found or tuple(tokens) < found[key][0]:
                found[key] = (tuple(tokens), Span(doc, min(words), max(words) + 1, label=rule.label,
                                                  span_id=rule.id))
        ordered = sorted(found.items(), key=lambda item: (item[1][1].start, item[0][0]))
        doc.spans[self.spans_key] = [span for _, (_, span) in ordered]
        doc.user_data[NODES_KEY] = [dict(zip(self.names[rule_id], tokens)) if self.names[rule_id] else {}
                                    for (rule_id, _), (tokens, _) in ordered]
        return doc

    def _token_matches(self, doc: Doc, columns: dict[int, list[int]]):
        """The token patterns' matches as ``(match_id, start, end)`` in doc offsets."""
        if not self.has_tokens:
            return []
        if self.token_starts is None:
            return self.matcher(doc)
        matches, reached = [], 0
        for i in _word_positions(columns, self.token_starts):
            if i < reached:
                continue  # already inside the stretch matched from an earlier start
            reached = min(len(doc), i + self.token_reach)
            matches += [(key, start + i, end + i) for key, start, end in self.matcher(doc[i:reached])]
        return matches


    def _dependency_matches(self, doc: Doc, columns: dict[int, list[int]]):
        """The dependency patterns' matches as ``(match_id, token indexes by node)``, from the
        patterns whose cue word the doc holds."""
        present = {attr: set(columns.get(attr, ())) for attr in self.dependency_attrs}
        return [match for matcher, needs in self.dependency_matchers
                if all(not ids.isdisjoint(present[attr]) for attr, ids in needs) for match in matcher(doc)]


def _needs(vocab, nodes: list[dict]) -> list[tuple[int, set[int]]]:
    """``(attribute, ids)`` pairs a document must hold a word of for the dependency pattern of
    ``nodes`` to match it: the plain tests (equal to a value or in a list) of its nodes."""
    needs = []
    for node in nodes:
        for name, value in node.get("RIGHT_ATTRS", {}).items():
            values = [value] if isinstance(value, str) else \
                value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else None
            if name in ("LEMMA", "LOWER", "ORTH", "DEP", "TAG") and values is not None:
                needs.append((IDS[name], {vocab.strings.add(str(v)) for v in values}))
    return needs


def _word_ids(vocab, specs: list[dict]) -> dict[int, set[int]] | None:
    """The words (ids by attribute: LEMMA, LOWER or ORTH) that can match the first token of
    ``specs``; None when a spec is not tied to listed words."""
    words: dict[int, set[int]] = {}
    for spec in specs:
        name = next((a for a in ("LEMMA", "LOWER", "ORTH") if a in spec), None)
        value = spec.get(name)
        values = [value] if isinstance(value, str) else \
            value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else None
        if values is None:
            return None
        words.setdefault(IDS[name], set()).update(vocab.strings.add(str(v)) for v in values)
    return words


def _columns(doc: Doc, *wanted: dict[int, set[int]] | None) -> dict[int, list[int]]:
    """The doc's word ids for every attribute the look-ups need, as plain lists."""
    attrs = sorted({attr for words in wanted if words for attr in words})
    if not attrs or not len(doc):
        return {}
    array = doc.to_array(attrs)
    return {attr: array[:, k].tolist() for k, attr in enumerate(attrs)}


def _word_positions(columns: dict[int, list[int]], words: dict[int, set[int]]) -> list[int]:
    """The positions of the words of ``words`` in the doc, in order."""
    hits = {i for attr, ids in words.items() for i, value in enumerate(columns.get(attr, ())) if value in ids}
    return sorted(hits)




@Language.factory("quote_cues", default_config={"rules": "en", "spans_key": SPANS_KEY})
def make_cue_finder(nlp: Language, name: str, rules: str, spans_key: str) -> CueFinder:
    """The cue finder for ``rules``: a language of the package's rule files or a folder of them."""
    return CueFinder(nlp.vocab, load_rules(rules_folder(rules)), spans_key)
