from __future__ import annotations

import importlib.util
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph

from diplograph.model import Actor, Article, Claim, Evidence, Extraction, Meeting
from diplograph.pipeline import (
    ingest,
    ingest_extractions,
    quarantined_articles,
    recheck_quarantine,
)
from diplograph.rdf.mint import person_iri, state_iri
from diplograph.store import (
    QUARANTINE_GRAPH,
    REFERENCE_GRAPHS,
    OxigraphStore,
    inferred_graph_name,
)

DATA = Path(__file__).parent / "data" / "store"


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", DATA / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


write_articles = _synthetic().write_articles


def nquads(store: OxigraphStore) -> list[bytes]:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return sorted(out.getvalue().splitlines())


TEXT = "Pakistan's envoy Asim Iftikhar met Chinese officials. Pakistan accused India of aggression."


def envoy_extraction(*, represents: str | None, curated: bool = False) -> Extraction:
    """An envoy meeting officials, and an accusation.

    Without ``represents`` the graph does not conform: the accusation then names its
    own claimant as target, which the shapes reject (an envoy of unknown allegiance
    alone is written as a person, which conforms).
    """
    article = Article(id="envoy", text=TEXT, url="https://example.org/envoy", source="envoy.json")
    cut = TEXT.index(".") + 1
    first = Evidence(0, cut, TEXT[:cut])
    second = Evidence(cut + 1, len(TEXT), TEXT[cut + 1 :])
    envoy = person_iri("Asim Iftikhar")
    return Extraction(
        article=article,
        actors=(
            Actor(state_iri("PAK"), "Pakistan", "State", code="PAK"),
            Actor(state_iri("CHN"), "China", "State", code="CHN"),
            Actor(state_iri("IND"), "India", "State", code="IND"),
            Actor(envoy, "Asim Iftikhar", "Envoy", represents=represents),
        ),
        meetings=(Meeting((envoy, state_iri("CHN")), first),),
        claims=(
            Claim(
                state_iri("PAK"),
                "accusation",
                second,
                target=state_iri("IND" if represents else "PAK"),
            ),
        ),
        extractor="curation.v1" if curated else "rules.v1",
        curated=curated,
    )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_articles(folder, 12)
    return folder


def test_pipeline_stores_one_graph_per_article_with_inferred(corpus: Path) -> None:
    store = OxigraphStore(None)
    summary = ingest([str(corpus)], store)
    assert summary.ok
    assert (summary.articles_read, summary.stored, summary.quarantined) == (12, 12, 0)
    articles = [
        str(r["a"])
        for r in store.select(
            "SELECT ?a WHERE { ?a a <https://w3id.org/diplograph/ontology#Article> }"
        )
    ]
    assert len(articles) == 12
    names = set(store.graph_names())
    assert set(REFERENCE_GRAPHS) <= names
    for iri in articles:
        assert iri in names and inferred_graph_name(iri) in names
    article_quads = sum(
        len(store.graph(g))
        for g in names
        if g.startswith("https://w3id.org/diplograph/id/article/")
    )
    assert summary.triples_written == article_quads


def test_pipeline_ingest_is_idempotent(corpus: Path) -> None:
    store = OxigraphStore(None)
    ingest([str(corpus)], store)
    ingest_extractions([envoy_extraction(represents=None)], store)
    once = nquads(store)
    ingest([str(corpus)], store)
    ingest_extractions([envoy_extraction(represents=None)], store)
    assert nquads(store) == once


def test_pipeline_quarantine_moves_both_ways() -> None:
    store = OxigraphStore(None)
    iri = envoy_extraction(represents=None).article.iri
    bad = ingest_extractions([envoy_extraction(represents=None)], store)
    assert (bad.stored, bad.quarantined, bad.ok) == (0, 1, False)
    [entry] = quarantined_articles(store)
    assert entry["article"] == iri and entry["sourcePath"] == "envoy.json"
    assert any("other than the claimant" in reason for reason in entry["reasons"])
    assert iri not in store.graph_names()
    assert len(store.quarantine.graph(iri)) > 0
    assert "Asim Iftikhar" in str(store.quarantine.graph(f"{iri}/source").serialize(format="nt"))
    # Quarantined triples stay out of what queries see.
    q = "ASK { ?m <https://w3id.org/diplograph/ontology#participant> ?p }"
    assert not store.select(q)[0]["ask"]

    good = ingest_extractions([envoy_extraction(represents=state_iri("PAK"))], store)
    assert (good.stored, good.quarantined, good.released) == (1, 0, 1)
    assert quarantined_articles(store) == []
    assert store.quarantine.graph_names() == []
    assert store.select(q)[0]["ask"]
    assert len(store.graph(QUARANTINE_GRAPH)) == 0

    ingest_extractions([envoy_extraction(represents=None)], store)
    assert iri not in store.graph_names()
    assert inferred_graph_name(iri) not in store.graph_names()
    assert [e["article"] for e in quarantined_articles(store)] == [iri]


_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def test_pipeline_stores_reference_actors_once_and_persons_per_article() -> None:
    """The article graph is validated whole but stored without what dgr:graph/actors
    says; the union then gives a reference actor's label once, the person keeps its
    description, what the article adds about a state stays, the quarantine is whole."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from diplograph.namespaces import DG

    store = OxigraphStore(None)
    good = envoy_extraction(represents=state_iri("PAK"))
    assert ingest_extractions([good], store).stored == 1
    iri = good.article.iri
    pak, envoy = URIRef(state_iri("PAK")), URIRef(person_iri("Asim Iftikhar"))
    stored, inferred = store.graph(iri), store.graph(inferred_graph_name(iri))
    assert not list(stored.triples((pak, None, None)))
    assert (pak, DG.madeClaim, None) in inferred  # article-specific, kept
    assert (pak, RDF.type, DG.Actor) not in inferred  # in dgr:graph/actors/inferred
    assert (envoy, DG.represents, pak) in stored
    assert (envoy, URIRef(_PREF), Literal("Asim Iftikhar", lang="en")) in stored
    label = f"SELECT ?l WHERE {{ <{pak}> <{_PREF}> ?l }}"
    assert [r["l"] for r in store.select(label)] == [Literal("Pakistan", lang="en")]
    # Re-ingesting the article does not bring the reference description back.
    ingest_extractions([good], store)
    assert len(store.select(label)) == 1
    # A store without reference graphs keeps the article whole (nothing to share).
    bare = OxigraphStore(None, reference=False)
    ingest_extractions([good], bare)
    assert list(bare.graph(iri).triples((pak, None, None)))
    # The quarantine keeps the whole graph, reference actors' descriptions included.
    ingest_extractions([envoy_extraction(represents=None)], store)
    assert list(store.quarantine.graph(iri).triples((pak, URIRef(_PREF), None)))


def test_pipeline_reports_failed_inputs_and_duplicates(corpus: Path, tmp_path: Path) -> None:
    good = sorted(corpus.glob("*.txt"))[0]
    copy = tmp_path / "copy-of-first.txt"
    copy.write_bytes(good.read_bytes())
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    missing = tmp_path / "missing.txt"
    store = OxigraphStore(None)
    summary = ingest([str(good), str(copy), str(binary), str(missing)], store)
    assert summary.stored == 1
    assert not summary.ok
    failed = dict(summary.failed)
    assert set(failed) == {str(binary), str(missing)}
    assert all(reason for reason in failed.values())
    [(iri, sources)] = summary.duplicates
    assert sources == [str(good), str(copy)]
    assert iri in store.graph_names()


STRICT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dg: <https://w3id.org/diplograph/ontology#> .
[] a sh:NodeShape ; sh:targetClass dg:Article ;
   sh:property [ sh:path dg:outlet ; sh:hasValue "Nowhere Gazette" ;
                 sh:message "only the Nowhere Gazette is accepted" ] .
"""


def test_pipeline_recheck_extracts_kept_text_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import diplograph.validate as validate_module

    original = validate_module.validate
    strict = Graph().parse(data=STRICT_SHAPES, format="turtle")
    monkeypatch.setattr(
        validate_module, "validate", lambda graph, **kw: original(graph, shapes=strict)
    )
    store = OxigraphStore(None)
    first = sorted(corpus.glob("*.txt"))[:2]
    summary = ingest([str(p) for p in first], store)
    assert (summary.stored, summary.quarantined) == (0, 2)
    entries = quarantined_articles(store)
    assert [e["sourcePath"] for e in entries] == [str(p) for p in first]
    assert all(e["reasons"] == [e["reasons"][0]] for e in entries)
    assert "Nowhere Gazette" in entries[0]["reasons"][0]
    still = recheck_quarantine(store)
    assert (still.stored, still.quarantined) == (0, 2)

    monkeypatch.setattr(validate_module, "validate", original)
    rechecked = recheck_quarantine(store)
    assert (rechecked.articles_read, rechecked.stored, rechecked.released) == (2, 2, 2)
    assert quarantined_articles(store) == []
    reference = OxigraphStore(None)
    ingest([str(p) for p in first], reference)
    assert nquads(store) == nquads(reference)


def test_pipeline_recheck_revalidates_curated_triples(monkeypatch: pytest.MonkeyPatch) -> None:
    import diplograph.validate as validate_module

    store = OxigraphStore(None)
    ingest_extractions([envoy_extraction(represents=None, curated=True)], store)
    assert recheck_quarantine(store).quarantined == 1
    original = validate_module.validate
    monkeypatch.setattr(
        validate_module, "validate", lambda graph, **kw: original(graph, shapes=Graph())
    )
    relaxed = recheck_quarantine(store)
    assert (relaxed.articles_read, relaxed.stored, relaxed.quarantined) == (1, 1, 0)
    assert quarantined_articles(store) == []
    iri = envoy_extraction(represents=None).article.iri
    assert len(store.graph(iri)) > 0
    assert len(store.graph(inferred_graph_name(iri))) > 0


CRASH_SCRIPT = """
import sys
from diplograph.pipeline import ingest
from diplograph.store import open_store

store = open_store(sys.argv[1])

def progress(done, total):
    print(done, flush=True)

ingest([sys.argv[2]], store, batch_size=8, progress=progress)
store.close()
print("finished", flush=True)
"""


@pytest.fixture(scope="session")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    write_articles(folder, 200)
    return folder


@pytest.fixture(scope="session")
def uninterrupted(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("uninterrupted") / "store"
    with OxigraphStore(location) as store:
        summary = ingest([str(big_corpus)], store)
        assert summary.ok and summary.stored == 200
    return location


@pytest.mark.slow
def test_pipeline_survives_sigkill_midway(
    big_corpus: Path, uninterrupted: Path, tmp_path: Path
) -> None:
    location = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(location), str(big_corpus)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    with proc.stdout:
        for line in proc.stdout:
            if line.strip().isdigit() and int(line) >= 100:
                time.sleep(0.05)  # land inside a batch write some of the time
                os.kill(proc.pid, signal.SIGKILL)
                break
            assert time.monotonic() < deadline
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with OxigraphStore(uninterrupted) as reference:
        expected = {name: set(reference.graph(name)) for name in reference.graph_names()}
        expected_dump = nquads(reference)
    with OxigraphStore(location) as store:
        present = [n for n in store.graph_names() if n not in REFERENCE_GRAPHS]
        articles = [n for n in present if not n.endswith("/inferred")]
        assert 0 < len(articles) < 200
        for name in present:
            assert set(store.graph(name)) == expected[name], name
        for name in articles:
            assert inferred_graph_name(name) in present
        summary = ingest([str(big_corpus)], store)
        assert summary.ok
        assert nquads(store) == expected_dump


@pytest.mark.slow
def test_pipeline_parallel_jobs_give_the_same_store(big_corpus: Path, uninterrupted: Path) -> None:
    subset = sorted(big_corpus.glob("*.txt"))[:40]
    serial = OxigraphStore(None)
    ingest([str(p) for p in subset], serial)
    parallel = OxigraphStore(None)
    summary = ingest([str(p) for p in subset], parallel, jobs=2)
    assert (summary.articles_read, summary.stored) == (40, 40)
    assert nquads(parallel) == nquads(serial)
    with OxigraphStore(uninterrupted) as reference:
        for iri in parallel.graph_names():
            assert set(parallel.graph(iri)) == set(reference.graph(iri))
