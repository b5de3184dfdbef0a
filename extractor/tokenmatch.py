"""A token-pattern matcher for the patterns ``extractor.patterns`` compiles, cheaper than spaCy's.

spaCy's ``Matcher`` runs every pattern as a state machine over every token and evaluates the
predicates again at each token. Our patterns are mostly literal words and regexes over the
lower-cased text, and a news page repeats the same few thousand words. So this matcher

* decides once per distinct token text (cached across documents) which text predicates it meets,
  as a bit mask;
* at each token, looks up only the patterns that can start with one of those predicates;
* extends them by backtracking over the operators.

It implements the part of spaCy's token-pattern language that ``extractor.patterns`` and the
language data emit: ``LOWER`` / ``TEXT`` / ``ORTH`` with a string, ``IN``, ``NOT_IN`` or ``REGEX``;
``IS_TITLE``; ``SPACY``; the ``num_kind`` extension (``{"_": {"num_kind": ...}}``: the label of the
``numbers`` span the token is in, "" outside them -- read from the spans, not from the tokens); the operators
``?``, ``+``, ``*`` and ``{m,n}`` (and ``{n}``, ``{m,}``, ``{,n}``). Anything else is refused when the
pattern is added. The matches are spaCy's: every (key, start, end), or per key the longest
non-overlapping ones with ``greedy="LONGEST"`` (tests/test_tokenmatch.py compares the two on the
whole corpus).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

_TEXT_ATTRS = {"LOWER": True, "TEXT": False, "ORTH": False}  # attribute -> compared lower-cased
_OPS = {None: (1, 1), "?": (0, 1), "+": (1, 1 << 30), "*": (0, 1 << 30)}
_RANGE_OP = re.compile(r"^\{(\d*)(,?)(\d*)\}$")
_CACHE_LIMIT = 100_000  # distinct token texts remembered per matcher (then forgotten at once)


def _op_bounds(op: str | None) -> tuple[int, int]:
    if op in _OPS:
        return _OPS[op]
    m = _RANGE_OP.match(op or "")
    if not m:
        raise ValueError(f"operator {op!r} is not supported")
    lo, comma, hi = m.groups()
    if not comma:
        return int(lo), int(lo)
    return int(lo or 0), int(hi) if hi else 1 << 30


def _text_check(attr: str, value: Any) -> Callable[[str], bool]:
    lower = _TEXT_ATTRS[attr]
    get = str.lower if lower else (lambda s: s)
    if isinstance(value, str):
        return lambda s: get(s) == value
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"{attr} predicate {value!r} is not supported")
    (how, arg), = value.items()
    if how == "IN":
        words = frozenset(arg)
        return lambda s: get(s) in words
    if how == "NOT_IN":
        words = frozenset(arg)
        return lambda s: get(s) not in words
    if how == "REGEX":
        rx = re.compile(arg)
        return lambda s: rx.search(get(s)) is not None
    raise ValueError(f"{attr} predicate {how!r} is not supported")


# a regex that refers to its own groups by number, or to a group by name, means something else
# inside a union (the numbers shift, the names may clash): such regexes are searched one by one
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _plain_regex(value: Any) -> bool:
    """``{"REGEX": str}`` whose pattern can go into a union (see ``_union``)."""
    return (isinstance(value, dict) and set(value) == {"REGEX"} and isinstance(value["REGEX"], str)
            and not _GROUP_REFERENCE.search(value["REGEX"]))


def _union(group: list[tuple[int, re.Pattern[str]]]) -> re.Pattern[str] | None:
    """One regex that finds a match in a text when, and only when, one of ``group`` does (None when
    the patterns cannot be joined, e.g. global flags inside one of them: each is then searched)."""
    if len(group) < 2:
        return None
    try:
        return re.compile("|".join(f"(?:{rx.pattern})" for _, rx in group))
    except re.error:
        return None


@dataclass(frozen=True, slots=True)
class _Element:
    bit: int  # the element's predicate
    lo: int
    hi: int


@dataclass(slots=True)
class Features:
    """What the predicates and the components read of a document's tokens, computed once per
    document (building spaCy ``Token`` objects to read them costs more than the reading)."""

    orths: list[int]
    spacy: list[bool]
    kinds: list[str]  # number kind of each token ("" outside number spans)
    masks: dict[int, list[int]]  # id(matcher) -> the predicates each token meets
    texts: list[str]
    space: list[bool]  # Token.is_space
    punct: list[bool]  # Token.is_punct
    title: list[bool]  # Token.is_title
    numbered: bool  # the number component had run (``kinds`` were read from its spans)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins it anew on each access) and kept in
    ``doc.user_data`` for the components that read it."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def features(doc: Doc) -> Features:
    """Token features of ``doc`` (cached in ``doc.user_data``; read anew once the number component
    has run, if something asked for them before)."""
    cached = doc.user_data.get("tokenmatch")
    numbered = "numbers" in doc.spans
    if cached is None or len(cached.orths) != len(doc) or cached.numbered != numbered:
        cols = doc.to_array([ORTH, SPACY, IS_SPACE, IS_PUNCT, IS_TITLE]).T.tolist() if len(doc) else [[]] * 5
        kinds = [""] * len(doc)
        for s in doc.spans.get("numbers", ()):
            for i in range(s.start, s.end):
                kinds[i] = s.label_
        strings = doc.vocab.strings
        orths = cols[0]
        cached = Features(orths, [bool(a) for a in cols[1]], kinds, {}, [strings[o] for o in orths],
                           [bool(a) for a in cols[2]], [bool(a) for a in cols[3]], [bool(a) for a in cols[4]],
                           numbered)
        doc.user_data["tokenmatch"] = cached
    return cached


@dataclass(slots=True)
class Sentences:
    """A document's sentences as token ranges: what the components read instead of ``doc.sents``."""

    bounds: list[tuple[int, int]]  # (start, end) of each sentence, in order
    of: list[int]  # token index -> the index of its sentence
    is_start: list[bool]  # token index -> it begins a sentence


def sentences(doc: Doc) -> Sentences:
    """The sentences the splitter set (``Token.is_sent_start``; the first token begins one), as
    ``doc.sents`` gives them; read once per document (cached in ``doc.user_data``: the sentence
    splitter drops the cache when it sets them)."""
    cached = doc.user_data.get("sentences")
    if cached is not None and len(cached.of) == len(doc):
        return cached
    n = len(doc)
    if not n:
        return Sentences([], [], [])
    flags = doc.to_array(SENT_START) == 1
    flags[0] = True
    starts = numpy.flatnonzero(flags)
    lengths = numpy.diff(numpy.append(starts, n))
    begin = starts.tolist()
    cached = doc.user_data["sentences"] = Sentences(
        list(zip(begin, begin[1:] + [n])), numpy.repeat(numpy.arange(len(begin)), lengths).tolist(), flags.tolist())
    return cached


class TokenMatcher:
    """Patterns added under keys; ``matcher(doc_or_span)`` gives ``(key, start, end)`` like spaCy's."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self._pred_ids: dict[str, int] = {}
        self._words: dict[str, int] = {}  # lower-cased word -> bits of the literal predicates it meets
        self._checks: list[tuple[int, Callable[[str], bool]]] = []  # other text predicates
        # REGEX predicates on one attribute, by "compared lower-cased", and the union of each group:
        # a text none of them matches (most) is dismissed by one search instead of one per regex
        self._regexes: dict[bool, list[tuple[int, re.Pattern[str]]]] = {}
        self._unions: dict[bool, re.Pattern[str] | None] | None = None
        self._no_text = 0  # bits of predicates that read no text
        self._needs: dict[int, tuple[bool | None, str | None]] = {}  # bit -> (SPACY, num_kind) it asks for
        # key, elements, one token each, bits of the required elements
        self._patterns: list[tuple[str, tuple[_Element, ...], bool, int]] = []
        self._starts: dict[int, list[int]] = {}  # bit -> patterns that can start with it
        self._greedy: dict[str, bool] = {}
        self._text_masks: dict[int, int] = {}  # orth -> bits of the text predicates it meets
        self._need_masks: dict[tuple[bool, str], int] = {}  # (SPACY, num_kind) -> bits it allows
        self._candidates: dict[int, tuple[int, ...]] = {}  # mask -> patterns to try
        self.added: list[tuple[str, list[list[dict[str, Any]]], str | None]] = []  # as given to add()

    def __len__(self) -> int:
        return len(self._patterns)

    def _predicate(self, spec: dict[str, Any]) -> int:
        unknown = set(spec) - set(_TEXT_ATTRS) - {"IS_TITLE", "SPACY", "_", "OP"}
        ext = spec.get("_", {})
        if unknown or set(ext) - {"num_kind"}:
            raise ValueError(f"token pattern {spec!r} is not supported")
        pred = {k: v for k, v in spec.items() if k != "OP"}
        key = json.dumps(pred, sort_keys=True, ensure_ascii=False)
        if key in self._pred_ids:
            return 1 << self._pred_ids[key]
        bit = 1 << len(self._pred_ids)
        self._pred_ids[key] = len(self._pred_ids)
        self._needs[bit] = (spec.get("SPACY"), ext.get("num_kind"))
        text = {k: v for k, v in pred.items() if k in _TEXT_ATTRS or k == "IS_TITLE"}
        lower = text.get("LOWER")
        if len(text) == 1 and (isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"})):
            for word in [lower] if isinstance(lower, str) else lower["IN"]:  # a word lookup
                self._words[word] = self._words.get(word, 0) | bit
        elif len(text) == 1 and _plain_regex(next(iter(text.values()))):
            attr, value = next(iter(text.items()))
            rx = re.compile(value["REGEX"])
            self._regexes.setdefault(_TEXT_ATTRS[attr], []).append((bit, rx))
        elif text:
            checks = [_text_check(k, v) for k, v in text.items() if k != "IS_TITLE"]
            if "IS_TITLE" in text:
                want = bool(text["IS_TITLE"])
                checks.append(lambda s, want=want: s.istitle() == want)
            self._checks.append((bit, checks[0] if len(checks) == 1 else lambda s, cs=tuple(checks): all(c(s) for c in cs)))
        else:
            self._no_text |= bit
        return bit

    def add(self, key: str, patterns: Iterable[list[dict[str, Any]]], greedy: str | None = None) -> None:
        if greedy not in (None, "LONGEST"):
            raise ValueError(f"greedy={greedy!r} is not supported")
        self._greedy[key] = greedy == "LONGEST"
        patterns = [list(p) for p in patterns]
        self.added.append((key, patterns, greedy))
        for pattern in patterns:
            elements = tuple(_Element(self._predicate(spec), *_op_bounds(spec.get("OP"))) for spec in pattern)
            index = len(self._patterns)
            required = 0
            for el in elements:
                if el.lo > 0:
                    required |= el.bit
            self._patterns.append((key, elements, all(el.lo == el.hi == 1 for el in elements), required))
            for el in elements:  # every element up to the first required one can be the first matched
                self._starts.setdefault(el.bit, []).append(index)
                if el.lo > 0:
                    break
        self._text_masks.clear()
        self._need_masks.clear()
        self._candidates.clear()
        self._unions = None

    def _text_mask(self, orth: int) -> int:
        text = self.vocab.strings[orth]
        lowered = text.lower()
        mask = self._no_text | self._words.get(lowered, 0)
        if self._unions is None:
            self._unions = {lower: _union(group) for lower, group in self._regexes.items()}
        for lower, group in self._regexes.items():
            subject = lowered if lower else text
            union = self._unions[lower]
            if union is None or union.search(subject):
                for bit, rx in group:
                    if rx.search(subject):
                        mask |= bit
        for bit, check in self._checks:
            if check(text):
                mask |= bit
        if len(self._text_masks) >= _CACHE_LIMIT:
            self._text_masks.clear()
        self._text_masks[orth] = mask
        return mask

    def _need_mask(self, spacy: bool, kind: str) -> int:
        mask = 0
        for bit, (want_space, want_kind) in self._needs.items():
            if (want_space is None or want_space == spacy) and (want_kind is None or want_kind == kind):
                mask |= bit
        self._need_masks[(spacy, kind)] = mask
        return mask

    def _doc_masks(self, doc: Doc, start: int, end: int) -> list[int]:
        """The predicates each token of ``doc`` meets, as bit masks; -1 where not asked for yet."""
        f = features(doc)
        masks = f.masks.get(id(self))
        if masks is None:
            masks = f.masks[id(self)] = [-1] * len(f.orths)
        text_masks, need_masks = self._text_masks, self._need_masks
        for i in range(start, end):
            if masks[i] < 0:
                o, need = f.orths[i], (f.spacy[i], f.kinds[i])
                text_mask = text_masks.get(o)
                if text_mask is None:
                    text_mask = self._text_mask(o)
                need_mask = need_masks.get(need)
                if need_mask is None:
                    need_mask = self._need_mask(*need)
                masks[i] = text_mask & need_mask
        return masks

    def _candidates_for(self, mask: int) -> tuple[int, ...]:
        found = self._candidates.get(mask)
        if found is None:
            found = tuple(sorted({p for bit, ps in self._starts.items() if mask & bit for p in ps}))
            self._candidates[mask] = found
        return found

    def matches(self, doc: Doc, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` in document offsets for the tokens ``start:end``."""
        end = len(doc) if end is None else end
        masks = self._doc_masks(doc, start, end)

        def ends(elements: tuple[_Element, ...], k: int, i: int, out: set[int]) -> None:
            if k == len(elements):
                out.add(i)
                return
            el = elements[k]
            if el.lo == 0:
                ends(elements, k + 1, i, out)
            n = 0
            while i < end and n < el.hi and masks[i] & el.bit:
                i += 1
                n += 1
                if n >= el.lo:
                    ends(elements, k + 1, i, out)

        present = 0  # a pattern whose required predicates are not all met somewhere here cannot match
        for mask in masks[start:end]:
            present |= mask
        patterns = self._patterns
        # the patterns to try at a token with a given mask (those that can start with one of its
        # predicates and whose required predicates are all present), worked out once per mask
        to_try: dict[int, list[tuple[str, tuple[_Element, ...], bool, int]]] = {}
        found: dict[str, set[tuple[int, int]]] = {}
        for i in range(start, end):
            mask = masks[i]
            if not mask:
                continue
            tries = to_try.get(mask)
            if tries is None:
                tries = to_try[mask] = [patterns[p] for p in self._candidates_for(mask)
                                        if not patterns[p][3] & ~present]
            for key, elements, fixed, _ in tries:
                if fixed:  # one token per element: no backtracking
                    j = i + len(elements)
                    if j <= end:
                        for k, el in enumerate(elements):
                            if not masks[i + k] & el.bit:
                                break
                        else:
                            found.setdefault(key, set()).add((i, j))
                    continue
                stops: set[int] = set()
                ends(elements, 0, i, stops)
                for j in stops:
                    if j > i:
                        found.setdefault(key, set()).add((i, j))
        out: list[tuple[str, int, int]] = []
        for key, pairs in found.items():
            if not self._greedy[key]:
                out.extend((key, a, b) for a, b in sorted(pairs))
                continue
            taken: set[int] = set()  # spaCy's rule: longest first, then the earliest
            for a, b in sorted(pairs, key=lambda x: (x[0] - x[1], x[0])):
                if not taken.intersection(range(a, b)):
                    out.append((key, a, b))
                    taken.update(range(a, b))
        return out

    def __call__(self, doclike: Doc | Span) -> list[tuple[str, int, int]]:
        """Like spaCy's ``Matcher``: offsets relative to ``doclike``, keys as strings."""
        if isinstance(doclike, Span):
            base = doclike.start
            return [(k, a - base, b - base) for k, a, b in self.matches(doclike.doc, doclike.start, doclike.end)]
        return self.matches(doclike)
