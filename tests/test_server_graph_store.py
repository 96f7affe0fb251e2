"""The Graph Store at /store beyond the W3C suite: formats, the whole dataset, errors, and what queries see."""

import pytest
import rdflib
import requests
from test_server_harness import GRAPH_A, GRAPH_B, TOKEN, start_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory, "--update-token", TOKEN, "--workers", "1")
    yield running
    running.stop()


@pytest.mark.parametrize("accept, media_type, rdflib_format", [
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/turtle;q=0.5, application/n-triples;q=0.4", "text/turtle", "turtle"),
])
def test_get_a_graph_in_each_format(server, accept, media_type, rdflib_format):
    response = requests.get(server.url + "/store", params={"graph": GRAPH_B}, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == 3


def test_get_a_graph_as_n_quads_keeps_its_name(server):
    response = requests.get(server.url + "/store", params={"graph": GRAPH_A, "format": "nq"}, timeout=30)
    lines = response.text.splitlines()
    assert lines and all(line.endswith(f"<{GRAPH_A}> .") for line in lines)


def test_get_the_whole_dataset(server):
    trig = requests.get(server.url + "/store", timeout=30)
    assert trig.headers["Content-Type"].startswith("application/trig")
    dataset = rdflib.Dataset()
    dataset.parse(data=trig.text, format="trig")
    assert {str(g.identifier) for g in dataset.graphs()} >= {GRAPH_A, GRAPH_B}
    nquads = requests.get(server.url + "/store", headers={"Accept": "application/n-quads"}, timeout=30)
    assert nquads.headers["Content-Type"].startswith("application/n-quads")
    refused = requests.get(server.url + "/store", headers={"Accept": "text/turtle"}, timeout=30)
    assert refused.status_code == 406


def test_unknown_body_type_is_415_and_bad_addressing_is_400(server):
    response = requests.put(server.url + "/store", params={"graph": "http://example.org/g/x"}, data=b"a,b",
                            headers={"Content-Type": "text/csv", **AUTH}, timeout=30)
    assert response.status_code == 415
    both = requests.get(server.url + "/store?default&graph=http://example.org/g/x", timeout=30)
    assert both.status_code == 400
    relative = requests.get(server.url + "/store", params={"graph": "g/x"}, timeout=30)
    assert relative.status_code == 400 and "absolute IRI" in relative.text
    no_target = requests.delete(server.url + "/store", headers=AUTH, timeout=30)
    assert no_target.status_code == 400


def test_a_failed_put_loses_nothing(server):
    before = requests.get(server.url + "/store", params={"graph": GRAPH_A, "format": "nt"}, timeout=30).text
    response = requests.put(server.url + "/store", params={"graph": GRAPH_A}, data=b"<http://a> <http://b> .",
                            headers={"Content-Type": "text/turtle", **AUTH}, timeout=30)
    assert response.status_code == 400
    after = requests.get(server.url + "/store", params={"graph": GRAPH_A, "format": "nt"}, timeout=30).text
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_queries_see_graph_store_writes_at_once(server):
    graph = "http://example.org/graph/fresh"
    body = "<http://example.org/fresh> <http://www.w3.org/2000/01/rdf-schema#label> \"fresh\"@en ."
    assert requests.put(server.url + "/store", params={"graph": graph}, data=body.encode(),
                        headers={"Content-Type": "application/n-triples", **AUTH}, timeout=30).status_code == 201
    assert server.sparql("ASK { <http://example.org/fresh> ?p ?o }").json()["boolean"] is True
    assert requests.delete(server.url + "/store", params={"graph": graph}, headers=AUTH, timeout=30).status_code == 204
    assert server.sparql("ASK { <http://example.org/fresh> ?p ?o }").json()["boolean"] is False


@pytest.mark.parametrize("path", ["/store/..%5c..%5cetc%5cpasswd", "/store/a%FF%FE", "/store/%3Cx%3E"])
def test_graph_urls_that_are_not_iris_are_400(server, path):
    response = requests.get(server.url + path, timeout=30)
    assert response.status_code in (400, 404)
    assert response.headers["Content-Type"].startswith("text/plain")
