r"""Text handling for the loaders: bytes to normalised text, sentences, language.

Offsets. `normalise` runs once, on the whole decoded text, before any parser sees it; the
result is `Document.text` and every `Span` indexes into it. Normalisation may change the
length (CRLF becomes LF, zero-width characters go), so offsets are never computed on the raw
text. Evidence quotes are slices of `Document.text`, hence exact substrings of it.

>>> normalise("Côte d\u2019Ivoire\u00a0I\r\n\u201cquoted\u201d\u200b")
'Côte d\'Ivoire I\n"quoted"'
>>> text = "Mr. Smith met the experts, i.e. staff of the M. Dupont office. They left on 3 May."
>>> [text[s.start:s.end] for s in sentence_spans(text)]
['Mr. Smith met the experts, i.e. staff of the M. Dupont office.', 'They left on 3 May.']
>>> detect_language("Le protocole d'accord a été signé par les deux organisations.")
'fr'
>>> detect_language("The memorandum was signed by the two organisations.")
'en'
"""

import bisect
import re
import unicodedata

from migkg.errors import LoaderError
from migkg.loaders.memo import per_document
from migkg.loaders.records import LoaderWarning, Span

# --- decoding ----------------------------------------------------------------------------------

#: share of control characters (other than tab, newline, carriage return, form feed) above which
#: the bytes are taken for a binary file
MAX_CONTROL_SHARE = 0.05

#: the control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) other than tab,
#: newline, vertical tab, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _line_of(data: bytes, index: int) -> int:
    """The 1-based line number of byte `index`."""
    return data.count(b"\n", 0, index) + 1


def decode(data: bytes, source: str) -> tuple[str, list[LoaderWarning]]:
    """Raw bytes to text: UTF-8 (with or without BOM), else Windows-1252 with a warning.

    :raises LoaderError: the file is empty, binary (NUL bytes, many control characters) or in
        no encoding the loaders read; the message names the file and the line of the first
        offending byte.
    """
    if not data.strip():
        raise LoaderError("the document is empty", source=source)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoaderError("binary file (NUL byte); expected a text document", source=source, line=_line_of(data, nul))
    warnings: list[LoaderWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise LoaderError(
                f"undecodable bytes (neither UTF-8 nor Windows-1252): byte 0x{data[error.start]:02x}",
                source=source,
                line=_line_of(data, error.start),
            ) from error
        warnings.append(
            LoaderWarning(
                source,
                _line_of(data, utf8_error.start),
                f"not UTF-8 (byte 0x{data[utf8_error.start]:02x}); read as Windows-1252/Latin-1",
            )
        )
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise LoaderError(
            f"binary file ({controls} control characters in {len(text)}); expected a text document",
            source=source,
        )
    return text, warnings


# --- normalisation ------------------------------------------------------------------------------

_REPLACEMENTS = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,  # word joiner
        "\ufeff": None,  # BOM / zero-width no-break space
    }
)

#: the same as (character, replacement) pairs: one `str.replace` each is much faster than
#: `str.translate` on non-ASCII text, and no replacement produces a character that is replaced
_REPLACEMENT_PAIRS = tuple((chr(code), value or "") for code, value in _REPLACEMENTS.items())


def normalise(text: str) -> str:
    """The text parsers and spans work on: NFC, LF line ends, plain spaces, quotes and hyphens.

    En and em dashes are kept: they separate date ranges.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    for mark, replacement in _REPLACEMENT_PAIRS:
        if mark in text:
            text = text.replace(mark, replacement)
    return text


def fold(text: str) -> str:
    """Lower-case, accents dropped, typographic marks normalised: for comparing names.

    >>> fold("Côte d’Ivoire")
    "cote d'ivoire"
    """
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


def has_digit(text: str) -> bool:
    """Whether any character of `text` is a digit (`str.isdigit`), tested without a Python-level loop."""
    return any(map(str.isdigit, text))


def line_number(text: str, offset: int) -> int:
    """The 1-based line of a character offset."""
    return text.count("\n", 0, offset) + 1


# --- sentences ----------------------------------------------------------------------------------

#: words that end with a full stop without ending a sentence (compared lower-cased, without the dot)
ABBREVIATIONS = frozenset(
    """i.e e.g etc mr mrs ms dr prof st no nos vs cf approx incl ca fig vol art para
    jan feb mar apr jun jul aug sep sept oct nov dec
    m mm mme mmes mlle dr me st ste av bd env cf
    u.s u.k u.n e.u""".split()
)

_CANDIDATE_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s+|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the full stop at `dot` closes an abbreviation or an initial, not a sentence."""
    match = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # a single letter ("J. Smith", "M. Dupont") is an initial
    return len(word) == 1 and word.isalpha()


def _skip_blanks(text: str, position: int) -> int:
    """The offset of the first character at or after `position` that is not a space or tab."""
    return _BLANKS.match(text, position).end()


def _last_nonblank(text: str, position: int) -> int:
    """The offset of the last character before `position` that is not a space or tab, or -1."""
    position -= 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    return position


_BLANKS = re.compile(r"[ \t]*")


def _next_starts_sentence(text: str, position: int) -> bool:
    """True if the next non-space character can open a sentence."""
    position = _skip_blanks(text, position)
    if position >= len(text) or text[position] == "\n":
        return True
    first = text[position]
    return first.isupper() or first.isdigit() or first in "\"'(«[–-•*"


@per_document
def sentence_spans(text: str) -> list[Span]:
    """Sentences of an English or French text, as spans without surrounding whitespace.

    A blank line always ends a sentence; a single line break ends one unless the next line
    carries on the sentence (it starts in lower case, or with a number after a line that
    ends mid-clause), so headings and labelled lines stay apart from hard-wrapped prose.
    """
    spans: list[Span] = []
    for line in _logical_lines(text):
        start = line.start()
        for end_match in _CANDIDATE_END.finditer(text, line.start(), line.end()):
            stop = end_match.end()
            punctuation = end_match.group(0)
            if punctuation.startswith(".") and len(punctuation.rstrip("\"')]")) == 1:
                if _is_abbreviation(text, end_match.start()):
                    continue
            if not _next_starts_sentence(text, stop):
                continue
            _append_trimmed(text, spans, start, stop)
            start = stop
        _append_trimmed(text, spans, start, line.end())
    return spans


class _Stretch:
    """A stretch of text with the interface of a regex match (start, end)."""

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _logical_lines(text: str):
    """Stretches of text between line breaks that end a sentence."""
    start = 0
    for match in re.finditer(r"\n", text):
        if _continues(text, match.start()):
            continue
        if match.start() > start:
            yield _Stretch(start, match.start())
        start = match.end()
    if start < len(text):
        yield _Stretch(start, len(text))


def _continues(text: str, newline: int) -> bool:
    """True when the line break at `newline` sits inside a sentence."""
    before = _last_nonblank(text, newline)
    after = _skip_blanks(text, newline + 1)
    if before < 0 or after >= len(text) or text[after] == "\n":
        return False
    last, first = text[before], text[after]
    return first.islower() or (last.islower() or last in ",;") and first.isdigit()


def _append_trimmed(text: str, spans: list[Span], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


class Sentences:
    """The sentences of one text, to find the one containing a span."""

    def __init__(self, text: str):
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [span.start for span in self.spans]

    def containing(self, span: Span) -> Span:
        """The sentence (or run of sentences) that contains `span`; the span itself if none does."""
        first = bisect.bisect_right(self._starts, span.start) - 1
        if first < 0 or self.spans[first].end < span.start:
            return span
        last = first
        while last + 1 < len(self.spans) and self.spans[last].end < span.end:
            last += 1
        return Span(self.spans[first].start, max(self.spans[last].end, span.end))

    def quote(self, span: Span) -> tuple[str, Span]:
        """The sentence containing `span`, as text and as its span."""
        sentence = self.containing(span)
        return self.text[sentence.start : sentence.end], sentence


# --- language -----------------------------------------------------------------------------------

_STOPWORDS = {
    "en": frozenset(
        "the of and to in a is was were for on with by from that this which as at an be has have "
        "are will its their it been also or not".split()
    ),
    "fr": frozenset(
        "le la les de des du et à en un une est sont pour dans par sur avec au aux que qui ce cette "
        "ses leur été a ont sera d l qu entre".split()
    ),
}


def detect_language(text: str) -> str:
    """'en' or 'fr', whichever language's common words the text uses more ('en' on a tie)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {lang: sum(1 for word in words if word in stop) for lang, stop in _STOPWORDS.items()}
    return "fr" if counts["fr"] > counts["en"] else "en"
