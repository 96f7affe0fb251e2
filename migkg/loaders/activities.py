"""Activities of an Action in narrative text: kind, date, place, planned or done, participants.

Each mention of an activity kind ("a fact-finding mission", "two workshops", "the National
Seminar on ...") owns the stretch of its sentence up to the next mention; the dates in that
stretch are its dates (one activity per date when several are listed: "missions in September
and November 2010"). A mention without a date takes the last date before it in the sentence.
A bare back-reference ("the seminar took place in ...", "this workshop") dates the latest
undated activity of that kind instead of adding one. Future wording ("will be", "foreseen",
"planned") marks an activity planned.

The kind is the head noun's ("policy exchange meetings" are meetings; "atelier de formation" is
a workshop), unless the head is broad (mission, meeting, session, activity) and the word before
it is a label of the activity-kind scheme ("needs assessment mission", "réunion de consultation").
A cue inside the name of a body the activity deals with ("a consultation with the ... Officials
Meeting") or inside its subject ("a workshop on the revision of the training modules") names no
activity. A bare "session" continues the series of sessions named before it, and "The second was
..." is one more activity of the series before it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from migkg.loaders.activity_places import place_in, places_of_dates, town_in
from migkg.loaders.concepts import scheme_labels
from migkg.loaders.dates import FoundDate, find_dates
from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.patterns import alternation
from migkg.loaders.records import ActivityRecord, EntityRef, Span

#: a bare "session": one more of the series of sessions named before it ("a knowledge exchange
#: session ... followed by a session on ..."), else an activity of no specific kind
SESSION = "session"
#: cue words for each activity kind (English preferred label of the activity-kind scheme; SESSION)
KIND_CUES = {
    "fact-finding mission": ("fact-finding mission", "fact finding mission", "scoping mission", "mission exploratoire"),
    "assessment mission": ("assessment mission", "evaluation mission", "mapping mission", "mission d'évaluation"),
    "needs assessment": ("needs assessment", "gap analysis", "gaps analysis", "mission d'évaluation des besoins", "institutional needs assessment", "assessing the needs", "assess the needs", "gaps and needs", "needs and gaps", "évaluation des besoins"),
    "training of trainers": ("training of trainers", "ToT", "train-the-trainers", "train-the-trainer", "train the trainers", "formation de formateurs", "formation des formateurs"),
    "training": ("training session", "training sessions", "training course", "training", "trainings", "simulation exercise", "simulation exercises", "tabletop exercise", "table-top exercise", "e-learning course", "online course", "session de formation", "formation", "exercice de simulation"),
    "study visit": ("study visit", "study visits", "study tour", "visite d'étude", "voyage d'étude"),
    "information session": ("information session", "information sessions", "awareness-raising session", "séance d'information", "session d'information"),
    "knowledge exchange": ("knowledge exchange", "information exchange", "exchange session", "policy exchange", "practical session", "exchange on", "exchanges on", "échange de connaissances"),
    "seminar": ("seminar", "seminars", "webinar", "webinars", "séminaire", "séminaires", "webinaire", "webinaires"),
    "workshop": ("workshop", "workshops", "atelier", "ateliers"),
    "conference": ("conference", "conferences", "conférence", "conférences"),
    "drafting session": ("drafting session", "drafting sessions", "séance de rédaction", "session de rédaction"),
    "review session": ("review session", "validation session", "validation workshop", "review", "validation meeting", "validation meetings", "séance de validation", "atelier de validation", "réunion de validation"),
    "consultation": ("consultation", "consultations", "consultative meeting", "policy consultation"),
    "meeting": ("meeting", "meetings", "technical meeting", "interministerial meeting", "round table", "round tables", "roundtable", "roundtables", "réunion", "réunions", "table ronde", "tables rondes"),
    "remote support": ("remote support", "remote assistance", "online assistance", "online coaching", "remote coaching", "online mentoring", "remote mentoring", "appui à distance", "assistance à distance"),
    "desk review": ("desk review", "desk-based", "in-depth review", "legal review", "legislative review", "legal analysis", "revue documentaire"),
    "presentation event": ("public event", "final event", "closing event", "closing ceremony", "launch event", "launching event", "launch ceremony", "launching ceremony", "presentation of the", "presentation of a", "presentation of an", "public presentation", "événement de clôture", "cérémonie de clôture", "événement final", "événement de lancement", "was officially presented", "were officially presented", "was presented to", "were presented to", "will be presented to", "activity presented", "event presented", "cérémonie de lancement"),
    "mission": ("mission", "missions", "expert mission"),
    "other": ("activity", "activities", "event", "events", "component", "activité", "activités", "événement", "événements", "ceremony", "cérémonie"),
    SESSION: ("session", "sessions", "séance", "séances"),
}  # fmt: skip

#: kinds too vague to list an activity on their own: kept only with a date, replaced by a
#: specific kind named later in the same sentence ("the first activity took the form of a mission")
GENERIC_KINDS = frozenset({"other", SESSION})
#: cue words that name an activity only when a date comes with them ("the review ... took place on 18-20 January")
DATED_ONLY_CUES = frozenset(
    {"activity", "activities", "event", "events", "component", "review", "assessing the needs", "assess the needs", "gaps and needs", "needs and gaps",
     "session", "sessions", "séance", "séances", "activité", "activités", "événement", "événements",
     "was presented to", "were presented to", "will be presented to"}
)
#: a relative clause starts another fact: its date is not the activity's ("..., which was validated in April 2012")
#: "both activities", "these events": a look back at activities already named
_PLURAL_REFERENCE_BEFORE = re.compile(r"\b(?:both|all|these|those|such|ces|les deux)\s+(?:[a-z0-9][\w-]*\s+){0,2}$", re.IGNORECASE)
#: a relative clause that dates the activity itself ("..., which took place in April 2013")
_OWN_VERB = re.compile(r"\s+(?:took place|was held|were held|was organi[sz]ed|were organi[sz]ed|will take place|will be held|a eu lieu|ont eu lieu)\b", re.IGNORECASE)
_RELATIVE = re.compile(r",?\s+(?:which|who|where|when|whose|qui|où|lequel|laquelle)\b", re.IGNORECASE)

#: a cue followed by one of these words names a thing, not an activity ("training curriculum")
_NOT_AN_ACTIVITY_AFTER = re.compile(
    r"^[\s-]*(?:curriculum|curricula|materials?|contents?|needs|system|centres?|institutions?|modules?|"
    r"manual|strategy|toolkit|report|hall|room|plan|process|component|agency|programme of)\b",
    re.IGNORECASE,
)
#: "training programme" is an activity only when dated
_PROGRAMME_AFTER = re.compile(r"^[\s-]*(?:programmes?|programs?)\b", re.IGNORECASE)
#: "training the relevant staff": the verb, not the noun
_VERB_AFTER = re.compile(r"^\s+(?:the|their|its|his|her|them|relevant|staff|officials|officers)\b", re.IGNORECASE)
#: a present passive right after a mention describes a habit ("where trainings are usually held"), no activity
_HABIT_AFTER = re.compile(
    r"\s+(?:is|are)\s+(?:\w+ly\s+)?(?:organi[sz]ed|held|run|conducted|delivered|carried out|provided|offered|prepared|designed)\b",
    re.IGNORECASE,
)
#: a named or described activity after a definite article is new, not a back-reference
_DESCRIBED_AFTER = re.compile(r"^\s*(?:[\"']|on\b|for\b|regarding\b|about\b|sur\b)", re.IGNORECASE)
#: clauses whose date belongs to something else ("Following the endorsement of X in 2011, ...")
_OTHER_EVENT_CLAUSE = re.compile(r"^\W*(?:following|after|upon|since|before|ahead of|suite à|après|avant)\b", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|said|both|all|such|ce|cet|cette|ces|le|la|les|l'|les deux)\s+(?:[a-z0-9][\w-]*\s+){0,2}$",
    re.IGNORECASE,
)
_FUTURE_OR_PAST = re.compile(
    r"(?P<future>\b(?:will|shall)\b(?:\s+(?:also\s+|then\s+|not\s+)?(?:be|have been)\s+[a-z]+ed\b)?|\bforeseen\b|\bplanned\b|\bupcoming\b|\b(?:is|are) expected\b|\benvisaged\b|\bdue to (?:take place|be held)\b|"
    r"\bto be (?:organi[sz]ed|held|delivered|conducted)\b|\bscheduled\b|\bsera\b|\bseront\b|\bprévue?s?\b|\btiendra\b|\btiendront\b|\bauront? lieu\b|\bdevrai(?:t|ent)\b|\benvisagée?s?\b|\bprogrammée?s?\b|"
    r"\b(?:is|are) being (?:organi[sz]ed|prepared|planned)\b)"
    r"|(?P<past>\btook place\b|\bwas\b|\bwere\b|\bhas been\b|\bhave been\b|\bhad been\b|\bbegan\b|\bbegun\b|"
    r"\bstarted\b|\blaunched\b|\bheld\b|\borgani[sz]ed\b|\bconducted\b|\bdelivered\b|\bcompleted\b|\bprovided\b|"
    r"\bpresented\b|\bimplemented\b|\bgathered\b|\bhosted\b|\ba eu lieu\b|\bont eu lieu\b|\ba été\b|\bont été\b|\bs'est tenue?\b|\bse sont tenue?s\b)",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"\b(?:over |more than |some |about |around |plus de |environ )?(?P<n>(?!(?:19|20)\d\d\b)\d{1,5})\s+(?:[^\W\d][\w-]*\s+){0,2}?"
    r"(?:participants|representatives|officials|stakeholders|trainees|delegates|attendees|officers|prosecutors|judges|"
    r"police|border guards|staff|practitioners|professionals|members|journalists|students|instructors|people|persons|"
    r"participant\(e\)s|fonctionnaires|représentants|agents|personnes)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six ": 6, "sept": 7, "huit": 8,
}  # fmt: skip
_COUNTRIES = re.compile(r"\b(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:[\w-]+\s+){0,3}?(?:countries|pays)\b", re.IGNORECASE)
#: a bare year is a date only after one of these words ("in 2016", "early 2016"), not in a name ("the 2009 Survey")
_YEAR_CUE = re.compile(
    r"\b(?:in|during|throughout|early|late|mid|of|since|until|by|from|between|en|début|fin|courant|entre|pendant|"
    r"spring|summer|autumn|fall|winter|printemps|été|automne|hiver|"
    r"(?:planned|foreseen|scheduled|envisaged|expected|prévue?s?|programmée?s?)\s+(?:for|pour))\s*-?\s*$",
    re.IGNORECASE,
)


#: scheme labels that are too often plain verbs or nouns of something else to mark an activity
IGNORED_CUES = frozenset({"launch", "lancement", "other activity", "autre activité"})
#: after these words a mention restates the activity just named ("took the form of meetings")
_SAME_ACTIVITY_BEFORE = re.compile(r"\b(?:(?:took|take|takes|in) the form of|consisted of|consisting of|including|sous (?:la )?forme d[e']s?)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
#: "training ... to a group of trainers", "training for 20 future trainers": a training of trainers
_TRAINERS_AFTER = re.compile(
    r"(?:\s+(?:was|were|is|are|will be|has been|have been|provided|delivered|given|offered|organi[sz]ed))*\s+(?:to|for)\s+"
    r"(?:a\s+(?:group|pool|team|number)\s+of\s+|the\s+|some\s+|\d+\s+|[a-z]+\s+)?(?:[a-z][\w-]*\s+)?trainers\b"
    r"|\s+(?:de|des|pour|aux|à)\s+(?:\d+\s+|futurs?\s+|futures?\s+)?(?:formateurs|formatrices)\b",
    re.IGNORECASE,
)
#: "a review of the existing legislation": what a desk review studies
_TEXTS_REVIEWED_AFTER = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:legislation|legal|laws?|acts?|regulations?|policies|policy documents|documents|literature|framework|frameworks|procedures)\b",
    re.IGNORECASE,
)
#: "the strategy will be presented in a final activity": a vague activity that presents something
_PRESENTED_IN_BEFORE = re.compile(
    r"\b(?:presented|launched|présentée?s?|lancée?s?)\s+(?:at|in|during|on the occasion of|lors d'|lors de|à|au cours d')\s*"
    r"(?:a|an|the|un|une|l'|la|le)\s*(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
#: an activity described as the things it consisted of, which share its date
_FORM_OF = re.compile(r"\b(?:in|took|take|takes) the form of\b|\bconsist(?:ed|ing|s)? of\b|\bsous (?:la )?forme d", re.IGNORECASE)
#: what may stand between the dates of one activity: "in France from ... and in Belgium from ..."
_DATE_LIST_GLUE = re.compile(
    r"(?:[\s,;()]|\b(?:and|or|as well as|then|again|in|on|at|from|to|the|et|ou|puis|à|au|en|le|la|du|de|"
    r"first|second|third|fourth|fifth|last|next|final|latter|one|premier|première|deuxième|second|seconde|troisième|dernier|dernière)\b|"
    r"\b[A-Z][\w'’.-]*)*"
)
#: mentions of means, not of an activity ("through a series of consultations") unless dated
_MEANS_BEFORE = re.compile(r"\bthrough\s+(?:a\s+series\s+of\s+|a\s+set\s+of\s+|the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)


def _is_acronym(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and " " not in word


#: ceremonies are activities only when they present or launch something ("launched at a ceremony")
_CEREMONIES = frozenset({"ceremony", "ceremonie", "cérémonie"})
#: what may stand between the words of a cue
_WORD_GAP = r"[\s-]+"


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
        if _is_acronym(cue):
            parts.append((cue, re.escape(cue)))
            continue
        # every word in the singular or the plural: "séances de rédaction", "missions exploratoires"
        words = [re.escape(word) + ("s?" if len(word) > 2 and not word.endswith("s") else "") for word in re.split(r"[\s-]+", cue)]
        parts.append((cue, "(?i:" + _WORD_GAP.join(words) + ")"))
    return re.compile(rf"(?<![\w-]){alternation(parts)}(?![\w-])"), cues


def _fold_cue(cue_text: str) -> str:
    """A cue's words in lower case and the singular, one space apart: "Séances de rédaction" -> "séance de rédaction"."""
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in re.split(r"[\s-]+", cue_text.lower()))


@cache
def _folded_cues() -> dict[str, str]:
    """Each cue folded by `_fold_cue` -> the kind it names (the first cue's, as in `_cue_pattern`)."""
    folded: dict[str, str] = {}
    for cue, kind in _cue_pattern()[1].items():
        if not _is_acronym(cue):
            folded.setdefault(_fold_cue(cue), kind)
    return folded


def _kind_of(cue_text: str, cues: dict[str, str]) -> str | None:
    if cue_text in cues:
        return cues[cue_text]
    return _folded_cues().get(_fold_cue(cue_text))


def has_date(text: str, sentence: Span) -> bool:
    """True when the sentence states a usable date."""
    return bool(_dates_in(text, sentence))


def _dates_in(text: str, span: Span, default_year: int | None = None) -> list[FoundDate]:
    found = []
    for date in find_dates(text[span.start : span.end], offset=span.start, default_year=default_year):
        if len(date.value.start) == 4 and len(date.value.end or "") in (0, 4):
            # a bare year or years ("in 2016", "from 2016 to 2018"), not a name ("the 2016-2020 Plan")
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


def _count(pattern: re.Pattern, text: str, zone: Span) -> int | None:
    match = pattern.search(text, zone.start, zone.end)
    if not match:
        return None
    value = match.group("n").lower()
    return int(value) if value.isdigit() else _NUMBER_WORDS.get(value)


@dataclass
class _Mention:
    cue: re.Match
    kind: str
    start: int
    end: int
    dated_only: bool = False  # listed only with a date of its own ("the first activity ... in May 2012")

    def __post_init__(self) -> None:
        self.dated_only = self.dated_only or self.cue.group(0).lower() in DATED_ONLY_CUES


def _mentions(text: str, sentence: Span) -> list[_Mention]:
    """The activity-kind cues of one sentence, with adjacent ones merged and restatements dropped."""
    pattern, cues = _cue_pattern()
    mentions: list[_Mention] = []
    for cue in pattern.finditer(text, sentence.start, sentence.end):
        kind = _kind_of(cue.group(0), cues)
        after = text[cue.end() : cue.end() + 30]
        if not kind or _NOT_AN_ACTIVITY_AFTER.match(after):
            continue
        if kind == "training" and _VERB_AFTER.match(after) and cue.group(0).lower() == "training":
            continue
        if kind == "training" and _TRAINERS_AFTER.match(text, cue.end(), sentence.end):
            kind = "training of trainers"  # "training was provided to a group of trainers"
        before = text[max(sentence.start, cue.start() - 60) : cue.start()]
        desk = cue.group(0).lower() == "review" and bool(_TEXTS_REVIEWED_AFTER.match(text, cue.end(), sentence.end))
        if desk:
            kind = "desk review"  # "a review of the legislation on ...": a study of documents
        presented = kind in GENERIC_KINDS and bool(_PRESENTED_IN_BEFORE.search(before))
        if presented:
            kind = "presentation event"  # "will be presented in a final activity"
        elif _fold_cue(cue.group(0)) in _CEREMONIES:
            continue  # a signing ceremony, an opening ceremony: part of something else
        if mentions:
            previous = mentions[-1]
            gap = text[previous.end : cue.start()].strip()
            if not gap or gap == "(":
                # "policy exchange meetings": the head noun names the kind, unless the modifier is a
                # more specific kind ("needs assessment mission", "training of trainers workshop")
                if gap != "(" and not _modifier_names_kind(previous, kind):
                    previous.kind = kind
                previous.end = cue.end()
                continue
            if _FRENCH_OF.fullmatch(gap) and cue.group(0)[:1].islower():
                # "atelier de formation", "réunion de consultation": the head noun comes first in French
                if _modifier_names_kind(_Mention(cue, kind, cue.start(), cue.end()), previous.kind):
                    previous.kind = kind
                previous.end = cue.end()
                continue
            if _inside_a_name(text, previous, cue) or _inside_a_topic(text, previous, cue):
                continue
            if _SAME_ACTIVITY_BEFORE.search(before):
                if previous.kind in GENERIC_KINDS:
                    previous.kind = kind
                continue
        mention = _Mention(cue, kind, cue.start(), cue.end())
        if presented or desk:
            mention.dated_only = False
        if _MEANS_BEFORE.search(before):
            # "through a series of consultations": a means, unless the text dates it ("rolled out
            # through national trainings in May 2013"); it still ends the zone of the mention before
            mention.dated_only = True
        mentions.append(mention)
    # a vague "activity" followed by a specific kind in the same sentence is that activity
    merged: list[_Mention] = []
    for mention in mentions:
        if merged and merged[-1].kind in GENERIC_KINDS and mention.kind not in GENERIC_KINDS:
            generic = merged.pop()
            mention = _Mention(mention.cue, mention.kind, generic.start, mention.end, mention.dated_only)
        merged.append(mention)
    return merged


#: head nouns too broad to override the kind their modifier names ("needs assessment mission")
_BROAD_HEADS = frozenset({"mission", "meeting"}) | GENERIC_KINDS
#: modifiers that keep their kind before any head noun ("training of trainers workshop")
_STRONG_MODIFIERS = frozenset({"training of trainers"})
#: a capitalised name ending at a cue, object of the mention before it: "a consultation with the
#: Regional Ministers' Meeting ..." consults a body; the meeting is not another activity
_NAME_AFTER_PREPOSITION = re.compile(
    r"(?<!followed )(?<!preceded )(?<!suivie )(?<!suivi )\b(?:with|of|by|among|avec|auprès)\s+(?:the\s+|la\s+|le\s+|l'|les\s+|du\s+|des\s+)?"
    r"(?:[A-Z][\w'’&-]*\s+){1,6}$"
)


@cache
def _scheme_names() -> dict[str, str]:
    """Every label of the activity-kind scheme (lower case) -> its kind."""
    names: dict[str, str] = {}
    for label, labels in scheme_labels("activity-kind").items():
        for name in (label, *labels):
            names.setdefault(name.lower(), label)
    return names


def _modifier_names_kind(previous: "_Mention", head_kind: str) -> bool:
    """True when a cue right before a head noun names the compound's kind.

    A broad head ("mission", "meeting", "activities") takes the kind of a modifier that is a
    label of the activity-kind scheme ("needs assessment mission", "consultation meetings"); a
    looser cue word before it ("policy exchange meetings") leaves the head's kind.
    """
    if previous.kind in _STRONG_MODIFIERS or head_kind == previous.kind:
        return True
    if head_kind not in _BROAD_HEADS:
        return False
    if head_kind in GENERIC_KINDS:
        return True
    modifier = re.sub(r"[\s-]+", " ", previous.cue.group(0).lower())
    singular = modifier[:-1] if modifier.endswith("s") else modifier
    return previous.kind in (_scheme_names().get(modifier), _scheme_names().get(singular))


def _inside_a_name(text: str, previous: "_Mention", cue: re.Match) -> bool:
    """True for a capitalised cue that ends the name of a body the mention before it deals with."""
    if not cue.group(0)[:1].isupper():
        return False
    return bool(_NAME_AFTER_PREPOSITION.search(text, previous.end, cue.start()))


#: "gaps in the initial training of ...": a definite mention after one of these words names a practice
_PRACTICE_BEFORE = re.compile(
    r"\b(?:in|of|on|for|to|into|about|regarding|within|dans|sur|pour)\s+(?:the|their|its|la|le|les|l')\s*(?:[a-z][\w-]*\s+){0,2}$"
)
#: the subject of the mention before: "a workshop on the revision of the training modules"
_TOPIC_AFTER_MENTION = re.compile(
    r"\s+(?:on|about|regarding|concerning|sur|relatif à|relative à)\s+(?:the\s+|its\s+|their\s+|la\s+|le\s+|les\s+|l')?"
    r"(?:(?:(?!(?:and|or|et|ou|was|were|is|are|then|followed|with|a|an|un|une|in|en|à)\s)[\w'’-]+\s+){0,6}(?:of|de|du|des)\s+(?:the\s+|la\s+|le\s+|les\s+|l')?)?"
)
#: what joins a French head noun to the kind that qualifies it: "atelier (national) de formation"
_FRENCH_OF = re.compile(r"(?:[a-zéèêàâîôûç]+\s+)?(?:de|du|des|d')", re.IGNORECASE)


def _inside_a_topic(text: str, previous: "_Mention", cue: re.Match) -> bool:
    """True for a cue in the subject of the mention before it, after "of": "a workshop on the revision of the training"."""
    return cue.group(0)[:1].islower() and bool(_TOPIC_AFTER_MENTION.fullmatch(text, previous.end, cue.start()))


def find_activities(text: str, sentences: list[Span], *, background: Iterable[Span] = ()) -> list[ActivityRecord]:
    """The activities the sentences describe, in text order.

    A sentence also in `background` (an Action's objective) describes its context: only the
    activities it dates are taken from it.

    >>> from migkg.loaders.text import sentence_spans
    >>> passage = ("A scoping mission took place in Dili in May 2014. Two workshops followed in "
    ...            "June and August 2014. A study visit will be organised.")
    >>> [(a.kind, a.date and a.date.iso(), a.place and a.place.key, a.planned)
    ...  for a in find_activities(passage, sentence_spans(passage))]
    [('fact-finding mission', '2014-05', 'Dili', False), ('workshop', '2014-06', None, False), ('workshop', '2014-08', None, False), ('study visit', None, None, True)]
    """
    found: list[ActivityRecord] = []
    context_year: int | None = None
    previous_sentence_start = -1
    background = set(background)
    for sentence in sentences:
        dates = _dates_in(text, sentence, context_year)
        years = [int(d.value.start[:4]) for d in dates]
        mentions = _mentions(text, sentence)
        if not mentions and found:
            follower = _next_of_series(text, sentence, found[-1], dates)
            if follower is not None:
                found.append(follower)
        claimed: set[int] = set()
        dated_mention: tuple[int, list[FoundDate]] | None = None  # the latest mention given a date: start, dates
        for index, mention in enumerate(mentions):
            cue = mention.cue
            if mention.kind == SESSION:
                series = _series_kind(text, found)
                mention.kind = series or "other"
                mention.dated_only = series is None
            zone_end = mentions[index + 1].start if index + 1 < len(mentions) else sentence.end
            previous_end = mentions[index - 1].end if index else sentence.start
            own = [d for d in dates if mention.start <= d.span.start < zone_end]
            generic = mention.dated_only
            if own and generic:
                # "both activities fed into the report, which was published in 2015": not the activities' date
                relative = _RELATIVE.search(text, mention.end, own[0].span.start)
                if relative and not _OWN_VERB.match(text, relative.end()):
                    own = []
            if len(own) > 1:
                relative = _RELATIVE.search(text, own[0].span.end, zone_end)
                if relative:
                    own = [d for d in own if d.span.start < relative.start()]
            if len(own) > 1 and not _plural(cue.group(0)):
                # one activity, several dates: only a list of dates ("in France from ... and in Belgium from ...")
                kept = own[:1]
                for date in own[1:]:
                    between = text[kept[-1].span.end : date.span.start]
                    if _FUTURE_OR_PAST.search(between) or not _DATE_LIST_GLUE.fullmatch(between):
                        break
                    kept.append(date)
                own = kept
            if not own and generic:
                continue
            if generic and _PLURAL_REFERENCE_BEFORE.search(text[max(sentence.start, mention.start - 40) : mention.start]):
                continue
            if not own:
                earlier = [d for d in dates if d.span.end <= mention.start and id(d) not in claimed]
                if (
                    earlier
                    and not _OTHER_EVENT_CLAUSE.match(text[sentence.start : earlier[-1].span.start])
                    and not _RELATIVE.search(text, earlier[-1].span.end, mention.start)
                ):
                    own = [earlier[-1]]
                elif index + 1 < len(mentions) and re.search(
                    r"\b(?:and|as well as|et|ainsi que)\s+(?:[\w-]+\s+){0,3}$", text[mention.end : zone_end]
                ):
                    if not _FUTURE_OR_PAST.search(text, mention.end, zone_end):
                        following_end = mentions[index + 2].start if index + 2 < len(mentions) else sentence.end
                        own = [d for d in dates if zone_end <= d.span.start < following_end][:1]
                if not own:
                    own = _shared_date(text, mention, dates)
                if not own and dated_mention is not None:
                    # "the first activity took place in May 2012 in the form of a mission ... and a workshop"
                    form = _FORM_OF.search(text, dated_mention[0], mention.start)
                    if form and not _FUTURE_OR_PAST.search(text, form.end(), mention.start):
                        own = dated_mention[1][:1]
            claimed.update(id(d) for d in own if d.span.start >= mention.start)
            if own:
                dated_mention = (mention.start, own)
            if (mention.dated_only or sentence in background) and not own:
                continue
            if (
                index == 0
                and not own
                and found
                and found[-1].kind in GENERIC_KINDS
                and found[-1].date is not None
                and mention.kind not in GENERIC_KINDS
                and found[-1].span.end >= previous_sentence_start
            ):
                # "The first component will start in early 2016. A fact-finding mission will be organised..."
                found[-1].kind = mention.kind
                found[-1].span = Span(mention.start, mention.end)
                continue
            if not own and _PROGRAMME_AFTER.match(text[mention.end : mention.end + 20]):
                continue
            if not own and _HABIT_AFTER.match(text, mention.end, zone_end):
                continue  # "how such seminars are organised": a practice, not an activity of the Action
            planned = _planned(text, sentence, mention.start, zone_end, previous_end)
            is_reference = bool(_REFERENCE_BEFORE.search(text[max(sentence.start, mention.start - 40) : mention.start]))
            is_reference = (
                is_reference
                and cue.group(0)[:1].islower()
                and not cue.group(0).lower().endswith("presented")
                and not _DESCRIBED_AFTER.match(text[mention.end : mention.end + 12])
            )
            if (
                is_reference
                and not own
                and index > 0
                and _PRACTICE_BEFORE.search(text[max(sentence.start, mention.start - 50) : mention.start])
                and not any(a.kind == mention.kind for a in found)
            ):
                # "a needs assessment ... identified gaps in the initial training of ...": a practice the
                # activity before it deals with, not one more activity
                continue
            if is_reference and any(a.kind == mention.kind for a in found):
                undated = next((a for a in reversed(found) if a.kind == mention.kind and a.date is None), None)
                if undated is not None and own:
                    undated.date = own[0].value
                if undated is not None or not own or any(a.kind == mention.kind and a.date == own[0].value for a in found):
                    continue
            label = _label(text, cue, sentence)
            zone = Span(mention.start, zone_end)
            place = place_in(text, zone) or place_in(text, Span(previous_end, mention.start)) or town_in(text, zone)
            places = places_of_dates(text, zone, own) if len(own) > 1 else []
            participants = _count(_PARTICIPANTS, text, zone)
            countries = _count(_COUNTRIES, text, zone)
            for number, date in enumerate(own or [None]):
                found.append(
                    ActivityRecord(
                        kind=mention.kind,
                        span=Span(mention.start, mention.end),
                        label=label,
                        date=date.value if date else None,
                        place=(places[number] if places else None) or place,
                        planned=planned,
                        participants=participants,
                        countries=countries,
                    )
                )
        if years:
            context_year = years[-1]
        previous_sentence_start = sentence.start
    return found


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "next", "last", "final", "latter")
#: a sentence about the next of a series named before: "The second was on ... and took place in ..."
_ORDINAL_SUBJECT = re.compile(
    rf"\W*(?:the|a)\s+(?P<ordinal>{'|'.join(_ORDINALS)})(?:\s+one)?\s+"
    r"(?=(?:was|were|is|will|took|takes|focused|focuses|dealt|deals|addressed|addresses|covered|covers|targeted)\b)",
    re.IGNORECASE,
)


def _next_of_series(text: str, sentence: Span, last: ActivityRecord, dates: list[FoundDate]) -> ActivityRecord | None:
    """One more activity of a series ("four workshops ... The second was on ... and took place in April")."""
    subject = _ORDINAL_SUBJECT.match(text, sentence.start, sentence.end)
    named = text[last.span.start : last.span.end]
    if subject is None or not (_plural(named) or named.lower() in _ORDINALS):
        return None
    own = [d for d in dates if not _RELATIVE.search(text, subject.end(), d.span.start)]
    return ActivityRecord(
        kind=last.kind,
        span=Span(subject.start("ordinal"), subject.end("ordinal")),
        label=None,
        date=own[0].value if own else None,
        place=place_in(text, sentence) or town_in(text, sentence),
        planned=_planned(text, sentence, subject.end(), sentence.end, sentence.start),
        participants=_count(_PARTICIPANTS, text, sentence),
        countries=_count(_COUNTRIES, text, sentence),
    )


#: "..., all held in 2018", "les deux en mai 2019": a date that every activity listed before it shares
_DISTRIBUTIVE = re.compile(r"\b(?:all|both|each|all of them|tous|toutes|les deux|chacune?)\b(?:\s+[\w'-]+){0,3}\s*$", re.IGNORECASE)


def _shared_date(text: str, mention: "_Mention", dates: list[FoundDate]) -> list[FoundDate]:
    """The date a list of activities shares ("a study visit, two workshops and a training, all held in 2018")."""
    for date in dates:
        if date.span.start < mention.end:
            continue
        distributive = _DISTRIBUTIVE.search(text, max(mention.end, date.span.start - 40), date.span.start)
        if distributive and not _FUTURE_OR_PAST.search(text, mention.end, distributive.start()):
            return [date]
        return []
    return []


def _series_kind(text: str, found: list[ActivityRecord]) -> str | None:
    """The kind of the latest activity named as a session ("a knowledge exchange session"), if any."""
    for activity in reversed(found):
        words = re.split(r"[\s']+", text[activity.span.start : activity.span.end].lower())
        if {"session", "sessions", "séance", "séances"} & set(words) and activity.kind != "other":
            return activity.kind
    return None


def _plural(cue: str) -> bool:
    """True for a plural mention ("two workshops", "séances de rédaction"), which may stand for one activity per date."""
    words = cue.split()
    # the head comes before its complement: "séances de rédaction", "training of trainers"
    of = next((k for k, word in enumerate(words) if k and word.lower() in ("of", "de", "des", "du")), None)
    head = words[of - 1] if of is not None else words[0] if re.search(r"\sd'", cue) else words[-1]
    return head.endswith(("s", "x")) and head.lower() not in ("process",)
