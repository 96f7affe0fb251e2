"""The pages' pure helpers: IRI ↔ address mapping, search index, charts, store versions."""

import pytest
from pyoxigraph import Literal, NamedNode

from migkg.server import charts, resource, search
from migkg.server.pages import split_extension
from test_pages_helpers import sample_store

BASE = "https://example.org/kg/"


@pytest.mark.parametrize(
    "iri,page",
    [
        (BASE + "id/action/x", "/page/action/x"),
        (BASE + "id/evidence/0a0a/selector", "/page/evidence/0a0a/selector"),
        ("https://w3id.org/migkg/vocab/theme/border-management", "/page/vocab/theme/border-management"),
        ("https://w3id.org/migkg/ontology", "/ontology"),
        ("https://w3id.org/migkg/ontology#Action", "/ontology#Action"),
        ("http://publications.europa.eu/resource/authority/country/BDI", "/country/BI"),
        ("http://publications.europa.eu/resource/authority/country/XXX", None),
        ("https://w3id.org/migkg/id/action/x", None),
        ("https://schema.org/Project", None),
    ],
)
def test_local_page(iri, page):
    assert resource.local_page(iri, BASE) == page


def test_local_data_and_id():
    assert resource.local_data(BASE + "id/action/x", BASE, "ttl") == "/data/action/x.ttl"
    assert resource.local_data("http://publications.europa.eu/resource/authority/country/BDI", BASE, "nt") == "/country/BI.nt"
    assert resource.local_data("https://w3id.org/migkg/ontology#Action", BASE, "ttl") is None
    assert resource.local_id(BASE + "id/action/x", BASE) == "/id/action/x"
    assert resource.local_id("https://w3id.org/migkg/vocab/theme/a", BASE) == "/vocab/theme/a"


@pytest.mark.parametrize(
    "path,expected",
    [("action/x.ttl", ("action/x", "ttl")), ("action/x", ("action/x", None)), ("action/x.html", ("action/x.html", None)),
     ("action/v1.2", ("action/v1.2", None)), ("action/x.jsonld", ("action/x", "jsonld"))],
)
def test_split_extension(path, expected):
    assert split_extension(path) == expected


def test_normalise_base_adds_the_slash(monkeypatch):
    assert resource.normalise_base("https://example.org/kg") == "https://example.org/kg/"
    monkeypatch.setenv("MIGKG_BASE_IRI", "https://env.example.org/")
    assert resource.normalise_base(None) == "https://env.example.org/"


def test_bind_writes_terms_and_refuses_text():
    query = resource.bind("ASK { $r ?p $v }", r=NamedNode("http://a/b"), v=Literal('x"y', language="fr"))
    assert query == 'ASK { <http://a/b> ?p "x\\"y"@fr }'
    with pytest.raises(TypeError, match=r"\$r"):
        resource.bind("ASK { $r ?p ?o }", r="http://a/b> } ; DROP ALL ; {")


def test_best_literal_prefers_the_language_then_english_then_untagged():
    labels = [Literal("Rabat"), Literal("Rabat Process", language="en"), Literal("Processus de Rabat", language="fr")]
    assert resource.best_literal(labels, "fr").value == "Processus de Rabat"
    assert resource.best_literal(labels[:2], "fr").value == "Rabat Process"
    assert resource.best_literal([Literal("x", language="de"), Literal("y")], "fr").value == "y"


@pytest.mark.parametrize("iri,name", [("https://w3id.org/migkg/ontology#startDate", "start date"),
                                      ("http://www.w3.org/ns/org#OrganizationalCollaboration", "organizational collaboration"),
                                      ("http://example.org/ICMPD", "ICMPD")])
def test_readable_name(iri, name):
    assert resource.readable_name(iri) == name


@pytest.mark.parametrize("text,expression", [("cote ivoire", '"cote" "ivoire"*'), ('a"b OR c', '"a" "b" "OR" "c"*'),
                                             ("  ", None), ("(*)", None)])
def test_fts_query_quotes_every_word(text, expression):
    assert search.fts_query(text) == expression


def test_snippet_parts_mark_matches():
    snippet = f"the {search.MATCH_START}Côte{search.MATCH_END} d’Ivoire"
    assert search.snippet_parts(snippet) == [("the ", False), ("Côte", True), (" d’Ivoire", False)]


def test_search_index_follows_the_store(tmp_path):
    store = sample_store(tmp_path / "store")
    index = search.index_for(store)
    assert [hit.iri for hit in index.search("LOMÉ")] == ["https://w3id.org/migkg/id/place/lome"]
    assert search.index_for(store) is index
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:x> <http://www.w3.org/2000/01/rdf-schema#label> 'Ouagadougou'@fr } }")
    rebuilt = search.index_for(store)
    assert rebuilt is not index
    assert [hit.iri for hit in rebuilt.search("ouaga")] == ["urn:x"]


def test_store_version_changes_with_the_data(tmp_path):
    for store in (sample_store(None), sample_store(tmp_path / "store")):
        before = resource.store_version(store)
        assert resource.store_version(store) == before
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'c' } }")
        assert resource.store_version(store) != before


def test_bar_chart_scales_bars_to_the_largest():
    chart = charts.bar_chart("t", [("2012", 4), ("2013", 2), ("2014", 0)], href=lambda y: f"/y/{y}")
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 2.0
    assert [bar.href for bar in chart.bars] == ["/y/2012", "/y/2013", "/y/2014"]
    assert chart.height >= len(chart.bars) * chart.bar_height


def test_charts_count_actions_per_year_theme_and_region():
    store = sample_store(None)
    shown = resource.Presenter(store, "https://w3id.org/migkg/", "fr")
    assert charts.year_counts(store) == [("2012", 1), ("2015", 2)]
    togo = NamedNode("http://publications.europa.eu/resource/authority/country/TGO")
    assert charts.year_counts(store, country=togo) == [("2012", 1), ("2015", 1)]
    themes = {value.text: n for value, n in charts.theme_counts(store, shown)}
    assert themes == {"gestion des frontières": 2, "migration de travail": 2}
    regions = {value.text: n for value, n in charts.region_counts(store, shown)}
    assert regions == {"Gulf Coast": 2}


def test_link_map_places_nodes_on_a_circle():
    center = resource.Value("c")
    pairs = [(resource.Value("p"), resource.Value(str(i), href=f"/page/{i}")) for i in range(4)]
    layout = charts.link_map(center, pairs, size=200)
    distances = {round(((n.x - 100) ** 2 + (n.y - 100) ** 2) ** 0.5) for n in layout.nodes}
    assert len(distances) == 1 and len(layout.nodes) == 4
