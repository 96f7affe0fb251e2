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
