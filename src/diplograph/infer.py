"""Materialise what the ontology implies about one article's nodes.

Queries should see that a ``dg:State`` is a ``dg:Actor``, that a claim's claimant
``dg:madeClaim`` it, and that ``dg:metWith`` holds both ways, without property paths.
:func:`infer` computes those triples for one article graph; ingestion stores them in
the named graph ``{article IRI}/inferred`` beside the article, replaced with it.

Rules (the RDFS / OWL RL rules the OWL-lite ontology makes productive)::

    x a C,  C ⊑ D (rdfs:subClassOf, owl:equivalentClass)   ⟹  x a D
    x p y,  p ⊑ q (rdfs:subPropertyOf, owl:equivalentProperty) ⟹  x q y
    x p y,  p owl:inverseOf q                                ⟹  y q x
    x p y,  p a owl:SymmetricProperty                        ⟹  y p x
    x p y,  p a owl:TransitiveProperty,  y p z               ⟹  x p z
    x p y,  p rdfs:domain C                                  ⟹  x a C
    x p y,  p rdfs:range C,  y not a literal                 ⟹  y a C

plus two diplograph shortcuts the ontology documents, rules OWL Lite cannot state:

* ``dg:metWith`` ("implied by a dg:Meeting with both as participants"): every two
  participants of a meeting met with each other;
* the parties of a meeting or claim: ``e dg:participant x, x dg:represents y ⟹
  e dg:participantParty y``, and the same for ``dg:claimant`` / ``dg:claimantParty``
  and ``dg:target`` / ``dg:targetParty`` (OWL 2 would say
  ``owl:propertyChainAxiom (dg:participant dg:represents)``; OWL Lite has no chains).
  The other half, ``e dg:participantParty x``, follows from ``dg:participant``
  being a subproperty. Queries then find "Pakistan's meetings, its envoys' included"
  with one triple pattern in the article's own ``/inferred`` graph, instead of joining
  each participant with ``dg:represents`` through every article that describes it.

Not materialised: ``owl:Thing`` / ``rdfs:Resource`` typing of every
node, datatype typing of literals, ``owl:sameAs`` (diplograph mints one IRI per thing),
and triples about the ontology's own terms (they are in ``dgr:graph/ontology``).

Why rules and not owlrl per article: the ontology's maps (superclasses,
superproperties, inverses, domains, ranges) are compiled once per process (40 ms),
and one article's closure is then a worklist over its own triples, linear in its
size. owlrl re-derives the ontology's own closure on every call (the ontology has to
be in the graph it reasons over). On the 19 example articles (5,892 triples, one
process on a shared 2-core machine): rules 12 ms per article, owlrl RDFS 686 ms,
owlrl OWL RL 1,706 ms, i.e. 50-140 times slower, which would dominate ingestion.
``tests/test_infer.py`` checks that the triples equal owlrl's OWL RL closure
restricted to dg:/prov:/org:/skos:/dcterms:/schema: terms (example articles, a
hand-built article, and random ontologies with hypothesis), so the speed does not
cost correctness.

>>> from rdflib import Graph, URIRef
>>> from rdflib.namespace import RDF
>>> from diplograph.namespaces import DG
>>> g = Graph()
>>> _ = g.add((URIRef("https://w3id.org/diplograph/id/state/PAK"), RDF.type, DG.State))
>>> (URIRef("https://w3id.org/diplograph/id/state/PAK"), RDF.type, DG.Actor) in infer(g)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from diplograph.namespaces import DG

__all__ = ["Reasoner", "default_reasoner", "infer"]

Triple = tuple[Node, Node, Node]
_SKIP_CLASSES = frozenset({OWL.Thing, RDFS.Resource, OWL.NamedIndividual})


def _closure(direct: dict[Node, set[Node]]) -> dict[Node, frozenset[Node]]:
    """Reflexive-transitive closure of a relation given as adjacency sets."""
    result: dict[Node, frozenset[Node]] = {}
    for start in direct:
        seen = {start}
        stack = [start]
        while stack:
            for nxt in direct.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        result[start] = frozenset(seen)
    return result


@dataclass(frozen=True)
class Reasoner:
    """The ontology compiled into lookup maps; :meth:`closure` applies them to a graph."""

    superclasses: dict[Node, frozenset[Node]] = field(default_factory=dict)
    superproperties: dict[Node, frozenset[Node]] = field(default_factory=dict)
    inverses: dict[Node, frozenset[Node]] = field(default_factory=dict)
    symmetric: frozenset[Node] = frozenset()
    transitive: frozenset[Node] = frozenset()
    domains: dict[Node, frozenset[Node]] = field(default_factory=dict)
    ranges: dict[Node, frozenset[Node]] = field(default_factory=dict)

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Reasoner:
        """Compile ``ontology`` (its class and property axioms) into a reasoner."""
        sub_c: dict[Node, set[Node]] = defaultdict(set)
        sub_p: dict[Node, set[Node]] = defaultdict(set)
        for s, o in ontology.subject_objects(RDFS.subClassOf):
            sub_c[s].add(o)
        for s, o in ontology.subject_objects(OWL.equivalentClass):
            sub_c[s].add(o)
            sub_c[o].add(s)
        for s, o in ontology.subject_objects(RDFS.subPropertyOf):
            sub_p[s].add(o)
        for s, o in ontology.subject_objects(OWL.equivalentProperty):
            sub_p[s].add(o)
            sub_p[o].add(s)
        inverses: dict[Node, set[Node]] = defaultdict(set)
        for s, o in ontology.subject_objects(OWL.inverseOf):
            inverses[s].add(o)
            inverses[o].add(s)
        domains: dict[Node, set[Node]] = defaultdict(set)
        ranges: dict[Node, set[Node]] = defaultdict(set)
        for s, o in ontology.subject_objects(RDFS.domain):
            domains[s].add(o)
        for s, o in ontology.subject_objects(RDFS.range):
            if not str(o).startswith(("http://www.w3.org/2001/XMLSchema#", str(RDFS.Literal))):
                ranges[s].add(o)
        classes = _closure(sub_c)
        return cls(
            superclasses={c: frozenset(s - _SKIP_CLASSES) for c, s in classes.items()},
            superproperties=_closure(sub_p),
            inverses={p: frozenset(v) for p, v in inverses.items()},
            symmetric=frozenset(ontology.subjects(RDF.type, OWL.SymmetricProperty)),
            transitive=frozenset(ontology.subjects(RDF.type, OWL.TransitiveProperty)),
            domains={p: frozenset(v - _SKIP_CLASSES) for p, v in domains.items()},
            ranges={p: frozenset(v - _SKIP_CLASSES) for p, v in ranges.items()},
        )

    def _consequences(self, s: Node, p: Node, o: Node) -> Iterable[Triple]:
        literal = isinstance(o, Literal)
        if p == RDF.type:
            for c in self.superclasses.get(o, ()):
                yield (s, RDF.type, c)
            return
        for q in self.superproperties.get(p, ()):
            yield (s, q, o)
        for c in self.domains.get(p, ()):
            yield (s, RDF.type, c)
        if literal:
            return
        for c in self.ranges.get(p, ()):
            yield (o, RDF.type, c)
        for q in self.inverses.get(p, ()):
            yield (o, q, s)
        if p in self.symmetric:
            yield (o, p, s)

    def closure(self, graph: Graph) -> Graph:
        """The triples the ontology implies about ``graph``'s nodes, minus those already in it."""
        original: set[Triple] = set(graph)
        queue: list[Triple] = [*original, *_meeting_shortcut(graph), *_party_shortcut(graph)]
        done: set[Triple] = set()
        # Transitive properties: (p, x) -> the nodes x reaches, and the nodes reaching x.
        forward: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        backward: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        while queue:
            triple = queue.pop()
            if triple in done:
                continue
            done.add(triple)
            s, p, o = triple
            queue.extend(self._consequences(s, p, o))
            if p in self.transitive and not isinstance(o, Literal):
                forward[(p, s)].add(o)
                backward[(p, o)].add(s)
                queue.extend((s, p, z) for z in forward[(p, o)])
                queue.extend((w, p, o) for w in backward[(p, s)])
        result = Graph()
        for t in done - original:
            result.add(t)
        return result


def _meeting_shortcut(graph: Graph) -> Iterable[Triple]:
    """``a dg:metWith b`` for every two distinct participants of one meeting."""
    for meeting in set(graph.subjects(DG.participant, None)):
        people = sorted(set(graph.objects(meeting, DG.participant)), key=str)
        for a in people:
            for b in people:
                if a != b and isinstance(a, URIRef) and isinstance(b, URIRef):
                    yield (a, DG.metWith, b)


_PARTIES = (
    (DG.participant, DG.participantParty),
    (DG.claimant, DG.claimantParty),
    (DG.target, DG.targetParty),
)


def _party_shortcut(graph: Graph) -> Iterable[Triple]:
    """``e dg:participantParty y`` (claimant, target alike) when ``e``'s participant
    (claimant, target) ``dg:represents`` ``y`` in ``graph``."""
    for role, party in _PARTIES:
        for event, actor in graph.subject_objects(role):
            for principal in graph.objects(actor, DG.represents):
                if isinstance(principal, URIRef):
                    yield (event, party, principal)


@cache
def default_reasoner() -> Reasoner:
    """The reasoner for the packaged ontology, compiled once per process."""
    from diplograph.ontology import load_ontology

    return Reasoner.from_ontology(load_ontology())


def infer(graph: Graph, reasoner: Reasoner | None = None) -> Graph:
    """What the ontology implies about ``graph``'s nodes, without the triples already there."""
    return (reasoner or default_reasoner()).closure(graph)
