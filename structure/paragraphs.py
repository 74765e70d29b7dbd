"""Document text -> Paragraph records: protokoll at § numbers, other documents at headings.

A protokoll is split at "§ 27" lines. OCR turns § into "8" or "$"; such a line counts only
when its number continues the running sequence (and lies in the declared "Paragrafer: 26-31"),
so "8 personer" stays text. Table-of-contents lines ("§ 8 Justering.....3") never start a
paragraph. Other documents split at headings (a short title-like line followed by body text);
a document with neither becomes one record per page, or per piece of reasonable size.
"""
from __future__ import annotations

import functools
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable

from rapidfuzz import fuzz

from protokoll.structure import metadata as meta_
from protokoll.structure.boards import is_proposing, with_wrapped_names
from protokoll.structure.casenumbers import (case_numbers_in, document_series, glued_series, own_case_numbers,
                                             references_in, repaired_prefixes, with_document_letters)
from protokoll.structure.dates import find_dates, first_date
from protokoll.structure.decisions import decision_of, is_subheading
from protokoll.structure.layout import Layout, fold, load_layout
from protokoll.structure.metadata import DocumentMeta, Evidence, clean_line
from protokoll.structure.organisations import load_gazetteer
from protokoll.structure.section_headings import (TOC_LEADER, TRAILING_PAGE, Candidate, accepted_sections, listed_titles,
                                                  section_candidates, with_expected_headings)
from protokoll.structure.titles import completed_title, title_below
from protokoll.structure.topics import topics_of
from protokoll.records import Document, Paragraph

log = logging.getLogger(__name__)

PAGE_NUMBER = re.compile(r"\s+(?:\d{1,3}\s*\(\d{1,3}\)|sida\s*\d{1,3}(?:\s*(?:av|\()\s*\d{1,3}\)?)?)\s*$", re.I)
MAX_CHARS = 4000  # a record longer than this is cut at blank lines
MAX_DECLARED_SPAN = 150  # more paragraphs than this in one meeting: the declared range is misread
HEAD_LINES = 6  # the first lines of the first page, which later pages repeat as their running head


@dataclass
class PageText:
    number: int | None
    start: int  # offset in the joined text


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

def section_pieces(text: str, sections: list[Candidate], layout: Layout, listed: dict[int, str] | None = None) -> list[Piece]:
    """The paragraphs' pieces of text and their titles; `listed`: the titles the contents list gives, which
    complete a title whose last line OCR set apart after a blank line."""
    pieces = []
    for i, c in enumerate(sections):
        end = sections[i + 1].start if i + 1 < len(sections) else len(text)
        title, span = c.title, None
        if not title:  # "§ 8" alone, or "§ 8  Dnr KS-2024-1": the title is on the lines after it
            title, span = title_below(text, c.line_end, end, layout)
            if c.speck and (not title or is_subheading(title, layout)):  # "§ 5 Val Dnr …" over "Beslut"
                title, span = c.speck, None
            elif span and listed and c.number in listed:
                title, span = completed_title(text, title, span, end, listed[c.number])
        if listed and c.number in listed and (not re.search(r"[^\W\d_]{4}", title) or is_subheading(title, layout)):
            title, span = listed[c.number], None  # the heading's title lost or damaged past reading: the contents list's
        pieces.append(Piece(c.start, end, title.rstrip(" .*:"), c.section, c.line_end, span))  # "gymnasium:", OCR's colon
    return pieces


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
    # page heads kept between paragraphs, read before they go as furniture: the board and date of minutes without
    # a header, read only for those
    running = functools.cache(functools.partial(meta_.running_heads, "\n".join(pages), layout))
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
    info = _document_meta(doc, text, header, fields, pieces, declared, running)
    info.signing_date = meta_.signing_date_of(text, header, layout, (  # the bodies sliced only when asked for
        (p.title, text[p.body_start : p.end]) for p in pieces if p.section and p.body_start is not None))
    info.sections = [p.section for p in pieces if p.section]
    if declared:
        wanted = [f"§ {n}" for n in declared]
        numbered = [" ".join(s.split()[:2]) for s in info.sections]  # "§ 3 a" is of § 3
        info.missing_sections = [s for s in wanted if s not in numbered]
        info.unexpected_sections = [s for s, n in zip(info.sections, numbered) if n not in wanted]
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
                   declared: list[int] | None, running: Callable[[], list[meta_.RunningHead]]) -> DocumentMeta:
    head = header if header.strip() else _head(text)
    body_text = text[len(header):]
    info = DocumentMeta()
    info.title = _title(head)
    info.doc_type = meta_.detect_doc_type(head, text, len([p for p in pieces if p.section]))
    info.date = meta_.first_dated(fields, header) or meta_.running_date(text, running())
    info.case_numbers = meta_.find_case_numbers(head)
    info.present = meta_.parse_people(fields.get("present", ""))
    info.absent = meta_.parse_people(fields.get("absent", ""))
    first_text = text[pieces[0].start : pieces[0].end] if pieces else ""
    info.justerare = meta_.parse_justerare(fields.get("justerare", ""), first_text)
    info.next_meeting = " ".join(fields["next"].split()) if fields.get("next") else None
    info.next_meeting_date = first_date(info.next_meeting or "")
    info.declared_range = meta_.declared_text(declared) if declared else None
    info.place = _place(fields)
    info.body = meta_.detect_body(header, text, info.case_numbers, running)
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
    spelled = document_series(case_numbers_in(text, layout), info.body)
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
