"""Read and write RDF files safely: clear errors with file and line, no network, atomic writes.

``read_rdf`` guesses the format from the file extension and always returns an
:class:`rdflib.Dataset` (triples of a triple format land in its default graph).
Parsing never fetches anything: a JSON-LD document whose ``@context`` (or
``@import``) names a remote or local document is refused instead of followed,
and RDF/XML with a DOCTYPE (external or expanding entities) is refused too.

``write_rdf`` writes to a temporary file beside the target and renames it into
place, so an interrupted write never leaves a truncated file behind.

>>> from diplograph.rdf.files import format_for
>>> format_for("article.trig")
'trig'
"""

from __future__ import annotations

import json
import os
import re
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.parser import PythonInputSource
from rdflib.plugins.parsers.notation3 import BadSyntax

from diplograph.errors import ExportError, InputError, RDFParseError

__all__ = ["RDF_FORMATS", "format_for", "read_rdf", "write_rdf"]

RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
"""File extension -> rdflib format name."""

_FORMAT_ALIASES = {
    "ttl": "turtle",
    "turtle": "turtle",
    "trig": "trig",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "nquads": "nquads",
    "n-quads": "nquads",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "xml": "xml",
    "rdf/xml": "xml",
    "pretty-xml": "pretty-xml",
    "longturtle": "longturtle",
}
_QUAD_FORMATS = {"trig", "nquads", "json-ld"}
_BINARY_SNIFF = 8192
_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)", re.IGNORECASE)


def format_for(path: str | Path, format: str | None = None) -> str:
    """The rdflib format name for ``path`` (from ``format`` when given, else the extension).

    Raises :class:`~diplograph.errors.InputError` naming the file for an unknown
    extension or format.
    """
    if format is not None:
        name = _FORMAT_ALIASES.get(format.lower())
        if name is None:
            raise InputError(
                f"unknown RDF format {format!r}; expected one of {sorted(set(_FORMAT_ALIASES))}",
                path=str(path),
            )
        return name
    suffix = Path(path).suffix.lower()
    name = RDF_FORMATS.get(suffix)
    if name is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(
            f"cannot tell the RDF format from the extension {suffix or '(none)'!r}; "
            f"use one of {known}",
            path=str(path),
        )
    return name


def read_rdf(path: str | Path, format: str | None = None) -> Dataset:
    """Parse the RDF file at ``path`` into a new Dataset, fetching nothing.

    Parameters
    ----------
    path : str or Path
        Turtle (.ttl), TriG (.trig), N-Triples (.nt), N-Quads (.nq), JSON-LD
        (.jsonld, .json) or RDF/XML (.rdf, .owl, .xml).
    format : str, optional
        An rdflib format name that overrides the extension.

    Raises
    ------
    InputError
        The file is missing, unreadable, binary or has an unknown extension.
    RDFParseError
        The file does not parse; the message reads ``FILE:LINE: what is wrong``.
    """
    shown = str(path)
    fmt = format_for(path, format)
    text = _read_text(Path(path), shown)
    base = Path(path).resolve().as_uri()
    dataset = Dataset()
    try:
        with _quiet_rdflib():
            _parse(dataset, text, fmt, base, shown)
    except RDFParseError:
        raise
    except BadSyntax as exc:
        raise RDFParseError(f"bad syntax: {exc._why}", path=shown, line=exc.lines + 1) from None
    except SAXParseException as exc:
        raise RDFParseError(exc.getMessage(), path=shown, line=exc.getLineNumber()) from None
    except ParserError as exc:
        message = " ".join(str(exc).split())
        line = _line_of_failure(text, fmt) if fmt in {"nt", "nquads"} else _line_in(message)
        raise RDFParseError(message, path=shown, line=line) from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, SyntaxError) as exc:
        # rdflib's parsers signal many syntax problems with plain built-in exceptions.
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise RDFParseError(f"does not parse as {fmt}: {message}", path=shown,
                            line=_line_in(message)) from None
    return dataset


def write_rdf(data: Graph | Dataset, destination: str | Path | IO[bytes],
              format: str | None = None) -> None:
    """Serialise ``data`` to a path (atomically) or to a binary stream.

    The format comes from ``format`` or, for a path, its extension. A Dataset
    holding named graphs can only be written in a quad format (TriG, N-Quads,
    JSON-LD); asking for a triple format raises
    :class:`~diplograph.errors.ExportError` rather than silently dropping graph names.
    """
    if format is None and not isinstance(destination, (str, Path)):
        raise ExportError("write_rdf to a stream needs an explicit format")
    fmt = format_for(destination if isinstance(destination, (str, Path)) else "stream", format)
    if isinstance(data, Dataset) and fmt not in _QUAD_FORMATS and _has_named_graphs(data):
        raise ExportError(
            f"the data hold named graphs, which {fmt} cannot express; write TriG (.trig), "
            "N-Quads (.nq) or JSON-LD (.jsonld) instead"
        )
    if isinstance(data, Dataset) and fmt not in _QUAD_FORMATS:
        data = data.default_graph
    elif not isinstance(data, Dataset) and fmt in {"trig", "nquads"}:
        data = _as_dataset(data)  # rdflib writes quads only from a context-aware store
    if not isinstance(destination, (str, Path)):
        with _quiet_rdflib():
            data.serialize(destination=destination, format=fmt, encoding="utf-8")
        return
    target = Path(destination)
    # Not tempfile.mkstemp: its 0600 mode would end up on the final file; open(..., "xb")
    # gives the permissions any new file gets (umask) and refuses an existing name.
    temporary = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
    try:
        with open(temporary, "xb") as stream, _quiet_rdflib():
            data.serialize(destination=stream, format=fmt, encoding="utf-8")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence the DeprecationWarnings rdflib 7 raises from its own parsers and
    serialisers (they still use the deprecated ConjunctiveGraph API internally)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        yield


def _as_dataset(graph: Graph) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, override=True)
    dataset.default_graph += graph
    return dataset


def _has_named_graphs(dataset: Dataset) -> bool:
    default = dataset.default_graph.identifier
    return any(len(g) and g.identifier != default for g in dataset.graphs())


def _read_text(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an RDF file", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=shown) from None
    if b"\x00" in raw[:_BINARY_SNIFF]:
        raise InputError("is a binary file, not RDF text", path=shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte {exc.start} cannot be decoded)", path=shown, line=line
        ) from None
    return text


def _parse_json_ld(dataset: Dataset, text: str, base: str, shown: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RDFParseError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=shown,
                            line=exc.lineno) from None
    reference = next(_context_references(document), None)
    if reference is not None:
        raise RDFParseError(
            f"JSON-LD context {reference!r} refers to another document, which diplograph "
            "never fetches; put the context inline in the file",
            path=shown,
            line=_line_containing(text, reference),
        )
    _target(dataset).parse(source=PythonInputSource(document, base), format="json-ld",
                           publicID=base)


def _parse(dataset: Dataset, text: str, fmt: str, base: str, shown: str) -> None:
    if fmt == "json-ld":
        _parse_json_ld(dataset, text, base, shown)
        return
    if fmt in {"xml", "pretty-xml"}:
        _refuse_xml_doctype(text, shown)
    _target(dataset).parse(data=text, format=fmt, publicID=base)


def _target(dataset: Dataset) -> Graph:
    """The graph to parse into: what ``Dataset.parse`` does, minus its deprecation warning.

    Parsers of quad formats write named graphs through the shared store; triples of
    triple formats land in the default graph.
    """
    graph: Graph = dataset.default_graph
    return graph


def _context_references(node: Any) -> Iterator[str]:
    """Every string that would make the JSON-LD processor load another document."""
    if isinstance(node, list):
        for item in node:
            yield from _context_references(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                contexts = value if isinstance(value, list) else [value]
                for context in contexts:
                    if isinstance(context, str):
                        yield context
                    elif isinstance(context, dict):
                        yield from _context_references(context)
            elif key == "@import":
                yield value if isinstance(value, str) else json.dumps(value)
            else:
                yield from _context_references(value)


def _refuse_xml_doctype(text: str, shown: str) -> None:
    match = re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE)
    if match:
        raise RDFParseError(
            "RDF/XML with a DOCTYPE or entity declarations is refused (entities can read "
            "local files or expand without bound); remove the DOCTYPE",
            path=shown,
            line=text.count("\n", 0, match.start()) + 1,
        )


def _line_in(message: str) -> int | None:
    match = _LINE_IN_MESSAGE.search(message)
    return int(match.group(1)) if match else None


def _line_containing(text: str, needle: str) -> int | None:
    index = text.find(json.dumps(needle))
    if index < 0:
        index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _line_of_failure(text: str, fmt: str) -> int | None:
    """The first line that does not parse on its own (N-Triples/N-Quads are line-based)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            with _quiet_rdflib():
                _target(Dataset()).parse(data=line + "\n", format=fmt)
        except (ParserError, ValueError):
            return number
    return None
