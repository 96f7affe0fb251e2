"""Score the loaders against hand-written expected facts (tests/data/expected/README.md).

Each document that has an expected JSON file is extracted, its quads loaded into an in-memory
store, and its facts read back with SPARQL; both sides become sets of tuples per field, with
entity names resolved through the gazetteer (and names it does not know through the labels of
the entities extracted from the same document), and are compared: precision, recall and F1 per
field, per document set ("sample", "unseen").
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from pyoxigraph import NamedNode

from migkg.errors import LoaderError
from migkg.loaders.extraction import extract
from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.registry import loader_names
from migkg.loaders.sources import Source
from migkg.loaders.text import fold
from migkg.triples import iris
from migkg.triples.store import GraphStore

#: the fields scored, in report order
FIELDS = (
    "actions",
    "dates",
    "themes",
    "activities",
    "expert origins",
    "news items",
    "mentions",
    "partnerships",
    "events",
    "people",
)


@dataclass
class Score:
    """Counts of one field: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def expected(self) -> int:
        return self.tp + self.fn

    @property
    def found(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentResult:
    """One document's scores and the tuples that differ."""

    name: str
    scores: dict[str, Score]
    missing: dict[str, set] = field(default_factory=dict)
    unexpected: dict[str, set] = field(default_factory=dict)


@dataclass
class Report:
    """Scores of one document set, per field and overall."""

    fields: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    documents: list[DocumentResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.fields.values():
            total.add(score)
        return total


# --- normalising values ------------------------------------------------------------------------------


def _text(value: str | None) -> str | None:
    """Titles and names compared without case, accents, typographic marks or extra spaces."""
    if value is None:
        return None
    return re.sub(r"\s+", " ", fold(value)).strip() or None


def _slug(value: str | None) -> str | None:
    return iris.slug(value) if value else None


def entity_id(name: str | None, kind: str | None = None, labels: dict[str, set[str]] | None = None) -> str | None:
    """An expected file's entity name as the identity the RDF gives it (alpha-2 code or IRI slug).

    `kind` is the expected file's type (Country, Organisation...) where it gives one: a two-letter
    name is a country code unless the type or an organisation acronym (AU, the African Union) says otherwise.
    `labels` (from `entity_labels`) maps the folded labels of the entities extracted from the same
    document to their identities: a name the gazetteer does not know that is the label or alternative
    label of exactly one of them is that entity ("Department of Migrant Workers" and "DMW" alike).
    """
    if not name:
        return None
    ref = gazetteer().lookup(name)
    if re.fullmatch(r"[A-Z]{2}", name) and pycountry.countries.get(alpha_2=name):
        acronym = ref is not None and ref.kind == "organisation" and ref.key == name
        if kind == "Country" or (kind is None and not acronym):
            return name
    if ref is not None:
        return ref.key if ref.kind == "country" else iris.slug(ref.key)
    named = (labels or {}).get(_text(name), set())
    if not named:  # "Agency for X" against "Agency for X of Uzbekistan": the country qualifies, it does not identify
        prefix = _text(name) + " of "
        named = {identity for label, identities in (labels or {}).items() if label.startswith(prefix)
                 and gazetteer().lookup(label[len(prefix):], "country") is not None for identity in identities}
    if len(named) == 1:
        return next(iter(named))
    return iris.slug(gazetteer().canonical(name))


#: expert kinds whose origin is an organisation; any other kind's two-letter origin is a country (AU: Australia)
_ORGANISATION_ORIGINS = {"international organisation", "regional organisation"}


_LABELS = """
SELECT DISTINCT ?entity ?label WHERE {
  { ?entity rdfs:label ?label } UNION { ?entity skos:altLabel ?label }
  FILTER(isIRI(?entity) && REGEX(STR(?entity), "/id/(organisation|dialogue|programme|project|person|place|region)/"))
}"""


def entity_labels(store: GraphStore) -> dict[str, set[str]]:
    """The folded labels and alternative labels of the named entities in `store`, each to the identities
    (`node_id`) of the entities that carry it."""
    labels: dict[str, set[str]] = {}
    for row in store.query(_LABELS):
        folded = _text(row["label"].value)
        if folded:
            labels.setdefault(folded, set()).add(node_id(row["entity"]))
    return labels


def node_id(node) -> str | None:
    """A resource of the RDF as the same identity: alpha-2 for a country, else its IRI's last segment."""
    if not isinstance(node, NamedNode):
        return None
    code = iris.country_code(node)
    return code if code else node.value.rstrip("/").rsplit("/", 1)[-1]


def _date(start: str | None, end: str | None) -> str | None:
    if not start:
        return None
    return f"{start}/{end}" if end and end != start else start


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


# --- expected facts ------------------------------------------------------------------------------------


def expected_tuples(data: dict, labels: dict[str, set[str]] | None = None) -> dict[str, set]:
    """The expected facts of one JSON file as sets of tuples per field; `labels` as for `entity_id`."""
    facts = {name: set() for name in FIELDS}
    for action in data.get("actions") or []:
        title = _text(action["title"])
        facts["actions"].add((title,))
        if action.get("start"):
            facts["dates"].add((title, "start", action["start"]))
        if action.get("end"):
            facts["dates"].add((title, "end", action["end"]))
        if action.get("ongoing") is not None:
            facts["dates"].add((title, "ongoing", bool(action["ongoing"])))
        for theme in action.get("themes") or []:
            facts["themes"].add((title, _slug(theme)))
        for activity in action.get("activities") or []:
            facts["activities"].add((title, _slug(activity["kind"]), activity.get("date")))
        for expert in action.get("experts") or []:
            origin_type = None if expert.get("kind") in _ORGANISATION_ORIGINS else "Country"
            origin = (entity_id(expert.get("origin"), origin_type, labels=labels) if expert.get("origin")
                      else _slug(expert.get("kind")))
            facts["expert origins"].add((title, origin))
    for item in data.get("news_items") or []:
        facts["news items"].add((_text(item["title"]), _day(item.get("date")), item.get("link"), _text(item.get("category"))))
    for mention in data.get("mentions") or []:
        facts["mentions"].add((_text(mention["item"]), entity_id(mention["name"], mention.get("type"), labels)))
    for partnership in data.get("partnerships") or []:
        parties = tuple(sorted(entity_id(p, labels=labels) for p in partnership.get("parties") or []))
        facts["partnerships"].add((_slug(partnership["kind"]), parties, partnership.get("date")))
    for event in data.get("events") or []:
        facts["events"].add((_text(event["item"]), event.get("date"), event.get("participants"), event.get("countries")))
    for person in data.get("people") or []:
        facts["people"].add((_text(person["name"]), _text(person.get("role"))))
    return facts


# --- facts read back from the RDF ----------------------------------------------------------------------

_ACTIONS = """
SELECT ?action ?title ?start ?end ?ongoing WHERE {
  ?action a mkg:Action ; dcterms:title ?title .
  OPTIONAL { ?action mkg:startDate ?start }
  OPTIONAL { ?action mkg:endDate ?end }
  OPTIONAL { ?action mkg:ongoing ?ongoing }
}"""
_THEMES = "SELECT ?title ?theme WHERE { ?a a mkg:Action ; dcterms:title ?title ; mkg:theme ?theme }"
_ACTIVITIES = """
SELECT ?title ?activity ?kind ?start ?end WHERE {
  ?a a mkg:Action ; dcterms:title ?title ; mkg:hasActivity ?activity .
  OPTIONAL { ?activity mkg:activityKind ?kind }
  OPTIONAL { ?activity mkg:startDate ?start }
  OPTIONAL { ?activity mkg:endDate ?end }
}"""
_EXPERTS = """
SELECT ?title ?origin ?kind WHERE {
  ?a a mkg:Action ; dcterms:title ?title ; mkg:expertDeployment ?d .
  OPTIONAL { ?d mkg:expertOrigin ?origin }
  OPTIONAL { ?d mkg:expertOriginKind ?kind }
}"""
_NEWS = """
SELECT ?item ?title ?issued ?link ?category WHERE {
  ?item a mkg:NewsItem .
  OPTIONAL { ?item dcterms:title ?title }
  OPTIONAL { ?item dcterms:issued ?issued }
  OPTIONAL { ?item mkg:link ?link }
  OPTIONAL { ?item mkg:category ?category }
}"""
_MENTIONS = "SELECT ?title ?entity WHERE { ?item a mkg:NewsItem ; mkg:mentions ?entity OPTIONAL { ?item dcterms:title ?title } }"
_EVENTS = """
SELECT ?title ?event ?start ?end ?participants ?countries WHERE {
  ?item a mkg:NewsItem ; mkg:mentions ?event .
  OPTIONAL { ?item dcterms:title ?title }
  FILTER(CONTAINS(STR(?event), "/id/event/") || CONTAINS(STR(?event), "/id/meeting/"))
  OPTIONAL { ?event mkg:startDate ?start }
  OPTIONAL { ?event mkg:endDate ?end }
  OPTIONAL { ?event mkg:participantCount ?participants }
  OPTIONAL { ?event mkg:countryCount ?countries }
}"""
_PARTNERSHIPS = """
SELECT ?p ?kind ?party ?date WHERE {
  ?p mkg:partnershipKind ?kind .
  OPTIONAL { ?p mkg:party ?party }
  OPTIONAL { ?p mkg:date ?date }
}"""
_PEOPLE = """
SELECT ?name ?role WHERE {
  ?person a mkg:Person ; rdfs:label ?name .
  OPTIONAL { ?person mkg:roleTitle ?role }
}"""


def _value(term) -> str | None:
    return term.value if term is not None else None


def _int(term) -> int | None:
    return int(term.value) if term is not None else None


def actual_tuples(store: GraphStore) -> dict[str, set]:
    """The facts the loaders' RDF states, as sets of tuples per field."""
    facts = {name: set() for name in FIELDS}
    for row in store.query(_ACTIONS):
        title = _text(row["title"].value)
        facts["actions"].add((title,))
        if row["start"] is not None:
            facts["dates"].add((title, "start", row["start"].value))
        if row["end"] is not None:
            facts["dates"].add((title, "end", row["end"].value))
        if row["ongoing"] is not None:
            facts["dates"].add((title, "ongoing", row["ongoing"].value == "true"))
    for row in store.query(_THEMES):
        facts["themes"].add((_text(row["title"].value), node_id(row["theme"])))
    for row in store.query(_ACTIVITIES):
        kind = node_id(row["kind"]) if row["kind"] is not None else None
        facts["activities"].add((_text(row["title"].value), kind, _date(_value(row["start"]), _value(row["end"]))))
    for row in store.query(_EXPERTS):
        origin = node_id(row["origin"]) if row["origin"] is not None else node_id(row["kind"])
        facts["expert origins"].add((_text(row["title"].value), origin))
    for row in store.query(_NEWS):
        facts["news items"].add(
            (_text(_value(row["title"])), _day(_value(row["issued"])), _value(row["link"]), _text(_value(row["category"])))
        )
    for row in store.query(_MENTIONS):
        entity = row["entity"]
        if isinstance(entity, NamedNode) and re.search(r"/id/(?:event|meeting|partnership)/", entity.value):
            continue
        facts["mentions"].add((_text(_value(row["title"])), node_id(entity)))
    for row in store.query(_EVENTS):
        facts["events"].add(
            (
                _text(_value(row["title"])),
                _date(_value(row["start"]), _value(row["end"])),
                _int(row["participants"]),
                _int(row["countries"]),
            )
        )
    partnerships: dict[str, tuple[str, set, str | None]] = {}
    for row in store.query(_PARTNERSHIPS):
        kind, parties, date = partnerships.setdefault(row["p"].value, (node_id(row["kind"]), set(), _value(row["date"])))
        if row["party"] is not None:
            parties.add(node_id(row["party"]))
    for kind, parties, date in partnerships.values():
        facts["partnerships"].add((kind, tuple(sorted(parties)), date))
    for row in store.query(_PEOPLE):
        facts["people"].add((_text(row["name"].value), _text(_value(row["role"]))))
    return facts


# --- running -----------------------------------------------------------------------------------------


def _documents_with_expectations(directory: Path, expected_dir: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for document in sorted(directory.iterdir()):
        if document.name.startswith(".") or document.name == "README.md" or not document.is_file():
            continue
        expected = expected_dir / f"{document.stem}.json"
        if expected.is_file():
            pairs.append((document, expected))
    return pairs


def evaluate_document(document: Path, expected_file: Path, report: Report) -> DocumentResult:
    """Score one document against its expected facts; adds to `report` and returns its result."""
    data = json.loads(expected_file.read_text(encoding="utf-8"))
    source = Source(str(document), document.stem, document.read_bytes())
    try:
        extraction = extract(source)
    except LoaderError as error:
        report.problems.append(f"{document.name}: {error}")
        wanted = data.get("loader")
        extraction = None
        if wanted in loader_names():
            try:
                extraction = extract(source, loader=wanted)
            except LoaderError as second:
                report.problems.append(f"{document.name}: with --loader {wanted}: {second}")
    if extraction is not None and data.get("loader") and extraction.loader != data["loader"]:
        report.problems.append(f"{document.name}: read by the {extraction.loader} loader, expected {data['loader']}")
    store = GraphStore.open(None)
    if extraction is not None:
        store.extend(extraction.quads)
    actual = actual_tuples(store)
    expected = expected_tuples(data, entity_labels(store))
    result = DocumentResult(document.name, {})
    for name in FIELDS:
        score = Score(
            tp=len(expected[name] & actual[name]),
            fp=len(actual[name] - expected[name]),
            fn=len(expected[name] - actual[name]),
        )
        result.scores[name] = score
        result.missing[name] = expected[name] - actual[name]
        result.unexpected[name] = actual[name] - expected[name]
        report.fields[name].add(score)
    report.documents.append(result)
    return result


def evaluate_directory(directory: Path, expected_dir: Path) -> Report:
    """Score every document of `directory` that has an expected file in `expected_dir`."""
    report = Report()
    pairs = _documents_with_expectations(Path(directory), Path(expected_dir))
    if not pairs:
        report.problems.append(f"no document in {directory} has an expected-facts file in {expected_dir}")
    for document, expected in pairs:
        evaluate_document(document, expected, report)
    return report


def project_root() -> Path:
    """The source tree holding tests/ (None-safe: falls back to the package's parent)."""
    return Path(__file__).resolve().parents[2]


def default_expected_dir() -> Path | None:
    path = project_root() / "tests" / "data" / "expected"
    return path if path.is_dir() else None


def default_document_sets() -> dict[str, Path]:
    """'sample' (the bundled corpus) and 'unseen' (tests/data/documents) when present."""
    sets = {"sample": Path(__file__).resolve().parents[1] / "sample" / "corpus"}
    unseen = project_root() / "tests" / "data" / "documents"
    if unseen.is_dir():
        sets["unseen"] = unseen
    return sets


def pooled(reports: Iterable[Report]) -> Report:
    """One report over the documents of several: counts added field by field (a micro-average)."""
    total = Report()
    for report in reports:
        for name, score in report.fields.items():
            total.fields[name].add(score)
        total.documents.extend(report.documents)
        total.problems.extend(report.problems)
    return total


def format_report(name: str, report: Report) -> str:
    """A plain-text table: one row per field with expected/found counts, P, R and F1."""
    lines = [
        f"{name}: {len(report.documents)} documents",
        f"  {'field':<16}{'expected':>9}{'found':>7}{'correct':>9}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    rows: Iterable[tuple[str, Score]] = [*report.fields.items(), ("overall", report.overall)]
    for field_name, score in rows:
        if field_name != "overall" and score.expected == 0 and score.found == 0:
            continue
        lines.append(
            f"  {field_name:<16}{score.expected:>9}{score.found:>7}{score.tp:>9}"
            f"{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
        )
    return "\n".join(lines)
