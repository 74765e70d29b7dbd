"""The pipeline, wired in one place: ingest -> normalize -> structure -> index.

Each stage is a function over plain records (records.py); this module only calls them in
order. The archive keeps raw text; normalisation and structure run again at every reindex,
so better code or lexicons improve old documents without touching the originals.
"""
from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterator

from protokoll.errors import IndexNotUpdated, ProtokollError
from protokoll.index import store
from protokoll.pipeline.lock import reindex_lock
from protokoll.pipeline.textcache import NormalisedCache, cache_key
from protokoll.archive import Archive, fixity
from protokoll.ingest import batch, ocr, office, queue, submit
from protokoll.ingest.queue import check_broker_url  # noqa: F401  (for the --broker option)
from protokoll.ingest.batch import BatchReport
from protokoll.structure.metadata import DocumentMeta
from protokoll.structure.paragraphs import analyse, document_metadata
from protokoll.normalize import Normaliser, default_normaliser
from protokoll.normalize.learn import LearnedText
from protokoll.normalize.learn import learn_from_texts as count_texts
from protokoll.records import Document, Paragraph


def repaired_pages(doc: Document, normaliser: Normaliser) -> list[str]:
    return [normaliser.repair(page) for page in doc.pages]


def paragraphs_of(doc: Document, normaliser: Normaliser) -> list[Paragraph]:
    return with_document(doc, *analyse(doc, repaired_pages(doc, normaliser)))


def with_document(doc: Document, meta: DocumentMeta, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs, the first one carrying the document's metadata into the index
    (index/views.py reads it back for `protokoll show` and the document page)."""
    if paragraphs:
        paragraphs[0].document = document_facts(doc, meta)
    return paragraphs


def document_facts(doc: Document, meta: DocumentMeta) -> dict:
    """The archive's facts about a document and what it says about itself."""
    return {"title": meta.title, "kind": doc.kind, "text_origin": doc.text_origin, "ingested_at": doc.ingested_at,
            "original": doc.original, "archival": doc.archival, "pages": len(doc.pages) if doc.paged else None,
            "place": meta.place, "present": meta.present, "absent": meta.absent, "justerare": meta.justerare,
            "next_meeting": meta.next_meeting, "next_meeting_date": meta.next_meeting_date,
            "declared_range": meta.declared_range, "missing_sections": meta.missing_sections,
            "unexpected_sections": meta.unexpected_sections, "signing_date": meta.signing_date}


def document_meta(doc: Document, normaliser: Normaliser | None = None) -> DocumentMeta:
    """What a document says about itself, computed again from its text (repaired by `normaliser`,
    by default the default one). The index holds what was computed when it was built:
    index.views.document_view reads that instead."""
    return document_metadata(doc, repaired_pages(doc, normaliser or default_normaliser()))


def verify(archive: Archive) -> fixity.FixityReport:
    """Read every record, hash the files it names again (logging the tool versions with each check),
    and list files no record names."""
    return fixity.verify(archive, ocr.tool_versions())


CONVERT_TIMEOUT = office.DEFAULT_TIMEOUT


def ingest(archive: Archive, paths: list[Path], org: str | None = None, jobs: int | None = None,
           progress: bool = False, *, retry_failed: bool = False, convert_timeout: float = CONVERT_TIMEOUT,
           normaliser: Normaliser | None = None, broker: str | None = None, wait: bool = True) -> BatchReport:
    """Archive the files (in parallel worker processes), then index them here, with one writer.

    Paragraphs are made as each document is archived, while the workers go on with OCR; the
    index is written once, at the end. Documents of this batch that were archived before but
    never reached the index (an earlier run was killed in between) are indexed too. A document
    without text is archived and counted, gives no paragraph, and never holds up the others.

    With a `broker` (redis://...), the files are archived by queue workers (ingest/submit.py), and
    indexed here as they come back; without `wait`, they are only sent (`collect` indexes them).

    When the index cannot take the documents, IndexNotUpdated carries the cause and the report.
    `normaliser` repairs the pages (by default the default one).
    """
    normaliser = normaliser or default_normaliser()
    pending: list[Paragraph] = []
    on_archived = lambda doc_id: pending.extend(paragraphs_of(archive.load(doc_id), normaliser))  # noqa: E731
    if broker:
        report = submit.run(archive, paths, broker, org=org, progress=progress, on_archived=on_archived,
                            retry_failed=retry_failed, convert_timeout=convert_timeout, wait=wait)
    else:
        report = batch.run(archive, paths, org=org, jobs=jobs, progress=progress, on_archived=on_archived,
                           retry_failed=retry_failed, convert_timeout=convert_timeout)
    done = {r.doc_id for r in report.results if r.status in batch.ARCHIVED}
    try:
        earlier = unindexed(archive, {r.doc_id for r in report.results if r.status == "unchanged"}) - done
        for doc_id in earlier:
            pending.extend(paragraphs_of(archive.load(doc_id), normaliser))
        store.add(archive, pending, documents=done | earlier)
    except ProtokollError as exc:
        report.index_error = exc.message
        batch.write_report(archive, report)
        raise IndexNotUpdated(exc, report) from exc
    return report


WORKER_TIME_LIMIT = queue.DEFAULT_TIME_LIMIT


def run_worker(archive: Archive, broker: str, concurrency: int | None = None,
               time_limit: float = WORKER_TIME_LIMIT) -> None:
    """A queue worker: archives (OCR included) what `ingest --broker` sends, until stopped. The
    index is not touched here: the submitting run writes it."""
    queue.run_worker(archive, broker, concurrency or batch.default_jobs(), time_limit)


def collect(archive: Archive, normaliser: Normaliser | None = None) -> dict:
    """Index the archived documents the live index lacks (what queue workers finished after an
    `ingest --broker --no-wait`), with one writer, as ingest does."""
    normaliser = normaliser or default_normaliser()
    missing = sorted(unindexed(archive, set(archive.document_ids())))
    paragraphs = [p for doc_id in missing for p in paragraphs_of(archive.load(doc_id), normaliser)]
    store.add(archive, paragraphs, documents=set(missing))
    return {"documents": len(missing), "paragraphs": len(paragraphs)}


def unindexed(archive: Archive, doc_ids: set[str]) -> set[str]:
    """Those of `doc_ids` that have no paragraph in the live index."""
    if not doc_ids:
        return set()
    if not archive.index_link.exists():
        return set(doc_ids)
    with store.open_live(archive).reader() as reader:
        indexed = {term.decode() if isinstance(term, bytes) else term for term in reader.lexicon("doc_id")}
    return doc_ids - indexed


def reindex(archive: Archive, procs: int | None = None, normaliser: Normaliser | None = None) -> dict:
    """Rebuild the whole index from the archive into a new directory and switch to it.

    Holds the reindex lock (a second reindex raises Busy); normalisation and structure run
    again with the current code, by `normaliser` (by default the default one) extended with what
    the archive's clean pages teach, reading repaired pages from a cache keyed by all the
    normaliser's inputs (textcache.py). Documents ingested while the rebuild ran are added before the switch.
    """
    with reindex_lock(archive):
        return _rebuild(archive, procs or os.cpu_count() or 1, normaliser or default_normaliser())


def paragraphs_from_cache(archive: Archive, doc: Document, normaliser: Normaliser, key: str) -> list[Paragraph]:
    """paragraphs_of(doc), with the repaired pages read from the normalised-text cache named
    `key` (textcache.cache_key of `normaliser`)."""
    return with_document(doc, *analyse(doc, NormalisedCache(archive, key).pages(doc, normaliser.repair)))


CLEAN_ORIGINS = ("born-digital", "text-export")


def clean_pages(archive: Archive, normaliser: Normaliser, doc_ids: list[str] | None = None) -> Iterator[str]:
    """Pages that read as Swedish as written: born-digital and exported text, never legacy OCR
    (as `normaliser` tells it)."""
    for doc_id in archive.document_ids() if doc_ids is None else doc_ids:
        doc = archive.load(doc_id)
        if doc.text_origin in CLEAN_ORIGINS:
            yield from (page for page in doc.pages if not normaliser.is_legacy(page))


def _learn_share(root: str, doc_ids: list[str], normaliser: Normaliser) -> tuple[bytearray, LearnedText]:
    """The clean pages of `doc_ids` one after the other in UTF-8, what the cache digest is
    made of, and what the pages teach (in a worker process, or here)."""
    encoded = bytearray()

    def kept(pages: Iterator[str]) -> Iterator[str]:
        for page in pages:
            encoded.extend(page.encode("utf-8"))
            yield page

    learned = count_texts(kept(clean_pages(Archive(root), normaliser, doc_ids)))
    return encoded, learned


def learned_from(archive: Archive, normaliser: Normaliser, procs: int = 1) -> tuple[str, LearnedText]:
    """A digest of the archive's clean pages (as `normaliser` tells them), and their word and
    word-pair counts.

    With `procs` > 1 the archive is read and counted in that many consecutive shares at once
    (here and in forked processes, which get the normaliser as its recipe and load it again);
    merged in archive order, the counts and the digest are those of one pass.
    """
    doc_ids, root, procs = archive.document_ids(), str(archive.root), max(1, procs)
    shares = [doc_ids[len(doc_ids) * i // procs : len(doc_ids) * (i + 1) // procs] for i in range(procs)]
    if procs == 1:
        results = [_learn_share(root, doc_ids, normaliser)]
    else:
        with ProcessPoolExecutor(procs - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_learn_share, root, share, normaliser) for share in shares[1:]]
            results = [_learn_share(root, shares[0], normaliser), *(future.result() for future in others)]
    digest, learned = hashlib.sha256(), LearnedText()
    for encoded, counts in results:
        digest.update(encoded)
        learned.update(counts)
    return digest.hexdigest()[:12], learned


def learning_from(archive: Archive, normaliser: Normaliser, procs: int = 1) -> tuple[str, Normaliser]:
    """`normaliser` extended with the words and word pairs of the archive's clean pages (local
    names, the archive's own vocabulary), for one reindex, and a digest of those pages: what the
    normaliser learned is part of the normalised-text cache key. `normaliser` stays as it was.
    """
    digest, learned = learned_from(archive, normaliser, procs)
    return digest, normaliser.extended(learned)


def _rebuild(archive: Archive, procs: int, normaliser: Normaliser) -> dict:
    started = time.monotonic()
    learned, taught = learning_from(archive, normaliser, procs)
    cache = NormalisedCache(archive, cache_key(learned, config=taught.config, steps=taught.steps))
    # Workers receive the normaliser with `make`, pickled as its recipe (normaliser.py).
    make = functools.partial(paragraphs_from_cache, normaliser=taught, key=cache.dir.name)
    doc_ids = archive.document_ids()
    cached = sum((cache.dir / f"{doc_id}.json").exists() for doc_id in doc_ids)
    target, count = store.build_parallel(archive, doc_ids, make, procs)
    late = sorted(set(archive.document_ids()) - set(doc_ids))  # ingested during the rebuild
    if late:
        count += store.add_to(target, (p for doc_id in late for p in make(archive, archive.load(doc_id))))
    summary = {"documents": len(doc_ids) + len(late), "paragraphs": count, "cached_documents": cached,
               "seconds": round(time.monotonic() - started, 1), "procs": procs,
               "index": str(target.relative_to(archive.root)), "index_bytes": store.index_size(target)}
    store.write_info(target, summary)
    previous = store.switch_to(archive, target)
    store.prune(archive, keep={target.resolve(), previous})
    cache.drop_other_versions()
    return summary
