"""`diplograph serve`: loopback by default, read-only, no CORS unless asked, bounded, sturdy.

Covered elsewhere (tests/test_cli_ingest.py): GET/POST/form queries are answered,
``/update`` refuses SPARQL and form-encoded updates, a runaway query is stopped.
Here: the listening address, every other way to write, CORS headers, SERVICE from
the endpoint (refused by serve's gate unless --allow-remote), and a burst of
concurrent clients.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from _serving import serving
from hardening.conftest import ARTICLES, Recorder

COUNT = (
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE "
    "{ ?a a <https://w3id.org/diplograph/ontology#Article> }"
)
JSON = {"Accept": "application/sparql-results+json"}


def _serve(store: Path, *options: str) -> Iterator[tuple[str, int]]:
    with serving(store, *options) as (base, proc):
        yield base, proc.pid


@pytest.fixture(scope="module")
def served(small_store: Path) -> Iterator[tuple[str, int]]:
    yield from _serve(small_store)


@pytest.fixture(scope="module")
def served_open(small_store: Path, served: tuple[str, int]) -> Iterator[tuple[str, int]]:
    """The same store served with --cors and --allow-remote (beside the default one)."""
    yield from _serve(small_store, "--cors", "--allow-remote")


def _count(base: str) -> int:
    got = httpx.get(f"{base}/query", params={"query": COUNT}, headers=JSON, timeout=10)
    got.raise_for_status()
    return int(got.json()["results"]["bindings"][0]["n"]["value"])


def _listening(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (Linux /proc/net/tcp*)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_hardening_serve_binds_to_loopback_by_default(served: tuple[str, int]) -> None:
    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    assert _listening(port) == {"0100007F"}  # 127.0.0.1, and nothing else


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/query", {"data": {"update": "DROP ALL"}}),
        ("GET", "/update", {"params": {"update": "DROP ALL"}}),
        (
            "PUT",
            "/store?default",
            {
                "content": b"<urn:a> <urn:b> <urn:c> .",
                "headers": {"Content-Type": "application/n-triples"},
            },
        ),
        (
            "POST",
            "/store?default",
            {
                "content": b"<urn:a> <urn:b> <urn:c> .",
                "headers": {"Content-Type": "application/n-triples"},
            },
        ),
        ("DELETE", "/store?default", {}),
        (
            "POST",
            "/store",
            {
                "content": b"<urn:a> <urn:b> <urn:c> .",
                "headers": {"Content-Type": "application/n-triples"},
            },
        ),
    ],
    ids=["form-update-to-query", "get-update", "gsp-put", "gsp-post", "gsp-delete", "gsp-new"],
)
def test_hardening_serve_refuses_every_write(
    served: tuple[str, int], method: str, path: str, kwargs: dict[str, object]
) -> None:
    base, _ = served

    def quads() -> object:
        return httpx.get(
            f"{base}/query",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers=JSON,
            timeout=10,
        ).json()

    before = quads()
    response = httpx.request(method, f"{base}{path}", timeout=10, **kwargs)  # type: ignore[arg-type]
    assert response.status_code >= 400
    assert quads() == before
    assert _count(base) == len(ARTICLES)


def test_hardening_serve_no_cors_headers_by_default(served: tuple[str, int]) -> None:
    base, _ = served
    origin = {"Origin": "http://attacker.example"}
    got = httpx.get(
        f"{base}/query", params={"query": COUNT}, headers={**JSON, **origin}, timeout=10
    )
    assert got.status_code == 200
    assert not [h for h in got.headers if h.lower().startswith("access-control-")]
    preflight = httpx.options(
        f"{base}/query",
        headers={**origin, "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_hardening_serve_cors_when_asked(served_open: tuple[str, int]) -> None:
    base, _ = served_open
    got = httpx.get(
        f"{base}/query",
        params={"query": COUNT},
        headers={**JSON, "Origin": "http://notebook.example"},
        timeout=10,
    )
    assert got.headers.get("access-control-allow-origin") in ("*", "http://notebook.example")


def test_hardening_serve_burst_of_concurrent_queries(served: tuple[str, int]) -> None:
    """8 clients x 10 queries on loopback: every one answered right or cleanly timed out;
    the server answers afterwards."""
    base, _ = served
    clients, per_client = 8, 10

    def client(k: int) -> list[str]:
        outcomes = []
        with httpx.Client(timeout=10) as http:
            for i in range(per_client):
                query = COUNT if (k + i) % 2 else f"ASK {{ ?s ?p ?o FILTER(?o != {k * 100 + i}) }}"
                try:
                    got = http.get(f"{base}/query", params={"query": query}, headers=JSON)
                except httpx.TimeoutException:
                    outcomes.append("timeout")
                    continue
                got.raise_for_status()
                body = got.json()
                ok = (
                    body["boolean"] is True
                    if "boolean" in body
                    else body["results"]["bindings"][0]["n"]["value"] == str(len(ARTICLES))
                )
                outcomes.append("ok" if ok else f"wrong: {body}")
        return outcomes

    start = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        results = [o for outcomes in pool.map(client, range(clients)) for o in outcomes]
    assert len(results) == clients * per_client
    assert set(results) <= {"ok", "timeout"}, [r for r in results if r not in ("ok", "timeout")]
    assert results.count("ok") >= clients * per_client // 2
    assert time.monotonic() - start < 60
    assert _count(base) == len(ARTICLES)


SERVICE = "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("how", ["get", "post", "form"])
def test_hardening_serve_refuses_service_for_clients(
    served: tuple[str, int], recording_server: Recorder, how: str
) -> None:
    """Oxigraph's server would run SERVICE for any client (it has no switch for it):
    serve's gate refuses it with a clear message, and nothing is fetched."""
    base, _ = served
    query = SERVICE.format(url=recording_server.url)
    if how == "get":
        response = httpx.get(f"{base}/query", params={"query": query}, headers=JSON, timeout=10)
    elif how == "post":
        response = httpx.post(
            f"{base}/query",
            content=query,
            timeout=10,
            headers={**JSON, "Content-Type": "application/sparql-query"},
        )
    else:
        response = httpx.post(f"{base}/query", data={"query": query}, headers=JSON, timeout=10)
    assert response.status_code == 400
    assert "SERVICE" in response.text and "--allow-remote" in response.text
    assert recording_server.requests == []


def test_hardening_serve_allow_remote_lets_service_through(
    served_open: tuple[str, int], recording_server: Recorder
) -> None:
    base, _ = served_open
    httpx.get(
        f"{base}/query",
        params={"query": SERVICE.format(url=recording_server.url)},
        headers=JSON,
        timeout=10,
    )
    assert recording_server.requests == ["POST /sparql"]
