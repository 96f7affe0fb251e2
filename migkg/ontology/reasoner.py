"""HermiT, through owlready2: consistency and unsatisfiable classes of an rdflib graph.

owlready2 cannot read Turtle, so the graph goes in as N-Triples, into a fresh owlready2 World
each time (nothing is shared between runs). HermiT runs as a `java` subprocess.
"""

import io
import shutil
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import OWL

from migkg.errors import OntologyError


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT found: whether the ontology is consistent, and the IRIs of unsatisfiable classes."""

    consistent: bool
    unsatisfiable: tuple[str, ...]


def java_available() -> bool:
    """True when a `java` executable is on PATH (HermiT needs one)."""
    return shutil.which("java") is not None


def to_owlready(graph: Graph, world=None):
    """Load `graph` into an owlready2 World (a new one unless given) through N-Triples; returns the World.

    owl:imports are dropped: callers resolve imports themselves, and owlready2 would fetch them.
    """
    import owlready2

    payload = Graph(bind_namespaces="none")
    for triple in graph:
        if triple[1] != OWL.imports:
            payload.add(triple)
    world = world or owlready2.World()
    data = payload.serialize(format="nt", encoding="utf-8")
    try:
        world.get_ontology("https://w3id.org/migkg/check#").load(fileobj=io.BytesIO(data), format="ntriples")
    except (owlready2.OwlReadyError, TypeError, ValueError) as error:
        raise OntologyError(f"owlready2 cannot load the ontology: {type(error).__name__}: {error}") from error
    return world


def run_hermit(graph: Graph) -> ReasonerResult:
    """Classify `graph` with HermiT.

    :raises OntologyError: java is missing, owlready2 cannot load the graph, or HermiT fails.
    """
    import owlready2

    if not java_available():
        raise OntologyError("HermiT needs a Java runtime: no `java` on PATH (install a JRE, or skip with --no-reasoner)")
    world = to_owlready(graph)
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonerResult(consistent=False, unsatisfiable=())
    except owlready2.OwlReadyJavaError as error:
        raise OntologyError(f"HermiT failed: {error}") from error
    unsatisfiable = sorted(
        entity.iri for entity in world.inconsistent_classes() if entity.iri != str(OWL.Nothing)
    )
    return ReasonerResult(consistent=True, unsatisfiable=tuple(unsatisfiable))
