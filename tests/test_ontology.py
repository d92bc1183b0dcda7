"""The bundled ontology, claim-type scheme and reference actors (diplograph.ontology)."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from types import ModuleType

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

import diplograph
from diplograph import ontology
from diplograph.errors import InputError, RDFParseError
from diplograph.model import CLAIM_TYPES, Actor
from diplograph.namespaces import CLAIM_TYPE, DG, DGR, ORG, SCHEMA
from diplograph.rdf.mint import org_iri, region_iri, state_iri
from diplograph.resources import ontology_dir

DATA = Path(__file__).parent / "data" / "ontology"
ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILES = sorted(ontology_dir().glob("*.ttl"))
DG_NS = str(DG._NS)


@pytest.fixture(scope="session")
def onto() -> Graph:
    return ontology.load_ontology()


@pytest.fixture(scope="session")
def actors_graph() -> Graph:
    return ontology.load_reference_actors()


@pytest.fixture(scope="session")
def actors() -> dict[str, Actor]:
    return {a.iri: a for a in ontology.reference_actors()}


@pytest.fixture(scope="session")
def members() -> dict[str, frozenset[str]]:
    return ontology.memberships()


def _dg_terms_in_namespace_class() -> set[URIRef]:
    names = [n for n in DG.__annotations__ if not n.startswith("_")]
    return {DG[n] for n in names}


# --- the files --------------------------------------------------------------------------


def test_ontology_ships_every_documented_file() -> None:
    names = {p.name for p in ONTOLOGY_FILES}
    expected = {ontology.ONTOLOGY_FILE, ontology.CLAIM_TYPES_FILE, *ontology.ACTOR_FILES}
    assert expected <= names


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_file_parses(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 50


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_file_is_owl_lite(path: Path) -> None:
    assert ontology.owl_lite_violations(Graph().parse(path, format="turtle")) == []


def test_ontology_owl_lite_check_reports_forbidden_constructs() -> None:
    graph = Graph().parse(DATA / "not-owl-lite.ttl", format="turtle")
    problems = ontology.owl_lite_violations(graph)
    assert any("owl:unionOf" in p for p in problems)
    assert any("owl:disjointWith" in p for p in problems)
    assert any("cardinality 2" in p for p in problems)
    assert len(problems) == 3


@pytest.mark.parametrize("construct", ["complementOf", "oneOf", "hasValue", "disjointWith"])
def test_ontology_owl_lite_check_rejects_each_construct(construct: str) -> None:
    graph = Graph()
    graph.add((DG.Actor, OWL[construct], DG.State))
    assert ontology.owl_lite_violations(graph)


# --- lint queries -----------------------------------------------------------------------

# check -> IRIs (first column) the violating fixture must produce
EXPECTED_VIOLATIONS = {
    "missing-label-violation": {DG_NS + "Summit"},
    "missing-comment-violation": {DG_NS + "Summit", DG_NS + "hostedBy"},
    "undeclared-term-violation": {DG_NS + "Meting"},
    "state-without-iso-code-violation": {
        state_iri("XXA"),
        state_iri("XXB"),
        state_iri("XXD2"),
    },
    "duplicate-iso-code-violation": {state_iri("XXD")},
    "actor-without-preflabel-violation": {org_iri("NOLABEL"), f"{DGR}region/twice"},
    "membership-target-violation": {state_iri("XXD")},
    "claim-type-incomplete-violation": {f"{CLAIM_TYPE}gossip"},
}


@pytest.fixture(scope="session")
def clean_lint() -> dict[str, list[tuple[str, ...]]]:
    return ontology.lint()


@pytest.fixture(scope="session")
def fixture_lint() -> dict[str, list[tuple[str, ...]]]:
    files = [ontology_dir() / ontology.ONTOLOGY_FILE, DATA / "violations.ttl"]
    return ontology.lint(files)


def test_ontology_every_lint_query_has_a_violating_case(
    clean_lint: dict[str, list[tuple[str, ...]]],
) -> None:
    assert set(clean_lint) == set(EXPECTED_VIOLATIONS)
    assert {p.stem for p in (ontology_dir() / "checks").glob("*.rq")} == set(clean_lint)


@pytest.mark.parametrize("check", sorted(EXPECTED_VIOLATIONS))
def test_ontology_lint_query_passes_on_bundled_files(
    check: str, clean_lint: dict[str, list[tuple[str, ...]]]
) -> None:
    assert clean_lint[check] == []


@pytest.mark.parametrize("check", sorted(EXPECTED_VIOLATIONS))
def test_ontology_lint_query_reports_violations(
    check: str, fixture_lint: dict[str, list[tuple[str, ...]]]
) -> None:
    assert {row[0] for row in fixture_lint[check]} == EXPECTED_VIOLATIONS[check]


def test_ontology_lint_reports_unparsable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(RDFParseError, match=r"bad\.ttl"):
        ontology.lint([bad])


# --- the ontology -----------------------------------------------------------------------


def _declared(onto: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        s
        for kind in kinds
        for s in onto.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(DG_NS)
    }


def test_ontology_declares_every_dg_term(onto: Graph) -> None:
    assert _dg_terms_in_namespace_class() - _declared(onto) == set()


def test_ontology_declares_no_term_missing_from_dg(onto: Graph) -> None:
    assert _declared(onto) - _dg_terms_in_namespace_class() == set()


def test_ontology_version_matches_package(onto: Graph) -> None:
    (ont,) = list(onto.subjects(RDF.type, OWL.Ontology))
    assert str(onto.value(ont, OWL.versionInfo)) == diplograph.ONTOLOGY_VERSION
    assert str(onto.value(ont, OWL.versionIRI)).endswith("/" + diplograph.ONTOLOGY_VERSION)


@pytest.mark.parametrize("term", sorted(_dg_terms_in_namespace_class()), ids=str)
def test_ontology_term_has_english_label_and_comment(onto: Graph, term: URIRef) -> None:
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in onto.objects(term, prop) if isinstance(o, Literal)}
        assert "en" in langs, f"{term} lacks {prop} in English"


@pytest.mark.parametrize(
    ("prop", "inverse"),
    [
        (DG.hasMember, DG.memberOf),
        (DG.participatedIn, DG.participant),
        (DG.madeClaim, DG.claimant),
        (DG.targetOf, DG.target),
        (DG.reports, DG.reportedIn),
        (DG.mentionedIn, DG.mentions),
    ],
)
def test_ontology_inverse_pairs(onto: Graph, prop: URIRef, inverse: URIRef) -> None:
    assert (prop, OWL.inverseOf, inverse) in onto or (inverse, OWL.inverseOf, prop) in onto


@pytest.mark.parametrize(
    ("term", "kind"),
    [
        (DG.metWith, OWL.SymmetricProperty),
        (DG.beginOffset, OWL.FunctionalProperty),
        (DG.endOffset, OWL.FunctionalProperty),
        (DG.isoCode, OWL.FunctionalProperty),
    ],
)
def test_ontology_property_characteristics(onto: Graph, term: URIRef, kind: URIRef) -> None:
    assert (term, RDF.type, kind) in onto


PROV_SOFTWARE_AGENT = PROV.SoftwareAgent
SUBCLASSES = [
    (DG.State, DG.Actor),
    (DG.Organization, DG.Actor),
    (DG.Person, DG.Actor),
    (DG.Envoy, DG.Person),
    (DG.Official, DG.Person),
    (DG.InternationalOrganization, DG.Organization),
    (DG.NonGovernmentalOrganization, DG.Organization),
    (DG.Meeting, DG.Event),
    *[(DG[t.capitalize()], DG.Claim) for t in CLAIM_TYPES],
    (DG.Actor, PROV.Agent),
    (DG.Article, PROV.Entity),
    (DG.Evidence, PROV.Entity),
    (DG.ExtractionActivity, PROV.Activity),
    (DG.CurationActivity, PROV.Activity),
    (DG.Extractor, PROV_SOFTWARE_AGENT),
    (DG.Organization, ORG.Organization),
    (DG.ClaimType, SKOS.Concept),
    (DG.Article, SCHEMA.NewsArticle),
]
SUBPROPERTIES = [
    (DG.claimant, PROV.wasAttributedTo),
    (DG.memberOf, ORG.memberOf),
    (DG.hasMember, ORG.hasMember),
    (DG.subOrganizationOf, ORG.subOrganizationOf),
    (DG.title, DCTERMS.title),
    (DG.published, DCTERMS.date),
    (DG.url, SCHEMA.url),
]


@pytest.mark.parametrize(("child", "parent"), SUBCLASSES, ids=str)
def test_ontology_subclass(child: URIRef, parent: URIRef) -> None:
    assert (child, RDFS.subClassOf, parent) in ontology.class_hierarchy()


@pytest.mark.parametrize(("child", "parent"), SUBPROPERTIES, ids=str)
def test_ontology_subproperty(child: URIRef, parent: URIRef) -> None:
    assert (child, RDFS.subPropertyOf, parent) in ontology.class_hierarchy()


def test_ontology_class_hierarchy_holds_only_subclass_and_subproperty() -> None:
    hierarchy = ontology.class_hierarchy()
    assert {p for _, p, _ in hierarchy} == {RDFS.subClassOf, RDFS.subPropertyOf}


def test_ontology_represents_ranges_over_actor(onto: Graph) -> None:
    assert onto.value(DG.represents, RDFS.range) == DG.Actor
    assert "State or Organization" in str(onto.value(DG.represents, RDFS.comment))


@pytest.mark.parametrize(
    ("prop", "datatype"),
    [(DG.beginOffset, XSD.integer), (DG.url, XSD.anyURI), (DG.date, XSD.date)],
)
def test_ontology_datatype_ranges(onto: Graph, prop: URIRef, datatype: URIRef) -> None:
    assert onto.value(prop, RDFS.range) == datatype


def test_ontology_loads_return_independent_graphs() -> None:
    first = ontology.load_ontology()
    first.add((DG.Actor, RDFS.label, Literal("changed")))
    assert (DG.Actor, RDFS.label, Literal("changed")) not in ontology.load_ontology()


# --- claim types ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def claim_types() -> Graph:
    return ontology.load_claim_types()


def test_ontology_claim_types_are_the_model_claim_types(claim_types: Graph) -> None:
    concepts = set(claim_types.subjects(RDF.type, DG.ClaimType))
    assert concepts == {CLAIM_TYPE[t] for t in CLAIM_TYPES}
    assert set(claim_types.subjects(RDF.type, SKOS.Concept)) == concepts
    scheme = URIRef(str(CLAIM_TYPE))
    assert (scheme, RDF.type, SKOS.ConceptScheme) in claim_types
    assert all((c, SKOS.inScheme, scheme) in claim_types for c in concepts)


@pytest.mark.parametrize(
    ("claim_type", "notation"),
    [
        ("accusation", "112"),
        ("denial", "016"),
        ("appeal", "020"),
        ("commitment", "030"),
        ("warning", "130"),
        ("criticism", "111"),
        ("proposal", "036"),
        ("support", "051"),
        ("statement", "010"),
    ],
)
def test_ontology_claim_type_cameo_notation(
    claim_types: Graph, claim_type: str, notation: str
) -> None:
    concept = CLAIM_TYPE[claim_type]
    assert [str(n) for n in claim_types.objects(concept, SKOS.notation)] == [notation]
    assert claim_types.value(concept, RDFS.seeAlso) == DG[claim_type.capitalize()]
    assert str(claim_types.value(concept, SKOS.prefLabel)) == claim_type


@pytest.mark.parametrize(
    ("claim_type", "cues"),
    [
        ("accusation", {"accuse", "allege", "blame", "charge"}),
        ("denial", {"deny", "reject allegations", "dismiss"}),
        ("appeal", {"urge", "call on", "appeal", "ask", "request"}),
        ("commitment", {"commit", "pledge", "vow", "remain committed"}),
        ("warning", {"warn", "caution"}),
        ("criticism", {"criticise", "criticize", "condemn", "denounce"}),
        ("proposal", {"suggest", "propose", "offer"}),
        ("support", {"praise", "welcome", "support", "back"}),
        ("statement", {"said", "stated", "stressed", "emphasised"}),
    ],
)
def test_ontology_claim_type_cue_words(claim_types: Graph, claim_type: str, cues: set[str]) -> None:
    found = {str(w) for w in claim_types.objects(CLAIM_TYPE[claim_type], DG.cueWord)}
    assert cues <= found


def test_ontology_cue_words_are_unambiguous(claim_types: Graph) -> None:
    owner: dict[str, URIRef] = {}
    for concept, word in claim_types.subject_objects(DG.cueWord):
        assert isinstance(concept, URIRef)
        assert owner.setdefault(str(word), concept) == concept, f"{word} cues two claim types"


# --- states -----------------------------------------------------------------------------


def _states(graph: Graph) -> dict[str, URIRef]:
    return {
        str(graph.value(s, DG.isoCode)): s
        for s in graph.subjects(RDF.type, DG.State)
        if isinstance(s, URIRef)
    }


def test_ontology_has_195_states_with_pycountry_codes(actors_graph: Graph) -> None:
    states = _states(actors_graph)
    assert len(states) == len(set(actors_graph.subjects(RDF.type, DG.State))) == 195
    for code, iri in states.items():
        assert pycountry.countries.get(alpha_3=code) is not None, code
        assert str(iri) == state_iri(code)


def test_ontology_un_membership(members: dict[str, frozenset[str]]) -> None:
    un = org_iri("UN")
    in_un = {iri for iri, orgs in members.items() if un in orgs}
    assert len(in_un) == 193
    assert state_iri("PSE") not in in_un
    assert state_iri("VAT") not in in_un
    assert all(iri.startswith(f"{DGR}state/") for iri in in_un)


@pytest.mark.parametrize(
    ("code", "label", "aliases"),
    [
        ("PAK", "Pakistan", {"Islamabad", "Pakistani", "Islamic Republic of Pakistan"}),
        ("IND", "India", {"New Delhi", "Indian", "Republic of India"}),
        ("RUS", "Russia", {"the Kremlin", "Moscow", "Russian", "Russian Federation"}),
        ("IRN", "Iran", {"Tehran", "Iranian", "Islamic Republic of Iran"}),
        ("KOR", "South Korea", {"Seoul", "South Korean"}),
        ("PRK", "North Korea", {"Pyongyang", "DPRK"}),
        ("CHN", "China", {"Beijing", "Chinese", "People's Republic of China"}),
        ("USA", "United States", {"Washington", "the White House", "American", "US"}),
        ("GBR", "United Kingdom", {"London", "British", "Downing Street", "UK", "Britain"}),
        ("TUR", "Turkey", {"Türkiye", "Ankara", "Turkish"}),
        ("CZE", "Czechia", {"Czech Republic", "Prague"}),
        ("SYR", "Syria", {"Damascus", "Syrian"}),
        ("VNM", "Vietnam", {"Hanoi", "Vietnamese"}),
        ("VAT", "Holy See", {"Vatican", "the Vatican"}),
        ("PSE", "Palestine", {"State of Palestine", "Palestinian"}),
    ],
)
def test_ontology_state_labels(
    actors: dict[str, Actor], code: str, label: str, aliases: set[str]
) -> None:
    actor = actors[state_iri(code)]
    assert (actor.label, actor.type, actor.code) == (label, "State", code)
    assert aliases <= set(actor.aliases)


def test_ontology_every_state_has_a_demonym_or_capital(actors_graph: Graph) -> None:
    for code, iri in _states(actors_graph).items():
        alts = set(actors_graph.objects(iri, SKOS.altLabel))
        assert alts, f"{code} has no altLabel"


def test_ontology_no_alias_names_two_actors(actors: dict[str, Actor]) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for actor in actors.values():
        for name in {actor.label, *actor.aliases}:
            if owner.setdefault(name, actor.iri) != actor.iri:
                clashes.append((name, owner[name], actor.iri))
    assert clashes == []


# --- organisations and membership -------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "count"),
    [
        ("EU", 27),
        ("NATO", 32),
        ("GCC", 6),
        ("ASEAN", 11),  # Timor-Leste joined in October 2025
        ("SAARC", 8),
        ("OIC", 57),  # 56 UN members and Palestine; Syria counted though once suspended
        ("SCO", 10),  # Belarus joined in July 2024
        ("G7", 7),
        ("G20", 21),  # 19 states, the EU and the African Union
        ("AU", 54),  # the African UN members; the Sahrawi Republic is not a reference actor
        ("LAS", 22),
        ("BRICS", 10),
        ("UNSC", 5),  # permanent members only; elected members change every year
    ],
)
def test_ontology_member_counts(
    members: dict[str, frozenset[str]], acronym: str, count: int
) -> None:
    org = org_iri(acronym)
    assert sum(org in orgs for orgs in members.values()) == count


@pytest.mark.parametrize(
    ("code", "org", "member"),
    [
        ("PAK", "SAARC", True),
        ("PAK", "OIC", True),
        ("PAK", "SCO", True),
        ("IND", "SAARC", True),
        ("IND", "OIC", False),
        ("FIN", "NATO", True),
        ("SWE", "NATO", True),
        ("GBR", "EU", False),
        ("TLS", "ASEAN", True),
        ("IRN", "BRICS", True),
    ],
)
def test_ontology_membership_of_state(
    members: dict[str, frozenset[str]], code: str, org: str, member: bool
) -> None:
    assert (org_iri(org) in members[state_iri(code)]) is member


@pytest.mark.parametrize(
    ("acronym", "label", "kind"),
    [
        ("UN", "United Nations", "InternationalOrganization"),
        ("UNSC", "UN Security Council", "InternationalOrganization"),
        ("UNGA", "UN General Assembly", "InternationalOrganization"),
        ("OIC", "Organisation of Islamic Cooperation", "InternationalOrganization"),
        ("SAARC", "South Asian Association for Regional Cooperation", "InternationalOrganization"),
        ("EU", "European Union", "InternationalOrganization"),
        ("HRW", "Human Rights Watch", "NonGovernmentalOrganization"),
        ("ICRC", "International Committee of the Red Cross", "NonGovernmentalOrganization"),
    ],
)
def test_ontology_organisation_labels(
    actors: dict[str, Actor], acronym: str, label: str, kind: str
) -> None:
    actor = actors[org_iri(acronym)]
    assert (actor.label, actor.type, actor.code) == (label, kind, acronym)
    assert acronym in actor.aliases


@pytest.mark.parametrize(
    ("acronym", "alias"),
    [
        ("UN", "the UN"),
        ("UN", "the world body"),
        ("UNSC", "the Security Council"),
        ("OIC", "Organization of Islamic Cooperation"),
        ("LAS", "League of Arab States"),
    ],
)
def test_ontology_organisation_aliases(actors: dict[str, Actor], acronym: str, alias: str) -> None:
    assert alias in actors[org_iri(acronym)].aliases


def test_ontology_has_enough_organisations(actors: dict[str, Actor]) -> None:
    kinds = {"InternationalOrganization", "NonGovernmentalOrganization"}
    orgs = [a for a in actors.values() if a.type in kinds]
    assert len(orgs) >= 35
    for required in ["UN", "UNSC", "UNGA", "UNHRC", "UNSG", "SAARC", "OIC", "EU", "ASEAN", "SCO",
                     "AU", "LAS", "GCC", "NATO", "G7", "G20", "BRICS", "IAEA", "UNHCR", "HRW",
                     "ICRC"]:  # fmt: skip
        assert org_iri(required) in actors, required
    assert org_iri("Amnesty International") in actors
    assert org_iri("Commonwealth") in actors


@pytest.mark.parametrize("organ", ["UNSC", "UNGA", "UNHRC", "UNSG"])
def test_ontology_un_organs_are_part_of_un(actors_graph: Graph, organ: str) -> None:
    assert actors_graph.value(URIRef(org_iri(organ)), DG.subOrganizationOf) == URIRef(org_iri("UN"))


# --- regions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "alias"),
    [
        ("Kashmir", None),
        ("Jammu and Kashmir", "J&K"),
        ("Line of Control", "LoC"),
        ("South Asia", None),
        ("Middle East", None),
        ("Gaza", "Gaza Strip"),
        ("West Bank", None),
        ("Crimea", None),
        ("Donbas", "Donbass"),
        ("South China Sea", None),
        ("Taiwan Strait", None),
        ("Korean Peninsula", None),
        ("Golan Heights", None),
        ("Western Sahara", None),
    ],
)
def test_ontology_region(actors: dict[str, Actor], label: str, alias: str | None) -> None:
    region = actors[region_iri(label)]
    assert (region.label, region.type) == (label, "Region")
    if alias:
        assert alias in region.aliases


def test_ontology_has_enough_regions(actors: dict[str, Actor]) -> None:
    assert sum(a.type == "Region" for a in actors.values()) >= 30


# --- the generator ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_build_actors", ROOT / "tools/build_reference_actors.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ontology_generated_files_are_current(generator: ModuleType) -> None:
    built = generator.build()
    assert set(built) == set(ontology.ACTOR_FILES)
    for name, text in built.items():
        assert (ontology_dir() / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python tools/build_reference_actors.py"
        )


def test_ontology_generator_is_deterministic(generator: ModuleType) -> None:
    assert generator.build() == generator.build()


# --- user actor files -------------------------------------------------------------------


def test_ontology_user_file_extends_reference_actors() -> None:
    extra = [DATA / "user-actors.ttl"]
    actors = {a.iri: a for a in ontology.reference_actors(extra)}
    assert len(actors) == len(ontology.reference_actors()) + 2
    envoy = actors["https://w3id.org/diplograph/id/person/asim-iftikhar"]
    assert envoy.type == "Envoy"
    assert envoy.represents == state_iri("PAK")
    assert envoy.role == "Permanent Representative to the United Nations"
    assert actors[org_iri("CICA")].code == "CICA"
    assert "Land of the Pure" in actors[state_iri("PAK")].aliases
    assert "Land of the Pure" not in {
        a for a in next(x for x in ontology.reference_actors() if x.code == "PAK").aliases
    }
    assert org_iri("UN") in ontology.memberships(extra)[org_iri("CICA")]
    assert len(ontology.load_reference_actors(extra)) > len(ontology.load_reference_actors())


BAD_USER_FILES = [
    ("broken-actors.ttl", RDFParseError, r"broken-actors\.ttl:7: "),
    ("unlabelled-actor.ttl", InputError, r"unlabelled-actor\.ttl: .*NONAME.* no skos:prefLabel"),
    ("no-such-file.ttl", InputError, r"no-such-file\.ttl"),
]


@pytest.mark.parametrize(("name", "error", "where"), BAD_USER_FILES)
def test_ontology_reference_actors_bad_user_file_names_the_file(
    name: str, error: type[Exception], where: str
) -> None:
    with pytest.raises(error, match=where):
        ontology.reference_actors([DATA / name])


@pytest.mark.parametrize(("name", "error", "where"), [BAD_USER_FILES[0], BAD_USER_FILES[2]])
def test_ontology_load_reference_actors_bad_user_file_names_the_file(
    name: str, error: type[Exception], where: str
) -> None:
    with pytest.raises(error, match=where):
        ontology.load_reference_actors([DATA / name])


def test_ontology_user_label_overrides_bundled(tmp_path: Path) -> None:
    path = tmp_path / "relabel.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'<{state_iri("TUR")}> skos:prefLabel "Türkiye"@en ; skos:altLabel "Turkey"@en .\n',
        encoding="utf-8",
    )
    actor = {a.iri: a for a in ontology.reference_actors([path])}[state_iri("TUR")]
    assert (actor.label, actor.type, actor.code) == ("Türkiye", "State", "TUR")
    assert "Turkey" in actor.aliases


_label_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=25, deadline=None)
@given(label=_label_text, alias=_label_text)
def test_ontology_user_labels_round_trip(label: str, alias: str) -> None:
    iri = org_iri("Hypothesis Test Org " + label)
    graph = Graph()
    graph.add((URIRef(iri), RDF.type, DG.NonGovernmentalOrganization))
    graph.add((URIRef(iri), SKOS.prefLabel, Literal(label, lang="en")))
    graph.add((URIRef(iri), SKOS.altLabel, Literal(alias, lang="en")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "actors.ttl"
        graph.serialize(path, format="turtle")
        actor = {a.iri: a for a in ontology.reference_actors([path])}[iri]
    assert actor.label == label
    assert actor.aliases == (() if alias == label else (alias,))
    assert actor.type == "NonGovernmentalOrganization"
