"""Tests for quotes.evaluate: real SQLite files, tiny hand-made gold, hand-computed scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.evaluate import (
    EvaluationError,
    GoldQuote,
    Prediction,
    evaluate,
    load_gold,
    main_text,
    render_report,
    role_is_right,
    speaker_is_right,
)

from quotes.store import QuoteStore
from gold_sets import POLNEAR_GOLD, SEEDS, SEEDS_GOLD, need_polnear


def make_db(path: Path, texts: dict[str, str], quotes: list[dict],
            speakers: list[dict] = (),
            where: dict[str, tuple[str | None, str]] | None = None) -> Path:
    """A database the store makes, holding the given articles, speakers and quotes (in one
    transaction); quotes name their doc.

    ``where`` gives some docs' ``(source_id, path)``; the others get ``(doc, doc.txt)``.
    """
    articles = []
    for doc, text in texts.items():
        source_id, path_ = (where or {}).get(doc, (doc, f"{doc}.txt"))
        articles.append({"id": f"a-{doc}", "source_id": source_id, "path": path_, "text": text})
    speaker_rows = [{**speaker, "aliases": json.dumps(speaker.get("aliases", []))} for speaker in speakers]
    quote_rows = []
    for q in quotes:
        article_id = f"a-{q['doc']}"
        quote_rows.append({"id": f"{article_id}:{q['start']}-{q['end']}", "article_id": article_id,
                           "speaker_id": q.get("speaker_id"), "start": q["start"], "end": q["end"],
                           "text": texts[q["doc"]][q["start"]:q["end"]], "kind": "direct",
                           "role": q.get("role")})
    store = QuoteStore(path)
    try:
        store.insert_rows({"articles": articles, "speakers": speaker_rows, "quotes": quote_rows})
    finally:
        store.close()
    return path


def gold_line(doc: str, text: str, start: int, end: int, **fields) -> dict:
    line = {"doc": doc, "kind": "direct", "speaker": "Sergey Ryabkov", "speaker_kind": "person",
            "speaker_aliases": ["Sergey Ryabkov", "Ryabkov"], "role": None, "optional": False,
            "start": start, "end": end, "text": text[start:end]}
    return {**line, **fields}


def write_gold(tmp_path: Path, lines: list[dict], articles: list[dict] | None = None,
               stem: str = "mine"):
    gold_path = tmp_path / f"{stem}.jsonl"
    gold_path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    if articles is not None:
        (tmp_path / f"{stem}-articles.jsonl").write_text(
            "".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return load_gold(gold_path)


RYABKOV = {"id": "sergey-ryabkov", "name": "Sergey Ryabkov", "kind": "person",
           "role": "Deputy Foreign Minister", "aliases": ["Ryabkov"]}


def score(tmp_path, texts, gold_lines, quotes, speakers=(RYABKOV,), articles=None):
    gold = write_gold(tmp_path, gold_lines, articles)
    return evaluate(make_db(tmp_path / "q.db", texts, quotes, speakers), gold)


def test_whitespace_is_not_counted(tmp_path):
    text = "abcd" + " " * 20 + "xyz"
    # gold "abcd": the prediction covers "cd" = 2 of 4 characters, found;
    # the prediction "cd" + 20 spaces + "xy" has 2 of its 4 characters in gold, correct.
    report = score(tmp_path, {"d": text}, [gold_line("d", text, 0, 4)],
                   [{"doc": "d", "start": 2, "end": 26}])
    assert (report.found, report.required, report.correct, report.counted) == (1, 1, 1, 1)


@pytest.mark.parametrize("start,end,found,correct", [
    (0, 5, 1, 1),    # 5/10 of gold covered; all of the prediction inside
    (0, 4, 0, 1),    # 4/10 covered: missed, but the prediction is still correct
    (5, 16, 1, 1),   # "fghij klmno": 5 of its 10 characters in gold
    (6, 16, 0, 0),   # "ghij klmno": 4 of 9 in gold, 4 of 10 of gold covered
])
def test_fifty_percent_thresholds(tmp_path, start, end, found, correct):
    text = "abcdefghij klmnopqrst"
    report = score(tmp_path, {"d": text}, [gold_line("d", text, 0, 10)],
                   [{"doc": "d", "start": start, "end": end}])
    assert (report.found, report.correct, report.counted) == (found, correct, 1)
    assert len(report.false_positives) == 1 - correct
    assert len(report.misses) == 1 - found


def test_optional_and_ignore_are_neutral_correct_checked_first(tmp_path):
    text = "aaaa bbbb cccc dddd eeee"
    gold = [gold_line("d", text, 0, 4), gold_line("d", text, 5, 9, optional=True)]
    quotes = [{"doc": "d", "start": s, "end": e} for s, e in
              [(0, 9), (5, 9), (15, 19), (10, 14), (10, 19)]]
    report = score(tmp_path, {"d": text}, gold, quotes,
                   articles=[{"doc": "d", "ignore": [[15, 19]]}])
    # (0,9) half required half optional: correct; (5,9), (15,19), (10,19): neutral; (10,14): FP
    assert (report.correct, report.counted, report.neutral) == (1, 2, 3)
    assert (report.required, report.found) == (1, 1)
    assert report.detection() == pytest.approx((0.5, 1.0, 2 / 3))
    assert [f.start for f in report.false_positives] == [10]


def predicted(*names: str) -> Prediction:
    return Prediction("d", 0, 1, "x", names[0] if names else None, names, None)


def gold_quote(aliases=(), speaker="Sergei Ryabkov", head_field=False, head=None) -> GoldQuote:
    return GoldQuote("d", 0, 1, "x", "direct", speaker, (speaker, *aliases),
                     has_head_field=head_field, speaker_head=head)


@pytest.mark.parametrize("names,aliases,speaker,right", [
    (("Sergey Ryabkov",), (), "Sergei Ryabkov", False),
    (("Sergey Ryabkov", "Ryabkov"), ("Ryabkov",), "Sergei Ryabkov", True),
    (("sergei  ryabkov.",), (), "Sergei Ryabkov", True),
    (("Ma'ariv",), (), "Ma\u2019ariv", True),
    (("US State Department",), ("U.S. State Department",), "State Department", True),
    (("Ryabkovich",), ("Ryabkov",), "Sergei Ryabkov", False),
    ((), ("Ryabkov",), "Sergei Ryabkov", False),
])
def test_speaker_aliases(names, aliases, speaker, right):
    assert speaker_is_right(predicted(*names), gold_quote(aliases, speaker)) is right


@pytest.mark.parametrize("names,head,right", [
    (("Kellyanne Conway",), "Conway", True),
    (("Conways Group",), "Conway", False),
    (("Trump campaign", "conway"), "Conway", True),
    (("Pat O'Brien",), "O\u2019Brien", True),
    (("Kellyanne Conway",), None, False),
])
def test_speaker_head(names, head, right):
    gold = gold_quote(speaker="Trump campaign manager Kellyanne Conway", head_field=True, head=head)
    assert speaker_is_right(predicted(*names), gold) is right


def test_polnear_attribution_counts_only_headed_gold(tmp_path):
    text = "aaaa bbbb cccc dddd eeee"
    gold = [gold_line("d", text, 0, 4, speaker="Conway", speaker_head="Conway"),
            gold_line("d", text, 5, 9, speaker="he", speaker_head=None),
            gold_line("d", text, 10, 14, speaker="Trump", speaker_head="Trump")]
    speakers = [{"id": "kc", "name": "Kellyanne Conway", "kind": "person"},
                {"id": "mp", "name": "Mike Pence", "kind": "person"}]
    quotes = [{"doc": "d", "start": 0, "end": 4, "speaker_id": "kc"},
              {"doc": "d", "start": 5, "end": 9, "speaker_id": "mp"},
              {"doc": "d", "start": 10, "end": 14, "speaker_id": "mp"},
              {"doc": "d", "start": 20, "end": 24, "speaker_id": "kc"}]
    report = score(tmp_path, {"d": text}, gold, quotes, speakers)
    assert (report.correct, report.counted, report.found, report.required) == (3, 4, 3, 3)
    # the prediction on the headless quote is left out; the false positive stays in
    assert (report.attribution_right, report.attribution_predictions) == (1, 3)
    assert (report.attributed, report.attribution_gold) == (1, 2)
    assert report.attribution() == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert [f.detail for f in report.wrong_speakers] == ["gold 'Trump', predicted 'Mike Pence'"]


@pytest.mark.parametrize("said,gold,right", [
    ("Russian Deputy Foreign Minister", "Deputy Foreign Minister", True),
    ("minister", "Deputy Foreign Minister", True),
    ("Deputy-Foreign minister.", "deputy foreign minister", True),
    ("spokesman", "Deputy Foreign Minister", False),
    ("Prime Ministerial aide", "Minister", False),
    (None, "Minister", False),
    ("", "Minister", False),
])
def test_role_containment(said, gold, right):
    assert role_is_right(said, gold) is right


def test_role_accuracy_uses_quote_role_then_speaker_role(tmp_path):
    text = "aaaa bbbb cccc dddd eeee"
    minister = "Deputy Foreign Minister"
    gold = [gold_line("d", text, 0, 4, role=minister),
            gold_line("d", text, 5, 9, role=minister),
            gold_line("d", text, 10, 14, role=None),
            gold_line("d", text, 15, 19, role="Ministry", speaker_kind="organization")]
    speaker = {**RYABKOV, "role": "Russian Deputy Foreign Minister"}
    quotes = [{"doc": "d", "start": 0, "end": 4, "speaker_id": "sergey-ryabkov"},
              {"doc": "d", "start": 5, "end": 9, "speaker_id": "sergey-ryabkov",
               "role": "spokesman"},
              {"doc": "d", "start": 10, "end": 14, "speaker_id": "sergey-ryabkov"},
              {"doc": "d", "start": 15, "end": 19, "speaker_id": "sergey-ryabkov", "role": "x"}]
    report = score(tmp_path, {"d": text}, gold, quotes, [speaker])
    assert report.attributed == 4
    assert (report.role_right, report.role_total, report.role_accuracy) == (1, 2, 0.5)


def test_speaker_and_resolution_accuracy(tmp_path):
    """Attributed / found among scored quotes; resolution only where needs_resolution is set.
    A missed quote counts in neither; one with a null head is not scored."""
    text = "aaaa bbbb cccc dddd eeee ffff"
    head = {"speaker_head": "Ryabkov"}
    gold = [gold_line("d", text, 0, 4, **head),                          # right, named
            gold_line("d", text, 5, 9, needs_resolution=True, **head),   # right, resolved
            gold_line("d", text, 10, 14, needs_resolution=True, **head), # wrong speaker
            gold_line("d", text, 15, 19, needs_resolution=True, **head), # missed
            gold_line("d", text, 20, 24, needs_resolution=True, speaker_head=None)]  # not scored
    quotes = [{"doc": "d", "start": 0, "end": 4, "speaker_id": "sergey-ryabkov"},
              {"doc": "d", "start": 5, "end": 9, "speaker_id": "sergey-ryabkov"},
              {"doc": "d", "start": 10, "end": 14, "speaker_id": "lavrov"},
              {"doc": "d", "start": 20, "end": 24, "speaker_id": "lavrov"}]
    lavrov = {"id": "lavrov", "name": "Sergei Lavrov", "kind": "person"}
    report = score(tmp_path, {"d": text}, gold, quotes, [RYABKOV, lavrov])
    assert (report.attributed, report.speaker_found) == (2, 3)
    assert (report.resolution_right, report.resolution_found) == (1, 2)
    assert report.speaker_accuracy == pytest.approx(2 / 3)
    assert report.resolution_accuracy == 0.5
    scores = report.to_dict()
    assert scores["resolution_accuracy"] == {"accuracy": 0.5, "right": 1, "found": 2}
    lines = render_report(report).splitlines()
    assert next(x for x in lines if x.startswith("speaker acc.")).split()[2] == "0.667"
    assert next(x for x in lines if x.startswith("resolution acc.")).split()[2] == "0.500"


@pytest.mark.parametrize("with_second_speaker,expected", [(False, 2.0), (True, 1.5)])
def test_ids_per_speaker(tmp_path, with_second_speaker, expected):
    text = "aaaa bbbb cccc dddd eeee"
    gold = [gold_line("d", text, 0, 4), gold_line("d", text, 5, 9),
            gold_line("d", text, 10, 14, speaker="Sergey Lavrov", speaker_aliases=["Lavrov"])]
    speakers = [RYABKOV, {"id": "ryabkov-2", "name": "Ryabkov", "kind": "person"},
                {"id": "lavrov", "name": "Sergei Lavrov", "kind": "person", "aliases": ["Lavrov"]}]
    quotes = [{"doc": "d", "start": 0, "end": 4, "speaker_id": "sergey-ryabkov"},
              {"doc": "d", "start": 5, "end": 9, "speaker_id": "ryabkov-2"},
              {"doc": "d", "start": 10, "end": 14,
               "speaker_id": "lavrov" if with_second_speaker else "ryabkov-2"}]
    report = score(tmp_path, {"d": text}, gold, quotes, speakers)
    # a gold speaker none of whose quotes is attributed is not averaged
    assert report.ids_per_speaker == expected
    assert len(report.speaker_ids) == (2 if with_second_speaker else 1)


def test_missing_doc_counts_as_missed_and_extra_articles_are_ignored(tmp_path):
    text = "aaaa bbbb cccc"
    gold = [gold_line("here", text, 0, 4), gold_line("gone", text, 0, 4),
            gold_line("gone", text, 5, 9), gold_line("gone", text, 10, 14, optional=True)]
    quotes = [{"doc": "here", "start": 0, "end": 4, "speaker_id": "sergey-ryabkov"},
              {"doc": "other", "start": 5, "end": 9}]
    report = score(tmp_path, {"here": text, "other": text}, gold, quotes)
    assert (report.found, report.required, report.counted) == (1, 3, 1)
    assert report.detection() == pytest.approx((1.0, 1 / 3, 0.5))
    assert report.warnings == [
        "gone: no article in the database; its 2 required quotes count as missed"]
    assert [(f.doc, f.start) for f in report.misses] == [("gone", 0), ("gone", 5)]


@pytest.mark.parametrize("source_id,path,matched", [
    ("doc1", "archive.jsonl.gz:3", True),
    (None, "in/some dir/doc1.txt", True),
    ("doc2", "in/doc2.txt", False),
])
def test_doc_matches_source_id_then_path_stem(tmp_path, source_id, path, matched):
    text = "aaaa bbbb"
    gold = write_gold(tmp_path, [gold_line("doc1", text, 0, 4)])
    db = make_db(tmp_path / "q.db", {"doc1": text}, [{"doc": "doc1", "start": 0, "end": 4}],
                 where={"doc1": (source_id, path)})
    report = evaluate(db, gold)
    assert (report.found, report.correct, len(report.warnings)) == (
        (1, 1, 0) if matched else (0, 0, 1))


def test_load_gold_finds_articles_beside_or_explicit(tmp_path):
    text = "aaaa bbbb"
    gold = write_gold(tmp_path, [gold_line("a", text, 0, 4)],
                      articles=[{"doc": "a", "ignore": [[5, 9]]}, {"doc": "b", "ignore": []}])
    assert gold.ignore == {"a": [(5, 9)], "b": []}
    assert gold.docs == ["a", "b"]
    other = tmp_path / "elsewhere.jsonl"
    other.write_text(json.dumps({"doc": "a", "ignore": [[0, 2]]}) + "\n", encoding="utf-8")
    assert load_gold(tmp_path / "mine.jsonl", other).ignore == {"a": [(0, 2)]}
    (tmp_path / "mine-articles.jsonl").unlink()
    assert load_gold(tmp_path / "mine.jsonl").ignore == {}


def test_annotated_doc_without_gold_quotes_makes_false_positives(tmp_path):
    text = "aaaa bbbb"
    report = score(tmp_path, {"a": text, "b": text}, [gold_line("a", text, 0, 4)],
                   [{"doc": "b", "start": 0, "end": 4}],
                   articles=[{"doc": "a", "ignore": []}, {"doc": "b", "ignore": []}])
    assert (report.correct, report.counted, report.attribution_predictions) == (0, 1, 1)


def test_bad_gold_line_says_where(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"doc": "a", "start": 0, "end": 4}\n{"doc": "a"\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad\.jsonl:2"):
        load_gold(path)
    path.write_text('{"doc": "a", "start": 0}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad\.jsonl:1.*end"):
        load_gold(path)


def test_missing_database_is_an_error(tmp_path):
    gold = write_gold(tmp_path, [gold_line("a", "aaaa", 0, 4)])
    with pytest.raises(EvaluationError, match="no database"):
        evaluate(tmp_path / "absent.db", gold)


def test_render_and_json(tmp_path):
    text = "aaaa bbbb cccc dddd"
    gold = [gold_line("b", text, 5, 9), gold_line("a", text, 10, 14), gold_line("a", text, 0, 4)]
    quotes = [{"doc": "a", "start": 0, "end": 4, "speaker_id": "sergey-ryabkov"},
              {"doc": "b", "start": 15, "end": 19, "speaker_id": "sergey-ryabkov"}]
    report = score(tmp_path, {"a": text, "b": text}, gold, quotes)
    brief = render_report(report, verbose=False)
    assert "detection         0.500  0.333  0.400  1/2 predictions correct" in brief
    assert "role accuracy       n/a" in brief
    assert "  direct             1/3 0.333         1/3 0.333" in brief
    assert "missed" not in brief
    verbose = render_report(report, verbose=True)
    missed = verbose.split("missed (2):\n")[1].split("\n\n")[0].splitlines()
    assert missed == ["  a @10 direct: cccc", "  b @5 direct: bbbb"]
    assert "  b @15 predicted: dddd  [Sergey Ryabkov]" in verbose
    data = json.loads(main_text(tmp_path / "mine.jsonl", tmp_path / "q.db", as_json=True))
    assert data["detection"]["recall"] == pytest.approx(1 / 3)
    assert data["by_kind"]["direct"] == {"required": 3, "found": 1, "scorable": 3, "attributed": 1}


def test_seeds_gold_counts():
    gold = load_gold(SEEDS_GOLD)
    required = [q for q in gold.quotes if not q.optional]
    kinds = [sum(q.kind == kind for q in required) for kind in ("direct", "mixed", "indirect")]
    assert (len(required), kinds) == (81, [35, 7, 39])
    assert len(gold.ignore) == 5


@pytest.mark.parametrize("gold_set", ["seeds", "polnear-dev"])
def test_gold_as_predictions_scores_perfectly(tmp_path, gold_set):
    if gold_set == "seeds":
        gold_file, texts_dir = SEEDS_GOLD, SEEDS
    else:
        gold_file, texts_dir = POLNEAR_GOLD, need_polnear()
    gold = load_gold(gold_file)
    texts = {doc: (texts_dir / f"{doc}.txt").read_text(encoding="utf-8") for doc in gold.docs}
    speakers, quotes = {}, []
    for q in gold.quotes:
        if not q.optional:
            name = q.speaker_head or q.speaker
            speakers[name] = {"id": name, "name": name, "kind": "person",
                              "aliases": list(q.aliases)}
            quotes.append({"doc": q.doc, "start": q.start, "end": q.end, "speaker_id": name,
                           "role": q.role})
    report = evaluate(make_db(tmp_path / "q.db", texts, quotes, list(speakers.values())), gold)
    assert report.warnings == []
    assert report.detection() == (1.0, 1.0, 1.0)
    assert report.attribution() == (1.0, 1.0, 1.0)
    assert report.role_accuracy in (1.0, None)


def test_a_gold_line_without_text_takes_the_articles_text_at_its_offsets(tmp_path):
    """gold/polnear-dev.jsonl carries offsets and speakers but not the publishers' words."""
    text = "aaaa bbbb cccc dddd"
    line = gold_line("a", text, 10, 14)
    del line["text"]
    report = score(tmp_path, {"a": text}, [line], [])
    assert report.warnings == []
    assert "  a @10 direct: cccc" in render_report(report, verbose=True)


def test_a_gold_text_that_is_not_the_article_text_is_reported(tmp_path):
    text = "aaaa bbbb cccc dddd"
    line = {**gold_line("a", text, 10, 14), "text": "xxxx"}
    report = score(tmp_path, {"a": text}, [line], [])
    assert report.warnings == ["a: 1 gold quote texts differ from the article at their offsets (first at 10)"]
