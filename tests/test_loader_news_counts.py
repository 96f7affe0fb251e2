"""Counts, dates and signing ceremonies of news events, in English and French (invented sentences)."""

import pytest

from migkg.loaders.news_events import _PARTICIPANTS, _number

from test_loader_article import events_of, parse_news, partnerships_of


@pytest.mark.parametrize(
    "words, count",
    [
        ("one hundred and ten delegates", 110),
        ("a hundred participants", 100),
        ("two hundred twenty-five officials", 225),
        ("cent vingt représentants", 120),
        ("deux cent trente participants", 230),
        ("trois cents agents", 300),
        ("forty-five practitioners", 45),
    ],
)
def test_hundreds_written_in_words_are_one_count(words, count):
    match = _PARTICIPANTS.search(f"Some {words} attended.")
    assert _number(match.group("number")) == count


def test_two_events_keep_their_own_counts():
    text = (
        "Dialogue partners meet in Vienna\n\n"
        "Officials from thirty countries met in Vienna on 7 and 8 November 2023 for the annual ministerial "
        "conference of the dialogue. Some one hundred and ten delegates attended the conference.\n\n"
        "The chair recalled a workshop on border management held in Yerevan, Armenia, on 14-15 October 2023, "
        "where forty-five practitioners from twenty countries exchanged experience."
    )
    _, _, item = parse_news(text)
    assert events_of(item) == {("2023-11-07/2023-11-08", 110, 30), ("2023-10-14/2023-10-15", 45, 20)}


@pytest.mark.parametrize(
    "text",
    [
        "Study visit brings Moldovan officials to Riga\n\nNine officials of the migration service of Moldova spent "
        "a week in Latvia to learn how residence permits are processed. The study visit took place from 4 to 8 "
        "March 2024 at the request of the Moldovan authorities.",
        "Study visit brings Moldovan officials to Riga\n\nFrom 4 to 8 March 2024, a study visit brings nine "
        "officials of the migration service to Riga, Latvia, to learn how residence permits are processed.",
        "Study visit to Riga\n\nFrom 4 to 8 March 2024, nine Moldovan officials took part in a study visit to "
        "Riga, Latvia, on the processing of residence permits.",
        "Visite d'étude à Riga\n\nNeuf fonctionnaires du service des migrations de Moldavie ont passé une semaine "
        "en Lettonie pour découvrir le traitement des titres de séjour. La visite d'étude s'est déroulée du 4 au "
        "8 mars 2024 à la demande des autorités moldaves.",
    ],
)
def test_the_people_of_a_study_visit_are_counted(text):
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-03-04/2024-03-08", 9, None)}


def test_people_who_spent_time_elsewhere_outside_the_lede_are_not_counted():
    text = (
        "Study visit to Riga\n\nFrom 4 to 8 March 2024, a study visit to Riga, Latvia, was organised on the "
        "processing of residence permits.\n\nLast year, twelve officials spent a week in Vilnius on the same topic."
    )
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-03-04/2024-03-08", None, None)}


@pytest.mark.parametrize(
    "text, date",
    [
        ("ICMPD and ECOWAS sign an agreement\n\nAbuja, 10 October 2024 – The International Centre for Migration "
         "Policy Development (ICMPD) and the ECOWAS Commission have concluded a partnership agreement on labour "
         "mobility in West Africa. The signing took place on Tuesday, at the opening of a regional meeting.",
         "2024-10-08"),
        ("ICMPD and ECOWAS sign an agreement\n\nAbuja, 10 October 2024 – The International Centre for Migration "
         "Policy Development (ICMPD) and the ECOWAS Commission have concluded a partnership agreement on labour "
         "mobility in West Africa. The signature ceremony was held on 3 October 2024 in the presence of ministers.",
         "2024-10-03"),
        ("L'ICMPD et la CEDEAO concluent un accord\n\nAbuja, le 10 octobre 2024 – Le Centre international pour le "
         "développement des politiques migratoires (ICMPD) et la Commission de la CEDEAO ont conclu un accord de "
         "partenariat sur la mobilité de la main-d'œuvre. La signature est intervenue ce mardi, à l'ouverture "
         "d'une réunion régionale.", "2024-10-08"),
        ("L'ICMPD et la CEDEAO concluent un accord\n\nAbuja, le 10 octobre 2024 – Le Centre international pour le "
         "développement des politiques migratoires (ICMPD) et la Commission de la CEDEAO ont conclu un accord de "
         "partenariat sur la mobilité de la main-d'œuvre. La cérémonie de signature a eu lieu le 3 octobre 2024.",
         "2024-10-03"),
    ],
)
def test_a_sentence_opening_with_the_signing_dates_the_agreement_just_reported(text, date):
    _, _, item = parse_news(text)
    assert partnerships_of(item) == {("partnership agreement", ("ECOWAS", "ICMPD"), date)}


def test_a_signing_named_in_passing_does_not_date_the_agreement():
    text = (
        "ICMPD and ECOWAS sign an agreement\n\nAbuja, 10 October 2024 – The International Centre for Migration "
        "Policy Development (ICMPD) and the ECOWAS Commission have concluded a partnership agreement on labour "
        "mobility in West Africa. Ministers welcomed the signing of a separate protocol on 2 October 2024."
    )
    _, _, item = parse_news(text)
    assert {date for _, _, date in partnerships_of(item)} != {"2024-10-02"}


@pytest.mark.parametrize(
    "text, events",
    [
        ("ICMPD and ECOWAS sign a memorandum\n\nAbuja, 10 October 2024 – The International Centre for Migration "
         "Policy Development (ICMPD) and the ECOWAS Commission signed a memorandum of understanding on labour "
         "mobility on Tuesday. Around forty senior officers, diplomats and representatives of partner "
         "organisations attended the ceremony.", {("2024-10-08", 40, None)}),
        ("L'ICMPD et la CEDEAO signent un mémorandum\n\nAbuja, le 10 octobre 2024 – Le Centre international pour "
         "le développement des politiques migratoires (ICMPD) et la Commission de la CEDEAO ont signé ce mardi un "
         "mémorandum d'entente. Trente-cinq personnes, parmi lesquelles des représentants d'associations, ont "
         "assisté à la cérémonie.", {("2024-10-08", 35, None)}),
        ("Partners meet in Rabat\n\nRabat, 10 October 2024 – Delegations from thirty countries met in Rabat on 8 "
         "and 9 October 2024 for a thematic meeting of the dialogue. A side session on the recognition of "
         "qualifications, held on Wednesday, gathered twenty-five representatives of employers' organisations.",
         {("2024-10-08/2024-10-09", None, 30), ("2024-10-09", 25, None)}),
        ("Réunion à Dakar\n\nDakar, le 10 octobre 2024 – Cent vingt représentants de trente pays ont pris part "
         "les 8 et 9 octobre 2024 à une réunion thématique du dialogue. En marge de la réunion, une visite de "
         "terrain a été organisée mercredi dans un centre d'accueil ; trente et un délégués y ont participé.",
         {("2024-10-08/2024-10-09", 120, 30), ("2024-10-09", 31, None)}),
    ],
)
def test_ceremonies_side_sessions_and_field_visits_are_events_of_their_own(text, events):
    _, _, item = parse_news(text)
    assert events_of(item) == events


def test_a_ceremony_without_a_signing_or_facts_is_no_event():
    text = (
        "Partners meet in Rabat\n\nDelegations from thirty countries met in Rabat on 8 October 2024 for a thematic "
        "meeting of the dialogue. The ceremony that closed it was short."
    )
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-10-08", None, 30)}


@pytest.mark.parametrize(
    "closing",
    [
        "Participants agreed on a plan to pass the course on to colleagues in seven states.",
        "Les participants ont convenu de transmettre la formation à leurs collègues de sept pays.",
    ],
)
def test_countries_a_plan_names_are_not_the_countries_that_came(closing):
    text = (
        "Border officers trained in Lagos\n\nFrom 2 to 6 September 2024, twenty border officers took part in a "
        f"training of trainers in Lagos, Nigeria, on the identification of victims of trafficking. {closing}"
    )
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-09-02/2024-09-06", 20, None)}


def test_countries_named_before_a_plan_are_counted():
    text = (
        "Border officers trained in Lagos\n\nFrom 2 to 6 September 2024, twenty officers from seven countries took "
        "part in a training of trainers in Lagos, Nigeria, and agreed to pass the course on to their colleagues."
    )
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-09-02/2024-09-06", 20, 7)}
