"""``extractor_figures``: the metric rules. Every count or percentage the number component found is
tried against the language's rules (``models/<code>/rules.json``) in order; the first rule whose
conditions hold decides the metric. The figure then gets its committee(s), category and period.

Conditions look at cue spans (from ``extractor_cues``) in windows around the number:

* ``left`` / ``right``: a cue of the listed classes ends/starts within ``within`` tokens;
* ``anywhere``: a cue of the listed classes occurs in the scope;
* ``not_left`` / ``not_right`` / ``not_anywhere``: the same, negated;
* scopes: ``clause`` (up to , ; : and brackets), ``segment`` (up to ;) or ``sentence``;
* the pseudo-cues ``MENTION`` (any committee mention) and ``PUNCT`` (any punctuation token).

A rule with ``inherit_metric`` reads list items without cues of their own ("de wijk An Luu nam 19
nieuwe leden op, de wijk Hiep Son 12"): the metric is that of the figure before it in the sentence.

A *breakdown* ("Van deze leden zijn er 20 ...; 77 ...") is a run of numbers after a ``BREAKDOWN``
cue that follows an admitted total; its figures inherit committee and period from that total.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..langdata import Rule, Window, load
from ..numbers import COUNT_KINDS
from ..tokenmatch import Features, features, sentences
from .mentions import RANK, Mention
from .periods import PeriodExpr
from .tables import PERCENT_COLUMN, header_cues

CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "–", "—", "•", "、", "，", "；", "："})
SEGMENT_BREAKS = frozenset({";", "•", "；"})
DASHES = frozenset({"-", "–", "—"})
NOT_LIST_PUNCT = frozenset("()[]{}（）［］「」『』【】\"'«»“”„‘’%％.。!?")
CATEGORY_WINDOW = 6  # tokens between a breakdown number and its category words
BOTH_WINDOW = 4


@dataclass(slots=True)
class FigureInfo:
    metric: str
    value: float
    unit: str
    rule_id: str
    committees: list[Mention | None]
    category: str = ""
    period: PeriodExpr | None = None
    parent: int | None = None  # index (in doc.spans["figures"]) of the total a breakdown row belongs to
    of: float | None = None  # M of an admitted "N/M" count ("96/110 of the target"): that unit's target


OPEN_BRACKETS = {"(": ")", "[": "]", "（": "）"}
BRACKET_TOKENS = 8  # the longest bracket stepped over after a number, in tokens


def _bracket_close(texts: list[str], at: int, next_num: int, sent_end: int) -> int | None:
    """Index of the closing bracket of a bracket that opens at token ``at`` and holds the next number
    (``next_num``), within the sentence and ``BRACKET_TOKENS`` tokens; None otherwise."""
    if at >= sent_end or texts[at] not in OPEN_BRACKETS:
        return None
    closer = OPEN_BRACKETS[texts[at]]
    for j in range(at + 1, min(sent_end, at + BRACKET_TOKENS + 1)):
        if texts[j] == closer:
            return j if at < next_num < j else None
    return None


class _Layout:
    """Per-document token geometry: sentence, paragraph, segment and clause bounds of each token."""

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        f = features(doc)
        geometry = sentences(doc)
        sent_start = geometry.is_start
        self.sent = geometry.of
        self.sent_bounds = geometry.bounds
        self.clause_start, self.clause_end = self._bounds(f, sent_start, CLAUSE_BREAKS)
        self.seg_start, self.seg_end = self._bounds(f, sent_start, SEGMENT_BREAKS)
        self.para = [0] * n
        p = 0
        for i, (text, space) in enumerate(zip(f.texts, f.space)):
            if space and "\n" in text:
                p += 1
            self.para[i] = p

    @staticmethod
    def _bounds(f: Features, sent_start: list[bool], breaks: frozenset[str]) -> tuple[list[int], list[int]]:
        n = len(sent_start)
        texts, kinds = f.texts, f.kinds
        start, end = [0] * n, [n] * n
        cur = 0
        for i in range(n):
            if sent_start[i]:
                cur = i
            start[i] = cur
            if texts[i] in breaks and not kinds[i]:  # "७६,४१८": a comma inside a number
                cur = i + 1
        cur = n
        for i in range(n - 1, -1, -1):
            if texts[i] in breaks and not kinds[i]:  # "७६,४१८": a comma inside a number
                cur = i
            end[i] = cur
            if sent_start[i]:
                cur = i
        return start, end

    def scope(self, i: int, scope: str) -> tuple[int, int]:
        if scope == "clause":
            return self.clause_start[i], self.clause_end[i]
        if scope == "segment":
            return self.seg_start[i], self.seg_end[i]
        return self.sent_bounds[self.sent[i]]


class _Cues:
    """Cue spans by label, sorted, for window queries."""

    def __init__(self, spans, mentions=(), numbers=(), doc: Doc | None = None) -> None:
        self.num_starts = [n.start for n in numbers]
        self.num_ends = [n.end for n in numbers]
        self.by_label: dict[str, list[tuple[int, int]]] = {}
        for s in spans:
            self.by_label.setdefault(s.label_, []).append((s.start, s.end))
        for m in mentions:
            self.by_label.setdefault("MENTION", []).append((m.start, m.end))
        if doc is not None:  # pseudo-cue PUNCT: any punctuation token (":" "-" "," after a name in a list)
            f = features(doc)
            self.by_label["PUNCT"] = [(i, i + 1) for i, (punct, text) in enumerate(zip(f.punct, f.texts))
                                      if punct and text not in NOT_LIST_PUNCT]
        for v in self.by_label.values():
            v.sort()
        self.starts = {k: [a for a, _ in v] for k, v in self.by_label.items()}

    def prev_number_end(self, i: int) -> int:
        """End of the last count/percentage ending at or before token ``i`` (0 if none)."""
        k = bisect_right(self.num_ends, i)
        return self.num_ends[k - 1] if k else 0

    def next_number_start(self, i: int) -> int:
        k = bisect_left(self.num_starts, i)
        return self.num_starts[k] if k < len(self.num_starts) else 1 << 30

    def any_in(self, labels, lo: int, hi: int, ignore: tuple[int, int] = (-1, -1)) -> bool:
        """Some cue of ``labels`` lies entirely within tokens [lo, hi)."""
        for lab in labels:
            spans = self.by_label.get(lab)
            if not spans:
                continue
            k = bisect_left(self.starts[lab], lo)
            while k < len(spans) and spans[k][0] < hi:
                a, b = spans[k]
                if b <= hi and not (a < ignore[1] and ignore[0] < b):
                    return True
                k += 1
        return False


class FigureRules:
    def __init__(self, lang: str) -> None:
        data = load(lang)
        self.rules = data.rules
        self.vetoes = data.vetoes
        self.columns = data.columns
        self.column_rule_id = f"{data.code}.table.column"

    # ------------------------------------------------------------------ conditions
    def _window(self, w: Window, side: str, span: Span, lay: _Layout, cues: _Cues) -> bool:
        lo, hi = lay.scope(span.start, w.scope)
        if side == "left":
            return self._left_within(w, span, lo, cues)
        if side == "right":
            return self._right_within(w, span, lay.scope(span.end - 1, w.scope)[1], cues)
        return cues.any_in(w.cues, lo, max(hi, span.end), ignore=(span.start, span.end))

    @staticmethod
    def _left_within(w: Window, span: Span, lo: int, cues: _Cues) -> bool:
        lo = max(lo, cues.prev_number_end(span.start))  # a cue beyond another number belongs to that one
        for lab in w.cues:
            for a, b in cues.by_label.get(lab, ()):
                if a >= lo and b <= span.start and span.start - b <= w.within:
                    return True
        return False

    @staticmethod
    def _right_within(w: Window, span: Span, hi: int, cues: _Cues) -> bool:
        next_num = cues.next_number_start(span.end)  # a cue beyond another number belongs to that one
        for lab in w.cues:
            spans = cues.by_label.get(lab)
            if not spans:
                continue
            k = bisect_left(cues.starts[lab], span.end)
            while k < len(spans) and spans[k][0] - span.end <= w.within:
                a, b = spans[k]
                if b <= hi and (a < next_num or a == span.end):
                    return True
                k += 1
        return False

    def _holds(self, rule: Rule, span: Span, lay: _Layout, cues: _Cues) -> bool:
        for side, w, want in (("left", rule.left, True), ("right", rule.right, True),
                              ("anywhere", rule.anywhere, True), ("left", rule.not_left, False),
                              ("right", rule.not_right, False), ("anywhere", rule.not_anywhere, False)):
            if w is not None and self._window(w, side, span, lay, cues) != want:
                return False
        return True

    # ------------------------------------------------------------------ attributes
    @staticmethod
    def _category(span: Span, doc: Doc, lay: _Layout, next_num: int, categories: list[Span],
                  num_starts: list[int]) -> str:
        """The category words after the number (the longest, most specific, phrase in a short window);
        failing that, right before it ("studenten: 10", "44 vrouwen, 55,7%"). A bracket right after the
        number that holds another number is stepped over: "49 (40,8%) vrouwen"."""
        lo = span.end
        end = lay.clause_end[span.end - 1]
        close = _bracket_close(features(doc).texts, span.end, next_num, lay.sent_bounds[lay.sent[span.start]][1])
        if close is not None:
            lo = close + 1
            end = lay.clause_end[lo] if lo < len(doc) else lo
            k = bisect_left(num_starts, lo)
            next_num = num_starts[k] if k < len(num_starts) else len(doc)
        elif end < len(doc) and end - span.end <= 2 and doc[end].text in DASHES:  # "57 — члены Союза молодёжи"
            end = lay.clause_end[end + 1] if end + 1 < len(doc) else end
        hi = min(end, next_num, lo + CATEGORY_WINDOW + 1)
        after = [c for c in categories if lo <= c.start < hi]
        sent_lo = lay.sent_bounds[lay.sent[span.start]][0]
        before = [c for c in categories if c.end <= span.start and c.start >= sent_lo
                  and span.start - c.end <= 2]
        if after:
            best = max(after, key=lambda c: (len(c), -c.start))
            return best.label_
        return before[-1].label_ if before else ""

    @staticmethod
    def _committees(span: Span, mentions: list[Span], starts: list[int], lay: _Layout, both: bool,
                    focus: Mention | None = None) -> list[Mention | None]:
        sent_lo, sent_hi = lay.sent_bounds[lay.sent[span.start]]
        k = bisect_left(starts, span.start)
        before = [m for m in mentions[:k] if m.end <= span.start]
        in_sent = [m for m in before if m.start >= sent_lo]
        if both:
            seen: list[Mention] = []
            for m in reversed(in_sent):
                mm = m._.mention
                if mm.place and all(mm.place != x.place for x in seen):
                    seen.append(mm)
                if len(seen) == 2:
                    return list(reversed(seen))
        if in_sent:
            seg_lo = lay.seg_start[span.start]
            in_seg = [m for m in in_sent if m.start >= seg_lo]
            return [(in_seg or in_sent)[-1]._.mention]
        # a committee named after the number (passive voice); a place merely named again is not one
        after = [m for m in mentions[k:] if m.start >= span.end and m.end <= sent_hi
                 and not m.label_.endswith(".mention.known_place")]
        if after:
            return [after[0]._.mention]
        if focus is not None:  # the committee the text was last talking about
            return [focus]
        if before:
            return [before[-1]._.mention]
        return [None]

    @staticmethod
    def _period(span: Span, periods: list[Span], lay: _Layout) -> PeriodExpr | None:
        """The period stated in the figure's sentence (the last one before it, else the first after
        it), else the last one earlier in its paragraph."""
        s = lay.sent[span.start]
        same = [p for p in periods if lay.sent[p.start] == s]
        if same:
            before = [p for p in same if p.end <= span.start]
            return (before[-1] if before else same[0])._.period
        para = lay.para[span.start]
        earlier = [p for p in periods if p.end <= span.start and lay.para[p.start] == para]
        return earlier[-1]._.period if earlier else None

    @staticmethod
    def _period_of_committee(committees: list[Mention | None], figures: list[Span]) -> PeriodExpr | None:
        """A figure whose paragraph states no period: that of the same committee's last figure."""
        places = {(m.level, m.place) for m in committees if m is not None and m.place}
        for f in reversed(figures):
            info: FigureInfo = f._.figure
            if info.period is not None and any(m is not None and (m.level, m.place) in places for m in info.committees):
                return info.period
        return None

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        lay = _Layout(doc)
        mentions = [m for m in doc.spans["mentions"] if not m._.mention.container]
        counts = [s for s in doc.spans["numbers"] if s.label_ in COUNT_KINDS]
        cues = _Cues(doc.spans["cues"], mentions, counts, doc)
        m_starts = [m.start for m in mentions]
        periods = [p for p in doc.spans["periods"] if p._.period.kind != "baseline"]  # comparisons never count
        # a number word inside a name ("Tien Yen") is part of a mention, not a figure
        taken = {i for m in mentions for i in range(m.start, m.end)}
        candidates = [s for s in doc.spans["numbers"]
                      if s.label_ in COUNT_KINDS and not any(i in taken for i in range(s.start, s.end))]
        figures: list[Span] = []
        focus: Mention | None = None
        heads = header_cues(doc, doc.spans["table_heads"], doc.spans["cues"]) if self.columns else {}
        categories = list(doc.spans["categories"])  # a SpanGroup makes new Span objects on each pass
        cand_starts = [c.start for c in candidates]
        for idx, span in enumerate(candidates):
            next_num = candidates[idx + 1].start if idx + 1 < len(candidates) else len(doc)
            value = span._.num_value
            if any(v.kind in ("any", span.label_) and self._value_ok(v, value) and self._holds(v, span, lay, cues)
                   for v in self.vetoes):
                continue
            column, kind = self._column_metric(span, heads)
            unit = "percent" if kind == "percent" else "members"
            if column:  # a table cell: its column's header decides, not the rules
                committees = self._committees(span, mentions, m_starts, lay, False, focus)
                period = self._period(span, periods, lay) or self._period_of_committee(committees, figures)
                fig = Span(doc, span.start, span.end, label=column)
                fig._.figure = FigureInfo(column, value, unit, self.column_rule_id, committees, "", period)
                figures.append(fig)
                continue
            parent = self._parent(span, figures, lay, cues)
            previous = self._previous_figure(span, figures, lay)
            for rule in self.rules:
                if rule.kind != span.label_ or (rule.breakdown and parent is None):
                    continue
                if rule.inherit_metric and (previous is None or previous._.figure.unit != unit):
                    continue
                if (rule.inherit_metric and rule.category == "required"
                        and (lay.sent[previous.start] != lay.sent[span.start]
                             or (unit == "members" and value > self._largest(figures, span, lay)))):
                    continue  # a category list continues within its sentence, and a part is not larger than the whole
                if not self._value_ok(rule, value):
                    continue
                if not self._holds(rule, span, lay, cues):
                    continue
                if rule.category == "previous":
                    last = figures[-1] if figures and lay.sent[figures[-1].start] == lay.sent[span.start] else None
                    category = last._.figure.category if last is not None else ""
                elif rule.category == "none":
                    category = ""
                else:
                    category = self._category(span, doc, lay, next_num, categories, cand_starts)
                if rule.category in ("required", "previous") and not category:
                    continue
                if rule.category == "absent" and category:
                    continue
                metric = previous._.figure.metric if rule.inherit_metric else rule.metric
                if rule.breakdown and parent is not None:
                    pinfo: FigureInfo = figures[parent]._.figure
                    committees, period = pinfo.committees, pinfo.period
                else:
                    # "beide 100%", "両県ともに計画の55％": a BOTH cue close before, or earlier in its clause
                    lo = max(lay.seg_start[span.start], min(lay.clause_start[span.start], span.start - BOTH_WINDOW))
                    both = cues.any_in(("BOTH",), lo, span.start)
                    committees = self._committees(span, mentions, m_starts, lay, both, focus)
                    period = self._period(span, periods, lay) or self._period_of_committee(committees, figures)
                fig = Span(doc, span.start, span.end, label=metric)
                fig._.figure = FigureInfo(metric, value, unit,
                                          rule.id, committees, category, period,
                                          parent if rule.breakdown else None,
                                          self._pair_target(span, metric))
                figures.append(fig)
                top = committees[-1] if committees else None
                # the unit the article is about: a figure of a sub-unit named in a list does not move the
                # focus down ("Tien Yen 38, Hai Ha 12 ... women made up 48%" is still the province's)
                if top is not None and (focus is None or RANK.get(top.level, 9) <= RANK.get(focus.level, 9)):
                    focus = top
                break
        self._respectively(figures, cues, mentions, lay)
        doc.spans["figures"] = figures
        return doc

    def _column_metric(self, span: Span, heads: dict[int, frozenset[str]]) -> tuple[str, str]:
        """The metric of a table cell's number from its column's header cell ("" if none), and the
        number's kind (a bare number under a header with a percent sign is a percentage)."""
        kind = span.label_
        labels = heads.get(span.start)
        if not labels:
            return "", kind
        if kind == "number" and PERCENT_COLUMN in labels:
            kind = "percent"
        if self._plausible(kind, span._.num_value):
            for col in self.columns:
                if col.kind == kind and labels & col.cues:
                    return col.metric, kind
        return "", span.label_

    @staticmethod
    def _pair_target(span: Span, metric: str) -> float | None:
        """M of an admitted "N/M" count, when it is a whole positive number of members."""
        of = span._.num_of
        return of if metric == "admitted" and FigureRules._plausible("number", of) else None

    @staticmethod
    def _respectively(figures: list[Span], cues: _Cues, mentions: list[Span], lay: _Layout) -> None:
        """"Bai Chay en Hung Thang namen respectievelijk 36 en 27 leden op": a run of figures of one metric
        next to a RESPECTIVELY cue goes, in order, to the named committees before it."""
        for r_start, r_end in cues.by_label.get("RESPECTIVELY", ()):
            s = lay.sent[r_start]
            in_sent = [f for f in figures if lay.sent[f.start] == s and f._.figure.parent is None]
            # runs of figures of one metric close together ("74 e 52", "108% and 104%", "36 bzw. 27")
            runs: list[list[Span]] = []
            for f in in_sent:
                last = runs[-1][-1] if runs else None
                if last is not None and last._.figure.metric == f._.figure.metric and f.start - last.end <= 3:
                    runs[-1].append(f)
                else:
                    runs.append([f])
            for group in runs:
                near = min(abs(group[0].start - r_end), abs(r_start - group[-1].end))
                if len(group) < 2 or near > 6:
                    continue
                own = [f._.figure.committees for f in group]
                if all(len(c) == 1 and c[0] is not None for c in own) and len({c[0].place for c in own}) == len(group):
                    continue  # each already has its own committee ("X (87) and Y (131)")
                named: list[Mention] = []
                for back in (0, 1):  # named committees of this sentence, else also the one before
                    named = []
                    for m in mentions:
                        mm = m._.mention
                        if 0 <= s - lay.sent[m.start] <= back and m.end <= group[0].start and mm.named:
                            named = [x for x in named if x.place != mm.place] + [mm]
                    if len(named) >= len(group):
                        break
                if len(named) >= len(group):
                    for f, mm in zip(group, named[-len(group):]):
                        f._.figure.committees = [mm]

    @staticmethod
    def _previous_figure(span: Span, figures: list[Span], lay: _Layout) -> Span | None:
        """The last figure of the same unit in this sentence or the one before (list items on their
        own lines)."""
        unit = "percent" if span.label_ == "percent" else "members"
        for f in reversed(figures):
            if lay.sent[span.start] - lay.sent[f.start] > 1:
                break
            if f._.figure.unit == unit:
                return f
        return None

    @staticmethod
    def _largest(figures: list[Span], span: Span, lay: _Layout) -> float:
        """The largest count in this sentence or the one before: the whole a category list divides."""
        near = [f._.figure.value for f in figures if f._.figure.unit == "members"
                and 0 <= lay.sent[span.start] - lay.sent[f.start] <= 1]
        return max(near, default=0)

    @staticmethod
    def _plausible(kind: str, value) -> bool:
        """A value at all, and for a count a whole positive one."""
        return value is not None and (kind != "number" or (value > 0 and float(value) == int(value)))

    @staticmethod
    def _value_ok(rule: Rule, value) -> bool:
        if not FigureRules._plausible(rule.kind, value):
            return False
        if rule.min_value is not None and value < rule.min_value:
            return False
        if rule.max_value is not None and value > rule.max_value:
            return False
        return True

    def _parent(self, span: Span, figures: list[Span], lay: _Layout, cues: _Cues) -> int | None:
        """The admitted total this number breaks down, if it stands in a breakdown."""
        s = lay.sent[span.start]
        prev_lo = lay.sent_bounds[max(s - 1, 0)][0]
        para = lay.para[span.start]
        for k in range(len(figures) - 1, -1, -1):
            f = figures[k]
            if f.start < prev_lo and lay.para[f.start] != para:
                break  # the total is in this sentence, the one before, or earlier in the paragraph
            info: FigureInfo = f._.figure
            if info.parent is not None:
                continue
            if info.metric != "admitted":
                continue
            # a BREAKDOWN cue between the total and this number
            if cues.any_in(("BREAKDOWN",), f.end, span.start):
                return k
        return None


@Language.factory("extractor_figures", default_config={"lang": ""})
def make_figure_rules(nlp: Language, name: str, lang: str) -> FigureRules:
    return FigureRules(lang or nlp.lang)
