from __future__ import annotations

import json
from pathlib import Path

import langdetect.detector_factory as ld_factory
import pytest
from conftest import SEED_LANGUAGES, SEEDS, dutch_text

from extractor import langid
from extractor.extract import to_article
from extractor.resources import language_codes, models_root
from extractor.types import RawDocument

ENGLISH = ("The city party committee admitted one hundred and ninety-five new members this year, an increase "
           "of twenty members compared with the previous year, according to the organisation board. ")


def _seed_text(path: Path) -> str:
    return to_article(RawDocument(path.stem, str(path), content=path.read_bytes(), kind="text")).text


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_languages(seed: Path) -> None:
    decision = langid.identify(_seed_text(seed))
    assert decision.ok and decision.code == SEED_LANGUAGES[seed.stem]
    assert decision.probability >= 0.95


def test_detection_is_deterministic_and_leaves_langdetect_global_alone() -> None:
    global_factory_before = ld_factory._factory
    text = "Het partijcomité van de stad Mong Cai. Die Stadt Uong Bi."  # mixed: random without a seed
    results = {langid.detect_language(text) for _ in range(20)}
    assert len(results) == 1
    assert ld_factory._factory is global_factory_before
    assert ld_factory.DetectorFactory.seed is None


@pytest.mark.parametrize("code", language_codes())
def test_langdetect_codes_map_to_our_codes(code: str) -> None:
    data = json.loads((models_root() / code / "language.json").read_text(encoding="utf-8"))
    for ld_code in data.get("langdetect", [code]):
        assert langid.langdetect_map()[ld_code] == code


def test_unsupported_language_is_skipped(unsupported_sample: tuple[str, str]) -> None:
    code, text = unsupported_sample
    decision = langid.identify(text)
    assert not decision.ok
    assert decision.skip_reason == f"language '{code}' not supported"
    assert decision.code == code


def test_uncertain_language_is_skipped_never_guessed() -> None:
    decision = langid.identify("110 members 100%")
    assert not decision.ok
    assert decision.skip_reason.startswith("language uncertain (")
    assert decision.probability < langid.DEFAULT_THRESHOLD


def test_threshold_is_configurable() -> None:
    text = "Das ist ein Test. Dit is een test."
    code, prob = langid.detect_language(text)
    assert 0.5 < prob < 1.0
    assert langid.identify(text, threshold=prob - 0.01).ok
    below = langid.identify(text, threshold=min(prob + 0.01, 1.0))
    assert below.skip_reason == f"language uncertain ({code} {round(prob, 4):.2f})"


@pytest.mark.parametrize("text", ["", "   ", "12.345 67% 2024-09-16", "— … 100 %"])
def test_text_without_letters_is_skipped(text: str) -> None:
    assert langid.identify(text).skip_reason == "no letters in text"


def test_prefix_first_then_whole_text_when_hint_disagrees() -> None:
    text = ENGLISH * 12 + dutch_text() * 20  # ~2,400 chars of English, then much more Dutch
    assert langid.detect_language(text, prefix_chars=2000)[0] == "en"
    assert langid.detect_language(text, prefix_chars=2000, hint="nl-NL")[0] == "nl"
    # a short text is never re-detected: the prefix is the whole text
    assert langid.detect_language(ENGLISH, hint="nl")[0] == "en"
