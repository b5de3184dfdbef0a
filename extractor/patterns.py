"""A small pattern notation for language data, compiled to spaCy ``Matcher`` patterns.

Language files write phrases the way a linguist reads them, not as token dicts:

    "nieuwe /partijle(d|den)/"         a literal word, then a token matching a regex
    "(de|het) hele {LEVEL}"            alternatives, and a reference to a class of phrases
    "partijcomité van? de {PLACE}"     ``?`` makes the element before it optional

Elements are separated by spaces:

* ``word`` - a literal; run through the language's own tokenizer, so ``niet-staatsbedrijven``
  or ``thành phố`` become the same tokens the text will have; matched case-insensitively.
* ``/regex/`` - one token whose lower-cased text matches the regex as a whole.
* ``(a|b|c)`` - one of several literals (each may tokenize into several tokens); a lone ``(`` or
  ``)`` is a literal bracket, and a regex cannot stand inside the alternatives.
* ``{NAME}`` - one of the phrases of class ``NAME`` given by the caller; each expansion remembers
  which class member (and which label) it came from.
* ``{PLACE}``, ``{N}``, ``{YEAR}``, ``{DATE}`` ... - special slots whose token spec the caller gives
  (``specials``); a spec with an ``"OP"`` matches a variable number of tokens.
* a trailing ``?`` on any element makes it optional.

``compile_pattern`` turns one pattern string into as few spaCy ``Matcher`` patterns as possible;
``expand`` lists every concrete alternative (it is what ``compile_pattern`` builds on).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Tokenize = Callable[[str], list[str]]

class PatternError(ValueError):
    """A pattern in the language data cannot be read."""


_REGEX_ELEMENT = re.compile(r"/(?:[^/\\]|\\.)+/\??")
_CLASS_ELEMENT = re.compile(r"\{[A-Z_]+\}\??")
_ALTERNATION = re.compile(r"\([^)]*\)\??")


def _elements(pattern: str) -> list[str]:
    """Split a pattern into its elements (see the module docstring)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i].isspace():
            i += 1
            continue
        m = None
        for rx in (_REGEX_ELEMENT, _CLASS_ELEMENT, _ALTERNATION):
            m = rx.match(pattern, i)
            if m:
                break
        if m and m.re is _ALTERNATION:
            alts = m.group(0).rstrip("?")[1:-1].split("|")
            if any(len(a.strip()) > 2 and a.strip()[0] == a.strip()[-1] == "/" for a in alts):
                if len(alts) > 1:
                    raise PatternError(f"a regex cannot stand inside (a|b) in {pattern!r}: write /(a|b)/ instead")
                m = None  # "( /regex/ )": a literal bracket, then a regex
        if m is None:
            m = re.compile(r"\(|\S+").match(pattern, i) if pattern[i] == "(" else re.compile(r"\S+").match(pattern, i)
        out.append(m.group(0))
        i = m.end()
    return out


@dataclass(frozen=True, slots=True)
class Slot:
    """One element of an expanded pattern: the token dicts it matches and what it stands for."""

    tokens: tuple[dict[str, Any], ...]
    name: str = ""  # class name ("LEVEL", "PLACE", ...) or "" for literals
    label: str = ""  # for class members: the label of the member's group (e.g. "district")




def _literal_tokens(text: str, tokenize: Tokenize) -> tuple[dict[str, Any], ...]:
    return tuple({"LOWER": tok.lower()} for tok in tokenize(text) if tok.strip())


def _regex_token(body: str) -> dict[str, Any]:
    try:
        re.compile(body)
    except re.error as exc:
        raise PatternError(f"bad regex /{body}/: {exc}") from None
    return {"LOWER": {"REGEX": f"^(?:{body})$"}}


def expand(
    pattern: str,
    tokenize: Tokenize,
    classes: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    specials: Mapping[str, dict[str, Any]] | None = None,
) -> list[list[Slot]]:
    """All concrete alternatives of ``pattern``.

    ``classes`` maps a class name to ``(label, phrase)`` pairs; ``specials`` maps a slot name to
    the token spec it matches.
    """
    classes = classes or {}
    specials = specials or {}
    choices: list[list[Slot | None]] = []
    for raw in _elements(pattern):
        optional = raw.endswith("?") and len(raw) > 1
        el = raw[:-1] if optional else raw
        alts: list[Slot | None]
        if el.startswith("/") and el.endswith("/") and len(el) > 2:
            alts = [Slot((_regex_token(el[1:-1]),))]
        elif el == "()":
            raise PatternError(f"empty alternation () in {pattern!r}")
        elif el.startswith("(") and el.endswith(")") and len(el) > 2:
            alts = [Slot(_literal_tokens(a, tokenize)) for a in el[1:-1].split("|") if a.strip()]
        elif el.startswith("{") and el.endswith("}"):
            name = el[1:-1]
            if name in specials:
                spec = specials[name]
                alts = [Slot((dict(spec),), name=name)]
            elif name in classes:
                alts = []
                for label, phrase in classes[name]:
                    for sub in expand(phrase, tokenize):
                        toks = tuple(t for s in sub for t in s.tokens)
                        alts.append(Slot(toks, name=name, label=label))
            else:
                raise PatternError(f"unknown class {{{name}}} in {pattern!r}")
        else:
            alts = [Slot(_literal_tokens(el, tokenize))]
        alts = [a for a in alts if a.tokens]
        if not alts:
            raise PatternError(f"empty element {raw!r} in {pattern!r}")
        if optional:
            alts = [*alts, None]
        choices.append(alts)
    out = []
    for combo in itertools.product(*choices):
        slots = [s for s in combo if s is not None]
        if slots:
            out.append(slots)
    if not out:
        raise PatternError(f"pattern matches nothing: {pattern!r}")
    return out


def merge_single(tokens: list[dict[str, Any]]) -> dict[str, Any]:
    """One token dict that matches any of several one-token alternatives (literals and regexes)."""
    literals = sorted({t["LOWER"] for t in tokens if isinstance(t["LOWER"], str)}
                      | {w for t in tokens if isinstance(t["LOWER"], dict) for w in t["LOWER"].get("IN", ())})
    regexes = [t["LOWER"]["REGEX"][4:-2] for t in tokens if isinstance(t["LOWER"], dict) and "REGEX" in t["LOWER"]]
    if not regexes:
        return {"LOWER": literals[0]} if len(literals) == 1 else {"LOWER": {"IN": literals}}
    body = "|".join([re.escape(w) for w in literals] + [f"(?:{r})" for r in regexes])
    return {"LOWER": {"REGEX": f"^(?:{body})$"}}


def compile_pattern(
    pattern: str,
    tokenize: Tokenize,
    classes: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    specials: Mapping[str, dict[str, Any]] | None = None,
    memo: dict[str, list[list[dict[str, Any]]]] | None = None,
) -> list[list[dict[str, Any]]]:
    """``pattern`` as few spaCy ``Matcher`` patterns as possible.

    Unlike ``expand``, the alternatives of an element that have the same number of tokens are merged,
    position by position, into one predicate per token, and an optional one-token element becomes
    ``"OP": "?"``, so a class of thirty level words does not multiply the patterns by thirty. (Merging
    multi-token alternatives position by position also accepts their cross-combinations; the phrases
    of one element are near-synonyms, so that is taken as a feature.) Which tokens of a match are which element is not kept: callers
    that need it read it back from the matched tokens.

    ``memo``: a dict the caller keeps for the patterns it compiles with the same ``tokenize`` and
    ``classes``; a class element (``{LEVEL}``) is then expanded once, not once per pattern.
    """
    specials = specials or {}
    choices: list[list[list[dict[str, Any]]]] = []
    for raw in _elements(pattern):
        optional = raw.endswith("?") and len(raw) > 1
        el = raw[:-1] if optional else raw
        name = el[1:-1] if el.startswith("{") and el.endswith("}") else ""
        if name in specials:
            alts = [[dict(specials[name])]]
        elif memo is not None and name and el in memo:
            alts = memo[el]
        else:
            seqs = [[t for slot in alt for t in slot.tokens] for alt in expand(el, tokenize, classes)]
            by_len: dict[int, list[list[dict[str, Any]]]] = {}
            for q in seqs:
                by_len.setdefault(len(q), []).append(q)
            # alternatives of one length become one pattern, position by position: a class of forty
            # multi-word committee names would otherwise multiply the patterns by forty
            alts = [[q[0][i] if len(q) == 1 else merge_single([x[i] for x in q]) for i in range(n)]
                    for n, q in sorted(by_len.items())]
            if memo is not None and name:
                memo[el] = alts
        if optional:
            if len(alts) == 1 and len(alts[0]) == 1 and "OP" not in alts[0][0]:
                alts = [[dict(alts[0][0], OP="?")]]
            else:
                alts = [*alts, []]
        choices.append(alts)
    out = [[t for seq in combo for t in seq] for combo in itertools.product(*choices)]
    out = [p for p in out if p]
    if not out:
        raise PatternError(f"pattern matches nothing: {pattern!r}")
    return out
