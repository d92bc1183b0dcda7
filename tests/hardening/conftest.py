"""Fixtures for the hardening tests: a recording HTTP server, a secret file, a small store.

The no-network guard itself (an audit hook refusing non-loopback connections) is in
the root ``tests/conftest.py`` and covers the whole suite.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from diplograph import Article, KnowledgeGraph
from diplograph.cli import app

DATA = Path(__file__).resolve().parents[1] / "data" / "hardening"
SECRET = "TOP-SECRET-4b1d9e"
"""Written into the secret file; must never show up in a graph or an answer."""

@dataclass
class Recorder:
    """A loopback HTTP server that answers every request and records it."""

    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def recording_server() -> Iterator[Recorder]:
    """An HTTP server on a free 127.0.0.1 port, in a thread; ``requests`` lists what it got.

    It answers with Turtle, a JSON-LD context and SPARQL results that would each put
    ``SECRET`` into a graph, so a test also sees it if anything was fetched and used.
    """
    recorder = Recorder(url="")
    body = f'<urn:leak> <urn:says> "{SECRET}" .\n'.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            recorder.requests.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A local file whose content must never be read into a graph."""
    path = tmp_path / "secret.ttl"
    path.write_text(f'<urn:secret> <urn:is> "{SECRET}" .\n', encoding="utf-8")
    return path


ARTICLES = (
    "Chile's president met Argentina's president in Santiago.",
    "Japan warned North Korea against new tests.",
)


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the two ``ARTICLES`` (closed: tests open or serve it)."""
    path = tmp_path_factory.mktemp("hardening-store") / "store"
    with KnowledgeGraph(path) as kg:
        summary = kg.ingest([Article(id=f"a{i}", text=t) for i, t in enumerate(ARTICLES)])
    assert summary.stored == len(ARTICLES)
    return path


def invoke(args: list[str], input: str | bytes | None = None) -> Result:
    """Run the CLI in-process; a user's mistake must never show a traceback."""
    result = CliRunner().invoke(app, args, input=input)
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, AssertionError | KeyError | TypeError | ValueError), (
        result.exception
    )
    return result


def lines_naming(output: str, name: str) -> list[str]:
    """The lines of ``output`` that mention ``name``."""
    return [line for line in output.splitlines() if name in line]
