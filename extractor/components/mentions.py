"""``extractor_mentions``: committee mentions with their level and place.

Patterns come from ``models/<code>/committees.json``. A mention may

* name its place ("partijcomité van het district Tien Yen") -> level from the level word;
* name a place without a level ("partijcomité van Mong Cai") -> level of the same place elsewhere
  in the article;
* name only a level ("het districtscomité", "der Bezirk") -> refers back to the last mention of
  that level (its *antecedent*); an unnamed province stays unnamed.

Level words that translations use for two units ("Bezirk" for district and ward) carry a
``level_inside`` map: "Bezirk Bac Son, Stadt Uong Bi" is a ward because a city contains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..langdata import load
from ..patterns import compile_pattern
from ..text import ascii_fold, squash
from ..tokenmatch import TokenMatcher, features, sentences
from . import tokenizer_of


@dataclass(frozen=True, slots=True)
class Mention:
    rule_id: str
    text: str  # the mention as written
    level: str
    place: str  # ASCII-folded, "" when not named
    level_word: str = ""  # lower-cased level word as written, "" when none
    named: bool = False
    antecedent_text: str = ""  # for a reference back: the text of the mention it refers to
    container: bool = False  # not an actor: the unit containing the mention before it ("(Stadt Uong Bi)"),
    # or the one that set a target ("door de provincie gestelde doelstelling", role "not_actor")

    @property
    def committee(self) -> str:
        return self.antecedent_text or self.text


# how far up the administrative ladder each level stands (lower = larger unit)
RANK = {"province": 0, "city": 1, "town": 1, "district": 1, "commune": 2, "ward": 2, "bloc": 2,
        "grassroots": 3, "cell": 4}


class MentionRecognizer:
    def __init__(self, nlp: Language, lang: str) -> None:
        data = load(lang)
        self.data = data
        self._make_doc = nlp.make_doc
        tok = tokenizer_of(nlp)
        stop = set(data.place_stopwords)
        for phrase in (*data.committee_nouns, *(w for ws in data.levels.values() for w in ws)):
            stop.update(w.lower() for w in tok(phrase))
        if data.place_excludes_lexicon:
            for group in (*data.cues.values(), *data.categories.values()):
                for phrase in group:
                    stop.update(w.lower() for w in tok(phrase) if not w.startswith("/"))
        # a place name: 1-4 capitalised tokens by default; caseless scripts give their own token pattern
        place_token = {**data.place_token, "LOWER": {"NOT_IN": sorted(stop)}}
        place = {**place_token, "OP": f"{{1,{data.place_max_tokens}}}"}
        classes = {
            "LEVEL": [(lvl, w) for lvl, words in data.levels.items() for w in words],
            "COMMITTEE": [("", w) for w in data.committee_nouns],
        }
        # level words as token sequences, to read back which level a match names
        self.level_words: dict[tuple[str, ...], str] = {}
        for lvl, words in data.levels.items():
            for w in words:
                self.level_words.setdefault(tuple(t.lower() for t in tok(w)), lvl)
        self.level_lengths = sorted({len(k) for k in self.level_words}, reverse=True)
        self.place_tokens = TokenMatcher(nlp.vocab)
        self.place_tokens.add("PLACE", [[place_token]])
        self.patterns = {mp.id: mp for mp in data.mentions}
        self.order = {mp.id: i for i, mp in enumerate(data.mentions)}
        self.matcher = TokenMatcher(nlp.vocab)
        memo: dict = {}  # {LEVEL} and {COMMITTEE} expanded once for all the patterns
        compiled = {mp.id: compile_pattern(mp.pattern, tok, classes, {"PLACE": place}, memo) for mp in data.mentions}
        for mp in data.mentions:
            self.matcher.add(mp.id, compiled[mp.id], greedy="LONGEST")
        self.place_regex = re.compile(data.place_regex) if data.place_regex else None

    def _level_in(self, span: Span) -> tuple[str, str]:
        """(level, level word) of the first level word inside ``span``."""
        words = [t.lower_ for t in span]
        for i in range(len(words)):
            for n in self.level_lengths:
                key = tuple(words[i:i + n])
                if len(key) == n and key in self.level_words:
                    return self.level_words[key], " ".join(key)
        return "", ""

    def _place_runs(self, span: Span) -> list[tuple[int, int]]:
        """Runs of consecutive place tokens inside ``span`` (offsets relative to it). A word of the
        language's ``place_particles`` ("की", "तो") is no name on its own, and is cut from the front
        of a run that keeps two words or more ("की माई चाऊ" -> "माई चाऊ"; "की सोन" stays)."""
        runs: list[tuple[int, int]] = []
        for i in sorted(s for _, s, _ in self.place_tokens(span)):
            if runs and i == runs[-1][1]:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
        particles = self.data.place_particles
        if particles:
            trimmed = []
            for a, b in runs:
                if span[a].lower_ in particles:
                    if b - a == 1:
                        continue
                    if b - a >= 3:
                        a += 1
                trimmed.append((a, b))
            runs = trimmed
        return runs

    def _place_in(self, span: Span) -> str:
        """The place name inside a match: its longest run of place tokens (the last one on a tie)."""
        runs = self._place_runs(span)
        if not runs:
            return ""
        a, b = max(reversed(runs), key=lambda r: r[1] - r[0])
        return span[a:b].text

    def _matches(self, doc: Doc):
        """(pattern id, start, end) of the mention patterns, sentence by sentence (the matcher skips
        a pattern at once where a word it needs is missing)."""
        for start, end in sentences(doc).bounds:
            yield from self.matcher.matches(doc, start, end)

    def _raw_mentions(self, doc: Doc) -> list[Span]:
        spans = []
        for key, start, end in self._matches(doc):
            mp = self.patterns[key]
            span = Span(doc, start, end, label=mp.id)
            level, level_word = self._level_in(span) if "{LEVEL}" in mp.pattern else (mp.level, "")
            place = self._place_in(span) if "{PLACE}" in mp.pattern else ""
            if not place and self.place_regex is not None:  # "คณะกรรมการพรรคอำเภอต่วนย้าวรับ...": cut it out
                found = self.place_regex.search(span.text)
                place = found.group("place") if found else ""
            span._.mention = Mention(mp.id, squash(span.text), level, ascii_fold(place), level_word, bool(place),
                                     container=mp.role == "not_actor")
            spans.append(span)
        # longest wins; among equal spans the earlier rule in the data file
        spans.sort(key=lambda s: self.order[s.label_])
        out = []
        for span in filter_spans(spans):
            mp = self.patterns[span.label_]
            out.extend(self._split(doc, span) if mp.pattern.count("{PLACE}") > 1 else [span])
        return sorted(out, key=lambda s: s.start)

    def _split(self, doc: Doc, span: Span) -> list[Span]:
        """"die Stadtteile Bai Chay und Hung Thang": one mention per place, all of the same level."""
        m: Mention = span._.mention
        out = []
        for a, b in self._place_runs(span):
            sub = Span(doc, span.start + a, span.start + b, label=span.label_)
            sub._.mention = replace(m, text=sub.text, place=ascii_fold(sub.text), named=True)
            out.append(sub)
        return out or [span]

    def __call__(self, doc: Doc) -> Doc:
        spans = self._raw_mentions(doc)
        sent_of = sentences(doc).of  # token -> its sentence (mentions never cross one)
        mentions = [s._.mention for s in spans]
        inside = self.data.level_inside
        # 1. ambiguous level words: decided by a containing unit named right after
        for i, (span, m) in enumerate(zip(spans, mentions)):
            if m.level_word in inside and i + 1 < len(spans):
                nxt = spans[i + 1]
                if nxt.start - span.end <= 3 and sent_of[nxt.start] == sent_of[span.start]:
                    lvl = inside[m.level_word].get(mentions[i + 1].level)
                    if lvl:
                        mentions[i] = replace(m, level=lvl)
        # 2. what each named place is, as far as the article says
        place_level: dict[str, str] = {}
        for m in mentions:
            if m.named and m.level and not (m.level_word in inside and m.level not in inside[m.level_word].values()):
                place_level.setdefault(m.place, m.level)
        for m in mentions:
            if m.named and m.level:
                place_level.setdefault(m.place, m.level)
        # 3. resolve levels of named places and references back
        resolved: list[Mention] = []
        for m in mentions:
            if m.named:
                lvl = place_level.get(m.place, m.level) if (not m.level or m.level_word in inside) else m.level
                m = replace(m, level=lvl or "unknown")
            else:
                m = self._refer_back(m, resolved)
            resolved.append(m)
        # 4. "Bezirk Bac Son (Stadt Uong Bi)": the second names where the first is, it is not an actor
        appositions: set[int] = set()  # a chain: "gemeente X (district Y, provincie Z)"
        for i in range(1, len(resolved)):
            a, b = resolved[i - 1], resolved[i]
            if (spans[i].start - spans[i - 1].end <= 3 and sent_of[spans[i].start] == sent_of[spans[i - 1].start]
                    and (not a.container or i - 1 in appositions) and RANK.get(b.level, 9) < RANK.get(a.level, 9)):
                resolved[i] = replace(b, container=True)
                appositions.add(i)
        # 5. "होआ बिन्ह प्रांत की माई चाऊ जिला", "ホアビン省のマイチャウ県": in a language that names its
        # linking words, a named unit right before a smaller one, with nothing between them but such a
        # word, is where that one is (elsewhere a mention may have swallowed an "and": "et de Bai Chay")
        linkers = self.data.container_linkers
        for i in range(1, len(resolved) if linkers else 0):
            a, b = resolved[i - 1], resolved[i]
            between = [t.lower_ for t in doc[spans[i - 1].end:spans[i].start]]
            if not between and spans[i][0].lower_ in linkers:  # the linker was read into the second mention
                between = [spans[i][0].lower_]
            if (a.named and not a.container and not b.container
                    and sent_of[spans[i].start] == sent_of[spans[i - 1].start]
                    and RANK.get(a.level, 9) < RANK.get(b.level, 9) and len(between) <= 1 and set(between) <= linkers):
                resolved[i - 1] = replace(a, container=True)
        for span, m in zip(spans, resolved):
            span._.mention = m
        doc.spans["mentions"] = sorted(spans + self._known_places(doc, spans, resolved), key=lambda s: s.start)
        return doc

    def _refer_back(self, m: Mention, earlier: list[Mention]) -> Mention:
        accept = {m.level} | ({"city", "town"} if m.level in ("city", "town") else set())  # translations mix the two
        if m.level_word in self.data.level_inside:
            accept.update(self.data.level_inside[m.level_word].values())
        for prev in reversed(earlier):
            if prev.named and prev.level in accept:
                return replace(m, level=prev.level, place=prev.place, antecedent_text=prev.committee)
        return replace(m, level=m.level or "unknown")

    def _known_places(self, doc: Doc, spans: list[Span], mentions: list[Mention]) -> list[Span]:
        """A place the article has named with its level, named again on its own ("Son Dong: 45 ...",
        "Điện Biên: 1.032 ..." after "Partijcomité van Dien Bien"); compared without diacritics."""
        known: dict[tuple[str, ...], Mention] = {}
        for m in mentions:
            if m.named and not m.container and m.place:
                key = tuple(ascii_fold(t.text).lower() for t in self._make_doc(m.place))
                known.setdefault(key, m)
        if not known:
            return []
        f = features(doc)
        texts = f.texts
        folded = [ascii_fold(t).lower() for t in texts]
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        lengths = sorted({len(k) for k in known}, reverse=True)
        i = 0
        while i < len(doc):
            hit = None
            text = texts[i]
            if (f.title[i] or text.lower() == text.upper()) and i not in taken:  # caseless scripts
                for n in lengths:
                    key = tuple(folded[i:i + n])
                    if key in known and not any(j in taken for j in range(i, i + n)):
                        hit = (n, known[key])
                        break
            if hit is None:
                i += 1
                continue
            n, m = hit
            span = Span(doc, i, i + n, label=f"{self.data.code}.mention.known_place")
            span._.mention = replace(m, rule_id=span.label_, text=span.text, level_word="")
            out.append(span)
            i += n
        return out


@Language.factory("extractor_mentions", default_config={"lang": ""})
def make_mention_recognizer(nlp: Language, name: str, lang: str) -> MentionRecognizer:
    return MentionRecognizer(nlp, lang or nlp.lang)
