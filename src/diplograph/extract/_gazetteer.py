"""The actor gazetteer: reference actors' labels, aliases, codes, demonyms and capitals.

One spaCy ``PhraseMatcher`` over token text (case-sensitive, so the acronym "UN" does
not match the word "un"), built once per set of actors. A leading "the" in an alias
is dropped from the pattern, so "the European Union" and "European Union" both
match. Overlaps resolve to the longest match ("UN Security Council" beats "UN").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from diplograph.extract._pipeline import nlp
from diplograph.model import Actor

__all__ = [
    "Gazetteer",
    "GazetteerMatch",
    "default_gazetteer",
    "load_reference_actors",
    "longest_first",
]

# Aliases too ambiguous to match on their own (ordinary capitalised words).
_SKIP_ALIASES = frozenset({"the Council", "Council", "the Fund", "Fund", "the Union", "Union"})


class GazetteerMatch(NamedTuple):
    """Tokens ``[start, end)`` of a doc name the reference actor ``actor``."""

    start: int
    end: int
    actor: Actor


# Seats of government named for their state (added to the reference actors' aliases).
_GOVERNMENT_BODIES: dict[str, tuple[str, ...]] = {
    "USA": ("State Department", "Department of State", "Pentagon", "White House"),
    "RUS": ("Kremlin",),
    "GBR": ("Foreign Office", "Downing Street", "Whitehall"),
    "FRA": ("Elysee", "Élysée", "Quai d'Orsay"),
    "KOR": ("Blue House",),
    "IND": ("South Block",),
}


class Gazetteer:
    """Find reference actors in a doc.

    >>> from diplograph.model import Actor
    >>> g = Gazetteer([Actor("x:PAK", "Pakistan", "State", aliases=("Pakistani",))])
    >>> from diplograph.extract._pipeline import nlp
    >>> [m.actor.label for m in g(nlp()("Pakistani officials met."))]
    ['Pakistan']
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {}
        self._matcher = PhraseMatcher(nlp().vocab, attr="ORTH")
        self._by_key: dict[int, Actor] = {}
        self._surface: dict[str, Actor] = {}
        make_doc = nlp().make_doc
        for actor in actors:
            self.actors[actor.iri] = actor
            names = {actor.label, *actor.aliases}
            if actor.type == "State" and actor.code in _GOVERNMENT_BODIES:
                names.update(_GOVERNMENT_BODIES[actor.code])
            if actor.code and actor.type != "State":
                names.add(actor.code)
            patterns = []
            for name in sorted(names):
                if name in _SKIP_ALIASES:
                    continue
                bare = name[4:] if name.startswith(("the ", "The ")) else name
                if not bare.strip():
                    continue
                self._surface.setdefault(bare.casefold(), actor)
                self._surface.setdefault(name.casefold(), actor)
                patterns.append(make_doc(bare))
            if patterns:
                key = nlp().vocab.strings.add(actor.iri)
                self._by_key[key] = actor
                self._matcher.add(actor.iri, patterns)

    def __call__(self, doc: Doc) -> list[GazetteerMatch]:
        """Non-overlapping matches in document order, longest first on overlap."""
        by_key = self._by_key
        # tuple.__new__ builds the named tuple without its Python-level __new__
        # (a third of this method's time, for ~40 matches an article).
        return [
            tuple.__new__(GazetteerMatch, (s, e, by_key[k]))
            for k, s, e in longest_first(self._matcher(doc))
        ]

    def lookup(self, name: str) -> Actor | None:
        """The actor whose label or alias is ``name`` (case-insensitive, leading "the" optional)."""
        key = name.strip().casefold()
        found = self._surface.get(key)
        if found is None and key.startswith("the "):
            found = self._surface.get(key[4:])
        return found


_START = itemgetter(1)
_START_END = itemgetter(1, 2)


def longest_first(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Non-overlapping ``(key, start, end)`` matches, longer (then earlier) first, in text order.

    The same choice as ``spacy.util.filter_spans``, without building Span objects.
    """
    by_start = sorted(matches, key=_START_END)
    if all(a[2] <= b[1] for a, b in pairwise(by_start)):
        return by_start  # no overlaps: every match is kept
    taken: set[int] = set()
    kept = []
    # Longer, then earlier, first (the position in ``by_start`` keeps equal spans in
    # their order, as a stable sort would). A span overlaps one kept before it only if
    # its first or last token is taken, since every span kept before it is as long.
    ranked = sorted((m[1] - m[2], m[1], n) for n, m in enumerate(by_start))
    for _, _, n in ranked:
        key, start, end = by_start[n]
        if start not in taken and end - 1 not in taken:
            kept.append((key, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=_START)


def load_reference_actors(extra_files: Sequence[str] = ()) -> tuple[Actor, ...]:
    """The reference actors of :mod:`diplograph.ontology`."""
    from diplograph.ontology import reference_actors

    return tuple(reference_actors(extra_files=tuple(extra_files)))


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the packaged reference actors (built once per process)."""
    return Gazetteer(load_reference_actors())
