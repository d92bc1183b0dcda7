"""A plain-Python copy of a spaCy ``Doc``'s token attributes, read once per article.

The rules look at each token many times; reading ``doc[i].lower_`` builds a new
Token object each time, which made attribute access the dominant cost. Copying the
few attributes the rules need into slotted objects once keeps extraction linear and
cheap (see benchmarks/bench_extract.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import partial
from itertools import pairwise
from typing import NamedTuple

from spacy.tokens import Doc

__all__ = ["TOKEN_TABLE", "Piece", "Sent", "Tok", "Toks"]

TOKEN_TABLE = "diplograph.tokens"
"""``doc.user_data`` key where the sentence splitter leaves (texts, spaces, sentence starts)."""


class Tok(NamedTuple):
    """The attributes of one token the rules use (the rarer ones computed on demand).

    A named tuple: built in C from columns, with fast field access.
    """

    i: int
    text: str
    lower_: str
    whitespace_: str
    idx: int

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_lower(self) -> bool:
        return self.text.islower()

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

    @property
    def like_num(self) -> bool:
        return self.text.replace(",", "").replace(".", "").isdigit()


_new_tok = partial(tuple.__new__, Tok)  # Tok._make without its Python-level call


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


class Toks(list[Tok]):
    """The tokens (a list: ``toks[i]`` is fast) and sentences of a parsed article."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        text = doc.text if text is None else text
        table = doc.user_data.get(TOKEN_TABLE)
        if table is None:  # a doc not made by diplograph's pipeline
            table = (
                [t.text for t in doc],
                [t.whitespace_ for t in doc],
                [t.i for t in doc if t.is_sent_start],
                [t.idx for t in doc],
            )
        texts, spaces, bounds, starts = table
        n = len(texts)
        self.lowers: list[str] = [w.lower() for w in texts]
        """Lower-case token texts (rules test many tokens against word sets)."""
        self.texts: list[str] = texts
        rows = zip(range(n), texts, self.lowers, spaces, starts, strict=True)
        super().__init__(map(_new_tok, rows))
        bounds = list(bounds) or ([0] if n else [])
        if bounds and bounds[0] != 0:
            bounds.insert(0, 0)
        bounds.append(n)
        self.text = text
        self.toks: list[Tok] = self
        self.sents: list[Sent] = [Piece(self, a, b) for a, b in pairwise(bounds)]
        self._bounds = bounds

    def span(self, start: int, end: int) -> Piece:
        """Tokens ``[start, end)``."""
        return Piece(self, max(0, start), min(end, len(self)))

    def sent_of(self, i: int) -> Sent:
        """The sentence holding token ``i``."""
        return self.sents[bisect_right(self._bounds, i) - 1]
