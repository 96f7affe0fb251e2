"""The pages over the sample corpus built by `migkg build`: every link answers, IRIs dereference, facts show their sentence."""

import html
import re
import subprocess
import sys
from collections import deque

import pyoxigraph
import pytest
import requests

from migkg.server.resource import readable_name
from migkg.triples.store import GraphStore
from test_pages_helpers import running_server

pytestmark = pytest.mark.slow
BASE = "https://w3id.org/migkg/"
LINK = re.compile(r'href="(/(?:page|country|browse|id|vocab|data)/[^"#]*)"')


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "store"
    built = subprocess.run([sys.executable, "-m", "migkg", "build", "--store", str(path)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    store = GraphStore.open(path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def site(corpus_store):
    with running_server(corpus_store) as url:
        yield url


def test_every_page_linked_from_home_answers(site):
    queue, seen, failures = deque(["/"]), set(), []
    while queue and len(seen) < 250:
        path = html.unescape(queue.popleft())
        if path in seen:
            continue
        seen.add(path)
        response = requests.get(site + path, timeout=60)
        if response.status_code != 200:
            failures.append((path, response.status_code))
            continue
        if response.headers["Content-Type"].startswith("text/html"):
            queue.extend(link for link in LINK.findall(response.text) if html.unescape(link) not in seen)
    assert failures == []
    assert len(seen) > 50


def test_minted_iris_of_every_kind_dereference(site, corpus_store):
    rows = corpus_store.query(
        f"SELECT ?kind (SAMPLE(?s) AS ?example) WHERE {{ ?s ?p ?o FILTER (STRSTARTS(STR(?s), '{BASE}id/')) "
        f"BIND (STRBEFORE(STRAFTER(STR(?s), '{BASE}id/'), '/') AS ?kind) }} GROUP BY ?kind"
    )
    examples = {row["kind"].value: row["example"].value for row in rows}
    assert {"action", "activity", "document", "organisation"} <= set(examples)
    for kind, iri in examples.items():
        path = iri[len(BASE) - 1:]
        page = requests.get(site + path, headers={"Accept": "text/html"}, allow_redirects=False, timeout=30)
        assert page.status_code == 303, (kind, iri)
        data = requests.get(site + path, headers={"Accept": "text/turtle"}, timeout=30)
        assert data.status_code == 200, (kind, iri)
        triples = pyoxigraph.parse(data.content, format=pyoxigraph.RdfFormat.TURTLE)
        assert any(t.subject.value == iri for t in triples), (kind, iri)


def test_an_action_page_shows_the_sentence_behind_its_facts(site, corpus_store):
    rows = list(corpus_store.query(
        "SELECT ?action ?quote WHERE { ?ev mkg:evidenceFor ?action ; oa:hasSelector/oa:exact ?quote . ?action a mkg:Action } LIMIT 1"
    ))
    assert rows, "the corpus gives no Action with evidence"
    action, quote = rows[0]["action"].value, rows[0]["quote"].value
    page = requests.get(site + "/page/" + action[len(BASE) + 3:], timeout=30).text
    assert str(html.escape(quote)).replace("&#x27;", "&#39;") in page


def test_search_finds_actions_by_a_word_of_their_title(site, corpus_store):
    rows = list(corpus_store.query("SELECT ?action ?title WHERE { ?action a mkg:Action ; dcterms:title ?title } LIMIT 5"))
    assert rows
    for row in rows:
        word = max(re.findall(r"\w+", row["title"].value), key=len)
        page = requests.get(site + "/search", params={"q": word.upper()}, timeout=30).text
        assert 'href="/page/' + row["action"].value[len(BASE) + 3:] + '"' in page, (word, row["action"].value)


def test_property_labels_come_from_the_ontology(site, corpus_store):
    rows = list(corpus_store.query("SELECT ?action WHERE { ?action a mkg:Action ; mkg:startDate ?d } LIMIT 1"))
    assert rows
    path = "/page/" + rows[0]["action"].value[len(BASE) + 3:]
    english = requests.get(site + path, params={"lang": "en"}, timeout=30).text
    french = requests.get(site + path, params={"lang": "fr"}, timeout=30).text
    label = {row["lang"].value: row["l"].value for row in corpus_store.query(
        "SELECT ?l (LANG(?l) AS ?lang) WHERE { mkg:startDate rdfs:label ?l }")}
    assert label, "the ontology gives mkg:startDate no label"
    assert html.escape(label["en"], quote=False) in english
    assert html.escape(label.get("fr", readable_name("startDate")), quote=False) in french
