"""Datelines of press releases and news articles, in English and French.

A dateline names where and when a release was issued, at the start of its text, before or
after a heading and after a "For immediate release" label:

    Vienna, 5 March 2024 – ...           DUBAI – 27 February 2025: ...
    Abuja, 15th July 2024                (alone on its line)
    PRESS RELEASE – Brussels, 3 May 2022
    COMMUNIQUÉ DE PRESSE – Dakar, le 17 juin 2022
    Geneva (ICMPD) – 4 April 2023 – ...  Libreville, le 1er févr. 2025 – ...
    Vienna/Brussels, 19.11.2020 – ...    (a numeric date is day first)
    Dakar, le 3 mai 2024 (communiqué) – ...

Its date is the publication date of the news item. `find_dateline(text, region)` looks for
one among the first lines of a region, `closing_dateline` one alone on a body's last line
("Niamey, le 2 mai 2021" signing off an article); `is_dateline_line` tells a dateline line from a
heading; `skip_release_labels` steps over label lines that precede a release's heading.

>>> find_dateline("Vienna, 5 March 2024 – Ministers met.").date
'2024-03-05'
>>> find_dateline("DUBAI – 27 Feb. 2025: Ministers met.").date
'2025-02-27'
>>> find_dateline("Libreville, le 1er juin 2021 – Les ministres.").date
'2021-06-01'
>>> find_dateline("Ministers met in Dakar, Senegal, on 24 October 2023 to agree.") is None
True
"""

import calendar
import re
from dataclasses import dataclass

import regex

from migkg.loaders.dates import MIN_YEAR, MAX_YEAR, MONTHS
from migkg.loaders.records import Span

#: how many lines at the start of a region may precede its dateline (labels, a heading, a subtitle)
MAX_LINES_BEFORE = 3
#: how many words each of those lines may have (a label, a heading or a subtitle, no paragraph)
MAX_WORDS_BEFORE = 30
#: how far into a region (in characters) a dateline may start
MAX_OFFSET = 600

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|ème|e)?"
_DATE = (
    rf"(?P<date>(?i:(?:le|the|on)\s+)?(?:{_WEEKDAY}\s+)?(?i:(?:le|the)\s+)?"
    rf"(?:{_DAY}(?:\s+of)?\s+(?P<month>(?i:{_MONTH}))\.?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<month2>(?i:{_MONTH}))\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<nday>\d{1,2})[./](?P<nmonth>\d{1,2})[./](?P<nyear>\d{4})))"
)
#: a sentence, not a dateline, when it opens with these and names no place
_DATED_SENTENCE = regex.compile(r"[ \t]*(?i:on|le|the|in|en)\s")
#: a word of a place name: capitalised (or in capitals), or a particle ("Dar es Salaam", "Saint-Louis du Sénégal")
_PLACE_WORD = r"(?:\p{Lu}[\p{L}.'’-]*|(?:de|du|des|la|le|es|el|al|of|sur|upon|am|an|d'|l')(?=\s))"
_PLACE = rf"{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,4}}"
#: what a newsroom writes before the place: "PRESS RELEASE –", "Communiqué de presse :"
_LABEL = (
    r"(?i:(?:joint\s+)?(?:press|news|media)\s+release|press\s+statement|news|"
    r"communiqu[ée](?:\s+(?:de\s+presse|conjoint))?|for\s+immediate\s+release|pour\s+(?:diffusion|publication)\s+imm[ée]diate)"
)
_DASH = r"[–—-]"
_DATELINE = regex.compile(
    rf"""
    [ \t]*
    (?:{_LABEL}[ \t]*(?:{_DASH}|:|\|)[ \t]*)?
    (?:
      (?P<place>{_PLACE}(?:[ \t]*[,/][ \t]*{_PLACE})?)  # "Geneva", "BRUSSELS, Belgium", "Vienna/Brussels"
      (?:[ \t]*\([^()\n]{{1,40}}\))?              # "(ICMPD)"
      [ \t]*(?:,|{_DASH}|:)[ \t]*
    )?
    {_DATE}
    (?:[ \t]*\([^()\n]{{1,40}}\))?                # "Libreville, le 27 février 2026 (communiqué de presse) –"
    [ \t]*(?P<close>{_DASH}|:|\|?[ \t]*\.?[ \t]*(?=\n|$))
    """,
    regex.VERBOSE | regex.V1,
)
#: a label line standing alone before a release's heading ("FOR IMMEDIATE RELEASE", "Communiqué de presse")
_LABEL_LINE = regex.compile(rf"[ \t]*{_LABEL}[ \t]*[:.]?[ \t]*(?=\n|$)")


@dataclass(frozen=True)
class Dateline:
    """A dateline: its ISO date, where it stands, and where the text after it starts."""

    date: str
    span: Span
    rest: int


def find_dateline(text: str, region: Span | None = None) -> Dateline | None:
    """The dateline among the first lines of `region` of `text` (all of it by default), or None.

    The dateline is looked for at the start of each of the region's first `MAX_LINES_BEFORE` + 1
    non-blank lines, within `MAX_OFFSET` characters, after lines of at most `MAX_WORDS_BEFORE`
    words (labels, headings); a date that is not a real calendar day is none.
    """
    region = region or Span(0, len(text))
    position = region.start
    limit = min(region.end, region.start + MAX_OFFSET)
    for _ in range(MAX_LINES_BEFORE + 1):
        while position < limit and text[position].isspace():
            position += 1
        if position >= limit:
            return None
        found = _dateline_at(text, position, region.end)
        if found is not None:
            return found
        line_end = text.find("\n", position, region.end)
        if line_end < 0 or _is_prose(text[position:line_end]):
            return None  # a paragraph of prose: the dateline, if any, stood before it
        position = line_end + 1
    return None


#: a line of more words than this that ends like a sentence is prose, no label or heading
MAX_WORDS_OF_A_CLOSED_LINE = 12


def _is_prose(line: str) -> bool:
    """A paragraph: too long for a heading, or a sentence closed by its full stop."""
    words = len(line.split())
    closed = re.search(r"[.!?][\"'”»]?\s*$", line) is not None
    return words > MAX_WORDS_BEFORE or (closed and words > MAX_WORDS_OF_A_CLOSED_LINE)


def reference_date(text: str, regions: list[Span], publication: str | None) -> str | None:
    """The date an item's text speaks from: the dateline its body opens with, else `publication`.

    A feed item's publication date can come days after the dateline of the release it carries.
    """
    body = regions[-1] if regions else None
    found = find_dateline(text, body) if body is not None else None
    return found.date if found else publication


def is_dateline_line(text: str, line: Span) -> bool:
    """True when the line is a dateline (and so no heading)."""
    return _dateline_at(text, line.start, line.end) is not None


def dateline_alone(text: str, line: Span) -> Dateline | None:
    """The dateline that fills the line by itself ("Abuja, 15th July 2024"), else None."""
    found = _dateline_at(text, line.start, line.end)
    return found if found is not None and not text[found.rest : line.end].strip() else None


#: how many lines of a body a lone "Place, date" line may stand after (a lede paragraph, a subtitle)
MAX_LINES_BEFORE_LONE = 6


def lone_dateline(text: str, body: Span) -> Dateline | None:
    """A dateline alone on its line among the first lines of `body` ("Almaty, 4 October 2022" after the lede
    paragraph), else None: the date the release was issued, though facts stand before it."""
    line = next_line(text, Span(body.start, body.start))
    for _ in range(MAX_LINES_BEFORE_LONE + 1):
        if line is None or line.start >= body.end:
            return None
        found = dateline_alone(text, line)
        if found is not None and regex.match(r"\p{Lu}", text[line.start : line.start + 1]) and "," in text[line.start : found.rest]:
            return found
        line = next_line(text, line)
    return None


def closing_dateline(text: str, body: Span) -> Dateline | None:
    """A "Place, date" line alone as the last non-blank line of `body` ("Lomé, le 3 mars 2022" signing
    off the article), else None: the date the item was issued. Its span is the whole line."""
    last = None
    line = next_line(text, Span(body.start, body.start))
    while line is not None and line.start < body.end:
        last = Span(line.start, min(line.end, body.end))
        line = next_line(text, line)
    if last is None or last.start == body.start:
        return None
    found = dateline_alone(text, last)
    if found is None or not regex.match(r"\p{Lu}", text[last.start : last.start + 1]) or "," not in text[last.start : found.rest]:
        return None
    return Dateline(found.date, last, last.end)


#: how many non-blank lines at each end of a body a publication line may stand among
MAX_LINES_FROM_END = 3
#: a publication line: "Published 29 September 2023", "Posted on ...", "Publié le 8 novembre 2022", "Issued on
#: 14 December 2023 by the Secretariat.", "Communiqué diffusé le 23 juin 2023.", "Date: 3 May 2024"
_PUBLICATION_LINE = regex.compile(
    rf"""
    [ \t]*
    (?:(?i:(?:this\s+)?(?:(?:joint\s+)?(?:press|news|media)\s+release|article|statement|communiqu[ée](?:\s+de\s+presse)?)\s+))?
    (?i:published|posted|issued|released|first\s+published|publi[ée]e?|diffus[ée]e?|mise?\s+en\s+ligne
        |date(?:\s+(?:of\s+publication|de\s+publication|de\s+diffusion))?|publication)
    [ \t]*:?[ \t]*
    {_DATE}
    (?:[ \t]*(?:,|(?i:by|par|in|à|at)\s|{_DASH})[^\n]{{1,120}}?)?
    [ \t]*\.?[ \t]*(?=\n|$)
    """,
    regex.VERBOSE | regex.V1,
)


def publication_line(text: str, body: Span) -> Dateline | None:
    """The publication line among the first, then the last, `MAX_LINES_FROM_END` non-blank lines of
    `body` ("Published 29 September 2023", "Communiqué diffusé le 23 juin 2023."), else None. Its date
    is the item's publication date; its span is the whole line."""
    lines: list[Span] = []
    line = next_line(text, Span(body.start, body.start))
    while line is not None and line.start < body.end:
        lines.append(Span(line.start, min(line.end, body.end)))
        line = next_line(text, line)
    count = min(MAX_LINES_FROM_END, len(lines))
    for candidate in lines[:count] + lines[len(lines) - count :][::-1]:
        found = _publication_at(text, candidate)
        if found is not None:
            return found
    return None


def _publication_at(text: str, line: Span) -> Dateline | None:
    match = _PUBLICATION_LINE.fullmatch(text, line.start, line.end)
    if match is None:
        return None
    iso = _match_date(match)
    return Dateline(iso, line, line.end) if iso else None


def next_line(text: str, line: Span) -> Span | None:
    """The next non-blank line after `line`, without its trailing blanks, or None."""
    match = re.compile(r"\S[^\n]*").search(text, line.end)
    if match is None:
        return None
    end = match.end()
    while end > match.start() and text[end - 1].isspace():
        end -= 1
    return Span(match.start(), end)


def skip_release_labels(text: str, line: Span) -> Span:
    """The first line, from `line` on, that is not a lone release label ("FOR IMMEDIATE RELEASE")."""
    while _LABEL_LINE.fullmatch(text, line.start, line.end):
        following = next_line(text, line)
        if following is None:
            return line
        line = following
    return line


def _dateline_at(text: str, start: int, end: int) -> Dateline | None:
    match = _DATELINE.match(text, start, end)
    if match is None:
        return None
    if match.group("place") is None and _DATED_SENTENCE.match(text, match.start(), match.end()):
        return None  # "On 4 April 2023 – ...": a sentence that opens with a date, no dateline
    iso = _match_date(match)
    if iso is None:
        return None
    opening = match.start("place") if match.group("place") is not None else match.start("date")
    return Dateline(iso, Span(opening, match.end()), match.end())


def _match_date(match) -> str | None:
    """The ISO day of a match of `_DATE`, or None when it is no calendar day."""
    if match.group("day"):
        day, month, year = match.group("day"), MONTHS[match.group("month").lower().rstrip(".")], match.group("year")
    elif match.group("day2"):
        day, month, year = match.group("day2"), MONTHS[match.group("month2").lower().rstrip(".")], match.group("year2")
    else:
        day, month, year = match.group("nday"), int(match.group("nmonth")), match.group("nyear")
    return _calendar_day(int(day), month, int(year)) if 1 <= month <= 12 else None


def _calendar_day(day: int, month: int, year: int) -> str | None:
    if not (MIN_YEAR <= year <= MAX_YEAR) or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
