"""Score extraction against hand annotations, edge by edge.

An article matches the gold record with the same ``id`` (else the same ``url``).
Both sides are reduced to actor-level edges (:func:`diplograph.annotations.edges`),
names canonicalised through the reference actors (so "OIC" and "Organisation of
Islamic Cooperation" agree), and compared as sets per article. Precision, recall
and F1 are given per edge type, overall, and for the "core" types (all but
``statement``), with the missed and spurious edges and their sentences, so a person
sees why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from diplograph.annotations import Edge, edges, to_record
from diplograph.model import CLAIM_TYPES, Extraction

__all__ = ["EDGE_TYPES", "EdgeReport", "EvaluationResult", "Score", "evaluate"]

EDGE_TYPES: tuple[str, ...] = ("meeting", *CLAIM_TYPES)
"""Edge types scored: meetings and the nine claim types."""


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of true positives, false positives and false negatives, and the ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class EdgeReport:
    """A missed or spurious edge of one article, with the sentences it comes from."""

    article: str
    edge: Edge
    sentences: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "edge": list(self.edge), "sentences": list(self.sentences)}


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Scores per edge type, overall and core; missed and spurious edges."""

    per_type: dict[str, Score]
    overall: Score
    core: Score
    missed: tuple[EdgeReport, ...]
    spurious: tuple[EdgeReport, ...]
    articles: tuple[str, ...]
    """Ids of the articles scored (those with a gold record)."""
    unmatched: tuple[str, ...] = field(default=())
    """Ids of articles that had no gold record (not scored)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": list(self.articles),
            "unmatched": list(self.unmatched),
            "overall": self.overall.to_dict(),
            "core": self.core.to_dict(),
            "per_type": {k: v.to_dict() for k, v in self.per_type.items()},
            "missed": [m.to_dict() for m in self.missed],
            "spurious": [s.to_dict() for s in self.spurious],
        }


def _canonical() -> Any:
    from diplograph.extract._gazetteer import default_gazetteer

    gazetteer = default_gazetteer()

    def canon(name: str) -> str:
        actor = gazetteer.lookup(name)
        return actor.label if actor is not None else name

    return canon


def _edge_sentences(record: dict[str, Any], canon: Any) -> dict[Edge, list[str]]:
    level = {
        str(a["name"]): str(a["affiliation"])
        for a in record.get("actors") or []
        if isinstance(a, dict) and a.get("affiliation") and a.get("name")
    }

    def up(name: Any) -> str:
        return str(canon(level.get(str(name), str(name))))

    out: dict[Edge, list[str]] = defaultdict(list)
    for m in record.get("meetings") or []:
        names = sorted({up(p) for p in m.get("participants") or []})
        text = str(m.get("sentence") or m.get("sentence_start") or "")
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                out[(a, "meeting", b)].append(text)
    for c in record.get("claims") or []:
        if c.get("target") and c.get("claimant"):
            out[(up(c["claimant"]), str(c["type"]), up(c["target"]))].append(
                str(c.get("sentence") or c.get("sentence_start") or "")
            )
    return out


def _canon_edges(found: set[Edge], canon: Any) -> set[Edge]:
    out: set[Edge] = set()
    for a, kind, b in found:
        a, b = canon(a), canon(b)
        if a == b:
            continue
        out.add((min(a, b), kind, max(a, b)) if kind == "meeting" else (a, kind, b))
    return out


def evaluate(
    extractions: Iterable[Extraction], gold_records: Iterable[dict[str, Any]]
) -> EvaluationResult:
    """Score ``extractions`` against ``gold_records`` (see the module docstring)."""
    canon = _canonical()
    by_id: dict[str, dict[str, Any]] = {}
    by_url: dict[str, dict[str, Any]] = {}
    for record in gold_records:
        if record.get("id") is not None:
            by_id[str(record["id"])] = record
        if record.get("url"):
            by_url[str(record["url"])] = record
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in EDGE_TYPES}
    missed: list[EdgeReport] = []
    spurious: list[EdgeReport] = []
    scored: list[str] = []
    unmatched: list[str] = []
    for extraction in extractions:
        article = extraction.article
        gold = by_id.get(article.id) or (by_url.get(article.url) if article.url else None)
        if gold is None:
            unmatched.append(article.id)
            continue
        scored.append(article.id)
        predicted_record = to_record(extraction)
        predicted = _canon_edges(edges(predicted_record), canon)
        expected = _canon_edges(edges(gold), canon)
        gold_sentences = _edge_sentences(gold, canon)
        our_sentences = _edge_sentences(predicted_record, canon)
        for edge in predicted | expected:
            kind = edge[1]
            row = counts.setdefault(kind, [0, 0, 0])
            if edge in predicted and edge in expected:
                row[0] += 1
            elif edge in predicted:
                row[1] += 1
                spurious.append(EdgeReport(article.id, edge, tuple(our_sentences.get(edge, []))))
            else:
                row[2] += 1
                missed.append(EdgeReport(article.id, edge, tuple(gold_sentences.get(edge, []))))
    per_type = {k: Score(*v) for k, v in counts.items()}
    overall = sum(per_type.values(), Score())
    core = sum((s for k, s in per_type.items() if k != "statement"), Score())
    order = {t: i for i, t in enumerate(EDGE_TYPES)}

    def key(r: EdgeReport) -> tuple[str, int, Edge]:
        return (r.article, order.get(r.edge[1], 99), r.edge)

    return EvaluationResult(
        per_type,
        overall,
        core,
        tuple(sorted(missed, key=key)),
        tuple(sorted(spurious, key=key)),
        tuple(scored),
        tuple(unmatched),
    )
