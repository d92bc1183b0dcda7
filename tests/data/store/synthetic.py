"""Small synthetic diplomatic articles for ingest tests (written for the project)."""

from __future__ import annotations

from pathlib import Path

PAIRS = [
    ("Pakistan", "China", "Islamabad"),
    ("India", "Bangladesh", "Dhaka"),
    ("France", "Germany", "Paris"),
    ("Japan", "South Korea", "Tokyo"),
    ("Brazil", "Argentina", "Brasilia"),
    ("Kenya", "Ethiopia", "Nairobi"),
    ("Canada", "Mexico", "Ottawa"),
    ("Egypt", "Jordan", "Cairo"),
]

TEMPLATE = """---
id: "syn-{n:04d}"
url: https://example.org/synthetic/{n:04d}
title: {a} and {b} hold talks in {city} ({n})
date: 2025-{month:02d}-{day:02d}
outlet: Synthetic Wire
---
{city_upper}, ({n}) - Officials from {a} and {b} met in {city} on Tuesday\
 to discuss trade and border security.

{a} accused {b} of violating the ceasefire along the frontier.

{b} denied the allegations and urged {a} to return to dialogue.

The United Nations welcomed the talks and called on both sides to show restraint.
"""


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Write ``count`` articles into ``folder``; article ``n`` is the same text every time."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        a, b, city = PAIRS[n % len(PAIRS)]
        text = TEMPLATE.format(
            n=n, a=a, b=b, city=city, city_upper=city.upper(), month=1 + n % 12, day=1 + n % 28
        )
        path = folder / f"syn-{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
