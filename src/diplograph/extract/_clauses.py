"""Sentence-level helpers shared by meeting and claim rules: subjects, lists, clause ends."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Set
from itertools import compress
from typing import Final

from diplograph.extract._coref import Mention
from diplograph.extract._tokens import Sent, Toks
from diplograph.model import Actor

__all__ = ["SentenceView", "eligible", "represented"]

PREPOSITIONS: Final = frozenset(
    {
        "of",
        "in",
        "with",
        "to",
        "against",
        "about",
        "on",
        "from",
        "by",
        "between",
        "for",
        "over",
        "at",
        "into",
        "toward",
        "towards",
        "across",
        "within",
        "amid",
        "than",
        "including",
        "like",
        "as",
        "under",
        "among",
        "via",
        "through",
        "upon",
        "such",
    }
)
_SUBJECT_SKIP: Final = frozenset(
    {
        "has",
        "have",
        "had",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "being",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "also",
        "not",
        "n't",
        "never",
        "again",
        "further",
        "both",
        "all",
        "jointly",
        "officials",
        "diplomats",
        "leaders",
        "authorities",
        "government",
        "governments",
        "delegation",
        "delegations",
        "ministry",
        "forces",
        "did",
        "does",
        "do",
        "recently",
        "once",
        "later",
        "earlier",
        "then",
        "today",
        "yesterday",
        "’s",
        "'s",
        "’",
        "'",
        "who",
        "themselves",
        "himself",
        "herself",
        "itself",
        "representatives",
        "envoys",
        "counterparts",
        "side",
        "administration",
        "officially",
        "military",
        "army",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "office",
        "embassy",
        "foreign",
        "president",
        "minister",
        "alone",
        "too",
        "swiftly",
        "quickly",
    }
)
_LIST_FILLERS: Final = frozenset(
    {
        "diplomats",
        "officials",
        "representatives",
        "leaders",
        "delegates",
        "delegation",
        "delegations",
        "counterpart",
        "counterparts",
        "envoys",
        "ministers",
        "members",
        "the",
        "his",
        "her",
        "their",
        "its",
        "from",
        "of",
        "senior",
        "top",
        "visiting",
        "a",
        "an",
        "high-level",
        "both",
        "foreign",
        "with",
        "heads",
        "head",
        "state",
        "government",
        "governments",
        "and",
        "leadership",
        "ambassadors",
        "authorities",
        "-",
    }
)
_LIST_SEPARATORS: Final = frozenset({",", "and", "the", "as", "well", "others", "other", "("})
CLAUSE_BREAKS: Final = frozenset(
    {
        ";",
        "while",
        "whereas",
        "although",
        "though",
        "but",
        "however",
        "which",
        "meanwhile",
        "—",
        ":",
    }
)
_HARD_BREAKS: Final = frozenset({";", "—"})
_BREAK_PUNCT: Final = frozenset({",", ";", "—", ":"})
# A place named after these is where something happens, not who it is about.
_LOCATIVE: Final = frozenset({"in", "at", "inside", "within", "across"})
_NON_ACTOR_TYPES: Final = frozenset({"Region"})


def eligible(m: Mention, actors: dict[str, Actor]) -> bool:
    """Can this mention be a claimant, target or participant?"""
    if m.kind in ("modifier", "region"):
        return False
    actor = actors.get(m.iri)
    return actor is None or actor.type not in _NON_ACTOR_TYPES


def represented(actors: dict[str, Actor]) -> dict[str, str]:
    """Actor IRI -> the IRI of what it represents, for the actors that represent one
    (what :meth:`SentenceView.level` looks up; built once per article)."""
    return {iri: a.represents for iri, a in actors.items() if a.represents}


class SentenceView:
    """One sentence with its mentions, and the actor-level view of each mention.

    ``cues`` are the positions (in the doc) of the sentence's tokens whose lower-case
    text is a cue word (found by one scan of the whole article, so the meeting and
    claim rules visit those tokens instead of scanning the sentence again); without
    it the sentence is scanned for ``cue_words``.
    """

    def __init__(
        self,
        doc: Toks,
        sent: Sent,
        mentions: list[Mention],
        actors: dict[str, Actor],
        cues: list[int] | None = None,
        cue_words: Set[str] = frozenset(),
        levels: dict[str, str] | None = None,
    ):
        self.doc = doc
        self.sent = sent
        self.actors = actors
        self.mentions = mentions
        # actor -> what it represents, for the actors that represent another
        self._levels = levels if levels is not None else represented(actors)
        self.at: dict[int, Mention] = {}
        # token -> its mention when that can be a claimant, target or participant
        self.elig: dict[int, Mention] = {}
        self.has_regions = False
        for m in mentions:
            # (``eligible`` inlined: this runs for every mention of every sentence)
            kind = m.kind
            if kind == "region":
                self.has_regions = True
            ok = kind != "modifier" and kind != "region"
            if ok:
                actor = actors.get(m.iri)
                ok = actor is None or actor.type not in _NON_ACTOR_TYPES
            for k in range(m.start, m.end):
                self.at[k] = m
                if ok:
                    self.elig[k] = m
                else:
                    self.elig.pop(k, None)
        self._elig_keys: list[int] | None = None
        self.start = sent.start
        self.end = sent.end
        self._clause_end: dict[int, int] = {}
        self.lowers = doc.lowers[sent.start : sent.end]
        self.cues: list[int] = (
            cues
            if cues is not None
            else [
                self.start + o
                for o in compress(range(len(self.lowers)), map(cue_words.__contains__, self.lowers))
            ]
        )
        self._breaks: list[int] | None = None

    def eligible(self, m: Mention) -> bool:
        """Can this mention be a claimant, target or participant?"""
        return eligible(m, self.actors)

    def level(self, iri: str) -> str:
        """The actor-level IRI: a person is replaced by what it represents."""
        return self._levels.get(iri, iri)

    def eligible_at(self, k: int) -> Mention | None:
        return self.elig.get(k)

    # -- lists ---------------------------------------------------------------------------
    def list_left(self, m: Mention) -> list[Mention]:
        """``m`` and the mentions joined to it on the left by "and" (and commas before it:
        "France, Germany and the United Kingdom")."""
        found = [m]
        k = m.start - 1
        seen_and = False
        while k >= self.start:
            text = self.doc.lowers[k]
            if text == "," and not seen_and:
                break
            if text in {",", "and", "the", "both", "(", ")"}:
                seen_and = seen_and or text == "and"
                k -= 1
                continue
            other = self.eligible_at(k)
            if other is None or other in found:
                break
            found.insert(0, other)
            k = other.start - 1
        return found

    def list_right(self, k: int, limit: int, max_fillers: int = 4) -> tuple[list[Mention], int]:
        """Mentions listed from token ``k`` ("diplomats from China, Russia and the EU")."""
        found: list[Mention] = []
        fillers = 0
        last_end = k
        while k < limit:
            m = self.eligible_at(k)
            if m is not None:
                if m not in found:
                    found.append(m)
                k = m.end
                last_end = k
                fillers = 0
                continue
            text = self.doc.lowers[k]
            if found and text in _LIST_SEPARATORS:
                k += 1
                continue
            if found and text == ")":
                k += 1
                continue
            if text in _LIST_FILLERS and fillers < max_fillers:
                fillers += 1
                k += 1
                continue
            if found and self.doc.texts[k - 1] == "(":
                # "(OIC)" after a name already listed
                k += 1
                continue
            break
        return found, (last_end if found else k)

    # -- subjects ------------------------------------------------------------------------
    def subject_like(self, m: Mention) -> bool:
        """Not the object of a preposition (looking back over a list it belongs to)."""
        k = m.start - 1
        while k >= self.start:
            text = self.doc.lowers[k]
            if text in {",", "and", "the", "both", "(", ")", "“", '"'}:
                k -= 1
                continue
            other = self.at.get(k)
            if other is not None:
                k = other.start - 1
                continue
            return text not in PREPOSITIONS
        return True

    def subject_of(self, c: int, *, stop: int | None = None) -> list[Mention]:
        """The subject of the word at ``c``: the mentions right before it, else the nearest
        subject-like mention to its left."""
        floor = self.start if stop is None else stop
        k = c - 1
        lowers = self.doc.lowers
        elig = self.elig
        while k >= floor:
            low = lowers[k]
            m = elig.get(k)
            if m is not None:
                before = m.start - 1
                if before > floor and lowers[before] in _LOCATIVE:
                    # "The Chinese embassy in Canberra rejected": look past the place
                    k = before - 1
                    continue
                return self.list_left(m)
            if low in _SUBJECT_SKIP or (low.endswith("ly") and self.doc.texts[k].isalpha()):
                k -= 1
                continue
            if low in {"which", "who"} and k - 1 >= floor and self.doc.texts[k - 1] == ",":
                # "..., Amnesty International, which accused ...": the antecedent
                m = self.eligible_at(k - 2)
                if m is not None:
                    return [m]
            break
        clause = floor
        if CLAUSE_BREAKS.isdisjoint(self.lowers[floor - self.start : c - self.start]):
            floor_scan = c  # no clause break before the word: nothing to scan
        else:
            floor_scan = floor
        for j in range(c - 1, floor_scan - 1, -1):
            if (
                self.doc.lowers[j] in CLAUSE_BREAKS
                and j > self.start
                and self.doc.texts[j - 1] in {",", ";", ":", "—"}
            ) or self.doc.texts[j] == ";":
                clause = j
                break
        for lo in (clause, floor):
            for m in self.mentions:
                if m.end > c or m.start < lo:
                    continue
                if self.eligible(m) and self.subject_like(m):
                    group = self.list_left(m)
                    k = m.end
                    while k + 1 < c and self.doc.lowers[k] == "and":
                        nxt = self.eligible_at(k + 1) or (
                            self.eligible_at(k + 2) if self.doc.lowers[k + 1] == "the" else None
                        )
                        if nxt is None:
                            break
                        group.append(nxt)
                        k = nxt.end
                    return group
        return []

    def clause_end(self, c: int) -> int:
        """The first clause break after ``c`` (";", ", while", ", but"), else the sentence end."""
        cached = self._clause_end.get(c)
        if cached is None:
            cached = self._clause_end[c] = self._find_clause_end(c)
        return cached

    def _find_clause_end(self, c: int) -> int:
        if self._breaks is None:
            texts = self.doc.texts
            lowers = self.lowers
            start = self.start
            # (the scan for break words runs in C; Python looks at the few found)
            self._breaks = [
                start + o
                for o in compress(range(len(lowers)), map(CLAUSE_BREAKS.__contains__, lowers))
                if o and (lowers[o] in _HARD_BREAKS or texts[start + o - 1] in _BREAK_PUNCT)
            ]
        at = bisect_right(self._breaks, c)
        return self._breaks[at] if at < len(self._breaks) else self.end

    def first_after(self, c: int, limit: int, exclude: set[str]) -> list[Mention]:
        """The first eligible mention (with its list) after ``c`` whose actor is not excluded."""
        keys = self._elig_keys
        if keys is None:
            keys = self._elig_keys = sorted(self.elig)
        k = c + 1
        while k < limit:
            # jump to the next token with an eligible mention
            at = bisect_left(keys, k)
            if at == len(keys) or keys[at] >= limit:
                break
            k = keys[at]
            m = self.elig[k]
            if self.level(m.iri) not in exclude and not (
                m.start > 0 and self.doc.lowers[m.start - 1] in _LOCATIVE
            ):
                found, _ = self.list_right(m.start, limit, max_fillers=0)
                return [x for x in found if self.level(x.iri) not in exclude]
            k = m.end
        return []

    def regions_between(self, a: int, b: int) -> list[str]:
        return list(
            dict.fromkeys(m.iri for m in self.mentions if m.kind == "region" and a <= m.start < b)
        )
