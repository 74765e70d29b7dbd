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
from ingest.files import ImportResult, collect_inputs, import_file
from ingest.structure import split_paragraphs
from records import Document, Paragraph


def paragraphs_of(doc: Document) -> list[Paragraph]:
    pages = [normalize.repair(page) for page in doc.pages]
    return split_paragraphs(doc, pages)


def all_paragraphs(archive: Archive) -> Iterator[Paragraph]:
    for doc in archive.documents():
        yield from paragraphs_of(doc)


def ingest(archive: Archive, paths: list[Path], org: str | None = None) -> list[ImportResult]:
    results = []
    for path in collect_inputs(paths):
        result = import_file(archive, path, org=org)
        results.append(result)
        if result.status == "new":
            store.add(archive, paragraphs_of(archive.load(result.doc_id)))
    return results


def reindex(archive: Archive) -> dict:
    count = 0

    def counted() -> Iterator[Paragraph]:
        nonlocal count
        for paragraph in all_paragraphs(archive):
            count += 1
            yield paragraph

    target = store.build(archive, counted())
    return {"documents": len(archive.document_ids()), "paragraphs": count, "index": str(target)}
