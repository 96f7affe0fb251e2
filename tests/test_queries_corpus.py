"""The named queries on the sample corpus, against answers derived from the hand-made expected facts.

tests/data/expected/*.json were written by reading the documents; here they give the rows each
query should return. The loaders are measured, not perfect, so each query must reach precision
and recall of at least 0.9 against those rows (tests/test_queries.py checks the queries exactly
on a hand-made graph).
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from migkg import queries
from migkg.loaders import iter_sources
from migkg.queries.output import plain
from migkg.triples.build import build
from migkg.triples.store import GraphStore

EXPECTED = Path(__file__).parent / "data" / "expected"
SAMPLE = ["000_83c14ec609e64d3a", "001_d0b15aa91c0e4644", "002_33b1a0ea1496d43f", "003_ec749969724e756e",
          "004_99689216857a831c"]
THRESHOLD = 0.9


def _facts() -> list[dict]:
    return [json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8")) for name in SAMPLE]


def _actions():
    return [action for facts in _facts() for action in facts.get("actions", [])]


def expected_rows(name: str) -> set[tuple]:
    """The rows `name` should return on the sample corpus, as tuples of the compared variables."""
    if name == "actions":
        return {(a["title"], a["beneficiary"], a["start"] or "", a["end"] or "", str(a["ongoing"]).lower())
                for a in _actions()}
    if name == "action-themes":
        return {(a["title"], theme) for a in _actions() for theme in a["themes"]}
    if name == "action-activities":
        return {(a["title"], act["kind"], act["date"] or "", str(act["planned"]).lower())
                for a in _actions() for act in a["activities"]}
    if name == "action-experts":
        rows = set()
        for a in _actions():
            for e in a["experts"]:
                origin = e["origin"] or ""
                is_country = len(origin) == 2 and origin.isupper()
                rows.add((a["title"], origin if is_country else "", "" if is_country else (origin or e["kind"])))
        return rows
    if name == "actions-per-country":
        counts = Counter()
        for a in _actions():
            for code in set(a["beneficiary_countries"]) | ({a["beneficiary"]} if len(a["beneficiary"]) == 2 else set()):
                counts[code] += 1
        return {(code, str(n)) for code, n in counts.items()}
    if name == "actions-per-year":
        counts = Counter(a["start"][:4] for a in _actions() if a["start"])
        return {(year, str(n)) for year, n in counts.items()}
    if name == "news":
        return {(item["title"] or "", (item["date"] or "")[:10], item["link"] or "", item["category"] or "")
                for facts in _facts() for item in facts.get("news_items", [])}
    if name == "partnerships":
        return {(p["kind"], p["date"] or "", party) for facts in _facts() for p in facts.get("partnerships", [])
                for party in p["parties"]}
    raise KeyError(name)


#: how to read a result row into the compared tuple
PROJECTIONS = {
    "actions": lambda r: (r["title"], r["beneficiary"], r["start"], r["end"], r["ongoing"]),
    "action-themes": lambda r: (r["title"], r["theme"]),
    "action-activities": lambda r: (r["title"], r["kind"], r["date"], r["planned"]),
    "action-experts": lambda r: (r["title"], r["country"], r["organisation"]),
    "actions-per-country": lambda r: (r["country"], r["actions"]),
    "actions-per-year": lambda r: (r["year"], r["actions"]),
    "news": lambda r: (r["title"], r["date"][:10], r["link"], r["category"]),
    "partnerships": lambda r: (r["kind"], r["date"], r["partyName"]),
}


def _same_quotes(row: tuple) -> tuple:
    """Typographic and straight apostrophes compare equal (the loaders normalise them)."""
    return tuple(value.replace("\u2019", "'") for value in row)


@pytest.fixture(scope="module")
def store(corpus_dir, tmp_path_factory):
    graph_store = GraphStore.open(tmp_path_factory.mktemp("corpus") / "store")
    report = build(graph_store, list(iter_sources([str(corpus_dir)])))
    assert report.ok
    yield graph_store
    graph_store.close()


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_answers_match_the_hand_made_facts(store, name):
    named = queries.get(name)
    results = store.query(named.text)
    variables = [v.value for v in results.variables]
    found = {_same_quotes(PROJECTIONS[name]({v: plain(s[v]) for v in variables})) for s in results}
    expected = {_same_quotes(row) for row in expected_rows(name)}
    correct = found & expected
    precision = len(correct) / len(found) if found else 0.0
    recall = len(correct) / len(expected)
    assert expected and precision >= THRESHOLD and recall >= THRESHOLD, (
        f"{name}: precision {precision:.2f}, recall {recall:.2f}; "
        f"missing {sorted(expected - found)[:5]}, unexpected {sorted(found - expected)[:5]}"
    )


@pytest.mark.parametrize("name", sorted(set(queries.names()) - set(PROJECTIONS)))
def test_the_other_queries_answer_on_the_corpus(store, name):
    named = queries.get(name)
    params = {"country-profile": {"country": "BI"},
              "provenance": {"resource": "https://w3id.org/migkg/id/action/burundi-ii-migration-and-development"}}
    rows = list(store.query(named.text, substitutions=named.bind(params.get(name, {}))))
    assert rows, f"{name} answers nothing on the sample corpus"
