"""The extract() entry point, the registry, evidence offsets and the quality gates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diplograph
from diplograph.annotations import read_gold, to_record
from diplograph.errors import UnknownExtractor
from diplograph.evaluate import evaluate
from diplograph.extract import RulesExtractor, available_extractors, extract
from diplograph.model import Actor, Article, Claim, Extraction, Meeting

REPO = Path(__file__).resolve().parents[2]
SEED_GOLD = REPO.parent / "shared" / "gold" / "seed.jsonl"
EXAMPLES_GOLD = REPO / "examples" / "gold.jsonl"


def _evidence(x: Extraction) -> list[tuple[int, int, str]]:
    found: list[Meeting | Claim] = [*x.meetings, *x.claims]
    return [(f.evidence.start, f.evidence.end, f.evidence.text) for f in found]


def test_extract_records_extractor_name_and_version() -> None:
    x = extract(Article(id="a", text="Pakistan's foreign minister Ishaq Dar met Wang Yi."))
    assert x.extractor == "rules.v1"
    assert x.extractor_version == diplograph.__version__
    assert not x.curated


def test_extract_unknown_extractor_lists_available() -> None:
    with pytest.raises(UnknownExtractor, match=r"rules\.v1") as info:
        extract(Article(id="a", text="x"), extractor="nope.v9")
    assert "nope.v9" in str(info.value)
    assert "rules.v1" in available_extractors()


def test_extract_seed_core_f1(seed_article: Article) -> None:
    result = evaluate([extract(seed_article)], read_gold(SEED_GOLD))
    assert result.articles == ("00",)
    assert result.core.f1 is not None and result.core.f1 >= 0.85, result.missed


def test_extract_examples_core_f1(example_articles: list[Article]) -> None:
    extractions = [extract(a) for a in example_articles]
    result = evaluate(extractions, read_gold(EXAMPLES_GOLD))
    assert len(result.articles) >= 12
    assert result.core.f1 is not None and result.core.f1 >= 0.8, (result.core, result.missed)


def test_extract_evidence_is_exactly_its_sentence(
    seed_article: Article, example_articles: list[Article]
) -> None:
    for article in (seed_article, *example_articles):
        x = extract(article)
        assert x.meetings or x.claims
        for start, end, text in _evidence(x):
            assert article.text[start:end] == text
            assert text == text.strip() and "\n" not in text
            # a whole sentence: starts a line or follows a sentence end
            before = article.text[:start].rstrip(" ")
            assert not before or before[-1] in "\n.!?”\"'’)" or before.endswith("..."), text[:40]


def test_extract_every_referenced_actor_is_listed(example_articles: list[Article]) -> None:
    for article in example_articles:
        x = extract(article)
        listed = {a.iri for a in x.actors}
        used = {p for m in x.meetings for p in m.participants}
        used |= {c.claimant for c in x.claims} | {c.target for c in x.claims if c.target}
        assert used <= listed


def test_extract_unknown_organisation_becomes_new_actor() -> None:
    x = extract(Article(id="a", text="The Arctic Council welcomed Norway's proposal."))
    labels = {a.label: a for a in x.actors}
    assert labels["Arctic Council"].type == "Organization"
    assert ("Arctic Council", "support", "Norway") in {tuple(e) for e in to_record(x)["edges"]}


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("He accused Russia of lying.", "unresolved pronoun 'He'"),
        ("The plan was condemned on Monday.", "criticism cue 'condemned'"),
        ("India's Provocative Policies Criticized\nTalks resume.", "criticism cue 'Criticized'"),
    ],
)
def test_extract_unmapped_findings_go_to_notes(text: str, note: str) -> None:
    x = extract(Article(id="a", text=text))
    assert not x.claims
    assert any(note in n for n in x.notes), x.notes


def test_extract_rules_with_custom_actors() -> None:
    actors = [
        Actor("https://w3id.org/diplograph/id/state/XLA", "Xland", "State", aliases=("Xlandish",)),
        Actor("https://w3id.org/diplograph/id/state/YLA", "Yland", "State"),
    ]
    x = RulesExtractor(actors)(Article(id="a", text="Xlandish officials met Yland on Monday."))
    assert [sorted(m.participants) for m in x.meetings] == [[a.iri for a in actors]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "Pakistan",
                "India",
                "met",
                "urged",
                "the",
                "UN",
                "“",
                "”",
                ",",
                ".",
                "\n",
                "He",
                "said",
                "Foreign",
                "Minister",
                "Ali",
                "Khan",
                "of",
                "China",
                "and",
                "was",
                "condemned",
                "by",
                "According",
                "to",
                "’s",
                "-",
                "talks",
                "with",
                "agreed",
                "Mr",
                "Ambassador",
            ]
        ),
        max_size=60,
    )
)
def test_extract_never_fails_and_evidence_slices(words: list[str]) -> None:
    text = " ".join(words)
    article = Article(id="h", text=text)
    x = extract(article)
    for start, end, sentence in _evidence(x):
        assert text[start:end] == sentence


def test_extract_reports_each_meeting_and_claim_once(
    seed_article: Article, example_articles: list[Article]
) -> None:
    for article in (seed_article, *example_articles):
        x = extract(article)
        assert len(set(x.claims)) == len(x.claims), article.id
        assert len(set(x.meetings)) == len(x.meetings), article.id
