"""Documents an Action produced or supported: strategies, policies, action plans, laws, handbooks...

Named outputs are capitalised names or quoted titles around a kind word ("National Policy on
Diaspora Engagement", "the report 'Migration and Asylum ...'"); unnamed ones are "an assessment
report", "a handbook", "a border management strategy" after a verb of making (produced,
drafted, developed, drafting of...).
"""

import re

from migkg.loaders.records import OutputRecord, Span

#: head words -> output kind (English preferred label of the output-kind scheme)
OUTPUT_WORDS = {
    "action plan": "action plan",
    "action plans": "action plan",
    "plan of action": "action plan",
    "plan d'action": "action plan",
    "strategy": "strategy",
    "strategies": "strategy",
    "stratégie": "strategy",
    "policy": "policy",
    "policies": "policy",
    "politique": "policy",
    "law": "law",
    "laws": "law",
    "legislation": "law",
    "loi": "law",
    "handbook": "handbook",
    "manual": "handbook",
    "guide": "handbook",
    "guidelines": "handbook",
    "field guide": "handbook",
    "toolbox": "handbook",
    "manuel": "handbook",
    "report": "report",
    "assessment report": "report",
    "background paper": "report",
    "study": "report",
    "rapport": "report",
    "curriculum": "curriculum",
    "training curriculum": "curriculum",
    "curricula": "curriculum",
}

_HEADS = "|".join(sorted((re.escape(w) for w in OUTPUT_WORDS), key=len, reverse=True))
_CAP = r"[A-ZÀ-Ý][\w'’-]*"
_NAMED = re.compile(
    rf"(?:{_CAP}\s+(?:(?:and|of|on|for|et|de|du|des)\s+(?={_CAP}))?)*(?i:{_HEADS})(?:\s+(?:on|for|of|to|in|and|against|de|du|des|sur|pour)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+|on\s+|for\s+)?{_CAP})*)*"
)
#: the head words case-folded, to tell quickly that a sentence holds none
_FOLDED_HEADS = tuple(sorted({w.casefold() for w in OUTPUT_WORDS}))


def _may_hold_head(chunk: str) -> bool:
    """False only when `(?i:head)` matches nowhere in `chunk`: every character `re` matches to a
    head's letter case-insensitively case-folds to that letter, once the Turkish dotted and
    dotless i are read as i."""
    folded = chunk.replace("\u0130", "i").replace("\u0131", "i").casefold()
    return any(head in folded for head in _FOLDED_HEADS)
_QUOTED = re.compile(r"(?P<q>['\"])(?P<title>[A-Z][^'\"]{6,200})(?P=q)")
_MADE = re.compile(
    r"\b(?:produced|drafted|developed|developing|development of|drafting of|draft(?:ing)? (?:a|an|the)|elaborated|"
    r"prepared|completed|adopted|validated|finali[sz]ed|delivery of|support(?:ed)? (?:to )?the drafting of|"
    r"has been drafted|was drafted|were drafted|design(?:ing)?|élaboration d[eu]|rédaction d[eu])\b",
    re.IGNORECASE,
)
_UNNAMED = re.compile(
    rf"\b(?:a|an|the|its|their|un|une|le|la)\s+(?P<words>(?:[a-z][\w-]*\s+){{0,3}}?)(?P<head>(?i:{_HEADS}))\b"
)


#: a name holding one of these is an event, not a document ("Seminar on Migration Legislation")
_EVENT_WORDS = re.compile(r"\b(?:Seminar|Workshop|Conference|Meeting|Session|Training of|Mission|Visit|Séminaire|Atelier|Conférence|Réunion)\b")


_MONTH_WORDS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
#: an output name that continues an event's title ("Seminar on ... of Migration Policies")
_IN_EVENT_TITLE = re.compile(r"\b(?:Seminar|Workshop|Conference|Meeting|Session|Séminaire|Atelier|Conférence)\b[^.,;:()]*$")
#: "National Immigration Strategy in October": the date is not part of the name
_TRAILING_TIME = re.compile(rf"\s+(?:in|en|of)\s+(?:{_MONTH_WORDS})\b.*$", re.IGNORECASE)


#: each head word, longest first, with the pattern that finds it as a whole word
_HEAD_WORDS = tuple((w, re.compile(rf"\b{re.escape(w)}\b")) for w in sorted(OUTPUT_WORDS, key=len, reverse=True))


def _kind(head: str) -> str | None:
    head = head.lower()
    return OUTPUT_WORDS.get(head) or OUTPUT_WORDS.get(head.split()[-1])


def find_outputs(text: str, sentences: list[Span]) -> list[OutputRecord]:
    """Outputs the sentences name, each once (by name, or by kind when unnamed)."""
    named: dict[str, OutputRecord] = {}
    unnamed: dict[str, OutputRecord] = {}
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        for match in _QUOTED.finditer(chunk):
            before = chunk[max(0, match.start() - 30) : match.start()].lower()
            words = match.group("title").lower() + " " + before
            head = next((w for w, word in _HEAD_WORDS if word.search(words)), None)
            if head and _kind(head) and not _EVENT_WORDS.search(match.group("title")):
                name = match.group("title").strip()
                named.setdefault(name, OutputRecord(_kind(head), Span(sentence.start + match.start(), sentence.start + match.end()), name))
        for match in _NAMED.finditer(chunk) if _may_hold_head(chunk) else ():
            name = re.sub(r"^(?:The|A|An|La|Le|Les)\s+", "", match.group(0).strip()).strip("'’\"")
            name = _TRAILING_TIME.sub("", name)
            words = name.split()
            head = re.search(rf"(?i:{_HEADS})", name)
            if len(words) < 2 or not words[0][:1].isupper() or head is None:
                continue
            if all(w.lower() in {"action", "plan", "strategy", "policy", "law", "report", "and"} for w in words):
                continue
            if _EVENT_WORDS.search(name) or _IN_EVENT_TITLE.search(chunk[max(0, match.start() - 80) : match.start()]):
                continue
            if any(name in other for other in named):
                continue
            named.setdefault(name, OutputRecord(_kind(head.group(0)), Span(sentence.start + match.start(), sentence.start + match.end()), name))
        if not _MADE.search(chunk):
            continue
        for match in _UNNAMED.finditer(chunk):
            kind = _kind(match.group("head"))
            if kind and kind not in unnamed:
                unnamed[kind] = OutputRecord(kind, Span(sentence.start + match.start(), sentence.start + match.end()))
    named_kinds = {record.kind for record in named.values()}
    return list(named.values()) + [record for kind, record in unnamed.items() if kind not in named_kinds]
