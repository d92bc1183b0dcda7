"""Documentation generated from the project's own files, so it cannot drift from them.

``diplograph docs`` writes, into ``docs/``:

- ``data-model.md``: the ontology's classes (label, comment, superclasses,
  subclasses), its properties (domain, range, characteristics), the claim-type
  scheme, and the SHACL shapes with their constraints and messages, all read from
  ``ontology/*.ttl`` and ``shapes/*.shapes.ttl``;
- ``class-diagram.png``: the class hierarchy and the object properties between
  classes, drawn with matplotlib (no graphviz needed);
- ``sparql-cookbook.md``: every bundled query (``examples/queries/*.rq``) with its
  header (what it answers, parameters, columns), how to run it from the shell and
  from Python, and its text.

Each page records a digest of the files it was made from (and of this generator);
the PNG carries the same digest in its metadata. ``diplograph docs --check`` (and
``tests/test_docs.py``) regenerates the pages in memory and fails when a committed
page differs or the picture's digest is not the current one.

>>> digest = inputs_digest()
>>> len(digest), digest == inputs_digest()
(16, True)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from diplograph.errors import ExportError
from diplograph.namespaces import DG, PREFIXES
from diplograph.resources import ontology_dir, queries_dir, shapes_dir

__all__ = [
    "DOC_FILES",
    "build_docs",
    "class_diagram_digest",
    "cookbook_page",
    "data_model_page",
    "draw_class_diagram",
    "inputs_digest",
    "stale_docs",
]

DOC_FILES: Final[tuple[str, ...]] = ("data-model.md", "class-diagram.png", "sparql-cookbook.md")
"""The files ``diplograph docs`` writes."""

_DIGEST_KEY: Final = "diplograph-inputs"
_DG: Final = str(DG)
_ONTOLOGY_FILES: Final = ("diplograph.ttl", "claim-types.ttl")
_EXAMPLE_ACTOR: Final = "Pakistan"
_EXAMPLE_VALUES: Final = {
    "actor": "Pakistan",
    "date": "2025-01-01",
    "claim-type": "accusation",
    "int": "10",
    "string": "text",
    "iri": "dgr:state/PAK",
}
# the second actor of a two-actor query, so examples read naturally
_SECOND_ACTOR: Final = "India"


def _inputs(kind: str) -> list[Path]:
    if kind == "model":
        files = [ontology_dir() / name for name in _ONTOLOGY_FILES]
        files += sorted(shapes_dir().glob("*.shapes.ttl"))
        files += sorted((ontology_dir() / "checks").glob("*-violation.rq"))
        return files
    return sorted(queries_dir().glob("*.rq"))


def inputs_digest(kind: str = "model") -> str:
    """16 hex digits of SHA-256 over the files a page is made from and this generator.

    ``kind`` is ``"model"`` (ontology, claim types, shapes, lint checks) or
    ``"queries"`` (the bundled ``.rq`` files).
    """
    h = hashlib.sha256()
    for path in [*_inputs(kind), Path(__file__)]:
        h.update(path.name.encode())
        h.update(b"\0")
        # line endings normalised, so a checkout with CRLF gives the same digest
        h.update(path.read_bytes().replace(b"\r\n", b"\n"))
        h.update(b"\0")
    return h.hexdigest()[:16]


# -- rendering helpers ---------------------------------------------------------------


_PREFIXES: Final = {**PREFIXES, "sh": str(SH)}


def _curie(node: Node) -> str:
    text = str(node)
    best = ""
    for prefix, ns in _PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(_PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{text[len(_PREFIXES[best]) :]}" if best else f"<{text}>"


def _text(graph: Graph, node: Node, predicate: URIRef) -> str:
    values = sorted(
        (o for o in graph.objects(node, predicate) if isinstance(o, Literal)),
        key=lambda o: (o.language not in (None, "en"), str(o)),
    )
    return " ".join(str(values[0]).split()) if values else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _anchor(node: Node) -> str:
    return _curie(node).replace(":", "-").lower()


def _link(node: Node, local: set[Node]) -> str:
    return f"[`{_curie(node)}`](#{_anchor(node)})" if node in local else f"`{_curie(node)}`"


def _load(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _is_dg(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_DG)


def _classes(ontology: Graph) -> list[URIRef]:
    return sorted(
        (URIRef(str(c)) for c in ontology.subjects(RDF.type, OWL.Class) if _is_dg(c)),
        key=str,
    )


def _parents(ontology: Graph, cls: Node) -> list[URIRef]:
    return sorted(
        (p for p in ontology.objects(cls, RDFS.subClassOf) if isinstance(p, URIRef)),
        key=lambda p: (not _is_dg(p), str(p)),
    )


def _tree_order(ontology: Graph, classes: Sequence[URIRef]) -> list[tuple[int, URIRef]]:
    """(depth, class) in depth-first order; a class sits under its first dg: parent."""
    local = set(classes)
    primary = {c: next((p for p in _parents(ontology, c) if p in local), None) for c in classes}
    children: dict[URIRef | None, list[URIRef]] = {}
    for cls in classes:
        children.setdefault(primary[cls], []).append(cls)
    out: list[tuple[int, URIRef]] = []

    def walk(node: URIRef | None, depth: int) -> None:
        for child in sorted(children.get(node, []), key=_curie):
            out.append((depth, child))
            walk(child, depth + 1)

    walk(None, 0)
    return out


# -- data-model page -----------------------------------------------------------------


def _class_section(ontology: Graph, cls: URIRef, local: set[Node], shapes: Graph) -> list[str]:
    label = _text(ontology, cls, RDFS.label)
    lines = [f"### {_curie(cls)}", "", f'<a id="{_anchor(cls)}"></a>', ""]
    lines.append(f"**{label}**. {_text(ontology, cls, RDFS.comment)}".rstrip())
    lines.append("")
    parents = _parents(ontology, cls)
    if parents:
        lines.append("- subclass of: " + ", ".join(_link(p, local) for p in parents))
    subs = sorted((s for s in ontology.subjects(RDFS.subClassOf, cls) if s in local), key=_curie)
    if subs:
        lines.append("- subclasses: " + ", ".join(_link(s, local) for s in subs))
    for predicate, name in ((OWL.equivalentClass, "equivalent to"), (SKOS.exactMatch, "matches")):
        same = sorted(ontology.objects(cls, predicate), key=str)
        if same:
            lines.append(f"- {name}: " + ", ".join(f"`{_curie(s)}`" for s in same))
    shape_names = sorted(shapes.subjects(SH.targetClass, cls), key=str)
    if shape_names:
        lines.append(
            "- shapes: " + ", ".join(f"[`{_curie(s)}`](#{_anchor(s)})" for s in shape_names)
        )
    lines.append("")
    return lines


_CHARACTERISTICS: Final = (
    (OWL.FunctionalProperty, "functional"),
    (OWL.InverseFunctionalProperty, "inverse functional"),
    (OWL.SymmetricProperty, "symmetric"),
    (OWL.TransitiveProperty, "transitive"),
)


def _property_rows(ontology: Graph, kind: URIRef, local: set[Node]) -> list[str]:
    rows = [
        "| property | label | domain | range | characteristics | comment |",
        "|---|---|---|---|---|---|",
    ]
    props = sorted((p for p in ontology.subjects(RDF.type, kind) if _is_dg(p)), key=_curie)
    for prop in props:
        traits = [name for cls, name in _CHARACTERISTICS if (prop, RDF.type, cls) in ontology]
        traits += [f"inverse of `{_curie(o)}`" for o in ontology.objects(prop, OWL.inverseOf)]
        traits += [
            f"sub-property of `{_curie(o)}`"
            for o in sorted(ontology.objects(prop, RDFS.subPropertyOf), key=str)
        ]
        domain = ", ".join(
            _link(d, local) for d in sorted(ontology.objects(prop, RDFS.domain), key=str)
        )
        range_ = ", ".join(
            _link(r, local) for r in sorted(ontology.objects(prop, RDFS.range), key=str)
        )
        rows.append(
            f"| `{_curie(prop)}` | {_cell(_text(ontology, prop, RDFS.label))} | {domain} | "
            f"{range_} | {'; '.join(traits)} | {_cell(_text(ontology, prop, RDFS.comment))} |"
        )
    return rows


def _value(graph: Graph, node: Node) -> str:
    """A constraint value: a CURIE, a literal, a list, or a nested shape's constraints."""
    if isinstance(node, BNode) and (node, RDF.first, None) in graph:
        return "(" + " ".join(_value(graph, item) for item in Collection(graph, node)) + ")"
    if isinstance(node, BNode):
        return "[" + "; ".join(_constraints(graph, node)) + "]"
    if isinstance(node, Literal):
        return f'"{node}"' if node.datatype is None and not node.language else str(node)
    return _curie(node)


_SKIPPED: Final = frozenset(
    {SH.path, SH.message, SH.property, SH.targetClass, RDF.type, RDFS.label, RDFS.comment}
)


def _constraints(graph: Graph, shape: Node) -> list[str]:
    out = []
    for predicate, value in sorted(graph.predicate_objects(shape), key=lambda t: str(t[0])):
        if predicate in _SKIPPED or not str(predicate).startswith(str(SH)):
            continue
        out.append(f"{_curie(predicate)} {_value(graph, value)}")
    return out


def _shape_section(shapes: Graph, shape: Node, local: set[Node]) -> list[str]:
    targets = sorted(shapes.objects(shape, SH.targetClass), key=str)
    lines = [f"### {_curie(shape)}", "", f'<a id="{_anchor(shape)}"></a>', ""]
    if targets:
        lines.append("Targets " + ", ".join(_link(t, local) for t in targets) + ".")
        lines.append("")
    own = _constraints(shapes, shape)
    message = _text(shapes, shape, SH.message)
    if own:
        lines.append("Node constraints: " + "; ".join(f"`{c}`" for c in own) + ".")
        if message:
            lines.append(f"Message: *{message}*")
        lines.append("")
    properties = sorted(shapes.objects(shape, SH.property), key=str)
    if properties:
        lines += ["| property shape | path | constraints | message |", "|---|---|---|---|"]
        for prop in properties:
            path = shapes.value(prop, SH.path)
            constraints = "<br>".join(f"`{_cell(c)}`" for c in _constraints(shapes, prop))
            lines.append(
                f"| `{_curie(prop)}` | `{_curie(path) if path is not None else ''}` | "
                f"{constraints} | {_cell(_text(shapes, prop, SH.message))} |"
            )
        lines.append("")
    return lines


def _claim_type_rows(scheme: Graph) -> list[str]:
    rows = ["| concept | label | CAMEO | class | cue words |", "|---|---|---|---|---|"]
    concepts = sorted(scheme.subjects(RDF.type, DG.ClaimType), key=str)
    for concept in concepts:
        cues = sorted(str(c) for c in scheme.objects(concept, DG.cueWord))
        cls = scheme.value(concept, RDFS.seeAlso)
        rows.append(
            f"| `{_curie(concept)}` | {_text(scheme, concept, SKOS.prefLabel)} | "
            f"{_text(scheme, concept, SKOS.notation)} | "
            f"{f'[`{_curie(cls)}`](#{_anchor(cls)})' if cls is not None else ''} | "
            f"{_cell(', '.join(cues))} |"
        )
    return rows


def _checks() -> list[str]:
    rows = ["| check | what it finds |", "|---|---|"]
    for path in sorted((ontology_dir() / "checks").glob("*-violation.rq")):
        first = next(
            (
                line.lstrip("#").strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("#") and line.lstrip("#").strip()
            ),
            "",
        )
        rows.append(f"| `{path.name}` | {_cell(first)} |")
    return rows


def data_model_page(digest: str | None = None) -> str:
    """The Markdown of ``docs/data-model.md``, from the ontology and shapes files."""
    digest = digest or inputs_digest("model")
    ontology = _load(ontology_dir() / name for name in _ONTOLOGY_FILES[:1])
    scheme = _load([ontology_dir() / "claim-types.ttl"])
    shapes = _load(sorted(shapes_dir().glob("*.shapes.ttl")))
    classes = _classes(ontology)
    local: set[Node] = set(classes)
    node_shapes = sorted(shapes.subjects(RDF.type, SH.NodeShape), key=_curie)
    local |= set(node_shapes)
    header = next(iter(ontology.subjects(RDF.type, OWL.Ontology)), None)
    version = _text(ontology, header, OWL.versionInfo) if header is not None else ""
    lines = [
        "<!-- Generated by `diplograph docs` from ontology/diplograph.ttl, "
        "ontology/claim-types.ttl, ontology/checks/ and shapes/*.shapes.ttl. Do not edit: "
        "change those files and run `diplograph docs`. -->",
        f"<!-- {_DIGEST_KEY}: {digest} -->",
        "",
        "# The diplograph data model",
        "",
        f"Ontology version {version}: {_text(ontology, header, RDFS.comment) if header else ''}",
        "",
        "The modelling decisions, IRI policy and an example article graph are in "
        "[ontology/README.md](../ontology/README.md). This page lists every term and "
        "shape as the files define them.",
        "",
        "![Class diagram](class-diagram.png)",
        "",
        "*Class diagram: solid arrows point from a class to its superclass (external "
        "vocabularies in grey); dashed arcs join two classes an object property links, "
        "labelled with the properties (inverses included).*",
        "",
        "## Namespaces",
        "",
        "| prefix | namespace |",
        "|---|---|",
        *(f"| `{p}:` | `{ns}` |" for p, ns in PREFIXES.items()),
        "",
        "## Class hierarchy",
        "",
        *(f"{'  ' * depth}- {_link(cls, local)}" for depth, cls in _tree_order(ontology, classes)),
        "",
        "## Classes",
        "",
    ]
    for _, cls in _tree_order(ontology, classes):
        lines += _class_section(ontology, cls, local, shapes)
    lines += ["## Object properties", "", *_property_rows(ontology, OWL.ObjectProperty, local), ""]
    lines += [
        "## Datatype properties",
        "",
        *_property_rows(ontology, OWL.DatatypeProperty, local),
        "",
    ]
    lines += [
        "## Claim types",
        "",
        "The SKOS concept scheme in `ontology/claim-types.ttl`; each claim has one "
        "`dg:claimType` and is an instance of the matching class.",
        "",
        *_claim_type_rows(scheme),
        "",
    ]
    lines += [
        "## Shapes",
        "",
        "SHACL shapes from `shapes/*.shapes.ttl`. Every article graph is validated "
        "against them (with the class hierarchy mixed in, so a shape that targets "
        "`dg:Actor` also checks states, organisations and persons); the message is what "
        "the validation report and the quarantine show.",
        "",
    ]
    for shape in node_shapes:
        lines += _shape_section(shapes, shape, local)
    lines += [
        "## Ontology checks",
        "",
        "SPARQL lint queries in `ontology/checks/`; each must return no rows "
        "(`diplograph.ontology.lint()`).",
        "",
        *_checks(),
        "",
    ]
    return "\n".join(lines)


# -- class diagram -------------------------------------------------------------------


def class_diagram_digest(path: str | os.PathLike[str]) -> str | None:
    """The inputs digest recorded in a class-diagram PNG (None when absent)."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            value = image.info.get(_DIGEST_KEY)
    except OSError:
        return None
    return str(value) if value is not None else None


def _associations(ontology: Graph, local: set[Node]) -> dict[tuple[URIRef, URIRef], list[str]]:
    """Object properties between two different dg: classes, grouped by the pair."""
    pairs: dict[tuple[URIRef, URIRef], list[str]] = {}
    for prop in sorted(ontology.subjects(RDF.type, OWL.ObjectProperty), key=str):
        if not _is_dg(prop):
            continue
        for domain in ontology.objects(prop, RDFS.domain):
            for range_ in ontology.objects(prop, RDFS.range):
                if domain in local and range_ in local and domain != range_:
                    a, b = sorted((URIRef(str(domain)), URIRef(str(range_))), key=str)
                    pairs.setdefault((a, b), []).append(_curie(prop).removeprefix("dg:"))
    return pairs


def draw_class_diagram(path: str | os.PathLike[str], digest: str | None = None) -> Path:
    """Draw the class hierarchy and object properties to a PNG; return its path.

    Classes are laid out left to right by depth (superclasses on the left, external
    PROV-O / ORG / schema.org / SKOS superclasses in grey in the first column); solid
    arrows point to the superclass, dashed blue arcs join the classes an object
    property links (labelled with the properties, inverses included). The PNG's
    metadata records the inputs digest, which :func:`stale_docs` checks.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    digest = digest or inputs_digest("model")
    ontology = _load([ontology_dir() / _ONTOLOGY_FILES[0]])
    classes = _classes(ontology)
    local: set[Node] = set(classes)
    external = sorted(
        {p for c in classes for p in _parents(ontology, c) if p not in local}, key=_curie
    )
    order = _tree_order(ontology, classes)
    columns = 2 + max((d for d, _ in order), default=0)
    pos: dict[URIRef, tuple[float, float]] = {}
    for i, ext in enumerate(external):
        pos[ext] = (0.0, -1.5 - i * 1.6)
    for row, (depth, cls) in enumerate(order):
        pos[cls] = (1.0 + depth, -row * 1.0)
    rows = max(len(order), int(1.5 + len(external) * 1.6))
    fig, ax = plt.subplots(figsize=(3.0 * columns + 3.5, 0.3 * rows + 1.2))
    try:
        ax.set_xlim(-0.5, columns + 0.9)
        ax.set_ylim(-rows + 0.2, 2.5)
        ax.set_axis_off()
        boxes = {}
        for node, (x, y) in pos.items():
            is_local = node in local
            boxes[node] = ax.text(
                x,
                y,
                _curie(node),
                ha="center",
                va="center",
                fontsize=8,
                zorder=3,
                bbox={
                    "boxstyle": "round,pad=0.3",
                    "facecolor": "#e8f0fb" if is_local else "#f0f0f0",
                    "edgecolor": "#3a6fb0" if is_local else "0.6",
                    "lw": 0.8,
                },
            )
        for cls in classes:
            for parent in _parents(ontology, cls):
                ax.annotate(
                    "",
                    xy=(1.0, 0.5),
                    xycoords=boxes[parent],
                    xytext=(0.0, 0.5),
                    textcoords=boxes[cls],
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": "0.3" if parent in local else "0.72",
                        "lw": 0.8,
                        "shrinkA": 2,
                        "shrinkB": 2,
                    },
                    zorder=1,
                )
        fig.canvas.draw()  # box sizes are known only once drawn
        to_data = ax.transData.inverted()
        # right edge of each box, in display coordinates
        edge = {
            node: (
                box.get_window_extent().x1,
                ax.transData.transform(pos[node])[1],
            )
            for node, box in boxes.items()
        }
        for (a, b), names in _associations(ontology, local).items():
            (xa, ya), (xb, yb) = edge[a], edge[b]
            rad = -0.4 if ya > yb else 0.4  # bend to the right, away from the tree
            ax.annotate(
                "",
                xy=(1.0, 0.5),
                xycoords=boxes[b],
                xytext=(1.0, 0.5),
                textcoords=boxes[a],
                arrowprops={
                    "arrowstyle": "-",
                    "color": "tab:blue",
                    "lw": 0.7,
                    "ls": "--",
                    "alpha": 0.6,
                    "connectionstyle": f"arc3,rad={rad}",
                    "shrinkA": 2,
                    "shrinkB": 2,
                },
                zorder=2,
            )
            # midpoint of matplotlib's arc3 curve (a quadratic Bezier), in display space
            dx, dy = xb - xa, yb - ya
            mid = ((xa + xb) / 2 + rad / 2 * dy, (ya + yb) / 2 - rad / 2 * dx)
            mx, my = to_data.transform(mid)
            ax.text(
                mx,
                my,
                ", ".join(names),
                fontsize=6.5,
                color="tab:blue",
                ha="left",
                va="center",
                zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "lw": 0, "alpha": 0.8},
            )
        ax.set_title("diplograph ontology: classes and object properties", fontsize=11)
        fig.tight_layout()
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(
            target,
            format="png",
            dpi=110,
            metadata={"Software": None, _DIGEST_KEY: digest},
        )
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        plt.close(fig)
    return target


# -- SPARQL cookbook -----------------------------------------------------------------


def _example_args(info: Any) -> tuple[list[str], list[str]]:
    """CLI ``--param`` strings and Python keyword strings for a query's required params."""
    cli: list[str] = []
    py: list[str] = []
    actors = 0
    for param in info.params:
        if not param.required:
            continue
        value = _EXAMPLE_VALUES.get(param.kind, "value")
        if param.kind == "actor":
            value = _EXAMPLE_ACTOR if actors == 0 else _SECOND_ACTOR
            actors += 1
        cli.append(f"--param {param.name}={value}")
        py.append(f"{param.name}={value!r}")
    return cli, py


def _without_header(text: str) -> str:
    """The query text after its leading comment block (comments inside the query stay)."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (
        not lines[start].strip() or lines[start].lstrip().startswith("#")
    ):
        start += 1
    return "\n".join(lines[start:]).strip()


def cookbook_page(digest: str | None = None) -> str:
    """The Markdown of ``docs/sparql-cookbook.md``, from the bundled queries' headers."""
    from diplograph.query import list_queries

    digest = digest or inputs_digest("queries")
    queries = list_queries()
    lines = [
        "<!-- Generated by `diplograph docs` from examples/queries/*.rq. Do not edit: "
        "change the queries and run `diplograph docs`. -->",
        f"<!-- {_DIGEST_KEY}: {digest} -->",
        "",
        "# SPARQL cookbook",
        "",
        "The queries bundled with diplograph, by name. Run one on a store with "
        "`diplograph query NAME --param key=value` (add `--format csv|tsv|json`), or "
        'from Python with `kg.query("NAME", key=value)`; `diplograph query --list` '
        "lists them. Parameters are bound by the engine as RDF terms (an actor given by "
        "label, alias, ISO code, acronym or IRI), never pasted into the text. Write "
        "your own as a `.rq` file with the same header comments and pass its path "
        "instead of a name; inline queries may use the `dg:`, `dgr:`, `dgct:`, `skos:` "
        "prefixes without declaring them.",
        "",
        "The Python lines below assume a graph opened on a store:",
        "",
        "```python",
        "from diplograph import KnowledgeGraph",
        "",
        'kg = KnowledgeGraph("diplograph-store")   # the folder `diplograph ingest` filled',
        "```",
        "",
        "| query | answers |",
        "|---|---|",
        *(f"| [`{q.name}`](#{q.name}) | {_cell(q.summary)} |" for q in queries),
        "",
    ]
    for info in queries:
        cli, py = _example_args(info)
        body = _without_header(info.text)
        lines += [f"## {info.name}", "", f'<a id="{info.name}"></a>', ""]
        paragraphs = [" ".join(p.split()) for p in info.description.split("\n\n")]
        for i, paragraph in enumerate(p for p in paragraphs if p):
            lines += [f"**{paragraph}**" if i == 0 else paragraph, ""]
        if info.params:
            lines += ["| parameter | kind | default | meaning |", "|---|---|---|---|"]
            for p in info.params:
                default = f"`{p.default}`" if p.default is not None else "required"
                lines.append(f"| `{p.name}` | {p.kind} | {default} | {_cell(p.description)} |")
            lines.append("")
        if info.columns:
            lines += ["| column | meaning |", "|---|---|"]
            lines += [f"| `{name}` | {_cell(doc)} |" for name, doc in info.columns]
            lines.append("")
        lines += [
            "```console",
            " ".join(["$ diplograph query", info.name, *cli]),
            "```",
            "",
            "```python",
            f"kg.query({', '.join([repr(info.name), *py])}).rows",
            "```",
            "",
            "```sparql",
            body,
            "```",
            "",
        ]
    return "\n".join(lines)


# -- building and checking -----------------------------------------------------------


def build_docs(out_dir: str | os.PathLike[str] = "docs") -> list[Path]:
    """Write :data:`DOC_FILES` into ``out_dir`` and return their paths."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        model = out / "data-model.md"
        model.write_text(data_model_page(), encoding="utf-8")
        diagram = draw_class_diagram(out / "class-diagram.png")
        cookbook = out / "sparql-cookbook.md"
        cookbook.write_text(cookbook_page(), encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the documentation: {exc}") from exc
    return [model, diagram, cookbook]


def stale_docs(out_dir: str | os.PathLike[str] = "docs") -> list[str]:
    """The generated files in ``out_dir`` that are missing or out of date, with why."""
    out = Path(out_dir)
    found = []
    for name, page in (("data-model.md", data_model_page), ("sparql-cookbook.md", cookbook_page)):
        path = out / name
        if not path.is_file():
            found.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != page():
            found.append(f"{path}: differs from what the current files give")
    diagram = out / "class-diagram.png"
    recorded = class_diagram_digest(diagram) if diagram.is_file() else None
    if not diagram.is_file():
        found.append(f"{diagram}: missing")
    elif recorded != inputs_digest("model"):
        found.append(f"{diagram}: drawn from other inputs (digest {recorded})")
    return found
