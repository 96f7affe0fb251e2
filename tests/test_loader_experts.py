"""Expert origins read from invented sentences (migkg.loaders.experts)."""

import pytest

from migkg.loaders.experts import find_experts
from migkg.loaders.text import sentence_spans


def origins(passage: str) -> set[tuple[str, str | None]]:
    return {(e.kind, e.origin.key if e.origin else None) for e in find_experts(passage, sentence_spans(passage))}


def test_experts_who_come_from_listed_origins():
    passage = (
        "The experts mobilised under this Action come from the Finnish border guard office, from Moroccan "
        "academia and, for the legal analysis, an independent consultant."
    )
    assert origins(passage) == {("national administration", "FI"), ("academia", "MA"), ("private consultant", None)}


def test_deployed_before_come_from_does_not_end_the_list():
    passage = "The experts deployed for the study come from Portuguese universities."
    assert origins(passage) == {("academia", "PT")}


@pytest.mark.parametrize(
    "body, key",
    [
        ("the Belgian Federal Police", "BE"),
        ("the Italian Public Prosecutor's Office", "IT"),
        ("the Austrian asylum office", "AT"),
        ("the Greek labour inspectorate", "GR"),
    ],
)
def test_a_national_body_named_by_its_nationality_is_a_national_administration(body, key):
    assert origins(f"Experts from {body} were deployed to the workshop.") == {("national administration", key)}


def test_a_regional_organisation_named_in_full_with_its_acronym():
    passage = (
        "Experts from the Secretariat of the Economic Community of West African States (ECOWAS) and from the "
        "French Ministry of the Interior are being deployed."
    )
    assert origins(passage) == {("regional organisation", "ECOWAS"), ("national administration", "FR")}


def test_a_nationality_before_other_nouns_names_no_origin():
    assert origins("Experts met Belgian journalists and Greek students during the visit.") == set()


@pytest.mark.parametrize(
    "passage",
    [
        "The experts will then support the Kenyan authorities in drafting the regulation.",
        "The experts drafted the report in close coordination with the Namibian Ministry of Home Affairs.",
    ],
)
def test_a_national_body_the_experts_work_with_is_no_origin(passage):
    assert origins(passage) == set()
