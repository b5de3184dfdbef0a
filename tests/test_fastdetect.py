"""Our langdetect ``Detector`` (character loops in C) gives langdetect's own text, n-grams and
probabilities: on edge cases, and on every corpus article of every language."""

from __future__ import annotations

import pytest
from langdetect.detector import Detector as LangdetectDetector
from langdetect.lang_detect_exception import LangDetectException

from extractor import langid
from extractor.extract import to_article
from extractor.fastdetect import Detector
from extractor.resources import language_codes
from extractor.sources import iter_documents

from corpus import CORPORA

EDGE_CASES = [
    "", " ", "   ", "12 345 67", "NATO  USA  hello   World", "  leading spaces", "trailing spaces  ",
    "ĐẢNG BỘ xã Tiên Yên kết nạp 110 đảng viên", "Ｈｅｌｌｏ 東京 ｶﾀｶﾅ ひらがな", "ㄅㄆㄇ 한국어 문장",
    "Bezirk Tien Yen: 110 neue Mitglieder (100 %) — siehe https://example.org/a?b=1 oder mail@example.org",
    "فارسی یک متن", "हिन्दी में 110 नए सदस्य", "ABCDEF ghi JKLmno pQ", "a\nb\tc\u00a0d\u2003e",
    "Ș ș Ț ț", "x" * 50 + " " + "y" * 3,
]


def _outcome(cls, text: str, limit: int):
    detector = cls(langid.factory())
    detector.set_max_text_length(limit)
    detector.append(text)
    try:
        probabilities = [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException as exc:
        probabilities = str(exc)
    return detector.text, probabilities


def _same(text: str, limit: int = 100_000) -> None:
    assert _outcome(Detector, text, limit) == _outcome(LangdetectDetector, text, limit)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text: str) -> None:
    _same(text)
    _same(text, limit=7)


def test_cut_text_and_appends_in_several_calls() -> None:
    for cls in (Detector, LangdetectDetector):
        detector = cls(langid.factory())
        detector.append("erste  Hälfte ")
        detector.append(" second  half")
        assert detector.text == "erste Hälfte  second half"


@pytest.mark.parametrize("lang", language_codes())
def test_corpus_articles(lang: str) -> None:
    folder = CORPORA / lang
    if not folder.is_dir():
        pytest.skip(f"no corpus for {lang}")
    texts = [to_article(raw).text for raw in iter_documents([str(folder)])]
    assert texts
    for text in texts:
        _same(text)
        _same(text, limit=langid.DEFAULT_PREFIX_CHARS)
