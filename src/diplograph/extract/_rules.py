"""The ``rules.v1`` extractor: gazetteer, titles, coreference, meeting and claim rules.

Runs the shared pipeline once per article, then a fixed number of linear passes over
its tokens; no pattern re-runs the pipeline.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache
from itertools import compress

from diplograph._version import __version__
from diplograph.errors import InputError
from diplograph.extract._claims import ClaimFound, claim_words, find_claims
from diplograph.extract._clauses import SentenceView, eligible, represented
from diplograph.extract._coref import resolve_mentions
from diplograph.extract._gazetteer import Gazetteer, default_gazetteer
from diplograph.extract._meetings import MEETING_WORDS, find_meetings
from diplograph.extract._persons import find_persons
from diplograph.extract._pipeline import nlp, parse
from diplograph.extract._tokens import Sent, Toks
from diplograph.model import Actor, Article, Claim, Evidence, Extraction, Meeting

__all__ = ["RulesExtractor"]

# Invisible characters that split a word for the tokenizer but not for a reader
# ("Paki\u200bstan"): soft hyphen, zero-width space, non-joiner, joiner, word joiner, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


class RulesExtractor:
    """Rule-based extraction over a blank spaCy pipeline (no trained model needed).

    ``actors`` replaces the packaged reference actors (tests use small fixtures).
    """

    name = "rules.v1"

    def __init__(self, actors: Iterable[Actor] | None = None) -> None:
        self._gazetteer = Gazetteer(actors) if actors is not None else None

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer if self._gazetteer is not None else default_gazetteer()

    def __call__(self, article: Article) -> Extraction:
        """Extract from ``article``; names are matched with invisible characters removed,
        while every offset and evidence text refers to the article's own text.

        Raises InputError for a text longer than the pipeline's ``max_length``
        (spaCy's limit, a million characters): such a file is a dump, not an article.
        """
        limit = nlp().max_length
        if len(article.text) > limit:
            raise InputError(
                f"article text has {len(article.text):,} characters; {self.name} reads at "
                f"most {limit:,} per article: split the file into articles"
            )
        if _INVISIBLE.search(article.text) is None:
            return self._extract(article)
        visible, positions = _without_invisible(article.text)
        found = self._extract(dataclasses.replace(article, text=visible))
        return _to_original(found, article, positions)

    def _extract(self, article: Article) -> Extraction:
        gazetteer = self.gazetteer
        spacy_doc = parse(article.text)
        gaz = gazetteer(spacy_doc)
        doc = Toks(spacy_doc, article.text)
        persons, roles = find_persons(spacy_doc, doc, gaz)
        resolved = resolve_mentions(doc, gaz, persons, roles, gazetteer.actors)
        actors = resolved.actors
        meetings: list[Meeting] = []
        claims: list[Claim] = []
        notes = list(resolved.notes)
        previous: list[ClaimFound] = []
        recent_states: list[str] = []
        text = article.text
        sentence_words = _sentence_words()
        # One scan of the article for the cue words; each sentence takes its share.
        cue_at = list(compress(range(len(doc)), map(sentence_words.__contains__, doc.lowers)))
        levels = represented(actors)
        for sent, mentions in zip(doc.sents, resolved.by_sentence, strict=True):
            if sent.end <= sent.start:
                continue
            found: list[ClaimFound] = []
            # Only sentences with a cue word are worth a closer look. (A sentence of
            # space tokens has no cue word, no mention and no claim: nothing to do.)
            first = bisect_left(cue_at, sent.start)
            cues = cue_at[first : bisect_left(cue_at, sent.end, first)]
            if cues:
                view = SentenceView(doc, sent, mentions, actors, cues, levels=levels)
                met = find_meetings(view)
                found = find_claims(
                    view, recent_states=recent_states, previous=previous, notes=notes
                )
                if met or found:
                    evidence = _evidence(doc, sent, text)
                for participants in met:
                    meetings.append(Meeting(participants, evidence, date=article.date))
            for f in found:
                claims.append(
                    Claim(
                        f.claimant,
                        f.type,
                        evidence,
                        target=f.target,
                        topic=f.topic,
                        about=f.about,
                        date=article.date,
                    )
                )
            previous = (previous + found)[-12:]
            for m in mentions:
                actor = actors.get(m.iri)
                if actor is not None and actor.type == "State" and eligible(m, actors):
                    if m.iri in recent_states:
                        recent_states.remove(m.iri)
                    recent_states.append(m.iri)
        used = {iri for m in meetings for iri in m.participants}
        used |= {c.claimant for c in claims} | {c.target for c in claims if c.target}
        used |= {iri for c in claims for iri in c.about}
        used |= {a.represents for a in actors.values() if a.represents}
        for iri in used - actors.keys():
            notes.append(f"actor {iri} is referred to but unknown")
        ordered = sorted(actors.values(), key=lambda a: (a.type, a.label))
        return Extraction(
            article=article,
            actors=tuple(ordered),
            # No duplicates to drop (hashing every claim cost 1-2% of the extraction):
            # each sentence gives its own evidence, and within a sentence
            # find_meetings returns distinct participant tuples and find_claims one
            # claim per (claimant, type, target).
            meetings=tuple(meetings),
            claims=tuple(claims),
            extractor=self.name,
            extractor_version=__version__,
            notes=tuple(notes),
        )


def _evidence(doc: Toks, sent: Sent, text: str) -> Evidence:
    """The sentence without leading and trailing space tokens (tokens other than space
    tokens hold no whitespace, so stripping the text is the same)."""
    last = sent.end - 1
    start, end = doc.idxs[sent.start], doc.idxs[last] + len(doc.texts[last])
    raw = text[start:end]
    stripped = raw.strip()
    start += len(raw) - len(raw.lstrip())
    return Evidence(start, start + len(stripped), stripped)


@cache
def _sentence_words() -> frozenset[str]:
    """Words (lower case) without which a sentence reports no meeting and no claim."""
    return MEETING_WORDS | claim_words()


def _without_invisible(text: str) -> tuple[str, list[int]]:
    """``text`` without invisible characters, and each kept character's offset in ``text``
    (plus ``len(text)`` at the end)."""
    positions = [i for i, ch in enumerate(text) if _INVISIBLE.fullmatch(ch) is None]
    visible = "".join(text[i] for i in positions)
    positions.append(len(text))
    return visible, positions


def _to_original(found: Extraction, article: Article, positions: list[int]) -> Extraction:
    """``found`` (extracted from the visible text) with its evidence mapped onto ``article``."""
    text = article.text

    def mapped(evidence: Evidence) -> Evidence:
        start = positions[evidence.start]
        end = positions[evidence.end - 1] + 1 if evidence.end > evidence.start else start
        return Evidence(start, end, text[start:end])

    return dataclasses.replace(
        found,
        article=article,
        meetings=tuple(
            dict.fromkeys(
                dataclasses.replace(m, evidence=mapped(m.evidence)) for m in found.meetings
            )
        ),
        claims=tuple(
            dict.fromkeys(dataclasses.replace(c, evidence=mapped(c.evidence)) for c in found.claims)
        ),
    )
