"""The article loader: news articles and press releases in English and French, and the facts they state."""

from pathlib import Path

import pytest

from migkg.loaders.article import ArticleLoader
from migkg.loaders.extraction import extract, read_document
from migkg.loaders.feed import FeedLoader
from migkg.loaders.registry import detect_loader
from migkg.loaders.sources import Source


def document_from_text(text: str, name: str = "article.txt"):
    document, _ = read_document(Source(name, Path(name).stem, text.encode("utf-8")))
    return document


def parse_text(text: str, name: str = "article.txt"):
    document = document_from_text(text, name)
    assert ArticleLoader().sniff(document.text, name)
    extracted = ArticleLoader().parse(document)
    [item] = extracted.news_items
    return document, extracted, item


def keys(refs) -> set[tuple[str, str]]:
    return {(ref.kind, ref.key) for ref in refs}


@pytest.fixture(scope="module")
def corpus_article(corpus_dir):
    def parse(prefix: str):
        path = next(corpus_dir.glob(f"{prefix}_*.txt"))
        document, _ = read_document(Source(str(path), path.stem, path.read_bytes()))
        extracted = ArticleLoader().parse(document)
        return document, extracted, extracted.news_items[0]

    return parse


# --- the sample corpus ---------------------------------------------------------------------------


def test_english_article_with_a_heading(corpus_article):
    document, extracted, item = corpus_article("000")
    assert item.title.startswith("ICMPD support the Central African Republic government")
    assert extracted.title == item.title
    assert document.text[item.span.start : item.span.end] == item.title
    assert (item.language, item.date, item.link, item.category) == ("en", None, None, None)
    assert keys(item.mentions) == {
        ("organisation", "EU"), ("organisation", "ICMPD"), ("programme", "MIEUX"),
        ("country", "CF"), ("country", "BE"), ("country", "ML"),
        ("organisation", "Ministry of Interior, Public Security and Territorial Administration of Central African Republic"),
        ("organisation", "Ministry of Foreign Affairs, African Integration and Central Africans Abroad"),
        ("organisation", "Ministry of Territorial Administration and Decentralization"),
    }  # fmt: skip
    [event] = item.events
    assert (event.date.iso(), event.place.key, event.label) == ("2017-03-13/2017-03-17", "Bangui", "first activity")
    assert "took place in Bangui" in document.text[event.span.start : event.span.end]
    assert not item.partnerships and not item.people and not item.secretariats


def test_english_article_with_a_partnership(corpus_article):
    _, _, item = corpus_article("002")
    assert item.title == "10 years of MIEUX in Eastern, Central and Southern Africa and LAC"
    [partnership] = item.partnerships
    assert (partnership.kind, sorted(p.key for p in partnership.parties), partnership.date.iso()) == (
        "partnership agreement", ["EU", "ICMPD"], "2008-12",
    )
    assert not item.events


def test_french_press_release_without_a_heading(corpus_article):
    document, extracted, item = corpus_article("004")
    assert item.title == "" and extracted.title is None
    assert document.text[item.span.start : item.span.end].startswith("Le Centre International")
    assert item.language == "fr"
    assert keys(item.mentions) == {
        ("organisation", "ICMPD"), ("organisation", "MMC"), ("organisation", "DRC"), ("organisation", "OHCHR"),
        ("organisation", "IOM"), ("organisation", "UNHCR"), ("organisation", "DEVCO"),
        ("dialogue", "Rabat Process"), ("dialogue", "Khartoum Process"),
        ("person", "Michael Spindelegger"), ("person", "Bram Frouws"),
    }  # fmt: skip
    [partnership] = item.partnerships
    assert (partnership.kind, sorted(p.key for p in partnership.parties), partnership.date.iso()) == (
        "memorandum of understanding", ["ICMPD", "MMC"], "2020-11-19",
    )
    assert "capacity building" in partnership.areas and len(partnership.areas) == 3
    [secretariat] = item.secretariats
    assert (secretariat.organisation.key, secretariat.dialogue.key) == ("ICMPD", "Rabat Process")
    people = {p.name: (p.role, p.affiliation.key) for p in item.people}
    assert people == {"Michael Spindelegger": ("directeur général", "ICMPD"), "Bram Frouws": ("directeur", "MMC")}
    assert sorted(e.date.iso() for e in item.events) == ["2019-10", "2020-11-19"]  # the ceremony, the workshop


# --- documents of the same kinds, not in the sample -----------------------------------------------

ENGLISH_ARTICLE = """\
Kenya and ICMPD start a new MIEUX+ Action on labour migration

Nairobi, 12 May 2023 – The European Union and the International Centre for Migration Policy Development \
(ICMPD) have started a new MIEUX+ Action to support the Kenyan Ministry of Labour and Social Protection.

The first activity took place in Nairobi from 3 to 5 May 2023 and brought together 25 officials \
from four ministries.

"We look forward to this cooperation," said Jane Smith, Director of Migration Dialogues at ICMPD.

ICMPD, which hosts the Secretariat of the Prague Process, also signed a cooperation agreement with the \
African Union in March 2019.
"""


def test_unseen_english_article():
    document, extracted, item = parse_text(ENGLISH_ARTICLE)
    assert item.title == "Kenya and ICMPD start a new MIEUX+ Action on labour migration"
    assert item.language == "en"
    assert item.date == "2023-05-12"  # the dateline
    assert keys(item.mentions) >= {
        ("country", "KE"), ("organisation", "EU"), ("organisation", "ICMPD"), ("programme", "MIEUX"),
        ("organisation", "AU"), ("dialogue", "Prague Process"), ("person", "Jane Smith"),
    }  # fmt: skip
    [event] = item.events
    assert (event.date.iso(), event.place.key, event.participants) == ("2023-05-03/2023-05-05", "Nairobi", 25)
    [agreement] = item.partnerships
    assert (agreement.kind, sorted(p.key for p in agreement.parties), agreement.date.iso()) == (
        "partnership agreement", ["AU", "ICMPD"], "2019-03",
    )
    [secretariat] = item.secretariats
    assert (secretariat.organisation.key, secretariat.dialogue.key) == ("ICMPD", "Prague Process")
    [person] = item.people
    assert (person.name, person.role, person.affiliation.key) == ("Jane Smith", "Director of Migration Dialogues", "ICMPD")


FRENCH_PRESS_RELEASE = """\
Le Processus de Budapest a tenu sa conférence ministérielle à Istanbul, Turquie, le 22 octobre 2021. \
Elle a réuni 150 participants représentant 40 pays ainsi que l'OIM et le HCR.
L'ICMPD, qui assure le secrétariat du Processus de Budapest, a organisé la conférence avec la présidence turque.
« Cette conférence marque une étape importante », a déclaré le directeur général de l'ICMPD, Jean Dupont.
Le Conseil danois pour les réfugiés (DRC) et l'ICMPD ont signé un mémorandum d'accord le 3 novembre 2021.
"""


def test_unseen_french_press_release():
    document, extracted, item = parse_text(FRENCH_PRESS_RELEASE, "communique.txt")
    assert item.title == "" and item.language == "fr" and item.date is None
    assert keys(item.mentions) >= {
        ("dialogue", "Budapest Process"), ("organisation", "IOM"), ("organisation", "UNHCR"),
        ("organisation", "ICMPD"), ("organisation", "DRC"), ("country", "TR"), ("person", "Jean Dupont"),
    }  # fmt: skip
    assert ("country", "CD") not in keys(item.mentions)  # DRC is the Danish Refugee Council here
    [conference] = item.events
    assert (conference.kind, conference.date.iso(), conference.place.key) == (
        "ministerial conference", "2021-10-22", "Istanbul",
    )
    assert (conference.participants, conference.countries) == (150, 40)
    [secretariat] = item.secretariats
    assert (secretariat.organisation.key, secretariat.dialogue.key) == ("ICMPD", "Budapest Process")
    [person] = item.people
    assert (person.name, person.role, person.affiliation.key) == ("Jean Dupont", "directeur général", "ICMPD")
    [mou] = item.partnerships
    assert (mou.kind, sorted(p.key for p in mou.parties), mou.date.iso()) == (
        "memorandum of understanding", ["DRC", "ICMPD"], "2021-11-03",
    )


def test_the_same_entities_get_the_same_keys_in_english_and_french():
    english = "Migration partners meet in Rabat\n\n" + (
        "The Rabat Process, the International Organization for Migration and the Office of the United Nations "
        "High Commissioner for Refugees met Moroccan and Senegalese officials in Rabat on 4 April 2022. "
        "The meeting gathered 30 participants."
    )
    french = "Les partenaires migratoires se réunissent à Rabat\n\n" + (
        "Le Processus de Rabat, l'Organisation internationale pour les migrations et le Haut Commissariat des "
        "Nations unies pour les réfugiés ont rencontré des responsables marocains et sénégalais à Rabat le "
        "4 avril 2022. La réunion a réuni 30 participants."
    )
    _, _, en = parse_text(english, "en.txt")
    _, _, fr = parse_text(french, "fr.txt")
    assert (en.language, fr.language) == ("en", "fr")
    expected = {("dialogue", "Rabat Process"), ("organisation", "IOM"), ("organisation", "UNHCR"),
                ("country", "MA"), ("country", "SN")}  # fmt: skip
    assert keys(en.mentions) == keys(fr.mentions) == expected
    assert [(e.date.iso(), e.place.key, e.participants) for e in en.events] == [("2022-04-04", "Rabat", 30)]
    assert [(e.date.iso(), e.place.key, e.participants) for e in fr.events] == [("2022-04-04", "Rabat", 30)]


def test_drc_is_the_country_when_no_refugee_council_is_named():
    _, _, item = parse_text(
        "Border officials meet in Goma\n\nOfficials from the DRC and Rwanda met in Goma on 2 June 2022 "
        "to discuss cross-border trade and the movement of people across the shared border."
    )
    assert {("country", "CD"), ("country", "RW")} <= keys(item.mentions)
    assert ("organisation", "DRC") not in keys(item.mentions)


def test_spans_index_into_the_text():
    document, _, item = parse_text(ENGLISH_ARTICLE)
    for mention in item.mentions:
        assert document.text[mention.span.start : mention.span.end] == mention.label
    for person in item.people:
        assert document.text[person.span.start : person.span.end] == person.name
    for record in item.events + item.partnerships:
        assert record.span.end > record.span.start
        assert document.text[record.span.start : record.span.end].strip()


# --- sniffing, registry, determinism -------------------------------------------------------------


def test_article_loader_accepts_articles_and_rejects_feeds_and_catalogues(corpus_dir):
    article = ArticleLoader()
    for prefix in ("000", "002", "004"):
        path = next(corpus_dir.glob(f"{prefix}_*.txt"))
        text = path.read_text(encoding="utf-8")
        assert article.sniff(text, path.name), path.name
        assert not FeedLoader().sniff(text, path.name), path.name
        assert detect_loader(text, path.name).name == "article", path.name
    for prefix in ("001", "003"):
        path = next(corpus_dir.glob(f"{prefix}_*.txt"))
        assert not article.sniff(path.read_text(encoding="utf-8"), path.name), path.name
    catalogue_form = "Ghana 3: Labour Migration\nObjective: to support the ministry in drafting a policy.\n" * 5
    assert not article.sniff(catalogue_form, "catalogue.txt")
    assert not article.sniff("<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "feed.xml")
    assert not article.sniff("Too short.", "short.txt")


def test_parsing_is_deterministic(corpus_dir):
    path = next(corpus_dir.glob("004_*.txt"))
    source = Source(str(path), path.stem, path.read_bytes())
    first = ArticleLoader().parse(read_document(source)[0])
    second = ArticleLoader().parse(read_document(source)[0])
    assert first == second


def test_articles_go_through_the_whole_pipeline(corpus_dir):
    path = next(corpus_dir.glob("004_*.txt"))
    extraction = extract(Source(str(path), path.stem, path.read_bytes()))
    assert extraction.loader == "article" and extraction.language == "fr"
    assert extraction.quads


def test_an_announced_event_is_planned():
    _, _, item = parse_text(
        "Next steps for the Action in Ghana\n\nThe needs assessment carried out in Accra on 2-4 May 2023 "
        "identified training priorities for the immigration service.\n\nA drafting session on the national "
        "labour migration policy will take place in Kumasi in September 2023."
    )
    by_date = {event.date.iso(): event for event in item.events}
    assert by_date["2023-05-02/2023-05-04"].planned is False
    assert by_date["2023-09"].planned is True
    assert by_date["2023-09"].kind == "drafting session"
