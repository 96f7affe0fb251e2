"""The OWL ontology, SKOS vocabularies, alignments and SHACL shapes, read through importlib.resources.

>>> ONTOLOGY_FILES
('migkg.ttl', 'vocabularies.ttl', 'alignments.ttl', 'shapes.ttl')
>>> GRAPHS["vocabularies.ttl"]
'https://w3id.org/migkg/vocab/'
>>> find_concept("theme", "THB").pref_labels["en"]
'trafficking in human beings'
"""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from migkg.triples.iris import SCHEMES, scheme_iri
from migkg.triples.namespaces import ONTOLOGY_IRI, VOCAB_BASE

#: the modules shipped in this package, in load order
ONTOLOGY_FILES = ("migkg.ttl", "vocabularies.ttl", "alignments.ttl", "shapes.ttl")
#: the same modules by short name (the names the CLI accepts)
MODULES = {
    "ontology": "migkg.ttl",
    "vocabularies": "vocabularies.ttl",
    "alignments": "alignments.ttl",
    "shapes": "shapes.ttl",
}
ALIGNMENTS_IRI = ONTOLOGY_IRI + "/alignments"
SHAPES_IRI = ONTOLOGY_IRI + "/shapes"
#: the named graph each data module is loaded into; the shapes are not loaded as data
GRAPHS = {
    "migkg.ttl": ONTOLOGY_IRI,
    "vocabularies.ttl": VOCAB_BASE,
    "alignments.ttl": ALIGNMENTS_IRI,
}
#: the owl:Ontology IRI each module declares (owl:imports between modules resolve through it)
MODULE_IRIS = {
    "migkg.ttl": ONTOLOGY_IRI,
    "vocabularies.ttl": VOCAB_BASE,
    "alignments.ttl": ALIGNMENTS_IRI,
    "shapes.ttl": SHAPES_IRI,
}
#: the RDF/XML rendering of migkg.ttl for Protégé and owlready2 users
OWL_FILE = "migkg.owl"


def _file_name(name: str) -> str:
    if name in MODULES:
        return MODULES[name]
    if name in ONTOLOGY_FILES or name == OWL_FILE:
        return name
    raise ValueError(f"unknown ontology module {name!r}; expected one of {sorted(MODULES)} or {ONTOLOGY_FILES}")


def path(name: str) -> Path:
    """The file of a shipped module, by file name ('migkg.ttl') or short name ('ontology').

    The package is installed as plain files (flit wheels and editable installs are), so this is a real path.
    """
    return Path(str(files(__package__) / _file_name(name)))


def read_text(name: str) -> str:
    """The text of a shipped module, by file name or short name."""
    return (files(__package__) / _file_name(name)).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of a shipped scheme: its IRI, labels by language and broader concepts' IRIs."""

    iri: str
    scheme: str
    pref_labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]]
    broader: tuple[str, ...]
    notation: str | None = None

    def label(self, language: str = "en") -> str:
        """The preferred label in `language`, else the English one."""
        return self.pref_labels.get(language) or self.pref_labels["en"]

    def all_labels(self) -> tuple[str, ...]:
        """Preferred and alternative labels in every language."""
        alternatives = (text for texts in self.alt_labels.values() for text in texts)
        return (*self.pref_labels.values(), *alternatives)


@cache
def _all_concepts() -> dict[str, tuple[Concept, ...]]:
    """Every concept of vocabularies.ttl by scheme name; parsed once per process."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(data=read_text("vocabularies.ttl"), format="turtle")
    by_scheme: dict[str, tuple[Concept, ...]] = {}
    for scheme in sorted(SCHEMES):
        found = []
        for iri in sorted(graph.subjects(SKOS.inScheme, URIRef(scheme_iri(scheme).value))):
            pref = {lit.language: str(lit) for lit in graph.objects(iri, SKOS.prefLabel)}
            alt: dict[str, list[str]] = {}
            for lit in graph.objects(iri, SKOS.altLabel):
                alt.setdefault(lit.language or "", []).append(str(lit))
            notation = graph.value(iri, SKOS.notation)
            found.append(
                Concept(
                    iri=str(iri),
                    scheme=scheme,
                    pref_labels=pref,
                    alt_labels={lang: tuple(sorted(texts)) for lang, texts in sorted(alt.items())},
                    broader=tuple(sorted(str(b) for b in graph.objects(iri, SKOS.broader))),
                    notation=str(notation) if notation is not None else None,
                )
            )
        by_scheme[scheme] = tuple(found)
    return by_scheme


def concepts(scheme: str) -> list[Concept]:
    """The concepts of a shipped scheme ('theme', 'activity-kind'...), sorted by IRI.

    :raises ValueError: `scheme` is not one of migkg.triples.iris.SCHEMES.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown concept scheme {scheme!r}; expected one of {sorted(SCHEMES)}")
    return list(_all_concepts()[scheme])


@cache
def _label_index(scheme: str) -> dict[str, Concept]:
    index: dict[str, Concept] = {}
    for concept in concepts(scheme):
        for text in concept.all_labels():
            index.setdefault(_fold(text), concept)
    return index


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def find_concept(scheme: str, text: str) -> Concept | None:
    """The concept of `scheme` one of whose labels (preferred or alternative, any language) is `text`.

    Case, spacing and typographic apostrophes are ignored; None when no label matches.
    """
    return _label_index(scheme).get(_fold(text))
