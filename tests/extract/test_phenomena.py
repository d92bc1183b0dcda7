"""One sentence (or two) per phenomenon the rules handle, with the edges a reader expects."""

from __future__ import annotations

import pytest

from diplograph.annotations import edges, to_record
from diplograph.extract import extract
from diplograph.model import Article


def _edges(text: str) -> set[tuple[str, str, str]]:
    return edges(to_record(extract(Article(id="t", text=text))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "India's conduct in Kashmir was condemned by the European Union.",
            {("European Union", "criticism", "India")},
            id="passive-by",
        ),
        pytest.param(
            "The situation deteriorated following allegations by India against Pakistan.",
            {("India", "accusation", "Pakistan")},
            id="noun-by-against",
        ),
        pytest.param(
            "Norway proposed a joint fund. The proposal was welcomed by Finland and Iceland.",
            {("Finland", "support", "Norway"), ("Iceland", "support", "Norway")},
            id="passive-list-proposal-anaphora",
        ),
    ],
)
def test_extract_passive_voice(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= _edges(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "“India is risking war,” warned Pakistan’s Foreign Minister Ishaq Dar.",
            {("Pakistan", "warning", "India")},
            id="verb-then-speaker",
        ),
        pytest.param(
            '"We will not accept this," Foreign Minister Ahmed Saleh of Egypt said of '
            "Ethiopia's dam.",
            {("Egypt", "statement", "Ethiopia")},
            id="speaker-then-verb",
        ),
    ],
)
def test_extract_quote_attributed_after(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= _edges(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "According to China's foreign ministry, Japan is deliberately provoking tensions.",
            {("China", "accusation", "Japan")},
            id="negative",
        ),
        pytest.param(
            "According to the UN, Chad has received 700,000 refugees from Sudan.",
            {("United Nations", "statement", "Chad")},
            id="neutral",
        ),
    ],
)
def test_extract_according_to(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= _edges(text)


@pytest.mark.parametrize(
    "text",
    [
        "India and Bangladesh agreed to resume talks on the Teesta river.",
        "India and Bangladesh agreed on Friday to revive the rivers commission.",
    ],
)
def test_extract_agreed_is_mutual_commitment(text: str) -> None:
    found = _edges(text)
    assert {("India", "commitment", "Bangladesh"), ("Bangladesh", "commitment", "India")} <= found


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        pytest.param(
            "Pakistani officials have met with diplomats from China, Russia, the "
            "European Union and the OIC.",
            {"China", "Russia", "European Union", "Organisation of Islamic Cooperation"},
            id="met-diplomats-from",
        ),
        pytest.param(
            "Pakistan's foreign minister received envoys from the United States, the "
            "United Kingdom and France on Wednesday.",
            {"United States", "United Kingdom", "France"},
            id="received-envoys",
        ),
    ],
)
def test_extract_list_gives_one_meeting_per_partner(text: str, partners: set[str]) -> None:
    found = _edges(text)
    meetings = {(a, b) for a, kind, b in found if kind == "meeting"}
    assert meetings == {tuple(sorted(("Pakistan", p))) for p in partners}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Japan's Foreign Minister Akiko Sato arrived in Seoul on Monday. She urged "
            "North Korea to halt its missile tests.",
            {("Japan", "appeal", "North Korea")},
            id="she",
        ),
        pytest.param(
            "UN Secretary General António Guterres visited Islamabad. Guterres called "
            "on India to exercise restraint.",
            {("United Nations", "appeal", "India")},
            id="surname",
        ),
        pytest.param(
            "Turkey's foreign minister Murat Aksoy opened the talks. The minister "
            "criticised Israel for the strikes.",
            {("Turkey", "criticism", "Israel")},
            id="the-minister",
        ),
        pytest.param(
            "Pakistan's envoy Asim Iftikhar spoke first. The Pakistani envoy then "
            "accused India of aggression.",
            {("Pakistan", "accusation", "India")},
            id="the-pakistani-envoy",
        ),
    ],
)
def test_extract_coreference(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= _edges(text)


@pytest.mark.parametrize(
    ("text", "person", "represents"),
    [
        pytest.param(
            "Pakistan’s Permanent Representative to the United Nations, Ambassador "
            "Asim Iftikhar, held a meeting with UN Secretary General António Guterres.",
            "Asim Iftikhar",
            "Pakistan",
            id="possessive-title-to-org",
        ),
        pytest.param(
            "UN Secretary General António Guterres spoke.",
            "António Guterres",
            "United Nations",
            id="org-title",
        ),
        pytest.param(
            "Foreign Minister Ahmed Saleh of Egypt praised Qatar.",
            "Ahmed Saleh",
            "Egypt",
            id="title-name-of",
        ),
        pytest.param(
            "India's foreign minister Arvind Mehra met Wang Yi.",
            "Arvind Mehra",
            "India",
            id="possessive-lowercase",
        ),
        pytest.param(
            "Mehra met Wang Yi, China's foreign minister, in New Delhi.",
            "Wang Yi",
            "China",
            id="apposition-after",
        ),
        pytest.param(
            "Chinese Foreign Minister Wang Yi arrived.", "Wang Yi", "China", id="demonym-title"
        ),
    ],
)
def test_extract_person_by_title(text: str, person: str, represents: str) -> None:
    record = to_record(extract(Article(id="t", text=text)))
    by_name = {a["name"]: a for a in record["actors"]}
    assert by_name[person]["type"] == "Person"
    assert by_name[person]["affiliation"] == represents


@pytest.mark.parametrize(
    "text",
    [
        "Wang is expected to meet Pakistan's foreign minister Ishaq Dar next month.",
        "India's Arvind Mehra and Pakistan's foreign minister Sadia Qureshi did not hold talks.",
        "Kenya's foreign minister Grace Wanjiru will meet Canada's foreign minister next week.",
    ],
)
def test_extract_planned_or_negated_meeting_is_no_meeting(text: str) -> None:
    assert not {e for e in _edges(text) if e[1] == "meeting"}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param(
            "Human Rights Watch criticised abuses in Indian-administered Kashmir.",
            "India",
            id="hyphen-demonym",
        ),
        pytest.param(
            "Talks on India-Pakistan trade were welcomed by Nepal.", "India", id="hyphen-pair"
        ),
    ],
)
def test_extract_hyphenated_demonym_is_not_an_actor_of_a_claim(text: str, absent: str) -> None:
    assert all(absent not in (a, b) for a, _, b in _edges(text))


def test_extract_denial_targets_the_accuser() -> None:
    text = (
        "India accused Pakistan of sheltering militants. Pakistan has repeatedly denied "
        "these accusations."
    )
    assert ("Pakistan", "denial", "India") in _edges(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Malaysia proposed that ASEAN hold an emergency summit.",
            ("Malaysia", "proposal", "Association of Southeast Asian Nations"),
        ),
        ("Qatar and Kuwait both praised Oman's mediation.", ("Kuwait", "support", "Oman")),
        ("Germany pledged 500 million euros to Ukraine.", ("Germany", "commitment", "Ukraine")),
        (
            "Iran warned the United States against further sanctions.",
            ("Iran", "warning", "United States"),
        ),
        (
            "China's foreign ministry rejected the account given by the Philippines.",
            ("China", "denial", "Philippines"),
        ),
        ("Tokyo lodged a strong protest with Pyongyang.", ("Japan", "criticism", "North Korea")),
    ],
)
def test_extract_claim_types(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _edges(text)
