"""Read news articles from files, directories and stdin into :class:`~diplograph.model.Article`.

Formats, chosen by file extension:

- ``.txt`` and ``.md``: the text, optionally opened by YAML front matter between two
  ``---`` lines with the keys ``id``, ``url``, ``title``, ``date``, ``outlet``;
  Markdown is kept as written. A ``.txt`` or ``.md`` file that is a whole HTML page
  (it opens with ``<!DOCTYPE html`` or ``<html``) is read as HTML, as stdin is.
- ``.html`` and ``.htm``: the main text, found by trafilatura (offline); title, date
  and URL come from the page's metadata when it has them.
- ``.jsonl``: one article per line, a JSON object with ``text`` and optionally
  ``id``, ``url``, ``title``, ``date``, ``outlet``.
- a directory: every file below it, recursively and in sorted order (names starting
  with ``.`` are skipped); a file of any other type is reported, not dropped.
- ``-``: standard input (id ``stdin``), as JSON lines when it starts with ``{``, as
  HTML when it starts with ``<``, else as text.

An article's id is its jsonl ``id``, else its front-matter ``id``, else the file stem.
Text is decoded from UTF-8 (with or without BOM), from UTF-16/32 with a BOM, and
as a last resort from cp1252 (latin-1 for the bytes cp1252 leaves undefined). Line
endings become ``\\n``; nothing else in the text changes, so character offsets taken
on ``Article.text`` stay valid.

Unreadable input raises :class:`~diplograph.errors.InputError` (naming the file and,
for JSON lines, the line), or is passed to ``on_error`` so that a run goes on:

>>> from diplograph.read import read_text
>>> a = read_text("---\\ntitle: Talks\\ndate: 2025-05-02\\n---\\nPakistan met China.", id="x")
>>> a.title, a.date.isoformat(), a.text
('Talks', '2025-05-02', 'Pakistan met China.')
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from diplograph.errors import InputError
from diplograph.model import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "Format",
    "decode",
    "normalize_newlines",
    "read_article",
    "read_articles",
    "read_text",
]

Format = Literal["txt", "md", "html", "jsonl"]

ARTICLE_SUFFIXES: Final[Mapping[str, Format]] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
"""File extension -> format of the files :func:`read_articles` reads."""

STDIN: Final = "-"
_STDIN_SOURCE: Final = "<stdin>"
_METADATA_KEYS: Final = ("id", "url", "title", "date", "outlet")
_JSONL_KEYS: Final = (*_METADATA_KEYS, "text")
# (BOM, codec); UTF-32 first because its little-endian BOM starts with UTF-16's.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_OK: Final = frozenset("\t\n\r\f\v")
_MAX_CONTROL_SHARE: Final = 0.05
_SNIFF_BYTES: Final = 8192
_HTML_PAGE: Final = re.compile(r"\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def decode(data: bytes, *, path: str | None = None) -> str:
    """Decode a text file's bytes and normalise its line endings to ``\\n``.

    UTF-8 (BOM or not) and BOM-marked UTF-16/32 are decoded exactly; other bytes are
    read as cp1252, falling back to latin-1 for the five bytes cp1252 leaves undefined.
    Raises InputError ("binary file") for data with NUL bytes or mostly control
    characters, and for text that is empty or only whitespace ("empty article").

    >>> decode("café\\r\\n".encode("cp1252"))
    'café\\n'
    """
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {codec.upper()} despite its byte-order mark: {exc.reason}",
                    path=path,
                ) from None
            break
    if text is None:
        if b"\x00" in data:
            raise InputError("binary file (contains NUL bytes), not an article", path=path)
        text = _decode_fallback(data)
    if _looks_binary(text):
        raise InputError("binary file (mostly control characters), not an article", path=path)
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError("empty article (no text)", path=path)
    return text


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def read_text(
    text: str,
    *,
    id: str,
    format: Format = "txt",
    source: str | None = None,
) -> Article:
    """Make an Article of one document's text (front matter and HTML handled per ``format``).

    ``id`` is used unless the front matter gives one; ``source`` is recorded on the
    article and names it in errors. A ``jsonl`` text must hold exactly one record;
    use :func:`read_article` for files with several.
    """
    text = normalize_newlines(text)
    if format in ("txt", "md"):
        return _from_front_matter(text, default_id=id, source=source)
    if format == "html":
        return _from_html(text, default_id=id, source=source)
    if format == "jsonl":
        articles = list(_from_jsonl_lines(text.splitlines(), source=source or id, default_id=id))
        if len(articles) != 1:
            raise InputError(f"expected one JSON record, found {len(articles)}", path=source)
        return articles[0]
    raise InputError(
        f"unknown article format {format!r}; expected one of txt, md, html, jsonl", path=source
    )


def read_article(path: str | os.PathLike[str]) -> list[Article]:
    """Read one article file (several articles for ``.jsonl``); errors raise InputError.

    For a ``.jsonl`` file the first bad line raises; :func:`read_articles` with
    ``on_error`` reports each bad line and keeps the others.
    """
    return list(_read_file(Path(path), on_error=_raise))


def read_articles(
    sources: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Article]:
    """Yield the articles in files, directories (recursively) and ``"-"`` (stdin), in order.

    Each unreadable file or jsonl line is an InputError given to ``on_error`` (which
    lets the run go on) or, by default, raised. Nothing is skipped silently: a file
    of an unsupported type or an empty directory is reported too.
    """
    report = on_error or _raise
    for source in sources:
        if str(source) == STDIN:
            yield from _read_stdin(report)
            continue
        path = Path(source)
        if path.is_dir():
            yield from _read_directory(path, report)
        elif path.exists():
            yield from _read_file(path, on_error=report)
        else:
            report(InputError("no such file or directory", path=str(path)))


def _raise(error: InputError) -> None:
    raise error


def _read_directory(root: Path, report: Callable[[InputError], None]) -> Iterator[Article]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(dirpath) / name for name in filenames if not name.startswith("."))
    if not files:
        report(InputError("no article files in this directory", path=str(root)))
    for path in sorted(files):
        yield from _read_file(path, on_error=report)


def _read_file(path: Path, *, on_error: Callable[[InputError], None]) -> Iterator[Article]:
    fmt = ARTICLE_SUFFIXES.get(path.suffix.lower())
    name = str(path)
    if fmt is None:
        known = ", ".join(sorted(ARTICLE_SUFFIXES))
        on_error(
            InputError(
                f"unsupported file type {path.suffix or '(none)'!r}; expected one of {known}",
                path=name,
            )
        )
        return
    if fmt == "jsonl":
        yield from _read_jsonl_file(path, on_error=on_error)
        return
    try:
        text = decode(path.read_bytes(), path=name)
        if fmt != "html" and _HTML_PAGE.match(text):
            fmt = "html"  # a saved web page under a text name: its markup is not the article
        article = read_text(text, id=path.stem, format=fmt, source=name)
    except InputError as exc:
        on_error(exc)
        return
    except OSError as exc:
        on_error(InputError(f"cannot read: {exc.strerror or exc}", path=name))
        return
    yield article


def _read_stdin(report: Callable[[InputError], None]) -> Iterator[Article]:
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    try:
        text = decode(data, path=_STDIN_SOURCE)
    except InputError as exc:
        report(exc)
        return
    head = text.lstrip()[:1]
    if head == "{":
        yield from _from_jsonl_lines(
            text.split("\n"), source=_STDIN_SOURCE, default_id="stdin", on_error=report
        )
        return
    try:
        yield read_text(
            text, id="stdin", format="html" if head == "<" else "txt", source=_STDIN_SOURCE
        )
    except InputError as exc:
        report(exc)


def _read_jsonl_file(path: Path, *, on_error: Callable[[InputError], None]) -> Iterator[Article]:
    """Stream a JSON-lines file line by line (it may hold millions of articles)."""
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        on_error(InputError(f"cannot read: {exc.strerror or exc}", path=name))
        return
    with handle:
        head = handle.read(_SNIFF_BYTES)
        handle.seek(0)
        if not head.strip():
            on_error(InputError("empty article file (no JSON lines)", path=name))
            return
        lines: Iterable[str]
        if any(head.startswith(bom) for bom, codec in _BOMS if codec != "utf-8"):
            try:
                lines = decode(handle.read(), path=name).split("\n")
            except InputError as exc:
                on_error(exc)
                return
        elif b"\x00" in head:
            on_error(InputError("binary file (contains NUL bytes), not JSON lines", path=name))
            return
        else:
            lines = _decode_lines(handle)
        yield from _from_jsonl_lines(lines, source=name, default_id=path.stem, on_error=on_error)


def _decode_lines(handle: Iterable[bytes]) -> Iterator[str]:
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        yield _decode_fallback(raw)


def _decode_fallback(raw: bytes) -> str:
    """UTF-8, else cp1252, else latin-1 (which decodes any byte)."""
    for codec in ("utf-8", "cp1252"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _from_jsonl_lines(
    lines: Iterable[str],
    *,
    source: str,
    default_id: str,
    on_error: Callable[[InputError], None] = _raise,
) -> Iterator[Article]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _from_record(line, source=source, line=number, default_id=default_id)
        except InputError as exc:
            on_error(exc)


def _from_record(raw: str, *, source: str, line: int, default_id: str) -> Article:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", path=source, line=line
        ) from None
    if not isinstance(record, dict):
        raise InputError(
            f"expected a JSON object, found {type(record).__name__}", path=source, line=line
        )
    unknown = sorted(set(record) - set(_JSONL_KEYS))
    if unknown:
        raise InputError(
            f"unknown field(s) {', '.join(map(repr, unknown))}; expected {', '.join(_JSONL_KEYS)}",
            path=source,
            line=line,
        )
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("missing or non-string 'text' field", path=source, line=line)
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError("empty article (no text)", path=source, line=line)
    _check_unicode(text, source=source, line=line)
    meta = _metadata(record, source=source, line=line)
    return Article(
        id=meta.pop("id", None) or f"{default_id}-{line}",
        text=text,
        source=f"{source}:{line}",
        **meta,
    )


def _check_unicode(text: str, *, source: str | None, line: int | None = None) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            "text holds invalid Unicode (a lone surrogate)", path=source, line=line
        ) from None


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML whose numbers, booleans and dates stay the strings the user wrote.

    So ``id: 00`` is ``"00"`` (not 0), ``title: yes`` is ``"yes"``, and an impossible
    date such as ``2025-02-30`` reaches our own check (with the file name) instead
    of failing inside PyYAML.
    """


def _scalar_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


for _tag in ("int", "float", "bool", "timestamp"):
    _FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _scalar_as_text)


def _from_front_matter(text: str, *, default_id: str, source: str | None) -> Article:
    body = text
    meta: dict[str, Any] = {}
    lines = text.split("\n")
    if lines[0].rstrip() == "---":
        index = next(
            (i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), 0
        )
        if not index:
            raise InputError("front matter opened by '---' on line 1 is never closed", path=source)
        try:
            loaded = yaml.load("\n".join(lines[1:index]), Loader=_FrontMatterLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" on line {mark.line + 2}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "does not parse"
            raise InputError(
                f"front matter is not valid YAML{where}: {problem}", path=source
            ) from None
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError("front matter must be a mapping of keys to values", path=source)
        loaded = loaded or {}
        unknown = sorted(str(k) for k in loaded if k not in _METADATA_KEYS)
        if unknown:
            raise InputError(
                f"unknown front-matter key(s) {', '.join(map(repr, unknown))}; "
                f"expected {', '.join(_METADATA_KEYS)}",
                path=source,
            )
        meta = _metadata(loaded, source=source)
        body = "\n".join(lines[index + 1 :])
    if not body.strip():
        raise InputError("empty article (no text)", path=source)
    _check_unicode(body, source=source)
    return Article(id=meta.pop("id", None) or default_id, text=body, source=source, **meta)


def _from_html(html: str, *, default_id: str, source: str | None) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
        if doc is None or not (getattr(doc, "text", None) or "").strip():
            doc = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, favor_recall=True
            )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise InputError(f"HTML cannot be parsed: {exc}", path=source) from exc
    text = normalize_newlines(getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError("empty article (no main text found in the HTML page)", path=source)
    meta: dict[str, Any] = {}
    for key, attr in (("url", "url"), ("title", "title"), ("outlet", "sitename")):
        value = getattr(doc, attr, None)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    raw_date = getattr(doc, "date", None)
    if isinstance(raw_date, str) and raw_date.strip():
        meta["date"] = raw_date
    return Article(id=default_id, text=text, source=source, **_metadata(meta, source=source))


def _metadata(
    record: Mapping[str, Any], *, source: str | None, line: int | None = None
) -> dict[str, Any]:
    """Check and convert the metadata fields of a front matter or jsonl record."""
    meta: dict[str, Any] = {}
    for key in ("id", "url", "title", "outlet"):
        value = record.get(key)
        if value is None:
            continue
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise InputError(
                f"{key!r} must be a string, not {type(value).__name__}", path=source, line=line
            )
        value = value.strip()
        if key == "url" and any(ch.isspace() for ch in value):
            raise InputError(f"'url' holds whitespace: {value!r}", path=source, line=line)
        if value:
            meta[key] = value
    if record.get("date") is not None:
        meta["date"] = _parse_date(record["date"], source=source, line=line)
    return meta


def _parse_date(value: object, *, source: str | None, line: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(f"invalid date {value!r}; expected YYYY-MM-DD", path=source, line=line)
