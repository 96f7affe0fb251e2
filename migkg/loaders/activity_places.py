"""Where an activity took place: places the gazetteer knows, else a town named after "in" or "à".

>>> from migkg.loaders.records import Span
>>> passage = "A training was held in Tsévié in May 2017."
>>> town_in(passage, Span(0, len(passage))).key
'Tsévié'
"""

import re

from migkg.loaders.dates import FoundDate
from migkg.loaders.gazetteer import gazetteer
from migkg.loaders.records import EntityRef, Span


def places_of_dates(text: str, zone: Span, dates: list[FoundDate]) -> list[EntityRef | None]:
    """Where each of one mention's dates happened: the places listed "respectively" in order, else
    the first place between the date before and this one ("to Rome in May and to Oslo in June")."""
    found = gazetteer().find_in(text, zone.start, zone.end, kinds={"place"})
    if len(found) == len(dates) and re.search(r"\brespectivement\b|\brespectively\b", text[zone.start : zone.end]):
        return list(found)
    places: list[EntityRef | None] = []
    since = zone.start
    for date in dates:
        known = next((p for p in found if since <= p.span.start < date.span.start), None)
        places.append(known or town_in(text, Span(since, date.span.start)))
        since = date.span.end
    return places


def place_in(text: str, zone: Span) -> EntityRef | None:
    """The first place the gazetteer knows in `zone`, or None."""
    for ref in gazetteer().find_in(text, zone.start, zone.end, kinds={"place"}):
        return ref
    return None


#: "held in Daloa", "a workshop in Ha Long", "à Kayes": a town the gazetteer does not know
_TOWN_AFTER = re.compile(
    r"\b(?:in|à)\s+(?P<name>(?:[A-Z][\w'’.-]+)(?:[ -](?:[A-Z][\w'’.-]+)){0,3})(?=\s*(?:[,.;:()]|\s(?:on|in|from|between|for|with|to|during|en|le|du|les|pour|avec|et|and)\b|$))"
)
#: capitalised words that start no place name
_NOT_A_TOWN = frozenset(
    "The A An This Member States State Government Parliament Ministry Office Phase Article English French Spanish "
    "Portuguese Arabic Russian Cooperation Partnership January February March April May June July August September "
    "October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Europe Africa Asia "
    "Le La Les Un Une Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre "
    "Annex Chapter Section Module Component Part Round Session Year Line Spring Summer Autumn Winter "
    "Swahili Kiswahili Amharic Tigrinya Dari Pashto Urdu Hindi Bengali Nepali Sinhala Tamil Tagalog Wolof Hausa "
    "Lingala Creole Mandarin Chinese Turkish Georgian Armenian Romanian Albanian Serbian Ukrainian Italian German Dutch".split()
)


def town_in(text: str, zone: Span) -> EntityRef | None:
    """The first town named by pattern ("in Daloa", "à Kayes") in `zone` that the gazetteer does not
    know as a country, organisation or region; None when there is none."""
    for match in _TOWN_AFTER.finditer(text, zone.start, zone.end):
        name = match.group("name").rstrip(".")
        first = name.split()[0].split("-")[0]
        if first in _NOT_A_TOWN or not any(ch.islower() for ch in first):
            continue  # not a word a town name starts with, or an acronym or code ("Q3", "HQ")
        if gazetteer().find(name):
            continue
        return EntityRef("place", name, name, Span(match.start("name"), match.start("name") + len(name)))
    return None
