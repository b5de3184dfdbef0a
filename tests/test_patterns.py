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
