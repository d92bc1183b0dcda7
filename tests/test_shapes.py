"""The SHACL shapes, checked case by case (W3C test-suite style) and as a file.

Each ``tests/data/shapes/cases/*.ttl`` is a self-contained article graph whose header
says what validation must find: ``# expect: conforms`` or one
``# expect: <shape> <focus IRI>`` line per expected result.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from diplograph.namespaces import CLAIM_TYPE, DG, DGSH
from diplograph.rdf.files import read_rdf
from diplograph.resources import ontology_dir
from diplograph.validate import load_shapes, validate

CASES_DIR = Path(__file__).parent / "data" / "shapes" / "cases"
CASES = sorted(CASES_DIR.glob("*.ttl"))
MIN_CASES = 90


def _expected(path: Path) -> tuple[bool, Counter[tuple[str, str]]]:
    conforms = False
    expected: Counter[tuple[str, str]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# expect:"):
            continue
        words = line.split()[2:]
        if words == ["conforms"]:
            conforms = True
        else:
            shape, focus = words
            expected[(shape, focus)] += 1
    if conforms == bool(expected):
        raise AssertionError(f"{path.name}: header must say 'conforms' or list results, not both")
    return conforms, expected


def _property_shapes(shapes: Graph) -> set[str]:
    return {
        f"dgsh:{str(node).removeprefix(str(DGSH))}"
        for node in shapes.subjects(RDF.type, SH.PropertyShape)
    }


def test_shapes_case_glob_found_the_suite() -> None:
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases under {CASES_DIR}"


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_shapes_case(case: Path) -> None:
    conforms, expected = _expected(case)
    report = validate(read_rdf(case))
    found = Counter((r.shape, r.focus) for r in report.results)
    assert report.conforms is conforms, report.text
    assert found == expected, report.text


def test_shapes_every_property_shape_has_violating_and_conforming_cases() -> None:
    violated: set[str] = set()
    conforming = 0
    for case in CASES:
        conforms, expected = _expected(case)
        conforming += conforms
        violated.update(shape for shape, _ in expected)
    untested = _property_shapes(load_shapes()) - violated
    assert not untested, f"property shapes without a violating case: {sorted(untested)}"
    assert conforming >= 15


def test_shapes_every_shape_has_a_message() -> None:
    shapes = load_shapes()
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        messages = list(shapes.objects(shape, SH.message))
        assert messages, f"{shape} has no sh:message"
        assert all(len(str(m)) > 25 and str(m).endswith(".") for m in messages), shape


def test_shapes_node_shapes_target_ontology_classes() -> None:
    shapes = load_shapes()
    ontology = Graph().parse(ontology_dir() / "diplograph.ttl")
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        target = shapes.value(shape, SH.targetClass)
        assert isinstance(target, URIRef), f"{shape} has no sh:targetClass"
        assert (target, RDF.type, None) in ontology, f"{target} is not declared in the ontology"
        assert str(shape) == f"{DGSH}{str(target).removeprefix(str(DG._NS))}Shape"


def test_shapes_use_only_declared_dg_terms() -> None:
    used = {
        term
        for triple in load_shapes()
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(DG._NS))
    }
    assert used
    for term in used:
        getattr(DG, str(term).removeprefix(str(DG._NS)))  # AttributeError for a stray term


def test_shapes_claim_types_equal_the_scheme() -> None:
    shapes = load_shapes()
    listed = Collection(shapes, shapes.value(DGSH["Claim-claimType"], SH["in"]))
    scheme = Graph().parse(ontology_dir() / "claim-types.ttl")
    concepts = set(scheme.subjects(SKOS.inScheme, URIRef(str(CLAIM_TYPE))))
    assert set(listed) == concepts
    assert len(list(listed)) == len(concepts) == 9
    for concept in concepts:  # the class a concept names must ask for that concept
        cls = scheme.value(concept, RDFS.seeAlso)
        assert cls is not None, concept
        name = str(cls).removeprefix(str(DG._NS))
        assert (DGSH[f"{name}-claimType"], SH.hasValue, concept) in shapes
