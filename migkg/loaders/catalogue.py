"""Action catalogues: entries headed `Beneficiary [N]: Theme(s)` with Objective, Summary and Duration.

An entry is a heading line followed (after blank lines) by a labelled line (`Objective:`,
`Summary:`, or their French forms); it runs to the next heading. Labels may be followed by a
line break before their value. Text after the last entry's `Duration:` that is not an entry
(download lists, funding notes) is not an Action.

What an entry yields (see docs/modelling.md): the title as written; the beneficiary (a country,
a regional organisation, or a region with the countries the entry names); the sequence number
from a Roman numeral; themes from the heading and the objective; the duration; activities from
the summary (kind, date, place, planned or done, participants); where the experts come from;
partners, requesting institutions and outputs; the programme the document names.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from migkg.loaders import activities, experts, outputs, themes
from migkg.loaders.base import Loader
from migkg.loaders.dates import parse_date
from migkg.loaders.gazetteer import find_institutions, gazetteer
from migkg.loaders.records import ActionRecord, Document, EntityRef, Extracted, LoaderWarning, Span
from migkg.loaders.text import Sentences, line_number

#: field labels, English and French, to the field they introduce
LABELS = {
    "objective": "objective",
    "objectives": "objective",
    "objectif": "objective",
    "objectifs": "objective",
    "summary": "summary",
    "résumé": "summary",
    "resume": "summary",
    "description": "summary",
    "duration": "duration",
    "durée": "duration",
    "duree": "duration",
    "period": "duration",
    "période": "duration",
    "periode": "duration",
}

_LABEL_LINE = re.compile(rf"^[ \t]*(?P<label>{'|'.join(LABELS)})[ \t]*:[ \t]*(?P<value>.*)$", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(
    r"^(?P<beneficiary>[^:\n–—]{2,100}?)(?:\s+(?P<roman>[IVXLC]{1,6}))?(?:\s*:\s*|\s+[–—-]\s+)(?P<themes>\S.*)$"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(numeral: str) -> int:
    """'IV' -> 4.

    >>> [roman_to_int(n) for n in ("I", "II", "IV", "IX", "XII")]
    [1, 2, 4, 9, 12]
    """
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN[char]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class _Entry:
    heading: _Line
    fields: dict[str, Span] = field(default_factory=dict)  # field -> span of its value
    label_lines: dict[str, _Line] = field(default_factory=dict)
    body: Span | None = None  # objective + summary + what follows, up to Duration


def _lines(text: str) -> list[_Line]:
    return [_Line(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]*", text) if m.start() < len(text) or m.group(0)]


def _label_of(line: _Line) -> tuple[str, int] | None:
    """(field, start offset of the value) if the line is a labelled line."""
    match = _LABEL_LINE.match(line.text)
    if not match:
        return None
    return LABELS[match.group("label").lower()], line.start + match.start("value")


def _next_nonblank(lines: list[_Line], index: int) -> int | None:
    for j in range(index + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


class CatalogueLoader(Loader):
    """Action catalogues (MIEUX-style): one Action per `Beneficiary N: Theme` entry."""

    name = "catalogue"
    description = "Action catalogues: entries `Beneficiary [N]: Theme` with Objective:, Summary: and Duration:"
    kinds = ("action catalogue entries (Objective:/Summary:/Duration:)",)
    version = "1"

    def sniff(self, text: str, source_name: str) -> bool:
        """At least two labelled fields of different kinds, and a heading right before one."""
        found = Counter(LABELS[m.group("label").lower()] for m in _LABEL_LINE.finditer(text[:200_000]))
        return found["objective"] >= 1 and found["summary"] >= 1 and bool(self._headings(_lines(text)))

    # --- structure -------------------------------------------------------------------------------

    def _headings(self, lines: list[_Line]) -> list[int]:
        """Indexes of heading lines: a `Name: words` line whose next non-blank line is a label."""
        headings = []
        for i, line in enumerate(lines):
            if line.blank or _label_of(line) or not _HEADING.match(line.text.strip()):
                continue
            following = _next_nonblank(lines, i)
            if following is not None and (label := _label_of(lines[following])) and label[0] in ("objective", "summary"):
                headings.append(i)
        return headings

    def _entries(self, text: str, lines: list[_Line]) -> list[_Entry]:
        """Each heading with the spans of its labelled fields, up to the next heading."""
        headings = self._headings(lines)
        entries = []
        for n, index in enumerate(headings):
            stop = headings[n + 1] if n + 1 < len(headings) else len(lines)
            entry = _Entry(lines[index])
            current = None
            body_start = body_end = None
            for j in range(index + 1, stop):
                line = lines[j]
                label = _label_of(line)
                if label:
                    field_name, value_start = label
                    if field_name in entry.fields:  # a second Duration: etc. ends the entry
                        break
                    current = field_name
                    entry.label_lines[field_name] = line
                    entry.fields[field_name] = Span(value_start, line.end)
                    if field_name != "duration" and body_start is None:
                        body_start = value_start
                    continue
                if line.blank or current is None:
                    continue
                if current == "duration":
                    duration = entry.fields["duration"]
                    if not text[duration.start : duration.end].strip():
                        entry.fields["duration"] = Span(line.start, line.end)  # "Duration:" then the value below
                        continue
                    break  # what follows the duration is not part of the entry
                entry.fields[current] = Span(entry.fields[current].start, line.end)
            for name in ("objective", "summary"):
                if name in entry.fields:
                    body_end = max(body_end or 0, entry.fields[name].end)
            if body_start is not None and body_end is not None:
                entry.body = Span(body_start, body_end)
            entries.append(entry)
        return entries

    # --- parsing ---------------------------------------------------------------------------------

    def parse(self, document: Document) -> Extracted:
        text = document.text
        lines = _lines(text)
        entries = self._entries(text, lines)
        extracted = Extracted()
        sentences = Sentences(text)
        programme = self._document_programme(text)
        funders = _funders(text)
        first_heading = entries[0].heading.start if entries else len(text)
        intro = text[:first_heading].strip()
        if intro and "\n" not in intro and len(intro) < 120:
            extracted.title = intro
        for entry in entries:
            action = self._action(document, entry, sentences, programme, extracted.warnings)
            action.funders = list(funders)
            extracted.actions.append(action)
        if not entries:
            extracted.warnings.append(LoaderWarning(document.source, None, "no catalogue entry found"))
        return extracted

    def _document_programme(self, text: str) -> EntityRef | None:
        """The programme the document names most often, if it names one."""
        counts = Counter(ref.key for ref in gazetteer().find_in(text, 0, len(text), kinds={"programme"}))
        if not counts:
            return None
        key = counts.most_common(1)[0][0]
        return EntityRef("programme", key, key)

    def _action(self, document, entry: _Entry, sentences: Sentences, programme, warnings) -> ActionRecord:
        text = document.text
        heading_text = entry.heading.text.strip()
        heading_start = entry.heading.start + (len(entry.heading.text) - len(entry.heading.text.lstrip()))
        heading_span = Span(heading_start, heading_start + len(heading_text))
        match = _HEADING.match(heading_text)
        record = ActionRecord(title=heading_text, span=heading_span)
        if match.group("roman"):
            record.sequence = roman_to_int(match.group("roman"))
        beneficiary_words = match.group("beneficiary").strip()
        body_text = text[entry.body.start : entry.body.end] if entry.body else ""
        record.beneficiary, record.beneficiary_countries = self._beneficiary(
            beneficiary_words, heading_start, entry, text
        )
        country = record.beneficiary.key if record.beneficiary and record.beneficiary.kind == "country" else None

        objective = entry.fields.get("objective")
        summary = entry.fields.get("summary")
        if objective:
            record.objective = text[objective.start : objective.end].strip() or None
        if summary:
            record.summary = text[summary.start : summary.end].strip() or None

        theme_offset = heading_start + match.start("themes")
        record.themes = themes.find_themes(match.group("themes"), offset=theme_offset)
        if entry.body:
            body = text[entry.body.start : entry.body.end]
            institutions = [
                Span(ref.span.start - entry.body.start, ref.span.end - entry.body.start)
                for ref in _organisations(text, entry.body, None)
            ]
            in_objective = {
                theme
                for theme, _ in themes.find_themes(
                    text[objective.start : objective.end] if objective else "", stated_only=True,
                    names=[Span(n.start - (objective.start - entry.body.start), n.end - (objective.start - entry.body.start)) for n in institutions] if objective else [],
                )
            }
            if (
                record.beneficiary is not None
                and (record.beneficiary.kind == "region" or _is_regional_organisation(record.beneficiary))
                and objective
                and _COOPERATION.search(text, objective.start, objective.end)
            ):
                in_objective.add("regional cooperation")
                if "regional cooperation" not in {t for t, _ in record.themes}:
                    cue = _COOPERATION.search(text, objective.start, objective.end)
                    record.themes.append(("regional cooperation", Span(cue.start(), cue.end())))
            mentions = themes.theme_mentions(body, names=institutions)
            stated = themes.find_themes(body, offset=entry.body.start, stated_only=True, names=institutions)
            for theme, span in stated:
                if theme in {t for t, _ in record.themes}:
                    continue
                if theme in in_objective or mentions.get(theme, 0) >= 2:
                    record.themes.append((theme, span))

        self._duration(document, entry, record, warnings)

        entry_programmes = gazetteer().find_in(text, entry.body.start, entry.body.end, kinds={"programme"}) if body_text else []
        if entry_programmes:
            first = entry_programmes[0]
            record.programme = EntityRef("programme", first.key, first.label, first.span)
        elif programme is not None:
            record.programme = EntityRef("programme", programme.key, programme.label, None)

        if entry.body:
            body_sentences = [s for s in sentences.spans if s.end > entry.body.start and s.start < entry.body.end]
            # the summary's first sentence starts at its "Summary:" label, before the field's value
            summary_sentences = [s for s in body_sentences if summary and s.end > summary.start]
            objective_sentences = [s for s in body_sentences if not summary or s.end <= summary.start]
            dated_objective = [s for s in objective_sentences if activities.has_date(text, s)]
            record.activities = activities.find_activities(text, dated_objective + summary_sentences, background=dated_objective)
            record.experts = experts.find_experts(text, body_sentences, exclude_country=None)
            record.partners = _partners(text, body_sentences, country)
            record.requested_by = _requesters(text, body_sentences, country)
            record.outputs = outputs.find_outputs(text, body_sentences)
        return record

    def _beneficiary(self, words: str, offset: int, entry: _Entry, text: str):
        g = gazetteer()
        span = Span(offset, offset + len(words))
        ref = g.lookup(words) or g.lookup(re.sub(r"\s*\([^)]*\)", "", words))
        if ref is None:
            found = g.find(words, offset=offset)
            ref = found[0] if found else None
        if ref is None:
            return EntityRef("organisation", words, words, span), []
        ref = EntityRef(ref.kind, ref.key, words, span)
        if ref.kind == "country":
            return ref, [ref]
        if ref.kind != "region":
            return ref, []
        region = g.entry("region", ref.key)
        members = set(region.members) if region else set()
        countries: list[EntityRef] = []
        seen = set()
        if entry.body:
            for found in g.find_in(text, entry.body.start, entry.body.end, kinds={"country"}):
                if g.is_demonym(found.label) or found.key in seen:
                    continue
                if members and found.key not in members:
                    continue
                seen.add(found.key)
                countries.append(found)
        return ref, countries

    def _duration(self, document: Document, entry: _Entry, record: ActionRecord, warnings) -> None:
        text = document.text
        where = entry.label_lines.get("duration")
        if where is None:
            warnings.append(
                LoaderWarning(
                    document.source,
                    line_number(text, entry.heading.start),
                    f"entry {record.title!r} has no Duration: line; loaded without dates",
                )
            )
            return
        span = entry.fields["duration"]
        value = text[span.start : span.end].strip()
        parsed = parse_date(value) if value else None
        if parsed is None:
            warnings.append(
                LoaderWarning(
                    document.source,
                    line_number(text, span.start),
                    f"cannot read the duration {value!r} of entry {record.title!r}; loaded without dates",
                )
            )
            return
        record.duration = parsed
        record.duration_span = Span(where.start, max(span.end, where.end))
        record.ongoing = parsed.ongoing


#: in the objective of a regional Action, cooperation between its countries is a theme of its own
_COOPERATION = re.compile(r"\b(?:cooperation|co-operation|coopération)\b")


def _is_regional_organisation(ref: EntityRef) -> bool:
    entry = gazetteer().entry(ref.kind, ref.key) if ref.kind == "organisation" else None
    return entry is not None and entry.cls == "RegionalOrganisation"


_FUNDED_BY = re.compile(
    r"\b(?:funded|financed|co-funded|co-financed|financé|cofinancé|financée)\s+(?:\w+\s+){0,2}?(?:by|par)\s+",
    re.IGNORECASE,
)


def _funders(text: str) -> list[EntityRef]:
    """Who funds what the document describes ("This project is funded by the European Union")."""
    funders: dict[str, EntityRef] = {}
    for cue in _FUNDED_BY.finditer(text):
        found = gazetteer().find_in(text, cue.end(), min(len(text), cue.end() + 80), kinds={"organisation"})
        if found and found[0].span.start - cue.end() <= 5:
            funders.setdefault(found[0].key, found[0])
    return list(funders.values())


_PARTNER_CUE = re.compile(
    r"\b(?:in partnership with|in cooperation with|in collaboration with|co-organi[sz]ed with|jointly with|"
    r"together with|en partenariat avec|en coopération avec|en collaboration avec|avec le soutien de)\b",
    re.IGNORECASE,
)
_EXPERT_SENTENCE = re.compile(r"\bexperts?\b.*\b(?:deployed|contributed|participated|provided|mobilised|mobilized)\b|\bexpertise\b", re.IGNORECASE)
_REQUEST_CUE = re.compile(
    r"\b(?:at the request of|upon (?:the )?request of|on (?:the )?request of|requested by|"
    r"requests? (?:received )?from|à la demande d[eu]|sur demande d[eu])\b",
    re.IGNORECASE,
)
_REQUESTER_AFTER = re.compile(r"^[^.;]{0,120}?\b(?:requested|requesting authority|requesting institution)\b", re.IGNORECASE)
#: every match of _REQUESTER_AFTER holds this: a sentence without it names no requester that way
_REQUEST_WORD = re.compile(r"request", re.IGNORECASE)


def _organisations(text: str, span: Span, country: str | None) -> list[EntityRef]:
    """Organisations named in a stretch of text: gazetteer organisations and institutions by pattern."""
    chunk = text[span.start : span.end]
    found = gazetteer().find_in(text, span.start, span.end, kinds={"organisation"})
    taken = [(r.span.start, r.span.end) for r in found]
    for ref in find_institutions(chunk, offset=span.start, default_country=country):
        if not any(a < ref.span.end and ref.span.start < b for a, b in taken):
            found.append(ref)
    return sorted(found, key=lambda r: r.span.start)


def _partners(text: str, sentences: list[Span], country: str | None) -> list[EntityRef]:
    partners: dict[str, EntityRef] = {}
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        if _EXPERT_SENTENCE.search(chunk):
            continue  # "experts from X together with Y": where experts come from, not partners
        for cue in _PARTNER_CUE.finditer(chunk):
            window = Span(sentence.start + cue.end(), min(sentence.end, sentence.start + cue.end() + 160))
            refs = _organisations(text, window, country)
            for ref in refs[:2]:
                if ref.key not in ("MIEUX",):
                    partners.setdefault(ref.key, ref)
    return list(partners.values())


def _requesters(text: str, sentences: list[Span], country: str | None) -> list[EntityRef]:
    requesters: dict[str, EntityRef] = {}
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        for cue in _REQUEST_CUE.finditer(chunk):
            window = Span(sentence.start + cue.end(), min(sentence.end, sentence.start + cue.end() + 120))
            refs = _organisations(text, window, country)
            if refs:
                requesters.setdefault(refs[0].key, refs[0])
        if not _REQUEST_WORD.search(chunk):
            continue
        for ref in _organisations(text, sentence, country):
            if _REQUESTER_AFTER.match(text[ref.span.end : sentence.end]):
                requesters.setdefault(ref.key, ref)
    return list(requesters.values())
