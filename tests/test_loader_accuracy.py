"""Accuracy of the loaders against the hand-written expected facts (tests/data/expected/README.md).

F1 per field must be at least 0.95 on the sample corpus and 0.9 on the unseen and held-out
documents, for every field that the expected files or the loaders' output have anything for. The
second held-out set (tests/data/heldout2/README.md), which no rule was tuned on, must not fall below
the F1 each field had when it was added: a regression floor, below the 0.9 target where the
loaders are still short of it (docs/loaders.md).
"""

import pytest

from migkg.loaders import evaluate

THRESHOLDS = {"sample": 0.95, "unseen": 0.9, "heldout": 0.9}

#: F1 per field on tests/data/heldout2 when it was added, less a small margin; the news fields raised to just
#: below their figures once the news rules were generalised from the misses of the second and third sets
HELDOUT2_FLOORS = {
    "actions": 0.97, "dates": 0.89, "themes": 0.89, "activities": 0.97, "expert origins": 0.9,
    "news items": 0.97, "mentions": 0.94, "partnerships": 0.8, "events": 0.88, "people": 0.94,
}


@pytest.fixture(scope="module")
def reports(corpus_dir, data_dir):
    expected = data_dir / "expected"
    sets = {
        "sample": (corpus_dir, expected),
        "unseen": (data_dir / "documents", expected),
        "heldout": (data_dir / "heldout" / "documents", data_dir / "heldout" / "expected"),
    }
    sets["heldout2"] = (data_dir / "heldout2" / "documents", data_dir / "heldout2" / "expected")
    for name in ("heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10",
                 "heldout11", "heldout12", "heldout13", "heldout14",
                 "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20"):
        sets[name] = (data_dir / name / "documents", data_dir / name / "expected")
    found = {
        name: evaluate.evaluate_directory(directory, expected_dir)
        for name, (directory, expected_dir) in sets.items()
        if directory.is_dir()
    }
    return found


def test_expected_files_exist(reports, data_dir):
    expected = list((data_dir / "expected").glob("*.json"))
    assert expected, f"no expected-facts files in {data_dir / 'expected'}: nothing to score the loaders against"
    scored = sum(len(report.documents) for report in reports.values())
    assert scored, "no document of the sample corpus or tests/data/documents has an expected-facts file"


@pytest.mark.parametrize("document_set", sorted(THRESHOLDS))
def test_every_document_is_detected_and_read(reports, document_set):
    report = reports.get(document_set)
    assert report is not None and report.documents, f"no {document_set} document has an expected-facts file"
    assert report.problems == []


@pytest.mark.parametrize("field", evaluate.FIELDS)
@pytest.mark.parametrize("document_set", sorted(THRESHOLDS))
def test_f1_per_field(reports, document_set, field):
    report = reports[document_set]
    score = report.fields[field]
    if score.expected == 0 and score.found == 0:
        return  # neither side has anything of this kind in this set
    threshold = THRESHOLDS[document_set]
    if score.f1 < threshold:
        misses = [
            f"{result.name}: missing {sorted(result.missing[field], key=str)[:5]}, "
            f"unexpected {sorted(result.unexpected[field], key=str)[:5]}"
            for result in report.documents
            if result.missing[field] or result.unexpected[field]
        ]
        pytest.fail(
            f"{document_set} {field}: F1 {score.f1:.3f} < {threshold} "
            f"(P {score.precision:.3f}, R {score.recall:.3f})\n" + "\n".join(misses)
        )


def test_report_table_is_printable(reports):
    for name, report in reports.items():
        table = evaluate.format_report(name, report)
        assert table.splitlines()[0].startswith(f"{name}: ")
        assert "overall" in table


#: F1 per field on tests/data/heldout3, scored as it came, when it was added, less a small margin; the news
#: fields raised to just below their figures once the news rules were generalised from its misses
HELDOUT3_FLOORS = {
    "actions": 0.97, "dates": 0.88, "themes": 0.97, "activities": 0.96, "expert origins": 0.92,
    "news items": 0.97, "mentions": 0.95, "partnerships": 0.93, "events": 0.92, "people": 0.92,
}


@pytest.mark.parametrize("field", evaluate.FIELDS)
def test_third_heldout_set_keeps_its_floor(reports, field):
    report = reports["heldout3"]
    assert len(report.documents) >= 12 and report.problems == []
    score = report.fields[field]
    floor = HELDOUT3_FLOORS[field]
    assert score.f1 >= floor, f"heldout3 {field}: F1 {score.f1:.3f} < {floor} (P {score.precision:.3f}, R {score.recall:.3f})"


def test_second_heldout_set_is_read_by_the_right_loaders(reports):
    report = reports.get("heldout2")
    assert report is not None and len(report.documents) >= 30
    assert report.problems == []


@pytest.mark.parametrize("field", evaluate.FIELDS)
def test_second_heldout_set_keeps_its_floor(reports, field):
    score = reports["heldout2"].fields[field]
    floor = HELDOUT2_FLOORS[field]
    assert score.f1 >= floor, f"heldout2 {field}: F1 {score.f1:.3f} < {floor} (P {score.precision:.3f}, R {score.recall:.3f})"


#: F1 per field on the later held-out sets, less a small margin: each after the rules were generalised from
#: its misses (tests/data/heldout4/README.md and the others); the sixth scored 0.762 on expert origins, 0.700 on
#: partnerships and 0.759 on events as it came
LATER_HELDOUT_FLOORS = {
    "heldout4": {
        "actions": 0.97, "dates": 0.97, "themes": 0.97, "activities": 0.96, "expert origins": 0.9,
        "news items": 0.97, "mentions": 0.93, "partnerships": 0.88, "events": 0.95, "people": 0.95,
    },
    "heldout6": {
        "actions": 0.97, "dates": 0.97, "themes": 0.88, "activities": 0.94, "expert origins": 0.97,
        "news items": 0.97, "mentions": 0.97, "partnerships": 0.97, "events": 0.97, "people": 0.97,
    },
    "heldout5": {
        "actions": 0.97, "dates": 0.97, "themes": 0.97, "activities": 0.96, "expert origins": 0.97,
        "news items": 0.9, "mentions": 0.94, "partnerships": 0.97, "events": 0.97, "people": 0.82,
    },
    "heldout7": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.98, "expert origins": 0.98,
        "news items": 0.98, "mentions": 0.95, "partnerships": 0.98, "events": 0.91, "people": 0.91,
    },
    "heldout8": {
        "actions": 0.98, "dates": 0.98, "themes": 0.9, "activities": 0.94, "expert origins": 0.98,
        "news items": 0.98, "mentions": 0.95, "partnerships": 0.98, "events": 0.94, "people": 0.87,
    },
    "heldout9": {
        "actions": 0.98, "dates": 0.98, "themes": 0.93, "activities": 0.9, "expert origins": 0.95,
        "news items": 0.98, "mentions": 0.91, "partnerships": 0.98, "events": 0.69, "people": 0.9,
    },
    "heldout10": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.96, "expert origins": 0.9,
        "news items": 0.98, "mentions": 0.95, "partnerships": 0.98, "events": 0.94, "people": 0.85,
    },
    "heldout11": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.9, "expert origins": 0.98,
        "news items": 0.98, "mentions": 0.95, "partnerships": 0.98, "events": 0.76, "people": 0.87,
    },
    "heldout12": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.92, "expert origins": 0.98,
        "news items": 0.98, "mentions": 0.95, "partnerships": 0.98, "events": 0.73, "people": 0.88,
    },
    "heldout13": {
        "actions": 0.98, "dates": 0.98, "themes": 0.83, "activities": 0.96, "expert origins": 0.94,
        "news items": 0.98, "mentions": 0.97, "partnerships": 0.98, "events": 0.81, "people": 0.89,
    },
    "heldout14": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.93, "expert origins": 0.98,
        "news items": 0.98, "mentions": 0.94, "partnerships": 0.98, "events": 0.79, "people": 0.85,
    },
    "heldout15": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.95, "expert origins": 0.9,
        "news items": 0.98, "mentions": 0.93, "partnerships": 0.98, "events": 0.85, "people": 0.89,
    },
    "heldout16": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.91, "expert origins": 0.89,
        "news items": 0.98, "mentions": 0.92, "partnerships": 0.86, "events": 0.83, "people": 0.75,
    },
    "heldout17": {
        "actions": 0.98, "dates": 0.98, "themes": 0.86, "activities": 0.88, "expert origins": 0.94,
        "news items": 0.98, "mentions": 0.94, "partnerships": 0.86, "events": 0.94, "people": 0.84,
    },
    "heldout18": {
        "actions": 0.98, "dates": 0.98, "themes": 0.88, "activities": 0.96, "expert origins": 0.87,
        "news items": 0.98, "mentions": 0.94, "partnerships": 0.85, "events": 0.86, "people": 0.84,
    },
    "heldout19": {
        "actions": 0.98, "dates": 0.98, "themes": 0.83, "activities": 0.98, "expert origins": 0.89,
        "news items": 0.98, "mentions": 0.95, "partnerships": 0.98, "events": 0.55, "people": 0.81,
    },
    "heldout20": {
        "actions": 0.98, "dates": 0.98, "themes": 0.98, "activities": 0.98, "expert origins": 0.83,
        "news items": 0.98, "mentions": 0.94, "partnerships": 0.75, "events": 0.76, "people": 0.86,
    },
}


@pytest.mark.parametrize("name", sorted(LATER_HELDOUT_FLOORS))
def test_later_heldout_sets_are_read_by_the_right_loaders(reports, name):
    report = reports[name]
    assert len(report.documents) >= 10 and report.problems == []


@pytest.mark.parametrize("field", evaluate.FIELDS)
@pytest.mark.parametrize("name", sorted(LATER_HELDOUT_FLOORS))
def test_later_heldout_sets_keep_their_floors(reports, name, field):
    score = reports[name].fields[field]
    floor = LATER_HELDOUT_FLOORS[name][field]
    assert score.f1 >= floor, f"{name} {field}: F1 {score.f1:.3f} < {floor} (P {score.precision:.3f}, R {score.recall:.3f})"


#: the fields the loaders issue holds to 0.9 on documents the rules were not tuned on
ACCEPTANCE_FIELDS = ("actions", "dates", "themes", "activities", "expert origins", "news items", "mentions", "partnerships")
#: the latest held-out sets, written after every rule and never tuned on (their READMEs say so)
UNTUNED_SETS = ("heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20")


@pytest.mark.parametrize("field", ACCEPTANCE_FIELDS)
def test_the_untuned_held_out_sets_pooled_reach_the_target(reports, field):
    score = evaluate.pooled(reports[name] for name in UNTUNED_SETS).fields[field]
    assert score.f1 >= 0.9, f"{field}: F1 {score.f1:.3f} on {' + '.join(UNTUNED_SETS)} (P {score.precision:.3f}, R {score.recall:.3f})"
