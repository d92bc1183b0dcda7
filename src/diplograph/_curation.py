"""Hand-curated annotations imported as data: gold-schema JSON lines -> the store.

A team curates meetings and claims by hand in the gold annotation schema
(``examples/gold.jsonl``; one JSON object per line) and ingests them beside
extracted articles. Each record goes the way an extracted article goes:
:func:`diplograph.annotations.from_record` makes a curated
:class:`~diplograph.model.Extraction`, :func:`diplograph.rdf.build.to_graph` the
article's named graph (its meetings and claims ``prov:wasGeneratedBy`` a
``dg:CurationActivity`` instead of a ``dg:ExtractionActivity``), the same SHACL
shapes validate it, and it is stored or quarantined by
:func:`diplograph.pipeline.ingest_extractions`.

Evidence needs the article text, because every meeting and claim cites its sentence
with character offsets. A record gets its text from, in order:

1. a ``text`` field in the record itself (with ``url``, ``title``, ``date``,
   ``outlet`` for the metadata);
2. the article files given as ``articles`` (``--articles`` on the command line),
   matched by ``id``, else by ``url``; the file's metadata is used, so the article
   gets the same IRI as when it is extracted.

A meeting or claim names its sentence by ``sentence_start`` (its first words), or
by ``start``/``end`` character offsets (as ``diplograph extract --format
annotations`` writes them), which win when given.

A curated article has the IRI its extracted version would have, so ingesting the
annotation of an article replaces that article's extracted graph (and ingesting the
article again with the extractor puts the extracted one back): one named graph per
article, whichever was ingested last.

A line that is not valid JSON, a record without text, a sentence that is not in
the text, or a name that is not a string is reported in ``summary.failed`` as
``file:line`` with the reason; the other records go on.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from diplograph.errors import DiplographError, InputError
from diplograph.model import CLAIM_TYPES, Article, Evidence, Extraction
from diplograph.pipeline import IngestSummary, Progress, ingest_extractions
from diplograph.store.base import Store

__all__ = ["AnnotationSource", "curated_extractions", "ingest_annotations", "merge_summaries"]

AnnotationSource = str | os.PathLike[str] | Iterable[Mapping[str, Any]]
"""A JSON-lines file, or records already parsed (dicts in the gold schema)."""

_ARTICLE_KEYS = ("id", "url", "title", "date", "outlet", "text")
_ACTOR_TEXT_KEYS = ("type", "affiliation", "role")


def _lines(source: AnnotationSource, failed: list[tuple[str, str]]) -> Iterator[tuple[str, Any]]:
    """``(where, parsed record)`` per non-empty line (or per given record)."""
    if isinstance(source, str | os.PathLike):
        path = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            failed.append((path, f"cannot read the annotations: {exc}"))
            return
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield f"{path}:{number}", json.loads(line)
            except json.JSONDecodeError as exc:
                failed.append(
                    (f"{path}:{number}", f"not valid JSON: {exc.msg} (column {exc.colno})")
                )
        return
    for number, record in enumerate(source, start=1):
        yield f"<record {number}>", record


def merge_summaries(into: IngestSummary, other: IngestSummary) -> IngestSummary:
    """Add ``other``'s counts and lists to ``into`` (two ingests reported as one)."""
    into.articles_read += other.articles_read
    into.stored += other.stored
    into.quarantined += other.quarantined
    into.failed.extend(other.failed)
    into.duplicates.extend(other.duplicates)
    into.released += other.released
    into.triples_written += other.triples_written
    into.seconds += other.seconds
    return into


def _problems(record: Any) -> list[str]:
    """What makes a record unusable, before any of it is read."""
    if not isinstance(record, dict):
        return ["expected a JSON object per line"]
    found: list[str] = []
    if record.get("id") in (None, "") and not record.get("url"):
        found.append("the record has neither 'id' nor 'url'")
    for key in ("actors", "meetings", "claims"):
        value = record.get(key)
        if value is not None and not isinstance(value, list):
            found.append(f"'{key}' must be a list")
    if "text" in record and not isinstance(record["text"], str):
        found.append("'text' must be a string")
    if found:
        return found
    for i, actor in enumerate(record.get("actors") or [], start=1):
        if (
            not isinstance(actor, dict)
            or not isinstance(actor.get("name"), str)
            or not actor["name"]
        ):
            found.append(f"actor {i}: needs a 'name' (a non-empty string)")
            continue
        for key in _ACTOR_TEXT_KEYS:
            if actor.get(key) is not None and not isinstance(actor[key], str):
                found.append(f"actor {i} ({actor['name']}): '{key}' must be a string or null")
    for i, meeting in enumerate(record.get("meetings") or [], start=1):
        people = meeting.get("participants") if isinstance(meeting, dict) else None
        if (
            not isinstance(people, list)
            or len(people) < 2
            or not all(isinstance(p, str) and p for p in people)
        ):
            found.append(f"meeting {i}: 'participants' must list two or more names")
    for i, claim in enumerate(record.get("claims") or [], start=1):
        if not isinstance(claim, dict):
            found.append(f"claim {i}: expected an object")
            continue
        if claim.get("type") not in CLAIM_TYPES:
            found.append(
                f"claim {i}: 'type' must be one of {', '.join(CLAIM_TYPES)}, "
                f"not {claim.get('type')!r}"
            )
        if not isinstance(claim.get("claimant"), str) or not claim["claimant"]:
            found.append(f"claim {i}: needs a 'claimant' (a name)")
        for key in ("target", "topic"):
            if claim.get(key) is not None and not isinstance(claim[key], str):
                found.append(f"claim {i}: '{key}' must be a string or null")
    return found


def _article(
    record: dict[str, Any], where: str, by_id: Mapping[str, Article], by_url: Mapping[str, Article]
) -> Article:
    """The article a record annotates, with ``source`` set to where the record is."""
    if isinstance(record.get("text"), str):
        from diplograph.read import read_text

        # the reader's own jsonl rules check the metadata and normalise line endings
        fields = {k: record[k] for k in _ARTICLE_KEYS if record.get(k) not in (None, "")}
        article = read_text(
            json.dumps(fields),
            id=str(record.get("id") or record.get("url")),
            format="jsonl",
            source=where,
        )
        return dataclasses.replace(article, source=where)
    key = str(record["id"]) if record.get("id") not in (None, "") else None
    found = by_id.get(key) if key is not None else None
    if found is None and record.get("url"):
        found = by_url.get(str(record["url"]))
    if found is None:
        name = f"id {key!r}" if key is not None else f"url {record.get('url')!r}"
        raise InputError(
            f"no text for the article with {name}: give its file with --articles "
            "(articles=...), or put its text in a 'text' field",
            path=where,
        )
    return dataclasses.replace(found, source=where)


def _explicit(item: Mapping[str, Any], article: Article) -> Evidence | None:
    start, end = item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return None
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"offsets [{start}, {end}) are outside the article text")
    text = article.text[start:end]
    sentence = item.get("sentence")
    if isinstance(sentence, str) and sentence != text:
        raise ValueError(f"offsets [{start}, {end}) do not slice the text to its 'sentence'")
    return Evidence(start, end, text)


def _extraction(record: dict[str, Any], article: Article) -> tuple[Extraction, list[str]]:
    """The curated extraction, and the facts whose sentence could not be placed."""
    from diplograph.annotations import from_record

    extraction = from_record(record, article)
    problems = [n for n in extraction.notes if not n.startswith("sentence not found")]

    def placed(kind: str, facts: tuple[Any, ...], items: list[Any]) -> tuple[Any, ...]:
        out = list(facts)
        for i, (fact, item) in enumerate(zip(facts, items, strict=True)):
            try:
                given = _explicit(item, article)
            except ValueError as exc:
                problems.append(f"{kind} {i + 1}: {exc}")
                continue
            if given is not None:
                out[i] = dataclasses.replace(fact, evidence=given)
            elif not fact.evidence.text:
                problems.append(
                    f"{kind} {i + 1}: sentence not found in the article: "
                    f"{item.get('sentence_start')!r}"
                )
        return tuple(out)

    meetings = placed("meeting", extraction.meetings, record.get("meetings") or [])
    claims = placed("claim", extraction.claims, record.get("claims") or [])
    return dataclasses.replace(extraction, meetings=meetings, claims=claims, notes=()), problems


def _index(
    articles: Iterable[Article | str | os.PathLike[str]], failed: list[tuple[str, str]]
) -> tuple[dict[str, Article], dict[str, Article]]:
    from diplograph.read import read_articles

    given = list(articles)
    found = [a for a in given if isinstance(a, Article)]
    paths = [p for p in given if not isinstance(p, Article)]
    if paths:
        found += read_articles(
            paths,
            on_error=lambda e: failed.append(
                (f"{e.path or '<input>'}{f':{e.line}' if e.line is not None else ''}", e.reason)
            ),
        )
    by_id = {a.id: a for a in found}
    by_url = {a.url: a for a in found if a.url}
    return by_id, by_url


def _curate(
    annotations: AnnotationSource,
    by_id: Mapping[str, Article],
    by_url: Mapping[str, Article],
    errors: list[tuple[str, str]],
) -> Iterator[Extraction]:
    for where, record in _lines(annotations, errors):
        problems = _problems(record)
        if problems:
            errors.append((where, "; ".join(problems)))
            continue
        try:
            article = _article(record, where, by_id, by_url)
            extraction, problems = _extraction(record, article)
        except InputError as exc:
            errors.append((where, exc.reason))
            continue
        except (DiplographError, ValueError, KeyError, TypeError) as exc:
            errors.append((where, f"cannot use the record: {exc}"))
            continue
        if problems:
            errors.append((where, "; ".join(problems)))
            continue
        yield extraction


def curated_extractions(
    annotations: AnnotationSource,
    *,
    articles: Iterable[Article | str | os.PathLike[str]] = (),
    failed: list[tuple[str, str]] | None = None,
) -> Iterator[Extraction]:
    """The curated extractions of the records in ``annotations``, one per usable record.

    What cannot be used is appended to ``failed`` as ``(where, reason)``: ``where`` is
    ``file:line`` for a record (``<record N>`` for records given as dicts), or the
    path of an article file that cannot be read.
    """
    errors = failed if failed is not None else []
    by_id, by_url = _index(articles, errors)
    yield from _curate(annotations, by_id, by_url, errors)


def ingest_annotations(
    annotations: AnnotationSource,
    store: Store,
    *,
    articles: Iterable[Article | str | os.PathLike[str]] = (),
    jobs: int = 1,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest hand-curated annotations (gold-schema JSON lines) into ``store``.

    ``annotations`` is a ``.jsonl`` file or an iterable of records (dicts);
    ``articles`` are the article files, directories or :class:`Article` objects whose
    text the records annotate (records with a ``text`` field need none). Conforming
    articles are stored, the others quarantined with the reasons, exactly as
    extracted ones; unusable records are listed in ``summary.failed`` (``file:line``)
    and counted in ``summary.articles_read``.
    """
    article_errors: list[tuple[str, str]] = []
    by_id, by_url = _index(articles, article_errors)
    record_errors: list[tuple[str, str]] = []
    extractions = list(_curate(annotations, by_id, by_url, record_errors))
    summary = ingest_extractions(extractions, store, jobs=jobs, progress=progress)
    summary.articles_read += len(record_errors)
    summary.failed[:0] = [*article_errors, *record_errors]
    return summary
