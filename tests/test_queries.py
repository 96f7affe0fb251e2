"""The named queries: documented, parameters checked, answers right on a hand-made graph."""

from pathlib import Path

import pyoxigraph
import pytest

from migkg import queries
from migkg.errors import UsageProblem
from migkg.queries.output import plain
from migkg.triples.store import GraphStore

FIXTURE = Path(__file__).parent / "data" / "queries" / "fixture.trig"
ID = "https://w3id.org/migkg/id/"
TOGO = ID + "action/togo-ii-border-management"
WEST = ID + "action/west-africa-remittances"
TOGO_TITLE = "Togo II: Border Management"
WEST_TITLE = "West Africa: Remittances"
NEWS = ID + "news/n1"
NEWS_TITLE = "Event: Dialogue meets in Niamey"
NEWS_DATE = "2019-06-04T10:00:00+02:00"

#: the contract of the query-library issue: names and result variables
CONTRACT = {
    "actions": "action title beneficiary start end ongoing",
    "action-activities": "action title kind date place planned",
    "action-experts": "action title country organisation",
    "action-themes": "action title theme",
    "action-outputs": "action title output",
    "actions-per-country": "country actions",
    "actions-per-theme": "theme actions",
    "actions-per-year": "year actions",
    "news": "item title date link category",
    "news-mentions": "item title entity label type",
    "dialogue-mentions": "dialogue name item title date",
    "events": "event label date place participants countries",
    "partnerships": "partnership kind date party partyName",
    "organisations": "organisation name acronym kind country",
    "country-profile": "relation resource label date",
    "provenance": "property value document quote",
}

#: hand-made answers on tests/data/queries/fixture.trig ('' = unbound)
EXPECTED = {
    ("actions", ()): {
        (TOGO, TOGO_TITLE, "TG", "2015-03", "", "true"),
        (WEST, WEST_TITLE, "West Africa", "2012-09", "2013-07", "false"),
    },
    ("action-activities", ()): {
        (TOGO, TOGO_TITLE, "fact-finding mission", "2015-05", "Lomé", "false"),
        (TOGO, TOGO_TITLE, "seminar", "2016-02-10/2016-02-12", "", "true"),
    },
    ("action-activities", (("action", WEST),)): set(),
    ("action-experts", ()): {
        (TOGO, TOGO_TITLE, "PT", ""),
        (TOGO, TOGO_TITLE, "", "private consultant"),
    },
    ("action-themes", ()): {
        (TOGO, TOGO_TITLE, "border management"),
        (WEST, WEST_TITLE, "migration and development"),
        (WEST, WEST_TITLE, "remittances"),
    },
    ("action-outputs", ()): {(TOGO, TOGO_TITLE, "National Border Strategy")},
    ("actions-per-country", ()): {("TG", "2"), ("GH", "1")},
    ("actions-per-theme", ()): {("border management", "1"), ("migration and development", "1"), ("remittances", "1")},
    ("actions-per-year", ()): {("2012", "1"), ("2015", "1")},
    ("news", ()): {(NEWS, NEWS_TITLE, NEWS_DATE, "https://example.org/n1", "Event")},
    ("news-mentions", ()): {
        (NEWS, NEWS_TITLE, ID + "dialogue/rabat-process", "Rabat Process", "MigrationDialogue"),
        (NEWS, NEWS_TITLE, "http://publications.europa.eu/resource/authority/country/NER", "Niger", "Country"),
        (NEWS, NEWS_TITLE, ID + "organisation/icmpd", "International Centre for Migration Policy Development", "InternationalOrganisation"),
        (NEWS, NEWS_TITLE, ID + "event/m1", "Thematic meeting", "ThematicMeeting"),
    },
    ("dialogue-mentions", ()): {(ID + "dialogue/rabat-process", "Rabat Process", NEWS, NEWS_TITLE, NEWS_DATE)},
    ("events", ()): {(ID + "event/m1", "Thematic meeting", "2019-06-03/2019-06-04", "Niamey", "60", "25")},
    ("partnerships", ()): {
        (ID + "partnership/p1", "memorandum of understanding", "2019-06-04", ID + "organisation/icmpd", "ICMPD"),
        (ID + "partnership/p1", "memorandum of understanding", "2019-06-04",
         ID + "organisation/ministry-of-interior-of-niger", "Ministry of Interior of Niger"),
    },
    ("organisations", ()): {
        (ID + "organisation/icmpd", "International Centre for Migration Policy Development", "ICMPD", "international organisation", ""),
        (ID + "organisation/ministry-of-interior-of-niger", "Ministry of Interior of Niger", "", "ministry", "NE"),
    },
    ("country-profile", (("country", "TG"),)): {
        ("beneficiary of", TOGO, TOGO_TITLE, "2015-03"),
        ("beneficiary, within a region, of", WEST, WEST_TITLE, "2012-09"),
        ("host of", ID + "activity/togo-ii-border-management-1", "fact-finding mission, May 2015", "2015-05"),
    },
    ("country-profile", (("country", "ne"),)): {
        ("host of", ID + "event/m1", "Thematic meeting", "2019-06-03"),
        ("organisation of", ID + "organisation/ministry-of-interior-of-niger", "Ministry of Interior of Niger", ""),
        ("mentioned in", NEWS, NEWS_TITLE, NEWS_DATE),
    },
    ("country-profile", (("country", "PT"),)): {("sent experts to", TOGO, TOGO_TITLE, "2015-03")},
    ("provenance", (("resource", TOGO),)): {
        ("https://w3id.org/migkg/ontology#startDate", "2015-03", ID + "document/cat", "Duration: March 2015present"),
    },
}


@pytest.fixture(scope="module")
def store() -> GraphStore:
    graph_store = GraphStore.open()
    graph_store.extend(pyoxigraph.parse(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG))
    return graph_store


def test_the_contract_is_shipped():
    assert queries.names() == sorted(CONTRACT)
    for name, variables in CONTRACT.items():
        named = queries.get(name)
        contract = tuple(variables.split())
        # pyoxigraph binds only projected variables, so a parameter not in the contract comes last
        extra = tuple(p.name for p in named.parameters if p.name not in contract)
        assert named.variables == contract + extra, name


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_each_query_is_documented(name):
    named = queries.get(name)
    assert named.title and named.title != name
    assert len(named.description) > 40
    assert named.examples and all(example.startswith("migkg query " + name) for example in named.examples)


@pytest.mark.parametrize(("name", "params"), sorted(EXPECTED), ids=lambda v: v if isinstance(v, str) else "-".join(f"{k}={x}" for k, x in v))
def test_answers_on_a_hand_made_graph(store, name, params):
    named = queries.get(name)
    results = store.query(named.text, substitutions=named.bind(dict(params)))
    variables = [v.value for v in results.variables]
    contract = CONTRACT[name].split()
    rows = [tuple(plain(solution[v]) for v in contract) for solution in results]
    assert variables[: len(contract)] == contract
    assert len(rows) == len(set(rows)), f"{name} repeats rows: {rows}"
    assert set(rows) == EXPECTED[(name, params)]


def test_every_query_has_an_expected_answer():
    assert {name for name, _ in EXPECTED} == set(CONTRACT)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("actions", {"colour": "red"}, "has no parameter 'colour'"),
        ("country-profile", {}, "needs the parameter 'country'"),
        ("country-profile", {"country": "XX"}, "is not an ISO 3166-1 alpha-2 country code"),
        ("country-profile", {"country": "BDI"}, "is not an ISO 3166-1 alpha-2 country code"),
        ("provenance", {"resource": "not an iri"}, "is not an absolute IRI"),
        ("provenance", {"resource": "http://x/<y>"}, "is not an absolute IRI"),
    ],
)
def test_wrong_parameters_are_named(name, params, message):
    with pytest.raises(UsageProblem, match=message):
        queries.get(name).bind(params)


def test_unknown_query_lists_the_names():
    with pytest.raises(UsageProblem, match="actions-per-theme"):
        queries.get("no-such-query")


def test_a_bad_param_line_names_the_file(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# param: x colour  A colour.\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(UsageProblem, match="mine.rq"):
        queries.from_file(path)
