"""Shared fixtures. Others may append fixtures below; keep each one self-contained."""

from __future__ import annotations

import os
import sys
import types
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SEEDS = FIXTURES / "seeds"

# the package may not be pip-installed: make the checkout and tests/ (for htmlwrap) importable
for _p in (str(REPO), str(TESTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from extractor.types import Figure  # noqa: E402

#: seed article id -> its language (the seeds carry no language field)
SEED_LANGUAGES = {"000_3a3d6f203a431f28": "nl", "001_c4738c51de09afae": "de"}

FAKE_FIGURE = Figure(
    metric="admitted",
    value=195.0,
    unit="members",
    committee="partijcomité van de stad Mong Cai",
    level="city",
    place="Mong Cai",
    category="",
    period_start=date(2024, 1, 1),
    period_end=date(2024, 8, 31),
    sentence='Zij zei: "195, 20%"',
    char_start=3,
    char_end=6,
    rule_id="test.fake",
)


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def fake_analysis(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Replace ``extractor.analysis`` with a fake; returns the list of ``(doc_id, lang)`` calls.

    The fake returns ``[FAKE_FIGURE]`` for every article, ``[]`` when the text contains
    ``NOFIGURES`` and raises ``RuntimeError`` when it contains ``BOOM``.
    """
    calls: list[tuple[str, str]] = []

    def analyse(article, lang):  # noqa: ANN001, ANN202
        calls.append((article.doc_id, lang))
        if "BOOM" in article.text:
            raise RuntimeError("analysis exploded\nsecond line")
        if "NOFIGURES" in article.text:
            return []
        return [FAKE_FIGURE]

    module = types.ModuleType("extractor.analysis")
    module.analyse = analyse
    monkeypatch.setitem(sys.modules, "extractor.analysis", module)
    return calls


@pytest.fixture
def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def dutch_text(extra: str = "") -> str:
    """A few lines of real Dutch text (from the seed) that langdetect identifies with certainty."""
    return (
        "In 2024 kreeg het partijcomité van de stad Mong Cai de doelstelling om 195 nieuwe partijleden "
        "aan te nemen, een toename van 20 leden ten opzichte van het voorgaande jaar. Om deze doelstelling "
        "te bereiken, stelde het partijcomité quota vast voor zijn ondergeschikte partijafdelingen en "
        "-comités. " + extra
    )


#: texts langdetect identifies with certainty, for languages we are unlikely to support
UNSUPPORTED_SAMPLES = {
    "pl": "Komitet partyjny miasta przyjął w tym roku sto dziewięćdziesiąt pięć nowych członków, o dwudziestu "
          "więcej niż w poprzednim roku.",
    "sv": "Partikommittén i staden tog i år emot etthundranittiofem nya medlemmar, tjugo fler än föregående år, "
          "enligt organisationen.",
    "tr": "Şehir parti komitesi bu yıl yüz doksan beş yeni üye kabul etti, bu da geçen yıla göre yirmi üye daha "
          "fazla demektir.",
    "fi": "Kaupungin puoluekomitea hyväksyi tänä vuonna sataneljäkymmentä uutta jäsentä, mikä on kaksikymmentä "
          "enemmän kuin edellisenä vuonna.",
    "hu": "A városi pártbizottság idén száznyolcvan új tagot vett fel, ami húsz fővel több, mint az előző évben.",
}


@pytest.fixture
def unsupported_sample() -> tuple[str, str]:
    """``(langdetect code, text)`` of a language without a data folder (discovered from disk)."""
    from extractor.langid import langdetect_map

    for code, text in UNSUPPORTED_SAMPLES.items():
        if code not in langdetect_map():
            return code, text
    pytest.skip("every sample language is supported")
