"""What a news item states, in English or French: mentions, events, partnerships, secretariats, people.

`extract(text, regions, ...)` reads the given regions of a text (an item's title and body) and
returns `NewsFacts` whose spans index into that text. Entities are resolved by the gazetteer
and by the acronyms the item itself defines ("Full Name (ACR)"); the other facts come from
sentence-level patterns. Shared by the feed and article loaders.
"""

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from migkg.loaders import dateline as datelines
from migkg.loaders import text as textlib
from migkg.loaders.concepts import scheme_labels
from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.text import fold
from migkg.loaders.news_entities import EntityFinder
from migkg.loaders.news_events import find_events
from migkg.loaders.news_people import find_people
from migkg.loaders.news_relations import find_partnerships, find_secretariats
from migkg.loaders.records import (
    ActivityRecord,
    EntityRef,
    NewsItemRecord,
    PartnershipRecord,
    PersonRecord,
    SecretariatRecord,
    Span,
)

#: the kinds of entity a news item's mentions list
MENTIONED_KINDS = ("dialogue", "programme", "project", "organisation", "country", "person")


@dataclass
class NewsFacts:
    """The facts one news item states; spans index into the text `extract` read."""

    mentions: list[EntityRef] = field(default_factory=list)
    events: list[ActivityRecord] = field(default_factory=list)
    partnerships: list[PartnershipRecord] = field(default_factory=list)
    secretariats: list[SecretariatRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)

    def fill(self, record: NewsItemRecord) -> NewsItemRecord:
        """Copy the facts into a news-item record."""
        record.mentions = list(self.mentions)
        record.events = list(self.events)
        record.partnerships = list(self.partnerships)
        record.secretariats = list(self.secretariats)
        record.people = list(self.people)
        return record

    def relocate(self, anchor: Callable[[Span], Span]) -> "NewsFacts":
        """The same facts with every span mapped through `anchor` (e.g. into a feed's raw XML)."""

        def ref(entity: EntityRef | None) -> EntityRef | None:
            if entity is None or entity.span is None:
                return entity
            return replace(entity, span=anchor(entity.span))

        return NewsFacts(
            mentions=[ref(m) for m in self.mentions],
            events=[
                replace(e, span=anchor(e.span), place=ref(e.place), participant_refs=[ref(p) for p in e.participant_refs])
                for e in self.events
            ],
            partnerships=[
                replace(p, span=anchor(p.span), parties=[ref(party) for party in p.parties]) for p in self.partnerships
            ],
            secretariats=[
                replace(s, span=anchor(s.span), organisation=ref(s.organisation), dialogue=ref(s.dialogue))
                for s in self.secretariats
            ],
            people=[replace(p, span=anchor(p.span), affiliation=ref(p.affiliation)) for p in self.people],
        )


def detect_language(text: str, *, default: str = "en") -> str:
    """'en' or 'fr' for a text; `default` when the text has too few words to tell."""
    if len(text.split()) < 8:
        return default
    return textlib.detect_language(text)


#: a sentence that ends with one of these has not ended ("H.E. Elmar ...")
_OPEN_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:H\.\s?E|Amb|Hon|Excl?)\.$")


def sentences_of(text: str, regions: list[Span]) -> list[Span]:
    """The sentences of each region, in order, as spans of `text`."""
    found: list[Span] = []
    for region in regions:
        pending: Span | None = None
        for sentence in textlib.sentence_spans(text[region.start : region.end]):
            span = Span(region.start + sentence.start, region.start + sentence.end)
            if pending is not None and "\n" not in text[pending.end : span.start]:
                span = Span(pending.start, span.end)
            elif pending is not None:
                found.append(pending)
            pending = None
            if _OPEN_ABBREVIATION.search(text[span.start : span.end]):
                pending = span
            else:
                found.append(span)
        if pending is not None:
            found.append(pending)
    return found


def extract(
    text: str,
    regions: list[Span],
    *,
    reference_date: str | None = None,
    dateline: bool = False,
    acronyms: dict[str, EntityRef] | None = None,
) -> NewsFacts:
    """The facts stated in `regions` of `text` (title first, then body).

    :param reference_date: the item's ISO date, which gives the year of dates written without one.
    :param dateline: the body (the last region) opens right after a dateline that gave `reference_date`.
    :param acronyms: acronyms earlier items of the same document defined ("Full Name (ACR)"), which this
        item's bare uses resolve to; the item's own definitions are added to it.
    """
    # datelines (migkg.loaders.dateline): the body's own dateline dates "today", "on Monday", "21 May"
    reference_date = datelines.reference_date(text, regions, reference_date)
    sentences = sentences_of(text, regions)
    body = [s for s in sentences if regions and s.start >= regions[-1].start]
    dated_lede = body[0] if dateline and body else None
    finder = EntityFinder(text, sentences, acronyms)
    entities = finder.entities()
    people, role_spans = find_people(text, sentences, entities)
    partnerships = find_partnerships(
        text, sentences, entities, reference_date=reference_date, excluded=role_spans, dated_lede=dated_lede,
        people=people,
    )
    # an event noun inside an organisation's name ("Ministry of Labour and Vocational Training") is no event
    named = [e.span for e in entities if e.kind in ("organisation", "programme", "project") and e.span is not None]
    events = find_events(
        text,
        sentences,
        entities,
        reference_date=reference_date,
        excluded=role_spans + named,
        signature_date=_main_signature_date(partnerships),
        lede=_lede_length(text, regions, sentences),
    )
    secretariats = find_secretariats(text, sentences, entities)
    mentions = _distinct_mentions(_as_mentioned(entities, role_spans), people)
    return NewsFacts(mentions, events, partnerships, secretariats, people)


def _main_signature_date(partnerships: list[PartnershipRecord]):
    """The signing date of the agreement the item reports first: a signing ceremony is that agreement's
    ("... signed this Wednesday a memorandum ... It complements the protocol concluded in 2019")."""
    first = min(partnerships, key=lambda p: p.span.start, default=None)
    return first.date if first is not None else None


def _nationality_in_name(country: EntityRef, organisations: list[Span]) -> bool:
    """'French' in 'French Research Institute for Development' qualifies a name; it mentions no country."""
    inside = any(o.start <= country.span.start and country.span.end <= o.end for o in organisations)
    return inside and gazetteer().is_demonym(country.label)


def _common_noun(country: EntityRef) -> bool:
    """'Réunion thématique': a country name that is also an event noun, used as a noun."""
    return fold(country.label) in _EVENT_WORDS


_EVENT_WORDS = frozenset(fold(label) for scheme in ("activity-kind", "meeting-kind")
                         for labels in scheme_labels(scheme).values() for label in labels)


def _lede_length(text: str, regions: list[Span], sentences: list[Span]) -> int:
    """How many sentences make the title and the body's first sentence (all of them for a one-region item)."""
    if len(regions) < 2:
        return 1
    in_title = sum(1 for s in sentences if regions[0].start <= s.start < regions[0].end)
    return in_title + 1


_DELEGATION = re.compile(r"^(?P<parent>\S+) Delegation$")


def _as_mentioned(entities: list[EntityRef], role_spans: list[Span]) -> list[EntityRef]:
    """Entities as the item's mentions name them: a delegation of an organisation ('the EU Delegation') is
    that organisation's presence, a mention of it; a unit named in a person's title ('Director of Migration
    Dialogues and Cooperation') is no mention of a programme of the same name."""
    mentioned = []
    for entity in entities:
        delegation = _DELEGATION.match(entity.key) if entity.kind == "organisation" else None
        if delegation and gazetteer().lookup(delegation.group("parent"), "organisation") is not None:
            parent = gazetteer().lookup(delegation.group("parent"), "organisation")
            entity = EntityRef("organisation", parent.key, entity.label, entity.span)
        in_title = any(r.start <= entity.span.start and entity.span.end <= r.end for r in role_spans)
        if in_title and entity.kind in ("programme", "project") and entity.label != entity.key:
            continue
        mentioned.append(entity)
    return mentioned


def _distinct_mentions(entities: list[EntityRef], people: list[PersonRecord]) -> list[EntityRef]:
    """Each entity once (its first mention), people included, in text order."""
    seen: set[tuple[str, str]] = set()
    mentions: list[EntityRef] = []
    person_refs = [EntityRef("person", p.name, p.name, p.span) for p in people]
    organisations = [e.span for e in entities if e.kind == "organisation"]
    for entity in sorted(entities + person_refs, key=lambda e: (e.span.start if e.span else -1)):
        if entity.kind not in MENTIONED_KINDS or (entity.kind, entity.key) in seen:
            continue
        if entity.kind == "country" and (_nationality_in_name(entity, organisations) or _common_noun(entity)):
            continue
        seen.add((entity.kind, entity.key))
        mentions.append(entity)
    return mentions
