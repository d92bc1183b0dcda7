"""Fixtures for extraction tests: the seed article and the example articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplograph.model import Article

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_5c60c577f9faf4f9.txt"
SEED_GOLD = SHARED / "gold" / "seed.jsonl"
EXAMPLES = REPO / "examples" / "articles"
EXAMPLES_GOLD = REPO / "examples" / "gold.jsonl"


@pytest.fixture(scope="session")
def seed_article() -> Article:
    if not SEED.is_file() or not SEED_GOLD.is_file():
        pytest.skip(f"the shared seed article is not here ({SEED}); it lives beside the repo")
    return Article(id="00", text=SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_articles() -> list[Article]:
    from diplograph.read import read_articles

    if not EXAMPLES_GOLD.is_file():
        pytest.skip("examples/gold.jsonl is missing")
    return list(read_articles(sorted(EXAMPLES.glob("*.txt"))))
