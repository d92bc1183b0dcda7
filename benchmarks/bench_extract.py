"""Extraction speed against bare spaCy tokenization plus sentence splitting (issue 3, item 7).

Runs, in one process and on the same texts, (a) ``spacy.blank("en")`` with the
``sentencizer`` and (b) ``diplograph.extract.extract`` (its own pipeline included),
interleaved ``--repeats`` times after a warm-up, and prints one JSON object with the
median articles per second of each and their ratio (extraction speed / baseline
speed; the target is >= 0.5, i.e. extraction at least half as fast as tokenizing
and splitting).

    python benchmarks/bench_extract.py [--repeats 5] [--copies 3] [ARTICLE ...]

Without ARTICLE arguments it uses examples/articles/*.txt and the shared seed article.

``first_pass_ratio`` is the same ratio for the first time each article is processed
(one pass over the distinct articles before the repeats), when neither spaCy's
tokenizer cache nor extraction's caches know its words: closer to a corpus of new
articles than the repeats, whose words are all cached.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import spacy
from spacy import about as spacy_about

import diplograph
from diplograph.extract import extract
from diplograph.model import Article
from diplograph.read import read_articles

REPO = Path(__file__).resolve().parents[1]


def _articles(paths: list[str]) -> list[Article]:
    if paths:
        return list(read_articles(paths))
    found = list(read_articles(sorted((REPO / "examples" / "articles").glob("*.txt"))))
    seed = REPO.parent / "shared" / "seeds" / "000_5c60c577f9faf4f9.txt"
    if seed.is_file():
        found.append(Article(id="00", text=seed.read_text(encoding="utf-8")))
    return found


def _time(func: object, texts: list[Article], repeats: int) -> list[float]:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for article in texts:
            func(article)  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--copies", type=int, default=3, help="times each article is processed")
    args = parser.parse_args(argv)
    distinct = _articles(args.articles)
    articles = distinct * args.copies
    if not articles:
        print("no articles to measure", file=sys.stderr)
        return 2
    baseline = spacy.blank("en")
    baseline.add_pipe("sentencizer")

    def tokenize(article: Article) -> None:
        list(baseline(article.text).sents)

    # warm-up: load the lookup tables, build the gazetteer and matchers (on a text of
    # none of the articles' words, so that the first pass below sees them first)
    tokenize(Article(id="warm-up", text="."))
    extract(Article(id="warm-up", text="."))
    first_base = _time(tokenize, distinct, 1)[0]
    first_extract = _time(extract, distinct, 1)[0]
    # Interleave the two so that load from other processes hits both alike.
    base_runs: list[float] = []
    extract_runs: list[float] = []
    for _ in range(args.repeats):
        base_runs += _time(tokenize, articles, 1)
        extract_runs += _time(extract, articles, 1)
    base = statistics.median(base_runs)
    ext = statistics.median(extract_runs)
    ratios = [b / e for b, e in zip(base_runs, extract_runs, strict=True)]
    tokens = sum(len(baseline.make_doc(a.text)) for a in articles)
    result = {
        "articles": len(articles),
        "tokens": tokens,
        "repeats": args.repeats,
        "baseline_seconds_median": round(base, 4),
        "extract_seconds_median": round(ext, 4),
        "baseline_articles_per_s": round(len(articles) / base, 1),
        "extract_articles_per_s": round(len(articles) / ext, 1),
        "ratio": round(base / ext, 3),
        "ratio_median_of_repeats": round(statistics.median(ratios), 3),
        "first_pass_ratio": round(first_base / first_extract, 3),
        "target_ratio": 0.5,
        "diplograph": diplograph.__version__,
        "spacy": spacy_about.__version__,
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
