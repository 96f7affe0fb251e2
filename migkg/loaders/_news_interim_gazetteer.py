"""Interim name scanner over the gazetteer data files (replaced by migkg.loaders.gazetteer)."""
import csv, re, functools
from pathlib import Path
import pycountry, gettext
from migkg.loaders.records import EntityRef, Span
from migkg.loaders.text import fold

DATA = Path(__file__).parent / "data"
KIND = {"MigrationDialogue": "dialogue", "Programme": "programme", "Project": "project", "Region": "region", "Place": "place"}

def _rows(name):
    with open(DATA / name, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")

@functools.lru_cache(None)
def _table():
    names = {}
    def add(name, kind, key):
        name = name.strip()
        if name:
            names.setdefault(name if _acr(name) else fold(name), EntityRef(kind, key, name))
    for f in ("organisations.tsv", "dialogues.tsv", "programmes.tsv", "regions.tsv", "places.tsv"):
        for row in _rows(f):
            row += [""] * 6
            kind = KIND.get(row[1], "organisation")
            for n in [row[0], row[3], row[4]] + row[5].split("|"):
                add(n, kind, row[0])
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", ""), fr.gettext(c.name)):
            if n:
                add(n, "country", c.alpha_2)
    for f in ("country_names.tsv", "demonyms.tsv"):
        for row in _rows(f):
            for n in row[1].split("|"):
                add(n, "country", row[0])
    return names

def _acr(name):
    return sum(ch.isupper() for ch in name) >= 2 and not re.search(r"\b[a-z]", name) and " " not in name.strip() or name.isupper()

@functools.lru_cache(None)
def _regex():
    names = sorted(_table(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")

def find_entities(text, start, end):
    chunk = text[start:end]
    folded = "".join(fold(ch) if len(fold(ch)) == 1 else ch for ch in chunk)
    out = []
    table = _table()
    pos = 0
    rx = _regex()
    # match on folded for names, on original for acronyms
    i = 0
    while i < len(chunk):
        m1 = rx.match(chunk, i) if (i == 0 or not (chunk[i-1].isalnum() or chunk[i-1]=='-')) else None
        m2 = rx.match(folded, i) if (i == 0 or not (chunk[i-1].isalnum() or chunk[i-1]=='-')) else None
        best = None
        for m, src in ((m1, chunk), (m2, folded)):
            if m and m.group(1) in table:
                ref = table[m.group(1)]
                if src is folded and _acr(ref.label) and ref.label == m.group(1) and chunk[m.start():m.end()] != m.group(1):
                    continue
                if best is None or m.end() > best[0].end():
                    best = (m, ref)
        if best:
            m, ref = best
            out.append(EntityRef(ref.kind, ref.key, chunk[m.start():m.end()], Span(start + m.start(), start + m.end())))
            i = m.end()
        else:
            i += 1
    return out

def resolve(name):
    t = _table()
    return t.get(name) or t.get(fold(name))
