"""Charts of Actions per year, per theme and per region, laid out on the server as SVG geometry.

`*_counts` functions query the store; `bar_chart` turns counts into the coordinates the
`_chart.html` template draws. Text is never pasted into SVG here: the template escapes it.
"""

import math
from dataclasses import dataclass

from pyoxigraph import NamedNode

from migkg.server.resource import Presenter, Value, bind
from migkg.triples.store import GraphStore

_BENEFITS = "{ ?action mkg:beneficiary $c } UNION { ?action mkg:beneficiary/mkg:includesCountry $c }"


def _scope(country: NamedNode | None) -> str:
    """The pattern limiting Actions to those for `country` (all Actions when None)."""
    return "" if country is None else bind(_BENEFITS, c=country)


def year_counts(store: GraphStore, *, country: NamedNode | None = None) -> list[tuple[str, int]]:
    """How many Actions started each year (the year of mkg:startDate), oldest first."""
    scope = _scope(country)
    query = f"""
        SELECT ?year (COUNT(DISTINCT ?action) AS ?n) WHERE {{
          ?action a mkg:Action ; mkg:startDate ?start . {scope}
          BIND (SUBSTR(STR(?start), 1, 4) AS ?year)
        }} GROUP BY ?year ORDER BY ?year"""
    return [(row["year"].value, int(row["n"].value)) for row in store.query(query)]


def theme_counts(store: GraphStore, presenter: Presenter, *, country: NamedNode | None = None) -> list[tuple[Value, int]]:
    """How many Actions have each theme, most frequent first."""
    scope = _scope(country)
    query = f"""
        SELECT ?theme (COUNT(DISTINCT ?action) AS ?n) WHERE {{
          ?action a mkg:Action ; mkg:theme ?theme . {scope}
        }} GROUP BY ?theme"""
    return _labelled(list(store.query(query)), "theme", presenter)


def region_counts(store: GraphStore, presenter: Presenter) -> list[tuple[Value, int]]:
    """How many Actions benefit each region: a region beneficiary, or a region including the country."""
    query = """
        SELECT ?region (COUNT(DISTINCT ?action) AS ?n) WHERE {
          ?action a mkg:Action .
          { ?action mkg:beneficiary ?region . ?region a mkg:Region }
          UNION { ?action mkg:beneficiary ?country . ?region a mkg:Region ; mkg:includesCountry ?country }
        } GROUP BY ?region"""
    return _labelled(list(store.query(query)), "region", presenter)


def _labelled(rows: list, variable: str, presenter: Presenter) -> list[tuple[Value, int]]:
    presenter.prefetch(row[variable] for row in rows)
    counted = [(presenter.value(row[variable]), int(row["n"].value)) for row in rows]
    return sorted(counted, key=lambda pair: (-pair[1], pair[0].text.lower()))


@dataclass(frozen=True)
class Bar:
    """One bar: its label (with language and link), value and coordinates."""

    label: str
    lang: str | None
    href: str | None
    value: int
    y: float
    width: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart ready to draw."""

    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int

    @property
    def bar_x(self) -> int:
        return self.label_width + 8


def bar_chart(title: str, counts: list[tuple[Value | str, int]], *, href=None, limit: int = 20) -> Chart:
    """Lay out counts as horizontal bars, at most `limit` of them; `href(label)` links a year bar."""
    row, label_width, bar_space = 24, 220, 360
    shown = counts[:limit]
    biggest = max((n for _, n in shown), default=1) or 1
    bars = []
    for index, (label, value) in enumerate(shown):
        if isinstance(label, Value):
            text, lang, link = label.text, label.lang, label.href
        else:
            text, lang, link = str(label), None, href(label) if href else None
        bars.append(
            Bar(label=text, lang=lang, href=link, value=value, y=index * row + 4, width=max(2.0, bar_space * value / biggest))
        )
    return Chart(
        title=title,
        bars=bars,
        width=label_width + bar_space + 60,
        height=max(row, len(bars) * row + 8),
        label_width=label_width,
        bar_height=row - 8,
    )


@dataclass(frozen=True)
class MapNode:
    """A resource on the link map, with the property that leads to it."""

    label: str
    lang: str | None
    href: str | None
    via: str
    via_lang: str | None
    x: float
    y: float


@dataclass(frozen=True)
class LinkMap:
    """A star of the resources one resource links to, ready to draw."""

    center: str
    center_lang: str | None
    nodes: list[MapNode]
    size: int

    @property
    def middle(self) -> float:
        return self.size / 2


def link_map(center: Value, pairs: list[tuple[Value, Value]], *, size: int = 520) -> LinkMap:
    """Place linked resources on a circle around the resource."""
    radius = size / 2 - 70
    nodes = []
    count = len(pairs)
    for index, (via, target) in enumerate(pairs):
        angle = 2 * math.pi * index / max(count, 1) - math.pi / 2
        nodes.append(
            MapNode(
                label=target.text,
                lang=target.lang,
                href=target.href,
                via=via.text,
                via_lang=via.lang,
                x=round(size / 2 + radius * math.cos(angle), 1),
                y=round(size / 2 + radius * math.sin(angle), 1),
            )
        )
    return LinkMap(center=center.text, center_lang=center.lang, nodes=nodes, size=size)
