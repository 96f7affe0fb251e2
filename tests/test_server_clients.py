"""Real SPARQL clients against a running `migkg serve`: SPARQLWrapper, rdflib's SPARQLStore and
SPARQLUpdateStore, curl, and JavaScript (Node's fetch)."""

import json
import subprocess
import textwrap

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from test_server_harness import TOKEN, start_server

LABELS = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
EXPECTED = ["Action alpha", "Alpha action", "Beta action", "Gamma"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory, "--update-token", TOKEN, "--workers", "2", "--cors", "*")
    yield running
    running.stop()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json_and_xml(server, method):
    client = SPARQLWrapper(server.url + "/sparql")
    client.setMethod(method)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == EXPECTED
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == EXPECTED


def test_sparqlwrapper_csv_ask_and_construct(server):
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(LABELS)
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["label", *EXPECTED]
    client.setQuery("ASK { ?s a <https://w3id.org/migkg/ontology#Action> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT WHERE { ?s a <https://w3id.org/migkg/ontology#Action> }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 2


def test_sparqlwrapper_update_with_the_token(server):
    client = SPARQLWrapper(server.url + "/sparql")
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery("INSERT DATA { GRAPH <http://example.org/graph/w> { <http://example.org/w> <http://example.org/p> 1 } }")
    client.query()
    assert server.sparql("ASK { <http://example.org/w> ?p 1 }").json()["boolean"] is True


def test_rdflib_sparqlstore(server):
    graph = rdflib.Graph(SPARQLStore(server.url + "/sparql"))
    labels = sorted(str(row.label) for row in graph.query(LABELS))
    assert labels == EXPECTED
    assert bool(graph.query("ASK { ?s a <https://w3id.org/migkg/ontology#Organisation> }")) is True
    triples = list(graph.triples((rdflib.URIRef("https://w3id.org/migkg/id/action/beta"), None, None)))
    assert len(triples) == 3


def test_rdflib_sparqlupdatestore(server):
    store = SPARQLUpdateStore(server.url + "/sparql", server.url + "/sparql", auth=None,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    graph = rdflib.Graph(store, identifier=rdflib.URIRef("http://example.org/graph/rdflib"))
    graph.add((rdflib.URIRef("http://example.org/r"), rdflib.URIRef("http://example.org/p"), rdflib.Literal("from rdflib")))
    assert server.sparql('ASK { GRAPH <http://example.org/graph/rdflib> { ?s ?p "from rdflib" } }').json()["boolean"]


def test_curl_get_post_and_errors(server):
    def curl(*args):
        return subprocess.run(["curl", "-sS", "-w", "\\n%{http_code}", *args], capture_output=True, text=True,
                              check=True, timeout=60).stdout.rsplit("\n", 1)

    body, status = curl("-G", server.url + "/sparql", "--data-urlencode", f"query={LABELS}", "-H", "Accept: text/csv")
    assert status == "200" and body.splitlines() == ["label", *EXPECTED]
    body, status = curl(server.url + "/sparql", "--data-binary", LABELS, "-H", "Content-Type: application/sparql-query",
                        "-H", "Accept: application/sparql-results+json")
    assert status == "200" and len(json.loads(body)["results"]["bindings"]) == 4
    body, status = curl("-G", server.url + "/sparql", "--data-urlencode", "query=SELECT * WHERE {")
    assert status == "400" and "line 1" in body
    body, status = curl(server.url + "/sparql", "--data-binary", "CLEAR ALL", "-H", "Content-Type: application/sparql-update")
    assert status == "401"


def test_javascript_fetch_client(server, tmp_path):
    script = tmp_path / "client.mjs"
    script.write_text(textwrap.dedent("""
        const endpoint = process.argv[2];
        const query = process.argv[3];
        const select = await fetch(endpoint, {
          method: "POST",
          headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json",
                    "Origin": "https://app.example.org"},
          body: query,
        });
        const data = await select.json();
        const update = await fetch(endpoint, {
          method: "POST",
          headers: {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer " + process.argv[4]},
          body: new URLSearchParams({update: "INSERT DATA { <http://example.org/js> <http://example.org/p> 1 }"}),
        });
        console.log(JSON.stringify({
          labels: data.results.bindings.map(b => b.label.value),
          cors: select.headers.get("access-control-allow-origin"),
          cap: select.headers.get("x-migkg-row-cap"),
          update: update.status,
        }));
    """))
    result = subprocess.run(["node", str(script), server.url + "/sparql", LABELS, TOKEN], capture_output=True,
                            text=True, check=True, timeout=60)
    outcome = json.loads(result.stdout)
    assert outcome == {"labels": EXPECTED, "cors": "*", "cap": "10000", "update": 204}
