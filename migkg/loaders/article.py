"""A single news article or press release, in English or French.

The title is the first line when that line is a heading (short, no closing full stop). A press
release that opens straight with its text has no heading: its item's title is then empty (no
sentence is promoted to a title; tests/data/expected/README.md scores such an item as `""`),
its span is the first line, and the document gets no `dcterms:title`. A title's prefix before a
colon is its category ("Communiqué de presse : ..."). The publication date is read from a
dateline ("Vienna, 19 November 2020 – ...", see `migkg.loaders.dateline`) when the text has
one among its first lines, and facts are read after it; otherwise the item has no date (the
dates in the text belong to the events and signatures it reports). A publication line among the
first or last lines ("Published 29 September 2023", "Publié le 8 novembre 2022", "Issued on 14
December 2023 by ...", "Communiqué diffusé le 23 juin 2023.") dates the item when no dateline does;
when it opens the body it stands for a dateline. A dateline alone on the first line is no heading:
the line after it may be.
"""

import re

from migkg.loaders import dateline as datelines
from migkg.loaders import news
from migkg.loaders.base import Loader
from migkg.loaders.feed import category_of, is_catalogue, is_flattened_feed
from migkg.loaders.records import Document, Extracted, NewsItemRecord, Span

#: a heading: at most this many words
MAX_HEADING_WORDS = 30
#: an article has at least this many words of prose
MIN_PROSE_WORDS = 25

_PROSE_LINE = re.compile(r"[^\n]*\w[^\n]*[.!?\"'»”][ \t]*$", re.MULTILINE)


class ArticleLoader(Loader):
    """Reads one news article or press release (English or French)."""

    name = "article"
    description = "A single news article or press release in English or French (title line optional)"
    kinds = ("news article", "press release")
    version = "1"

    def sniff(self, text: str, source_name: str) -> bool:
        """Accept running prose; reject XML, feeds (RFC 822 date lines) and action catalogues."""
        head = text.lstrip("\ufeff \t\r\n")[:200]
        if head.startswith("<"):
            return False
        if is_catalogue(text):
            return False
        if is_flattened_feed(text):
            return False
        prose_lines = [m.group(0) for m in _PROSE_LINE.finditer(text) if len(m.group(0).split()) >= 12]
        return bool(prose_lines) and len(text.split()) >= MIN_PROSE_WORDS

    def parse(self, document: Document) -> Extracted:
        """The article as one `NewsItemRecord`, with the facts its text states."""
        text = document.text
        first = _first_line(text)
        if first is None:
            return Extracted()
        # datelines (migkg.loaders.dateline): release labels and a dateline line are no heading; the line
        # after a dateline standing alone on the first line may be
        first = datelines.skip_release_labels(text, first)
        leading = datelines.dateline_alone(text, first)
        candidate = datelines.next_line(text, first) if leading else first
        heading = candidate if candidate and _is_heading(text[candidate.start : candidate.end]) else None
        if heading is not None and datelines.is_dateline_line(text, heading):
            heading = None
        body_start = heading.end if heading else first.start
        body = _trimmed(text, body_start, len(text))
        language = news.detect_language(text, default=document.language)
        title_span = heading or first
        title = re.sub(r"\s+", " ", text[heading.start : heading.end]).strip() if heading else ""
        dateline = (leading.date, body.start if body else leading.rest) if leading and heading else None
        dateline = dateline or (_dateline(text, body) if body else None)
        # "Almaty, 4 October 2022" alone on a line after the lede: the item's date, facts stand on both sides
        lone = datelines.lone_dateline(text, body) if body and not dateline else None
        # "Published 29 September 2023" after the heading, "Issued on 14 December 2023 by ..." at the end
        published = datelines.publication_line(text, body) if body and not dateline and not lone else None
        # "Lomé, le 3 mars 2022" alone on the last line: the item's date, no fact of its own
        closing = datelines.closing_dateline(text, body) if body and not (dateline or lone or published) else None
        facts_end = closing.span.start if closing else (body.end if body else 0)
        if published is not None and published.span.start == body.start:
            dateline = (published.date, published.span.end)  # opens the body like a dateline
        elif published is not None and published.span.end == body.end:
            facts_end = published.span.start  # closes the body: no fact of its own
        issued = lone or published or closing
        record = NewsItemRecord(
            title=title,
            span=title_span,
            date=dateline[0] if dateline else (issued.date if issued else None),
            category=category_of(title) if title else None,
            body=text[body.start : body.end] if body else None,
            language=language,
        )
        # the dateline gives the item's date, not an event's: facts are read after it
        facts_body = _trimmed(text, dateline[1] if dateline else body.start, facts_end) if body else None
        regions = ([heading] if heading else []) + ([facts_body] if facts_body else [])
        news.extract(text, regions, reference_date=record.date, dateline=dateline is not None).fill(record)
        return Extracted(news_items=[record], title=title or None)


def _first_line(text: str) -> Span | None:
    match = re.search(r"[^\s][^\n]*", text)
    if not match:
        return None
    end = match.end()
    while end > match.start() and text[end - 1].isspace():
        end -= 1
    return Span(match.start(), end)


def _is_heading(line: str) -> bool:
    """Short, and not closed like a sentence."""
    stripped = line.strip()
    return (
        0 < len(stripped.split()) <= MAX_HEADING_WORDS
        and len(stripped) <= 250
        and not re.search(r"[.;,:]$", stripped)
        or bool(re.search(r"\.\.\.$|…$", stripped) and len(stripped.split()) <= MAX_HEADING_WORDS)
    )


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _dateline(text: str, body: Span) -> tuple[str, int] | None:
    """The date of a dateline opening the body ('Vienna, 19 November 2020 – ...') as ISO 8601, and where
    the text after the dateline starts."""
    found = datelines.find_dateline(text, body)
    return (found.date, found.rest) if found else None
