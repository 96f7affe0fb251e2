"""Relative dates of a news item's text, resolved against its publication date (English and French).

"yesterday", "today", "this week", "last month", "on Monday", "last Tuesday", "hier", "aujourd'hui",
"ce mardi", "mardi dernier", and a day and month written without a year ("on 21 May",
"le 21 mai") are dates only once the publication date is known; without one they stay
unresolved. A weekday is the most recent such day on or before the publication date ("last
Tuesday", "mardi dernier": strictly before it; "next Monday", "lundi prochain": the first one
after it; "on Tuesday and Wednesday", "mardi et mercredi": the range ending on the most recent
second day). A day and month take the publication's
year, or the year before when that would put them more than `FUTURE_REACH_DAYS` after it.

The words are found by regular expressions and the arithmetic is the calendar's (dateparser
reads a weekday as the one before the publication day and does not read "ce mardi").

>>> [f.value.iso() for f in relative_dates("The ministers met yesterday in Rabat.", "2024-03-07")]
['2024-03-06']
>>> [f.value.iso() for f in relative_dates("signé ce lundi à Dakar", "2021-06-07")]
['2021-06-07']
>>> [f.value.iso() for f in relative_dates("on 20 December", "2024-01-15")]
['2023-12-20']
>>> relative_dates("The ministers met yesterday.", None)
[]
"""

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

import regex

from migkg.loaders import dates
from migkg.loaders.dates import FoundDate
from migkg.loaders.records import DateValue, Span
from migkg.loaders.text import has_digit

#: a day and month without a year up to this many days after the publication are in its year
FUTURE_REACH_DAYS = 183

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
#: relative words -> days from the publication date
DAY_OFFSETS = {
    "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0,
    "yesterday": -1, "the day before yesterday": -2, "tomorrow": 1,
    "aujourd'hui": 0, "aujourd’hui": 0, "ce jour": 0, "ce matin": 0, "cet après-midi": 0, "ce soir": 0,
    "hier": -1, "avant-hier": -2, "demain": 1,
}  # fmt: skip
#: relative words -> months from the publication's month
MONTH_OFFSETS = {
    "this month": 0, "last month": -1, "next month": 1,
    "ce mois-ci": 0, "le mois dernier": -1, "le mois passé": -1, "le mois prochain": 1,
}  # fmt: skip
#: relative words -> weeks from the publication's week (a Monday-to-Sunday range)
WEEK_OFFSETS = {
    "this week": 0, "last week": -1, "next week": 1,
    "cette semaine": 0, "la semaine dernière": -1, "la semaine passée": -1, "la semaine prochaine": 1,
}  # fmt: skip


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_WEEKDAY_RE = _alternatives(WEEKDAYS)
#: "on Tuesday and Wednesday": two weekdays of one language that follow each other are one range
MAX_DAYS_OF_A_WEEKDAY_PAIR = 1
_WEEKDAY_PAIRS_RE = "|".join(
    rf"{first}\s+(?:and|et)\s+{last}"
    for first, a in WEEKDAYS.items()
    for last, b in WEEKDAYS.items()
    if first.endswith("day") == last.endswith("day") and 1 <= (b - a) % 7 <= MAX_DAYS_OF_A_WEEKDAY_PAIR
)
_MONTH_RE = _alternatives(dates.MONTHS)
_RELATIVE = regex.compile(
    rf"""
    (?<![\p{{L}}\d'’-])
    (?:
      (?P<week>{_alternatives(WEEK_OFFSETS)})
    | (?P<month>{_alternatives(MONTH_OFFSETS)})
    | (?P<day>{_alternatives(DAY_OFFSETS)})(?![’']s)
    | (?:(?:this|on|ce|les?)\s+)?(?P<weekday_pair>{_WEEKDAY_PAIRS_RE})
      (?!\s*,?\s*(?:\d{{1,2}}(?:st|nd|rd|th|er)?(?:\s+of)?\s+(?:{_MONTH_RE})|\d{{1,2}}[./-]\d|the\s+\d|{_MONTH_RE}))
    | (?:(?P<before>last|this|next|ce|on|le)\s+)?(?P<weekday>{_WEEKDAY_RE})
      (?:\s+(?P<after>dernier|passé|prochain))?
      (?!\s*,?\s*(?:\d{{1,2}}(?:st|nd|rd|th|er)?(?:\s+of)?\s+(?:{_MONTH_RE})|\d{{1,2}}[./-]\d|the\s+\d|{_MONTH_RE}))  # a date follows
      (?!\s*(?:to|through|until|[-–—]|au|à)\s*(?:{_WEEKDAY_RE}))   # "Monday to Friday": no single day
    | (?P<daymonth>
        (?:(?:{_WEEKDAY_RE}),?\s+)?
        (?P<dm_day>\d{{1,2}})(?:st|nd|rd|th|er)?
        (?:\s*(?:[-–—]|to|au|and|et)\s*(?P<dm_day_end>\d{{1,2}})(?:st|nd|rd|th)?)?
        (?:\s+of)?\s+(?P<dm_month>{_MONTH_RE})\.?
      | (?P<md_month>{_MONTH_RE})\.?\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?
      )
      (?!\s*[-–—]?\s*\d)(?!\s*,?\s*\d{{4}})
    )
    (?![\p{{L}}\d])
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
#: words before a weekday or "today" that make it no single day ("every Monday", "until today", "from Monday")
_NOT_A_DAY = regex.compile(
    r"(?:from|du|every|each|chaque|tous\s+les|until|till|up\s+to|to|jusqu['’]\s*à|jusqu['’]|depuis|since)\s*$",
    regex.IGNORECASE,
)
#: words before "today" or "demain" that make it a time, not a day ("the world of today", "de demain", "à ce jour")
_OF_A_TIME = regex.compile(r"(?:(?<!\w)of|(?<!\w)de|d['’]|(?<!\w)à)\s*$", regex.IGNORECASE)
#: month abbreviations, months only when capitalised or followed by a full stop ("7 sept pays": seven)
_ABBREVIATIONS = frozenset(m for m in dates.MONTHS if len(m) <= 4 and m not in ("may", "mai", "june", "juin", "july", "mars", "août", "aout"))
#: a weekday, capitalised in English, is a day; the French names are also lower-case
_ENGLISH_WEEKDAYS = frozenset(w for w in WEEKDAYS if w.endswith("day"))


def relative_dates(text: str, publication: str | date | None, *, offset: int = 0) -> list[FoundDate]:
    """The relative dates of `text` resolved against `publication` (ISO date), spans shifted by `offset`.

    Returns nothing when `publication` is None or not a calendar day.
    """
    base = _day(publication)
    if base is None:
        return []
    return [FoundDate(value, Span(start + offset, end + offset)) for value, start, end in _resolved(text, base)]


def named_day(text: str, publication: str | date | None) -> DateValue | None:
    """The first day `text` names by a word ("today", "yesterday", "on Monday", "ce lundi", "mardi dernier")
    counted from `publication`, else None (also without a publication day)."""
    base = _day(publication)
    if base is None:
        return None
    for value, start, end in _resolved(text, base):
        words = text[start:end]
        if not has_digit(words) and value.end is None and len(value.start) == 10:
            return value
    return None


#: "the following day", "le lendemain": the day after the date the text gave last
_NEXT_DAY = regex.compile(
    r"\b(?:the\s+(?:following|next)\s+day|the\s+day\s+after(?!\s+(?:the|a|an|its|their)\b)|"
    r"le\s+lendemain(?!\s+(?:de|du|des|d['’]))|le\s+jour\s+suivant)\b",
    regex.IGNORECASE,
)
#: "the same day", "le même jour": the date the text gave last
_SAME_DAY = regex.compile(r"\b(?:(?:that|the)\s+same\s+day|(?:le|ce)\s+même\s+jour)\b", regex.IGNORECASE)
#: "on the margins of the meeting", "en marge de": within a gathering
ON_THE_MARGINS = r"(?:on|in)\s+the\s+(?:margins?|sidelines?)\s+of|en\s+marge\s+d"
#: "at the same meeting", "à cette occasion", "on the margins of": on the day of the gathering the text dated last
_SAME_OCCASION = regex.compile(
    r"\b(?:(?:at|during|on)\s+(?:the\s+same|that|this)\s+(?:meeting|occasion|ceremony|event|visit)"
    r"|(?:à|lors\s+de)\s+(?:cette|la\s+même)\s+(?:occasion|réunion|cérémonie|rencontre|visite))\b"
    rf"|\b(?:{ON_THE_MARGINS})",
    regex.IGNORECASE,
)


def day_after_last(text: str, last_day: date | None) -> DateValue | None:
    """The day "the following day" / "le lendemain" (`last_day` + 1) or "the same day" / "le même jour"
    (`last_day`) means, from the last day a text gave; None without such words or `last_day`."""
    if last_day is None:
        return None
    if _NEXT_DAY.search(text):
        return DateValue((last_day + timedelta(days=1)).isoformat())
    if _SAME_DAY.search(text):
        return DateValue(last_day.isoformat())
    return None


def same_occasion(text: str, single_day: date | None) -> DateValue | None:
    """The day "at the same meeting" / "à cette occasion" / "on the margins of" means: `single_day`, the last date the text gave
    when that date was one day (of a meeting over several days, the text does not say which); else None."""
    if single_day is None or not _SAME_OCCASION.search(text):
        return None
    return DateValue(single_day.isoformat())


def dates_with_relative(text: str, publication: str | date | None, *, offset: int = 0) -> list[FoundDate]:
    """Every date of `text`: those `dates.find_dates` reads and, where none of those stands, the relative ones."""
    found = dates.find_dates(text, offset=offset) if has_digit(text) else []
    for relative in relative_dates(text, publication, offset=offset):
        if not any(f.span.start < relative.span.end and relative.span.start < f.span.end for f in found):
            found.append(relative)
    return sorted(found, key=lambda f: f.span.start)


def yearless_date(day: int, month: int, publication: date) -> date | None:
    """A day and month in the publication's year, or the year before when that is too far after it."""
    for year in (publication.year, publication.year - 1):
        if day > calendar.monthrange(year, month)[1]:
            continue
        candidate = date(year, month, day)
        if (candidate - publication).days <= FUTURE_REACH_DAYS:
            return candidate
    return None


def is_calendar_day(iso: str | date | None) -> bool:
    """True for an ISO date (or date-time) that names a day, against which relative dates resolve."""
    return _day(iso) is not None


def _day(iso: str | date | None) -> date | None:
    """The calendar day of an ISO date or date-time string, or of a `date` / `datetime`, else None."""
    if isinstance(iso, date):
        return iso if type(iso) is date else iso.date()
    if not iso or not re.match(r"\d{4}-\d{2}-\d{2}", iso):
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _resolved(text: str, base: date) -> tuple[tuple[DateValue, int, int], ...]:
    found = []
    for match in _RELATIVE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if (not match.group("daymonth") and _NOT_A_DAY.search(before)) or (match.group("day") and _OF_A_TIME.search(before)):
            continue
        value = _value(match, base)
        if value is not None:
            found.append((value, match.start(), match.end()))
    return tuple(found)


def _value(match: regex.Match, base: date) -> DateValue | None:
    if match.group("week"):
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=WEEK_OFFSETS[_key(match.group("week"))])
        return DateValue(monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    if match.group("month"):
        index = base.year * 12 + base.month - 1 + MONTH_OFFSETS[_key(match.group("month"))]
        return DateValue(f"{index // 12:04d}-{index % 12 + 1:02d}")
    if match.group("day"):
        return DateValue((base + timedelta(days=DAY_OFFSETS[_key(match.group("day"))])).isoformat())
    if match.group("weekday_pair"):
        return _weekday_pair(match, base)
    if match.group("weekday"):
        return _weekday(match, base)
    if match.group("daymonth"):
        month = match.group("dm_month") or match.group("md_month")
        if match.group("md_month") and not month[:1].isupper():
            return None  # "may 21 ...": a verb, no month
        if month.lower() in _ABBREVIATIONS and not month[:1].isupper() and not match.group(0).endswith("."):
            return None
        number = dates.MONTHS[month.lower().rstrip(".")]
        first = int(match.group("dm_day") or match.group("md_day"))
        last = int(match.group("dm_day_end") or first)
        if not 1 <= first <= last <= 31:
            return None
        start = yearless_date(first, number, base)
        if start is None or last > calendar.monthrange(start.year, number)[1]:
            return None
        end = start.replace(day=last)
        return DateValue(start.isoformat(), end.isoformat() if end != start else None)
    return None


def _weekday(match: regex.Match, base: date) -> DateValue | None:
    name = match.group("weekday")
    if name.lower() in _ENGLISH_WEEKDAYS and not name[:1].isupper():
        return None
    target = WEEKDAYS[name.lower()]
    before = (match.group("before") or "").lower()
    after = (match.group("after") or "").lower()
    back = (base.weekday() - target) % 7
    if before == "next" or after == "prochain":
        return DateValue((base + timedelta(days=(target - base.weekday() - 1) % 7 + 1)).isoformat())
    if before == "last" or after in ("dernier", "passé"):
        back = back or 7  # "last Tuesday" written on a Tuesday: the week before
    return DateValue((base - timedelta(days=back)).isoformat())


def _weekday_pair(match: regex.Match, base: date) -> DateValue | None:
    """"on Tuesday and Wednesday", "mardi et mercredi": the range that ends on the most recent second day."""
    first, last = regex.split(r"\s+(?:and|et)\s+", match.group("weekday_pair"), flags=regex.IGNORECASE)
    if any(name.lower() in _ENGLISH_WEEKDAYS and not name[:1].isupper() for name in (first, last)):
        return None
    length = (WEEKDAYS[last.lower()] - WEEKDAYS[first.lower()]) % 7
    end = base - timedelta(days=(base.weekday() - WEEKDAYS[last.lower()]) % 7)
    return DateValue((end - timedelta(days=length)).isoformat(), end.isoformat())


def _key(words: str) -> str:
    return re.sub(r"\s+", " ", words.lower())
