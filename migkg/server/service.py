"""Blueprint service: the SPARQL Service Description (GET /sparql without a query) and VoID at /.well-known/void.

Both are built from the live store and cached until the next write. Two extension properties in
`https://w3id.org/migkg/service#` announce the endpoint's limits: `msrv:maxRows` (the row cap)
and `msrv:timeoutSeconds` (the query time limit).
"""

import threading

import pyoxigraph
from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from migkg.server import get_store, negotiation
from migkg.server.engine import get_engine
from migkg.server.worker import RDF_FORMATS
from migkg.triples import iris
from migkg.triples.namespaces import DCTERMS, PREFIXES, RDF, SD, VOID, XSD, Namespace

bp = Blueprint("service", __name__)

#: the endpoint's own extension terms (documented in docs/server.md)
MSRV = Namespace("https://w3id.org/migkg/service#", "msrv")
FORMATS = Namespace("http://www.w3.org/ns/formats/", "formats")

#: W3C format IRIs for each of our format names
FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "ttl": FORMATS.Turtle,
    "nt": FORMATS["N-Triples"],
    "rdfxml": FORMATS.RDF_XML,
    "jsonld": FORMATS["JSON-LD"],
    "trig": FORMATS.TriG,
    "nq": FORMATS["N-Quads"],
}

SERIALISE_PREFIXES = {**PREFIXES, "sd": SD.iri, "void": VOID.iri, "msrv": MSRV.iri, "formats": FORMATS.iri}

_STATS_LOCK = threading.Lock()


def _integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD.integer)


def _count(store, sparql: str) -> int:
    for row in store.query(sparql):
        return int(row[0].value)
    return 0


def dataset_statistics(store) -> dict:
    """Counts for VoID and the Service Description, computed once per store generation."""
    engine = get_engine()
    cache = current_app.extensions.setdefault("migkg.stats", {})
    key = engine.generation
    with _STATS_LOCK:
        if key in cache:
            return cache[key]
        uri_space = base_iri() + "id/"
        stats = {"quads": len(store)}
        counts = {
            row[0].value: int(row[1].value)
            for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        }
        stats["graphs"] = sorted(
            ((graph, counts.get(graph.value, 0)) for graph in store.named_graphs()), key=lambda item: item[0].value
        )
        stats["distinct_subjects"] = _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
        stats["distinct_objects"] = _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
        stats["entities"] = _count(
            store,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), %s)) }"
            % _string(uri_space),
        )
        stats["classes"] = [
            (row[0], int(row[1].value))
            for row in store.query(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c"
            )
        ]
        stats["properties"] = [
            (row[0], int(row[1].value))
            for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
        ]
        stats["examples"] = [
            row[0]
            for row in store.query(
                "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), %s)) } ORDER BY ?s LIMIT 3"
                % _string(uri_space)
            )
        ]
        cache.clear()
        cache[key] = stats
        return stats


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def base_iri() -> str:
    """The base of minted IRIs: the MIGKG_BASE_IRI config key, else the project default."""
    configured = current_app.config.get("MIGKG_BASE_IRI")
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    return iris.base_iri()


def endpoint_iri() -> NamedNode:
    """The absolute URL of /sparql as this request sees the server."""
    return NamedNode(url_for("sparql.endpoint", _external=True))


def void_dataset_iri() -> NamedNode:
    """The IRI of the VoID description of the whole dataset."""
    return NamedNode(url_for("service.void", _external=True) + "#dataset")


def service_description() -> list[Triple]:
    """The Service Description of /sparql, with the default dataset's graphs and the endpoint's limits."""
    store = get_store()
    stats = dataset_statistics(store)
    service = endpoint_iri()
    triples = [
        Triple(service, RDF.type, SD.Service),
        Triple(service, SD.endpoint, service),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(service, SD.feature, SD.UnionDefaultGraph),
        Triple(service, MSRV.maxRows, _integer(current_app.config["MIGKG_MAX_ROWS"])),
        Triple(service, MSRV.timeoutSeconds, Literal(str(float(current_app.config["MIGKG_TIMEOUT"])), datatype=XSD.decimal)),
    ]
    if current_app.config.get("MIGKG_UPDATE_TOKEN"):
        triples.append(Triple(service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in ("json", "xml", "csv", "tsv", "ttl", "nt", "rdfxml", "jsonld", "trig", "nq"):
        triples.append(Triple(service, SD.resultFormat, FORMAT_IRIS[name]))
    for name in RDF_FORMATS:
        triples.append(Triple(service, SD.inputFormat, FORMAT_IRIS[name]))
    dataset = void_dataset_iri()
    default_graph = BlankNode()
    triples += [
        Triple(service, SD.defaultDataset, dataset),
        Triple(dataset, RDF.type, SD.Dataset),
        Triple(dataset, SD.defaultGraph, default_graph),
        Triple(default_graph, RDF.type, SD.Graph),
        Triple(default_graph, VOID.triples, _integer(stats["quads"])),
    ]
    for graph, count in stats["graphs"]:
        named, description = BlankNode(), BlankNode()
        triples += [
            Triple(dataset, SD.namedGraph, named),
            Triple(named, RDF.type, SD.NamedGraph),
            Triple(named, SD.name, graph),
            Triple(named, SD.graph, description),
            Triple(description, RDF.type, SD.Graph),
            Triple(description, VOID.triples, _integer(count)),
        ]
    return triples


def _vocabularies(stats: dict) -> list[str]:
    used = [term.value for term, _ in stats["classes"] + stats["properties"]]
    return sorted({ns for ns in SERIALISE_PREFIXES.values() if any(iri.startswith(ns) for iri in used)})


def void_description() -> list[Triple]:
    """The VoID description of the dataset: counts, partitions, vocabularies, access points."""
    stats = dataset_statistics(get_store())
    dataset = void_dataset_iri()
    triples = [
        Triple(dataset, RDF.type, VOID.Dataset),
        Triple(dataset, DCTERMS.title, Literal("Knowledge graph of migration-governance cooperation", language="en")),
        Triple(dataset, VOID.triples, _integer(stats["quads"])),
        Triple(dataset, VOID.entities, _integer(stats["entities"])),
        Triple(dataset, VOID.classes, _integer(len(stats["classes"]))),
        Triple(dataset, VOID.properties, _integer(len(stats["properties"]))),
        Triple(dataset, VOID.distinctSubjects, _integer(stats["distinct_subjects"])),
        Triple(dataset, VOID.distinctObjects, _integer(stats["distinct_objects"])),
        Triple(dataset, VOID.uriSpace, Literal(base_iri() + "id/")),
        Triple(dataset, VOID.sparqlEndpoint, endpoint_iri()),
        Triple(dataset, VOID.dataDump, NamedNode(request.host_url + "dumps/migkg.nq.gz")),
        Triple(dataset, VOID.feature, FORMATS["N-Quads"]),
    ]
    for vocabulary in _vocabularies(stats):
        triples.append(Triple(dataset, VOID.vocabulary, NamedNode(vocabulary)))
    for example in stats["examples"]:
        triples.append(Triple(dataset, VOID.exampleResource, example))
    for cls, count in stats["classes"]:
        partition = BlankNode()
        triples += [
            Triple(dataset, VOID.classPartition, partition),
            Triple(partition, VOID["class"], cls),
            Triple(partition, VOID.entities, _integer(count)),
        ]
    for prop, count in stats["properties"]:
        partition = BlankNode()
        triples += [
            Triple(dataset, VOID.propertyPartition, partition),
            Triple(partition, VOID.property, prop),
            Triple(partition, VOID.triples, _integer(count)),
        ]
    return triples


def rdf_response(triples: list[Triple]) -> Response:
    """Triples in the format the client negotiates (Turtle by default)."""
    fmt = negotiation.choose("GRAPH", accept=request.headers.get("Accept"), format_param=request.args.get("format"))
    body = pyoxigraph.serialize(triples, format=RDF_FORMATS[fmt.name], prefixes=SERIALISE_PREFIXES)
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def service_description_response() -> Response:
    """The Service Description, negotiated."""
    return rdf_response(service_description())


@bp.route("/.well-known/void")
def void():
    """VoID description of the dataset."""
    return rdf_response(void_description())
