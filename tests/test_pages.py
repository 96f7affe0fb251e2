"""Linked-data pages over HTTP: dereferencing, negotiation, resource pages, search, query page, dumps."""

import gzip
import html
import json
import re

import markupsafe
import pyoxigraph
import pytest
import requests

from test_pages_helpers import running_server, sample_store

ID = "https://w3id.org/migkg/id/"
ACTION = "action/togo-i-border-data"
RDF_TYPES = {
    "ttl": ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
}
#: one resource of every kind: the local path of its IRI and the path of its page
MINTED = {
    "action": f"/id/{ACTION}",
    "activity": "/id/activity/togo-i-border-data-1",
    "organisation": "/id/organisation/icmpd",
    "dialogue": "/id/dialogue/rabat-process",
    "news": "/id/news/reunion-thematique-sur-les-donnees",
    "document": "/id/document/gulf-catalogue",
    "concept": "/vocab/theme/border-management",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = sample_store(tmp_path_factory.mktemp("store") / "store", "hostile.trig")
    with running_server(store, {"MIGKG_DUMP_DIR": str(tmp_path_factory.mktemp("dumps"))}) as url:
        yield url


def get(site, path, accept=None, **kwargs):
    headers = {"Accept": accept} if accept else {}
    headers.update(kwargs.pop("headers", {}))
    return requests.get(site + path, headers=headers, allow_redirects=False, timeout=30, **kwargs)


def parse_rdf(response, extension):
    return list(pyoxigraph.parse(response.content, format=RDF_TYPES[extension][1], base_iri="http://127.0.0.1/"))


# --- dereferencing -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(MINTED))
def test_iri_redirects_browsers_to_the_page(site, kind):
    response = get(site, MINTED[kind], "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert response.status_code == 303
    assert response.headers["Location"] == MINTED[kind].replace("/id/", "/page/").replace("/vocab/", "/page/vocab/")
    assert "Accept" in response.headers["Vary"]
    page = get(site, response.headers["Location"])
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("kind", sorted(MINTED))
@pytest.mark.parametrize("extension", sorted(RDF_TYPES))
def test_iri_redirects_machines_to_the_data(site, kind, extension):
    media = RDF_TYPES[extension][0]
    response = get(site, MINTED[kind], f"text/html;q=0.5, {media}")
    assert response.status_code == 303
    location = response.headers["Location"]
    stem = MINTED[kind].replace("/id/", "/data/").replace("/vocab/", "/data/vocab/")
    assert location == f"{stem}.{extension}"
    data = get(site, location)
    assert data.status_code == 200
    assert data.headers["Content-Type"].split(";")[0] == media
    iri = ("https://w3id.org/migkg" + MINTED[kind]) if kind != "concept" else "https://w3id.org/migkg" + MINTED[kind]
    subjects = {q.subject for q in parse_rdf(data, extension)}
    assert pyoxigraph.NamedNode(iri) in subjects


@pytest.mark.parametrize("kind", sorted(MINTED))
def test_extension_on_the_iri_gives_rdf_directly(site, kind):
    response = get(site, MINTED[kind] + ".nt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/n-triples")
    assert parse_rdf(response, "nt")


def test_link_header_lists_alternates(site):
    response = get(site, f"/id/{ACTION}", "text/turtle")
    links = response.headers["Link"]
    for media, _ in RDF_TYPES.values():
        assert f'type="{media}"' in links
    assert f'</page/{ACTION}>; rel="alternate"; type="text/html"' in links
    page = get(site, f"/page/{ACTION}")
    assert f'</data/{ACTION}.ttl>; rel="alternate"; type="text/turtle"' in page.headers["Link"]


def test_q_values_decide(site):
    assert get(site, f"/id/{ACTION}", "text/html;q=0.2, application/ld+json;q=0.9").headers["Location"].endswith(".jsonld")
    assert get(site, f"/id/{ACTION}", "application/ld+json;q=0.2, text/html").headers["Location"] == f"/page/{ACTION}"
    assert get(site, f"/id/{ACTION}", "*/*").headers["Location"] == f"/page/{ACTION}"
    assert get(site, f"/id/{ACTION}", "application/rdf+xml, text/turtle;q=0.1").headers["Location"].endswith(".rdf")


def test_unacceptable_accept_is_406(site):
    response = get(site, f"/id/{ACTION}", "image/png")
    assert response.status_code == 406
    assert "text/turtle" in response.text


def test_data_without_extension_negotiates_rdf(site):
    response = get(site, f"/data/{ACTION}", "application/ld+json")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    assert get(site, f"/data/{ACTION}").headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/id/action/no-such-action", "/page/action/no-such-action", "/data/action/no-such-action.ttl",
                                  "/vocab/theme/no-such-theme", "/country/ZZ", "/country/FR", "/dumps/other.nq"])
def test_unknown_resources_are_404(site, path):
    assert get(site, path, "text/turtle").status_code == 404


def test_data_carries_the_provenance_of_its_facts(site):
    quads = parse_rdf(get(site, f"/data/{ACTION}.ttl"), "ttl")
    quotes = [q.object.value for q in quads if q.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert quotes and "March 2012" in quotes[0]


@pytest.mark.parametrize("accept,extension", [("text/html", None), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdf")])
def test_country_pages_negotiate(site, accept, extension):
    response = get(site, "/country/TG", accept)
    assert response.status_code == 200
    assert "Accept" in response.headers["Vary"]
    if extension is None:
        assert "<h1" in response.text and "Togo" in response.text
    else:
        assert response.headers["Content-Type"].split(";")[0] == RDF_TYPES[extension][0]
        subjects = {q.subject.value for q in parse_rdf(response, extension)}
        assert "http://publications.europa.eu/resource/authority/country/TGO" in subjects
    assert get(site, "/country/TGO", accept).status_code == 200


@pytest.mark.parametrize("accept,extension", [("text/turtle", "ttl"), ("application/rdf+xml", "rdf"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt")])
def test_ontology_negotiates(site, accept, extension):
    response = get(site, "/ontology", accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == accept
    triples = parse_rdf(response, extension)
    assert any(q.subject.value == "https://w3id.org/migkg/ontology#Action" for q in triples)
    assert get(site, f"/ontology.{extension}").status_code == 200


def test_ontology_html_documents_every_term(site):
    response = get(site, "/ontology", "text/html")
    assert response.status_code == 200
    assert 'id="Action"' in response.text and 'id="beneficiary"' in response.text
    french = get(site, "/ontology?lang=fr", "text/html").text
    assert "bénéficiaire" in french


# --- base IRI ------------------------------------------------------------------------------


def test_configured_base_maps_request_paths_to_its_iris(tmp_path):
    store = sample_store(None)
    store.update(
        "INSERT DATA { GRAPH <https://example.org/kg/id/document/d> {"
        " <https://example.org/kg/id/action/elsewhere> a mkg:Action ; rdfs:label 'Elsewhere Action'@en ;"
        " mkg:partOfProgramme <https://example.org/kg/id/programme/p> ."
        " <https://example.org/kg/id/programme/p> a mkg:Programme ; rdfs:label 'P'@en } }"
    )
    with running_server(store, {"MIGKG_BASE_IRI": "https://example.org/kg/"}) as url:
        response = get(url, "/id/action/elsewhere", "text/html")
        assert response.status_code == 303 and response.headers["Location"] == "/page/action/elsewhere"
        page = get(url, "/page/action/elsewhere")
        assert "Elsewhere Action" in page.text
        assert 'href="/page/programme/p"' in page.text
        assert get(url, f"/id/{ACTION}", "text/html").status_code == 404


# --- resource pages ------------------------------------------------------------------------


def test_action_page_shows_facts_provenance_timeline_and_links(site):
    page = get(site, f"/page/{ACTION}").text
    assert "<h1 lang=\"en\">Togo I: Border Data</h1>" in page
    assert "start date" in page and "2012-03" in page
    assert "The Action ran from March 2012 to June 2013" in page
    assert 'href="/page/document/gulf-catalogue"' in page
    assert 'href="/country/TG"' in page
    timeline = page[page.index('class="timeline"'):]
    assert timeline.index("2012-05-14") < timeline.index("2012-11")
    assert 'class="link-map"' in page
    assert "Linked from" in page and "Memorandum" not in page.split("Linked from")[1].split("</section>")[0]


def test_document_page_lists_what_was_drawn_from_it(site):
    page = get(site, "/page/document/gulf-catalogue").text
    drawn = page.split("Facts drawn from this document")[1].split("</section>")[0]
    assert 'href="/page/action/togo-i-border-data"' in drawn
    assert "/page/evidence/" not in page


def test_dialogue_page_lists_meetings_and_incoming_mentions(site):
    page = get(site, "/page/dialogue/rabat-process").text
    assert "Thematic meeting on border data" in page and "2019-07-10" in page
    assert 'href="/page/news/reunion-thematique-sur-les-donnees"' in page


def test_country_page_lists_actions_through_regions_and_charts(site):
    page = get(site, "/country/TG").text
    assert "Togo I: Border Data" in page
    assert "Gulf Coast I: Data Sharing" in page
    assert page.count("<svg role=\"img\"") == 2
    assert "Seminar on border crossing statistics" in page


def test_language_switch_sets_a_cookie_and_shows_french_labels(site):
    session = requests.Session()
    english = session.get(site + "/page/dialogue/rabat-process", timeout=30).text
    assert '<h1 lang="en">Rabat Process</h1>' in english
    french = session.get(site + "/page/dialogue/rabat-process?lang=fr", timeout=30)
    assert '<h1 lang="fr">Processus de Rabat</h1>' in french.text
    assert '<html lang="fr">' in french.text
    assert "secrétariat" in french.text and ">libellé</a>" in french.text
    assert session.cookies.get("migkg_lang") == "fr"
    again = session.get(site + "/page/dialogue/rabat-process", timeout=30).text
    assert "Processus de Rabat" in again


def test_accept_language_chooses_the_language(site):
    page = get(site, "/page/organisation/icmpd", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).text
    assert "Centre international pour le développement des politiques migratoires" in page
    assert "Accept-Language" in get(site, "/page/organisation/icmpd").headers["Vary"]


def _jsonld(page: str) -> dict:
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return json.loads(page[start:page.index("</script>", start)])


def test_pages_embed_schema_org_json_ld(site):
    data = _jsonld(get(site, f"/page/{ACTION}").text)
    assert data["@type"] == "Project" and data["@id"] == ID + ACTION
    assert data["name"] == "Togo I: Border Data" and data["startDate"] == "2012-03"


# --- safety --------------------------------------------------------------------------------

HOSTILE_PAGES = ["/page/action/hostile-markup", "/page/action/hostile-markup?lang=fr", "/page/document/hostile",
                 "/page/news/hostile-news", "/", "/search?q=hostile", "/browse/class/Action", "/country/TG",
                 "/query?query=" + requests.utils.quote("SELECT ?l WHERE { ?s rdfs:label|mkg:summary|dcterms:title ?l }")]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_markup_in_the_data_is_shown_as_text(site, path):
    page = get(site, path).text
    for raw in ("<script>window", "<img src=x", "<svg onload", "<iframe", "<style>body", "<b>Hostile", "<a href=\"javascript",
                'href="javascript'):
        assert raw not in page, raw
    assert page.count("<script") == page.count("</script>")


def test_only_web_addresses_become_links(site):
    page = get(site, "/page/action/hostile-markup").text
    assert "javascript:window.__migkgXss=&#39;anyuri&#39;" in page
    assert 'href="https://example.org/news/reunion"' in get(site, "/page/news/reunion-thematique-sur-les-donnees").text


def test_markup_survives_as_text_in_page_and_json_ld(site):
    page = get(site, "/page/action/hostile-markup").text
    assert html.escape("<b>Hostile Action</b>", quote=False) in page
    assert html.escape("<script>window.__migkgXss = 'quote'</script>It started in 2018.") in page or \
        "&lt;script&gt;window.__migkgXss = &#39;quote&#39;&lt;/script&gt;It started in 2018." in page
    data = _jsonld(page)
    assert data["name"] == "<img src=x onerror=\"window.__migkgXss='img'\">Hostile title"
    assert data["description"].startswith("</script><svg")


# --- home, browsing, search ----------------------------------------------------------------


def test_home_page_counts_classes_and_lists_latest_documents(site):
    page = get(site, "/").text
    counts = re.search(r'<a href="/browse/class/Action" lang="en">Action</a></td><td>(\d+)</td>', page)
    assert counts and counts.group(1) == "4"
    assert page.index("Communiqué : réunion thématique") < page.index("Catalogue of coastal cooperation Actions")
    assert 'role="search"' in page and page.count("<svg role=\"img\"") == 3


def test_home_page_follows_the_store():
    store = sample_store(None)
    with running_server(store) as url:
        first = get(url, "/").text
        store.update("INSERT DATA { GRAPH <https://w3id.org/migkg/id/document/x> {"
                     " <https://w3id.org/migkg/id/action/x> a mkg:Action ; mkg:startDate '1999'^^xsd:gYear } }")
        second = get(url, "/").text
    assert "/browse/class/Action?year=1999" not in first
    assert "/browse/class/Action?year=1999" in second


@pytest.mark.parametrize("facet,expected", [("countries", "Côte d’Ivoire"), ("themes", "border management"),
                                            ("dialogues", "Rabat Process"), ("programmes", "LAGOON")])
def test_browse_facets(site, facet, expected):
    response = get(site, f"/browse/{facet}")
    assert response.status_code == 200 and html.escape(expected, quote=False) in response.text


def test_browse_countries_counts_actions_directly_and_through_regions(site):
    page = get(site, "/browse/countries").text
    counts = dict(re.findall(r'<a href="/country/(\w\w)"[^>]*>[^<]*</a></td><td>(\d+)</td>', page))
    assert counts == {"TG": "3", "GH": "1", "CI": "1", "AT": "0"}


def test_browse_class_filters_by_year(site):
    page = get(site, "/browse/class/Action?year=2015").text
    assert "Gulf Coast I: Data Sharing" in page and "Togo I" not in page
    assert get(site, "/browse/class/Nothing").status_code == 404
    assert get(site, "/browse/class/Action?year=15").status_code == 400


@pytest.mark.parametrize("words,expected", [("cote ivoire", "/page/action/cote-d-ivoire-i-labour-mobility"),
                                            ("developpement politiques", "/page/organisation/icmpd"),
                                            ("FRONTIÈRES", "/page/vocab/theme/border-management"),
                                            ("statisti", "/page/action/togo-i-border-data")])
def test_search_is_accent_and_case_insensitive_over_english_and_french(site, words, expected):
    page = get(site, "/search", params={"q": words}).text
    assert f'href="{expected}"' in page
    assert "<mark>" in page


def test_search_without_hits_says_so(site):
    assert "Nothing found for" in get(site, "/search", params={"q": "zzzz qqqq"}).text
    assert get(site, "/search", params={"q": '" OR * NEAR('}).status_code == 200


# --- query page ----------------------------------------------------------------------------


def test_query_page_runs_a_query_and_offers_downloads(site):
    query = "SELECT ?a ?t WHERE { ?a a mkg:Action ; dcterms:title ?t } ORDER BY ?t"
    response = get(site, "/query", params={"query": query})
    assert response.status_code == 200
    assert 'id="row-count">4<' in response.text
    assert "Togo I: Border Data" in response.text
    for name in ("json", "xml", "csv", "tsv"):
        assert f"format={name}" in response.text
    construct = get(site, "/query", params={"query": "CONSTRUCT { ?a a mkg:Action } WHERE { ?a a mkg:Action }"}).text
    for name in ("ttl", "nt", "jsonld", "rdfxml"):
        assert f"format={name}" in construct


@pytest.mark.parametrize("query,expected", [
    ("SELECT ?a WHERE { ?a a mkg:Action }", {"json": "application/sparql-results+json", "csv": "text/csv",
                                             "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml"}),
    ("CONSTRUCT { ?a a mkg:Action } WHERE { ?a a mkg:Action }", {"ttl": "text/turtle", "nt": "application/n-triples",
                                                               "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}),
])
def test_query_page_download_links_answer(site, query, expected):
    page = get(site, "/query", params={"query": query}).text
    links = dict(re.findall(r'<a href="(/sparql\?[^"]+)">(\w+)</a>', page))
    by_name = {name: html.unescape(href) for href, name in links.items()}
    for name, media in expected.items():
        response = get(site, by_name[name])
        assert response.status_code == 200, (name, response.text[:200])
        assert response.headers["Content-Type"].split(";")[0] == media


def test_query_page_lists_the_named_queries(site):
    from migkg import queries

    page = get(site, "/query").text
    for named in queries.all_queries():
        assert str(markupsafe.escape(named.title)) in page


@pytest.mark.parametrize("query,status", [("SELECT WHERE {", 400), ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403)])
def test_query_page_reports_bad_queries(site, query, status):
    response = get(site, "/query", params={"query": query})
    assert response.status_code == status
    assert 'role="alert"' in response.text


# --- dumps ---------------------------------------------------------------------------------


def test_dumps_hold_the_whole_store(site):
    assert 'href="/dumps/migkg.nq.gz"' in get(site, "/dumps").text
    nquads = get(site, "/dumps/migkg.nq.gz")
    assert nquads.status_code == 200
    quads = list(pyoxigraph.parse(gzip.decompress(nquads.content), format=pyoxigraph.RdfFormat.N_QUADS))
    trig = list(pyoxigraph.parse(get(site, "/dumps/migkg.trig").content, format=pyoxigraph.RdfFormat.TRIG))
    assert set(quads) == set(trig)
    graphs = {q.graph_name.value for q in quads}
    assert ID + "document/gulf-catalogue" in graphs and "https://w3id.org/migkg/ontology" in graphs
    turtle = list(pyoxigraph.parse(get(site, "/dumps/migkg.ttl").content, format=pyoxigraph.RdfFormat.TURTLE))
    assert {(q.subject, q.predicate, q.object) for q in quads} == {(t.subject, t.predicate, t.object) for t in turtle}


def test_dump_is_regenerated_when_the_store_changes(tmp_path):
    store = sample_store(None)
    with running_server(store, {"MIGKG_DUMP_DIR": str(tmp_path)}) as url:
        before = get(url, "/dumps/migkg.ttl").content
        store.update("INSERT DATA { GRAPH <https://w3id.org/migkg/id/document/extra> { <https://w3id.org/migkg/id/action/extra> a mkg:Action } }")
        after = get(url, "/dumps/migkg.ttl").content
    assert b"action/extra" not in before and b"action/extra" in after
