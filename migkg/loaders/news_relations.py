"""Relations a news item states: partnerships (MoUs, agreements) and dialogue secretariats."""

import datetime
import re
from functools import lru_cache

import regex

from migkg.loaders import dates, relative_dates
from migkg.loaders.concepts import scheme_labels
from migkg.loaders.dates import FoundDate
from migkg.loaders.gazetteer import find_institutions, gazetteer
from migkg.loaders.text import fold, has_digit
from migkg.loaders.records import DateValue, EntityRef, PartnershipRecord, PersonRecord, SecretariatRecord, Span

# -------------------------------------------------------------------------------- partnerships

#: (pattern, partnership kind): kinds are preferred labels of the partnership-kind scheme
AGREEMENTS = [
    (r"memorand(?:um|a) of understanding|MoUs?|protocoles? d'(?:accord|entente)|m[ée]morandums? d'(?:entente|accord)|"
     r"letters? of intent|lettres? d'intention|(?:joint )?declarations? of intent|déclarations? d'intention(?: commune)?",
     "memorandum of understanding"),
    (r"partnership agreements?|accords? de partenariat|(?:co-?operation|framework) agreements?|"
     r"accords? de coop[ée]ration|accords?-cadres?|signed an? (?:new )?agreement|sign[ée]s? un accord|"
     r"working arrangements?|arrangements? de travail|(?:agreements?|accords?)(?=\s+(?:between|entre)\s)",
     "partnership agreement"),
]  # fmt: skip
_AGREEMENT_RE = regex.compile(
    r"(?<![\p{L}-])(?:" + "|".join(f"(?P<a{i}>{p})" for i, (p, _) in enumerate(AGREEMENTS)) + r")(?![\p{L}-])",
    regex.IGNORECASE,
)
#: the words that name an agreement, for the other news readers
AGREEMENT_KEYWORDS = _AGREEMENT_RE

#: "in three areas: research and policy, ...", "dans les domaines de ...", "covering the fields of ..."
_AREAS = regex.compile(
    r"\b(?:\p{L}+\s+)?(?:domaines?|areas?|fields?|th[èe]mes?|axes?)\s*:\s*(?P<list>[^.;]+)"
    r"|\b(?:in|on|covering|dans|sur)\s+(?:the\s+|les\s+)?(?:areas?|fields?|domaines?)\s+(?:of|de|des|du)\s+(?P<list>[^.;]+)",
    regex.IGNORECASE,
)
#: sentences about cooperation, where a list of areas is the partnership's
_COOPERATION = regex.compile(
    r"\b(?:co-?op[ée]ration|partnership|partenariat|agreement|accord|protocole|memorand|MoU)", regex.IGNORECASE
)


#: "the agreement was signed by ...", "le mémorandum a été signé ...": a sentence that goes on about the
#: agreement already reported, and may give its date or parties
_AGREEMENT_AGAIN = regex.compile(
    r"\b(?:the|this|that|le|la|ce|cet|cette|l')\s*(?:agreement|memorandum|MoU|document|letter|text|accord|mémorandum|"
    r"protocole|document|lettre|texte)\b(?=[^.;]*\b(?:signed|countersigned|signé|signée|contresigné))",
    regex.IGNORECASE,
)
#: "It was signed on ...", "The latter had been signed in ...", "Ce dernier avait été signé ...", "In July 2021
#: the two organisations signed the memorandum", "Il a été signé ...", "The signing took place on Tuesday": a
#: signing of the agreement reported just before, which may give its date
_SIGNED_AGAIN = regex.compile(
    r"^\W*(?:it|il|elle|the\s+latter|ce\s+dernier|cette\s+dernière|celui-ci|celle-ci)\s+"
    r"(?:was|had\s+been|has\s+been|a\s+été|avait\s+été|fut)\s+(?:(?:officially|formally|officiellement)\s+)?"
    r"(?:signed|countersigned|signée?|contresignée?)\b"
    r"|\b(?:signed|countersigned|sign[ée]|signèrent|(?:ont|a|avaient|avait)\s+signé)\s+(?:the|this|that|le|la|ce|cet|cette|l['’])\s*"
    r"(?:agreement|memorandum|MoU|document|letter|text|accord|mémorandum|protocole|lettre|texte)\b"
    # "The signing took place on Tuesday", "The signature ceremony was held on 3 May", "La signature est
    # intervenue ce mardi", "La cérémonie de signature a eu lieu le 3 mai": a sentence that opens with the signing
    r"|^\W*(?:the|this|la|cette)\s+(?:(?:official|formal|officielle)\s+)?"
    r"(?:(?:signing|signature)(?:\s+ceremony)?|cérémonie\s+(?:officielle\s+)?de\s+signature)\s+"
    r"(?:(?:took|has\s+taken)\s+place|(?:was|has\s+been)\s+(?:held|hosted|organi[sz]ed)|happened|occurred|"
    r"est\s+intervenue|(?:a|avait)\s+eu\s+lieu|s['’](?:est|était)\s+(?:tenue|déroulée)|a\s+été\s+organisée)\b",
    regex.IGNORECASE,
)
#: "The latter", "Ce dernier", "Celui-ci": a sentence about the last thing the sentence before it named
_LATTER = regex.compile(r"^\W*(?:the\s+latter|ce\s+dernier|cette\s+dernière|celui-ci|celle-ci)\b", regex.IGNORECASE)
#: "on the margins of", "on the sidelines of", "en marge de", "during": a signing within a meeting
_MARGINS = regex.compile(rf"\b(?:{relative_dates.ON_THE_MARGINS}|during|lors\s+d|au\s+cours\s+d)", regex.IGNORECASE)
#: a lede that reports a signing: with a dateline and no other date, it happened on the dateline's day
_SIGNED = regex.compile(r"\b(?:signed|sign|signent|(?:a|ont)\s+signé|signé(?:e|s|es)?)\b", regex.IGNORECASE)


def relative_date(chunk: str, reference_date: str | None) -> DateValue | None:
    """The day a sentence means by 'today', 'yesterday', 'on Monday', 'ce lundi', counted back from the item's
    date (the latest such weekday on or before it); None without a full reference date or such a word."""
    return relative_dates.named_day(chunk, reference_date)


def find_partnerships(
    text: str,
    sentences: list[Span],
    entities: list[EntityRef],
    *,
    reference_date: str | None = None,
    excluded: list[Span] = (),
    dated_lede: Span | None = None,
    people: list[PersonRecord] = (),
) -> list[PartnershipRecord]:
    """MoUs and partnership agreements the item reports, with parties, signature date and areas.

    :param reference_date: the item's publication date, the date of an agreement signed "today".
    :param excluded: spans whose organisations are no parties (people's role titles).
    :param people: the item's people; the organisations of those a sentence says signed the agreement
        ("signed by X, Director of A, and Y of B") are its parties when its clause names fewer than two.
    :param dated_lede: the sentence right after a dateline ("Niamey, 5 April 2023 – X and Y signed..."):
        a signing it reports without another date happened on the dateline's day.
    """
    entities = [e for e in entities if not any(x.start <= e.span.start < x.end for x in excluded)]
    partnerships: list[PartnershipRecord] = []
    assumed: set[int] = set()  # partnerships dated by the dateline only, until a sentence states the date
    timeline = _Timeline(reference_date)
    previous: Span | None = None
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        sentence_dates = timeline.dates(chunk, sentence.start)
        match = _AGREEMENT_RE.search(chunk)
        areas = _areas(chunk)
        after, previous = previous, sentence
        if not match:
            again = _AGREEMENT_AGAIN.search(chunk) or (_SIGNED_AGAIN.search(chunk) if partnerships else None)
            if again and _LATTER.match(chunk) and not (partnerships and partnerships[-1].span == after):
                again = None  # "the latter" is the last thing the sentence before named, not an earlier agreement
            if again and not partnerships:
                signatories = _signatories(chunk, sentence.start, people, entities)
                if len(signatories) >= 2:
                    kind = "memorandum of understanding" if regex.search(
                        r"memorand|MoU|mémorandum|protocole|letter|lettre", again.group(0), regex.I
                    ) else "partnership agreement"
                    partnerships.append(PartnershipRecord(kind=kind, span=sentence, parties=signatories, date=None))
                    if dated_lede == sentence and reference_date:
                        partnerships[-1].date = DateValue(reference_date[:10])
                        assumed.add(id(partnerships[-1]))
            if again and partnerships:
                # "The agreement was signed by X of A and Y of B": the signatories' organisations are its parties
                signatories = _signatories(chunk, sentence.start, people, entities)
                known = {p.key for p in partnerships[-1].parties}
                if len(signatories) >= 2 and known & {s.key for s in signatories}:
                    partnerships[-1].parties.extend(s for s in signatories if s.key not in known)
            if again and partnerships and (partnerships[-1].date is None or id(partnerships[-1]) in assumed):
                date = (
                    _signature_date(chunk, sentence.start, again, found=sentence_dates)
                    or relative_date(chunk, reference_date)
                    or timeline.relative_to_previous(chunk)
                )
                if date is not None:
                    partnerships[-1].date, partnerships[-1].span = date, sentence
                    assumed.discard(id(partnerships[-1]))
                elif id(partnerships[-1]) in assumed and _MARGINS.search(chunk):
                    # "signed ... on the margins of the meeting, which took place from 10 to 12 July": during the
                    # meeting, on a day the text does not give, not on the dateline's day
                    partnerships[-1].date = None
                    assumed.discard(id(partnerships[-1]))
            if areas and partnerships:
                _add_areas(partnerships[-1], areas)
            timeline.advance(sentence_dates)
            continue
        parties = _parties(chunk, sentence.start, match, entities)
        for later in _AGREEMENT_RE.finditer(chunk, match.end()):
            if len(parties) >= 2:
                break
            # "The MoU complements the partnership agreement that X concluded with Y": the later one is stated
            later_parties = _parties(chunk, sentence.start, later, entities)
            if len(later_parties) >= 2:
                match, parties = later, later_parties
        kind = AGREEMENTS[int(match.lastgroup[1:])][1]
        if len(parties) < 2:
            parties = _distinct(parties + _signatories(chunk, sentence.start, people, entities))
        if len(parties) < 2:
            earlier = _back_reference(chunk, sentence.start, match, entities)
            if earlier is not None and all(earlier.key != p.key for p in parties):
                parties = [earlier] + parties
        if len(parties) < 2:
            speaker = _speaker_organisation(chunk, match, people)
            if speaker is not None and all(speaker.key != p.key for p in parties):
                parties = [speaker] + parties
        if len(parties) < 2 and _BOTH_PARTIES.search(chunk) and partnerships and len(partnerships[-1].parties) == 2:
            parties = _distinct(parties + partnerships[-1].parties)  # "signed by the two organisations"
        date = _signature_date(chunk, sentence.start, match, found=sentence_dates)
        if date is None:
            date = relative_date(chunk, reference_date) or timeline.relative_to_previous(chunk)
        guessed = date is None and dated_lede == sentence and reference_date and _SIGNED.search(chunk)
        if guessed:
            date = DateValue(reference_date[:10])
        existing = next(
            (p for p in reversed(partnerships) if p.kind == kind and _compatible(p, parties, None if id(p) in assumed else date)),
            None,
        )
        timeline.advance(sentence_dates)
        if existing is None:
            if not parties and date is None:
                continue
            existing = PartnershipRecord(kind=kind, span=sentence, parties=[], date=None)
            partnerships.append(existing)
        for party in parties:
            if all(party.key != known.key for known in existing.parties):
                existing.parties.append(party)
        if date is not None and (existing.date is None or (id(existing) in assumed and not guessed)):
            existing.date = date
            existing.span = sentence
            if guessed:
                assumed.add(id(existing))
            else:
                assumed.discard(id(existing))
        _add_areas(existing, areas)
    for partnership in partnerships:
        partnership.parties = _without_represented_countries(partnership.parties, text)
    return [p for p in partnerships if len(p.parties) >= 2 or (p.parties and p.date)]


#: "the organisation and the Ministry ... signed", "l'agence et le ministère": an organisation named before, by its kind
_BACK_REFERENCE = regex.compile(
    r"\b(?:the|this|l['’]|le|la|cette|cet)\s*(?P<noun>organi[sz]ation|service|agency|centre|center|ministry|directorate|"
    r"institute|office|secretariat|commission|agence|minist[èe]re|direction|institut|secr[ée]tariat)\b"
    r"(?![ \t]+(?:of|for|on|de|du|des|d['’]|\p{Lu})\b)",
    regex.IGNORECASE,
)
#: nouns that name any organisation, not only one whose name holds them
_ANY_ORGANISATION = ("organisation", "organization")


def _back_reference(chunk: str, offset: int, keyword, entities: list[EntityRef]) -> EntityRef | None:
    """The organisation "the organisation" or "the service" stands for in the clause before the agreement's
    keyword: the last one named before it, whose name holds that noun ("the service": the Ghana Immigration
    Service) unless the noun is "organisation"."""
    subject_start = max(chunk.rfind(";", 0, keyword.start()) + 1, 0)
    found = _BACK_REFERENCE.search(chunk, subject_start, keyword.start())
    if found is None:
        return None
    noun = found.group("noun").lower()
    position = offset + found.start()
    names_by_key: dict[str, set[str]] = {}
    for entity in entities:
        if entity.kind == "organisation":
            names_by_key.setdefault(entity.key, set()).update(
                name.lower() for name in (entity.key, entity.label, entity.written) if name
            )
    earlier = [e for e in entities if e.kind == "organisation" and e.span.end <= position]
    for entity in reversed(earlier):
        if noun in _ANY_ORGANISATION or any(regex.search(rf"\b{noun}\b", name) for name in names_by_key[entity.key]):
            return entity
    return None


_SIGNED_BY = regex.compile(
    r"\b(?:(?:counter)?signed|sign[ée]e?s?|contresign[ée]e?s?)\b[^.;]*?\b(?:by|par)\s|"
    r"\b(?:on behalf of|au nom d[eu]s?|signing for|for|pour)\s+(?:the\s+|l[ae]\s+|l')?",
    regex.IGNORECASE,
)


_ON_BEHALF = regex.compile(
    r"\b(?:on\s+behalf\s+of\s+|signing\s+for\s+|au\s+nom\s+(?:de\s+l[a']\s*|de\s+|du\s+|des\s+|d'))(?:the\s+)?",
    regex.IGNORECASE,
)


class _Timeline:
    """The dates a text has given so far: a day and month without a year take the year of the latest full
    date before them (else of the item's date); "the following day" and "the same day" count from the
    last day the text gave."""

    def __init__(self, reference_date: str | None):
        self.reference_date = reference_date if relative_dates.is_calendar_day(reference_date) else None
        self.context = self.reference_date
        self.last_day: datetime.date | None = None
        self.last_single_day: datetime.date | None = None  # the last date given, when it was one day

    def dates(self, chunk: str, offset: int) -> list[FoundDate]:
        """The dates of a sentence, relative ones resolved against the item's date, yearless ones against
        the latest full date before them when the item has no date."""
        if self.reference_date is not None:
            return relative_dates.dates_with_relative(chunk, self.reference_date, offset=offset)
        found = dates.find_dates(chunk, offset=offset) if has_digit(chunk) else []
        if self.context is None:
            return found
        for yearless in relative_dates.relative_dates(chunk, self.context, offset=offset):
            words = chunk[yearless.span.start - offset : yearless.span.end - offset]
            if has_digit(words) and not any(
                f.span.start < yearless.span.end and yearless.span.start < f.span.end for f in found
            ):
                found.append(yearless)
        return sorted(found, key=lambda f: f.span.start)

    def advance(self, found: list[FoundDate]) -> None:
        """Take in a sentence's dates: the last one naming a day is the text's latest."""
        for date in found:
            if len(date.value.start) < 10:
                continue
            self.context = date.value.start
            last = date.value.end if date.value.end and len(date.value.end) >= 10 else date.value.start
            self.last_day = datetime.date.fromisoformat(last[:10])
            self.last_single_day = None if date.value.end else self.last_day

    def relative_to_previous(self, chunk: str) -> DateValue | None:
        """The day "the following day", "the same day", "at the same meeting" or "on the margins of" means,
        from the last day the text gave (a meeting's day only when that was one day)."""
        return relative_dates.day_after_last(chunk, self.last_day) or relative_dates.same_occasion(
            chunk, self.last_single_day
        )


_PRESENCE = regex.compile(
    r"\b(?:in\s+the\s+presence\s+of|witnessed\s+by|attended\s+by|en\s+pr[ée]sence\s+d(?:e|u|es|['’])|devant)\b",
    regex.IGNORECASE,
)


def _signatories(chunk: str, offset: int, people: list[PersonRecord], entities: list[EntityRef]) -> list[EntityRef]:
    """The organisations a sentence says signed: those of the people 'signed by', and those signed 'on behalf
    of' ('au nom de'), when the sentence reports a signing."""
    signing = _SIGNED_BY.search(chunk)
    if not signing or not regex.search(r"sign", chunk, regex.IGNORECASE):
        return []
    found: list[EntityRef] = []
    presence = _PRESENCE.search(chunk, signing.start())
    limit = presence.start() if presence else len(chunk)  # those "in the presence of" whom it was signed did not sign
    for person in people:
        at = chunk.find(person.name, signing.start(), limit)
        if at >= 0 and person.affiliation is not None and person.affiliation.kind == "organisation":
            found.append((at, person.affiliation))
    for behalf in _ON_BEHALF.finditer(chunk, 0, limit):
        at = offset + behalf.end()
        found.extend((e.span.start - offset, e) for e in entities if e.kind == "organisation" and e.span.start == at)
    return _distinct([ref for _, ref in sorted(found, key=lambda pair: pair[0])])


#: "his agency", "son organisation": the organisation of the person the sentence speaks of
_POSSESSIVE_ORGANISATION = regex.compile(
    r"\b(?:his|her|their|son|sa|leur)\s+(?:organi[sz]ation|agency|ministry|office|institution|service|directorate|"
    r"agence|minist[èe]re|direction|institut)\b",
    regex.IGNORECASE,
)


def _speaker_organisation(chunk: str, keyword, people: list[PersonRecord]) -> EntityRef | None:
    """The organisation "his agency" / "son agence" before `keyword` stands for: the affiliation of the last
    person the sentence names before those words, when the text gives it."""
    possessives = list(_POSSESSIVE_ORGANISATION.finditer(chunk, 0, keyword.start()))
    if not possessives:
        return None
    possessive = possessives[-1]
    named = [(chunk.rfind(p.name, 0, possessive.start()), p) for p in people if p.affiliation is not None]
    named = [(at, p) for at, p in named if at >= 0 and p.affiliation.kind == "organisation"]
    return max(named, key=lambda pair: pair[0])[1].affiliation if named else None


#: "the Government of Portugal", "le gouvernement du Niger": the state itself signs
_GOVERNMENT_OF = regex.compile(
    r"\b(?:government|gouvernement)\s+(?:of\s+(?:the\s+)?|du\s+|des\s+|de\s+(?:la\s+|l['’]\s*)?|d['’]\s*)$", regex.IGNORECASE
)


def _without_represented_countries(parties: list[EntityRef], text: str = "") -> list[EntityRef]:
    """Parties less a country one of whose institutions is a party ('Niger' signs through its ministry): an
    institution named after the country ('... of Niger'), or, when the parties name one country only, a
    national institution the gazetteer does not know whose name states no country ('the Ministry of Labour'),
    unless the text names the country as 'the Government of ...' (then the state itself is a party)."""
    institutions = [p.key for p in parties if p.kind == "organisation"]
    countries = [p for p in parties if p.kind == "country"]
    labels = {c.key: gazetteer().country_label(c.key) for c in countries}
    unplaced = [key for key in institutions if _national_institution(key) and not _names_a_country(key)]
    kept = []
    for party in parties:
        if party.kind == "country":
            label = labels[party.key]
            if label and any(key.endswith(f" of {label}") for key in institutions):
                continue
            government = party.span is not None and _GOVERNMENT_OF.search(text, max(0, party.span.start - 30), party.span.start)
            if len(countries) == 1 and unplaced and not government:
                continue
        kept.append(party)
    return kept


def _national_institution(key: str) -> bool:
    """True for an institution named by pattern ('Ministry of ...', 'Agence nationale ...'), not a known one."""
    if gazetteer().lookup(key) is not None:
        return False
    found = find_institutions(key)
    return len(found) == 1 and len(found[0].label) >= len(key) - 4


def _names_a_country(key: str) -> bool:
    """True for an institution key that ends with ' of <country>'."""
    head, separator, tail = key.rpartition(" of ")
    return bool(separator) and gazetteer().lookup(tail, "country") is not None


_BETWEEN = regex.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?(?:(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+|a\s+été\s+|ont\s+été\s+)?"
    r"(?:(?:officially|formally|officiellement)\s+)?(?:signed|concluded|sign[ée]e?s?|conclu\w*)\s+"
    r"(?:(?:on|in|at|le|à|en)\s+[^,;.()]{1,50}?\s+)?)?(?:between|entre)\s+"
)
_WITH = regex.compile(r"\b(?:with|avec)\s+")
#: "... agreement on X was signed between": the parties' clause further on in the sentence
_SIGNED_BETWEEN = regex.compile(
    r"\b(?:signed|concluded|sign[ée]e?s?|conclu(?:e|s|es)?)\s+(?:(?:on|in|at|le|à|en)\s+[^,;.()]{1,50}?\s+)?(?:between|entre)\s+",
    regex.IGNORECASE,
)
#: "the agreement that X concluded with", "le protocole que X avait conclu avec": the subject of a relative clause
_RELATIVE_SIGNING = regex.compile(
    r"\s*(?:that|which|que|qu['’])\s*(?P<subject>[^,;.]{1,80}?)\s+(?:(?:had|has|have|avait|avaient|a|ont|était)\s+)?"
    r"(?:signed|concluded|agreed|sign[ée]e?s?|conclu(?:e|s|es)?)\b",
    regex.IGNORECASE,
)
#: "signed by the two organisations", "les deux parties": the parties of the agreement reported just before
_BOTH_PARTIES = regex.compile(
    r"\b(?:the\s+two|both|les\s+deux)\s+(?:organi[sz]ations|institutions|parties|partners|partenaires|agencies|agences)\b",
    regex.IGNORECASE,
)
#: ", an institution of the African Union based in ...,": an apposition describing a party, whose organisations are none
_APPOSITION = regex.compile(
    r",\s+(?:an?\s+|une?\s+|the\s+)?(?:(?:speciali[sz]ed|spécialisée?|autonomous|autonome)\s+)?"
    r"(?:institution|agency|agence|body|organe|organisation|organization|office|bureau|branch|arm|entity|entité|"
    r"member|membre|part|partie)\s+(?:of|de|du|des|d['’])[^,;]*,"
)
#: ", qui assure le secrétariat du dialogue,", ", which hosts the forum,": a relative clause set off by commas
#: inside a list of parties, whose organisations are none
_RELATIVE_CLAUSE = regex.compile(
    r",\s+(?:qui|que|qu['’]|dont|lequel|laquelle|lesquels|lesquelles|which|who|whom|whose|that)\s[^,;]*,", regex.IGNORECASE
)
#: where the clause naming the parties stops
_CLAUSE_END = regex.compile(r"[,;:.]|\s(?:that|which|who|to|qui|que|pour|afin|in order)\s")


def _parties(chunk: str, offset: int, keyword, entities: list[EntityRef]) -> list[EntityRef]:
    """The organisations (else countries) the clause of the agreement names: 'between X and Y', or the
    subject before the keyword plus 'with Y' after it."""
    def named(start: int, end: int, kinds=("organisation",)) -> list[EntityRef]:
        return [e for e in entities if e.kind in kinds and offset + start <= e.span.start < offset + end]

    after_start = keyword.end()
    names = [Span(e.span.start - offset, e.span.end - offset) for e in entities if e.kind == "organisation"]
    following = _AGREEMENT_RE.search(chunk, after_start)  # another agreement's "signed between" is its own
    reach = min(after_start + 150, following.start() if following else len(chunk))
    between = _BETWEEN.match(chunk, after_start) or _SIGNED_BETWEEN.search(chunk, after_start, reach)
    if between:
        end = _clause_end(chunk, between.end(), names)
        scope = [(between.end(), end)]
    else:
        subject_start = max(chunk.rfind(";", 0, keyword.start()) + 1, 0)
        scope = [(subject_start, keyword.start())]
        relative = _RELATIVE_SIGNING.match(chunk, after_start)
        if relative:
            scope.append((relative.start("subject"), relative.end("subject")))
        with_match = _WITH.search(chunk, after_start, min(len(chunk), after_start + 80))
        if with_match:
            scope.append((with_match.end(), _clause_end(chunk, with_match.end(), names)))
    appositions = [m.span() for m in _APPOSITION.finditer(chunk)] + [
        m.span() for m in _RELATIVE_CLAUSE.finditer(chunk) if not m.start() <= keyword.start() < m.end()
    ]  # a relative clause that holds the agreement itself names its parties
    scope = [piece for start, end in scope for piece in _without(start, end, appositions)]
    organisations = _distinct(
        [e for start, end in scope for e in named(start, end) if not _parent_of_previous(e, chunk, offset, names)]
    )
    if len(organisations) >= 2:
        return organisations
    countries = [e for start, end in scope for e in named(start, end, ("country",)) if not _qualifies(e, chunk, offset)]
    return _distinct(organisations + countries)


#: the state itself: "Kenya's government", "the Kenyan authorities", "les autorités kényanes"
_STATE_NOUN = r"(?:government|authorities|state|gouvernement|autorités|état|etat)"
_POSSESSIVE = regex.compile(r"['’]s\s+(?!" + _STATE_NOUN + r"\b)\p{L}", regex.IGNORECASE)
_STATE_BEFORE = regex.compile(_STATE_NOUN + r"\s+$", regex.IGNORECASE)
_STATE_AFTER = regex.compile(r"\s+" + _STATE_NOUN + r"\b", regex.IGNORECASE)


def _qualifies(country: EntityRef, chunk: str, offset: int) -> bool:
    """True for a country that only qualifies a noun, so that the sentence does not say it signed: a possessive
    ("Kenya's labour office") or a nationality adjective ("the Kenyan office", "l'agence kényane"), unless
    the noun is the state itself ("Kenya's government", "les autorités kényanes")."""
    start, end = country.span.start - offset, country.span.end - offset
    if _POSSESSIVE.match(chunk, end):
        return True
    if not gazetteer().is_demonym(chunk[start:end]):
        return False
    return not _STATE_BEFORE.search(chunk, 0, start) and not _STATE_AFTER.match(chunk, end)


#: between an institution and the one it belongs to: "Agency (LMA) of the Ministry ...", "Office X, under the
#: Ministry ...", "l'Agence X (AX) du ministère ...", "rattachée au ministère"
_BELONGS_TO = regex.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?,?\s*"
    r"(?:of|under|within|attached\s+to|de|du|des|de\s+la|de\s+l['’]|d['’]|au\s+sein\s+d[eu]|"
    r"(?:placée?\s+sous\s+la\s+tutelle|rattachée?|relevant)\s+(?:du|de\s+la|de\s+l['’]|au|à\s+la|à\s+l['’]))"
    r"\s*(?:the\s+)?",
    regex.IGNORECASE,
)


def _parent_of_previous(organisation: EntityRef, chunk: str, offset: int, names: list[Span]) -> bool:
    """True for an organisation named as the one the institution right before it belongs to ("the Civil Registry
    Agency (CRA) of the Ministry of Justice"): it qualifies that institution and did not sign itself."""
    start = organisation.span.start - offset
    return any(name.end < start and _BELONGS_TO.fullmatch(chunk, name.end, start) for name in names)


def _without(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of [start, end) outside the `holes`."""
    pieces = []
    for hole_start, hole_end in sorted(holes):
        if hole_end <= start or hole_start >= end:
            continue
        if hole_start > start:
            pieces.append((start, hole_start))
        start = max(start, hole_end)
    if start < end:
        pieces.append((start, end))
    return pieces


def _clause_end(chunk: str, start: int, inside: list[Span] = ()) -> int:
    """The end of a party list: punctuation or a subordinate clause, not one inside a name ('Autorité
    intergouvernementale pour le développement', 'Centre for ...') of the `inside` spans (chunk offsets)."""
    position = start
    while True:
        stop = _CLAUSE_END.search(chunk, position)
        if stop is None:
            return len(chunk)
        if any(span.start <= stop.start() < span.end for span in inside):
            position = stop.end()
            continue
        return stop.start()


def _distinct(refs: list[EntityRef]) -> list[EntityRef]:
    seen, result = set(), []
    for ref in refs:
        if (ref.kind, ref.key) not in seen:
            seen.add((ref.kind, ref.key))
            result.append(ref)
    return result


def _compatible(partnership: PartnershipRecord, parties: list[EntityRef], date) -> bool:
    if date is not None and partnership.date is not None and date != partnership.date:
        return False
    if not parties or not partnership.parties:
        return True
    known = {p.key for p in partnership.parties}
    return bool(known & {p.key for p in parties})


#: how far (in characters) from the agreement's keyword its signature date may stand
DATE_REACH = 120
#: what may stand before a date that opens a sentence
_OPENING = re.compile(
    r"\s*(?:(?:on|in|at|during|en|lors|au|à)\b[^,;.]{0,60},\s*)?"  # "On the sidelines of the meeting, on 14 November, ..."
    r"(?:(?:on|in|le|en|au|the)\s+)?(?:(?:" + "|".join(relative_dates.WEEKDAYS) + r"),?\s+)?(?:the\s+|le\s+)?",
    re.IGNORECASE,
)  # "On Thursday, 9 September 2021, ..."


def _signature_date(chunk: str, offset: int, keyword, *, found: list[FoundDate]):
    """The date of `found` (the sentence's dates) nearest the keyword, within `DATE_REACH`, outside
    quotations, not 'since'/'for' a time."""
    quotes = [m.span() for m in re.finditer(r"\"[^\"]*\"?", chunk)]
    candidates = []
    for candidate in found:
        local = candidate.span.start - offset
        distance = keyword.start() - (candidate.span.end - offset) if local < keyword.start() else local - keyword.end()
        # a date that opens the sentence ("On 8 March 2023 in Geneva, X and Y signed...") dates its main clause
        opens_sentence = local < keyword.start() and _OPENING.fullmatch(chunk[:local]) is not None
        if (distance > DATE_REACH and not opens_sentence) or any(start <= local < end for start, end in quotes):
            continue
        before = chunk[:local]
        when = re.match(r",?\s*(?:when|lorsque|quand|où)\b", chunk[candidate.span.end - offset :], re.IGNORECASE)
        if not when and re.search(r"(?:since|depuis|from|until|jusqu'(?:en|au))\s+(?:the\s+|le\s+)?$", before, re.IGNORECASE):
            continue  # "since 2019" is a start, unless "since 2019, when it concluded ..." dates the clause
        if re.search(r"(?:for|pour|pendant)\s+$", before, re.IGNORECASE):
            continue
        candidates.append((distance, candidate.value))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _areas(chunk: str) -> list[str]:
    """The areas of cooperation a sentence lists, each a theme label where one fits, else the words."""
    match = _AREAS.search(chunk)
    if not match or not _COOPERATION.search(chunk):
        return []
    items = [part.strip(" ,") for part in re.split(r",\s*", match.group("list").strip())]
    last = items.pop()
    if re.search(r"\s+(?:and|et)\s+(?:the|les|la|le|l'|des|du)\b", last):
        items.extend(re.split(r"\s+(?:and|et)\s+(?=(?:the|les|la|le|l'|des|du)\b)", last))
    elif len(items) >= 1:
        items.extend(re.split(r"\s+(?:and|et)\s+", last, maxsplit=1))
    else:
        items.append(last)
    areas = []
    for item in items:
        words = re.sub(r"^(?:the|les|la|le|l'|des|du)\s*", "", item.strip(), flags=re.IGNORECASE).strip()
        if not words:
            continue
        areas.append(_theme(words) or words)
    return areas


@lru_cache(maxsize=1024)
def _theme(words: str) -> str | None:
    """The theme whose label (English or French, preferred or alternative) the words contain; the longest wins."""
    folded = f" {fold(words)} "
    best, best_length = None, 0
    for theme, labels in scheme_labels("theme").items():
        for label in labels:
            candidate = fold(label)
            if len(candidate) > best_length and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", folded):
                best, best_length = theme, len(candidate)
    return best


def _add_areas(partnership: PartnershipRecord, areas: list[str]) -> None:
    for area in areas:
        if area not in partnership.areas:
            partnership.areas.append(area)


# -------------------------------------------------------------------------------- secretariats

_RUNS_SECRETARIAT = regex.compile(
    r"\b(?:runs?|ran|running|hosts?|hosted|hosting|holds?|held|holding|provides?|provided|providing|ensures?|"
    r"implements?|implemented|implementing|manages?|managed|managing|acts? as|acting as|serves? as|serving as|as|"
    r"is in charge of|met en (?:œ|oe)uvre|mettant en (?:œ|oe)uvre|"
    r"assure|assurant|h[ée]berge|abrite|g[èe]re|accueille|en tant que)\b[^.;]{0,40}?\b(?:secretariat|secr[ée]tariat)",
    regex.IGNORECASE,
)
_SECRETARIAT_RUN_BY = regex.compile(
    r"\b(?:secretariat|secr[ée]tariat)\b[^.;]{0,80}?\b(?:run|hosted|held|provided|managed|implemented|ensured|"
    r"assur[ée]|g[ée]r[ée]|mis en (?:œ|oe)uvre|h[ée]berg[ée])\s+(?:by|par)\b",
    regex.IGNORECASE,
)


def find_secretariats(text: str, sentences: list[Span], entities: list[EntityRef]) -> list[SecretariatRecord]:
    """Organisations the item says run a dialogue's secretariat."""
    found: list[SecretariatRecord] = []
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        inside = [e for e in entities if sentence.start <= e.span.start < sentence.end]
        for match in _RUNS_SECRETARIAT.finditer(chunk):
            verb_at = sentence.start + match.start()
            organisation = _last([e for e in inside if e.kind == "organisation" and e.span.end <= verb_at])
            for dialogue in _secretariat_dialogues(chunk, sentence.start, match, inside, entities):
                _record(found, organisation, dialogue, sentence)
        for match in _SECRETARIAT_RUN_BY.finditer(chunk):
            by_at = sentence.start + match.end()
            organisation = _first([e for e in inside if e.kind == "organisation" and e.span.start >= by_at])
            dialogue = _first(
                [e for e in inside if e.kind == "dialogue" and abs(e.span.start - (sentence.start + match.start())) < 60]
            )
            _record(found, organisation, dialogue, sentence)
    return found


_OF_THE_DIALOGUE = regex.compile(
    r"^\s*(?:of|for|du|de)\s+(?:the|this|ce|le)\s+(?:dialogue|process|processus)\b", regex.IGNORECASE
)


def _secretariat_dialogues(chunk: str, offset: int, match, inside: list[EntityRef], entities: list[EntityRef]):
    """The dialogues whose secretariat a phrase names: in it ('the Prague Process Secretariat'), after it up to
    the end of the clause ('du Processus de Rabat et du Processus de Budapest'), or 'of the dialogue' the
    item is about."""
    start, end = offset + match.start(), offset + match.end()
    clause_end = offset + _clause_end(chunk, match.end())
    named = [e for e in inside if e.kind == "dialogue" and start <= e.span.start < max(clause_end, end)]
    if named:
        return _distinct(named)
    if _OF_THE_DIALOGUE.match(chunk[match.end() :]):
        first = _first([e for e in entities if e.kind == "dialogue"])
        return [first] if first else []
    before = _last([e for e in inside if e.kind == "dialogue" and e.span.end <= start])
    return [before] if before else []


def _record(found: list[SecretariatRecord], organisation, dialogue, sentence: Span) -> None:
    if organisation is None or dialogue is None:
        return
    if any(s.organisation.key == organisation.key and s.dialogue.key == dialogue.key for s in found):
        return
    found.append(SecretariatRecord(organisation, dialogue, sentence))


def _first(refs):
    return min(refs, key=lambda e: e.span.start, default=None)


def _last(refs):
    return max(refs, key=lambda e: e.span.start, default=None)
