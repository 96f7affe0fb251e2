"""Events a news item reports: meetings, conferences, workshops, trainings, missions, ceremonies.

An event is named by a singular event noun ("the meeting", "un atelier", "Thematic Meeting");
the sentence that names it gives its date, place and counts ("gathered 80 participants
representing 33 partner countries"). Later mentions of the same kind ("The meeting, held
under...") and generic ones ("the event") add to the event already found, and a sentence that
reports a gathering without naming it ("it gathered participants from 16 nations", a lede that
opens with the dates) adds to the item's main event. An event the text gives no date, place or
count for is not reported.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import regex

from migkg.loaders import dates, relative_dates
from migkg.loaders.concepts import scheme_labels
from migkg.loaders.news_relations import AGREEMENT_KEYWORDS
from migkg.loaders.records import ActivityRecord, DateValue, EntityRef, Span
from migkg.loaders.text import has_digit

#: (pattern, kind, family) beyond the labels of the activity-kind and meeting-kind schemes
EXTRA_EVENT_NOUNS: list[tuple[str, str, str]] = [
    (r"(?:signing|signature) ceremony|cérémonie de (?:la )?signature", "other", "ceremony"),
    (r"round[- ]?table(?: discussion)?|table ronde", "meeting", "gathering"),
    (r"expert panel|panel discussion|panel", "meeting", "gathering"),
    (r"side[- ]event|side[- ]session|parallel session|(?:é|e)v(?:é|è)nement parallèle|manifestation parallèle|"
     r"session parallèle", "meeting", "side event"),
    (r"field visit|site visit|visite de terrain|visite de site", "other", "field visit"),
    (r"(?<=\b(?:the|this|a|an|la|cette|une) (?:(?:short|brief|small|official|formal|joint|public|courte|brève|petite) )?)"
     r"(?:ceremony|cérémonie)", "other", "ceremony"),
    (r"inauguration|official opening|ouverture officielle", "other", "opening"),
    (r"rencontre", "meeting", "gathering"),
    (r"forum|summit|sommet", "conference", "gathering"),
    (r"webinar|webinaire", "seminar", "gathering"),
    (r"summer school|training programme|training program|université d'été", "training", "training"),
    (r"launch event|(?<=\b(?:the|a|its|this) )launch|(?<=\b(?:le|du|au) )lancement|presentation|présentation",
     "presentation event", "presentation"),
    (r"event|événement|évènement|activity|activité", "other", "generic"),
]  # fmt: skip
#: kinds that are one family: a later "the meeting" refers back to the "Thematic Meeting", "the
#: workshop" to the "atelier thématique" of the title
FAMILIES = {
    "thematic meeting": "gathering", "ministerial conference": "gathering", "senior officials' meeting": "gathering",
    "meeting": "gathering", "conference": "gathering", "workshop": "gathering", "seminar": "gathering",
    "consultation": "gathering", "review session": "gathering", "drafting session": "gathering",
    "training of trainers": "training", "fact-finding mission": "mission", "assessment mission": "mission",
    "presentation event": "presentation",
}  # fmt: skip
#: vocabulary labels that are no event nouns in running text (verbs, acronyms of other things)
_NOT_EVENT_LABELS = frozenset(["launch", "lancement", "other", "autre", "other activity", "autre activité"])


def _event_nouns() -> list[tuple[str, str, str]]:
    """Event nouns: every label of the activity-kind and meeting-kind schemes, then the extras; longest first."""
    nouns = []
    for scheme in ("meeting-kind", "activity-kind"):
        for kind, labels in scheme_labels(scheme).items():
            for label in labels:
                if label.lower() in _NOT_EVENT_LABELS or (label.isupper() or sum(c.isupper() for c in label) > 1):
                    continue
                nouns.append((regex.escape(label).replace("\\ ", r"\s+").replace("'", "['’]"), kind, FAMILIES.get(kind, kind)))
    nouns.extend(EXTRA_EVENT_NOUNS)
    return sorted(nouns, key=lambda noun: -len(noun[0]))


EVENT_NOUNS = _event_nouns()
_NOUN_RE = regex.compile(
    r"(?<![\p{L}-])(?:" + "|".join(f"(?P<n{i}>{p})" for i, (p, _, _) in enumerate(EVENT_NOUNS)) + r")(?![\p{L}-])",
    regex.IGNORECASE,
)
#: verbs that report a gathering; with a date or a count they make a sentence about the event
GATHERING = regex.compile(
    r"\b(?:gathered|convened|brought together|attended|participated|took part|took place|(?:was|were) held|held|"
    r"hosted|organi[sz]ed|opened|met(?! en)|presented|launched|a réuni|ont réuni|ont participé|a eu lieu|ont eu lieu|"
    r"s'est tenue?|se sont tenue?s|s'est déroulée?|se sont déroulée?s|organisée?s?|a accueilli|présentée?s?|lancée?s?|a rencontré|ont rencontré|"
    r"s'est réunie?|se sont réunie?s|se sont retrouvée?s|se sont rencontrée?s|ont pris part|ont assisté|a tenu|ont tenu|a rassemblé|ont rassemblé|rassemblant|réunissant|"
    r"visited|a visité|ont visité|drew|attracted|a attiré|ont attiré|inaugurated|(?:a|ont|été)\s+inauguré(?:e|s|es)?|"
    r"(?:was|were)\s+(?:officially\s+)?opened)\b",
    regex.IGNORECASE,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18,
    "dix-neuf": 19, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "cent": 100,
}  # fmt: skip
_NUMBER_WORDS.update({
    "one": 1, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "un": 1, "une": 1, "six": 6, "soixante": 60,
})  # fmt: skip
#: "two hundred", "trois cents": hundreds in words
_NUMBER_WORDS.update({f"{unit} hundred": n * 100 for unit, n in list(_NUMBER_WORDS.items()) if 2 <= n <= 9 and unit.isascii()})
_NUMBER_WORDS.update({f"{unit} cents": n * 100 for unit, n in list(_NUMBER_WORDS.items()) if 2 <= n <= 9})
#: "une soixantaine", "a dozen": round counts ("some sixty")
_ROUND_NUMBERS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "dozen": 12,
}  # fmt: skip
_NUMBER_WORDS.update({f"{article} {word}": n for word, n in _ROUND_NUMBERS.items() for article in ("une", "a")})
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
         "vingt", "trente", "quarante", "cinquante", "soixante")  # fmt: skip
_UNITS = [w for w, n in _NUMBER_WORDS.items() if 1 <= n <= 19]


def _alternatives(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


#: "fifty-two", "twenty one", "cinquante-trois", "vingt et un", "soixante-quinze", "quatre-vingt-dix"
_COMPOUND_NUMBER = (
    rf"(?:quatre-vingts?|{_alternatives(_TENS)})(?:(?:-|\s+)(?:et(?:-|\s+))?(?:{_alternatives(_UNITS)})(?![\p{{L}}-]))?"
)
_HUNDRED_MULTIPLIERS = {w: n for w, n in _NUMBER_WORDS.items() if 1 <= n <= 9 and " " not in w and w not in ("une",)}
#: "one hundred and ten", "two hundred twenty-five", "cent vingt", "deux cent trente": hundreds and what follows
_HUNDRED_NUMBER = (
    rf"(?:(?:{_alternatives(_HUNDRED_MULTIPLIERS)}|a)[\s-]+)?(?:hundred|cents?)"
    rf"(?:(?:\s+and)?[\s-]+(?:{_COMPOUND_NUMBER}|(?:{_alternatives(_UNITS)})(?![\p{{L}}-])))?(?![\p{{L}}-])"
)
_NUMBER = (
    r"(?P<number>\d{1,3}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d+|" + _HUNDRED_NUMBER + "|" + _COMPOUND_NUMBER + "|"
    + _alternatives(_NUMBER_WORDS) + r")"
)
#: the total a count is out of ("11 of the 12", "eleven of the twelve")
_TOTAL = r"(?:\d+|" + _COMPOUND_NUMBER + "|" + _alternatives(_NUMBER_WORDS) + ")"
_PARTICIPANTS = regex.compile(
    rf"(?<![\p{{L}}\d])(?!(?:19|20)\d\d(?!\d)){_NUMBER}\s+(?:(?!(?:with|avec|{_alternatives(_NUMBER_WORDS)})\s)[\p{{L}}-]+\s+){{0,3}}?"
    r"(?:participants?|representatives|delegates|attendees|officials|officers|people|persons|stakeholders|"
    r"practitioners|professionals|prosecutors|judges|représentant(?:e)?s|délégué(?:e)?s|personnes|participante?s|"
    r"fonctionnaires|agents|responsables|praticiens|enquêteurs|magistrats|policiers|procureurs|guards|"
    r"trainees|students|journalists|policymakers|policy-makers|stagiaires|étudiants|journalistes|"
    r"gardes-frontières|garde-côtes|guests|invités|invitées|investigators|inspectors|inspecteurs|cadres|civil\s+servants|"
    r"mayors|maires|ministers|ministres|"
    r"experts(?=\s+(?:from|representing|of|venue?s\s+d|issue?s\s+d|représentant|de\s|des\s|d['’])))\b",
    regex.IGNORECASE,
)
_COUNTRIES = regex.compile(
    rf"(?<![\p{{L}}\d]){_NUMBER}\s+(?:(?:of\s+(?:the\s+|its\s+|their\s+)?|des\s+|sur\s+(?:les\s+)?){_TOTAL}\s+)?"
    r"(?:of\s+(?:the\s+)?(?-i:\p{Lu})[\p{L}-]*(?:\s+(?-i:\p{Lu})[\p{L}-]*){0,3}['’]s?\s+"  # "15 of the Dialogue's Member States"
    rf"(?:{_TOTAL}\s+)?)?"
    r"(?:(?:partner|different|african|european|member|participating|other|"
    r"(?-i:\p{Lu}[\p{L}-]*))\s+){0,4}(?:countries|nations|states|pays|états|etats)(?:\s+(?:partenaires|membres|participants))?"
    r"(?!\s+(?:and|et)\s+(?:organi[sz]ations|institutions))\b",
    regex.IGNORECASE,
)
#: "in Bangui", "in Istanbul, Turkey", "à Bamako", "Municipality of Sfax"
_PLACE_CUE = regex.compile(
    r"(?:\b(?:in|at|to|à|au|en)\s+|Municipality of\s+|Municipalité de\s+|City of\s+|Ville de\s+)"
    r"(?P<place>\p{Lu}[\p{Ll}'-]+(?:[ -]\p{Lu}[\p{Ll}'-]+)?)(?P<country>,\s*\p{Lu}[\p{L}' -]+?)?(?=[\s,.;:)]|$)"
)
#: "from 27 different countries and organisations including ...": the countries are those listed
_MIXED_COUNT = regex.compile(
    r"\d+\s+(?:\p{L}+\s+)?(?:countries|pays)\s+(?:and|et)\s+(?:organi[sz]ations|institutions)", regex.IGNORECASE
)
#: an announced event: "will take place", "se tiendra"
_FUTURE = regex.compile(
    r"\b(?:will\s+(?:be\s+)?(?:take\s+place|held|hold|organi[sz]ed?|gather|convene|follow)|is\s+scheduled|(?:is|are)\s+(?:foreseen|envisaged)|"
    r"is\s+planned|(?:is|are)\s+(?:expected|due|set)\s+to\s+(?:take\s+place|be\s+held|convene|meet)|"
    r"aura\s+lieu|se\s+tiendra|sera\s+organisée?|est\s+prévue?|seront\s+organisée?s|prévue?s?\s+(?:à|en|pour|le)|"
    r"devrait\s+(?:se\s+tenir|avoir\s+lieu)|(?:will|shall)\s+be\s+hosted|sera\s+accueillie?)\b",
    regex.IGNORECASE,
)
#: verbs beyond those of gathering that say an event happens or happened (a lede without them may speak of
#: training or meetings in general: "employers should help design the training")
_HAPPENS = regex.compile(
    r"\b(?:took|takes|take)\s+place|\b(?:signed|signing|signé(?:e|s|es)?|kicked\s+off|started|began|concluded|"
    r"closed|ended|wrapped\s+up|delivered|conducted|carried\s+out|completed|a\s+débuté|a\s+commencé|s'est\s+clôturée?|"
    r"s'est\s+achevée?|a\s+été\s+(?:organisée?|dispensée?|menée?|réalisée?)|ont\s+été\s+(?:organisée?s|menée?s)|"
    r"(?:was|were|is|are|has\s+been|have\s+been)\s+(?:successfully\s+)?(?:held|organi[sz]ed|delivered|conducted|run))\b",
    regex.IGNORECASE,
)
#: words for the people who attend: a sentence that counts them speaks of the item's main event
_ATTENDANCE = regex.compile(
    r"\b(?:participants?|representatives|delegates|delegations|attendees|représentant(?:e)?s|délégué(?:e)?s|délégations|"
    r"participante?s|took\s+part|pris\s+part|representing|participating)\b",
    regex.IGNORECASE,
)
#: "on the margins of", "en marge de": the event named next is the setting of another
_SIDELINES = regex.compile(
    r"\b(?:on|in|at)\s+the\s+(?:margins?|sidelines?)\s+of\s+(?:the\s+|this\s+|a\s+)?$|"
    r"\ben\s+marge\s+(?:de\s+(?:la\s+|l['’])?|du\s+|des\s+|d['’])$",
    regex.IGNORECASE,
)
#: "met with the ministry", "a rencontré le ministre": a meeting the verb alone reports
_MET_WITH = regex.compile(
    r"\bmet\s+(?:\p{L}+\s+)?with\b|\b(?:a|ont)\s+rencontré\b|\bs['’](?:est|sont)\s+entretenue?s?\s+avec\b", regex.IGNORECASE
)
#: "on a mission to Baku": a trip, not an event of its own; its date and place are the main event's
_ON_MISSION = regex.compile(r"\b(?:on|en)\s+(?:an?\s+|official\s+)?mission\b", regex.IGNORECASE)
#: a plan or commitment: the countries it names after it are where something is to happen, not who came
_INTENTION = regex.compile(
    r"\b(?:plans?|agreed|decided|committed|pledged|undertook|intends?|intended|aims?|aimed)\s+(?:to|on\s+a\s+plan\s+to)\s"
    r"|\b(?:prévoi(?:t|ent)|décidé|convenu)\s+d(?:e\s|['’])|\bs['’]engag\w*\s+à\s|\bplan\s+(?:visant|pour)\s",
    regex.IGNORECASE,
)
#: "nine officials spent a week in Latvia", "ont passé trois jours à Rabat": people present at the lede's event
_PRESENCE = regex.compile(
    r"\b(?:spent\s+(?:a|an|one|two|three|four|five|six|seven|several|\d+)\s+(?:days?|weeks?)|travel+ed\s+to|"
    r"ont\s+passé\s+(?:une|deux|trois|quatre|cinq|six|sept|plusieurs|\d+)\s+(?:jours|journées|semaines?)|"
    r"se\s+sont\s+rendue?s\s+(?:à|au|aux|en))\b",
    regex.IGNORECASE,
)
_LEDE_DATE = regex.compile(r"^\s*(?:On|From|Between|Du|Le|Les|Entre|Del?)?\s*\d", regex.IGNORECASE)
_YEARLESS = regex.compile(
    r"(?<![\p{L}\d])(?P<expr>\d{1,2}(?:\s*(?:[-–—]|to|au|and|et)\s*\d{1,2})?\s+(?:"
    + "|".join(sorted((re.escape(m) for m in dates.MONTHS), key=len, reverse=True))
    + r")\.?)(?!\s*,?\s*\d{4})(?![\p{L}])",
    regex.IGNORECASE,
)
_PLURAL_NEXT = regex.compile(r"^s\b")
#: "in 2025", "en 2025": a bare year that dates an announced event
_IN_YEAR = regex.compile(
    r"\b(?:in|by|early|late|en|courant|début|fin|spring|summer|autumn|fall|winter|printemps|été|automne|hiver)\s+$",
    regex.IGNORECASE,
)
#: "The first of them", "the next one", "la première d'entre elles", "le premier de ces ateliers": an event
#: picked out of a plural named in the sentence before
_ONE_OF_THEM = regex.compile(
    r"\b(?:the\s+)?(?:first|second|third|next|last|final)\s+(?:of\s+(?:them|these|those)|one)\b|"
    r"\b(?:le|la)\s+(?:premi(?:er|ère)|deuxième|second(?:e)?|troisième|prochaine?|derni(?:er|ère))\s+"
    r"(?:d['’]entre\s+(?:eux|elles)|de\s+(?:ces|celles-ci|ceux-ci))\b",
    regex.IGNORECASE,
)
#: a plural event noun: "thematic meetings", "des ateliers", "réunions thématiques"
_PLURAL_EVENT = regex.compile(
    r"(?<![\p{L}-])(?P<noun>(?:\p{L}+\s+)?(?:meetings|conferences|workshops|seminars|trainings|sessions|webinars|"
    r"forums|consultations|missions|events|activities|study\s+visits|réunions|conférences|ateliers|séminaires|"
    r"formations|sessions|webinaires|rencontres|activités|visites\s+d'étude)(?:\s+th[ée]matiques|\s+r[ée]gionales|\s+r[ée]gionaux)?)(?![\p{L}-])",
    regex.IGNORECASE,
)
#: words after an event noun that make it a modifier ("training needs", "meeting room")
_MODIFIED = regex.compile(
    r"^\s+(?:needs|materials?|reports?|rooms?|agendas?|participants|modules?|manuals?|curricul(?:um|a)|centres?|"
    r"centers?|cycles?|statements?|partners|facilit(?:y|ies)|tools?|plans?|series|documents?|besoins|supports?|"
    r"outils?|rapports?|programmes?|priorities|priorités|gaps|capacit(?:y|ies)|staff|activities|institutions?|"
    r"polic(?:y|ies)|strateg(?:y|ies)|providers|budgets?|costs?|venues?|sessions|courses)\b",
    regex.IGNORECASE,
)


@dataclass
class _Event:
    kind: str
    family: str
    label: str
    span: Span
    named: bool
    main: bool = False  # named in the title or the first sentence: reported even without facts...
    stated: bool = True  # ...when that sentence says it happens (a verb of gathering or signing, or a name)
    planned: bool = False
    date: DateValue | None = None
    week: bool = False  # the date is the week of "this week", "la semaine dernière": later days narrow it
    place: EntityRef | None = None
    participants: int | None = None
    countries: int | None = None
    refs: list[EntityRef] = field(default_factory=list)

    def has_facts(self) -> bool:
        return bool(self.date or self.place or self.participants or self.countries)

    def record(self) -> ActivityRecord:
        return ActivityRecord(
            kind=self.kind,
            span=self.span,
            label=self.label,
            date=self.date,
            place=self.place,
            planned=self.planned,
            participants=self.participants,
            countries=self.countries,
        )


def _number(value: str) -> int | None:
    """A count written in digits ('1,200') or words ('fifty-two', 'cinquante-trois', 'quatre-vingt-dix')."""
    words = value.lower().strip()
    if words in _NUMBER_WORDS:
        return _NUMBER_WORDS[words]
    hundreds = regex.fullmatch(r"(?:(?P<times>[\p{L}]+)[\s-]+)?(?:hundred|cents?)(?:\s+and)?(?:[\s-]+(?P<rest>.+))?", words)
    if hundreds and regex.fullmatch(_HUNDRED_NUMBER, words, regex.IGNORECASE):
        times = hundreds.group("times")
        multiplier = 1 if times in (None, "a") else _NUMBER_WORDS.get(times)
        rest = _number(hundreds.group("rest")) if hundreds.group("rest") else 0
        return multiplier * 100 + rest if multiplier is not None and rest is not None else None
    if regex.fullmatch(_COMPOUND_NUMBER, words, regex.IGNORECASE):
        total = 0
        if words.startswith("quatre-vingt"):
            total, words = 80, words[len("quatre-vingt") :].lstrip("s")
        for word in regex.split(r"[-\s]+", words):
            if word and word != "et":
                total += _NUMBER_WORDS[word]
        return total
    digits = words.replace(",", "").replace(".", "").replace(" ", "").replace("\u00a0", "")
    return int(digits) if digits.isdigit() else None


def sentence_dates(
    sentence: str, offset: int, reference_year: int | None, *, years: bool = False, publication: str | None = None
) -> list[dates.FoundDate]:
    """Dates of a sentence at month precision or finer (bare years too when `years`: a sentence announcing
    an event "in 2025"); a day and month without a year take the item's year.

    With the item's `publication` day, relative dates are resolved against it (`migkg.loaders.relative_dates`).
    """
    def kept(found: dates.FoundDate) -> bool:
        in_year = years and found.value.end is None and _IN_YEAR.search(sentence, 0, found.span.start - offset)
        return len(found.value.start) >= 7 or bool(in_year)

    if relative_dates.is_calendar_day(publication):
        return [d for d in relative_dates.dates_with_relative(sentence, publication, offset=offset) if kept(d)]
    if not has_digit(sentence):
        return []
    found = [d for d in dates.find_dates(sentence, offset=offset) if kept(d)]
    if reference_year is None:
        return found
    covered = [(d.span.start - offset, d.span.end - offset) for d in found]
    for match in _YEARLESS.finditer(sentence):
        if any(s <= match.start() < e for s, e in covered):
            continue
        value = dates.parse_date(f"{match.group('expr')} {reference_year}")
        if value:
            found.append(dates.FoundDate(value, Span(offset + match.start(), offset + match.end("expr"))))
    return sorted(found, key=lambda d: d.span.start)


def _last_day(chunk: str, last_day: date | None) -> date | None:
    """The last day (the end of a range) a sentence gives, else `last_day`."""
    if not has_digit(chunk):
        return last_day
    for found in dates.find_dates(chunk):
        value = found.value.end if found.value.end and len(found.value.end) >= 10 else found.value.start
        if len(value) >= 10:
            last_day = date.fromisoformat(value[:10])
    return last_day


def find_events(
    text: str,
    sentences: list[Span],
    entities: list[EntityRef],
    *,
    reference_date: str | None,
    excluded: list[Span] = (),
    signature_date: DateValue | None = None,
    lede: int = 0,
) -> list[ActivityRecord]:
    """The events the sentences report, each with what the text says of its date, place and size.

    :param reference_date: the item's date; its year completes dates written without one.
    :param excluded: spans where event nouns are not events (people's role titles: "Head of Mission", names of
        organisations): a mention that lies wholly inside one.
    :param signature_date: the date of the agreement the item reports, the date of its signing ceremony.
    :param lede: how many sentences (title and first sentence) name the item's main events, which
        are reported even when the text gives no date, place or count for them.
    """
    reference_year = int(reference_date[:4]) if reference_date and reference_date[:4].isdigit() else None
    context_year = reference_year
    events: list[_Event] = []
    last_day = None  # the last day the text gave, from which "the same day", "le lendemain" count
    lede_count = None  # a lede's count of who took part, given before the sentence that names the event
    for index, sentence in enumerate(sentences):
        chunk = text[sentence.start : sentence.end]
        previous_day, last_day = last_day, _last_day(chunk, last_day)
        mentions = [
            m for m in _event_mentions(chunk, sentence.start)
            if not any(x.start <= m.span.start and m.span.end <= x.end for x in excluded)
        ]
        # "on the sidelines of the workshop, the team met ...": the workshop is where, not what, the sentence reports
        aside = [m for m in mentions if _MET_WITH.search(chunk) and _SIDELINES.search(text, sentence.start, m.span.start)]
        mentions = [m for m in mentions if m not in aside]
        gathering = GATHERING.search(chunk)
        trip = _ON_MISSION.search(chunk)
        attendance = _ATTENDANCE.search(chunk)
        future = _FUTURE.search(chunk)
        if not mentions and index > 0 and (one_of := _ONE_OF_THEM.search(chunk)):
            earlier = Span(sentences[max(0, index - 3)].start, sentences[index - 1].end)
            picked = _one_of_them(text, earlier, sentence.start + one_of.start(), sentence.start + one_of.end())
            mentions = [picked] if picked else []
        if not (mentions or gathering or trip or attendance or index <= lede):
            context_year = _latest_year(chunk, context_year)
            continue  # a sentence that speaks of no event
        anchor = mentions[0].span.start if mentions else sentence.start + (gathering.start() if gathering else 0)
        facts = _sentence_facts(text, sentence, chunk, entities, reference_year or context_year, anchor,
                                years=bool(future and mentions), publication=reference_date)
        if (both := _opening_and_closing_days(chunk, reference_date)) is not None:
            facts.date = (both, sentence)  # "la rencontre, ouverte mardi, s'est achevée hier"
        elif facts.date is None and not future and (day := relative_dates.named_day(chunk, reference_date)) is not None:
            facts.date = (day, sentence)  # "on Tuesday", "hier", "ce lundi": counted back from the item's date
        elif facts.date is None and (day := relative_dates.day_after_last(chunk, previous_day)) is not None:
            facts.date = (day, sentence)  # "the same day", "le lendemain": from the last day the text gave
        context_year = _latest_year(chunk, context_year)
        happens = bool(gathering or future or trip or _HAPPENS.search(chunk)) or index < lede - 1
        for mention in mentions:
            mention.main = index < lede
            mention.stated = happens or mention.named or mention.family == "ceremony"
        if mentions:
            chosen = _dated_mention(mentions, facts)
            target = None
            for position, mention in enumerate(mentions):
                merged = _merge_target(events, mention)
                if merged is not None and position == chosen and facts.date and (
                    joined := _opened_and_closed(chunk, facts.date[0], merged.date)
                ):
                    merged.date, merged.week = joined, False  # "wrapped up yesterday ... opened on 13 May": two days
                    facts.date = (joined, facts.date[1])
                if (
                    merged is not None and position == chosen and facts.date and not _within(facts.date[0], merged.date)
                    and not (merged.date is not None and facts.date[0].end and _within(merged.date, facts.date[0]))
                ):
                    merged = None  # another date: another event
                elif merged is not None and future and merged.date is not None and _another_kind(mention, merged):
                    merged = None  # "a senior officials' meeting will follow": announced after the one reported
                if merged is None:
                    events.append(mention)
                    merged = mention
                elif mention.named and not merged.named:
                    merged.label, merged.named, merged.kind = mention.label, True, _specific(merged.kind, mention.kind)
                else:
                    merged.kind = _specific(merged.kind, mention.kind)
                if mention.main and not (merged.main and merged.stated):
                    merged.main, merged.stated = True, mention.stated
                if position == chosen:
                    target = merged
            _apply(target, facts, sentence)
            if future and target.date is not None and target.span == sentence:
                target.planned = True
        elif gathering and _PLURAL_EVENT.search(chunk, 0, gathering.start()):
            pass  # "45 activities gathered 1,200 participants": many events, none of them the item's
        elif facts.any() and (
            gathering
            or trip
            or (index <= lede and _LEDE_DATE.match(chunk) and facts.date)
            or ((facts.participants or facts.countries) and attendance)
            or (index < lede and facts.participants and _PRESENCE.search(chunk))
            # "Thirty officers have completed a course": a lede that counts who took part in what it reports
            or (index < lede and facts.participants and _HAPPENS.search(chunk) and not _PLURAL_EVENT.search(chunk))
        ):
            if events and facts.date and _MET_WITH.search(chunk) and (
                aside or (
                    events[0].date is not None
                    and not _within(facts.date[0], events[0].date) and not _within(events[0].date, facts.date[0])
                )
            ):
                # "on the margins of the workshop, the team met yesterday with the ministry": a meeting of its own day
                event = _Event("meeting", "gathering", "meeting", sentence, named=False)
                events.append(event)
                _apply(event, facts, sentence)
            elif events:
                _apply(events[0], facts, sentence, only_missing=True)
            elif gathering and facts.date and not _long_before(facts.date[0], reference_date):
                event = _Event("other", "generic", "event", sentence, named=False)
                events.append(event)
                _apply(event, facts, sentence)
            elif index < lede and facts.participants:
                lede_count = _Facts(participants=facts.participants)
        if events and lede_count is not None:
            _apply(events[0], lede_count, sentence, only_missing=True)
            lede_count = None
    for event in events:
        if event.family == "ceremony" and event.date is None and signature_date is not None:
            event.date = signature_date
    return [
        event.record() for event in events
        if (event.has_facts() or (event.main and event.stated)) and not _vaguely_planned(event)
    ]


def _vaguely_planned(event: "_Event") -> bool:
    """True for an announced event the text gives only a month or a season for ("a training of trainers is foreseen
    for the first quarter of 2023"), by a common noun, and no place or count: an intention, not an event to report
    (a named one, "the next Ministerial Consultation ... in 2023", is)."""
    if not event.planned or event.named or event.place or event.participants or event.countries or event.date is None:
        return False
    return len(event.date.iso().split("/")[0]) < len("2023-01-01")


def _another_kind(mention: "_Event", event: "_Event") -> bool:
    """True when a mention names a specific kind of event other than the event's ('senior officials' meeting'
    after a 'ministerial conference'), not a generic word for it ('the meeting')."""
    generic = ("meeting", "other", "conference", "workshop")
    return mention.kind != event.kind and mention.kind not in generic and not mention.label.startswith("the ")


def _long_before(date: DateValue, reference_date: str | None) -> bool:
    """True for a date more than a year before the item's: background ('the Process was launched in July
    2006'), not the event the item reports."""
    if not reference_date or len(reference_date) < 4 or not reference_date[:4].isdigit():
        return False
    return int((date.end or date.start)[:4]) < int(reference_date[:4]) - 1


def _latest_year(chunk: str, year: int | None) -> int | None:
    """The year of the last full date of a sentence, else `year`: what a later '22 November' belongs to."""
    for found in reversed(dates.find_dates(chunk)) if has_digit(chunk) else ():
        if len(found.value.start) >= 7:
            return int(found.value.start[:4])
    return year


def _dated_mention(mentions: list["_Event"], facts: "_Facts") -> int:
    """Which of a sentence's event mentions its date belongs to: the last one named before the date
    ('the outcomes of the meeting go to the next Forum, to be held in May 2025'), else the first."""
    if not facts.date or len(mentions) < 2:
        return 0
    before = [i for i, m in enumerate(mentions) if m.span.start <= facts.date[1].start]
    return before[-1] if before else 0


def _one_of_them(text: str, previous: Span, start: int, end: int) -> "_Event | None":
    """'The first of them' after a sentence naming events in the plural ('thematic meetings'): one of them,
    an event of its own."""
    plural = None
    for match in _PLURAL_EVENT.finditer(text, previous.start, previous.end):
        plural = match
    if plural is None:
        return None
    singular = regex.sub(r"s\b", "", plural.group("noun").lower())
    found = _NOUN_RE.search(singular)
    kind, family, label = ("other", "generic", singular)
    if found:
        _, kind, family = EVENT_NOUNS[int(found.lastgroup[1:])]
        label = found.group(0)
    # a family of its own: one of several events never merges into the one already reported
    return _Event(kind, f"one of {family}@{start}", label, Span(start, end), named=False)


@dataclass
class _Facts:
    date: tuple[DateValue, Span] | None = None
    week: bool = False  # the date is a week given by a relative phrase ("this week")
    place: EntityRef | None = None
    participants: int | None = None
    countries: int | None = None

    def any(self) -> bool:
        return bool(self.date or self.place or self.participants or self.countries)


def _sentence_facts(
    text: str, sentence: Span, chunk: str, entities: list[EntityRef], year: int | None, anchor: int,
    *, years: bool = False, publication: str | None = None,
) -> _Facts:
    """Date (the one nearest the event's mention), place and counts a sentence states."""
    facts = _Facts()
    found = [
        d for d in sentence_dates(chunk, sentence.start, year, years=years, publication=publication)
        if not _after_since(chunk, d.span.start - sentence.start)
    ]
    # a date the sentence writes out ("held on 14 and 15 June") over a relative word ("today") beside it
    written = [d for d in found if has_digit(text[d.span.start : d.span.end])]
    found = written or found
    if found:
        nearest = min(found, key=lambda d: (abs(d.span.start - anchor), d.span.start < anchor))
        facts.date = (_over_days(chunk, nearest.value), nearest.span)
        facts.week = bool(_WEEK_WORD.search(text, nearest.span.start, nearest.span.end))
    facts.place = _place(text, sentence, chunk, entities)
    participants = _PARTICIPANTS.search(chunk)
    if participants:
        facts.participants = _number(participants.group("number"))
    countries = _COUNTRIES.search(chunk)
    if countries and _INTENTION.search(chunk, 0, countries.start()):
        countries = None  # "agreed on a plan to pass the training on to colleagues in six states": not who came
    if countries:
        facts.countries = _number(countries.group("number"))
    elif _MIXED_COUNT.search(chunk):
        listed = {e.key for e in entities if e.kind == "country" and sentence.start <= e.span.start < sentence.end}
        if len(listed) >= 3:
            facts.countries = len(listed)
    return facts


#: a relative date that is a whole week ("this week", "la semaine dernière")
_WEEK_WORD = regex.compile(r"\b(?:week|semaine)\b", regex.IGNORECASE)
#: "the two-day consultation, which closed today", "l'atelier de trois jours, ouvert hier": a length in days
_DAYS_LONG = regex.compile(
    r"\b(?P<n>two|three|four|five|[2-5])[- ]day\b|\bde\s+(?P<fr>deux|trois|quatre|cinq|[2-5])\s+jours\b", regex.IGNORECASE
)
_DAYS = {"two": 2, "three": 3, "four": 4, "five": 5, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
_CLOSED = regex.compile(
    r"\b(?:closed|ended|concluded|wrapped\s+up|s['’]est\s+(?:achevée?|clôturée?|terminée?)|a\s+pris\s+fin)\b", regex.IGNORECASE
)
_OPENED = regex.compile(r"\b(?:opened|began|started|kicked\s+off|s['’]est\s+ouverte?|a\s+débuté|a\s+commencé)\b", regex.IGNORECASE)
#: "la rencontre, ouverte mardi": an opening day given by the participle alone
_OPENED_ON = regex.compile(r"\bouverte?s?\s+(?:le\s+)?(?=\d|\p{L}+di\b|hier)", regex.IGNORECASE)
#: the most days between the opening and the closing day of one event
_MAX_DAYS_APART = 6


def _opening_to_closing(opening: str, closing: str) -> DateValue | None:
    """The range from an event's opening day to its closing day (ISO dates), when the closing day follows
    within `_MAX_DAYS_APART` days; else None."""
    if not 0 < (date.fromisoformat(closing) - date.fromisoformat(opening)).days <= _MAX_DAYS_APART:
        return None
    return DateValue(opening, closing)


def _opening_and_closing_days(chunk: str, reference_date: str | None) -> DateValue | None:
    """The range of a sentence that says when an event opened and when it closed, each a day ("opened on
    Tuesday and closed yesterday"); None otherwise."""
    if not (reference_date and (_OPENED.search(chunk) or _OPENED_ON.search(chunk)) and _CLOSED.search(chunk)):
        return None
    days = sorted({f.value.start for f in relative_dates.dates_with_relative(chunk, reference_date[:10])
                   if len(f.value.start) == 10 and not f.value.end})
    return _opening_to_closing(*days) if len(days) == 2 else None


def _opened_and_closed(chunk: str, day: DateValue, known: DateValue | None) -> DateValue | None:
    """The range from the day an event opened to the day it closed, when `chunk` gives one of those days
    (`day`, "opened on 13 May") and an earlier sentence the other (`known`, "wrapped up yesterday"); else None."""
    if known is None or day.end or known.end or len(day.start) != 10 or len(known.start) != 10:
        return None
    opened, closed = _OPENED.search(chunk), _CLOSED.search(chunk)
    if opened and not closed:
        return _opening_to_closing(day.start, known.start)
    if closed and not opened:
        return _opening_to_closing(known.start, day.start)
    return None


def _over_days(chunk: str, value: DateValue) -> DateValue:
    """A single day that closes or opens an event of a stated length as the event's range ('the two-day
    meeting, which closed today'); any other date as it is."""
    length = _DAYS_LONG.search(chunk)
    if length is None or value.end or len(value.start) != 10:
        return value
    days = _DAYS.get((length.group("n") or length.group("fr")).lower()) or int(length.group("n") or length.group("fr"))
    day = date.fromisoformat(value.start)
    if _CLOSED.search(chunk) and not _OPENED.search(chunk):
        return DateValue((day - timedelta(days=days - 1)).isoformat(), value.start)
    if _OPENED.search(chunk) and not _CLOSED.search(chunk):
        return DateValue(value.start, (day + timedelta(days=days - 1)).isoformat())
    return value


def _after_since(chunk: str, position: int) -> bool:
    """True for a date introduced by 'since'/'depuis' (a start of something ongoing, not an event), or by the
    launch of an Action or project ("an Action launched in February 2021", "un projet lancé en mars 2020")."""
    before = chunk[:position]
    return bool(
        re.search(r"(?:since|depuis)\s+(?:the\s+|le\s+|l')?$", before, re.IGNORECASE)
        or _LAUNCHED_BEFORE.search(before)
    )


#: "an Action launched in", "le projet, lancé en": the date that follows is the Action's start, no event's
_LAUNCHED_BEFORE = re.compile(
    r"\b(?:Action|project|programme|program|projet|initiative)\s*,?\s+(?:(?:that|which|qui)\s+(?:was|a\s+été)\s+)?"
    r"(?:launched|started|initiated|lancée?|démarrée?|initiée?)\s+(?:in|on|en|le|au)\s+(?:the\s+|le\s+)?$",
    re.IGNORECASE,
)


def _place(text: str, sentence: Span, chunk: str, entities: list[EntityRef]) -> EntityRef | None:
    for match in _PLACE_CUE.finditer(chunk):
        name = match.group("place")
        start = sentence.start + match.start("place")
        covering = [e for e in entities if e.span.start <= start < e.span.end]
        places = [e for e in covering if e.kind == "place"]
        if places:
            return places[0]
        civic = match.group(0).lower().startswith(("municipality", "municipalité", "city", "ville"))
        if covering and not (civic and all(e.kind == "organisation" for e in covering)):
            continue  # a country, an organisation, a programme: not a city
        if civic:
            return EntityRef("place", name, name, Span(start, start + len(name)))
        if not match.group("country"):
            continue  # an unknown single name is a place only when a country follows it
        country_start = sentence.start + match.start("country")
        if not any(e.kind == "country" and country_start <= e.span.start < country_start + 40 for e in entities):
            continue
        return EntityRef("place", name, name, Span(start, start + len(name)))
    return None


def _event_mentions(chunk: str, offset: int) -> list[_Event]:
    """Singular event nouns of a sentence, with a label (a capitalised name when the text gives one)."""
    mentions = []
    trips = [m.span() for m in _ON_MISSION.finditer(chunk)]
    matches = list(_NOUN_RE.finditer(chunk))
    for position, match in enumerate(matches):
        if _PLURAL_NEXT.match(chunk[match.end() :]) or _MODIFIED.match(chunk[match.end() :]):
            continue
        following = matches[position + 1] if position + 1 < len(matches) else None
        if following is not None and regex.fullmatch(r"\s+", chunk[match.end() : following.start()]):
            continue  # "training workshop": a modifier of the event noun that follows
        preceding = matches[position - 1] if position else None
        if preceding is not None and regex.fullmatch(r"\s+(?:de|d'|of)\s*", chunk[preceding.end() : match.start()]):
            continue  # "atelier de formation": what the event noun before it is about
        if any(start <= match.start() < end for start, end in trips):
            continue
        index = int(match.lastgroup[1:])
        _, kind, family = EVENT_NOUNS[index]
        if family != "ceremony" and _agreement_topic(chunk, match.start()):
            continue
        label, named, start = _label(chunk, match)
        mentions.append(_Event(kind, family, label, Span(offset + start, offset + match.end()), named))
    return mentions


#: what places a signing at an event ("signed ... at the workshop", "lors de l'atelier"), not about one
_OCCASION = regex.compile(
    r"\b(?:at|during|in\s+the\s+course\s+of|on\s+the\s+(?:margins|sidelines)|lors|au\s+cours|en\s+marge|"
    r"à\s+l['’]occasion|pendant)\b",
    regex.IGNORECASE,
)


def _agreement_topic(chunk: str, position: int) -> bool:
    """True when an event noun at `position` is what an agreement named before it covers ("a memorandum of
    understanding on ... and joint training for frontline staff"), not an event it was signed at."""
    keyword = None
    for keyword in AGREEMENT_KEYWORDS.finditer(chunk, 0, position):
        pass
    return keyword is not None and not _OCCASION.search(chunk, keyword.end(), position)


_NAME_WORD = regex.compile(r"(?:\p{Lu}[\p{L}\d'-]*|\d{4}|of|on|for|the|and|de|du|des|sur|la|le)$")


def _label(chunk: str, match) -> tuple[str, bool, int]:
    """The event's name: the capitalised words before the noun when the noun itself is capitalised."""
    noun = match.group(0)
    start = match.start()
    if noun[0].isupper() and start > 0:
        words = list(regex.finditer(r"[\p{L}\d'-]+", chunk[:start]))
        first = start
        for word in reversed(words):
            if not word.group(0)[0].isupper() and not regex.fullmatch(r"\d{4}", word.group(0)):
                break
            if chunk[word.end() : first].strip(" "):
                break
            first = word.start()
        if first < start or start == 0 or not chunk[:start].strip().endswith((".", ":")):
            return chunk[first : match.end()], True, first
    lead = regex.search(r"(?:\b(?:first|second|third|fourth|fifth|last|final|annual|joint|high[- ]level|regional|national|"
                        r"international|bilateral|virtual|premier|première|deuxième|conjoint|virtuelle)\s+)+$",
                        chunk[:start], regex.IGNORECASE)
    if lead:
        return chunk[lead.start() : match.end()].lower(), False, lead.start()
    return noun.lower(), False, start


#: how specific a kind is: a dialogue's meeting kind says more than "workshop", which says more than "meeting"
_SPECIFICITY = {"other": 0, "meeting": 1, "thematic meeting": 3, "ministerial conference": 3, "senior officials' meeting": 3}


def _specific(current: str, new: str) -> str:
    """The more specific of two kinds naming one event."""
    return new if _SPECIFICITY.get(new, 2) > _SPECIFICITY.get(current, 2) else current


def _merge_target(events: list[_Event], mention: _Event) -> _Event | None:
    """The event a new mention refers to: the latest of the same family, or the main event for a generic one."""
    if not events:
        return None
    if mention.family == "generic":
        return events[0]
    for event in reversed(events):
        if event.family == mention.family or event.family == "generic":
            return event
    return None


def _within(date: DateValue, event_date: DateValue | None) -> bool:
    """True when `date` falls inside the event's date (or the event has none yet)."""
    if event_date is None:
        return True
    start, end = event_date.start, event_date.end or event_date.start
    return start[: len(date.start)] <= date.start and (date.end or date.start) <= end + "\uffff"


def _apply(event: _Event, facts: _Facts, sentence: Span, *, only_missing: bool = False) -> None:
    widens = bool(
        facts.date and event.date is not None and facts.date[0].end and not event.date.end
        and _within(event.date, facts.date[0])
    )  # "on Monday ... The two-day consultation, which closed today": the range holds the day given before
    narrows = bool(
        facts.date and event.date is not None and event.week and facts.date[0] != event.date
        and len(facts.date[0].start) == 10 and _within(facts.date[0], event.date)
    )  # "a meeting this week ... It took place on 4 and 5 June": the days within the week
    if facts.date and (event.date is None or widens or narrows):
        event.week = facts.week
        event.date = facts.date[0]
        event.span = sentence
    if facts.place and event.place is None:
        event.place = facts.place
    if facts.participants and (event.participants is None or not only_missing):
        event.participants = event.participants or facts.participants
    if facts.countries and (event.countries is None or not only_missing):
        event.countries = event.countries or facts.countries
