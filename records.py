"""Plain records passed between the pipeline's stages.

ingest -> Document (original kept, text per page)
normalize -> repaired page texts
structure -> Paragraph records
index -> Whoosh documents, searched back as hits

Records are dataclasses with JSON-friendly fields, so the archive can store them
as readable JSON and the search can print them as they are.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One archived input file and the raw text read from it, page by page."""

    id: str  # SHA-256 of the original bytes
    source: str  # original file name as first imported
    original: str  # path of the stored original, relative to the archive
    kind: str  # "scan", "text-pdf", "legacy-ocr", "image", "text", "office"
    pages: list[str]  # raw text per page (before normalisation)
    archival: str | None = None  # PDF/A copy, relative to the archive
    text_origin: str = ""  # "ocr:swe+eng", "born-digital", "text-export", ...
    paged: bool = True  # False for text exports: no page numbers to show
    triage: dict[str, Any] = field(default_factory=dict)
    org_override: str | None = None
    ingested_at: str = ""
    tools: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)  # other names the same bytes arrived under
    archival_sha256: str | None = None  # recorded at ingest so `protokoll verify` can check the copy
    encoding: str | None = None  # text exports: the encoding the original was decoded with ("cp1252", ...)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Document":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Paragraph:
    """One searchable unit: a § paragraph of a protokoll, or a headed section."""

    id: str
    doc_id: str
    source: str
    ordinal: int  # position in the document, from 0
    title: str
    text: str
    section: str | None = None  # "§ 27"
    page: int | None = None
    date: str | None = None  # ISO 8601
    organisation: str | None = None  # canonical name
    organisation_as_written: str | None = None
    body: str | None = None  # board or group
    doc_type: str = "other"  # protokoll, anteckningar, rapport, other
    topics: list[str] = field(default_factory=list)
    is_decision: bool = False
    decision: str | None = None
    case_numbers: list[str] = field(default_factory=list)  # its own, from its heading, as written
    references: list[str] = field(default_factory=list)  # other numbers its text cites: SOU, prop., courts, others' dnr
    signing_date: str | None = None  # when the minutes were signed (justerade), ISO 8601
    # The document's own metadata (archive facts, participants, declared § range...), carried into
    # the index by the document's first paragraph, so `show` and the web print what was indexed.
    document: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Paragraph":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


_CASE_PREFIX_WORD = re.compile(r"^(?:dnr|diarienr|diarienummer|ärendenr|ärendenummer)[.:]?\s*", re.IGNORECASE)
_CASE_PARTS = re.compile(r"[A-ZÅÄÖ]+|\d+", re.IGNORECASE)


def case_key(written: str) -> str:
    """The one search key of a case number (diarienummer), whatever way it was written.

    Letters upper-cased, separators (space, -, /, .) unified, leading zeros of numbers dropped,
    "Dnr" and its kin left out: every written form of one number gets the same key, and the
    form as written is what people are shown.

    >>> {case_key(w) for w in ("KS 2024-00851", "KS-2024-00851", "KS 2024/851", "ks-2024-851", "Dnr KS.2024.851")}
    {'KS-2024-851'}
    >>> case_key("RUN/16/2020"), case_key("2019/45"), case_key("Dnr: 2024-00001")
    ('RUN-16-2020', '2019-45', '2024-1')
    """
    parts = _CASE_PARTS.findall(_CASE_PREFIX_WORD.sub("", written.strip()))
    return "-".join(part.upper() if not part.isdigit() else str(int(part)) for part in parts)


# A case number as people type it into a search box: prefix letters (any case), separators - / . or
# space, a four-digit year and a number ("KS 2024/851", "ks-2024-851"), or PREFIX/NUMBER/YEAR; in
# capitals also a diary's two parts ("KS KF/2022:7", "KS/KF 2022:7") and a series after the number
# ("2026.113 KS"), as data/structure/case_numbers.toml knows them; and a number typed without its prefix
# ("2024-418"), which finds every case number that ends that way (index/query.py).
CASE_NUMBER_TYPED = re.compile(r"(?<![\w/.-])(?:(?:[A-ZÅÄÖ]{1,6}[ /][A-ZÅÄÖ]{2,4}|[A-Za-zÅÄÖåäö]{1,6})[ ./-]?"
                               r"(?:19|20)\d\d[ ./:-]\d{1,6}|[A-Za-zÅÄÖåäö]{1,6}/\d{1,6}/(?:19|20)\d\d|"
                               r"(?:19|20)\d\d[./:-]\d{1,6} [A-ZÅÄÖ]{1,6}(?:-\d{1,4})?|"
                               # without its prefix ("2024-418"): a number a month cannot be, and no day after it
                               r"(?:19|20)\d\d[./:-](?:\d{3,6}|1[3-9]|[2-9]\d)(?![.:]\d))(?![\w/-])")


def typed_case_numbers(text: str) -> list[re.Match]:
    """The case numbers in a query, outside quotes.

    >>> [m.group() for m in typed_case_numbers('KS 2024/851 bygglov "RUN/16/2020" ks-2024-851')]
    ['KS 2024/851', 'ks-2024-851']
    >>> [case_key(m.group()) for m in typed_case_numbers("KS/KF 2022:217, 2026-113 KS")]
    ['KS-KF-2022-217', '2026-113-KS']
    >>> [m.group() for m in typed_case_numbers("2024-418 2024-00418 2019/45, (2024-05) och 2024-05-02")]
    ['2024-418', '2024-00418', '2019/45']
    """
    quoted = [m.span() for m in re.finditer(r'"[^"]*"', text)]
    return [m for m in CASE_NUMBER_TYPED.finditer(text) if not any(a <= m.start() < b for a, b in quoted)]
