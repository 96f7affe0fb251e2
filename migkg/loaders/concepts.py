"""The shipped concept schemes' labels (migkg/ontology/vocabularies.ttl), for matching words to concepts."""

from functools import cache
from importlib import resources

import pyoxigraph

from migkg.triples.namespaces import SKOS, VOCAB_BASE


@cache
def _concepts() -> dict[str, dict[str, tuple[str, ...]]]:
    """scheme -> English prefLabel -> every label (pref and alt, English and French)."""
    path = resources.files("migkg.ontology").joinpath("vocabularies.ttl")
    if not path.is_file():
        return {}
    schemes: dict[str, dict[str, list[str]]] = {}
    pref: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    scheme_of: dict[str, str] = {}
    for triple in pyoxigraph.parse(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE):
        subject = triple.subject.value if isinstance(triple.subject, pyoxigraph.NamedNode) else None
        if subject is None or not subject.startswith(VOCAB_BASE):
            continue
        if triple.predicate == SKOS.inScheme:
            scheme_of[subject] = triple.object.value[len(VOCAB_BASE) :]
        elif triple.predicate == SKOS.prefLabel and triple.object.language == "en":
            pref[subject] = triple.object.value
            labels.setdefault(subject, []).append(triple.object.value)
        elif triple.predicate in (SKOS.prefLabel, SKOS.altLabel):
            labels.setdefault(subject, []).append(triple.object.value)
    for subject, scheme in scheme_of.items():
        if subject in pref:
            schemes.setdefault(scheme, {})[pref[subject]] = labels.get(subject, [])
    return {scheme: {label: tuple(names) for label, names in concepts.items()} for scheme, concepts in schemes.items()}


def scheme_labels(scheme: str) -> dict[str, tuple[str, ...]]:
    """English preferred label -> all labels of each concept of `scheme`; empty if not shipped."""
    return _concepts().get(scheme, {})
