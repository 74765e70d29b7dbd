"""§ headings: which lines of a document open a paragraph, and which are contents entries.

A § line is a candidate (`section_candidates`): "§ 27", OCR's "8 27" / "$ 27", a § line with its case
number read through specks, a line whose number OCR lost. Contents lists (after "Innehåll", or a run of
§ lines with short titles whose numbers stand again further on) are marked, and `accepted_sections`
keeps the candidates that are paragraphs: declared, in sequence, OCR misreadings only where the
sequence confirms them. `with_expected_headings` looks for the headings the sequence expects but no
pattern found; `listed_titles` gives the contents list's titles by § number.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from protokoll.structure.layout import Layout
from protokoll.structure.metadata import MAX_SIGN_DIGITS, clean_line
from protokoll.structure.titles import TAIL_JUNK, is_case_line

TOC_LEADER = re.compile(r"(?:\.{3,}|…+|(?:\. ?){3,}|\t)\s*\d{1,3}\s*$")
TRAILING_PAGE = re.compile(r"\s\d{1,3}\s*$")
MAX_SECTION_GAP = 25  # a § number further ahead than this is a reference (public copies skip secret §§)

DAMAGED_LABEL = re.compile(r"\W*[^\W\d_]{3,16}\W*(?:[^\W\d_]\W*)?\s*")  # "Arendenummer", "Ärsadenummer", "Arendenummer'S"
MAX_SPECKS = 8  # characters of OCR specks between a § number and the case number after it
# a case number as OCR may join it with specks ("2022.236.KS", "2025.493:KS"): a year, a number, perhaps letters
NUMBER_ONLY = re.compile(r"[\W_]*(?:19|20)\d\d[\W_]{1,3}\d{1,6}(?:[\W_]{1,3}(?-i:[A-ZÅÄÖ]{1,6}))?[\W_]*")
LEADING_SPECKS = re.compile(r"^(?:(?:[^\w\s]+|\d{1,2})\s+)+")  # "0 0 KS KF/2022:7" as OCR reads the gap before it


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
    letter: str = ""  # "§ 3 a", "§ 3 b": one number split by letter, its paragraphs lettered a, b ... in order

    @property
    def section(self) -> str:
        return f"§ {self.number} {self.letter}" if self.letter else f"§ {self.number}"



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
        title = _joined_title(clean_line(m["title"]), layout) or ""  # "§ 262 Arendenummer SLK-2026-00014-Stadsdirektörens …"
        # "854": 54 after a glued sign, or 854; "58124": a speck too, so 8124, 124 ...; the sequence decides
        readings = (number, int(mark + m["num"]), *(int(m["num"][i:]) for i in range(1, len(m["num"])))) \
            if mark.isdigit() else (number,)
        found.append(Candidate(number, mark == "§", m.start(), m.end(), title, labelled=True, readings=readings))
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
        joined = _joined_title(title, layout)
        if joined:
            title, labelled = joined, True
        case = layout.case_number.search(title)
        # "KF § 72   KS KF/2022:7", "§ 47 2026:150 KS =": the title is below
        if layout.case_number.fullmatch(TAIL_JUNK.sub("", LEADING_SPECKS.sub("", title))):
            title, labelled = "", True
        elif case and case.end() == len(title) and len(title[: case.start()].strip()) <= MAX_SPECKS:
            title, speck, labelled = "", title, True  # "BUN 52 | ieee > BUN/2023:25": OCR's specks before the number
        elif case and not title[case.end() :].strip(" |.-") and DAMAGED_LABEL.fullmatch(title[: case.start()]):
            title, labelled = "", True  # "§ 4 Arendenummer SLK-2023-01023": one word before the number is its label
        elif is_case_line(title, layout):  # "§ 236 Arendenummer SLK-2025-01319 ©": a damaged case number, the title below
            title, labelled = "", True
        elif labelled and len(title) <= 3 and title.isalpha():  # "§ 136 Soe Dnr IF-…": a speck, the title is below
            title, speck = "", title
        elif NUMBER_ONLY.fullmatch(title):  # "§ 107 2022.236.KS": no title is a year and a number, however joined
            title, speck, labelled = "", title, True
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
    _mark_lettered(text, found)
    return found


def _joined_title(title: str, layout: Layout) -> str | None:
    """The title OCR joined on at the case number's line-end hyphen ("Arendenummer SLK-2023-00011-Inkomna remisser …"),
    None when the line holds none."""
    for hyphen in re.finditer(r"-(?=[A-ZÅÄÖ][a-zåäö])", title):
        before = title[: hyphen.start()]
        case = layout.case_number.search(before)
        if case and case.end() == len(before) and DAMAGED_LABEL.fullmatch(before[: case.start()] or "Dnr"):
            return title[hyphen.end() :]
    return None


def _mark_lettered(text: str, found: list[Candidate]) -> None:
    """A number a template splits by letter ("KS § 3 a" / "KS § 3 b"): every § line of that number has a letter
    after it, and the letters run a, b, c ... in order. One line's "§ 52 a Dnr" is OCR's speck, not a letter."""
    by_number: dict[int, list[tuple[Candidate, str]]] = {}
    for c in found:
        if c.number is not None and not c.toc:
            # after the sign or OCR's 8 for it ("KS 83 b": § 3 b)
            letter = re.search(rf"(?:(?<!\d)|(?<=[^\d]8)){c.number}[ \t]?([a-h])(?!\w)", text[c.start : c.line_end])
            by_number.setdefault(c.number, []).append((c, letter[1] if letter else ""))
    for group in by_number.values():
        if len(group) >= 2 and [letter for _, letter in group] == [chr(ord("a") + i) for i in range(len(group))]:
            for c, letter in group:
                c.letter = letter


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
    best: dict[tuple[int, str], Candidate] = {}
    for c in candidates:  # the same number twice: the one with more text (not a cross-reference)
        key = (c.number, c.letter)
        if c.number is not None and not c.toc and (key not in best or c.body_chars > best[key].body_chars):
            best[key] = c
    pool = sorted(best.values(), key=lambda c: c.start)
    if declared:  # past its end, only § lines with their case number: a declared range may stop one § short
        pool = [c for c in pool if c.number in declared or (c.labelled and c.number > max(declared))]
    accepted: list[Candidate] = []
    for i, c in enumerate(pool):
        prev = accepted[-1].number if accepted else None
        if c.letter > "a" and accepted and prev == c.number and "" < accepted[-1].letter < c.letter:
            ok = True  # "§ 3 b" after "§ 3 a"
        elif declared and c.number not in declared:  # one by one after the last declared §
            ok = prev is not None and (prev >= max(declared) and c.number == prev + 1 or (
                # the § after the range, with its sign and case number, where OCR left the last declared one unread
                c.strong and c.labelled and c.number == max(declared) + 1 and prev >= max(declared) - MAX_EXPECTED_SKIP))
        elif c.strong:
            # far ahead with its case number: a public copy that skips secret §§, unless the § lines after it go on
            # from the one before ("§ 358 3 Ärendenummer" between § 257 and § 259: § 258 read a digit off)
            ok = prev is None or prev < c.number <= _gap_end(prev, declared) or (
                c.labelled and prev < c.number and not any(prev < d.number < c.number for d in pool[i + 1 : i + 4]))
            # "* § 87 VON - Svar på granskning" in a list of other boards' decisions, with "§ 63 2026.113 KS" (the
            # next in the sequence, with its case number) below it: a citation, not a paragraph
            if ok and prev is not None and not c.labelled and c.number > prev + 1 and any(
                    d.labelled and d.number == prev + 1 for d in pool[i + 1 : i + 4]):
                ok = False
        elif prev is not None:
            ok = c.number == _following(prev, declared) or (c.labelled and prev < c.number <= _gap_end(prev, declared))
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
# that end with the expected number ("829 |", "1831 2026.0280N —", "KF 878-00"), or the number after the sign
# read as one character and a space ("KF 3 76 | KS KF/2022:194", "KF.S 77"), then what a § line holds
EXPECTED_LINE = re.compile(r"^[^\w\n]{0,4}(?:(?-i:[A-ZÅÄÖ]{1,6})[ \t]?|(?P<sign>(?-i:[a-zåäö]))(?=[§$]?\d))?"
                           r"(?:[.,]?(?P<spaced>[§$S35689]{1,2})[ \t]+(?=\d))?[^\w\n]{0,2}(?P<digits>(?:\d{1,2}[.,:](?=\d))?\d{1,6})(?!\d)"
                           r"(?P<rest>.*)$", re.MULTILINE)  # "8.37 2026.089", "KE 8:74": the sign read as "8." or "8:"; "8§ 78"
MAX_EXPECTED_SKIP = 4  # a line may open a paragraph this many numbers after the next expected one


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
    listed = listed_titles(text, candidates)
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
            span = lost.span() if lost else (_only_labelled_line(text, region_start, region_end, number, layout)
                                              or _only_case_line(text, region_start, region_end, layout))
            title = ""
            if not span and number in listed:  # or OCR lost the whole § line: the paragraph opens at its listed title
                span, title = _listed_title_line(text, region_start, region_end, listed[number])
            if span:
                found.append(Candidate(number, False, span[0], span[1], title, labelled=not title))
    return sorted(_damaged_between(found, candidates), key=lambda c: c.start)


def _damaged_between(found: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """A § line with its case number whose number OCR read a digit off ("§ 358 3 Ärendenummer") between two
    paragraphs one number apart from it on each side (§ 257 and § 259, found by number) is the one between."""
    numbers = {c.number for c in found}
    for c in candidates:
        if not c.labelled or c.toc or c.number is None or c.number in numbers:
            continue
        before = max((f for f in found if f.start < c.start), key=lambda f: f.start, default=None)
        after = min((f for f in found if f.start > c.start), key=lambda f: f.start, default=None)
        if (before and after and after.number == before.number + 2 and before.number + 1 not in numbers
                and _misread_as(before.number + 1, c.number)):
            c.number = before.number + 1
            numbers.add(c.number)
            found.append(c)
    return found


def _only_case_line(text: str, start: int, end: int, layout: Layout) -> tuple[int, int] | None:
    """The one line between two paragraphs that ends with a case number after a few specks, no word ('KSST "KS
    KF/2025:5': "KS § 1" read as letters); None when no line or two lines do."""
    def specks_and_case(line: str) -> bool:
        case = layout.case_number.search(line)
        before = line[: case.start()].strip(" \"'|>~-_") if case else ""
        return bool(case and before and len(before) <= MAX_SPECKS and " " not in before
                    and not line[case.end() :].strip(" |.,:;-_\"'"))

    line = _the_one_line(text, start, end, specks_and_case)
    return (start + line.start(), start + line.end()) if line else None


def _the_one_line(text: str, start: int, end: int, reads_so: Callable[[str], bool]) -> re.Match | None:
    """The one line of text[start:end] that `reads_so`; None when no line or two lines do."""
    found = [line for line in re.finditer(r"^.+$", text[start:end], re.MULTILINE) if reads_so(line.group())]
    return found[0] if len(found) == 1 else None


def _listed_title_line(text: str, start: int, end: int, listed: str) -> tuple[tuple[int, int] | None, str]:
    """The one line between two paragraphs that reads as the contents list's title of the § missing there
    ('"Information .' for "§ 1 Information"), as its span and title; (None, "") when no line or two lines do."""
    line = _the_one_line(text, start, end, lambda line: fuzz.ratio(clean_line(line).rstrip(" .").casefold(),
                                                                   listed.casefold()) >= LISTED_LINE_RATIO)
    if line is None:
        return None, ""
    return (start + line.start(), start + line.end()), clean_line(line.group()).rstrip(" .")


LISTED_LINE_RATIO = 90  # a line as alike as this to the contents list's title, OCR's damage aside


def _only_labelled_line(text: str, start: int, end: int, number: int, layout: Layout) -> tuple[int, int] | None:
    """The one line between two paragraphs that reads as a § line with its case number whatever OCR made of the
    sign: a label and case number near its start, after nothing but specks and digits that hold the missing
    number ("se 84002 Dnr FG-2024-00003 »" between § 83 and § 85). None when no line or two lines do."""
    def labelled(line: str) -> bool:
        label = layout.case_label.search(line)
        return bool(label and label.start() <= MAX_SPECKS + 8 and layout.labelled_case.search(line)
                    and str(number) in re.sub(r"\D", "", line[: label.start()])
                    and not re.search(r"[^\W\d_]{3}", line[: label.start()]))

    line = _the_one_line(text, start, end, labelled)
    return (start + line.start(), start + line.end()) if line else None


# a word glued to a case number's prefix letters ("DariIF-2024-00281", "Dar]FG-2024-1"): its label as OCR read it
GLUED_LABEL_CASE = re.compile(r"[^\W\d_]{1,6}\W?(?-i:[A-ZÅÄÖ]{1,6})[-/](?:19|20)\d\d[-/:.]\d")
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
    if not digits.endswith(wanted) and _case_follows(clean_line(rest), layout):  # "KF 811200 KS KF/2024:292": specks read as digits
        digits = next((digits[:-cut] for cut in range(1, MAX_SIGN_DIGITS + 1) if digits[:-cut].endswith(wanted)), digits)
    if not digits.endswith(wanted) or len(digits) - len(wanted) > MAX_SIGN_DIGITS:
        return None
    words = clean_line(rest)
    case = layout.case_number.search(words)
    # its case number after specks (letters of no word): "KE $73 KS KF/2022:217", "KF 8§ 78 . KS KF/2022:206"
    case_first = bool(case) and not re.search(r"[^\W\d_]{3}", words[: case.start()])
    if re.match(r"\s*[.)]", rest) and digits == wanted and not (case_first and m["spaced"]):
        return None  # "3. de delar ...", "2) ...": an item of a numbered list
    if re.match(r"[-/.:]\d", rest) and m.group().lstrip()[:1] not in "§$":
        return None  # a date or a case number, not a heading; after a sign ("$:99-2025.493:KS") its case number
    if case_first:
        return ""  # the title below
    if not re.search(r"[^\W\d_]{3}", words):  # only specks after it: "829 |"; a page's number "31" alone is not
        # ... but "s121 |", the sign read as a letter glued to the number, is
        return "" if len(digits) > len(wanted) or m.group().lstrip()[:1] in "§$" or m["sign"] or m["spaced"] else None
    if _case_follows(words, layout):
        return ""  # "1831 2026.0280N —", "67 Arendenummer SLK-2023-01017": its case number, the title below
    if GLUED_LABEL_CASE.match(words):
        return ""  # "8123 > DariIF-2024-00281": a label OCR damaged, glued to the case number
    if words[0].isupper() and len(words) <= 100 and not words.endswith((",", ";")):
        return words.rstrip(" .")
    return None


def _case_follows(words: str, layout: Layout) -> bool:
    """Does a § line's rest start with its case number: a label, a year, or a case number after specks or a damaged label?"""
    case = layout.case_number.search(words)
    return bool(layout.case_label.search(words[: MAX_SPECKS + 8]) or re.match(r"\W{0,3}(?:19|20)\d\d\b", words)
                or (case and (not re.sub(r"\W", "", words[: case.start()]) or DAMAGED_LABEL.fullmatch(words[: case.start()]))))


def _choose_readings(candidates: list[Candidate], declared: set[int] | None) -> None:
    """"854 Dnr" after § 53 is § 54: of a line's readings, the one that continues the sequence, and not
    the number of a § line with its case number further on ("88 Dnr" after § 83, with "§ 88 Dnr" below,
    is § 84 with a digit lost, which _with_lost_numbers reads)."""
    headings = {c.number for c in candidates if c.strong and c.labelled and c.number is not None}
    previous = None
    for c in candidates:
        readings = c.readings or (c.number,)
        if declared and c.labelled and c.number is not None and not any(n in declared for n in readings):
            # a speck after the number read as its last digit ("§1010 Dnr" in §§ 93-102): the declared range decides
            readings = (*readings, *(n // 10 for n in readings if n >= 10))
        if len(readings) > 1:
            fitting = [n for n in readings if (declared is None or n in declared) and n not in headings
                       and (previous is None or previous < n <= _gap_end(previous, declared))]
            if previous is not None:  # the nearest after the one before; the first: in the order read
                fitting.sort(key=lambda n: n - previous)
            c.number = fitting[0] if fitting else readings[0]
            if not fitting:  # "8550 Dnr" (§ 55 and a speck) fits nowhere: the next line is read after § 54
                continue
        # a § line going back ("§ 6 SoL eller 24 e § LSS" after § 130) is a citation: the sequence goes on
        if c.number is not None and (previous is None or previous < c.number <= _gap_end(previous, declared)):
            previous = c.number


def _following(number: int, declared: set[int] | None) -> int:
    """The § after `number`: the next declared one (an extract's "§§ 137, 163-164" goes from 137 to 163), else
    the number plus one."""
    return min((n for n in declared if n > number), default=number + 1) if declared else number + 1


def _gap_end(number: int, declared: set[int] | None) -> int:
    """The furthest a § line may lie ahead of `number` and still continue the sequence."""
    return _following(number, declared) - 1 + MAX_SECTION_GAP


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


def listed_titles(text: str, candidates: list[Candidate]) -> dict[int, str]:
    """The contents list's titles by § number: an entry's § line and the lines it wraps onto."""
    listed = {}
    for c in candidates:
        if c.toc and c.number is not None and c.title and c.body_chars <= MAX_ENTRY_CHARS:
            below = text[c.line_end :].lstrip()[: c.body_chars]  # the entry's wrapped lines, not the next § line's sign
            wrapped = [clean_line(l) for l in below.splitlines() if l.strip()]
            listed.setdefault(c.number, " ".join([c.title, *wrapped]))
    return listed
