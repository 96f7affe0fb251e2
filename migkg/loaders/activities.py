"""Activities of an Action in narrative text: kind, date, place, planned or done, participants.

Each mention of an activity kind ("a fact-finding mission", "two workshops", "the National
Seminar on ...") owns the stretch of its sentence up to the next mention; the dates in that
stretch are its dates (one activity per date when several are listed: "missions in September
and November 2010"). A mention without a date takes the last date before it in the sentence.
A bare back-reference ("the seminar took place in ...", "this workshop") dates the latest
undated activity of that kind instead of adding one. Future wording ("will be", "foreseen",
"planned") marks an activity planned.
"""

import re
from functools import cache

from migkg.loaders.concepts import scheme_labels
from migkg.loaders.dates import FoundDate, find_dates
from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.records import ActivityRecord, EntityRef, Span

#: cue words for each activity kind (English preferred label of the activity-kind scheme)
KIND_CUES = {
    "fact-finding mission": ("fact-finding mission", "fact finding mission", "mapping mission", "scoping mission", "mission exploratoire"),
    "assessment mission": ("assessment mission", "evaluation mission", "mission d'évaluation"),
    "needs assessment": ("needs assessment", "institutional needs assessment", "évaluation des besoins"),
    "training of trainers": ("training of trainers", "ToT", "formation de formateurs", "formation des formateurs"),
    "training": ("training session", "training sessions", "training course", "training", "trainings", "session de formation", "formation"),
    "study visit": ("study visit", "study visits", "study tour", "visite d'étude", "voyage d'étude"),
    "information session": ("information session", "information sessions", "awareness-raising session", "séance d'information", "session d'information"),
    "knowledge exchange": ("knowledge exchange", "information exchange", "exchange session", "policy exchange", "practical session", "échange de connaissances"),
    "seminar": ("seminar", "seminars", "séminaire", "séminaires"),
    "workshop": ("workshop", "workshops", "atelier", "ateliers"),
    "conference": ("conference", "conferences", "conférence", "conférences"),
    "drafting session": ("drafting session", "drafting sessions", "séance de rédaction", "session de rédaction"),
    "review session": ("review session", "validation session", "validation workshop", "séance de validation", "atelier de validation"),
    "consultation": ("consultation", "consultations", "consultative meeting", "policy consultation"),
    "meeting": ("meeting", "meetings", "technical meeting", "interministerial meeting", "réunion", "réunions"),
    "remote support": ("remote support", "appui à distance"),
    "desk review": ("desk review", "desk-based", "revue documentaire"),
    "presentation event": ("public event", "final event", "launch event", "presentation of the", "cérémonie de lancement"),
    "mission": ("mission", "missions", "expert mission"),
}  # fmt: skip

#: a cue followed by one of these words names a thing, not an activity ("training curriculum")
_NOT_AN_ACTIVITY_AFTER = re.compile(
    r"^[\s-]*(?:programme|program|curriculum|curricula|materials?|needs|system|centres?|institutions?|modules?|"
    r"manual|strategy|toolkit|report|hall|room|plan|process|component)\b",
    re.IGNORECASE,
)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|said|ce|cet|cette|ces|le|la|les|l')\s+(?:(?:first|second|third|final|last|above|"
    r"aforementioned|same|latter|former|premier|première|dernier|dernière)\s+)?$",
    re.IGNORECASE,
)
_FUTURE_OR_PAST = re.compile(
    r"(?P<future>\bwill\b|\bshall\b|\bforeseen\b|\bplanned\b|\bupcoming\b|\bis expected to\b|\bare expected to\b|"
    r"\bto be (?:organi[sz]ed|held|delivered|conducted)\b|\bscheduled\b|\bsera\b|\bseront\b|\bprévue?s?\b|"
    r"\b(?:is|are) being (?:organi[sz]ed|prepared|planned)\b)"
    r"|(?P<past>\btook place\b|\bwas\b|\bwere\b|\bhas been\b|\bhave been\b|\bhad been\b|\bbegan\b|\bbegun\b|"
    r"\bstarted\b|\blaunched\b|\bheld\b|\borgani[sz]ed\b|\bconducted\b|\bdelivered\b|\bcompleted\b|\bprovided\b|"
    r"\bpresented\b|\bimplemented\b|\bgathered\b|\bhosted\b|\ba eu lieu\b|\bont eu lieu\b|\ba été\b|\bont été\b)",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"\b(?:over |more than |some |about |around |plus de |environ )?(?P<n>\d{1,5})\s+(?:\w+\s+){0,2}?"
    r"(?:participants|representatives|officials|stakeholders|trainees|delegates|attendees|officers|participants)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six ": 6, "sept": 7, "huit": 8,
}  # fmt: skip
_COUNTRIES = re.compile(r"\b(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:[\w-]+\s+){0,3}?(?:countries|pays)\b", re.IGNORECASE)
#: a bare year is a date only after one of these words ("in 2016", "early 2016"), not in a name ("the 2009 Survey")
_YEAR_CUE = re.compile(r"\b(?:in|during|early|late|mid|of|since|until|by|en|début|fin|courant)\s*-?\s*$", re.IGNORECASE)


#: scheme labels that are too often plain verbs or nouns of something else to mark an activity
IGNORED_CUES = frozenset({"launch", "lancement", "other activity", "autre activité"})
#: after these words a mention restates the activity just named ("took the form of meetings")
_SAME_ACTIVITY_BEFORE = re.compile(r"\b(?:(?:took|take|takes|in) the form of|consisted of|consisting of|including|sous (?:la )?forme d[e']s?)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
#: mentions of means, not of an activity ("through a series of consultations")
_MEANS_BEFORE = re.compile(r"\bthrough\s+(?:a\s+series\s+of\s+|a\s+set\s+of\s+|the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)


def _is_acronym(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and " " not in word


@cache
def _cue_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every cue (longest first) and the kind each cue names."""
    cues: dict[str, str] = {}
    for kind, words in KIND_CUES.items():
        for word in words:
            cues.setdefault(word.lower() if not _is_acronym(word) else word, kind)
    known = scheme_labels("activity-kind")
    for label, names in known.items():
        if label == "other":
            continue
        for name in (label, *names):
            key = name if _is_acronym(name) else name.lower()
            if key not in IGNORED_CUES:
                cues.setdefault(key, label)
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        body = re.escape(cue).replace(r"\ ", r"[\s-]+")
        parts.append(body if _is_acronym(cue) else f"(?i:{body})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])"), cues


def _kind_of(cue_text: str, cues: dict[str, str]) -> str | None:
    normalised = re.sub(r"[\s-]+", " ", cue_text)
    return cues.get(normalised) or cues.get(normalised.lower()) or cues.get(re.sub(r"[\s-]+", "-", cue_text.lower()))


def has_date(text: str, sentence: Span) -> bool:
    """True when the sentence states a usable date."""
    return bool(_dates_in(text, sentence))


def _dates_in(text: str, span: Span) -> list[FoundDate]:
    found = []
    for date in find_dates(text[span.start : span.end], offset=span.start):
        if len(date.value.start) == 4 and not date.value.end and not date.value.ongoing:
            if not _YEAR_CUE.search(text[max(span.start, date.span.start - 20) : date.span.start]):
                continue
        found.append(date)
    return found


def _planned(text: str, sentence: Span, cue_start: int, zone_end: int, previous_end: int) -> bool:
    """Future wording after the mention (its own verb, or the verb of a list it is part of), else before it."""
    after = _FUTURE_OR_PAST.search(text, cue_start, sentence.end)
    if after:
        return after.lastgroup == "future"
    before = list(_FUTURE_OR_PAST.finditer(text, previous_end, cue_start))
    if before:
        return before[-1].lastgroup == "future"
    return False


def _label(text: str, cue: re.Match, sentence: Span) -> str | None:
    """The activity's own name when the text gives one: quoted, or a capitalised 'Seminar on ...'."""
    before = text[sentence.start : cue.start()]
    quoted = re.search(r"[\"']([^\"']{0,160})$", before)
    if quoted and cue.group(0)[0].isupper():
        closing = re.match(r"[^\"']{0,160}(?=[\"'])", text[cue.start() : sentence.end])
        if closing:
            return (quoted.group(1) + text[cue.start() : cue.start() + closing.end()]).strip()
    if cue.group(0)[:1].isupper() and not re.search(r"(?:^|[.:]\s*)$", before):
        lead = re.search(r"((?:[A-Z][\w-]*\s+){0,4})$", before).group(1)
        lead = re.sub(r"^(?:(?:The|A|An|This|That|Le|La|Les|Un|Une)\s+)+", "", lead)
        tail = re.match(r"(?:\s+(?:on|for|of|and|in|to|the|de|du|des|sur|la|le)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)*", text[cue.end() : sentence.end])
        name = (lead + text[cue.start() : cue.end() + (tail.end() if tail else 0)]).strip()
        name = re.sub(r"\s+(?:in|en)\s+[A-Z]\w+$", "", name)
        return name if len(name.split()) > 1 else None
    return None


def _place(text: str, zone: Span) -> EntityRef | None:
    for ref in gazetteer().find(text[zone.start : zone.end], offset=zone.start, kinds={"place"}):
        return ref
    return None


def _count(pattern: re.Pattern, text: str, zone: Span) -> int | None:
    match = pattern.search(text, zone.start, zone.end)
    if not match:
        return None
    value = match.group("n").lower()
    return int(value) if value.isdigit() else _NUMBER_WORDS.get(value)


def find_activities(text: str, sentences: list[Span]) -> list[ActivityRecord]:
    """The activities the sentences describe, in text order."""
    pattern, cues = _cue_pattern()
    found: list[ActivityRecord] = []
    for sentence in sentences:
        mentions = []
        for cue in pattern.finditer(text, sentence.start, sentence.end):
            if _NOT_AN_ACTIVITY_AFTER.match(text[cue.end() : cue.end() + 30]):
                continue
            kind = _kind_of(cue.group(0), cues)
            if not kind:
                continue
            before = text[max(sentence.start, cue.start() - 60) : cue.start()]
            if mentions:
                gap = text[mentions[-1][0].end() : cue.start()]
                # "policy exchange meetings", "training of trainers workshop", "Training of Trainers (ToT)"
                if not gap.strip() or gap.strip() == "(":
                    continue
                if _SAME_ACTIVITY_BEFORE.search(before):
                    continue
            if _MEANS_BEFORE.search(before):
                continue
            mentions.append((cue, kind))
        if not mentions:
            continue
        dates = _dates_in(text, sentence)
        for index, (cue, kind) in enumerate(mentions):
            zone_end = mentions[index + 1][0].start() if index + 1 < len(mentions) else sentence.end
            previous_end = mentions[index - 1][0].end() if index else sentence.start
            zone = Span(cue.start(), zone_end)
            own = [d for d in dates if cue.end() <= d.span.start < zone_end]
            if not own:
                earlier = [d for d in dates if d.span.end <= cue.start()]
                later = [d for d in dates if d.span.start >= zone_end]
                if earlier:
                    own = [earlier[-1]]
                elif later and not _FUTURE_OR_PAST.search(text, cue.end(), zone_end):
                    own = [later[0]]
            planned = _planned(text, sentence, cue.start(), zone_end, previous_end)
            is_reference = bool(_REFERENCE_BEFORE.search(text[max(sentence.start, cue.start() - 40) : cue.start()]))
            is_reference = is_reference and cue.group(0)[:1].islower()
            if is_reference:
                undated = next((a for a in reversed(found) if a.kind == kind and a.date is None), None)
                if undated is not None and own:
                    undated.date = own[0].value
                    undated.span = Span(undated.span.start, max(undated.span.end, sentence.end))
                if undated is not None or not own or any(a.kind == kind and own and a.date == own[0].value for a in found):
                    continue
            label = _label(text, cue, sentence)
            place = _place(text, zone) or _place(text, Span(previous_end, cue.start()))
            participants = _count(_PARTICIPANTS, text, zone)
            countries = _count(_COUNTRIES, text, zone)
            span = Span(cue.start(), cue.end())
            for date in own or [None]:
                found.append(
                    ActivityRecord(
                        kind=kind,
                        span=span,
                        label=label,
                        date=date.value if date else None,
                        place=place,
                        planned=planned,
                        participants=participants,
                        countries=countries,
                    )
                )
    return found
