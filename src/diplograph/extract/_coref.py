"""Mentions of actors in an article, with in-article coreference resolved.

Every mention ends up pointing at an actor IRI:

- gazetteer matches (names, aliases, acronyms, demonyms, capitals);
- persons found by title, and later their surname or full name alone;
- role nouns ("the Pakistani envoy", "the UN chief", "the premier") -> the most
  recent person whose role fits (and whose affiliation fits, when one is given);
  failing that, the affiliation itself;
- "He"/"She" -> the subject person of the latest sentence that had one;
- organisations the gazetteer does not know ("the National Security Council") ->
  a new organisation actor.

Mentions glued to a hyphen ("Indian-administered", "India-Pakistan talks") modify a
word and are marked ``modifier``: they never become a claimant, target or participant.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import Final, Literal, NamedTuple

from diplograph.extract._gazetteer import GazetteerMatch
from diplograph.extract._persons import ROLE_COMPATIBLE, PersonFound, RoleMention
from diplograph.extract._pipeline import nlp
from diplograph.extract._tokens import MONTH_ABBREVIATIONS, MONTHS, Sent, Toks
from diplograph.model import Actor
from diplograph.rdf.mint import org_iri as _mint_org_iri

__all__ = ["Mention", "MentionKind", "resolve_mentions"]

MentionKind = Literal["name", "person", "role", "pronoun", "modifier", "region", "new-org"]

_ORG_HEADS: Final = frozenset(
    {
        "Organisation",
        "Organization",
        "Council",
        "Ministry",
        "Commission",
        "Committee",
        "Agency",
        "Foundation",
        "Institute",
        "Parliament",
        "Assembly",
        "Bank",
        "Fund",
        "Court",
        "Forum",
        "Alliance",
        "Federation",
        "Association",
        "Coalition",
        "Movement",
        "Secretariat",
        "Watch",
        "Party",
        "Office",
        "Department",
        "Tribunal",
        "Cabinet",
        "Senate",
        "Community",
        "League",
        "Conference",
        "Programme",
        "Program",
        "Network",
        "Society",
        "Mission",
    }
)
_ORG_HEADS_LOWER: Final = frozenset(h.lower() for h in _ORG_HEADS)
_ORG_KINDS: Final = frozenset(
    {"Organization", "InternationalOrganization", "NonGovernmentalOrganization"}
)
# "the bloc" -> the latest organisation (whose label has the given word, when one is given)
_ORG_ANAPHORA: Final[dict[str, str | None]] = {
    "bloc": None,
    "alliance": None,
    "organisation": None,
    "organization": None,
    "body": None,
    "grouping": None,
    "union": "Union",
    "council": "Council",
    "agency": "Agency",
    "commission": "Commission",
    "board": None,
    "fund": "Fund",
    "bank": "Bank",
    "court": "Court",
    "assembly": "Assembly",
    "group": "Group",
    "forum": "Forum",
}
org_iri = lru_cache(maxsize=4096)(_mint_org_iri)  # pure; labels recur across articles
_TRIGGERS: Final = frozenset({"he", "she", *_ORG_ANAPHORA})
_CONNECTORS: Final = frozenset({"of", "for", "and", "on", "the"})
_DATE_WORDS: Final = MONTHS | MONTH_ABBREVIATIONS


class Mention(NamedTuple):
    """Tokens ``[start, end)`` refer to the actor ``iri`` (a named tuple: many are made)."""

    start: int
    end: int
    iri: str
    kind: MentionKind


@dataclass(slots=True)
class ArticleMentions:
    """Per-sentence mentions, the actors they refer to, and notes on what could not be resolved."""

    by_sentence: list[list[Mention]]
    actors: dict[str, Actor]
    notes: list[str] = field(default_factory=list)


def _is_modifier(doc: Toks, start: int, end: int) -> bool:
    after = end < len(doc.texts) and doc.texts[end] in {"-", "–"} and doc.spaces[end - 1] == ""
    before = start >= 1 and doc.texts[start - 1] in {"-", "–"} and doc.spaces[start - 1] == ""
    return after or before


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t.text for t in nlp().make_doc(name))


def _dateline(doc: Toks, sent: Sent, m: GazetteerMatch) -> bool:
    """ "Addis Ababa, 12 July 2025 - ...", "NEW YORK — ...": a place opening the text."""
    if m.start != sent.start or m.end + 1 >= sent.end:
        return False
    nxt, after = doc.texts[m.end], doc.texts[m.end + 1]
    return nxt in {"-", "–", "—"} or (
        nxt == "," and (after.replace(",", "").replace(".", "").isdigit() or after in _DATE_WORDS)
    )


class _Capitalised(dict[str, bool]):
    """Is this token text a capitalised word ("Council", not "council", "UN-led", "2025")?
    Answered once per distinct text, so that sentence scans run in C."""

    def __missing__(self, text: str) -> bool:
        if len(self) >= 200_000:
            self.clear()  # bound the memory on a corpus with a very large vocabulary
        value = self[text] = text[:1].isupper() and text.isalpha()
        return value


_CAPITALISED = _Capitalised()


def _headline(doc: Toks, sent: Sent) -> bool:
    texts = doc.texts[sent.start : sent.end]
    words = sum(map(str.isalpha, texts))
    if not words or doc.texts[sent.end - 1] in {".", "!", "?", "”", '"'}:
        return False
    caps = sum(map(_CAPITALISED.__getitem__, texts))
    return caps >= 0.6 * words


def _new_orgs(doc: Toks, sent: Sent, taken: set[int]) -> list[tuple[int, int, str]]:
    """Capitalised runs ending in an organisation head word, outside known mentions."""
    found: list[tuple[int, int, str]] = []
    texts = doc.texts[sent.start : sent.end]
    i = sent.start
    # A run starts at a capitalised word not taken: visit those only.
    for first in compress(range(sent.start, sent.end), map(_CAPITALISED.__getitem__, texts)):
        if first < i or first in taken:
            continue
        i = first
        j = i
        while (
            j < sent.end
            and j not in taken
            and (
                (doc.texts[j][:1].isupper() and doc.texts[j].isalpha())
                or (
                    doc.lowers[j] in _CONNECTORS
                    and j + 1 < sent.end
                    and doc.texts[j + 1][:1].isupper()
                    and j + 1 not in taken
                )
            )
        ):
            j += 1
        start = i + 1 if doc.texts[i] in {"The", "A", "An", "Its", "Their"} else i
        heads = [k for k in range(start, j) if doc.texts[k] in _ORG_HEADS]
        if heads and j - start >= 2:
            found.append((start, j, doc.text_of(start, j)))
        i = j  # (j > i: the run holds at least its first word)
    return found


def _where(words: list[str], wanted: Set[str], taken: Set[int]) -> list[int]:
    """Positions of the ``words`` that are in ``wanted``, except those in ``taken``.

    The scan runs in C (``compress`` over ``map``): it visits every token of the article.
    """
    hits = compress(range(len(words)), map(wanted.__contains__, words))
    return [k for k in hits if k not in taken] if taken else list(hits)


def resolve_mentions(
    doc: Toks,
    gaz: list[GazetteerMatch],
    persons: list[PersonFound],
    roles: list[RoleMention],
    reference: dict[str, Actor],
) -> ArticleMentions:
    """Resolve every mention of the article, sentence by sentence, in text order."""
    actors: dict[str, Actor] = {}
    out = ArticleMentions([], actors)
    for m in gaz:
        actors.setdefault(m.actor.iri, m.actor)
    for p in persons:
        if p.iri not in actors:
            actors[p.iri] = Actor(p.iri, p.name, p.type, represents=p.represents, role=p.role)
    person_tokens = {i: p for p in persons for i in range(p.start, p.end)}
    role_at = {r.start: r for r in roles}
    role_tokens = {i for r in roles for i in range(r.start, r.end)}
    names: dict[str, PersonFound] = {}
    for p in persons:
        names.setdefault(p.name, p)
    tokenize = _name_tokens
    full_names: dict[tuple[str, ...], PersonFound] = {}
    first_names: dict[tuple[str, ...], PersonFound] = {}
    for n, p in names.items():
        words = n.split()
        if len(words) >= 2:
            full_names[tokenize(n)] = p
            full_names.setdefault(tokenize(words[-1]), p)
            # "Zhang" for "Zhang Wenbo": family names often come first
            first_names.setdefault(tokenize(words[0]), p)
            if len(words) >= 3:
                full_names.setdefault(tokenize(" ".join(words[1:])), p)
    for key, p in first_names.items():
        full_names.setdefault(key, p)
    surnames: dict[str, PersonFound] = {}
    name_sizes = sorted({len(k) for k in full_names}, reverse=True)
    name_starts = {k[0] for k in full_names}
    gaz_at = {m.start: m for m in gaz}
    person_at = {p.start: p for p in persons}
    history: list[tuple[int, str, str]] = []  # (token, person iri, category) of person mentions
    last_subject: str | None = None
    org_history: list[str] = []
    gender: dict[str, str] = {}  # person IRI -> the pronoun already used for them
    taken = set(person_tokens) | role_tokens | {i for m in gaz for i in range(m.start, m.end)}
    # One scan of the article finds the tokens that may start a name, be a trigger
    # word or an organisation head (each of those has its lower case in ``wanted``).
    texts, lowers = doc.texts, doc.lowers
    wanted = {w.lower() for w in name_starts} | _TRIGGERS | _ORG_HEADS_LOWER
    hits = [k for k in _where(lowers, wanted, set()) if k not in taken or texts[k] in _ORG_HEADS]
    # Only these tokens can start a mention: visit them, not every token.
    interesting = sorted(
        {
            *person_at,
            *role_at,
            *gaz_at,
            *(
                k
                for k in hits
                if k not in taken and (texts[k] in name_starts or lowers[k] in _TRIGGERS)
            ),
        }
    )
    with_heads = {doc.sent_of(k).start for k in hits if texts[k] in _ORG_HEADS}
    pos = 0
    for sent in doc.sents:
        mentions: list[Mention] = []
        i = sent.start
        while pos < len(interesting) and interesting[pos] < sent.end:
            j = interesting[pos]
            pos += 1
            if j < i:
                continue
            i = j
            if i in person_at:
                p = person_at[i]
                mentions.append(Mention(p.start, p.end, p.iri, "person"))
                history.append((i, p.iri, p.category))
                i = p.end
                continue
            if i in role_at:
                r = role_at[i]
                iri = _resolve_role(r, history, actors)
                if iri is not None:
                    mentions.append(Mention(r.start, r.end, iri, "role"))
                    if iri.split("/")[-2] == "person":
                        history.append((i, iri, r.category))
                else:
                    out.notes.append(f"unresolved role mention {doc.text_of(r.start, r.end)!r}")
                i = r.end
                continue
            if i in gaz_at:
                m = gaz_at[i]
                kind: MentionKind = "name"
                if m.actor.type == "Region":
                    kind = "region"
                elif _is_modifier(doc, m.start, m.end) or (
                    m.start == sent.start and _dateline(doc, sent, m)
                ):
                    kind = "modifier"
                mentions.append(Mention(m.start, m.end, m.actor.iri, kind))
                i = m.end
                continue
            tok = doc[i]
            if i not in taken and (tok.text in name_starts or tok.lower_ in _TRIGGERS):
                hit = None
                for size in name_sizes:
                    key = tuple(doc.texts[i : min(i + size, sent.end)])
                    if key in full_names:
                        hit = (full_names[key], i + size)
                        break
                if hit is None and tok.text in surnames:
                    hit = (surnames[tok.text], i + 1)
                if hit is not None:
                    p, end = hit
                    mentions.append(Mention(i, end, p.iri, "person"))
                    history.append((i, p.iri, p.category))
                    i = end
                    continue
                if tok.lower_ in _ORG_ANAPHORA and i > sent.start and doc.lowers[i - 1] == "the":
                    org = _latest_org(mentions, org_history, actors, _ORG_ANAPHORA[tok.lower_])
                    if org is not None:
                        mentions.append(Mention(i - 1, i + 1, org, "name"))
                        i += 1
                        continue
                if tok.lower_ in {"he", "she"}:
                    target = _pronoun(tok.lower_, sent.start, history, last_subject, gender)
                    if target is not None:
                        gender.setdefault(target, tok.lower_)
                        mentions.append(Mention(i, i + 1, target, "pronoun"))
                    else:
                        out.notes.append(f"unresolved pronoun {tok.text!r} at character {tok.idx}")
            i += 1
        if sent.start in with_heads and not _headline(doc, sent):
            # region names may be part of an organisation's name ("Arctic Council")
            regions = {k for m in mentions if m.kind == "region" for k in range(m.start, m.end)}
            covered = ({k for m in mentions for k in range(m.start, m.end)} | taken) - regions
            for start, end, label in _new_orgs(doc, sent, covered):
                iri = org_iri(label)
                known = reference.get(iri)
                actors.setdefault(iri, known or Actor(iri, label, "Organization"))
                mentions = [m for m in mentions if not (start <= m.start < end)]
                mentions.append(Mention(start, end, iri, "new-org"))
            mentions.sort(key=lambda m: m.start)
        for mention in mentions:
            actor = actors.get(mention.iri)
            if actor is not None and actor.represents:
                actor = actors.get(actor.represents)
            if actor is not None and actor.type in _ORG_KINDS and mention.kind != "modifier":
                org_history.append(actor.iri)
        person = next(
            (
                m.iri
                for m in mentions
                if m.iri in actors and actors[m.iri].type in ("Person", "Envoy", "Official")
            ),
            None,
        )
        if person is not None:
            last_subject = person
        out.by_sentence.append(mentions)
    return out


def _pronoun(
    word: str,
    sent_start: int,
    history: list[tuple[int, str, str]],
    last_subject: str | None,
    gender: dict[str, str],
) -> str | None:
    """The person "he"/"she" refers to: in the sentence the latest person, else the subject
    of the latest sentence with a person; a person already called by the other pronoun
    is passed over."""
    in_sentence = [h[1] for h in history if h[0] >= sent_start]
    ordered = in_sentence[::-1]
    if last_subject is not None:
        ordered.append(last_subject)
    ordered += [h[1] for h in reversed(history) if h[0] < sent_start]
    recent = list(dict.fromkeys(ordered))[:4]
    for iri in recent:
        if gender.get(iri, word) == word:
            return iri
    return recent[0] if recent else None


def _latest_org(
    mentions: list[Mention], history: list[str], actors: dict[str, Actor], word: str | None
) -> str | None:
    candidates = []
    for m in reversed(mentions):
        candidates.append(m.iri)
        represents = actors[m.iri].represents if m.iri in actors else None
        if represents:
            candidates.append(represents)
    candidates += history[::-1]
    for iri in candidates:
        actor = actors.get(iri)
        if actor is None or actor.type not in _ORG_KINDS:
            continue
        if word is None or word in actor.label.split():
            return iri
    return None


def _resolve_role(
    role: RoleMention, history: list[tuple[int, str, str]], actors: dict[str, Actor]
) -> str | None:
    fits = ROLE_COMPATIBLE.get(role.category, frozenset({role.category}))
    for _, iri, category in reversed(history):
        if category not in fits:
            continue
        actor = actors.get(iri)
        if role.affiliation is None or (actor is not None and actor.represents == role.affiliation):
            return iri
    return role.affiliation
