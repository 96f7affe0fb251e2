"""A deterministic generator of benchmark data in this domain's shape.

`rdf(triples)` writes N-Quads shaped like what the loaders produce (Actions with activities,
experts, themes, outputs and evidence; organisations; news items with mentions), one named
graph per synthetic document. `documents(n)` writes loader inputs in the three forms: action
catalogues, RSS feeds and articles, in English and French. Same arguments, same bytes.
"""

import argparse
import random
from pathlib import Path

import pycountry

MKG = "https://w3id.org/migkg/ontology#"
ID = "https://w3id.org/migkg/id/"
VOCAB = "https://w3id.org/migkg/vocab/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"

THEMES = [
    "border management", "document security", "irregular migration", "trafficking in human beings",
    "smuggling of migrants", "migration and development", "diaspora engagement", "remittances",
    "labour migration", "legal migration", "asylum and international protection",
    "migration legislation", "migration policy", "migration data", "return and reintegration",
]
KINDS = ["fact-finding mission", "seminar", "workshop", "training", "study visit", "drafting session",
         "information session", "conference"]
CLASS_OF_KIND = {"fact-finding mission": "Mission", "seminar": "Seminar", "workshop": "Workshop",
                 "training": "Training", "study visit": "StudyVisit", "drafting session": "DraftingSession",
                 "information session": "InformationSession", "conference": "Conference"}
ORGANISATIONS = ["ICMPD", "IOM", "UNHCR", "UNODC", "EUROPOL", "FRONTEX", "OSCE", "ECOWAS", "COMESA", "ILO"]
DIALOGUES = ["Rabat Process", "Prague Process", "Khartoum Process", "Budapest Process"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
ROMAN = ["", " I", " II", " III", " IV"]


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class _Writer:
    """Counts triples while writing N-Quads lines."""

    def __init__(self, handle):
        self.handle = handle
        self.count = 0

    def quad(self, s: str, p: str, o: str, g: str) -> None:
        self.handle.write(f"<{s}> <{p}> {o} <{g}> .\n")
        self.count += 1


def _countries() -> list:
    return sorted(pycountry.countries, key=lambda c: c.alpha_2)


def rdf(triples: int, out: Path, *, seed: int = 7) -> int:
    """Write about `triples` quads of synthetic graph data to `out` (N-Quads); returns the count."""
    rng = random.Random(seed)
    countries = _countries()
    with out.open("w", encoding="utf-8") as handle:
        writer = _Writer(handle)
        for country in countries:
            iri = COUNTRY + country.alpha_3
            graph = "https://w3id.org/migkg/graph/countries"
            writer.quad(iri, RDF_TYPE, f"<{MKG}Country>", graph)
            writer.quad(iri, RDFS_LABEL, _lit(country.name, "en"), graph)
            writer.quad(iri, MKG + "countryCode", _lit(country.alpha_2), graph)
        for theme in THEMES:
            writer.quad(VOCAB + "theme/" + _slug(theme), "http://www.w3.org/2004/02/skos/core#prefLabel",
                        _lit(theme, "en"), "https://w3id.org/migkg/vocab/")
        for name in ORGANISATIONS:
            iri = ID + "organisation/" + _slug(name)
            writer.quad(iri, RDF_TYPE, f"<{MKG}InternationalOrganisation>", "https://w3id.org/migkg/graph/orgs")
            writer.quad(iri, RDFS_LABEL, _lit(name, "en"), "https://w3id.org/migkg/graph/orgs")
            writer.quad(iri, MKG + "acronym", _lit(name), "https://w3id.org/migkg/graph/orgs")
        n = 0
        while writer.count < triples:
            document = f"{ID}document/synthetic-{n // 50:05d}"
            if n % 50 == 0:
                writer.quad(document, RDF_TYPE, f"<{MKG}SourceDocument>", document)
                writer.quad(document, MKG + "loader", _lit("catalogue"), document)
            if n % 5 == 4:
                _news(writer, rng, n, document, countries)
            else:
                _action(writer, rng, n, document, countries)
            n += 1
    return writer.count


def _action(writer: _Writer, rng: random.Random, n: int, document: str, countries: list) -> None:
    country = rng.choice(countries)
    theme = rng.choice(THEMES)
    title = f"{country.name}{ROMAN[n % 5]}: {theme.capitalize()} {n}"
    action = ID + "action/" + _slug(title)
    start_year = rng.randint(2009, 2024)
    start_month = rng.randint(1, 12)
    q = writer.quad
    q(action, RDF_TYPE, f"<{MKG}Action>", document)
    q(action, DCT + "title", _lit(title, "en"), document)
    q(action, RDFS_LABEL, _lit(title, "en"), document)
    q(action, MKG + "beneficiary", f"<{COUNTRY}{country.alpha_3}>", document)
    for t in {theme, rng.choice(THEMES)}:
        q(action, MKG + "theme", f"<{VOCAB}theme/{_slug(t)}>", document)
    q(action, MKG + "startDate", _lit(f"{start_year}-{start_month:02d}", datatype=XSD + "gYearMonth"), document)
    ongoing = rng.random() < 0.3
    q(action, MKG + "ongoing", _lit("true" if ongoing else "false", datatype=XSD + "boolean"), document)
    if not ongoing:
        q(action, MKG + "endDate", _lit(f"{start_year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}", datatype=XSD + "gYearMonth"), document)
    q(action, MKG + "objective", _lit(f"Support {country.name} in {theme} through peer-to-peer assistance.", "en"), document)
    q(action, MKG + "summary", _lit(f"A series of activities on {theme} in {country.name}, number {n}.", "en"), document)
    for k in range(rng.randint(2, 4)):
        kind = rng.choice(KINDS)
        activity = f"{ID}activity/{_slug(title)}-{k + 1}"
        q(action, MKG + "hasActivity", f"<{activity}>", document)
        q(activity, RDF_TYPE, f"<{MKG}{CLASS_OF_KIND[kind]}>", document)
        q(activity, MKG + "partOfAction", f"<{action}>", document)
        q(activity, MKG + "activityKind", f"<{VOCAB}activity-kind/{_slug(kind)}>", document)
        q(activity, RDFS_LABEL, _lit(f"{kind}, {MONTHS_EN[start_month - 1]} {start_year}", "en"), document)
        q(activity, MKG + "startDate", _lit(f"{start_year}-{start_month:02d}-{rng.randint(1, 28):02d}", datatype=XSD + "date"), document)
        q(activity, MKG + "participantCount", _lit(str(rng.randint(8, 120)), datatype=XSD + "integer"), document)
    deployment = f"{ID}expert-deployment/{_slug(title)}-1"
    q(action, MKG + "expertDeployment", f"<{deployment}>", document)
    q(deployment, RDF_TYPE, f"<{MKG}ExpertDeployment>", document)
    origin = rng.choice(countries)
    q(deployment, MKG + "expertOrigin", f"<{COUNTRY}{origin.alpha_3}>", document)
    evidence = f"{ID}evidence/{_slug(title)}-start"
    q(action, MKG + "evidence", f"<{evidence}>", document)
    q(evidence, RDF_TYPE, f"<{MKG}Evidence>", document)
    q(evidence, MKG + "evidenceProperty", f"<{MKG}startDate>", document)
    q(evidence, OA + "hasSource", f"<{document}>", document)
    q(evidence, OA + "hasSelector", f"<{evidence}/selector>", document)
    q(evidence + "/selector", OA + "exact", _lit(f"Duration: {MONTHS_EN[start_month - 1]} {start_year}present"), document)


def _news(writer: _Writer, rng: random.Random, n: int, document: str, countries: list) -> None:
    dialogue = rng.choice(DIALOGUES)
    country = rng.choice(countries)
    item = f"{ID}news/synthetic-{n}"
    title = f"Project News: {dialogue} meeting in {country.name} ({n})"
    q = writer.quad
    q(item, RDF_TYPE, f"<{MKG}NewsItem>", document)
    q(item, DCT + "title", _lit(title, "en"), document)
    q(item, DCT + "issued", _lit(f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", datatype=XSD + "date"), document)
    q(item, MKG + "category", _lit("Project News"), document)
    q(item, MKG + "link", _lit(f"https://example.org/news/{n}", datatype=XSD + "anyURI"), document)
    q(item, MKG + "mentions", f"<{ID}dialogue/{_slug(dialogue)}>", document)
    q(item, MKG + "mentions", f"<{COUNTRY}{country.alpha_3}>", document)
    q(item, MKG + "mentions", f"<{ID}organisation/{_slug(rng.choice(ORGANISATIONS))}>", document)
    q(ID + "dialogue/" + _slug(dialogue), RDF_TYPE, f"<{MKG}MigrationDialogue>", document)
    q(ID + "dialogue/" + _slug(dialogue), RDFS_LABEL, _lit(dialogue, "en"), document)


def documents(count: int, out_dir: Path, *, seed: int = 11) -> list[Path]:
    """Write `count` loader inputs (catalogues, RSS feeds, English and French articles) to `out_dir`."""
    rng = random.Random(seed)
    countries = _countries()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        form = n % 4
        if form == 0:
            path, text = out_dir / f"g{n:05d}_catalogue.txt", _catalogue(rng, countries)
        elif form == 1:
            path, text = out_dir / f"g{n:05d}_feed.xml", _feed(rng, countries, n)
        elif form == 2:
            path, text = out_dir / f"g{n:05d}_article_en.txt", _article_en(rng, countries)
        else:
            path, text = out_dir / f"g{n:05d}_article_fr.txt", _article_fr(rng, countries)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


PLACES = ["the capital", "the main port city", "the border region", "the national police academy", "the ministry"]
BODIES = ["Ministry of Interior", "Ministry of Foreign Affairs", "Ministry of Labour", "Directorate of Immigration",
          "National Police", "Department of Border Control", "National Agency for Employment"]
OUTPUTS = ["a national strategy on {theme}", "an action plan on {theme}", "a handbook for front-line officers",
           "an assessment report on {theme}", "a training curriculum on {theme}", "draft legislation on {theme}"]
VERBS_PAST = ["took place", "was held", "was organised"]


def _date(rng: random.Random, year: int) -> str:
    """A date as catalogues write them: a day, a day range, or a month."""
    month = MONTHS_EN[rng.randint(0, 11)]
    form = rng.random()
    if form < 0.4:
        return f"{rng.randint(1, 28)} {month} {year}"
    if form < 0.7:
        first = rng.randint(1, 25)
        return f"{first}-{first + rng.randint(1, 3)} {month} {year}"
    return f"{month} {year}"


def _summary_sentences(rng: random.Random, countries: list, country, theme: str, year: int) -> list[str]:
    """The sentences of one Action's summary: activities with dates and places, experts, partners, outputs."""
    origin, other = rng.choice(countries), rng.choice(countries)
    sentences = [
        f"At the request of the {rng.choice(BODIES)} of {country.name}, a {rng.choice(KINDS)} "
        f"{rng.choice(VERBS_PAST)} in {rng.choice(PLACES)} on {_date(rng, year)}.",
        f"The {rng.choice(KINDS)} gathered {rng.randint(12, 90)} participants from {rng.randint(3, 12)} institutions "
        f"and looked at current practice in {theme}, the gaps identified and the steps to close them.",
        f"Experts from the {origin.name} and {other.name} national administrations were deployed, "
        f"in cooperation with {rng.choice(ORGANISATIONS)}.",
        f"A second {rng.choice(KINDS)} {rng.choice(VERBS_PAST)} in {_date(rng, year + 1)} and helped the working group "
        f"to draft {rng.choice(OUTPUTS).format(theme=theme)}.",
    ]
    for _ in range(rng.randint(1, 4)):
        sentences.append(rng.choice([
            f"A {rng.choice(KINDS)} will be organised in {MONTHS_EN[rng.randint(0, 11)]} {year + 2} to present the results.",
            f"The {rng.choice(BODIES)} validated {rng.choice(OUTPUTS).format(theme=theme)} in {_date(rng, year + 1)}.",
            f"Officials of {country.name} shared their experience of {rng.choice(THEMES)} with their counterparts from "
            f"{rng.choice(countries).name} during a {rng.choice(KINDS)} held on {_date(rng, year + 1)}.",
            f"The action was implemented together with {rng.choice(ORGANISATIONS)} and the {rng.choice(DIALOGUES)}.",
            f"Some {rng.randint(8, 40)} officers took part in the {rng.choice(KINDS)}, which {rng.choice(VERBS_PAST)} "
            f"in {rng.choice(PLACES)}.",
        ]))
    return sentences


def _catalogue(rng: random.Random, countries: list) -> str:
    """A catalogue of 25 to 40 Actions, about as long as a real one (40-50 KB)."""
    entries = ["Synthetic region\n"]
    for k in range(rng.randint(25, 40)):
        country = rng.choice(countries)
        theme = rng.choice(THEMES)
        y = rng.randint(2009, 2022)
        m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
        end = "present" if rng.random() < 0.3 else f"{MONTHS_EN[m2 - 1]} {y + 2}"
        objective = (f"The action supports the authorities of {country.name} in the field of {theme}, "
                     f"and in particular the {rng.choice(BODIES)} in {rng.choice(THEMES)}. "
                     f"It aims to strengthen the capacity of the institutions in charge to design and implement "
                     f"policies in line with international standards.")
        summary = " ".join(_summary_sentences(rng, countries, country, theme, y))
        gap = "\n" if rng.random() < 0.2 else " "  # "Duration:" followed by a line break, as in real catalogues
        entries.append(
            f"{country.name}{ROMAN[k % 5]}: {theme.capitalize()}\n\n"
            f"Objective: {objective}\n\n"
            f"Summary: {summary}\n\n"
            f"Duration:{gap}{MONTHS_EN[m1 - 1]} {y}{end}\n\n\u00a0\n"
        )
    return "\n".join(entries)


def _news_paragraphs(rng: random.Random, countries: list, dialogue: str, country, day: int, month: int, year: int) -> list[str]:
    """The body of one news item: three to five paragraphs, 2-4 KB in all, as real items are."""
    organisation = rng.choice(ORGANISATIONS)
    paragraphs = [
        f"The {dialogue} held a thematic meeting in {country.name} on {day} {MONTHS_EN[month - 1]} {year}, gathering "
        f"{rng.randint(20, 120)} participants from {rng.randint(5, 40)} countries together with {organisation}. "
        f"The meeting was co-chaired by {country.name} and {rng.choice(countries).name}.",
        f"Discussions focused on {rng.choice(THEMES)} and {rng.choice(THEMES)}, and on the ways the partner countries "
        f"can work together on {rng.choice(THEMES)}. Representatives of the {rng.choice(BODIES)} of {country.name} "
        f"presented the national strategy adopted in {MONTHS_EN[rng.randint(0, 11)]} {year - 1}.",
        f"{organisation} and {rng.choice(ORGANISATIONS)} signed a memorandum of understanding on the margins of the "
        f"meeting, to cooperate on {rng.choice(THEMES)} and {rng.choice(THEMES)}. The next meeting of the {dialogue} "
        f"will take place in {rng.choice(countries).name} in {MONTHS_EN[rng.randint(0, 11)]} {year + 1}.",
    ]
    for _ in range(rng.randint(4, 8)):
        paragraphs.append(rng.choice([
            f"Experts from {rng.choice(countries).name} and {rng.choice(countries).name} shared their experience with "
            f"their counterparts, and a workshop on {rng.choice(THEMES)} was organised on {rng.randint(1, 28)} "
            f"{MONTHS_EN[rng.randint(0, 11)]} {year}.",
            f"The {dialogue} brings together countries of origin, transit and destination along the migration routes, "
            f"and its secretariat is run by ICMPD with the support of the European Union.",
            f"A study visit to {rng.choice(countries).name} followed in {MONTHS_EN[rng.randint(0, 11)]} {year}, "
            f"where {rng.randint(8, 30)} officials looked at {rng.choice(THEMES)} in practice.",
            f"The participants adopted conclusions on {rng.choice(THEMES)}, which will feed into the action plan of "
            f"the {dialogue} and the work of {rng.choice(ORGANISATIONS)} in the region.",
        ]))
    return paragraphs


def _feed(rng: random.Random, countries: list, n: int) -> str:
    """An RSS 2.0 feed of 8 to 12 items, each with a full HTML body (30-45 KB, like a real feed)."""
    items = []
    for k in range(rng.randint(8, 12)):
        dialogue = rng.choice(DIALOGUES)
        country = rng.choice(countries)
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2024)
        body = "".join(f"&lt;p&gt;{paragraph}&lt;/p&gt;\n" for paragraph in
                       _news_paragraphs(rng, countries, dialogue, country, day, month, year))
        items.append(
            f"<item><title>Project News: {dialogue} meets in {country.name}</title>"
            f"<link>https://example.org/news/{n}-{k}</link>"
            f"<description>{body}</description>"
            f"<pubDate>Mon, {day:02d} {MONTHS_EN[month - 1][:3]} {year} 10:00:00 +0200</pubDate></item>\n"
        )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>News</title>'
            "<link>https://example.org/</link><description>Synthetic news</description>\n"
            + "".join(items) + "</channel></rss>\n")


def _article_en(rng: random.Random, countries: list) -> str:
    """A press release in English, 2-4 KB."""
    a, b = rng.sample(ORGANISATIONS, 2)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2024)
    country = rng.choice(countries)
    dialogue = rng.choice(DIALOGUES)
    lead = (f"{a} signed a memorandum of understanding with {b} on {day} {MONTHS_EN[month - 1]} {year} "
            f"in {country.name}. The two organisations will cooperate on {rng.choice(THEMES)} and "
            f"{rng.choice(THEMES)}.")
    paragraphs = [lead] + _news_paragraphs(rng, countries, dialogue, country, day, month, year)[1:]
    return f"{a} and {b} sign a memorandum of understanding\n\n" + "\n\n".join(paragraphs) + \
        f"\n\nThe {dialogue} welcomed the agreement.\n"


def _article_fr(rng: random.Random, countries: list) -> str:
    """A press release in French, about 2 KB."""
    a, b = rng.sample(ORGANISATIONS, 2)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2024)
    sentences = [
        f"{a} a signé un protocole d'accord avec {b} le {day} {MONTHS_FR[month - 1]} {year}.",
        "La coopération portera sur le renforcement des capacités et les dialogues sur les migrations.",
        f"Les deux organisations organiseront un atelier sur la gestion des frontières en {MONTHS_FR[rng.randint(0, 11)]} {year + 1}.",
        f"Le directeur général de {a} a rappelé que la coopération entre les deux organisations a commencé en {year - 3}.",
        f"Des experts de la France et du Sénégal ont participé à une réunion technique le {rng.randint(1, 28)} "
        f"{MONTHS_FR[rng.randint(0, 11)]} {year}, avec {rng.randint(20, 80)} participants de {rng.randint(5, 20)} pays.",
        "Le Processus de Rabat réunit les pays d'origine, de transit et de destination des routes migratoires "
        "d'Afrique de l'Ouest, d'Afrique centrale et d'Afrique du Nord et les pays européens.",
        f"Une visite d'étude au Maroc est prévue en {MONTHS_FR[rng.randint(0, 11)]} {year + 1} pour les agents de "
        "la police des frontières et du ministère de l'Intérieur.",
        "Le protocole prévoit aussi des échanges de données sur les migrations et des formations communes.",
        f"Selon {b}, plus de {rng.randint(200, 900)} agents ont été formés depuis {year - 2} dans le cadre de ce "
        "partenariat, en particulier sur la lutte contre la traite des êtres humains.",
        f"La prochaine réunion du comité de pilotage aura lieu à Dakar le {rng.randint(1, 28)} "
        f"{MONTHS_FR[rng.randint(0, 11)]} {year + 1}, en présence des représentants de la CEDEAO et de l'OIM.",
        "Les partenaires ont également examiné les résultats de l'évaluation à mi-parcours du projet et les "
        "recommandations adoptées lors du dernier atelier régional sur la migration de main-d'œuvre.",
    ]
    rng.shuffle(sentences[2:])
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    return (f"{a} et {b} signent un protocole d'accord\n\n" + "\n\n".join(paragraphs) +
            "\n\nLe Processus de Rabat a salué cet accord.\n")


def main() -> None:
    """`python -m bench.generate rdf 100000 out.nq` or `python -m bench.generate documents 200 DIR`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("rdf")
    r.add_argument("triples", type=float)
    r.add_argument("out", type=Path)
    d = sub.add_parser("documents")
    d.add_argument("count", type=int)
    d.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.what == "rdf":
        print(rdf(int(args.triples), args.out), "quads written to", args.out)
    else:
        print(len(documents(args.count, args.out)), "documents written to", args.out)


if __name__ == "__main__":
    main()
