"""Where an Action's experts come from, read from the sentences that mention experts.

"Experts from the French and Malian national administrations" gives two national-administration
deployments (FR, ML); "a private consultant" a private-consultant one; "European academics"
academia, and "German academia" academia from DE (the origin is the country whenever the text
names one, whatever the kind); "non-governmental experts" civil society; an organisation named in
the sentence (EUROPOL, UNODC, "ICMPD also provided expertise") an organisation of its kind; a
national body (the UK Home Office, "the Danish police", "the Italian labour inspectorate") a
national administration of its country. "The experts deployed ... come from X, from Y" names its
origins after "come from".
"""

import re

from migkg.loaders.gazetteer import find_institutions, gazetteer
from migkg.loaders.records import EntityRef, ExpertRecord, Span

_EXPERT_WORD = re.compile(r"\b(?:experts?|expertise|academics?|researchers?|practitioners?|consultants?|specialists?|trainers|experte?s?)\b", re.IGNORECASE)
#: where the phrase naming the experts ends
_PHRASE_END = re.compile(
    r"\b(?:(?:were|are|was|is|have been|has been|are being|is being|arewill be|will be)\s+deployed|deployed|participated|"
    r"assisted|advised|were identified|ont été déployés|sont déployés)\b",
    re.IGNORECASE,
)
#: more origins after the verb that ends the phrase: "... were deployed, alongside an expert from UNHCR"
_MORE_AFTER = re.compile(
    r",\s*(?:alongside|together with|as well as|along with|joined by|accompanied by|aux côtés d|ainsi que|rejoints? par)\b",
    re.IGNORECASE,
)
#: "the experts deployed for this Action come from ...": the origins follow, so "deployed" does not end the phrase
_COME_FROM = re.compile(r"\b(?:come|comes|came|coming)\s+from\b", re.IGNORECASE)
_ACADEMIA = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:academia|academics?|universit(?:y|ies)|research(?:ers)?|universitaires?)\b", re.IGNORECASE)
_CIVIL_SOCIETY = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:non-governmental|NGOs?|civil society|société civile)\b", re.IGNORECASE)
_PRIVATE = re.compile(r"\b(?:private|independent)\s+(?:consultants?|experts?)\b|\bconsultants?\b", re.IGNORECASE)
_ACADEMIC_PLAIN = re.compile(r"\b(?:academics?|academia|universit(?:y|ies))\b", re.IGNORECASE)
_CIVIL_PLAIN = re.compile(r"\bnon-governmental\s+experts?\b|\bcivil[- ]society\s+experts?\b", re.IGNORECASE)
#: "a representative of a Moroccan NGO": someone who belongs to the organisation that follows
_MEMBER_OF = re.compile(r"\b(?:representatives?|members?|experts?|staff)\s+(?:of|from)\s+(?:an?|the)\s+$", re.IGNORECASE)
#: "academics from Portugal", "researchers from the Netherlands": the country is where the academics come from
_ACADEMICS_FROM = re.compile(r"\b(?:academics?|researchers?|universitaires?|chercheu(?:r|rs|se|ses))\s+(?:from|de|du|des)\s+(?:the\s+)?$", re.IGNORECASE)
#: "EUROPOL expertise", "a Europol expert", "ICMPD has also provided expertise"
_ORGANISATION_EXPERTS_AFTER = re.compile(
    r"^\s*(?:(?:also|has|have|had|was|were)\s+){0,2}(?:(?:provided|deployed|seconded|contributed)\s+(?:\w+\s+){0,2}?)?(?:experts?|expertise)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNT_BEFORE = re.compile(r"\b(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+$", re.IGNORECASE)

#: organisation class -> expert-origin kind
_ORGANISATION_ORIGIN = {
    "InternationalOrganisation": "international organisation",
    "EUInstitution": "international organisation",
    "RegionalOrganisation": "regional organisation",
    "CivilSocietyOrganisation": "civil society",
    "ResearchCentre": "academia",
    "Ministry": "national administration",
    "GovernmentAgency": "national administration",
}


#: words after a country (past other countries of the list) that make it the experts' origin
_ORIGIN_AFTER = re.compile(
    r"^(?:national\s+|public\s+|federal\s+)?(?:administrations?|police|border police|"
    r"experts?|expertise|academ|universit|research|chercheu|non-governmental|civil[- ]society|NGOs?|ont été déployés|sont déployés)",
    re.IGNORECASE,
)
_EXPERT_NOUNS = r"experts?|expertise|specialists?|consultants?"
#: words before the experts' origins: "experts from", "officials of", "an expert seconded by", "come from"
_ORIGIN_CUE = re.compile(
    rf"\b(?:(?:{_EXPERT_NOUNS}|officials?|officers?|staff\s+members?|researchers?|academics?|practitioners?)"
    r"[\s,]+(?:\w+\s+){0,2}?(?:from|of|de|des|du|d')"
    r"|(?:one|others?)\s+from"
    rf"|(?:{_EXPERT_NOUNS})\s+(?:\w+\s+){{0,2}}?(?:seconded|provided|deployed|sent|mobili[sz]ed|fielded|made\s+available|"
    r"mis(?:es)?\s+à\s+disposition|détachés?|envoyés?)\s+(?:by|par)"
    r"|(?:come|comes|came|coming)\s+from)\b\s*:?",
    re.IGNORECASE,
)
#: what may stand between "experts from" and one more origin of the same list
_LIST_GLUE = re.compile(
    r"^(?:[\s,:;()]|\b(?:and|the|a|an|of|by|as well as|together with|along with|or|from|national|public|federal|"
    r"administrations?|academia|academics?|universit(?:y|ies)|experts?|"
    r"et|ainsi que|de|des|du|la|le|les|l'|d'|nationales?|publiques?|universités?|milieux?|universitaires?)\b|\b[lLdD]['’]|['’]s\b|[A-ZÀ-Ý][\w'’-]*+)*+$",  # possessive: no backtracking into words
)


def _strip_other_countries(chunk: str, chunk_start: int, refs: list[EntityRef]) -> str:
    """The chunk with every country name blanked out, so that only the glue between them is left."""
    chars = list(chunk)
    for ref in refs:
        if ref.kind != "country":
            continue
        for position in range(max(ref.span.start, chunk_start), min(ref.span.end, chunk_start + len(chunk))):
            chars[position - chunk_start] = " "
    return "".join(chars)


def _names_origin(text: str, phrase: Span, ref: EntityRef, refs: list[EntityRef]) -> bool:
    """True when the country names where experts come from: "experts from [the] X, Y and Z",
    "X and Y national administrations", "three X experts"."""
    after = _strip_other_countries(text[ref.span.end : phrase.end], ref.span.end, refs)
    stripped_after = re.sub(r"^(?:[\s,:;]|\band\b|\bthe\b|\ba\b|\ban\b)+", "", after, flags=re.IGNORECASE)
    if _ORIGIN_AFTER.match(stripped_after):
        return True
    before_text = text[phrase.start : ref.span.start]
    cue = None
    for match in _ORIGIN_CUE.finditer(before_text):
        cue = match
    if cue is None:
        return False
    between = _strip_other_countries(before_text[cue.end() :], phrase.start + cue.end(), refs)
    return bool(_LIST_GLUE.match(between))


def _phrase(text: str, sentence: Span) -> Span | None:
    """The part of the sentence that names the experts: around the first expert word, up to 'deployed'."""
    first = _EXPERT_WORD.search(text, sentence.start, sentence.end)
    if not first:
        return None
    words_before = list(re.finditer(r"\S+", text[sentence.start : first.start()]))
    start = sentence.start + words_before[-6].start() if len(words_before) > 6 else sentence.start
    end_match = _PHRASE_END.search(text, first.end(), sentence.end)
    come_from = _COME_FROM.search(text, first.end(), sentence.end)
    if end_match and come_from and come_from.start() > end_match.start():
        end_match = None
    if end_match and _MORE_AFTER.search(text, end_match.end(), sentence.end):
        end_match = None  # "... are deployed for this Action, alongside a representative of an NGO"
    return Span(start, end_match.start() if end_match else sentence.end)


def find_experts(text: str, sentences: list[Span], *, exclude_country: str | None = None) -> list[ExpertRecord]:
    """Expert deployments the sentences state, one per origin (country, organisation or kind).

    >>> from migkg.loaders.text import sentence_spans
    >>> passage = "Experts from the Swedish and Estonian national administrations, UNHCR and a private consultant were deployed."
    >>> [(e.kind, e.origin and e.origin.key) for e in find_experts(passage, sentence_spans(passage))]
    [('national administration', 'SE'), ('national administration', 'EE'), ('international organisation', 'UNHCR'), ('private consultant', None)]
    """
    g = gazetteer()
    records: dict[tuple[str, str], ExpertRecord] = {}

    def add(kind: str, origin: EntityRef | None, span: Span, count: int | None = None) -> None:
        key = (kind, origin.key if origin else "")
        if key not in records:
            records[key] = ExpertRecord(kind=kind, span=span, origin=origin, count=count)

    for sentence in sentences:
        phrase = _phrase(text, sentence)
        if phrase is None:
            continue
        chunk = text[phrase.start : phrase.end]
        refs = g.find_in(text, phrase.start, phrase.end)
        national_bodies = find_institutions(chunk, offset=phrase.start)
        covered: list[tuple[int, int]] = []
        for ref in refs:
            before = text[phrase.start : ref.span.start]
            after = text[ref.span.end : phrase.end]
            if ref.kind == "country":
                own_ngo = _CIVIL_SOCIETY.match(after) and _MEMBER_OF.search(before)
                if (ref.key == exclude_country and not own_ngo) or not _names_origin(text, phrase, ref, refs):
                    continue  # the beneficiary's own administration deploys none; "a representative of" its NGOs may
                covered.append((ref.span.start, ref.span.end))
                count_match = _COUNT_BEFORE.search(before)
                count = None
                if count_match and g.is_demonym(ref.label):
                    value = count_match.group("n").lower()
                    count = int(value) if value.isdigit() else _NUMBER_WORDS.get(value)
                    count = count if count and count > 1 else None
                if _ACADEMIA.match(after) or _ACADEMICS_FROM.search(before):
                    add("academia", ref, sentence)  # "Italian academics", "academics from Portugal"
                elif _CIVIL_SOCIETY.match(after):
                    add("civil society", ref, sentence)
                else:
                    add("national administration", ref, sentence, count)
            elif ref.kind == "organisation":
                if not (_ORGANISATION_EXPERTS_AFTER.match(after) or _names_origin(text, phrase, ref, refs)):
                    continue
                entry = g.entry("organisation", ref.key)
                kind = _ORGANISATION_ORIGIN.get(entry.cls if entry else "", "international organisation")
                if kind == "national administration" and entry and entry.country:
                    add(kind, EntityRef("country", entry.country, ref.label, ref.span), sentence)
                elif ref.key not in ("MIEUX", "EU"):
                    add(kind, ref, sentence)
        for body in national_bodies:
            if _ACADEMIC_PLAIN.search(body.key) or not _names_origin(text, phrase, body, refs):  # a university: academia
                continue
            if body.key.endswith("of " + body.key.rsplit(" of ", 1)[-1]) and " of " in body.key:
                country = g.lookup(body.key.rsplit(" of ", 1)[-1], "country")
                if country is not None and country.key != exclude_country and not any(a <= body.span.start < b for a, b in covered):
                    add("national administration", EntityRef("country", country.key, body.label, body.span), sentence)
        if _PRIVATE.search(chunk):
            add("private consultant", None, sentence)
        if _ACADEMIC_PLAIN.search(chunk) and not any(k == "academia" for k, _ in records):
            add("academia", None, sentence)
        if _CIVIL_PLAIN.search(chunk):
            add("civil society", None, sentence)
    return list(records.values())
