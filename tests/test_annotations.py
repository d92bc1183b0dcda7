"""Gold-schema records: to_record, edges, read_gold, from_record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph.annotations import edges, from_record, read_gold, sentence_start, to_record
from diplograph.errors import InputError
from diplograph.extract import extract
from diplograph.model import Article

TEXT = (
    "Pakistan's Permanent Representative to the United Nations, Ambassador Asim Iftikhar, "
    "held a meeting with UN Secretary General António Guterres in New York.\n"
    "Iftikhar accused India of aggression. Pakistan has repeatedly denied these accusations."
)


@pytest.fixture(scope="module")
def record() -> dict[str, object]:
    return to_record(extract(Article(id="a1", text=TEXT, url="https://example.org/a1")))


def test_annotations_to_record_has_gold_schema(record: dict[str, object]) -> None:
    assert {"id", "url", "outlet", "date", "actors", "meetings", "claims", "edges"} <= set(record)
    actors = {a["name"]: a for a in record["actors"]}  # type: ignore[attr-defined]
    assert actors["Asim Iftikhar"]["affiliation"] == "Pakistan"
    assert actors["Asim Iftikhar"]["type"] == "Person"
    assert actors["United Nations"]["type"] == "Organization"
    meeting = record["meetings"][0]  # type: ignore[index]
    assert set(meeting["participants"]) == {"Asim Iftikhar", "António Guterres"}
    assert meeting["sentence_start"] == (
        "Pakistan's Permanent Representative to the United Nations, Ambassador"
    )
    json.dumps(record)


def test_annotations_edges_are_actor_level(record: dict[str, object]) -> None:
    assert edges(record) == {
        ("Pakistan", "meeting", "United Nations"),
        ("Pakistan", "accusation", "India"),
        ("Pakistan", "denial", "India"),
    }


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        pytest.param([{"claimant": "B", "type": "appeal", "target": None}], set(), id="no-target"),
        pytest.param(
            [{"claimant": "P", "type": "warning", "target": "B"}],
            {("A", "warning", "B")},
            id="person-replaced",
        ),
        pytest.param([{"claimant": "P", "type": "warning", "target": "A"}], set(), id="self"),
    ],
)
def test_annotations_edges_rules(claims: list[dict[str, object]], expected: set[object]) -> None:
    rec = {
        "id": "x",
        "actors": [{"name": "P", "type": "Person", "affiliation": "A"}],
        "meetings": [],
        "claims": claims,
    }
    assert edges(rec) == expected


def test_annotations_meeting_pairs_sorted() -> None:
    rec = {
        "id": "x",
        "actors": [],
        "claims": [],
        "meetings": [{"participants": ["Zed", "Alpha", "Mid"], "sentence_start": "s"}],
    }
    assert edges(rec) == {
        ("Alpha", "meeting", "Zed"),
        ("Alpha", "meeting", "Mid"),
        ("Mid", "meeting", "Zed"),
    }


def test_annotations_read_gold_reports_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "1", "claims": []}\n\n{"id": 2,\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert info.value.line == 3
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["not", "an", "object"]', "JSON object"),
        ('{"claims": []}', "neither 'id' nor 'url'"),
        ('{"id": "x", "claims": [{"claimant": "A", "type": "gossip"}]}', "claim type"),
        ('{"id": "x", "meetings": {}}', "must be a list"),
    ],
)
def test_annotations_read_gold_rejects_bad_records(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        read_gold(path)


def test_annotations_from_record_round_trip(record: dict[str, object]) -> None:
    article = Article(id="a1", text=TEXT, url="https://example.org/a1")
    curated = from_record(record, article)
    assert curated.curated
    assert edges(to_record(curated)) == edges(record)
    for fact in (*curated.meetings, *curated.claims):
        assert TEXT[fact.evidence.start : fact.evidence.end] == fact.evidence.text != ""
    iris = {a.label: a.iri for a in curated.actors}
    assert iris["Pakistan"].endswith("/state/PAK")
    assert iris["Asim Iftikhar"].endswith("/person/asim-iftikhar")


def test_annotations_from_record_resolves_aliases_and_keeps_unknowns() -> None:
    rec = {
        "id": "z",
        "actors": [
            {"name": "Freedonia", "type": "State"},
            {"name": "Sylvania Watch", "type": "Organization"},
        ],
        "meetings": [{"participants": ["OIC", "Freedonia"], "sentence_start": "nowhere"}],
        "claims": [
            {
                "claimant": "Sylvania Watch",
                "type": "criticism",
                "target": "New Delhi",
                "sentence_start": "nowhere",
            }
        ],
    }
    x = from_record(rec)
    labels = {a.label: a for a in x.actors}
    assert labels["Organisation of Islamic Cooperation"].iri.endswith("/org/OIC")
    assert labels["India"].type == "State"
    assert labels["Freedonia"].type == "State"
    assert labels["Sylvania Watch"].type == "Organization"
    assert any("sentence not found" in n for n in x.notes)


def test_annotations_sentence_start() -> None:
    assert sentence_start("a b c d e f g h i j") == "a b c d e f g h"
