"""Cue words: which lemmas signal a meeting or a claim of which type.

Kept consistent with ``dg:cueWord`` in ``ontology/claim-types.ttl``. Cues are lemmas
(the lookup lemmatizer's), optionally followed by a particle ("call on", "call for").
"""

from __future__ import annotations

from typing import Final

from diplograph.model import ClaimType

__all__ = [
    "AMBIGUOUS_VERBS",
    "CLAIM_NOUNS",
    "CLAIM_VERBS",
    "CONCERN_VERBS",
    "DENIAL_OBJECTS",
    "NEGATIVE_WORDS",
    "PLANNED_MARKERS",
    "PROPOSAL_WORDS",
    "REPORTING_VERBS",
]

CLAIM_VERBS: Final[dict[str, ClaimType]] = {
    # accusation
    "accuse": "accusation",
    "allege": "accusation",
    "blame": "accusation",
    # denial
    "deny": "denial",
    "refute": "denial",
    "rebut": "denial",
    # appeal
    "urge": "appeal",
    "appeal": "appeal",
    "request": "appeal",
    "demand": "appeal",
    "implore": "appeal",
    "plead": "appeal",
    "ask": "appeal",
    "press": "appeal",
    # commitment
    "commit": "commitment",
    "pledge": "commitment",
    "vow": "commitment",
    "promise": "commitment",
    "reaffirm": "commitment",
    "assure": "commitment",
    "guarantee": "commitment",
    # warning
    "warn": "warning",
    "caution": "warning",
    "threaten": "warning",
    # criticism
    "criticise": "criticism",
    "criticize": "criticism",
    "condemn": "criticism",
    "denounce": "criticism",
    "slam": "criticism",
    "deplore": "criticism",
    "decry": "criticism",
    "censure": "criticism",
    "lambast": "criticism",
    "rebuke": "criticism",
    "castigate": "criticism",
    "protest": "criticism",
    # proposal
    "suggest": "proposal",
    "propose": "proposal",
    "offer": "proposal",
    "recommend": "proposal",
    # support
    "praise": "support",
    "welcome": "support",
    "support": "support",
    "back": "support",
    "endorse": "support",
    "commend": "support",
    "applaud": "support",
    "hail": "support",
    "laud": "support",
    "thank": "support",
}
"""Verb lemma -> claim type (a verb is a cue when not used as a plain noun)."""

CLAIM_NOUNS: Final[dict[str, ClaimType]] = {
    "accusation": "accusation",
    "allegation": "accusation",
    "denial": "denial",
    "appeal": "appeal",
    "demand": "appeal",
    "commitment": "commitment",
    "pledge": "commitment",
    "warning": "warning",
    "criticism": "criticism",
    "condemnation": "criticism",
    "censure": "criticism",
    "protest": "criticism",
    "rebuke": "criticism",
    "proposal": "proposal",
    "offer": "proposal",
}
"""Noun lemma -> claim type ("Pakistan's criticism of India", "allegations by X against Y")."""

REPORTING_VERBS: Final[frozenset[str]] = frozenset(
    {
        "say",
        "state",
        "stress",
        "emphasise",
        "emphasize",
        "add",
        "note",
        "tell",
        "underline",
        "underscore",
        "reiterate",
        "insist",
        "assert",
        "declare",
        "announce",
        "convey",
        "remark",
        "argue",
        "explain",
        "maintain",
        "describe",
        "echo",
        "remind",
        "agree",
        "highlight",
        "affirm",
        "observe",
        "acknowledge",
        "claim",
        "contend",
        "stated",
    }
)
"""Verbs of saying: a ``statement`` unless a stronger cue is present."""

CONCERN_VERBS: Final[frozenset[str]] = frozenset(
    {
        "express",
        "voice",
        "raise",
        "highlight",
        "share",
        "register",
    }
)
"""``express concern(s)`` and the like signal criticism."""

AMBIGUOUS_VERBS: Final[frozenset[str]] = frozenset(
    {
        "appeal",
        "request",
        "demand",
        "offer",
        "pledge",
        "promise",
        "support",
        "back",
        "press",
        "welcome",
        "caution",
        "blame",
        "vow",
        "guarantee",
        "thank",
        "hail",
        "ask",
        "censure",
        "slam",
        "plead",
        "charge",
        "call",
        "warn",
        "commit",
        "state",
        "note",
        "add",
        "claim",
        "echo",
        "stress",
        "maintain",
        "remark",
        "express",
        "host",
        "meet",
        "praise",
        "protest",
        "rebuke",
    }
)
"""Words that are also nouns: a cue only in a verbal context (inflected, after a subject)."""

DENIAL_OBJECTS: Final[frozenset[str]] = frozenset(
    {
        "allegation",
        "accusation",
        "charge",
        "claim",
        "report",
        "assertion",
        "account",
        "remark",
        "criticism",
        "figure",
        "framing",
        "characterisation",
        "characterization",
        "statement",
        "comment",
        "finding",
        "version",
        "suggestion",
        "narrative",
        "description",
        "portrayal",
        "assessment",
        "conclusion",
        "accusations",
        "allegations",
        "remarks",
        "reports",
        "claims",
    }
)
"""``reject``/``dismiss`` with one of these objects is a denial (else a criticism)."""

PROPOSAL_WORDS: Final[frozenset[str]] = frozenset(
    {
        "proposal",
        "idea",
        "plan",
        "initiative",
        "suggestion",
        "offer",
        "pledge",
        "proposals",
        "commitment",
        "move",
    }
)
"""Objects ("welcomed the proposal") that point back at the latest proposal or pledge."""

NEGATIVE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "aggressive",
        "aggression",
        "provocative",
        "provocation",
        "deliberately",
        "abuse",
        "violation",
        "atrocity",
        "crime",
        "terrorism",
        "terrorist",
        "hostile",
        "illegal",
        "illegitimate",
        "occupation",
        "genocide",
        "repression",
        "oppression",
        "sponsor",
        "destabilise",
        "destabilize",
        "interference",
        "meddle",
        "violate",
        "attack",
        "propaganda",
        "lie",
        "false",
        "baseless",
        "brutal",
        "unlawful",
        "coercion",
        "coercive",
        "bully",
        "harass",
        "persecution",
        "war",
    }
)
"""Words that make an attributed assertion about another actor an accusation."""

PLANNED_MARKERS: Final[frozenset[str]] = frozenset(
    {
        "will",
        "would",
        "shall",
        "to",
        "plan",
        "planned",
        "schedule",
        "scheduled",
        "expect",
        "expected",
        "upcoming",
        "next",
        "set",
        "due",
        "future",
        "proposed",
        "possible",
        "potential",
        "ahead",
    }
)
"""Words just before a meeting cue that make it a planned (not yet held) meeting."""
