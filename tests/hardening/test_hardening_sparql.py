"""SPARQL from users: no SERVICE, FROM, FROM NAMED or LOAD unless the user asks.

Through `diplograph query` and ``KnowledgeGraph.query``: each such query is refused
with one clear line, the local HTTP server receives nothing and the secret file's
content never appears. ``--allow-remote`` is the one way to let SERVICE through.
(``tests/test_query.py::test_query_refuses_service_and_from`` covers ``run_query``.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from diplograph import KnowledgeGraph
from diplograph.errors import QueryError
from hardening.conftest import SECRET, Recorder, invoke

QUERIES = {
    "service": "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { OPTIONAL { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } } }",
    "service-variable": "SELECT * WHERE { BIND(<{url}/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "from-http": "SELECT * FROM <{url}/data.ttl> WHERE { ?s ?p ?o }",
    "from-named-http": "SELECT * FROM NAMED <{url}/d.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-file": "SELECT * FROM <{secret}> WHERE { ?s ?p ?o }",
    "construct-from-file": "CONSTRUCT { ?s ?p ?o } FROM <{secret}> WHERE { ?s ?p ?o }",
    "load-http": "LOAD <{url}/data.ttl>",
    "load-file": "LOAD <{secret}> INTO GRAPH <urn:g>",
    "insert": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "drop": "DROP ALL",
}


@pytest.fixture
def store_dir(small_store: Path) -> Path:
    return small_store


def _query(name: str, server: Recorder, secret: Path) -> str:
    return QUERIES[name].replace("{url}", server.url).replace("{secret}", secret.as_uri())


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_hardening_cli_query_refuses_remote_and_updates(
    name: str, store_dir: Path, recording_server: Recorder, secret_file: Path
) -> None:
    sparql = _query(name, recording_server, secret_file)
    result = invoke(["query", sparql, "--store", str(store_dir)])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("diplograph: error: ") and "refused" in line
    assert SECRET not in result.output
    assert recording_server.requests == []


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_hardening_library_query_refuses_remote_and_updates(
    name: str, store_dir: Path, recording_server: Recorder, secret_file: Path
) -> None:
    sparql = _query(name, recording_server, secret_file)
    with KnowledgeGraph(store_dir) as kg:
        before = kg.stats()["quads"]
        with pytest.raises(QueryError, match="refused") as info:
            kg.query(sparql)
        assert kg.stats()["quads"] == before
    assert SECRET not in str(info.value)
    assert recording_server.requests == []


def test_hardening_cli_query_allow_remote_is_the_way_through(
    store_dir: Path, recording_server: Recorder, secret_file: Path
) -> None:
    """With --allow-remote the engine does call the service (here it answers Turtle,
    which is not a SPARQL result, so the query fails with one line)."""
    sparql = _query("service", recording_server, secret_file)
    result = invoke(["query", sparql, "--allow-remote", "--store", str(store_dir)])
    assert recording_server.requests == ["POST /sparql"]
    assert result.exit_code == 2
    assert "Traceback" not in result.output


_THREADS = """
from concurrent.futures import ThreadPoolExecutor
from diplograph.query import run_query
from diplograph.store import open_store
store = open_store(":memory:", reference=False)
def client(k):
    return [run_query(store, f"ASK {{ ?s ?p ?o FILTER(?o != {k * 100 + i}) }}").boolean
            for i in range(5)]
with ThreadPoolExecutor(8) as pool:
    print(sum(len(r) for r in pool.map(client, range(8))))
print(run_query(store, "ASK { ?s ?p ?o }").boolean)
"""


def test_hardening_library_queries_from_threads() -> None:
    """A notebook's threads may query at once from a fresh process: rdflib's SPARQL parser,
    first used from several threads, broke for the whole process (TypeError on every
    later query) until query parsing was serialised."""
    done = subprocess.run(
        [sys.executable, "-c", _THREADS], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["40", "False"]
