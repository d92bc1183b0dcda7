"""Claims: who accused, denied, urged, pledged, warned, criticised, proposed, supported
or stated what, to whom.

Rules, per sentence:

- a cue verb (lemma in :data:`CLAIM_VERBS`) used as a verb; its claimant is its subject,
  or the agent after "by" in the passive ("was condemned by X");
- a cue noun with its owner: "Pakistan's criticism of India", "allegations by India
  against Pakistan", or the subject of a light verb ("issued a warning");
- "express/voice/raise concern(s)", "draw attention to" (criticism), "call on/for"
  (appeal), "remain open/ready/willing to" (commitment), "agreed to" (commitment);
- a quotation belongs to its speaker ("“...,” warned Iftikhar", "X said: “...”");
- "according to X, ..." makes X the claimant of the sentence (an accusation when it
  attributes something negative to another actor);
- verbs of saying give a ``statement`` only when nothing stronger is said.

The target is the first other actor after the cue in its clause (a list gives one
claim per target); "both nations/countries/sides" are the last two states named; a
target left open by "similar/these/such" concerns is the target of the previous claim;
a denial with no target answers the latest accusation against the denier.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from diplograph.extract._clauses import SentenceView
from diplograph.extract._coref import Mention
from diplograph.extract._cues import (
    AMBIGUOUS_VERBS,
    CLAIM_NOUNS,
    CLAIM_VERBS,
    CONCERN_VERBS,
    DENIAL_OBJECTS,
    NEGATIVE_WORDS,
    PROPOSAL_WORDS,
    REPORTING_VERBS,
)
from diplograph.extract._pipeline import inflections, lemma
from diplograph.model import ClaimType

__all__ = ["ClaimFound", "claim_words", "find_claims"]

_MODALS: Final = frozenset(
    {
        "to",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "did",
        "does",
        "do",
        "not",
        "also",
        "and",
        "has",
        "have",
        "had",
        "jointly",
        "strongly",
        "publicly",
        "repeatedly",
    }
)
_BE: Final = frozenset({"was", "were", "been", "is", "are", "be", "being", "got", "get"})
_LIGHT: Final = frozenset(
    {
        "issue",
        "make",
        "express",
        "voice",
        "raise",
        "level",
        "launch",
        "repeat",
        "renew",
        "sound",
        "reiterate",
        "lodge",
        "deliver",
        "put",
    }
)
_ANAPHORIC: Final = frozenset({"these", "those", "such", "similar", "this", "same"})
_BOTH: Final = frozenset(
    {"nations", "countries", "sides", "states", "neighbours", "neighbors", "governments", "parties"}
)
_OPEN_QUOTES: Final = frozenset({"“", '"'})
_CLOSE_QUOTES: Final = frozenset({"”", '"'})
_DETERMINERS: Final = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "these", "this", "those", "our", "my", "your"}
)
_SUPPORT_VERBS: Final = CONCERN_VERBS | {"reaffirm", "reiterate", "pledge", "offer", "extend"}
_COMMIT_ADJ: Final = frozenset({"open", "ready", "willing", "determined", "prepared"})
# Every word that can start a claim cue: other words are skipped at once.
_ANY_CUE: Final = frozenset(
    {
        *CLAIM_VERBS,
        *CLAIM_NOUNS,
        *REPORTING_VERBS,
        *_SUPPORT_VERBS,
        *_COMMIT_ADJ,
        "call",
        "draw",
        "agree",
        "reject",
        "dismiss",
        "commit",
    }
)


# Words other than cues that make a sentence worth reading: quotations, "according to".
_TRIGGERS: Final = frozenset({*_OPEN_QUOTES, "according"})
_PLANNED: Final = frozenset({"expected", "likely", "set", "due", "plans", "planning"})


@dataclass(slots=True)
class ClaimFound:
    """A claim candidate in one sentence (actor IRIs)."""

    claimant: str
    type: ClaimType
    target: str | None
    cue: int
    about: tuple[str, ...] = ()
    topic: str | None = None


@dataclass(slots=True)
class _Cue:
    index: int
    type: ClaimType
    kind: str  # "verb", "noun", "report", "phrase"
    end: int


@cache
def _cue_forms() -> frozenset[str]:
    """Every lower-case word whose lookup lemma (or itself) can start a claim cue."""
    return frozenset({*_ANY_CUE, *inflections(_ANY_CUE)})


@cache
def claim_words() -> frozenset[str]:
    """A sentence without one of these words (lower case) states no claim: cue forms,
    opening quotes and "according"."""
    return _TRIGGERS | _cue_forms()


def _verbal(view: SentenceView, c: int) -> bool:
    doc = view.doc
    low = doc.lowers[c]
    if c > view.start and doc.lowers[c - 1] in _DETERMINERS:
        return False  # "the alleged violations", "a warning"
    lem = lemma(low)
    if lem not in AMBIGUOUS_VERBS:
        return True
    if low != lem:
        return True
    if c > view.start:
        prev = doc.lowers[c - 1]
        if prev in _MODALS or prev in {"we", "they", "i", "he", "she"}:
            return True
        if view.eligible_at(c - 1) is not None:
            return True
    return False


def _cues(view: SentenceView) -> list[_Cue]:
    doc = view.doc
    cues: list[_Cue] = []
    forms = _cue_forms()
    for c in view.cues:
        low = doc.lowers[c]
        if low not in forms:
            continue
        lem = lemma(low)
        nxt = doc.lowers[c + 1] if c + 1 < view.end else ""
        if lem == "call" and nxt in {"on", "upon", "for"}:
            form = "verb" if (low != "call" or _verbal(view, c)) else "noun"
            cues.append(_Cue(c, "appeal", form, c + 2))
        elif lem in _SUPPORT_VERBS and any(
            lemma(doc.lowers[k]) in {"support", "solidarity", "backing"}
            for k in range(c + 1, min(c + 6, view.end))
        ):
            cues.append(_Cue(c, "support", "verb", c + 1))
        elif lem in CONCERN_VERBS and any(
            lemma(doc.lowers[k]) in {"concern", "alarm", "dismay", "outrage", "displeasure"}
            for k in range(c + 1, min(c + 4, view.end))
        ):
            cues.append(_Cue(c, "criticism", "verb", c + 1))
        elif lem == "draw" and nxt == "attention":
            cues.append(_Cue(c, "criticism", "verb", c + 2))
        elif (
            low in _COMMIT_ADJ
            and nxt == "to"
            and c > view.start
            and lemma(doc.lowers[c - 1]) in {"remain", "be", "stand", "stay"}
        ):
            cues.append(_Cue(c, "commitment", "phrase", c + 1))
        elif lem == "agree" and _verbal(view, c):
            to = next(
                (k for k in range(c + 1, min(c + 7, view.end)) if doc.lowers[k] == "to"), None
            )
            kind: ClaimType = (
                "commitment"
                if to is not None
                and to + 1 < view.end
                and doc.texts[to + 1].islower()
                and doc.lowers[to + 1] != "the"
                else "statement"
            )
            cues.append(_Cue(c, kind, "report" if kind == "statement" else "verb", c + 1))
        elif lem in {"reject", "dismiss"} and _verbal(view, c):
            window = {
                lemma(doc.lowers[k]) for k in range(max(view.start, c - 5), min(c + 6, view.end))
            }
            denial = window & DENIAL_OBJECTS
            cues.append(_Cue(c, "denial" if denial else "criticism", "verb", c + 1))
        elif lem == "commit" and not (
            nxt in {"to", "itself", "themselves", "himself", "herself"}
            or lemma(doc.lowers[c - 1]) in {"be", "remain", "stay"}
        ):
            continue  # "violations committed by ..." is not a commitment
        elif lem in CLAIM_VERBS and low not in CLAIM_NOUNS and _verbal(view, c):
            cues.append(_Cue(c, CLAIM_VERBS[lem], "verb", c + 1))
        elif lem in CLAIM_NOUNS or low in CLAIM_NOUNS:
            cues.append(_Cue(c, CLAIM_NOUNS.get(lem) or CLAIM_NOUNS[low], "noun", c + 1))
        elif lem in REPORTING_VERBS and _verbal(view, c):
            cues.append(_Cue(c, "statement", "report", c + 1))
    return cues


def _headline_participle(view: SentenceView, c: int) -> bool:
    """A headline's final participle: "India's Policies Criticized"."""
    doc = view.doc
    return doc.lowers[c].endswith("ed") and all(
        not doc.texts[k].isalpha() for k in range(c + 1, view.end)
    )


def _passive_target(view: SentenceView, c: int) -> list[Mention]:
    """The patient of a passive cue: "The allegations by Manila ... were backed by" -> Manila."""
    doc = view.doc
    for k in range(view.start, c):
        if doc.lowers[k] == "by":
            found, _ = view.list_right(k + 1, c, max_fillers=1)
            if found:
                return found[:1]
    return view.subject_of(c)


def _quote_speaker(view: SentenceView) -> tuple[list[Mention], int, int, ClaimType | None]:
    """Speaker of a quotation in the sentence, the quote's token range and the speech cue."""
    doc = view.doc
    lowers = doc.lowers  # quotation marks have no case: the same as the texts
    # (opening quotes are among the claim words, so among the view's cues)
    if _OPEN_QUOTES.isdisjoint(map(lowers.__getitem__, view.cues)):
        return [], 0, 0, None
    opened = next(k for k in view.cues if lowers[k] in _OPEN_QUOTES)
    closed = next(
        (k for k in range(opened + 1, view.end) if doc.texts[k] in _CLOSE_QUOTES), view.end
    )
    # After the quote: ", warned Iftikhar." / "Iftikhar warned." / "he said"
    k = closed + 1
    if k < view.end:
        verb = None
        speaker: list[Mention] = []
        m = view.eligible_at(k)
        if m is not None and m.end < view.end:
            speaker, verb = [m], m.end
        elif k + 1 < view.end and view.eligible_at(k + 1) is not None:
            m2 = view.eligible_at(k + 1)
            speaker, verb = ([m2] if m2 is not None else []), k
        if speaker and verb is not None:
            lem = lemma(doc.lowers[verb])
            if lem in CLAIM_VERBS or lem in REPORTING_VERBS:
                return speaker, opened, closed, CLAIM_VERBS.get(lem)
    # Before the quote: "X said: “...”", "X warned that “...”"
    j = opened - 1
    while j >= view.start and doc.texts[j] in {":", ",", "that"}:
        j -= 1
    if j >= view.start:
        lem = lemma(doc.lowers[j])
        if lem in CLAIM_VERBS or lem in REPORTING_VERBS:
            subject = view.subject_of(j)
            if subject:
                return subject, opened, closed, CLAIM_VERBS.get(lem)
    return [], 0, 0, None


def _according_to(view: SentenceView) -> tuple[list[Mention], int]:
    doc = view.doc
    if "according" not in map(doc.lowers.__getitem__, view.cues):
        return [], 0
    for k in range(view.start, min(view.end - 2, view.end)):
        if doc.lowers[k] == "according" and doc.lowers[k + 1] == "to":
            comma = next((j for j in range(k + 2, view.end) if doc.texts[j] == ","), view.end)
            found, end = view.list_right(k + 2, comma, max_fillers=2)
            return found, end
    return [], 0


def find_claims(
    view: SentenceView,
    *,
    recent_states: list[str],
    previous: list[ClaimFound],
    notes: list[str] | None = None,
) -> list[ClaimFound]:
    """Claims stated in this sentence (``previous``: claims of the sentences before;
    ``view.cues`` must hold the sentence's :func:`claim_words`).

    A cue whose claimant cannot be found is reported in ``notes``.
    """
    doc = view.doc
    lowers = doc.lowers
    words = claim_words()
    if words.isdisjoint(map(lowers.__getitem__, view.cues)):
        return []  # no cue, quotation or "according to": nothing to look at
    cues = _cues(view)
    speaker, q_open, q_close, speech_type = _quote_speaker(view)
    according, according_end = _according_to(view)
    out: list[ClaimFound] = []
    for cue in cues:
        c = cue.index
        if (
            not _PLANNED.isdisjoint(lowers[max(view.start, c - 4) : c])
            and "to" in (lowers[max(view.start, c - 3) : c])
        ):
            continue  # "are expected to make pledges": not said yet
        limit = view.clause_end(c)
        claimants: list[Mention] = []
        targets: list[Mention] = []
        in_quote = bool(speaker) and q_open < c < q_close
        if speaker and q_close < c <= q_close + 3 and cue.kind in ("verb", "report"):
            continue  # the speech verb of the quotation, handled with the quotation
        if in_quote:
            claimants = speaker
        elif according and c >= according_end:
            claimants = according
        if cue.kind == "noun":
            # "Pakistan's [strong] criticism of India" / "allegations by India against Pakistan"
            j = c - 1
            while (
                j >= view.start and j > c - 4 and doc.texts[j].isalpha() and doc.texts[j].islower()
            ):
                j -= 1
            owner: list[Mention] = []
            if j >= view.start and doc.texts[j] in {"’s", "'s"} and view.eligible_at(j - 1):
                m = view.eligible_at(j - 1)
                owner = view.list_left(m) if m is not None else []
            # "allegations by X", "accusations made by X" (not "... were rejected by X")
            k = c + 1
            if k < limit and lemma(doc.lowers[k]) in {"make", "level", "voice", "issue"}:
                k += 1
            if k < limit and doc.lowers[k] == "by":
                owner, _ = view.list_right(k + 1, limit, max_fillers=2)
            if not claimants:
                claimants = owner
            if not claimants:
                light = next(
                    (
                        x
                        for x in range(c - 1, max(view.start, c - 4) - 1, -1)
                        if lemma(doc.lowers[x]) in _LIGHT
                    ),
                    None,
                )
                if light is not None:
                    claimants = view.subject_of(light)
        elif cue.kind in ("verb", "report", "phrase") and not claimants:
            # passive: "was condemned by X"
            followed_by_by = c + 1 < limit and doc.lowers[c + 1] == "by"
            after_be = c > view.start and (
                doc.lowers[c - 1] in _BE
                or (
                    c - 1 > view.start
                    and doc.lowers[c - 2] in _BE
                    and doc.lowers[c - 1].endswith("ly")
                )
            )
            if cue.kind != "phrase" and (
                followed_by_by or after_be or _headline_participle(view, c)
            ):
                k = c + 1
                while k < min(c + 4, limit) and doc.lowers[k] != "by":
                    k += 1
                if k < limit and doc.lowers[k] == "by":
                    claimants, _ = view.list_right(k + 1, limit, max_fillers=2)
                    targets = _passive_target(view, c)
            else:
                claimants = view.subject_of(c)
        if not claimants:
            if notes is not None and cue.type != "statement":
                notes.append(
                    f"{cue.type} cue {doc.texts[c]!r} at character {doc.idxs[c]}: no claimant found"
                )
            continue
        exclude = {view.level(m.iri) for m in claimants}
        if not targets:
            targets = view.first_after(cue.end - 1, limit, exclude)
        claim_type = cue.type
        if (
            in_quote
            and speech_type is not None
            and speech_type != "statement"
            and claim_type == "statement"
        ):
            claim_type = speech_type
        target_iris: list[str | None] = [m.iri for m in targets if view.level(m.iri) not in exclude]
        # (only read when no target was found)
        window = (
            set(lowers[max(view.start, c - 3) : min(limit, c + 6)]) if not target_iris else set()
        )
        after = set(lowers[c + 1 : min(limit, c + 6)]) if not target_iris else set()
        if not target_iris and after & _BOTH and ("both" in after or "two" in after):
            target_iris = [s for s in recent_states[-2:] if s not in exclude]
        if (
            not target_iris
            and window & _ANAPHORIC
            and claim_type in ("criticism", "accusation", "warning", "denial")
        ):
            for p in reversed(previous):
                if (
                    p.target
                    and view.level(p.target) not in exclude
                    and p.type in ("criticism", "accusation", "warning")
                ):
                    target_iris = [p.target]
                    break
        if (
            not target_iris
            and len(claimants) >= 2
            and claim_type == "commitment"
            and lemma(doc.lowers[c]) == "agree"
        ):
            # "India and Bangladesh agreed to ...": each committed to the other
            for m in claimants:
                for other in claimants:
                    if view.level(other.iri) != view.level(m.iri):
                        out.append(ClaimFound(m.iri, claim_type, other.iri, c, (), None))
            continue
        if (
            not target_iris
            and claim_type in ("support", "criticism", "denial")
            and (
                {lemma(doc.lowers[k]) for k in range(max(view.start, c - 4), min(limit, c + 5))}
                & PROPOSAL_WORDS
            )
        ):
            for p in reversed(previous + out):
                if p.type in ("proposal", "commitment") and view.level(p.claimant) not in exclude:
                    target_iris = [p.claimant]
                    break
        if not target_iris and claim_type == "denial":
            for p in reversed(previous + out):
                if (
                    p.type in ("accusation", "criticism")
                    and p.target
                    and view.level(p.target) in exclude
                ):
                    target_iris = [p.claimant]
                    break
        if not target_iris:
            target_iris = [None]
        about = tuple(view.regions_between(c, limit)) if view.has_regions else ()
        topic = doc.text_of(cue.end, limit).strip(' ,.;:”"') or None
        if topic and len(topic) > 120:
            topic = topic[:120].rsplit(" ", 1)[0]
        for m in claimants:
            for t in target_iris:
                out.append(ClaimFound(m.iri, claim_type, t, c, about, topic))
    # A quotation with only verbs of saying is the speaker's statement (or the speech cue's type).
    if speaker and not any(q_open < f.cue < q_close for f in out):
        exclude = {view.level(m.iri) for m in speaker}
        targets = view.first_after(q_open, q_close, exclude)
        kind: ClaimType = speech_type or "statement"
        quote_targets: list[str | None] = [x.iri for x in targets] or [None]
        for m in speaker:
            for t in quote_targets:
                out.append(
                    ClaimFound(
                        m.iri,
                        kind,
                        t,
                        q_open,
                        tuple(view.regions_between(q_open, q_close)),
                        doc.text_of(q_open + 1, q_close).strip(" ,.")[:120] or None,
                    )
                )
    # "According to X, India is deliberately adopting an aggressive narrative"
    if according and not any(f.cue >= according_end for f in out):
        exclude = {view.level(m.iri) for m in according}
        targets = view.first_after(according_end - 1, view.end, exclude)
        negative = any(
            lemma(doc.lowers[k]) in NEGATIVE_WORDS for k in range(according_end, view.end)
        )
        kind = "accusation" if targets and negative else "statement"
        according_targets: list[str | None] = [x.iri for x in targets] or [None]
        for m in according:
            for t in according_targets:
                out.append(
                    ClaimFound(
                        m.iri,
                        kind,
                        t,
                        according_end,
                        (),
                        doc.text_of(according_end, view.end).strip(" ,.")[:120] or None,
                    )
                )
    if not out:
        return out
    # Statements give way to stronger claims by the same claimant in the sentence.
    strong = {view.level(f.claimant) for f in out if f.type != "statement"}
    kept = [f for f in out if f.type != "statement" or view.level(f.claimant) not in strong]
    unique: dict[tuple[str, str, str | None], ClaimFound] = {}
    for f in kept:
        unique.setdefault((f.claimant, f.type, f.target), f)
    return list(unique.values())
