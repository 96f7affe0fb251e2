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


def _catalogue(rng: random.Random, countries: list) -> str:
    entries = ["Synthetic region\n"]
    for k in range(rng.randint(4, 10)):
        country = rng.choice(countries)
        theme = rng.choice(THEMES)
        y = rng.randint(2009, 2022)
        m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
        kind = rng.choice(KINDS)
        origin = rng.choice(countries)
        end = "present" if rng.random() < 0.3 else f"{MONTHS_EN[m2 - 1]} {y + 2}"
        entries.append(
            f"{country.name}{ROMAN[k % 5]}: {theme.capitalize()}\n\n"
            f"Objective: The action supports the authorities of {country.name} in the field of {theme}.\n\n"
            f"Summary: A {kind} took place in {MONTHS_EN[m1 - 1]} {y}. Experts from the "
            f"{origin.name} national administration were deployed for this action. "
            f"A workshop will be organised to draft a national strategy.\n\n"
            f"Duration: {MONTHS_EN[m1 - 1]} {y}{end}\n\n\u00a0\n"
        )
    return "\n".join(entries)


def _feed(rng: random.Random, countries: list, n: int) -> str:
    items = []
    for k in range(rng.randint(3, 6)):
        dialogue = rng.choice(DIALOGUES)
        country = rng.choice(countries)
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2024)
        items.append(
            f"<item><title>Project News: {dialogue} meets in {country.name}</title>"
            f"<link>https://example.org/news/{n}-{k}</link>"
            f"<description>&lt;p&gt;The {dialogue} held a thematic meeting in {country.name} on "
            f"{day} {MONTHS_EN[month - 1]} {year}, gathering {rng.randint(20, 120)} participants from "
            f"{rng.randint(5, 40)} countries together with {rng.choice(ORGANISATIONS)}.&lt;/p&gt;</description>"
            f"<pubDate>Mon, {day:02d} {MONTHS_EN[month - 1][:3]} {year} 10:00:00 +0200</pubDate></item>"
        )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>News</title>'
            "<link>https://example.org/</link><description>Synthetic news</description>"
            + "".join(items) + "</channel></rss>\n")


def _article_en(rng: random.Random, countries: list) -> str:
    a, b = rng.sample(ORGANISATIONS, 2)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2024)
    country = rng.choice(countries)
    return (f"{a} and {b} sign a memorandum of understanding\n\n"
            f"{a} signed a memorandum of understanding with {b} on {day} {MONTHS_EN[month - 1]} {year} "
            f"in {country.name}. The two organisations will cooperate on {rng.choice(THEMES)} and "
            f"{rng.choice(THEMES)}.\n\nThe {rng.choice(DIALOGUES)} welcomed the agreement.\n")


def _article_fr(rng: random.Random, countries: list) -> str:
    a, b = rng.sample(ORGANISATIONS, 2)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2012, 2024)
    return (f"{a} et {b} signent un protocole d'accord\n\n"
            f"{a} a signé un protocole d'accord avec {b} le {day} {MONTHS_FR[month - 1]} {year}. "
            f"La coopération portera sur le renforcement des capacités et les dialogues sur les migrations.\n\n"
            f"Le Processus de Rabat a salué cet accord.\n")


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
