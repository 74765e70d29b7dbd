"""Where the live index is, and how a new one replaces it.

The live index is `<archive>/index`, a symlink to `indexes/<stamp>`. A rebuild writes a
new directory and then swaps the symlink with one rename, so readers see either the old
index or the new one, never a half-built one. The previous index directory is kept until the
next rebuild, so a search that opened it just before the switch still finishes. A missing or
unreadable index is an error, never silently recreated.

A rebuild runs `procs` writer processes; each analyses its share of the documents and writes
Whoosh segments of about SEGMENT_MB of postings (index/segment_writer.py), and the parent commits
the segments together (what Whoosh's own multisegment MpWriter does, with the pipeline work moved
into the workers too).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.index import LockError

import protokoll.index.mapped_files  # noqa: F401  (installed before any index is opened: segments read in place)
from protokoll.processes import end_with_parent
from protokoll.errors import Busy, IndexUnavailable, ProtokollError
from protokoll.index.columns import date_number
from protokoll.index.schema import SCHEMA_VERSION, paragraph_schema
from protokoll.index.segment_writer import GroupingSegmentWriter
from protokoll.archive import Archive, now_iso, write_atomically
from protokoll.records import Document, Paragraph, case_key

INFO_FILE = "protokoll-index.json"  # schema version and build summary, beside Whoosh's files
WRITER_MB = 256  # an ingest's writer; Whoosh spills sorted runs to disk beyond this
SEGMENT_MB = 320  # a reindex writer process closes its segment when its grouped postings reach this
LOCK_WAIT = 60  # seconds an incremental add waits for another writer of the live index

ParagraphMaker = Callable[[Archive, Document], list[Paragraph]]


def to_fields(p: Paragraph) -> dict:
    words = "\n".join([p.title or "", p.text, " ".join(p.case_numbers), " ".join(p.references)])
    fields = {
        "id": p.id,
        "doc_id": p.doc_id,
        "source": p.source,
        "ordinal": p.ordinal,
        "title": p.title or "",
        "text": p.text,
        "exact": words,
        "folded": words,
        "pairs": words,
        "page": p.page,
        "topics": ",".join(p.topics),
        "is_decision": bool(p.is_decision),
        "decision": p.decision,
        "case_numbers": ",".join(p.case_numbers),
        "references": ",".join(p.references),
        "case_keys": ",".join(dict.fromkeys(key for key in map(case_key, p.case_numbers + p.references) if key)),
        "organisation_as_written": p.organisation_as_written,
    }
    if p.document is not None:
        fields["document"] = p.document
    for name in ("section", "date", "organisation", "body", "doc_type", "signing_date"):
        value = getattr(p, name)
        if value:
            fields[name] = value
    if p.date and p.date[:4].isdigit():
        fields["year"] = p.date[:4]
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", p.date):
            fields["day"] = date_number(p.date, fill="00")
    return fields


# -- reading --------------------------------------------------------------------------

def live_dir(archive: Archive) -> Path:
    """The real directory of the live index (the symlink resolved once, so a search keeps
    reading the same directory even if a reindex switches the link meanwhile)."""
    link = archive.index_link
    if not link.exists():
        if link.is_symlink():
            raise IndexUnavailable(f"the index link {link} points to a missing directory: run 'protokoll reindex'")
        raise IndexUnavailable(f"there is no index in {archive.root}: run 'protokoll reindex' to build it")
    return link.resolve()


def open_live(archive: Archive):
    """Open the live index for reading. Raises IndexUnavailable, never creates anything."""
    path = live_dir(archive)
    try:
        ix = whoosh_index.open_dir(str(path))
    except Exception as exc:  # Whoosh raises many kinds; all mean the same to the user
        raise IndexUnavailable(f"the index in {path} is unreadable ({type(exc).__name__}): run 'protokoll reindex'") from None
    if index_info(path).get("schema_version") != SCHEMA_VERSION:
        raise IndexUnavailable(f"the index in {path} was built by another version of protokoll: run 'protokoll reindex'")
    return ix


@contextmanager
def reading_errors(path: Path):
    """Turn what a damaged index raises while it is read (at any depth in Whoosh) into
    IndexUnavailable; our own errors pass through."""
    try:
        yield
    except ProtokollError:
        raise
    except Exception as exc:
        raise IndexUnavailable(f"the index in {path} is damaged ({type(exc).__name__}): run 'protokoll reindex'") from exc


def open_searcher(ix):
    """A searcher over `ix`; missing or damaged segment files become IndexUnavailable."""
    try:
        return ix.searcher()
    except Exception as exc:
        raise IndexUnavailable(f"the index is damaged ({type(exc).__name__}: {exc}): run 'protokoll reindex'") from None


def index_info(path: Path) -> dict:
    try:
        return json.loads((path / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def index_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


# -- writing a new index -----------------------------------------------------------------

def new_index_dir(archive: Archive) -> Path:
    indexes = archive.root / "indexes"
    indexes.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=indexes))
    whoosh_index.create_in(str(target), paragraph_schema())
    return target


def build(archive: Archive, paragraphs: Iterable[Paragraph]) -> Path:
    """Write a complete new index from `paragraphs`, then make it the live one."""
    target = new_index_dir(archive)
    ix = whoosh_index.open_dir(str(target))
    count = 0
    with ix.writer(limitmb=WRITER_MB) as writer:
        for p in paragraphs:
            writer.add_document(**to_fields(p))
            count += 1
    write_info(target, {"paragraphs": count})
    switch_to(archive, target)
    return target


def build_parallel(archive: Archive, doc_ids: list[str], make: ParagraphMaker, procs: int) -> tuple[Path, int]:
    """Write a new index from the documents `doc_ids` with `procs` writer processes.

    Returns the new directory (not yet live) and the number of paragraphs written.
    """
    target = new_index_dir(archive)
    shares = [doc_ids[i::procs] for i in range(procs)]
    jobs = [(str(target), str(archive.root), share, make) for share in shares if share]
    if len(jobs) <= 1:
        results = [_write_share(*job) for job in jobs]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(jobs), mp_context=context, initializer=_die_with_parent) as pool:
            results = list(pool.map(_write_share, *zip(*jobs)))
    segments = [segment for written, _ in results for segment in written]
    ix = whoosh_index.open_dir(str(target))
    writer = ix.writer()
    try:
        writer._close_segment()  # the parent's own segment is empty
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    return target, sum(count for _, count in results)


def _write_share(index_dir: str, archive_root: str, doc_ids: list[str], make: ParagraphMaker):
    """In a worker: analyse the paragraphs of `doc_ids` into new segments of the index.

    Returns (segments, paragraphs written)."""
    archive = Archive(archive_root)
    ix = whoosh_index.open_dir(index_dir)
    segments, count, writer = [], 0, None
    try:
        for doc_id in doc_ids:
            for p in make(archive, archive.load(doc_id)):
                writer = writer or GroupingSegmentWriter(ix)
                writer.add_document(**to_fields(p))
                count += 1
            if writer is not None and writer.held_bytes() > SEGMENT_MB * 2**20:
                segments.append(writer._finalize_segment())
                writer = None
        if writer is not None:
            segments.append(writer._finalize_segment())
            writer = None
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    return segments, count


def _die_with_parent() -> None:
    """Workers end when the reindex that started them is killed; elsewhere than Linux, orphaned
    workers finish their share and exit, and nothing goes live."""
    end_with_parent(signal.SIGTERM)


def add_to(path: Path, paragraphs: Iterable[Paragraph]) -> int:
    """Add or replace paragraphs in the index at `path`."""
    ix = whoosh_index.open_dir(str(path))
    count = 0
    with ix.writer(timeout=LOCK_WAIT, limitmb=WRITER_MB) as writer:
        for p in paragraphs:
            writer.update_document(**to_fields(p))
            count += 1
    return count


def write_info(path: Path, summary: dict) -> None:
    info = {"schema_version": SCHEMA_VERSION, "built_at": now_iso(), **summary}
    write_atomically(path / INFO_FILE, json.dumps(info, ensure_ascii=False, indent=1).encode("utf-8"))


# -- switching --------------------------------------------------------------------------

def switch_to(archive: Archive, target: Path) -> Path | None:
    """Point the index symlink at `target` with one atomic rename; return the previous target.

    Nothing is deleted here: a search may still be reading the previous index (see prune).
    """
    link = archive.index_link
    previous = link.resolve() if link.is_symlink() and link.exists() else None
    tmp_link = archive.root / f".index-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(target.relative_to(archive.root))
    os.replace(tmp_link, link)
    return previous


def prune(archive: Archive, keep: set) -> None:
    """Remove index directories other than `keep` (older generations, killed rebuilds).
    Only called by a writer holding the reindex lock, so no rebuild is writing them."""
    indexes = archive.root / "indexes"
    if not indexes.is_dir():
        return
    for path in indexes.iterdir():
        if path.is_dir() and path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)


def add(archive: Archive, paragraphs: list[Paragraph], documents: Iterable[str] = ()) -> None:
    """Add or replace paragraphs in the live index.

    An archive without an index gets its first one here, when `documents` (the ids of the
    documents the paragraphs were made from, also those that gave none, such as a blank page)
    and the paragraphs' own documents are all the archive holds.
    """
    link = archive.index_link
    if not link.exists() and not link.is_symlink():
        covered = set(documents) | {p.doc_id for p in paragraphs}
        others = set(archive.document_ids()) - covered
        if others:  # an index of only these paragraphs would silently hide the rest
            raise IndexUnavailable(f"the archive {archive.root} holds {len(others)} more documents but no index: "
                                   "run 'protokoll reindex'")
        if covered:
            build(archive, paragraphs)
        return
    if not paragraphs:
        return
    path = live_dir(archive)
    with reading_errors(path):
        with open_searcher(open_live(archive)):  # refuses a damaged or outdated index rather than writing into it
            pass
        try:
            add_to(path, paragraphs)
        except LockError:
            raise Busy("another process is writing the index; run the same command again in a moment") from None
