"""A plain-Python copy of a spaCy ``Doc``'s token attributes, read once per article.

The rules look at each token many times; reading ``doc[i].lower_`` from spaCy builds
a new Token object each time, which made attribute access the dominant cost. The
sentence splitter leaves the token texts, spaces and offsets as Python lists; the
rules index those columns (``doc.lowers[i]``, ``doc.texts[i]``) and build a
:class:`Tok` only for the rare token they look at as a whole.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise
from typing import Final, NamedTuple

from spacy.tokens import Doc

MONTHS: Final = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August"}
    | {"September", "October", "November", "December"}
)
"""English month names, capitalised as in running text."""
MONTH_ABBREVIATIONS: Final = frozenset(
    {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"}
)
WEEKDAYS: Final = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)

__all__ = ["TOKEN_TABLE", "Piece", "Sent", "Tok", "Toks"]

TOKEN_TABLE = "diplograph.tokens"
"""``doc.user_data`` key where the sentence splitter leaves its columns: token texts,
spaces, sentence starts and character offsets."""


class _LowerCase(dict[str, str]):
    """Word -> its lower case, each computed once: the look-up is cheaper than
    ``str.lower``, and the same string object comes back each time, with its hash
    already computed for the many set look-ups the rules make."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 200_000:
            self.clear()  # bound the memory on a corpus with a very large vocabulary
        low = self[word] = word.lower()
        return low


_LOWER = _LowerCase()


class Tok(NamedTuple):
    """The attributes of one token the rules use (the rarer ones computed on demand).

    A named tuple: cheap to build from the columns of :class:`Toks`.
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
        toks = self._toks
        last = self.end - 1
        return toks.text[toks.idxs[self.start] : toks.idxs[last] + len(toks.texts[last])]

    def __iter__(self) -> Iterator[Tok]:
        return map(self._toks.__getitem__, range(self.start, self.end))

    def __getitem__(self, i: int) -> Tok:
        return self._toks[range(self.start, self.end)[i]]

    def __len__(self) -> int:
        return self.end - self.start


Sent = Piece
"""A sentence is a piece of the article."""


class Toks:
    """The token columns and sentences of a parsed article; ``toks[i]`` is a :class:`Tok`."""

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
        self.texts: list[str] = texts
        self.lowers: list[str] = list(map(_LOWER.__getitem__, texts))
        self.spaces: list[str] = spaces
        self.idxs: list[int] = starts
        bounds = list(bounds) or ([0] if n else [])
        if bounds and bounds[0] != 0:
            bounds.insert(0, 0)
        bounds.append(n)
        self.text = text
        self.sents: list[Sent] = [Piece(self, a, b) for a, b in pairwise(bounds)]
        self._bounds = bounds

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Tok:
        if i < 0:
            i += len(self.texts)
        return Tok(i, self.texts[i], self.lowers[i], self.spaces[i], self.idxs[i])

    def text_of(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)`` (as ``span(start, end).text``)."""
        texts = self.texts
        if start < 0:
            start = 0
        if end > len(texts):
            end = len(texts)
        if end <= start:
            return ""
        return self.text[self.idxs[start] : self.idxs[end - 1] + len(texts[end - 1])]

    def span(self, start: int, end: int) -> Piece:
        """Tokens ``[start, end)``."""
        return Piece(self, max(0, start), min(end, len(self)))

    def sent_of(self, i: int) -> Sent:
        """The sentence holding token ``i``."""
        return self.sents[bisect_right(self._bounds, i) - 1]
