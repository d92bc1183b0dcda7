"""A plain-Python copy of a spaCy ``Doc``'s token attributes, read once per article.

The rules look at each token many times; reading ``doc[i].lower_`` builds a new
Token object each time, which made attribute access the dominant cost. Copying the
few attributes the rules need into slotted objects once keeps extraction linear and
cheap (see benchmarks/bench_extract.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import overload

from spacy.tokens import Doc

__all__ = ["Piece", "Sent", "Tok", "Toks"]


class Tok:
    """The attributes of one token the rules use."""

    __slots__ = ("i", "idx", "is_alpha", "is_lower", "is_space", "like_num", "lower_", "text",
                 "whitespace_")

    def __init__(self, i: int, text: str, whitespace: str, idx: int) -> None:
        self.i = i
        self.text = text
        self.lower_ = text.lower()
        self.whitespace_ = whitespace
        self.idx = idx
        self.is_alpha = text.isalpha()
        self.is_lower = text.islower()
        self.is_space = text.isspace()
        self.like_num = text.replace(",", "").replace(".", "").isdigit()


class Piece:
    """Tokens ``[start, end)`` of a :class:`Toks`."""

    __slots__ = ("_toks", "end", "start")

    def __init__(self, toks: Toks, start: int, end: int) -> None:
        self._toks = toks
        self.start = start
        self.end = end

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        last = self._toks.toks[self.end - 1]
        return self._toks.text[self._toks.toks[self.start].idx : last.idx + len(last.text)]

    def __iter__(self) -> Iterator[Tok]:
        return iter(self._toks.toks[self.start : self.end])

    def __getitem__(self, i: int) -> Tok:
        return self._toks.toks[self.start : self.end][i]

    def __len__(self) -> int:
        return self.end - self.start


Sent = Piece
"""A sentence is a piece of the article."""


class Toks:
    """The tokens and sentences of a parsed article."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.toks = [Tok(t.i, t.text, t.whitespace_, t.idx) for t in doc]
        self.sents: list[Sent] = [Piece(self, s.start, s.end) for s in doc.sents]
        self._sent_of: list[int] = []
        for n, s in enumerate(self.sents):
            self._sent_of.extend([n] * (s.end - s.start))

    def __len__(self) -> int:
        return len(self.toks)

    @overload
    def __getitem__(self, key: int) -> Tok: ...

    @overload
    def __getitem__(self, key: slice) -> Piece: ...

    def __getitem__(self, key: int | slice) -> Tok | Piece:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.toks))
            return Piece(self, start, stop)
        return self.toks[key]

    def sent_of(self, i: int) -> Sent:
        """The sentence holding token ``i``."""
        return self.sents[self._sent_of[i]]
