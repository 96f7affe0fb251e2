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


@pytest.mark.parametrize(
    "signing",
    [
        "On 10 October 2024, IOM and the border agency signed a memorandum of understanding on the rehabilitation "
        "of border posts and joint training for customs staff.",
        "Le 10 octobre 2024, l'OIM et l'agence ont signé un protocole d'accord portant sur la formation des "
        "agents des douanes.",
    ],
)
def test_an_event_noun_an_agreement_covers_is_no_event(signing):
    _, _, item = parse_news(
        "Border officers trained in Lomé\n\nThe workshop for border officers took place in Lomé on 2-4 October "
        f"2024. {signing}"
    )
    assert events_of(item) == {("2024-10-02/2024-10-04", None, None)}


@pytest.mark.parametrize(
    "launch",
    [
        "The workshop belongs to an Action launched in March 2024 at the request of the border agency.",
        "Cette activité fait partie d'un projet lancé en mars 2024 à la demande de l'agence.",
    ],
)
def test_the_launch_date_of_an_action_dates_no_event(launch):
    _, _, item = parse_news(
        "Border officers trained in Lomé\n\nThe workshop for border officers took place in Lomé on 2-4 October "
        f"2024. {launch}"
    )
    assert events_of(item) == {("2024-10-02/2024-10-04", None, None)}


@pytest.mark.parametrize(
    "announcement",
    [
        "A follow-up workshop on case management is foreseen for the second half of 2024.",
        "Un atelier de restitution est prévu au deuxième trimestre 2024.",
    ],
)
def test_an_announced_event_with_only_a_season_and_no_place_is_not_reported(announcement):
    _, _, item = parse_text(
        "Border officers trained in Accra\n\nThe needs assessment carried out in Accra on 2-4 May 2023 "
        f"identified training priorities for the immigration service. {announcement}"
    )
    assert [event.date.iso() for event in item.events] == ["2023-05-02/2023-05-04"]


def test_a_named_announced_event_with_only_a_year_is_reported():
    _, _, item = parse_text(
        "Officials meet in Accra\n\nSenior officials met in Accra on 2-4 May 2023 to review the work plan. "
        "The next Ministerial Conference is expected to take place in 2024."
    )
    assert "2024" in {event.date.iso() for event in item.events if event.planned}


# --- general patterns of news wording (invented sentences, English and French) -------------------


#: a closing paragraph that states no fact, to give short invented articles the length of an article
CLOSING = "\n\nFurther details will be published on the websites of both organisations in the coming weeks."


def parse_news(text: str):
    return parse_text(text + CLOSING)


def events_of(item) -> set[tuple[str | None, int | None, int | None]]:
    return {(e.date.iso() if e.date else None, e.participants, e.countries) for e in item.events}


def partnerships_of(item) -> set[tuple[str, tuple[str, ...], str | None]]:
    return {(p.kind, tuple(sorted(x.key for x in p.parties)), p.date.iso() if p.date else None) for p in item.partnerships}


def roles_of(item) -> dict[str, str | None]:
    return {person.name: person.role for person in item.people}


@pytest.mark.parametrize(
    "text, parties, date",
    [
        ("Accord signé à Lomé\n\nLomé, le 10 octobre 2024 – Le HCR et la CEDEAO ont signé ce mardi un mémorandum "
         "d'entente sur la protection des réfugiés dans la sous-région.", ("ECOWAS", "UNHCR"), "2024-10-08"),
        ("Agreement signed in Nairobi\n\nNAIROBI, 17 May 2024 – UNHCR and IGAD signed on Wednesday a memorandum of "
         "understanding on the inclusion of refugees in national systems.", ("IGAD", "UNHCR"), "2024-05-15"),
        ("Agreement signed in Nairobi\n\nNAIROBI, 17 May 2024 – UNHCR and IGAD signed yesterday a memorandum of "
         "understanding on the inclusion of refugees in national systems.", ("IGAD", "UNHCR"), "2024-05-16"),
    ],
)  # fmt: skip
def test_an_agreement_signed_on_a_named_day_is_dated_from_the_dateline(text, parties, date):
    _, _, item = parse_news(text)
    assert partnerships_of(item) == {("memorandum of understanding", parties, date)}


def test_a_signing_in_a_dated_lede_takes_the_dateline_until_a_sentence_states_its_date():
    lede = ("Accra, 9 July 2024 – ICMPD and ECOWAS have signed a memorandum of understanding on border management. "
            "Both will work together on training and data for the next three years.")
    _, _, item = parse_news("ICMPD and ECOWAS sign MoU\n\n" + lede)
    assert partnerships_of(item) == {("memorandum of understanding", ("ECOWAS", "ICMPD"), "2024-07-09")}
    later = " The memorandum was signed on 8 July 2024 at the ECOWAS Commission."
    _, _, item = parse_news("ICMPD and ECOWAS sign MoU\n\n" + lede + later)
    assert partnerships_of(item) == {("memorandum of understanding", ("ECOWAS", "ICMPD"), "2024-07-08")}


def test_an_agreement_referred_to_again_takes_the_date_given_there():
    _, _, item = parse_news(
        "Le HCR et l'UA signent un protocole d'accord\n\nLe HCR et l'UA ont conclu un protocole d'accord sur "
        "l'apatridie. Le document a été signé le 4 décembre 2023 à Addis-Abeba par les deux institutions."
    )
    assert partnerships_of(item) == {("memorandum of understanding", ("AU", "UNHCR"), "2023-12-04")}


@pytest.mark.parametrize(
    "text, parties, date",
    [
        ("New partnership on labour mobility\n\nThe agreement was signed in Vienna on 3 April 2024 by Maria "
         "Santos, Director of Policy at ICMPD, and Omar Haddad, Head of Programmes at IOM.", ("ICMPD", "IOM"),
         "2024-04-03"),
        ("Un partenariat pour la mobilité\n\nL'accord de partenariat a été signé le 3 avril 2024 par Mme Nadia "
         "Kone, directrice des programmes de l'OIM, et M. Louis Perrin, représentant du HCR.", ("IOM", "UNHCR"),
         "2024-04-03"),
        ("Cooperation on asylum\n\nKatrin Olsen (UNHCR) and Samuel Mensah (IOM) signed a letter of intent on "
         "5 June 2024 in Geneva.", ("IOM", "UNHCR"), "2024-06-05"),
    ],
)  # fmt: skip
def test_the_signatories_organisations_are_the_parties(text, parties, date):
    _, _, item = parse_news(text)
    assert {(found, when) for _, found, when in partnerships_of(item)} == {(parties, date)}


def test_a_country_signing_through_its_ministry_is_one_party():
    _, _, item = parse_news(
        "Le Tchad et l'OIM signent un protocole d'accord\n\nN'Djamena, le 2 février 2024 – Le ministère de la "
        "Sécurité publique du Tchad et l'OIM ont signé un protocole d'accord sur la gestion des frontières."
    )
    [(_, parties, date)] = partnerships_of(item)
    assert "TD" not in parties and "IOM" in parties and len(parties) == 2 and date == "2024-02-02"


def test_a_person_named_again_by_surname_is_the_same_person():
    _, _, item = parse_news(
        "Visite à Niamey\n\nMme Fatou Binta Diop, coordinatrice du projet à l'ICMPD, a présenté les résultats. "
        "« Le travail continue », a conclu Mme Binta Diop. Dr. Lars Berg Nilsen, Head of Research at ICMPD, "
        "agreed; Dr. Berg Nilsen added that data matter."
    )
    assert sorted(roles_of(item)) == ["Fatou Binta Diop", "Lars Berg Nilsen"]


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        ("The opening was chaired by Irina Popescu, Deputy Director General of the Presidency for Migration "
         "Affairs of Moldova.", "Irina Popescu", "Deputy Director General"),
        ("M. Ousmane Keita, directeur régional de l'OIM pour l'Afrique de l'Ouest et du Centre, a pris la parole.",
         "Ousmane Keita", "directeur régional"),
        ("Mme Aminata Traore, directrice des affaires consulaires au ministère des Affaires étrangères du Mali, "
         "a ouvert la séance.", "Aminata Traore", "directrice des affaires consulaires"),
        ("M. Moussa Abdou, Ministre de l'Intérieur du Niger, et Mme Sophie Laurent, Directrice générale adjointe "
         "de l'OIM, ont signé le texte.", "Sophie Laurent", "Directrice générale adjointe"),
        ("M. Moussa Abdou, Ministre de l'Intérieur du Niger, et Mme Sophie Laurent, Directrice générale adjointe "
         "de l'OIM, ont signé le texte.", "Moussa Abdou", "Ministre de l'Intérieur"),
        ("The text was signed by Kwame Boateng, Comptroller-General of the Ghana Immigration Service.",
         "Kwame Boateng", "Comptroller-General"),
        ("M. Henri Dupuis, préfet de la région de Tillabéri, a accueilli les délégations.", "Henri Dupuis",
         "préfet de la région de Tillabéri"),
    ],
)  # fmt: skip
def test_a_role_title_stops_where_its_organisation_or_area_begins(sentence, name, role):
    _, _, item = parse_news("Meeting news\n\n" + sentence + " The meeting was held on 3 May 2024 in Bamako, Mali.")
    assert roles_of(item)[name] == role
    assert "Intérieur du Niger" not in roles_of(item)


def test_a_name_followed_by_an_organisation_in_brackets_is_a_person_of_it():
    _, _, item = parse_news("Joint statement\n\nAnna Berger (ICMPD) and Rashid Karimov (IOM) presented the study "
                            "in Tashkent on 2 June 2024.")
    assert {p.name: p.affiliation.key for p in item.people} == {"Anna Berger": "ICMPD", "Rashid Karimov": "IOM"}


@pytest.mark.parametrize(
    "sentence, countries",
    [
        ("The seminar brought together 52 delegates from 14 of the 16 member states.", 14),
        ("Le séminaire a réuni 52 délégués venus de 14 des 16 États membres.", 14),
        ("Some 80 participants from 25 countries attended the seminar.", 25),
    ],
)
def test_a_count_of_countries_out_of_a_total_is_the_first_number(sentence, countries):
    _, _, item = parse_news("Seminar in Rabat\n\nA seminar was held in Rabat, Morocco, on 6 May 2024. " + sentence)
    assert [(e.participants, e.countries) for e in item.events] == [(52 if "52" in sentence else 80, countries)]


@pytest.mark.parametrize(
    "text",
    [
        "Dialogue meets in Bangkok\n\nThe annual meeting took place in Bangkok from 4 to 6 June 2024. On 5 June, a "
        "side event on climate and mobility drew 35 participants.",
        "Le dialogue se réunit à Lomé\n\nLa réunion annuelle s'est tenue à Lomé du 4 au 6 juin 2024. Le 5 juin, "
        "une manifestation parallèle sur le climat a attiré 35 participants.",
    ],
)
def test_a_side_event_is_an_event_of_its_own_dated_in_the_year_of_the_text(text):
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-06-04/2024-06-06", None, None), ("2024-06-05", 35, None)}


@pytest.mark.parametrize(
    "sentence, date",
    [
        ("Its conclusions will go from the meeting to the next Ministerial Conference, which is expected to take "
         "place in Lisbon in 2025.", "2025"),
        ("Les conclusions de la réunion seront présentées à la prochaine conférence ministérielle, qui devrait se "
         "tenir à Lisbonne en 2025.", "2025"),
        ("A senior officials' meeting will follow in Lisbon in autumn 2025.", "2025"),
    ],
)
def test_an_announced_event_is_dated_by_a_bare_year_and_is_not_the_reported_one(sentence, date):
    _, _, item = parse_news("Meeting in Rome\n\nThe meeting was held in Rome on 10 October 2024. " + sentence)
    assert events_of(item) == {("2024-10-10", None, None), (date, None, None)}
    assert [e.planned for e in item.events] == [False, True]


@pytest.mark.parametrize(
    "text, dates",
    [
        ("Workshops ahead\n\nThe working group met in Baku on 2 May 2024 and agreed on a series of regional workshops. "
         "The first of them will be hosted in Tbilisi in September 2024. The next one will take place in Yerevan "
         "in November 2024.", {"2024-05-02", "2024-09", "2024-11"}),
        ("Des ateliers en vue\n\nLe groupe de travail s'est réuni à Dakar le 2 mai 2024 et a prévu plusieurs ateliers "
         "régionaux. Le premier d'entre eux se tiendra à Bamako en septembre 2024.", {"2024-05-02", "2024-09"}),
    ],
)  # fmt: skip
def test_one_of_several_announced_events_is_an_event_of_its_own(text, dates):
    _, _, item = parse_news(text)
    assert {e.date.iso() for e in item.events} == dates


@pytest.mark.parametrize(
    "text, date",
    [
        ("Migrant resource centre opens in Osh\n\nA new migrant resource centre was inaugurated in Osh, Kyrgyzstan, "
         "on 14 March 2024 with support from ICMPD.", "2024-03-14"),
        ("Un centre d'information ouvre à Kayes\n\nUn nouveau centre d'information pour les migrants a été inauguré "
         "à Kayes, Mali, le 14 mars 2024 avec l'appui de l'ICMPD.", "2024-03-14"),
    ],
)
def test_an_inauguration_is_an_event(text, date):
    _, _, item = parse_news(text)
    assert {e.date.iso() for e in item.events} == {date}


def test_a_lede_that_only_speaks_of_training_in_general_reports_no_event():
    _, _, item = parse_news(
        "Opinion: what makes skills schemes work\n\nIn this commentary, Jana Novak, Policy Officer at ICMPD, argues "
        "that the training offered to future workers should be designed with employers."
    )
    assert item.events == []
    _, _, item = parse_news(
        "Training for border guards\n\nA training for border guards was held at the academy with support from ICMPD."
    )
    assert [e.kind for e in item.events] == ["training"]


def test_a_launch_long_before_the_item_is_background_not_an_event():
    _, _, item = parse_news(
        "New Director of Programmes\n\nVienna, 3 January 2024 – The organisation announced new appointments. "
        "The Prague Process was launched in April 2009 in Prague, Czechia."
    )
    assert item.events == []


@pytest.mark.parametrize("title, category", [
    ("Processus de Rabat : un atelier s'est tenu à Dakar", None),
    ("Niger: new border posts open", None),
    ("Project News: new border posts open in Niger", "Project News"),
])  # fmt: skip
def test_a_title_prefixed_by_an_entity_has_no_category(title, category):
    _, _, item = parse_news(title + "\n\nThe new posts were opened at the border with Mali in May 2024 by the "
                            "government with the support of partners from the region.")
    assert item.category == category


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        ("The workshop was a success, according to Laura Kim, head of the ICMPD office in Baku.", "Laura Kim",
         "head of the ICMPD office in Baku"),
        ("Selon Claire Moreau, cheffe de mission de l'OIM au Tchad, l'atelier a été un succès.", "Claire Moreau",
         "cheffe de mission"),
    ],
)  # fmt: skip
def test_a_lower_case_role_after_a_name_and_a_sentence_opener_before_it(sentence, name, role):
    _, _, item = parse_news("Workshop news\n\nA workshop took place in Baku on 4 June 2024. " + sentence)
    assert roles_of(item) == {name: role}


@pytest.mark.parametrize(
    "sentence",
    [
        "Un protocole d'accord a été signé le 6 mai 2024 entre l'Autorité intergouvernementale pour le "
        "développement (IGAD) et l'OIM.",
        "A memorandum of understanding was formally signed on 6 May 2024 between the Intergovernmental Authority "
        "on Development (IGAD) and the International Organization for Migration (IOM).",
    ],
)
def test_parties_with_long_names_that_hold_clause_words(sentence):
    _, _, item = parse_news("Agreement signed\n\n" + sentence)
    assert partnerships_of(item) == {("memorandum of understanding", ("IGAD", "IOM"), "2024-05-06")}


@pytest.mark.parametrize(
    "text",
    [
        "Agreement on data sharing\n\nThe agreement was signed on 2 October 2023 on behalf of IOM by Sarah Green and "
        "on behalf of UNHCR by Tomas Ruiz.",
        "Accord entre l'OIM et le HCR\n\nLe texte a été signé le 2 octobre 2023 au nom de l'OIM par Sarah Green et "
        "au nom du HCR par Tomas Ruiz.",
    ],
)
def test_signed_on_behalf_of_organisations_by_people(text):
    _, _, item = parse_news(text)
    assert {(p[1], p[2]) for p in partnerships_of(item)} == {(("IOM", "UNHCR"), "2023-10-02")}
    assert roles_of(item) == {"Sarah Green": None, "Tomas Ruiz": None}


@pytest.mark.parametrize(
    "text",
    [
        "Atelier de formation à Niamey\n\nNiamey, le 15 mars 2024 – Le 12 mars, l'ICMPD a organisé un atelier de "
        "formation sur la fraude documentaire. L'atelier a réuni 60 participants de 20 pays.",
        "Training workshop in Niamey\n\nNiamey, 15 March 2024 – On 12 March, ICMPD organised a training workshop on "
        "document fraud. The workshop brought together 60 participants from 20 countries.",
    ],
)
def test_an_event_noun_that_qualifies_another_is_one_event(text):
    _, _, item = parse_news(text)
    assert events_of(item) == {("2024-03-12", 60, 20)}


@pytest.mark.parametrize(
    "sentence",
    [
        "In March 2022 alone, 45 activities gathered 1,200 participants from the partner countries.",
        "En mars 2022, 45 activités ont réuni 1 200 participants des pays partenaires.",
    ],
)
def test_a_sentence_about_many_events_reports_none_of_them(sentence):
    _, _, item = parse_news("The initiative at a glance\n\nThe initiative has supported partner countries for years. "
                            + sentence)
    assert item.events == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ministers meet in Lusaka\n\nSenior officials gathered in Lusaka from 3 to 5 March 2025 for a review of "
         "border cooperation. On 4 March, UNHCR and SADC signed a memorandum of understanding on refugee data.",
         {("memorandum of understanding", ("SADC", "UNHCR"), "2025-03-04")}),
        ("Réunion à Bamako\n\nLa réunion s'est tenue à Bamako les 12 et 13 février 2024. Le 13 février, l'OIM et la "
         "CEDEAO ont signé un protocole d'accord sur la mobilité de la main-d'œuvre.",
         {("memorandum of understanding", ("ECOWAS", "IOM"), "2024-02-13")}),
    ],
)  # fmt: skip
def test_a_yearless_signing_date_takes_the_year_of_the_latest_full_date_before_it(text, expected):
    _, _, item = parse_news(text)
    assert partnerships_of(item) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Two agreements in Lima\n\nOn 9 May 2023, IOM and the OAS signed a memorandum of understanding on migration "
         "data. The following day, UNHCR and the OAS signed a partnership agreement on asylum systems.",
         {("memorandum of understanding", ("IOM", "OAS"), "2023-05-09"),
          ("partnership agreement", ("OAS", "UNHCR"), "2023-05-10")}),
        ("Deux accords à Dakar\n\nLe 2 juin 2022, l'ICMPD et l'UEMOA ont signé un accord de partenariat sur la "
         "libre circulation. Le même jour, l'OIM et l'Union africaine ont signé un protocole d'accord sur les retours.",
         {("partnership agreement", ("ICMPD", "UEMOA"), "2022-06-02"),
          ("memorandum of understanding", ("AU", "IOM"), "2022-06-02")}),
        ("Deux accords à Tunis\n\nLe 7 octobre 2021, l'OIM et la Ligue des États arabes ont signé un accord de "
         "coopération. Le lendemain, l'ICMPD et l'Organisation arabe du travail ont signé un protocole d'accord.",
         {("partnership agreement", ("IOM", "League of Arab States"), "2021-10-07"),
          ("memorandum of understanding", ("ALO", "ICMPD"), "2021-10-08")}),
    ],
)  # fmt: skip
def test_the_following_day_and_the_same_day_count_from_the_last_date_given(text, expected):
    _, _, item = parse_news(text)
    assert partnerships_of(item) == expected


@pytest.mark.parametrize(
    "sentence, parties",
    [
        ("The Organisation of Eastern Caribbean States and the Pacific Islands Forum signed a memorandum of "
         "understanding on 3 April 2024.", ("OECS", "PIF")),
        ("Cités et Gouvernements Locaux Unis et l'Organisation internationale de la Francophonie ont signé un accord "
         "de partenariat le 3 avril 2024.", ("OIF", "UCLG")),
        ("ONU-Habitat et la CEPAL ont signé un protocole d'accord le 3 avril 2024.", ("ECLAC", "UN-Habitat")),
        ("The Union for the Mediterranean and the Regional Cooperation Council signed a partnership agreement on "
         "3 April 2024.", ("RCC", "UfM")),
    ],
)  # fmt: skip
def test_regional_and_international_organisations_active_in_migration_are_known(sentence, parties):
    _, _, item = parse_news("Agreement\n\n" + sentence)
    assert {p[1] for p in partnerships_of(item)} == {parties}


@pytest.mark.parametrize(
    "sentence, parties",
    [
        # a country's possessive before a ministry belongs to the ministry's name
        ("IOM and Moldova's Ministry of Labour signed a memorandum of understanding on 2 May 2024.",
         ("IOM", "Ministry of Labour of Moldova")),
        # a plural possessive inside a ministry's name
        ("UNHCR and the Ministry of Returnees' Affairs and Social Protection signed a partnership agreement on "
         "2 May 2024.", ("Ministry of Returnees' Affairs and Social Protection", "UNHCR")),
        # "the Ministry ... and the <Named Agency> (ACR)": the acronym names the last one only
        ("On 2 May 2024, the Ministry of Justice of Albania and the European Union Agency for Asylum (EUAA) signed "
         "a working arrangement.", ("EUAA", "Ministry of Justice of Albania")),
        # an acronym with a slash, after a French name with an elided article
        ("Le 2 mai 2024, l'Office national de protection des réfugiés et migrants (ONPRM/AT) et le HCR ont signé "
         "un accord de coopération.", ("Office national de protection des réfugiés et migrants", "UNHCR")),
        # a country named beside the national institution that signs for it is no separate party
        ("Ghana signs agreement with ICMPD\n\nOn 2 May 2024, ICMPD signed a partnership agreement with the "
         "Ministry of Foreign Affairs and Regional Integration.", ("ICMPD", "Ministry of Foreign Affairs and Regional Integration")),
    ],
)  # fmt: skip
def test_institution_names_keep_their_country_and_acronym(sentence, parties):
    text = sentence if "\n" in sentence else "Agreement\n\n" + sentence
    _, _, item = parse_news(text)
    assert {p[1] for p in partnerships_of(item)} == {parties}


def test_a_country_beside_an_institution_of_another_country_stays_a_party():
    _, _, item = parse_news("Agreement\n\nOn 2 May 2024, Ghana signed a memorandum of understanding with the "
                            "Ministry of Interior of Togo.")
    assert {p[1] for p in partnerships_of(item)} == {("GH", "Ministry of Interior of Togo")}


@pytest.mark.parametrize(
    "text, expected",
    [
        # the parties' clause further on: "a memorandum ... on X was signed between A and B"
        ("Agreement\n\nOn 4 June 2024, a memorandum of understanding on skills recognition was signed between the "
         "Ministry of Labour of Ghana and the Ministry of Labour of Togo.",
         {("memorandum of understanding", ("Ministry of Labour of Ghana", "Ministry of Labour of Togo"), "2024-06-04")}),
        # a relative clause names the subject: "the agreement that X concluded with Y"; the later keyword is stated
        ("Agreement\n\nThe new memorandum builds on the partnership agreement that IOM concluded with IGAD in May 2019.",
         {("partnership agreement", ("IGAD", "IOM"), "2019-05")}),
        ("Accord\n\nCe texte complète le protocole d'accord que l'UEMOA avait conclu en 2020 avec l'OIM.",
         {("memorandum of understanding", ("IOM", "UEMOA"), "2020")}),
        # "the two organisations" signed: the parties of the agreement just reported
        ("Agreement\n\nOn 4 June 2024, ICMPD and UNODC signed a memorandum of understanding on smuggling. It follows a "
         "letter of intent signed by the two organisations in Vienna in March 2022.",
         {("memorandum of understanding", ("ICMPD", "UNODC"), "2024-06-04"),
          ("memorandum of understanding", ("ICMPD", "UNODC"), "2022-03")}),
        # an apposition describing a party names no party
        ("Accord\n\nLe 4 juin 2024, l'ICMPD et le Centre africain d'études migratoires (CAEM), institution de l'Union "
         "africaine basée à Bamako, ont signé un protocole d'accord.",
         {("memorandum of understanding", ("Centre africain d'études migratoires", "ICMPD"), "2024-06-04")}),
    ],
)  # fmt: skip
def test_the_parties_of_an_agreement_are_read_from_the_clause_that_names_them(text, expected):
    _, _, item = parse_news(text)
    assert partnerships_of(item) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "the Commission" refers back to the organisation named before whose name ends with that word
        ("Agreement\n\nIn March 2020 the IGAD Secretariat hosted a regional meeting on labour mobility. The "
         "Secretariat went on to sign a partnership agreement with ILO in April 2020.",
         {("partnership agreement", ("IGAD", "ILO"), "2020-04")}),
        ("Accord\n\nLa Commission de la CEDEAO a accueilli la réunion en mai 2021. La Commission a ensuite signé un "
         "accord de coopération avec l'OIM en juin 2021.",
         {("partnership agreement", ("ECOWAS", "IOM"), "2021-06")}),
    ],
)  # fmt: skip
def test_a_short_reference_to_an_organisation_named_before_is_that_organisation(text, expected):
    _, _, item = parse_news(text)
    assert partnerships_of(item) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The memorandum was signed by Ana Ruiz, Director of IOM Madrid, and Pedro Gil, Head of ICMPD Spain, in the "
        "presence of Luis Mora, Director of the UNHCR Office.",
        "Le mémorandum a été signé par Ana Ruiz, directrice de l'OIM, et Pedro Gil, chef de l'ICMPD, en présence de "
        "Luis Mora, directeur du HCR.",
    ],
)
def test_those_in_whose_presence_an_agreement_was_signed_are_no_parties(sentence):
    _, _, item = parse_news("Agreement signed\n\n" + sentence)
    assert partnerships_of(item) == {("memorandum of understanding", ("ICMPD", "IOM"), None)}


@pytest.mark.parametrize(
    "sentence, participants, countries",
    [
        ("On 3 and 4 June 2024, the workshop in Accra brought together forty-six delegates from twenty-one countries.",
         46, 21),
        ("Les 3 et 4 juin 2024, l'atelier de Lomé a réuni soixante-quinze participants venus de vingt et un pays.",
         75, 21),
        ("Les 3 et 4 juin 2024, le séminaire de Dakar a réuni quatre-vingt-douze participants de trente-deux pays.",
         92, 32),
    ],
)  # fmt: skip
def test_counts_written_as_compound_number_words(sentence, participants, countries):
    _, _, item = parse_news("Workshop\n\n" + sentence)
    assert {(e.participants, e.countries) for e in item.events} == {(participants, countries)}


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        ("The workshop was opened by Rosa Tembo, Commissioner in charge of Trade, Industry and Labour of COMESA.",
         "Rosa Tembo", "Commissioner in charge of Trade, Industry and Labour"),
        ("L'atelier a été ouvert par Mme Rose Tembo, commissaire à l'Emploi, aux Migrations et à la Protection sociale "
         "du COMESA, et par M. Paul Ndiaye.", "Rose Tembo", "commissaire à l'Emploi, aux Migrations et à la Protection sociale"),
    ],
)  # fmt: skip
def test_a_role_title_keeps_its_list_of_portfolios(sentence, name, role):
    _, _, item = parse_news("Workshop opened\n\n" + sentence)
    assert roles_of(item)[name] == role


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("The meeting was chaired by Ghana's Minister of Employment and Social Security Ama Boateng.", "Ama Boateng"),
        ("La réunion était présidée par le ministre de la Fonction publique et du Travail Moussa Traoré.", "Moussa Traoré"),
    ],
)  # fmt: skip
def test_the_last_word_of_a_role_before_a_name_is_not_part_of_the_name(sentence, name):
    _, _, item = parse_news("Meeting\n\n" + sentence)
    assert name in roles_of(item)


@pytest.mark.parametrize(
    "sentence, name, role",
    [
        ("“This helps us,” said Amadou N’Diaye, ECOWAS Commissioner for Trade and Customs.", "Amadou N'Diaye",
         "Commissioner for Trade and Customs"),
        ("Petra Novak, a senior inspector with Slovenia’s Labour Inspectorate, presented case files.", "Petra Novak",
         "senior inspector"),
        ("“We are ready,” said Lajos Kiss, Hungary’s Deputy State Secretary for Migration.", "Lajos Kiss",
         "Deputy State Secretary for Migration"),
        ("“We are ready,” said Marta Ruiz, Head of the Language School of the Coast Guard Corps, at the opening.",
         "Marta Ruiz", "Head of the Language School"),
        ("« Nous continuerons », a indiqué Sophie Martin, chargée de mission au Secrétariat du Dialogue MTM à l’ICMPD.",
         "Sophie Martin", "chargée de mission"),
        ("Jean Dupont, commissaire à la Santé et aux Affaires sociales de l'UA, a ouvert la séance.", "Jean Dupont",
         "commissaire à la Santé et aux Affaires sociales"),
        ("“We are ready,” said Marta Ruiz, Vice Minister of Labour and Social Protection of the Population.",
         "Marta Ruiz", "Vice Minister of Labour and Social Protection of the Population"),
    ],
)  # fmt: skip
def test_a_role_title_stops_at_its_workplace_owner_or_parent_institution(sentence, name, role):
    _, _, item = parse_news("Meeting news\n\n" + sentence + " The meeting was held on 3 May 2024 in Bamako, Mali.")
    assert roles_of(item)[name] == role


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Border officers trained in Lusaka\n\nTwenty-four officers of the Zambian police have completed a week-long "
         "course on forged passports. The course, held in Lusaka from 3 to 7 June 2024, was funded by the EU. "
         "Over five days, the participants worked with two trainers from Frontex.", {("2024-06-03/2024-06-07", 24, None)}),
        ("Des agents formés à Niamey\n\nQuarante agents de la police nigérienne ont achevé une formation sur les "
         "faux documents. La formation, organisée à Niamey du 3 au 7 juin 2024, était financée par l'UE.",
         {("2024-06-03/2024-06-07", 40, None)}),
    ],
)  # fmt: skip
def test_a_lede_count_before_the_sentence_that_names_the_event_is_its_participants(text, expected):
    _, _, item = parse_news(text)
    assert events_of(item) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Labour inspectors trained in Windhoek\n\nWINDHOEK, 14 March 2024 – Eighteen officials completed a "
         "three-day workshop on fair recruitment in Windhoek today. The workshop was held from 12 to 14 March 2024. "
         "On the sidelines of the workshop, the project team met yesterday with the labour ministry to plan the "
         "next phase.", {("2024-03-12/2024-03-14", 18, None), ("2024-03-13", None, None)}),
        ("Atelier de formation à Bamako\n\nBamako, le 14 mars 2024 – Dix-huit inspecteurs ont achevé aujourd'hui un "
         "atelier de trois jours sur le recrutement équitable. L'atelier s'est tenu du 12 au 14 mars 2024. En marge "
         "de l'atelier, l'équipe du projet a rencontré hier le ministère du Travail pour préparer la suite.",
         {("2024-03-12/2024-03-14", 18, None), ("2024-03-13", None, None)}),
        ("Partnership signed in Lomé\n\nLOMÉ, 10 October 2024 – The meeting of the working group took place on "
         "8 and 9 October 2024 in Lomé. The next day, 10 October, IOM and ECOWAS signed a memorandum of "
         "understanding at a ceremony held at the ECOWAS office.",
         {("2024-10-08/2024-10-09", None, None), ("2024-10-10", None, None)}),
        ("Partnership signed in Lomé\n\nLOMÉ, 12 October 2024 – The meeting of the working group took place on "
         "8 and 9 October 2024 in Lomé. IOM and ECOWAS also signed a memorandum of understanding, at a brief "
         "ceremony in Accra on 10 October.",
         {("2024-10-08/2024-10-09", None, None), ("2024-10-10", None, None)}),
    ],
)  # fmt: skip
def test_a_meeting_on_the_sidelines_and_a_ceremony_of_another_day_are_events_of_their_own(text, expected):
    _, _, item = parse_news(text)
    assert events_of(item) == expected
