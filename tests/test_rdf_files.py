"""read_rdf / write_rdf: every format, errors with file and line, no fetching, atomic writes."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from diplograph.errors import ExportError, InputError, RDFParseError
from diplograph.rdf.files import format_for, read_rdf, write_rdf

FORMATS_DIR = Path(__file__).parent / "data" / "validate" / "formats"
ARTICLE = URIRef("https://w3id.org/diplograph/id/article/abc")
AB = "<http://e/a> <http://e/b>"


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) any attempt to open a URL or a socket while parsing."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:1]))
        raise AssertionError(f"tried to fetch {args[:1]!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("socket.socket.connect", refuse)
    return attempts


@pytest.mark.parametrize("path", sorted(FORMATS_DIR.iterdir()), ids=lambda p: p.suffix)
def test_rdf_files_read_every_format(path: Path) -> None:
    expected = Graph().parse(FORMATS_DIR / "same.ttl")
    dataset = read_rdf(path)
    assert isinstance(dataset, Dataset)
    assert isomorphic(_union(dataset), expected)


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_rdf_files_read_keeps_graph_names(suffix: str) -> None:
    dataset = read_rdf(FORMATS_DIR / f"same{suffix}")
    assert {g for *_, g in dataset.quads((None, None, None, None))} == {ARTICLE}


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("broken.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open\n', 3),
        ("broken.ttl", "@prefix ex: <http://e/> .\n\nex:a ex:b .\n", 3),
        ("broken.trig", "<http://e/g> {\n <http://e/a> <http://e/b> <http://e/c> .\n", 3),
        ("broken.nt", f"{AB} <http://e/c> .\n{AB} oops .\n", 2),
        ("broken.nq", f"\n\n{AB} <http://e/c> <http://e/g> <http://e/x> .\n", 3),
        ("broken.jsonld", '{\n  "@id": "http://e/a",\n  "http://e/b": [1, 2,]\n}\n', 3),
        ("broken.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
         '02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n', 4),
    ],
)
def test_rdf_files_syntax_error_names_file_and_line(
    tmp_path: Path, name: str, content: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RDFParseError) as info:
        read_rdf(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert "Traceback" not in str(info.value)


def test_rdf_files_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"data\.csv: cannot tell the RDF format"):
        read_rdf(path)


def test_rdf_files_format_overrides_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text((FORMATS_DIR / "same.nt").read_text(encoding="utf-8"), encoding="utf-8")
    assert len(_union(read_rdf(path, format="ntriples"))) == 3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
        (lambda p: p.write_bytes(b"<http://e/a> <http://e/b> \"caf\xe9\" .\n"), "not UTF-8"),
    ],
    ids=["missing", "directory", "binary", "latin-1"],
)
def test_rdf_files_unusable_file_names_it(tmp_path: Path, make: Any, message: str) -> None:
    path = tmp_path / "input.ttl"
    make(path)
    with pytest.raises(InputError) as info:
        read_rdf(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


@pytest.mark.parametrize(
    "context",
    [
        '"https://schema.org/"',
        '"http://example.org/context.jsonld"',
        '["https://example.org/a.jsonld", {"ex": "http://e/"}]',
        '{"ex": {"@id": "http://e/ex", "@context": "https://example.org/scoped.jsonld"}}',
        '{"@import": "https://example.org/imported.jsonld"}',
    ],
    ids=["https", "http", "in-list", "scoped", "import"],
)
def test_rdf_files_jsonld_remote_context_not_fetched(
    tmp_path: Path, no_network: list[str], context: str
) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(f'{{"@context": {context}, "@id": "http://e/a"}}', encoding="utf-8")
    with pytest.raises(RDFParseError, match="never fetches"):
        read_rdf(path)
    assert no_network == []


def test_rdf_files_jsonld_file_context_not_read(tmp_path: Path, no_network: list[str]) -> None:
    secret = tmp_path / "secret.jsonld"
    secret.write_text('{"@context": {"leak": "urn:TOP-SECRET-7f3a#"}}', encoding="utf-8")
    for reference in (secret.as_uri(), "secret.jsonld"):
        path = tmp_path / "data.jsonld"
        path.write_text(
            f'{{"@context": "{reference}", "@id": "http://e/a", "leak": "x"}}', encoding="utf-8"
        )
        with pytest.raises(RDFParseError) as info:
            read_rdf(path)
        assert "TOP-SECRET" not in str(info.value)
        assert info.value.line == 1
    assert no_network == []


def test_rdf_files_jsonld_inline_context_parses(no_network: list[str]) -> None:
    assert len(_union(read_rdf(FORMATS_DIR / "same.jsonld"))) == 3


def test_rdf_files_rdfxml_doctype_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "entity.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [ <!ENTITY s SYSTEM "{secret.as_uri()}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://e/"><rdf:Description rdf:about="http://e/a">'
        "<ex:b>&s;</ex:b></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    with pytest.raises(RDFParseError, match="DOCTYPE") as info:
        read_rdf(path)
    assert info.value.line == 2


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq", ".jsonld", ".rdf"])
def test_rdf_files_write_read_round_trip(tmp_path: Path, suffix: str) -> None:
    graph = Graph().parse(FORMATS_DIR / "same.ttl")
    path = tmp_path / f"out{suffix}"
    write_rdf(graph, path)
    assert isomorphic(_union(read_rdf(path)), graph)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_rdf_files_write_gives_ordinary_permissions(tmp_path: Path) -> None:
    ordinary = tmp_path / "ordinary"
    ordinary.write_bytes(b"")
    path = tmp_path / "out.ttl"
    write_rdf(Graph().parse(FORMATS_DIR / "same.ttl"), path)
    assert path.stat().st_mode == ordinary.stat().st_mode


def test_rdf_files_write_dataset_keeps_named_graphs(tmp_path: Path) -> None:
    dataset = read_rdf(FORMATS_DIR / "same.trig")
    path = tmp_path / "out.trig"
    write_rdf(dataset, path)
    again = read_rdf(path)
    assert isomorphic(again.graph(ARTICLE), dataset.graph(ARTICLE))
    assert len(again.default_graph) == 0


def test_rdf_files_write_named_graphs_to_turtle_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="named graphs"):
        write_rdf(read_rdf(FORMATS_DIR / "same.trig"), tmp_path / "out.ttl")
    assert not list(tmp_path.iterdir())


def test_rdf_files_write_to_stream() -> None:
    stream = io.BytesIO()
    write_rdf(Graph().parse(FORMATS_DIR / "same.ttl"), stream, format="nt")
    assert stream.getvalue().count(b"\n") == 3


def test_rdf_files_interrupted_write_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.ttl"
    path.write_text("# the previous, complete file\n", encoding="utf-8")

    def die_halfway(self: Graph, destination: Any = None, **kwargs: Any) -> None:
        destination.write(b"@prefix ex: <http://e/> .\nex:a ex:b ")
        raise KeyboardInterrupt

    monkeypatch.setattr(Graph, "serialize", die_halfway)
    with pytest.raises(KeyboardInterrupt):
        write_rdf(Graph(), path)
    assert path.read_text(encoding="utf-8") == "# the previous, complete file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_rdf_files_format_for() -> None:
    assert format_for("a.TTL") == "turtle"
    assert format_for("a.json") == "json-ld"
    assert format_for("anything", "N-Quads") == "nquads"
    with pytest.raises(InputError, match="unknown RDF format"):
        format_for("a.ttl", "yaml")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40),
       suffix=st.sampled_from([".ttl", ".nt", ".jsonld", ".trig"]))
def test_rdf_files_literals_survive_round_trip(tmp_path: Path, text: str, suffix: str) -> None:
    graph = Graph()
    graph.add((URIRef("http://e/a"), URIRef("http://e/b"), Literal(text)))
    path = tmp_path / f"literal{suffix}"
    write_rdf(graph, path)
    assert isomorphic(_union(read_rdf(path)), graph)
