from __future__ import annotations

import pytest

from extractor.patterns import PatternError, expand, matcher_pattern, slot_offsets


def tok(text):
    return text.replace("-", " - ").split()


def test_literal_regex_and_optional():
    alts = expand("nieuwe? /partijle(d|den)/", tok)
    pats = [matcher_pattern(a) for a in alts]
    assert [{"LOWER": "nieuwe"}, {"LOWER": {"REGEX": "^(?:partijle(d|den))$"}}] in pats
    assert [{"LOWER": {"REGEX": "^(?:partijle(d|den))$"}}] in pats
    assert len(pats) == 2


def test_literals_use_the_tokenizer():
    (alt,) = expand("niet-staatsbedrijven", tok)
    assert matcher_pattern(alt) == [{"LOWER": "niet"}, {"LOWER": "-"}, {"LOWER": "staatsbedrijven"}]


def test_classes_and_labels():
    alts = expand("(de|het) {LEVEL}", tok, {"LEVEL": [("city", "stad"), ("district", "district")]})
    assert len(alts) == 4
    labels = {a[1].label for a in alts}
    assert labels == {"city", "district"}


def test_specials_and_offsets():
    (alt,) = expand("van de {LEVEL} {PLACE}", tok, {"LEVEL": [("city", "stad")]},
                    {"PLACE": {"IS_TITLE": True, "OP": "{1,4}"}})
    assert alt[-1].variable and alt[-1].name == "PLACE"
    assert slot_offsets(alt, 5) == [(0, 1), (1, 2), (2, 3), (3, 5)]


@pytest.mark.parametrize("bad", ["{NOPE}", "/(unclosed/", "()"])
def test_bad_patterns_raise(bad):
    with pytest.raises(PatternError):
        expand(bad, tok)
