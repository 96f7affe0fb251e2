"""Entity identity and partnership parties in news, on invented English and French sentences."""

import json
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from migkg.loaders.evaluate import Report, entity_id, entity_labels, evaluate_document
from migkg.loaders.extraction import extract
from migkg.loaders.sources import Source
from migkg.triples import iris
from migkg.triples.namespaces import MKG, RDF, RDFS, SKOS
from migkg.triples.store import GraphStore

from test_loader_article import events_of, parse_news, partnerships_of, roles_of

#: a closing paragraph that states no fact
CLOSING = "\n\nFurther details will be published on the websites of both organisations in the coming weeks.\n"

ENGLISH = (
    "Labour agreement signed in Manila\n\n"
    "On 3 March 2025, the Department of Overseas Employment (DOE) and IOM signed a memorandum of understanding on "
    "fair recruitment. DOE will report on its implementation every year." + CLOSING
)
FRENCH = (
    "Accord signé à Dakar\n\n"
    "Le 3 mars 2025, la Direction générale des Sénégalais de la diaspora (DGSD) et l'OIM ont signé un protocole "
    "d'accord sur la réinsertion. La DGSD présentera un rapport chaque année." + CLOSING
)


def store_of(text: str, name: str = "article.txt") -> GraphStore:
    store = GraphStore.open(None)
    store.extend(extract(Source(name, Path(name).stem, text.encode("utf-8"))).quads)
    return store


def objects(store: GraphStore, subject: NamedNode, predicate: NamedNode) -> set:
    return {quad.object for quad in store.quads(subject, predicate)}


# --- an organisation the gazetteer does not know, introduced as "Full Name (ACR)" ------------------


@pytest.mark.parametrize(
    "text, name, acronym, languages",
    [
        (ENGLISH, "Department of Overseas Employment", "DOE", {"en"}),
        (FRENCH, "Direction générale des Sénégalais de la diaspora", "DGSD", {"en", "fr"}),
    ],
)  # fmt: skip
def test_an_unknown_organisation_defined_with_an_acronym_is_one_entity_named_in_full(text, name, acronym, languages):
    _, _, item = parse_news(text)
    named = [m for m in item.mentions if m.kind == "organisation" and m.key == name]
    assert len(named) == 1 and named[0].acronym == acronym
    assert not any(m.key == acronym for m in item.mentions)  # the later bare acronym is the same entity
    assert {p[1] for p in partnerships_of(item)} == {tuple(sorted((name, "IOM")))}

    store = store_of(text)
    node = iris.mint("organisation", name)
    assert node.value.endswith("/id/organisation/" + iris.slug(name))
    labels = objects(store, node, RDFS.label)
    assert {label.value for label in labels} == {name} and {label.language for label in labels} == languages
    assert objects(store, node, SKOS.altLabel) == {Literal(acronym)}
    assert objects(store, node, MKG.acronym) == {Literal(acronym)}


def test_a_document_naming_the_organisation_in_full_finds_the_same_iri():
    other = (
        "Recruitment forum in Manila\n\n"
        "On 5 May 2025, the Department of Overseas Employment hosted a forum on fair recruitment with 80 "
        "participants from 12 countries." + CLOSING
    )
    first, second = store_of(ENGLISH, "first.txt"), store_of(other, "second.txt")
    node = iris.mint("organisation", "Department of Overseas Employment")
    assert objects(first, node, RDFS.label) and objects(second, node, RDFS.label)


def test_organisations_the_gazetteer_knows_keep_their_acronym_key():
    _, _, item = parse_news(
        "Agreement\n\nOn 3 March 2025, the International Centre for Migration Policy Development (ICMPD) and the "
        "Department of Overseas Employment (DOE) signed a partnership agreement." + CLOSING
    )
    assert {p[1] for p in partnerships_of(item)} == {("Department of Overseas Employment", "ICMPD")}


# --- the scorer: names the gazetteer does not know, through the labels extracted ---------------------


def test_the_scorer_resolves_an_unknown_name_through_the_labels_of_the_same_document():
    labels = entity_labels(store_of(ENGLISH))
    full = iris.slug("Department of Overseas Employment")
    assert entity_id("Department of Overseas Employment", labels=labels) == full
    assert entity_id("DOE", labels=labels) == full
    assert entity_id("department of  overseas employment", labels=labels) == full  # folded like titles
    assert entity_id("IOM", labels=labels) == "iom"  # the gazetteer first
    assert entity_id("Department of Inland Employment", labels=labels) == iris.slug("Department of Inland Employment")


@pytest.mark.parametrize("party", ["Department of Overseas Employment", "DOE"])
def test_an_expected_party_scores_by_identity_whichever_name_it_uses(tmp_path, party):
    document = tmp_path / "doe.txt"
    document.write_text(ENGLISH, encoding="utf-8")
    expected = tmp_path / "doe.json"
    expected.write_text(json.dumps({
        "document": "doe.txt", "loader": "article", "language": "en",
        "partnerships": [{"kind": "memorandum of understanding", "parties": [party, "IOM"], "date": "2025-03-03"}],
    }), encoding="utf-8")  # fmt: skip
    result = evaluate_document(document, expected, Report())
    score = result.scores["partnerships"]
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


# --- parties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, parties",
    [
        ("Le 3 mai 2022, le Centre international pour le développement des politiques migratoires (ICMPD), qui assure "
         "le secrétariat des deux dialogues, et l'Organisation internationale pour les migrations (OIM) ont conclu un "
         "accord de coopération.", ("ICMPD", "IOM")),
        ("On 3 May 2022, UNHCR, which chairs the Secretariat of the Regional Platform, and the Department of Overseas "
         "Employment signed a partnership agreement.", ("Department of Overseas Employment", "UNHCR")),
    ],
)  # fmt: skip
def test_a_relative_clause_inside_a_list_of_parties_names_no_party(sentence, parties):
    _, _, item = parse_news("Agreement\n\n" + sentence)
    assert {p[1] for p in partnerships_of(item)} == {parties}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Ministry of Overseas Indians and Diaspora Affairs and IOM signed a cooperation agreement on 2 May 2024.",
        "The Ministry of Overseas Indians and Labour Development and ICMPD signed a partnership agreement on 2 May 2024.",
    ],
)
def test_a_ministry_whose_name_holds_a_demonym_stays_the_ministry(sentence):
    _, _, item = parse_news("Agreement\n\n" + sentence)
    [(_, parties, _)] = partnerships_of(item)
    assert len(parties) == 2 and any(p.startswith("Ministry of Overseas Indians and ") for p in parties)
    assert "IN" not in parties


def test_the_government_of_a_country_beside_an_unknown_national_body_is_a_party():
    _, _, item = parse_news(
        "Agreement\n\nOn 2 May 2024, the Department of Overseas Employment (DOE) and the Government of Portugal signed "
        "a memorandum of understanding on fair recruitment."
    )
    assert {p[1] for p in partnerships_of(item)} == {("Department of Overseas Employment", "PT")}


# --- the signing date given by another sentence -------------------------------------------------------


@pytest.mark.parametrize(
    "text, date",
    [
        ("Agreement\n\nThe Ministry of Labour of Ghana and IOM concluded a memorandum of understanding on labour "
         "mobility. The memorandum was signed in July 2021.", "2021-07"),
        ("Agreement\n\nThe Ministry of Labour of Ghana and IOM concluded a memorandum of understanding on labour "
         "mobility. It was signed on 12 July 2021 in Accra.", "2021-07-12"),
        ("Agreement\n\nThe Ministry of Labour of Ghana and IOM concluded a memorandum of understanding on labour "
         "mobility. In July 2021, the two organisations signed the memorandum in Accra.", "2021-07"),
        ("Accord\n\nLe ministère du Travail du Ghana et l'OIM ont conclu un protocole d'accord sur la mobilité. Il a "
         "été signé le 12 juillet 2021 à Accra.", "2021-07-12"),
        ("Accord\n\nLe ministère du Travail du Ghana et l'OIM ont conclu un protocole d'accord sur la mobilité. En "
         "juillet 2021, les deux parties ont signé le protocole à Accra.", "2021-07"),
    ],
)  # fmt: skip
def test_a_signing_date_given_in_a_later_sentence_dates_the_agreement(text, date):
    _, _, item = parse_news(text)
    [(_, _, found)] = partnerships_of(item)
    assert found == date


def test_a_later_sentence_without_a_signing_verb_gives_no_date():
    _, _, item = parse_news(
        "Agreement\n\nThe Ministry of Labour of Ghana and IOM concluded a memorandum of understanding on labour "
        "mobility. It will run until December 2026."
    )
    [(_, _, found)] = partnerships_of(item)
    assert found is None


def test_a_lone_place_and_date_line_after_the_lede_dates_the_article():
    _, _, item = parse_news(
        "Agreement signed in Accra\n\nAccra – The Ministry of Labour of Ghana and IOM on Monday signed a memorandum "
        "of understanding on labour mobility.\n\nAccra, 4 October 2022\n\nThe memorandum covers skills recognition "
        "and the protection of migrant workers."
    )
    assert item.date == "2022-10-04"
    [(_, _, found)] = partnerships_of(item)
    assert found == "2022-10-03"


def test_the_signatories_named_again_add_the_national_body_that_signed_for_the_country():
    _, _, item = parse_news(
        "Ghana and ICMPD sign cooperation agreement\n\nThe cooperation agreement was signed in Accra on 12 June 2024. "
        "The agreement was signed by Ama Mensah, Chief Director of the Ministry of Employment and Labour Relations, "
        "and Karl Huber, Head of the Regional Office at ICMPD."
    )
    assert partnerships_of(item) == {
        ("partnership agreement", ("ICMPD", "Ministry of Employment and Labour Relations"), "2024-06-12")
    }


def test_another_agreement_signed_between_two_parties_is_reported_as_its_own_kind():
    _, _, item = parse_news(
        "Accord\n\nLe 9 novembre 2023, l'OFII et l'Office national de l'emploi (ONE) ont signé une lettre d'intention. "
        "Cette lettre d'intention vient compléter l'accord de partenariat conclu en juin 2022 entre l'OFII et l'Agence "
        "nationale pour l'emploi et le travail indépendant (ANETI), qui a déjà permis beaucoup."
    )
    assert partnerships_of(item) == {
        ("memorandum of understanding", ("OFII", "Office national de l'emploi"), "2023-11-09"),
        ("partnership agreement", ("Agence nationale pour l'emploi et le travail indépendant", "OFII"), "2022-06"),
    }


@pytest.mark.parametrize(
    "sentence, party",
    [
        ("Le 11 avril 2022, le ministère des Affaires étrangères et des Maliens de l'extérieur et l'OIM ont signé un "
         "accord de partenariat.", "ministère des Affaires étrangères et des Maliens de l'extérieur"),
        ("Le 11 avril 2022, la Direction générale d'appui aux Maliens de l'extérieur et l'OIM ont signé un protocole "
         "d'accord.", "Direction générale d'appui aux Maliens de l'extérieur"),
        ("Le 11 avril 2022, le ministère de l'Emploi au Mali et l'OIM ont signé un accord de partenariat.",
         "ministère de l'Emploi of Mali"),
    ],
)  # fmt: skip
def test_french_institution_names_run_on_after_aux_and_et_des(sentence, party):
    _, _, item = parse_news("Accord\n\n" + sentence)
    [(_, parties, _)] = partnerships_of(item)
    assert parties == tuple(sorted((party, "IOM")))


# --- counts of an event --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, participants, countries",
    [
        ("On 4 May 2024, the workshop in Tirana gathered 36 officials from seven Western Balkans participating states.",
         36, 7),
        ("On 4 May 2024, the forum in Tirana gathered 120 delegates from 33 African Union Member States.", 120, 33),
        ("On 4 May 2024, a seminar in Tirana gathered 90 participants, including delegations from 12 of the "
         "Process's Member States.", 90, 12),
        ("On 4 May 2024, some three hundred participants from thirty countries attended the conference in Tirana.",
         300, 30),
        ("Le 4 mai 2024, un séminaire à Lomé a réuni une quarantaine de participants venus de six pays.", 40, 6),
        ("Le 4 mai 2024, plus de 55 experts venus de 18 pays se sont réunis à Lomé pour un atelier.", 55, 18),
        ("On 4 May 2024, the meeting in Tirana gathered 47 experts from 14 countries.", 47, 14),
    ],
)  # fmt: skip
def test_counts_of_participants_and_countries_in_more_wordings(sentence, participants, countries):
    _, _, item = parse_news("Event\n\n" + sentence)
    assert {(p, c) for _, p, c in events_of(item)} == {(participants, countries)}


def test_a_year_before_experts_is_no_count_and_delegations_that_took_part_count_countries():
    _, _, item = parse_news(
        "Réunion à Nairobi\n\nLa réunion des hauts fonctionnaires s'est tenue à Nairobi le 29 novembre 2022. Des "
        "délégations de vingt-six pays y ont pris part.\n\nUne mission s'est tenue à Lomé du 3 au 5 juillet 2023 avec "
        "des experts venus de France."
    )
    assert (None, 26) in {(p, c) for _, p, c in events_of(item)}
    assert all(p != 2023 for _, p, _ in events_of(item))


@pytest.mark.parametrize(
    "sentence, participants, countries",
    [
        ("On 4 May 2024, the meeting in Tirana was attended by 70 delegates representing 9 of the Process's 11 "
         "Member States.", 70, 9),
        ("On 4 May 2024, the meeting in Tirana brought together some 70 officials representing nine of the eleven "
         "Member States of the Process.", 70, 9),
    ],
)  # fmt: skip
def test_a_count_out_of_a_total_after_a_possessive_or_in_words(sentence, participants, countries):
    _, _, item = parse_news("Event\n\n" + sentence)
    assert {(p, c) for _, p, c in events_of(item)} == {(participants, countries)}


def test_an_event_held_the_same_day_as_a_signing_takes_its_date():
    _, _, item = parse_news(
        "Accord\n\nL'OFII et l'OIM ont signé jeudi 9 novembre 2023, à Tunis, une lettre d'intention. La signature a "
        "été suivie d'un séminaire bilatéral qui a réuni le même jour 45 participants des deux pays."
    )
    assert ("2023-11-09", 45, 2) in events_of(item)


# --- relative dates: one module for partnerships and events ----------------------------------------------


def test_named_days_and_the_day_after_the_last_one_come_from_the_shared_module():
    import datetime

    from migkg.loaders import relative_dates
    from migkg.loaders.news_relations import relative_date

    reference = datetime.datetime(2024, 3, 7, 10, 30)  # a Thursday, given as a date-time
    assert relative_dates.named_day("The ministers met yesterday.", reference).iso() == "2024-03-06"
    assert relative_dates.named_day("signé ce lundi à Dakar", "2024-03-07T10:30:00+01:00").iso() == "2024-03-04"
    assert relative_dates.named_day("On Thursday, 9 September 2021, they signed.", "2021-09-13") is None
    assert relative_date("They signed on Monday.", "2024-03-07") == relative_dates.named_day("on Monday", "2024-03-07")
    assert relative_dates.day_after_last("Le lendemain, un atelier a suivi.", datetime.date(2024, 3, 7)).iso() == "2024-03-08"
    assert relative_dates.day_after_last("The same day, a workshop followed.", datetime.date(2024, 3, 7)).iso() == "2024-03-07"
    assert relative_dates.day_after_last("A workshop followed.", datetime.date(2024, 3, 7)) is None


def test_a_weekday_before_the_absolute_date_that_opens_a_sentence_dates_its_agreement():
    _, _, item = parse_news(
        "Agreement\n\nOn Thursday, 9 September 2021, the International Centre for Migration Policy Development (ICMPD) "
        "and the Intergovernmental Authority on Development (IGAD) signed a letter of intent in Djibouti."
    )
    assert partnerships_of(item) == {("memorandum of understanding", ("ICMPD", "IGAD"), "2021-09-09")}


# --- role titles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        ("On 3 May 2024, Mr Tomasz Nowak, Senior Return Officer at the Polish Border Guard, opened the workshop in "
         "Warsaw.", "Tomasz Nowak", "Senior Return Officer"),
        ("On 3 May 2024, Ms Anna Berg, Senior Policy Adviser at the ILO Regional Office for Europe, opened the "
         "workshop in Warsaw.", "Anna Berg", "Senior Policy Adviser"),
        ("Le 3 mai 2024, Mme Carla Ruiz, directrice générale des migrations du ministère de l'Inclusion, de la Sécurité "
         "sociale et des Migrations, a ouvert l'atelier à Dakar.", "Carla Ruiz", "directrice générale des migrations"),
    ],
)  # fmt: skip
def test_a_role_title_ends_where_its_workplace_is_named(sentence, name, role):
    _, _, item = parse_news("Workshop\n\n" + sentence)
    assert roles_of(item)[name] == role


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        # a title before a name, after an earlier capitalised run that named nobody
        ("On 3 May 2024, Ghana’s Deputy Minister of Employment and Skills Development, Kofi Mensah, opened the "
         "workshop in Accra.", "Kofi Mensah", "Deputy Minister of Employment and Skills Development"),
        # a country or region ending the title is no part of the name
        ("On 3 May 2024, EU Ambassador to Ghana Pieter de Vries opened the workshop in Accra.", "Pieter de Vries",
         "Ambassador to Ghana"),
        ("On 3 May 2024, IOM Regional Director for Africa Grace Wanjiru opened the workshop in Accra.", "Grace Wanjiru",
         "Regional Director for Africa"),
        # a rank before the name, the role in the apposition after it
        ("“Data come first,” said Ambassador Amina Salem, Chair of the National Committee, in Accra on 3 May 2024.",
         "Amina Salem", "Chair"),  # the committee is her affiliation
        # prefixed role words
        ("Rosa Pérez, Vice-Minister of Foreign Affairs of Peru, opened the workshop in Lima on 3 May 2024.", "Rosa Pérez",
         "Vice-Minister of Foreign Affairs"),
        ("“We learn from each other,” said Nia Putri, Co-Manager of the Regional Support Office, on 3 May 2024.",
         "Nia Putri", "Co-Manager"),
    ],
)  # fmt: skip
def test_more_people_and_their_titles(sentence, name, role):
    _, _, item = parse_news("Workshop\n\n" + sentence)
    assert roles_of(item).get(name) == role


@pytest.mark.parametrize(
    "sentence, party",
    [
        ("Le 11 avril 2022, le Ministère des Affaires sociales et l'OIM ont signé un accord de partenariat.",
         "Ministère des Affaires sociales"),
        ("Le 11 avril 2022, le Ministère des Affaires étrangères et des Maliens de l'extérieur et l'OIM ont signé un "
         "accord de partenariat.", "Ministère des Affaires étrangères et des Maliens de l'extérieur"),
    ],
)  # fmt: skip
def test_a_capitalised_french_name_runs_on_in_lower_case(sentence, party):
    _, _, item = parse_news("Accord\n\n" + sentence)
    assert {p[1] for p in partnerships_of(item)} == {tuple(sorted((party, "IOM")))}


def test_a_name_a_summary_cut_short_is_no_institution():
    _, _, item = parse_news(
        "MIEUX+ closes its Action in Ghana\n\nAfter three years, MIEUX+ closed its Action with the Ghanaian Ministry "
        "of Foreign...\n\nThe Action ended with a workshop in Accra on 13 June 2024 with 70 participants."
    )
    assert not any(m.kind == "organisation" and m.key.startswith("Ministry of Foreign") for m in item.mentions)


def test_a_programme_defined_with_an_acronym_is_keyed_by_its_full_name_too():
    _, _, item = parse_news(
        "Programme launched\n\nOn 3 May 2024, the Regional Skills Mobility Programme (RSMP) was launched in Accra. "
        "RSMP will run until 2027."
    )
    projects = [m for m in item.mentions if m.kind == "project"]
    assert [(p.key, p.acronym) for p in projects] == [("Regional Skills Mobility Programme", "RSMP")]


def test_an_event_noun_inside_an_organisation_name_is_no_event():
    _, _, item = parse_news(
        "Support to Cambodia\n\nOn 15 November 2021, an expert mission took place in Phnom Penh at the request of the "
        "Ministry of Labour and Vocational Training of Cambodia, with 22 participants."
    )
    assert events_of(item) == {("2021-11-15", 22, None)}


def test_a_consultation_named_again_is_the_same_gathering_and_a_summit_is_an_event():
    _, _, item = parse_news(
        "Forum contributes to consultation\n\nOn 2 September 2021, the Global Forum held a virtual thematic "
        "consultation on skills mobility. The consultation was attended by 120 participants from 45 countries. Its "
        "outcomes will feed into the summit scheduled for January 2022."
    )
    assert events_of(item) == {("2021-09-02", 120, 45), ("2022-01", None, None)}


def test_a_ministry_is_a_ministry_whatever_the_case_of_its_head_word():
    text = (
        "Accord\n\nLe 11 avril 2022, le ministère de l'Emploi et de la Formation et l'OIM ont signé un accord de "
        "partenariat." + CLOSING
    )
    store = store_of(text)
    node = iris.mint("organisation", "ministère de l'Emploi et de la Formation")
    assert objects(store, node, RDF.type) == {MKG.Ministry}


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        ("On 3 May 2024, the letter was signed by Minister Petrov and by Frontex Deputy Executive Director Karin Lund "
         "in Skopje.", "Karin Lund", "Deputy Executive Director"),
        ("On 3 May 2024, the MoU was signed by the Secretary General of the EAC, H.E. Dr John Okello Mwangi, in Arusha.",
         "John Okello Mwangi", "Secretary General"),
        ("Le 3 mai 2024, le document a été signé par Mme Anne Roussel, administratrice de l'OIF, à Paris.",
         "Anne Roussel", "administratrice"),
        ("Le 3 mai 2024, l'atelier a été ouvert à Nouakchott par le ministre mauritanien de l'Emploi et de la "
         "Formation, Ahmed Ould Salem.", "Ahmed Ould Salem", "ministre de l'Emploi et de la Formation"),
    ],
)  # fmt: skip
def test_titles_after_an_organisation_several_honorifics_french_nationalities(sentence, name, role):
    _, _, item = parse_news("Workshop\n\n" + sentence)
    assert roles_of(item).get(name) == role


def test_a_written_date_beside_today_dates_the_event():
    _, _, item = parse_news(
        "Agreement and conference\n\nCairo, 14 June 2022 – ICMPD and UNHCR signed a memorandum of understanding "
        "yesterday. The signature was followed today by the opening of a regional conference on migration statistics, "
        "held on 14 and 15 June, which brings together 85 participants from 17 countries."
    )
    assert ("2022-06-14/2022-06-15", 85, 17) in events_of(item)


@pytest.mark.parametrize(
    "later, date",
    [
        (" The agreement was signed in Accra on the margins of the joint experts' meeting, which took place from 10 "
         "to 12 July 2024.", None),
        (" The agreement was signed in Accra on 11 July 2024, on the margins of the joint experts' meeting.",
         "2024-07-11"),
        (" The agreement covers data exchange and joint training.", "2024-07-15"),
    ],
)  # fmt: skip
def test_a_signing_on_the_margins_of_a_meeting_is_not_dated_by_the_dateline(later, date):
    _, _, item = parse_news(
        "ECOWAS and ECCAS sign agreement\n\nAccra, 15 July 2024 – ECOWAS and ECCAS have signed a cooperation "
        "agreement on free movement." + later
    )
    assert partnerships_of(item) == {("partnership agreement", ("ECCAS", "ECOWAS"), date)}


RSS_TWO_ITEMS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title><link>https://example.org</link><description>d</description>
<item><title>Project News: Fair recruitment workshop in Manila</title><link>https://example.org/a</link>
<pubDate>Thu, 14 Mar 2024 10:00:00 +0100</pubDate>
<description>&lt;p&gt;On 12 March 2024, the Department of Overseas Employment (DOE) hosted a workshop on fair
recruitment in Manila with 40 participants.&lt;/p&gt;</description></item>
<item><title>Project News: DOE and IOM sign memorandum of understanding</title><link>https://example.org/b</link>
<pubDate>Mon, 6 May 2024 10:00:00 +0100</pubDate>
<description>&lt;p&gt;On 3 May 2024, DOE and IOM signed a memorandum of understanding on the protection of
workers abroad.&lt;/p&gt;</description></item>
</channel></rss>
"""


def test_a_later_feed_item_using_the_acronym_bare_names_the_same_entity():
    from migkg.loaders.extraction import read_document
    from migkg.loaders.feed import FeedLoader

    document, _ = read_document(Source("items.xml", "items", RSS_TWO_ITEMS.encode("utf-8")))
    workshop, agreement = FeedLoader().parse(document).news_items
    assert partnerships_of(agreement) == {
        ("memorandum of understanding", ("Department of Overseas Employment", "IOM"), "2024-05-03")
    }
    store = store_of(RSS_TWO_ITEMS, "items.xml")
    assert objects(store, iris.mint("organisation", "Department of Overseas Employment"), SKOS.altLabel) == {Literal("DOE")}


def test_a_signing_ceremony_takes_the_date_of_the_agreement_reported_first():
    _, _, item = parse_news(
        "Accord signé à Rabat\n\nRabat, le 12 octobre 2022 – Le ministère de l'Emploi et l'ICMPD ont signé ce mercredi "
        "un mémorandum d'entente sur la mobilité. La cérémonie de signature s'est déroulée au siège du ministère. Ce "
        "mémorandum complète le protocole d'accord conclu en 2019 entre le ministère de l'Emploi et l'OIM."
    )
    assert {d for d, _, _ in events_of(item)} == {"2022-10-12"}


@pytest.mark.parametrize(
    "sentence, date",
    [
        ("The two-day regional consultation, which closed today in Almaty, brought together 60 officials.",
         "2022-10-03/2022-10-04"),
        ("The three-day workshop, which opened today in Almaty, brings together 60 officials.",
         "2022-10-04/2022-10-06"),
        ("L'atelier de deux jours, qui s'est achevé hier à Almaty, a réuni 60 fonctionnaires.", "2022-10-02/2022-10-03"),
    ],
)  # fmt: skip
def test_a_day_that_closes_or_opens_an_event_of_a_stated_length_gives_its_range(sentence, date):
    _, _, item = parse_news("Consultation\n\nAlmaty, 4 October 2022 – " + sentence)
    assert (date, 60, None) in events_of(item)


def test_a_day_given_first_is_widened_by_the_range_given_later():
    _, _, item = parse_news(
        "Agreement in Almaty\n\nAlmaty, 4 October 2022 – IOM and ICMPD on Monday signed a cooperation agreement on "
        "the sidelines of a regional consultation on labour migration. The two-day regional consultation, which "
        "closed today, brought together 60 officials from five countries."
    )
    assert events_of(item) == {("2022-10-03/2022-10-04", 60, 5)}


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("Le ministère de l’Intégration africaine et des Affaires étrangères a accueilli la réunion.",
         "ministère de l'Intégration africaine et des Affaires étrangères"),
        ("La formation a été organisée avec le Comité national de lutte contre la corruption, qui en a fixé le programme.",
         "Comité national de lutte contre la corruption"),
        ("Le ministère de l’Économie numérique et des Postes a présenté sa stratégie.",
         "ministère de l'Économie numérique et des Postes"),
    ],
)
def test_french_institution_names_run_on_past_apostrophes_adjectives_and_contre(sentence, key):
    from migkg.loaders.gazetteer import find_french_institutions

    assert [ref.key for ref in find_french_institutions(sentence)] == [key]


@pytest.mark.parametrize(
    "sentence, roles",
    [
        ("Awa J. Touray, Permanent Secretary of the Ministry of the Interior, opened the meeting.",
         {"Awa J. Touray": "Permanent Secretary"}),
        ("La séance a été ouverte par Marie-Claire B. Ndiaye, directrice générale de l'ICMPD.",
         {"Marie-Claire B. Ndiaye": "directrice générale"}),
    ],
)
def test_a_middle_initial_stays_inside_a_name(sentence, roles):
    _, _, item = parse_news(f"Partners meet in Banjul\n\nDelegations from ten countries met in Banjul on 3 May 2024.\n\n{sentence}")
    assert roles_of(item) == roles


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("said the Deputy President of the Presidency of Asylum Affairs (PAA) in his address.",
         "presidency-of-asylum-affairs"),
    ],
)
def test_a_presidency_defined_with_its_acronym_is_an_organisation(sentence, key):
    from migkg.loaders.evaluate import entity_id

    _, _, item = parse_news(f"Partners meet\n\nDelegations from ten countries met in Ankara on 3 May 2024, {sentence}")
    assert key in {entity_id(m.key, m.kind) for m in item.mentions if m.kind == "organisation"}


# --- a national body named with its country as a possessive or adjective --------------------------------


POSSESSIVE = (
    "Agreement\n\nOn 3 March 2025, Kenya's Bureau of Labour Mobility (BLM) and IOM signed a memorandum of "
    "understanding on fair recruitment. BLM will report on it every year." + CLOSING
)


@pytest.mark.parametrize(
    "text, key, written, language",
    [
        (POSSESSIVE, "Bureau of Labour Mobility of Kenya", "Bureau of Labour Mobility", "en"),
        ("Agreement\n\nOn 3 March 2025, the Kenyan Bureau of Labour Mobility and IOM signed a memorandum of "
         "understanding on fair recruitment." + CLOSING,
         "Bureau of Labour Mobility of Kenya", "Kenyan Bureau of Labour Mobility", "en"),
        ("Accord\n\nLe 3 mars 2025, la Direction générale de la police nationale du Tchad et l'OIM ont signé un "
         "protocole d'accord sur les frontières." + CLOSING,
         "Direction générale de la police nationale of Chad", "Direction générale de la police nationale du Tchad", "fr"),
    ],
)  # fmt: skip
def test_a_body_keyed_with_its_country_keeps_the_name_as_written_as_an_alternative_label(text, key, written, language):
    _, _, item = parse_news(text)
    assert {p[1] for p in partnerships_of(item)} == {tuple(sorted((key, "IOM")))}
    store = store_of(text)
    node = iris.mint("organisation", key)
    assert Literal(key, language="en") in objects(store, node, RDFS.label)  # the key disambiguates across countries
    assert Literal(written, language=language) in objects(store, node, SKOS.altLabel)
    assert entity_id(written, labels=entity_labels(store)) == iris.slug(key)


def test_the_acronym_and_the_name_as_written_are_both_alternative_labels():
    store = store_of(POSSESSIVE)
    node = iris.mint("organisation", "Bureau of Labour Mobility of Kenya")
    assert objects(store, node, SKOS.altLabel) == {Literal("BLM"), Literal("Bureau of Labour Mobility", language="en")}


def test_a_body_whose_key_is_its_name_as_written_has_no_further_label():
    store = store_of(
        "Agreement\n\nOn 3 March 2025, the Ministry of Labour of Kenya and IOM signed a memorandum of understanding on "
        "fair recruitment." + CLOSING
    )
    assert objects(store, iris.mint("organisation", "Ministry of Labour of Kenya"), SKOS.altLabel) == set()


def test_a_name_as_written_that_two_bodies_share_resolves_to_neither():
    store = store_of(
        "Agreement\n\nOn 3 March 2025, Kenya's Bureau of Labour Mobility and Uganda's Bureau of Labour Mobility signed a "
        "memorandum of understanding on fair recruitment." + CLOSING
    )
    labels = entity_labels(store)
    assert labels["bureau of labour mobility"] == {
        iris.slug("Bureau of Labour Mobility of Kenya"), iris.slug("Bureau of Labour Mobility of Uganda")
    }  # fmt: skip
    assert entity_id("Bureau of Labour Mobility", labels=labels) == iris.slug("Bureau of Labour Mobility")


def test_an_expected_party_named_as_the_text_writes_it_scores(tmp_path):
    document = tmp_path / "blm.txt"
    document.write_text(POSSESSIVE, encoding="utf-8")
    expected = tmp_path / "blm.json"
    expected.write_text(json.dumps({
        "document": "blm.txt", "loader": "article", "language": "en",
        "partnerships": [{"kind": "memorandum of understanding", "parties": ["Bureau of Labour Mobility", "IOM"],
                          "date": "2025-03-03"}],
    }), encoding="utf-8")  # fmt: skip
    score = evaluate_document(document, expected, Report()).scores["partnerships"]
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


#: a body whose name the institution pattern reads only in part ("... in Human Beings"), so that no rule about a
#: country signing through its own institution applies
FOVT = (
    "The United Nations Office on Drugs and Crime (UNODC) and the Federal Office for Victims of Trafficking in Human "
    "Beings (FOVT) signed a memorandum of understanding in Nairobi on 4 May 2024."
)


@pytest.mark.parametrize(
    "text",
    [
        "UNODC and Kenya's labour office sign MoU\n\n" + FOVT,
        "UNODC and the Kenyan labour office sign MoU\n\n" + FOVT,
        "L'ONUDC et l'agence kényane du travail signent un protocole d'accord\n\nL'Office des Nations unies contre la "
        "drogue et le crime (ONUDC) et le Bureau national de la mobilité du travail (BNMT) ont signé un protocole "
        "d'accord à Nairobi le 4 mai 2024.",
    ],
)  # fmt: skip
def test_a_country_that_only_qualifies_a_body_is_no_party(text):
    _, _, item = parse_news(text)
    [(_, parties, date)] = partnerships_of(item)
    assert "KE" not in parties and len(parties) == 2 and date in ("2024-05-04",)


@pytest.mark.parametrize(
    "title",
    ["UNODC and Kenya's government sign MoU", "UNODC and the Kenyan authorities sign MoU", "UNODC and Kenya sign MoU"],
)
def test_a_country_whose_government_signs_stays_a_party(title):
    _, _, item = parse_news(title + "\n\n" + FOVT)
    [(_, parties, _)] = partnerships_of(item)
    assert "KE" in parties and "UNODC" in parties


@pytest.mark.parametrize(
    "sentence, parties",
    [
        ("On 4 May 2024, IOM and the Labour Market Agency (LMA) of the Ministry of Labour of Kenya signed a "
         "memorandum of understanding.", ("IOM", "Labour Market Agency")),
        ("Le 4 mai 2024, l'OIM et l'Agence nationale pour l'emploi (ANPE) du ministère du Travail du Sénégal ont signé "
         "un accord de coopération.", ("Agence nationale pour l'emploi", "IOM")),
        ("On 4 May 2024, IOM and the Civil Registry Agency (CRA), which reports to the Ministry of Justice, signed a "
         "memorandum of understanding.", ("Civil Registry Agency", "IOM")),
        ("On 4 May 2024, IOM and the Civil Registry Agency (CRA) signed a memorandum of understanding in the presence "
         "of Ana Beridze of the Ministry of Justice.", ("Civil Registry Agency", "IOM")),
        # two bodies joined by "and" both sign
        ("On 4 May 2024, the Labour Market Agency and the Ministry of Labour of Kenya signed a memorandum of "
         "understanding.", ("Labour Market Agency", "Ministry of Labour of Kenya")),
    ],
)  # fmt: skip
def test_the_ministry_a_signing_body_belongs_to_is_no_party(sentence, parties):
    _, _, item = parse_news("Agreement\n\n" + sentence)
    assert {p[1] for p in partnerships_of(item)} == {parties}


@pytest.mark.parametrize(
    "text, date",
    [
        ("Agreement\n\nICMPD and the Ministry of Labour of Kenya have worked together since 2019 under a partnership "
         "agreement on labour mobility. That agreement was signed in Mombasa on 14 May 2021.", "2021-05-14"),
        ("Agreement\n\nICMPD and the Ministry of Labour of Kenya cooperate on labour mobility under a memorandum of "
         "understanding. The latter was signed in Nairobi in May 2021.", "2021-05"),
        ("Accord\n\nL'OIM et l'UEMOA travaillent ensemble dans le cadre d'un protocole d'accord. Ce dernier avait été "
         "signé à Lomé en octobre 2020, après une conférence régionale tenue en mai 2019.", "2020-10"),
        ("Accord\n\nL'OIM et la CEDEAO ont conclu un accord de partenariat. Celui-ci a été signé à Abuja le "
         "5 octobre 2020.", "2020-10-05"),
    ],
)  # fmt: skip
def test_that_agreement_or_the_latter_signed_later_in_the_item_dates_it(text, date):
    _, _, item = parse_news(text)
    [(_, _, found)] = partnerships_of(item)
    assert found == date


def test_the_latter_that_was_not_signed_gives_no_date():
    _, _, item = parse_news(
        "Agreement\n\nICMPD and the Ministry of Labour of Kenya cooperate under a memorandum of understanding. The "
        "latter was discussed in Nairobi in May 2021."
    )
    [(_, _, found)] = partnerships_of(item)
    assert found is None


def test_the_latter_far_from_the_agreement_is_something_else():
    _, _, item = parse_news(
        "Agreement\n\nICMPD and the Ministry of Labour of Kenya cooperate under a memorandum of understanding. The "
        "ministry also prepared a national labour migration policy and an action plan. The latter was signed in "
        "Nairobi in May 2021."
    )
    [(_, _, found)] = partnerships_of(item)
    assert found is None


# --- a national body named with its nationality and an acronym; parties named by their kind --------


def test_a_nationality_before_a_defined_ministry_keeps_one_entity_found_by_either_name():
    text = (
        "Agreement in Amman\n\nOn 3 March 2025, the International Centre for Migration Policy Development (ICMPD) and "
        "the Jordanian Ministry of Water and Irrigation (MWI) signed a partnership agreement. The MWI will host the "
        "first workshop."
    )
    _, _, item = parse_news(text)
    assert {p[1] for p in partnerships_of(item)} == {("ICMPD", "Ministry of Water and Irrigation of Jordan")}
    labels = entity_labels(store_of(text))
    one = iris.slug("Ministry of Water and Irrigation of Jordan")
    assert entity_id("Ministry of Water and Irrigation", labels=labels) == one
    assert entity_id("MWI", labels=labels) == one


def test_a_portfolio_of_relations_with_an_institution_is_one_name():
    _, _, item = parse_news(
        "Agreement\n\nOn 3 March 2025, ICMPD and the Ministry of Youth, Labour and Relations with Parliament "
        "signed a memorandum of understanding."
    )
    assert {p[1] for p in partnerships_of(item)} == {("ICMPD", "Ministry of Youth, Labour and Relations with Parliament")}


@pytest.mark.parametrize(
    "sentence, earlier",
    [
        ("The organisation and the Ministry of Fisheries signed a memorandum of understanding on 3 March 2025.", "ICMPD"),
        (
            "On 3 March 2025, the agency and the Ministry of Fisheries signed a memorandum of understanding.",
            "National Employment Agency",
        ),
    ],
)
def test_a_party_named_by_its_kind_is_the_organisation_named_before(sentence, earlier):
    _, _, item = parse_news(
        "Fisheries cooperation\n\nThe National Employment Agency met ICMPD in Banjul on 1 March 2025 to discuss "
        "seasonal work. " + sentence
    )
    if earlier == "ICMPD":
        assert {p[1] for p in partnerships_of(item)} == {("ICMPD", "Ministry of Fisheries")}
    else:
        assert {p[1] for p in partnerships_of(item)} == {("Ministry of Fisheries", "National Employment Agency")}
