"""Annotations: extraction results and hand annotations in one JSON-lines schema.

The schema is the gold one (``../shared/gold/README.md``): per article its ``id``,
``url``, ``outlet``, ``date``, ``actors``, ``meetings``, ``claims`` and the
actor-level ``edges``. Names are canonical labels (the reference actors'
``skos:prefLabel``); a person names the state or organisation it represents in
``affiliation``. The same format imports hand-curated annotations
(:func:`from_record`), so extraction output and hand annotations compare directly.

>>> rec = {"id": "a", "actors": [{"name": "Asim Iftikhar", "type": "Person",
...        "affiliation": "Pakistan"}], "meetings": [{"participants":
...        ["Asim Iftikhar", "China"], "sentence_start": "x"}], "claims": []}
>>> sorted(edges(rec))
[('China', 'meeting', 'Pakistan')]
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from diplograph.errors import InputError
from diplograph.model import (
    CLAIM_TYPES,
    Actor,
    ActorType,
    Article,
    Claim,
    Evidence,
    Extraction,
    Meeting,
)
from diplograph.rdf.mint import org_iri, person_iri, region_iri, slug, state_iri

__all__ = ["Edge", "edges", "from_record", "read_gold", "sentence_start", "to_record"]

Edge = tuple[str, str, str]
"""``(actor, type, actor)``; meeting edges have the pair sorted."""

_PERSON_TYPES = frozenset({"Person", "Envoy", "Official"})
_ORG_TYPES = frozenset({"Organization", "InternationalOrganization", "NonGovernmentalOrganization"})


def sentence_start(text: str, words: int = 8) -> str:
    """The first ``words`` words of a sentence, as the gold schema keys sentences.

    >>> sentence_start("Pakistan has repeatedly denied these accusations and has instead", 4)
    'Pakistan has repeatedly denied'
    """
    return " ".join(text.split()[:words])


def _coarse(actor_type: str) -> str:
    if actor_type in _PERSON_TYPES:
        return "Person"
    if actor_type in _ORG_TYPES:
        return "Organization"
    return actor_type


def to_record(extraction: Extraction) -> dict[str, Any]:
    """One article's extraction as a gold-schema record (JSON-serialisable).

    Meetings and claims also carry ``sentence`` (the whole evidence sentence) and
    ``start``/``end`` (its character offsets), which the gold schema leaves out.
    """
    article = extraction.article
    by_iri = {a.iri: a for a in extraction.actors}

    def name(iri: str | None) -> str | None:
        if iri is None:
            return None
        actor = by_iri.get(iri)
        return actor.label if actor is not None else iri

    actors = [
        {
            "name": a.label,
            "type": _coarse(a.type),
            "affiliation": name(a.represents),
            "role": a.role,
            "aliases": list(a.aliases),
        }
        for a in extraction.actors
    ]
    meetings = [
        {
            "participants": [name(p) for p in m.participants],
            "sentence_start": sentence_start(m.evidence.text),
            "sentence": m.evidence.text,
            "start": m.evidence.start,
            "end": m.evidence.end,
        }
        for m in extraction.meetings
    ]
    claims = [
        {
            "claimant": name(c.claimant),
            "type": c.type,
            "target": name(c.target),
            "topic": c.topic,
            "sentence_start": sentence_start(c.evidence.text),
            "sentence": c.evidence.text,
            "start": c.evidence.start,
            "end": c.evidence.end,
        }
        for c in extraction.claims
    ]
    record: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "date": article.date.isoformat() if article.date else None,
        "actors": actors,
        "meetings": meetings,
        "claims": claims,
    }
    record["edges"] = [list(e) for e in sorted(_computed_edges(record))]
    if extraction.notes:
        record["notes"] = list(extraction.notes)
    return record


def _level(record: dict[str, Any]) -> dict[str, str]:
    """Person name -> the name of what it represents."""
    out = {}
    for actor in record.get("actors") or []:
        if isinstance(actor, dict) and actor.get("affiliation") and actor.get("name"):
            out[str(actor["name"])] = str(actor["affiliation"])
    return out


def _computed_edges(record: dict[str, Any]) -> set[Edge]:
    level = _level(record)

    def up(name: str) -> str:
        return level.get(name, name)

    found: set[Edge] = set()
    for meeting in record.get("meetings") or []:
        names = sorted({up(str(p)) for p in meeting.get("participants") or []})
        for a, b in combinations(names, 2):
            found.add((a, "meeting", b))
    for claim in record.get("claims") or []:
        if not claim.get("target") or not claim.get("claimant"):
            continue
        a, b = up(str(claim["claimant"])), up(str(claim["target"]))
        if a != b:
            found.add((a, str(claim["type"]), b))
    return found


def edges(record: dict[str, Any]) -> set[Edge]:
    """The actor-level edges of a record: its ``edges`` list when it has one, else
    computed from its meetings and claims (persons replaced by what they represent,
    meeting pairs sorted, claims without a target left out)."""
    listed = record.get("edges")
    if listed is not None:
        out: set[Edge] = set()
        for edge in listed:
            a, kind, b = (str(x) for x in edge)
            out.add((min(a, b), kind, max(a, b)) if kind == "meeting" else (a, kind, b))
        return out
    return _computed_edges(record)


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines annotation file; a malformed line raises InputError (file, line)."""
    records = []
    source = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read annotations: {exc}", path=source) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", path=source, line=number
            ) from None
        if not isinstance(record, dict):
            raise InputError("expected a JSON object per line", path=source, line=number)
        if record.get("id") is None and not record.get("url"):
            raise InputError("the record has neither 'id' nor 'url'", path=source, line=number)
        for key in ("actors", "meetings", "claims", "edges"):
            if key in record and not isinstance(record[key], list):
                raise InputError(f"'{key}' must be a list", path=source, line=number)
        for claim in record.get("claims") or []:
            if not isinstance(claim, dict) or claim.get("type") not in CLAIM_TYPES:
                raise InputError(
                    f"claim type must be one of {', '.join(CLAIM_TYPES)}: {claim!r}",
                    path=source,
                    line=number,
                )
        records.append(record)
    return records


def _new_actor(name: str, kind: str | None) -> Actor:
    if kind == "State":
        return Actor(state_iri(slug(name)), name, "State")
    if kind == "Region":
        return Actor(region_iri(name), name, "Region")
    if kind in _ORG_TYPES:
        org_type: ActorType = kind  # type: ignore[assignment]
        return Actor(org_iri(name), name, org_type)
    return Actor(org_iri(name), name, "Organization")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (without surrounding whitespace),
    split by the extractor's own pipeline so that curated evidence cites the same
    sentences as extracted evidence."""
    from diplograph.extract._pipeline import nlp

    spans = []
    for sent in nlp()(text).sents:
        tokens = [t for t in sent if not t.is_space]
        if tokens:
            spans.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    return spans


def _evidence(
    article: Article, start_words: str | None, spans: Callable[[], list[tuple[int, int]]]
) -> Evidence | None:
    """The sentence of ``article`` that starts with (or contains) ``start_words``.

    ``spans`` gives the article's sentence spans; it is called only when a sentence
    is looked for, so an article is split once however many facts it has.
    """
    if not start_words or not article.text:
        return None
    at = article.text.find(start_words)
    if at < 0:
        squashed = " ".join(start_words.split())
        at = " ".join(article.text.split()).find(squashed)
        if at < 0:
            return None
        at = article.text.find(squashed.split()[0])
    for start, end in spans():
        if start <= at < end:
            return Evidence(start, end, article.text[start:end])
    return None


def from_record(
    record: dict[str, Any],
    article: Article | None = None,
    *,
    reference: Sequence[Actor] | None = None,
) -> Extraction:
    """A hand annotation as an :class:`Extraction` (``curated=True``).

    Names resolve to reference actors by label or alias; unknown names become new
    actors of the type the record gives. With ``article``, each ``sentence_start``
    is found in its text and becomes the evidence sentence; a sentence that cannot
    be found (or no article) is reported in ``notes`` and the fact keeps an empty
    evidence at offset 0.
    """
    from diplograph.extract._gazetteer import Gazetteer, default_gazetteer

    gazetteer = Gazetteer(reference) if reference is not None else default_gazetteer()
    if article is None:
        date = record.get("date")
        article = Article(
            id=str(record.get("id") or record.get("url")),
            text="",
            url=record.get("url"),
            outlet=record.get("outlet"),
            date=dt.date.fromisoformat(date) if isinstance(date, str) and date else None,
        )
    notes: list[str] = []
    actors: dict[str, Actor] = {}
    by_name: dict[str, str] = {}

    def resolve(name: str, kind: str | None = None) -> str:
        if name in by_name:
            return by_name[name]
        found = gazetteer.lookup(name)
        actor = found if found is not None else _new_actor(name, kind)
        actors.setdefault(actor.iri, actor)
        by_name[name] = actor.iri
        return actor.iri

    for entry in record.get("actors") or []:
        name = str(entry.get("name") or "")
        if not name:
            notes.append(f"actor without a name: {entry!r}")
            continue
        if entry.get("type") == "Person":
            represents = resolve(str(entry["affiliation"])) if entry.get("affiliation") else None
            role = entry.get("role")
            person_type: ActorType = "Person"
            if represents and role:
                from diplograph.extract._persons import TITLES

                low = str(role).lower()
                hits = [t for t in TITLES if t in low]
                if hits:
                    person_type = TITLES[max(hits, key=len)][0]
            actor = Actor(
                person_iri(name),
                name,
                person_type,
                represents=represents,
                role=role,
                aliases=tuple(entry.get("aliases") or ()),
            )
            actors[actor.iri] = actor
            by_name[name] = actor.iri
        else:
            resolve(name, entry.get("type"))

    spans = cache(lambda: _sentence_spans(article.text))  # split once, when first needed

    def evidence(item: dict[str, Any]) -> Evidence:
        assert article is not None
        found = _evidence(article, item.get("sentence_start"), spans)
        if found is None:
            notes.append(f"sentence not found in the article: {item.get('sentence_start')!r}")
            return Evidence(0, 0, "")
        return found

    meetings = []
    for item in record.get("meetings") or []:
        participants = tuple(resolve(str(p)) for p in item.get("participants") or [])
        meetings.append(Meeting(participants, evidence(item), date=article.date))
    claims = []
    for item in record.get("claims") or []:
        claims.append(
            Claim(
                claimant=resolve(str(item["claimant"])),
                type=item["type"],
                evidence=evidence(item),
                target=resolve(str(item["target"])) if item.get("target") else None,
                topic=item.get("topic"),
                date=article.date,
            )
        )
    return Extraction(
        article=article,
        actors=tuple(actors.values()),
        meetings=tuple(meetings),
        claims=tuple(claims),
        extractor="curated",
        extractor_version="",
        curated=True,
        notes=tuple(notes),
    )
