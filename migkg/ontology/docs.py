"""Static HTML documentation of the ontology and its vocabularies: one page in English, one in French.

Every class, property, concept scheme and concept gets an anchor (its local name for ontology
terms, `{scheme}-{slug}` for concepts), its label and definition in the page's language, and its
place in the hierarchy. Rendered with Jinja2 from migkg/ontology/templates/ontology.html.
"""

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from migkg.errors import UsageProblem
from migkg.ontology.export import module_graph
from migkg.ontology.normalize import short_name
from migkg.ontology.structure import ANNOTATION, CLASS, DATA, OBJECT, declarations
from migkg.triples.namespaces import ONTOLOGY_IRI, VOCAB_BASE

DCTERMS = "http://purl.org/dc/terms/"
LANGUAGES = ("en", "fr")
#: page file for each language, relative to the output directory
PAGES = {"en": Path("index.html"), "fr": Path("fr") / "index.html"}

TEXT = {
    "en": {
        "classes": "Classes", "object": "Object properties", "data": "Datatype properties",
        "annotation": "Annotation properties", "schemes": "Concept schemes", "external": "Reused external terms",
        "iri": "IRI", "version": "Version", "license": "License", "prefix": "Preferred prefix",
        "subclass_of": "Subclass of", "subclasses": "Subclasses",
        "domain": "Domain", "range": "Range", "inverse": "Inverse of", "subproperty_of": "Subproperty of",
        "disjoint": "Disjoint with", "alt": "Also called", "broader": "Broader", "narrower": "Narrower",
        "matches": "Matches", "contents": "Contents", "other_language": "Version française", "union": "one of",
        "none": "—",
    },
    "fr": {
        "classes": "Classes", "object": "Propriétés d'objet", "data": "Propriétés de données",
        "annotation": "Propriétés d'annotation", "schemes": "Schémas de concepts", "external": "Termes externes réutilisés",
        "iri": "IRI", "version": "Version", "license": "Licence", "prefix": "Préfixe préféré",
        "subclass_of": "Sous-classe de", "subclasses": "Sous-classes",
        "domain": "Domaine", "range": "Portée", "inverse": "Inverse de", "subproperty_of": "Sous-propriété de",
        "disjoint": "Disjointe de", "alt": "Autres libellés", "broader": "Générique", "narrower": "Spécifiques",
        "matches": "Correspondances", "contents": "Sommaire", "other_language": "English version", "union": "l'un de",
        "none": "—",
    },
}


@dataclass
class Link:
    """A reference to a term: its text and where it points (an anchor on the page, or its IRI)."""

    text: str
    href: str


@dataclass
class Term:
    """One documented term, in one language."""

    iri: str
    anchor: str
    label: str
    definition: str
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Scheme:
    """A concept scheme and its concepts, broader concepts first."""

    term: Term
    concepts: list[Term]


def anchor(iri: str) -> str:
    """The HTML id of a term: its local name for ontology terms, `{scheme}-{slug}` for concepts."""
    if iri.startswith(ONTOLOGY_IRI + "#"):
        return iri[len(ONTOLOGY_IRI) + 1:]
    if iri.startswith(VOCAB_BASE):
        return "vocab-" + iri[len(VOCAB_BASE):].replace("/", "-")
    return "ext-" + "".join(c if c.isalnum() else "-" for c in short_name(iri))


def _text(graph: Graph, node, predicate, language: str) -> str:
    values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
    for wanted in (language, "en", None):
        for value in sorted(values, key=str):
            if value.language == wanted or wanted is None:
                return str(value)
    return ""


class _Page:
    def __init__(self, graph: Graph, language: str):
        self.graph = graph
        self.language = language
        self.text = TEXT[language]
        self.declared = declarations(graph)
        self.documented: set[str] = set()

    def label(self, node) -> str:
        return (
            _text(self.graph, node, RDFS.label, self.language)
            or _text(self.graph, node, SKOS.prefLabel, self.language)
            or short_name(node)
        )

    def link(self, node) -> Link:
        if isinstance(node, BNode):
            members = self.graph.value(node, OWL.unionOf)
            if members is not None:
                names = " | ".join(self.label(m) for m in Collection(self.graph, members))
                return Link(f"{self.text['union']} ({names})", "")
            return Link(self.text["none"], "")
        return Link(self.label(node), f"#{anchor(str(node))}" if self.is_documented(node) else str(node))

    def is_documented(self, node) -> bool:
        return isinstance(node, URIRef) and (str(node).startswith((ONTOLOGY_IRI, VOCAB_BASE)) or node in self.declared)

    def links(self, nodes) -> list[Link]:
        return sorted((self.link(n) for n in nodes), key=lambda link: link.text.casefold())

    def term(self, iri: URIRef, facts: list[tuple[str, list]]) -> Term:
        alt = sorted(str(o) for o in self.graph.objects(iri, SKOS.altLabel) if o.language == self.language)
        matches = [o for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch) for o in self.graph.objects(iri, p)]
        facts = facts + [(self.text["matches"], [Link(short_name(m), str(m)) for m in sorted(matches, key=str)])]
        self.documented.add(str(iri))
        return Term(
            iri=str(iri), anchor=anchor(str(iri)), label=self.label(iri),
            definition=_text(self.graph, iri, SKOS.definition, self.language)
            or _text(self.graph, iri, RDFS.comment, self.language),
            facts=[(name, links) for name, links in facts if links], alt_labels=alt,
        )

    def ours(self, kind: str) -> list[URIRef]:
        return sorted(
            (t for t, kinds in self.declared.items() if kind in kinds and str(t).startswith(ONTOLOGY_IRI + "#")),
            key=lambda t: self.label(t).casefold(),
        )

    def external(self) -> list[URIRef]:
        return sorted((t for t in self.declared if not str(t).startswith(ONTOLOGY_IRI)), key=str)

    def disjoint(self, cls) -> list:
        found = set(self.graph.objects(cls, OWL.disjointWith)) | set(self.graph.subjects(OWL.disjointWith, cls))
        for group in self.graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(self.graph, self.graph.value(group, OWL.members)))
            if cls in members:
                found |= set(members) - {cls}
        return sorted(found, key=str)

    def class_term(self, cls) -> Term:
        g, t = self.graph, self.text
        return self.term(cls, [
            (t["subclass_of"], self.links(g.objects(cls, RDFS.subClassOf))),
            (t["subclasses"], self.links(s for s in g.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef))),
            (t["disjoint"], self.links(self.disjoint(cls))),
        ])

    def property_term(self, prop) -> Term:
        g, t = self.graph, self.text
        inverse = set(g.objects(prop, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, prop))
        return self.term(prop, [
            (t["subproperty_of"], self.links(g.objects(prop, RDFS.subPropertyOf))),
            (t["domain"], self.links(g.objects(prop, RDFS.domain))),
            (t["range"], self.links(g.objects(prop, RDFS.range))),
            (t["inverse"], self.links(inverse)),
        ])

    def schemes(self) -> list[Scheme]:
        g, t = self.graph, self.text
        found = []
        for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
            members = sorted(g.subjects(SKOS.inScheme, scheme), key=lambda c: self.label(c).casefold())
            ordered = [c for c in members if (c, SKOS.broader, None) not in g]
            ordered += [c for c in members if c not in ordered]
            concepts = [
                self.term(c, [
                    (t["broader"], self.links(g.objects(c, SKOS.broader))),
                    (t["narrower"], self.links(g.subjects(SKOS.broader, c))),
                ])
                for c in ordered
            ]
            found.append(Scheme(term=self.term(scheme, []), concepts=concepts))
        return found

    def context(self) -> dict:
        g = self.graph
        header = URIRef(ONTOLOGY_IRI)
        return {
            "language": self.language,
            "text": self.text,
            "title": _text(g, header, URIRef(DCTERMS + "title"), self.language),
            "description": _text(g, header, URIRef(DCTERMS + "description"), self.language),
            "comment": _text(g, header, RDFS.comment, self.language),
            "iri": ONTOLOGY_IRI,
            "version": str(g.value(header, OWL.versionInfo) or ""),
            "version_iri": str(g.value(header, OWL.versionIRI) or ""),
            "license": str(g.value(header, URIRef(DCTERMS + "license")) or ""),
            "prefix": "mkg",
            "sections": [
                ("classes", [self.class_term(c) for c in self.ours(CLASS)]),
                ("object", [self.property_term(p) for p in self.ours(OBJECT)]),
                ("data", [self.property_term(p) for p in self.ours(DATA)]),
                ("annotation", [self.property_term(p) for p in self.ours(ANNOTATION)]),
            ],
            "schemes": self.schemes(),
            "external": [self.term(e, []) for e in self.external()],
            "other_language": "../index.html" if self.language == "fr" else "fr/index.html",
        }


def render(language: str, graph: Graph | None = None) -> str:
    """The HTML page in `language` ('en' or 'fr') for `graph` (default: ontology, vocabularies, alignments)."""
    if language not in LANGUAGES:
        raise UsageProblem(f"unknown language {language!r}; expected one of {LANGUAGES}")
    graph = graph if graph is not None else module_graph("all")
    environment = Environment(
        loader=PackageLoader("migkg.ontology", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("ontology.html").render(**_Page(graph, language).context())


def write_docs(out: Path) -> list[Path]:
    """Write index.html (English) and fr/index.html (French) under `out`; returns the files written.

    :raises UsageProblem: `out` cannot be written.
    """
    graph = module_graph("all")
    written = []
    for language, page in PAGES.items():
        target = Path(out) / page
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(language, graph), encoding="utf-8")
        except OSError as error:
            raise UsageProblem(f"{target}: cannot write ({error.strerror})") from error
        written.append(target)
    return written
