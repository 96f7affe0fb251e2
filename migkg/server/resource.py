"""What the pages show about one resource: its IRI's local address, description, provenance, links.

No Flask here: every function takes the GraphStore (and the base IRI or language) it needs.
Queries read the union of all graphs, which repeats a triple once per graph that holds it,
so results are made distinct in the query or in Python.
"""

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from migkg.errors import UsageProblem
from migkg.triples import iris
from migkg.triples.namespaces import (
    COUNTRY_BASE,
    DCTERMS,
    MKG,
    ONTOLOGY_IRI,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    VOCAB_BASE,
    XSD,
)
from migkg.triples.store import GraphStore

#: file extension → (media type, pyoxigraph format) of the RDF the server sends
RDF_FORMATS = {
    "ttl": ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
}
MEDIA_TYPE_EXTENSION = {media: ext for ext, (media, _) in RDF_FORMATS.items()}
#: properties whose values name a resource in words, best first
LABEL_PROPERTIES = (SKOS.prefLabel, DCTERMS.title, RDFS.label, MKG.acronym)
#: properties whose values describe a resource in a sentence or two, best first
DESCRIPTION_PROPERTIES = (MKG.summary, MKG.objective, RDFS.comment, SKOS.definition, DCTERMS.description, MKG.body)
#: properties the page shows in its own sections rather than in the table of facts
HIDDEN_PROPERTIES = frozenset({MKG.evidence.value})
#: properties that link a resource to the dated things the timeline lists
TIMELINE_LINKS = (MKG.hasActivity, MKG.hasMeeting)
TIMELINE_INVERSE_LINKS = (MKG.partOfAction, MKG.meetingOf)
DATE_PROPERTIES = (MKG.date, MKG.startDate, DCTERMS.issued)
_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2,3}$")


# --- IRIs and local addresses --------------------------------------------------------------


def normalise_base(base: str | None) -> str:
    """The configured base of minted IRIs (None means MIGKG_BASE_IRI or the default), ending in '/'."""
    if not base:
        return iris.base_iri()
    return base if base.endswith("/") else base + "/"


def iri_for_id_path(path: str, base: str) -> str:
    """The IRI a request for /id/{path} names: `{base}id/{path}`."""
    return f"{base}id/{path}"


def iri_for_vocab_path(path: str) -> str:
    """The IRI a request for /vocab/{path} names (concepts are always under w3id.org)."""
    return VOCAB_BASE + path


def country_for_code(code: str) -> NamedNode | None:
    """The EU IRI of a country given by its alpha-2 or alpha-3 code, or None if it is not a code."""
    if not _COUNTRY_CODE.match(code):
        return None
    try:
        return iris.country_iri(code)
    except UsageProblem:
        return None


def local_page(iri: str, base: str) -> str | None:
    """The local address of the HTML page about `iri`, or None when the server has no page for it."""
    if iri.startswith(base + "id/"):
        return "/page/" + iri[len(base) + 3 :]
    if iri.startswith(VOCAB_BASE) and len(iri) > len(VOCAB_BASE):
        return "/page/vocab/" + iri[len(VOCAB_BASE) :]
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    if iri.startswith(ONTOLOGY_IRI + "#"):
        return "/ontology#" + iri[len(ONTOLOGY_IRI) + 1 :]
    if iri.startswith(COUNTRY_BASE):
        code = iris.country_code(iri)
        return f"/country/{code}" if code else None
    return None


def local_data(iri: str, base: str, extension: str) -> str | None:
    """The local address of the RDF description of `iri` in the format of `extension`."""
    page = local_page(iri, base)
    if page is None or "#" in page:
        return None
    if page.startswith("/page/"):
        return "/data/" + page[len("/page/") :] + "." + extension
    return f"{page}.{extension}"


def local_id(iri: str, base: str) -> str | None:
    """The local address that answers for the IRI itself (/id/..., /vocab/...), or None."""
    if iri.startswith(base + "id/"):
        return "/" + iri[len(base) :]
    if iri.startswith(VOCAB_BASE) and len(iri) > len(VOCAB_BASE):
        return "/vocab/" + iri[len(VOCAB_BASE) :]
    return None


# --- reading the store ---------------------------------------------------------------------


def bind(query: str, **terms) -> str:
    """The query with each `$name` replaced by the term's SPARQL form.

    pyoxigraph's substitutions only bind projected variables; these terms come from the store or
    from NamedNode/Literal constructors, whose text form is always a valid SPARQL term.
    """
    for name, term in terms.items():
        if not isinstance(term, (NamedNode, Literal)):
            raise TypeError(f"${name} must be a NamedNode or Literal, not {type(term).__name__}")
        query = re.sub(rf"\${name}\b", lambda _: str(term), query)
    return query


def store_version(store: GraphStore) -> str:
    """A key that changes when the store's content does (cache key for dumps and the search index).

    A store on disk is keyed by the names and sizes of its write-ahead logs: every write appends
    to the current log, and a flush starts a new one, while background compactions leave them
    alone; this costs no scan. A memory store is keyed by its number of quads.
    """
    version = getattr(store, "version", None)
    if version is not None:
        return str(version() if callable(version) else version)
    if store.path is not None and os.path.isdir(store.path):
        logs = sorted(
            f"{entry.name}:{entry.stat().st_size}"
            for entry in os.scandir(store.path)
            if entry.is_file() and entry.name.endswith(".log") and not entry.name.startswith("LOG")
        )
        return "|".join(logs) or "empty"
    return str(len(store))


def exists(store: GraphStore, iri: NamedNode) -> bool:
    """Whether any triple has `iri` as subject or object."""
    return bool(store.query(bind("ASK { { $r ?p ?o } UNION { ?s ?p $r } }", r=iri)))


def description_triples(store: GraphStore, iri: NamedNode) -> list[Triple]:
    """The RDF about `iri`: its own triples and those of the evidence for its facts, distinct."""
    query = """
        SELECT DISTINCT ?s ?p ?o WHERE {
          { $r ?p ?o BIND ($r AS ?s) }
          UNION { ?s mkg:evidenceFor $r ; ?p ?o }
          UNION { ?ev mkg:evidenceFor $r ; oa:hasSelector ?s . ?s ?p ?o }
        }"""
    return [Triple(row["s"], row["p"], row["o"]) for row in store.query(bind(query, r=iri))]


def graph_triples(store: GraphStore, graph: NamedNode) -> list[Triple]:
    """Every triple of one named graph."""
    return [Triple(q.subject, q.predicate, q.object) for q in store.quads(graph=graph)]


def serialize(triples: Iterable[Triple], extension: str) -> bytes:
    """Triples in the format of `extension` (a key of RDF_FORMATS), with the project's prefixes."""
    _, rdf_format = RDF_FORMATS[extension]
    prefixes = PREFIXES if rdf_format in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.RDF_XML) else None
    return pyoxigraph.serialize(list(triples), format=rdf_format, prefixes=prefixes)


def _rank(literal: Literal, lang: str) -> int:
    tag = (literal.language or "").lower()
    if tag == lang:
        return 0
    if tag == "en":
        return 1
    if not tag:
        return 2
    return 3


def best_literal(literals: Iterable[Literal], lang: str) -> Literal | None:
    """The literal in `lang`, else English, else untagged, else any (ties broken by text)."""
    ranked = sorted((lit for lit in literals if isinstance(lit, Literal)), key=lambda lit: (_rank(lit, lang), lit.value))
    return ranked[0] if ranked else None


#: names of common terms of other vocabularies, for stores whose ontology does not label them
KNOWN_NAMES = {
    RDFS.label.value: {"en": "label", "fr": "libellé"},
    RDFS.comment.value: {"en": "comment", "fr": "commentaire"},
    SKOS.prefLabel.value: {"en": "preferred label", "fr": "libellé préféré"},
    SKOS.altLabel.value: {"en": "other label", "fr": "autre libellé"},
    SKOS.inScheme.value: {"en": "in scheme", "fr": "dans le schéma"},
    SKOS.notation.value: {"en": "notation", "fr": "notation"},
    SKOS.definition.value: {"en": "definition", "fr": "définition"},
    DCTERMS.title.value: {"en": "title", "fr": "titre"},
    DCTERMS.source.value: {"en": "source", "fr": "source"},
    DCTERMS.language.value: {"en": "language", "fr": "langue"},
    DCTERMS.issued.value: {"en": "issued", "fr": "date de publication"},
    "http://www.w3.org/ns/prov#generatedAtTime": {"en": "generated at", "fr": "généré le"},
}


def readable_name(iri: str) -> str:
    """A name made from an IRI's last segment when it has no label ('startDate' → 'start date')."""
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("-", " ").replace("_", " ")
    words = [w if w.isupper() and len(w) > 1 else w.lower() for w in spaced.split()]
    return " ".join(words) or local


def labels(store: GraphStore, nodes: Iterable, lang: str) -> dict[str, Literal]:
    """The best label of each IRI in `nodes` (keys are IRI strings; nodes without a label are absent).

    The first of LABEL_PROPERTIES the IRI has wins; among its values, the page's language.
    Direct pattern lookups: far cheaper than a SPARQL join over VALUES for a page's worth of IRIs.
    """
    best = {}
    for iri in {n.value for n in nodes if isinstance(n, NamedNode)}:
        node = NamedNode(iri)
        for prop in LABEL_PROPERTIES:
            chosen = best_literal((q.object for q in store.quads(node, prop)), lang)
            if chosen is not None:
                best[iri] = chosen
                break
    return best


# --- the description a page shows ----------------------------------------------------------


@dataclass
class Value:
    """One RDF term as a page shows it: text, language, where it links to."""

    text: str
    lang: str | None = None
    href: str | None = None
    iri: str | None = None
    datatype: str | None = None
    external: bool = False


@dataclass
class Evidence:
    """The sentence of a source document that states a fact."""

    quote: str
    source: Value
    start: int | None = None
    end: int | None = None
    value: str | None = None


@dataclass
class PropertyRow:
    """One property of the resource with its values and the evidence for them."""

    predicate: Value
    values: list[Value] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Description:
    """Everything the resource page shows about one resource."""

    iri: str
    label: Value
    types: list[Value]
    summary: Value | None
    rows: list[PropertyRow]
    incoming: list[tuple[Value, Value]]
    type_evidence: list[Evidence]
    stated: list[Value]
    type_iris: set[str]


def is_web_address(text: str) -> bool:
    """Whether a link to `text` is safe to offer: only http(s) addresses (never javascript:, data:...)."""
    return text.lower().startswith(("http://", "https://"))


class Presenter:
    """Turns RDF terms into Values for one request: language, base IRI and a label cache."""

    def __init__(self, store: GraphStore, base: str, lang: str):
        self.store = store
        self.base = base
        self.lang = lang
        self._labels: dict[str, Literal] = {}

    def prefetch(self, nodes: Iterable) -> None:
        """Look up the labels of many IRIs in one query."""
        missing = [n for n in nodes if isinstance(n, NamedNode) and n.value not in self._labels]
        if missing:
            self._labels.update(labels(self.store, missing, self.lang))

    def label_of(self, iri: str) -> Value:
        """The label of an IRI as a Value with no link."""
        if iri not in self._labels:
            self.prefetch([NamedNode(iri)])
        literal = self._labels.get(iri)
        if literal is None:
            known = KNOWN_NAMES.get(iri, {})
            if self.lang in known:
                return Value(known[self.lang], lang=self.lang, iri=iri)
            return Value(readable_name(iri), lang="en", iri=iri)
        return Value(literal.value, lang=literal.language, iri=iri)

    def value(self, term) -> Value:
        """A term as text with its language and a link to its local page (or its own IRI)."""
        if isinstance(term, Literal):
            datatype = term.datatype.value if term.datatype else None
            link = term.value if datatype == XSD.anyURI.value and is_web_address(term.value) else None
            return Value(term.value, lang=term.language, datatype=datatype, href=link, external=link is not None)
        if isinstance(term, BlankNode):
            return Value(f"_:{term.value}")
        iri = term.value
        shown = self.label_of(iri)
        page = local_page(iri, self.base)
        if page is None and not is_web_address(iri):
            return Value(shown.text, lang=shown.lang, iri=iri, external=True)
        return Value(shown.text, lang=shown.lang, href=page or iri, iri=iri, external=page is None)


def _evidence(store: GraphStore, iri: NamedNode, presenter: Presenter) -> dict[str, list[Evidence]]:
    """The evidence for the facts about `iri`, by the property each supports."""
    query = """
        SELECT DISTINCT ?ev ?property ?value ?source ?quote ?start ?end WHERE {
          { ?ev mkg:evidenceFor $r } UNION { $r mkg:evidence ?ev }
          ?ev mkg:evidenceProperty ?property ; oa:hasSource ?source ; oa:hasSelector ?sel .
          ?sel oa:exact ?quote .
          OPTIONAL { ?ev rdf:value ?value }
          OPTIONAL { ?sel oa:start ?start }
          OPTIONAL { ?sel oa:end ?end }
        } ORDER BY ?property ?source ?start"""
    rows = list(store.query(bind(query, r=iri)))
    presenter.prefetch(row["source"] for row in rows)
    found: dict[str, list[Evidence]] = {}
    seen = set()
    for row in rows:
        key = row["ev"].value
        if key in seen:
            continue
        seen.add(key)
        start, end = row["start"], row["end"]
        found.setdefault(row["property"].value, []).append(
            Evidence(
                quote=row["quote"].value,
                source=presenter.value(row["source"]),
                start=int(start.value) if isinstance(start, Literal) and start.value.lstrip("-").isdigit() else None,
                end=int(end.value) if isinstance(end, Literal) and end.value.lstrip("-").isdigit() else None,
                value=row["value"].value if row["value"] is not None else None,
            )
        )
    return found


def describe(store: GraphStore, iri: NamedNode, presenter: Presenter, *, incoming_limit: int = 200) -> Description:
    """The page's view of one resource: label, types, facts with provenance, incoming links."""
    outgoing = list(store.query(bind("SELECT DISTINCT ?p ?o WHERE { $r ?p ?o }", r=iri)))
    incoming = list(
        store.query(
            bind(
                "SELECT DISTINCT ?s ?p WHERE { ?s ?p $r FILTER (?p NOT IN (mkg:evidenceFor, mkg:evidence, oa:hasSource)) } "
                f"ORDER BY ?p ?s LIMIT {int(incoming_limit)}",
                r=iri,
            )
        )
    )
    stated = [
        row["r"]
        for row in store.query(
            bind(
                "SELECT DISTINCT ?r WHERE { ?ev oa:hasSource $d ; mkg:evidenceFor ?r } "
                f"ORDER BY ?r LIMIT {int(incoming_limit)}",
                d=iri,
            )
        )
    ]
    presenter.prefetch([iri, *stated])
    presenter.prefetch([row["p"] for row in outgoing] + [row["o"] for row in outgoing])
    presenter.prefetch([row["p"] for row in incoming] + [row["s"] for row in incoming])
    evidence = _evidence(store, iri, presenter)

    by_property: dict[str, list] = {}
    for row in outgoing:
        by_property.setdefault(row["p"].value, []).append(row["o"])
    types = sorted((presenter.value(t) for t in most_specific_types(store, iri)), key=lambda v: v.text.lower())
    rows = []
    for predicate, objects in by_property.items():
        if predicate in HIDDEN_PROPERTIES or predicate == RDF.type.value:
            continue
        values = sorted((presenter.value(o) for o in objects), key=lambda v: (v.lang != presenter.lang, v.text.lower()))
        rows.append(PropertyRow(predicate=presenter.value(NamedNode(predicate)), values=values, evidence=evidence.get(predicate, [])))
    rows.sort(key=lambda r: r.predicate.text.lower())

    summary = None
    for prop in DESCRIPTION_PROPERTIES:
        chosen = best_literal(by_property.get(prop.value, []), presenter.lang)
        if chosen is not None:
            summary = Value(chosen.value, lang=chosen.language)
            break
    label = presenter.label_of(iri.value)
    return Description(
        iri=iri.value,
        label=label,
        types=types,
        summary=summary,
        rows=rows,
        incoming=[(presenter.value(row["s"]), presenter.value(row["p"])) for row in incoming],
        type_evidence=evidence.get(RDF.type.value, []),
        stated=sorted((presenter.value(r) for r in stated), key=lambda v: v.text.lower()),
        type_iris={t.value for t in by_property.get(RDF.type.value, []) if isinstance(t, NamedNode)},
    )


def most_specific_types(store: GraphStore, iri: NamedNode) -> list[NamedNode]:
    """The resource's classes that are no superclass of another of its classes (per the loaded ontology)."""
    query = """
        SELECT DISTINCT ?t WHERE {
          $r a ?t FILTER (isIRI(?t))
          FILTER NOT EXISTS { $r a ?sub . ?sub rdfs:subClassOf+ ?t FILTER (?sub != ?t) }
        }"""
    return [row["t"] for row in store.query(bind(query, r=iri))]


def linked_resources(description: Description, limit: int = 16) -> list[tuple[Value, Value]]:
    """The (property, resource) pairs the resource links to, for the link map; at most `limit`."""
    pairs = []
    for row in description.rows:
        for value in row.values:
            if value.iri and not value.external:
                pairs.append((row.predicate, value))
    return pairs[:limit]


# --- timelines -----------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One dated thing on a timeline."""

    date: str
    end: str | None
    item: Value
    kind: Value | None


def _timeline_rows(store: GraphStore, query: str, presenter: Presenter) -> list[TimelineEntry]:
    rows = list(store.query(query))
    presenter.prefetch([row["item"] for row in rows] + [row["type"] for row in rows if row["type"] is not None])
    entries: dict[str, TimelineEntry] = {}
    for row in rows:
        key = row["item"].value
        date = row["date"].value
        end = row["end"].value if row["end"] is not None else None
        kind = presenter.value(row["type"]) if row["type"] is not None else None
        current = entries.get(key)
        if current is None or date < current.date:
            entries[key] = TimelineEntry(date=date, end=end, item=presenter.value(row["item"]), kind=kind)
    return sorted(entries.values(), key=lambda e: (e.date, e.item.text.lower()))


_MOST_SPECIFIC_TYPE = """
    OPTIONAL {
      ?item a ?type . FILTER (STRSTARTS(STR(?type), STR(mkg:)))
      FILTER NOT EXISTS { ?item a ?sub . ?sub rdfs:subClassOf ?type FILTER (?sub != ?type) }
    }"""


def timeline(store: GraphStore, iri: NamedNode, presenter: Presenter) -> list[TimelineEntry]:
    """The dated activities and meetings of an Action or a dialogue, oldest first."""
    query = (
        """
        SELECT DISTINCT ?item ?date ?end ?type WHERE {
          { $r mkg:hasActivity|mkg:hasMeeting ?item } UNION { ?item mkg:partOfAction|mkg:meetingOf $r }
          ?item mkg:date|mkg:startDate ?date .
          OPTIONAL { ?item mkg:endDate ?end }"""
        + _MOST_SPECIFIC_TYPE
        + "}"
    )
    return _timeline_rows(store, bind(query, r=iri), presenter)


def country_timeline(store: GraphStore, country: NamedNode, presenter: Presenter) -> list[TimelineEntry]:
    """Actions for a country (directly or through a region), their activities, and events held there."""
    query = (
        """
        SELECT DISTINCT ?item ?date ?end ?type WHERE {
          {
            { ?item mkg:beneficiary $c } UNION { ?item mkg:beneficiary/mkg:includesCountry $c }
            ?item a mkg:Action ; mkg:startDate ?date .
            OPTIONAL { ?item mkg:endDate ?end }
          } UNION {
            { ?action mkg:beneficiary $c } UNION { ?action mkg:beneficiary/mkg:includesCountry $c }
            ?action a mkg:Action .
            { ?action mkg:hasActivity ?item } UNION { ?item mkg:partOfAction ?action }
            ?item mkg:date|mkg:startDate ?date .
            OPTIONAL { ?item mkg:endDate ?end }
          } UNION {
            ?item mkg:place/mkg:country $c ; mkg:date|mkg:startDate ?date .
            OPTIONAL { ?item mkg:endDate ?end }
          }"""
        + _MOST_SPECIFIC_TYPE
        + "}"
    )
    return _timeline_rows(store, bind(query, c=country), presenter)


def country_actions(store: GraphStore, country: NamedNode, presenter: Presenter) -> list[Value]:
    """The Actions whose beneficiary is the country or a region that includes it."""
    rows = store.query(
        bind(
            """SELECT DISTINCT ?action WHERE {
                 { ?action mkg:beneficiary $c } UNION { ?action mkg:beneficiary/mkg:includesCountry $c }
                 ?action a mkg:Action }""",
            c=country,
        )
    )
    actions = [row["action"] for row in rows]
    presenter.prefetch(actions)
    return sorted((presenter.value(a) for a in actions), key=lambda v: v.text.lower())


def country_for_iri(iri: str) -> str | None:
    """The alpha-2 code of a country IRI, if `iri` is one."""
    return iris.country_code(iri)


# --- schema.org ----------------------------------------------------------------------------

#: our classes (local names) → schema.org types, most specific first
SCHEMA_TYPES = (
    ("Ministry", "GovernmentOrganization"),
    ("GovernmentAgency", "GovernmentOrganization"),
    ("Organisation", "Organization"),
    ("MigrationDialogue", "Organization"),
    ("Partnership", "Organization"),
    ("Programme", "Project"),
    ("Action", "Project"),
    ("Project", "Project"),
    ("Activity", "Event"),
    ("Event", "Event"),
    ("Country", "Country"),
    ("Place", "Place"),
    ("Region", "Place"),
    ("Person", "Person"),
    ("NewsItem", "NewsArticle"),
    ("OutputDocument", "CreativeWork"),
    ("SourceDocument", "CreativeWork"),
)
#: our properties → schema.org properties (literal values)
SCHEMA_LITERALS = {
    MKG.startDate.value: "startDate",
    MKG.endDate.value: "endDate",
    DCTERMS.issued.value: "datePublished",
    MKG.acronym.value: "alternateName",
    MKG.link.value: "url",
    MKG.body.value: "articleBody",
}
#: our properties → schema.org properties (resource values)
SCHEMA_LINKS = {
    MKG.funder.value: "funder",
    MKG.place.value: "location",
    MKG.theme.value: "about",
    MKG.mentions.value: "mentions",
    MKG.partOfProgramme.value: "isPartOf",
    MKG.partOfAction.value: "superEvent",
    MKG.hasActivity.value: "subjectOf",
    MKG.implementer.value: "contributor",
}


def schema_org(description: Description, presenter: "Presenter") -> dict:
    """A schema.org JSON-LD object for the page (to be written with Flask's `tojson`, which escapes '<')."""
    schema_type = "Thing"
    local_types = {t.rsplit("#", 1)[-1] for t in description.type_iris if t.startswith(MKG.Action.value.rsplit("#", 1)[0])}
    if any(t.endswith("skos/core#Concept") for t in description.type_iris):
        schema_type = "DefinedTerm"
    for ours, theirs in SCHEMA_TYPES:
        if ours in local_types:
            schema_type = theirs
            break
    data: dict = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": description.iri,
        "name": description.label.text,
    }
    if description.label.lang:
        data["inLanguage"] = description.label.lang
    if description.summary is not None:
        data["description"] = description.summary.text
    for row in description.rows:
        predicate = row.predicate.iri
        if predicate in SCHEMA_LITERALS:
            data[SCHEMA_LITERALS[predicate]] = row.values[0].text
        elif predicate in SCHEMA_LINKS:
            data[SCHEMA_LINKS[predicate]] = [{"@id": v.iri, "name": v.text} for v in row.values if v.iri]
    return data
