"""Case numbers (diarienummer): a paragraph's own, from its heading area, and the references in its body.

The grammar is data (data/structure/case_numbers.toml, read by structure/layout.py). A paragraph's own
case numbers are the labelled ones ("Dnr KS-2024-00851") and prefixed ones on its § line and the lines
of its heading; every other number in the body that the grammar or a reference pattern knows (SOU
2024:23, prop. 2023/24:12, "mål nr P 1254-24", "DOM 2024-06-18", another authority's KN2024/01288, a
case number cited from another board) is a reference. Both keep the form as written; search finds
them through records.case_key().
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from protokoll.records import case_key
from protokoll.structure.layout import Layout, fold, load_layout


def _unique(found: list[tuple[int, str]]) -> list[str]:
    """Values in reading order, each once (compared by search key, first written form kept)."""
    seen: dict[str, str] = {}
    for _, value in sorted(found):
        seen.setdefault(case_key(value), value)
    return list(seen.values())


# a speck OCR read inside a year: "FG-202.4-00002" after a label, "2.026.101 KS" before a series
SPECK_IN_YEAR = re.compile(r"(?<![\d.,])([12])[.,]?([09])[.,]?(\d)[.,]?(\d)(?=[-/.:] ?\d)")
SPACE_IN_NUMBER = re.compile(r"(?<=[-/.:])(0\d{0,3}) (\d{1,4})(?!\d)")  # "SLK-2024-01 005": as the grammar reads it


def _as_read(written: str) -> str:
    """A case number as written, without what OCR put inside its year or its number."""
    return SPACE_IN_NUMBER.sub(r"\1\2", SPECK_IN_YEAR.sub(r"\1\2\3\4", written))


def case_numbers_in(text: str, layout: Layout | None = None) -> list[str]:
    """Every case number of a text: labelled ones (also without prefix) and prefixed ones, in reading order.

    >>> case_numbers_in("RUN/16/2020; (LS/1345/2014) Dnr KS 98/112, KS 2016/214 och Dnr 2019/45. 8 personer.")
    ['RUN/16/2020', 'LS/1345/2014', 'KS 98/112', 'KS 2016/214', '2019/45']
    >>> case_numbers_in("§ 1  Dnr GA-2024-00008 möte 2024-10-17, KS-2024-00708")
    ['GA-2024-00008', 'KS-2024-00708']
    """
    layout = layout or load_layout()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in layout.labelled_case.finditer(text):
        written = " ".join(m["case"].split())
        if m["ocr"]:  # "1F-2024-00013": the prefix letters OCR read as digits put back
            written = re.sub(r"^[^\W_]+", lambda p: p.group().translate(layout.ocr_prefix_letters), written)
        found.append((m.start("case"), _as_read(written)))
        taken.append(m.span("case"))
    for m in layout.case_number.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), _as_read(" ".join(m.group().split()))))
    return _unique(found)


def own_case_numbers(heading: str, layout: Layout | None = None) -> list[str]:
    """The case numbers of a paragraph's heading area (§ line, Dnr lines, title); a title's "(SOU 2024:23)"
    is a reference, not the paragraph's own.

    >>> own_case_numbers("§ 2   Dnr KS 2024/12\\nSvar på remiss av betänkandet (SOU 2024:23)")
    ['KS 2024/12']
    """
    layout = layout or load_layout()
    cited = {case_key(m.group()) for _, pattern in layout.references for m in pattern.finditer(heading)}
    return [c for c in case_numbers_in(heading, layout) if case_key(c) not in cited]


def references_in(body: str, own: list[str], layout: Layout | None = None) -> list[str]:
    """Other bodies' numbers cited in a paragraph's text, without its own case numbers.

    >>> references_in("betänkandet (SOU 2024:23) och KN2024/01288; DOM 2024-06-18; Dnr KS-2024-1", ["KS-2024-00001"])
    ['SOU 2024:23', 'KN2024/01288', 'DOM 2024-06-18']
    """
    layout = layout or load_layout()
    own_keys = {case_key(c) for c in own}
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for _, pattern in layout.references:
        for m in pattern.finditer(body):
            if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in spans):
                found.append((m.start(), " ".join(m.group().split())))
                spans.append(m.span())
    for offset, value in _offsets(body, layout):
        if not any(a <= offset < b for a, b in spans):
            found.append((offset, value))
    return [v for v in _unique(found) if case_key(v) not in own_keys]


def _offsets(text: str, layout: Layout) -> list[tuple[int, str]]:
    found = [(m.start("case"), " ".join(m["case"].split())) for m in layout.labelled_case.finditer(text)]
    starts = {offset for offset, _ in found}
    found += [(m.start(), " ".join(m.group().split())) for m in layout.case_number.finditer(text) if m.start() not in starts]
    return found


WRITTEN_PREFIX = re.compile(r"^(?P<prefix>[^\W\d_](?:[\w ]*?[^\W\d_])?)(?=[ ./:-]*\d)")


def _prefix(written: str) -> str | None:
    """The prefix letters of a case number as written ("KS KF" of "KS KF/2022:7"), None without one."""
    found = WRITTEN_PREFIX.match(written)
    return found["prefix"] if found and not any(ch.isdigit() for ch in found["prefix"]) else None


def repaired_prefixes(case_lists: list[list[str]], layout: Layout | None = None,
                      board_prefixes: Sequence[str] = ()) -> list[list[str]]:
    """The paragraphs' own case numbers of one document, with prefixes that OCR damaged put back from
    the document's own: a prefix written once ("KS KE/2022:7", "IIF-2023-00008", "N/2023:152") that is
    one letter away from exactly one prefix its other case numbers use at least twice ("KS KF", "IF",
    "SN") is that prefix. A prefix the grammar knows as a board's (case_numbers.toml: known_prefixes) is
    never changed, so "KF" among many "KS" stays. A prefix written more often, but unknown, that is one
    letter from the document's own board's prefix (`board_prefixes`, from data/gazetteer/bodies.tsv) is
    that one: a socialnämnd's "N/2023:152" throughout, OCR having lost the S of "SN/" each time.

    >>> repaired_prefixes([["KS KF/2022:7"], ["KS KE/2022:8"], ["KS KF/2022:9"], ["KF-2022-3"], ["SN 2022/1"]])
    [['KS KF/2022:7'], ['KS KF/2022:8'], ['KS KF/2022:9'], ['KF-2022-3'], ['SN 2022/1']]
    """
    layout = layout or load_layout()
    written: dict[str, Counter] = {}  # prefix key -> its written forms
    for cases in case_lists:
        for case in {case_key(c): c for c in cases}.values():
            prefix = _prefix(case)
            if prefix:
                written.setdefault(_prefix_key(prefix), Counter())[prefix] += 1
    counts = {key: sum(forms.values()) for key, forms in written.items()}
    dominant = [key for key, n in counts.items() if n >= 2]

    def repaired(case: str) -> str:
        prefix = _prefix(case)
        if not prefix or _prefix_key(prefix) in layout.known_prefixes:
            return case
        key = _prefix_key(prefix)
        near = [k for k in dominant if Levenshtein.distance(k, key) == 1] if counts.get(key, 0) == 1 else []
        if len(near) == 1:
            return written[near[0]].most_common(1)[0][0] + case[len(prefix):]
        own = [p for p in board_prefixes if Levenshtein.distance(p, key) == 1]
        return own[0] + case[len(prefix):] if len(own) == 1 else case

    return [[repaired(c) for c in cases] for cases in case_lists]


def _prefix_key(prefix: str) -> str:
    return " ".join(re.findall(r"[^\W\d_]+", prefix.upper()))


# the series after the number, as written: "2026.035 ÖN", "2025.252 KS-013"
SERIES_WRITTEN = re.compile(r"(?<=\d )(?P<series>[^\W\d_]{1,6})(?=(?:-\d{1,4})?$)")


def _letter_span(case: str) -> tuple[int, int] | None:
    """Where a case number's letters stand: its prefix ("KS KF" of "KS KF/2022:7") or its series ("ÖN" of
    "2026.035 ÖN")."""
    prefix = _prefix(case)
    if prefix:
        return 0, len(prefix)
    series = SERIES_WRITTEN.search(case)
    return series.span() if series else None


def document_series(seen: list[str], board: str | None = None) -> dict[str, str]:
    """The letters (prefixes and series) of a document's case numbers, by their folded capitals, each as
    written with å, ä, ö where the document writes them so at least once: OCR loses those marks far more
    often than it adds them. Letters the document never writes with their mark but that abbreviate its
    `board`'s name, whose first letter has one ("ON" of Överförmyndarnämnden), take that mark."""
    spelled: dict[str, str] = {}
    for case in seen:
        span = _letter_span(case)
        if span:
            letters = case[span[0] : span[1]]
            key = fold(letters).upper()
            if key not in spelled or (letters != fold(letters) and spelled[key] == fold(spelled[key])):
                spelled[key] = letters
    initial = (board or " ")[0].upper()
    if initial != fold(initial):
        for key, letters in spelled.items():
            if letters == key and key[0] == fold(initial) and _abbreviates(key, fold(board).upper()):
                spelled[key] = initial + letters[1:]
    return spelled


def _abbreviates(letters: str, name: str) -> bool:
    """Are the letters, in order, letters of the name, the first its first ("ON" of "OVERFORMYNDARNAMNDEN")?"""
    rest = iter(name)
    return name[:1] == letters[:1] and all(letter in rest for letter in letters)


def with_document_letters(cases: list[str], spelled: dict[str, str]) -> list[str]:
    """Case numbers whose prefix or series OCR read without its å/ä/ö, spelled as the document writes it.

    >>> with_document_letters(["2026.035 ON", "KS-2024-1"], document_series(["2026.030 ÖN", "2026.031 ON"]))
    ['2026.035 ÖN', 'KS-2024-1']
    """
    fixed = []
    for case in cases:
        span = _letter_span(case)
        better = spelled.get(fold(case[span[0] : span[1]]).upper()) if span else None
        fixed.append(case[: span[0]] + better + case[span[1] :] if better else case)
    return fixed


# "2026.0280N", "2026.089:.S5SN": a series glued to its number, or specks between, and letters read as digits
GLUED_SERIES = re.compile(r"(?<![\w.])(?P<year>(?:19|20)\d\d)[.,] ?(?P<number>\d{1,6})(?P<tail>[^\w\n]{0,3}[\dA-ZÅÄÖ]{0,5}[A-ZÅÄÖ])(?![\w-])")


def glued_series(heading: str, spelled: dict[str, str], layout: Layout | None = None) -> list[str]:
    """A case number in the series-after-number form that OCR damaged between its number and its series
    ("2026.0280N" for "2026.028 ÖN", "2026.089:.S5SN" for "2026.089 SN"), read by splitting where the
    rest ends with a series the document writes elsewhere, its digits read as the letters they resemble.

    >>> glued_series("1831 2026.0280N —", {"ON": "ÖN"}), glued_series("8.37 2026.089:.S5SN", {"SN": "SN"})
    (['2026.028 ÖN'], ['2026.089 SN'])
    """
    layout = layout or load_layout()
    found = []
    for m in GLUED_SERIES.finditer(heading):
        digits = m["number"]
        for cut in range(len(digits), 0, -1):
            rest = fold(re.sub(r"\W", "", digits[cut:] + m["tail"]).translate(layout.ocr_prefix_letters)).upper()
            series = next((rest[i:] for i in range(len(rest)) if rest[i:].isalpha() and rest[i:] in spelled), None)
            if series:
                found.append(f"{m['year']}.{digits[:cut]} {spelled[series]}")
                break
    return found
