"""The shared spaCy pipeline: blank English, a quote-aware sentence splitter, lookup lemmas.

Built once per process (:func:`nlp`); nothing is downloaded. A trained pipeline is
never required. The sentence splitter differs from spaCy's ``sentencizer`` in two
ways that matter for evidence: a line break always ends a sentence (headlines and
datelines stay apart from the text), and a quotation opened and closed on one line
is never split, so ``“... They risk ...,” warned X.`` is one sentence.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["lemma", "nlp"]

_TERMINAL = frozenset({".", "!", "?", "…", "...", "?!"})
_CLOSERS = frozenset({"”", "’", '"', ")", "»", "'"})
_OPEN_CURLY = "“"
_CLOSE_CURLY = "”"


@Language.component("diplograph_senter")
def _senter(doc: Doc) -> Doc:
    """Set sentence starts: line breaks, terminal punctuation, never inside a one-line quote."""
    n = len(doc)
    inside_quote = [False] * n
    # Mark tokens inside a curly quotation that closes on the same line.
    i = 0
    while i < n:
        if doc[i].text == _OPEN_CURLY:
            j = i + 1
            while j < n and doc[j].text != _CLOSE_CURLY and "\n" not in doc[j].text:
                j += 1
            if j < n and doc[j].text == _CLOSE_CURLY:
                for k in range(i + 1, j + 1):
                    inside_quote[k] = True
                i = j
        i += 1
    prev_real = -1  # index of the previous non-space token
    newline_since = False
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            if not tok.is_space:
                prev_real = 0
            continue
        if tok.is_space:
            tok.is_sent_start = False
            if "\n" in tok.text:
                newline_since = True
            continue
        start = False
        if newline_since or "\n" in doc[i - 1].whitespace_:
            start = True
        elif prev_real >= 0 and not inside_quote[i]:
            p = doc[prev_real]
            first = tok.text[0]
            opens = first.isupper() or first.isdigit() or tok.text in {_OPEN_CURLY, "‘", "("}
            if tok.text == '"':
                opens = tok.whitespace_ == "" and i + 1 < n
            if (p.text in _TERMINAL and opens) or (
                p.text in _CLOSERS
                and prev_real > 0
                and doc[prev_real - 1].text in _TERMINAL
                and opens
            ):
                start = True
        tok.is_sent_start = start
        newline_since = False
        prev_real = i
    return doc


@cache
def nlp() -> Language:
    """The process-wide pipeline: ``spacy.blank("en")`` + sentence splitter + lookup lemmatizer."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("diplograph_senter")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


@cache
def lemma(word: str) -> str:
    """Lower-case lookup lemma of ``word`` (also for capitalised words the table misses).

    >>> lemma("Denied")
    'deny'
    """
    low = word.lower()
    lemmatizer: Any = nlp().get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_lookup")
    return str(table.get(low, low))
