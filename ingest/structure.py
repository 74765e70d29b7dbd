"""Document text -> Paragraph records: split protokoll at §, other documents at pages."""
from __future__ import annotations

import re
from dataclasses import dataclass

from records import Document, Paragraph

# "§ 27 Title" at the start of a line; a table-of-contents line ends in dotted leaders or a page number.
SECTION_HEADING = re.compile(r"^[ \t]*(?:\*\*)?§\s?(\d{1,4})\b[ \t]*(.*)$", re.MULTILINE)
TOC_LINE = re.compile(r"(\.{3,}|\t)\s*\d+\s*$")


@dataclass
class PageText:
    number: int | None
    start: int  # offset in the joined text


def join_pages(pages: list[str], paged: bool) -> tuple[str, list[PageText]]:
    parts, marks, offset = [], [], 0
    for number, text in enumerate(pages, start=1):
        marks.append(PageText(number if paged else None, offset))
        parts.append(text)
        offset += len(text) + 1
    return "\n".join(parts), marks


def page_at(marks: list[PageText], offset: int) -> int | None:
    page = marks[0].number if marks else None
    for mark in marks:
        if mark.start <= offset:
            page = mark.number
    return page


def split_paragraphs(doc: Document, pages: list[str]) -> list[Paragraph]:
    text, marks = join_pages(pages, doc.paged)
    headings = [m for m in SECTION_HEADING.finditer(text) if not TOC_LINE.search(m.group(0))]
    records: list[Paragraph] = []
    if headings:
        for n, match in enumerate(headings):
            end = headings[n + 1].start() if n + 1 < len(headings) else len(text)
            body = text[match.end() : end].strip()
            records.append(_paragraph(doc, len(records), match.group(2).strip(" *"), body,
                                      f"§ {match.group(1)}", page_at(marks, match.start())))
    else:
        for mark, page_text in zip(marks, pages):
            if page_text.strip():
                title = next((line.strip() for line in page_text.splitlines() if line.strip()), "")
                records.append(_paragraph(doc, len(records), title[:120], page_text.strip(), None, mark.number))
    return records


def _paragraph(doc: Document, ordinal: int, title: str, text: str, section: str | None, page: int | None) -> Paragraph:
    return Paragraph(id=f"{doc.id[:16]}-{ordinal:03d}", doc_id=doc.id, source=doc.source, ordinal=ordinal,
                     title=title, text=text, section=section, page=page)
