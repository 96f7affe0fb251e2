"""Relations a news item states: partnerships (MoUs, agreements), dialogue secretariats, people and roles."""

import re
from functools import lru_cache

import regex

from migkg.loaders import dates
from migkg.loaders.concepts import scheme_labels
from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.text import fold
from migkg.loaders.records import DateValue, EntityRef, PartnershipRecord, PersonRecord, SecretariatRecord, Span

# -------------------------------------------------------------------------------- partnerships

#: (pattern, partnership kind): kinds are preferred labels of the partnership-kind scheme
AGREEMENTS = [
    (r"memorand(?:um|a) of understanding|MoUs?|protocoles? d'accord|m[ée]morandums? d'(?:entente|accord)",
     "memorandum of understanding"),
    (r"partnership agreements?|accords? de partenariat|(?:co-?operation|framework) agreements?|"
     r"accords? de coop[ée]ration|accords?-cadres?|signed an? (?:new )?agreement|sign[ée]s? un accord",
     "partnership agreement"),
]  # fmt: skip
_AGREEMENT_RE = regex.compile(
    r"(?<![\p{L}-])(?:" + "|".join(f"(?P<a{i}>{p})" for i, (p, _) in enumerate(AGREEMENTS)) + r")(?![\p{L}-])",
    regex.IGNORECASE,
)
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


_TODAY = regex.compile(r"\b(?:today|this morning|aujourd'hui|ce jour)\b", regex.IGNORECASE)


def find_partnerships(
    text: str,
    sentences: list[Span],
    entities: list[EntityRef],
    *,
    language: str,
    reference_date: str | None = None,
    excluded: list[Span] = (),
) -> list[PartnershipRecord]:
    """MoUs and partnership agreements the item reports, with parties, signature date and areas.

    :param reference_date: the item's publication date, the date of an agreement signed "today".
    :param excluded: spans whose organisations are no parties (people's role titles).
    """
    entities = [e for e in entities if not any(x.start <= e.span.start < x.end for x in excluded)]
    partnerships: list[PartnershipRecord] = []
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        match = _AGREEMENT_RE.search(chunk)
        areas = _areas(chunk)
        if not match:
            if areas and partnerships:
                _add_areas(partnerships[-1], areas)
            continue
        kind = AGREEMENTS[int(match.lastgroup[1:])][1]
        parties = _parties(chunk, sentence.start, match, entities)
        date = _signature_date(chunk, sentence.start, match)
        if date is None and reference_date and _TODAY.search(chunk):
            date = DateValue(reference_date[:10])
        existing = next((p for p in reversed(partnerships) if p.kind == kind and _compatible(p, parties, date)), None)
        if existing is None:
            if not parties and date is None:
                continue
            existing = PartnershipRecord(kind=kind, span=sentence, parties=[], date=None)
            partnerships.append(existing)
        for party in parties:
            if all(party.key != known.key for known in existing.parties):
                existing.parties.append(party)
        if existing.date is None and date is not None:
            existing.date = date
            existing.span = sentence
        _add_areas(existing, areas)
    return [p for p in partnerships if len(p.parties) >= 2 or (p.parties and p.date)]


_BETWEEN = regex.compile(r"\s*(?:\([^)]{1,20}\)\s*)?(?:(?:was\s+|were\s+|has\s+been\s+)?(?:signed|sign[ée]e?s?|conclu\w*)\s+)?(?:between|entre)\s+")
_WITH = regex.compile(r"\b(?:with|avec)\s+")
#: where the clause naming the parties stops
_CLAUSE_END = regex.compile(r"[,;:.]|\s(?:that|which|who|to|qui|que|pour|afin|in order)\s")


def _parties(chunk: str, offset: int, keyword, entities: list[EntityRef]) -> list[EntityRef]:
    """The organisations (else countries) the clause of the agreement names: 'between X and Y', or the
    subject before the keyword plus 'with Y' after it."""
    def named(start: int, end: int, kinds=("organisation",)) -> list[EntityRef]:
        return [e for e in entities if e.kind in kinds and offset + start <= e.span.start < offset + end]

    after_start = keyword.end()
    between = _BETWEEN.match(chunk, after_start)
    if between:
        end = _clause_end(chunk, between.end())
        scope = [(between.end(), end)]
    else:
        subject_start = max(chunk.rfind(";", 0, keyword.start()) + 1, 0)
        scope = [(subject_start, keyword.start())]
        with_match = _WITH.search(chunk, after_start, min(len(chunk), after_start + 80))
        if with_match:
            scope.append((with_match.end(), _clause_end(chunk, with_match.end())))
    organisations = _distinct([e for start, end in scope for e in named(start, end)])
    if len(organisations) >= 2:
        return organisations
    countries = [e for start, end in scope for e in named(start, end, ("country",))]
    return _distinct(organisations + countries)


def _clause_end(chunk: str, start: int) -> int:
    """The end of a party list: punctuation or a subordinate clause, skipping '(ACR)' and a date."""
    position = start
    while True:
        stop = _CLAUSE_END.search(chunk, position)
        if stop is None:
            return len(chunk)
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


def _signature_date(chunk: str, offset: int, keyword):
    """The date nearest the keyword, within `DATE_REACH`, outside quotations, not 'since'/'for' a time."""
    quotes = [m.span() for m in re.finditer(r"\"[^\"]*\"?", chunk)]
    candidates = []
    if not any(ch.isdigit() for ch in chunk):
        return None
    for found in dates.find_dates(chunk, offset=offset):
        local = found.span.start - offset
        distance = keyword.start() - (found.span.end - offset) if local < keyword.start() else local - keyword.end()
        if distance > DATE_REACH or any(start <= local < end for start, end in quotes):
            continue
        before = chunk[:local]
        if re.search(r"(?:since|depuis|from|until|jusqu'(?:en|au))\s+(?:the\s+|le\s+)?$", before, re.IGNORECASE):
            continue
        if re.search(r"(?:for|pour|pendant)\s+$", before, re.IGNORECASE):
            continue
        candidates.append((distance, found.value))
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


# -------------------------------------------------------------------------------- people

ROLE_WORDS = (
    r"Director[- ]General|Deputy Director[- ]General|Secretary[- ]General|Deputy|Director|Minister|Head|Chief|"
    r"Executive|Manager|Coordinator|Officer|Adviser|Advisor|President|Vice[- ]President|Secretary|Ambassador|"
    r"Commissioner|Chair(?:man|woman|person)?|Representative|Spokesperson|Mayor|Governor|Counsellor|Consultant|"
    r"Researcher|Professor|Founder|Specialist|Analyst|Focal Point|Expert|expert|"
    r"directeur général|directrice générale|directeur|directrice|ministre|chef|cheffe|responsable|coordinateur|"
    r"coordinatrice|président|présidente|secrétaire général|secrétaire|ambassadeur|ambassadrice|commissaire|"
    r"représentant|représentante|conseiller|conseillère|chargée? de [\p{L}' ]+?|experte?|porte-parole|maire|gouverneur|"
    r"point focal|points focaux"
)
_ROLE_WORD = regex.compile(rf"(?<![\p{{L}}-])(?:{ROLE_WORDS})(?![\p{{L}}-])")
_NAME_TOKEN = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*"
_PARTICLE = r"(?:de|da|di|del|van|von|der|den|du|le|la|el|al|bin|ben|ibn)"
_HONORIFIC = r"(?:Mr|Ms|Mrs|Dr|Prof|H\.\s?E|Mme|Mlle|M)\.?"
_PERSON = regex.compile(
    rf"(?<![\p{{L}}])(?:(?P<honorific>{_HONORIFIC})\s*(?:Ambassador\s+)?)?"
    rf"(?P<name>{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_TOKEN}){{1,5}})(?![\p{{L}}])"
)
_HONORIFIC_WORDS = frozenset("Mr Ms Mrs Dr Prof Mme Mlle".split())
_CONNECTORS = frozenset("of the for and at in on to with de du des la le l' et pour à aux en".split())
#: capitalised words that start sentences or name things, never people
_NOT_NAMES = frozenset(
    """The This That These Those During Following From For With Since After Before Within While In On At By As
    Le La Les Un Une Des Du Au Aux Ce Cette Dans Pour Par Sur Avec Depuis Lors Parmi Plus Consultez
    Director Minister Head Chief Executive Manager Coordinator Officer President Secretary Ambassador
    Commissioner Deputy General Ministry Office Department Directorate Agency Centre Center Council
    Republic Kingdom Government European Union African National International Regional Migration
    Project Programme Process Dialogue Meeting Conference Policy Development Affairs Interior Foreign
    Expert Legal Social Protection Labour Mission Focal Point Coast Guard Border News Download Find
    Read More Information Participants Representatives Experts Several Summer School Days""".split()
)


def find_people(text: str, sentences: list[Span], entities: list[EntityRef]) -> tuple[list[PersonRecord], list[Span]]:
    """People named with a role, an honorific or a byline, each once: name, role as written, affiliation.

    Returns the people and the spans of their role titles.
    """
    people: dict[str, PersonRecord] = {}
    role_spans: list[Span] = []
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        inside = [e for e in entities if sentence.start <= e.span.start < sentence.end]
        previous_end = 0
        for match in _PERSON.finditer(chunk):
            name_start = _name_start(chunk, match)
            if name_start is None:
                continue
            name = re.sub(r"\s+", " ", chunk[name_start : match.end("name")])
            span = Span(sentence.start + name_start, sentence.start + match.end("name"))
            if not _plausible_name(name, span, inside):
                continue
            opening = match.start() if name_start == match.start("name") else name_start
            before = _role_before(chunk, opening, previous_end)
            after = _role_after(chunk, match.end())
            previous_end = match.end()
            byline = regex.match(r"^\s*(?:By|Par)\s+$", chunk[:name_start]) and not chunk[match.end() :].strip()
            honorific = (match.group("honorific") and name_start == match.start("name")) or regex.search(
                r"(?:Mr|Ms|Mrs|Dr|Prof|Mme|Mlle)\.?\s+$", chunk[match.start() : name_start]
            )
            if not (before or after or honorific or byline or name in people):
                continue
            role = before or after
            role_text, affiliation = (None, None)
            if role:
                role_start, role_end = role
                role_spans.append(Span(sentence.start + role_start, sentence.start + role_end))
                role_text, affiliation = _role_and_affiliation(chunk, role_start, role_end, sentence.start, inside)
            known = people.get(name)
            if known is None:
                people[name] = PersonRecord(name=name, span=span, role=role_text, affiliation=affiliation)
            elif known.role is None and role_text:
                known.role, known.affiliation = role_text, affiliation
    return list(people.values()), role_spans


def _name_start(chunk: str, match) -> int | None:
    """Where the name proper starts once leading words that are no names ('Director General', 'By') are
    dropped; None when fewer than two words or more than four remain."""
    tokens = list(regex.finditer(r"\S+", match.group("name")))
    first = 0
    while first < len(tokens) and tokens[first].group(0) in _NOT_NAMES | _HONORIFIC_WORDS | {"By", "Par"}:
        first += 1
    kept = tokens[first:]
    names = [t for t in kept if not regex.fullmatch(_PARTICLE, t.group(0))]
    if not 2 <= len(names) <= 4:
        return None
    return match.start("name") + kept[0].start()


def _plausible_name(name: str, span: Span, inside: list[EntityRef]) -> bool:
    tokens = name.split()
    if any(t in _NOT_NAMES for t in tokens):
        return False
    for entity in inside:
        if entity.span.start < span.end and span.start < entity.span.end:
            # a first name may be a city ('Sofia'), never a whole organisation, dialogue or programme
            whole = entity.span.start <= span.start and span.end <= entity.span.end
            if whole or entity.kind not in ("place", "country", "region"):
                return False
    return True


def _role_before(chunk: str, name_start: int, floor: int) -> tuple[int, int] | None:
    """A role title that ends right before the name ('le directeur général de l'ICMPD, ', 'ICMPD Director General ')."""
    window_start = max(floor, name_start - 160)
    before = chunk[window_start:name_start]
    honorific = regex.search(rf"(?:,\s*|\s+)(?:{_HONORIFIC}\s*(?:Ambassador\s*)?)?$", before)
    if not honorific:
        return None
    stop = window_start + honorific.start()
    candidates = list(_ROLE_WORD.finditer(chunk, window_start, stop))
    for role_word in candidates:
        start = role_word.start()
        phrase = chunk[start:stop]
        if regex.search(r"[;:()\"]|\s[–—]\s", phrase) or (phrase.count(",") and phrase[:1].isupper()):
            continue
        if not _title_like(phrase) or phrase.split()[-1].lower() in _CONNECTORS:
            continue
        # a role that is itself the title of a person named just before belongs to that person
        preceding = chunk[max(0, start - 60) : start]
        if regex.search(rf"{_NAME_TOKEN}\s+{_NAME_TOKEN},\s*$", preceding):
            return None
        return start, stop
    return None


def _title_like(phrase: str) -> bool:
    """A role title: capitalised words and connectors (English), or lower-case words without verbs (French)."""
    words = regex.findall(r"[\p{L}'’-]+", phrase)
    if not words:
        return False
    if words[0][0].isupper():
        return all(w[0].isupper() or w.lower() in _CONNECTORS or _ROLE_WORD.fullmatch(w) for w in words)
    return len(words) <= 8


def _role_after(chunk: str, name_end: int) -> tuple[int, int] | None:
    """A role title after 'Name, ': up to the end of the apposition."""
    opening = regex.match(r",\s+", chunk[name_end:])
    if not opening:
        return None
    start = name_end + opening.end()
    rest = chunk[start:]
    first_role = _ROLE_WORD.search(rest[:80])
    if not first_role:
        return None
    lead = rest[: first_role.start()]
    lead_words = regex.findall(r"[\p{L}'’-]+", lead)
    if len(lead_words) > 6 or any(not (w[0].isupper() or w.lower() in ("the", "le", "la", "l'", "de", "du", "and", "et")) for w in lead_words):
        return None
    end = _apposition_end(rest, rest[:1].isupper() or bool(lead_words))
    return start, start + end


def _apposition_end(rest: str, title_case: bool) -> int:
    """Where a role apposition stops: punctuation, a clause, or (in a Title Case role) a lower-case word."""
    stop = regex.search(r"[;:()\"]|\s[–—-]\s|,\s+(?=\p{Ll})|\.(?:\s|$)|\s+(?:Mr|Ms|Mrs|Dr|H\.E)\.?\s", rest)
    end = stop.start() if stop else len(rest)
    if title_case:
        for word in regex.finditer(r"[\p{L}'’-]+", rest[:end]):
            text = word.group(0)
            if text[0].islower() and text.lower() not in _CONNECTORS:
                end = word.end() if _ROLE_WORD.fullmatch(text) else word.start()
                break
        after_and = regex.search(rf"\s+(?:and|et)\s+{_NAME_TOKEN}\s+{_NAME_TOKEN},", rest[:end])
        if after_and:
            end = after_and.start()
    return len(rest[:end].rstrip(" ,"))


def _role_and_affiliation(chunk: str, start: int, end: int, offset: int, inside: list[EntityRef]):
    """The role title as written, less the organisation it names; that organisation is the affiliation."""
    role = chunk[start:end]
    absolute_start, absolute_end = offset + start, offset + end
    organisations = [
        e for e in inside if e.kind == "organisation" and absolute_start <= e.span.start and e.span.end <= absolute_end
    ]
    # "ICMPD Director General", "ICMPD's Director General": the organisation just before the role
    ahead = [e for e in inside if e.kind == "organisation" and 0 <= absolute_start - e.span.end <= 3]
    following = regex.match(r",\s+(?:the\s+)?", chunk[end:])
    behind = []
    if following:
        at = absolute_end + following.end()
        behind = [e for e in inside if e.kind == "organisation" and e.span.start == at]
    affiliation = (organisations[-1:] or ahead or behind or [None])[0]
    if organisations:
        first = organisations[-1]
        if first.span.start - offset - start <= 0 or not role[first.span.end - offset - start :].strip(" ,"):
            pass
        elif regex.match(r"^(?:’s|'s)\s", role[organisations[0].span.end - offset - start :]):
            first = organisations[0]
        local_start, local_end = first.span.start - offset - start, first.span.end - offset - start
        tail = role[local_end:].strip()
        head = role[:local_start]
        tail_is_place = bool(tail) and gazetteer().lookup(
            regex.sub(r"^(?:in|of|en|au|du|de)\s+(?:the\s+)?", "", tail), "country"
        ) is not None
        if not tail or tail in ("’s", "'s") or tail_is_place:
            stripped = regex.sub(r"\s*(?:of|at|for|from|with|within|de|du|des|d'|de l'|de la)\s*(?:the\s+|l')?$", "",
                                 head, flags=regex.IGNORECASE)
            if stripped.strip().lower() not in RELATIONAL_TITLES:
                role = stripped
        elif not head.strip(" ") or head.strip().lower() in ("the", "le", "la", "l'"):
            role = regex.sub(r"^(?:’s|'s)\s+", "", tail)
    role = regex.sub(r"^(?:(?:the|le|la)\s+|l')", "", role.strip(" ,"), flags=regex.IGNORECASE)
    return (_without_country(role, offset + start, inside) or None), affiliation


#: titles that name nothing without their object: "Head of EU Delegation" keeps its organisation
RELATIONAL_TITLES = frozenset("head chief chef".split())


def _without_country(role: str, start: int, inside: list[EntityRef]) -> str:
    """A role title less a leading nationality ('Spanish Minister...') and a trailing '... of <country>'."""
    first = regex.match(r"[\p{L}-]+\s+", role)
    if first and gazetteer().is_demonym(first.group(0).strip()) and len(role.split()) > 1:
        role = role[first.end() :]
    for tail in regex.finditer(r"\s+(?:of|in|du|de|d')\s*(?:the\s+|la\s+|l')?(?=[^,]+$)", role):
        if gazetteer().lookup(role[tail.end() :], "country") is not None:
            role = role[: tail.start()]
            break
    return role.strip(" ,")
