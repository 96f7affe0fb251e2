"""The country table graph: every ISO 3166-1 country from pycountry, English and French labels.

Each country is its EU Publications Office IRI, typed mkg:Country, with `rdfs:label` @en and
@fr (the short common name where ISO gives one, e.g. "Bolivia"), the ISO names that differ from
it as `skos:altLabel`, `mkg:countryCode` (alpha-2) and `skos:notation` (alpha-3).
French names come from the gettext catalogue pycountry ships (iso3166-1, locale fr).
"""

import gettext
import hashlib

import pycountry
from pyoxigraph import Literal, Quad

from migkg.triples.iris import country_iri
from migkg.triples.namespaces import MKG, RDF, RDFS, SKOS
from migkg.triples.store import COUNTRIES_GRAPH


def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _names(country) -> list[str]:
    """The country's ISO names, preferred first: common name, short name, official name."""
    names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
    return list(dict.fromkeys(name for name in names if name))


def country_quads() -> list[Quad]:
    """The quads of the country table, all in COUNTRIES_GRAPH."""
    french = _french()
    quads = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iri = country_iri(country.alpha_3)
        triples = [
            (RDF.type, MKG.Country),
            (MKG.countryCode, Literal(country.alpha_2)),
            (SKOS.notation, Literal(country.alpha_3)),
        ]
        for language, names in (("en", _names(country)), ("fr", [french.gettext(n) for n in _names(country)])):
            names = list(dict.fromkeys(names))
            triples.append((RDFS.label, Literal(names[0], language=language)))
            triples += [(SKOS.altLabel, Literal(name, language=language)) for name in names[1:]]
        quads += [Quad(iri, predicate, obj, COUNTRIES_GRAPH) for predicate, obj in triples]
    return quads


def checksum(quads: list[Quad]) -> str:
    """sha256 hex of the table's N-Quads, sorted: it changes exactly when the table does."""
    text = "\n".join(sorted(str(quad) for quad in quads))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
