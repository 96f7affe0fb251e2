"""The catalogue loader on the sample catalogue and on hand-made entries of other countries and wordings."""

import re
from datetime import datetime, timezone

import pytest

import migkg.loaders as loaders
from migkg.loaders.catalogue import CatalogueLoader, roman_to_int
from migkg.loaders.records import DateValue
from migkg.triples import iris
from migkg.triples.namespaces import MKG
from migkg.triples.store import GraphStore

SAMPLE = "001_d0b15aa91c0e4644.txt"
FIXED_TIME = datetime(2024, 1, 2, tzinfo=timezone.utc)


def parse(text: str, name: str = "snippet.txt"):
    document, _ = loaders.read_document(loaders.Source(name, name.rsplit(".", 1)[0], text.encode("utf-8")))
    return document, CatalogueLoader().parse(document)


@pytest.fixture(scope="module")
def sample(corpus_dir):
    return parse((corpus_dir / SAMPLE).read_text(encoding="utf-8"), SAMPLE)


def by_title(extracted, prefix):
    [action] = [a for a in extracted.actions if a.title.startswith(prefix)]
    return action


# --- the sample catalogue --------------------------------------------------------------------------


def test_every_heading_is_one_action(sample, corpus_dir):
    document, extracted = sample
    raw = (corpus_dir / SAMPLE).read_text(encoding="utf-8")
    objectives = len(re.findall(r"^Objective:", raw, flags=re.MULTILINE))
    assert len(extracted.actions) == objectives == 36
    for action in extracted.actions:
        assert document.text[action.span.start : action.span.end] == action.title
        assert action.duration is not None
    assert len({a.title for a in extracted.actions}) == 36
    assert extracted.warnings == []


def test_downloads_and_funding_note_are_not_actions(sample):
    _, extracted = sample
    last = extracted.actions[-1]
    assert "Downloads" not in (last.summary or "") and "funded" not in (last.summary or "")


def test_sequence_numbers_and_beneficiaries(sample):
    _, extracted = sample
    burundi = by_title(extracted, "Burundi II")
    assert burundi.sequence == 2 and (burundi.beneficiary.kind, burundi.beneficiary.key) == ("country", "BI")
    assert by_title(extracted, "Benin").sequence is None
    assert by_title(extracted, "Cote d").beneficiary.key == "CI"
    assert by_title(extracted, "The Gambia").beneficiary.key == "GM"
    comesa = by_title(extracted, "Common Market for Eastern and Southern Africa (COMESA) II")
    assert (comesa.beneficiary.kind, comesa.beneficiary.key, comesa.sequence) == ("organisation", "COMESA", 2)
    region = by_title(extracted, "West and Central Africa I:")
    assert (region.beneficiary.kind, region.beneficiary.key) == ("region", "West and Central Africa")
    assert [c.key for c in region.beneficiary_countries] == ["BF", "GA", "ML", "MR", "SN"]


def test_durations_with_flattened_dashes(sample):
    _, extracted = sample
    assert by_title(extracted, "Angola").duration == DateValue("2009-09", "2011-07")
    assert by_title(extracted, "Benin").duration == DateValue("2013-01", None, True) and by_title(extracted, "Benin").ongoing
    assert by_title(extracted, "Ethiopia").duration == DateValue("2010-03-11", "2010-03-12")
    assert by_title(extracted, "Ghana I:").duration == DateValue("2011-09", "2013-04")
    assert by_title(extracted, "Cabo Verde I:").duration == DateValue("2010-02", "2013-02")  # value on the next line


def test_themes_from_heading(sample):
    _, extracted = sample
    themes = {t for t, _ in by_title(extracted, "Burundi I:").themes}
    assert {"border management", "human rights"} <= themes
    assert "trafficking in human beings" in {t for t, _ in by_title(extracted, "Uganda").themes}
    assert "legal migration" in {t for t, _ in by_title(extracted, "West and Central Africa II").themes}


def test_activities_experts_and_programme(sample):
    _, extracted = sample
    angola = by_title(extracted, "Angola")
    assert [(a.kind, a.date.iso()) for a in angola.activities] == [("assessment mission", "2010-03"), ("seminar", "2010-07")]
    assert angola.activities[0].place.key == "Luanda"
    wca = by_title(extracted, "West and Central Africa I:")
    assert ("study visit", "2012-04-24/2012-04-27") in [(a.kind, a.date and a.date.iso()) for a in wca.activities]
    training = next(a for a in wca.activities if a.kind == "training")
    assert training.participants == 20 and training.place.key == "Dakar"
    benin = by_title(extracted, "Benin")
    assert any(a.planned and a.kind == "seminar" for a in benin.activities)
    assert {(e.kind, e.origin.key if e.origin else None) for e in benin.experts} == {
        ("national administration", "DE"),
        ("private consultant", None),
    }
    zambia = by_title(extracted, "Zambia")
    assert ("international organisation", "EUROPOL") in {(e.kind, e.origin and e.origin.key) for e in zambia.experts}
    assert all(a.programme.key == "MIEUX" for a in extracted.actions)
    assert all([f.key for f in a.funders] == ["EU"] for a in extracted.actions)  # the funding note at the end


def test_partners_requesters_and_outputs(sample):
    _, extracted = sample
    assert "UNODC" in {p.key for p in by_title(extracted, "Cote d").partners}
    assert "Ministry of Foreign Affairs of Ethiopia" in {p.key for p in by_title(extracted, "Ethiopia").partners}
    assert "Federal Ministry of Labour and Productivity of Nigeria" in {
        r.key for r in by_title(extracted, "Nigeria IV").requested_by
    }
    outputs = {(o.kind, o.name) for o in by_title(extracted, "Burundi II").outputs}
    assert ("policy", "National Policy on Diaspora Engagement") in outputs


# --- hand-made catalogues ----------------------------------------------------------------------------

SNIPPET = """Eastern Europe and Central Asia

\u00a0

Republic of Moldova II: Labour Migration and Diaspora Engagement

Objective: The action assisted the Moldovan Bureau for Diaspora Relations in preparing a national
strategy on diaspora engagement.

Summary: A scoping mission was conducted in Chișinău on 3-5 February 2015. Two drafting sessions
followed in May and September 2015. A study visit to Lisbon is foreseen for the first half of 2016.
Experts from the Portuguese and Estonian national administrations, as well as a private consultant,
were deployed for this action.

Duration:
January 2015\u2013present

\u00a0

Kyrgyzstan: Trafficking in Human Beings (THB)

Objective: MIEUX supported the State Migration Service of Kyrgyzstan, at the request of the Ministry of Labour,
in drafting a Handbook on the Identification of Victims.

Summary: An assessment mission to Bishkek took place 1214 March 2013, in partnership with UNODC. A
training of trainers was held in Osh in June 2013 for 25 officers.

Duration: March 2013September 2013

\u00a0

Central Asia I: Border Management

Objective: The action brought together Kazakhstan, Tajikistan and Uzbekistan to improve regional cooperation.

Summary: A regional workshop took place in Almaty in October 2014. European academics were deployed.

Duration: October 2014-December 2014

Downloads
Factsheet en ru
"""


@pytest.fixture(scope="module")
def snippet():
    return parse(SNIPPET)


def test_snippet_actions_and_beneficiaries(snippet):
    document, extracted = snippet
    assert [a.title for a in extracted.actions] == [
        "Republic of Moldova II: Labour Migration and Diaspora Engagement",
        "Kyrgyzstan: Trafficking in Human Beings (THB)",
        "Central Asia I: Border Management",
    ]
    moldova, kyrgyzstan, central_asia = extracted.actions
    assert (moldova.beneficiary.key, moldova.sequence) == ("MD", 2)
    assert (kyrgyzstan.beneficiary.key, kyrgyzstan.sequence) == ("KG", None)
    assert (central_asia.beneficiary.kind, central_asia.beneficiary.key, central_asia.sequence) == ("region", "Central Asia", 1)
    assert [c.key for c in central_asia.beneficiary_countries] == ["KZ", "TJ", "UZ"]
    assert extracted.title == "Eastern Europe and Central Asia"
    assert extracted.actions[0].programme is None or extracted.actions[0].programme.key == "MIEUX"


def test_snippet_durations(snippet):
    _, extracted = snippet
    moldova, kyrgyzstan, central_asia = extracted.actions
    assert moldova.duration == DateValue("2015-01", None, True) and moldova.ongoing
    assert kyrgyzstan.duration == DateValue("2013-03", "2013-09")
    assert central_asia.duration == DateValue("2014-10", "2014-12")


def test_snippet_themes(snippet):
    _, extracted = snippet
    moldova, kyrgyzstan, central_asia = extracted.actions
    assert {"labour migration", "diaspora engagement"} <= {t for t, _ in moldova.themes}
    assert [t for t, _ in kyrgyzstan.themes][0] == "trafficking in human beings"
    assert {"border management", "regional cooperation"} <= {t for t, _ in central_asia.themes}


def test_snippet_activities(snippet):
    _, extracted = snippet
    moldova, kyrgyzstan, central_asia = extracted.actions
    assert [(a.kind, a.date and a.date.iso(), a.planned) for a in moldova.activities] == [
        ("fact-finding mission", "2015-02-03/2015-02-05", False),
        ("drafting session", "2015-05", False),
        ("drafting session", "2015-09", False),
        ("study visit", "2016-01/2016-06", True),
    ]
    assert moldova.activities[0].place.key == "Chișinău"
    assert [(a.kind, a.date.iso()) for a in kyrgyzstan.activities] == [
        ("assessment mission", "2013-03-12/2013-03-14"),
        ("training of trainers", "2013-06"),
    ]
    assert kyrgyzstan.activities[1].participants == 25
    assert [(a.kind, a.place.key) for a in central_asia.activities] == [("workshop", "Almaty")]


def test_snippet_experts_partners_requesters_outputs(snippet):
    _, extracted = snippet
    moldova, kyrgyzstan, central_asia = extracted.actions
    assert {(e.kind, e.origin.key if e.origin else None) for e in moldova.experts} == {
        ("national administration", "PT"),
        ("national administration", "EE"),
        ("private consultant", None),
    }
    assert [(e.kind, e.origin) for e in central_asia.experts] == [("academia", None)]
    assert [p.key for p in kyrgyzstan.partners] == ["UNODC"]
    assert [r.key for r in kyrgyzstan.requested_by] == ["Ministry of Labour of Kyrgyzstan"]
    assert ("handbook", "Handbook on the Identification of Victims") in {(o.kind, o.name) for o in kyrgyzstan.outputs}
    assert kyrgyzstan.programme.key == "MIEUX"


def test_snippet_rdf(snippet):
    extraction = loaders.extract(loaders.Source("snippet.txt", "snippet", SNIPPET.encode("utf-8")), loaded_at=FIXED_TIME)
    assert extraction.loader == "catalogue"
    store = GraphStore.open(None)
    store.extend(extraction.quads)
    moldova = iris.mint("action", "Republic of Moldova II: Labour Migration and Diaspora Engagement")
    rows = {(row["p"].value, row["o"].value) for row in store.query(f"SELECT ?p ?o WHERE {{ {moldova} ?p ?o }}")}
    assert (MKG.beneficiary.value, iris.country_iri("MD").value) in rows
    assert (MKG.sequenceNumber.value, "2") in rows
    assert (MKG.ongoing.value, "true") in rows
    assert (MKG.theme.value, iris.concept("theme", "labour migration").value) in rows
    assert not any(p == MKG.endDate.value for p, _ in rows)
    activity = iris.mint("activity", "Republic of Moldova II: Labour Migration and Diaspora Engagement 4")
    assert store.query(f"ASK {{ {activity} a mkg:StudyVisit ; mkg:planned true ; mkg:partOfAction {moldova} }}")
    region = iris.mint("region", "Central Asia")
    members = {row["c"].value for row in store.query(f"SELECT ?c WHERE {{ {region} mkg:includesCountry ?c }}")}
    assert members == {iris.country_iri(code).value for code in ("KZ", "TJ", "UZ")}
    labels = {row["l"].value for row in store.query(f"SELECT ?l WHERE {{ {iris.country_iri('MD')} rdfs:label ?l }}")}
    assert "Moldova" in labels and len(labels) == 2


def test_programme_only_when_the_document_names_it():
    text = SNIPPET.replace("MIEUX supported", "The programme supported")
    _, extracted = parse(text)
    assert all(action.programme is None for action in extracted.actions)


def test_french_labels():
    text = """Sénégal : Gestion des frontières

Objectif : Appuyer le ministère de l'Intérieur dans la gestion des frontières.

Résumé : Un atelier a eu lieu à Dakar du 13 au 15 mars 2018. Des experts de l'administration française ont été déployés.

Durée : janvier 2018 - décembre 2018
"""
    _, extracted = parse(text)
    [action] = extracted.actions
    assert action.beneficiary.key == "SN"
    assert action.duration == DateValue("2018-01", "2018-12")
    assert [(a.kind, a.date.iso(), a.place.key) for a in action.activities] == [("workshop", "2018-03-13/2018-03-15", "Dakar")]
    assert "border management" in {t for t, _ in action.themes}


@pytest.mark.parametrize("numeral, value", [("I", 1), ("II", 2), ("III", 3), ("IV", 4), ("VI", 6), ("IX", 9), ("XI", 11)])
def test_roman_numerals(numeral, value):
    assert roman_to_int(numeral) == value


def test_sniff_is_conservative():
    loader = CatalogueLoader()
    assert loader.sniff(SNIPPET, "x.txt")
    assert not loader.sniff("Objective: something.\nNo summary here.", "x.txt")
    assert not loader.sniff("An article about objectives and summaries.\nSummary: none.", "x.txt")


AMERICAS = """Latin America and the Caribbean

Paraguay II: Smuggling of Migrants and Human Rights

Objective: The Action assists the Paraguayan Ministry of the Interior in the fight against migrant smuggling, with a focus on the protection of victims.

Summary: The Action opened with a needs assessment in Asunción on 2–4 June 2014. It was followed in September 2014 by a seminar on investigative techniques for 35 prosecutors and police officers. A training of trainers is planned for March 2015, and a handbook for investigators will be drafted. Experts from the Spanish Guardia Civil and the Colombian Migration Authority, together with INTERPOL, contributed to the Action.

Duration: May 2014 – December 2015

Caribbean Community (CARICOM): Labour Mobility

Objective: MIEUX supports the CARICOM Secretariat, upon request of its Member States, to facilitate free movement of skilled nationals.

Summary: Two consultations took place in Georgetown and Kingston in February and April 2016. A regional conference will close the Action in late 2016. An independent consultant and experts from the Jamaican and Dutch administrations are deployed.

Duration: January 2016 - ongoing
"""


def test_second_catalogue_other_wording():
    _, extracted = parse(AMERICAS)
    paraguay, caricom = extracted.actions
    assert (paraguay.beneficiary.key, paraguay.sequence, paraguay.duration.iso()) == ("PY", 2, "2014-05/2015-12")
    assert {"smuggling of migrants", "human rights"} <= {t for t, _ in paraguay.themes}
    assert [(a.kind, a.date.iso(), a.planned) for a in paraguay.activities] == [
        ("needs assessment", "2014-06-02/2014-06-04", False),
        ("seminar", "2014-09", False),
        ("training of trainers", "2015-03", True),
    ]
    assert paraguay.activities[1].participants == 35
    assert {(e.kind, e.origin.key) for e in paraguay.experts} == {
        ("national administration", "ES"),
        ("national administration", "CO"),
        ("international organisation", "INTERPOL"),
    }
    assert paraguay.partners == []
    assert ("handbook", None) in {(o.kind, o.name) for o in paraguay.outputs}
    assert (caricom.beneficiary.kind, caricom.beneficiary.key, caricom.duration) == (
        "organisation",
        "CARICOM",
        DateValue("2016-01", None, True),
    )
    assert "labour migration" in {t for t, _ in caricom.themes}
    assert [(a.kind, a.date.iso(), a.planned) for a in caricom.activities] == [
        ("consultation", "2016-02", False),
        ("consultation", "2016-04", False),
        ("conference", "2016", True),
    ]
    assert {(e.kind, e.origin.key if e.origin else None) for e in caricom.experts} == {
        ("national administration", "JM"),
        ("national administration", "NL"),
        ("private consultant", None),
    }


FRENCH = """Afrique de l'Ouest et du Centre

Niger II : Lutte contre le trafic de migrants

Objectif : L'action appuie le ministère de l'Intérieur du Niger dans la lutte contre le trafic illicite de migrants et la protection des victimes.

Résumé : Une mission d'évaluation s'est déroulée à Niamey du 4 au 8 avril 2016. Un atelier sur les techniques d'enquête a réuni 30 participants à Agadez en juin 2016. Une visite d'étude en Espagne est prévue pour le premier trimestre 2017. Des experts des administrations nationales espagnole et française ont été déployés.

Durée : mars 2016 – à ce jour

Tchad : Gestion des frontières

Objectif : Renforcer les capacités de la police des frontières tchadienne, à la demande de la Direction générale de la police nationale.

Résumé : Une formation de formateurs a eu lieu à N'Djamena en octobre 2015, en partenariat avec l'OIM. Un séminaire national sera organisé en 2016.

Durée : septembre 2015 - juin 2016
"""


def test_french_catalogue():
    document, extracted = parse(FRENCH)
    assert document.language == "fr"
    niger, chad = extracted.actions
    assert (niger.beneficiary.key, niger.sequence, niger.duration) == ("NE", 2, DateValue("2016-03", None, True))
    assert {"smuggling of migrants", "protection of vulnerable migrants"} <= {t for t, _ in niger.themes}
    assert [(a.kind, a.date.iso(), a.planned) for a in niger.activities] == [
        ("assessment mission", "2016-04-04/2016-04-08", False),
        ("workshop", "2016-06", False),
        ("study visit", "2017-01/2017-03", True),
    ]
    assert niger.activities[1].participants == 30 and niger.activities[1].place.key == "Agadez"
    assert {(e.kind, e.origin.key) for e in niger.experts} == {("national administration", "ES"), ("national administration", "FR")}
    assert (chad.beneficiary.key, chad.duration) == ("TD", DateValue("2015-09", "2016-06"))
    assert [(a.kind, a.date.iso(), a.planned) for a in chad.activities] == [
        ("training of trainers", "2015-10", False),
        ("seminar", "2016", True),
    ]
    assert [p.key for p in chad.partners] == ["IOM"]
    assert [r.key for r in chad.requested_by] == ["Direction générale de la police nationale of Chad"]


@pytest.fixture(scope="module")
def sample_store(corpus_dir):
    [source] = loaders.iter_sources([str(corpus_dir / SAMPLE)])
    extraction = loaders.extract(source, loaded_at=FIXED_TIME)
    store = GraphStore.open(None)
    store.extend(extraction.quads)
    return extraction, store


def test_sample_evidence_is_exact_and_complete(sample_store, sample):
    extraction, store = sample_store
    document, _ = sample
    rows = list(store.query("SELECT ?exact ?start ?end WHERE { ?sel oa:exact ?exact ; oa:start ?start ; oa:end ?end }"))
    assert len(rows) > 500
    for row in rows:
        assert document.text[int(row["start"].value) : int(row["end"].value)] == row["exact"].value
    without = list(
        store.query(
            "SELECT ?r WHERE { { ?r a mkg:Action } UNION { ?a mkg:hasActivity ?r } UNION { ?a mkg:expertDeployment ?r } "
            "UNION { ?a mkg:output ?r } FILTER NOT EXISTS { ?r mkg:evidence ?e } }"
        )
    )
    assert without == []


def test_sample_every_resource_is_typed_and_labelled(sample_store):
    _, store = sample_store
    rows = list(
        store.query(
            "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p NOT IN (rdf:type, mkg:evidence, mkg:evidenceFor, "
            "mkg:evidenceProperty, oa:hasSource, oa:hasSelector, mkg:theme, mkg:activityKind, mkg:expertOriginKind, "
            "mkg:outputKind, mkg:organisationKind, mkg:sourceDocument)) "
            "FILTER NOT EXISTS { ?o a ?type ; rdfs:label ?label } }"
        )
    )
    assert [row["o"].value for row in rows] == []
    labels = {
        row["l"].value
        for row in store.query(f"SELECT ?l WHERE {{ {iris.country_iri('CV')} rdfs:label ?l }}")
    }
    assert labels == {"Cabo Verde", "Cap-Vert"}
    assert store.query(f"ASK {{ {iris.mint('organisation', 'UNODC')} a mkg:InternationalOrganisation ; mkg:acronym 'UNODC' ; mkg:organisationKind ?k ; rdfs:label ?en, ?fr FILTER(LANG(?en) = 'en' && LANG(?fr) = 'fr') }}")


def test_base_iri_option(snippet):
    source = loaders.Source("snippet.txt", "snippet", SNIPPET.encode("utf-8"))
    extraction = loaders.extract(source, base="https://example.org/kg", loaded_at=FIXED_TIME)
    assert extraction.document.value == "https://example.org/kg/id/document/snippet"
    actions = {q.subject.value for q in extraction.quads if q.object == MKG.Action}
    assert "https://example.org/kg/id/action/kyrgyzstan-trafficking-in-human-beings-thb" in actions
    assert all(a.funders == [] for a in snippet[1].actions)
