"""Names to entities: countries, organisations, dialogues, programmes, regions and places.

One key per real-world entity whatever the language or spelling (docs/modelling.md): countries
by ISO alpha-2 code, the rest by acronym or canonical English name. Countries and their English
and French names come from pycountry; the other names from the TSV files in
`migkg/loaders/data/` (see its README).

>>> g = gazetteer()
>>> [(ref.kind, ref.key) for ref in g.find("Le HCR et l'OIM ont rencontré la CEDEAO au Cap-Vert.")]
[('organisation', 'UNHCR'), ('organisation', 'IOM'), ('organisation', 'ECOWAS'), ('country', 'CV')]
>>> [ref.key for ref in g.find("Experts from the Cape Verdean and Malian administrations, Cabo Verde, Ivory Coast")]
['CV', 'ML', 'CV', 'CI']
>>> g.lookup("Processus de Rabat").key, g.lookup("Swaziland").key, g.lookup("française").key
('Rabat Process', 'SZ', 'FR')
>>> [ref.key for ref in g.find("The iom met.")]
[]
"""

import bisect
import csv
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

from migkg.loaders.memo import per_document
from migkg.loaders.records import EntityRef, Span
from migkg.loaders.text import normalise

#: how many answers of `Gazetteer.lookup` are kept (names recur across documents)
LOOKUPS_KEPT = 100_000

#: gazetteer kinds in the order their names win when two share a spelling
KIND_PRIORITY = ("country", "organisation", "dialogue", "programme", "project", "region", "place")

#: TSV files and the kind of entity each holds (programmes.tsv says Programme or Project per row)
DATA_FILES = {
    "organisations.tsv": "organisation",
    "dialogues.tsv": "dialogue",
    "programmes.tsv": "programme",
    "regions.tsv": "region",
    "places.tsv": "place",
}

#: ontology class of an organisation -> English label of its organisation-kind concept
ORGANISATION_KINDS = {
    "Ministry": "ministry",
    "GovernmentAgency": "government agency",
    "InternationalOrganisation": "international organisation",
    "RegionalOrganisation": "regional organisation",
    "EUInstitution": "EU institution",
    "CivilSocietyOrganisation": "civil-society organisation",
    "ResearchCentre": "research centre",
}


@dataclass(frozen=True)
class Entry:
    """One entity the gazetteer knows, with the names it goes by."""

    kind: str
    key: str
    cls: str
    label_en: str
    label_fr: str | None = None
    country: str | None = None  # alpha-2, for national bodies and places
    members: tuple[str, ...] = ()  # alpha-2 codes, for regions
    names: tuple[str, ...] = ()  # every other name, English and French

    @property
    def acronym(self) -> str | None:
        """The acronym when the key is one (ICMPD), else None."""
        return self.key if self.key != self.label_en and _is_acronym(self.key) else None

    @property
    def organisation_kind(self) -> str | None:
        """English label of the organisation-kind concept, for organisations."""
        return ORGANISATION_KINDS.get(self.cls) if self.kind == "organisation" else None


@dataclass(frozen=True)
class _Name:
    """One way of writing an entry, as the matcher needs it."""

    entry: Entry
    exact: tuple[str, ...] | None  # tokens as written, when case must match (acronyms)
    capital: bool  # the first word must be capitalised in the text
    demonym: bool = False


_WORD = re.compile(r"[^\W_]+")


@cache
def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _tokens(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


@cache
def _fold_word(word: str) -> str:
    return _strip_accents(word).lower()


def _fold_tokens(words: list[str]) -> tuple[str, ...]:
    return tuple(map(_fold_word, words))


#: where a name cannot run on: a line break, or a sentence mark before a space
_NAME_BREAK = re.compile(r"\n|[.;:!?]\s")

#: the key of a trie node that holds the names ending there
_NAMES = ""


def _is_acronym(name: str) -> bool:
    """True for names whose every word has two capitals or is not a word (IOM, AfDB, DG HOME, UN-ECA)."""
    words = name.split()
    if not words:
        return False
    return all(sum(ch.isupper() for ch in word) >= 2 or not any(ch.isalpha() for ch in word) for word in words)


def _inverted(name: str) -> str:
    """pycountry's 'Korea, Republic of' as 'Republic of Korea'; other names unchanged."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    joiner = "" if tail.endswith("'") else " "
    return f"{tail}{joiner}{head}"


def _french_country_names() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return gettext.NullTranslations()


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("migkg.loaders").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for row in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        if not row or row[0].startswith("#") or not row[0].strip():
            continue
        rows.append([cell.strip() for cell in row] + [""] * (6 - len(row)))
    return rows


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


class Gazetteer:
    """Resolves names to `EntityRef`s; matching is whole-word, longest first."""

    def __init__(self):
        self.entries: dict[tuple[str, str], Entry] = {}
        self._table: dict[tuple[str, ...], list[_Name]] = {}
        #: folded words -> nested dicts, one level per word; `_NAMES` holds the bucket of a whole name
        self._trie: dict[str, dict] = {}
        self._lookups: dict[tuple[str, str | None], EntityRef | None] = {}
        self._french = _french_country_names()
        self._load_countries()
        for file_name, kind in DATA_FILES.items():
            for key, cls, country, label_en, label_fr, aliases in (row[:6] for row in _read_tsv(file_name)):
                entry_kind = "project" if cls == "Project" else kind
                members = _split(country) if kind == "region" else ()
                entry = Entry(
                    entry_kind,
                    key,
                    cls,
                    label_en or key,
                    label_fr or None,
                    country=None if kind == "region" or not country else country,
                    members=members,
                    names=tuple(dict.fromkeys(n for n in (key, label_en, label_fr, *_split(aliases)) if n)),
                )
                self._add(entry)

    # --- building ------------------------------------------------------------------------------

    def _load_countries(self) -> None:
        extra = {code: _split(names) for code, names, *_ in _read_tsv("country_names.tsv")}
        demonyms = {code: _split(forms) for code, forms, *_ in _read_tsv("demonyms.tsv")}
        for country in pycountry.countries:
            code = country.alpha_2
            label_en = self.country_label(code, "en")
            names = [
                label_en,
                _inverted(country.name),
                country.name if ", " not in country.name else None,
                getattr(country, "common_name", None),
                getattr(country, "official_name", None),
                self.country_label(code, "fr"),
                *extra.get(code, ()),
            ]
            entry = Entry(
                "country",
                code,
                "Country",
                label_en,
                self.country_label(code, "fr"),
                names=tuple(dict.fromkeys(n for n in names if n)),
            )
            self._add(entry)
            for form in demonyms.get(code, ()):
                self._add_name(entry, form, demonym=True)

    def _add(self, entry: Entry) -> None:
        self.entries.setdefault((entry.kind, entry.key), entry)
        for name in entry.names:
            self._add_name(entry, name)

    def _add_name(self, entry: Entry, name: str, *, demonym: bool = False) -> None:
        words = [m.group(0) for m in _tokens(normalise(name))]
        if not words:
            return
        key = _fold_tokens(words)
        exact = tuple(words) if _is_acronym(name) else None
        candidate = _Name(entry, exact, capital=name[:1].isupper(), demonym=demonym)
        bucket = self._table.setdefault(key, [])
        if any(c.entry is entry and c.exact == exact for c in bucket):
            return
        bucket.append(candidate)
        bucket.sort(key=lambda c: (KIND_PRIORITY.index(c.entry.kind), c.demonym))
        node = self._trie
        for word in key:
            node = node.setdefault(word, {})
        node[_NAMES] = bucket

    # --- labels ----------------------------------------------------------------------------------

    @cache
    def country_label(self, code: str, language: str = "en") -> str:
        """A country's short name in English or French ('Cabo Verde', 'Cap-Vert')."""
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return code
        if language == "fr":
            return _inverted(self._french.gettext(country.name))
        return getattr(country, "common_name", None) or _inverted(country.name)

    def entry(self, kind: str, key: str) -> Entry | None:
        """The entry for an entity reference's kind and key, if the gazetteer has one."""
        if kind == "project":
            return self.entries.get(("project", key)) or self.entries.get(("programme", key))
        return self.entries.get((kind, key))

    def is_demonym(self, words: str) -> bool:
        """True when `words` are a nationality adjective ('French', 'malienne') rather than a name."""
        folded = _fold_tokens([m.group(0) for m in _tokens(normalise(words))])
        return any(c.demonym for c in self._table.get(folded, ()))

    # --- matching -------------------------------------------------------------------------------

    def find(self, text: str, *, offset: int = 0, kinds: set[str] | None = None) -> list[EntityRef]:
        """Every entity named in `text`, in order, not overlapping; spans shifted by `offset`.

        A spelling shared by several entities (DRC: a country and an organisation) goes to the
        one the same text also names unambiguously, else to the highest-priority kind.
        """
        return [
            EntityRef(kind, key, label, Span(start + offset, end + offset))
            for kind, key, label, start, end in self._matches(text)
            if kinds is None or kind in kinds
        ]

    def find_in(self, text: str, start: int, end: int, *, kinds: set[str] | None = None) -> list[EntityRef]:
        """`find(text[start:end], offset=start)`, reading the words of `text` only once per document.

        The same answer, because a word of the passage is a word of the text cut at the passage's
        ends, and a passage of normalised text is normalised text.
        """
        index = self._index(text)
        if index is None:  # not normalised: the passage may read differently on its own
            return self.find(text[start:end], offset=start, kinds=kinds)
        return [
            EntityRef(kind, key, label, Span(first, last))
            for kind, key, label, first, last in self._matches_in(text, start, end)
            if kinds is None or kind in kinds
        ]

    @per_document
    def _index(self, text: str) -> tuple[list[int], list[int], list[str], tuple[str, ...]] | None:
        """(starts, ends, words, folded words) of `text`, or None if `text` is not normalised."""
        if normalise(text) != text:
            return None
        tokens = _tokens(text)
        words = [m.group(0) for m in tokens]
        return [m.start() for m in tokens], [m.end() for m in tokens], words, _fold_tokens(words)

    @per_document
    def _matches_in(self, text: str, start: int, end: int) -> tuple[tuple[str, str, str, int, int], ...]:
        starts, ends, words, folded = self._index(text)
        first = bisect.bisect_right(ends, start)  # the first word that ends inside the passage
        last = bisect.bisect_left(starts, end)  # the first word that starts after it
        if first >= last:
            return ()
        starts, ends = starts[first:last], ends[first:last]
        words, folded = words[first:last], list(folded[first:last])
        if starts[0] < start or ends[-1] > end:  # words cut by the passage's ends
            for k in {0, len(starts) - 1}:
                starts[k], ends[k] = max(starts[k], start), min(ends[k], end)
                words[k] = text[starts[k] : ends[k]]
                folded[k] = _fold_word(words[k])
        return self._scan(text, starts, ends, words, folded)

    @per_document
    def _matches(self, text: str) -> tuple[tuple[str, str, str, int, int], ...]:
        """(kind, key, words, start, end) of every name in `text`: longest first, left to right."""
        normalised = normalise(text)
        text = normalised if len(normalised) == len(text) else text
        tokens = _tokens(text)
        words = [m.group(0) for m in tokens]
        return self._scan(text, [m.start() for m in tokens], [m.end() for m in tokens], words, _fold_tokens(words))

    def _scan(self, text: str, starts: list[int], ends: list[int], words: list[str], folded) -> tuple:
        """The names among the words (given by offsets into `text`), as `_matches` returns them."""
        trie = self._trie
        breaks: dict[int, bool] = {}  # word k -> whether a name cannot run from it to word k + 1

        def broken(k: int) -> bool:
            if k not in breaks:
                breaks[k] = _NAME_BREAK.search(text, ends[k], starts[k + 1]) is not None
            return breaks[k]

        matches: list[tuple[int, int, list[_Name]]] = []
        count = len(words)
        i = 0
        while i < count:
            node = trie.get(folded[i])
            if node is None:
                i += 1
                continue
            # every length whose words make a known name, shortest first
            lengths = []
            j = i
            while True:
                if _NAMES in node:
                    lengths.append((j - i + 1, node[_NAMES]))
                j += 1
                if j >= count:
                    break
                node = node.get(folded[j])
                if node is None:
                    break
            chosen = None
            for length, bucket in reversed(lengths):
                if length > 1 and any(broken(k) for k in range(i, i + length - 1)):
                    continue
                written = tuple(words[i : i + length])
                capitalised = written[0][:1].isupper()
                fitting = [
                    c
                    for c in bucket
                    if (c.exact is None or c.exact == written) and (not c.capital or c.exact is not None or capitalised)
                ]
                if fitting:
                    chosen = (i, length, fitting)
                    break
            if chosen is None:
                i += 1
            else:
                matches.append(chosen)
                i += chosen[1]
        sure = {id(c[0].entry) for _, _, c in matches if len({id(x.entry) for x in c}) == 1}
        found = []
        for i, length, candidates in matches:
            entry = next((c for c in candidates if id(c.entry) in sure), candidates[0]).entry
            first, last = starts[i], ends[i + length - 1]
            found.append((entry.kind, entry.key, text[first:last], first, last))
        return tuple(found)

    def lookup(self, name: str, kind: str | None = None) -> EntityRef | None:
        """The entity `name` names as a whole (any case), or None."""
        try:
            return self._lookups[name, kind]
        except KeyError:
            pass
        ref = self._lookup(name, kind)
        if len(self._lookups) < LOOKUPS_KEPT:
            self._lookups[name, kind] = ref
        return ref

    def _lookup(self, name: str, kind: str | None) -> EntityRef | None:
        words = [m.group(0) for m in _tokens(normalise(name))]
        bucket = self._table.get(_fold_tokens(words), [])
        exact = [c for c in bucket if c.exact == tuple(words)]
        for candidate in exact + bucket:
            if kind is None or candidate.entry.kind == kind:
                return EntityRef(candidate.entry.kind, candidate.entry.key, name)
        return None

    def canonical(self, name: str) -> str:
        """The key `name` resolves to (an alpha-2 code, an acronym, a canonical name), else `name`
        itself with institution names normalised as `institutions` keys them."""
        ref = self.lookup(name)
        if ref is not None:
            return ref.key
        institutions = find_institutions(name)
        if len(institutions) == 1 and len(institutions[0].label) >= len(name.strip()) - 4:
            return institutions[0].key
        return normalise(name).strip()


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer built from pycountry and the shipped data files (built once per process)."""
    return Gazetteer()


# --- institutions not in the gazetteer -----------------------------------------------------------

#: the head words of institution names ('Ministry of ...', '... Agency')
INSTITUTION_HEADS = (
    r"Ministry|Ministries|Minist[eè]re|Directorate|Directorates|Direction|Department|D[ée]partement|"
    r"Agency|Agencies|Agence|Office|Bureau|Secretariat|Secr[ée]tariat|Commission|Service|Services|Unit|"
    r"Committee|Comit[ée]|Council|Authority|Autorit[ée]|Institute|Institut|Police|Gendarmerie|"
    r"Task Force|Inspectorate|Board|Presidency|University|Universit[ée]"
)
#: a capitalised word; a plural possessive stays inside a name ("Ministry of Expatriates' Welfare")
_CAP = r"(?:[A-ZÀ-Ý][\w\-]*(?:(?<=s)['’](?=\s+[A-ZÀ-Ý]))?)"
#: "with" joins only a portfolio's "Relations with" ("Ministry of Labour and Relations with Parliament")
_CONNECTOR = r"(?:of|for|and|on|the|de|du|des|la|le|et|pour|en|aux|against|in charge of|chargée? de|(?<=[Rr]elations\s)with)"
_SEPARATOR = rf"(?:\s+(?:{_CONNECTOR}\s+)*(?:(?:l|d)'\s*)?|\s*,\s+(?={_CAP})|\s*&\s*|'(?=[A-ZÀ-Ý]))"
_RUN = re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=[(\"'])|(?<=l')|(?<=d'))(?:(?:l|d)')?{_CAP}(?:{_SEPARATOR}{_CAP})*")
_HEAD = re.compile(rf"\b(?:{INSTITUTION_HEADS})\b")
#: a role title inside a run of capitalised words ("Jane Roe, Head of the ...", "Principal Secretary for ...")
_ROLE_WORDS = (
    r"(?:(?:Principal|Permanent|Deputy|Assistant|Under|Vice|First|Chief|Executive|Senior|Regional)\s+)*"
    r"(?:Secretary|Minister|Director|Commissioner|Head|Chief|Coordinator|Manager|Officer|Adviser|Advisor|President|Chair)"
    r"(?:[- ]General)?\s+"
)
#: a run opening with a role title: "Head of the Migration Data Unit", "Principal Secretary for Immigration"
_ROLE_TITLE = re.compile(rf"^{_ROLE_WORDS}(?P<link>of|for)\s+(?:the\s+)?")
#: where a run of capitalised words goes on with a role title: "Jane Roe, Head of the ..."
_ROLE_SPLIT = re.compile(rf",\s+(?={_ROLE_WORDS}(?:of|for)\s)")
_LEADING = re.compile(r"^(?:The|the|La|Le|Les|L'|At|In|From|By|With|To|For|And|Et|De|Du|Des|D'|Under|During|Throughout)\s+|^(?:l|d|L|D)'")
_TRAILING_COUNTRY = re.compile(
    r"\s+(?:in|of|du|de|d')\s+(?:the\s+)?(?P<country>(?:[A-ZÀ-Ý][\w'-]*)(?:\s+(?:of\s+the\s+|of\s+)?[A-ZÀ-Ý][\w'-]*){0,3})"
)
_COUNTRY_SUFFIX = re.compile(r"\s+(?:of(?:\s+the)?|du|de\s+la|de\s+l'|de|des|in|au|aux|en)\s+|\s+d'")


def split_country_suffix(name: str) -> tuple[str, str] | None:
    """(the name without it, the alpha-2 code) of a trailing 'of <country>' / 'du <pays>', else None.

    Not the people of a country ("... et des Guinéens"), nor a country that is the rest of the name
    ("University of Malta").
    """
    g = gazetteer()
    for suffix in _COUNTRY_SUFFIX.finditer(name):
        rest = name[suffix.end() :]
        ref = g.lookup(rest, "country")
        if ref is not None and not g.is_demonym(rest) and not _HEAD.fullmatch(name[: suffix.start()]):
            return name[: suffix.start()], ref.key
    return None


#: where one run of capitalised words holds two institutions: "... and the Directorate ..."
_RUN_SPLIT = re.compile(rf"\s+(?:and\s+the|et\s+(?:le|la|les|l')|(?:and|et)(?=\s+(?:{INSTITUTION_HEADS})\b))\s*")


#: "Georgia's ", "North Macedonia’s " right before an institution's name
_POSSESSIVE = re.compile(r"(?:^|(?<=\s)|(?<=[(\"“]))(?P<country>[A-ZÀ-Ý][\w\-]*(?:\s+[A-ZÀ-Ý][\w\-]*){0,3})['’]s\s+$")


def _possessive_country(text: str, start: int) -> str | None:
    """The country whose possessive stands right before `start` ("Georgia's Ministry of ..."), else None."""
    match = _POSSESSIVE.search(text, max(0, start - 60), start)
    if match is None:
        return None
    words = match.group("country").split()
    for first in range(len(words)):
        ref = gazetteer().lookup(" ".join(words[first:]), "country")
        if ref is not None:
            return ref.key
    return None


def _strip_leading(name: str) -> str:
    previous = None
    while previous != name:
        previous = name
        name = _LEADING.sub("", name)
    return name


#: the last item of a run: after its last comma or "and" ("... Development and ICMPD": "ICMPD")
_TAIL = re.compile(r"(?:,\s+|\s+and\s+|\s+et\s+)((?:(?!,\s|\s(?:and|et)\s).)+)$")
_HEAD_PLACE = re.compile(r"^([^,]+?)\s+(?:for|of|in|at|to)\s+(?:the\s+)?(?=[A-ZÀ-Ý])")


def _trim_known_tail(piece: str) -> str:
    """Drop trailing ', MIEUX' or ' and Belgium': known names that end a run but are not part of it."""
    while (match := _TAIL.search(piece)) and gazetteer().lookup(match.group(1)) is not None:
        piece = piece[: match.start()]
    return piece


def _trim_known_head(piece: str) -> str:
    """Drop a leading place or country joined by a preposition: 'Kampala for the National Task Force'."""
    match = _HEAD_PLACE.match(piece)
    if match and not _HEAD.search(match.group(1)):
        ref = gazetteer().lookup(match.group(1))
        if ref is not None and ref.kind in ("place", "country", "region"):
            return piece[match.end() :]
    return piece


def _runs(text: str):
    """(start, words) of each run of capitalised words that holds an institution's head word, split
    where a second institution begins."""
    for run in _RUN.finditer(text):
        position = run.start()
        for piece in (sub for part in _RUN_SPLIT.split(run.group(0)) for sub in _ROLE_SPLIT.split(part)):
            found = text.find(piece, position)
            position = found + len(piece)
            if _HEAD.search(piece):  # trimming only shortens a piece: without a head word it holds none
                yield found, _trim_known_tail(_trim_known_head(piece))


@per_document
def find_institutions(text: str, *, offset: int = 0, default_country: str | None = None) -> list[EntityRef]:
    """Ministries, departments and agencies named by pattern ('Ministry of ...', 'National ... Agency').

    The key is the name as written, less a leading nationality adjective or a trailing 'of
    <country>', plus ' of <country>' when a country is stated or given as `default_country`
    (English short name), so 'the Ethiopian Ministry of Foreign Affairs' and 'Ministry of Foreign
    Affairs of Ethiopia' are one organisation. Names the gazetteer knows are not returned.

    >>> [r.key for r in find_institutions("at the request of the Ethiopian Ministry of Foreign Affairs")]
    ['Ministry of Foreign Affairs of Ethiopia']
    >>> [r.key for r in find_institutions("with the Ministry of Interior of Burundi and the Directorate of Diaspora")]
    ['Ministry of Interior of Burundi', 'Directorate of Diaspora']
    >>> [r.key for r in find_institutions("le Ministère de l'Intérieur du Mali")]
    ["Ministère de l'Intérieur of Mali"]
    """
    g = gazetteer()
    refs = []
    for run_start, name in _runs(text):
        if not _HEAD.search(name):
            continue
        start = text.find(name, run_start)
        stripped = _strip_leading(name)
        start += len(name) - len(stripped)
        name = stripped
        role = _ROLE_TITLE.match(name)
        if role is not None:
            cut = role.end()  # "Head of the Migration Data Unit": the unit only
            if role.group("link").lower() == "for":
                # "Principal Secretary for Immigration Services": a portfolio, no institution; one may follow it
                comma = name.find(", ", role.end())
                if comma < 0:
                    continue
                cut = comma + 2
            start += cut
            name = name[cut:]
        end = start + len(name)
        country = None
        # a leading nationality or country name: "Ethiopian Ministry", "Rwanda Directorate"
        first_words = re.match(r"^((?:[A-ZÀ-Ý][\w\-]*\s+){1,3})", name)
        if first_words:
            for cut in range(len(first_words.group(1).split()), 0, -1):
                head = " ".join(name.split()[:cut])
                ref = g.lookup(head, "country")
                if ref is not None:
                    country = ref.key
                    name = name[len(head) :].lstrip()
                    break
        if (suffixed := split_country_suffix(name)) is not None:
            name, country = suffixed
        if country is None:
            country = _possessive_country(text, start)
        if country is None:
            # "Directorate General for Foreigners in France": a country right after the run
            trailing = _TRAILING_COUNTRY.match(text, end)
            if trailing:
                words = list(re.finditer(r"\S+", trailing.group("country")))
                for count in range(len(words), 0, -1):
                    candidate = trailing.group("country")[: words[count - 1].end()]
                    ref = g.lookup(candidate, "country")
                    if ref is not None:
                        country = ref.key
                        end = trailing.start("country") + len(candidate)
                        break
        if not _HEAD.search(name) or _HEAD.fullmatch(name) or len(name.split()) < 2:
            continue
        if g.lookup(name) is not None or g.lookup(text[start:end]) is not None:
            continue
        country = country or default_country
        key = f"{name} of {g.country_label(country)}" if country else name
        as_written = " ".join(text[start:end].split())
        written = as_written if as_written != key else None
        span = Span(start + offset, end + offset)
        refs.append(EntityRef("organisation", key, text[start:end], span, written=written))
    for ref in find_french_institutions(text, offset=offset, default_country=default_country):
        overlapping = [other for other in refs if other.span.start < ref.span.end and ref.span.start < other.span.end]
        if all(ref.span.start <= o.span.start and o.span.end <= ref.span.end and o.span != ref.span for o in overlapping):
            # "Ministère des Affaires sociales": the French name runs on in lower case past the capitalised words
            refs = [other for other in refs if other not in overlapping] + [ref]
    return sorted(refs, key=lambda r: r.span.start)


@cache
def _french_institution() -> "re.Pattern[str]":
    """French names of ministries and agencies; built at first use, from the demonym table's lower-case
    French adjectives ("le ministère tunisien de ...", "burkinabè", "belge")."""
    demonyms = "|".join(
        re.escape(form)
        for form in sorted({f for _, forms, *_ in _read_tsv("demonyms.tsv") for f in _split(forms) if f[:1].islower()},
                           key=len, reverse=True)
    )
    return re.compile(
        r"(?<!\w)(?:[Mm]inistère|[Dd]irection(?:\s+générale)?|[Aa]gence|[Oo]ffice|[Ss]ecrétariat|[Cc]omité|"
        r"[Dd]épartement|[Ii]nstitut|[Aa]utorité|[Ss]ervice)"
        r"(?:\s+(?:nationale?|générale?|fédérale?|centrale?|régionale?|supérieure?))?"
        r"(?:(?<=inistère)\s+(?P<demonym>" + demonyms + r")(?![\w-]))?"
        r"(?:"
        r"(?:\s+(?:(?:et\s+)?(?:de\s+la|de\s+l'|du|des|de|d')|aux|au|à\s+la|à\s+l'|pour\s+la|pour\s+le|pour\s+l'|pour\s+les|"
        r"chargée?\s+de(?:\s+la|\s+l')?|contre\s+(?:la|le|les|l'))"
        r"|,\s+(?:de\s+la|de\s+l'|du|des)(?=\s*[A-ZÀ-Ý]))"  # "..., de la Sécurité sociale et des Migrations"
        r"\s*[\w'-]+(?:\s+(?:nationale?|générale?|publique|intérieure|extérieure|étrangères?|sociales?|africaine|européenne|"
        r"internationale|économique|numérique|humanitaire|consulaire|professionnelle?|civile?|territoriale?|administrative?|"
        r"locale?|régionale?|rurale?|urbaine?|solidaire|durable)s?(?![\w'])|\s+[A-ZÀ-Ý][\w'-]*)*"
        r"(?:\s+(?:établi|résidant|vivant)e?s?\s+à\s+l'étranger)?"  # "... et des Guinéens établis à l'étranger"
        r")+"
    )


#: a number or a determiner after the head word: the words describe, they do not name
_NOT_A_NAME = re.compile(
    r"^\S+(?:\s+\S+)?\s+(?:de|du|des|d')\s*(?:deux|trois|quatre|plusieurs|ces|cette|ce|cet|ses|son|sa|leurs?|nos|notre|vos|votre|même|mêmes)\b",
    re.IGNORECASE,
)


def find_french_institutions(text: str, *, offset: int = 0, default_country: str | None = None) -> list[EntityRef]:
    """French names of ministries and agencies, which keep their later words in lower case
    ("ministère de l'Intérieur du Niger", "Direction générale de la police nationale").

    >>> [r.key for r in find_french_institutions("à la demande de la Direction générale de la police nationale du Tchad.")]
    ['Direction générale de la police nationale of Chad']
    """
    g = gazetteer()
    refs = []
    # "l’Intégration", "d’Ivoire": a typographic apostrophe reads as the plain one (same length, same spans)
    for match in _french_institution().finditer(text.replace("’", "'")):
        name, start, end = match.group(0), match.start(), match.end()
        if _NOT_A_NAME.search(name):
            continue  # "le secrétariat des deux dialogues", "la direction de ce projet": a common noun
        if any(ref.kind != "country" for ref in g.find(name)) or g.lookup(name) is not None:
            continue  # "Secrétariat du Processus de Rabat": a known entity's body, not a new one
        country = None
        demonym = match.group("demonym")
        if demonym:  # "le ministère tunisien de l'Emploi": the country, given by its adjective
            ref = g.lookup(demonym, "country") if g.is_demonym(demonym) else None
            if ref is None:
                continue
            country = ref.key
            cut = match.start("demonym") - start
            name = (name[:cut].rstrip() + name[match.end("demonym") - start :])
        if (suffixed := split_country_suffix(name)) is not None:
            name, country = suffixed
        country = country or default_country
        key = f"{name} of {g.country_label(country)}" if country else name
        as_written = " ".join(text[start:end].split())
        written = as_written if as_written != key else None
        span = Span(start + offset, end + offset)
        refs.append(EntityRef("organisation", key, text[start:end], span, written=written))
    return refs


def institution_entry(ref: EntityRef) -> Entry:
    """An `Entry` for an institution found by pattern (class from its head word, country from its key)."""
    words = ref.key
    cls = "Ministry" if re.search(r"minist", words, re.IGNORECASE) else "GovernmentAgency"
    country = None
    match = re.search(r" of (?P<country>[^,]+)$", words)
    if match:
        found = gazetteer().lookup(match.group("country"), "country")
        country = found.key if found else None
    label_fr = (words[: match.start()] if match and country else words) if name_language(words) == "fr" else None
    return Entry("organisation", ref.key, cls, ref.key, label_fr, country=country, names=(ref.key,))


_FRENCH_WORDS = re.compile(r"(?<![\w'’])(?:de|du|des|la|le|les|et|pour|aux|au|[dl]['’])(?![\w'’])|[dl]['’](?=\w)", re.IGNORECASE)
_ENGLISH_WORDS = re.compile(r"\b(?:of|and|for|the|on)\b", re.IGNORECASE)


def name_language(name: str) -> str:
    """'fr' for a name written in French ("Direction générale d'appui aux ..."), else 'en'.

    An institution the gazetteer does not know keeps the name the text gives; its English label is that
    name too (the name English readers meet), and a French name is also its French label.
    """
    without_country = re.sub(r" of [^,]+$", "", name)
    french = _FRENCH_WORDS.search(without_country) is not None
    return "fr" if french and not _ENGLISH_WORDS.search(without_country) else "en"
