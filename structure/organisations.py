"""The organisation gazetteer (data/gazetteer/) and finding organisations in OCR'd text.

Names are compared on a *skeleton*: lower case without diacritics, so "Region Jimtland
Hirjedalen" from legacy OCR is two letters from "region jamtland harjedalen", and rapidfuzz
closes that gap. Old names (landsting, regionförbund) are aliases of today's organisation.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator

from rapidfuzz import fuzz, process

from protokoll.datafiles import DATA_DIR
from protokoll.errors import ProtokollError

GAZETTEER_DIR = DATA_DIR / "gazetteer"
WORD = re.compile(r"[^\W_][\w-]*", re.UNICODE)


@dataclass(frozen=True)
class Organisation:
    name: str  # canonical, today's name
    kind: str  # kommun, region, länsstyrelse, kommunförbund, förbund, myndighet
    county: str  # "Jämtlands län"; empty for national bodies
    aliases: tuple[str, ...] = ()


@dataclass
class Mention:
    organisation: Organisation
    as_written: str
    start: int
    generic: bool = False  # "Kommunförbundet": which one depends on the county


@functools.lru_cache(maxsize=100_000)  # called for every word of every document: most words recur
def skeleton(text: str) -> str:
    """Lower case, no diacritics, one space between words: the form names are compared in.

    >>> skeleton("Region  Jämtland Härjedalen")
    'region jamtland harjedalen'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def _rows(name: str, columns: tuple[int, int]) -> list[list[str]]:
    """Rows of a gazetteer TSV, each padded to the most columns; a malformed row stops with its line number."""
    path = GAZETTEER_DIR / name
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            numbered = [(n, row) for n, row in enumerate(csv.reader(handle, delimiter="\t"), start=1)
                        if row and row[0].strip() and not row[0].startswith("#")]
    except OSError as exc:
        raise ProtokollError(f"gazetteer file {path} cannot be read: {exc.strerror}") from None
    for n, row in numbered:
        if not columns[0] <= len(row) <= columns[1] or not row[0].strip():
            raise ProtokollError(f"{path}:{n}: expected {columns[0]}-{columns[1]} tab-separated columns, got {len(row)}")
    return [row + [""] * (columns[1] - len(row)) for _, row in numbered]


def kommun_aliases(short: str, official: str) -> tuple[str, ...]:
    """The ways a kommun is written: "Östersunds kommun", "Östersund kommun", "Kommunen i Östersund"."""
    genitive = short if short.endswith(("s", "x", "z")) else short + "s"
    names = {official, f"{genitive} kommun", f"{short} kommun", f"{genitive} stad", f"Kommunen i {short}"}
    names.discard(official)
    return tuple(sorted(names))


@dataclass
class Gazetteer:
    organisations: list[Organisation]
    generic: dict[str, str]  # "Kommunförbundet" -> kind
    counties: dict[str, str] = field(default_factory=dict)  # short form -> county
    kommun_places: dict[str, Organisation] = field(default_factory=dict)  # "Åre" -> Åre kommun
    board_kinds: list[tuple[re.Pattern, str]] = field(default_factory=list)  # board name -> kind (board_kinds.tsv)

    def kind_of_board(self, board: str | None) -> str | None:
        """The kind of organisation a board belongs to, where its name says ("Kommunstyrelsen": kommun).

        >>> load_gazetteer().kind_of_board("Kommunfullmäktige"), load_gazetteer().kind_of_board("Socialnämnden")
        ('kommun', None)
        """
        name = (board or "").lower()
        return next((kind for pattern, kind in self.board_kinds if pattern.search(name)), None)

    @functools.cached_property
    def by_alias(self) -> dict[str, Organisation]:
        table: dict[str, Organisation] = {}
        for org in self.organisations:
            for name in (org.name, *org.aliases):
                table.setdefault(skeleton(name), org)
        return table

    @functools.cached_property
    def aliases_by_length(self) -> dict[int, list[str]]:
        groups: dict[int, list[str]] = {}
        for alias in self.by_alias:
            groups.setdefault(len(alias.split()), []).append(alias)
        return groups

    @functools.cached_property
    def closest_by_length(self) -> dict[int, "ClosestAlias"]:
        return {length: ClosestAlias(aliases) for length, aliases in self.aliases_by_length.items()}

    def named(self, name: str) -> Organisation | None:
        return next((org for org in self.organisations if org.name == name), None)

    def resolve(self, written: str) -> Organisation | None:
        """The organisation a name refers to, tolerating OCR damage; None if nothing is close.

        >>> load_gazetteer().resolve("Jämtlands läns landsting").name
        'Region Jämtland Härjedalen'
        >>> load_gazetteer().resolve("Kommunférbundet Jimtlands ldn").name
        'Kommunförbundet Jämtland Härjedalen'
        """
        key = skeleton(written)
        if key in self.by_alias:
            return self.by_alias[key]
        found = process.extractOne(key, list(self.by_alias), scorer=fuzz.ratio, score_cutoff=cutoff_for(key))
        return self.by_alias[found[0]] if found else None

    def of_kind_in(self, kind: str, county: str | None) -> Organisation | None:
        return next((o for o in self.organisations if o.kind == kind and county and o.county == county), None)


def cutoff_for(key: str) -> float:
    """Short names need a closer match: one wrong letter in "bergs kommun" may be another kommun."""
    return 88.0 if len(key) >= 20 else 92.0


class ClosestAlias:
    """The fuzzy search of `process.extractOne(key, aliases, fuzz.ratio, cutoff_for(key))`, made
    cheap for the thousands of windows of every document: an alias whose length alone keeps it
    below the cutoff is never compared, and each key is searched once (the same phrases recur).
    """

    MEMO_SIZE = 100_000  # keys; forgotten all at once when full, to bound a reindex worker's memory (~12 MB)

    def __init__(self, aliases: list[str]):
        self.by_chars: dict[int, list[str]] = {}  # key length -> the aliases a ratio >= 88 allows, in order
        self.lengths = [len(alias) for alias in aliases]
        self.aliases = aliases
        self.memo: dict[str, str | None] = {}

    def __call__(self, key: str) -> str | None:
        if key not in self.memo:
            if len(self.memo) >= self.MEMO_SIZE:
                self.memo.clear()
            found = process.extractOne(key, self._near_in_length(len(key)), scorer=fuzz.ratio,
                                       score_cutoff=cutoff_for(key))
            self.memo[key] = found[0] if found else None
        return self.memo[key]

    def _near_in_length(self, n: int) -> list[str]:
        # ratio = 100 * (1 - indel distance / (n + m)), and the distance is at least |n - m|:
        # ratio >= 88 needs |n - m| <= 0.12 (n + m). The bound kept here is a little wider.
        if n not in self.by_chars:
            self.by_chars[n] = [a for a, m in zip(self.aliases, self.lengths) if abs(n - m) <= 0.13 * (n + m)]
        return self.by_chars[n]


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    orgs = [Organisation(name, kind, county, tuple(a.strip() for a in aliases.split("|") if a.strip()))
            for name, kind, county, aliases in _rows("organisations.tsv", (3, 4))]
    places: dict[str, Organisation] = {}
    for short, official, county in _rows("kommuner.tsv", (3, 3)):
        kind = "kommun,region" if official.startswith("Region ") else "kommun"
        org = Organisation(official, kind, county, kommun_aliases(short, official))
        orgs.append(org)
        places[short] = org
    counties = {}
    for county, forms in _rows("counties.tsv", (2, 2)):
        for form in forms.split("|"):
            counties[form] = county
        counties[county] = county
    generic = {term: kind for term, kind in _rows("generic.tsv", (2, 2))}
    board_kinds = [(re.compile(pattern), kind) for pattern, kind in _rows("board_kinds.tsv", (2, 2))]
    return Gazetteer(orgs, generic, counties, places, board_kinds)


def find_mentions(text: str, gazetteer: Gazetteer | None = None, fuzzy: bool = True) -> list[Mention]:
    """Every organisation named in `text`, longest names first, fuzzy for capitalised OCR'd names.

    >>> [m.organisation.name for m in find_mentions("Möte med Region Jimtland Hirjedalen och Bräcke kommun.")]
    ['Region Jämtland Härjedalen', 'Bräcke kommun']
    """
    gaz = gazetteer or load_gazetteer()
    words = list(WORD.finditer(text))
    written = [w.group() for w in words]
    keys = [skeleton(w) for w in written]
    taken = [False] * len(words)
    # Every name starts with a capital (or is an acronym): only such words start a window.
    starts = [i for i, w in enumerate(written) if w[:1].isupper() or w.isupper()]
    mentions: list[Mention] = []
    # A window of n words can only name an alias of n words: other lengths are never tried.
    for length in sorted(gaz.aliases_by_length, reverse=True):
        closest = gaz.closest_by_length.get(length) if fuzzy else None
        for i in _windows(starts, taken, length):
            org = _match_window(written[i], length, " ".join(keys[i : i + length]), closest, gaz)
            if org:
                span = text[words[i].start() : words[i + length - 1].end()]
                mentions.append(Mention(org, span, words[i].start()))
                taken[i : i + length] = [True] * length
    for i, word in enumerate(written):
        if not taken[i] and word in gaz.generic:
            mentions.append(Mention(Organisation(word, gaz.generic[word], ""), word, words[i].start(), generic=True))
    return sorted(mentions, key=lambda m: m.start)


def _windows(starts: list[int], taken: list[bool], length: int) -> Iterator[int]:
    """The starts of the windows of `length` words that fit in the text and hold no word a longer
    name took (checked as the caller takes words)."""
    last = len(taken) - length
    for i in starts:
        if i > last:
            return
        if True not in taken[i : i + length]:
            yield i


def _match_window(first: str, length: int, key: str, closest: ClosestAlias | None, gaz: Gazetteer) -> Organisation | None:
    """The organisation the `length` words from `first` on name, if any; `key` is their skeleton."""
    if length == 1 and first.isupper():  # acronyms (SKR, MSB) only as written, in capitals
        org = gaz.by_alias.get(key)
        return org if org and any(a == first for a in (org.name, *org.aliases)) else None
    if not first[0].isupper():  # an all-capital word that starts with a digit ("3D") names nothing longer
        return None
    org = gaz.by_alias.get(key)
    if org or closest is None or length < 2 or len(key) < 10:
        return org
    found = closest(key)
    return gaz.by_alias[found] if found else None
