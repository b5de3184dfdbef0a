"""extractor.numbers: values, kinds and offsets of numbers and percentages.

Local cases live in tests/data/numbers/<code>.json (one file per language):
``counts`` is the EXACT list of (surface, value, kind) for the count kinds number/percent,
``other`` lists (surface, kind) pairs that must be among the non-count mentions.
The peer-spec test runs ../shared/peer-specs/check_numbers.py in-process.
"""

from __future__ import annotations

import importlib.util
import json
import random
import unicodedata
from pathlib import Path

import pytest

from extractor.numbers import (
    COUNT_KINDS,
    DATA_KEYS,
    NumberMention,
    NumberParser,
    number_languages,
    parse_numbers,
)
from extractor.resources import read_json

REPO = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "data" / "numbers"
PEER_DIR = REPO.parent / "shared" / "peer-specs"
FLOOR = 0.95

LANGS = number_languages()
CASE_LANGS = sorted(p.stem for p in CASES_DIR.glob("*.json") if p.stem in LANGS)


def _cases():
    for lang in CASE_LANGS:
        data = json.loads((CASES_DIR / f"{lang}.json").read_text(encoding="utf-8"))
        for i, case in enumerate(data):
            yield pytest.param(lang, case, id=f"{lang}-{i}")


def _surface(text, mentions):
    return [(text[m[0]:m[1]], m[2], m[3]) for m in mentions]


# ----------------------------------------------------------------------------- data
def test_every_language_with_a_folder_has_number_data():
    assert {"nl", "de", "en", "fr", "es", "it", "pt", "vi"} <= set(LANGS)
    assert set(CASE_LANGS) == set(LANGS), "every language with numbers.json needs local cases"


@pytest.mark.parametrize("lang", LANGS)
def test_number_data_is_well_formed(lang):
    path = REPO / "models" / lang / "numbers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(k for k in data if not k.startswith("_")) <= DATA_KEYS
    assert data["decimal_separator"] in (",", ".")
    assert data["decimal_separator"] not in data["group_separators"]
    for sep in (" ", "\u00a0", "\u202f"):
        assert sep in data["group_separators"]
    assert "%" in data["percent_markers"]
    for w, v in data["cardinals"].items():
        assert w == w.lower() and isinstance(v, int) and 0 <= v < 1000, (w, v)
    parser = NumberParser.for_language(lang)
    assert parser is NumberParser.for_language(lang)  # cached per process


def test_unknown_key_is_an_error():
    with pytest.raises(ValueError, match="unknown key"):
        NumberParser("xx", {"decimal_separator": ",", "decimal_seperator": "."})


@pytest.mark.parametrize("lang", ["xx", "", "../nl", None])
def test_unknown_language_is_a_clear_value_error(lang):
    with pytest.raises(ValueError, match="no number data"):
        parse_numbers("12", lang)


# ----------------------------------------------------------------------------- local cases
@pytest.mark.parametrize("lang,case", list(_cases()))
def test_local_case(lang, case):
    text = case["text"]
    got = parse_numbers(text, lang)
    counts = [(s, v, k) for s, v, k in _surface(text, got) if k in COUNT_KINDS]
    want = [tuple(x) for x in case["counts"]]
    assert [(s, k) for s, _, k in counts] == [(s, k) for s, _, k in want], _surface(text, got)
    for (_, v, _), (_, wv, _) in zip(counts, want):
        assert v == pytest.approx(wv, rel=1e-9)
    others = {(s, k) for s, _, k in _surface(text, got) if k not in COUNT_KINDS}
    for surface, kind in case["other"]:
        assert (surface, kind) in others, _surface(text, got)


# ----------------------------------------------------------------------------- behaviour
@pytest.mark.parametrize(
    "lang,text,want",
    [
        ("nl", "3.411", 3411), ("nl", "38,5", 38.5), ("nl", "4,800", 4.8),
        ("de", "4.800", 4800), ("de", "2.000,352", 2000.352),
        ("en", "2,108", 2108), ("en", "38.5", 38.5), ("en", "4.800", 4.8), ("en", "1,674,200.5", 1674200.5),
        ("fr", "1 234 567,89", 1234567.89), ("es", "1.000", 1000), ("es", "1,000", 1.0),
        ("vi", "1.234", 1234), ("vi", "38,5", 38.5), ("it", "-9,2321312", -9.2321312),
    ],
)
def test_separators_follow_the_language(lang, text, want):
    (m,) = parse_numbers(text, lang)
    assert (m[0], m[1], m[3]) == (0, len(text), "number")
    assert m[2] == pytest.approx(want)


COMMA_DECIMAL_LANGS = [code for code in LANGS  # the parser's default separator is ","
                       if read_json(code, "numbers.json").get("decimal_separator", ",") == ","]


@pytest.mark.parametrize("lang", COMMA_DECIMAL_LANGS)
def test_a_point_before_one_or_two_digits_and_a_percent_sign_is_a_decimal_point_everywhere(lang):
    """"102.5%" in a ','-decimal language (a translation that kept the source's point): 102.5 percent,
    not the number 102 and a figure of 5%. Three digits after the point stay a group of thousands."""
    assert [(v, k) for _, _, v, k in parse_numbers("102.5% 84.35%", lang)] == [(102.5, "percent"), (84.35, "percent")]
    assert [(v, k) for _, _, v, k in parse_numbers("1.250 x", lang)] == [(1250, "number")]


@pytest.mark.parametrize("lang", ["nl", "en", "vi"])
def test_space_grouping_needs_three_digit_groups(lang):
    got = parse_numbers("423 0000", lang)
    assert [(m[2], m[3]) for m in got] == [(423, "number"), (0, "number")]
    got = parse_numbers("1, 234, 567", lang)
    assert [m[2] for m in got] == [1, 234, 567]


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("nl", "tweeëntwintig", 22), ("nl", "tweeentwintig", 22), ("nl", "driehonderdeenentachtigduizend", 381000),
        ("de", "dreihundertfünfundzwanzig", 325), ("de", "einhunderteinunddreißig", 131),
        ("de", "zweihundertsechsundfuenfzig", 256), ("fr", "quatre-vingt-dix-sept", 97),
        ("fr", "soixante-dix", 70), ("es", "dos mil trescientos cuarenta y siete", 2347),
        ("es", "cuatrocientos cincuenta y dos mil trescientos cuarenta y siete", 452347),
        ("it", "duecentoduemila", 202000), ("it", "centosessantuno", 161), ("pt", "mil cento e dez", 1110),
        ("pt", "duas mil trezentas e quarenta e sete", 2347), ("en", "two hundred and two thousand", 202000),
        ("en", "Three hundred  and  thirty one", 331), ("vi", "hai mươi lăm", 25),
    ],
)
def test_number_words(lang, text, value):
    assert parse_numbers(text, lang) == [(0, len(text), value, "number")]


@pytest.mark.parametrize(
    "lang,text",
    [("nl", "een"), ("de", "ein"), ("de", "eine"), ("fr", "un"), ("fr", "une"), ("es", "un"), ("pt", "um"),
     ("it", "uno"), ("en", "The one you mentioned is invalid"), ("en", "a"), ("en", "Which one do you prefer?"),
     ("vi", "năm"), ("vi", "hàng trăm người"), ("nl", "en"), ("nl", "honderden leden")],
)
def test_articles_and_pronouns_are_not_numbers(lang, text):
    assert [m for m in parse_numbers(text, lang) if m[3] in COUNT_KINDS] == []


@pytest.mark.parametrize(
    "lang,text",
    [("nl", "78e"), ("nl", "vijfde"), ("nl", "tweeduizend zestiende"), ("de", "dritte"), ("de", "die 3. Banane"),
     ("de", "134. Geburtstag"), ("en", "11th"), ("en", "twenty-first"), ("fr", "1ère"), ("fr", "22e"),
     ("fr", "vingt-cinquième"), ("es", "2da"), ("es", "30º"), ("es", "vigesimo primero"), ("it", "11°"),
     ("it", "centoventisettesimo"), ("pt", "décimo primeiro")],
)
def test_ordinals_are_not_counts(lang, text):
    got = parse_numbers(text, lang)
    assert got and all(m[3] == "ordinal" for m in got), got


@pytest.mark.parametrize(
    "lang,text,kinds",
    [
        ("de", "19. Mai", ["date"]), ("de", "2. September", ["date"]), ("nl", "16/09/2024", ["date"]),
        ("en", "2024-09-16", ["date"]), ("en", "1995-01", ["date"]), ("de", "1890–2024", ["range", "range"]),
        ("en", "1000 – 5000", ["range", "range"]), ("nl", "20~100", ["range", "range"]),
        ("en", "at 8:30", ["time"]), ("de", "Zone 5", ["label"]), ("vi", "Tổ 3", ["label"]),
        ("nl", "Nr. 7", ["label"]), ("en", "+84 203 3835 123", ["phone"]), ("de", "um 5 Prozentpunkte", ["percent_points"]),
    ],
)
def test_recognised_non_counts(lang, text, kinds):
    assert [m[3] for m in parse_numbers(text, lang)] == kinds


def test_range_endpoints_keep_their_values():
    got = parse_numbers("1000-5000", "en")
    assert [(m[2], m[3]) for m in got] == [(1000, "range"), (5000, "range")]
    assert [(m[2], m[3]) for m in parse_numbers("SCP-173", "en")] == [(173, "number")]


@pytest.mark.parametrize(
    "text,lang,want",
    [
        ("In 2024 195 nieuwe leden", "nl", [(2024, "year"), (195, "number")]),
        ("van 2024 25 nieuwe partijleden", "nl", [(2024, "year"), (25, "number")]),
        ("2024 nieuwe leden", "nl", [(2024, "number")]),
        ("Sinds begin 2024 heeft", "nl", [(2024, "year")]),
        ("2024 new members", "en", [(2024, "number")]),
        ("In 2024 new members joined", "en", [(2024, "year")]),
        ("a total of 2024 people", "en", [(2024, "number")]),
        ("the 2024 congress", "en", [(2024, "year")]),
        ("2.024 Mitglieder", "de", [(2024, "number")]),
        ("2024 %", "de", [(2024, "percent")]),
        ("năm 2024 có 2024 đảng viên", "vi", [(2024, "year"), (2024, "number")]),
    ],
)
def test_year_policy(text, lang, want):
    assert [(m[2], m[3]) for m in parse_numbers(text, lang)] == want


@pytest.mark.parametrize(
    "lang,text,want",
    [
        ("de", "102 %", 102), ("fr", "38,5\u202f%", 38.5), ("fr", "38,5\u00a0%", 38.5), ("nl", "38,5 procent", 38.5),
        ("en", "38.5 per cent", 38.5), ("es", "38,5 por ciento", 38.5), ("pt", "38,5 por cento", 38.5),
        ("it", "38,5 per cento", 38.5), ("vi", "38,5 phần trăm", 38.5), ("vi", "100%kế hoạch", 100),
        ("nl", "38,5％", 38.5), ("es", "cien por cien", 100), ("de", "zwanzig Prozent", 20),
    ],
)
def test_percentages_carry_the_figure(lang, text, want):
    got = [m for m in parse_numbers(text, lang) if m[3] == "percent"]
    assert len(got) == 1 and got[0][0] == 0
    assert got[0][2] == pytest.approx(want)


def test_percent_in_urls_is_not_a_percentage():
    text = "Zie https://www.test.com/search?q=30%25%2020% en mail info@test.nl"
    assert parse_numbers(text, "nl") == []


@pytest.mark.parametrize(
    "lang,text,want",
    [("nl", "2 miljoen", 2_000_000), ("vi", "1,2 triệu", 1_200_000), ("en", "13 lakh", 1_300_000),
     ("de", "300 Milliarden", 300_000_000_000), ("vi", "5 nghìn", 5000), ("en", "10k", 10_000)],
)
def test_scale_words_multiply(lang, text, want):
    assert parse_numbers(text, lang) == [(0, len(text), want, "number")]


def test_offsets_point_into_the_original_text():
    text = "Tổng số ３３３ đảng viên, đạt ３８，５％."
    got = parse_numbers(text, "vi")
    assert [(text[s:e], v, k) for s, e, v, k in got] == [("３３３", 333, "number"), ("３８，５％", 38.5, "percent")]
    nfd = unicodedata.normalize("NFD", "Đạt 38,5 phần trăm và hai mươi lăm người")
    got = parse_numbers(nfd, "vi")
    assert [(nfd[s:e], v, k) for s, e, v, k in got] == [
        (unicodedata.normalize("NFD", "38,5 phần trăm"), 38.5, "percent"),
        (unicodedata.normalize("NFD", "hai mươi lăm"), 25, "number"),
    ]


def test_capitalised_number_words_inside_names_are_not_numbers():
    text = "Het district Tien Yen heeft 110 leden. Tien Yen ook. Tien nieuwe leden."
    got = parse_numbers(text, "nl")
    assert [(text[s:e], v) for s, e, v, k in got] == [("110", 110), ("Tien", 10)]


def test_mention_objects():
    (m,) = NumberParser.for_language("nl").parse("3.411 leden")
    assert m == NumberMention(0, 5, 3411, "number")
    assert m.as_tuple() == (0, 5, 3411, "number")
    with pytest.raises(AttributeError):
        m.value = 1  # type: ignore[misc]


# ----------------------------------------------------------------------------- robustness
_ALPHABET = (
    "0123456789０１２３４５６７８９.,%％ \u00a0\u202f-–~/:+()#№'’ºª°eEkKabcdefghijklmnopqrstuvwxyz"
    "äöüéèàçñõãâêôơưđăÀÉ\u0301\u0300\n\t"
)
_WORDS = ["een", "twee", "honderd", "en", "und", "zwanzig", "vingt", "et", "un", "-", "mil", "y", "e", "trăm",
          "năm", "phần trăm", "procent", "Prozent", "por ciento", "2024", "1.234", "38,5", "%", "Zone", "Nr.",
          "19.", "Mai", " ", "\n", "http://a.b/%25", "1st", "dritte", "vijfde", "Tien", "2/9", "1000-5000"]


@pytest.mark.parametrize("lang", LANGS)
def test_fuzz_never_raises_and_returns_sane_spans(lang):
    parser = NumberParser.for_language(lang)
    rnd = random.Random(f"numbers-{lang}")
    for i in range(1500):
        if i % 3 == 0:
            text = "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 80)))
        elif i % 3 == 1:
            text = "".join(chr(rnd.randint(0, 0x2FFFF)) for _ in range(rnd.randint(0, 40)))
        else:
            text = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(0, 20)))
        got = parser._parse(text)  # the raw implementation: parse() would also swallow errors
        last_end = 0
        for m in got:
            assert 0 <= m.start < m.end <= len(text), (text, m)
            assert m.start >= last_end, (text, got)  # sorted, non-overlapping
            last_end = m.end
            assert isinstance(m.value, (int, float)) and isinstance(m.kind, str)


def test_long_article_parses():
    text = ("In 2024 kreeg het partijcomité van de stad Mong Cai de doelstelling om 195 nieuwe partijleden "
            "aan te nemen, een toename van 20 leden; 62% van het plan, 2.108 leden. ") * 60
    got = NumberParser.for_language("nl").parse(text)
    assert len([m for m in got if m.kind in COUNT_KINDS]) == 4 * 60


# ----------------------------------------------------------------------------- peer specs
def _load_checker():
    path = PEER_DIR / "check_numbers.py"
    if not path.is_file():
        pytest.skip(f"peer specs not available ({path} is absent)")
    spec = importlib.util.spec_from_file_location("peer_check_numbers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _peer_langs():
    path = PEER_DIR / "check_numbers.py"
    if not path.is_file():
        return ["(absent)"]
    mod = _load_checker()
    return [lang for lang in mod.LANGS if lang in LANGS]


@pytest.mark.parametrize("lang", _peer_langs())
def test_peer_spec_floor(lang):
    mod = _load_checker()
    cases = mod.apply_scope(mod.load_cases(mod.DEFAULT_SPECS, lang), set(mod.IN_SCOPE))
    assert cases, f"no in-scope peer cases for {lang}"
    passed, failures = 0, []
    for case in cases:
        _, fails, _ = mod.evaluate(case, parse_numbers, False)
        if fails:
            failures.append((case.cid, fails[:2]))
        else:
            passed += 1
    rate = passed / len(cases)
    assert rate >= FLOOR, f"{lang}: {passed}/{len(cases)} = {rate:.1%} < {FLOOR:.0%}; first failures: {failures[:5]}"


def test_another_eras_years_take_the_gregorian_value():
    """Thai Buddhist-era years (numbers.json year_offset): 2567 is the year 2024."""
    got = parse_numbers("ในปี 2567 คณะกรรมการพรรครับสมาชิกใหม่ 110 คน", "th")
    assert [(v, k) for _, _, v, k in got] == [(2024, "year"), (110, "number")]


@pytest.mark.parametrize("text", ["विचार", "समाचार", "संचार माध्यम"])
def test_a_number_word_inside_a_word_with_vowel_signs_is_not_a_number(text):
    """"चार" (4) ends these words; the letter before it is a vowel sign or anusvara (a mark)."""
    from extractor.numbers import NumberParser

    assert list(NumberParser.for_language("hi").parse(text)) == []
