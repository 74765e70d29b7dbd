"""Whole protocols, single paragraphs in their place, and case histories, as the index holds them.

Everything here reads the live index only: a document's metadata (archive facts, participants,
justerare, declared § range...) was stored with its first paragraph when the index was built
(schema field `document`), so what `protokoll show` and the web pages print is what was indexed,
never a fresh analysis of the text. Results are plain dicts (JSON as they are), for the CLI, the
web pages and the JSON API alike:

- document_view(archive, doc_id): the document's metadata, its table of contents, every paragraph
- paragraph_view(archive, paragraph_id): one paragraph, the previous and next one, its document
- case_history(archive, case_number): every paragraph carrying a case number, oldest first
"""
from __future__ import annotations

import re

from whoosh.query import Term

from protokoll.archive import Archive
from protokoll.errors import BadQuery
from protokoll.index.search import paragraph_fields
from protokoll.index.searchers import live_searcher
from protokoll.index.store import live_dir, reading_errors
from protokoll.records import case_key

# What the document view takes from its paragraphs (they agree within one document).
DOCUMENT_FIELDS = ("doc_id", "source", "date", "year", "organisation", "organisation_as_written", "body", "doc_type")
# One line of a table of contents, or a neighbour's link.
ENTRY_FIELDS = ("id", "ordinal", "section", "title", "page", "is_decision")
# One row of a case history: date, board, §, title, decision text, and where to read more.
CASE_FIELDS = ("id", "doc_id", "date", "organisation", "body", "section", "title", "is_decision", "decision",
               "case_numbers", "references", "doc_type", "source", "page")
DOC_ID_PREFIX_MIN = 8  # a shorter hexadecimal prefix would name many documents


def document_view(archive: Archive, doc_id: str) -> dict | None:
    """A whole document as indexed, or None when the index holds no paragraph of it.

    {"doc_id", "source", "date", "year", "organisation", "organisation_as_written", "body", "doc_type",
     "title", "kind", "text_origin", "ingested_at", "original", "archival", "pages", "place",
     "present", "absent", "justerare", "next_meeting", "next_meeting_date", "declared_range",
     "missing_sections", "unexpected_sections",
     "contents": [{"id", "ordinal", "section", "title", "page", "is_decision"}, ...],
     "paragraphs": [paragraph fields as get_paragraph gives them, in document order]}
    """
    with reading_errors(live_dir(archive)):
        stored = _paragraphs_of(live_searcher(archive), doc_id)
    if not stored:
        return None
    paragraphs = [paragraph_fields(fields) for fields in stored]
    view = {name: paragraphs[0].get(name) for name in DOCUMENT_FIELDS}
    view.update(_metadata(stored))
    view["contents"] = [_entry(p) for p in paragraphs]
    view["paragraphs"] = paragraphs
    return view


def paragraph_view(archive: Archive, paragraph_id: str) -> dict | None:
    """One paragraph with its neighbours and its document, or None for an unknown id.

    {"paragraph": {...all its fields...},
     "previous": {"id", "ordinal", "section", "title", "page", "is_decision"} or None,
     "next": the same or None,
     "document": the document view without "contents" and "paragraphs", plus "paragraph_count"}
    """
    with reading_errors(live_dir(archive)):
        searcher = live_searcher(archive)
        own = searcher.document(id=paragraph_id)
        if not own:
            return None
        stored = _paragraphs_of(searcher, own["doc_id"])
    ids = [fields["id"] for fields in stored]
    at = ids.index(paragraph_id)
    document = {name: own.get(name) for name in DOCUMENT_FIELDS}
    document.update(_metadata(stored))
    document["paragraph_count"] = len(stored)
    return {"paragraph": paragraph_fields(own),
            "previous": _entry(paragraph_fields(stored[at - 1])) if at > 0 else None,
            "next": _entry(paragraph_fields(stored[at + 1])) if at + 1 < len(stored) else None,
            "document": document}


def case_history(archive: Archive, case_number: str) -> dict:
    """Every paragraph that carries the case number (diarienummer), in any written form, across
    boards and years: oldest first, then board and § order; undated paragraphs last. A paragraph
    that only cites the number in its text (among its references, not its own case numbers) is
    listed too, with "cited" true.

    {"case_number": as given, "key": records.case_key of it,
     "paragraphs": [{"id", "doc_id", "date", "organisation", "body", "section", "title", "is_decision",
                     "decision", "case_numbers", "references", "doc_type", "source", "page", "cited"}, ...]}

    BadQuery (exit 2) for text that cannot be a case number (no digits).
    """
    key = case_key(case_number)
    if not re.search(r"\d", key):
        raise BadQuery(f"{case_number!r} is not a case number: write it as the minutes do, e.g. 'KS 2021/87'")
    with reading_errors(live_dir(archive)):
        searcher = live_searcher(archive)
        found = [searcher.stored_fields(docnum) for docnum in searcher.docs_for_query(Term("case_keys", key))]
    rows = []
    for stored in sorted(found, key=lambda f: (not f.get("date"), f.get("date") or "", f.get("organisation") or "",
                                               f.get("body") or "", f.get("doc_id"), f.get("ordinal") or 0)):
        fields = paragraph_fields(stored)
        row = {name: fields.get(name) for name in CASE_FIELDS}
        row["cited"] = key not in {case_key(number) for number in row["case_numbers"]}
        rows.append(row)
    return {"case_number": case_number, "key": key, "paragraphs": rows}


def find_document_id(archive: Archive, text: str) -> str | None:
    """The id of the one indexed document whose id is `text` or begins with it (at least
    DOC_ID_PREFIX_MIN hexadecimal digits, as the start of a paragraph id gives them); None
    when there is none. BadQuery when the prefix fits several documents."""
    text = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{%d,64}" % DOC_ID_PREFIX_MIN, text):
        return None
    with reading_errors(live_dir(archive)):
        reader = live_searcher(archive).reader()
        found = [_text(term) for term in reader.expand_prefix("doc_id", text)][:2]
    if len(found) > 1:
        raise BadQuery(f"{text!r} begins the ids of several documents: give more of the id")
    return found[0] if found else None


def _paragraphs_of(searcher, doc_id: str) -> list[dict]:
    """Stored fields of the document's live paragraphs, in document order."""
    docnums = searcher.docs_for_query(Term("doc_id", doc_id))
    return sorted((searcher.stored_fields(docnum) for docnum in docnums), key=lambda f: f.get("ordinal") or 0)


def _metadata(stored: list[dict]) -> dict:
    """The document metadata its first paragraph carries (none when the paragraphs were indexed
    as bare records, without a document: an index built by hand)."""
    for fields in stored:
        if fields.get("document"):
            return dict(fields["document"])
    return {}


def _entry(paragraph: dict) -> dict:
    return {name: paragraph.get(name) for name in ENTRY_FIELDS}


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
