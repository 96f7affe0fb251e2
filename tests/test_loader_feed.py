"""The feed loader: the flattened text form, RSS 2.0 and Atom XML, malformed XML, sniffing."""

from pathlib import Path

import pytest

from migkg.loaders import get_loader
from migkg.loaders.article import ArticleLoader
from migkg.loaders.extraction import extract, read_document
from migkg.loaders.feed import FeedLoader, category_of, rfc822_to_iso
from migkg.loaders.registry import detect_loader
from migkg.loaders.sources import Source

FEEDS = Path(__file__).parent / "data" / "feeds"


def document_of(path: Path):
    document, _ = read_document(Source(str(path), path.stem, path.read_bytes()))
    return document


def document_from_text(text: str, name: str = "snippet.txt"):
    document, _ = read_document(Source(name, Path(name).stem, text.encode("utf-8")))
    return document


@pytest.fixture(scope="module")
def sample_feed(corpus_dir):
    path = next(corpus_dir.glob("003_*.txt"))
    document = document_of(path)
    return document, FeedLoader().parse(document)


# --- the flattened text form ------------------------------------------------------------------


def test_flattened_sample_has_every_item_with_link_date_and_category(sample_feed):
    document, extracted = sample_feed
    items = extracted.news_items
    assert len(items) == 10
    assert extracted.title == "NEWS CENTRE"
    assert not extracted.warnings
    first = items[0]
    assert first.title.startswith("Project News: MMD Support Project")
    assert first.title.endswith("Thematic Meeting on Border Management")
    assert first.link.startswith("https://www.icmpd.org//news-centre/news-detail/project-news-mmd-support-project")
    assert first.date == "2019-07-16T15:32:30+02:00"
    assert first.category == "Project News"
    assert [item.date[:10] for item in items] == [
        "2019-07-16", "2019-07-12", "2019-07-10", "2019-07-03", "2019-07-03",
        "2019-07-01", "2019-06-27", "2019-06-27", "2019-06-25", "2019-06-19",
    ]  # fmt: skip
    assert [item.category for item in items].count("Project News") == 8
    assert items[5].category == "Expert voice"
    assert items[6].category == "ICMPD Around the Globe"
    assert items[9].category == "Project News"  # 'Project News :ICMPD ...'
    assert all(item.link and item.link.startswith("https://") for item in items)
    assert len({item.link for item in items}) == 10


def test_flattened_spans_index_into_the_text(sample_feed):
    document, extracted = sample_feed
    for item in extracted.news_items:
        assert document.text[item.span.start : item.span.end] == item.title
        for mention in item.mentions:
            assert document.text[mention.span.start : mention.span.end] == mention.label
        for person in item.people:
            assert document.text[person.span.start : person.span.end] == person.name
    body = extracted.news_items[0].body
    assert body.startswith("The Rabat Process organised")
    assert "Tue, 16 Jul 2019" not in body


def test_flattened_sample_facts(sample_feed):
    _, extracted = sample_feed
    items = {item.title: item for item in extracted.news_items}
    meeting = next(item for title, item in items.items() if "Thematic Meeting" in title)
    assert {(m.kind, m.key) for m in meeting.mentions} >= {
        ("dialogue", "Rabat Process"), ("country", "ES"), ("country", "MA"), ("organisation", "DG HOME"),
        ("organisation", "ICMPD"), ("person", "Fernando Grande-Marlaska"),
    }  # fmt: skip
    [event] = meeting.events
    assert (event.participants, event.countries, event.date) == (80, 33, None)
    roles = {p.name: (p.role, p.affiliation.key if p.affiliation else None) for p in meeting.people}
    assert roles["Paraskevi Michou"] == ("Director-General", "DG HOME")
    assert roles["Fernando Grande-Marlaska"][0] == "Minister of the Interior"
    assert roles["Martijn Pluim"] == ("Director of Migration Dialogues and Cooperation", "ICMPD")

    school = next(item for title, item in items.items() if "Summer School" in title)
    [event] = school.events
    assert (event.date.iso(), event.place.key, event.countries) == ("2019-06-30/2019-07-06", "Kachreti", 16)

    baku = next(item for title, item in items.items() if "Baku" in title)
    [event] = baku.events  # "on mission in Baku" is a trip, not a second event
    assert (event.date.iso(), event.place.key) == ("2019-06-26/2019-06-27", "Baku")  # year from the item's date
    [agreement] = baku.partnerships
    assert sorted(p.key for p in agreement.parties) == ["AZ", "ICMPD"] and agreement.date is None

    kabul = next(item for title, item in items.items() if "Kabul" in title)
    [mou] = kabul.partnerships
    assert (mou.kind, sorted(p.key for p in mou.parties), mou.date.iso()) == (
        "memorandum of understanding", ["ICMPD", "Ministry of Refugees and Repatriation of Afghanistan"], "2017-07",
    )
    assert {p.acronym for p in mou.parties} == {None, "MoRR"}  # the acronym the item defines, on the entity
    assert [e.date.iso() for e in kabul.events] == ["2019-06-24"]


UNSEEN_FLAT_FEED = """\
news.example.net https://news.example.net/ PRESS ROOM fr news.example.net https://news.example.net/logo.png \
https://news.example.net/ 12 12 PRESS ROOM Generator 2.1 http://blogs.law.harvard.edu/tech/rss \
Fri, 04 Mar 2022 10:00:00 +0100 Actualités : Le Processus de Khartoum réunit ses partenaires à Nairobi \
https://news.example.net/actualites/khartoum-nairobi Les partenaires du Processus de Khartoum se sont...

Une réunion thématique du Processus de Khartoum s'est tenue à Nairobi, Kenya, du 1er au 3 mars 2022. Elle a réuni 70 participants de 20 pays.

Le HCR et l'OIM ont présenté leurs travaux.

Fri, 04 Mar 2022 10:00:00 +0100
Events: Budapest Process ministerial conference https://news.example.net/events/budapest-ministerial The Budapest Process held its ministerial conference...

Ministers met in Istanbul, Turkey on 15 February 2022. Jane Doe, Director General of ICMPD, opened the conference.

Thu, 17 Feb 2022 18:20:05 +0000
"""


def test_flattened_feed_of_another_site():
    document = document_from_text(UNSEEN_FLAT_FEED, "press-room.txt")
    assert FeedLoader().sniff(document.text, "press-room.txt")
    assert not ArticleLoader().sniff(document.text, "press-room.txt")
    extracted = FeedLoader().parse(document)
    assert extracted.title == "PRESS ROOM"
    first, second = extracted.news_items
    assert first.title == "Actualités : Le Processus de Khartoum réunit ses partenaires à Nairobi"
    assert first.category == "Actualités"
    assert first.link == "https://news.example.net/actualites/khartoum-nairobi"
    assert first.language == "fr"
    assert first.date == "2022-03-04T10:00:00+01:00"
    assert {(m.kind, m.key) for m in first.mentions} >= {
        ("dialogue", "Khartoum Process"), ("organisation", "UNHCR"), ("organisation", "IOM"), ("country", "KE"),
    }  # fmt: skip
    [meeting] = first.events
    assert (meeting.kind, meeting.date.iso(), meeting.place.key, meeting.participants, meeting.countries) == (
        "thematic meeting", "2022-03-01/2022-03-03", "Nairobi", 70, 20,
    )
    assert second.title == "Events: Budapest Process ministerial conference"
    assert second.date == "2022-02-17T18:20:05+00:00"
    [conference] = second.events
    assert (conference.kind, conference.date.iso(), conference.place.key) == (
        "ministerial conference", "2022-02-15", "Istanbul",
    )
    [person] = second.people
    assert (person.name, person.role, person.affiliation.key) == ("Jane Doe", "Director General", "ICMPD")


def test_a_last_item_without_its_date_line_is_kept_with_a_warning():
    text = UNSEEN_FLAT_FEED.rsplit("Thu, 17 Feb", 1)[0]
    document = document_from_text(text, "cut.txt")
    extracted = FeedLoader().parse(document)
    assert len(extracted.news_items) == 2
    assert extracted.news_items[1].date is None
    [warning] = extracted.warnings
    assert warning.source == "cut.txt" and warning.line == 8 and "no closing date" in warning.message


# --- RSS 2.0 and Atom ---------------------------------------------------------------------------


def test_rss_items_with_html_stripped_and_spans_in_the_raw_xml():
    document = document_of(FEEDS / "rss_en.xml")
    extracted = FeedLoader().parse(document)
    assert extracted.title == "Migration Cooperation Newsroom"
    assert not extracted.warnings
    workshop, mou, officials = extracted.news_items
    assert workshop.title == "Event News: Prague Process workshop on labour migration held in Tbilisi"
    assert workshop.category == "Event News"
    assert workshop.link == "https://news.example.org/items/prague-process-workshop-tbilisi"
    assert workshop.date == "2022-03-10T16:45:00+01:00"
    assert "<p>" not in workshop.body and "gathered 45 participants" in workshop.body
    [event] = workshop.events
    assert (event.kind, event.date.iso(), event.place.key, event.participants, event.countries) == (
        "workshop", "2022-03-08/2022-03-09", "Tbilisi", 45, 17,
    )
    assert document.text[event.span.start : event.span.end].startswith("The workshop took place in Tbilisi")
    assert [(p.name, p.role) for p in workshop.people] == [("Anna Keller", "Head of Migration Dialogues")]

    assert mou.title == "Partnership News: ICMPD & IOM sign a memorandum of understanding"
    assert document.text[mou.span.start : mou.span.end] == "Partnership News: ICMPD &amp; IOM sign a memorandum of understanding"
    [partnership] = mou.partnerships
    assert partnership.kind == "memorandum of understanding"
    assert sorted(p.key for p in partnership.parties) == ["ICMPD", "IOM"]
    assert partnership.date.iso() == "2022-02-02"
    assert partnership.areas == ["border management", "migration data", "return and reintegration"]
    assert "signed a memorandum of understanding" in document.text[partnership.span.start : partnership.span.end]

    assert officials.category is None
    assert officials.date == "2022-01-18T08:15:00+00:00"
    for item in extracted.news_items:
        for mention in item.mentions:
            raw = document.text[mention.span.start : mention.span.end]
            assert mention.label in raw or raw in mention.label or "&" in raw


def test_atom_in_french_resolves_names_to_the_english_keys():
    document = document_of(FEEDS / "atom_fr.xml")
    extracted = FeedLoader().parse(document)
    mou, workshop = extracted.news_items
    assert mou.language == "fr" and workshop.language == "fr"
    assert mou.category == "Communiqué"
    assert mou.date == "2021-10-19T14:30:00+02:00"
    assert workshop.date == "2021-09-30T09:00:00+00:00"
    assert {(m.kind, m.key) for m in mou.mentions} == {
        ("organisation", "ICMPD"), ("organisation", "IOM"), ("dialogue", "Rabat Process"),
    }  # fmt: skip
    [partnership] = mou.partnerships
    assert (partnership.date.iso(), sorted(p.key for p in partnership.parties)) == ("2021-10-18", ["ICMPD", "IOM"])
    assert partnership.areas == ["border management", "capacity building"]
    [secretariat] = mou.secretariats
    assert (secretariat.organisation.key, secretariat.dialogue.key) == ("ICMPD", "Rabat Process")
    [event] = workshop.events
    assert (event.kind, event.date.iso(), event.place.key, event.participants, event.countries) == (
        "thematic meeting", "2021-09-27/2021-09-29", "Dakar", 60, 25,
    )


def test_truncated_xml_keeps_the_items_before_the_cut_and_warns_with_the_line():
    path = FEEDS / "truncated_rss.xml"
    document = document_of(path)
    extracted = FeedLoader().parse(document)
    titles = [item.title for item in extracted.news_items]
    assert titles[:2] == [
        "Event News: Prague Process workshop on labour migration held in Tbilisi",
        "Partnership News: ICMPD & IOM sign a memorandum of understanding",
    ]
    assert extracted.news_items[1].partnerships  # the complete items keep their facts
    [warning] = extracted.warnings
    last_line = document.text.count("\n") + 1
    assert warning.source == str(path)
    assert warning.line == last_line
    assert "malformed feed XML" in str(warning) and f":{last_line}:" in str(warning)


# --- sniffing, registry, determinism -------------------------------------------------------------


@pytest.mark.parametrize("name", ["rss_en.xml", "atom_fr.xml", "truncated_rss.xml"])
def test_feed_loader_accepts_xml_feeds_and_the_article_loader_does_not(name):
    document = document_of(FEEDS / name)
    assert FeedLoader().sniff(document.text, name)
    assert not ArticleLoader().sniff(document.text, name)
    assert detect_loader(document.text, name).name == "feed"


def test_feed_loader_rejects_articles_and_catalogues(corpus_dir):
    for pattern in ("000_*", "001_*", "002_*", "004_*"):
        path = next(corpus_dir.glob(pattern))
        assert not FeedLoader().sniff(document_of(path).text, path.name), path.name
    assert not FeedLoader().sniff("Burundi 2: Migration and Development\nObjective: x\nDuration: 2014", "c.txt")
    assert not FeedLoader().sniff("<html><body>Not a feed</body></html>", "page.html")


def test_helpers():
    assert rfc822_to_iso("Wed, 19 Jun 2019 16:32:19 +0200") == "2019-06-19T16:32:19+02:00"
    assert rfc822_to_iso("not a date") is None
    assert category_of("Project News :ICMPD expert panel") == "Project News"
    assert category_of("No category here") is None
    assert category_of("https://example.org/a: b") is None


def test_parsing_is_deterministic(corpus_dir):
    path = next(corpus_dir.glob("003_*.txt"))
    first = FeedLoader().parse(document_of(path))
    second = get_loader("feed").parse(document_of(path))
    assert first == second
    xml_first = FeedLoader().parse(document_of(FEEDS / "rss_en.xml"))
    assert xml_first == FeedLoader().parse(document_of(FEEDS / "rss_en.xml"))


def test_the_feed_goes_through_the_whole_pipeline(corpus_dir):
    path = next(corpus_dir.glob("003_*.txt"))
    extraction = extract(Source(str(path), path.stem, path.read_bytes()))
    assert extraction.loader == "feed"
    assert len(extraction.quads) > 500


def test_character_references_outside_unicode_become_replacement_characters():
    text = (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
        "<item><title>News &#55296; item</title><link>https://example.org/x</link>"
        "<description>Body &#xD800; and &#1114112;.</description></item></channel></rss>"
    )
    extracted = FeedLoader().parse(document_from_text(text, "refs.xml"))
    [item] = extracted.news_items
    assert item.title == "News \ufffd item"
    assert item.body == "Body \ufffd and \ufffd."


RSS_ITEMS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title><link>https://example.org</link><description>d</description>
<item><title>Project News: Prague Process workshop in Chisinau</title><link>https://example.org/a</link>
<pubDate>Thu, 14 Mar 2024 10:00:00 +0100</pubDate>
<description>&lt;p&gt;On Tuesday, 35 officials from 9 of the 11 partner countries met in Chisinau, Moldova, for a
workshop on return. The workshop was opened by Elena Rusu, State Secretary of the Ministry of Internal Affairs of
Moldova.&lt;/p&gt;&lt;p&gt;Further workshops are planned in 2024. The next one will be held in Tbilisi in June
2024.&lt;/p&gt;</description></item>
<item><title>Expert voice: Why return policies need data</title><link>https://example.org/b</link>
<pubDate>Mon, 11 Mar 2024 10:00:00 +0100</pubDate>
<description>&lt;p&gt;In this article, Dr. Jan Novak, Senior Researcher at ICMPD, argues that return counselling
and trainings for caseworkers must rest on better data.&lt;/p&gt;</description></item>
</channel></rss>
"""


def test_feed_items_date_a_weekday_from_the_item_and_pick_one_of_several_events():
    document, _ = read_document(Source("items.xml", "items", RSS_ITEMS.encode("utf-8")))
    workshop, opinion = FeedLoader().parse(document).news_items
    assert {(e.date.iso(), e.participants, e.countries, e.planned) for e in workshop.events} == {
        ("2024-03-12", 35, 9, False),
        ("2024-06", None, None, True),
    }
    assert {p.name: p.role for p in workshop.people} == {"Elena Rusu": "State Secretary"}
    assert opinion.events == [] and [p.name for p in opinion.people] == ["Jan Novak"]


@pytest.mark.parametrize(
    "title, category",
    [
        ("Labour migration: ministers agree on a joint skills framework", None),
        ("Migration régulière : les partenaires adoptent une feuille de route", None),
        ("Combating trafficking in persons: a new referral guide for judges", None),
        ("Project News: a new referral guide for judges", "Project News"),
        ("Actualités des projets : un guide pour les juges", "Actualités des projets"),
        ("Dialogues migratoires : un guide pour les juges", "Dialogues migratoires"),
    ],
)  # fmt: skip
def test_a_title_prefix_naming_a_theme_is_its_topic_not_a_category(title, category):
    assert category_of(title) == category
