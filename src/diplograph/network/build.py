"""Build the diplomatic-outreach network from a store.

The graph is an ``nx.MultiDiGraph`` whose edge keys are relation names, so there is
exactly one edge per (source, target, relation), carrying a weight:

* claims (``accusation``, ``denial``, ...) are directed, claimant -> target;
* meetings are symmetric: each pair gets the edge in *both* directions, with the same
  attributes and ``mutual=True``, so any networkx algorithm (in/out degree, PageRank,
  reciprocity) sees a meeting as going both ways. The exports write each meeting
  once, as a mutual (GEXF) or undirected (CSV) edge, which is what Gephi wants.

Aggregation (counting distinct events, collecting distinct articles and dates) happens
in the store with SPARQL ``GROUP BY``; Python only adds one row per edge to the graph.
A claim without a ``dg:target`` addresses no one and makes no edge.

At ``level="state"`` a person counts for what it represents (``dg:represents``); an
unrepresented person stays a person. Events with no date of their own take their
article's ``dg:published`` date; with ``since``/``until`` an event with neither is left
out, since it cannot be placed in time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

import networkx as nx
from rdflib.term import Node

from diplograph.errors import NetworkError
from diplograph.model import CLAIM_TYPES
from diplograph.namespaces import CLAIM_TYPE, PREFIXES
from diplograph.store.base import Row, Store

__all__ = [
    "ACTOR_TYPE_PRIORITY",
    "RELATIONS",
    "ActorInfo",
    "parse_relations",
    "resolve_actor",
    "to_networkx",
]

Level = Literal["state", "person"]

RELATIONS: Final[tuple[str, ...]] = ("meeting", *CLAIM_TYPES)
"""Every relation an edge can have: ``meeting`` plus the nine claim types."""

ACTOR_TYPE_PRIORITY: Final[tuple[str, ...]] = (
    "State",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "Envoy",
    "Official",
    "Organization",
    "Person",
    "Region",
)
"""Actor classes, most specific first: an actor typed ``dg:Person`` in one article and
``dg:Envoy`` in another is an Envoy (the data are read as asserted, without
inference). A region appears only when a claim targets one."""

_HEADER = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """What the reference and article graphs say about one actor."""

    iri: str
    label: str
    type: str
    code: str
    memberships: tuple[str, ...]
    represents: tuple[str, ...]
    names: tuple[str, ...]
    """Every name the actor goes by: labels, aliases, ISO code, acronym."""


def parse_relations(types: Iterable[str] | None) -> tuple[str, ...]:
    """Check relation names (``meeting``, ``accusation``, ...) and return them in canonical order.

    >>> parse_relations(["Accusation", "meeting"])
    ('meeting', 'accusation')
    >>> parse_relations(None) == RELATIONS
    True
    """
    if types is None:
        return RELATIONS
    wanted = {t.strip().lower() for t in types if t.strip()}
    unknown = sorted(wanted - set(RELATIONS))
    if unknown:
        raise NetworkError(
            f"unknown relation type(s) {', '.join(unknown)}; "
            f"expected some of {', '.join(RELATIONS)}"
        )
    if not wanted:
        raise NetworkError(f"no relation type given; expected some of {', '.join(RELATIONS)}")
    return tuple(r for r in RELATIONS if r in wanted)


def _date_filter(var: str, since: dt.date | None, until: dt.date | None) -> str:
    # Dates are typed values (never user text), so writing them into the query is safe.
    parts = []
    if since is not None:
        parts.append(f'?{var} >= "{since.isoformat()}"^^xsd:date')
    if until is not None:
        parts.append(f'?{var} <= "{until.isoformat()}"^^xsd:date')
    return f"FILTER(BOUND(?{var}) && {' && '.join(parts)})" if parts else ""


def _endpoint(var: str, level: Level) -> str:
    if level == "person":
        return f"BIND(?{var}0 AS ?{var})"
    # DISTINCT first: an actor's dg:represents is repeated in every article graph that
    # uses it, and the union default graph keeps each copy (Oxigraph does not merge them).
    return (
        f"OPTIONAL {{ SELECT DISTINCT ?{var}0 ?{var}r WHERE {{ ?{var}0 dg:represents ?{var}r }} }}"
        f" BIND(COALESCE(?{var}r, ?{var}0) AS ?{var})"
    )


# One packed text column per edge, "a TAB b TAB relation TAB weight TAB articles TAB
# dates": turning result terms into rdflib terms cost three times the query itself
# (10k claims: 6.5 s of 9.9 s with one column per field), and one plain literal per
# row is the cheapest term there is. IRIs and dates never hold tabs or spaces.
# COALESCE keeps an undated event: STR of an unbound date is an error, and one error
# inside GROUP_CONCAT leaves the whole packed row unbound.
def _packed(relation: str) -> str:
    return f"""(CONCAT(STR(?a), "\\t", STR(?b), "\\t", {relation}, "\\t",
        STR(COUNT(DISTINCT ?e)), "\\t",
        GROUP_CONCAT(DISTINCT COALESCE(STR(?art), ""); separator=" "), "\\t",
        GROUP_CONCAT(DISTINCT COALESCE(STR(?d), ""); separator=" ")) AS ?row)"""


# An event's date is its own dg:date, else its article's dg:published.
_DATED = """OPTIONAL { ?e dg:date ?d0 }
      OPTIONAL { ?e dg:reportedIn ?art OPTIONAL { ?art dg:published ?pub } }
      BIND(COALESCE(?d0, ?pub) AS ?d)"""

# Events are selected first in a subquery, then their endpoints are mapped to what
# they represent: joining the mapping inside the event pattern made Oxigraph's time
# grow with the square of the data (58 s instead of 2 s at 20k claims).


def _meeting_query(level: Level, since: dt.date | None, until: dt.date | None) -> str:
    return f"""{_HEADER}SELECT {_packed('"meeting"')}
WHERE {{
  {{ SELECT ?e ?a0 ?b0 ?art ?d WHERE {{
      ?e a dg:Meeting ; dg:participant ?a0, ?b0 .
      FILTER(?a0 != ?b0)
      {_DATED}
      {_date_filter("d", since, until)}
  }} }}
  {_endpoint("a", level)}
  {_endpoint("b", level)}
  FILTER(STR(?a) <= STR(?b))
}}
GROUP BY ?a ?b"""


def _claim_query(
    level: Level, relations: Collection[str], since: dt.date | None, until: dt.date | None
) -> str:
    concepts = " ".join(f"<{CLAIM_TYPE[r]}>" for r in relations)
    return f"""{_HEADER}SELECT {_packed("STRAFTER(STR(?ct), STR(dgct:))")}
WHERE {{
  {{ SELECT ?e ?ct ?a0 ?b0 ?art ?d WHERE {{
      VALUES ?ct {{ {concepts} }}
      ?e dg:claimType ?ct ; dg:claimant ?a0 ; dg:target ?b0 .
      {_DATED}
      {_date_filter("d", since, until)}
  }} }}
  {_endpoint("a", level)}
  {_endpoint("b", level)}
}}
GROUP BY ?a ?b ?ct"""


# Facts about actors, one query each: they are repeated in every article graph that
# uses the actor, so joining them in one pattern would multiply those copies.
_ACTOR_FACTS: Final[dict[str, str]] = {
    "class": """?actor a ?c .
        VALUES ?c { dg:State dg:Organization dg:InternationalOrganization
                    dg:NonGovernmentalOrganization dg:Person dg:Envoy dg:Official
                    dg:Region }
        BIND(STRAFTER(STR(?c), STR(dg:)) AS ?value)""",
    "label": """?actor skos:prefLabel ?l .
        FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") BIND(STR(?l) AS ?value)""",
    "alt": "?actor skos:altLabel ?l . BIND(STR(?l) AS ?value)",
    "code": "?actor dg:isoCode|dg:acronym ?c . BIND(STR(?c) AS ?value)",
    "represents": "?actor dg:represents ?value .",
    "member": """?actor dg:memberOf ?org .
        OPTIONAL { SELECT DISTINCT ?org ?ol WHERE { ?org skos:prefLabel ?ol
                   FILTER(LANGMATCHES(LANG(?ol), "en") || LANG(?ol) = "") } }
        BIND(STR(COALESCE(?ol, ?org)) AS ?value)""",
}


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _pick_type(types: Iterable[str]) -> str:
    present = set(types)
    for name in ACTOR_TYPE_PRIORITY:
        if name in present:
            return name
    return "Actor"


def _actors(store: Store) -> dict[str, ActorInfo]:
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fact, pattern in _ACTOR_FACTS.items():
        query = f"{_HEADER}SELECT DISTINCT ?actor ?value WHERE {{ {pattern} }}"
        for row in store.select(query):
            actor, value = _text(row.get("actor")), _text(row.get("value"))
            if actor and value:
                facts[actor][fact].add(value)
    actors: dict[str, ActorInfo] = {}
    for iri, known in facts.items():
        if not known["class"]:
            continue  # not an actor (a region, say), though it has a label
        labels, codes, alts = sorted(known["label"]), sorted(known["code"]), sorted(known["alt"])
        actors[iri] = ActorInfo(
            iri=iri,
            label=labels[0] if labels else iri.rsplit("/", 1)[-1],
            type=_pick_type(known["class"]),
            code=codes[0] if codes else "",
            memberships=tuple(sorted(known["member"])),
            represents=tuple(sorted(known["represents"])),
            names=tuple(dict.fromkeys([*labels, *alts, *codes])),
        )
    return actors


def resolve_actor(store: Store, name: str) -> str:
    """The IRI of the actor called ``name``: an IRI, a label, an alias, an ISO code or acronym.

    Names are matched case-insensitively; an ambiguous or unknown name raises
    :class:`~diplograph.errors.NetworkError` naming the candidates.
    """
    return _resolve(_actors(store), name)


def _resolve(actors: dict[str, ActorInfo], name: str, among: Collection[str] = ()) -> str:
    wanted = name.strip()
    if wanted in actors:
        return wanted
    key = wanted.casefold()
    found = sorted(a.iri for a in actors.values() if key in {n.casefold() for n in a.names})
    if len(found) > 1 and among:
        # prefer the candidates that are in the network being built
        found = [iri for iri in found if iri in among] or found
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(f"{actors[i].label} <{i}>" for i in found)
        raise NetworkError(f"focus {name!r} is ambiguous: it names {listed}; give the IRI")
    near = sorted({a.label for a in actors.values() if key and key in a.label.casefold()})[:5]
    hint = (
        f"; did you mean {', '.join(near)}?"
        if near
        else ("; give an IRI, a label, an alias, an ISO 3166 alpha-3 code or an acronym")
    )
    raise NetworkError(f"unknown focus actor {name!r}{hint}")


def _unpack(row: Row) -> tuple[str, str, str, int, list[str], list[dt.date]]:
    a, b, relation, weight, evidence, dates = _text(row.get("row")).split("\t")
    days = {d for d in (_parse_date(x) for x in dates.split()) if d is not None}
    return a, b, relation, int(weight), sorted(set(evidence.split())), sorted(days)


def _add_edge(
    G: Any, a: str, b: str, relation: str, weight: int, evidence: list[str], dates: list[dt.date]
) -> None:
    mutual = relation == "meeting"
    attrs: dict[str, Any] = {
        "relation": relation,
        "weight": weight,
        "articles": len(evidence),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "mutual": mutual,
    }
    G.add_edge(a, b, key=relation, evidence=evidence, dates=dates, **attrs)
    if mutual and a != b:
        G.add_edge(b, a, key=relation, evidence=list(evidence), dates=list(dates), **attrs)


def to_networkx(
    store: Store,
    *,
    level: Level = "state",
    types: Collection[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    focus: str | None = None,
    radius: int = 1,
) -> Any:
    """Build the outreach network held in ``store`` as an ``nx.MultiDiGraph``.

    Parameters
    ----------
    store : Store
        Any :class:`~diplograph.store.base.Store`; its default graph is the union of
        article and reference graphs.
    level : {"state", "person"}
        ``"state"`` folds each person into what it represents; ``"person"`` keeps people.
    types : collection of str, optional
        Relations to keep (``meeting`` and claim types); all by default.
    since, until : datetime.date, optional
        Keep events and claims dated in ``[since, until]``.
    focus : str, optional
        IRI, label, alias, ISO code or acronym of an actor: keep its ego network.
    radius : int
        Hops around ``focus`` to keep.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor IRIs with ``label``, ``type``, ``code``, ``memberships``;
        edges are keyed by relation with ``relation``, ``weight``, ``articles``,
        ``first_date``, ``last_date``, ``evidence``, ``dates`` and ``mutual``.
    """
    if level not in ("state", "person"):
        raise NetworkError(f"unknown level {level!r}; expected 'state' or 'person'")
    if since is not None and until is not None and since > until:
        raise NetworkError(f"--since {since} is after --until {until}")
    if radius < 0:
        raise NetworkError(f"radius must be 0 or more, not {radius}")
    relations = parse_relations(types)

    queries = []
    if "meeting" in relations:
        queries.append(_meeting_query(level, since, until))
    claims = [r for r in relations if r != "meeting"]
    if claims:
        queries.append(_claim_query(level, claims, since, until))
    rows = [_unpack(row) for query in queries for row in store.select(query)]

    # nodes and edges in sorted order, so that the same store gives the same graph
    G = nx.MultiDiGraph(level=level, relations=list(relations))
    G.add_nodes_from(sorted({n for a, b, *_ in rows for n in (a, b)}))
    for a, b, relation, weight, evidence, dates in sorted(
        rows, key=lambda r: (r[0], r[1], RELATIONS.index(r[2]))
    ):
        _add_edge(G, a, b, relation, weight, evidence, dates)

    actors = _actors(store)
    for node in G.nodes:
        info = actors.get(node)
        G.nodes[node].update(
            label=info.label if info else node.rsplit("/", 1)[-1],
            type=info.type if info else "Actor",
            code=info.code if info else "",
            memberships=list(info.memberships) if info else [],
        )

    if focus is not None:
        G = _ego(G, actors, focus, radius)
    return G


def _ego(G: Any, actors: dict[str, ActorInfo], focus: str, radius: int) -> Any:
    iri = _resolve(actors, focus, among=set(G.nodes))
    node = iri
    if node not in G and iri in actors:
        # at state level a person is folded into what it represents
        node = next((r for r in actors[iri].represents if r in G), iri)
    if node not in G:
        label = actors[iri].label if iri in actors else iri
        raise NetworkError(
            f"focus {focus!r} ({label} <{iri}>) has no meetings or claims in this selection"
        )
    H = nx.ego_graph(G, node, radius=radius, undirected=True).copy()
    H.graph.update(G.graph, focus=node)
    return H
