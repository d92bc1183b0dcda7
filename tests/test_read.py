"""Reading articles: every format, every encoding, every way input can be wrong."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplograph.errors import InputError
from diplograph.model import Article
from diplograph.read import decode, read_article, read_articles, read_text

DATA = Path(__file__).parent / "data" / "read"
TEXT = "Ghana’s envoy met Kenya’s foreign minister in Accra – “a fruitful meeting”, said Ghana.\n"


def read_all(*sources: str | Path) -> tuple[list[Article], list[InputError]]:
    errors: list[InputError] = []
    return list(read_articles(sources, on_error=errors.append)), errors


def test_read_front_matter_metadata() -> None:
    (article,) = read_article(DATA / "front-matter.txt")
    assert article == Article(
        id="geneva-talks",
        text="Geneva – Ghana's ambassador met her Kenyan counterpart on Friday.\n"
        "Kenya urged the international community to support humanitarian corridors.\n",
        url="https://example.org/news/geneva-talks",
        title="Envoys meet in Geneva",
        date=dt.date(2025, 3, 14),
        outlet="Example Times",
        source=str(DATA / "front-matter.txt"),
    )


def test_read_plain_text_id_is_file_stem() -> None:
    (article,) = read_article(DATA / "plain.txt")
    assert (article.id, article.url, article.title, article.date) == ("plain", None, None, None)
    assert article.text == "Pakistan's envoy met the UN Secretary-General in New York on Tuesday.\n"


def test_read_markdown_keeps_markup() -> None:
    (article,) = read_article(DATA / "article.md")
    assert article.id == "article"
    assert article.title == "Talks in *Jakarta*"
    assert article.date == dt.date(2024, 11, 2)
    assert article.text.startswith("# ASEAN ministers meet\n\nIndonesia's foreign minister **met**")


def test_read_html_main_text_without_boilerplate() -> None:
    (article,) = read_article(DATA / "page.html")
    assert "Ghana's ambassador to the United Nations met her Kenyan counterpart" in article.text
    assert "Kenya urged the international community" in article.text
    for boilerplate in ("Subscribe now", "Home", "Most read", "All rights reserved", "Cookies"):
        assert boilerplate not in article.text
    assert article.id == "page"
    assert article.title == "Envoys of Ghana and Kenya meet in Geneva"
    assert article.url == "https://example.org/news/ghana-kenya-geneva"
    assert article.date == dt.date(2025, 3, 14)
    assert article.outlet == "Example Times"


def test_read_jsonl_reports_bad_line_and_reads_the_others() -> None:
    articles, errors = read_all(DATA / "articles.jsonl")
    path = str(DATA / "articles.jsonl")
    assert [(a.id, a.source) for a in articles] == [
        ("j1", f"{path}:1"),
        ("j2", f"{path}:2"),
        ("4", f"{path}:4"),
        ("articles-6", f"{path}:6"),
    ]
    first = articles[0]
    assert (first.url, first.title, first.date, first.outlet) == (
        "https://example.org/j1",
        "Seoul visit",
        dt.date(2025, 1, 20),
        "Wire",
    )
    assert articles[1].text == "Brazil denied the allegations.\nIt called them baseless."
    assert len(errors) == 1
    assert (errors[0].path, errors[0].line) == (path, 3)
    assert str(errors[0]).startswith(f"{path}:3: invalid JSON")


def test_read_jsonl_first_error_raises_without_on_error() -> None:
    with pytest.raises(InputError, match=r"articles\.jsonl:3: invalid JSON"):
        read_article(DATA / "articles.jsonl")


def test_read_directory_recursive_sorted_and_reports_unsupported() -> None:
    articles, errors = read_all(DATA / "tree")
    assert [a.id for a in articles] == ["01-first", "02-second", "third"]
    assert [e.path for e in errors] == [str(DATA / "tree" / "sub" / "notes.csv")]
    assert "unsupported file type '.csv'" in str(errors[0])


def test_read_empty_directory_is_reported(tmp_path: Path) -> None:
    articles, errors = read_all(tmp_path)
    assert articles == []
    assert [str(e) for e in errors] == [f"{tmp_path}: no article files in this directory"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad-date.txt", "invalid date '2025-02-30'"),
        ("bad-yaml.txt", "front matter is not valid YAML"),
        ("unclosed.txt", "front matter opened by '---' on line 1 is never closed"),
        ("unknown-key.txt", "unknown front-matter key(s) 'tittle'"),
        ("only-front-matter.md", "empty article"),
        ("missing.txt", "no such file or directory"),
    ],
)
def test_read_bad_file_is_an_error_naming_it(name: str, message: str) -> None:
    articles, errors = read_all(DATA / name, DATA / "plain.txt")
    assert [a.id for a in articles] == ["plain"]  # the run goes on
    assert len(errors) == 1
    assert errors[0].path == str(DATA / name)
    assert message in str(errors[0])
    assert str(errors[0]).startswith(str(DATA / name) + ": ")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": ""}', "empty article"),
        ('{"id": "x"}', "missing or non-string 'text'"),
        ('["a list"]', "expected a JSON object, found list"),
        ('{"text": "A.", "date": "May 2nd"}', "invalid date 'May 2nd'"),
        ('{"text": "A.", "title": 3}', "'title' must be a string"),
        ('{"text": "A.", "author": "me"}', "unknown field(s) 'author'"),
        ('{"text": "A.", "url": "https://a b"}', "'url' holds whitespace"),
        ('{"text": "\\ud800"}', "lone surrogate"),
    ],
)
def test_read_jsonl_bad_record(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "ok", "text": "Fine."}\n' + line + "\n", encoding="utf-8")
    articles, errors = read_all(path)
    assert [a.id for a in articles] == ["ok"]
    assert [(e.path, e.line) for e in errors] == [(str(path), 2)]
    assert message in str(errors[0])


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("cp1252", b""),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_read_encodings(tmp_path: Path, encoding: str, prefix: bytes, newline: str) -> None:
    path = tmp_path / "enc.txt"
    text = TEXT + "Second line.\n"
    path.write_bytes(prefix + text.replace("\n", newline).encode(encoding))
    (article,) = read_article(path)
    assert article.text == text


def test_read_latin1_as_last_resort(tmp_path: Path) -> None:
    text = "São Tomé and Príncipe met Côte d’Ivoire.".replace("’", "'") + "\x81"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    (article,) = read_article(path)
    assert article.text == text


def test_read_jsonl_with_bom_and_utf16(tmp_path: Path) -> None:
    line = '{"id": "é", "text": "Côte d’Ivoire met Senegal."}\n'
    (tmp_path / "a.jsonl").write_bytes(codecs.BOM_UTF8 + line.encode("utf-8"))
    (tmp_path / "b.jsonl").write_bytes(codecs.BOM_UTF16_LE + line.encode("utf-16-le"))
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [(a.id, a.text) for a in articles] == [("é", "Côte d’Ivoire met Senegal.")] * 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blob.txt", bytes(range(256)) * 4, "binary file"),
        ("controls.md", b"\x01\x02\x03\x04\x05\x06 ab" * 50, "binary file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("data.jsonl", b"\x00\x01\x02{}", "binary file"),
        ("empty.txt", b"", "empty article"),
        ("blank.md", b"  \n\t\r\n ", "empty article"),
        ("empty.jsonl", b"\n\n", "empty article"),
        ("nothing.html", b"<html><head><title>T</title></head><body></body></html>", "empty"),
        ("bad-bom.txt", codecs.BOM_UTF8 + b"caf\xe9", "not valid UTF-8"),
    ],
)
def test_read_unusable_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    articles, errors = read_all(path)
    assert articles == []
    assert len(errors) == 1
    assert errors[0].path == str(path)
    assert message in str(errors[0])


@pytest.mark.parametrize(
    ("data", "expected_id", "expected_text"),
    [
        (b"Chile met Peru.\r\n", "stdin", "Chile met Peru.\n"),
        (b"---\nid: piped\ndate: 2025-01-01\n---\nChile met Peru.", "piped", "Chile met Peru."),
        (b'{"id": "s1", "text": "Chile met Peru."}\n', "s1", "Chile met Peru."),
    ],
)
def test_read_stdin(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected_id: str, expected_text: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    (article,) = read_articles(["-"])
    assert (article.id, article.text) == (expected_id, expected_text)
    assert article.source is not None and article.source.startswith("<stdin>")


def test_read_stdin_empty_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    articles, errors = read_all("-")
    assert articles == []
    assert [str(e) for e in errors] == ["<stdin>: empty article (no text)"]


def test_read_article_iri_from_url_else_text(tmp_path: Path) -> None:
    url = "https://example.org/news/1"
    (tmp_path / "a.txt").write_text(f"---\nurl: {url}\n---\nOne text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"---\nurl: {url}\n---\nAnother text.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Same text.\n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"id": "d", "text": "Same text.\\n"}\n', encoding="utf-8")
    (tmp_path / "e.txt").write_text("Different text.\n", encoding="utf-8")
    a, b, c, d, e = read_all(tmp_path)[0]
    assert a.iri == b.iri  # same url, whatever the text
    assert c.iri == d.iri  # no url: same text, same IRI, whatever the format or id
    assert len({a.iri, c.iri, e.iri}) == 3
    assert [x.iri for x in read_all(tmp_path)[0]] == [x.iri for x in (a, b, c, d, e)]


@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_read_text_keeps_text_except_line_endings(text: str) -> None:
    """Offsets taken on Article.text must stay valid: only line endings change."""
    article = read_text(text if not text.startswith("---") else "x" + text, id="t")
    expected = text if not text.startswith("---") else "x" + text
    assert article.text == expected.replace("\r\n", "\n").replace("\r", "\n")


def test_decode_rejects_nul_and_keeps_text() -> None:
    assert decode("Ñandú\r\n".encode()) == "Ñandú\n"
    with pytest.raises(InputError, match="binary file"):
        decode(b"ab\x00cd", path="x.txt")


def test_read_front_matter_scalars_stay_as_written() -> None:
    article = read_text("---\nid: 00\ntitle: yes\noutlet: 1.5\n---\nText.", id="file")
    assert (article.id, article.title, article.outlet) == ("00", "yes", "1.5")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            b"<head><title>X</title></head><body><article><p>Chile met Peru in Lima on Monday "
            b"to discuss the border and trade.</p></article></body></html>",
            "Chile met Peru in Lima on Monday to discuss the border and trade.",
        ),
        (
            b'<html><head><meta charset="windows-1252"></head><body><article><p>C\xf4te d\x92Ivoire'
            b" met Senegal in Dakar on Monday to discuss trade.</p></article></body></html>",
            "Côte d’Ivoire met Senegal in Dakar on Monday to discuss trade.",
        ),
    ],
    ids=["xml-declaration", "cp1252"],
)
def test_read_html_encodings(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(content)
    (article,) = read_article(path)
    assert article.text == expected
