"""The entities a news item names: gazetteer names, acronyms the item defines, projects, ministries.

Resolution order inside one item: an acronym the item defines ("Danish Refugee Council (DRC)")
decides what that acronym means everywhere in the item, before the gazetteer's default reading
(which for `DRC` is the country). Names the gazetteer does not know become entities when their
form says what they are: "Full Name (ACR)" with an organisation or project head word, "the
FReM III project", a project named in quotes. An organisation the gazetteer does not know that
the item introduces as "Full Name (ACR)" is keyed by its full name and carries the acronym
(`EntityRef.acronym`), so that a document naming it in full finds the same entity.
"""

import re
from dataclasses import dataclass, replace

import regex

from migkg.loaders.gazetteer import INSTITUTION_HEADS, find_institutions, gazetteer, split_country_suffix
from migkg.loaders.records import EntityRef, Span

#: head words of organisation names (English and French)
ORGANISATION_HEADS = frozenset(
    """centre center council agency office organization organisation ministry directorate department
    committee commission institute institution network platform union community secretariat service
    authority bank crescent cross association foundation university police guard board bureau
    federation alliance court parliament government municipality observatory presidency
    conseil agence organisation ministère direction comité commission institut réseau plateforme
    secrétariat autorité banque fondation université fédération alliance gouvernement observatoire
    haut-commissariat""".split()
)
#: head words of programme and project names
PROJECT_HEADS = frozenset("project projects programme program initiative facility projet programme initiative".split())
#: words after "Full Name (ACR)" that show the name is a document, not an entity
DOCUMENT_WORDS = frozenset(
    """regulation directive policy plan strategy declaration framework act law concept report study
    days day conference meeting fund""".split()
)
DIALOGUE_HEADS = frozenset("process processus dialogue".split())

#: "Support Programme to the ", "Project for the " right before a dialogue's or programme's name
_SUPPORT_HEAD = regex.compile(
    r"(?P<name>(?:\p{Lu}[\p{L}-]*\s+){0,3}(?:Programme|Program|Project|Initiative|Facility))\s+(?:to|for|of|on)\s+the\s+$"
)
_MUNICIPALITY = regex.compile(
    r"(?P<name>(?:Municipality|Municipalit[ée]|City Council|Mairie|Commune)\s+(?:of|de|d')\s*\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)"
)
_ACRONYM_DEFINITION = regex.compile(
    r"(?P<quote>[\"'])?\s*\((?P<acronym>[\p{L}\d&\-.]{2,15}(?:/[\p{L}\d&\-.]{2,10})?)\)(?P<after>[\"']?\s*[\p{L}\-]*)"
)
_WORD = regex.compile(r"[\p{L}\d][\p{L}\d\-'&.]*")
#: a project named by its acronym-like name: "the FReM III project", "SUPREME - TR project"
_NAMED_PROJECT = regex.compile(
    r"(?P<name>(?:(?:\p{Lu}[\p{L}\d]*|\d+|[IVX]+)(?:\s*-\s*|\s+))*?(?:\p{Lu}[\p{L}\d]*|[IVX]+))\s+(?P<head>project|Project|projet)\b"
)
#: "le projet FMM Afrique de l'Ouest": French puts the name after the word
_FRENCH_PROJECT = regex.compile(
    r"\b(?:projet|programme)\s+(?P<name>\p{Lu}[\p{L}\d+-]*(?:\s+(?:(?:de|du|des|d'|l')\s*)?\p{Lu}[\p{L}\d'+-]*)*)"
)
_QUOTED_NAME = regex.compile(r"\"(?P<name>\p{Lu}[^\"\n]{8,150}?)\"")
_PROJECT_BEFORE_QUOTE = regex.compile(r"(?:project|projet|programme|initiative)\s*$", regex.I)


def _is_acronym(token: str) -> bool:
    """Two or more capitals, not a plural of an acronym ('CSOs'), not a roman numeral."""
    capitals = sum(1 for ch in token if ch.isupper())
    if capitals < 2 or re.fullmatch(r"[IVXLC]+", token):
        return False
    return not (token.endswith("s") and token[:-1].isupper())


@dataclass
class _Definition:
    acronym: str
    name: str
    name_span: Span
    acronym_span: Span
    entity: EntityRef | None


class EntityFinder:
    """Finds and resolves the entities of one news item (the given sentences of a text)."""

    def __init__(self, text: str, sentences: list[Span], acronyms: dict[str, EntityRef] | None = None):
        self.text = text
        self.sentences = sentences
        #: acronyms defined by earlier items of the document (updated with this item's definitions)
        self.acronyms = acronyms if acronyms is not None else {}
        #: spans of institutions found by pattern: an acronym defined for one becomes its key
        self.provisional: set[tuple[int, int]] = set()

    def entities(self) -> list[EntityRef]:
        """Non-overlapping entity mentions in text order."""
        if not self.sentences:
            return []
        start, end = self.sentences[0].start, self.sentences[-1].end
        known = [e for e in gazetteer().find(self.text[start:end], offset=start) if not self._in_reference(e)]
        known = [e for e in known if any(s.start <= e.span.start < s.end for s in self.sentences)]
        institutions = self._institutions(known) + self._municipalities()
        found = self._add(known, institutions, keep=("country", "place", "region"))
        definitions = self._definitions(found)
        found = self._apply_definitions(found, definitions)
        found = self._add(found, self._earlier_acronyms(definitions))
        found = self._add(found, self._projects(), override=("region", "place", "country"))
        found = self._add(found, self._support_programmes(found), keep=("dialogue", "programme", "project", "country"))
        found = self._add(found, self._short_references(found))
        acronyms = {(e.kind, e.key): e.acronym for e in found if e.acronym}
        written = {(e.kind, e.key): e.written for e in found if e.written}
        found = [  # every mention knows the acronym and the name as written
            replace(e, acronym=acronyms.get((e.kind, e.key)), written=written.get((e.kind, e.key))) for e in found
        ]
        return sorted(found, key=lambda e: e.span.start)

    def _short_references(self, found: list[EntityRef]) -> list[EntityRef]:
        """'the Commission', 'le Secrétariat': the organisation named before whose name holds that head word."""
        references = []
        organisations = sorted((e for e in found if e.kind == "organisation"), key=lambda e: e.span.start)
        for sentence in self.sentences:
            for match in _SHORT_REFERENCE.finditer(self.text, sentence.start, sentence.end):
                head = match.group("head").lower()
                before = [
                    e for e in organisations
                    if e.span.end <= match.start() and head in (w.lower() for w in _WORD.findall(e.label))
                ]
                if before:
                    antecedent = before[-1]
                    span = Span(match.start("head"), match.end("head"))
                    references.append(replace(antecedent, label=match.group("head"), span=span))
        return references

    def _in_reference(self, entity: EntityRef) -> bool:
        """An acronym inside a legal reference ('Directive 2008/115/EC') names no entity."""
        before = self.text[entity.span.start - 1 : entity.span.start]
        after = self.text[entity.span.end : entity.span.end + 1]
        return "/" in (before + after)

    # -- institutions the gazetteer does not know ("Ministry of ...")

    def _institutions(self, known: list[EntityRef]) -> list[EntityRef]:
        found: list[EntityRef] = []
        for sentence in self.sentences:
            found.extend(self._institutions_in(sentence.start, sentence.end, known, depth=0))
        by_key = {e.key for e in found}
        unified = []
        for entity in found:
            longer = [k for k in by_key if k != entity.key and k.startswith(entity.key + " of ")]
            if not longer:  # "Pakistan's Ministry of Overseas Pakistanis": short for "... and Human Resource Development"
                stem = _without_country(entity.key)
                country = entity.key[len(stem):]  # " of Pakistan", or "" when the key names none
                longer = [k for k in by_key if k != entity.key and regex.match(regex.escape(stem) + r"(?:,| and| et)\s", k)
                          and (not country or k.endswith(country) or _without_country(k) == k)]  # no other country
            key = longer[0] if len(longer) == 1 else entity.key
            written = entity.written if key == entity.key else " ".join(entity.label.split())
            unified.append(EntityRef(entity.kind, key, entity.label, entity.span, written=written))
            self.provisional.add((entity.span.start, entity.span.end))
        return unified

    def _institutions_in(self, start: int, end: int, known: list[EntityRef], depth: int) -> list[EntityRef]:
        """Institutions by pattern, cut where a person, a role or 'X of the' runs into the name."""
        result = []
        for ref in find_institutions(self.text[start:end], offset=start):
            label = ref.label
            honorific = _HONORIFIC_INSIDE.search(label)
            if honorific and depth < 3:
                result.extend(self._institutions_in(ref.span.start, ref.span.start + honorific.start(), known, depth + 1))
                continue
            if regex.match(r"\s*(?:\.\.\.|…)", self.text[ref.span.end : ref.span.end + 4]):
                continue  # "the Ugandan Ministry of Foreign...": a name a summary cut short
            cut = _institution_cut(label)
            if cut is not None and depth < 3:
                result.extend(self._institutions_in(ref.span.start + cut, ref.span.end, known, depth + 1))
                continue
            if any(_overlaps(ref.span, k.span) and k.kind in ("organisation", "dialogue", "programme", "project") for k in known):
                continue
            if any(k.kind == "organisation" and 0 <= ref.span.start - k.span.end <= 3 and
                   regex.fullmatch(r"\s|['’]s\s", self.text[k.span.end : ref.span.start]) for k in known):
                continue  # "UNHCR Regional Bureau for Europe": a unit of an organisation named just before
            after = _UNIT_OF.match(self.text, ref.span.end)
            if after and any(k.kind == "organisation" and k.span.start == after.end() for k in known):
                continue  # "the Regional Bureau for Europe at UNHCR"
            result.append(ref)
        return result

    def _support_programmes(self, found: list[EntityRef]) -> list[EntityRef]:
        """'the Support Programme to the Africa-EU Migration and Mobility Dialogue': a programme named after
        the dialogue or programme it serves (which stays a mention of its own)."""
        programmes = []
        for entity in found:
            if entity.kind not in ("dialogue", "programme", "project"):
                continue
            head = _SUPPORT_HEAD.search(self.text, max(0, entity.span.start - 80), entity.span.start)
            if not head:
                continue
            name = self.text[head.start("name") : entity.span.end]
            known = gazetteer().lookup(name)
            key = known.key if known and known.kind in ("programme", "project") else name
            span = Span(head.start("name"), head.start("name") + len(name))
            programmes.append(EntityRef(known.kind if known else "programme", key, name, span))
        return programmes

    def _municipalities(self) -> list[EntityRef]:
        found = []
        for sentence in self.sentences:
            for match in _MUNICIPALITY.finditer(self.text, sentence.start, sentence.end):
                name = match.group("name")
                found.append(EntityRef("organisation", name, name, Span(match.start("name"), match.end("name"))))
        return found

    # -- acronyms the item defines

    def _definitions(self, found: list[EntityRef]) -> dict[str, _Definition]:
        definitions: dict[str, _Definition] = {}
        for sentence in self.sentences:
            chunk = self.text[sentence.start : sentence.end]
            for match in _ACRONYM_DEFINITION.finditer(chunk):
                acronym = match.group("acronym").strip(".")
                short_name = regex.fullmatch(r"\p{Lu}\p{Ll}{3,}", acronym) is not None
                if not (_is_acronym(acronym) or short_name) or acronym in definitions:
                    continue
                start = sentence.start + match.start("acronym") - 1
                name_span = _long_form(self.text, sentence.start, start, acronym) or _named_phrase(
                    self.text, sentence.start, start
                )
                if name_span is None:
                    continue
                acronym_span = Span(sentence.start + match.start("acronym"), sentence.start + match.end("acronym"))
                name = self.text[name_span.start : name_span.end]
                entity = self._resolve_definition(found, name_span, acronym, name, match.group("after"))
                if short_name and not (entity and acronym in (entity.key, entity.acronym)):
                    continue  # "(Kızılay)" after a known name, "(Dakar)": not a short name of a new institution
                definitions[acronym] = _Definition(acronym, name, name_span, acronym_span, entity)
        return definitions

    def _resolve_definition(
        self, found: list[EntityRef], name_span: Span, acronym: str, name: str, after: str
    ) -> EntityRef | None:
        """The entity a definition names: the gazetteer's reading of the long form, else one its words show."""
        inside = [e for e in found if e.span and name_span.start <= e.span.start and e.span.end <= name_span.end]
        longest = max(inside, key=lambda e: e.span.end - e.span.start, default=None)
        if longest and (longest.span.end - longest.span.start) >= 0.6 * (name_span.end - name_span.start):
            if (longest.span.start, longest.span.end) in self.provisional:
                # keyed as the institution finder keys it when it read the whole name, else by the whole name
                key = longest.key if longest.span.end >= name_span.end else " ".join(name.split())
                written = longest.written if key == longest.key else None
                return EntityRef("organisation", key, name, acronym=acronym, written=written)
            return longest
        # "the Iraqi Ministry of Migration and Displacement (MoMD)": the acronym spells the name less its
        # nationality, and names the institution the finder read with it; that shorter name is one it is written by
        around = [
            e for e in found
            if e.kind == "organisation" and e.span and e.span.start < name_span.start and e.span.end == name_span.end
            and (e.span.start, e.span.end) in self.provisional
        ]
        if around:
            return EntityRef("organisation", around[0].key, name, acronym=acronym, written=" ".join(name.split()))
        known = gazetteer().lookup(acronym)
        if known and known.kind != "country":
            return known
        words = [w.lower() for w in _WORD.findall(name)]
        after_words = [w.lower() for w in _WORD.findall(after)][:1]
        if not words or any(w in DOCUMENT_WORDS for w in words[-1:] + after_words):
            return None
        context = self.text[max(0, name_span.start - 40) : name_span.start].lower()
        if words[-1] in PROJECT_HEADS or any(w in PROJECT_HEADS for w in after_words) or _PROJECT_BEFORE_QUOTE.search(
            context.rstrip(" \"'")
        ):
            return EntityRef("project", " ".join(name.split()), name, acronym=acronym)
        if words[-1] in DIALOGUE_HEADS or words[0] in DIALOGUE_HEADS:
            return EntityRef("dialogue", name, name)
        if any(w in ORGANISATION_HEADS for w in words):
            return EntityRef("organisation", " ".join(name.split()), name, acronym=acronym)
        return None

    def _apply_definitions(self, found: list[EntityRef], definitions: dict[str, _Definition]) -> list[EntityRef]:
        """Long forms and every later use of a defined acronym take the definition's entity."""
        if not definitions:
            return found
        kept = []
        by_name = {d.name: d for d in definitions.values() if d.entity is not None}
        for entity in found:
            token = self.text[entity.span.start : entity.span.end]
            definition = definitions.get(token) or by_name.get(entity.label)
            if definition and definition.entity:
                kept.append(replace(definition.entity, label=token, span=entity.span))
            elif definition and definition.entity is None and entity.kind == "country" and token.isupper():
                continue
            else:
                kept.append(entity)
        additions = []
        long_forms = []
        for definition in definitions.values():
            if definition.entity is None:
                continue
            entity = definition.entity
            long_forms.append(replace(entity, label=definition.name, span=definition.name_span))
            for sentence in self.sentences:
                chunk = self.text[sentence.start : sentence.end]
                for match in re.finditer(rf"(?<![\w-]){re.escape(definition.acronym)}(?![\w-])", chunk):
                    span = Span(sentence.start + match.start(), sentence.start + match.end())
                    additions.append(replace(entity, label=definition.acronym, span=span))
        kept = self._add(kept, long_forms, override=("organisation",), keep=("country", "place", "region"))
        return self._add(kept, additions)

    def _earlier_acronyms(self, definitions: dict[str, _Definition]) -> list[EntityRef]:
        """Bare uses of acronyms an earlier item defined (and this one does not), which the gazetteer does not
        know; this item's definitions of unknown entities are remembered for the items after it."""
        uses = []
        for acronym, entity in self.acronyms.items():
            if acronym in definitions or gazetteer().lookup(acronym) is not None:
                continue
            for sentence in self.sentences:
                for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", self.text[sentence.start : sentence.end]):
                    span = Span(sentence.start + match.start(), sentence.start + match.end())
                    uses.append(replace(entity, label=acronym, span=span))
        for acronym, definition in definitions.items():
            if definition.entity is not None and definition.entity.acronym == acronym:
                self.acronyms[acronym] = replace(definition.entity, span=None)
        return uses

    # -- projects the gazetteer does not know

    def _projects(self) -> list[EntityRef]:
        found = []
        for sentence in self.sentences:
            chunk = self.text[sentence.start : sentence.end]
            for match in _NAMED_PROJECT.finditer(chunk):
                name = regex.sub(r"^(?:The|A|An|Le|La|Les|L')\s+", "", match.group("name").strip())
                tokens = [t for t in re.split(r"[\s-]+", name) if t]
                if not any(_is_acronym(t) or re.search(r"\d", t) for t in tokens):
                    continue
                key = name if match.group("head") != "Project" else f"{name} Project"
                known = gazetteer().lookup(key) or gazetteer().lookup(name)
                if known and known.kind in ("programme", "project"):
                    key = known.key
                elif known:
                    continue
                span = Span(sentence.start + match.end("name") - len(name), sentence.start + match.end("name"))
                found.append(EntityRef(known.kind if known else "project", key, name, span))
            for match in _FRENCH_PROJECT.finditer(chunk):
                name = match.group("name").strip()
                if not any(_is_acronym(t) for t in name.split()):
                    continue
                known = gazetteer().lookup(name)
                if known and known.kind not in ("programme", "project"):
                    continue
                span = Span(sentence.start + match.start("name"), sentence.start + match.end("name"))
                found.append(EntityRef(known.kind if known else "project", known.key if known else name, name, span))
            for match in _QUOTED_NAME.finditer(chunk):
                before = chunk[max(0, match.start() - 40) : match.start()]
                if not _PROJECT_BEFORE_QUOTE.search(before.rstrip()):
                    continue
                name = match.group("name").strip()
                after = chunk[match.end() : match.end() + 20]
                if re.match(r"\s*\(", after):
                    continue  # "Long Name" (ACR): the definition names it
                if regex.search(r"\b(?:\p{Lu}[\p{L}\d]*\s*-?\s*)+\s+(?i:project|projet)\s*$", before.rstrip()):
                    continue  # 'the ACR project "Long Name"': same project as the acronym
                span = Span(sentence.start + match.start("name"), sentence.start + match.end("name"))
                found.append(EntityRef("project", name, name, span))
        return found

    @staticmethod
    def _add(
        found: list[EntityRef], additions: list[EntityRef], override: tuple[str, ...] = (), keep: tuple[str, ...] = ()
    ) -> list[EntityRef]:
        """Add entities whose spans overlap none already found, or only found ones of the `override` kinds
        lying inside them (a region inside a project's name: replaced), or of the `keep` kinds (a country
        inside a ministry's name: both stay)."""
        result = list(found)
        for entity in additions:
            overlapping = [o for o in result if _overlaps(entity.span, o.span) and o.kind not in keep]
            if any(
                other.kind not in override
                or not (entity.span.start <= other.span.start and other.span.end <= entity.span.end)
                for other in overlapping
            ):
                continue
            result = [other for other in result if other not in overlapping]
            result.append(entity)
        return result


#: "the Commission", "le Secrétariat" standing alone: a short reference to an organisation named before
_SHORT_REFERENCE = regex.compile(
    r"(?<![\p{L}-])(?:[Tt]he|[Ll]a|[Ll]e|[Ll]['’])\s*(?P<head>Commission|Secretariat|Ministry|Agency|Council|Directorate|"
    r"Committee|Authority|Observatory|Secrétariat|Ministère|Agence|Conseil|Comité|Direction|Autorité|Observatoire)"
    r"(?![\p{L}-])(?!\s+(?:of|for|on|in|at|to|de|du|des|d['’]|pour|chargée?|sur|à)\b)(?!['’]s)(?![\s-]+\p{Lu})"
)
_UNIT_OF = regex.compile(r"\s+(?:at|of|within|in|de|du|au sein de)\s+(?:the\s+|l')?")
_ROLE_START = regex.compile(
    r"^(?:(?:Deputy\s+)?(?:Director(?:[- ]General)?|Head|Chief|Coordinator|Minister|Secretary(?:[- ]General)?|"
    r"President|Chair(?:man|person)?|Manager|Officer|Ambassador|Commissioner|Representative)|directeur|directrice|"
    r"ministre|chef|coordinat(?:eur|rice)|président|secrétaire)\s+(?:of|for|at|de|du|des)\s+(?:the\s+|la\s+|l')?"
)
_HONORIFIC_INSIDE = regex.compile(r"\s+(?:Mr|Ms|Mrs|Dr|H\.E)\.?(?:\s|$)")
_PERSON_OF = regex.compile(r"^(?:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s+){1,3}(?:of|de)\s+(?:the\s+|la\s+|l')?")


def _without_country(key: str) -> str:
    """An institution key less the ' of <country>' the finder adds ('Ministry of Labour of Ghana' -> 'Ministry of Labour')."""
    split = split_country_suffix(key)
    return split[0] if split else key


def _institution_cut(label: str) -> int | None:
    """Where the real institution name starts (or None when it is whole): after 'Name, ', after a role
    ('Director of the '), after 'Name of the ', after a unit of it ('... Department of the Ministry')."""
    comma = label.find(", ")
    if comma > 0 and not regex.search(_HEADS_RE, label[:comma]):
        return comma + 2
    for pattern in (_ROLE_START, _PERSON_OF):
        match = pattern.match(label)
        if match and not regex.search(_HEADS_RE, label[: match.end()]):
            return match.end()
    outer = _OUTER_INSTITUTION.search(label)
    if outer and regex.search(_HEADS_RE, label[: outer.start()]):
        return outer.end()
    return None


_HEADS_RE = rf"\b(?:{INSTITUTION_HEADS}|minist[eè]re)\b"


#: "... Directorate of the Moroccan Ministry of the Interior": the outer institution starts after "of the"
_OUTER_INSTITUTION = regex.compile(
    r"\s(?:of|de|du)\s+(?:the\s+|la\s+|l')?(?=(?:\p{Lu}[\p{L}-]+\s+)?" + _HEADS_RE[2:] + ")"
)


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return bool(a and b and a.start < b.end and b.start < a.end)


_CAPITALISED_RUN = regex.compile(
    r"(?:\p{Lu}[\p{L}\d'’-]*)(?:\s+(?:(?:of|for|and|on|the|de|du|des|la|le|et|pour)\s+)*\p{Lu}[\p{L}\d'’-]*)*\s*$"
)


#: "and the", "et la" between two names in a capitalised run
_AND_THE = regex.compile(r"\s(?:and|et)\s+(?:the\s+|la\s+|le\s+|les\s+|l['’]\s*)(?=\p{Lu})")


def _has_head(words: str) -> bool:
    """True when the words hold an organisation or project head word."""
    return any(w.lower() in ORGANISATION_HEADS or w.lower() in PROJECT_HEADS for w in _WORD.findall(words))


def _named_phrase(text: str, floor: int, paren: int) -> Span | None:
    """The capitalised name right before '(' when it ends with an organisation or project head word
    (for acronyms that do not spell their name: 'Turkish Cooperation and Coordination Agency (TIKA)')."""
    end = paren
    while end > floor and text[end - 1] in " \"'":
        end -= 1
    match = _CAPITALISED_RUN.search(text, max(floor, end - 150), end)
    if not match:
        return None
    start = match.start()
    last_conjunct = None
    for conjunction in _AND_THE.finditer(text, start, end):
        last_conjunct = conjunction
    if last_conjunct and _has_head(text[last_conjunct.end() : end]) and _has_head(text[start : last_conjunct.start()]):
        start = last_conjunct.end()  # "the Ministry of X and the Y Agency (ACR)": the acronym is the last one's
    words = [w.lower() for w in _WORD.findall(text[start:end])]
    if len(words) < 2 or not _has_head(text[start:end]):
        return None
    lead = regex.match(r"(?:The|the|Le|La|Les|L')\s+", text[start:end])
    return Span(start + (lead.end() if lead else 0), end)


def _long_form(text: str, floor: int, paren: int, acronym: str) -> Span | None:
    """The words before '(' that spell `acronym` (Schwartz-Hearst): the shortest run whose first word
    starts with the acronym's first letter and whose letters contain the rest in order."""
    letters = [ch.lower() for ch in acronym if ch.isalpha()]
    if len(letters) < 2:
        return None
    end = paren
    while end > floor and text[end - 1] in " \"'":
        end -= 1
    words = list(_WORD.finditer(text, max(floor, end - 200), end))
    limit = min(len(words), max(len(letters) + 5, 2 * len(letters)))
    for count in range(1, limit + 1):
        first = words[-count]
        elided = regex.match(r"[ldLD]['’](?=\p{Lu})", first.group(0))  # "l'Agence ...": the name starts after l'
        first_start = first.start() + (elided.end() if elided else 0)
        if text[first_start].lower() != letters[0] or not text[first_start].isupper():
            continue
        chars = text[first_start:end].lower()
        position = 1
        for letter in letters[1:]:
            position = chars.find(letter, position)
            if position < 0:
                break
            position += 1
        else:
            return Span(first_start, end)
    return None
