"""The documentation in docs/: generated pages are current, hand-written ones are true.

docs/data-model.md, docs/class-diagram.png and docs/sparql-cookbook.md are made by
``diplograph docs`` from the ontology, shapes and bundled queries; a test here fails
as soon as those files change without the pages being regenerated. The hand-written
pages are checked against the code: the Gephi page's attribute table against a real
export, the README sections' commands against the CLI, and the Python tour is run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, SH
from typer.testing import CliRunner

from diplograph import KnowledgeGraph, docgen
from diplograph.cli import app
from diplograph.network import read_gexf
from diplograph.query import list_queries

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
DG = "https://w3id.org/diplograph/ontology#"


def test_docs_generated_pages_are_current() -> None:
    stale = docgen.stale_docs(DOCS)
    assert stale == [], "run `diplograph docs` and commit docs/: " + "; ".join(stale)


def test_docs_regenerated_into_tmp_equal_the_committed_pages(tmp_path: Path) -> None:
    written = docgen.build_docs(tmp_path)
    assert sorted(p.name for p in written) == sorted(docgen.DOC_FILES)
    for name in ("data-model.md", "sparql-cookbook.md"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (DOCS / name).read_text(
            encoding="utf-8"
        )
    digest = docgen.inputs_digest("model")
    assert docgen.class_diagram_digest(tmp_path / "class-diagram.png") == digest
    assert docgen.class_diagram_digest(DOCS / "class-diagram.png") == digest
    assert f"<!-- diplograph-inputs: {digest} -->" in (DOCS / "data-model.md").read_text(
        encoding="utf-8"
    )


def test_docs_stale_when_a_query_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(docgen.queries_dir(), queries)
    target = queries / "envoys.rq"
    target.write_text(
        target.read_text(encoding="utf-8").replace("# Envoys", "# Ambassadors", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(docgen, "queries_dir", lambda: queries)
    monkeypatch.setattr("diplograph.query.queries_dir", lambda: queries)
    stale = docgen.stale_docs(DOCS)
    assert [s.split(":")[0] for s in stale] == [str(DOCS / "sparql-cookbook.md")]
    assert "Ambassadors" in docgen.cookbook_page()


def test_docs_stale_when_the_ontology_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(docgen.ontology_dir(), ontology)
    edit = ontology / "diplograph.ttl"
    text = edit.read_text(encoding="utf-8")
    edit.write_text(text.replace('rdfs:label "envoy"@en', 'rdfs:label "emissary"@en'), "utf-8")
    monkeypatch.setattr(docgen, "ontology_dir", lambda: ontology)
    stale = {Path(s.split(":")[0]).name for s in docgen.stale_docs(DOCS)}
    assert stale == {"data-model.md", "class-diagram.png"}
    assert "**emissary**" in docgen.data_model_page()


def test_docs_data_model_covers_the_ontology_and_shapes() -> None:
    page = (DOCS / "data-model.md").read_text(encoding="utf-8")
    ontology = Graph().parse(ROOT / "ontology" / "diplograph.ttl")
    terms = {
        str(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(DG)
    }
    assert len(terms) > 50
    for term in terms:
        assert f"`dg:{term[len(DG) :]}`" in page
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.shapes.ttl")):
        shapes.parse(path)
    messages = {str(m) for m in shapes.objects(None, SH.message) if isinstance(m, Literal)}
    assert messages
    for message in messages:
        assert docgen._cell(message) in page, message
    assert "![Class diagram](class-diagram.png)" in page


def test_docs_cookbook_covers_every_bundled_query() -> None:
    page = (DOCS / "sparql-cookbook.md").read_text(encoding="utf-8")
    for info in list_queries():
        assert f"## {info.name}\n" in page
        assert f"$ diplograph query {info.name}" in page
        for param in info.params:
            assert f"| `{param.name}` | {param.kind} |" in page
        assert "SELECT" not in info.text or info.text.split("SELECT", 1)[1][:40] in page


def test_docs_class_diagram_is_a_png_with_its_inputs() -> None:
    data = (DOCS / "class-diagram.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"diplograph-inputs" in data


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--check", "-o", str(DOCS)], 0, "up to date"),
        (["--check", "-o", "{tmp}"], 1, "missing"),
        (["-o", "{tmp}"], 0, "wrote"),
    ],
    ids=["check-committed", "check-empty", "write"],
)
def test_docs_cli(tmp_path: Path, args: list[str], code: int, text: str) -> None:
    result = CliRunner().invoke(app, ["docs", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code == code, result.output
    assert text in result.output
    if args[0] == "-o":
        assert docgen.stale_docs(tmp_path) == []


def _gephi_attributes() -> set[tuple[str, str]]:
    text = (DOCS / "gephi.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(\w+)` \| (node|edge) \|", text, flags=re.MULTILINE))


def test_docs_gephi_attribute_table_matches_the_export(tmp_path: Path) -> None:
    with KnowledgeGraph() as kg:
        kg.ingest(ROOT / "tests" / "data" / "api" / "articles")
        (path,) = kg.export(tmp_path / "outreach.gexf")
    G = read_gexf(path)
    exported = {(k, "node") for _, d in G.nodes(data=True) for k in d}
    exported |= {(k, "edge") for *_, d in G.edges(data=True) for k in d}
    assert _gephi_attributes() == exported
    page = (DOCS / "gephi.md").read_text(encoding="utf-8")
    for words in ("ForceAtlas 2", "Enable timeline", "outreach.gexf", "Partition"):
        assert words in page


def _blocks(page: Path, language: str) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def _commands() -> list[list[str]]:
    found = []
    for page in (ROOT / "README.md", DOCS / "gephi.md"):
        for block in _blocks(page, "console"):
            for line in block.splitlines():
                if line.startswith("$ diplograph "):
                    for part in line[2:].split("&&"):
                        found.append(shlex.split(part.split(">")[0], comments=True))
    # the README's first command (install and run the main job) uses the CLI too
    (quick_start, _tests) = _blocks(ROOT / "README.md", "sh")[:2]
    for part in quick_start.split("&&"):
        if part.strip().startswith("diplograph "):
            found.append(shlex.split(part))
    return found


COMMANDS = _commands()


def test_docs_commands_were_found() -> None:
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_docs_commands_use_real_commands_and_options(command: list[str]) -> None:
    assert command[0] == "diplograph"
    result = CliRunner().invoke(app, [command[1], "--help"])
    assert result.exit_code == 0, f"no command {command[1]!r}"
    for token in command[2:]:
        if token.startswith("-"):
            assert token.split("=")[0] in result.output, f"{command[1]} has no option {token}"


@pytest.mark.slow
def test_docs_python_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tour,) = _blocks(ROOT / "README.md", "python")
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    gold = (ROOT / "examples" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "curated.jsonl").write_text(gold[0] + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {"__name__": "tour"}
    exec(compile(tour, "README.md", "exec"), scope)
    assert scope["curated"].stored == 1  # type: ignore[attr-defined]
    assert (tmp_path / "outreach.gexf").is_file()
    assert (tmp_path / "store.trig").stat().st_size > 0
    assert len(scope["central"]) == 5  # type: ignore[arg-type]
    assert scope["report"].conforms  # type: ignore[attr-defined]
    assert os.path.isdir(tmp_path / "diplograph-store")
