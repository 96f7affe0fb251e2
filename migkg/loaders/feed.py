"""News feeds: RSS 2.0 / Atom XML, and the flattened text form a feed takes when its tags are stripped.

The flattened form is a channel header line (site, link, title, language, generator, docs URL,
lastBuildDate), then items: a line with the title, the link and the teaser (the title runs
until the URL starts), the body paragraphs, and a line holding the RFC 822 date that closes
the item. The header line may run straight into the first item's title line.

Spans index into `Document.text`. For XML, the title and each fact's sentence are located in
the raw XML text of their item where they appear verbatim (or XML-escaped); otherwise the fact
is anchored to the whole element (`<title>`, `<description>`, `<content:encoded>`) it came from.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import escape
from html.parser import HTMLParser

import feedparser

from migkg.errors import LoaderError
from migkg.loaders import news
from migkg.loaders.base import Loader
from migkg.loaders.records import Document, EntityRef, Extracted, LoaderWarning, NewsItemRecord, Span
from migkg.loaders.text import fold

_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
#: an RFC 822 date-time as RSS 2.0 writes it (pubDate, lastBuildDate)
RFC822 = re.compile(
    rf"(?:{_DAY},\s*)?\d{{1,2}}\s+{_MONTH}\s+\d{{2,4}}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    r"\s+(?:[+-]\d{4}|GMT|UTC?|[ECMP][SD]T|Z)"
)
_DATE_LINE = re.compile(rf"^[ \t\u00a0]*({RFC822.pattern})[ \t\u00a0]*$", re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>\"]+")
_XML_START = re.compile(r"\A(?:\ufeff)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
#: the catalogue form: 'Country N: Theme' headings with Objective/Summary/Duration fields
_CATALOGUE_FIELD = re.compile(r"^\s*(Objective|Summary|Duration)\s*:", re.MULTILINE)
_LANGUAGE_TOKEN = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2})?$")
#: the category is a short prefix before the title's first colon ('Project News: ...')
_CATEGORY = re.compile(r"^\s*([^:\n]{2,60}?)\s*:\s*\S")


def rfc822_to_iso(value: str) -> str | None:
    """'Tue, 16 Jul 2019 15:32:30 +0200' -> '2019-07-16T15:32:30+02:00'; None when it does not parse."""
    try:
        return parsedate_to_datetime(value.strip()).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def category_of(title: str) -> str | None:
    """The prefix before the first colon of a title ('Project News'), when it is short and has no URL."""
    match = _CATEGORY.match(title)
    if not match or "//" in title[: match.end() + 2] or len(match.group(1).split()) > 6:
        return None
    prefix = match.group(1).strip()
    words = fold(prefix).split()
    if not (_RUBRIC.fullmatch(words[0]) or _RUBRIC.fullmatch(words[-1])):
        # "Rabat Process: ...", "MIEUX en Guinée : ...", "Emploi : ...": the title's subject or topic;
        # a rubric is named by its first or last word ("Project News", "Actualités des projets")
        return None
    return prefix


#: words of a newsroom's rubrics ("Project News", "Expert voice", "Communiqué de presse", "Around the Globe")
_RUBRIC = re.compile(
    r"news|actualites?|communiques?|press|releases?|events?|evenements?|publications?|voices?|globe|updates?|"
    r"stor(?:y|ies)|features?|interviews?|opinions?|statements?|trainings?|formations?|projets?|projects?|"
    r"agenda|focus|spotlight|blogs?|announcements?|annonces?|dialogues|"  # "Migration Dialogues", not "X Dialogue"
    r"highlights?|newsletters?|breves?|infos?|reportages?|temoignages?|tribunes?|editorials?|analys[ie]s|insights?|"
    r"commentary|podcasts?|videos?|photos?|galler(?:y|ies)|calls?|appels?|vacanc(?:y|ies)|research|recherches?",
    re.IGNORECASE,
)


def _category_length(title: str) -> int:
    """How many characters of a title its category prefix takes ('Event News: '), 0 without one."""
    if category_of(title) is None:
        return 0
    colon = title.index(":")
    return colon + 1 + len(title[colon + 1 :]) - len(title[colon + 1 :].lstrip())


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _TextExtractor(HTMLParser):
    """HTML to plain text: block elements become paragraph breaks, line breaks in text spaces, scripts and
    styles are dropped."""

    BLOCKS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip:
            # a single line break inside text is a space; a blank line still parts paragraphs (plain-text bodies)
            self.parts.append(re.sub(r"(?<!\n)\n(?!\n)", " ", data))


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, one blank line between blocks."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\r", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def is_catalogue(text: str) -> bool:
    """True for the action-catalogue form: entries with at least two of Objective/Summary/Duration fields."""
    return len({match.group(1) for match in _CATALOGUE_FIELD.finditer(text)}) >= 2


def is_flattened_feed(text: str) -> bool:
    """True when the text has item-closing RFC 822 date lines, each item opening with a title and a URL."""
    date_lines = _DATE_LINE.findall(text)
    if not date_lines or is_catalogue(text):
        return False
    first_lines = [m.group(0) for m in re.finditer(r"^.*$", text, re.MULTILINE) if m.group(0).strip()][:3]
    return any(_URL.search(line) for line in first_lines)


class FeedLoader(Loader):
    """Reads news feeds: RSS 2.0 and Atom XML, and their flattened text form."""

    name = "feed"
    description = "News feeds: RSS 2.0 or Atom XML, or a feed flattened to text (items closed by RFC 822 dates)"
    kinds = ("rss", "atom", "flattened feed")
    version = "1"

    def sniff(self, text: str, source_name: str) -> bool:
        """Accept XML whose root is rss/feed/rdf:RDF, or the flattened form; reject the catalogue form."""
        head = text[:4096]
        if _XML_START.match(head):
            return True
        return is_flattened_feed(text)

    def parse(self, document: Document) -> Extracted:
        """Every item of the feed as a `NewsItemRecord` with the facts its title and body state."""
        if _XML_START.match(document.text[:4096]):
            return _XmlFeed(document).parse()
        return _FlatFeed(document).parse()


# ---------------------------------------------------------------- flattened text


@dataclass
class _FlatItem:
    title_start: int
    title_end: int
    link: str | None
    body_start: int
    body_end: int
    date_span: Span | None
    date: str | None


class _FlatFeed:
    """The flattened text form: header line, then items each closed by a date line."""

    def __init__(self, document: Document):
        self.document = document
        self.text = document.text
        self.warnings: list[LoaderWarning] = []
        #: acronyms the feed's items have defined so far, for later items that use them bare
        self.acronyms: dict[str, EntityRef] = {}

    def parse(self) -> Extracted:
        header_end, channel_title, channel_language = self._header()
        language = channel_language or self.document.language
        extracted = Extracted(title=channel_title)
        for item in self._items(header_end):
            extracted.news_items.append(self._record(item, language))
        extracted.warnings.extend(self.warnings)
        return extracted

    def _header(self) -> tuple[int, str | None, str | None]:
        """Where the items start, plus the channel's title and language when the header gives them."""
        text = self.text
        first = re.search(r"\S", text)
        if not first:
            return len(text), None, None
        line_end = text.find("\n", first.start())
        line_end = len(text) if line_end < 0 else line_end
        line = text[first.start() : line_end]
        date = RFC822.search(line)
        if date and line[date.end() :].strip():
            header, start = line[: date.start()], first.start() + date.end()
        elif date or len(_URL.findall(line)) >= 2:
            header, start = line, line_end
        else:
            return first.start(), None, None
        title, language = _channel_title_and_language(header)
        return start, title, language

    def _items(self, start: int):
        """The items after the header, each closed by the next date line (or the end of the text)."""
        text = self.text
        position = start
        for date_match in _DATE_LINE.finditer(text, start):
            item = self._item(position, date_match.start(), date_match)
            if item:
                yield item
            position = date_match.end()
        if text[position:].strip():
            item = self._item(position, len(text), None)
            if item:
                self.warnings.append(
                    LoaderWarning(
                        self.document.source,
                        _line_of(text, item.title_start),
                        "the last item has no closing date line; kept without a date",
                    )
                )
                yield item

    def _item(self, start: int, end: int, date_match) -> _FlatItem | None:
        text = self.text
        first = re.search(r"\S", text[start:end])
        if not first:
            return None
        title_start = start + first.start()
        line_end = text.find("\n", title_start, end)
        line_end = end if line_end < 0 else line_end
        url = _URL.search(text, title_start, line_end)
        if url:
            title_end, link, body_start = url.start(), url.group(0), url.end()
        else:
            self.warnings.append(
                LoaderWarning(
                    self.document.source,
                    _line_of(text, title_start),
                    "item title line has no link; the whole line is taken as the title",
                )
            )
            title_end, link, body_start = line_end, None, line_end
        while title_end > title_start and text[title_end - 1].isspace():
            title_end -= 1
        date_span = date_iso = None
        if date_match:
            date_span = Span(date_match.start(1), date_match.end(1))
            date_iso = rfc822_to_iso(date_match.group(1))
            if date_iso is None:
                self.warnings.append(
                    LoaderWarning(
                        self.document.source,
                        _line_of(text, date_match.start(1)),
                        f"date {date_match.group(1)!r} is not a valid RFC 822 date",
                    )
                )
        return _FlatItem(title_start, title_end, link, body_start, end, date_span, date_iso)

    def _record(self, item: _FlatItem, language: str) -> NewsItemRecord:
        text = self.text
        title = re.sub(r"\s+", " ", text[item.title_start : item.title_end]).strip()
        body_text = _clean_body(text[item.body_start : item.body_end])
        body_span = _trimmed(text, item.body_start, item.body_end)
        item_language = news.detect_language(title + "\n" + body_text, default=language)
        record = NewsItemRecord(
            title=title,
            span=Span(item.title_start, item.title_end),
            link=item.link,
            date=item.date,
            category=category_of(title),
            body=body_text or None,
            language=item_language,
        )
        regions = [Span(item.title_start + _category_length(text[item.title_start : item.title_end]), item.title_end)]
        if body_span:
            regions.append(body_span)
        facts = news.extract(text, regions, reference_date=item.date, acronyms=self.acronyms)
        facts.fill(record)
        return record


def _channel_title_and_language(header: str) -> tuple[str | None, str | None]:
    """From 'site link TITLE lang ...': the words between the first URL and the language code."""
    url = _URL.search(header)
    if not url:
        return None, None
    words = header[url.end() :].split()
    title_words = []
    for word in words:
        if _LANGUAGE_TOKEN.match(word):
            return (" ".join(title_words) or None), word.split("-")[0]
        if _URL.match(word):
            break
        title_words.append(word)
    return None, None


def _clean_body(raw: str) -> str:
    lines = [line.strip() for line in raw.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


# ---------------------------------------------------------------- XML


_ITEM_ELEMENT = re.compile(r"<(item|entry)\b[^>]*>(.*?)(?:</\1\s*>|(?=<(?:item|entry)\b)|\Z)", re.S)
_ELEMENT = r"<({name})\b[^>]*>(.*?)(?:</\1\s*>|\Z)"


class _XmlFeed:
    """RSS 2.0 or Atom through feedparser; facts located back in the raw XML."""

    def __init__(self, document: Document):
        self.document = document
        self.text = document.text
        #: acronyms the feed's items have defined so far, for later items that use them bare
        self.acronyms: dict[str, EntityRef] = {}

    def parse(self) -> Extracted:
        try:
            parsed = feedparser.parse(_encodable(self.text))
        except UnicodeEncodeError as error:
            raise LoaderError(
                f"the feed holds a character that cannot be encoded ({error.reason})",
                source=self.document.source,
                line=_line_of(self.text, min(error.start, len(self.text))),
            ) from error
        extracted = Extracted(title=parsed.feed.get("title") or None)
        if parsed.bozo:
            extracted.warnings.append(self._bozo_warning(parsed.bozo_exception, len(parsed.entries)))
        channel_language = (parsed.feed.get("language") or "").split("-")[0].lower() or None
        raw_items = list(_ITEM_ELEMENT.finditer(self.text))
        for index, entry in enumerate(parsed.entries):
            title = re.sub(r"\s+", " ", entry.get("title") or "").strip()
            if not title:
                continue
            raw = raw_items[index] if index < len(raw_items) else None
            extracted.news_items.append(self._record(entry, title, raw, channel_language))
        return extracted

    def _bozo_warning(self, error, count: int) -> LoaderWarning:
        line = error.getLineNumber() if hasattr(error, "getLineNumber") else None
        message = getattr(error, "getMessage", lambda: str(error))()
        return LoaderWarning(
            self.document.source,
            line,
            f"malformed feed XML ({message}); kept the {count} item(s) read before the error",
        )

    def _record(self, entry, title: str, raw, channel_language: str | None) -> NewsItemRecord:
        body = _entry_body(entry)
        language = news.detect_language(title + "\n" + body, default=channel_language or self.document.language)
        item_span = Span(raw.start(), raw.end()) if raw else Span(0, 0)
        title_anchor = self._element_span(raw, "title") or item_span
        body_anchor = self._element_span(raw, r"content:encoded|content|description|summary") or item_span
        title_span = self._locate(title, item_span) or title_anchor
        record = NewsItemRecord(
            title=title,
            span=title_span,
            link=entry.get("link") or None,
            date=_entry_date(entry),
            category=_entry_category(entry) or category_of(title),
            body=body or None,
            language=language,
        )
        view = title + "\n\n" + body
        title_local = Span(_category_length(title), len(title))
        regions = [title_local] + ([Span(len(title) + 2, len(view))] if body else [])
        facts = news.extract(view, regions, reference_date=record.date, acronyms=self.acronyms)

        def anchor(span: Span) -> Span:
            found = self._locate(view[span.start : span.end], item_span)
            if found:
                return found
            return title_anchor if span.end <= len(title) else body_anchor

        facts.relocate(anchor).fill(record)
        return record

    def _element_span(self, raw, name: str) -> Span | None:
        if raw is None:
            return None
        match = re.search(_ELEMENT.format(name=name), raw.group(0), re.S)
        if not match:
            return None
        return Span(raw.start() + match.start(2), raw.start() + match.end(2))

    def _locate(self, piece: str, within: Span) -> Span | None:
        """Where `piece` appears verbatim (or XML-escaped) inside the item's raw XML."""
        if not piece or within.end <= within.start:
            return None
        for form in (piece, escape(piece, quote=False), escape(escape(piece, quote=False), quote=False)):
            at = self.text.find(form, within.start, within.end)
            if at >= 0:
                return Span(at, at + len(form))
        return None


_CHARACTER_REFERENCE = re.compile(r"&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));")


def _encodable(text: str) -> str:
    """The text feedparser can encode: lone surrogates, and character references to surrogates or beyond
    Unicode, become U+FFFD (no line changes, so error lines still point at the source)."""

    def replace(match: re.Match) -> str:
        value = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
        return "&#65533;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else match.group(0)

    return _CHARACTER_REFERENCE.sub(replace, text.encode("utf-8", "replace").decode("utf-8"))


def _entry_body(entry) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else ""
    if not html.strip():
        html = entry.get("summary") or entry.get("description") or ""
    return html_to_text(html)


def _entry_category(entry) -> str | None:
    """The first category the entry states (RSS `<category>`, Atom `label` else `term`), URLs aside."""
    for tag in entry.get("tags") or ():
        name = re.sub(r"\s+", " ", tag.get("label") or tag.get("term") or "").strip()
        if name and "//" not in name:
            return name
    return None


def _entry_date(entry) -> str | None:
    """The item's date as ISO 8601, keeping the source's time-zone offset."""
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if not value:
            continue
        iso = rfc822_to_iso(value)
        if iso:
            return iso
        iso = _w3c_to_iso(value)
        if iso:
            return iso
    return None


def _w3c_to_iso(value: str) -> str | None:
    """Atom dates ('2019-07-16T15:32:30+02:00', '...Z', '2019-07-16')."""
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None
