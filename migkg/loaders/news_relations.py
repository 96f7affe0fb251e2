"""Relations a news item states: partnerships (MoUs, agreements), dialogue secretariats, people and roles."""

import re

import regex

from migkg.loaders import dates
from migkg.loaders.records import EntityRef, PartnershipRecord, PersonRecord, SecretariatRecord, Span

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
#: "in three areas: research and policy, capacity building and migration dialogues"
_AREAS = regex.compile(
    r"(?:\b(?:dans|in|on|sur)\s+(?:les\s+|the\s+)?(?:\p{L}+\s+)?(?:domaines?|areas?|fields?|th[èe]mes?|themes?)"
    r"(?:\s+(?:suivants|following|of|de|des|du))?\s*(?::|of|de|des|du)\s*)(?P<list>[^.;]+)",
    regex.IGNORECASE,
)
#: words of cooperation areas -> theme preferred labels
AREA_THEMES = [
    (r"renforcement des capacit[ée]s|capacity[- ]building|capacity development|d[ée]veloppement des capacit[ée]s",
     "capacity building"),
    (r"recherche|research", "research and policy"),
    (r"dialogues? (?:sur les|on) migrations?|migration dialogues?|dialogues? migratoires?", "migration dialogue"),
    (r"traite des (?:[êe]tres humains|personnes)|trafficking in human beings|human trafficking", "trafficking in human beings"),
    (r"trafic (?:illicite )?de migrants|smuggling of migrants|migrant smuggling", "smuggling of migrants"),
    (r"gestion des fronti[èe]res|border management", "border management"),
    (r"migration et d[ée]veloppement|migration and development", "migration and development"),
    (r"retour et (?:de )?r[ée]int[ée]gration|return and reintegration", "return and reintegration"),
    (r"protection internationale|asile|international protection|asylum", "international protection"),
    (r"migration de travail|migration (?:de main-d'œuvre|professionnelle)|labour migration", "labour migration"),
    (r"donn[ée]es (?:sur les|migratoires)|migration data|data collection", "migration data"),
]  # fmt: skip


def find_partnerships(
    text: str, sentences: list[Span], entities: list[EntityRef], *, language: str
) -> list[PartnershipRecord]:
    """MoUs and partnership agreements the item reports, with parties, signature date and areas."""
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
        parties = _parties(entities, sentence)
        date = _signature_date(chunk, sentence.start)
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


def _parties(entities: list[EntityRef], sentence: Span) -> list[EntityRef]:
    inside = [e for e in entities if sentence.start <= e.span.start < sentence.end]
    organisations = _distinct([e for e in inside if e.kind == "organisation"])
    if len(organisations) >= 2:
        return organisations
    return _distinct(organisations + [e for e in inside if e.kind == "country"])


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


def _signature_date(chunk: str, offset: int):
    for found in dates.find_dates(chunk, offset=offset):
        before = chunk[: found.span.start - offset]
        if re.search(r"(?:since|depuis|from|until|jusqu'(?:en|au))\s+(?:the\s+|le\s+)?$", before, re.IGNORECASE):
            continue
        if re.search(r"(?:for|pour|pendant)\s+$", before, re.IGNORECASE):
            continue
        return found.value
    return None


def _areas(chunk: str) -> list[str]:
    match = _AREAS.search(chunk)
    if not match:
        return []
    items = [part.strip(" ,") for part in re.split(r",\s*", match.group("list").strip())]
    if len(items) > 1:
        last = items.pop()
        items.extend(re.split(r"\s+(?:and|et)\s+(?=(?:the|les|la|le|l'|des|du)\b)", last) if re.search(
            r"\s+(?:and|et)\s+(?:the|les|la|le|l'|des|du)\b", last) else re.split(r"\s+(?:and|et)\s+", last, maxsplit=1))
    areas = []
    for item in items:
        words = re.sub(r"^(?:the|les|la|le|l'|des|du)\s*", "", item.strip(), flags=re.IGNORECASE).strip()
        if not words:
            continue
        areas.append(_theme(words) or words)
    return areas


def _theme(words: str) -> str | None:
    for pattern, theme in AREA_THEMES:
        if re.search(pattern, words, re.IGNORECASE):
            return theme
    return None


def _add_areas(partnership: PartnershipRecord, areas: list[str]) -> None:
    for area in areas:
        if area not in partnership.areas:
            partnership.areas.append(area)


# -------------------------------------------------------------------------------- secretariats

_RUNS_SECRETARIAT = regex.compile(
    r"\b(?:runs?|running|hosts?|hosting|holds?|holding|provides?|providing|ensures?|implements?|implementing|manages?|"
    r"managing|acts? as|acting as|serves? as|serving as|as|is in charge of|met en (?:œ|oe)uvre|mettant en (?:œ|oe)uvre|"
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
            dialogue = _first([e for e in inside if e.kind == "dialogue" and e.span.start >= sentence.start + match.end()])
            dialogue = dialogue or _last([e for e in inside if e.kind == "dialogue" and e.span.end <= verb_at])
            _record(found, organisation, dialogue, sentence)
        for match in _SECRETARIAT_RUN_BY.finditer(chunk):
            by_at = sentence.start + match.end()
            organisation = _first([e for e in inside if e.kind == "organisation" and e.span.start >= by_at])
            dialogue = _first(
                [e for e in inside if e.kind == "dialogue" and abs(e.span.start - (sentence.start + match.start())) < 60]
            )
            _record(found, organisation, dialogue, sentence)
    return found


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
    r"Director[- ]General|Deputy Director[- ]General|Secretary[- ]General|Deputy|Director|Minister|Head|Chief|Executive|"
    r"Manager|Coordinator|Officer|Adviser|Advisor|President|Vice[- ]President|Secretary|Ambassador|Commissioner|"
    r"Chair(?:man|woman|person)?|Representative|Spokesperson|Mayor|Governor|Counsellor|Consultant|Researcher|"
    r"Professor|Founder|Specialist|Analyst|Focal Point|Expert|expert|"
    r"directeur général|directrice générale|directeur|directrice|ministre|chef|cheffe|responsable|coordinateur|"
    r"coordinatrice|président|présidente|secrétaire général|secrétaire|ambassadeur|ambassadrice|commissaire|"
    r"représentant|représentante|conseiller|conseillère|chargée?|experte?|porte-parole|maire|gouverneur"
)
_NAME_TOKEN = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*"
_PARTICLE = r"(?:de|da|di|del|van|von|der|den|du|le|la|el|al|bin|ben|ibn)"
_NAME = rf"(?P<name>{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_TOKEN}){{1,3}})"
_HONORIFIC = r"(?:Mr|Ms|Mrs|Dr|Prof|H\.\s?E|M|Mme|Mlle|Me)\.?\s*(?:Ambassador\s+|Minister\s+)?"
_ROLE_LEAD = rf"(?:(?:{_NAME_TOKEN}(?:’s|'s)?\s+|\p{{Lu}}{{2,}}(?:’s|'s)?\s+|the\s+|le\s+|la\s+|l')?(?:{ROLE_WORDS})\b)"
#: "Name, Role ..." (role after the name)
_NAME_THEN_ROLE = regex.compile(rf"(?:{_HONORIFIC})?{_NAME},\s+(?P<role>{_ROLE_LEAD}[^;:()\"\n]*)")
#: "Role [of Org][,] Name" (role before the name)
_ROLE_THEN_NAME = regex.compile(
    rf"(?P<role>(?<![\p{{L}}])(?:{ROLE_WORDS})\b[^;:()\"\n]{{0,90}}?),?\s+(?:{_HONORIFIC})?{_NAME}(?![\p{{L}}])"
)
_HONORIFIC_NAME = regex.compile(rf"(?<![\p{{L}}])(?:Mr|Ms|Mrs|Dr|Prof|H\.\s?E|Mme|Mlle)\.?\s+(?:Ambassador\s+)?{_NAME}")
_BYLINE = regex.compile(rf"^\s*(?:By|Par)\s+{_NAME}\s*$")
_ROLE_END = regex.compile(
    rf",\s+(?=\p{{Ll}})|;|\s[–—-]\s|\s+(?:and|et)\s+(?:{_HONORIFIC})?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}},|"
    r"\s+(?:who|which|qui|a déclaré|said|stated|highlighted|noted|opened|explained|addressed)\b"
)
#: capitalised words that start sentences or name things, never people
_NOT_NAMES = frozenset(
    """The This That These Those During Following From For With Since After Before Within While In On At By As
    Le La Les Un Une Des Du Au Aux Ce Cette Dans Pour Par Sur Avec Depuis Lors Parmi
    Director Minister Head Chief Executive Manager Coordinator Officer President Secretary Ambassador
    Commissioner Deputy General Ministry Office Department Directorate Agency Centre Center Council
    Republic Kingdom Government European Union African National International Regional Migration
    Project Programme Process Dialogue Meeting Conference Policy Development Affairs Interior Foreign
    Expert Legal Social Protection Labour Mission Brussels Focal Point Coast Guard Border""".split()
)


def find_people(text: str, sentences: list[Span], entities: list[EntityRef]) -> list[PersonRecord]:
    """People named with a role or an honorific, each once, with the role as written and the affiliation."""
    people: dict[str, PersonRecord] = {}
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        inside = [e for e in entities if sentence.start <= e.span.start < sentence.end]
        for match in _NAME_THEN_ROLE.finditer(chunk):
            role = _cut_role(match.group("role"))
            _add_person(people, text, sentence, match, role, inside)
        for match in _ROLE_THEN_NAME.finditer(chunk):
            role = match.group("role").strip(" ,")
            if _ROLE_END.search(role):
                role = role[: _ROLE_END.search(role).start()]
            _add_person(people, text, sentence, match, role, inside, role_first=True)
        for match in _HONORIFIC_NAME.finditer(chunk):
            _add_person(people, text, sentence, match, None, inside)
        byline = _BYLINE.match(chunk)
        if byline:
            _add_person(people, text, sentence, byline, None, inside)
    return list(people.values())


def _cut_role(role: str) -> str:
    end = _ROLE_END.search(role)
    return (role[: end.start()] if end else role).strip(" ,.")


def _add_person(people, text, sentence, match, role, inside, *, role_first=False) -> None:
    name = re.sub(r"\s+", " ", match.group("name")).strip()
    start = sentence.start + match.start("name")
    span = Span(start, start + len(match.group("name")))
    tokens = name.split()
    if tokens[0] in _NOT_NAMES or tokens[-1] in _NOT_NAMES or any(t in _NOT_NAMES for t in tokens):
        return
    if any(e.span.start < span.end and span.start < e.span.end for e in inside):
        return  # an organisation, a country or a place, not a person
    role_text, affiliation = _split_role(role, match, sentence, inside, role_first) if role else (None, None)
    known = people.get(name)
    if known:
        if known.role is None and role_text:
            known.role, known.affiliation = role_text, affiliation
        return
    people[name] = PersonRecord(name=name, span=span, role=role_text or None, affiliation=affiliation)


def _split_role(role: str, match, sentence: Span, inside: list[EntityRef], role_first: bool):
    """The role title as written, without the organisation it names; and that organisation."""
    role_start = sentence.start + match.start("role")
    role_end = role_start + len(role)
    organisations = [e for e in inside if e.kind == "organisation" and role_start <= e.span.start < role_end + 2]
    if not organisations:
        return role.strip(" ,"), None
    organisation = organisations[-1] if not role_first else organisations[0]
    local = organisation.span.start - role_start
    before = role[:local]
    after = role[local + (organisation.span.end - organisation.span.start) :]
    possessive = regex.match(r"^(?:’s|'s)\s+", after)
    if possessive and not before.strip():
        return after[possessive.end() :].strip(" ,"), organisation
    trimmed = regex.sub(r"\s*(?:of|at|for|from|de|du|des|d'|de l'|de la|with|within)\s*(?:the\s+|l')?$", "", before,
                        flags=regex.IGNORECASE)
    if trimmed.strip() and trimmed != before:
        return trimmed.strip(" ,"), organisation
    if not before.strip():
        return after.strip(" ,") or role.strip(" ,"), organisation
    return before.strip(" ,") if before.strip() else role.strip(" ,"), organisation
