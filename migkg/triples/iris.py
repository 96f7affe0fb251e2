"""Deterministic IRIs: the same input always gives the same IRI.

>>> slug("Burundi II: Migration and Development")
'burundi-ii-migration-and-development'
>>> slug("Côte d’Ivoire")
'cote-d-ivoire'
>>> str(mint("action", "Burundi II: Migration and Development", base="https://example.org/kg/"))
'<https://example.org/kg/id/action/burundi-ii-migration-and-development>'
>>> str(concept("theme", "trafficking in human beings"))
'<https://w3id.org/migkg/vocab/theme/trafficking-in-human-beings>'
>>> str(country_iri("BI"))
'<http://publications.europa.eu/resource/authority/country/BDI>'
"""

import hashlib
import os
import re
import unicodedata

import pycountry
from pyoxigraph import NamedNode

from migkg.errors import UsageProblem
from migkg.triples.namespaces import COUNTRY_BASE, DEFAULT_BASE_IRI, VOCAB_BASE

#: the kinds of resource the loaders mint, each the path segment after {base}id/
KINDS = frozenset(
    """action activity programme project organisation region place person dialogue meeting
    event partnership expert-deployment output document news evidence""".split()
)

#: concept schemes shipped in migkg/ontology/vocabularies.ttl
SCHEMES = frozenset(
    """theme activity-kind organisation-kind role expert-origin output-kind partnership-kind
    meeting-kind""".split()
)


def base_iri() -> str:
    """The base of minted IRIs: MIGKG_BASE_IRI, or the project default; always ends with '/'."""
    base = os.environ.get("MIGKG_BASE_IRI", DEFAULT_BASE_IRI)
    return base if base.endswith("/") else base + "/"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-', accents and punctuation dropped."""
    if text.isascii():
        unaccented = text  # nothing to decompose
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        unaccented = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _NOT_SLUG.sub("-", unaccented.lower()).strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def mint(kind: str, key: str, *, base: str | None = None) -> NamedNode:
    """The IRI of a resource of `kind` whose identifying text is `key` ({base}id/{kind}/{slug})."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of resource {kind!r}; expected one of {sorted(KINDS)}")
    key_slug = slug(key)
    if not key_slug:
        key_slug = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return NamedNode(f"{base or base_iri()}id/{kind}/{key_slug}")


def hashed(kind: str, *parts: str, base: str | None = None) -> NamedNode:
    """The IRI of a resource identified by several parts (evidence, deployments): a short hash of them."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return mint(kind, digest, base=base)


def concept(scheme: str, english_label: str) -> NamedNode:
    """The IRI of a concept of one of the shipped schemes, from its English preferred label."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown concept scheme {scheme!r}; expected one of {sorted(SCHEMES)}")
    return NamedNode(f"{VOCAB_BASE}{scheme}/{slug(english_label)}")


def scheme_iri(scheme: str) -> NamedNode:
    """The IRI of a shipped concept scheme."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown concept scheme {scheme!r}; expected one of {sorted(SCHEMES)}")
    return NamedNode(f"{VOCAB_BASE}{scheme}")


def country_iri(code: str) -> NamedNode:
    """The EU Publications Office IRI of a country from its ISO 3166-1 alpha-2 or alpha-3 code.

    :raises UsageProblem: the code is not an ISO 3166-1 code.
    """
    country = None
    if isinstance(code, str) and len(code) in (2, 3) and code.isalpha():
        country = pycountry.countries.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code.upper()})
    if country is None:
        raise UsageProblem(f"{code!r} is not an ISO 3166-1 country code (e.g. BI or BDI)")
    return NamedNode(COUNTRY_BASE + country.alpha_3)


def country_code(iri: NamedNode | str) -> str | None:
    """The ISO 3166-1 alpha-2 code of an EU country IRI, or None if it is not one."""
    value = iri.value if isinstance(iri, NamedNode) else str(iri).strip("<>")
    if not value.startswith(COUNTRY_BASE):
        return None
    country = pycountry.countries.get(alpha_3=value[len(COUNTRY_BASE):])
    return country.alpha_2 if country else None
