"""The shared pipeline: filling the tokenizer cache never changes the tokens."""

from __future__ import annotations

from functools import cache

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from diplograph.extract._pipeline import nlp, parse
from diplograph.model import Article

# Chunks that hit spaCy's tokenizer exceptions (which stop its cache) mixed with plain words.
_WORDS = [
    "India",
    "India's",
    "Pakistan’s",
    "cannot",
    "Dr.",
    "U.S.",
    "don't",
    "—",
    "“We",
    "talks.”",
    "Friday,",
    "(OIC)",
    "met",
    "said:",
    "e.g.",
    "id",
    "1.5bn",
    "Indian-administered",
    "'s",
    "...",
]


@cache
def _plain_spacy() -> Language:
    """spaCy's own English tokenizer, without diplograph's cache filling."""
    return spacy.blank("en")


def _tokens(doc: spacy.tokens.Doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


def _sentences(doc: spacy.tokens.Doc) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sents]


def test_pipeline_parse_tokens_match_plain_spacy(
    seed_article: Article, example_articles: list[Article]
) -> None:
    plain = _plain_spacy()
    for article in (seed_article, *example_articles):
        expected = _tokens(plain.make_doc(article.text))
        assert _tokens(parse(article.text)) == expected
        assert _tokens(parse(article.text)) == expected  # now from the filled cache
        assert _sentences(parse(article.text)) == _sentences(nlp()(article.text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "\n", ""]))))
def test_pipeline_parse_tokens_match_plain_spacy_with_exceptions(
    pieces: list[tuple[str, str]],
) -> None:
    text = "".join(word + gap for word, gap in pieces)
    expected = _tokens(_plain_spacy().make_doc(text))
    assert _tokens(parse(text)) == expected
    assert _tokens(parse(text)) == expected
