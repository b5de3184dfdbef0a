"""extractor.tokenizers: the dependency-free CharClassTokenizer, and every language whose
language.json selects it (discovered from disk)."""

from __future__ import annotations

import random
import re

import pytest
import spacy

from extractor.langdata import load
from extractor.resources import language_codes
from extractor.tokenizers import SCRIPTS, CharClassTokenizer

CFG = {"nlp": {"tokenizer": {"@tokenizers": "extractor.CharClassTokenizer.v1", "split": ["han", "hiragana"]}}}


def _langs_using_it():
    return [c for c in language_codes()
            if load(c).spacy_config.get("nlp", {}).get("tokenizer", {}).get("@tokenizers")
            == "extractor.CharClassTokenizer.v1"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("xx", config=CFG)


def test_found_through_the_registry_without_importing_the_module(nlp):
    assert isinstance(nlp.tokenizer, CharClassTokenizer)
    assert nlp.tokenizer.split == ("han", "hiragana")


def test_runs_and_single_characters(nlp):
    doc = nlp("クアンニン省党委員会は2,391人を入党させ、計画の71.4％、１，０３２人。")
    assert [t.text for t in doc] == [
        "クアンニン", "省", "党", "委", "員", "会", "は", "2,391", "人", "を", "入", "党", "さ", "せ", "、",
        "計", "画", "の", "71.4", "％", "、", "１，０３２", "人", "。"]


def test_middle_dot_and_brackets_are_punctuation(nlp):
    doc = nlp("ホー・チ・ミン（87人）")
    assert [t.text for t in doc] == ["ホー", "・", "チ", "・", "ミン", "（", "87", "人", "）"]


def test_latin_words_and_whitespace_follow_spacy(nlp):
    doc = nlp("Tiếng Việt  English\n\n日本語")
    assert [t.text for t in doc] == ["Tiếng", "Việt", " ", "English", "\n\n", "日", "本", "語"]
    assert doc[0].whitespace_ == " " and doc[1].whitespace_ == " "


def test_separators_belong_to_a_number_only_between_digits(nlp):
    assert [t.text for t in nlp("2,391、3.")] == ["2,391", "、", "3", "."]


def test_unknown_script_is_an_error():
    with pytest.raises(ValueError, match="unknown script"):
        spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": "extractor.CharClassTokenizer.v1",
                                                        "split": ["klingon"]}}})


def test_text_round_trips_on_random_input(nlp):
    rnd = random.Random("tokenizers")
    alphabet = "クアンニン省党委員会は入党させ、。・（）2,391.％ \n\u3000abcÉ\u0301" + "".join(
        chr(cp) for cp in (rnd.randint(0x20, 0x2FFFF) for _ in range(200)) if not 0xD800 <= cp <= 0xDFFF)
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60)))
        doc = nlp(text)
        assert doc.text == text
        assert all(t.text for t in doc)


def test_scripts_table_is_disjoint():
    seen: dict[int, str] = {}
    for name, ranges in SCRIPTS.items():
        for a, b in re.findall(r"(.)(?:-(.))?", ranges):
            for cp in range(ord(a), ord(b or a) + 1):
                assert cp not in seen, (hex(cp), name, seen.get(cp))
                seen[cp] = name


@pytest.mark.parametrize("code", _langs_using_it() or ["(none)"])
def test_languages_using_it_build_without_extra_packages(code):
    if code == "(none)":
        pytest.skip("no language selects the CharClassTokenizer")
    from extractor.pipeline import get_pipeline
    nlp = get_pipeline(code)
    assert isinstance(nlp.tokenizer, CharClassTokenizer)
