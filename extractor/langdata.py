"""Loading one language's rule data from ``models/<code>/`` into typed, validated records.

Files (all JSON, UTF-8; see ``models/README.md`` for the full reference):

* ``language.json``   - code, name, spaCy code (+ optional config), dateparser code, langdetect codes
* ``lexicon.json``    - cue classes (member nouns, admission verbs, target nouns, ...) and categories
* ``committees.json`` - level words, committee nouns, mention patterns
* ``periods.json``    - period expressions and how each resolves
* ``rules.json``      - the metric rules, in priority order: the language's own first, then the
  shared ones of ``models/rules.json`` (``"extends": "shared"``) less those it ``disable``s
* ``numbers.json``    - number words and separators (read by ``extractor.numbers``)

Unknown keys are errors that name the file and the key, so a typo never silently disables a rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .resources import language_codes, models_root, read_json

LEVELS = ("province", "city", "town", "district", "commune", "ward", "bloc", "cell", "grassroots", "unknown")
METRICS = ("admitted", "target", "achieved_pct", "increase", "total_members", "share_pct")
PERIOD_KINDS = ("year", "first_months", "quarter", "half", "year_to_date", "as_of", "month", "months_to_date",
                "baseline")  # baseline: "compared with the same period of 2023" - recognised, never a figure's period


class LanguageDataError(ValueError):
    """The data folder of a language is malformed."""


class UnsupportedLanguage(LookupError):
    """No data folder for this language."""


def _check_keys(where: str, obj: Mapping[str, Any], allowed: set[str], required: set[str] = frozenset()) -> None:
    if not isinstance(obj, Mapping):
        raise LanguageDataError(f"{where}: expected an object, got {type(obj).__name__}")
    unknown = set(obj) - allowed
    if unknown:
        raise LanguageDataError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = required - set(obj)
    if missing:
        raise LanguageDataError(f"{where}: missing key(s) {sorted(missing)}")


@dataclass(frozen=True, slots=True)
class Window:
    """A condition on cues near the number: any of ``cues`` within ``within`` tokens."""

    cues: tuple[str, ...]
    within: int = 1000
    scope: str = "segment"  # clause | segment | sentence


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    metric: str
    kind: str  # number | percent
    left: Window | None = None
    right: Window | None = None
    anywhere: Window | None = None
    not_left: Window | None = None
    not_right: Window | None = None
    not_anywhere: Window | None = None
    breakdown: bool = False  # only inside a breakdown of an earlier total
    category: str = "optional"  # required | optional | none | previous (that of the figure before it)
    # | absent (the rule fails when category words follow: a total has no subgroup)
    inherit_metric: bool = False  # a list item without cues of its own: the metric of the figure before it
    min_value: float | None = None
    max_value: float | None = None


@dataclass(frozen=True, slots=True)
class ColumnRule:
    """A number of ``kind`` in a table column whose header holds one of ``cues`` is ``metric``."""

    kind: str  # number | percent
    cues: frozenset[str]
    metric: str


@dataclass(frozen=True, slots=True)
class MentionPattern:
    id: str
    pattern: str
    level: str = ""  # fixed level when the pattern has no {LEVEL}
    role: str = "committee"  # committee | place (a place named without a committee word)


@dataclass(frozen=True, slots=True)
class PeriodPattern:
    id: str
    pattern: str
    kind: str
    n: int | None = None  # fixed quarter/half/month count when the pattern does not capture it


@dataclass(frozen=True, slots=True)
class LanguageData:
    code: str
    name: str
    spacy_code: str
    spacy_config: Mapping[str, Any]
    dateparser_code: str
    langdetect_codes: tuple[str, ...]
    cues: Mapping[str, tuple[str, ...]]
    categories: Mapping[str, tuple[str, ...]]
    levels: Mapping[str, tuple[str, ...]]
    level_inside: Mapping[str, Mapping[str, str]]  # word -> {containing level -> level}
    committee_nouns: tuple[str, ...]
    place_stopwords: frozenset[str]
    place_particles: frozenset[str]  # words that may begin a name ("की सोन") but are mostly a particle before one
    container_linkers: frozenset[str]  # "की", "の": a unit, this word, a smaller unit -> the first contains the second
    place_excludes_lexicon: bool  # capitalised nouns (German) must not be read as place names
    place_token: Mapping[str, Any]  # spaCy token pattern of one token of a place name
    place_max_tokens: int
    place_regex: str  # for scripts that glue a name to its words: a regex with a group "place", run on a mention
    mentions: tuple[MentionPattern, ...]
    periods: tuple[PeriodPattern, ...]
    rules: tuple[Rule, ...]
    vetoes: tuple[Rule, ...] = ()  # conditions under which a number is never a figure
    columns: tuple[ColumnRule, ...] = ()  # table columns read by their header cell, in priority order
    sentence_punct: tuple[str, ...] = field(default=(".", "!", "?", "…", "。", "！", "？"))
    abbreviations: frozenset[str] = frozenset()  # lower-cased words whose "." ends no sentence ("resp", "no")


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LanguageDataError(f"{where}: expected a list of strings")
    return tuple(value)


def _window(where: str, obj: Any) -> Window | None:
    if obj is None:
        return None
    _check_keys(where, obj, {"cues", "within", "scope"}, {"cues"})
    scope = obj.get("scope", "segment")
    if scope not in ("clause", "segment", "sentence"):
        raise LanguageDataError(f"{where}.scope: {scope!r} is not clause, segment or sentence")
    return Window(_strings(f"{where}.cues", obj["cues"]), int(obj.get("within", 1000)), scope)


_RULE_KEYS = {
    "id", "metric", "kind", "left", "right", "anywhere", "not_left", "not_right", "not_anywhere",
    "breakdown", "category", "inherit_metric", "min_value", "max_value", "comment",
}


def _rule(code: str, i: int, obj: Any, cue_names: set[str]) -> Rule:
    where = f"models/{code}/rules.json rules[{i}]"
    _check_keys(where, obj, _RULE_KEYS, {"id", "metric", "kind"})
    if obj["metric"] not in METRICS:
        raise LanguageDataError(f"{where}: metric {obj['metric']!r} is not one of {METRICS}")
    if obj["kind"] not in ("number", "percent", "any"):
        raise LanguageDataError(f"{where}: kind must be number, percent (or any, for a veto)")
    if obj.get("category", "optional") not in ("required", "optional", "none", "previous", "absent"):
        raise LanguageDataError(f"{where}: category must be required, optional, none, previous or absent")
    windows = {k: _window(f"{where}.{k}", obj.get(k)) for k in
               ("left", "right", "anywhere", "not_left", "not_right", "not_anywhere")}
    for k, w in windows.items():
        if w:
            bad = set(w.cues) - cue_names - {"MENTION", "PUNCT"}
            if bad:
                raise LanguageDataError(f"{where}.{k}: unknown cue class(es) {sorted(bad)}")
    return Rule(
        id=obj["id"], metric=obj["metric"], kind=obj["kind"], breakdown=bool(obj.get("breakdown", False)),
        category=obj.get("category", "optional"), inherit_metric=bool(obj.get("inherit_metric", False)),
        min_value=obj.get("min_value"), max_value=obj.get("max_value"),
        **windows,
    )


def _column(code: str, i: int, obj: Any, known_cues: set[str]) -> ColumnRule:
    """A ``columns`` entry; cue classes the language does not define are left out (the shared
    entries name classes not every language has)."""
    where = f"models/{code}/rules.json columns[{i}]"
    _check_keys(where, obj, {"kind", "cues", "metric"}, {"kind", "cues", "metric"})
    if obj["kind"] not in ("number", "percent"):
        raise LanguageDataError(f"{where}.kind: {obj['kind']!r} is not number or percent")
    if obj["metric"] not in METRICS:
        raise LanguageDataError(f"{where}: metric {obj['metric']!r} is not one of {METRICS}")
    return ColumnRule(obj["kind"], frozenset(_strings(f"{where}.cues", obj["cues"])) & known_cues, obj["metric"])


def _shared_rules(code: str) -> dict:
    """``models/rules.json`` with ``{lang}`` in rule ids replaced by ``code``."""
    path = models_root() / "rules.json"
    if not path.is_file():
        raise LanguageDataError(f"models/{code}/rules.json extends the shared rules, but models/rules.json is missing")
    text = path.read_text(encoding="utf-8").replace('"{lang}.', f'"{code}.')
    return json.loads(text)


@lru_cache(maxsize=None)
def load(code: str) -> LanguageData:
    """The validated data of one language (cached per process)."""
    if code not in language_codes():
        raise UnsupportedLanguage(code)
    meta = read_json(code, "language.json")
    _check_keys(f"models/{code}/language.json", meta,
                {"code", "name", "spacy", "spacy_config", "dateparser", "langdetect", "sentence_punct", "abbreviations",
                 "comment"},
                {"code", "name", "spacy"})
    lex = read_json(code, "lexicon.json") or {}
    _check_keys(f"models/{code}/lexicon.json", lex, {"cues", "categories", "comment"})
    cues = {k: _strings(f"lexicon.cues.{k}", v) for k, v in lex.get("cues", {}).items()}
    categories = {k: _strings(f"lexicon.categories.{k}", v) for k, v in lex.get("categories", {}).items()}

    com = read_json(code, "committees.json") or {}
    _check_keys(f"models/{code}/committees.json", com,
                {"levels", "level_inside", "committee", "place_stopwords", "place_particles", "container_linkers",
                 "place_excludes_lexicon", "place_token", "place_max_tokens", "place_regex", "mentions", "comment"})
    levels = {k: _strings(f"committees.levels.{k}", v) for k, v in com.get("levels", {}).items()}
    bad_levels = set(levels) - set(LEVELS)
    if bad_levels:
        raise LanguageDataError(f"models/{code}/committees.json levels: unknown level(s) {sorted(bad_levels)}")
    mentions = []
    for i, m in enumerate(com.get("mentions", [])):
        _check_keys(f"models/{code}/committees.json mentions[{i}]", m, {"id", "pattern", "level", "role", "comment"},
                    {"id", "pattern"})
        mentions.append(MentionPattern(m["id"], m["pattern"], m.get("level", ""), m.get("role", "committee")))

    per = read_json(code, "periods.json") or {}
    _check_keys(f"models/{code}/periods.json", per, {"periods", "comment"})
    periods = []
    for i, p in enumerate(per.get("periods", [])):
        _check_keys(f"models/{code}/periods.json periods[{i}]", p, {"id", "pattern", "kind", "n", "comment"},
                    {"id", "pattern", "kind"})
        if p["kind"] not in PERIOD_KINDS:
            raise LanguageDataError(f"models/{code}/periods.json periods[{i}]: kind {p['kind']!r} not in {PERIOD_KINDS}")
        periods.append(PeriodPattern(p["id"], p["pattern"], p["kind"], p.get("n")))

    rules_obj = read_json(code, "rules.json") or {}
    _check_keys(f"models/{code}/rules.json", rules_obj, {"rules", "never", "columns", "extends", "disable", "comment"})
    own_rules, own_never = rules_obj.get("rules", []), rules_obj.get("never", [])
    own_columns = rules_obj.get("columns", [])
    if rules_obj.get("extends") == "shared":
        shared = _shared_rules(code)
        _check_keys("models/rules.json", shared, {"rules", "never", "columns", "comment"})
        off = set(rules_obj.get("disable", []))
        known = {r["id"] for r in shared.get("rules", []) + shared.get("never", [])}
        if off - known:
            raise LanguageDataError(f"models/{code}/rules.json disable: unknown rule id(s) {sorted(off - known)}")
        own_rules = own_rules + [r for r in shared.get("rules", []) if r["id"] not in off]
        own_never = own_never + [v for v in shared.get("never", []) if v["id"] not in off]
        own_columns = own_columns + shared.get("columns", [])
    elif rules_obj.get("extends") not in (None, False):
        raise LanguageDataError(f"models/{code}/rules.json extends: only \"shared\" is known")
    rules = tuple(_rule(code, i, r, set(cues)) for i, r in enumerate(own_rules))
    vetoes = tuple(_rule(code, i, {"metric": "admitted", "kind": "any", **v}, set(cues))
                   for i, v in enumerate(own_never))
    columns = tuple(_column(code, i, c, set(cues)) for i, c in enumerate(own_columns))
    ids = [r.id for r in rules] + [v.id for v in vetoes] + [m.id for m in mentions] + [p.id for p in periods]
    dupes = {x for x in ids if ids.count(x) > 1}
    if dupes:
        raise LanguageDataError(f"models/{code}: rule ids used twice: {sorted(dupes)}")

    return LanguageData(
        code=code,
        name=meta["name"],
        spacy_code=meta["spacy"],
        spacy_config=meta.get("spacy_config", {}),
        dateparser_code=meta.get("dateparser", code),
        langdetect_codes=tuple(meta.get("langdetect", [code])),
        cues=cues,
        categories=categories,
        levels=levels,
        level_inside={k.lower(): v for k, v in com.get("level_inside", {}).items()},
        committee_nouns=_strings("committees.committee", com.get("committee", [])),
        place_stopwords=frozenset(w.lower() for w in com.get("place_stopwords", [])),
        place_particles=frozenset(w.lower() for w in _strings("committees.place_particles",
                                                               com.get("place_particles", []))),
        container_linkers=frozenset(w.lower() for w in _strings("committees.container_linkers",
                                                                 com.get("container_linkers", []))),
        place_excludes_lexicon=bool(com.get("place_excludes_lexicon", False)),
        place_token=com.get("place_token", {"IS_TITLE": True}),
        place_max_tokens=int(com.get("place_max_tokens", 4)),
        place_regex=com.get("place_regex", ""),
        mentions=tuple(mentions),
        periods=tuple(periods),
        rules=rules,
        vetoes=vetoes,
        columns=tuple(c for c in columns if c.cues),
        sentence_punct=tuple(meta.get("sentence_punct", (".", "!", "?", "…", "。", "！", "？"))),
        abbreviations=frozenset(a.lower().rstrip(".") for a in meta.get("abbreviations", [])),
    )
