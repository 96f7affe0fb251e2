"""The SPARQL 1.1 Protocol at /sparql, driven over HTTP against a running `migkg serve`."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
import requests
from test_server_harness import GRAPH_A, GRAPH_B, TOKEN, start_server

SELECT_LABELS = (
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)
CONSTRUCT_LABELS = (
    "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
    "WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(
        tmp_path_factory, "--update-token", TOKEN, "--max-rows", "5000", "--workers", "2",
        "--cors", "https://app.example.org, https://other.example.org", bulk=12000,
    )
    yield running
    running.stop()


# --- query forms and formats -------------------------------------------------------------------


def test_select_json_by_default(server):
    response = server.sparql(SELECT_LABELS)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    data = response.json()
    assert data["head"]["vars"] == ["s", "label"]
    labels = [(b["label"]["value"], b["label"].get("xml:lang")) for b in data["results"]["bindings"]]
    assert labels == [("Action alpha", "fr"), ("Alpha action", "en"), ("Beta action", "en"), ("Gamma", "en")]


def test_select_xml_csv_tsv_by_accept(server):
    xml = server.sparql(SELECT_LABELS, headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    results = ET.fromstring(xml.content).findall(f"{SRX}results/{SRX}result")
    assert len(results) == 4
    table = server.sparql(SELECT_LABELS, headers={"Accept": "text/csv"})
    assert table.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.text)))
    assert rows[0] == ["s", "label"] and rows[1] == ["https://w3id.org/migkg/id/action/alpha", "Action alpha"]
    tsv = server.sparql(SELECT_LABELS, headers={"Accept": "text/tab-separated-values"})
    lines = tsv.text.splitlines()
    assert lines[0] == "?s\t?label"
    assert lines[1] == '<https://w3id.org/migkg/id/action/alpha>\t"Action alpha"@fr'


def test_csv_quotes_commas_quotes_and_tabs(server):
    response = server.sparql("SELECT ?note WHERE { ?s <http://example.org/note> ?note }", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["note"], ['a note with "quotes", a comma\tand a tab']]


def test_typed_literals_keep_their_datatype(server):
    data = server.sparql("SELECT ?n WHERE { ?s <http://example.org/count> ?n } ORDER BY ?n").json()
    assert data["results"]["bindings"][0]["n"] == {
        "type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("application/sparql-results+xml;q=0.5, application/sparql-results+json;q=0.9", "application/sparql-results+json"),
        ("text/csv;q=0.9, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("text/html;q=0.9, text/tab-separated-values;q=0.95", "text/tab-separated-values"),
    ],
)
def test_accept_header_q_values(server, accept, expected):
    response = server.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("name, media_type", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                              ("rdfxml", "application/rdf+xml"), ("jsonld", "application/ld+json"),
                                              ("trig", "application/trig"), ("nq", "application/n-quads")])
def test_construct_in_every_rdf_format(server, name, media_type):
    response = server.sparql(CONSTRUCT_LABELS, params={"format": name})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    graph = rdflib.Dataset() if name in ("trig", "nq") else rdflib.Graph()
    rdflib_format = {"ttl": "turtle", "nt": "nt", "rdfxml": "xml", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
    graph.parse(data=response.content, format=rdflib_format[name])
    labels = {str(o) for _, _, o, *rest in (graph.quads() if name in ("trig", "nq") else graph)}
    assert labels == {"Action alpha", "Alpha action", "Beta action", "Gamma"}


def test_construct_negotiated_by_accept(server):
    response = server.sparql(CONSTRUCT_LABELS, headers={"Accept": "application/rdf+xml;q=0.8, text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")


def test_describe_answers_rdf(server):
    response = server.sparql("DESCRIBE <https://w3id.org/migkg/id/action/beta>", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert '"Beta action"@en' in response.text


def test_ask(server):
    assert server.sparql("ASK { ?s a <https://w3id.org/migkg/ontology#Organisation> }").json()["boolean"] is True
    xml = server.sparql("ASK { ?s a <http://example.org/Nothing> }", params={"format": "xml"})
    assert ET.fromstring(xml.content).find(f"{SRX}boolean").text == "false"


def test_post_form_and_direct_post(server):
    form = requests.post(server.url + "/sparql", data={"query": SELECT_LABELS, "format": "csv"}, timeout=30)
    direct = requests.post(
        server.url + "/sparql", data=SELECT_LABELS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=30,
    )
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text and form.text.count("\n") == 5


def test_format_parameter_wins_over_accept(server):
    response = server.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", params={"format": "tsv"},
                             headers={"Accept": "application/sparql-results+json"})
    assert response.headers["Content-Type"].startswith("text/tab-separated-values")


def test_prefixes_of_the_project_need_no_declaration(server):
    response = server.sparql("SELECT (COUNT(?a) AS ?n) WHERE { ?a a mkg:Action }")
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "2"


# --- datasets -------------------------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(server):
    response = server.sparql("ASK { ?org <http://example.org/partnerOf> ?a . ?a a mkg:Action }")
    assert response.json()["boolean"] is True


def test_default_graph_uri_limits_the_default_graph(server):
    only_b = server.sparql("SELECT ?s WHERE { ?s a ?c }", params={"default-graph-uri": GRAPH_B, "format": "csv"})
    assert only_b.text.splitlines() == ["s", "https://w3id.org/migkg/id/organisation/gamma"]
    both = server.sparql("SELECT ?s WHERE { ?s a ?c }", params={"default-graph-uri": [GRAPH_A, GRAPH_B], "format": "csv"})
    assert len(both.text.splitlines()) == 4


def test_named_graph_uri_limits_the_named_graphs(server):
    response = server.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                             params={"named-graph-uri": GRAPH_A, "format": "csv"})
    assert response.text.splitlines() == ["g", GRAPH_A]


# --- errors --------------------------------------------------------------------------------


def test_malformed_query_is_400_with_line_and_column(server):
    response = server.sparql("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "line 3" in response.text and "column" in response.text
    assert "Traceback" not in response.text


def test_nothing_acceptable_is_406(server):
    response = server.sparql(SELECT_LABELS, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
    graph_for_select = server.sparql(SELECT_LABELS, params={"format": "ttl"})
    assert graph_for_select.status_code == 406


def test_wrong_method_is_405(server):
    response = requests.put(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


def test_wrong_content_type_is_415(server):
    response = requests.post(server.url + "/sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == 415


def test_query_and_update_together_is_400(server):
    response = requests.post(server.url + "/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert response.status_code == 400
    assert "not both" in response.text


def test_post_without_query_or_update_is_400(server):
    response = requests.post(server.url + "/sparql", data={"format": "json"}, timeout=30)
    assert response.status_code == 400


# --- row cap and streaming --------------------------------------------------------------------


def test_row_cap_is_announced_and_truncation_flagged(server):
    capped = server.sparql("SELECT ?s WHERE { ?s <http://example.org/value> ?v }", params={"format": "csv"})
    assert capped.headers["X-Migkg-Row-Cap"] == "5000"
    assert capped.headers["X-Migkg-Truncated"] == "true"
    assert len(capped.text.splitlines()) == 1 + 5000
    small = server.sparql("SELECT ?s WHERE { ?s a mkg:Action }")
    assert small.headers["X-Migkg-Truncated"] == "false"


def test_construct_is_capped_too(server):
    response = server.sparql("CONSTRUCT WHERE { ?s <http://example.org/value> ?v }", params={"format": "nt"})
    assert response.headers["X-Migkg-Truncated"] == "true"
    assert len(response.text.splitlines()) == 5000


def test_a_large_result_streams_in_chunks(server):
    with requests.get(server.url + "/sparql", stream=True, timeout=60, params={
        "query": "SELECT ?s ?v WHERE { ?s <http://example.org/value> ?v }", "format": "json",
    }) as response:
        assert response.headers.get("Transfer-Encoding") == "chunked"
        chunks = [chunk for chunk in response.iter_content(chunk_size=None)]
    body = json.loads(b"".join(chunks))
    assert len(body["results"]["bindings"]) == 5000
    assert len(chunks) > 1


def test_a_lower_timeout_parameter_is_honoured_but_never_a_higher_one(server):
    response = server.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER(STR(?b) < STR(?d)) }",
                             params={"timeout": "0.3"})
    assert response.status_code == 503
    assert "0.3 s" in response.text


# --- service description, VoID, HTML -----------------------------------------------------------


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
MSRV = rdflib.Namespace("https://w3id.org/migkg/service#")


def test_service_description_for_rdf_clients(server):
    response = requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = rdflib.URIRef(server.url + "/sparql")
    assert (service, SD.endpoint, service) in graph
    assert {SD.SPARQL11Query, SD.SPARQL11Update} <= set(graph.objects(service, SD.supportedLanguage))
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert int(graph.value(service, MSRV.maxRows)) == 5000
    assert float(graph.value(service, MSRV.timeoutSeconds)) == 30.0
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle"} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    names = {str(graph.value(ng, SD.name)) for ng in graph.objects(dataset, SD.namedGraph)}
    assert {GRAPH_A, GRAPH_B} <= names
    assert graph.value(dataset, SD.defaultGraph) is not None


def test_browsers_get_the_query_page(server):
    response = requests.get(server.url + "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                            timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<form" in response.text.lower()


def test_void_description(server):
    response = requests.get(server.url + "/.well-known/void", timeout=30)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    dataset = graph.value(predicate=rdflib.RDF.type, object=VOID.Dataset)
    assert int(graph.value(dataset, VOID.triples)) >= 12000
    assert int(graph.value(dataset, VOID.distinctSubjects)) >= 12000
    assert int(graph.value(dataset, VOID.entities)) == 3
    assert str(graph.value(dataset, VOID.uriSpace)) == "https://w3id.org/migkg/id/"
    assert str(graph.value(dataset, VOID.sparqlEndpoint)) == server.url + "/sparql"
    assert str(graph.value(dataset, VOID.dataDump)) == server.url + "/dumps/migkg.nq.gz"
    assert rdflib.URIRef("https://w3id.org/migkg/ontology#") in set(graph.objects(dataset, VOID.vocabulary))
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
                  for p in graph.objects(dataset, VOID.classPartition)}
    assert partitions[rdflib.URIRef("https://w3id.org/migkg/ontology#Action")] == 2
    properties = {graph.value(p, VOID.property): int(graph.value(p, VOID.triples))
                  for p in graph.objects(dataset, VOID.propertyPartition)}
    assert properties[rdflib.URIRef("http://example.org/value")] == 12000
    examples = set(graph.objects(dataset, VOID.exampleResource))
    assert rdflib.URIRef("https://w3id.org/migkg/id/action/alpha") in examples


def test_void_follows_writes(server):
    before = rdflib.Graph().parse(data=requests.get(server.url + "/.well-known/void", timeout=30).text, format="turtle")
    server.update("INSERT DATA { GRAPH <http://example.org/graph/c> { <https://w3id.org/migkg/id/place/delta> a mkg:Place } }")
    after = rdflib.Graph().parse(data=requests.get(server.url + "/.well-known/void", timeout=30).text, format="turtle")
    count = lambda g: int(g.value(g.value(predicate=rdflib.RDF.type, object=VOID.Dataset), VOID.entities))  # noqa: E731
    assert count(after) == count(before) + 1


# --- CORS ------------------------------------------------------------------------------------


def test_cors_for_allowed_origins_only(server):
    allowed = server.sparql("ASK {}", headers={"Origin": "https://app.example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "X-Migkg-Row-Cap" in allowed.headers["Access-Control-Expose-Headers"]
    other = server.sparql("ASK {}", headers={"Origin": "https://evil.example.net"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_preflight(server):
    response = requests.options(server.url + "/sparql", timeout=30, headers={
        "Origin": "https://other.example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization",
    })
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://other.example.org"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_head_requests_answer_headers_and_keep_the_workers(server):
    pids_before = sorted(p.pid for p in server.processes())
    for _ in range(5):
        response = requests.head(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"},
                                 timeout=30)
        assert response.status_code == 200 and response.content == b""
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert sorted(p.pid for p in server.processes()) == pids_before
