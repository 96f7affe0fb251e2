"""Datelines of press releases and relative dates resolved against them, in English and French."""

import doctest
from datetime import date
from pathlib import Path

import pytest

from migkg.loaders import dateline, relative_dates as relative_dates_module
from migkg.loaders.article import ArticleLoader
from migkg.loaders.dateline import find_dateline, is_dateline_line, skip_release_labels
from migkg.loaders.extraction import read_document
from migkg.loaders.feed import FeedLoader
from migkg.loaders.records import Span
from migkg.loaders.relative_dates import dates_with_relative, relative_dates, yearless_date
from migkg.loaders.sources import Source


def parse_text(text: str, name: str = "release.txt"):
    document, _ = read_document(Source(name, Path(name).stem, text.encode("utf-8")))
    assert ArticleLoader().sniff(document.text, name)
    [item] = ArticleLoader().parse(document).news_items
    return document, item


@pytest.mark.parametrize("module", [dateline, relative_dates_module], ids=lambda m: m.__name__)
def test_doctests(module):
    failures, tests = doctest.testmod(module)
    assert tests > 0 and failures == 0


# --- datelines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Kigali, 15th July 2024\nThe ministry opened a new office for returning citizens.", "2024-07-15"),
        ("ACCRA – 27 February 2025: Officials from six countries opened the session.", "2025-02-27"),
        ("PRESS RELEASE – Lisbon, 3 May 2022\nThe partners met to review the plan.", "2022-05-03"),
        ("COMMUNIQUÉ DE PRESSE – Bamako, le 17 juin 2022\nLes partenaires se sont réunis.", "2022-06-17"),
        ("Libreville, le 23 mai 2025 – Les délégations ont adopté une feuille de route.", "2025-05-23"),
        ("Geneva (ICMPD) – 4 April 2023 – A new training course opened for border officers.", "2023-04-04"),
        ("Vienna, 5 March 2024 – The steering committee met for its second session.", "2024-03-05"),
        ("Lomé, le 1er févr. 2023 – La réunion a commencé.", "2023-02-01"),
        ("Nairobi, 2nd Sept. 2021 – The workshop opened.", "2021-09-02"),
        ("Dar es Salaam, 22nd March 2022 – The forum closed.", "2022-03-22"),
        ("BRUSSELS, Belgium, Tuesday 10 October 2023 – Ministers agreed.", "2023-10-10"),
        ("Ottawa, October 3rd, 2023 – The agency announced a new scheme.", "2023-10-03"),
        ("Saint-Louis, le mardi 14 mars 2023 : Les experts ont présenté leur rapport.", "2023-03-14"),
        ("12 January 2024 – The committee adopted its work plan.", "2024-01-12"),
        ("Vienna/Brussels, 19.11.2020 – The partners launched a call for proposals.", "2020-11-19"),
    ],
)
def test_dateline_forms(text, date):
    found = find_dateline(text)
    assert found is not None and found.date == date
    assert not text[found.rest :].startswith(("–", ":"))


def test_dateline_after_a_heading_and_a_release_label():
    text = "New training centre opens\n\nFor immediate release\n\nMaputo, 9 August 2024 – The centre opened."
    found = find_dateline(text)
    assert found.date == "2024-08-09"
    assert text[found.span.start : found.span.end].startswith("Maputo, 9 August 2024")
    assert text[found.rest :].strip() == "The centre opened."


@pytest.mark.parametrize(
    "text",
    [
        "Senior officials met in Kampala, Uganda, on 14 and 15 March 2023 for the annual meeting.",
        "On 4 April 2023 – the day the office opened – the director spoke.",
        "In 2019 the two ministries signed a first agreement on labour mobility.",
        "Vienna, 31 June 2024 – The committee met.",  # no such day
        "Vienna, 31.02.2020 – The committee met.",
        "Du 8 au 10 novembre 2022, la ville a accueilli une réunion.",
        "",
    ],
)
def test_no_dateline(text):
    assert find_dateline(text) is None


def test_a_dateline_is_looked_for_only_among_the_first_lines():
    text = "\n".join(["A line of ordinary prose without any date."] * 5 + ["Vienna, 5 March 2024 – The end."])
    assert find_dateline(text) is None


def test_no_dateline_after_a_paragraph_of_prose():
    paragraph = "The partners reviewed the first year of the programme and agreed on the priorities " * 3
    assert find_dateline(paragraph + "\nKigali, 3 May 2023 – The second meeting opened.") is None


def test_dateline_lines_and_release_labels():
    text = "FOR IMMEDIATE RELEASE\nCommuniqué de presse\nCotonou, 4 June 2024\nBody."
    first = Span(0, text.index("\n"))
    line = skip_release_labels(text, first)
    assert text[line.start : line.end] == "Cotonou, 4 June 2024"
    assert is_dateline_line(text, line)
    assert not is_dateline_line(text, Span(0, len("FOR IMMEDIATE RELEASE")))


# --- relative dates ------------------------------------------------------------------------------

THURSDAY = "2024-03-07"  # a Thursday


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("The delegations arrived yesterday.", "2024-03-06"),
        ("The office opens today.", "2024-03-07"),
        ("The partners met on Monday in Accra.", "2024-03-04"),
        ("The partners met last Tuesday.", "2024-03-05"),
        ("The board met on Thursday.", "2024-03-07"),  # the publication day itself
        ("The board met last Thursday.", "2024-02-29"),  # the week before
        ("The visit ends next Monday.", "2024-03-11"),
        ("The experts meet this week.", "2024-03-04/2024-03-10"),
        ("Les délégations sont arrivées hier.", "2024-03-06"),
        ("Le bureau ouvre aujourd'hui ses portes.", "2024-03-07"),
        ("Les partenaires se sont réunis ce mardi à Lomé.", "2024-03-05"),
        ("Les partenaires se sont réunis mardi dernier.", "2024-03-05"),
        ("Les partenaires se sont réunis lundi à Lomé.", "2024-03-04"),
        ("La session s'ouvre lundi prochain.", "2024-03-11"),
        ("Les experts se réunissent cette semaine.", "2024-03-04/2024-03-10"),
        ("The panel met on 21 February in Accra.", "2024-02-21"),
        ("Le groupe s'est réuni le 21 février à Lomé.", "2024-02-21"),
        ("The panel will meet on 12 May.", "2024-05-12"),  # weeks after: the same year
        ("The panel met on 20 November.", "2023-11-20"),  # months after: the year before
        ("The workshop ran from 4 to 5 March.", "2024-03-04/2024-03-05"),
        ("L'atelier s'est tenu du 4 au 5 mars.", "2024-03-04/2024-03-05"),
        ("The plan was adopted last month.", "2024-02"),
        ("Le plan a été adopté le mois dernier.", "2024-02"),
        ("La réunion de lundi a fixé le calendrier.", "2024-03-04"),
        ("L'accord a été signé ce jour à Lomé.", "2024-03-07"),
        ("La mission a eu lieu le 2 févr. à Niamey.", "2024-02-02"),
    ],
)
def test_relative_dates_resolve_against_the_publication(text, iso):
    [found] = relative_dates(text, THURSDAY, offset=10)
    assert found.value.iso() == iso
    assert found.span.start >= 10 and found.span.end <= len(text) + 10


@pytest.mark.parametrize(
    "text",
    [
        "The office is open every Monday.",
        "Le bureau est ouvert tous les lundi matin.",
        "Today's challenges call for cooperation.",
        "The challenges of today call for cooperation.",
        "The project has run until today.",
        "Le projet se poursuit jusqu'à aujourd'hui.",
        "The partners may 21 times have met.",
        "The office reopens on Mondays.",
        "the monday meeting",  # an English weekday is capitalised
        "The helpdesk answers from Monday to Friday.",
        "Les compétences de demain sont au cœur du plan.",
        "Le programme a formé 300 agents à ce jour.",
        "Les 7 sept pays partenaires ont validé le plan.",
    ],
)
def test_words_that_are_no_single_day(text):
    assert relative_dates(text, THURSDAY) == []


def test_nothing_is_resolved_without_a_publication_day():
    assert relative_dates("The partners met yesterday and on Monday.", None) == []
    assert relative_dates("The partners met yesterday and on Monday.", "2024") == []
    assert relative_dates("The partners met yesterday and on Monday.", "2024-02-30") == []


def test_absolute_dates_keep_their_own_date():
    found = dates_with_relative("In 2019 the two signed a first agreement; on Monday 4 March 2024 a second.", THURSDAY)
    assert [f.value.iso() for f in found] == ["2019", "2024-03-04"]


def test_yearless_date_near_the_turn_of_the_year():
    assert yearless_date(28, 12, date(2024, 1, 5)) == date(2023, 12, 28)
    assert yearless_date(29, 2, date(2023, 3, 1)) is None  # no 29 February in 2023 or 2022
    assert yearless_date(3, 1, date(2024, 1, 5)) == date(2024, 1, 3)


# --- the article loader --------------------------------------------------------------------------

ENGLISH_RELEASE = """\
Niger and ICMPD agree to work together on border management

FOR IMMEDIATE RELEASE

NIAMEY – 16 October 2024: The Government of Niger and the International Centre for Migration Policy \
Development (ICMPD) signed a Memorandum of Understanding yesterday to cooperate on border management.

The training workshop that followed was held on Monday in Niamey and gathered 40 officers.
"""


def test_english_release_with_a_label_and_a_capitalised_dateline():
    document, item = parse_text(ENGLISH_RELEASE)
    assert item.title == "Niger and ICMPD agree to work together on border management"
    assert item.date == "2024-10-16"
    [mou] = item.partnerships
    assert (mou.kind, mou.date.iso()) == ("memorandum of understanding", "2024-10-15")
    assert "ICMPD" in {p.key for p in mou.parties}
    workshop = next(e for e in item.events if e.participants == 40)
    assert workshop.date.iso() == "2024-10-14"  # 16 October 2024 is a Wednesday


FRENCH_RELEASE = """\
Abidjan, le 1er juillet 2022

La Commission de la CEDEAO et l'ICMPD ont signé ce mercredi un protocole d'accord sur la mobilité \
de la main-d'œuvre dans la région.

Un atelier technique s'est tenu le 28 juin à Abidjan et a réuni 35 participants venus de 12 pays.
"""


def test_french_release_opening_with_its_dateline():
    document, item = parse_text(FRENCH_RELEASE, "communique.txt")
    assert item.title == ""  # a dateline is no heading
    assert (item.language, item.date) == ("fr", "2022-07-01")
    [mou] = item.partnerships
    assert mou.date.iso() == "2022-06-29"  # the Wednesday before Friday 1 July 2022
    workshop = next(e for e in item.events if e.participants == 35)
    assert workshop.date.iso() == "2022-06-28"


def test_a_past_agreement_keeps_its_own_date():
    text = (
        "Partners renew their cooperation\n\nVienna, 5 March 2024 – The two institutions, which in 2019 signed "
        "a Memorandum of Understanding between ICMPD and the African Union, met today to review it."
    )
    _, item = parse_text(text)
    assert item.date == "2024-03-05"
    [mou] = item.partnerships
    assert mou.date.iso() == "2019"


def test_without_a_dateline_relative_words_stay_unresolved():
    text = (
        "Partners sign an agreement\n\nThe International Centre for Migration Policy Development (ICMPD) and "
        "the African Union signed a cooperation agreement on Monday in Addis Ababa, and a workshop held "
        "yesterday gathered 30 participants from ten countries."
    )
    _, item = parse_text(text)
    assert item.date is None
    assert all(p.date is None for p in item.partnerships)
    assert all(e.date is None for e in item.events)


def test_a_dateline_line_before_the_heading():
    text = (
        "PRESS RELEASE – Kampala, 8 May 2024\n\n"
        "Uganda and ICMPD open a migrant resource centre\n\n"
        "The International Centre for Migration Policy Development (ICMPD) opened a migrant resource centre "
        "in Kampala yesterday, together with the Ministry of Internal Affairs, to inform people planning to "
        "work abroad."
    )
    _, item = parse_text(text)
    assert (item.title, item.date) == ("Uganda and ICMPD open a migrant resource centre", "2024-05-08")


def test_a_dateline_opening_a_prose_line_is_no_heading():
    text = (
        "Lusaka, 6 June 2023 – Officials agree a regional plan\n"
        "The officials of eight countries met in Lusaka to agree on a regional plan for the protection of "
        "migrant workers, with support from the International Centre for Migration Policy Development."
    )
    _, item = parse_text(text)
    assert (item.title, item.date) == ("", "2023-06-06")


FEED = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Partner news</title><link>https://example.org/</link>
<description>News</description><language>en</language>
<item><title>ICMPD and ECOWAS sign a memorandum of understanding</title>
<link>https://example.org/news/1</link><pubDate>Mon, 14 Oct 2024 09:00:00 +0200</pubDate>
<description><![CDATA[<p>Abuja, 9 October 2024 – The International Centre for Migration Policy Development \
(ICMPD) and the ECOWAS Commission signed a Memorandum of Understanding today on labour mobility \
in West Africa.</p>]]></description></item>
</channel></rss>
"""


def test_a_feed_item_speaks_from_its_dateline_not_its_publication():
    document, _ = read_document(Source("partners.xml", "partners", FEED.encode("utf-8")))
    assert FeedLoader().sniff(document.text, "partners.xml")
    [item] = FeedLoader().parse(document).news_items
    assert item.date.startswith("2024-10-14")  # the feed's publication date
    [mou] = item.partnerships
    assert mou.date.iso() == "2024-10-09"  # "today" of the dateline


# --- publication lines ---------------------------------------------------------------------------

ENGLISH_PUBLISHED = (
    "Regional partners review a referral mechanism\n\n{line}\n\n"
    "Officials of nine countries met in Accra on Wednesday to review a regional referral mechanism for "
    "victims of trafficking, with the support of the International Centre for Migration Policy Development.\n\n"
    "The next review is planned for the spring.\n"
)


@pytest.mark.parametrize(
    "line",
    ["Published 16 May 2024", "Published on 16 May 2024", "Posted on 16 May 2024", "Date: 16 May 2024"],
)
def test_a_publication_line_after_the_heading_dates_the_item(line):
    _, item = parse_text(ENGLISH_PUBLISHED.format(line=line))
    assert (item.title, item.date) == ("Regional partners review a referral mechanism", "2024-05-16")
    [event] = item.events
    assert event.date.iso() == "2024-05-15"  # "on Wednesday" before the Thursday it was published


def test_a_french_publication_line_after_the_heading():
    text = (
        "Les partenaires régionaux examinent un mécanisme d'orientation\n\nPublié le 16 mai 2024\n\n"
        "Des responsables de neuf pays se sont réunis ce mercredi à Accra pour examiner un mécanisme régional "
        "d'orientation des victimes de la traite, avec l'appui du Centre international pour le développement "
        "des politiques migratoires.\n"
    )
    _, item = parse_text(text)
    assert item.date == "2024-05-16"
    assert [event.date.iso() for event in item.events] == ["2024-05-15"]


@pytest.mark.parametrize(
    "line, iso",
    [
        ("Issued on 7 February 2024 by the Secretariat of the dialogue, Vienna.", "2024-02-07"),
        ("Communiqué diffusé le 7 février 2024.", "2024-02-07"),
        ("Press release published on 7 February 2024", "2024-02-07"),
    ],
)
def test_a_closing_publication_line_dates_the_item(line, iso):
    text = (
        "Delegations from thirty countries met in Rabat on Tuesday and Wednesday to discuss labour mobility "
        "between their regions, under the chairmanship of the host country.\n\n"
        "The meeting was organised by the International Centre for Migration Policy Development.\n\n"
        f"{line}\n"
    )
    _, item = parse_text(text)
    assert item.date == iso
    [event] = item.events
    assert event.date.iso() == "2024-02-06/2024-02-07"


def test_a_dated_sentence_is_no_publication_line():
    text = (
        "Partners meet on labour mobility\n\n"
        "Delegations from thirty countries met in Rabat on Tuesday to discuss labour mobility between their "
        "regions, under the chairmanship of the host country.\n\n"
        "The agreement was published on 7 February 2024 in the official journal of the host country.\n"
    )
    _, item = parse_text(text)
    assert item.date is None


def test_a_dateline_wins_over_a_publication_line():
    text = (
        "Partners meet on labour mobility\n\nRabat, 8 February 2024 – Delegations from thirty countries met "
        "today to discuss labour mobility between their regions.\n\nPublished on 9 February 2024\n"
    )
    _, item = parse_text(text)
    assert item.date == "2024-02-08"


@pytest.mark.parametrize(
    "text, found",
    [
        ("Delegates met on Tuesday and Wednesday in Rabat.", ["2024-03-05/2024-03-06"]),
        ("Les délégués se sont réunis mardi et mercredi à Tunis.", ["2024-03-05/2024-03-06"]),
        ("Experts met on Monday and again on Friday.", ["2024-03-04", "2024-03-01"]),
        ("Visits took place on Monday and Wednesday.", ["2024-03-04", "2024-03-06"]),
    ],
)
def test_two_weekdays_that_follow_each_other_are_one_range(text, found):
    assert [f.value.iso() for f in relative_dates(text, THURSDAY)] == found


@pytest.mark.parametrize(
    "line, iso",
    [("Bamako, le 3 mars 2023", "2023-03-03"), ("Kampala, 12 May 2023", "2023-05-12"), ("Port Louis, 4 April 2023.", "2023-04-04")],
)
def test_a_closing_dateline_dates_the_item(line, iso):
    text = (
        "Les agents de l'immigration renforcent leurs compétences\n\n"
        "Vingt agents des services de l'immigration ont suivi une formation à Tunis la semaine dernière, avec "
        "l'appui du Centre international pour le développement des politiques migratoires.\n\n"
        "La formation portait sur l'accueil des demandeurs d'asile aux frontières.\n\n"
        f"{line}\n"
    )
    _, item = parse_text(text)
    assert item.date == iso


def test_a_closing_line_that_is_no_dateline_leaves_the_item_undated():
    text = (
        "Immigration officers strengthen their skills\n\n"
        "Twenty immigration officers followed a training in Tunis, with the support of the International Centre "
        "for Migration Policy Development, on the reception of asylum seekers at the borders.\n\n"
        "The training ended on 3 March 2023.\n"
    )
    _, item = parse_text(text)
    assert item.date is None
