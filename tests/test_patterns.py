from __future__ import annotations

import pytest

from extractor.patterns import PatternError, compile_pattern, expand, merge_single


def tok(text):
    return text.replace("-", " - ").split()


def test_literal_regex_and_optional():
    (pat,) = compile_pattern("nieuwe? /partijle(d|den)/", tok)
    assert pat == [{"LOWER": "nieuwe", "OP": "?"}, {"LOWER": {"REGEX": "^(?:partijle(d|den))$"}}]


def test_literals_use_the_tokenizer():
    (pat,) = compile_pattern("niet-staatsbedrijven", tok)
    assert pat == [{"LOWER": "niet"}, {"LOWER": "-"}, {"LOWER": "staatsbedrijven"}]


def test_one_word_alternatives_become_one_predicate():
    levels = {"LEVEL": [("city", "stad"), ("district", "district"), ("city", "thành phố")]}
    pats = compile_pattern("(de|het) {LEVEL}", tok, levels)
    assert [{"LOWER": {"IN": ["de", "het"]}}, {"LOWER": {"IN": ["district", "stad"]}}] in pats
    assert [{"LOWER": {"IN": ["de", "het"]}}, {"LOWER": "thành"}, {"LOWER": "phố"}] in pats
    assert len(pats) == 2
    assert {s[1].label for s in expand("(de|het) {LEVEL}", tok, levels)} == {"city", "district"}


def test_literals_and_regexes_merge_into_one_regex():
    merged = merge_single([{"LOWER": "telt"}, {"LOWER": {"REGEX": "^(?:bedr(aa|oe)g(t)?)$"}}])
    assert merged == {"LOWER": {"REGEX": "^(?:telt|(?:bedr(aa|oe)g(t)?))$"}}


def test_specials_keep_their_operator():
    (pat,) = compile_pattern("van de {PLACE}", tok, specials={"PLACE": {"IS_TITLE": True, "OP": "{1,4}"}})
    assert pat[-1] == {"IS_TITLE": True, "OP": "{1,4}"}


@pytest.mark.parametrize("bad", ["{NOPE}", "/(unclosed/", "()", "(a|/b+/)"])
def test_bad_patterns_raise(bad):
    with pytest.raises(PatternError):
        compile_pattern(bad, tok)


@pytest.mark.parametrize("lang", __import__("extractor.resources", fromlist=["language_codes"]).language_codes())
def test_a_memo_gives_the_same_patterns(lang: str) -> None:
    """Class elements expanded once (the mention recognizer's memo) give the patterns a fresh expansion gives."""
    from extractor.components import tokenizer_of
    from extractor.langdata import load
    from extractor.pipeline import get_pipeline

    data, tok = load(lang), tokenizer_of(get_pipeline(lang))
    classes = {"LEVEL": [(lvl, w) for lvl, words in data.levels.items() for w in words],
               "COMMITTEE": [("", w) for w in data.committee_nouns]}
    place = {"IS_TITLE": True, "OP": "{1,4}"}
    memo: dict = {}
    for mp in data.mentions:
        assert compile_pattern(mp.pattern, tok, classes, {"PLACE": place}, memo) == \
            compile_pattern(mp.pattern, tok, classes, {"PLACE": place}), mp.id
    assert memo or not any("{LEVEL}" in mp.pattern or "{COMMITTEE}" in mp.pattern for mp in data.mentions)
