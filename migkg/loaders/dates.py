"""Dates and date ranges in English and French text, at the precision the text gives.

Regular expressions do the work; dateparser is the fallback for whole expressions they do not
read (never for relative dates). Results are `DateValue`s of ISO 8601 strings.

>>> parse_date("March 2010")
DateValue(start='2010-03', end=None, ongoing=False)
>>> parse_date("13-17 March 2017").iso()
'2017-03-13/2017-03-17'
>>> parse_date("between 13- and 17 March 2017").iso()
'2017-03-13/2017-03-17'
>>> parse_date("13 to 17 March 2017").iso()
'2017-03-13/2017-03-17'
>>> parse_date("between July and September 2016").iso()
'2016-07/2016-09'
>>> parse_date("from November to January 2020").iso()
'2019-11/2020-01'
>>> parse_date("du 13 au 17 mars 2017").iso()
'2017-03-13/2017-03-17'
>>> parse_date("19 novembre 2020").iso()
'2020-11-19'
>>> parse_date("le 1er décembre 2019").iso()
'2019-12-01'
>>> parse_date("March 13, 2017").iso()
'2017-03-13'

Flattened dashes: a range whose dash was lost on the way.

>>> parse_date("September 2009July 2011").iso()
'2009-09/2011-07'
>>> parse_date("1112 March 2010").iso()
'2010-03-11/2010-03-12'
>>> parse_date("2426 April 2012").iso()
'2012-04-24/2012-04-26'
>>> parse_date("710 May 2012").iso()
'2012-05-07/2012-05-10'
>>> parse_date("0406 May 2012").iso()
'2012-05-04/2012-05-06'
>>> parse_date("31 May11 June 2010").iso()
'2010-05-31/2010-06-11'

A five-digit year with one extra digit: the leading four digits when they make a year that fits
the rest of the range, else another single-digit deletion that does.

>>> parse_date("September 20112–April 2013").iso()
'2011-09/2013-04'
>>> parse_date("March 20133-May 2014").iso()
'2013-03/2014-05'

Open ends.

>>> parse_date("January 2013present")
DateValue(start='2013-01', end=None, ongoing=True)
>>> parse_date("juin 2018 - à ce jour").iso()
'2018-06/..'

Machine dates.

>>> parse_date("Tue, 16 Jul 2019 15:32:30 +0200").iso()
'2019-07-16T15:32:30+02:00'
>>> parse_date("2017-03-13").iso()
'2017-03-13'
>>> parse_date("13/03/2017").iso()
'2017-03-13'
>>> parse_date("no date here") is None
True
"""

import email.utils
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from migkg.loaders.memo import per_document
from migkg.loaders.records import DateValue, Span

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2, "fév": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}  # fmt: skip

#: words that leave a range open at its end
OPEN_END = ("present", "ongoing", "today", "to date", "now", "à ce jour", "a ce jour", "en cours", "aujourd'hui")

#: plausible years of the documents the loaders read
MIN_YEAR, MAX_YEAR = 1945, 2099

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_OPEN_RE = "|".join(re.escape(word) for word in sorted(OPEN_END, key=len, reverse=True))

_TOKEN = re.compile(
    rf"""
    (?P<month>(?<![^\W\d_])(?:{_MONTH_RE})(?![^\W\d_])\.?)
  | (?P<open>(?<![^\W\d_])(?:{_OPEN_RE})(?![^\W\d_]))
  | (?P<num>\d+)(?:er|st|nd|rd|th)?
  | (?P<dash>[-–—]|(?<!\w)(?:to|until|till|through|au|à|jusqu'(?:au|à|en)|jusqu'à)(?!\w))
  | (?P<and>(?<!\w)(?:and|et)(?!\w))
  | (?P<between>(?<!\w)(?:between|entre)(?!\w))
  | (?P<of>(?<!\w)(?:of|de)(?!\w))
  | (?P<comma>,)
  | (?P<other>[^\W\d_]+|\S)
    """,
    re.IGNORECASE | re.VERBOSE,
)


class _Token(NamedTuple):
    """One token: a month name, an open-end word, a number, a joiner, or a run of anything else.

    A run of letters that starts no other token is one `other` token: no token can begin
    inside it, since every word token needs a non-letter before it.
    """

    kind: str
    text: str
    start: int
    end: int


_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_WORD = re.compile(rf"(?<![^\W\d_])(?:{_MONTH_RE})(?![^\W\d_])", re.IGNORECASE)


@dataclass
class _Date:
    """A date as read: its fields, and where it sits in the text."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    day_end: int | None = None  # a day range inside one month ("13-17 March")
    year_candidates: tuple[int, ...] = ()  # readings of a mistyped year, best first

    def iso(self, day: int | None = None) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{day:02d}"

    def value(self) -> DateValue:
        if self.day is None:
            return DateValue(self.iso())
        if self.day_end is not None:
            return DateValue(self.iso(self.day), self.iso(self.day_end))
        return DateValue(self.iso(self.day))

    def first(self) -> str:
        return self.iso(self.day)

    def last(self) -> str:
        return self.iso(self.day_end if self.day_end is not None else self.day)


@per_document
def _tokens(text: str) -> tuple[_Token, ...]:
    tokens = []
    append = tokens.append
    for match in _TOKEN.finditer(text):  # spaces match nothing: the search steps over them
        kind = match.lastgroup
        start, end = match.span()
        append(_Token(kind, match.group(kind) if kind == "num" else match.group(0), start, end))
    return tuple(tokens)


@lru_cache(maxsize=4096)
def _year_readings(digits: str) -> tuple[int, ...]:
    """Years a number can be: itself if 4 digits; for 5 digits each single-digit deletion, leading four first."""
    if len(digits) == 4:
        year = int(digits)
        return (year,) if MIN_YEAR <= year <= MAX_YEAR else ()
    if len(digits) == 5:
        readings = []
        for drop in (4, 3, 2, 1, 0):
            year = int(digits[:drop] + digits[drop + 1 :])
            if MIN_YEAR <= year <= MAX_YEAR and year not in readings and digits[:drop][:1] != "0":
                readings.append(year)
        return tuple(readings)
    return ()


@lru_cache(maxsize=4096)
def _day_readings(digits: str) -> tuple[tuple[int, int | None], ...]:
    """(first day, last day or None) a number before a month can be, e.g. '1112' -> (11, 12)."""
    if len(digits) <= 2 and 1 <= int(digits) <= 31:
        return ((int(digits), None),)
    pairs = []
    for cut in range(1, len(digits)):
        left, right = digits[:cut], digits[cut:]
        if len(left) > 2 or len(right) > 2:
            continue
        if (left.startswith("0") or right.startswith("0")) and not len(left) == len(right) == 2:
            continue  # a zero-padded day only in two zero-padded halves: "0709" is 07-09
        first, last = int(left), int(right)
        if 1 <= first < last <= 31:
            pairs.append((first, last))
    pairs.sort(key=lambda pair: pair[1] - pair[0])
    return tuple(pairs)


def _is_day(token: _Token) -> bool:
    return token.kind == "num" and bool(_day_readings(token.text))


def _read_dates(tokens: tuple[_Token, ...]) -> list[tuple[int, _Date | str]]:
    """Walk the tokens; returns (token index, date or 'open'/'dash'/'and') items in order."""
    items: list[tuple[int, _Date | str]] = []
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i]
        if token.kind == "open":
            items.append((i, "open"))
            i += 1
            continue
        if token.kind in ("dash", "and", "between"):
            items.append((i, token.kind))
            i += 1
            continue
        # day [dash|and day] month [year]
        if token.kind == "num" and _is_day(token):
            j = i + 1
            day_end = None
            days = _day_readings(token.text)
            day, day_end = days[0]
            joiners = 0
            while j + joiners < n and joiners < 2 and tokens[j + joiners].kind in ("dash", "and"):
                joiners += 1
            if (
                day_end is None
                and joiners
                and j + joiners + 1 < n
                and tokens[j + joiners].kind == "num"
                and len(tokens[j + joiners].text) <= 2
                and tokens[j + joiners + 1].kind == "month"
            ):
                second = int(tokens[j + joiners].text)
                if day < second <= 31:
                    day_end = second
                    j += joiners + 1
            if j + 1 < n and tokens[j].kind in ("of", "dash") and tokens[j + 1].kind == "month":
                j += 1  # "the 5th of March", "05-Mar-2019"
            if j < n and tokens[j].kind == "month":
                month = MONTHS[tokens[j].text.lower().rstrip(".")]
                date = _Date(token.start, tokens[j].end, None, month, day, day_end)
                j += 1
                if j < n and tokens[j].kind == "comma":
                    j += 1 if j + 1 < n and tokens[j + 1].kind == "num" and _year_readings(tokens[j + 1].text) else 0
                if j < n and tokens[j].kind == "num" and _year_readings(tokens[j].text):
                    date.year_candidates = _year_readings(tokens[j].text)
                    date.year = date.year_candidates[0]
                    date.end = tokens[j].end
                    j += 1
                items.append((i, date))
                i = j
                continue
        if token.kind == "month":
            month = MONTHS[token.text.lower().rstrip(".")]
            j = i + 1
            date = _Date(token.start, token.end, None, month)
            # US style: March 13, 2017
            if (
                j + 2 < n
                and tokens[j].kind == "num"
                and len(tokens[j].text) <= 2
                and tokens[j + 1].kind == "comma"
                and tokens[j + 2].kind == "num"
                and _year_readings(tokens[j + 2].text)
            ):
                date.day = int(tokens[j].text)
                date.year_candidates = _year_readings(tokens[j + 2].text)
                date.year = date.year_candidates[0]
                date.end = tokens[j + 2].end
                items.append((i, date))
                i = j + 3
                continue
            if j + 1 < n and tokens[j].kind in ("comma", "dash") and tokens[j + 1].kind == "num" and len(tokens[j + 1].text) == 4:
                j += 1  # "March, 2019", "Mar-2019"
            if j < n and tokens[j].kind == "num" and _year_readings(tokens[j].text):
                date.year_candidates = _year_readings(tokens[j].text)
                date.year = date.year_candidates[0]
                date.end = tokens[j].end
                j += 1
            items.append((i, date))
            i = j
            continue
        if token.kind == "num" and _year_readings(token.text) and len(token.text) == 4:
            year = int(token.text)
            items.append((i, _Date(token.start, token.end, year)))
            i += 1
            continue
        items.append((i, "other"))
        i += 1
    return items


@dataclass(frozen=True)
class FoundDate:
    """A date or range found in a text, and the span of its words."""

    value: DateValue
    span: Span


def _fix_typo_years(start: _Date, end: _Date | None) -> None:
    """Choose, for a mistyped five-digit year, the reading that keeps the range in order."""
    for date, other, must_precede in ((start, end, True), (end, start, False)):
        if date is None or len(date.year_candidates) < 2 or other is None or other.year is None:
            continue
        for year in date.year_candidates:
            if (year <= other.year) if must_precede else (year >= other.year):
                date.year = year
                break


def _combine(
    items: list[tuple[int, _Date | str]], tokens: tuple[_Token, ...], default_year: int | None = None
) -> list[tuple[DateValue, int, int]]:
    """Pair dates into ranges, give yearless dates the year that follows, drop what is not a date."""
    results: list[tuple[DateValue, int, int]] = []
    k = 0
    while k < len(items):
        index, item = items[k]
        if not isinstance(item, _Date):
            k += 1
            continue
        year = default_year
        if results and item.start - results[-1][2] <= _NEAR_PREVIOUS:
            # "in April 2024 (11-15 April)": a yearless date right after a dated one takes its (last) year
            previous = results[-1][0]
            year = int((previous.end or previous.start)[:4])
        start = item
        nxt = items[k + 1][1] if k + 1 < len(items) else None
        after = items[k + 2][1] if k + 2 < len(items) else None
        adjacent = k + 1 < len(items) and items[k + 1][0] == index + _token_len(start, tokens, index)
        between = k > 0 and items[k - 1][1] == "between"
        # range: date (dash)? date|open  -- a missing dash only between a year-bearing date and a month;
        # "between July and September 2016": "and" after "between" joins a range too
        if (nxt == "dash" or (nxt == "and" and between)) and (isinstance(after, _Date) or after == "open"):
            end = after
            k_next = k + 3
        elif isinstance(nxt, _Date) and adjacent and _glued(start, nxt, tokens):
            end = nxt
            k_next = k + 2
        elif nxt == "open" and adjacent:
            end = "open"
            k_next = k + 2
        elif nxt == "and" and start.year is None and (partner := _and_partner(items, tokens, k)) is not None:
            # "September and November 2011", "in May and in October 2019": two dates sharing a year
            start.year = partner.year
            if start.month is not None:
                results.append((start.value(), start.start, start.end))
            k += 2
            continue
        elif start.year is None and start.month is not None and (partner := _listed_partner(items, tokens, k)) is not None:
            # "February, April and June 2017": months listed before the year they share
            start.year = partner.year
            results.append((start.value(), start.start, start.end))
            k += 1
            continue
        else:
            end = None
            k_next = k + 1
        if end == "open":
            if start.year is not None:
                results.append((DateValue(start.first(), None, True), start.start, _end_offset(items, k_next - 1, tokens)))
            k = k_next
            continue
        if isinstance(end, _Date):
            if start.year is None and end.year is None and year is not None and end.month is not None:
                end.year = year  # "(11-15 April)" after a date that gives the year
            if start.year is None and end.year is not None:
                # "from December to February 2017" runs from the December before
                turns = start.month is not None and end.month is not None and start.month > end.month
                start.year = end.year - 1 if turns else end.year
            if end.year is None:
                end.year = start.year if start.month is None or end.month is None or end.month >= start.month else None
            _fix_typo_years(start, end)
            if start.year is not None and end.year is not None and start.first() <= end.last():
                results.append((DateValue(start.first(), end.last()), start.start, end.end))
                k = k_next
                continue
        if start.year is None and year is not None and start.month is not None and _plainly_month(tokens, index):
            start.year = year
        if start.year is not None:
            results.append((start.value(), start.start, start.end))
        k += 1
    return results


#: how close (in characters) a yearless date must follow a dated one to take its year
_NEAR_PREVIOUS = 12
#: words that may stand between "and" and the date sharing a year with the one before it
_AND_PREPOSITIONS = frozenset({"in", "on", "en", "le"})


def _and_partner(items: list[tuple[int, "_Date | str"]], tokens: tuple[_Token, ...], k: int) -> "_Date | None":
    """The dated item after the "and" at k + 1, alone or after one preposition, when it has a year."""
    after = items[k + 2][1] if k + 2 < len(items) else None
    if isinstance(after, _Date):
        return after if after.year is not None else None
    if after == "other" and k + 3 < len(items) and tokens[items[k + 2][0]].text.lower() in _AND_PREPOSITIONS:
        partner = items[k + 3][1]
        if isinstance(partner, _Date) and partner.year is not None and partner.month is not None:
            return partner
    return None


def _listed_partner(items: list[tuple[int, "_Date | str"]], tokens: tuple[_Token, ...], k: int) -> "_Date | None":
    """The dated month ending a list of months separated by commas ("February, April and June 2017")."""
    j = k + 1
    while j < len(items):
        joiners = []
        while j < len(items) and (items[j][1] == "and" or (items[j][1] == "other" and tokens[items[j][0]].kind == "comma")):
            joiners.append(items[j][1])
            j += 1
        date = items[j][1] if j < len(items) else None
        if not joiners or not isinstance(date, _Date) or date.month is None:
            return None
        if date.year is not None:
            return date if "and" in joiners else None
        j += 1
    return None


#: full month names that are also common words, accepted alone only when capitalised
_AMBIGUOUS_MONTHS = frozenset({"may", "mars", "march"})


def _plainly_month(tokens: tuple[_Token, ...], index: int) -> bool:
    """True when a lone month token is surely a month: a full name, capitalised if it could be a word."""
    word = next((t.text for t in tokens[index : index + 2] if t.kind == "month"), "")
    name = word.rstrip(".").lower()
    if len(name) < 4 and name != "mai":
        return False
    return word[:1].isupper() or (name not in _AMBIGUOUS_MONTHS and not name.isascii()) or name in ("mai", "juin", "juillet", "janvier", "avril", "octobre", "novembre", "septembre")


def _token_len(date: _Date, tokens: tuple[_Token, ...], index: int) -> int:
    """How many tokens a date read from `index` covers."""
    count = 0
    while index + count < len(tokens) and tokens[index + count].end <= date.end:
        count += 1
    return count


def _end_offset(items, k: int, tokens: tuple[_Token, ...]) -> int:
    return tokens[items[k][0]].end


def _glued(start: _Date, end: _Date, tokens: tuple[_Token, ...]) -> bool:
    """True for a range whose dash was lost: the first date ends where the second begins."""
    if start.end != end.start:
        return False
    # "September 2009July 2011", "31 May11 June 2010"
    return end.month is not None and (start.year is not None or start.day is not None)


_PART_OF_YEAR = re.compile(
    r"\b(?:(?:in|during)\s+)?(?:the\s+|le\s+|au\s+|du\s+)?(?P<ord>first|second|third|fourth|last|1st|2nd|3rd|4th|"
    r"premier|première|deuxième|second|seconde|troisième|quatrième|dernier)\s+"
    r"(?P<unit>quarter|half|trimestre|semestre)\s+(?:of\s+|de\s+|d'\s*)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 1, "1st": 1, "premier": 1, "première": 1,
    "second": 2, "2nd": 2, "deuxième": 2, "seconde": 2,
    "third": 3, "3rd": 3, "troisième": 3,
    "fourth": 4, "4th": 4, "quatrième": 4,
}  # fmt: skip


def _part_of_year(match: re.Match) -> DateValue:
    """'second quarter of 2016' -> 2016-04/2016-06; 'first half of 2014' -> 2014-01/2014-06."""
    year = int(match.group("year"))
    unit = match.group("unit").lower()
    months = 6 if unit in ("half", "semestre") else 3
    ordinal = match.group("ord").lower()
    index = (12 // months) if ordinal in ("last", "dernier") else _ORDINALS[ordinal]
    first = (index - 1) * months + 1
    return DateValue(f"{year:04d}-{first:02d}", f"{year:04d}-{first + months - 1:02d}")


@per_document
def find_dates(text: str, *, offset: int = 0, default_year: int | None = None) -> list[FoundDate]:
    """Every date or range in `text`, in order, with spans (shifted by `offset`).

    A date needs a year, directly, from the date it is paired with, or `default_year` (the
    year the surrounding text is about); a bare month without any is not returned. Quarters
    and halves of a year are ranges of months.

    >>> [f.value.iso() for f in find_dates("in September and November 2011, then 18-20 January 2012")]
    ['2011-09', '2011-11', '2012-01-18/2012-01-20']
    >>> [f.value.iso() for f in find_dates("from 2427 April 2012 and in Belgium from 710 May 2012")]
    ['2012-04-24/2012-04-27', '2012-05-07/2012-05-10']
    >>> [(f.value.iso(), f.span) for f in find_dates("Held in May 2013.", offset=100)]
    [('2013-05', Span(start=108, end=116))]
    >>> [f.value.iso() for f in find_dates("foreseen for the second quarter of 2016; in the first half of 2014")]
    ['2016-04/2016-06', '2014-01/2014-06']
    >>> [f.value.iso() for f in find_dates("took place in December", default_year=2010)]
    ['2010-12']
    """
    if not _FOUR_DIGITS.search(text) and (default_year is None or not _MONTH_WORD.search(text)):
        return []  # a date needs a year: a four-digit number, or the default year and a month
    parts = [(m.start(), m.end(), _part_of_year(m)) for m in _PART_OF_YEAR.finditer(text)]
    tokens = _tokens(text)
    items = _read_dates(tokens)
    found = [FoundDate(value, Span(start + offset, end + offset)) for start, end, value in parts]
    for value, start, end in _combine(items, tokens, default_year):
        if any(a < end and start < b for a, b, _ in parts):
            continue
        found.append(FoundDate(value, Span(start + offset, end + offset)))
    return sorted(found, key=lambda f: f.span.start)


_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?\s*$")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
_RFC822 = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def parse_rfc822(text: str) -> str | None:
    """An RFC 822 date ('Tue, 16 Jul 2019 15:32:30 +0200') as an ISO 8601 date-time, else None."""
    if not _RFC822.match(text):
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError):
        return None
    return moment.isoformat()


def parse_date(text: str) -> DateValue | None:
    """The date or range one expression states (e.g. a Duration value), or None.

    Tries RFC 822 and ISO forms, then the text patterns of `find_dates` (the first date found
    wins), then dateparser on the whole expression.
    """
    if not text or not text.strip():
        return None
    moment = parse_rfc822(text)
    if moment:
        return DateValue(moment)
    iso = _ISO.match(text)
    if iso:
        year, month, day, time = iso.groups()
        if time:
            return DateValue(f"{year}-{month}-{day}{time}")
        return DateValue("-".join(part for part in (year, month, day) if part))
    numeric = _NUMERIC.match(text)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return DateValue(f"{year:04d}-{month:02d}-{day:02d}")
    found = find_dates(text)
    expression = text.strip()
    if found:
        covered = found[0].span.end - found[0].span.start
        if covered >= 0.6 * len(expression) or found[0].value.end or found[0].value.ongoing:
            return found[0].value
        # the patterns read only part of it ("2019" of "2019.03.05"): let dateparser try the whole
        return _dateparser_fallback(expression) or found[0].value
    return _dateparser_fallback(expression)


@lru_cache(maxsize=4096)
def _dateparser_fallback(text: str) -> DateValue | None:
    """dateparser on a whole expression, absolute dates only, English and French."""
    if not re.search(r"\d{4}", text):
        return None
    import dateparser  # slow to import: only when the patterns fail

    settings = {
        "PARSERS": ["custom-formats", "absolute-time"],
        "RETURN_TIME_AS_PERIOD": False,
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": ["year"],
        "PREFER_DAY_OF_MONTH": "first",
    }
    moment = dateparser.parse(text, languages=["en", "fr"], settings=settings)
    if moment is None:
        return None
    has_day = bool(re.search(r"(?<!\d)\d{1,2}(?!\d)", text))
    has_month = has_day or any(re.search(rf"(?<![^\W\d_]){re.escape(m)}(?![^\W\d_])", text, re.I) for m in MONTHS)
    if has_day:
        return DateValue(moment.strftime("%Y-%m-%d"))
    if has_month:
        return DateValue(moment.strftime("%Y-%m"))
    return DateValue(moment.strftime("%Y"))


def years_in(text: str) -> list[int]:
    """The four-digit years a text mentions, in order."""
    return [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)]
