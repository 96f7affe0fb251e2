"""SHACL validation of the store with the shipped shapes (migkg/ontology/shapes.ttl), through pyshacl.

The data graph is the merge of every graph but the build manifest: the document graphs, the
entailments (so `sh:class org:Organization` holds for a ministry), the ontology, the
vocabularies and the country table. No inference runs in pyshacl: the build materialised it.
"""

from dataclasses import dataclass, field
from importlib.resources import files

from pyoxigraph import RdfFormat

from migkg.errors import OntologyError
from migkg.triples.store import MANIFEST_GRAPH

SH = "http://www.w3.org/ns/shacl#"


@dataclass
class Finding:
    """One SHACL validation result, with the graphs (documents) that state its focus node."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    message: str
    shape: str | None
    value: str | None = None
    graphs: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.severity}: {self.focus}"]
        if self.path:
            lines.append(f"  path:    {self.path}")
        if self.value:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  message: {self.message}")
        for graph in self.graphs:
            lines.append(f"  in:      {graph}")
        return "\n".join(lines)


@dataclass
class Report:
    """Every finding, violations first."""

    findings: list[Finding]

    @property
    def violations(self) -> list[Finding]:
        """The findings of severity sh:Violation (the ones that fail validation)."""
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        """No violation (warnings and infos allowed)."""
        return not self.violations


def shipped_shapes() -> str:
    """The text of migkg/ontology/shapes.ttl.

    :raises OntologyError: the package ships no shapes file.
    """
    resource = files("migkg.ontology") / "shapes.ttl"
    if not resource.is_file():
        raise OntologyError("migkg/ontology/shapes.ttl is missing from the package; reinstall migkg")
    return resource.read_text(encoding="utf-8")


def _data_graph(store):
    from rdflib import Graph

    triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {MANIFEST_GRAPH}) }}")
    graph = Graph()
    graph.parse(data=triples.serialize(format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


def _graphs_stating(store, focus: str) -> list[str]:
    if focus.startswith("_:"):
        return []
    rows = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{focus}> ?p ?o }} {store.graph_filter('g')} }} ORDER BY ?g",
    )
    return [row["g"].value for row in rows]


def _text(term) -> str | None:
    if term is None:
        return None
    return term.n3() if not isinstance(term, str) else term


def validate(store, *, shapes: str | None = None) -> Report:
    """Validate the store's data against `shapes` (Turtle text; default: the shipped shapes).

    :raises OntologyError: the shapes do not parse.
    """
    import pyshacl
    from rdflib import Graph, Namespace

    sh = Namespace(SH)
    shapes_graph = Graph()
    try:
        shapes_graph.parse(data=shapes if shapes is not None else shipped_shapes(), format="turtle")
    except SyntaxError as error:
        raise OntologyError(f"the SHACL shapes do not parse: {error}") from error
    _, results, _ = pyshacl.validate(_data_graph(store), shacl_graph=shapes_graph, inference="none",
                                     advanced=True, allow_warnings=True)
    findings = []
    for result in results.subjects(sh.resultSeverity, None):
        severity = results.value(result, sh.resultSeverity)
        focus = results.value(result, sh.focusNode)
        message = results.value(result, sh.resultMessage)
        findings.append(
            Finding(
                severity=str(severity).removeprefix(SH),
                focus=str(focus) if focus is not None else "?",
                path=_text(results.value(result, sh.resultPath)),
                message=str(message) if message is not None else str(results.value(result, sh.sourceConstraintComponent)),
                shape=_text(results.value(result, sh.sourceShape)),
                value=_text(results.value(result, sh.value)),
                graphs=_graphs_stating(store, str(focus)) if focus is not None else [],
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    findings.sort(key=lambda f: (order.get(f.severity, 3), f.focus, f.path or ""))
    return Report(findings)
