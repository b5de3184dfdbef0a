"""Numbers and percentages in running text, with values and character offsets.

One generic engine; everything language-specific (separators, number words, percent words,
ordinal endings, label words, year cues ...) is data in ``models/<code>/numbers.json``.

    parse_numbers("In 2024 werden 3.411 leden (38,5 %) toegelaten", "nl")
    -> [(3, 7, 2024, 'year'), (15, 20, 3411, 'number'), (28, 34, 38.5, 'percent')]

Kinds: ``number`` and ``percent`` are counts/amounts and percentages (a percent's value is the
figure itself: "38,5 %" -> 38.5). Everything else is recognised but is NOT a count:
``ordinal`` ("78e", "11th", "134." before a noun in German, "vijfde"), ``year``, ``date``
("19. Mai", "16/09/2024", "2024-09-16", "1995-01", "tháng 9"), ``range`` (both endpoints of
"1000-5000", "1890–2024", "20~100"), ``label`` ("Zone 5", "Nr. 7", "Tổ 3", "A4"), ``time``
("8:30"), ``phone``, ``unit`` (digits glued to letters: "29km"), ``percent_points``.
Numbers inside URLs and e-mail addresses are not reported at all.

Design choices worth knowing:

* Offsets always point into the ORIGINAL text. The text is never normalised; full-width and
  other Unicode decimal digits ("３３３") are read through ``unicodedata.digit``, NFD/NFC
  spellings of words are both matched, and word look-ups are normalised per token only.
* Digits follow the language's decimal/group separators; spaces, NBSP and NNBSP group
  everywhere ("1 234 567,89"), but only in groups of exactly three digits ("423 0000" is two
  numbers, "1, 234" is two numbers).
* Years: a bare 4-digit integer 1900..2100 (no separator, no sign, no decimals) is ``year`` by
  default. In order: a ``count_before`` phrase right before it ("a total of", "tổng số") makes
  it a ``number``; else a ``year_cues`` word right before it ("in", "năm", "seit", month names)
  makes it a ``year``; else a ``count_after`` word right after it ("2024 new members",
  "2024 đảng viên") makes it a ``number``. A percent sign or a scale word after it always makes
  it a percent/number. Rationale:
  in news, such numbers are overwhelmingly years; "in 2024 195 nieuwe leden" -> year + 195.
* Number words: tokens are segmented into morphemes (``cardinals`` / ``multipliers`` /
  ``inner_connectors``), so glued compounds work ("tweeëntwintig", "dreihundertfünfundzwanzig",
  "duemilatrecentoquarantasette"); neighbouring words join through spaces, hyphens and
  ``connectors`` ("dos mil trescientos cuarenta y siete", "quatre-vingt-dix-sept") as long as
  the result is a well-formed number, otherwise they split ("twee en drie" -> 2, 3).
  Words listed in ``standalone_ambiguous`` ("een", "one", "un", "ein") are only numbers as part
  of a longer number ("one hundred", "een miljoen", "vingt et un").
* Ordinal words ("vijfde", "dritte", "twenty-first", "vigésimo quinto") and digit ordinals
  ("22e", "2da", "30º", German "3." before a word that does not start a sentence) are
  ``ordinal``; the number words that lead into an ordinal belong to it.
* Scale words after digits ("2 miljoen", "1,2 triệu") multiply the value.
* Parsing never raises; an unknown language raises ``ValueError`` when the parser is built.

Keys of ``numbers.json`` (unknown keys are an error; keys starting with "_" are comments):
``decimal_separator``, ``group_separators``; ``percent_markers``, ``percent_point_markers``;
``cardinals`` (additive words < 1000), ``multipliers`` (hundred, thousand, million ...),
``inner_connectors`` (inside glued compounds: "en", "und"), ``connectors`` (between words: "and",
"y", "e", "et"), ``inverted_tens`` (unit + connector + tens: "vijfentwintig"),
``multiplicable_tens`` (fr "quatre-vingt"), ``tens_take_teens`` (fr 60/80 + 10..19),
``standalone_ambiguous``, ``elided`` (it "settant'"), ``fold_accents`` (default true);
``ordinal_words``, ``ordinal_suffixes`` + ``ordinal_stems`` + ``ordinal_truncate`` (productive
ordinals), ``ordinal_not_compound`` ("premiers": never glued to a preceding count),
``ordinal_digit_suffixes`` ("e", "th", "º"), ``ordinal_dot`` + ``sentence_starters`` (German "3.");
``nouns_capitalized`` (German: a capitalised number word opening a sentence is still a number);
``scales`` (words after digits) and ``scale_suffixes`` (case-sensitive: "10k"); ``months``,
``date_before`` ("ngày", "tháng"), ``date_joiners`` ("5 de mayo"); ``year_cues``,
``count_before``, ``count_after`` (the year policy above); ``label_words`` ("Zone", "Nr.", "Tổ");
``indian_grouping`` (lakh/crore grouping "2,28,164"); ``foreign_separators`` (a '.'-decimal
language reading a rough translation's "6.832 party members" and "38,5%" the source's way); ``and_words`` ("91 en 88 procent": one percent
word for coordinated numbers); ``percent_prefix`` (markers before the number: Turkish "%57",
"yüzde 73,3"); ``year_offset`` (another era's years: Thai Buddhist-era 2567 -> year 2024).

Spaceless scripts (Japanese, Chinese: words are not separated, so "333人", "は158人" and
"2024年" are glued to letters):
``spaceless_letters`` (regex character-class body of the scripts' letters: glued to a number they
make it neither a ``unit`` nor a ``label``, and they do not block a following percent/scale word);
``counters`` (words glued after a number that keep it a count: "人", "名", "か所"; a 4-digit
count before one is not a year); ``suffix_kinds`` (word glued after a number -> kind, the word is
part of the mention: "月"/"日" -> date, "歳"/"か月"/"倍" -> unit, "周年" -> ordinal, "番地" -> label);
``year_suffixes`` ("年": a year when the number is 1000..2999, else a duration ``unit``: "党歴75年");
``ordinal_prefixes`` ("第": "第15期", "第1四半期"); ``scale_adds`` (a number glued after a scale word
adds to it: "10万6,842" = 106842); ideographic numerals: ``ideographic_digits`` (一..九, 〇),
``ideographic_units`` (十 百 千), ``ideographic_scales`` (万 億), ``ideographic_not_after`` (characters
that make the numeral part of a word: "数十人", "唯一"). A lone numeral character is a number only
before a counter or a suffix word ("二人", "三月"; not "一部", "統一"); runs of digits only are
positional ("二〇二四年").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .resources import data_folders, read_json

__all__ = ["NumberMention", "NumberParser", "parse_numbers", "number_languages", "COUNT_KINDS", "DATA_KEYS"]

COUNT_KINDS = ("number", "percent")

# keys of models/<code>/numbers.json (keys starting with "_" are comments)
DATA_KEYS = frozenset({
    "decimal_separator", "group_separators", "indian_grouping", "and_words", "percent_prefix",
    "foreign_separators", "year_offset", "fold_accents", "percent_markers", "percent_point_markers",
    "cardinals", "multipliers", "inner_connectors", "connectors", "inverted_tens", "multiplicable_tens",
    "tens_take_teens", "standalone_ambiguous", "elided", "ordinal_suffixes", "ordinal_truncate",
    "ordinal_stems", "ordinal_words", "ordinal_not_compound", "ordinal_digit_suffixes", "ordinal_dot", "nouns_capitalized",
    "sentence_starters", "scales", "scale_suffixes", "months", "date_before", "date_joiners", "year_cues",
    "count_before", "count_after", "label_words",
    # scripts written without spaces (Japanese, Chinese): see "Spaceless scripts" in the docstring
    "spaceless_letters", "counters", "suffix_kinds", "year_suffixes", "ordinal_prefixes", "scale_adds",
    "ideographic_digits", "ideographic_units", "ideographic_scales", "ideographic_not_after",
})

_WS = r"[^\S\n\r]"  # horizontal whitespace incl. NBSP / NNBSP / thin space
# combining marks that belong to a word: Latin diacritics, Devanagari vowel signs/virama/nukta,
# Thai vowels and tone marks, Arabic harakat (Python's \w leaves most of them out)
_COMMA_DECIMAL = re.compile(r",(\d{1,2})(?![\d,])")
_POINT_DECIMAL = re.compile(r"\.(\d{1,2})(?![\d.])")
_MARKS = "\u0300-\u036f\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u064b-\u065f\u0670"
_LETTER = r"(?:[^\W\d_]|[" + _MARKS + r"])"
# not glued to a letter or a mark ("चार" is 4, "विचार" is not): two look-arounds, because a
# mark put inside the negated class [^\W...] would be removed from it, not added
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])(?<![" + _MARKS + r"])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])(?![" + _MARKS + r"])"
# NFKC-style equivalents of separator characters (full-width, small forms)
_SEP_EQUIV = {",": ",\uff0c\ufe50", ".": ".\uff0e\ufe52", "'": "'\u2019"}
_SENTENCE_OPENERS = set(".!?…:;\"'“”„«»‹›()[]{}\n\r\t•·*#|-–—/>")
_NEXT_WORD_RE = re.compile(r"[^\S\n]+(" + r"(?:[^\W\d_]|[\u0300-\u036f])+)")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212~\u301c\uff5e"


class _Mask:
    """Character positions already taken by a mention (or a URL); O(span) marking and testing."""

    __slots__ = ("buf",)

    def __init__(self, n: int) -> None:
        self.buf = bytearray(n)

    def add(self, s: int, e: int) -> None:
        if e > s:
            self.buf[s:e] = b"\x01" * (e - s)

    def hit(self, s: int, e: int) -> bool:
        return self.buf.find(1, s, e) != -1


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int  # exclusive
    value: float | int
    kind: str

    def as_tuple(self) -> tuple[int, int, float | int, str]:
        return (self.start, self.end, self.value, self.kind)


# --------------------------------------------------------------------------- helpers
def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _fold(s: str) -> str:
    """Lowercase, strip diacritics (for accent-insensitive look-ups)."""
    d = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in d if not unicodedata.combining(c))


def _variants(word: str) -> set[str]:
    return {word, _nfc(word), unicodedata.normalize("NFD", word)}


def _alt(words: Any) -> str:
    """Regex alternation of literal words (longest first); spaces match any horizontal space."""
    out: set[str] = set()
    for w in words:
        for v in _variants(w):
            out.add(v)
    parts = []
    for w in sorted(out, key=lambda x: (-len(x), x)):
        esc = re.escape(w).replace(r"\ ", _WS + "+")
        parts.append(esc)
    if not parts:
        return r"(?!x)x"
    body = "(?:" + "|".join(parts) + ")"
    return body


def _digits_value(s: str) -> int:
    v = 0
    for ch in s:
        d = unicodedata.digit(ch, None)
        if d is None:
            continue
        v = v * 10 + d
    return v


def _to_number(int_digits: str, frac_digits: str, negative: bool) -> float | int:
    iv = _digits_value(int_digits) if int_digits else 0
    if frac_digits:
        fd = "".join(str(unicodedata.digit(c, 0)) for c in frac_digits)
        val: float | int = float(f"{iv}.{fd}")
    else:
        val = iv
    return -val if negative else val


def _place(v: int) -> int:
    """What may follow an additive word of value v (exclusive upper bound for the next one)."""
    if v < 10:
        return 1
    if v == 10:
        return 10
    if v < 20:
        return 1
    if v < 100:
        return 10 if v % 10 == 0 else 1
    if v < 1000:
        return 100 if v % 100 == 0 else (10 if v % 10 == 0 else 1)
    return 1


# --------------------------------------------------------------------------- language data
@dataclass(frozen=True, slots=True)
class _Piece:
    kind: str  # "n" additive, "m" multiplier, "c" connector
    value: int = 0


class _Lexicon:
    """Number words of one language: morpheme segmentation and ordinal detection."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.fold = bool(data.get("fold_accents", True))
        norm = self.norm
        self.pieces: dict[str, _Piece] = {}
        for w, v in data.get("cardinals", {}).items():
            self.pieces[norm(w)] = _Piece("n", int(v))
        for w, v in data.get("multipliers", {}).items():
            self.pieces[norm(w)] = _Piece("m", int(v))
        for w in data.get("inner_connectors", []):
            self.pieces.setdefault(norm(w), _Piece("c"))
        self.connectors = {norm(w) for w in data.get("connectors", [])}
        self.ambiguous = {_nfc(w.lower()) for w in data.get("standalone_ambiguous", [])}
        self.elided = {norm(w) for w in data.get("elided", [])}
        self.ord_not_compound = {norm(w) for w in data.get("ordinal_not_compound", [])}
        self.inverted_tens = bool(data.get("inverted_tens", False))
        self.multiplicable_tens = {int(x) for x in data.get("multiplicable_tens", [])}
        self.tens_take_teens = {int(x) for x in data.get("tens_take_teens", [])}
        self.max_piece = max((len(k) for k in self.pieces), default=1)
        # ordinal pieces: full ordinal words, and <cardinal|stem|truncation> + productive suffix
        ordw = data.get("ordinal_words", {})
        self.ord_words: dict[str, int] = {norm(w): int(v) for w, v in ordw.items()}
        self.ord_final: dict[str, int] = dict(self.ord_words)
        bases: dict[str, int] = {}
        for k, p in self.pieces.items():
            if p.kind in "nm":
                bases[k] = p.value
                if data.get("ordinal_truncate") and len(k) >= 4:
                    bases.setdefault(k[:-1], p.value)
        for w, v in data.get("ordinal_stems", {}).items():
            bases[norm(w)] = int(v)
        for suf in data.get("ordinal_suffixes", []):
            sfx = norm(suf)
            for b, v in bases.items():
                self.ord_final.setdefault(b + sfx, v)
        self.max_ord = max((len(k) for k in self.ord_final), default=1)
        self._cache: dict[str, tuple[str, int, tuple[_Piece, ...]] | None] = {}

    def norm(self, s: str) -> str:
        return _fold(s) if self.fold else _nfc(s.lower())

    # -- segmentation
    def _segment(self, w: str) -> tuple[_Piece, ...] | None:
        """Fewest-pieces segmentation of w into cardinal pieces, or None."""
        n = len(w)
        best: list[tuple[int, tuple[_Piece, ...]] | None] = [None] * (n + 1)
        best[0] = (0, ())
        for i in range(n):
            cur = best[i]
            if cur is None:
                continue
            for j in range(i + 1, min(n, i + self.max_piece) + 1):
                p = self.pieces.get(w[i:j])
                if p is None:
                    continue
                cand = (cur[0] + 1, cur[1] + (p,))
                if best[j] is None or best[j][0] > cand[0]:  # type: ignore[index]
                    best[j] = cand
        res = best[n]
        return res[1] if res else None

    def analyse(self, token: str) -> tuple[str, int, tuple[_Piece, ...]] | None:
        """('card', 0, pieces) | ('ord', value, pieces-before) | None for one word."""
        hit = self._cache.get(token, 0)
        if hit != 0:
            return hit  # type: ignore[return-value]
        res = self._analyse(self.norm(token))
        if len(self._cache) > 50000:
            self._cache.clear()
        self._cache[token] = res
        return res

    def _analyse(self, w: str) -> tuple[str, int, tuple[_Piece, ...]] | None:
        if not w:
            return None
        pieces = self._segment(w)
        if pieces and pieces[0].kind != "c" and pieces[-1].kind != "c" and _evaluate(self, list(pieces)) is not None:
            return ("card", 0, pieces)
        # ordinal: [ordinal words | cardinal pieces]* + final ordinal piece
        for k in range(max(1, len(w) - self.max_ord), len(w)):
            fin = self.ord_final.get(w[k:])
            if fin is None:
                continue
            head = w[:k]
            if self._ordinal_head(head):
                return ("ord", fin, ())
        if w in self.ord_final:
            return ("ord", self.ord_final[w], ())
        return None

    def _ordinal_head(self, head: str) -> bool:
        if not head:
            return True
        if self._segment(head) is not None:
            return True
        for k in range(1, len(head)):
            if head[k:] in self.ord_words and self._ordinal_head(head[:k]):
                return True
        return False


def _evaluate(lex: _Lexicon, pieces: list[_Piece]) -> int | None:
    """Value of a piece sequence, or None if it is not a well-formed number."""
    total = 0
    seg_base = 0  # part of cur already scaled by a small multiplier
    cur = 0
    last_place = 10**18
    last_small_mult = 10**18
    last_big = 10**18
    prev: _Piece | None = None
    prev_add: int | None = None
    last_add = 0
    after_conn = False
    n_real = 0
    for p in pieces:
        if p.kind == "c":
            if prev is None or prev.kind == "c":
                return None
            after_conn = True
            prev = p
            continue
        n_real += 1
        if p.kind == "n":
            v = p.value
            if v == 0 and n_real > 1:
                return None
            if v < last_place and not (v >= 100 and cur - seg_base > 0):
                cur += v
                last_place = _place(v)
                last_add = v
            elif (
                lex.inverted_tens
                and after_conn
                and prev_add is not None
                and prev_add < 10
                and 20 <= v < 100
                and v % 10 == 0
                and last_add == prev_add
            ):
                cur += v
                last_place = 1
                last_add = v
            elif v in lex.multiplicable_tens and prev is not None and prev.kind == "n" and 1 < last_add < 10:
                cur += last_add * v - last_add
                last_place = 10
                last_add = last_add * v
            elif last_add in lex.tens_take_teens and prev is not None and prev.kind != "m" and v < 20:
                cur += v
                last_place = _place(v)
                last_add = v
            else:
                return None
            prev_add = v
        else:  # multiplier
            m = p.value
            if m < 1000:
                low = cur - seg_base
                if low == 0:
                    if seg_base and m >= last_small_mult:
                        return None
                    low = 1
                if low >= m or (seg_base and m >= last_small_mult):
                    return None
                cur = seg_base + low * m
                seg_base = cur
                last_small_mult = m
                last_place = m
                last_add = 0
            else:
                part = cur if cur else 1
                if m < last_big:
                    if part >= m:
                        return None
                    total += part * m
                elif cur == 0 and total:
                    total *= m
                else:
                    return None
                last_big = m
                cur = 0
                seg_base = 0
                last_small_mult = 10**18
                last_place = m
                last_add = 0
            prev_add = None
        after_conn = False
        prev = p
    if prev is None or prev.kind == "c" or n_real == 0:
        return None
    return total + cur


# --------------------------------------------------------------------------- parser
class NumberParser:
    """Compiled number/percentage recogniser for one language (build with ``for_language``)."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"models/{lang}/numbers.json: expected a JSON object")
        unknown = sorted(k for k in data if k not in DATA_KEYS and not k.startswith("_"))
        if unknown:
            raise ValueError(f"models/{lang}/numbers.json: unknown key(s) {', '.join(unknown)}")
        self.lang = lang
        self.lex = _Lexicon(data)
        spaceless = str(data.get("spaceless_letters", ""))
        if spaceless:
            re.compile(f"[{spaceless}]")  # a bad class is an error when the parser is built
        # letters that count as "glued": by default every letter; spaceless scripts are exempt
        letter = r"(?:[^\W\d_" + spaceless + r"]|[" + _MARKS + r"])" if spaceless else _LETTER
        # (spaceless scripts: neither their letters nor marks glue)
        nla = r"(?![^\W\d_" + spaceless + r"])" if spaceless else _NOT_LETTER_AFTER
        nlb = r"(?<![^\W\d_" + spaceless + r"])" if spaceless else _NOT_LETTER_BEFORE
        pre = data.get("percent_prefix", [])
        self._pct_prefix_re = re.compile("(?:" + _alt(pre) + ")" + _WS + "*$", re.I) if pre else None
        self._foreign_separators = bool(data.get("foreign_separators", False))
        self._era = data.get("year_offset")  # {"min": 2400, "max": 2700, "offset": -543} (Thai BE years)
        and_words = data.get("and_words", [])
        self._and_re = re.compile(_WS + "*(?:" + _alt(and_words) + ")" + _WS + "*", re.I) if and_words else None
        dec = data.get("decimal_separator", ",")
        self._comma_decimal = dec == ","
        groups = data.get("group_separators", [".", " ", "\u00a0", "\u202f"])
        # the Arabic decimal and thousands signs (٫ ٬) are what they are in every language
        dec_cls = "".join(re.escape(c) for c in _SEP_EQUIV.get(dec, dec) + "\u066b")
        grp_chars = "".join(_SEP_EQUIV.get(g, g) for g in groups) + "\u066c"
        grp_cls = "".join(re.escape(c) for c in grp_chars)
        sign = r"(?P<sign>(?<![\w.,%s])[-+\u2212](?=\d))?" % re.escape(_DASHES)
        # lakh/crore grouping ("2,28,164"), where the language writes it
        indian = r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|" if data.get("indian_grouping") else ""
        num = (
            r"(?<![\d])(?:"
            r"(?P<grp>" + indian + r"\d{1,3}(?P<g>[" + grp_cls + r"])\d{3}(?:(?P=g)\d{3})*(?!\d))"
            r"(?:(?P<gdec>[" + dec_cls + r"])(?P<gfrac>\d+))?"
            r"|(?P<int>\d+)(?:(?P<dec>[" + dec_cls + r"])(?P<frac>\d+))?"
            r"|(?<![\w.,])(?P<ldec>[" + dec_cls + r"])(?P<lfrac>\d+)"
            r")"
        )
        self._num_re = re.compile(r"(?=[-+\u2212\d" + dec_cls + r"])" + sign + num)
        self._url_re = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"]+", re.I)
        self._email_re = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
        self._struct_re = re.compile(
            r"(?=[\d+(])(?:"
            r"(?P<iso>(?<![\d.,/-])\d{4}-\d{1,2}-\d{1,2}(?![\d]))"
            r"|(?P<ymd>(?<![\d.,/-])\d{4}(?P<ys>[/.])\d{1,2}(?P=ys)\d{1,2}(?![\d]))"
            r"|(?P<ym>(?<![\d.,/-])\d{4}-\d{2}(?![\d-]))"
            r"|(?P<dmy>(?<![\d.,/])\d{1,2}(?P<ds>[./-])\d{1,2}(?P=ds)\d{2,4}(?![\d]))"
            r"|(?P<dmy2>(?<![\d.,/])\d{1,2}/\d{1,2}(?![\d/]))"
            r"|(?P<my>(?<![\d.,/])\d{1,2}/\d{4}(?![\d/]))"
            r"|(?P<time>(?<![\d:.,])\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2})(?![\d:]))"
            r"|(?P<phone>(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d[\d .-]{6,}\d"
            r"|\(0\d{1,4}\)[ .-]?\d[\d .-]{4,}\d|0\d{1,4}[ .-]\d{2,4}[ .-]\d{2,4}(?:[ .-]\d{2,4})?)(?![\d]))"
            r")"
        )
        self._ddm_re = re.compile(r"(?<![\d.,])\d{1,2}\.\d{1,2}\.(?!\d)") if dec != "." else None
        pct = data.get("percent_markers", ["%"])
        sym = [p for p in pct if not any(ch.isalpha() for ch in p)]
        wrd = [p for p in pct if any(ch.isalpha() for ch in p)]
        pp = data.get("percent_point_markers", [])
        self._pp_re = re.compile(_WS + r"*" + _alt(pp) + nla, re.I) if pp else None
        self._pct_re = re.compile(
            _WS + r"*(?:" + _alt(sym) + "|" + _alt(wrd) + nla + ")", re.I
        )
        self._pct_word_re = re.compile(nlb + _alt(wrd) + nla, re.I) if wrd else None
        scales = data.get("scales", {})
        self._scales = {self.lex.norm(k): float(v) for k, v in scales.items()}
        self._scale_re = (
            re.compile(_WS + r"*(?P<w>" + _alt(scales) + r")" + nla, re.I) if scales else None
        )
        sfx = data.get("scale_suffixes", {})
        self._scale_sfx = {k: float(v) for k, v in sfx.items()}
        self._scale_sfx_re = (
            re.compile(_WS + r"*(?P<w>" + "|".join(re.escape(k) for k in sorted(sfx, key=len, reverse=True))
                       + r")" + nla)
            if sfx else None
        )
        suffixes = data.get("ordinal_digit_suffixes", [])
        sym_suf = [s for s in suffixes if not any(ch.isalpha() for ch in s)]
        wrd_suf = [s for s in suffixes if any(ch.isalpha() for ch in s)]
        self._ord_suffix_re = re.compile(
            r"(?:" + _alt(sym_suf) + "|" + _alt(wrd_suf) + nla + ")", re.I
        )
        self._ordinal_dot = bool(data.get("ordinal_dot", False))
        self._nouns_capitalized = bool(data.get("nouns_capitalized", False))
        self._starters = {_nfc(w.lower()) for w in data.get("sentence_starters", [])}
        months = data.get("months", [])
        date_before = list(data.get("date_before", [])) + list(months)
        joiners = data.get("date_joiners", [])
        jalt = (r"(?:" + _alt(joiners) + _WS + r"+)?") if joiners else ""
        self._month_after_re = re.compile(
            r"\.?" + _WS + r"*" + jalt + _alt(months) + nla, re.I
        ) if months else None
        # what stands right before a number: phrase -> label | date | count | cue
        self._before: dict[str, str] = {}
        for cat, words in (("label", data.get("label_words", [])), ("date", date_before),
                           ("count", data.get("count_before", [])),
                           ("cue", list(data.get("year_cues", [])) + list(months))):
            for w in words:
                self._before.setdefault(" ".join(_nfc(w.lower()).split()), cat)
        self._before_len = max((k.count(" ") + 1 for k in self._before), default=1)
        ca = data.get("count_after", [])
        self._count_after_re = re.compile(_WS + r"+" + _alt(ca) + nla, re.I) if ca else None
        self._code_after_re = re.compile(r"(?:/" + _LETTER + r"|-[A-ZĐ]{2})")
        self._glued_after_re = re.compile(letter)
        self._letter_before_re = re.compile(letter + r"$")
        # spaceless scripts: words glued after a number, the ordinal prefix, ideographic numerals
        suffix: dict[str, str] = {}
        for w in data.get("counters", []):
            suffix[_nfc(w)] = "count"
        for w in data.get("year_suffixes", []):
            suffix[_nfc(w)] = "year"
        for w, k in data.get("suffix_kinds", {}).items():
            if k not in ("date", "unit", "ordinal", "label", "year", "time"):
                raise ValueError(f"models/{lang}/numbers.json suffix_kinds: {w!r} -> unknown kind {k!r}")
            suffix[_nfc(w)] = k
        self._suffix = suffix
        self._suffix_re = re.compile(_WS + r"?(?P<w>" + _alt(suffix) + r")") if suffix else None
        op = data.get("ordinal_prefixes", [])
        self._ord_prefix_re = re.compile("(?:" + _alt(op) + r")" + _WS + r"?$") if op else None
        self._scale_adds = bool(data.get("scale_adds", False))
        self._ideo_digits = {k: int(v) for k, v in data.get("ideographic_digits", {}).items()}
        self._ideo_units = {k: int(v) for k, v in data.get("ideographic_units", {}).items()}
        self._ideo_scales = {k: int(v) for k, v in data.get("ideographic_scales", {}).items()}
        self._ideo_not_after = frozenset(data.get("ideographic_not_after", []))
        ideo_chars = "".join(sorted({*self._ideo_digits, *self._ideo_units, *self._ideo_scales}))
        self._ideo_re = re.compile("[" + re.escape(ideo_chars) + "]+") if ideo_chars else None
        # word numbers: the regex only stops at words whose first three letters can start a number
        # word (a trie of prefixes: data spellings, accent-folded, NFC and NFD)
        raw: set[str] = {k for k, p in self.lex.pieces.items() if p.kind != "c"} | set(self.lex.ord_final)
        for key in ("cardinals", "multipliers", "ordinal_words", "ordinal_stems"):
            raw |= {_nfc(w.lower()) for w in data.get(key, {})}
        prefixes: set[str] = set()
        for w in raw:
            if len(w) >= 2:
                prefixes |= {w[:3], _nfc(w)[:3], unicodedata.normalize("NFD", w)[:3], _fold(w)[:3]}
        self._word_re = re.compile(
            nlb + "(?:" + _trie_regex(sorted(prefixes)) + ")" + _LETTER + "*", re.I
        )
        conns = data.get("connectors", [])
        self._link_re = re.compile(
            r"(?:" + _WS + r"*[-\u2010\u2011]" + _WS + r"*|" + _WS + r"+"
            + ((r"(?P<conn>" + _alt(conns) + r")" + _WS + r"+") if conns else "")
            + r"|" + _WS + r"+)$",
            re.I,
        )

    # ------------------------------------------------------------------ API
    @classmethod
    def for_language(cls, lang: str) -> NumberParser:
        return _parser_for(lang)

    def parse(self, text: str) -> list[NumberMention]:
        try:
            return self._parse(text)
        except Exception:  # pragma: no cover - defensive: never raise on input
            return []

    # ------------------------------------------------------------------ implementation
    def _parse(self, text: str) -> list[NumberMention]:
        if not isinstance(text, str) or not text:
            return []
        out: list[NumberMention] = []
        blocked = _Mask(len(text))  # positions nothing else may overlap
        has_digit = any(ch.isdigit() for ch in text) if len(text) < 64 else True
        if has_digit:
            self._structured(text, out, blocked)
            self._digits(text, out, blocked)
        self._words(text, out, blocked)
        if self._ideo_re is not None:
            self._ideographic(text, out, blocked)
        out.sort(key=lambda m: (m.start, m.end))
        if has_digit:
            out = self._ranges(text, out)
        if self._and_re is not None:
            out = self._shared_percent(text, out)
        return out

    def _shared_percent(self, text: str, out: list[NumberMention]) -> list[NumberMention]:
        """"91 en 88 procent", "91 и 88 процентов": one percent word for coordinated numbers."""
        res = list(out)
        for k in range(len(res) - 2, -1, -1):
            a, b = res[k], res[k + 1]
            if a.kind == "number" and b.kind == "percent" and self._and_re.fullmatch(text, a.end, b.start):
                res[k] = NumberMention(a.start, a.end, a.value, "percent")
        return res

    def _structured(self, text: str, out: list[NumberMention], blocked: _Mask) -> None:
        if "://" in text or "www." in text or "WWW." in text:
            for m in self._url_re.finditer(text):
                blocked.add(*m.span())
        if "@" in text:
            for m in self._email_re.finditer(text):
                blocked.add(*m.span())
        for m in self._struct_re.finditer(text):
            s, e = m.span()
            kind = m.lastgroup
            if blocked.hit(s, e):
                continue
            if kind in ("dmy", "dmy2"):
                g = m.group(0)
                parts = [_digits_value(x) for x in re.split(r"[./-]", g)]
                a, b = parts[0], parts[1]
                if not (1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)):
                    continue
                if kind == "dmy2" and not (a <= 31 and b <= 12):
                    continue
                out.append(NumberMention(s, e, a, "date"))
            elif kind in ("iso", "ymd"):
                parts = [_digits_value(x) for x in re.split(r"[-/.]", m.group(0))]
                if not (1 <= parts[1] <= 12 and 1 <= parts[2] <= 31):
                    continue
                out.append(NumberMention(s, e, parts[0], "date"))
            elif kind == "ym":
                y, mo = (_digits_value(x) for x in m.group(0).split("-"))
                if not (1 <= mo <= 12 and 1000 <= y <= 2999):
                    continue
                out.append(NumberMention(s, e, y, "date"))
            elif kind == "my":
                mo, y = (_digits_value(x) for x in m.group(0).split("/"))
                if not (1 <= mo <= 12):
                    continue
                out.append(NumberMention(s, e, y, "date"))
            elif kind == "time":
                g = m.group(0)
                hh, mm = re.split(r"[:h]", g)[:2]
                if _digits_value(hh) > 24 or _digits_value(mm) > 59:
                    continue
                out.append(NumberMention(s, e, _digits_value(hh), "time"))
            elif kind == "phone":
                nd = sum(ch.isdigit() for ch in m.group(0))
                if not 9 <= nd <= 15:
                    continue
                out.append(NumberMention(s, e, _digits_value(m.group(0)), "phone"))
            blocked.add(s, e)
        if self._ddm_re is not None:
            for m in self._ddm_re.finditer(text):
                s, e = m.span()
                d, mo = (_digits_value(x) for x in m.group(0).split(".")[:2])
                if 1 <= d <= 31 and 1 <= mo <= 12 and not blocked.hit(s, e):
                    out.append(NumberMention(s, e, d, "date"))
                    blocked.add(s, e)

    def _digits(self, text: str, out: list[NumberMention], blocked: _Mask) -> None:
        for m in self._num_re.finditer(text):
            s, e = m.span()
            if blocked.hit(s, e):
                continue
            neg = m.group("sign") in ("-", "\u2212")
            grouped = False
            if m.group("grp") is not None:
                ints = re.sub(r"\D", "", m.group("grp"))
                frac = m.group("gfrac") or ""
                grouped = True
            elif m.group("int") is not None:
                ints, frac = m.group("int"), m.group("frac") or ""
            else:
                ints, frac = "", m.group("lfrac")
            if self._comma_decimal and not frac and not grouped and text.startswith(".", e):
                # "102.5%" in a ','-decimal language: one or two digits after the point cannot be a
                # group of thousands; before a percent sign it is a decimal point (not "102" and "5%")
                pm0 = _POINT_DECIMAL.match(text, e)
                if pm0 and self._pct_re.match(text, pm0.end()):
                    frac, e = pm0.group(1), pm0.end()
            if self._foreign_separators and not grouped:
                # rough translations keep the source's separators: "6.832 party members", "38,5%"
                if len(frac) == 3 and m.group("dec") == "." and self._count_after_re is not None \
                        and self._count_after_re.match(text, e):
                    ints, frac, grouped = ints + frac, "", True
                elif not frac and text.startswith(",", e):
                    cm = _COMMA_DECIMAL.match(text, e)
                    if cm and self._pct_re.match(text, cm.end()):
                        frac, e = cm.group(1), cm.end()
            value = _to_number(ints, frac, neg)
            kind = "number"
            end = e
            plain_int = not frac and not grouped
            # what follows
            pp = self._pp_re.match(text, e) if self._pp_re else None
            pm = None if pp else self._pct_re.match(text, e)
            if pp:
                kind, end = "percent_points", pp.end()
            elif pm:
                kind, end = "percent", pm.end()
            else:
                sm = self._scale_re.match(text, e) if self._scale_re else None
                om = self._ord_suffix_re.match(text, e) if plain_int else None
                xm = self._scale_sfx_re.match(text, e) if self._scale_sfx_re and not sm and not om else None
                if sm or xm:
                    if sm:
                        mult = self._scales.get(self.lex.norm(re.sub(_WS + "+", " ", sm.group("w"))), 1.0)
                    else:
                        sm = xm
                        mult = self._scale_sfx.get(xm.group("w"), 1.0)
                    value = value * mult
                    end = sm.end()
                    if self._scale_adds:
                        value, end = self._add_glued(text, value, mult, end)
                    if float(value).is_integer():
                        value = int(value)
                    pm2 = self._pct_re.match(text, end)
                    if pm2:
                        kind, end = "percent", pm2.end()
                elif om:
                    kind, end = "ordinal", om.end()
                elif self._code_after_re.match(text, e):
                    kind = "label"
                elif self._glued_after_re.match(text, e):
                    kind = "unit"
                elif plain_int and self._ordinal_dot and self._is_ordinal_dot(text, e):
                    if self._month_after_re and self._month_after_re.match(text, e):
                        kind = "date"
                    else:
                        kind = "ordinal"
                    end = e + 1
            if kind in ("number", "unit") and self._pct_prefix_re is not None:  # "%57", "yüzde 73,3"
                pre = self._pct_prefix_re.search(text, max(0, s - 12), s)
                before = text[:pre.start()].rstrip()[-1:] if pre else ""
                if pre and not before.isdigit():  # "65％ 06": the sign belongs to the number before
                    kind, s = "percent", pre.start()
            counted = False
            if kind in ("number", "unit") and self._suffix_re is not None:
                kind, end, counted = self._suffix_kind(text, end, value, kind, plain_int and not neg)
            if kind == "number" and not counted:
                kind = self._context_kind(text, s, e, value, plain_int and not neg and len(ints) == 4)
                if kind == "year" and self._era and self._era["min"] <= value <= self._era["max"]:
                    value += self._era["offset"]  # Buddhist era: 2567 is 2024
            if kind == "number" and (m.group("sign") is None) and self._letter_before_re.search(text, max(0, s - 1), s):
                kind = "label"
            if kind in COUNT_KINDS and self._ord_prefix_re is not None and self._ord_prefix_re.search(text, max(0, s - 8), s):
                kind = "ordinal"
            out.append(NumberMention(s, end, value, kind))
            blocked.add(s, end)

    def _suffix_kind(self, text: str, end: int, value: float | int, kind: str,
                     plain: bool) -> tuple[str, int, bool]:
        """(kind, end, counted) after a word glued to the number (spaceless scripts)."""
        sx = self._suffix_re.match(text, end) if self._suffix_re is not None else None
        if sx is None:
            return kind, end, False
        k = self._suffix.get(_nfc(re.sub(_WS, "", sx.group("w"))), "count")
        if k == "count":
            return "number", end, True
        if k == "year":
            k = "year" if plain and isinstance(value, int) and 1000 <= value <= 2999 else "unit"
        return k, sx.end(), False

    def _add_glued(self, text: str, value: float | int, mult: float, end: int) -> tuple[float | int, int]:
        """'10万6,842': a smaller number glued after a scale word adds to it (again after '億...万')."""
        while True:
            m = self._num_re.match(text, end)
            if m is None or m.group("sign") is not None or m.group("lfrac") is not None:
                return value, end
            if m.group("grp") is not None:
                ints, frac = re.sub(r"\D", "", m.group("grp")), m.group("gfrac") or ""
            else:
                ints, frac = m.group("int"), m.group("frac") or ""
            part = _to_number(ints, frac, False)
            nxt = self._scale_re.match(text, m.end()) if self._scale_re else None
            if nxt is not None:
                m2 = self._scales.get(self.lex.norm(re.sub(_WS + "+", " ", nxt.group("w"))), 1.0)
                if m2 >= mult or part >= 10000:
                    return value, end
                value, end, mult = value + part * m2, nxt.end(), m2
                continue
            if part >= mult:
                return value, end
            return value + part, m.end()

    # -- ideographic numerals (一, 二十三, 百二十, 二〇二四)
    def _ideo_value(self, run: str) -> int | None:
        if all(ch in self._ideo_digits for ch in run):
            if len(run) == 1:
                return self._ideo_digits[run]
            return int("".join(str(self._ideo_digits[ch]) for ch in run))
        total, section, cur = 0, 0, None
        last_unit, last_scale = 10**9, 10**30
        for ch in run:
            if ch in self._ideo_digits:
                if self._ideo_digits[ch] == 0 and (last_unit < 10**9 or total):
                    continue  # "一百零五": a zero after a unit only holds a place
                if cur is not None:
                    return None
                cur = self._ideo_digits[ch]
            elif ch in self._ideo_units:
                u = self._ideo_units[ch]
                if u >= last_unit:
                    return None
                section += (1 if cur is None else cur) * u
                cur, last_unit = None, u
            else:
                sc = self._ideo_scales[ch]
                sec = section + (cur or 0)
                if sc >= last_scale or sec == 0:
                    return None
                total += sec * sc
                section, cur, last_unit, last_scale = 0, None, 10**9, sc
        return total + section + (cur or 0)

    def _ideographic(self, text: str, out: list[NumberMention], blocked: _Mask) -> None:
        for m in self._ideo_re.finditer(text):
            s, e = m.span()
            run = m.group(0)
            pre = self._pct_prefix_re.search(text, max(0, s - 12), s) if self._pct_prefix_re is not None else None
            if blocked.hit(s, e) or (not pre and s and (text[s - 1] in self._ideo_not_after or text[s - 1].isdigit())):
                continue
            value = self._ideo_value(run)
            if value is None:
                continue
            kind, end = "number", e
            pm = self._pct_re.match(text, e)
            if pre:  # "百分之八十五"
                kind, s = "percent", pre.start()
            elif pm:
                kind, end = "percent", pm.end()
            else:
                kind, end, counted = self._suffix_kind(text, e, value, kind, True)
                if end == e and not counted and len(run) == 1:
                    continue  # a lone numeral inside a word: "一部", "統一"
            if self._ord_prefix_re is not None and self._ord_prefix_re.search(text, max(0, s - 8), s):
                kind = "ordinal"
            out.append(NumberMention(s, end, value, kind))
            blocked.add(s, end)

    def _is_ordinal_dot(self, text: str, e: int) -> bool:
        """German-style '3. Banane': digits + '.' + space + a word that does not start a sentence."""
        if e >= len(text) or text[e] != ".":
            return False
        m = _NEXT_WORD_RE.match(text, e + 1)
        if not m:
            return False
        word = m.group(1)
        if _nfc(word.lower()) in self._starters:
            return False
        return True

    def _before_kind(self, text: str, s: int) -> str | None:
        """Category of the phrase right before position s ('label', 'date', 'count', 'cue')."""
        lo = max(0, s - 48)
        window = text[lo:s]
        if not window:
            return None
        if window[-1] in "#№":
            return "label"
        spaced = window[-1].isspace()
        toks = window.split()
        if not toks:
            return None
        if lo > 0 and not window[0].isspace():
            toks = toks[1:]  # possibly cut in the middle
        toks = toks[-self._before_len:]
        for k in range(len(toks)):  # longest phrase first
            phrase = _nfc(" ".join(toks[k:]).lower()).lstrip("([{\"'“„«‘")
            for cand in (phrase, phrase[:-1] if phrase.endswith(".") else None):
                if not cand:
                    continue
                cat = self._before.get(cand)
                if cat is not None and (spaced or cat in ("label", "date")):
                    return cat
        return None

    def _context_kind(self, text: str, s: int, e: int, value: float | int, yearlike: bool) -> str:
        before = self._before_kind(text, s)
        if before == "label":
            return "label"
        if isinstance(value, int) and 1 <= value <= 31:
            if before == "date":
                return "date"
            if self._month_after_re is not None and self._month_after_re.match(text, e):
                return "date"
        era = self._era
        if yearlike and (1900 <= value <= 2100 or (era and era["min"] <= value <= era["max"])):
            if before == "count":
                return "number"
            if before == "cue" or before == "date":
                return "year"
            if self._count_after_re is not None and self._count_after_re.match(text, e):
                return "number"
            return "year"
        return "number"

    # -- number words
    def _words(self, text: str, out: list[NumberMention], blocked: _Mask) -> None:
        lex = self.lex
        if self._pct_word_re is not None:  # "phần trăm", "pour cent": never number words
            for m in self._pct_word_re.finditer(text):
                blocked.add(*m.span())
        chain: list[tuple[int, int, tuple[_Piece, ...], str]] = []  # (start, end, pieces, conn-before)
        results: list[NumberMention] = []

        def flush() -> None:
            if chain:
                self._emit_chain(text, chain, results)
                chain.clear()

        for m in self._word_re.finditer(text):
            tok = m.group(0)
            s, e = m.span()
            if chain and lex.norm(tok) in lex.connectors:
                continue  # "vierduizend en twee": the gap check below links across it
            res = lex.analyse(tok)
            if res is not None and res[0] == "card" and len(res[2]) == 1 and lex.norm(tok) in lex.elided \
                    and text[e:e + 1] not in "'\u2019":
                res = None  # "settant'anni" yes, "settant anni" no
            if res is None or blocked.hit(s, e):
                flush()
                continue
            conn = ""
            if chain:
                gap = text[chain[-1][1]:s]
                lm = self._link_re.match(gap) if len(gap) < 20 else None
                if lm is None:
                    flush()
                else:
                    conn = lm.group("conn") or "" if "conn" in self._link_re.groupindex else ""
            if res[0] == "ord":
                prev = results[-1] if results else None
                if (not chain and prev is not None and prev.kind == "ordinal" and prev.end <= s
                        and self._link_re.match(text[prev.end:s]) and s - prev.end < 20):
                    # "vigésimo quinto", "tricentesimo cuadragesimo septimo": one ordinal
                    results[-1] = NumberMention(prev.start, e, prev.value + res[1], "ordinal")
                    continue
                if chain:
                    # "twenty-first", "tweeduizend zestiende", "vingt et unième" are one ordinal;
                    # "quatre premiers mois", "los veinte primeros días" are a count + an ordinal
                    gap = text[chain[-1][1]:s]
                    head = _evaluate(lex, self._chain_pieces(chain)) or 0
                    if not ("-" in gap or 100 <= res[1] < 10**6
                            or (head >= 20 and lex.norm(tok) not in lex.ord_not_compound)):
                        flush()
                chain.append((s, e, (), "ORD"))
                self._emit_ordinal(chain, res[1], results)
                chain.clear()
                continue
            pieces = res[2]
            if chain:
                trial = self._chain_pieces(chain) + ([_Piece("c")] if conn else []) + list(pieces)
                if _evaluate(lex, trial) is None:
                    flush()
                    conn = ""
            chain.append((s, e, pieces, conn))
        flush()
        out.extend(results)

    @staticmethod
    def _chain_pieces(chain: list[tuple[int, int, tuple[_Piece, ...], str]]) -> list[_Piece]:
        ps: list[_Piece] = []
        for i, (_, _, pieces, conn) in enumerate(chain):
            if i and conn:
                ps.append(_Piece("c"))
            ps.extend(pieces)
        return ps

    def _emit_ordinal(self, chain: list[tuple[int, int, tuple[_Piece, ...], str]], value: int,
                      results: list[NumberMention]) -> None:
        head = self._chain_pieces(chain[:-1])
        hv = _evaluate(self.lex, head) if head else 0
        results.append(NumberMention(chain[0][0], chain[-1][1], (hv or 0) + value, "ordinal"))

    def _emit_chain(self, text: str, chain: list[tuple[int, int, tuple[_Piece, ...], str]],
                    results: list[NumberMention]) -> None:
        value = _evaluate(self.lex, self._chain_pieces(chain))
        if value is None:
            return
        s, e = chain[0][0], chain[-1][1]
        if len(chain) == 1 and _nfc(text[s:e].lower()) in self.lex.ambiguous:
            return
        if self._looks_like_name(text, s, chain[0][1], e):
            return
        kind = "number"
        end = e
        pp = self._pp_re.match(text, e) if self._pp_re else None
        pm = None if pp else self._pct_re.match(text, e)
        if pp:
            kind, end = "percent_points", pp.end()
        elif pm:
            kind, end = "percent", pm.end()
        elif self._before_kind(text, s) == "label":
            kind = "label"
        results.append(NumberMention(s, end, value, kind))

    def _looks_like_name(self, text: str, s: int, first_end: int, e: int) -> bool:
        """'Tien Yen', 'Ba Vi': a capitalised number word inside a sentence, or one that opens a run of
        capitalised words (unless the language capitalises all nouns), is part of a name."""
        tok = text[s:first_end]
        if not tok[:1].isupper() or (len(tok) > 1 and tok.isupper()):
            return False
        i = s - 1
        while i >= 0 and text[i] in " \t\u00a0\u202f":
            i -= 1
        if i >= 0 and text[i] not in _SENTENCE_OPENERS:
            return True
        if self._nouns_capitalized:
            return False
        m = _NEXT_WORD_RE.match(text, e)
        return bool(m and m.group(1)[:1].isupper())

    # -- ranges
    def _ranges(self, text: str, ms: list[NumberMention]) -> list[NumberMention]:
        res = list(ms)
        for i in range(len(res) - 1):
            a, b = res[i], res[i + 1]
            if a.kind == "number" and b.kind in ("date", "unit"):
                # "1～8月", "18～30歳": the first endpoint is what the second one is
                gap = text[a.end:b.start].strip()
                if len(gap) == 1 and "\n" not in text[a.end:b.start] and gap in _DASHES and b.start - a.end <= 3 and text[b.start:b.start + 1].isdigit():
                    res[i] = NumberMention(a.start, a.end, a.value, b.kind)
                continue
            if a.kind not in ("number", "year", "range") or b.kind not in ("number", "year", "percent"):
                continue
            gap = text[a.end:b.start]
            if "\n" in gap:  # "ethnic minorities: 80" then a bullet "- 18–30 year-olds: 52": no range
                continue
            bt = text[b.start:b.end]
            if not bt[:1].isdigit() and not (bt[:1] in "-\u2212" and gap.strip() == ""):
                continue
            if not text[a.start:a.end][-1:].isdigit():
                continue
            g = gap.strip()
            if bt[:1] in "-\u2212" and g == "":
                g = bt[0]
                val_b: float | int = abs(b.value)
            else:
                val_b = b.value
            if len(g) == 1 and g in _DASHES and len(gap) <= 3:
                res[i] = NumberMention(a.start, a.end, a.value, "range")
                res[i + 1] = NumberMention(b.start, b.end, val_b, "range")
        return res


def _trie_regex(words: list[str]) -> str:
    """Alternation of literal words as a character trie (fast to scan with ``re``)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + ("?" if end else "")

    return build(trie) or r"(?!x)x"


def number_languages() -> tuple[str, ...]:
    """Language codes that have a ``models/<code>/numbers.json``."""
    return data_folders("numbers.json")


@lru_cache(maxsize=None)
def _parser_for(lang: str) -> NumberParser:
    if not isinstance(lang, str) or not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", lang):
        raise ValueError(f"no number data for language {lang!r}")
    data = read_json(lang, "numbers.json")
    if not data:
        known = ", ".join(number_languages())
        raise ValueError(f"no number data for language {lang!r} (models/{lang}/numbers.json); known: {known}")
    return NumberParser(lang, data)


def parse_numbers(text: str, lang: str) -> list[tuple[int, int, float | int, str]]:
    """``(start, end_exclusive, value, kind)`` for every number-like expression, sorted by start."""
    return [m.as_tuple() for m in NumberParser.for_language(lang).parse(text)]
