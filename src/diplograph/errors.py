"""The exceptions diplograph raises, under one base class.

::

    DiplographError
    ├── ResourceError        a packaged or user resource (ontology, shapes, query) is
    │                        missing or broken
    ├── InputError           a user's input file cannot be used (names the file and,
    │   │                    where known, the line)
    │   └── RDFParseError    an RDF file does not parse (file, line, parser message)
    ├── ExtractionError      an extractor failed on an article
    │   └── UnknownExtractor the extractor name is not registered (lists the names that are)
    ├── ValidationError      raised only by ``ValidationReport.raise_for_violations()``
    ├── StoreError           the store cannot be opened, read or written
    │   └── GraphNotFound
    ├── QueryError           unknown query name, missing parameter, SPARQL syntax,
    │                        forbidden operation
    ├── NetworkError         the outreach network cannot be built as asked (unknown
    │                        focus actor, ...)
    └── ExportError          a graph cannot be written in the requested format

Non-conformance of data to the shapes is a value (a report), not an exception.
The CLI turns every ``DiplographError`` into one line on stderr and exit code 2
(1 is kept for "data does not conform").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from diplograph.validate import ValidationReport

__all__ = [
    "DiplographError",
    "ExportError",
    "ExtractionError",
    "GraphNotFound",
    "InputError",
    "NetworkError",
    "QueryError",
    "RDFParseError",
    "ResourceError",
    "StoreError",
    "UnknownExtractor",
    "ValidationError",
]


class DiplographError(Exception):
    """Base class of every error diplograph raises on purpose."""


class ResourceError(DiplographError):
    """A packaged or user-supplied resource (ontology, shapes, query file) is missing or broken."""


class InputError(DiplographError):
    """A user's input cannot be used; the message names the file (and line) and what is wrong."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


class RDFParseError(InputError):
    """An RDF document does not parse."""


class ExtractionError(DiplographError):
    """An extractor failed on an article."""


class UnknownExtractor(ExtractionError):
    """No extractor is registered under the requested name."""


class ValidationError(DiplographError):
    """Data do not conform to the shapes; raised only on request, carries the report."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"data do not conform to the shapes ({len(report.results)} violations)")


class StoreError(DiplographError):
    """The store cannot be opened, read or written."""


class GraphNotFound(StoreError):
    """A named graph asked for is not in the store."""


class QueryError(DiplographError):
    """A query is unknown, lacks a parameter, does not parse or asks for a forbidden operation."""


class NetworkError(DiplographError):
    """The outreach network cannot be built as asked."""


class ExportError(DiplographError):
    """A graph cannot be written in the requested format."""
