"""Deterministic IRIs for everything diplograph writes.

Extracted data holds no blank nodes: every node's IRI follows from the article and
what the node denotes, so re-ingesting an article yields the same quads and replaces
its graph. All IRIs are minted and checked here, in one place (rdflib accepts IRIs
that Oxigraph rejects).

>>> person_iri("António Guterres")
'https://w3id.org/diplograph/id/person/antonio-guterres'
>>> state_iri("pak")
'https://w3id.org/diplograph/id/state/PAK'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from diplograph.namespaces import DGR

__all__ = [
    "article_iri",
    "check_iri",
    "claim_iri",
    "evidence_iri",
    "meeting_iri",
    "org_iri",
    "person_iri",
    "region_iri",
    "slug",
    "state_iri",
]

_BASE = str(DGR)
# Characters never allowed in an IRI (RFC 3987 excludes these and controls).
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def slug(name: str) -> str:
    """A lowercase ASCII slug of ``name``; falls back to a hash for names with no letters.

    >>> slug("Organisation of Islamic Cooperation (OIC)")
    'organisation-of-islamic-cooperation-oic'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if not text:
        return "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return text[:80].rstrip("-")


def check_iri(iri: str) -> str:
    """Return ``iri`` if it is an absolute IRI without forbidden characters.

    Raises ValueError otherwise, so callers can name the offending input.
    """
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", iri) or _BAD_IRI_CHARS.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return iri


def _hash(*parts: str, length: int = 16) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return h[:length]


def article_iri(*, url: str | None, text: str) -> str:
    """The article's IRI: from its URL when it has one, else from a hash of its text."""
    key = ("url", url.strip()) if url and url.strip() else ("text", text)
    return f"{_BASE}article/{_hash(*key)}"


def state_iri(iso3: str) -> str:
    """``dgr:state/{ISO3}``."""
    return f"{_BASE}state/{iso3.upper()}"


def org_iri(key: str) -> str:
    """``dgr:org/{ACRONYM}`` for reference organisations, ``dgr:org/{slug}`` for new ones."""
    if re.fullmatch(r"[A-Z0-9-]+", key):
        return f"{_BASE}org/{key}"
    return f"{_BASE}org/{slug(key)}"


def person_iri(name: str) -> str:
    """``dgr:person/{slug of the full name}``: the same person across articles."""
    return f"{_BASE}person/{slug(name)}"


def region_iri(name: str) -> str:
    """``dgr:region/{slug}``."""
    return f"{_BASE}region/{slug(name)}"


def meeting_iri(article: str, participants: list[str] | tuple[str, ...], start: int) -> str:
    """A meeting in an article, keyed by its sorted participants and sentence offset."""
    return f"{article}/meeting/{_hash(*sorted(participants), str(start), length=12)}"


def claim_iri(
    article: str, claimant: str, claim_type: str, target: str | None, start: int
) -> str:
    """A claim in an article, keyed by claimant, type, target and sentence offset."""
    return f"{article}/claim/{_hash(claimant, claim_type, target or '', str(start), length=12)}"


def evidence_iri(article: str, start: int, end: int) -> str:
    """The sentence ``[start, end)`` of an article."""
    return f"{article}/evidence/{start}-{end}"
