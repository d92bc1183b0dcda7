"""The public API: what ``import diplograph`` offers is pinned, typed and documented.

Changing the list below is a decision about the public API (a new name is a promise
to keep it; a removed one breaks users), so it is made here on purpose (httpx style).
The doctests of the public modules run here too.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.metadata
import pickle
import types
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL

import diplograph

EXPECTED_ALL = [
    "ONTOLOGY_VERSION",
    "Actor",
    "Article",
    "Claim",
    "DiplographError",
    "Evidence",
    "ExportError",
    "Extraction",
    "ExtractionError",
    "IngestSummary",
    "InputError",
    "KnowledgeGraph",
    "Meeting",
    "NetworkError",
    "QueryError",
    "QueryResult",
    "ResourceError",
    "StoreError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "read_articles",
]
ERRORS = [
    "ExportError",
    "ExtractionError",
    "InputError",
    "NetworkError",
    "QueryError",
    "ResourceError",
    "StoreError",
    "ValidationError",
]
DOCTESTED = ["diplograph", "diplograph._graph", "diplograph._curation", "diplograph.docgen"]
ROOT = Path(__file__).parents[1]


def test_public_api_all_is_pinned() -> None:
    assert diplograph.__all__ == EXPECTED_ALL


def test_public_api_all_is_sorted_and_unique() -> None:
    constants = [n for n in diplograph.__all__ if n.isupper()]
    classes = [n for n in diplograph.__all__ if n[0].isupper() and not n.isupper()]
    rest = [n for n in diplograph.__all__ if not n[0].isupper()]
    assert diplograph.__all__ == sorted(constants) + sorted(classes) + sorted(rest)
    assert len(set(diplograph.__all__)) == len(diplograph.__all__)


@pytest.mark.parametrize(
    "name", [n for n in EXPECTED_ALL if not n.isupper() and not n.startswith("__")]
)
def test_public_api_objects_present_themselves_as_diplograph(name: str) -> None:
    obj = getattr(diplograph, name)
    assert obj.__module__ == "diplograph"
    assert obj.__doc__, f"diplograph.{name} has no docstring"


@pytest.mark.parametrize("name", ERRORS)
def test_public_api_errors_share_one_base(name: str) -> None:
    error = getattr(diplograph, name)
    assert issubclass(error, diplograph.DiplographError)
    assert issubclass(diplograph.DiplographError, Exception)


def test_public_api_errors_print_their_location() -> None:
    error = diplograph.InputError("not valid JSON", path="a.jsonl", line=3)
    assert str(error) == "a.jsonl:3: not valid JSON"
    assert repr(error).startswith("InputError(")
    with pytest.raises(diplograph.DiplographError):
        raise error


def test_public_api_values_pickle_by_their_public_name() -> None:
    article = diplograph.Article(id="p", text="Peru met Chile.")
    data = pickle.dumps(article)
    assert b"diplograph.model" not in data  # found as diplograph.Article
    assert pickle.loads(data) == article
    summary = diplograph.IngestSummary(stored=2, failed=[("a.txt", "empty")])
    assert pickle.loads(pickle.dumps(summary)) == summary


@pytest.mark.parametrize("module", ["extract", "validate", "read", "query", "network", "store"])
def test_public_api_stage_modules_stay_modules(module: str) -> None:
    """``diplograph.validate`` etc. are the stage modules (not functions shadowing them), so
    ``import diplograph.validate as m`` and monkeypatching keep working."""
    imported = importlib.import_module(f"diplograph.{module}")
    assert isinstance(getattr(diplograph, module), types.ModuleType)
    assert getattr(diplograph, module) is imported


def test_public_api_version_matches_the_package_metadata() -> None:
    assert diplograph.__version__ == importlib.metadata.version("diplograph")


def test_public_api_ontology_version_matches_the_ontology() -> None:
    graph = Graph().parse(ROOT / "ontology" / "diplograph.ttl")
    assert {str(v) for v in graph.objects(None, OWL.versionInfo)} == {diplograph.ONTOLOGY_VERSION}


def test_public_api_is_typed() -> None:
    assert (Path(diplograph.__file__).parent / "py.typed").is_file()


def _doctests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder()
    found: dict[str, doctest.DocTest] = {}
    for name in DOCTESTED:
        for test in finder.find(importlib.import_module(name)):
            if test.examples:
                found.setdefault(test.name, test)
    # the methods of a class re-exported as diplograph.X belong to no module doctest
    # recognises (their globals are the defining module's): search the class itself
    graph_module = importlib.import_module("diplograph._graph")
    for test in finder.find(
        diplograph.KnowledgeGraph,
        "diplograph.KnowledgeGraph",
        module=False,
        globs=dict(vars(graph_module)),
    ):
        if test.examples:
            found.setdefault(test.name, test)
    return sorted(found.values(), key=lambda t: t.name)


DOCTESTS = _doctests()


def test_public_api_doctests_were_found() -> None:
    names = {t.name for t in DOCTESTS}
    assert {
        "diplograph",
        "diplograph.KnowledgeGraph",
        "diplograph.KnowledgeGraph.ingest",
        "diplograph.KnowledgeGraph.ingest_annotations",
        "diplograph.KnowledgeGraph.query",
        "diplograph.KnowledgeGraph.network",
        "diplograph._graph",
        "diplograph.docgen",
    } <= names


@pytest.mark.parametrize("test", DOCTESTS, ids=[t.name for t in DOCTESTS])
def test_public_api_doctest(test: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)
