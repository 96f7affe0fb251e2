"""Words to theme concepts: the theme scheme's labels plus a table of further cue words."""

import re
from functools import cache

from migkg.loaders.concepts import scheme_labels
from migkg.loaders.patterns import alternation
from migkg.loaders.records import Span

#: further words that name a theme (English preferred label -> cue words), beyond the scheme's labels
THEME_CUES = {
    "border management": ("border management", "borders management", "border control", "border security", "manage borders", "border officials"),
    "document security": ("document security", "document fraud", "travel documents", "identity documents"),
    "irregular migration": ("irregular migration", "illegal migration", "irregular flows", "irregular immigration"),
    "trafficking in human beings": ("THB", "trafficking in human beings", "human trafficking", "anti-trafficking", "counter-trafficking", "anti-human trafficking", "trafficking in persons", "traite des êtres humains"),
    "smuggling of migrants": ("smuggling of migrants", "migrant smuggling", "smuggling"),
    "investigation and prosecution": ("investigation and prosecution", "migration-related offences", "investigation techniques", "investigating and prosecuting", "investigate and prosecute", "enquêtes et poursuites", "prosecute offenders", "prosecution of offenders"),
    "migration and development": ("migration and development",),
    "diaspora engagement": ("diaspora engagement", "diaspora",),
    "remittances": ("remittances", "remittance"),
    "labour migration": ("labour migration", "labor migration", "circular migration", "migrant workers", "labour mobility", "labor mobility", "labour migrants", "labor migrants", "travailleurs migrants", "migration de travail"),
    "legal migration": ("legal migration", "regular migration"),
    "free movement": ("free movement",),
    "visa policy": ("visa policy", "visa liberalisation", "visa facilitation", "visa"),
    "asylum and international protection": ("asylum", "international protection", "refugee protection"),
    "migration legislation": ("migration legislation", "legislation", "legal framework", "migration law", "immigration law", "legislative framework", "immigration laws", "migration laws", "law on immigration", "harmonisation of national laws"),
    "migration policy": ("migration policy", "migration policies", "immigration strategy", "migration strategy", "immigration policy", "politique migratoire"),
    "regional cooperation": ("regional cooperation", "regionally", "regional level", "regional response", "regional framework"),
    "migration management": ("migration management",),
    "migration data": ("migration data", "data management", "migration statistics", "data collection", "data harmonisation"),
    "migration and environment": ("migration and environment", "climate change", "environmental migration", "environmentally induced migration"),
    "human rights": ("human rights", "migrants' rights", "rights of migrants"),
    "protection of vulnerable migrants": ("vulnerable migrants", "protection of victims", "victim protection", "victim support", "protection of migrants", "protection des victimes", "protection des migrants", "assistance to victims", "assistance of victims", "victim assistance", "assistance aux victimes", "referral of victims", "victim referral", "unaccompanied minors", "unaccompanied migrant children", "unaccompanied children", "migrant children", "mineurs non accompagnés", "enfants migrants"),
    "return and reintegration": ("return and reintegration", "readmission", "reintegration"),
    "citizenship": ("citizenship", "statelessness"),
    "integration of migrants": ("integration of migrants", "migrant integration"),
}  # fmt: skip


#: cues too general to name a theme on their own
IGNORED_CUES = frozenset({"integration", "intégration"})
#: themes that describe how an Action works rather than its subject: taken from headings only
MEANS_NOT_SUBJECT = frozenset({"capacity building"})


def _is_acronym(word: str) -> bool:
    """"THB", "NGO": capitals and no lower-case letter ("Counter-Trafficking" is a word in Title Case)."""
    return sum(ch.isupper() for ch in word) >= 2 and not any(ch.islower() for ch in word) and " " not in word


@cache
def _patterns() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every cue (longest first), and the theme each cue names."""
    cues: dict[str, str] = {}
    known = scheme_labels("theme")
    for label, names in known.items():
        for name in (label, *names):
            if name not in IGNORED_CUES:
                cues.setdefault(name, label)
    for label, words in THEME_CUES.items():
        if known and label not in known:
            continue
        for word in words:
            cues.setdefault(word, label)
    alternatives = []
    for cue in sorted(cues, key=len, reverse=True):
        body = re.escape(cue).replace(r"\ ", r"[\s-]+").replace("'", "['’]?")
        alternatives.append((cue, body if _is_acronym(cue) else f"(?i:{body})"))
    pattern = re.compile(rf"(?<![\w&-]){alternation(alternatives)}(?![\w&-])")  # "NCCPIM&TIP" is one name
    labels = {_cue_key(cue): label for cue, label in cues.items()}
    return pattern, labels


def _cue_key(cue: str) -> str:
    """How a cue is looked up once matched: acronyms as written, other cues folded."""
    if _is_acronym(cue):
        return cue
    return re.sub(r"[\s-]+", " ", cue.lower()).replace("’", "").replace("'", "")


#: "migration and citizenship policy": a policy on migration as well
_DISTRIBUTED_POLICY = re.compile(r"\bmigration\s+and\s+[\w-]+\s+polic(?:y|ies)\b", re.IGNORECASE)


def find_themes(
    text: str, *, offset: int = 0, stated_only: bool = False, names: list[Span] = ()
) -> list[tuple[str, Span]]:
    """Themes the text names, in order of first mention, each with the span of its first cue.

    `stated_only` reads running text (an objective, a summary) rather than a heading: cues
    inside the `names` spans (institutions: "Directorate of Citizenship ...", relative to
    `text`) and themes of means rather than subject (capacity building) are left out.

    >>> [t for t, _ in find_themes("Border Management (and Security) and Human Rights")]
    ['border management', 'human rights']
    >>> [t for t, _ in find_themes("Trafficking in Human Beings (THB) and Document Security")]
    ['trafficking in human beings', 'document security']
    >>> [t for t, _ in find_themes("Legal Migration")], [t for t, _ in find_themes("Asylum")]
    (['legal migration'], ['asylum and international protection'])
    """
    found: dict[str, Span] = {}
    for match, label in _matches(text):
        if stated_only and (label in MEANS_NOT_SUBJECT or any(n.start <= match.start() < n.end for n in names)):
            continue
        span = Span(match.start() + offset, match.end() + offset)
        if label not in found or span.start < found[label].start:
            found[label] = span
    if "migration policy" not in found and (distributed := _DISTRIBUTED_POLICY.search(text)):
        found["migration policy"] = Span(distributed.start() + offset, distributed.end() + offset)
    return sorted(found.items(), key=lambda item: item[1].start)


#: wording that makes what follows the subject of the sentence ("challenges related to smuggling")
_SUBJECT_CUE = re.compile(
    r"\b(?:related to|relating to|in the (?:area|field|domain)s? of|focus(?:ed|ing)? on|on the topics? of|"
    r"dedicated to|dans le domaine d[eu]|en matière d[e'])\b[^.;:]{0,40}$",
    re.IGNORECASE,
)


def theme_mentions(text: str, *, names: list[Span] = ()) -> dict[str, int]:
    """How many times each theme's cues occur in running text (outside the `names` spans); a cue
    introduced as the subject ("related to", "in the field of") counts twice."""
    counts: dict[str, int] = {}
    for match, label in _matches(text):
        if any(n.start <= match.start() < n.end for n in names):
            continue
        weight = 2 if _SUBJECT_CUE.search(text[max(0, match.start() - 80) : match.start()]) else 1
        counts[label] = counts.get(label, 0) + weight
    return counts


def _matches(text: str) -> list[tuple[re.Match, str]]:
    """Every cue in the text, leftmost first and longest at each place, not overlapping."""
    pattern, labels = _patterns()
    chosen = []
    for match in pattern.finditer(text):
        label = labels.get(match.group(0)) or labels.get(_cue_key(match.group(0)))
        if label:
            chosen.append((match, label))
    return chosen
