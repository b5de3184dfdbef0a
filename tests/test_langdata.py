"""Every language folder under models/ loads, validates and builds a pipeline."""

from __future__ import annotations

import json

import pytest

from extractor import langdata
from extractor.langdata import LanguageDataError
from extractor.resources import language_codes, models_root

LANGS = language_codes()


def test_languages_are_discovered():
    assert {"nl", "de"} <= set(LANGS)


@pytest.mark.parametrize("code", LANGS)
def test_language_data_loads(code):
    data = langdata.load(code)
    assert data.code == code
    assert data.rules, "a language without metric rules finds nothing"
    assert data.mentions, "a language without committee patterns cannot attribute figures"


@pytest.mark.parametrize("code", LANGS)
def test_rule_ids_are_namespaced_and_unique(code):
    data = langdata.load(code)
    ids = [r.id for r in data.rules] + [v.id for v in data.vetoes] + [m.id for m in data.mentions] + [p.id for p in data.periods]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"{code}.") for i in ids), [i for i in ids if not i.startswith(f"{code}.")]


@pytest.mark.parametrize("code", LANGS)
def test_categories_use_the_shared_labels(code):
    """Category labels are the same English words in every language, so tables can be pooled."""
    allowed = set(json.loads((models_root() / "categories.json").read_text(encoding="utf-8"))["labels"])
    assert set(langdata.load(code).categories) <= allowed


@pytest.mark.parametrize("code", LANGS)
def test_pipeline_builds(code):
    from extractor.pipeline import COMPONENTS, get_pipeline

    nlp = get_pipeline(code)
    assert nlp.pipe_names == list(COMPONENTS)
    assert get_pipeline(code) is nlp  # built once per process


@pytest.mark.parametrize("code", LANGS)
def test_a_number_in_brackets_is_its_own_token(code):
    """spaCy's emoticon exceptions would make "(8)" into "(" + "8)" and "0.0" into one token."""
    from extractor.pipeline import get_pipeline

    texts = [t.text for t in get_pipeline(code).make_doc("Kim Binh (8), Minh Thanh (9) 0.0")]
    assert texts.count("8") == 1 and texts.count(")") == 2, texts


def test_unknown_key_is_reported_by_name(tmp_path, monkeypatch):
    root = tmp_path / "models"
    (root / "xx").mkdir(parents=True)
    (root / "xx" / "language.json").write_text('{"code": "xx", "name": "Test", "spacy": "xx"}', encoding="utf-8")
    (root / "xx" / "rules.json").write_text(
        '{"rules": [{"id": "xx.a", "metric": "admitted", "kind": "number", "lfet": {"cues": []}}]}', encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_MODELS", str(root))
    from extractor import resources

    for fn in (resources.models_root, resources.data_folders, resources.read_json, langdata.load):
        fn.cache_clear()
    try:
        with pytest.raises(LanguageDataError, match="lfet"):
            langdata.load("xx")
    finally:
        monkeypatch.delenv("EXTRACTOR_MODELS")
        for fn in (resources.models_root, resources.data_folders, resources.read_json, langdata.load):
            fn.cache_clear()


def test_unsupported_language():
    with pytest.raises(langdata.UnsupportedLanguage):
        langdata.load("tlh")
