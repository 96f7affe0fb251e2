"""Loader infrastructure: sources, decoding, sentences, dates, gazetteer, registry, RDF mapping, CLI."""

import doctest
import functools
import http.server
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode

import migkg.loaders as loaders
from migkg.cli import cli
from migkg.errors import LoaderError
from migkg.loaders import (
    activities,
    activity_places,
    catalogue,
    dates,
    emit,
    experts,
    gazetteer,
    memo,
    patterns,
    registry,
    text,
    themes,
)
from migkg.loaders.dates import find_dates, parse_date
from migkg.loaders.gazetteer import find_institutions
from migkg.loaders.records import DateValue
from migkg.triples import iris
from migkg.triples.namespaces import MKG, OA, RDF
from migkg.triples.store import GraphStore

FIXED_TIME = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

CATALOGUE_SNIPPET = """Asia

Lebanon I: Border Management

Objective: The action supports the Lebanese General Security in border management.

Summary: A fact-finding mission took place in Beirut in March 2016. A workshop on risk analysis
was held on 4-6 October 2016. Experts from the Dutch and Greek national administrations were deployed.

Duration: February 2016-December 2016
"""


@pytest.mark.parametrize(
    "module", [text, dates, gazetteer, emit, catalogue, themes, activities, activity_places, experts, memo, patterns],
    ids=lambda m: m.__name__,
)
def test_doctests(module):
    failures, tests = doctest.testmod(module)
    assert tests > 0 and failures == 0


# --- sources ------------------------------------------------------------------------------------


def test_file_directory_and_glob_sources(tmp_path):
    (tmp_path / "b.txt").write_text("beta", encoding="utf-8")
    (tmp_path / "a.txt").write_text("alpha", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a document", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.xml").write_text("<rss/>", encoding="utf-8")
    by_dir = list(loaders.iter_sources([str(tmp_path)]))
    assert [s.key for s in by_dir] == ["a", "b", "c"]
    assert by_dir[0].data == b"alpha" and by_dir[0].name == str(tmp_path / "a.txt")
    by_file = list(loaders.iter_sources([str(tmp_path / "b.txt")]))
    assert [(s.name, s.key) for s in by_file] == [(str(tmp_path / "b.txt"), "b")]
    by_glob = list(loaders.iter_sources([str(tmp_path / "*.txt")]))
    assert [s.key for s in by_glob] == ["a", "b"]


def test_missing_path_and_empty_glob_name_the_spec(tmp_path):
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(LoaderError, match="nope.txt: no such file"):
        list(loaders.iter_sources([missing]))
    with pytest.raises(LoaderError, match="no file matches"):
        list(loaders.iter_sources([str(tmp_path / "*.json")]))


@pytest.fixture
def http_root(tmp_path):
    """A static HTTP server on 127.0.0.1 serving tmp_path; yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_url_source(http_root):
    root, base = http_root
    (root / "lebanon-catalogue.txt").write_text(CATALOGUE_SNIPPET, encoding="utf-8")
    [source] = loaders.iter_sources([f"{base}/lebanon-catalogue.txt"])
    assert source.key == "lebanon-catalogue.txt"
    assert source.data.decode("utf-8") == CATALOGUE_SNIPPET
    extraction = loaders.extract(source)
    assert extraction.loader == "catalogue"
    assert extraction.document == iris.mint("document", "lebanon-catalogue.txt")
    with pytest.raises(LoaderError, match="HTTP 404"):
        list(loaders.iter_sources([f"{base}/missing.txt"]))


def test_stdin_source_through_the_cli():
    result = CliRunner().invoke(cli, ["extract", "-", "--format", "nq"], input=CATALOGUE_SNIPPET.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert "<https://w3id.org/migkg/id/document/stdin>" in result.stdout
    assert "Lebanon I: Border Management" in result.stdout


# --- decoding and text ---------------------------------------------------------------------------


def test_decode_bom_and_cp1252_fallback():
    decoded, warnings = text.decode("\ufeffCôte d'Ivoire".encode("utf-8"), "x.txt")
    assert decoded == "Côte d'Ivoire" and warnings == []
    decoded, warnings = text.decode("ligne 1\nCôte d’Ivoire".encode("cp1252"), "x.txt")
    assert decoded == "ligne 1\nCôte d’Ivoire"
    assert len(warnings) == 1 and str(warnings[0]).startswith("x.txt:2:")


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"  \n\t", "empty"), (b"abc\x00def", "binary"), (bytes(range(1, 32)) * 20, "binary")],
)
def test_decode_rejects(data, message):
    with pytest.raises(LoaderError, match=message):
        text.decode(data, "bad.bin")


def test_normalise_keeps_spans_meaningful():
    raw = "A\u00a0b\u202fc \u2018d\u2019 \u201ce\u201d\u200b\r\nf"
    normalised = text.normalise(raw)
    assert normalised == "A b c 'd' \"e\"\nf"
    document, _ = loaders.read_document(loaders.Source("x.txt", "x", raw.encode("utf-8")))
    assert document.text == normalised


@pytest.mark.parametrize(
    "passage, sentences",
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("Experts, e.g. lawyers, came. Others did not.", ["Experts, e.g. lawyers, came.", "Others did not."]),
        ("M. Dupont est arrivé le 3 mai. Il est reparti.", ["M. Dupont est arrivé le 3 mai.", "Il est reparti."]),
        ("Heading\nBody text here. Second one.", ["Heading", "Body text here.", "Second one."]),
        ("It ended in 2012. In 2013 it began again.", ["It ended in 2012.", "In 2013 it began again."]),
    ],
)
def test_sentence_spans(passage, sentences):
    assert [passage[s.start : s.end] for s in text.sentence_spans(passage)] == sentences


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression, iso",
    [
        ("March 2010", "2010-03"),
        ("2016", "2016"),
        ("13-17 March 2017", "2017-03-13/2017-03-17"),
        ("between 13- and 17 March 2017", "2017-03-13/2017-03-17"),
        ("13 to 17 March 2017", "2017-03-13/2017-03-17"),
        ("du 13 au 17 mars 2017", "2017-03-13/2017-03-17"),
        ("19 novembre 2020", "2020-11-19"),
        ("le 1er décembre 2019", "2019-12-01"),
        ("5 February, 2014", "2014-02-05"),
        ("September 2009July 2011", "2009-09/2011-07"),
        ("February 2010February 2013", "2010-02/2013-02"),
        ("1112 March 2010", "2010-03-11/2010-03-12"),
        ("2426 April 2012", "2012-04-24/2012-04-26"),
        ("2427 April 2012", "2012-04-24/2012-04-27"),
        ("710 May 2012", "2012-05-07/2012-05-10"),
        ("31 May11 June 2010", "2010-05-31/2010-06-11"),
        ("September 20112–April 2013", "2011-09/2013-04"),
        ("June 20156-May 2017", "2015-06/2017-05"),
        ("July 2012–July 2013", "2012-07/2013-07"),
        ("March 2012-November 2015", "2012-03/2015-11"),
        ("January 2013present", "2013-01/.."),
        ("March 2015- present ", "2015-03/.."),
        ("November 2015 - present", "2015-11/.."),
        ("mai 2018 – à ce jour", "2018-05/.."),
        ("octobre 2016 - en cours", "2016-10/.."),
        ("Tue, 16 Jul 2019 15:32:30 +0200", "2019-07-16T15:32:30+02:00"),
        ("2017-03-13", "2017-03-13"),
        ("5th of March, 2019", "2019-03-05"),
        ("05-Mar-2019", "2019-03-05"),
        ("2019.03.05", "2019-03-05"),  # read by dateparser
        ("2019/03/05", "2019-03-05"),  # read by dateparser
        ("2019-07-16T15:32:30+02:00", "2019-07-16T15:32:30+02:00"),
    ],
)
def test_parse_date(expression, iso):
    assert parse_date(expression).iso() == iso


def test_open_range_is_ongoing_without_end():
    value = parse_date("April 2014 - present")
    assert value == DateValue("2014-04", None, True)


@pytest.mark.parametrize("expression", ["", "no date at all", "the 5th element", "Chapter 12"])
def test_parse_date_none(expression):
    assert parse_date(expression) is None


def test_find_dates_in_running_text():
    passage = "Missions followed in September and November 2010; the review took place on 18-20 January 2012."
    assert [f.value.iso() for f in find_dates(passage)] == ["2010-09", "2010-11", "2012-01-18/2012-01-20"]
    assert find_dates("The experts may return.", default_year=2015) == []


# --- gazetteer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, key",
    [
        (["Cape Verde", "Cabo Verde", "Cap-Vert", "Cape Verdean", "cap-verdienne"], "CV"),
        (["Ivory Coast", "Côte d'Ivoire", "Cote d’Ivoire", "Ivorian", "ivoirienne"], "CI"),
        (["Swaziland", "Eswatini"], "SZ"),
        (["Turkey", "Türkiye", "Turquie", "Turkish"], "TR"),
        (["Burma", "Myanmar", "Birmanie"], "MM"),
        (["The Gambia", "Gambia", "Gambie", "Gambian"], "GM"),
        (["the Netherlands", "Pays-Bas", "Dutch", "néerlandais"], "NL"),
        (["France", "French", "française", "français"], "FR"),
        (["Mali", "Malian", "malien", "maliennes"], "ML"),
        (["Belgium", "Belgique", "Belgian", "belge"], "BE"),
        (["Benin", "Bénin", "Beninese"], "BJ"),
        (["Democratic Republic of the Congo", "DR Congo", "RDC"], "CD"),
        (["United Kingdom", "UK", "British", "Royaume-Uni"], "GB"),
        (["International Organization for Migration", "IOM", "OIM", "Organisation internationale pour les migrations"], "IOM"),
        (["UNHCR", "HCR", "UN Refugee Agency"], "UNHCR"),
        (["UNODC", "ONUDC"], "UNODC"),
        (["OHCHR", "HCDH"], "OHCHR"),
        (["ECOWAS", "CEDEAO", "Economic Community of West African States"], "ECOWAS"),
        (["ECCAS", "CEEAC"], "ECCAS"),
        (["African Development Bank", "AfDB", "BAD"], "AfDB"),
        (["Mixed Migration Centre", "Centre des Migrations Mixtes", "Centre de migration mixte", "MMC"], "MMC"),
        (["Rabat Process", "Processus de Rabat"], "Rabat Process"),
        (["Khartoum Process", "Processus de Khartoum"], "Khartoum Process"),
        (["Regional Conference on Migration", "Puebla Process", "Processus de Puebla"], "Puebla Process"),
        (["MIEUX", "MIgration EU eXpertise", "Migration EU Expertise"], "MIEUX"),
        (["West Africa", "Afrique de l'Ouest"], "West Africa"),
        (["Middle East and North Africa", "MENA"], "Middle East and North Africa"),
        (["Addis Ababa", "Addis-Abeba"], "Addis Ababa"),
        (["Algiers", "Alger"], "Algiers"),
    ],
)
def test_gazetteer_one_key_per_entity(names, key):
    g = gazetteer.gazetteer()
    assert {g.lookup(name).key for name in names} == {key}


def test_acronyms_match_case_and_context_decides_ambiguity():
    g = gazetteer.gazetteer()
    assert g.find("the iom and the bad weather") == []
    assert [r.key for r in g.find("IOM and BAD")] == ["IOM", "AfDB"]
    assert [(r.kind, r.key) for r in g.find("Refugees fled the DRC.")] == [("country", "CD")]
    danish = "Le MMC fait partie du Conseil danois pour les réfugiés (DRC). Le DRC publie des études."
    assert {(r.kind, r.key) for r in g.find(danish) if r.label == "DRC"} == {("organisation", "DRC")}


def test_demonyms_and_places():
    g = gazetteer.gazetteer()
    refs = g.find("Experts from the French national administration and Malian national administrations met in Bamako.")
    assert [(r.kind, r.key) for r in refs] == [("country", "FR"), ("country", "ML"), ("place", "Bamako")]
    assert g.entry("place", "Bamako").country == "ML"
    assert g.is_demonym("Malian") and not g.is_demonym("Mali")


def test_institutions_by_pattern():
    keys = [r.key for r in find_institutions("the Gambian Ministry of Interior and the Directorate of Diaspora")]
    assert keys == ["Ministry of Interior of Gambia", "Directorate of Diaspora"]
    assert gazetteer.gazetteer().canonical("Ministry of Interior of The Gambia") == "Ministry of Interior of Gambia"
    assert [r.key for r in find_institutions("a ministry", default_country="BI")] == []


# --- registry -----------------------------------------------------------------------------------


def test_registry_names_and_protocol():
    names = registry.loader_names()
    assert names[0] == "catalogue" and len(names) == len(set(names))
    for cls in loaders.LOADERS:
        assert cls.name and cls.description and cls.kinds
        assert callable(cls().sniff) and callable(cls().parse)


def test_get_loader_lists_valid_names():
    assert loaders.get_loader("catalogue").name == "catalogue"
    with pytest.raises(LoaderError, match="unknown loader 'nope'; choose one of: catalogue"):
        loaders.get_loader("nope")


def test_detection_and_forced_loader():
    assert loaders.detect_loader(CATALOGUE_SNIPPET, "x.txt").name == "catalogue"
    with pytest.raises(LoaderError, match=r"x\.txt: no loader recognises this document .*--loader"):
        loaders.detect_loader("ok", "x.txt")
    source = loaders.Source("short.txt", "short", b"Lebanon: Border Management\n\nObjective: help.\n")
    with pytest.raises(LoaderError, match="short.txt: no loader recognises"):
        loaders.extract(source)
    forced = loaders.extract(source, loader="catalogue", loaded_at=FIXED_TIME)
    assert forced.loader == "catalogue"


# --- extraction and RDF ----------------------------------------------------------------------------


def _snippet_extraction():
    return loaders.extract(loaders.Source("snippet.txt", "snippet", CATALOGUE_SNIPPET.encode()), loaded_at=FIXED_TIME)


def test_extraction_is_deterministic():
    first, second = _snippet_extraction(), _snippet_extraction()
    assert first.quads == second.quads
    assert len(first.quads) > 50


def test_all_quads_in_the_document_graph_and_source_described():
    extraction = _snippet_extraction()
    graph = iris.mint("document", "snippet")
    assert extraction.document == graph
    assert {q.graph_name for q in extraction.quads} == {graph}
    store = GraphStore.open(None)
    store.extend(extraction.quads)
    [row] = store.query(
        "SELECT ?checksum ?loader ?lang WHERE { ?d a mkg:SourceDocument ; mkg:checksum ?checksum ; "
        "mkg:loader ?loader ; dcterms:language ?lang ; prov:generatedAtTime ?t ; dcterms:source ?s }"
    )
    assert row["loader"].value == "catalogue" and row["lang"].value == "en"
    assert row["checksum"].value == extraction.checksum and len(extraction.checksum) == 64


def test_evidence_quotes_are_exact_substrings():
    extraction = _snippet_extraction()
    document, _ = loaders.read_document(loaders.Source("snippet.txt", "snippet", CATALOGUE_SNIPPET.encode()))
    store = GraphStore.open(None)
    store.extend(extraction.quads)
    rows = list(
        store.query(
            "SELECT ?resource ?property ?exact ?start ?end WHERE { ?ev a mkg:Evidence ; mkg:evidenceFor ?resource ; "
            "mkg:evidenceProperty ?property ; oa:hasSelector ?sel . ?sel oa:exact ?exact ; oa:start ?start ; oa:end ?end }"
        )
    )
    assert len(rows) >= 8
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert document.text[start:end] == row["exact"].value
    properties = {row["property"] for row in rows}
    assert {RDF.type, MKG.startDate, MKG.endDate, MKG.expertOrigin, MKG.theme} <= properties


def test_dates_carry_their_precision():
    extraction = _snippet_extraction()
    objects = {(q.predicate, q.object) for q in extraction.quads}
    assert (MKG.startDate, Literal("2016-02", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))) in objects
    assert (MKG.startDate, Literal("2016-10-04", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))) in objects
    selectors = [q for q in extraction.quads if q.predicate == RDF.type and q.object == OA.TextQuoteSelector]
    assert selectors


# --- CLI ----------------------------------------------------------------------------------------


def test_loaders_command_lists_loaders():
    result = CliRunner().invoke(cli, ["loaders"])
    assert result.exit_code == 0
    assert "catalogue" in result.output and "detects:" in result.output


@pytest.mark.parametrize("format_name", ["trig", "nq", "ttl", "jsonld"])
def test_extract_command_formats(tmp_path, format_name):
    path = tmp_path / "snippet.txt"
    path.write_text(CATALOGUE_SNIPPET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", format_name])
    assert result.exit_code == 0, result.output
    assert "Lebanon I: Border Management" in result.stdout


def test_extract_command_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(CATALOGUE_SNIPPET, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(empty), str(good)])
    assert result.exit_code == 1
    assert f"{empty}: the document is empty" in result.stderr
    assert "Lebanon I: Border Management" in result.stdout
    result = CliRunner().invoke(cli, ["extract", str(good), "--loader", "nope"])
    assert result.exit_code != 0 and "choose one of" in result.stderr
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "missing.txt: no such file" in result.stderr


def test_report_command_prints_a_table(tmp_path, corpus_dir, data_dir):
    result = CliRunner().invoke(
        cli, ["loaders", "report", "--documents", str(corpus_dir), "--expected", str(data_dir / "expected")]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["field", "expected", "found", "correct", "P", "R", "F1"]
    assert any(line.split()[0] == "overall" for line in lines[2:])
    assert Path(corpus_dir).is_dir()


def test_report_command_scores_test_sets_one_by_one_and_pooled(tmp_path, data_dir):
    sets = [data_dir / "heldout15", data_dir / "heldout16"]
    result = CliRunner().invoke(cli, ["loaders", "report", *(a for s in sets for a in ("--set", str(s)))])
    assert result.exit_code == 0, result.output
    titles = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert titles == ["heldout15: 10 documents", "heldout16: 10 documents", "pooled (2 sets): 20 documents"]
    rows = {}
    for line in result.stdout.splitlines():
        if line.startswith("  partnerships"):
            rows.setdefault("partnerships", []).append([int(x) for x in line.split()[1:4]])
    first, second, pooled = rows["partnerships"]
    assert pooled == [first[0] + second[0], first[1] + second[1], first[2] + second[2]]
    empty = tmp_path / "empty-set"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["loaders", "report", "--set", str(empty)])
    assert result.exit_code != 0 and "needs documents/ and expected/" in result.stderr


def test_news_records_to_rdf():
    from migkg.loaders.records import (
        ActivityRecord,
        Document,
        EntityRef,
        Extracted,
        NewsItemRecord,
        PartnershipRecord,
        PersonRecord,
        SecretariatRecord,
        Span,
    )

    body = "The Rabat Process held a thematic meeting in Rabat on 3 May 2019. ICMPD and IOM signed an MoU."
    document = Document("news.txt", "news", "Title\n" + body, "0" * 64)
    offset = len("Title\n")
    rabat = EntityRef("dialogue", "Rabat Process", "Rabat Process", Span(offset + 4, offset + 17))
    icmpd = EntityRef("organisation", "ICMPD", "ICMPD", Span(offset + 67, offset + 72))
    iom = EntityRef("organisation", "IOM", "IOM", Span(offset + 77, offset + 80))
    item = NewsItemRecord(
        title="Title",
        span=Span(0, 5),
        link="https://example.org/news/1",
        date="2019-07-16T15:32:30+00:00",
        category="Project News",
        mentions=[rabat, icmpd, iom],
        events=[ActivityRecord("thematic meeting", Span(offset + 24, offset + 40), date=DateValue("2019-05-03"), participants=80)],
        partnerships=[PartnershipRecord("memorandum of understanding", Span(offset + 67, offset + 95), [iom, icmpd], DateValue("2019-05-03"), ["migration data", "research"])],
        secretariats=[SecretariatRecord(icmpd, rabat, Span(offset + 67, offset + 72))],
        people=[PersonRecord("Jane Doe", Span(offset, offset + 5), role="Director", affiliation=icmpd)],
    )
    quads = emit.emit(document, Extracted(news_items=[item]), loader="article", loaded_at=FIXED_TIME)
    store = GraphStore.open(None)
    store.extend(quads)
    assert store.query(
        "ASK { ?n a mkg:NewsItem ; mkg:link ?l ; dcterms:issued '2019-07-16T15:32:30Z'^^xsd:dateTime ; mkg:mentions ?m . "
        "?m a mkg:ThematicMeeting ; mkg:meetingOf ?d ; mkg:participantCount 80 ; mkg:date '2019-05-03'^^xsd:date . "
        "?d a mkg:MigrationDialogue ; rdfs:label 'Processus de Rabat'@fr ; mkg:secretariat ?icmpd . ?icmpd mkg:acronym 'ICMPD' }"
    )
    assert store.query(
        "ASK { ?p a mkg:MemorandumOfUnderstanding ; mkg:party ?a, ?b ; mkg:areaOfCooperation ?theme, 'research'@en . "
        "FILTER(isIRI(?theme)) ?person a mkg:Person ; mkg:roleTitle 'Director'@en ; mkg:affiliation ?a }"
    )
    for row in store.query("SELECT ?exact ?start ?end WHERE { ?s oa:exact ?exact ; oa:start ?start ; oa:end ?end }"):
        assert document.text[int(row["start"].value) : int(row["end"].value)] == row["exact"].value


def test_every_gazetteer_country_has_an_iri():
    g = gazetteer.gazetteer()
    for (kind, key), entry in g.entries.items():
        if kind == "country":
            iris.country_iri(key)
        for code in (entry.country, *entry.members):
            if code:
                iris.country_iri(code)


# --- speed-ups that must not change what is found ----------------------------------------------


def _texts(corpus_dir: Path, data_dir: Path) -> list[str]:
    """The normalised text of every sample and test document."""
    folders = [corpus_dir, data_dir / "documents", data_dir / "heldout" / "documents"]
    paths = sorted(p for folder in folders for p in folder.iterdir() if p.is_file() and p.suffix != ".md")
    return [text.normalise(p.read_text(encoding="utf-8")) for p in paths]


@pytest.mark.parametrize("module, build", [(themes, "_patterns"), (activities, "_cue_pattern")])
def test_grouped_cue_alternation_finds_what_the_flat_one_finds(monkeypatch, corpus_dir, data_dir, module, build):
    import re

    from migkg.loaders import patterns

    recorded = []

    def recording(cues):
        recorded.extend(cues)
        return patterns.alternation(cues)

    monkeypatch.setattr(module, "alternation", recording)
    grouped = getattr(module, build).__wrapped__()[0]
    flat = re.compile(grouped.pattern.replace(patterns.alternation(recorded), f"(?:{'|'.join(b for _, b in recorded)})"))
    assert flat.pattern != grouped.pattern and len(recorded) > 50
    for document in _texts(corpus_dir, data_dir):
        assert [m.span() for m in grouped.finditer(document)] == [m.span() for m in flat.finditer(document)]


def test_date_tokens_of_letter_runs_read_as_single_letters(monkeypatch, corpus_dir, data_dir):
    """A run of letters is one `other` token and spaces are no token: the dates found are those
    of one token per letter, space tokens skipped."""
    import re

    single = re.compile(dates._TOKEN.pattern.replace(r"(?P<other>[^\W\d_]+|\S)", r"(?P<space>\s+) | (?P<other>.)"), dates._TOKEN.flags)
    assert single.pattern != dates._TOKEN.pattern

    def letter_tokens(text):
        return tuple(
            dates._Token(m.lastgroup, m.group(m.lastgroup) if m.lastgroup == "num" else m.group(0), m.start(), m.end())
            for m in single.finditer(text)
            if m.lastgroup != "space"
        )

    paragraphs = [p for document in _texts(corpus_dir, data_dir) for p in document.split("\n\n")]
    expected = [dates.find_dates.__wrapped__(p, default_year=2010) for p in paragraphs]
    monkeypatch.setattr(dates, "_tokens", letter_tokens)
    assert [dates.find_dates.__wrapped__(p, default_year=2010) for p in paragraphs] == expected
    assert sum(len(found) for found in expected) > 100


def test_answers_kept_per_document_are_copies_and_end_with_the_document():
    from migkg.loaders.memo import document_scope

    passage = "A workshop took place in Dili in May 2014 with IOM and UNHCR."
    with document_scope():
        first = gazetteer.gazetteer().find(passage)
        first.append("changed by a caller")
        again = gazetteer.gazetteer().find(passage)
        assert "changed by a caller" not in again
        assert find_dates(passage) == find_dates(passage)
    assert [ref.key for ref in again] == ["Dili", "IOM", "UNHCR"]


def test_output_prefilter_passes_every_sentence_that_holds_a_head_word(corpus_dir, data_dir):
    import re

    from migkg.loaders import outputs

    heads = re.compile(rf"(?i:{outputs._HEADS})")
    sentences = [s for document in _texts(corpus_dir, data_dir) for s in re.split(r"(?<=[.!?])\s+", document)]
    # characters `re` matches to ASCII letters case-insensitively although they are other letters
    sentences += ["The İNTERNATİONAL POLİCY", "a pol\u0131cy", "a \u017ftrategy", "the hand\u212aoo\u212a", "the LAW"]
    for sentence in sentences:
        assert outputs._may_hold_head(sentence) or not heads.search(sentence), sentence
    assert sum(1 for s in sentences if not outputs._may_hold_head(s)) > 10


def test_names_in_a_passage_of_a_text_are_those_of_the_passage_alone(corpus_dir, data_dir):
    import random

    from migkg.loaders.memo import document_scope

    g = gazetteer.gazetteer()
    rng = random.Random(5)
    checked = 0
    for document in _texts(corpus_dir, data_dir):
        with document_scope():  # the word index is made once per document
            for _ in range(60):
                start = rng.randrange(len(document))
                end = min(len(document), start + rng.choice((1, 5, 40, 200, 1500)))
                expected = g.find(document[start:end], offset=start)
                assert g.find_in(document, start, end) == expected, (start, end)
                assert g.find_in(document, start, end, kinds={"country"}) == [r for r in expected if r.kind == "country"]
                checked += bool(expected)
    assert checked > 200
    raw = "Experts from\r\nMali and the IOM."  # not normalised: read as the passage alone
    assert g.find_in(raw, 0, len(raw)) == g.find(raw)


def test_control_characters_are_those_of_unicode_category_cc():
    import sys
    import unicodedata

    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    expected = [ch for ch in every if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"]
    assert text._CONTROL.findall(every) == expected
