"""The cue rules (quotes/rules/en/*.yml) through the quote_cues component and the set step.

One row per pattern label: a sentence, the label the find step gives its cue, and the speaker
and content the set step reads from it. Then: a pattern added to a rule file is picked up with
no code change, and a malformed rule file is refused with its name and the pattern's in the
message. All names and events are invented. ``nlp`` is the session's pipeline (conftest.py);
the tests make other cue finders beside it and never change it.
"""

from __future__ import annotations

import shutil

import pytest

from quotes.extract import CUE_COMPONENT
from quotes.extract.cue_rules import NODES_KEY, RULES_ROOT, SPANS_KEY, RuleError, load_rules, rules_folder
from quotes.extract.cues import read_paragraph


def row(label: str, text: str, cue: str, speaker: str | None, content: str | None):
    return pytest.param(text, label, cue, speaker, content, id=f"{label}: {cue}")


ROWS = [
    # verbs.yml
    row("speech", "The harbour master said that the pier would reopen in May.",
        "said", "The harbour master", "the pier would reopen in May"),
    row("complement", "Helen Marsh continued that the budget was far too small.",
        "continued", "Helen Marsh", "the budget was far too small"),
    row("naming", "Councillor Ann Price called the toll plan a disgrace.",
        "called", "Councillor Ann Price", "the toll plan a disgrace"),
    row("particle", "Daniel Okafor pointed out that every ballot had been counted twice.",
        "pointed out", "Daniel Okafor", "every ballot had been counted twice"),
    row("particle", "The dockworkers' union called for an inquiry into the crane collapse.",
        "called", "The dockworkers' union", "for an inquiry into the crane collapse"),
    row("finding", "The survey showed that most residents oppose the new toll.",
        "showed", "The survey", "most residents oppose the new toll"),
    # verb_content.yml: where a verb cue's content is
    row("directive", "Mayor Thomas Brennan urged residents to stay indoors until Sunday.",
        "urged", "Mayor Thomas Brennan", "residents to stay indoors until Sunday"),
    row("commissive", "Governor Samuel Price vowed to rebuild every house the flood destroyed.",
        "vowed", "Governor Samuel Price", "to rebuild every house the flood destroyed"),
    row("object_content", "Laura Whitfield cited the rising cost of rents in the valley.",
        "cited", "Laura Whitfield", "the rising cost of rents in the valley"),
    row("long_object", "Peter Lindqvist stressed his support for the new harbour plan.",
        "stressed", "Peter Lindqvist", "his support for the new harbour plan"),
    row("names_object",
        "Her former partner, Gerald Finnegan, called her a genius at turning failing shops around.",
        "called", "Her former partner, Gerald Finnegan", "her a genius at turning failing shops around"),
    row("listener", "Grace Holloway spoke to reporters about the new bus routes.",
        "spoke", "Grace Holloway", "about the new bus routes"),
    # source_phrases.yml
    row("source_phrase", "According to the health ministry, the clinic will open in June.",
        "According to", "the health ministry", "the clinic will open in June"),
    # nominal.yml
    row("nominal", "Mayor Brennan's claim that the bridge is safe drew loud protests.",
        "claim", "Mayor Brennan's", "the bridge is safe"),
]


def _cue_and_labels(nlp, text: str, cue_text: str):
    doc = nlp(text)
    found = read_paragraph(doc, 0, [])
    cue = next((c for c in found.cues if c.text == cue_text), None)
    assert cue is not None, f"no cue {cue_text!r} among {[c.text for c in found.cues]}"
    labels = {s.label_ for s in doc.spans[SPANS_KEY] if s.start_char == cue.start}
    return cue, labels


@pytest.mark.parametrize("text,label,cue_text,speaker,content", ROWS)
def test_cue_rule(nlp, text, label, cue_text, speaker, content):
    cue, labels = _cue_and_labels(nlp, text, cue_text)
    assert label in labels
    assert (cue.mention.text if cue.mention else None) == speaker
    assert (text[cue.content[0]:cue.content[1]] if cue.content else None) == content


def test_every_label_of_the_rule_files_has_a_row():
    labels = {rule.label for rule in load_rules(rules_folder("en"))}
    assert labels == {p.values[1] for p in ROWS}


@pytest.mark.parametrize("text", [
    "The children showed that they could read the whole page.",  # a finding verb, no document
    "He went on a long walk along the harbour wall.",  # `go` without a clause
    "The committee's report on the budget was late again.",  # a reporting noun without a clause
])
def test_no_cue_without_the_pattern_condition(nlp, text):
    assert read_paragraph(nlp(text), 0, []).cues == []


def test_dependency_match_keeps_its_nodes(nlp):
    doc = nlp("According to the port authority, the ferry will run again in March.")
    [(span, nodes)] = [(s, n) for s, n in zip(doc.spans[SPANS_KEY], doc.user_data[NODES_KEY])
                       if s.label_ == "source_phrase"]
    assert span.text == "According to" and span.id_ == "according-to"
    assert doc[nodes["source"]].text == "authority"


HINT = """
- id: hint-verb
  label: speech
  comment: Hints report what was hinted (a test pattern).
  pattern:
    - {POS: {IN: labels.verb}, LEMMA: hint}
"""
IN_THE_WORDS_OF = """
- id: in-the-words-of
  label: source_phrase
  comment: "`..., in the words of X` (a test pattern)."
  cue_words: [cue, the, words, of]
  pattern:
    - {RIGHT_ID: cue, RIGHT_ATTRS: {LOWER: in}}
    - {LEFT_ID: cue, REL_OP: ">", RIGHT_ID: words, RIGHT_ATTRS: {LOWER: words}}
    - {LEFT_ID: words, REL_OP: ">", RIGHT_ID: the, RIGHT_ATTRS: {LOWER: the}}
    - {LEFT_ID: words, REL_OP: ">", RIGHT_ID: of, RIGHT_ATTRS: {LOWER: of}}
    - {LEFT_ID: of, REL_OP: ">", RIGHT_ID: source, RIGHT_ATTRS: {DEP: {IN: labels.prepositional_object}}}
"""


@pytest.mark.parametrize("rule_file,pattern,text,expected", [
    ("verbs.yml", HINT, "Finance Minister Olga Ramirez hinted that taxes would rise next year.",
     ("hinted", "hint", "Finance Minister Olga Ramirez", "taxes would rise next year")),
    ("source_phrases.yml", IN_THE_WORDS_OF,
     "The new bridge is a disgrace, in the words of Mayor Thomas Brennan.",
     ("in the words of", "in the words of", "Mayor Thomas Brennan", "The new bridge is a disgrace")),
], ids=["verb", "source-phrase"])
def test_a_new_pattern_in_a_rule_file_is_picked_up(nlp, tmp_path, rule_file, pattern, text, expected):
    assert read_paragraph(nlp(text), 0, []).cues == []
    rules = tmp_path / "en"
    shutil.copytree(RULES_ROOT / "en", rules)
    with open(rules / rule_file, "a", encoding="utf-8") as family:
        family.write(pattern)
    finder = nlp.create_pipe("quote_cues", config={"rules": str(rules)})
    doc = finder(nlp(text))
    [cue] = read_paragraph(doc, 0, []).cues
    assert (cue.text, cue.lemma, cue.mention.text, text[cue.content[0]:cue.content[1]]) == expected


@pytest.mark.parametrize("entry,message", [
    ("- {id: broken, label: speech, pattern: [{LEMMA: hint}]}\n", "needs an id, a label, a comment"),
    ("- {id: broken, label: speech, comment: c, pattern: [{DEP: {IN: labels.nothing}}]}\n",
     "'labels.nothing' is not named in labels.yml"),
    ("- {id: broken, label: speech, comment: c, pattern: [{LEMMA: {IN: lexicon.NO_SUCH}}]}\n",
     "'lexicon.NO_SUCH' is not a word table"),
    ("- {id: speech-verb, label: speech, comment: c, pattern: [{LEMMA: hint}]}\n",
     "id 'speech-verb' is also used in verbs.yml"),
    ("- {id: broken, label: speech, comment: c, pattern: [{RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: hint}}]}\n",
     "needs a node named 'cue'"),
    ("- {id: broken, label: speech, comment: c, pattern: [{LEMMA: {FUZZY_IN: 3}}]}\n", "spaCy refuses"),
    ("- id: [broken\n", "not valid YAML"),
])
def test_a_malformed_rule_file_is_refused_with_its_name(nlp, tmp_path, entry, message):
    rules = tmp_path / "en"
    shutil.copytree(RULES_ROOT / "en", rules)
    (rules / "zz_extra.yml").write_text(entry, encoding="utf-8")
    with pytest.raises(RuleError, match="zz_extra.yml|verbs.yml") as error:
        nlp.create_pipe("quote_cues", config={"rules": str(rules)})
    assert message in str(error.value)


def test_rules_of_a_language_the_package_lacks_are_refused():
    with pytest.raises(RuleError, match="no cue rules at .*xx"):
        rules_folder("xx")


def test_a_paragraph_the_component_did_not_see_is_refused(nlp):
    with nlp.select_pipes(disable=[CUE_COMPONENT]):
        doc = nlp("The mayor said the pier would reopen.")
    with pytest.raises(ValueError, match="quote_cues component"):
        read_paragraph(doc, 0, [])


PARAGRAPH = ("According to the port authority, the ferry will run again in March. Mayor Thomas Brennan "
             "said the pier was safe, pointed out that repairs were done and called for calm. The survey "
             "showed that most residents agree, and his claim that the harbour is closed was wrong.")


def _by_id(doc):
    return sorted((span.id_, span.start, span.end) for span in doc.spans[SPANS_KEY])


def test_matching_from_cue_words_finds_what_matching_the_whole_doc_finds(nlp):
    """The finder runs the Matcher only where a pattern's first word can be, and the
    DependencyMatcher only on documents holding a cue word: the same matches as whole-doc runs."""
    doc = nlp(PARAGRAPH)
    finder = nlp.get_pipe(CUE_COMPONENT)
    strings = nlp.vocab.strings
    whole = [(strings[key], start, end) for key, start, end in finder.matcher(doc)]
    for key, tokens in [match for matcher, _ in finder.dependency_matchers for match in matcher(doc)]:
        rule = finder.rules[strings[key]]
        nodes = dict(zip(finder.names[rule.id], tokens))
        words = [nodes[name] for name in rule.cue_words]
        whole.append((rule.id, min(words), max(words) + 1))
    assert finder.token_starts is not None and len(set(whole)) > 10
    assert _by_id(doc) == sorted(set(whole))


def test_patterns_without_a_word_test_are_matched_over_the_whole_doc(nlp, tmp_path):
    rules = tmp_path / "en"
    shutil.copytree(RULES_ROOT / "en", rules)
    with open(rules / "verbs.yml", "a", encoding="utf-8") as verbs:
        verbs.write("- {id: any-verb, label: test, comment: c, pattern: [{POS: VERB}]}\n")
    finder = nlp.create_pipe("quote_cues", config={"rules": str(rules)})
    assert finder.token_starts is None
    doc = finder(nlp(PARAGRAPH))
    verbs = [t.i for t in doc if t.pos_ == "VERB"]
    assert sorted(s.start for s in doc.spans[SPANS_KEY] if s.label_ == "test") == verbs
    assert [s for s in _by_id(doc) if s[0] != "any-verb"] == _by_id(nlp(PARAGRAPH))
