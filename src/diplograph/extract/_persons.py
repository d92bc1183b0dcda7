"""Persons recognised by their titles, and the affiliation the title gives them.

Patterns (the title is matched case-insensitively, the name must be capitalised):

- ``Pakistan's Permanent Representative to the United Nations, Ambassador Asim Iftikhar``
- ``UN Secretary General António Guterres``, ``Chinese Foreign Minister Wang Yi``
- ``Foreign Minister X of Y``, ``the Secretary-General of the United Nations, X``
- ``Y's foreign minister X``, ``X, Y's foreign minister``, ``X, the foreign minister of Y``

A title with no name after it ("the UN chief", "the Pakistani envoy") is a *role
mention*, resolved later by :mod:`._coref`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import pairwise
from typing import Final, NamedTuple

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from diplograph.extract._gazetteer import GazetteerMatch
from diplograph.extract._pipeline import nlp
from diplograph.extract._tokens import MONTHS, WEEKDAYS, Toks
from diplograph.model import ActorType
from diplograph.rdf.mint import person_iri as _mint_person_iri

__all__ = ["TITLES", "PersonFound", "RoleMention", "find_persons"]

TITLES: Final[dict[str, tuple[ActorType, str]]] = {
    # title (lower case) -> (actor type, role category used by coreference)
    "permanent representative": ("Envoy", "envoy"),
    "deputy permanent representative": ("Envoy", "envoy"),
    "ambassador": ("Envoy", "envoy"),
    "envoy": ("Envoy", "envoy"),
    "special envoy": ("Envoy", "envoy"),
    "special representative": ("Envoy", "envoy"),
    "high commissioner": ("Envoy", "envoy"),
    "diplomat": ("Envoy", "envoy"),
    "top diplomat": ("Envoy", "foreign minister"),
    "chief negotiator": ("Envoy", "envoy"),
    "consul general": ("Envoy", "envoy"),
    "foreign minister": ("Envoy", "foreign minister"),
    "foreign affairs minister": ("Envoy", "foreign minister"),
    "external affairs minister": ("Envoy", "foreign minister"),
    "minister of foreign affairs": ("Envoy", "foreign minister"),
    "minister for foreign affairs": ("Envoy", "foreign minister"),
    "minister of external affairs": ("Envoy", "foreign minister"),
    "foreign secretary": ("Envoy", "foreign minister"),
    "secretary of state": ("Envoy", "foreign minister"),
    "deputy foreign minister": ("Envoy", "foreign minister"),
    "secretary general": ("Official", "secretary general"),
    "secretary-general": ("Official", "secretary general"),
    "under-secretary-general": ("Official", "secretary general"),
    "deputy secretary-general": ("Official", "secretary general"),
    "director general": ("Official", "chief"),
    "director-general": ("Official", "chief"),
    "high representative": ("Official", "chief"),
    "chief": ("Official", "chief"),
    "head": ("Official", "chief"),
    "chairman": ("Official", "chief"),
    "chairperson": ("Official", "chief"),
    "chairwoman": ("Official", "chief"),
    "commissioner": ("Official", "chief"),
    "president": ("Official", "president"),
    "vice president": ("Official", "president"),
    "vice-president": ("Official", "president"),
    "prime minister": ("Official", "prime minister"),
    "premier": ("Official", "prime minister"),
    "chancellor": ("Official", "prime minister"),
    "minister": ("Official", "minister"),
    "defence minister": ("Official", "minister"),
    "defense minister": ("Official", "minister"),
    "interior minister": ("Official", "minister"),
    "home minister": ("Official", "minister"),
    "finance minister": ("Official", "minister"),
    "trade minister": ("Official", "minister"),
    "national security adviser": ("Official", "minister"),
    "national security advisor": ("Official", "minister"),
    "spokesperson": ("Official", "spokesperson"),
    "spokesman": ("Official", "spokesperson"),
    "spokeswoman": ("Official", "spokesperson"),
    "foreign ministry spokesperson": ("Official", "spokesperson"),
    "foreign ministry spokesman": ("Official", "spokesperson"),
    "foreign office spokesperson": ("Official", "spokesperson"),
    "king": ("Official", "president"),
    "queen": ("Official", "president"),
    "emir": ("Official", "president"),
    "crown prince": ("Official", "president"),
    "sultan": ("Official", "president"),
    "leader": ("Official", "president"),
    "supreme leader": ("Official", "president"),
    "army chief": ("Official", "chief"),
    "secretary": ("Official", "minister"),
    "cabinet secretary": ("Envoy", "foreign minister"),
    "delegate": ("Envoy", "envoy"),
    "representative": ("Envoy", "envoy"),
    "trade representative": ("Envoy", "envoy"),
    "negotiator": ("Envoy", "envoy"),
    "chief of staff": ("Official", "chief"),
    "director": ("Official", "chief"),
    "governor": ("Official", "chief"),
    "official": ("Official", "chief"),
    "chairperson of the commission": ("Official", "chief"),
}

# Which role categories a role noun may refer back to.
ROLE_COMPATIBLE: Final[dict[str, frozenset[str]]] = {
    "envoy": frozenset({"envoy", "foreign minister"}),
    "foreign minister": frozenset({"foreign minister"}),
    "secretary general": frozenset({"secretary general"}),
    "chief": frozenset({"chief", "secretary general"}),
    "president": frozenset({"president"}),
    "prime minister": frozenset({"prime minister"}),
    "minister": frozenset({"minister", "foreign minister"}),
    "spokesperson": frozenset({"spokesperson"}),
}

_HONORIFICS: Final = frozenset(
    {
        "Mr",
        "Mr.",
        "Ms",
        "Ms.",
        "Mrs",
        "Mrs.",
        "Dr",
        "Dr.",
        "Sheikh",
        "Sir",
        "H.E.",
        "HE",
        "Prof.",
        "Professor",
        "General",
        "Gen.",
    }
)
# Words that may extend a title to the left ("Vice Foreign Minister", "Commerce Minister").
_TITLE_MODIFIERS: Final = frozenset(
    {
        "deputy",
        "vice",
        "acting",
        "former",
        "state",
        "junior",
        "senior",
        "chief",
        "commerce",
        "trade",
        "energy",
        "defence",
        "defense",
        "interior",
        "finance",
        "economy",
        "economic",
        "environment",
        "health",
        "foreign",
        "external",
        "home",
        "security",
        "justice",
        "industry",
        "agriculture",
        "climate",
        "information",
        "culture",
        "education",
        "transport",
        "labour",
        "labor",
        "development",
        "affairs",
        "under",
        "assistant",
        "principal",
        "first",
        "cabinet",
        "permanent",
        "special",
        "top",
        "nuclear",
        "lead",
        "ministry",
        "office",
        "new",
        "interim",
        "policy",
        "humanitarian",
        "arctic",
        "regional",
        "military",
        "intelligence",
    }
)
_PARTICLES: Final = frozenset(
    {"bin", "ibn", "al", "el", "de", "da", "van", "von", "der", "di", "le"}
)
_NOT_NAMES: Final = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "This",
        "That",
        "His",
        "Her",
        "Their",
        "Its",
        "But",
        "And",
        "Or",
        "While",
        "During",
        "After",
        "Before",
        "Today",
        "Yesterday",
        "However",
        "Also",
        "General",
    }
    | WEEKDAYS
    | MONTHS
)
# Words of organisation names: part of a title ("Commission Chairperson"), never of a name.
_ORG_WORDS: Final = frozenset(
    {
        "Commission",
        "Council",
        "Ministry",
        "Secretariat",
        "Office",
        "Assembly",
        "Committee",
        "Agency",
        "Board",
        "Parliament",
        "Government",
        "Department",
        "Bank",
        "Fund",
        "Union",
    }
)
_DETERMINERS: Final = frozenset({"the", "his", "her", "their", "its"})
_POSSESSIVE: Final = frozenset({"'s", "’s", "'", "’"})


class PersonFound(NamedTuple):
    """A named person at tokens ``[start, end)`` (the span includes the title)."""

    start: int
    end: int
    name: str
    iri: str
    type: ActorType
    category: str
    role: str
    represents: str | None


class RoleMention(NamedTuple):
    """A title without a name ("the Pakistani envoy"): refers back to a person."""

    start: int
    end: int
    category: str
    affiliation: str | None


class _Title(NamedTuple):
    """A title the matcher found at tokens ``[start, end)``."""

    start: int
    end: int
    text: str


def _filter_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spacy.util.filter_spans`` on ``(start, end)`` pairs (no Span objects): the
    longest (then first) of overlapping spans, in text order."""
    ordered = sorted(spans)
    if all(a[1] <= b[0] for a, b in pairwise(ordered)):
        return ordered  # no overlaps (the usual case): every span is kept
    seen: set[int] = set()
    kept = []
    for start, end in sorted(spans, key=lambda x: (x[1] - x[0], -x[0]), reverse=True):
        if start not in seen and end - 1 not in seen:
            kept.append((start, end))
            seen.update(range(start, end))
    return sorted(kept)


# Names recur across articles; minting (a Unicode slug) is pure, so it is cached.
person_iri = lru_cache(maxsize=8192)(_mint_person_iri)


@cache
def _title_matcher() -> PhraseMatcher:
    matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
    for title in TITLES:
        matcher.add(title, [nlp().make_doc(title)])
    return matcher


def _is_name_token(text: str) -> bool:
    return (
        len(text) > 1
        and text[0].isupper()
        and text not in _NOT_NAMES
        and text not in _ORG_WORDS
        and (text.replace(".", "").replace("'", "").replace("’", "").isalpha())
    ) or (len(text) == 2 and text[0].isupper() and text[1] == ".")


def _name_at(doc: Toks, i: int, limit: int, blocked: set[int]) -> int:
    """End index of a personal name starting at ``i`` (``i`` itself if none)."""
    j = i
    while j < limit and j - i < 8 and j not in blocked:
        text = doc.texts[j]
        if _is_name_token(text) or (
            text.lower() in _PARTICLES and j + 1 < limit and _is_name_token(doc.texts[j + 1])
        ):
            j += 1
        elif (
            text == "-"
            and j > i
            and doc.spaces[j - 1] == ""
            and j + 1 < limit
            and doc.spaces[j] == ""
            and doc.texts[j + 1].isalpha()
        ):
            j += 2
        else:
            break
    return j


def find_persons(
    spacy_doc: Doc, doc: Toks, gaz: list[GazetteerMatch]
) -> tuple[list[PersonFound], list[RoleMention]]:
    """Named persons and bare role mentions in ``doc``, in document order."""
    gaz_end = {m.end: m for m in gaz}
    gaz_start = {m.start: m for m in gaz}
    gaz_tokens: set[int] = {i for m in gaz for i in range(m.start, m.end)}
    titles = [
        _Title(s, e, doc.text_of(s, e))
        for s, e in _filter_spans([(s, e) for _, s, e in _title_matcher()(spacy_doc)])
        if gaz_tokens.isdisjoint(range(s, e))
    ]
    title_tokens = {i for sp in titles for i in range(sp.start, sp.end)}
    blocked = gaz_tokens | title_tokens
    persons: list[PersonFound] = []
    roles: list[RoleMention] = []
    consumed_until = -1
    known: dict[str, PersonFound] = {}
    surnames: dict[str, PersonFound] = {}  # last word of a known name -> its first person
    possessive_title_end = {sp.end: sp for sp in titles}
    region_tokens = {i for m in gaz if m.actor.type == "Region" for i in range(m.start, m.end)}
    # Built once: a set difference inside the loop below made long articles quadratic.
    actor_tokens = gaz_tokens - region_tokens
    for sp in titles:
        if sp.start < consumed_until:
            continue
        ttype, category = TITLES[sp.text.lower()]
        sent = doc.sent_of(sp.start)
        sent_end = sent.end
        # Extend the title to the left: "Vice Foreign Minister", "Cabinet Secretary".
        left = sp.start
        while left > sent.start and sp.start - left < 3 and left - 1 not in actor_tokens:
            prev = doc[left - 1]
            if prev.is_alpha and (
                prev.lower_ in _TITLE_MODIFIERS
                or (
                    prev.text[0].isupper()
                    and prev.text not in _NOT_NAMES
                    and prev.lower_ not in {"its", "their"}
                    and left - 1 > sent.start
                )
            ):
                left -= 1
            else:
                break
        start = left
        affiliation: str | None = None
        found_left = _affiliation_left(doc, left, gaz_end, possessive_title_end, persons)
        if found_left is not None:
            affiliation, start = found_left
        elif left > sent.start and doc.lowers[left - 1] in {"its", "their"}:
            owner = _previous_subject(doc, sent.start, gaz)
            if owner is not None:
                affiliation, start = owner, left - 1
        det_start = start - 1 if start >= 1 and doc.lowers[start - 1] in _DETERMINERS else start
        # Extend the role: "to the United Nations", "of Pakistan", "for Foreign Affairs".
        end = sp.end
        if end < sent_end and doc.lowers[end] in {"to", "for", "of", "at", "in"}:
            k = end + 1
            if k < sent_end and doc.lowers[k] == "the":
                k += 1
            if k in gaz_start:
                m = gaz_start[k]
                if doc.lowers[end] == "of" and affiliation is None:
                    affiliation = m.actor.iri
                end = m.end
                while end < sent_end and doc.texts[end] in _ORG_WORDS:
                    end += 1  # "of the ECOWAS Commission"
            else:
                # "for Foreign and Diaspora Affairs, Grace Wanjiru" / "of staff, Elif Demirci"
                j = k
                while j < sent_end and j - k < 5 and doc.texts[j].isalpha() and j not in gaz_tokens:
                    j += 1
                if j < sent_end and j > k and doc.texts[j] == ",":
                    name_end = _name_at(doc, j + 1, sent_end, gaz_tokens)
                    if name_end - (j + 1) >= 2:
                        end = j
        role = doc.text_of(left, end)
        capital = doc.texts[sp.start][0].isupper()
        # Skip ", Ambassador", "Mr", "Dr" before the name.
        k = end
        comma = k < sent_end and doc.texts[k] == ","
        if comma:
            k += 1
        while k < sent_end and (
            doc.texts[k] in _HONORIFICS or (k in title_tokens and doc.texts[k][0].isupper())
        ):
            k += 1
        name_end = _name_at(doc, k, sent_end, gaz_tokens)
        # A lower-case title needs an affiliation or an apposition
        # ("a spokesperson, Megan Hollis,").
        ok = name_end > k and (
            capital
            or affiliation is not None
            or (
                comma
                and name_end - k >= 2
                and name_end < sent_end
                and doc.texts[name_end] in {",", "."}
            )
        )
        if ok:
            name = doc.text_of(k, name_end)
            span_end = name_end
            if affiliation is None and name_end + 1 < sent_end and doc.lowers[name_end] == "of":
                k2 = name_end + 1 + (doc.lowers[name_end + 1] == "the")
                if k2 in gaz_start:
                    affiliation = gaz_start[k2].actor.iri
                    span_end = gaz_start[k2].end
            if affiliation is None:
                affiliation = _led_by(doc, sent.start, start, gaz)
            persons.append(
                _known(
                    known,
                    surnames,
                    PersonFound(
                        start, span_end, name, person_iri(name), ttype, category, role, affiliation
                    ),
                )
            )
            consumed_until = span_end
            continue
        # Appositive: "Wang Yi, China's foreign minister" / "X, the foreign minister of Y".
        comma_at = det_start - 1
        if comma_at >= 1 and doc.texts[comma_at] == "," and affiliation is not None:
            j = comma_at
            while j > sent.start and _is_name_token(doc.texts[j - 1]) and j - 1 not in blocked:
                j -= 1
            if comma_at - j >= 2:
                name = doc.text_of(j, comma_at)
                persons.append(
                    _known(
                        known,
                        surnames,
                        PersonFound(
                            j, end, name, person_iri(name), ttype, category, role, affiliation
                        ),
                    )
                )
                consumed_until = end
                continue
        if det_start < start or affiliation is not None:
            roles.append(RoleMention(det_start, end, category, affiliation))
            consumed_until = end
    return persons, roles


def _known(
    known: dict[str, PersonFound], surnames: dict[str, PersonFound], found: PersonFound
) -> PersonFound:
    """Merge ``found`` with an earlier person of the same full name or surname.

    ``surnames`` maps the last word of each name in ``known`` to the first person
    known by it (kept up to date here), so a surname is one look-up, not a scan.
    """
    earlier = known.get(found.name)
    if earlier is None and " " not in found.name:
        earlier = surnames.get(found.name)
    if earlier is not None:
        found = PersonFound(
            found.start,
            found.end,
            earlier.name,
            earlier.iri,
            earlier.type,
            earlier.category,
            earlier.role,
            earlier.represents or found.represents,
        )
    if found.name not in known:
        known[found.name] = found
        words = found.name.split()
        if words:
            surnames.setdefault(words[-1], found)
    return found


def _affiliation_left(
    doc: Toks,
    left: int,
    gaz_end: dict[int, GazetteerMatch],
    titles_end: dict[int, _Title],
    persons: list[PersonFound],
) -> tuple[str, int] | None:
    """Affiliation just before a title: "Pakistan's", "UN", "Chinese", "the UN chief's"."""
    if left >= 2 and doc.texts[left - 1] in _POSSESSIVE:
        if left - 1 in gaz_end and gaz_end[left - 1].actor.type != "Region":
            m = gaz_end[left - 1]
            return m.actor.iri, m.start
        owner = titles_end.get(left - 1)
        if owner is not None:
            # "the UN Secretary-General's chief of staff": the owner's affiliation
            inner = gaz_end.get(owner.start)
            if inner is not None:
                return inner.actor.iri, inner.start
        # "Wang's deputy"
        for p in reversed(persons):
            if p.end == left - 1 and p.represents:
                return p.represents, p.start
    if left >= 1 and left in gaz_end and gaz_end[left].actor.type != "Region":
        m = gaz_end[left]
        return m.actor.iri, m.start
    return None


def _last_actor_before(
    doc: Toks, k: int, gaz: list[GazetteerMatch], kinds: tuple[str, ...]
) -> str | None:
    """The latest state or organisation named before token ``k`` ("its", "their")."""
    for m in reversed(gaz):
        if m.end <= k and m.actor.type != "Region":
            kind = "state" if m.actor.type == "State" else "org"
            if kind in kinds:
                return m.actor.iri
    return None


def _previous_subject(doc: Toks, sent_start: int, gaz: list[GazetteerMatch]) -> str | None:
    """The first state or organisation named in the sentence before (what "Its" refers to)."""
    if sent_start == 0:
        return None
    prev = doc.sent_of(sent_start - 1)
    for m in gaz:
        if prev.start <= m.start < prev.end and m.actor.type != "Region":
            in_list = (m.end < prev.end and doc.lowers[m.end] == "and") or (
                m.start > prev.start and doc.lowers[m.start - 1] == "and"
            )
            if not in_list:  # "its" is one actor, not "Armenia and Azerbaijan"
                return m.actor.iri
    return None


def _led_by(doc: Toks, sent_start: int, start: int, gaz: list[GazetteerMatch]) -> str | None:
    """ "The Iranian side was led by Deputy Foreign Minister X": the side's actor; also
    "In Seoul, Foreign Minister X ...": the state whose capital opens the sentence."""
    if start - 3 >= sent_start and doc.texts[start - 1] == ",":
        for m in gaz:
            if m.end == start - 1 and m.actor.type == "State" and doc.lowers[m.start - 1] == "in":
                return m.actor.iri
    if (
        start - 2 < sent_start
        or doc.lowers[start - 1] != "by"
        or doc.lowers[start - 2] not in {"led", "headed"}
    ):
        return None
    for m in reversed(gaz):
        if sent_start <= m.start < start and m.actor.type != "Region":
            return m.actor.iri
    return None
