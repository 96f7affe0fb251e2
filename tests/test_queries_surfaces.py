"""The named queries through the CLI and over HTTP give the same answers; wrong parameters fail cleanly."""

import json
import subprocess
import sys

import pytest
import requests
from click.testing import CliRunner
from test_queries import CONTRACT, EXPECTED, FIXTURE
from test_server_harness import ServerProcess

from migkg.cli import cli

_BUILD = """
import sys, pyoxigraph
from migkg.triples.store import GraphStore
store = GraphStore.open(sys.argv[1])
store.extend(pyoxigraph.parse(path=sys.argv[2], format=pyoxigraph.RdfFormat.TRIG))
store.flush()
"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "store"
    subprocess.run([sys.executable, "-c", _BUILD, str(path), str(FIXTURE)], check=True)
    return path


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory):
    copy = tmp_path_factory.mktemp("served") / "store"
    subprocess.run([sys.executable, "-c", _BUILD, str(copy), str(FIXTURE)], check=True)
    running = ServerProcess(copy, "--workers", "2")
    yield running
    running.stop()


def _cli(*args, store_dir):
    return CliRunner().invoke(cli, [*args, "--store", str(store_dir)], catch_exceptions=False)


def _rows(results_json: dict, variables: list[str]) -> set[tuple]:
    return {
        tuple(binding.get(v, {}).get("value", "") for v in variables)
        for binding in results_json["results"]["bindings"]
    }


def test_cli_json_is_sparql_results(store_dir):
    result = _cli("query", "actions", "--format", "json", store_dir=store_dir)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"] == CONTRACT["actions"].split()
    assert _rows(data, data["head"]["vars"]) == EXPECTED[("actions", ())]


def test_cli_table_and_csv(store_dir):
    table = _cli("query", "actions-per-country", "--format", "table", store_dir=store_dir)
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["country", "|", "actions"]
    assert lines[2].split() == ["TG", "|", "2"]
    csv = _cli("query", "actions-per-country", "--format", "csv", store_dir=store_dir)
    assert csv.output.splitlines() == ["country,actions", "TG,2", "GH,1"]


def test_cli_takes_a_file_and_sparql_text(store_dir, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("# title: Count\nSELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a mkg:Action }\n")
    assert _cli("query", str(path), "--format", "csv", store_dir=store_dir).output.splitlines() == ["n", "2"]
    text = _cli("query", "--sparql", "ASK { ?a a mkg:Action }", "--format", "json", store_dir=store_dir)
    assert json.loads(text.output)["boolean"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "country-profile", "--param", "country=ZZ"], "not an ISO 3166-1 alpha-2"),
        (["query", "provenance", "--param", "resource=no iri"], "not an absolute IRI"),
        (["query", "actions", "--param", "year=2010"], "has no parameter 'year'"),
        (["query", "actions", "--param", "year"], "is not KEY=VALUE"),
        (["query", "no-such-query"], "no named query"),
        (["query"], "name a query"),
    ],
)
def test_cli_wrong_parameters_exit_2(store_dir, args, message):
    result = CliRunner().invoke(cli, [*args, "--store", str(store_dir)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_http_lists_the_queries(server):
    listing = requests.get(server.url + "/queries", headers={"Accept": "application/json"}, timeout=10).json()
    assert sorted(q["name"] for q in listing) == sorted(CONTRACT)
    html = requests.get(server.url + "/queries", headers={"Accept": "text/html"}, timeout=10)
    assert html.status_code == 200 and "text/html" in html.headers["Content-Type"]
    assert "Country profile" in html.text


@pytest.mark.parametrize(("name", "params"), sorted(EXPECTED), ids=lambda v: v if isinstance(v, str) else "-".join(f"{k}={x}" for k, x in v))
def test_http_and_cli_agree_and_are_right(server, store_dir, name, params):
    response = requests.get(server.url + f"/queries/{name}", params={**dict(params), "format": "json"}, timeout=30)
    assert response.status_code == 200, response.text
    http = response.json()
    contract = CONTRACT[name].split()
    args = ["query", name, "--format", "json"]
    for key, value in params:
        args += ["--param", f"{key}={value}"]
    cli_result = _cli(*args, store_dir=store_dir)
    assert cli_result.exit_code == 0, cli_result.output
    assert _rows(http, contract) == _rows(json.loads(cli_result.output), contract) == EXPECTED[(name, params)]


def test_http_negotiates_formats_and_html(server):
    csv = requests.get(server.url + "/queries/actions-per-year", headers={"Accept": "text/csv"}, timeout=10)
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines() == ["year,actions", "2012,1", "2015,1"]
    html = requests.get(server.url + "/queries/actions-per-year", headers={"Accept": "text/html"}, timeout=10)
    assert "<table" in html.text and "2015" in html.text
    assert requests.get(server.url + "/queries/actions.rq", timeout=10).text.startswith("# title: Actions")


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/queries/country-profile", {"country": "ZZ"}, 400),
        ("/queries/country-profile", {}, 400),
        ("/queries/provenance", {"resource": "not an iri"}, 400),
        ("/queries/actions", {"colour": "red"}, 400),
        ("/queries/no-such-query", {}, 404),
    ],
)
def test_http_wrong_parameters(server, path, params, status):
    response = requests.get(server.url + path, params=params, headers={"Accept": "application/json"}, timeout=10)
    assert response.status_code == status
    assert "Traceback" not in response.text


DOCS_COMMAND = [
    "queries", "--markdown", "--rows", "6",
    "--example", "country-profile:country=TG",
    "--example", "provenance:resource=https://w3id.org/migkg/id/action/togo-ii-border-management",
    "--example", "action-activities:action=https://w3id.org/migkg/id/action/togo-ii-border-management",
]


def test_docs_show_every_query_with_an_example_and_its_output(store_dir):
    """docs/queries.md is what `migkg queries --markdown` writes on the fixture (regenerate with DOCS_COMMAND)."""
    result = _cli(*DOCS_COMMAND, store_dir=store_dir)
    assert result.exit_code == 0, result.output
    docs = (FIXTURE.parents[3] / "docs" / "queries.md").read_text(encoding="utf-8")
    assert docs == result.output, "docs/queries.md is stale: regenerate it with `migkg " + " ".join(DOCS_COMMAND) + " --store STORE`"
    for name in CONTRACT:
        section = docs.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
        assert "$ migkg query " + name in section
        assert "--+--" in section or "-+-" in section, f"{name} shows no output"
