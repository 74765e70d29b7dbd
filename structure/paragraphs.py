"""Document text -> Paragraph records: protokoll at § numbers, other documents at headings.

A protokoll is split at "§ 27" lines. OCR turns § into "8" or "$"; such a line counts only
when its number continues the running sequence (and lies in the declared "Paragrafer: 26-31"),
so "8 personer" stays text. Table-of-contents lines ("§ 8 Justering.....3") never start a
paragraph. Other documents split at headings (a short title-like line followed by body text);
a document with neither becomes one record per page, or per piece of reasonable size.
"""
from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from protokoll.structure import metadata as meta_
from protokoll.structure.boards import is_proposing, with_wrapped_names
from protokoll.structure.casenumbers import (case_numbers_in, document_series, glued_series, own_case_numbers,
                                             references_in, repaired_prefixes, with_document_letters)
from protokoll.structure.dates import find_dates, first_date
from protokoll.structure.decisions import decision_heading, decision_of, is_subheading
from protokoll.structure.layout import Layout, fold, load_layout
from protokoll.structure.metadata import DocumentMeta, Evidence, clean_line
from protokoll.structure.organisations import load_gazetteer
from protokoll.structure.topics import topics_of
from protokoll.records import Document, Paragraph

log = logging.getLogger(__name__)

TOC_LEADER = re.compile(r"(?:\.{3,}|…+|(?:\. ?){3,}|\t)\s*\d{1,3}\s*$")
TRAILING_PAGE = re.compile(r"\s\d{1,3}\s*$")
PAGE_NUMBER = re.compile(r"\s+(?:\d{1,3}\s*\(\d{1,3}\)|sida\s*\d{1,3}(?:\s*(?:av|\()\s*\d{1,3}\)?)?)\s*$", re.I)
MAX_CHARS = 4000  # a record longer than this is cut at blank lines
MAX_DECLARED_SPAN = 150  # more paragraphs than this in one meeting: the declared range is misread
MAX_SECTION_GAP = 25  # a § number further ahead than this is a reference (public copies skip secret §§)
MAX_TITLE_LINES = 4  # a title wrapped over more lines than this is body text
HEAD_LINES = 6  # the first lines of the first page, which later pages repeat as their running head

DAMAGED_LABEL = re.compile(r"\W*[^\W\d_]{3,16}\W*(?:[^\W\d_]\W*)?\s*")  # "Arendenummer", "Ärsadenummer", "Arendenummer'S"
MAX_SPECKS = 8  # characters of OCR specks between a § number and the case number after it
LEADING_SPECKS = re.compile(r"^(?:(?:[^\w\s]+|\d{1,2})\s+)+")  # "0 0 KS KF/2022:7" as OCR reads the gap before it


@dataclass
class PageText:
    number: int | None
    start: int  # offset in the joined text


@dataclass
class Candidate:
    number: int | None  # None: OCR lost the number ("Sit Dnr KS-2024-00015"); the sequence gives it
    strong: bool  # written with §, not an OCR misreading
    start: int  # offset of the line
    line_end: int
    title: str
    toc: bool = False
    body_chars: int = 0
    labelled: bool = False  # a case number on the § line or the line after it: a heading, not a citation
    readings: tuple[int, ...] = ()  # "854 Dnr": 54 after a misread §, or 854; the sequence decides
    speck: str = ""  # a short word before the case number ("§ 136 Soe Dnr"): the title only if none is below


@dataclass
class Piece:
    """A stretch of the joined text that becomes one record."""

    start: int
    end: int
    title: str
    section: str | None = None
    body_start: int | None = None  # where the text after the title starts
    title_span: tuple[int, int] | None = None  # a title line inside the body ("§ 45" / "Dnr ..." / title)


def join_pages(pages: list[str], paged: bool) -> tuple[str, list[PageText]]:
    parts, marks, offset = [], [], 0
    for number, text in enumerate(pages, start=1):
        marks.append(PageText(number if paged else None, offset))
        parts.append(text)
        offset += len(text) + 1
    return "\n".join(parts), marks


def without_furniture(pages: list[str], layout: Layout) -> list[str]:
    """Pages without what a template prints on every page: the head of the first page repeated on the
    later ones ("KUNGSBACKA KOMMUN  SAMMANTRÄDESPROTOKOLL  3 (14)" / board / "Datum" / date), page
    numbers and signature stamps. Repeated lines are dropped wherever they stand, since a scan read
    again may put a page's head anywhere; the first page keeps its head, which is the document's header.
    A board's name the first page wraps ("Bygg- och" / "miljönämnden") is also looked for whole.
    """
    if not pages:
        return pages
    first_lines = _head_lines(pages[0], layout)
    head = [_furniture_key(l) for l in with_wrapped_names(first_lines, layout)]
    keys = Counter(_furniture_key(l) for page in pages for l in page.splitlines() if l.strip())  # each line once
    running = {key for key in head if key and keys[key] >= 3}
    running |= _page_heads(pages[1:], layout)
    worded = {_words_of(key) for key in set(head) | running if not re.search(r"\d", key)} - {""}
    # a running head as OCR reads it on other pages ("Overférmyndarnamnden", "Protokoll i") is one too
    read_as = {key: next((w for w in worded if len(w) >= MIN_FUZZY_HEAD and _reads_as(_words_of(key), w)), None)
               for key in keys}
    often = Counter()
    for key, found in read_as.items():
        if found:
            often[found] += keys[key]
    fuzzy_heads = {key for key, found in read_as.items() if found and often[found] >= 3}
    cleaned = []
    for number, page in enumerate(pages):
        lines = page.splitlines()
        filled = [n for n, line in enumerate(lines) if line.strip()]
        numbered = {n for n in filled[:1] + filled[-1:] if PAGE_NUMBER_LINE.match(lines[n])}
        heads = set() if number == 0 else {
            n for n in filled if (key := _furniture_key(lines[n])) in running or key in fuzzy_heads}
        # a number alone right above a running head is the page's number, where a scan read again put it mid-page
        numbered |= {n for i, n in enumerate(filled) if SPECKED_NUMBER_LINE.fullmatch(lines[n])
                     and any(m in heads for m in filled[i + 1 : i + 3])}
        kept = [line for n, line in enumerate(lines)
                if not any(p.search(clean_line(line)) for p in layout.furniture) and n not in numbered and n not in heads]
        cleaned.append("\n".join(kept))
    return cleaned


PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*$")  # "7" alone as a page's first or last line: its number
SPECKED_NUMBER_LINE = re.compile(r"[^\w§$]*\d{1,3}[^\w§$]*")  # "44 | | | . |", never "§ 5"
MIN_FUZZY_HEAD = 6  # letters of a running head before OCR's readings of it count (a date must be read exactly)
FUZZY_HEAD_RATIO = 85


def _words_of(key: str) -> str:
    """A head line's words for a fuzzy comparison: without å/ä/ö and OCR's specks at its ends ("Protokoll i")."""
    return fold(re.sub(r"(?:\s+\S{1,2})+$", "", key)).strip(" .:;,'\"°")


def _reads_as(words: str, key: str) -> bool:
    return abs(len(words) - len(key)) <= 3 and fuzz.ratio(words, key) >= FUZZY_HEAD_RATIO


def _head_lines(page: str, layout: Layout) -> list[str]:
    """A page's first lines up to its first § line or case number: a page that starts with its paragraph's
    heading has no head, and its "Beslut" is no running head."""
    lines = [l.strip() for l in page.splitlines() if l.strip()][:HEAD_LINES]
    return list(itertools.takewhile(lambda l: not (layout.section_line.match(l) or layout.case_label.search(l)), lines))


def _page_heads(pages: list[str], layout: Layout) -> set[str]:
    """The running head as the later pages print it: lines among the first of at least three pages and of
    at least half of them ("Överförmyndarnämnden", which the first page wraps as "Överförmyndarnämnde" / "n")."""
    tops = [{_furniture_key(l) for l in _head_lines(page, layout)} for page in pages]
    counts = Counter(key for top in tops for key in top - {""})
    return {key for key, n in counts.items() if n >= 3 and 2 * n >= len(pages) and re.search(r"[^\W\d]{3}", key)}


def _furniture_key(line: str) -> str:
    return " ".join(PAGE_NUMBER.sub("", clean_line(line)).split()).lower()


def page_at(marks: list[PageText], offset: int) -> int | None:
    page = marks[0].number if marks else None
    for mark in marks:
        if mark.start <= offset:
            page = mark.number
    return page


# ---------------------------------------------------------------- § paragraphs

def section_candidates(text: str, layout: Layout) -> list[Candidate]:
    found = []
    headings = {m.start(): m for m in layout.case_heading.finditer(text)}  # "8.41 2026.108 KS"
    headings.update((m.start(), m) for m in layout.labelled_heading.finditer(text))  # "§ 52 a Dnr FG-2024-00256", "854 0 Dnr ..."
    for m in sorted(headings.values(), key=lambda m: m.start()):
        if m["num"] is None:  # "§ A8 2026.157 KS"; "OKEST72 KS KF/2022:7", its number read but not its sign
            number = int(m["glued"]) if m.re is layout.case_heading and m["glued"] else None
            found.append(Candidate(number, False, m.start(), m.end(), "", labelled=True))
            continue
        mark, number = m["mark"] or "", int(m["num"])
        # "854": 54 after a glued sign, or 854; "58124": a speck too, so 8124, 124 ...; the sequence decides
        readings = (number, int(mark + m["num"]), *(int(m["num"][i:]) for i in range(1, len(m["num"])))) \
            if mark.isdigit() else (number,)
        found.append(Candidate(number, mark == "§", m.start(), m.end(), "", labelled=True, readings=readings))
    taken = {c.start for c in found}
    for m in layout.section_line.finditer(text):
        line = m.group()
        if m.start() in taken:
            continue
        if any(p.match(clean_line(line)) for p in layout.continuation) and any(
                c.number == int(m["num"]) and c.start < m.start() for c in found):
            continue  # "§ 11 (forts.)": the page goes on with § 11 (the first one is its heading, however written)
        labelled = layout.case_label.search(m["title"])
        title = clean_line(m["title"][: labelled.start()] if labelled else m["title"]).rstrip(" .")
        speck = ""
        case = layout.case_number.search(title)
        # "KF § 72   KS KF/2022:7", "§ 47 2026:150 KS =": the title is below
        if layout.case_number.fullmatch(TAIL_JUNK.sub("", LEADING_SPECKS.sub("", title))):
            title, labelled = "", True
        elif case and case.end() == len(title) and len(title[: case.start()].strip()) <= MAX_SPECKS:
            title, speck, labelled = "", title, True  # "BUN 52 | ieee > BUN/2023:25": OCR's specks before the number
        elif case and not title[case.end() :].strip(" |.") and DAMAGED_LABEL.fullmatch(title[: case.start()]):
            title, labelled = "", True  # "§ 4 Arendenummer SLK-2023-01023": one word before the number is its label
        elif labelled and len(title) <= 3 and title.isalpha():  # "§ 136 Soe Dnr IF-…": a speck, the title is below
            title, speck = "", title
        strong = m["mark"].startswith("§")
        if title and title[0].islower():
            continue  # "8 27 personer", "§ 92 i kommunfullmäktige": a number in running text
        if not strong and m["mark"].strip() in ("8", "5") and "." in m["title"][:2]:
            continue  # "8. Övrigt": a numbered item
        found.append(Candidate(int(m["num"]), strong, m.start(), m.end(), title, labelled=bool(labelled), speck=speck))
    for m in layout.lost_number_line.finditer(text):
        if m.start() not in taken:
            line_end = text.find("\n", m.start())
            found.append(Candidate(None, False, m.start(), len(text) if line_end < 0 else line_end, "", labelled=True))
    found.sort(key=lambda c: c.start)
    for i, c in enumerate(found):
        nxt = found[i + 1].start if i + 1 < len(found) else len(text)
        line, body = text[c.start : c.line_end], text[c.line_end : nxt].strip()
        c.body_chars = len(body)
        if not c.labelled:  # "§ 8" over "Dnr KS 98/87"
            c.labelled = bool(layout.case_label.match(body.split("\n", 1)[0].strip(" *_"))) if body else False
        c.toc = bool(TOC_LEADER.search(line)) or (not body and bool(TRAILING_PAGE.search(line))) or _toc_entry(body)
    _mark_toc_block(text, found, layout)
    _mark_number_list(text, found)
    _mark_listed_twice(found)
    return found


MIN_RECURRING = 0.6  # of a list's § numbers, at least this share stands again as the body's § lines


def _mark_listed_twice(found: list[Candidate]) -> None:
    """A § number stands once as a paragraph's heading; a list of the §§ makes it stand twice. A run of three
    or more § lines with rising numbers and only a short title under each (the last may run on, where OCR
    lost the heading below it), whose numbers mostly stand again as other § lines, is such a list: the
    contents at the start, however its entries or title were read, or a paragraph's list of the items
    presented ("Föredragningar" / "§ 25 Ekonomiuppföljning" / "§ 27 ..." inside § 25)."""
    standing = Counter(c.number for c in found if c.number is not None and not c.toc)
    for run in _short_runs(found):
        own = Counter(c.number for c in run)
        recurring = sum(standing[c.number] > own[c.number] for c in run)
        if recurring >= max(2, MIN_RECURRING * len(run)):
            standing -= own
            for c in run:
                c.toc = True


def _short_runs(found: list[Candidate]) -> list[list[Candidate]]:
    runs: list[list[Candidate]] = []
    run: list[Candidate] = []
    for c in found + [None]:
        goes_on = (c is not None and not c.toc and c.number is not None and run
                   and c.number > run[-1].number and run[-1].body_chars <= MAX_ENTRY_CHARS)
        if goes_on:
            run.append(c)
            continue
        if len(run) >= MIN_UNTITLED_ENTRIES:
            runs.append(run)
        run = [c] if c is not None and not c.toc and c.number is not None else []
    return runs


def _mark_number_list(text: str, found: list[Candidate]) -> None:
    """A contents list without a title whose § numbers the layout set apart from their titles: "§ 25",
    "§ 26" ... each alone on its line, and the titles below the last one. The last entry's "body" is
    then the list of titles, which would outweigh the paragraph's own heading further on."""
    run: list[Candidate] = []
    for c in found + [None]:
        bare = c is not None and c.strong and c.number is not None and not c.title and not c.labelled
        if bare and run and run[-1].body_chars == 0 and c.number > run[-1].number:
            run.append(c)
            continue
        if len(run) >= 2:
            last = run[-1]
            body = text[last.line_end : last.line_end + last.body_chars + 2]
            titles = [l for l in body.splitlines() if l.strip()]
            if len(run) <= len(titles) <= 3 * len(run) + 2 and all(len(l.strip()) <= 120 for l in titles):
                for entry in run:
                    entry.toc = True
        run = [c] if bare else []


def _toc_entry(body: str, leaders: bool = True) -> bool:
    """Is the text between two § lines the rest of a contents entry: a title (possibly wrapped over a few
    lines) that ends with dot leaders and a page number? Without `leaders`: a title short enough."""
    lines = [l for l in body.splitlines() if l.strip()]
    if not leaders:  # within a contents list: an entry, or two when OCR lost the § line between them
        return len(lines) <= 8 and len(body) <= 700
    if len(lines) > 4 or len(body) > 400:
        return False
    return bool(lines) and bool(TOC_LEADER.search(lines[-1]) or (len(lines) == 1 and len(body) <= 60
                                                                   and TRAILING_PAGE.search(body)))


MIN_UNTITLED_ENTRIES = 3  # a list of the §§ with no "Innehåll" over it: at least this many entries
MAX_ENTRY_CHARS = 200  # ... each a § line whose title may wrap over a line or two, nothing else under it


def _mark_toc_block(text: str, found: list[Candidate], layout: Layout) -> None:
    """After "Innehåll", the § lines are contents entries as long as only a title (a few lines) stands
    between them; the body starts where the numbers start again (at the first entry's number, or
    lower). A number that falls below the first entry's is an OCR misreading inside the list.
    A template may list the §§ with no title over them (Alingsås): § lines at the start, one under the
    other, with numbers that rise and then start again, are such a list too."""
    heading = layout.toc_title.search(text)
    if heading:
        for c in _contents_entries([c for c in found if c.start > heading.end()], text)[0]:
            c.toc = True
        return
    entries, body_start = _contents_entries(found, text)
    # each entry a § line with its title (wrapped at most) and no case number, and the body starting
    # again at the first entry's number or below: not a run of short §§
    listed = [c.number for c in entries if c.number is not None]
    if (body_start is not None and listed and body_start.number <= listed[0] and len(entries) >= MIN_UNTITLED_ENTRIES
            and all(c.body_chars <= MAX_ENTRY_CHARS and not c.labelled for c in entries)):
        for c in entries:
            c.toc = True


def _contents_entries(after: list[Candidate], text: str) -> tuple[list[Candidate], Candidate | None]:
    """The § lines of a contents list that starts at the first of `after`, and the § line where the
    numbers start again after it (None when a paragraph's body ends the list)."""
    entries: list[Candidate] = []
    first = previous = None
    for i, c in enumerate(after):
        number = c.number
        short = _toc_entry(text[c.line_end : c.line_end + c.body_chars + 2].strip(), leaders=False)
        restarts = previous is not None and number is not None and first <= number <= previous
        # just below the first entry and followed by the first entry's number again: the body's first §,
        # whose own entry OCR lost ("§ 8", "§ 9" after a list read as 9, 10, 12, 13)
        following = next((d.number for d in after[i + 1:] if d.number is not None), None)
        restarts = restarts or (first is not None and number is not None and not c.toc
                                and number + 1 == first == following)
        # the list's last entry, with the rest of a list whose § numbers the layout set apart from
        # their titles below it: the numbers start again at the first entry's right after it
        last_entry = (first is not None and number is not None and number > previous and following == first)
        if restarts:
            return entries, c
        if not (short or c.toc or last_entry):
            break
        entries.append(c)
        if number is not None and (first is None or number >= first):
            first = number if first is None else first
            previous = number
    return entries, None


def accepted_sections(candidates: list[Candidate], declared: set[int] | None) -> list[Candidate]:
    """The candidates that are paragraphs: declared, in increasing order, OCR misreads only in sequence.

    A § line with a case number on it is a heading wherever its number lies (a public copy may skip
    many secret §§); a bare "§ 92" further ahead than MAX_SECTION_GAP is a citation.
    """
    _choose_readings([c for c in candidates if not c.toc], declared)
    best: dict[int, Candidate] = {}
    for c in candidates:  # the same number twice: the one with more text (not a cross-reference)
        if c.number is not None and not c.toc and (c.number not in best or c.body_chars > best[c.number].body_chars):
            best[c.number] = c
    pool = sorted(best.values(), key=lambda c: c.start)
    if declared:  # past its end, only § lines with their case number: a declared range may stop one § short
        pool = [c for c in pool if c.number in declared or (c.labelled and c.number > max(declared))]
    accepted: list[Candidate] = []
    for i, c in enumerate(pool):
        prev = accepted[-1].number if accepted else None
        if declared and c.number not in declared:  # one by one after the last declared §
            ok = prev is not None and prev >= max(declared) and c.number == prev + 1
        elif c.strong:
            ok = prev is None or prev < c.number <= prev + MAX_SECTION_GAP or (c.labelled and prev < c.number)
            # "* § 87 VON - Svar på granskning" in a list of other boards' decisions, with "§ 63 2026.113 KS" (the
            # next in the sequence, with its case number) below it: a citation, not a paragraph
            if ok and prev is not None and not c.labelled and c.number > prev + 1 and any(
                    d.labelled and d.number == prev + 1 for d in pool[i + 1 : i + 4]):
                ok = False
        elif prev is not None:
            ok = c.number == prev + 1 or (c.labelled and prev < c.number <= prev + MAX_SECTION_GAP)
        else:
            ok = (declared is not None and c.number == min(declared)) or any(
                d.number == c.number + 1 for d in pool[i + 1 : i + 4])
        if ok:
            accepted.append(c)
    numbers = {c.number for c in accepted}
    # a § line with its case number whose number OCR damaged ("$9 Dnr" for § 91) is read like a lost one
    damaged = [c for c in candidates if c.labelled and not c.toc and c.number is not None and c.number not in numbers]
    return _with_lost_numbers(accepted, [c for c in candidates if c.number is None and not c.toc] + damaged, declared)


# A line that may open the paragraph the sequence expects: OCR's junk, perhaps the board's letters, and digits
# that end with the expected number ("829 |", "1831 2026.0280N —", "KF 878-00"), then what a § line holds
EXPECTED_LINE = re.compile(r"^[^\w\n]{0,4}(?:(?-i:[A-ZÅÄÖ]{1,6})[ \t]?)?[^\w\n]{0,2}(?P<digits>(?:\d{1,2}[.,](?=\d))?\d{1,6})(?!\d)"
                           r"(?P<rest>.*)$", re.MULTILINE)  # "8.37 2026.089": the sign read as "8."
MAX_EXPECTED_SKIP = 4  # a line may open a paragraph this many numbers after the next expected one
MAX_SIGN_DIGITS = 2  # digits OCR may make of the § sign and a speck before the number ("1831" for "§ 31")


def with_expected_headings(text: str, sections: list[Candidate], candidates: list[Candidate],
                           expected: list[int] | None, layout: Layout) -> list[Candidate]:
    """The § lines the sequence expects but no pattern found, looked for by number: numbers rise by one, so
    between § 30 and § 32 (and from the declared range's or the contents list's first number to the
    first paragraph found, and on to its last) the heading of § 31 is the first line that starts with
    digits ending in 31, whatever OCR made of the sign before them, followed by nothing but specks, by a
    case number, or by a title."""
    if not sections:
        return sections
    found = list(sections)
    bounds = [(a, b) for a, b in zip(sections, sections[1:]) if b.number > a.number + 1]
    first, last = sections[0], sections[-1]
    if expected and min(expected) < first.number:
        bounds.insert(0, (None, first))
    if expected and max(expected) > last.number:
        bounds.append((last, None))
    for before, after in bounds:
        number = before.number + 1 if before else min(expected)
        stop = after.number if after else max(expected) + 1
        region_start = before.line_end if before else _contents_end(candidates, after)
        region_end = after.start if after else len(text)
        for m in EXPECTED_LINE.finditer(text, region_start, region_end):
            # the next number, or one after it when OCR left nothing of the next one's heading either
            fitting = [(n, heading) for n in range(number, min(stop, number + MAX_EXPECTED_SKIP + 1))
                       if (heading := _expected_heading(m, n, layout)) is not None]
            if fitting:
                n, heading = max(fitting, key=lambda f: len(str(f[0])))
                found.append(Candidate(n, False, m.start(), m.end(), heading, labelled=not heading))
                number = n + 1
        if stop - number == 1:  # one number still missing: a § sign over a number OCR made letters of ("§ Al")
            lost = SIGN_WITHOUT_NUMBER.search(text, region_start, region_end)
            if lost:
                found.append(Candidate(number, False, lost.start(), lost.end(), "", labelled=True))
    return sorted(found, key=lambda c: c.start)


# "§ Al" for "§ 41": the sign, then a short token that is not a number, and nothing but specks on the line
SIGN_WITHOUT_NUMBER = re.compile(r"^[^\w\n§]{0,3}§[ \t]?(?=[^\W_]{0,2}[^\W\d_])[^\W_]{1,3}[^\w\n]*$", re.MULTILINE)


def _contents_end(candidates: list[Candidate], first: Candidate) -> int:
    """Where the body may start, before the first paragraph found: after the contents list at the start (its
    entries one after the other, up to one with more than a title under it), else at the start."""
    end, previous = 0, None
    for c in candidates:
        if c.start >= first.start or not c.toc or (previous is not None and c.number is not None and c.number <= previous):
            break
        end, previous = c.line_end, c.number if c.number is not None else previous
        if c.body_chars > MAX_ENTRY_CHARS:
            break
    return end


def _expected_heading(m: re.Match, number: int, layout: Layout) -> str | None:
    """The title of a line that opens § `number` (empty: the title is below), None when it does not."""
    digits, rest = re.sub(r"\D", "", m["digits"]), m["rest"]
    wanted = str(number)
    if not digits.endswith(wanted) or len(digits) - len(wanted) > MAX_SIGN_DIGITS:
        return None
    if re.match(r"\s*[.)]", rest) and digits == wanted:
        return None  # "3. de delar ...", "2) ...": an item of a numbered list
    if re.match(r"[-/.:]\d", rest):
        return None  # a date or a case number, not a heading
    words = clean_line(rest)
    if not re.search(r"[^\W\d_]{3}", words):  # only specks after it: "829 |"; a page's number "31" alone is not
        return "" if len(digits) > len(wanted) or m.group().lstrip()[:1] in "§$" else None
    case = layout.case_number.search(words)
    if (layout.case_label.search(words[: MAX_SPECKS + 8]) or re.match(r"\W{0,3}(?:19|20)\d\d\b", words)
            or (case and DAMAGED_LABEL.fullmatch(words[: case.start()]))):
        return ""  # "1831 2026.0280N —", "67 Arendenummer SLK-2023-01017": its case number, the title below
    if words[0].isupper() and len(words) <= 100 and not words.endswith((",", ";")):
        return words.rstrip(" .")
    return None


def _choose_readings(candidates: list[Candidate], declared: set[int] | None) -> None:
    """"854 Dnr" after § 53 is § 54: of a line's readings, the one that continues the sequence, and not
    the number of a § line with its case number further on ("88 Dnr" after § 83, with "§ 88 Dnr" below,
    is § 84 with a digit lost, which _with_lost_numbers reads)."""
    headings = {c.number for c in candidates if c.strong and c.labelled and c.number is not None}
    previous = None
    for c in candidates:
        if len(c.readings) > 1:
            fitting = [n for n in c.readings if (declared is None or n in declared) and n not in headings
                       and (previous is None or previous < n <= previous + MAX_SECTION_GAP)]
            if previous is not None:  # the nearest after the one before; the first: in the order read
                fitting.sort(key=lambda n: n - previous)
            c.number = fitting[0] if fitting else c.readings[0]
            if not fitting:  # "8550 Dnr" (§ 55 and a speck) fits nowhere: the next line is read after § 54
                continue
        # a § line going back ("§ 6 SoL eller 24 e § LSS" after § 130) is a citation: the sequence goes on
        if c.number is not None and (previous is None or previous < c.number <= previous + MAX_SECTION_GAP):
            previous = c.number


def _with_lost_numbers(accepted: list[Candidate], lost: list[Candidate], declared: set[int] | None) -> list[Candidate]:
    """A § line whose number OCR lost gets the number between its neighbours, when exactly one fits;
    one whose number OCR damaged, when what it read is that number with one digit lost or changed."""
    for c in sorted(lost, key=lambda c: c.start):
        before = [a for a in accepted if a.start < c.start]
        after = [a for a in accepted if a.start > c.start]
        if before:
            number = before[-1].number + 1
        elif declared and after:  # the first of the declared range ("Sla Dnr" above § 182 of §§ 181-200)
            number = min(declared)
        else:
            continue
        if (after and after[0].number != number + 1) or (declared and number not in declared):
            continue
        if c.number is not None and not _misread_as(number, c.number):
            continue
        c.number = number
        accepted.insert(len(before), c)
    return accepted


def _misread_as(number: int, read: int) -> bool:
    """Could OCR have read `number` as `read`: one digit lost, added or changed ("91" as "9" or "94")?

    >>> _misread_as(91, 9), _misread_as(91, 94), _misread_as(91, 19), _misread_as(91, 7)
    (True, True, False, False)
    """
    return Levenshtein.distance(str(number), str(read)) <= 1


def section_pieces(text: str, sections: list[Candidate], layout: Layout, listed: dict[int, str] | None = None) -> list[Piece]:
    """The paragraphs' pieces of text and their titles; `listed`: the titles the contents list gives, which
    complete a title whose last line OCR set apart after a blank line."""
    pieces = []
    for i, c in enumerate(sections):
        end = sections[i + 1].start if i + 1 < len(sections) else len(text)
        title, span = c.title, None
        if not title:  # "§ 8" alone, or "§ 8  Dnr KS-2024-1": the title is on the lines after it
            title, span = _title_below(text, c.line_end, end, layout)
            if c.speck and (not title or is_subheading(title, layout)):  # "§ 5 Val Dnr …" over "Beslut"
                title, span = c.speck, None
            elif span and listed and c.number in listed:
                title, span = _completed_title(text, title, span, end, listed[c.number])
        pieces.append(Piece(c.start, end, title.rstrip(" .*"), f"§ {c.number}", c.line_end, span))
    return pieces


LISTED_TITLE_RATIO = 90  # a title below the § line and the start of its contents entry, as alike as OCR leaves them
MAX_COMPLETING_LINES = 2


def _title_key(title: str) -> str:
    return re.sub(r"[\W\d_]", "", fold(title).lower())


def listed_titles(text: str, candidates: list[Candidate]) -> dict[int, str]:
    """The contents list's titles by § number: an entry's § line and the lines it wraps onto."""
    listed = {}
    for c in candidates:
        if c.toc and c.number is not None and c.title and c.body_chars <= MAX_ENTRY_CHARS:
            wrapped = [clean_line(l) for l in text[c.line_end : c.line_end + c.body_chars + 2].splitlines() if l.strip()]
            listed.setdefault(c.number, " ".join([c.title, *wrapped]))
    return listed


def _completed_title(text: str, title: str, span: tuple[int, int], end: int, listed: str) -> tuple[str, tuple[int, int]]:
    """A title below the § line that the contents list gives longer ("… nattvandrar - Irene" over a blank line
    and "Jonsson (S) med flera"): the lines after it that go on as the listed title does belong to it."""
    want = _title_key(listed)
    for _ in range(MAX_COMPLETING_LINES):
        have = _title_key(title)
        if len(have) + 3 >= len(want) or fuzz.ratio(have, want[: len(have)]) < LISTED_TITLE_RATIO:
            break
        following = re.search(r"\S.*", text[span[1] : end])
        if not following:
            break
        line = clean_line(following.group())
        longer = _title_key(f"{title} {line}")
        if not line or len(longer) > len(want) + 3 or fuzz.ratio(longer, want[: len(longer)]) < LISTED_TITLE_RATIO:
            break
        title, span = f"{title} {line}", (span[0], span[1] + following.end())
    return title, span


def _title_below(text: str, start: int, end: int, layout: Layout) -> tuple[str, tuple[int, int] | None]:
    """The title under a § line: the first lines that are not a case number, joined while they wrap,
    up to a blank line or a sub-heading. OCR may put a blank line inside a wrapped title: a long line
    followed, after one blank line, by one that goes on in lower case still belongs to it."""
    lines = [(m, _title_line(clean_line(m.group()))) for m in re.finditer(r"^.*$", text[start:end], re.MULTILINE)]
    title: list[str] = []
    span_start = span_end = None
    for n, (line, cleaned) in enumerate(lines):
        if not title:
            if not cleaned or layout.case_label.match(cleaned):
                continue
        elif not cleaned:
            following = next((c for _, c in lines[n + 1 : n + 2] if c), "")
            # a title cannot end on "med", "och" ...: "(IOP) med" / (blank) / "Nolbygårds intresseförening"
            ends_open = title[-1].rsplit(None, 1)[-1].lower() in WRAP_WORDS
            if (len(title) < MAX_TITLE_LINES and (following[:1].islower() or ends_open)
                    and _wraps(title[-1], following, layout, min_length=45)):
                continue
            break
        elif len(title) >= MAX_TITLE_LINES or not _wraps(title[-1], cleaned, layout):
            break
        if title and _stray_stop(title[-1], cleaned):
            title[-1] = title[-1][:-1]
        title.append(_edge_kept(line.group(), cleaned, " ".join(title)))
        span_start = start + line.start() if span_start is None else span_start
        span_end = start + line.end()
    if not title:
        return "", None
    return _joined(title).rstrip("-"), (span_start, span_end)


def _edge_kept(raw: str, cleaned: str, before: str = "") -> str:
    """A title line as cleaned, with what clean_line takes for edge junk but belongs to the title: the
    hyphen of a date broken at the line end ("2023-01-"), a dash before the next line ("kommun - "),
    the closing quote of a quotation opened in the title (`before`: its lines so far).

    >>> _edge_kept('planera sedan!"  ', 'planera sedan!', 'angående "Lyssna först,')
    'planera sedan!"'
    >>> _edge_kept('i Alingsås kommun - ', 'i Alingsås kommun'), _edge_kept('tiden 2023-01-', 'tiden 2023-01')
    ('i Alingsås kommun -', 'tiden 2023-01-')
    """
    raw = raw.rstrip()
    end = raw[-1:]
    if end in "-–" and cleaned[-1:].isdigit():
        return cleaned + end
    if end in "-–" and raw[-2:-1] == " ":
        return f"{cleaned} {end}"
    if end in ('"', "”") and f"{before} {cleaned}".count(end) % 2 == 1:  # Swedish ”…” opens and closes alike
        return cleaned + end
    return cleaned


def _joined(lines: list[str]) -> str:
    """Wrapped title lines as one: with a space, except a date broken after its hyphen ("2023-01-" / "01").

    >>> _joined(["för tiden 2023-01-", "01 - 2026-12-31", "samt kultur-", "och fritid"])
    'för tiden 2023-01-01 - 2026-12-31 samt kultur- och fritid'
    """
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"\d-$", text) and line[:1].isdigit() else " " + line
    return text


WRAPPED_WIDTH = 60  # a title line this long ran to the right margin
WRAP_WORDS = {"och", "i", "av", "för", "till", "med", "om", "på", "inom", "samt", "från", "vid", "enligt", "mellan"}
TAIL_JUNK = re.compile(r"(?:\s+[^\w\s()\[\]\"'’”?!]{1,3})+$")  # OCR's specks after a title: "Ekonomisk - :"


def _title_line(line: str) -> str:
    """A title line without what OCR added at its end: specks of punctuation ("Ekonomisk - :"), or a full
    stop after a word that cannot end a title ("omsorg med."). A dash alone is kept: it may be the title's.

    >>> _title_line("Myrstacken i Åsa Ekonomisk - :"), _title_line("omsorg med."), _title_line("Ärende –")
    ('Myrstacken i Åsa Ekonomisk', 'omsorg med', 'Ärende –')
    """
    tail = TAIL_JUNK.search(line)
    if tail and tail.group().strip() not in ("-", "–", "—"):
        line = line[: tail.start()]
    words = line[:-1].split()
    if line.endswith(".") and words and words[-1].lower() in WRAP_WORDS:
        line = line[:-1]
    return line


def _wraps(line: str, following: str, layout: Layout, min_length: int = 40) -> bool:
    """Does a title line go on on the next line? Only a long line without a full stop does, and only
    into a line that continues it: in lower case, a number ("1:116, Särö"), "(" or "§", after "och",
    "i" ..., or after a line nearly as wide as the page (WRAPPED_WIDTH), which was wrapped, into a
    line that is not a sentence.
    """
    heading = re.sub(r"^\w\s+(?=[A-ZÅÄÖ])", "", following)  # "i Arendebeskrivning": a speck before a sub-heading
    if (len(line) < min_length or (line[-1:] in ".:;" and not _stray_stop(line, following)) or not following
            or is_subheading(heading, layout) or decision_heading(heading, layout)):
        return False
    last_word = line.rsplit(None, 1)[-1].lower()
    return (following[0].islower() or following[0].isdigit() or following[0] in "(§" or last_word in WRAP_WORDS
            or line.endswith(("-", "–")) or (len(line) >= WRAPPED_WIDTH and not following.endswith(".")))


def _stray_stop(line: str, following: str) -> bool:
    """A full stop, colon or semicolon OCR put (or made of a comma) after a word in the middle of a title: the
    next line goes on in lower case ("… Myrstacken i Åsa Ekonomisk." over "förening om …", "… Hallands län:"
    over "i ärende …", "bolag;" over "intresseorganisationer"), which no new sentence does; not "m.m."."""
    return line.endswith((".", ":", ";")) and following[:1].islower() and "." not in line.rsplit(None, 1)[-1][:-1]


# ---------------------------------------------------------------- headings

@dataclass
class Block:
    start: int
    end: int
    text: str


def blocks_of(text: str) -> list[Block]:
    """Runs of non-blank lines. OCR often loses the blank line before or after a heading, so a
    short title-like first line of a longer run, or last line after a finished sentence, is split
    off as a block of its own."""
    blocks = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        lines = m.group().split("\n")
        offsets = [m.start()]
        for line in lines[:-1]:
            offsets.append(offsets[-1] + len(line) + 1)
        cut = [0, len(lines)]
        if len(lines) > 1 and _short_heading(lines[0]) and len(lines[1].strip()) >= 50:
            cut.insert(1, 1)
        if len(lines) > 2 and _short_heading(lines[-1]) and lines[-2].rstrip()[-1:] in ".!?":
            cut.insert(-1, len(lines) - 1)
        for a, b in zip(cut, cut[1:]):
            blocks.append(Block(offsets[a], offsets[b - 1] + len(lines[b - 1]), "\n".join(lines[a:b])))
    return blocks


def _short_heading(line: str) -> bool:
    cleaned = clean_line(line)
    return 0 < len(cleaned) <= 50 and cleaned[-1] != "." and _looks_like_heading(Block(0, len(line), line))


# A heading that ends with a full stop is a noun phrase ("Skolutveckling i Arvika kommun."), unless
# it has one of these finite verbs, which make it a sentence of a list; these first words are headings.
FINITE_VERBS = {"är", "har", "blir", "kan", "ska", "bör", "behöver", "måste", "finns", "var", "hade", "kommer",
                "får", "gör", "vill", "skulle", "blev", "fick", "går", "ser"}
HEADING_WORDS = ("information", "dialog", "presentation", "redovisning", "diskussion", "genomgång",
                 "uppföljning", "återkoppling", "besök", "rapport", "hur ", "vad ", "varför ")
DOC_TITLE = re.compile(r"^\W*(?:\w+)?(?:protokoll|anteckningar|rapport|skrivelse|berättelse|utlåtande)", re.I)


def _looks_like_heading(block: Block) -> bool:
    line = _heading_text(block.text)
    if "\n" in block.text.strip() or not line or len(line) > 110 or len(line.split()) > 16:
        return False
    if DOC_TITLE.match(line):  # the document's own title belongs to its front matter
        return False
    if line[-1] == "." and not line.lower().startswith(HEADING_WORDS) and (
            len(line.split()) > 6 or FINITE_VERBS & set(re.findall(r"\w+", line.lower()))):
        return False
    if find_dates(line):  # "Möte 16/9 2019, Länsstyrelsen" belongs to the front matter
        return False
    if not (line[0].isupper() or line[0].isdigit()) or line[-1] in ",;:-–" or line.startswith(("[", "- ", "•")):
        return False
    if re.fullmatch(r"[\d\s./:-]+", line) or meta_.LABEL_LINE.match(line):
        return False
    return bool(re.search(r"[a-zåäö]{2}", line))


def _heading_text(text: str) -> str:
    """A heading line as a title: OCR often adds a full stop or colon to a one-word heading."""
    line = clean_line(text)
    return line.rstrip(".:") if len(line.split()) <= 3 and line[-1:] in ".:" else line


def heading_pieces(text: str) -> list[Piece]:
    """Split at headings: a title-like block followed by a longer block (or by a sub-heading that is)."""
    blocks = blocks_of(text)

    def is_heading(i: int, depth: int = 0) -> bool:
        if i + 1 >= len(blocks) or not _looks_like_heading(blocks[i]):
            return False
        line, following = _heading_text(blocks[i].text), blocks[i + 1].text.strip()
        if line[-1] in ".?!":
            return len(following) >= max(100, 1.5 * len(line))
        if len(following) >= 40 and not _looks_like_heading(blocks[i + 1]):
            return True
        return depth == 0 and is_heading(i + 1, depth + 1)

    heads = [i for i in range(len(blocks)) if is_heading(i)]
    pieces: list[Piece] = []
    for n, i in enumerate(heads):
        end = blocks[heads[n + 1]].start if n + 1 < len(heads) else len(text)
        pieces.append(Piece(blocks[i].start, end, _heading_text(blocks[i].text), None, blocks[i].end))
    return _merge_empty(text, pieces)


def _merge_empty(text: str, pieces: list[Piece]) -> list[Piece]:
    """A heading directly followed by another is the parent: "Påverkan av Covid-19 – Lärcentra"."""
    merged: list[Piece] = []
    parent = None
    for piece in pieces:
        if not text[piece.body_start : piece.end].strip():
            parent = piece if parent is None else Piece(parent.start, piece.end, f"{parent.title} – {piece.title}")
            continue
        if parent is not None and parent.end == piece.start:
            piece = Piece(parent.start, piece.end, f"{parent.title} – {piece.title}", None, piece.body_start)
        merged.append(piece)
        parent = None
    return merged


def sized_pieces(text: str, start: int, end: int, title: str, section: str | None = None) -> list[Piece]:
    """Cut a long stretch at blank lines into pieces of at most MAX_CHARS."""
    pieces, piece_start = [], start
    for block in blocks_of(text[start:end]):
        block_end = start + block.end
        if block_end - piece_start > MAX_CHARS and start + block.start > piece_start:
            pieces.append(Piece(piece_start, start + block.start, title, section, piece_start))
            piece_start = start + block.start
    if pieces and end - piece_start < MAX_CHARS // 8:  # no stub at the end: the last piece runs a little over
        piece_start = pieces.pop().start
    pieces.append(Piece(piece_start, end, title, section, piece_start))
    for n, piece in enumerate(pieces[1:], start=2):
        piece.title = f"{title} ({n})"
    return pieces


def page_pieces(text: str, marks: list[PageText]) -> list[Piece]:
    if not marks or marks[0].number is None:
        first = next((clean_line(l) for l in text.splitlines() if l.strip()), "")
        return sized_pieces(text, 0, len(text), first[:120])
    pieces = []
    for n, mark in enumerate(marks):
        end = marks[n + 1].start - 1 if n + 1 < len(marks) else len(text)
        page_text = text[mark.start : end]
        if page_text.strip():
            first = next(clean_line(l) for l in page_text.splitlines() if l.strip())
            pieces.append(Piece(mark.start, end, first[:120], None, mark.start))
    return pieces


# ---------------------------------------------------------------- the document

def analyse(doc: Document, pages: list[str]) -> tuple[DocumentMeta, list[Paragraph]]:
    """Split the document and read its metadata; the two check each other (declared § range)."""
    layout = load_layout()
    text, marks = join_pages(without_furniture(pages, layout), doc.paged)
    candidates = section_candidates(text, layout)
    first_section = min((c.start for c in candidates if not c.toc), default=len(text))
    head = text[:first_section] if first_section < len(text) else _head(text)
    fields = meta_.header_fields(head)
    declared = meta_.declared_numbers_of(fields, head)
    if declared and declared[-1] - declared[0] > MAX_DECLARED_SPAN:
        declared = None  # "Paragrafer: 101-1046" is a misread, not a meeting
    sections = accepted_sections(candidates, set(declared) if declared else None)
    if declared and not sections and len(accepted_sections(candidates, None)) >= 2:
        declared = None  # the range was misread: none of the paragraphs lies in it
        sections = accepted_sections(candidates, None)
    listed = sorted({c.number for c in candidates if c.toc and c.number is not None})
    sections = with_expected_headings(text, sections, candidates, declared or listed, layout)
    if len(sections) == 1 and not declared and not re.search(r"protokoll", _head(text), re.I):
        sections = []  # one stray "§ 92" at a line start is a reference, not a protokoll
    if sections:
        pieces = section_pieces(text, sections, layout, listed_titles(text, candidates))
    else:
        pieces = heading_pieces(text) or page_pieces(text, marks)
    header = text[: pieces[0].start] if pieces else text
    if not sections:
        fields = meta_.header_fields(header if header.strip() else _head(text))
        fields.update(_fields_from_headings(text, pieces, fields))
    info = _document_meta(doc, text, header, fields, pieces, declared)
    info.signing_date = meta_.signing_date_of(text, header, layout)
    info.sections = [p.section for p in pieces if p.section]
    if declared:
        wanted = [f"§ {n}" for n in declared]
        info.missing_sections = [s for s in wanted if s not in info.sections]
        info.unexpected_sections = [s for s in info.sections if s not in wanted]
        if info.missing_sections:  # a notice for --verbose; `protokoll show` prints it too, cron stays quiet
            log.info("%s: declared §§ %s, not found: %s", doc.source, info.declared_range,
                        ", ".join(info.missing_sections[:10]) + (" ..." if len(info.missing_sections) > 10 else ""))
    front = header[: _contents_start(header, candidates, layout)] if sections else header
    return info, _records(doc, text, marks, front, pieces, info, layout)


def _contents_start(header: str, candidates: list[Candidate], layout: Layout) -> int:
    """Where the contents list of a protokoll's header starts ("Innehåll" over its § entries, which run to
    the first paragraph): the front record leaves it out, so that its titles and case numbers, which are
    the paragraphs', find the paragraphs and not the front. The header's length when it has none."""
    heading = layout.toc_title.search(header)
    if heading and any(c.toc and heading.end() <= c.start < len(header) for c in candidates):
        return heading.start()
    return len(header)


def _fields_from_headings(text: str, pieces: list[Piece], known: dict[str, str]) -> dict[str, str]:
    """Notes put "Närvarande" or "Nästa möte" as headings: their sections are those fields."""
    found = {}
    for piece in pieces:
        key = meta_.label_key(piece.title)
        if key in ("present", "absent", "next") and key not in known and piece.body_start is not None:
            found[key] = text[piece.body_start : piece.end].strip()
    return found


def _head(text: str, lines: int = 25) -> str:
    return "\n".join(text.splitlines()[:lines])


def _document_meta(doc: Document, text: str, header: str, fields: dict[str, str], pieces: list[Piece],
                   declared: list[int] | None) -> DocumentMeta:
    head = header if header.strip() else _head(text)
    body_text = text[len(header):]
    info = DocumentMeta()
    info.title = _title(head)
    info.doc_type = meta_.detect_doc_type(head, text, len([p for p in pieces if p.section]))
    info.date = meta_.first_dated(fields, header) or meta_.running_date(text)
    info.case_numbers = meta_.find_case_numbers(head)
    info.present = meta_.parse_people(fields.get("present", ""))
    info.absent = meta_.parse_people(fields.get("absent", ""))
    first_text = text[pieces[0].start : pieces[0].end] if pieces else ""
    info.justerare = meta_.parse_justerare(fields.get("justerare", ""), first_text)
    info.next_meeting = " ".join(fields["next"].split()) if fields.get("next") else None
    info.next_meeting_date = first_date(info.next_meeting or "")
    info.declared_range = meta_.declared_text(declared) if declared else None
    info.place = _place(fields)
    info.body = meta_.detect_body(header, text, info.case_numbers)
    evidence = _evidence(header, body_text, fields, pieces, text)  # no front matter: no title lines
    gaz = load_gazetteer()
    info.organisation, info.organisation_as_written, info.county = meta_.choose_organisation(evidence, gaz, info.body)
    if doc.org_override:
        resolved = gaz.resolve(doc.org_override)
        info.organisation = resolved.name if resolved else doc.org_override
        info.organisation_as_written = doc.org_override
    return info


def _title(head: str) -> str:
    lines = [clean_line(l) for l in _without_toc(head, load_layout()).splitlines() if l.strip()]
    lines = [l for l in lines if not meta_.LABEL_LINE.match(l) and not meta_.label_key(l)
             and not re.fullmatch(r"[\d\s./:-]+", l)]
    # "Protokollet är justerat." speaks of the protokoll; it is not its title
    typed = [l for l in lines[:12] if DOC_TITLE.match(l) and not re.match(r"\W*protokollet\b", l, re.I)]
    return " ".join((typed or lines or [""])[0].split())[:200]  # pdftotext -layout sets fields apart


def _place(fields: dict[str, str]) -> str | None:
    if fields.get("place"):
        return " ".join(fields["place"].split())
    when = " ".join(fields.get("when", "").split())
    after_time = re.split(r"\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?,?", when, maxsplit=1)
    return after_time[1].strip(" ,") or None if len(after_time) == 2 else None


def _evidence(head: str, body_text: str, fields: dict[str, str], pieces: list[Piece], text: str) -> Evidence:
    lines = [clean_line(l) for l in head.splitlines() if l.strip()]
    title = "\n".join([l for l in lines if not meta_.LABEL_LINE.match(l)][:3] + [fields.get("place", ""),
                                                                                 fields.get("when", "")])
    header = "\n".join(v for k, v in fields.items() if k not in ("present", "absent", "place", "when"))
    participants = "\n".join([fields.get("present", ""), fields.get("absent", "")])
    for piece in pieces:  # a "Deltagare" section of notes lists who took part
        if re.match(r"(?i)(deltagare|närvarande)\b", piece.title):
            participants += "\n" + text[piece.body_start : piece.end]
    return Evidence(title, header, participants, body_text)


def _records(doc: Document, text: str, marks: list[PageText], header: str, pieces: list[Piece],
             info: DocumentMeta, layout: Layout) -> list[Paragraph]:
    records: list[Paragraph] = []
    headings: dict[str, str] = {}  # section -> its heading area
    front = _without_toc(header, layout).strip()
    proposing = is_proposing(info.body, layout)
    if front:  # in a protokoll, the front's case numbers are those it names, not its paragraphs' in the contents
        named = replace(info, case_numbers=meta_.find_case_numbers(front)) if pieces and pieces[0].section else info
        records.append(_paragraph(doc, 0, info.title or "Inledning", front, None, page_at(marks, 0), named, layout,
                                  front=True))
    for piece in pieces:
        if piece.section is None and not piece.title and not text[piece.start : piece.end].strip():
            continue
        expanded = [piece] if piece.section or piece.end - piece.start <= MAX_CHARS else \
            sized_pieces(text, piece.start, piece.end, piece.title)
        for part in expanded:
            start = part.body_start if part.body_start is not None else part.start
            span = part.title_span or (start, start)
            body = (text[start : span[0]] + text[span[1] : part.end]).strip()
            heading = _heading_area(text, part, layout) if part.section else None
            if part.section:
                headings[part.section] = heading
            records.append(_paragraph(doc, len(records), part.title, body, part.section,
                                      page_at(marks, part.start), info, layout, heading=heading, proposing=proposing))
    sections = [r for r in records if r.section]
    board_prefixes = meta_.board_prefixes(info.body)
    spelled = document_series(case_numbers_in(text, layout))
    for record, cases in zip(sections, repaired_prefixes([r.case_numbers for r in sections], layout, board_prefixes)):
        if not cases:  # "1831 2026.0280N —": a series glued to the number
            cases = glued_series(headings[record.section], spelled, layout)
        record.case_numbers = with_document_letters(cases, spelled)
    return records


def _heading_area(text: str, piece: Piece, layout: Layout) -> str:
    """The § line, the title and the case-number lines around it: where a paragraph's own case numbers stand."""
    end = piece.title_span[1] if piece.title_span else piece.body_start or piece.start
    area = [text[piece.start : end]]
    seen = 0
    for line in text[end : piece.end].splitlines():
        cleaned = clean_line(line)
        if not cleaned:
            continue
        seen += 1
        if seen > 3 or not layout.case_label.match(cleaned):
            break
        area.append(cleaned)
    return "\n".join(area)


def _without_toc(header: str, layout: Layout) -> str:
    kept = [l for l in header.splitlines() if not TOC_LEADER.search(l)
            and not (layout.section_line.match(l) and TRAILING_PAGE.search(l))]
    return "\n".join(kept)


def _paragraph(doc: Document, ordinal: int, title: str, text: str, section: str | None, page: int | None,
               info: DocumentMeta, layout: Layout, front: bool = False, heading: str | None = None,
               proposing: bool = False) -> Paragraph:
    decision = None if front else decision_of(text, layout, proposing)
    # A § paragraph's own case numbers stand in its heading; other documents' anywhere in the section.
    cases = own_case_numbers(heading, layout) if heading is not None else meta_.find_case_numbers(f"{title}\n{text}")
    if info.doc_type != "protokoll" or front:  # a report or memo is about its own case throughout
        cases = list(dict.fromkeys(info.case_numbers + cases))
    return Paragraph(
        id=f"{doc.id[:16]}-{ordinal:03d}", doc_id=doc.id, source=doc.source, ordinal=ordinal,
        title=title, text=text, section=section, page=page, date=info.date,
        organisation=info.organisation, organisation_as_written=info.organisation_as_written, body=info.body,
        doc_type=info.doc_type, topics=topics_of(f"{title}\n{text}"), is_decision=decision is not None,
        decision=decision, case_numbers=cases, references=[] if front else references_in(text, cases, layout),
        signing_date=info.signing_date)


def document_metadata(doc: Document, pages: list[str]) -> DocumentMeta:
    """Per-document values (participants, justerare, next meeting, declared § range) for show and the web."""
    return analyse(doc, pages)[0]


def split_paragraphs(doc: Document, pages: list[str]) -> list[Paragraph]:
    return analyse(doc, pages)[1]
