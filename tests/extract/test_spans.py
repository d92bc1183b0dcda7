"""Overlapping matches: the gazetteer and the title finder keep what spaCy's filter_spans keeps."""

from __future__ import annotations

from functools import cache

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.util import filter_spans

from diplograph.extract._gazetteer import longest_first
from diplograph.extract._persons import _filter_spans

_N = 30  # tokens in the test doc

_spans = st.lists(
    st.tuples(st.integers(0, _N - 1), st.integers(1, 5)).map(
        lambda x: (x[0], min(_N, x[0] + x[1]))
    ),
    unique=True,
    max_size=25,
)


@cache
def _doc() -> Doc:
    return spacy.blank("en").make_doc(" ".join(["w"] * _N))


def _expected(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted((s.start, s.end) for s in filter_spans([_doc()[a:b] for a, b in spans]))


@settings(max_examples=200, deadline=None)
@given(_spans)
def test_gazetteer_longest_first_keeps_what_filter_spans_keeps(
    spans: list[tuple[int, int]],
) -> None:
    kept = longest_first([(k, a, b) for k, (a, b) in enumerate(spans)])
    assert [(a, b) for _, a, b in kept] == _expected(spans)


@settings(max_examples=200, deadline=None)
@given(_spans)
def test_persons_filter_spans_keeps_what_filter_spans_keeps(
    spans: list[tuple[int, int]],
) -> None:
    assert _filter_spans(spans) == _expected(spans)


def test_gazetteer_longest_first_keeps_the_first_of_equal_matches() -> None:
    assert longest_first([(7, 2, 4), (3, 2, 4), (5, 0, 1)]) == [(5, 0, 1), (7, 2, 4)]
