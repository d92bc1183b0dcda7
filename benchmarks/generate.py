"""Deterministic synthetic diplomatic news: articles (txt or jsonl) and large stores.

Articles follow the phrasings of ``examples/articles``: a dateline, meetings with
lists of partners, quotes attributed after the quote, passive voice, "according to",
and sentences of every claim type (accusation, denial, appeal, commitment, warning,
criticism, proposal, support, statement). Actors are the reference states and
organisations (:func:`diplograph.ontology.reference_actors`), activity skewed as in
news (a few states appear often, most rarely); persons are invented, with titles, and
recur across articles (each state has a fixed cast). Dates spread over 2019-2026.

Article ``i`` of seed ``s`` depends on ``(s, i)`` only, so any slice of a corpus is
the same text every time, on every machine. Each generated article comes with the
:class:`~diplograph.model.Extraction` that states what it says (its "truth"); the
store generator (:func:`build_store`, also used by ``bench_query.py``) maps those with
:func:`diplograph.rdf.build.to_graph` and :func:`diplograph.infer.infer` and
bulk-loads them as ingestion writes them (``ontology/README.md``, "Store layout"), so
a million-triple store takes about a minute, not an ingest run.

Usage::

    python benchmarks/generate.py articles -n 1000 -o /tmp/corpus          # .txt files
    python benchmarks/generate.py articles -n 10000 -o /tmp/corpus.jsonl    # one jsonl
    python benchmarks/generate.py store --triples 1000000 -o /tmp/store-1m

>>> a = next(generate_articles(1, seed=3))
>>> a.article == next(generate_articles(1, seed=3)).article
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from diplograph.model import (
    CLAIM_TYPES,
    Actor,
    ActorType,
    Article,
    Claim,
    ClaimType,
    Evidence,
    Extraction,
    Meeting,
)
from diplograph.rdf.mint import person_iri

__all__ = [
    "SyntheticArticle",
    "article_nquads",
    "build_store",
    "generate_articles",
    "write_jsonl",
    "write_txt",
]

# fmt: off
_START = dt.date(2019, 1, 1)
_DAYS = 8 * 365
_OUTLETS = (
    "Subcontinent Wire", "The Meridian Post", "Global Affairs Daily", "The Evening Compass",
    "Capital Dispatch", "World Desk", "The Continental Herald", "Pacific Ledger",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FIRST = (
    "Amina", "Arvind", "Farhana", "Oksana", "Pieter", "Ingrid", "Lena", "Irina", "Akiko",
    "Min-seo", "Priya", "Brian", "Lucia", "Yonas", "Thanh", "Karim", "Sofia", "Tomas", "Nadia",
    "Rafael", "Hana", "Omar", "Elena", "Kwame", "Aisha", "Mateo", "Yuki", "Anders", "Leila",
    "Dmitri", "Chen", "Fatima", "Jonas", "Mariam", "Diego", "Zainab", "Henrik", "Grace",
    "Tariq", "Ines", "Samuel", "Noor", "Pavel", "Ana", "Kofi", "Rania", "Lars",
)
_LAST = (
    "Mehra", "Kabir", "Levchenko", "van Loon", "Halvorsen", "Varga", "Belova", "Sato",
    "Rathnayake", "Kessler", "Herrera", "Tesfay", "Okafor", "Lindqvist", "Haddad", "Moreno",
    "Nakamura", "Petrov", "Mensah", "Rahman", "Costa", "Novak", "Farouk", "Castillo", "Osei",
    "Ibrahim", "Tanaka", "Kowalski", "Abdi", "Silva", "Jensen", "Qureshi", "Alvarez", "Mwangi",
    "Hassan", "Berg", "Duarte", "Kaya", "Nguyen", "Sokolov", "Mbeki", "Aziz", "Larsen",
    "Quispe", "Demir", "Bakr", "Fischer", "Achebe", "Suleiman",
)
# Titles of a state's cast: (title, role written into the graph, actor type).
_CAST: tuple[tuple[str, str, ActorType], ...] = (
    ("Foreign Minister", "Foreign Minister", "Envoy"),
    ("Ambassador", "Ambassador", "Envoy"),
    ("Permanent Representative to the United Nations",
     "Permanent Representative to the United Nations", "Envoy"),
    ("Prime Minister", "Prime Minister", "Official"),
    ("foreign ministry spokesperson", "foreign ministry spokesperson", "Official"),
    ("Trade Minister", "Trade Minister", "Envoy"),
)
_ORGS = (
    "UN", "EU", "AU", "ASEAN", "OIC", "NATO", "SCO", "SAARC", "GCC", "OAS", "IAEA", "WTO",
    "UNSC", "UNGA", "UNHRC", "LAS", "HRW", "ICRC", "OSCE", "G20",
)
_THE = {
    "United States", "United Kingdom", "Netherlands", "Philippines", "Bahamas", "Gambia",
    "Democratic Republic of the Congo", "Republic of the Congo", "Central African Republic",
    "Dominican Republic", "Marshall Islands", "Solomon Islands", "Holy See",
    "United Arab Emirates", "Comoros", "Maldives", "Seychelles", "Czech Republic",
}
_TOPICS = (
    "trade and border security", "water sharing", "maritime security", "energy supplies",
    "the return of refugees", "a ceasefire", "visa rules", "climate finance",
    "counter-terrorism cooperation", "the release of detained fishermen", "debt relief",
    "nuclear safeguards", "fishing rights", "a new rail link", "food security",
)
_OFFENCES = (
    "violating the ceasefire along the frontier", "arming rebel groups",
    "interfering in its internal affairs", "detaining its nationals without charge",
    "blocking humanitarian aid", "spreading disinformation", "illegal fishing in its waters",
    "harassing its diplomats", "shelling villages near the border",
)
_ACTIONS = (
    "return to dialogue", "show restraint", "release the detained sailors",
    "reopen the border crossings", "respect the ceasefire", "allow aid convoys through",
    "resume talks without preconditions", "withdraw its troops from the disputed area",
)
_GOALS = (
    "peace and dialogue", "a negotiated settlement", "regional stability",
    "the agreed timetable", "open trade", "the protection of civilians",
)
_CONSEQUENCES = (
    "further escalation could trigger a wider crisis", "sanctions would follow",
    "the talks could collapse", "the region was on the brink of conflict",
    "any attack would be met with a proportionate response",
)
_PROPOSALS = (
    "a joint task force", "a new round of talks", "a hotline between military commanders",
    "a regional summit", "an independent fact-finding mission", "a joint rivers commission",
)
_VENUES = (
    "GENEVA", "NEW YORK", "ISTANBUL", "DUBAI", "MUNICH", "SHANGHAI", "MUMBAI", "SYDNEY",
    "JOHANNESBURG", "SAO PAULO", "KARACHI", "ALMATY", "ZURICH", "OSAKA", "CASABLANCA",
)
# Background sentences that carry no claim or meeting (news is mostly context).
_BACKGROUND = (
    "Trade between the two countries reached about ${n} billion last year.",
    "The talks were the first at this level in {n} years.",
    "Officials said a new bus route linking the two capitals would open in the spring.",
    "The dispute dates back to a border agreement signed more than {n} decades ago.",
    "Some {n},000 people have fled the fighting since the start of the year.",
    "Analysts said the meeting was unlikely to produce a breakthrough.",
    "A joint statement is expected to be published later in the week.",
    "Delegations from {n} countries attended the opening session.",
)
_STATEMENTS = (
    "the talks had been frank and constructive", "trade between the two countries had grown",
    "the next round would be held later this year", "the situation remained calm",
    "both sides had agreed to keep in contact",
)

# fmt: on


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article and the extraction that states what its text says."""

    article: Article
    truth: Extraction


@dataclass(frozen=True)
class _Ref:
    """An actor as the text names it: first mention, later mentions, and the Actor."""

    actor: Actor
    full: str  # "Pakistan's Foreign Minister Amina Rahman" / "the United States"
    short: str  # "Rahman" / "the United States"
    state: Actor | None = None  # the state a person represents


@cache
def _pool() -> tuple[tuple[Actor, ...], tuple[float, ...], tuple[Actor, ...]]:
    """States (with Zipf-like weights, order fixed by a seeded shuffle) and organisations."""
    from diplograph.ontology import reference_actors

    actors = reference_actors()
    states = sorted((a for a in actors if a.type == "State"), key=lambda a: a.iri)
    random.Random("diplograph-states").shuffle(states)
    weights = tuple(1.0 / (rank + 1) ** 0.9 for rank in range(len(states)))
    by_code = {a.code: a for a in actors if a.code}
    orgs = tuple(by_code[c] for c in _ORGS if c in by_code)
    return tuple(states), weights, orgs


def _name(state: Actor) -> str:
    return f"the {state.label}" if state.label in _THE else state.label


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _poss(name: str) -> str:
    return name + "'" if name.endswith("s") and not name.startswith("the ") else name + "'s"


@cache
def _names() -> tuple[tuple[str, str], ...]:
    """Every (first, last) pair once, in a fixed shuffled order: one per cast member."""
    pairs = [(f, last) for f in _FIRST for last in _LAST]
    random.Random("diplograph-names").shuffle(pairs)
    return tuple(pairs)


@cache
def _state_index() -> dict[str, int]:
    return {s.iri: i for i, s in enumerate(sorted(_pool()[0], key=lambda a: a.iri))}


def _person(state_iri: str, slot: int) -> tuple[str, str]:
    """The (first, last) name of a state's cast member: unique, fixed for all corpora."""
    return _names()[_state_index()[state_iri] * len(_CAST) + slot]


def _person_ref(state: Actor, slot: int) -> _Ref:
    title, role, kind = _CAST[slot]
    first, last = _person(state.iri, slot)
    full_name = f"{first} {last}"
    actor = Actor(
        iri=person_iri(full_name), label=full_name, type=kind, represents=state.iri, role=role
    )
    if title[0].islower():
        mention = f"{_poss(_name(state))} {title}, {full_name},"
    else:
        mention = f"{_poss(_name(state))} {title} {full_name}"
    return _Ref(actor, mention, last, state)


def _state_ref(state: Actor) -> _Ref:
    return _Ref(state, _name(state), _name(state))


def _org_ref(org: Actor) -> _Ref:
    return _Ref(org, f"the {org.label}", f"the {org.code}" if org.code else f"the {org.label}")


class _Writer:
    """Builds the text sentence by sentence and records evidence offsets."""

    def __init__(self, rng: random.Random, date: dt.date) -> None:
        self.rng = rng
        self.date = date
        self.parts: list[str] = []
        self.length = 0
        self.actors: dict[str, Actor] = {}
        self.meetings: list[Meeting] = []
        self.claims: list[Claim] = []
        self.mentioned: set[str] = set()

    def name(self, ref: _Ref, *, start: bool = False) -> str:
        """The mention of ``ref``: full the first time, short after; capitalised at start."""
        self.actors.setdefault(ref.actor.iri, ref.actor)
        if ref.state is not None:
            self.actors.setdefault(ref.state.iri, ref.state)
        text = ref.short if ref.actor.iri in self.mentioned else ref.full
        self.mentioned.add(ref.actor.iri)
        return _cap(text) if start else text

    def sentence(self, text: str, *, new_paragraph: bool = False) -> Evidence:
        if self.parts:
            sep = "\n\n" if new_paragraph else " "
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return Evidence(start, self.length, text)

    def meet(self, a: _Ref, b: _Ref, ev: Evidence) -> None:
        self.meetings.append(Meeting((a.actor.iri, b.actor.iri), ev, self.date))

    def claim(
        self,
        who: _Ref,
        kind: ClaimType,
        ev: Evidence,
        target: _Ref | None = None,
        topic: str | None = None,
    ) -> None:
        tgt = target.actor.iri if target is not None and target.actor != who.actor else None
        self.claims.append(Claim(who.actor.iri, kind, ev, tgt, topic, (), self.date))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _claim_sentence(w: _Writer, kind: ClaimType, c: _Ref, t: _Ref) -> None:
    """One sentence of ``kind`` by ``c`` (about ``t``), in one of several phrasings."""
    rng = w.rng
    form = rng.randrange(3)
    para = rng.random() < 0.5
    if kind == "accusation":
        off = rng.choice(_OFFENCES)
        if form == 0:
            text = f"{w.name(c, start=True)} accused {w.name(t)} of {off}."
        elif form == 1:
            text = f"{w.name(t, start=True)} was accused by {w.name(c)} of {off}."
        else:
            text = f"According to {w.name(c)}, {w.name(t)} is guilty of {off}."
    elif kind == "denial":
        if form == 0:
            text = f"{w.name(c, start=True)} denied the allegations made by {w.name(t)}."
        elif form == 1:
            text = f"{w.name(c, start=True)} rejected the charge by {w.name(t)} as baseless."
        else:
            text = f"{w.name(c, start=True)} dismissed the accusations of {w.name(t)}."
    elif kind == "appeal":
        act = rng.choice(_ACTIONS)
        if form == 0:
            text = f"{w.name(c, start=True)} urged {w.name(t)} to {act}."
        elif form == 1:
            text = f"{w.name(c, start=True)} called on {w.name(t)} to {act}."
        else:
            text = f"{w.name(t, start=True)} was urged by {w.name(c)} to {act}."
    elif kind == "commitment":
        goal = rng.choice(_GOALS)
        if form == 0:
            text = f"{w.name(c, start=True)} remains firmly committed to {goal}."
        elif form == 1:
            text = f"{w.name(c, start=True)} pledged to work with {w.name(t)} towards {goal}."
        else:
            text = f"{w.name(c, start=True)} vowed to uphold {goal}."
        if form != 1:
            t = c
    elif kind == "warning":
        cons = rng.choice(_CONSEQUENCES)
        if form == 0:
            text = f"{w.name(c, start=True)} warned {w.name(t)} that {cons}."
        elif form == 1:
            text = f'"Any further step by {w.name(t)} means {cons}," warned {w.name(c)}.'
            text = text.replace(" means ", " means that ", 1)
        else:
            text = f"{w.name(c, start=True)} cautioned {w.name(t)} that {cons}."
    elif kind == "criticism":
        off = rng.choice(_OFFENCES)
        if form == 0:
            text = f"{w.name(c, start=True)} criticised {w.name(t)} for {off}."
        elif form == 1:
            text = f"{w.name(t, start=True)} was condemned by {w.name(c)} for {off}."
        else:
            text = f"{w.name(c, start=True)} denounced {w.name(t)} for {off}."
    elif kind == "proposal":
        prop = rng.choice(_PROPOSALS)
        if form == 0:
            text = f"{w.name(c, start=True)} proposed {prop} with {w.name(t)}."
        elif form == 1:
            text = f"{w.name(c, start=True)} offered {w.name(t)} {prop}."
        else:
            text = f"{w.name(c, start=True)} suggested {prop} to {w.name(t)}."
    elif kind == "support":
        if form == 0:
            text = f"{w.name(c, start=True)} welcomed the decision by {w.name(t)}."
        elif form == 1:
            text = f"{w.name(c, start=True)} praised {w.name(t)} for its role in the talks."
        else:
            text = f"{w.name(c, start=True)} said it supported the plan put forward by {w.name(t)}."
    else:
        st = rng.choice(_STATEMENTS)
        if form == 0:
            text = f"{w.name(c, start=True)} said {st}."
        elif form == 1:
            text = f'"We believe {st}," {w.name(c)} told reporters.'
        else:
            text = f"According to {w.name(c)}, {st}."
        t = c
    w.claim(c, kind, w.sentence(text, new_paragraph=para), t)


_KINDS: tuple[ClaimType, ...] = CLAIM_TYPES
_KIND_WEIGHTS = (3, 2, 3, 2, 2, 2, 1, 2, 4)  # in the order of CLAIM_TYPES


def _one(seed: int, index: int) -> SyntheticArticle:
    rng = random.Random(f"diplograph-bench:{seed}:{index}")
    states, weights, orgs = _pool()
    date = _START + dt.timedelta(days=rng.randrange(_DAYS))
    host, guest, *others = rng.choices(states, weights, k=6)
    while guest == host:
        guest = rng.choice(states)
    w = _Writer(rng, date)
    h = _person_ref(host, rng.choice((0, 0, 1, 2, 3)))
    g = _person_ref(guest, rng.choice((0, 0, 1, 2, 5)))
    topic = rng.choice(_TOPICS)
    weekday = _WEEKDAYS[date.weekday()]
    city = rng.choice(_VENUES)
    opening = (
        f"{city}, {date:%B} {date.day} ({rng.choice(_OUTLETS).split()[-1][:3].upper()}) - "
        f"{w.name(h, start=True)} met {w.name(g)} on {weekday} to discuss {topic}."
    )
    w.meet(h, g, w.sentence(opening))
    # a list of partners: one meeting per partner
    partners: list[_Ref] = []
    for s in others[: rng.randrange(2, 5)]:
        if s not in (host, guest) and all(p.actor != s for p in partners):
            partners.append(_state_ref(s))
    if rng.random() < 0.6:
        partners.append(_org_ref(rng.choice(orgs)))
    if len(partners) >= 2:
        names = [w.name(p) for p in partners]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        ev = w.sentence(
            f"Officials from {_name(host)} also met diplomats from {listed}.", new_paragraph=True
        )
        hs = _state_ref(host)
        w.name(hs)
        for p in partners:
            w.meet(hs, p, ev)
    cast = [h, g, _state_ref(host), _state_ref(guest), *partners]
    if rng.random() < 0.5:
        org = rng.choice(orgs)
        cast.append(_org_ref(org))
    n_claims = rng.randrange(6, 13)
    for _ in range(n_claims):
        if rng.random() < 0.35:
            background = rng.choice(_BACKGROUND).format(n=rng.randrange(2, 40))
            w.sentence(background, new_paragraph=rng.random() < 0.5)
        kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        c = rng.choice(cast[:4] if rng.random() < 0.7 else cast)
        t = rng.choice([x for x in cast if x.actor != c.actor and x.actor != c.state])
        _claim_sentence(w, kind, c, t)
    if rng.random() < 0.5:
        w.sentence(f"The two sides will meet again in {date.year + 1}.", new_paragraph=True)
    outlet = rng.choice(_OUTLETS)
    title = f"{_cap(_name(host))} and {_name(guest)} hold talks on {topic}"
    article = Article(
        id=f"bench-{seed}-{index:06d}",
        text=w.text,
        url=f"https://example.org/bench/{seed}/{index:06d}",
        title=title,
        date=date,
        outlet=outlet,
    )
    truth = Extraction(
        article=article,
        actors=tuple(w.actors.values()),
        meetings=tuple(w.meetings),
        claims=tuple(w.claims),
        extractor="synthetic.truth",
        curated=True,
    )
    return SyntheticArticle(article, truth)


def generate_articles(n: int, *, seed: int = 0, start: int = 0) -> Iterator[SyntheticArticle]:
    """Articles ``start`` .. ``start + n - 1`` of the corpus of ``seed`` (same text every run)."""
    for index in range(start, start + n):
        yield _one(seed, index)


def _front_matter(a: Article) -> str:
    assert a.date is not None
    return (
        "---\n"
        f"id: {json.dumps(a.id)}\n"
        f"url: {a.url}\n"
        f"title: {json.dumps(a.title)}\n"
        f"date: {a.date.isoformat()}\n"
        f"outlet: {a.outlet}\n"
        "---\n"
    )


def write_txt(folder: Path, n: int, *, seed: int = 0) -> list[Path]:
    """Write ``n`` articles as ``.txt`` files with YAML front matter into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in generate_articles(n, seed=seed):
        path = folder / f"{s.article.id}.txt"
        path.write_text(_front_matter(s.article) + s.article.text, encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl(path: Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` articles as JSON lines (id, url, title, date, outlet, text) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for s in generate_articles(n, seed=seed):
            a = s.article
            assert a.date is not None
            record = {
                "id": a.id,
                "url": a.url,
                "title": a.title,
                "date": a.date.isoformat(),
                "outlet": a.outlet,
                "text": a.text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


_DG = "https://w3id.org/diplograph/ontology#"
_BATCH = 200  # articles per bulk load (the 1M-quad benchmark store overshoots by < 200)


def _quarantine_record(iri: str, article_id: str) -> list[str]:
    from diplograph.store import quarantine_record_iri

    record = f"<{quarantine_record_iri(iri)}>"
    return [
        f"{record} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{_DG}QuarantineRecord> .",
        f"{record} <{_DG}quarantinedArticle> <{iri}> .",
        f'{record} <{_DG}articleId> "{article_id}" .',
        f'{record} <{_DG}sourcePath> "articles/{article_id}.txt" .',
        f'{record} <{_DG}reason> "Meeting needs at least two participants" .',
    ]


def _in_graph(lines: Iterable[str], graph: str) -> str:
    # A statement written by prepare() ends with " ."; put the graph name before it.
    return "".join(f"{line[:-1]}<{graph}> .\n" for line in lines)


def article_nquads(
    articles: Iterable[SyntheticArticle],
    reference: AbstractSet[str],
    *,
    start: int = 0,
    inferred: bool = True,
) -> Iterator[str]:
    """N-Quads text of each article as ingestion stores it (ontology/README.md, "Store
    layout"), one chunk per article.

    The article's graph (:func:`~diplograph.rdf.build.to_graph`) and its ``/inferred``
    graph (:func:`~diplograph.infer.infer`) without the ``reference`` statements
    (:func:`~diplograph.store.reference_statements`), so reference actors are described
    once, in ``dgr:graph/actors``. Article ``start + i`` is "quarantined" when
    ``(start + i) % 100 == 99``: only its ``dg:QuarantineRecord`` is written.
    """
    from diplograph.infer import infer
    from diplograph.rdf.build import to_graph
    from diplograph.store import (
        QUARANTINE_GRAPH,
        inferred_graph_name,
        prepare,
        without_reference,
    )

    for i, s in enumerate(articles, start=start):
        iri = s.article.iri
        if i % 100 == 99:
            yield _in_graph(_quarantine_record(iri, s.article.id), QUARANTINE_GRAPH)
            continue
        graph = to_graph(s.truth)
        yield _in_graph(without_reference(prepare(graph), reference).lines, iri)
        if inferred:
            closure = without_reference(prepare(infer(graph)), reference)
            yield _in_graph(closure.lines, inferred_graph_name(iri))


def build_store(
    path: Path,
    *,
    triples: int,
    seed: int = 0,
    inferred: bool = True,
    optimize: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write generated articles into a new Oxigraph store at ``path``, in the layout
    ingestion writes (:func:`article_nquads`), until the articles' graphs hold at least
    ``triples`` quads (the reference graphs' ~10k come on top); returns the number of
    articles (one in a hundred of them a quarantine record only).

    A new :class:`~diplograph.store.OxigraphStore` seeds the reference graphs, then the
    articles are bulk-loaded without SHACL validation (the generated extractions
    conform; ``tests/test_benchmarks.py`` checks a sample), so the result opens like any
    ingested store and a million quads take about a minute, not an ingest run. Then,
    unless ``optimize`` is false, the store is compacted as ``diplograph optimize``
    does after a large ingest (about 4 s a million quads).
    """
    import pyoxigraph as ox

    from diplograph.store import OxigraphStore, reference_statements

    with OxigraphStore(path) as store:  # creates the directory and seeds the reference graphs
        reference = reference_statements(store)
    raw = ox.Store(str(path))
    articles = 0
    base = len(raw)
    batch = max(1, min(_BATCH, triples // 2000))  # about 400 quads an article
    try:
        while len(raw) - base < triples:
            chunk = article_nquads(
                generate_articles(batch, seed=seed, start=articles),
                reference,
                start=articles,
                inferred=inferred,
            )
            raw.bulk_load(input="".join(chunk).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            articles += batch
            if progress is not None:
                progress(articles, len(raw))
        raw.flush()
    finally:
        del raw
    if optimize:
        with OxigraphStore(path, reference=False) as store:
            store.optimize()
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    arts = sub.add_parser("articles", help="write articles (.txt files, or one .jsonl)")
    arts.add_argument("-n", type=int, required=True, help="number of articles")
    arts.add_argument(
        "-o",
        "--out",
        type=Path,
        required=True,
        help="a directory (txt files) or a file ending in .jsonl",
    )
    arts.add_argument("--seed", type=int, default=0)
    store = sub.add_parser("store", help="bulk-load an Oxigraph store of generated articles")
    store.add_argument("--triples", type=int, default=1_000_000)
    store.add_argument("-o", "--out", type=Path, required=True, help="a new store directory")
    store.add_argument("--seed", type=int, default=0)
    store.add_argument(
        "--no-inferred", action="store_true", help="leave out the per-article /inferred graphs"
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    if args.what == "articles":
        if args.out.suffix == ".jsonl":
            write_jsonl(args.out, args.n, seed=args.seed)
        else:
            write_txt(args.out, args.n, seed=args.seed)
        print(f"{args.n} articles -> {args.out} in {time.perf_counter() - t0:.1f} s")
    else:
        if args.out.exists():
            parser.error(f"{args.out} exists; give a new directory")
        n = build_store(
            args.out, triples=args.triples, seed=args.seed, inferred=not args.no_inferred
        )
        print(f"{n} articles -> {args.out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
