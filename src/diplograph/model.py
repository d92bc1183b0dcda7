"""Plain value types that flow between the stages: no rdflib in here.

An :class:`Article` is read, an extractor turns it into an :class:`Extraction`
(actors, meetings and claims, each with the :class:`Evidence` sentence it came from),
and ``diplograph.rdf.build`` maps that to RDF. Actors are referred to by IRI string,
so extraction and mapping agree on identity without sharing objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = [
    "ACTOR_TYPES",
    "CLAIM_TYPES",
    "Actor",
    "ActorType",
    "Article",
    "Claim",
    "ClaimType",
    "Evidence",
    "Extraction",
    "Meeting",
]

ClaimType = Literal[
    "accusation",
    "denial",
    "appeal",
    "commitment",
    "warning",
    "criticism",
    "proposal",
    "support",
    "statement",
]
CLAIM_TYPES: Final[tuple[ClaimType, ...]] = (
    "accusation",
    "denial",
    "appeal",
    "commitment",
    "warning",
    "criticism",
    "proposal",
    "support",
    "statement",
)
"""The nine claim types, strongest first; ``statement`` is the fallback."""

ActorType = Literal[
    "State",
    "Organization",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "Person",
    "Envoy",
    "Official",
    "Region",
]
ACTOR_TYPES: Final[tuple[ActorType, ...]] = (
    "State",
    "Organization",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "Person",
    "Envoy",
    "Official",
    "Region",
)
"""Local names of the ``dg:`` classes an actor (or region) can have."""


@dataclass(frozen=True, slots=True)
class Article:
    """A news article: its text and metadata.

    ``id`` is the jsonl id or the file stem; ``iri`` is stable (from ``url``, else
    from a hash of the text) and names the article's graph in the store.

    >>> a = Article(id="demo", text="Pakistan met China.")
    >>> a.iri.startswith("https://w3id.org/diplograph/id/article/")
    True
    """

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    source: str | None = None
    """Where it was read from (a path, ``<stdin>``, ``file.jsonl:3``); not part of its identity."""

    @property
    def iri(self) -> str:
        from diplograph.rdf.mint import article_iri

        return article_iri(url=self.url, text=self.text)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a fact was read from: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, organisation, person or region, identified by IRI.

    ``represents`` is the IRI of the state or organisation a person acts for.
    """

    iri: str
    label: str
    type: ActorType
    represents: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    code: str | None = None
    """ISO 3166-1 alpha-3 code of a state, or an organisation's acronym."""


@dataclass(frozen=True, slots=True)
class Meeting:
    """An encounter the text reports as having happened, between two or more actors."""

    participants: tuple[str, ...]
    evidence: Evidence
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """Something an actor said, of one of :data:`CLAIM_TYPES`, optionally about a target."""

    claimant: str
    type: ClaimType
    evidence: Evidence
    target: str | None = None
    topic: str | None = None
    about: tuple[str, ...] = ()
    """IRIs of regions the claim is about (Kashmir, ...)."""
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one extractor found in one article.

    ``actors`` holds every actor the meetings and claims refer to, plus any other
    actor mentioned, so nothing found is dropped. ``curated`` marks hand annotations
    imported as data rather than extracted.
    """

    article: Article
    actors: tuple[Actor, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    claims: tuple[Claim, ...] = ()
    extractor: str = "rules.v1"
    extractor_version: str = ""
    curated: bool = False
    notes: tuple[str, ...] = field(default=())
    """Things the extractor saw but could not map (kept for the report, not dropped)."""
