"""Validate RDF data against diplograph's SHACL shapes; the result is a value, not an exception.

:func:`validate` runs pySHACL with the packaged shapes (``shapes/*.shapes.ttl``) and the
ontology's class hierarchy as context, so ``sh:targetClass dg:Actor`` also reaches
states, organisations, envoys and officials. No OWL/RDFS inference runs: only the
``rdfs:subClassOf`` triples are mixed in, which keeps one article's validation fast
(ingest validates every article on its own). The shapes are parsed once per process.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, len(report.results)
(True, 0)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD, NamespaceManager
from rdflib.term import Node

from diplograph.errors import ResourceError, ValidationError
from diplograph.namespaces import DG, bind_prefixes
from diplograph.resources import shapes_dir

__all__ = ["ValidationReport", "ValidationResult", "load_shapes", "validate", "validation_context"]

_EXCERPT = 100
_BARE_DATATYPES = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}


@dataclass(frozen=True)
class ValidationResult:
    """One thing wrong in the data, with where it came from.

    ``focus`` is the IRI (or blank-node id) of the node that breaks a constraint,
    ``path`` the property in compact form (``dg:claimant``), ``message`` the shape's
    explanation, ``value`` the offending value where there is one, ``shape`` the
    property or node shape (``dgsh:Claim-claimant``) and ``constraint`` the SHACL
    constraint component (``sh:MinCountConstraintComponent``). ``article`` and
    ``sentence`` say which article and evidence sentence the node came from, when
    the data tell.
    """

    focus: str
    focus_label: str | None
    path: str | None
    message: str
    severity: str
    value: str | None
    shape: str
    constraint: str | None
    article: str | None
    sentence: str | None

    def __str__(self) -> str:
        lines = [_node_line(self.focus, self.focus_label)]
        if self.path:
            lines.append(f"   property: {self.path}")
        lines.append(f"   message:  {self.message}")
        if self.value is not None:
            lines.append(f"   value:    {self.value}")
        if self.article:
            lines.append(f"   article:  <{self.article}>")
        if self.sentence:
            lines.append(f"   sentence: {_quote(self.sentence)}")
        lines.append(f"   shape:    {self.shape} ({self.severity})")
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms``, the ``results``, a readable ``text``
    and the SHACL validation report as an RDF ``graph``."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    text: str = field(repr=False)
    graph: Graph = field(repr=False, compare=False)

    def raise_for_violations(self) -> ValidationReport:
        """Raise :class:`~diplograph.errors.ValidationError` unless the data conform."""
        if not self.conforms:
            raise ValidationError(self)
        return self

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data: ``{"conforms", "violations", "results": [...]}``."""
        return {
            "conforms": self.conforms,
            "violations": len(self.results),
            "results": [asdict(result) for result in self.results],
        }

    def __str__(self) -> str:
        return self.text


def load_shapes() -> Graph:
    """The packaged SHACL shapes, parsed once per process (do not modify the graph)."""
    return _default_shapes()[0]


def validate(
    data: Graph | Dataset,
    *,
    shapes: Graph | None = None,
    context: Graph | None = None,
) -> ValidationReport:
    """Check ``data`` against the SHACL shapes and return a :class:`ValidationReport`.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        The data; a Dataset is validated as the union of its graphs, and the graph a
        node appears in tells the article it belongs to. ``data`` is not modified.
    shapes : rdflib.Graph, optional
        Shapes to use instead of the packaged ones.
    context : rdflib.Graph, optional
        Triples mixed into the data before validation (by default the ontology's
        class hierarchy). Pass the class hierarchy plus reference actors to let data
        use actors they do not describe themselves.

    Non-conformance is a value: use ``report.raise_for_violations()`` to raise.
    """
    combined, graph_of = _combine(data, validation_context() if context is None else context)
    shapes_graph, compiled = _default_shapes() if shapes is None else _compiled(shapes)
    validator = Validator(
        DataGraph.from_rdflib(combined),
        shacl_graph=shapes_graph,
        options={"inference": "none", "inplace": True, "advanced": False},
    )
    validator.shacl_graph = compiled  # reuse the harvested shapes instead of re-reading them
    conforms, report_graph, _ = validator.run()  # type: ignore[no-untyped-call]
    results = _results(report_graph, combined, graph_of)
    return ValidationReport(
        conforms=bool(conforms),
        results=results,
        text=_render(bool(conforms), results),
        graph=bind_prefixes(report_graph),
    )


@cache
def _default_shapes() -> tuple[Graph, ShapesGraph]:
    folder = shapes_dir()
    files = sorted(folder.glob("*.shapes.ttl"))
    if not files:
        raise ResourceError(f"no *.shapes.ttl files in {folder}; reinstall diplograph")
    # pySHACL reads the shapes graph for every shape on every run; the context-free
    # SimpleMemory store answers those look-ups about twice as fast as Memory.
    graph = Graph(store="SimpleMemory")
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # a broken packaged file is a resource error, whatever the cause
            raise ResourceError(f"{path}: the shapes do not parse: {exc}") from exc
    compiled = ShapesGraph(graph)
    _ = compiled.shapes  # harvest once, here
    return graph, compiled


_last_custom: list[tuple[Graph, int, ShapesGraph]] = []


def _compiled(shapes: Graph) -> tuple[Graph, ShapesGraph]:
    """Harvest user shapes once while the same, unchanged graph is passed again (ingest)."""
    size = len(shapes)
    if _last_custom and _last_custom[0][0] is shapes and _last_custom[0][1] == size:
        return _last_custom[0][2].graph, _last_custom[0][2]
    copy = Graph(store="SimpleMemory")  # pySHACL adds triples to the graph it is given
    copy += shapes
    compiled = ShapesGraph(copy)
    _ = compiled.shapes
    _last_custom[:] = [(shapes, size, compiled)]
    return copy, compiled


@cache
def validation_context(*, reference_actors: bool = False) -> Graph:
    """The context :func:`validate` mixes into data: the ontology's class hierarchy,
    plus the reference actors (states, organisations) when ``reference_actors``.

    With reference actors, data may use ``dgr:state/PAK`` as a claimant without
    typing and labelling it themselves; the actors are then validated too, which
    costs time, so per-article validation in ingest leaves them out by default.
    Cached: do not modify the returned graph.
    """
    from diplograph.ontology import class_hierarchy, load_reference_actors

    context = Graph()
    context += class_hierarchy()
    if reference_actors:
        context += load_reference_actors()
    return context


@cache
def _namespaces() -> NamespaceManager:
    namespaces = bind_prefixes(Graph(bind_namespaces="none")).namespace_manager
    namespaces.bind("sh", SH)
    return namespaces


def _combine(data: Graph | Dataset, context: Graph) -> tuple[Graph, dict[Node, str]]:
    """A private flat copy of data + context, and the named graph each subject came from."""
    combined = Graph()
    graph_of: dict[Node, str] = {}
    if isinstance(data, ConjunctiveGraph):
        default = data.default_graph if isinstance(data, Dataset) else data.default_context
        default_id = default.identifier
        for s, p, o, g in data.quads((None, None, None, None)):
            combined.add((s, p, o))
            name = g.identifier if isinstance(g, Graph) else g
            if name is not None and name != default_id and not isinstance(name, BNode):
                graph_of.setdefault(s, str(name))
    else:
        for triple in data:
            combined.add(triple)
    for triple in context:
        combined.add(triple)
    return combined, graph_of


def _results(report: Graph, data: Graph, graph_of: dict[Node, str]) -> tuple[ValidationResult, ...]:
    found: list[ValidationResult] = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        severity = report.value(node, SH.resultSeverity)
        found.append(
            ValidationResult(
                focus=str(focus),
                focus_label=_label(data, focus),
                path=_compact(path) if path is not None else None,
                message=_message(report, node, shape),
                severity=_local_name(severity) if severity is not None else "Violation",
                value=_show(value) if value is not None else None,
                shape=_compact(shape) if shape is not None else "",
                constraint=_compact(component) if component is not None else None,
                article=_article_of(data, focus, graph_of),
                sentence=_sentence_of(data, focus),
            )
        )
    found.sort(key=lambda r: (r.article or "", r.focus, r.path or "", r.shape, r.value or ""))
    return tuple(found)


def _message(report: Graph, node: Node, shape: Node | None) -> str:
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    chosen = english or messages
    if chosen:
        return str(min(chosen, key=str))
    return f"violates {_compact(shape)}" if shape is not None else "violates a shape"


def _label(data: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    for prop in (SKOS.prefLabel, DG.articleId, RDFS.label):
        label = _first(data.objects(node, prop))
        if label is not None:
            return str(label)
    sentence = _first(data.objects(node, DG.sentence))
    return _excerpt(str(sentence)) if sentence is not None else None


def _article_of(data: Graph, node: Node | None, graph_of: dict[Node, str]) -> str | None:
    if node is None:
        return None
    if (node, RDF.type, DG.Article) in data:
        return str(node)
    for prop in (DG.reportedIn, DG.inArticle):
        article = _first(data.objects(node, prop))
        if article is not None:
            return str(article)
    if node in graph_of:
        return graph_of[node]
    mentioning = sorted(str(a) for a in data.subjects(DG.mentions, node))
    return mentioning[0] if len(mentioning) == 1 else None


def _sentence_of(data: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    sentence = _first(data.objects(node, DG.sentence))
    if sentence is None:
        for evidence in sorted(data.objects(node, DG.evidence), key=str):
            sentence = _first(data.objects(evidence, DG.sentence))
            if sentence is not None:
                break
    return str(sentence) if sentence is not None else None


def _first(values: Iterable[Node]) -> Node | None:
    return min(values, key=str, default=None)


def _compact(node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return _namespaces().curie(node, generate=False)
        except (ValueError, KeyError):
            return str(node)
    if isinstance(node, BNode):
        return "(complex path)"
    return str(node)


def _show(value: Node) -> str:
    """A value as a person reads it: 120, "text", "text"@en, "2025-05-02"^^xsd:date, <iri>."""
    if isinstance(value, Literal):
        if value.language:
            return f"{json.dumps(str(value), ensure_ascii=False)}@{value.language}"
        if value.datatype in _BARE_DATATYPES and value.ill_typed is not True:
            return str(value)
        quoted = json.dumps(str(value), ensure_ascii=False)
        if value.datatype is None or value.datatype == XSD.string:
            return quoted
        return f"{quoted}^^{_compact(value.datatype)}"
    if isinstance(value, URIRef):
        return f"<{value}>"
    return str(value)


def _local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _quote(text: str) -> str:
    return '"' + _excerpt(text) + '"'


def _node_line(focus: str, label: str | None) -> str:
    shown = f"<{focus}>" if "://" in focus or focus.startswith("urn:") else focus
    return f"{shown} {_quote(label)}" if label else shown


def _render(conforms: bool, results: tuple[ValidationResult, ...]) -> str:
    if conforms and not results:
        return "Conforms: the data meet every shape."
    head = "Conforms" if conforms else "Does not conform"
    count = len(results)
    lines = [f"{head}: {count} result{'s' if count != 1 else ''}.", ""]
    for number, result in enumerate(results, start=1):
        lines.append(f"{number}. {result}")
    return "\n".join(lines)
