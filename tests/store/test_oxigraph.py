from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from diplograph.errors import QueryError, StoreError
from diplograph.store import OxigraphStore, open_store
from diplograph.store._terms import from_ox, to_ox

A = URIRef("urn:x:a")
P = URIRef("urn:x:p")
G1 = "urn:x:g1"
G2 = "urn:x:g2"


def graph(*objects: object) -> Graph:
    g = Graph()
    for o in objects:
        g.add((A, P, o if isinstance(o, URIRef | Literal) else Literal(o)))  # type: ignore[arg-type]
    return g


LITERALS = [
    Literal("Kashmir"),
    Literal("Cachemire", lang="fr"),
    Literal(42),
    Literal(dt.date(2025, 5, 2)),
    Literal("https://example.org/a", datatype=XSD.anyURI),
    Literal('a "quoted"\nline \\ with } ; DROP ALL #', lang="en"),
    Literal("Ünïcødé ✓ 中文"),
    Literal(True),
]


@pytest.mark.parametrize("literal", LITERALS, ids=[repr(x)[:40] for x in LITERALS])
def test_oxigraph_literal_roundtrip(literal: Literal) -> None:
    store = OxigraphStore(None, reference=False)
    store.replace_graphs({G1: graph(literal)})
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert rows == [{"o": literal}]
    assert store.graph(G1) == graph(literal) or set(store.graph(G1)) == set(graph(literal))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "en", "fr-CA"]))
def test_oxigraph_terms_roundtrip_any_text(text: str, lang: str | None) -> None:
    literal = Literal(text, lang=lang)
    assert from_ox(to_ox(literal)) == literal


def test_oxigraph_select_binds_parameters_without_pasting() -> None:
    store = OxigraphStore(None, reference=False)
    g = graph("one")
    g.add((URIRef("urn:x:b"), P, Literal("two")))
    store.replace_graphs({G1: g})
    projected = store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": A})
    assert projected == [{"s": A, "o": Literal("one")}]
    unprojected = store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("urn:x:b")})
    assert unprojected == [{"o": Literal("two")}]
    hostile = Literal('x" } UNION { ?s ?p ?o } #')
    assert store.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": hostile}) == []
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }", {"o": hostile}) == []


def test_oxigraph_ask_and_construct() -> None:
    store = OxigraphStore(None, reference=False)
    store.replace_graphs({G1: graph("one")})
    assert store.select("ASK { ?s ?p ?o }") == [{"ask": Literal(True)}]
    assert set(store.construct("CONSTRUCT WHERE { ?s ?p ?o }")) == set(graph("one"))
    with pytest.raises(QueryError):
        store.construct("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="syntax"):
        store.select("SELECT WHERE {")


def test_oxigraph_replace_remove_and_patch_graphs() -> None:
    store = OxigraphStore(None, reference=False)
    store.replace_graphs({G1: graph("old", "older"), G2: graph("keep")})
    store.replace_graphs({G1: graph("new")})
    assert set(store.graph(G1)) == set(graph("new"))
    assert set(store.graph(G2)) == set(graph("keep"))
    other = URIRef("urn:x:other")
    patch_add = Graph()
    patch_add.add((A, P, Literal("patched")))
    store.replace_graphs({}, patch={G2: ([str(A)], patch_add)})
    store.replace_graphs({}, patch={G2: ([], Graph().add((other, P, Literal("o"))))})
    assert {str(o) for _, _, o in store.graph(G2)} == {"patched", "o"}
    store.replace_graphs({}, remove=[G1])
    assert store.graph_names() == [G2]
    assert store.count() == 2


def test_oxigraph_failed_write_changes_nothing() -> None:
    store = OxigraphStore(None, reference=False)
    store.replace_graphs({G1: graph("one")})
    with pytest.raises(StoreError):
        store.replace_graphs({G1: graph("two"), G2: graph(URIRef("urn:x:has space"))})
    assert set(store.graph(G1)) == set(graph("one"))
    assert store.graph_names() == [G1]


def test_oxigraph_persists_and_keeps_quarantine_out_of_queries(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "s", reference=False) as store:
        store.replace_graphs({G1: graph("stored")})
        store.quarantine.replace_graphs({G2: graph("quarantined")})
    with OxigraphStore(tmp_path / "s", reference=False) as store:
        assert store.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": Literal("stored")}]
        assert store.graph_names() == [G1]
        assert store.quarantine.graph_names() == [G2]
        assert set(store.quarantine.graph(G2)) == set(graph("quarantined"))
    assert (tmp_path / "s" / "quarantine").is_dir()


def test_oxigraph_second_writer_gets_clear_error(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "s", reference=False)
    try:
        with pytest.raises(StoreError, match=r"in use|cannot open"):
            OxigraphStore(tmp_path / "s", reference=False)
    finally:
        first.close()
    with pytest.raises(StoreError, match="closed"):
        first.select("ASK {}")


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_oxigraph_dump_reloads_elsewhere(fmt: str) -> None:
    store = OxigraphStore(None, reference=False)
    store.replace_graphs({G1: graph(*LITERALS), G2: graph("x")})
    out = io.BytesIO()
    store.dump(out, fmt)  # type: ignore[arg-type]
    other = ox.Store()
    other.load(out.getvalue(), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    assert len(other) == store.count() == len(LITERALS) + 1
    ds = Dataset()
    with warnings.catch_warnings():  # rdflib 7's Dataset.parse warns about its own API
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(data=out.getvalue(), format=fmt)
    assert sum(len(ds.graph(URIRef(g))) for g in (G1, G2)) == store.count()


def test_open_store_resolves_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIPLOGRAPH_STORE", str(tmp_path / "env-store"))
    store = open_store(None, reference=False)
    assert store.location == str(tmp_path / "env-store")
    store.close()
    assert open_store(":memory:", reference=False).location == ":memory:"
    monkeypatch.delenv("DIPLOGRAPH_STORE")
    monkeypatch.chdir(tmp_path)
    store = open_store(None, reference=False)
    assert Path(store.location) == Path("diplograph-store")
    assert (tmp_path / "diplograph-store").is_dir()
    store.close()
