"""People a news item names, with their role title as written and their affiliation (English and French).

A person is a run of two to four capitalised name words that has a role title next to it
("Name, Director of X at ICMPD"; "le directeur général de l'ICMPD, Name"; "ICMPD Director General
Name"), an honorific ("Mr.", "Dr", "H.E.") or a byline ("By Name"). The role is kept as written,
less a leading nationality, a trailing country, and a trailing organisation, which becomes the
affiliation.
"""

import re

import regex

from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.text import fold
from migkg.loaders.records import EntityRef, PersonRecord, Span

ROLE_WORDS = (
    r"(?:First[- ])?(?:Vice|Co|Sub|Deputy)[- ](?:Minister|President|Chair(?:man|woman|person)?|Manager|Director|Coordinator|"
    r"Secretary|minister|president|chair|manager|director|coordinator|secretary)|"
    r"Director[- ]General|Deputy Director[- ]General|Secretary[- ]General|Deputy|Director|Minister|Head|Chief|"
    r"Executive|Manager|Coordinator|Officer|Adviser|Advisor|President|Vice[- ]President|Secretary|Ambassador|"
    r"Commissioner|Chair(?:man|woman|person)?|Representative|Spokesperson|Mayor|Governor|Counsellor|Consultant|"
    r"Researcher|Professor|Founder|Specialist|Analyst|Focal Point|Expert|expert|"
    r"Comptroller(?:[- ]General)?|Controller(?:[- ]General)?|Inspector(?:[- ]General)?|Attorney[- ]General|"
    r"Under-?[- ]Secretary|Undersecretary|Permanent Secretary|State Secretary|Commander|Commandant|Superintendent|"
    r"Prosecutor|Judge|Envoy|Delegate|Rapporteur|Registrar|Dean|Rector|Prime Minister|CEO|"
    r"inspecteur général|inspectrice générale|commandant|procureur|procureure|juge|délégué|déléguée|envoyé spécial|"
    r"envoyée spéciale|sous-directeur|sous-directrice|préfet|préfète|recteur|rectrice|doyen|doyenne|"
    r"haut-commissaire|haute-commissaire|chargé d'affaires|Premier ministre|"
    r"Administrator|administrateur|administratrice|"
    r"directeur général|directrice générale|directeur|directrice|ministre|chef|cheffe|responsable|coordinateur|"
    r"coordinatrice|président|présidente|secrétaire général|secrétaire|ambassadeur|ambassadrice|commissaire|"
    r"représentant|représentante|conseiller|conseillère|chargée? de [\p{L}' ]+?|experte?|porte-parole|maire|gouverneur|"
    r"point focal|points focaux"
)


def _capitalisable(words: str) -> str:
    """The role-word pattern with each lower-case alternative also matching capitalised ('Ministre de ...')."""
    return "|".join(
        f"[{alt[0]}{alt[0].upper()}]{alt[1:]}" if alt[:1].islower() else alt for alt in words.split("|")
    )


_ROLE_WORD = regex.compile(rf"(?<![\p{{L}}-])(?:{_capitalisable(ROLE_WORDS)})(?![\p{{L}}-])")
#: an English role title written in lower case right after a name ("Maria Lopez, head of the IOM office")
_LOWER_ROLE_WORD = regex.compile(
    r"(?:(?:the|an?)\s+)?(?:(?:deputy|senior|chief|principal|regional|legal|labour|technical)\s+)*"
    r"(?:head|director|minister|chief|coordinator|manager|officer|adviser|advisor|president|inspector|"
    r"secretary|ambassador|commissioner|representative|spokesperson|chair|mayor|governor)(?![\p{L}-])"
    r"(?=\s+(?:of|for|at|with)\s)"
)
#: a capitalised name word; "N’Diaye", "O'Brien", "M'Bow" carry a one-letter prefix before an apostrophe
_NAME_TOKEN = r"(?:[DMNO]['’](?=\p{Lu}))?\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*"
_PARTICLE = r"(?:de|da|di|del|van|von|der|den|du|le|la|el|al|bin|ben|ibn)"
#: a middle initial between name words ("Lamin K. Ceesay" in "Name K. Surname")
_INITIAL = r"\p{Lu}\."
_HONORIFIC = r"(?:Mr|Ms|Mrs|Dr|Prof|H\.\s?E|Mme|Mlle|M)\.?"
_PERSON = regex.compile(
    rf"(?<![\p{{L}}])(?:(?P<honorific>{_HONORIFIC})\s*(?:Ambassador\s+)?)?"
    rf"(?P<name>{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+|{_INITIAL}\s+)?{_NAME_TOKEN}){{1,5}})(?![\p{{L}}])"
)
_HONORIFIC_WORDS = frozenset("Mr Ms Mrs Dr Prof Mme Mlle".split())
_CONNECTORS = frozenset("of the for and at in on to with de du des la le l' et pour à aux en charge".split())
#: capitalised words that start sentences or name things, never people
_NOT_NAMES = frozenset(
    """The This That These Those During Following From For With Since After Before Within While In On At By As
    Le La Les Un Une Des Du Au Aux Ce Cette Dans Pour Par Sur Avec Depuis Lors Parmi Plus Consultez
    Director Minister Head Chief Executive Manager Coordinator Officer President Secretary Ambassador
    Commissioner Deputy General Ministry Office Department Directorate Agency Centre Center Council
    Republic Kingdom Government European Union African National International Regional Migration
    Project Programme Process Dialogue Meeting Conference Policy Development Affairs Interior Foreign
    Expert Legal Social Protection Labour Mission Focal Point Coast Guard Border News Download Find
    Read More Information Participants Representatives Experts Several Summer School Days
    According Selon Speaking Addressing Opening Closing Welcoming However Meanwhile Also Both Then Later
    Toutefois Ainsi Enfin Ensuite Comme Après Avant Lors
    Security Welfare Employment Health Education Integration Cooperation Co-operation Planning Finance Trade
    Industry Solidarity Youth Gender Relations Defence Defense Economy Rights Sécurité Emploi Santé Travail
    Intérieur Solidarité Coopération Intégration""".split()
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
            name_start = _after_leading_place(chunk, name_start, match.end("name"), sentence.start, inside)
            if name_start is None:
                continue
            name = re.sub(r"\s+", " ", chunk[name_start : match.end("name")])
            if _surname_of_known(name, people):
                previous_end = match.end()
                continue  # "Mme Sow Kanouté" after "Aminata Sow Kanouté": the same person, named again
            span = Span(sentence.start + name_start, sentence.start + match.end("name"))
            if chunk[max(0, name_start - 2) : name_start] in ("l'", "d'", "l’", "d’", "L'", "D'") or not _plausible_name(
                name, span, inside
            ):
                continue
            opening = match.start() if name_start == match.start("name") else name_start
            before = _role_before(chunk, opening, previous_end)
            after = _role_after(chunk, match.end())
            byline = regex.match(r"^\s*(?:By|Par)\s+$", chunk[:name_start]) and not chunk[match.end() :].strip()
            honorific = (match.group("honorific") and name_start == match.start("name")) or regex.search(
                r"(?:Mr|Ms|Mrs|Dr|Prof|Mme|Mlle)\.?\s+$", chunk[match.start() : name_start]
            )
            bracketed = _bracketed_organisation(chunk, match.end(), sentence.start, inside)
            signatory = _SIGNED_BY_NAME.search(chunk[:opening]) and regex.search(r"sign", chunk, regex.IGNORECASE)
            if not (before or after or honorific or byline or bracketed or signatory or name in people):
                continue  # no person: the words before it may still be the title of the next name
            previous_end = match.end()
            role = before or after
            before_words = chunk[before[0] : before[1]].split() if before else []
            if after and (len(before_words) == 1 or (len(before_words) == 2 and before_words[0].islower())):
                # "Ambassador Jane Roe, Chair of the Committee", "le commissaire divisionnaire X, directeur de ...":
                # a rank before the name, the apposition says what the person is
                role = after
            role_text, affiliation = (None, None)
            if role:
                role_start, role_end = role
                role_spans.append(Span(sentence.start + role_start, sentence.start + role_end))
                role_text, affiliation = _role_and_affiliation(chunk, role_start, role_end, sentence.start, inside)
            affiliation = affiliation or bracketed
            known = people.get(name)
            if known is None:
                people[name] = PersonRecord(name=name, span=span, role=role_text, affiliation=affiliation)
            elif known.role is None and role_text:
                known.role, known.affiliation = role_text, affiliation
    return list(people.values()), role_spans


#: "signed by Name", "signé par Name", "on behalf of IOM by Name": a signatory, named without a title
_SIGNED_BY_NAME = regex.compile(r"\b(?:signed|countersigned|signé(?:e|s|es)?|contresigné(?:e|s|es)?)\b[^.;]*\b(?:by|par)\s+$", regex.I)


def _bracketed_organisation(chunk: str, name_end: int, offset: int, inside: list[EntityRef]) -> EntityRef | None:
    """The organisation in brackets right after a name ('Jane Roe (IOM) and John Doe (UNHCR) signed'), if any."""
    bracket = regex.match(r"\s*\(([^()]{2,60})\)", chunk[name_end:])
    if not bracket:
        return None
    start, end = offset + name_end + bracket.start(1), offset + name_end + bracket.end(1)
    found = [e for e in inside if e.kind == "organisation" and e.span.start == start and e.span.end == end]
    return found[0] if found else None


def _surname_of_known(name: str, people: dict[str, PersonRecord]) -> bool:
    """True when `name` is the end of the full name of a person already found (a later, shorter mention)."""
    words = name.split()
    return any(len(known.split()) > len(words) and known.split()[-len(words) :] == words for known in people)


def _name_start(chunk: str, match) -> int | None:
    """Where the name proper starts once leading words that are no names ('Director General', 'By') are
    dropped; None when fewer than two words or more than four remain."""
    tokens = list(regex.finditer(r"\S+", match.group("name")))
    first = 0
    while first < len(tokens) and tokens[first].group(0) in _NOT_NAMES | _HONORIFIC_WORDS | {"By", "Par"}:
        first += 1
    # "Frontex Deputy Executive Director Lena Roe": the name starts after the last word that names no one
    later = [
        i for i, t in enumerate(tokens)
        if i >= first and (t.group(0) in _HONORIFIC_WORDS or (t.group(0) in _NOT_NAMES and _ROLE_WORD.fullmatch(t.group(0))))
    ]
    if later and len(tokens) - later[-1] - 1 >= 2:
        first = later[-1] + 1
    kept = tokens[first:]
    names = [t for t in kept if not regex.fullmatch(_PARTICLE, t.group(0))]
    if not 2 <= len(names) <= 4:
        return None
    return match.start("name") + kept[0].start()


def _after_leading_place(chunk: str, name_start: int, name_end: int, offset: int, inside: list[EntityRef]) -> int | None:
    """Where the name starts once a leading country or region is dropped ('Ambassador to Egypt Jan Roe',
    'Director for Africa John Doe'); None when fewer than two words remain."""
    for entity in inside:
        if entity.kind in ("country", "region") and entity.span.start == offset + name_start:
            rest = regex.match(r"\s+", chunk[entity.span.end - offset : name_end])
            if rest is None:
                return name_start
            start = entity.span.end - offset + rest.end()
            return start if len(chunk[start:name_end].split()) >= 2 else None
    return name_start


def _plausible_name(name: str, span: Span, inside: list[EntityRef]) -> bool:
    tokens = name.split()
    if any(t in _NOT_NAMES for t in tokens):
        return False
    if any(e.kind == "country" and e.span.start < span.end <= e.span.end for e in inside):
        return False  # "Intérieur du Niger", "Affairs of Mali": a name never ends with a country
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
    honorific = regex.search(rf"(?:,\s*|\s+)(?:{_HONORIFIC}\s*(?:Ambassador\s*)?)*$", before)
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
        qualifiers = _ROLE_QUALIFIERS.search(chunk, window_start, start)
        return (qualifiers.start() if qualifiers else start), stop
    return None


#: words that qualify a role title before its role word ("Regional Director", "Senior Legal Officer")
_ROLE_QUALIFIERS = regex.compile(
    r"(?<![\p{L}-])(?:(?:Regional|Senior|Principal|Executive|Technical|Special|Permanent|Assistant|Acting|Associate|High|"
    r"Programme|Program|Project|Country|Legal|Policy)\s+)+$"
)


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
    first_role = _ROLE_WORD.search(rest[:80]) or _LOWER_ROLE_WORD.match(rest[:80])
    if not first_role:
        return None
    lead = rest[: first_role.start()]
    lead_words = regex.findall(r"[\p{L}'’-]+", lead)
    if len(lead_words) > 6 or any(not (w[0].isupper() or w.lower() in ("the", "le", "la", "l'", "de", "du", "and", "et")) for w in lead_words):
        return None
    french = not lead_words and fold(rest.split(" ", 1)[0]).lower() in _FRENCH_ROLE_STARTS
    end = _apposition_end(rest, (rest[:1].isupper() or bool(lead_words)) and not french)
    return start, start + end


#: first words of French role titles, whose other words stay in lower case ("Directrice générale adjointe")
_FRENCH_ROLE_STARTS = frozenset(
    """ministre directeur directrice chef cheffe responsable coordinateur coordinatrice president presidente
    secretaire ambassadeur ambassadrice commissaire representant representante conseiller conseillere charge
    chargee porte-parole maire gouverneur inspecteur inspectrice procureur procureure juge delegue deleguee
    envoye envoyee sous-directeur sous-directrice prefet prefete recteur rectrice doyen doyenne haut-commissaire
    haute-commissaire premier premiere administrateur administratrice""".split()
)


def _apposition_end(rest: str, title_case: bool) -> int:
    """Where a role apposition stops: punctuation, a clause, or (in a Title Case role) a lower-case word."""
    # a comma then a lower-case word ends it, unless a French list of portfolios goes on ("à la santé, aux affaires ...")
    stop = regex.search(
        r"[;:()\"]|\s[–—-]\s|,\s+(?=\p{Ll})(?!(?:aux?|du|des|de\s+la|de\s+l['’])\s*[^,;:()]*?\s(?:et|and)\s)|"
        r"\.(?:\s|$)|\s+(?:Mr|Ms|Mrs|Dr|H\.E)\.?\s",
        rest,
    )
    end = stop.start() if stop else len(rest)
    if title_case:
        for word in regex.finditer(r"(?:[ldLD]['’])?\K[\p{L}'’-]+", rest[:end]):
            text = word.group(0)
            if text[0].islower() and text.lower() not in _CONNECTORS:
                end = word.end() if _ROLE_WORD.fullmatch(text) else word.start()
                break
        after_and = regex.search(rf"\s+(?:and|et)\s+{_NAME_TOKEN}\s+{_NAME_TOKEN},", rest[:end])
        if after_and:
            end = after_and.start()
    # "Director General of X and chair of the meeting": a Title Case role ends before the lower-case one it joins
    trailing = regex.search(r"(?:[\s,]+(?:and|et|of|for|the|de|du|des|pour))+[\s,]*$", rest[:end]) if title_case else None
    if trailing:
        end = trailing.start()
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
        if not tail or tail in ("’s", "'s") or _is_area(tail) or _continues_name(tail):
            stripped = _TRAILING_LINK.sub("", head)
            if stripped.strip().lower() not in RELATIONAL_TITLES:
                role = stripped
        elif not head.strip(" ") or head.strip().lower() in ("the", "le", "la", "l'"):
            role = regex.sub(r"^(?:’s|'s)\s+", "", tail)
    elif (head_cut := _UNKNOWN_INSTITUTION.search(role)) and _national_institution(role[head_cut.end() :]):
        # "Deputy Director General of the Presidency of ...": an institution the entities missed
        stripped = role[: head_cut.start()]
        if stripped.strip().lower() not in RELATIONAL_TITLES and _ROLE_WORD.search(stripped):
            role = stripped
    workplace = _AT_WORKPLACE.search(role)
    if workplace and (_ROLE_WORD.search(role[: workplace.start()]) or _LOWER_ROLE_WORD.match(role)):
        role = role[: workplace.start()]  # "Senior Return Officer at the Polish Border Guard": the title ends at "at"
    unit = _UNIT_OF_INSTITUTION.search(role)
    if unit:
        role = role[: unit.start()]
    role = regex.sub(r"^(?:(?:the|an?|le|la)\s+|l')", "", role.strip(" ,"), flags=regex.IGNORECASE)
    return (_without_country(role, offset + start, inside) or None), affiliation


#: " at the Polish Border Guard", " with Malta's Labour Inspectorate", " au Secrétariat du ...": where a title
#: names the place it is held (a French portfolio, "commissaire à la Santé", is no workplace)
_AT_WORKPLACE = regex.compile(
    r"\s+(?:at|with)\s+(?:the\s+)?(?=\p{Lu})|"
    r"\s+(?:au|à\s+la|à\s+l['’])\s*(?=(?:Secrétariat|Minist[èe]re|Bureau|Département|Service|Direction|Siège|"
    r"Délégation|Agence|Office|Commission|Centre|Cellule|Unité)\b)"
)
#: "Head of the Training Unit of the Coast Guard Corps": a unit's title, then the institution it belongs to
_UNIT_OF_INSTITUTION = regex.compile(
    r"^[^,]*?\s(?:of|for)\s+the\s+(?:\p{Lu}[\p{L}-]*\s+){0,3}(?:Unit|Centre|Center|Division|Section|Department|Service|"
    r"Office|Directorate|Branch|Academy|School|Institute)\K\s+of\s+the\s+(?=(?:\p{Lu}[\p{L}-]*\s+){0,3}"
    r"(?:Guards?|Troops|Forces|Police|Army|Navy|Gendarmerie|Ministry|Service|Agency|Authority|Corps)\b)"
)


#: the word that links a role title to its organisation ("Director of the", "directrice au ministère")
_TRAILING_LINK = regex.compile(
    r"\s*(?:of|at|for|from|with|within|in|de|du|des|d'|de l'|de la|au|aux|à|à la|à l'|auprès d[eu]|auprès de l[a']|"
    r"au sein d[eu]|au sein de l[a'])\s*(?:the\s+|l')?$",
    regex.IGNORECASE,
)
#: "... of the Presidency of Migration Management", "... au ministère des ...": where an institution starts
_UNKNOWN_INSTITUTION = regex.compile(
    r"\s+(?:of|at|within|de|du|des|au|auprès\s+du|au\s+sein\s+du)\s+(?:the\s+|la\s+|l')?"
    r"(?=(?:\p{Lu}[\p{L}-]+\s+){0,2}(?:Presidency|Présidence|Ministry|Minist[èe]re|minist[èe]re|Directorate|"
    r"Direction|Department|Agency|Agence|Office|Bureau|Service|Commission|Authority|Autorité|Inspectorate|Board|"
    r"Police|Gendarmerie)\b)"
)


def _national_institution(name: str) -> bool:
    """A ministry or presidency, or an institution whose name ends with its country ('... of Türkiye'):
    an affiliation of its own, unlike a unit of an international organisation ('Regional Bureau for ...')."""
    if regex.match(r"(?:\p{Lu}[\p{L}-]+\s+){0,2}(?i:ministry|minist[èe]re|presidency|présidence)\b", name):
        return True
    country = regex.search(r"\s(?:of|du|de|des|d')\s*(?:the\s+|la\s+|l')?(?P<country>[^,]+)$", name)
    return bool(country) and gazetteer().lookup(country.group("country").strip(), "country") is not None


def _is_area(tail: str) -> bool:
    """A tail that only says where the role applies: 'of Senegal', 'pour l'Afrique de l'Est et la Corne...'."""
    place = regex.sub(r"^(?:(?:in|of|for|en|au|aux|du|de|pour)\s+)?(?:the\s+|l'|la\s+|le\s+)?", "", tail.strip())
    first = regex.split(r"\s+(?:and|et)\s+|,\s*", place)[0]
    return any(gazetteer().lookup(first, kind) is not None for kind in ("country", "region", "place"))


def _continues_name(tail: str) -> bool:
    """A tail that is the rest of the organisation's own name after a plural possessive ('Workers’ Welfare
    Board'), which the entity stopped short of: capitalised words and connectors only."""
    words = regex.findall(r"[\p{L}-]+", tail)
    if not words or not regex.match(r"^['’]\s+\p{Lu}", tail):
        return False
    return all(w[0].isupper() or w.lower() in _CONNECTORS or w == "s" for w in words)


#: titles that name nothing without their object: "Head of EU Delegation" keeps its organisation
RELATIONAL_TITLES = frozenset("head chief chef".split())


def _without_country(role: str, start: int, inside: list[EntityRef]) -> str:
    """A role title less a leading nationality ('Spanish Minister...') and a trailing '... of <country>'."""
    first = regex.match(r"[\p{L}-]+\s+", role)
    if first and gazetteer().is_demonym(first.group(0).strip()) and len(role.split()) > 1:
        role = role[first.end() :]
    # "Ghana's Deputy Minister for ...": a leading country in the possessive
    owner = regex.match(r"(?P<country>[\p{L} -]+?)['’]s\s+(?=\S)", role)
    if owner and gazetteer().lookup(owner.group("country"), "country") is not None:
        role = role[owner.end() :]
    # "ministre mauritanien de l'Intérieur": French puts the nationality after the role word
    second = regex.match(r"([\p{L}-]+)\s+([\p{L}-]+)\s+", role)
    if second and second.group(2)[:1].islower() and gazetteer().is_demonym(second.group(2)):
        role = role[: second.end(1)] + " " + role[second.end() :]
    for tail in regex.finditer(r"\s+(?:of|in|du|de|d')\s*(?:the\s+|la\s+|l')?(?=[^,]+$)", role):
        if gazetteer().lookup(role[tail.end() :], "country") is not None:
            role = role[: tail.start()]
            break
    return role.strip(" ,")
