"""The shared spaCy pipeline: blank English, a quote-aware sentence splitter, lookup lemmas.

Built once per process (:func:`nlp`); nothing is downloaded. A trained pipeline is
never required. Lemmas come from the lookup lemmatizer's table (spacy-lookups-data),
read through :func:`lemma`. The sentence splitter differs from spaCy's
``sentencizer`` in two ways that matter for evidence: a line break always ends a
sentence (headlines and datelines stay apart from the text), and a quotation opened
and closed on one line is never split, so ``“... They risk ...,” warned X.`` is one sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from itertools import compress
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from diplograph.extract._tokens import TOKEN_TABLE

__all__ = ["lemma", "nlp", "parse"]

_TERMINAL = frozenset({".", "!", "?", "…", "...", "?!"})
_CLOSERS = frozenset({"”", "’", '"', ")", "»", "'"})
_OPEN_CURLY = "“"
_ENDERS = _TERMINAL | _CLOSERS
_NOT_START = numpy.uint64(2**64 - 1)  # -1 as spaCy stores it: "not a sentence start"
_CLOSE_CURLY = "”"


class _Strings(dict[int, str]):
    """The vocab's strings by hash, each looked up once: a dict look-up costs a
    fraction of the ``StringStore``'s, which decodes a new string on every call."""

    def __init__(self, strings: Any) -> None:
        super().__init__()
        self._strings = strings

    def __missing__(self, key: int) -> str:
        if len(self) >= 200_000:
            self.clear()  # bound the memory on a corpus with a very large vocabulary
        value: str = self._strings[key]
        self[key] = value
        return value


class _MayEnd(dict[str, bool]):
    """Can a token with this text end a sentence (terminal punctuation, a closing
    quote or bracket, a line break)? Answered once per distinct text."""

    def __missing__(self, text: str) -> bool:
        value = text in _ENDERS or "\n" in text
        self[text] = value
        return value


_SPACES = ("", " ")
_may_end = _MayEnd()


@cache
def _strings(vocab: Any) -> _Strings:
    return _Strings(vocab.strings)


@Language.component("diplograph_senter")
def _senter(doc: Doc) -> Doc:
    """Set sentence starts: line breaks, terminal punctuation, never inside a one-line quote.

    Only the tokens that can end a sentence (terminal punctuation, closing quotes,
    line breaks) are visited, so the work in Python is proportional to the number of
    sentences, not of tokens. Leaves the token columns the rules read (texts, spaces,
    offsets) and the sentence starts in ``doc.user_data``.
    """
    n = len(doc)
    if n == 0:
        doc.user_data[TOKEN_TABLE] = ([], [], [], [])
        return doc
    # Token texts read from the doc's arrays: iterating the doc (or ``doc.text``) would
    # build a Token object per token, which cost as much as the splitting itself.
    cols = doc.to_array([ORTH, SPACY, IDX])
    texts: list[str] = list(map(_strings(doc.vocab).__getitem__, cols[:, 0].tolist()))
    spaces: list[str] = list(map(_SPACES.__getitem__, cols[:, 1].tolist()))
    starts_at: list[int] = cols[:, 2].tolist()
    ends = list(compress(range(n), map(_may_end.__getitem__, texts)))
    # Curly quotations that close on the same line, as (opening, closing) token pairs.
    quote_opens: list[int] = []
    quote_closes: list[int] = []
    if _OPEN_CURLY in texts:
        # Each opening quote looks up the first closing quote or line break after it.
        stops = sorted(
            [
                *(k for k in ends if "\n" in texts[k]),
                *compress(range(n), map(_CLOSE_CURLY.__eq__, texts)),
            ]
        )
        after = -1
        for i in compress(range(n), map(_OPEN_CURLY.__eq__, texts)):
            if i <= after:
                continue
            at = bisect_right(stops, i)
            if at < len(stops) and texts[stops[at]] == _CLOSE_CURLY:
                after = stops[at]
                quote_opens.append(i)
                quote_closes.append(after)
    found = {0}
    for p in ends:
        text = texts[p]
        i = p + 1
        newline = "\n" in text
        while i < n and texts[i].isspace():
            newline = newline or "\n" in texts[i]
            i += 1
        if i >= n:
            continue
        if newline and texts[p].isspace():
            found.add(i)
            continue
        if newline:
            continue
        q = bisect_right(quote_opens, i) - 1
        if q >= 0 and quote_opens[q] < i <= quote_closes[q]:
            continue  # inside a quotation
        if text in _TERMINAL or (text in _CLOSERS and p > 0 and texts[p - 1] in _TERMINAL):
            word = texts[i]
            first = word[0]
            opens = first.isupper() or first.isdigit() or word in {_OPEN_CURLY, "‘", "("}
            if word == '"':
                opens = spaces[i] == "" and i + 1 < n
            if opens:
                found.add(i)
    bounds = sorted(found)
    starts = numpy.full(n, _NOT_START, dtype=numpy.uint64)
    starts[bounds] = 1
    doc.from_array([SENT_START], starts)  # type: ignore[arg-type]
    doc.user_data[TOKEN_TABLE] = (texts, spaces, bounds, starts_at)
    return doc


@cache
def nlp() -> Language:
    """The process-wide pipeline: ``spacy.blank("en")`` + sentence splitter + lookup lemmatizer."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("diplograph_senter")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    # The rules look lemmas up lazily (and cached) through :func:`lemma`, for the few
    # words they test, instead of lemmatizing every token of every article.
    pipeline.disable_pipe("lemmatizer")
    return pipeline


class _CacheWarmer:
    """Fills the spaCy tokenizer's chunk cache, which spaCy 3.8 leaves mostly empty.

    The tokenizer caches the tokens of each whitespace-separated chunk, but once one
    chunk of a text hits a tokenizer exception ("—", "cannot", "Dr."), no later chunk
    of that text is cached: a flag is never reset (explosion/spaCy#13950, fix pending
    in #13951). Most chunks of a news article come after such a hit, so they were
    split into affixes afresh on every article. Tokenizing each chunk not seen before
    on its own lets spaCy cache it under its own rules; the tokens are the same as
    without the cache (an exception still marks its chunk uncacheable). Measured on the
    examples and the seed: 0.92 ms per already-seen article before, 0.17 ms after; an
    article full of unseen words costs about a quarter more, once.
    """

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        self._exceptions = frozenset(tokenizer.rules)
        # The cache stops growing at this size, so there is no use warming beyond it.
        self._limit: int = tokenizer.max_cache_size
        self._seen: set[str] = set()

    def __call__(self, text: str) -> None:
        if len(self._seen) >= self._limit:
            return
        chunks = text.split()
        if self._seen.issuperset(chunks):
            return  # (checked without building a set: half the cost for a seen text)
        new = set(chunks)
        new -= self._seen
        if not new:
            return
        self._seen |= new
        # Alphabetic chunks can hit an exception only by being one, so those that are
        # not go through in one call; any other chunk on its own, lest an exception in
        # it keeps the chunks after it out of the cache.
        exceptions = self._exceptions
        plain = [c for c in new if c.isalpha() and c not in exceptions]
        if plain:
            self._tokenizer(" ".join(plain))
        for chunk in new.difference(plain):
            self._tokenizer(chunk)


@cache
def _warmer() -> _CacheWarmer:
    return _CacheWarmer(nlp().tokenizer)


def parse(text: str) -> Doc:
    """``nlp()(text)``, with the tokenizer cache filled first for the chunks of ``text``
    it has not seen (see :class:`_CacheWarmer`); the doc is the same either way.

    >>> [t.text for t in parse("Dr. Mehra met Kabir.")]
    ['Dr.', 'Mehra', 'met', 'Kabir', '.']
    """
    _warmer()(text)
    # The sentence splitter is the pipeline's only enabled component: calling it
    # directly skips ``Language.__call__``'s bookkeeping.
    doc: Doc = _senter(nlp().make_doc(text))
    return doc


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


_IRREGULAR = (
    "said",
    "says",
    "told",
    "drew",
    "drawn",
    "met",
    "held",
    "spoke",
    "spoken",
    "sought",
    "made",
    "took",
    "gave",
    "threw",
    "thrown",
    "wrote",
    "written",
)


def inflections(lemmas: frozenset[str] | set[str]) -> frozenset[str]:
    """The word forms of ``lemmas`` that the lookup table maps back to them (lower case).

    Lets a rule test a token's surface form against a set instead of looking up the
    lemma of every token. Regular endings are generated and kept when the table
    agrees; a few irregular forms are checked the same way.
    """
    found: set[str] = set()
    for base in lemmas:
        stem = base[:-1]
        candidates = {
            base + "s",
            base + "es",
            base + "d",
            base + "ed",
            base + "ing",
            stem + "ies",
            stem + "ied",
            stem + "ing",
            stem + "ed",
            base + base[-1:] + "ed",
            base + base[-1:] + "ing",
            base + "ment",
            base + "ments",
        }
        found.update(form for form in candidates if lemma(form) == base)
    found.update(form for form in _IRREGULAR if lemma(form) in lemmas)
    return frozenset(found)
