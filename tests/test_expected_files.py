"""The hand-made expected-facts files are well formed and agree with their documents.

Every JSON file in tests/data/expected/ is checked against the format of its README: known
keys with the right types, vocabulary labels from the contract lists, valid ISO 3166-1 alpha-2
codes, ISO 8601 dates at year, month or day precision, and titles that really occur in the
document they describe. Nothing here imports loader code: these files are what loaders are
scored against.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from datetime import date
from pathlib import Path

import pycountry
import pytest

TESTS = Path(__file__).parent
EXPECTED_DIR = TESTS / "data" / "expected"
CORPUS_DIR = TESTS.parent / "migkg" / "sample" / "corpus"
DOCUMENTS_DIR = TESTS / "data" / "documents"
#: the held-out sets keep their documents and expected files side by side
HELDOUT_DIRS = [TESTS / "data" / name for name in (
    "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10",
    "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16",
    "heldout17", "heldout18", "heldout19", "heldout20",
)]
DOCUMENT_DIRS = [CORPUS_DIR, DOCUMENTS_DIR, *(folder / "documents" for folder in HELDOUT_DIRS)]
EXPECTED_FILES = sorted(
    [*EXPECTED_DIR.glob("*.json"), *(path for folder in HELDOUT_DIRS for path in (folder / "expected").glob("*.json"))]
)

THEMES = frozenset({
    "border management", "document security", "irregular migration",
    "trafficking in human beings", "smuggling of migrants", "investigation and prosecution",
    "migration and development", "diaspora engagement", "remittances", "labour migration",
    "legal migration", "free movement", "visa policy", "asylum and international protection",
    "migration legislation", "migration policy", "migration management", "migration data",
    "migration and environment", "capacity building", "human rights",
    "protection of vulnerable migrants", "return and reintegration", "citizenship",
    "integration of migrants", "regional cooperation",
})
ACTIVITY_KINDS = frozenset({
    "fact-finding mission", "assessment mission", "needs assessment", "mission", "seminar",
    "workshop", "training", "training of trainers", "study visit", "information session",
    "conference", "drafting session", "review session", "meeting", "consultation",
    "knowledge exchange", "presentation event", "remote support", "desk review", "other",
})
EXPERT_ORIGIN_KINDS = frozenset({
    "national administration", "international organisation", "regional organisation",
    "private consultant", "academia", "civil society",
})
OUTPUT_KINDS = frozenset({
    "strategy", "policy", "action plan", "law", "handbook", "report", "curriculum",
})
PARTNERSHIP_KINDS = frozenset({"memorandum of understanding", "partnership agreement"})
MENTION_TYPES = frozenset({
    "MigrationDialogue", "Programme", "Project", "Organisation", "Country", "Person",
})

TOP_LEVEL_KEYS = {
    "document": str, "loader": str, "language": str, "actions": list, "news_items": list,
    "mentions": list, "events": list, "partnerships": list, "secretariats": list, "people": list,
}
REQUIRED_TOP_LEVEL = ("document", "loader", "language")

ALPHA2 = re.compile(r"[A-Z]{2}")
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
TYPOGRAPHIC = str.maketrans({
    "\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
})


def normalise(text: str) -> str:
    """Text with NBSP as a plain space, plain quotes for typographic ones, spaces collapsed."""
    return re.sub(r"[ \t]+", " ", text.translate(TYPOGRAPHIC))


def load(path: Path) -> dict:
    """The expected-facts file at `path`, parsed."""
    return json.loads(path.read_text(encoding="utf-8"))


def document_path(name: str, expected: Path | None = None) -> Path | None:
    """Where the document an expected file names lives, or None if it is nowhere.

    A held-out set's expected file (`expected`, in `<set>/expected/`) names a document of its own set first:
    sets may reuse file names."""
    own = [expected.parent.parent / "documents"] if expected is not None and expected.parent.name == "expected" else []
    for folder in [*own, *DOCUMENT_DIRS]:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def is_country(code: object) -> bool:
    """True for a valid ISO 3166-1 alpha-2 code written in capitals."""
    return (isinstance(code, str) and ALPHA2.fullmatch(code) is not None
            and pycountry.countries.get(alpha_2=code) is not None)


def date_bounds(value: str) -> tuple[date, date]:
    """First and last day an ISO 8601 year, month or day denotes; ValueError if it is none."""
    match = ISO_DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day), date(year, month, day)


def check_date(value: object, where: str, problems: list[str], allow_range: bool = True) -> None:
    """Add to `problems` unless `value` is null, an ISO 8601 date or (if allowed) a range."""
    if value is None:
        return
    if not isinstance(value, str):
        problems.append(f"{where}: date {value!r} is not a string")
        return
    parts = value.split("/")
    if len(parts) > 2 or (len(parts) == 2 and not allow_range):
        problems.append(f"{where}: {value!r} is not a single date")
        return
    try:
        bounds = [date_bounds(part) for part in parts]
    except ValueError as error:
        problems.append(f"{where}: {error}")
        return
    if len(bounds) == 2 and bounds[0][0] > bounds[1][1]:
        problems.append(f"{where}: range {value!r} ends before it starts")


def check_keys(record: object, allowed: dict, required: tuple, where: str,
               problems: list[str]) -> bool:
    """Add to `problems` for a non-object, a missing required key, an unknown or mistyped key."""
    if not isinstance(record, dict):
        problems.append(f"{where}: expected an object, got {type(record).__name__}")
        return False
    for key in required:
        if key not in record:
            problems.append(f"{where}: missing key {key!r}")
    for key, value in record.items():
        if key not in allowed:
            problems.append(f"{where}: unknown key {key!r}")
            continue
        types = allowed[key] if isinstance(allowed[key], tuple) else (allowed[key],)
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            problems.append(f"{where}: {key} = {value!r} has the wrong type")
    return True


NULLABLE_STR = (str, type(None))
NULLABLE_INT = (int, type(None))


def check_count(value: object, where: str, problems: list[str]) -> None:
    """Add to `problems` unless `value` is null or a positive integer."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        problems.append(f"{where}: count {value!r} is not a positive integer")


def check_strings(values: list, where: str, problems: list[str]) -> None:
    """Add to `problems` for any member of `values` that is not a non-empty string."""
    for value in values:
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: {value!r} is not a non-empty string")


def check_labels(values: list, vocabulary: frozenset, where: str, problems: list[str]) -> None:
    """Add to `problems` for any member of `values` outside the contract vocabulary."""
    for value in values:
        if value not in vocabulary:
            problems.append(f"{where}: {value!r} is not a preferred label of the vocabulary")


def check_action(action: object, where: str, problems: list[str]) -> None:
    """Add to `problems` whatever is wrong with one expected Action."""
    allowed = {
        "title": str, "beneficiary": NULLABLE_STR, "beneficiary_countries": list,
        "sequence": NULLABLE_INT, "themes": list, "start": NULLABLE_STR, "end": NULLABLE_STR,
        "ongoing": bool, "partners": list, "requested_by": list, "experts": list,
        "activities": list, "outputs": list,
    }
    if not check_keys(action, allowed, ("title",), where, problems):
        return
    where = f"{where} ({action.get('title')!r})"
    beneficiary = action.get("beneficiary")
    looks_like_code = isinstance(beneficiary, str) and ALPHA2.fullmatch(beneficiary)
    if looks_like_code and not is_country(beneficiary):
        problems.append(f"{where}: beneficiary {beneficiary!r} is no ISO alpha-2 code")
    for code in action.get("beneficiary_countries", []):
        if not is_country(code):
            problems.append(f"{where}: beneficiary country {code!r} is no ISO alpha-2 code")
    sequence = action.get("sequence")
    if isinstance(sequence, int) and sequence < 1:
        problems.append(f"{where}: sequence {sequence} is not positive")
    check_labels(action.get("themes", []), THEMES, f"{where} themes", problems)
    check_date(action.get("start"), f"{where} start", problems, allow_range=False)
    check_date(action.get("end"), f"{where} end", problems, allow_range=False)
    start, end = action.get("start"), action.get("end")
    if action.get("ongoing") is True and end is not None:
        problems.append(f"{where}: ongoing but with end {end!r}")
    if isinstance(start, str) and isinstance(end, str):
        try:
            if date_bounds(start)[0] > date_bounds(end)[1]:
                problems.append(f"{where}: ends {end} before it starts {start}")
        except ValueError:
            pass  # already reported by check_date
    check_strings(action.get("partners", []), f"{where} partners", problems)
    check_strings(action.get("requested_by", []), f"{where} requested_by", problems)
    for n, expert in enumerate(action.get("experts", [])):
        check_expert(expert, f"{where} experts[{n}]", problems)
    for n, activity in enumerate(action.get("activities", [])):
        check_activity(activity, f"{where} activities[{n}]", problems)
    for n, output in enumerate(action.get("outputs", [])):
        here = f"{where} outputs[{n}]"
        allowed_output = {"kind": str, "name": NULLABLE_STR}
        if check_keys(output, allowed_output, ("kind", "name"), here, problems):
            check_labels([output.get("kind")], OUTPUT_KINDS, here, problems)


def check_expert(expert: object, where: str, problems: list[str]) -> None:
    """Add to `problems` whatever is wrong with one expert origin."""
    if not check_keys(expert, {"origin": NULLABLE_STR, "kind": str}, ("origin", "kind"),
                      where, problems):
        return
    origin, kind = expert.get("origin"), expert.get("kind")
    check_labels([kind], EXPERT_ORIGIN_KINDS, where, problems)
    if kind == "national administration" and not is_country(origin):
        problems.append(f"{where}: a national administration needs a country code, not {origin!r}")
    if kind in ("international organisation", "regional organisation") and not origin:
        problems.append(f"{where}: an organisation's experts need the organisation as origin")
    if isinstance(origin, str) and ALPHA2.fullmatch(origin) and not is_country(origin):
        problems.append(f"{where}: origin {origin!r} is no ISO alpha-2 code")


def check_activity(activity: object, where: str, problems: list[str]) -> None:
    """Add to `problems` whatever is wrong with one activity."""
    allowed = {"kind": str, "date": NULLABLE_STR, "place": NULLABLE_STR, "planned": bool,
               "participants": NULLABLE_INT}
    if not check_keys(activity, allowed, ("kind", "date", "planned"), where, problems):
        return
    check_labels([activity.get("kind")], ACTIVITY_KINDS, where, problems)
    check_date(activity.get("date"), where, problems)
    check_count(activity.get("participants"), where, problems)


def check_news(data: dict, problems: list[str], stated_categories: frozenset[str] = frozenset()) -> set[str]:
    """Check news items, mentions and events; return the item keys mentions may refer to."""
    items: set[str] = set()
    allowed = {"title": NULLABLE_STR, "link": NULLABLE_STR, "date": NULLABLE_STR,
               "category": NULLABLE_STR}
    for n, news in enumerate(data.get("news_items", [])):
        where = f"news_items[{n}]"
        if not check_keys(news, allowed, ("title",), where, problems):
            continue
        title = news.get("title")
        items.add(title if title is not None else "")
        check_date(news.get("date"), where, problems, allow_range=False)
        link = news.get("link")
        if link is not None and not re.match(r"https?://\S+$", link):
            problems.append(f"{where}: link {link!r} is not an http(s) URL")
        category = news.get("category")
        opens_title = title is not None and normalise(title).startswith(category or "")
        if category is not None and not opens_title and category not in stated_categories:
            problems.append(f"{where}: category {category!r} does not open the title")
    seen = set()
    for n, mention in enumerate(data.get("mentions", [])):
        where = f"mentions[{n}]"
        if not check_keys(mention, {"item": str, "type": str, "name": str},
                          ("item", "type", "name"), where, problems):
            continue
        key = (mention.get("item"), mention.get("type"), mention.get("name"))
        if key in seen:
            problems.append(f"{where}: duplicate mention {key}")
        seen.add(key)
        check_labels([mention.get("type")], MENTION_TYPES, where, problems)
        if mention.get("item") not in items:
            problems.append(f"{where}: item {mention.get('item')!r} is no news item's title")
        if mention.get("type") == "Country" and not is_country(mention.get("name")):
            problems.append(f"{where}: country {mention.get('name')!r} is no ISO alpha-2 code")
        if not str(mention.get("name", "")).strip():
            problems.append(f"{where}: empty name")
    allowed = {"item": str, "label": str, "date": NULLABLE_STR, "place": NULLABLE_STR,
               "participants": NULLABLE_INT, "countries": NULLABLE_INT}
    for n, event in enumerate(data.get("events", [])):
        where = f"events[{n}]"
        if not check_keys(event, allowed, ("item", "date"), where, problems):
            continue
        if event.get("item") not in items:
            problems.append(f"{where}: item {event.get('item')!r} is no news item's title")
        check_date(event.get("date"), where, problems)
        check_count(event.get("participants"), where, problems)
        check_count(event.get("countries"), where, problems)
    return items


def check_relations(data: dict, problems: list[str]) -> None:
    """Check partnerships, secretariats and people."""
    allowed = {"kind": str, "parties": list, "date": NULLABLE_STR, "areas": list}
    for n, partnership in enumerate(data.get("partnerships", [])):
        where = f"partnerships[{n}]"
        if not check_keys(partnership, allowed, ("kind", "parties", "date"), where, problems):
            continue
        check_labels([partnership.get("kind")], PARTNERSHIP_KINDS, where, problems)
        parties = partnership.get("parties", [])
        check_strings(parties, where, problems)
        if len(set(map(str, parties))) < 2:
            problems.append(f"{where}: a partnership needs two distinct parties")
        check_date(partnership.get("date"), where, problems, allow_range=False)
        check_strings(partnership.get("areas", []), where, problems)
    for n, secretariat in enumerate(data.get("secretariats", [])):
        where = f"secretariats[{n}]"
        if check_keys(secretariat, {"organisation": str, "dialogue": str},
                      ("organisation", "dialogue"), where, problems):
            check_strings(list(secretariat.values()), where, problems)
    allowed = {"name": str, "role": NULLABLE_STR, "affiliation": NULLABLE_STR}
    for n, person in enumerate(data.get("people", [])):
        where = f"people[{n}]"
        if check_keys(person, allowed, ("name", "role"), where, problems):
            check_strings([person.get("name")], where, problems)


def problems_in(data: object, stated_categories: frozenset[str] = frozenset()) -> list[str]:
    """Everything that keeps `data` from following the expected-facts format.

    `stated_categories` are those the document gives in category elements (a feed's `<category>`), which an
    item's category may be without opening its title."""
    problems: list[str] = []
    if not check_keys(data, TOP_LEVEL_KEYS, REQUIRED_TOP_LEVEL, "file", problems):
        return problems
    language = data.get("language")
    if isinstance(language, str) and pycountry.languages.get(alpha_2=language) is None:
        problems.append(f"file: language {language!r} is no ISO 639-1 code")
    titles = []
    for n, action in enumerate(data.get("actions", [])):
        check_action(action, f"actions[{n}]", problems)
        if isinstance(action, dict):
            titles.append(action.get("title"))
    duplicates = {title for title in titles if titles.count(title) > 1}
    if duplicates:
        problems.append(f"actions: duplicate titles {sorted(map(str, duplicates))}")
    check_news(data, problems, stated_categories)
    check_relations(data, problems)
    return problems


def test_there_are_expected_files():
    assert EXPECTED_FILES, f"no expected-facts file in {EXPECTED_DIR}"


def test_every_sample_document_has_an_expected_file():
    documents = sorted(p.name for p in CORPUS_DIR.glob("*.txt"))
    assert documents, f"no sample document in {CORPUS_DIR}"
    missing = [name for name in documents
               if not (EXPECTED_DIR / f"{Path(name).stem}.json").is_file()]
    assert not missing, f"sample documents without expected facts: {missing}"


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.name)
def test_expected_file_follows_the_format(path: Path):
    try:
        data = load(path)
    except json.JSONDecodeError as error:
        pytest.fail(f"{path.name} is not valid JSON: {error}")
    source = document_path(data["document"], path) if isinstance(data, dict) and isinstance(data.get("document"), str) else None
    problems = problems_in(data, categories_stated_in(source))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def categories_stated_in(source: Path | None) -> frozenset[str]:
    """The categories an XML feed states in its elements (RSS `<category>`, Atom `term`/`label`)."""
    if source is None or source.suffix != ".xml":
        return frozenset()
    text = source.read_text(encoding="utf-8")
    found = re.findall(r"<category[^>]*>([^<]+)</category>", text)
    found += re.findall(r"<category[^>]*\b(?:label|term)=\"([^\"]+)\"", text)
    return frozenset(" ".join(html.unescape(name).split()) for name in found)


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.name)
def test_expected_file_names_its_document(path: Path):
    data = load(path)
    assert data["document"].rsplit(".", 1)[0] == path.stem, (
        f"{path.name} describes {data['document']!r}; it should be named after it")
    assert document_path(data["document"], path) is not None, (
        f"{path.name}: document {data['document']!r} is in none of "
        f"{', '.join(str(folder) for folder in DOCUMENT_DIRS)}")


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.name)
def test_expected_titles_occur_in_the_document(path: Path):
    data = load(path)
    source = document_path(data["document"], path)
    assert source is not None, f"{path.name}: document {data['document']!r} not found"
    text = normalise(source.read_text(encoding="utf-8"))
    titles = [action["title"] for action in data.get("actions", [])]
    titles += [news["title"] for news in data.get("news_items", []) if news.get("title")]
    absent = [title for title in titles if normalise(title) not in text]
    assert not absent, f"{path.name}: titles not in {source.name}: {absent}"


# The checks themselves must reject what they are meant to reject.

VALID = {
    "document": "x.txt", "loader": "catalogue", "language": "en",
    "actions": [{
        "title": "Benin: Migration and Development", "beneficiary": "BJ",
        "beneficiary_countries": ["BJ"], "sequence": None, "themes": ["remittances"],
        "start": "2013-01", "end": None, "ongoing": True, "partners": [], "requested_by": [],
        "experts": [{"origin": "DE", "kind": "national administration"}],
        "activities": [{"kind": "seminar", "date": "2012-04-24/2012-04-26", "place": None,
                        "planned": False, "participants": 20}],
        "outputs": [{"kind": "report", "name": None}],
    }],
    "news_items": [{"title": "News: a title", "link": "https://example.org/a",
                    "date": "2019-07-16", "category": "News"}],
    "mentions": [{"item": "News: a title", "type": "Country", "name": "CF"}],
    "events": [{"item": "News: a title", "label": "meeting", "date": "2019-07", "place": None,
                "participants": 80, "countries": 33}],
    "partnerships": [{"kind": "memorandum of understanding", "parties": ["ICMPD", "MMC"],
                      "date": "2020-11-19", "areas": []}],
    "secretariats": [{"organisation": "ICMPD", "dialogue": "Rabat Process"}],
    "people": [{"name": "A Person", "role": "Director General", "affiliation": "ICMPD"}],
}


def test_a_well_formed_file_passes():
    assert problems_in(VALID) == []


def broken(path: tuple, value: object) -> dict:
    """A deep copy of VALID with the value at `path` replaced (or removed if value is ...)."""
    data = json.loads(json.dumps(VALID))
    target = data
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value", "complaint"), [
    (("language",), ..., "missing key 'language'"),
    (("language",), "xx", "ISO 639-1"),
    (("actionz",), [], "unknown key"),
    (("actions", 0, "themes"), ["Remittances"], "preferred label"),
    (("actions", 0, "beneficiary"), "ZZ", "alpha-2"),
    (("actions", 0, "beneficiary_countries"), ["Benin"], "alpha-2"),
    (("actions", 0, "start"), "2013-13", "month must be"),
    (("actions", 0, "start"), "January 2013", "is not YYYY"),
    (("actions", 0, "end"), "2012-12", "ongoing but with end"),
    (("actions", 0, "ongoing"), "yes", "wrong type"),
    (("actions", 0, "sequence"), True, "wrong type"),
    (("actions", 0, "experts", 0, "origin"), "German", "needs a country code"),
    (("actions", 0, "experts", 0, "kind"), "government", "preferred label"),
    (("actions", 0, "activities", 0, "kind"), "site visit", "preferred label"),
    (("actions", 0, "activities", 0, "date"), "2012-04-26/2012-04-24", "ends before"),
    (("actions", 0, "activities", 0, "date"), "2012-02-30", "day is out of range"),
    (("actions", 0, "activities", 0, "participants"), 0, "positive integer"),
    (("actions", 0, "outputs", 0, "kind"), "guide", "preferred label"),
    (("news_items", 0, "date"), "16 Jul 2019", "is not YYYY"),
    (("news_items", 0, "category"), "Other", "does not open the title"),
    (("mentions", 0, "type"), "Place", "preferred label"),
    (("mentions", 0, "item"), "Another title", "no news item"),
    (("mentions", 0, "name"), "Central African Republic", "alpha-2"),
    (("events", 0, "countries"), -3, "positive integer"),
    (("partnerships", 0, "kind"), "agreement", "preferred label"),
    (("partnerships", 0, "parties"), ["ICMPD"], "two distinct parties"),
    (("people", 0, "role"), 3, "wrong type"),
])
def test_a_broken_file_is_rejected(path, value, complaint):
    problems = problems_in(broken(path, value))
    assert any(complaint in problem for problem in problems), problems


def test_titles_match_across_typographic_quotes_and_nbsp():
    assert normalise("Cote d\u2019Ivoire\u00a0I") == normalise("Cote d'Ivoire I")
    assert normalise("\u201cquoted\u201d") == '"quoted"'
