"""Activities of an Action read from narrative sentences: kind, date, planned (invented sentences)."""

import pytest

import migkg.loaders as loaders
from migkg.loaders.activities import find_activities
from migkg.loaders.catalogue import CatalogueLoader
from migkg.loaders.dates import find_dates
from migkg.loaders.text import sentence_spans


def activities(passage: str) -> list[tuple[str, str | None, bool]]:
    return [(a.kind, a.date and a.date.iso(), a.planned) for a in find_activities(passage, sentence_spans(passage))]


# --- ranges of months and days joined by "between ... and" -------------------------------------------


@pytest.mark.parametrize(
    "phrase, iso",
    [
        ("between April and June 2019", "2019-04/2019-06"),
        ("between October 2018 and February 2019", "2018-10/2019-02"),
        ("between 4 and 9 March 2021", "2021-03-04/2021-03-09"),
        ("between 28 May and 2 June 2022", "2022-05-28/2022-06-02"),
        ("between 2018 and 2020", "2018/2020"),
        ("entre mars et mai 2017", "2017-03/2017-05"),
        ("from November to January 2020", "2019-11/2020-01"),
        ("between November and February 2014", "2013-11/2014-02"),
    ],
)
def test_between_and_is_one_range(phrase, iso):
    assert [f.value.iso() for f in find_dates(f"It ran {phrase}.")] == [iso]


def test_and_without_between_still_lists_two_dates():
    assert [f.value.iso() for f in find_dates("Visits in April and June 2019.")] == ["2019-04", "2019-06"]


def test_an_activity_over_a_month_range_is_one_activity():
    assert activities("A desk review of the asylum laws was carried out between March and May 2015.") == [
        ("desk review", "2015-03/2015-05", False)
    ]
    assert activities("Remote support was given to the working group from October to December 2021.") == [
        ("remote support", "2021-10/2021-12", False)
    ]
    assert activities("A training on interviewing was delivered between 6 June 2018 and 2 July 2018.") == [
        ("training", "2018-06-06/2018-07-02", False)
    ]


# --- the head noun names the kind ----------------------------------------------------------------------


def test_a_meeting_in_the_name_of_a_body_consulted_is_no_second_activity():
    assert activities(
        "A consultation with the Regional Labour Ministers Meeting on Skills took place in Accra in May 2019."
    ) == [("consultation", "2019-05", False)]
    assert activities("A seminar of the West African Police Chiefs Conference was held in Lomé in June 2020.") == [
        ("seminar", "2020-06", False)
    ]


def test_an_activity_followed_by_a_named_one_is_two_activities():
    assert activities("A workshop was followed by the Regional Conference on Mobility in October 2018.") == [
        ("workshop", None, False),
        ("conference", "2018-10", False),
    ]


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("A needs assessment mission took place in Dakar in May 2018.", "needs assessment"),
        ("Two consultation meetings with employers were held in May 2018.", "consultation"),
        ("A training mission was carried out in May 2018.", "training"),
        ("A study visit mission to Lisbon took place in May 2018.", "study visit"),
        ("Several training activities were carried out in May 2018.", "training"),
        ("A training of trainers workshop was held in May 2018.", "training of trainers"),
        ("An expert mission was organised in May 2018.", "mission"),
    ],
)
def test_a_specific_kind_before_a_broad_head_noun_names_the_activity(sentence, kind):
    assert activities(sentence) == [(kind, "2018-05", False)]


def test_a_loose_cue_before_meetings_leaves_the_meetings():
    assert activities("Policy exchange meetings with the border police were held in May 2018.") == [
        ("meeting", "2018-05", False)
    ]


# --- planned activities take the date they are planned for ---------------------------------------------


@pytest.mark.parametrize(
    "sentence, kind, iso",
    [
        ("The results will be discussed at a national seminar planned for 2025.", "seminar", "2025"),
        ("A closing conference is foreseen for September 2026.", "conference", "2026-09"),
        ("A study visit to Rabat is scheduled for 2027.", "study visit", "2027"),
        ("Une formation est prévue pour 2026.", "training", "2026"),
    ],
)
def test_an_activity_planned_for_a_date_has_that_date(sentence, kind, iso):
    assert activities(sentence) == [(kind, iso, True)]


def test_a_year_in_a_name_is_still_no_date():
    assert activities("A workshop on the 2019 Census was organised.") == [("workshop", None, False)]


# --- the summary's first sentence, closing events, subjects of a mention ---------------------------------


def test_an_undated_activity_in_the_first_sentence_of_a_summary_is_read():
    entry = (
        "Lesotho: Asylum Legislation\n\n"
        "Objective: To help the Home Office revise the Refugee Act.\n\n"
        "Summary: National experts started with a desk review of the 1983 Refugee Act. "
        "A drafting session was held in Maseru in May 2016.\n\n"
        "Duration: January 2016June 2017\n"
    )
    document, _ = loaders.read_document(loaders.Source("entry.txt", "entry", entry.encode("utf-8")))
    [action] = CatalogueLoader().parse(document).actions
    assert [(a.kind, a.date and a.date.iso()) for a in action.activities] == [
        ("desk review", None),
        ("drafting session", "2016-05"),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The guidelines will be presented at a closing event in Praia in June 2021.", [("presentation event", "2021-06", True)]),
        ("The action will end with the presentation of a training manual to the police.", [("presentation event", None, True)]),
        ("A closing ceremony took place in Maputo in July 2020.", [("presentation event", "2020-07", False)]),
    ],
)
def test_closing_events_and_presentations_are_presentation_events(sentence, expected):
    assert activities(sentence) == expected


def test_a_cue_in_the_subject_of_an_activity_is_no_activity():
    assert activities("A seminar on the design of the training courses took place in March 2017.") == [
        ("seminar", "2017-03", False)
    ]
    assert activities("A workshop on the update of the training content was held in April 2017.") == [
        ("workshop", "2017-04", False)
    ]
    assert activities("A workshop on data was held in April 2017 and a training of the analysts followed in May 2017.") == [
        ("workshop", "2017-04", False),
        ("training", "2017-05", False),
    ]


def test_a_participle_after_will_be_is_future():
    assert activities("Two workshops took place in 2018; the strategy will be presented at a seminar.") == [
        ("workshop", "2018", False),
        ("seminar", None, True),
    ]


# --- years in names, seasons, a year shared across "and in" ------------------------------------------------


def test_a_year_range_in_a_name_is_no_date_of_the_activity():
    assert activities("A review session on the draft Border Strategy 2021-2025 was held in November 2020.") == [
        ("review session", "2020-11", False)
    ]
    assert activities("A drafting session in Suva in April 2018 produced the Labour Mobility Plan 2018–2022.") == [
        ("drafting session", "2018-04", False)
    ]
    assert activities("Seminars were held from 2016 to 2018.") == [("seminar", "2016/2018", False)]


def test_a_season_before_a_year_dates_an_activity():
    assert activities("A study visit to Tallinn is foreseen for autumn 2024.") == [("study visit", "2024", True)]


def test_a_month_before_and_in_shares_the_next_year():
    assert [f.value.iso() for f in find_dates("in March and in November 2016")] == ["2016-03", "2016-11"]
    assert activities("Two workshops were organised in Kigali in March and in November 2016.") == [
        ("workshop", "2016-03", False),
        ("workshop", "2016-11", False),
    ]


def test_a_practice_named_after_an_activity_is_no_activity():
    assert activities("A needs assessment in Juba in May 2015 found gaps in the basic training of police officers.") == [
        ("needs assessment", "2015-05", False)
    ]
    assert activities("A fact-finding mission took place in May 2015, followed by the first workshop.") == [
        ("fact-finding mission", "2015-05", False),
        ("workshop", None, False),
    ]


# --- trainers, vague activities that present, series of sessions and of numbered activities -----------------


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Training was given to a group of trainers of the customs service in May 2019.", "training of trainers"),
        ("A training for 18 future trainers took place in May 2019.", "training of trainers"),
        ("A training for customs officers took place in May 2019.", "training"),
    ],
)
def test_a_training_given_to_trainers_is_a_training_of_trainers(sentence, kind):
    assert activities(sentence) == [(kind, "2019-05", False)]


def test_a_vague_activity_that_presents_a_result_is_a_presentation_event():
    assert activities("The new policy will be presented in a final activity to the ministers.") == [
        ("presentation event", None, True)
    ]
    assert activities("A final activity will close the action.") == []


def test_a_bare_session_continues_the_series_of_sessions_before_it():
    assert activities(
        "An information session for consular staff took place in March 2016. "
        "It was followed by a session on visa fraud in April 2016."
    ) == [("information session", "2016-03", False), ("information session", "2016-04", False)]
    assert activities("A session on visa fraud was held in April 2016.") == [("other", "2016-04", False)]
    assert activities("A session on visa fraud will follow.") == []


def test_the_second_of_a_series_is_one_more_activity_of_its_kind():
    assert activities(
        "Three workshops were held, the first of them in Lilongwe in May 2014. "
        "The second was devoted to return and took place in Blantyre in July 2014. "
        "The third one will be held in Zomba."
    ) == [("workshop", "2014-05", False), ("workshop", "2014-07", False), ("workshop", None, True)]
    assert activities("A workshop was held in May 2014. The second was held in July 2014.") == [
        ("workshop", "2014-05", False)
    ]


def test_what_an_activity_consisted_of_shares_its_date():
    assert activities(
        "The second activity took place in October 2013 and consisted of a workshop in Suva and a meeting of the working group."
    ) == [("workshop", "2013-10", False), ("meeting", "2013-10", False)]
    assert activities("A workshop took place in October 2013, and a meeting of the working group was held later.") == [
        ("workshop", "2013-10", False),
        ("meeting", None, False),
    ]


# --- more wordings: online formats, round tables, French futures and trainers, places of listed dates --------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("A series of webinars on asylum was held between January and March 2021.", [("seminar", "2021-01/2021-03", False)]),
        ("Online coaching sessions were provided to the drafting team throughout 2022.", [("remote support", "2022", False)]),
        ("A round table with employers took place in Tunis in March 2020.", [("meeting", "2020-03", False)]),
        ("A validation meeting on the draft decree was held in Niamey in May 2020.", [("review session", "2020-05", False)]),
        ("A launch event is expected in the first quarter of 2026.", [("presentation event", "2026-01/2026-03", True)]),
        ("Un atelier de validation se tiendra à Bamako en juin 2021.", [("review session", "2021-06", True)]),
        ("Une session de formation des formateurs a eu lieu à Lomé en novembre 2019.", [("training of trainers", "2019-11", False)]),
        ("La politique sera présentée lors d'un événement final à Dakar.", [("presentation event", None, True)]),
        ("La première activité a eu lieu en mai 2012 sous forme d'un atelier.", [("workshop", "2012-05", False)]),
        (
            "Une séance d'information a été organisée en octobre 2020, suivie d'une deuxième séance en décembre 2020.",
            [("information session", "2020-10", False), ("information session", "2020-12", False)],
        ),
    ],
)
def test_other_wordings_of_activities(sentence, expected):
    assert activities(sentence) == expected


def test_each_listed_date_takes_its_own_place():
    def places(passage):
        return [(a.date.iso(), a.place and a.place.key) for a in find_activities(passage, sentence_spans(passage))]

    assert places("Two study visits were organised, to Madrid in March 2019 and to Rome in May 2019.") == [
        ("2019-03", "Madrid"),
        ("2019-05", "Rome"),
    ]
    assert places("Two workshops took place in Nairobi and Kampala in May and July 2018 respectively.") == [
        ("2018-05", "Nairobi"),
        ("2018-07", "Kampala"),
    ]
    assert places("Two workshops were held in Accra in May and June 2019.") == [("2019-05", "Accra"), ("2019-06", "Accra")]


# --- dates of other facts ------------------------------------------------------------------------------


def test_a_date_before_a_relative_clause_is_not_the_date_of_an_activity_in_it():
    assert activities("In 2016, the Ministry adopted a policy, whose roll-out requires training of border staff.") == [
        ("training", None, False)
    ]
    assert activities("In April 2016, a training of border staff was organised in Kigali.") == [("training", "2016-04", False)]


def test_a_date_of_another_clause_is_not_a_second_date_of_the_activity():
    assert activities("Building on the seminar held in Accra in June 2015, the task force met again in October 2015.") == [
        ("seminar", "2015-06", False)
    ]
    assert activities("A study visit took place in Spain from 3-5 May 2012 and in Portugal from 7-9 May 2012.") == [
        ("study visit", "2012-05-03/2012-05-05", False),
        ("study visit", "2012-05-07/2012-05-09", False),
    ]


def test_an_objective_gives_only_the_activities_it_dates():
    entry = (
        "Namibia: Labour Migration\n\n"
        "Objective: In 2017 the Ministry adopted a labour migration policy whose roll-out needs training of inspectors; "
        "a fact-finding mission in May 2018 was the first step.\n\n"
        "Summary: A workshop was held in Windhoek in August 2018.\n\n"
        "Duration: May 2018December 2019\n"
    )
    document, _ = loaders.read_document(loaders.Source("entry.txt", "entry", entry.encode("utf-8")))
    [action] = CatalogueLoader().parse(document).actions
    assert [(a.kind, a.date and a.date.iso()) for a in action.activities] == [
        ("fact-finding mission", "2018-05"),
        ("workshop", "2018-08"),
    ]


# --- lists of dates and of activities ------------------------------------------------------------------


def test_months_listed_before_their_year_share_it():
    assert [f.value.iso() for f in find_dates("in January, March, and May 2020")] == ["2020-01", "2020-03", "2020-05"]
    assert [f.value.iso() for f in find_dates("on 2 May, 6 June and 9 July 2018")] == ["2018-05-02", "2018-06-06", "2018-07-09"]
    assert [f.value.iso() for f in find_dates("In March, the experts met again in May 2019.")] == ["2019-05"]
    assert activities("The experts facilitated three drafting sessions (January, March and May 2017).") == [
        ("drafting session", "2017-01", False),
        ("drafting session", "2017-03", False),
        ("drafting session", "2017-05", False),
    ]


def test_the_second_after_a_semicolon_is_another_date_of_the_activity():
    assert activities("The first seminar took place in Kayes in March 2014; the second in Mopti in May 2014.") == [
        ("seminar", "2014-03", False),
        ("seminar", "2014-05", False),
    ]


def test_a_date_all_the_listed_activities_share():
    assert activities("The action comprised a study visit to Poland, two workshops and a training, all held in 2018.") == [
        ("study visit", "2018", False),
        ("workshop", "2018", False),
        ("training", "2018", False),
    ]
    assert activities("A study visit to Poland was organised, and two workshops were all held in 2018.") == [
        ("study visit", None, False),
        ("workshop", "2018", False),
    ]


def test_a_town_the_gazetteer_does_not_know_is_the_place_of_the_activity():
    def places(passage):
        return [a.place and a.place.key for a in find_activities(passage, sentence_spans(passage))]

    assert places("A training of trainers was held in Tsévié from 3 to 5 May 2017.") == ["Tsévié"]
    assert places("Une formation a eu lieu à Kindia en mai 2017.") == ["Kindia"]
    assert places("A regional workshop took place in Ho Thap Lake in May 2017.") == ["Ho Thap Lake"]
    # a country, a language, a month or a body is no town
    assert places("A workshop was held in Senegal in May 2017.") == [None]
    assert places("A training was delivered in French in May 2017.") == [None]
    assert places("A training was delivered in Kiswahili in May 2017.") == [None]
    assert places("A workshop was held in Q3, in May 2017.") == [None]
    assert places("A workshop was held in May 2017.") == [None]
    assert places("A seminar was organised in Member States in 2017.") == [None]


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Un atelier de formation a eu lieu à Kayes en mai 2018.", "workshop"),
        ("Un atelier régional de formation de formateurs a eu lieu en mai 2018.", "training of trainers"),
        ("Une réunion de consultation avec les syndicats a eu lieu en mai 2018.", "consultation"),
        ("Une mission de formation a eu lieu en mai 2018.", "training"),
        ("Un séminaire sur la formation des agents a eu lieu en mai 2018.", "seminar"),
        ("A seminar on training was held in May 2018.", "seminar"),
        ("A gap analysis of the border agency was carried out in May 2018.", "needs assessment"),
        ("A legal review of the Aliens Act was completed in May 2018.", "desk review"),
        ("A table-top exercise on crisis response was held in May 2018.", "training"),
    ],
)
def test_french_compounds_and_other_kinds(sentence, kind):
    assert activities(sentence) == [(kind, "2018-05", False)]


def test_a_review_of_texts_is_a_desk_review_and_train_the_trainers_a_training_of_trainers():
    assert activities("In May 2021, the experts carried out a review of the national asylum legislation.") == [
        ("desk review", "2021-05", False)
    ]
    assert activities("A review of the draft action plan took place in May 2021.") == [("review session", "2021-05", False)]
    assert activities("A train-the-trainers course was held in Tahoua in February 2022.") == [
        ("training of trainers", "2022-02", False)
    ]


def test_each_listed_date_takes_the_town_before_it():
    passage = "Two trainings followed, the first in Kpalimé in October 2021 and the second in Bassar in November 2021."
    assert [(a.date.iso(), a.place.key) for a in find_activities(passage, sentence_spans(passage))] == [
        ("2021-10", "Kpalimé"),
        ("2021-11", "Bassar"),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Deux séances de rédaction ont eu lieu à Parakou en février et en avril 2021.",
            [("drafting session", "2021-02", False), ("drafting session", "2021-04", False)],
        ),
        ("Des missions exploratoires ont eu lieu en mai 2019.", [("fact-finding mission", "2019-05", False)]),
        ("Des visites d'étude ont eu lieu en mai 2019.", [("study visit", "2019-05", False)]),
        ("Two needs assessments were conducted in 2019.", [("needs assessment", "2019", False)]),
    ],
)
def test_plural_compounds_are_their_kind(sentence, expected):
    assert activities(sentence) == expected


def test_a_ceremony_is_an_activity_only_when_it_presents_something():
    assert activities("The guidelines were launched at a ceremony in Praia in June 2020.") == [
        ("presentation event", "2020-06", False)
    ]
    assert activities("Le guide a été présenté lors d'une cérémonie à Dakar en juin 2020.") == [
        ("presentation event", "2020-06", False)
    ]
    assert activities("The agreement was signed at a ceremony in Praia in June 2020.") == []


# --- zero-padded day ranges, "training of trainers" is singular, dated means, products presented to an audience


@pytest.mark.parametrize(
    "phrase, iso",
    [
        ("0406 May 2012", "2012-05-04/2012-05-06"),
        ("from 0809 October 2015", "2015-10-08/2015-10-09"),
        ("0913 June 2014", "2014-06-09/2014-06-13"),
        ("09 June 2014", "2014-06-09"),
        ("107 June 2014", "2014-06"),
    ],
)
def test_a_zero_padded_day_range_whose_dash_was_lost(phrase, iso):
    assert [f.value.iso() for f in find_dates(f"It ran {phrase}.")] == [iso]


def test_a_workshop_over_zero_padded_days_is_dated_to_the_day():
    assert activities("A two-day workshop on border data was held in Lusaka from 0405 June 2018.") == [
        ("workshop", "2018-06-04/2018-06-05", False)
    ]


def test_a_training_of_trainers_is_one_activity_not_a_plural():
    assert activities(
        "A training of trainers was held in Riga in April 2016 and the pilot ended with a study visit in May 2016."
    ) == [("training of trainers", "2016-04", False), ("study visit", "2016-05", False)]
    assert activities("A training of trainers took place in Riga in April 2016 and later, on a revised basis, in June 2016.") == [
        ("training of trainers", "2016-04", False)
    ]


def test_trainings_a_module_was_rolled_out_through_are_trainings():
    assert activities(
        "The module was piloted in a training of trainers in Vilnius in March 2015 and then rolled out "
        "through regional trainings in Kaunas in September 2015."
    ) == [("training of trainers", "2015-03", False), ("training", "2015-09", False)]


def test_means_without_a_date_are_still_no_activity():
    assert activities("The national plan was drafted through a series of consultations with the ministries.") == []


def test_a_product_presented_to_an_audience_on_a_date_is_a_presentation_event():
    assert activities(
        "Two drafting sessions in May and June 2016 produced a handbook for labour attachés, "
        "which was presented to the partner ministries in Accra in March 2017."
    ) == [("drafting session", "2016-05", False), ("drafting session", "2016-06", False), ("presentation event", "2017-03", False)]
    assert activities("The roadmap will be presented to the government in 2026.") == [("presentation event", "2026", True)]


def test_a_product_presented_without_a_date_or_at_a_named_activity_adds_no_presentation():
    assert activities("The study was presented to the steering committee.") == []
    assert activities("The findings were presented to the ministry at a workshop in May 2015.") == [("workshop", "2015-05", False)]


def test_activities_described_as_a_habit_in_the_present_are_no_activities():
    assert activities(
        "Five officials joined a study visit to Lisbon in May 2019, where they saw how the national "
        "pre-departure orientation seminars are organised."
    ) == [("study visit", "2019-05", False)]
    assert activities("Workshops are usually run by the ministry.") == []
    assert activities("A seminar is held in Dakar in May 2019.") == [("seminar", "2019-05", False)]
    assert activities("A training is being prepared.") == [("training", None, True)]
