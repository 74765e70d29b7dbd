"""The pipeline, wired in one place: ingest -> normalize -> structure -> index.

Each stage is a function over plain records (records.py); this module only calls them in
order. The archive keeps raw text; normalisation and structure run again at every reindex,
so better code or lexicons improve old documents without touching the originals.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import normalize
from index import store
from ingest.archive import Archive
from ingest import batch
from ingest.batch import BatchReport
from ingest.structure import split_paragraphs
from records import Document, Paragraph


def paragraphs_of(doc: Document) -> list[Paragraph]:
    pages = [normalize.repair(page) for page in doc.pages]
    return split_paragraphs(doc, pages)


def all_paragraphs(archive: Archive) -> Iterator[Paragraph]:
    for doc in archive.documents():
        yield from paragraphs_of(doc)


def ingest(archive: Archive, paths: list[Path], org: str | None = None, jobs: int | None = None,
           progress: bool = False) -> BatchReport:
    """Archive the files (in parallel worker processes), then index them here, with one writer.

    Paragraphs are made as each document is archived, while the workers go on with OCR; the
    index is written once, at the end. Documents of this batch that were archived before but
    never reached the index (an earlier run was killed in between) are indexed too.
    """
    pending: list[Paragraph] = []
    report = batch.run(archive, paths, org=org, jobs=jobs, progress=progress,
                       on_archived=lambda doc_id: pending.extend(paragraphs_of(archive.load(doc_id))))
    done = {r.doc_id for r in report.results if r.status in ("new", "re-ocr")}
    for doc_id in unindexed(archive, {r.doc_id for r in report.results if r.status == "unchanged"}) - done:
        pending.extend(paragraphs_of(archive.load(doc_id)))
    if pending:
        store.add(archive, pending)
    return report


def unindexed(archive: Archive, doc_ids: set[str]) -> set[str]:
    """Those of `doc_ids` that have no paragraph in the live index."""
    if not doc_ids:
        return set()
    if not archive.index_link.exists():
        return set(doc_ids)
    with store.open_live(archive).reader() as reader:
        indexed = {term.decode() if isinstance(term, bytes) else term for term in reader.lexicon("doc_id")}
    return doc_ids - indexed


def reindex(archive: Archive) -> dict:
    count = 0

    def counted() -> Iterator[Paragraph]:
        nonlocal count
        for paragraph in all_paragraphs(archive):
            count += 1
            yield paragraph

    target = store.build(archive, counted())
    return {"documents": len(archive.document_ids()), "paragraphs": count, "index": str(target)}
