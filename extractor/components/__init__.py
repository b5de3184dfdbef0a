"""spaCy components of the extraction pipeline.

Each component reads the language's data (``extractor.langdata``) once, when the pipeline is built,
and writes its findings into ``doc.spans[...]`` groups:

=================  ===============  ==================================================
component          span group       what each span carries
=================  ===============  ==================================================
extractor_numbers  ``numbers``      ``span._.num_value``; label = kind (number, percent,
                                    ordinal, year, date, range, label, ...); ``span._.num_of``
                                    = M of an "N/M" pair ("96/110 of the target")
extractor_sents    (sentences)      sentence starts, aware of number spans and newlines
extractor_cues     ``cues``         label = cue class (MEMBER, ADMIT, TARGET, ...)
                   ``categories``   label = category ("students", ...)
                   ``table_heads``  header rows of tables (their cells name the columns)
extractor_mentions ``mentions``     ``span._.mention`` (level, place, antecedent, rule id)
extractor_periods  ``periods``      ``span._.period`` (kind, n, year, date text, rule id)
extractor_figures  ``figures``      ``span._.figure`` (metric, value, committees, ...)
=================  ===============  ==================================================
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token


def register_extensions() -> None:
    """Declare the custom attributes the components write (idempotent)."""
    for name in ("num_value", "num_of", "mention", "period", "figure"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Token.has_extension("num_kind"):  # declared for the pattern notation {"_": {"num_kind": ...}};
        Token.set_extension("num_kind", default="")  # tokenmatch reads the kind from the number spans
    if not Doc.has_extension("lang_code"):
        Doc.set_extension("lang_code", default="")


def tokenizer_of(nlp: Language) -> Callable[[str], list[str]]:
    """The token texts the pipeline's own tokenizer makes of a phrase (for compiling patterns)."""
    return lambda text: [t.text for t in nlp.make_doc(text)]
