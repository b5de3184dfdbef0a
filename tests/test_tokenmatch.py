"""The token matcher gives spaCy's ``Matcher`` results: on small cases, and for every matcher of every
language's pipeline on corpus articles."""

from __future__ import annotations

import itertools

import pytest
import spacy
from spacy.matcher import Matcher

from extractor.extract import to_article
from extractor.pipeline import get_pipeline
from extractor.resources import language_codes
from extractor.sources import iter_documents
from extractor.tokenmatch import TokenMatcher, doc_text, sentences

from corpus import CORPORA


def spacy_matches(matcher: TokenMatcher, doclike) -> list[tuple[str, int, int]]:
    reference = Matcher(matcher.vocab, validate=True)
    for key, patterns, greedy in matcher.added:
        reference.add(key, patterns, greedy=greedy)
    strings = matcher.vocab.strings
    return sorted((strings[m], a, b) for m, a, b in reference(doclike))


def ours(matcher: TokenMatcher, doclike) -> list[tuple[str, int, int]]:
    return sorted(matcher(doclike))


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


CASES = [
    [[{"LOWER": "new"}, {"LOWER": "members"}]],
    [[{"LOWER": "new", "OP": "?"}, {"LOWER": {"IN": ["members", "member"]}}]],
    [[{"IS_TITLE": True, "OP": "+"}]],
    [[{"IS_TITLE": True, "LOWER": {"NOT_IN": ["the"]}, "OP": "{1,2}"}, {"LOWER": "district"}]],
    [[{"LOWER": {"REGEX": "^mem"}}, {"LOWER": "in", "OP": "*"}]],
    [[{"TEXT": {"REGEX": "^[A-Z]"}, "SPACY": True}, {"LOWER": "district"}]],
    [[{"LOWER": "the"}, {"OP": "?"}, {"LOWER": "district"}]],
    # several regexes on one attribute are first tried as one union: with and without a hit, and
    # regexes that cannot join one (a back reference, a global flag) searched one by one
    [[{"LOWER": {"REGEX": "^(?:new|old)$"}}, {"LOWER": {"REGEX": "^members?$"}}],
     [{"LOWER": {"REGEX": "^dist"}}], [{"LOWER": {"REGEX": "(e)\\1"}}], [{"LOWER": {"REGEX": "zz"}}]],
    [[{"TEXT": {"REGEX": "(?i)^TIEN$"}}, {"TEXT": {"REGEX": "^Y"}}], [{"TEXT": {"REGEX": "[0-9]"}}]],
    [[{"LOWER": {"REGEX": "^(?P<w>ba)$"}}], [{"LOWER": {"REGEX": "^(?P<w>che)$"}}]],
]
TEXT = "The new members of the Tien Yen district and the Ba Che district: 12 new members in the district."


@pytest.mark.parametrize("patterns", CASES, ids=[str(i) for i in range(len(CASES))])
@pytest.mark.parametrize("greedy", [None, "LONGEST"])
def test_small_cases_match_like_spacy(nlp, patterns, greedy):
    doc = nlp(TEXT)
    matcher = TokenMatcher(nlp.vocab)
    matcher.add("K", patterns, greedy=greedy)
    assert ours(matcher, doc) == spacy_matches(matcher, doc)
    assert ours(matcher, doc[3:12]) == spacy_matches(matcher, doc[3:12])


def test_unsupported_patterns_are_refused(nlp):
    matcher = TokenMatcher(nlp.vocab)
    with pytest.raises(ValueError):
        matcher.add("K", [[{"POS": "NOUN"}]])
    with pytest.raises(ValueError):
        matcher.add("K", [[{"LOWER": "a", "OP": "!"}]])


def _matchers(nlp) -> dict[str, TokenMatcher]:
    """Every token matcher the components of ``nlp`` hold."""
    found = {}
    for name, component in nlp.pipeline:
        for attr, value in vars(component).items():
            if isinstance(value, TokenMatcher) and len(value):
                found[f"{name}.{attr}"] = value
    return found


@pytest.mark.parametrize("lang", language_codes())
def test_pipeline_matchers_agree_with_spacy_on_the_corpus(lang):
    nlp = get_pipeline(lang)
    matchers = _matchers(nlp)
    assert matchers, "the pipeline holds no token matcher"
    folders = [CORPORA / lang / "parallel", CORPORA / lang / "dev"]
    docs = [d for folder in folders if folder.is_dir() for d in iter_documents([str(folder)])]
    checked = 0
    for raw in itertools.islice(docs, 6):
        doc = nlp(to_article(raw).text)
        for span in doc.spans["numbers"]:  # what {"_": {"num_kind": ...}} means, for spaCy's Matcher
            for tok in span:
                tok._.num_kind = span.label_
        geometry = sentences(doc)  # the sentences the components read are spaCy's
        assert geometry.bounds == [(s.start, s.end) for s in doc.sents]
        assert geometry.of == [geometry.bounds.index((t.sent.start, t.sent.end)) for t in doc]
        assert geometry.is_start == [bool(t.is_sent_start) for t in doc]
        for name, matcher in matchers.items():
            assert ours(matcher, doc) == spacy_matches(matcher, doc), f"{name} on {raw.doc_id}"
            sent = max(doc.sents, key=len)
            assert ours(matcher, sent) == spacy_matches(matcher, sent), f"{name} on a sentence of {raw.doc_id}"
            checked += 1
    assert checked


@pytest.mark.parametrize("text", ["", " ", "A  b\n\n c ", "Tiên Yên: 12 người,  100%\t!", "\nx", "東京 12人"])
def test_doc_text_is_the_text_spacy_gives(text: str) -> None:
    doc = get_pipeline("en").make_doc(text)
    assert doc_text(doc) == doc.text == text


def test_features_read_before_the_number_component_are_read_again_after_it() -> None:
    from extractor.tokenmatch import features

    nlp = get_pipeline("en")
    doc = nlp.make_doc("The committee admitted 12 new members.")
    assert not any(features(doc).kinds)  # asked for too early: no number spans yet
    doc = nlp.get_pipe("extractor_numbers")(doc)
    assert features(doc).kinds[3] == "number"


def test_sentences_read_before_the_splitter_are_read_again_after_it() -> None:
    nlp = get_pipeline("en")
    doc = nlp.make_doc("The committee met. It admitted 12 new members.")
    assert sentences(doc).bounds == [(0, len(doc))]  # asked for too early: one sentence
    doc = nlp.get_pipe("extractor_sents")(doc)
    assert sentences(doc).bounds == [(s.start, s.end) for s in doc.sents] == [(0, 4), (4, len(doc))]
    assert sentences(nlp.make_doc("")).bounds == []
