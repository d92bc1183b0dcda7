"""Fixtures shared by the whole suite.

``shared/`` (the team's seed article, gold annotations and schemas) sits beside the
checkout, in development and in CI; the project itself ships none of its text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared/ folder beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: it holds the seed article and gold annotations")
    return SHARED


@pytest.fixture
def seed_article(shared_dir: Path, tmp_path: Path) -> Path:
    """The seed article copied to ``00.txt``, so its id is "00" as in shared/gold/seed.jsonl."""
    (source,) = sorted((shared_dir / "seeds").glob("*.txt"))
    target = tmp_path / "00.txt"
    shutil.copy(source, target)
    return target
