"""Meetings: encounters the text reports as having happened.

Cues: the verb "meet" (met, meets), "held talks/a meeting/discussions with",
"talks between A and B", "A's meeting with B", "a meeting between A and B",
"called on X" (a courtesy call, when no "to ..." follows; that is an appeal) and
"hosted X". Each partner in a list is one meeting ("met diplomats from China,
Russia, the EU and the OIC" gives four). Planned meetings ("will meet", "is expected
to hold talks", "ahead of a meeting") are not meetings.
"""

from __future__ import annotations

from typing import Final

from diplograph.extract._clauses import SentenceView
from diplograph.extract._coref import Mention
from diplograph.extract._cues import PLANNED_MARKERS
from diplograph.extract._pipeline import lemma

__all__ = ["MEETING_WORDS", "find_meetings"]

_MEETING_NOUNS: Final = frozenset(
    {"meeting", "talks", "talk", "discussions", "consultations", "meetings", "summit", "dialogue"}
)
# Surface forms that can start a meeting cue (checked before any other work).
_CANDIDATES: Final = frozenset(
    {
        "met",
        "meets",
        "meet",
        "meeting",
        "meetings",
        "talks",
        "talk",
        "discussions",
        "consultations",
        "summit",
        "dialogue",
        "called",
        "calls",
        "calling",
        "hosted",
        "hosts",
        "hosting",
        "received",
        "receives",
        "receiving",
        "summoned",
        "summons",
        "summoning",
    }
)
_HOLD: Final = frozenset({"hold", "have", "conduct"})
MEETING_WORDS: Final = _CANDIDATES
"""A sentence without one of these words (lower case) reports no meeting."""


def _planned(view: SentenceView, c: int) -> bool:
    """Planned or negated: "will meet", "is expected to hold talks", "did not meet"."""
    doc = view.doc
    if any(
        doc.lowers[k] in {"not", "never", "no", "n't", "without"}
        for k in range(max(view.start, c - 4), c)
    ):
        return True
    for k in range(max(view.start, c - 4), c):
        text = doc.lowers[k]
        if text in PLANNED_MARKERS or lemma(text) in {"plan", "schedule", "expect"}:
            # "to" only marks a plan when it is an infinitive marker right before the cue
            if text == "to" and k != c - 1:
                continue
            return True
    return False


def _mediators(view: SentenceView, c: int, limit: int) -> tuple[str, ...]:
    """ "mediated by Turkey's foreign minister": a third participant."""
    doc = view.doc
    for k in range(c + 1, limit - 1):
        if doc.lowers[k] == "by" and lemma(doc.lowers[k - 1]) in {
            "mediate",
            "host",
            "broker",
            "chair",
            "facilitate",
        }:
            found, _ = view.list_right(k + 1, limit, max_fillers=1)
            return tuple(m.iri for m in found)
    return ()


def _pairs(view: SentenceView, left: list[Mention], right: list[Mention]) -> list[tuple[str, str]]:
    out = []
    for a in left:
        for b in right:
            if view.level(a.iri) != view.level(b.iri):
                out.append((a.iri, b.iri))
    return out


def find_meetings(view: SentenceView) -> list[tuple[str, ...]]:
    """Participant tuples of the meetings this sentence reports (``view.cues`` must hold
    the sentence's :data:`MEETING_WORDS`)."""
    doc = view.doc
    found: list[tuple[str, ...]] = []
    lowers = doc.lowers
    for c in view.cues:
        low = lowers[c]
        if low not in _CANDIDATES:
            continue
        lem = lemma(low)
        limit = view.clause_end(c)
        left: list[Mention]
        if lem == "meet" and low in {"met", "meets", "meet"}:
            if low == "meet" and not (c > view.start and doc.lowers[c - 1] in {"they", "we"}):
                continue
            if _planned(view, c):
                continue
            left = view.subject_of(c)
            k = c + 1
            while k < limit and (
                doc.lowers[k]
                in {
                    "separately",
                    "again",
                    "also",
                    "jointly",
                    "later",
                    "briefly",
                    "privately",
                    "formally",
                }
            ):
                k += 1
            if k < limit and doc.lowers[k] in {"with", "up"}:
                k += 1
                if k < limit and doc.lowers[k] == "with":
                    k += 1
            right, _ = view.list_right(k, limit)
            if right:
                found.extend(_pairs(view, left, right))
            elif len(left) >= 2:
                found.append(tuple(m.iri for m in left))
        elif low in _MEETING_NOUNS:
            if _planned(view, c):
                continue
            k = c + 1
            if k < limit and doc.lowers[k] == "between":
                both, _ = view.list_right(k + 1, limit, max_fillers=2)
                if len(both) >= 2:
                    found.append(tuple(m.iri for m in both))
                continue
            # "held talks [on the sidelines of the council] with envoys from ..."
            w = next((j for j in range(k, min(limit, k + 9)) if doc.lowers[j] == "with"), None)
            if w is None:
                # "X and Y held [two rounds of] talks [, mediated by Z]"
                h = next(
                    (
                        j
                        for j in range(c - 1, max(view.start, c - 5) - 1, -1)
                        if lemma(doc.lowers[j]) in _HOLD
                    ),
                    None,
                )
                if h is not None and all(
                    doc.texts[j].islower() or doc[j].like_num for j in range(h + 1, c)
                ):
                    group = view.subject_of(h)
                    if len(group) >= 2 and not _planned(view, h):
                        found.append(tuple(m.iri for m in group) + _mediators(view, c, limit))
                continue
            right, right_end = view.list_right(w + 1, limit)
            if not right:
                continue
            # "A's meeting with B" or "A held a meeting with B"
            j = c - 1
            while (
                j >= view.start
                and doc.texts[j].isalpha()
                and doc.texts[j].islower()
                and lemma(doc.lowers[j]) not in _HOLD
            ):
                j -= 1
            left = []
            if j >= view.start and doc.texts[j] in {"’s", "'s"}:
                m = view.eligible_at(j - 1)
                left = [m] if m is not None else []
            elif j >= view.start and lemma(doc.lowers[j]) in _HOLD:
                if _planned(view, j):
                    continue
                left = view.subject_of(j)
            elif j >= view.start and view.eligible_at(j) is not None:
                m = view.eligible_at(j)
                left = [m] if m is not None else []
            elif j >= view.start and doc.lowers[j] in {"at", "during", "in", "after"}:
                # "At a meeting with X, Y raised ..." -> Y
                after = [m for m in view.mentions if m.start >= right_end and view.eligible(m)]
                left = after[:1]
            found.extend(_pairs(view, left, right))
        elif (
            lem == "call"
            and low != "call"
            and c + 1 < limit
            and doc.lowers[c + 1] in {"on", "upon"}
        ):
            right, k = view.list_right(c + 2, limit, max_fillers=2)
            if not right or (k < limit and doc.lowers[k] == "to") or _planned(view, c):
                continue
            found.extend(_pairs(view, view.subject_of(c), right))
        elif lem in {"host", "receive", "summon"} and low not in {"host", "receive", "summon"}:
            right, _ = view.list_right(c + 1, limit, max_fillers=4)
            if right and not _planned(view, c):
                found.extend(_pairs(view, view.subject_of(c), right))
    return list(dict.fromkeys(found)) if found else found
