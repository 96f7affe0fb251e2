"""The W3C SPARQL 1.1 Protocol tests (rdf-tests sparql/sparql11/protocol), against a running `migkg serve`.

One test per manifest entry, in manifest order, named after it. See tests/w3c/README.md.
"""

from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from test_server_harness import TOKEN, start_server

DATA = Path(__file__).parent / "w3c" / "protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
RESULT_TYPES = ("application/sparql-results+xml", "application/sparql-results+json",
                "text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")


def _iri(n: int) -> str:
    return f"{KASEI}data{n}.rdf"


def _q(n: int) -> str:
    return quote(_iri(n), safe="")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    graphs = {_iri(n): (DATA / f"data{n}.nt").read_text() for n in range(4)}
    running = start_server(tmp_path_factory, "--update-token", TOKEN, "--workers", "2", graphs=graphs)
    yield running
    running.stop()


def send(server, method: str, path: str, *, body: str | bytes | None = None, content_type: str | None = None,
         auth: bool = False, accept: str | None = None) -> requests.Response:
    """Send the request as the manifest writes it: path and query string relative to /sparql."""
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if auth:
        headers["Authorization"] = f"Bearer {TOKEN}"
    if accept:
        headers["Accept"] = accept
    data = body.encode("utf-8") if isinstance(body, str) else body
    prepared = requests.Request(method, server.url + path, data=data, headers=headers).prepare()
    if content_type is None and data is not None:
        prepared.headers.pop("Content-Type", None)
    with requests.Session() as session:
        return session.send(prepared, timeout=30)


def boolean_of(response: requests.Response) -> bool:
    assert 200 <= response.status_code < 400, response.text
    assert response.headers["Content-Type"].split(";")[0] in RESULT_TYPES
    return response.json()["boolean"]


def test_query_post_form(server):
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(0)}", body="query=ASK%20%7B%7D",
                    content_type="application/x-www-form-urlencoded")
    assert boolean_of(response) is True


ASK_TWO_DEFAULT = f"ASK {{ <{_iri(1)}> a ?type . <{_iri(2)}> a ?type . }}"
ASK_TWO_NAMED = f"ASK {{ GRAPH ?g1 {{ <{_iri(1)}> a ?type }} GRAPH ?g2 {{ <{_iri(2)}> a ?type }} }}"


def test_query_dataset_default_graphs_get(server):
    response = send(server, "GET", f"/sparql?query={quote(ASK_TWO_DEFAULT)}"
                                   f"&default-graph-uri={_q(1)}&default-graph-uri={_q(2)}")
    assert boolean_of(response) is True


def test_query_dataset_default_graphs_post(server):
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(1)}&default-graph-uri={_q(2)}",
                    body=ASK_TWO_DEFAULT, content_type="application/sparql-query")
    assert boolean_of(response) is True


def test_query_dataset_named_graphs_post(server):
    response = send(server, "POST", f"/sparql?named-graph-uri={_q(1)}&named-graph-uri={_q(2)}",
                    body=ASK_TWO_NAMED, content_type="application/sparql-query")
    assert boolean_of(response) is True


def test_query_dataset_named_graphs_get(server):
    response = send(server, "GET", f"/sparql?query={quote(ASK_TWO_NAMED)}"
                                   f"&named-graph-uri={_q(1)}&named-graph-uri={_q(2)}")
    assert boolean_of(response) is True


def test_query_dataset_full(server):
    query = (f"ASK {{\n  <{_iri(3)}> a ?type\n  GRAPH ?g1 {{ <{_iri(1)}> a ?type }}\n"
             f"  GRAPH ?g2 {{ <{_iri(2)}> a ?type }}\n}}")
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(3)}&named-graph-uri={_q(1)}"
                                    f"&named-graph-uri={_q(2)}", body=query, content_type="application/sparql-query")
    assert boolean_of(response) is True


def test_query_multiple_dataset(server):
    """The protocol's dataset wins over the query's FROM.

    The manifest percent-encodes the '&' between its two named-graph-uri parameters, which makes
    them one parameter; the test sends the two parameters it means.
    """
    query = f"ASK FROM <{_iri(3)}> {{ GRAPH ?g1 {{ <{_iri(1)}> a ?type }} GRAPH ?g2 {{ <{_iri(2)}> a ?type }} }}"
    response = send(server, "POST", f"/sparql?named-graph-uri={_q(1)}&named-graph-uri={_q(2)}",
                    body=query, content_type="application/sparql-query")
    assert boolean_of(response) is True


def test_query_get(server):
    response = send(server, "GET", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={_q(0)}")
    assert boolean_of(response) is True


def test_query_content_type_select(server):
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(0)}", body="SELECT (1 AS ?value) {}",
                    content_type="application/sparql-query")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] in RESULT_TYPES
    assert response.json()["results"]["bindings"][0]["value"]["value"] == "1"


def test_query_content_type_ask(server):
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(0)}", body="ASK {}",
                    content_type="application/sparql-query")
    assert response.headers["Content-Type"].split(";")[0] in RESULT_TYPES[:2]


def test_query_content_type_describe(server):
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(0)}", body="DESCRIBE <http://example.org/>",
                    content_type="application/sparql-query")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] in RDF_TYPES


def test_query_content_type_construct(server):
    response = send(server, "POST", f"/sparql?default-graph-uri={_q(0)}", body="CONSTRUCT { <s> <p> 1 } WHERE {}",
                    content_type="application/sparql-query")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] in RDF_TYPES
    assert f"<{server.url}/s> <{server.url}/p> 1" in response.text  # relative IRIs resolve against the endpoint


UPDATE_PROLOGUE = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_THREE = (
    "INSERT DATA {\n"
    + "".join(f"    GRAPH <{_iri(n)}> {{ <{_iri(n)}> a foaf:Document }}\n" for n in (1, 2, 3))
    + "} ;\n"
)


def _ask(server, query: str) -> bool:
    return boolean_of(send(server, "POST", "/sparql", body=query, content_type="application/sparql-query"))


def test_update_dataset_default_graph(server):
    update = (UPDATE_PROLOGUE + f"CLEAR ALL ;\nINSERT DATA {{\n    GRAPH <{_iri(1)}> {{\n        <{_iri(1)}> a foaf:Document\n"
              "    }\n} ;\nINSERT {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
              "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}")
    response = send(server, "POST", f"/sparql?using-graph-uri={_q(1)}", body=update,
                    content_type="application/sparql-update", auth=True)
    assert 200 <= response.status_code < 400, response.text
    assert _ask(server, "ASK {\n GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                        f"  <{_iri(1)}> a <http://purl.org/dc/terms/BibliographicResource>\n }}\n}}") is True


def test_update_dataset_default_graphs(server):
    target = "http://example.org/protocol-update-dataset-graphs-test/"
    update = (UPDATE_PROLOGUE + "DROP ALL ;\n" + INSERT_THREE + f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }}\n"
              "WHERE { ?s a foaf:Document }")
    response = send(server, "POST", f"/sparql?using-graph-uri={_q(1)}&using-graph-uri={_q(2)}", body=update,
                    content_type="application/sparql-update", auth=True)
    assert 200 <= response.status_code < 400, response.text
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{_iri(1)}> a {bib} . <{_iri(2)}> a {bib} . }}\n"
                        f"  FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{_iri(3)}> a {bib} . }} }} }}") is True


def test_update_dataset_named_graphs(server):
    target = "http://example.org/protocol-update-dataset-named-graphs-test/"
    update = (UPDATE_PROLOGUE + "DROP ALL ;\n" + INSERT_THREE + f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }}\n"
              "WHERE { GRAPH ?g { ?s a foaf:Document } }")
    response = send(server, "POST", f"/sparql?using-named-graph-uri={_q(1)}&using-named-graph-uri={_q(2)}",
                    body=update, content_type="application/sparql-update", auth=True)
    assert 200 <= response.status_code < 400, response.text
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{_iri(1)}> a {bib} . <{_iri(2)}> a {bib} . }}\n"
                        f"  FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{_iri(3)}> a {bib} . }} }} }}") is True


def test_update_dataset_full(server):
    target = "http://example.org/protocol-update-dataset-full-test/"
    update = (UPDATE_PROLOGUE + "DROP ALL ;\n" + INSERT_THREE + f"INSERT {{ GRAPH <{target}> {{ ?s <http://example.org/in> ?in }} }}\n"
              "WHERE { { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }\n"
              "  UNION { ?s a foaf:Document . BIND(\"default\" AS ?in) } }")
    response = send(server, "POST", f"/sparql?using-graph-uri={_q(1)}&using-named-graph-uri={_q(2)}",
                    body=update, content_type="application/sparql-update", auth=True)
    assert 200 <= response.status_code < 400, response.text
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{_iri(1)}> <http://example.org/in> \"default\" .\n"
                        f"  <{_iri(2)}> <http://example.org/in> <{_iri(2)}> . }}\n"
                        f"  FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{_iri(3)}> ?p ?o }} }} }}") is True


def test_update_post_form(server):
    response = send(server, "POST", "/sparql", body="update=CLEAR+ALL",
                    content_type="application/x-www-form-urlencoded", auth=True)
    assert 200 <= response.status_code < 400, response.text


def test_update_post_direct(server):
    response = send(server, "POST", "/sparql", body="CLEAR ALL", content_type="application/sparql-update", auth=True)
    assert 200 <= response.status_code < 400, response.text


def test_update_base_uri(server):
    update = ("CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
              "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }")
    response = send(server, "POST", "/sparql", body=update, content_type="application/sparql-update", auth=True)
    assert 200 <= response.status_code < 400, response.text
    result = send(server, "POST", "/sparql", content_type="application/sparql-query",
                  body="SELECT ?o WHERE { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> ?o } }")
    bindings = result.json()["results"]["bindings"]
    assert len(bindings) == 1
    assert bindings[0]["o"]["type"] == "uri" and bindings[0]["o"]["value"] != "test"
    assert bindings[0]["o"]["value"].startswith("http://")


def test_query_post_direct(server):
    response = send(server, "POST", "/sparql", body="ASK {}", content_type="application/sparql-query")
    assert boolean_of(response) is True


def _is_4xx(response: requests.Response) -> bool:
    return 400 <= response.status_code < 500


def test_bad_query_method(server):
    response = send(server, "PUT", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={_q(0)}", body="",
                    content_type="application/x-www-form-urlencoded")
    assert _is_4xx(response)


def test_bad_multiple_queries(server):
    assert _is_4xx(send(server, "GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"))


def test_bad_query_wrong_media_type(server):
    assert _is_4xx(send(server, "POST", "/sparql", body="ASK {}", content_type="text/plain"))


def test_bad_query_missing_form_type(server):
    assert _is_4xx(send(server, "POST", "/sparql", body="query=ASK%20%7B%7D"))


def test_bad_query_missing_direct_type(server):
    assert _is_4xx(send(server, "POST", "/sparql", body="ASK {}"))


def test_bad_query_non_utf8(server):
    response = send(server, "POST", "/sparql", body="ASK {}".encode("utf-16"),
                    content_type="application/sparql-query; charset=UTF-16")
    assert _is_4xx(response)


def test_bad_query_syntax(server):
    assert _is_4xx(send(server, "GET", "/sparql?query=ASK%20%7B"))


def test_bad_update_get(server):
    assert _is_4xx(send(server, "GET", "/sparql?update=CLEAR%20ALL"))


def test_bad_multiple_updates(server):
    response = send(server, "POST", "/sparql", body="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                    content_type="application/x-www-form-urlencoded", auth=True)
    assert _is_4xx(response)


def test_bad_update_wrong_media_type(server):
    assert _is_4xx(send(server, "POST", "/sparql", body="CLEAR NAMED", content_type="text/plain", auth=True))


def test_bad_update_missing_form_type(server):
    assert _is_4xx(send(server, "POST", "/sparql", body="update=CLEAR%20NAMED", auth=True))


def test_bad_update_non_utf8(server):
    response = send(server, "POST", "/sparql", body="CLEAR NAMED".encode("utf-16"),
                    content_type="application/sparql-update; charset=UTF-16", auth=True)
    assert _is_4xx(response)


def test_bad_update_syntax(server):
    response = send(server, "POST", "/sparql", body="update=CLEAR%20XYZ",
                    content_type="application/x-www-form-urlencoded", auth=True)
    assert _is_4xx(response)


def test_bad_update_dataset_conflict(server):
    update = ("PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
              "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
              "WHERE {\n    ?person foaf:givenName 'Bill'\n}")
    response = send(server, "POST", "/sparql?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", body=update,
                    content_type="application/sparql-update", auth=True)
    assert _is_4xx(response)
