"""RDF given by users: malformed files, and files that try to make us fetch or read things.

`diplograph validate` and ``KnowledgeGraph.validate`` (and `ingest --annotations`)
name the file and line of a syntax error, go on with the other files, and never
fetch: not an ``owl:imports``, not a JSON-LD ``@context`` by http or file://, not an
RDF/XML external entity; a billion-laughs document is refused at once. A local HTTP
server records any request and a local secret file must never reach a graph.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from rdflib import Graph

import diplograph.validate as validate_module
from diplograph import KnowledgeGraph
from diplograph.errors import InputError, RDFParseError
from diplograph.rdf.files import read_rdf
from diplograph.validate import validate
from hardening.conftest import DATA, SECRET, Recorder, invoke, lines_naming

GOOD = (
    "@prefix dg: <https://w3id.org/diplograph/ontology#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    '<https://w3id.org/diplograph/id/state/XXA> a dg:State ; skos:prefLabel "Xanadu"@en ;'
    ' dg:isoCode "XXA" .\n'
)


def _hostile(folder: Path, server: Recorder, secret: Path) -> dict[str, str]:
    """Files that would fetch from ``server`` or read ``secret`` if parsed naively."""
    files = {
        "imports.ttl": (
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            f"<urn:data> a owl:Ontology ; owl:imports <{server.url}/imported.ttl> , "
            f"<{secret.as_uri()}> .\n"
        ),
        "context-http.jsonld": json.dumps(
            {"@context": f"{server.url}/context.jsonld", "@id": "urn:a", "note": "x"}
        ),
        "context-file.jsonld": json.dumps(
            {"@context": secret.as_uri(), "@id": "urn:a", "note": "x"}
        ),
        "context-relative.jsonld": json.dumps(
            {"@context": secret.name, "@id": "urn:a", "note": "x"}
        ),
        "entity-file.rdf": (
            f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:x="urn:x#"><rdf:Description rdf:about="urn:a"><x:b>&s;</x:b>'
            "</rdf:Description></rdf:RDF>\n"
        ),
        "entity-http.owl": (
            f'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "{server.url}/evil.dtd">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return files


REFUSED = {
    "context-http.jsonld": "never fetches",
    "context-file.jsonld": "never fetches",
    "context-relative.jsonld": "never fetches",
    "entity-file.rdf": "DOCTYPE",
    "entity-http.owl": "DOCTYPE",
}


def test_hardening_cli_validate_never_fetches(
    tmp_path: Path, recording_server: Recorder, secret_file: Path
) -> None:
    _hostile(tmp_path, recording_server, secret_file)
    (tmp_path / "good.ttl").write_text(GOOD, encoding="utf-8")
    names = [*REFUSED, "imports.ttl", "good.ttl"]
    result = invoke(["validate", *(str(tmp_path / n) for n in names)])
    assert result.exit_code == 2
    for name, message in REFUSED.items():
        (line,) = lines_naming(result.output, f"{tmp_path / name}:")
        assert message in line
    # owl:imports is data, not an instruction: the file is validated as it stands.
    assert f"{tmp_path / 'imports.ttl'}: Conforms" in result.output
    assert f"{tmp_path / 'good.ttl'}: Conforms" in result.output
    assert SECRET not in result.output
    assert recording_server.requests == []


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hardening_library_validate_refuses_fetching_files(
    tmp_path: Path, recording_server: Recorder, secret_file: Path, name: str
) -> None:
    _hostile(tmp_path, recording_server, secret_file)
    with KnowledgeGraph(reference=False) as kg, pytest.raises(RDFParseError) as info:
        kg.validate(tmp_path / name)
    assert REFUSED[name] in str(info.value)
    assert info.value.path == str(tmp_path / name) and info.value.line in (1, 2)
    assert SECRET not in str(info.value)
    assert recording_server.requests == []


def test_hardening_library_owl_imports_not_followed(
    tmp_path: Path, recording_server: Recorder, secret_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pySHACL gets Graph objects (never a path or URL it could open) and no owl:imports."""
    _hostile(tmp_path, recording_server, secret_file)
    seen: list[tuple[Any, Any, Any]] = []
    real = pyshacl.Validator  # what diplograph.validate imports

    def spy(data_graph: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append((data_graph, kwargs.get("shacl_graph"), kwargs.get("options")))
        return real(data_graph, *args, **kwargs)

    monkeypatch.setattr(validate_module, "Validator", spy)
    data = read_rdf(tmp_path / "imports.ttl")
    report = validate(data)
    assert report.conforms
    ((data_graph, shapes, options),) = seen
    assert not isinstance(data_graph, str | bytes | Path)
    assert isinstance(shapes, Graph)
    assert not options.get("do_owl_imports")
    assert all(SECRET not in str(q[2]) for q in data.quads((None, None, None, None)))
    assert recording_server.requests == []


def test_hardening_billion_laughs_refused_within_a_second() -> None:
    path = DATA / "billion-laughs.rdf"
    assert path.stat().st_size < 600
    start = time.monotonic()
    with pytest.raises(RDFParseError, match="DOCTYPE"):
        read_rdf(path)
    assert time.monotonic() - start < 1
    start = time.monotonic()
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    (line,) = lines_naming(result.output, str(path))
    assert line.startswith(f"diplograph: error: {path}:2: RDF/XML with a DOCTYPE")
    assert time.monotonic() - start < 5  # the shapes load once; the file itself is instant


MALFORMED = {
    "malformed.ttl": (6, "newline found in string literal"),
    "malformed.jsonld": (6, "invalid JSON"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_hardening_validate_malformed_names_file_and_line(name: str, tmp_path: Path) -> None:
    line, message = MALFORMED[name]
    path = DATA / name
    good = tmp_path / "good.ttl"
    good.write_text(GOOD, encoding="utf-8")
    result = invoke(["validate", str(path), str(good)])
    assert result.exit_code == 2
    (shown,) = lines_naming(result.output, str(path))
    assert f"{path}:{line}:" in shown and message in shown
    assert f"{good}: Conforms" in result.output  # the run went on
    with pytest.raises(RDFParseError) as info:
        KnowledgeGraph(reference=False).validate(path)
    assert (info.value.path, info.value.line) == (str(path), line)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary\xff" * 40, "binary file"),
        ("ex:a ex:b 'caf\xe9' .".encode("latin-1"), "not UTF-8"),
    ],
    ids=["binary", "latin-1"],
)
def test_hardening_validate_unreadable_rdf(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "data.ttl"
    path.write_bytes(content)
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    (line,) = lines_naming(result.output, str(path))
    assert message in line
    with pytest.raises(InputError, match=message):
        KnowledgeGraph(reference=False).validate(path)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("annotations") / "store"


@pytest.mark.parametrize("name", ["malformed.ttl", "malformed.jsonld", "billion-laughs.rdf"])
def test_hardening_ingest_annotations_not_json_lines(name: str, store_dir: Path) -> None:
    """RDF given to --annotations: every line is reported as file:line, nothing stored."""
    path = DATA / name
    result = invoke(["ingest", "--annotations", str(path), "--store", str(store_dir)])
    assert result.exit_code == 1
    reported = lines_naming(result.output, f"{path}:")
    assert reported and all("not valid JSON" in line for line in reported)
    assert "stored:           0" in result.output
    with KnowledgeGraph(reference=False) as kg:
        summary = kg.ingest_annotations(path)
    assert summary.stored == 0 and summary.failed
    assert all(source.startswith(f"{path}:") for source, _ in summary.failed)
