"""Tables in the text: which header cell stands above each data cell.

trafilatura writes a table as lines of cells between pipes, the header row first and a rule of
dashes under it::

    | Unit | New members | Against the plan |
    |---|---|---|
    | Bac Ninh city | 312 | 92.9% |

``header_rows`` finds the header rows (the cue component reads their words); ``header_cues``
gives, for each token of a data cell, the cue classes found in its column's header cell, which the
figure rules map to a metric (``columns`` in ``rules.json``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from ..tokenmatch import doc_text

_RULE = re.compile(r"^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$")  # |---|:--:|---|
#: pseudo cue label of a header cell with a percent sign ("Đạt (%)"): its cells are percentages,
#: with or without a sign of their own
PERCENT_COLUMN = "%"
_PERCENT_SIGNS = ("%", "\uff05", "\u066a")  # %, full-width ％, Arabic ٪


def _first_text(sent: Span) -> str:
    for tok in sent:
        if not tok.is_space:
            return tok.text
    return ""


def header_rows(sents: list[Span]) -> list[Span]:
    """The sentences that are the header row of a table (a row of cells over a rule of dashes)."""
    return [s for s, nxt in zip(sents, sents[1:])
            if _first_text(s).startswith("|") and _first_text(nxt).startswith("|")
            and "\n" not in s.text.strip() and _RULE.match(nxt.text)]


def _cell_bounds(start: int, line: str) -> list[tuple[int, int]]:
    """Character ranges of the cells of a table line (between consecutive pipes)."""
    pipes = [start + k for k, ch in enumerate(line) if ch == "|"]
    return [(a + 1, b) for a, b in zip(pipes, pipes[1:])]


def header_cues(doc: Doc, heads: Iterable[Span], cues: Iterable[Span]) -> dict[int, frozenset[str]]:
    """Token index -> cue labels of the header cell above it, for the tokens in the data rows under
    each header row in ``heads`` (columns whose header cell has no cue are left out)."""
    heads = list(heads)
    if not heads:
        return {}
    text = doc_text(doc)
    cue_list = sorted((doc[c.start].idx, c.label_) for c in cues)
    cue_pos = [p for p, _ in cue_list]
    tok_pos = doc.to_array(IDX).tolist()  # no Token objects
    out: dict[int, frozenset[str]] = {}
    for head in heads:
        h_start = text.rfind("\n", 0, doc[head.start].idx) + 1
        h_end = text.find("\n", h_start)
        h_end = len(text) if h_end < 0 else h_end
        labels = [frozenset(lab for _, lab in cue_list[bisect_right(cue_pos, a - 1):bisect_right(cue_pos, b - 1)])
                  | ({PERCENT_COLUMN} if any(sign in text[a:b] for sign in _PERCENT_SIGNS) else set())
                  for a, b in _cell_bounds(h_start, text[h_start:h_end])]
        pos = text.find("\n", h_end + 1)  # skip the rule of dashes
        while 0 <= pos < len(text) - 1:
            r_start, r_end = pos + 1, text.find("\n", pos + 1)
            r_end = len(text) if r_end < 0 else r_end
            line = text[r_start:r_end]
            if not line.lstrip().startswith("|"):
                break
            for col, (a, b) in enumerate(_cell_bounds(r_start, line)):
                if col < len(labels) and labels[col]:
                    for i in range(bisect_right(tok_pos, a - 1), bisect_right(tok_pos, b - 1)):
                        out[i] = labels[col]
            pos = r_end
    return out
