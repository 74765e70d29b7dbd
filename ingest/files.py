"""Turning one input file into an archived Document: store the original, read, triage or OCR its text.

`import_file` runs in a worker process; it writes only this document's files (original,
archival copy, record, its event lines), so workers never touch each other's work.
The batch around it (finding files, de-duplicating, reporting) is ingest/batch.py.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from protokoll.errors import ArchiveError, BadInput
from protokoll.textfiles import decode_text
from protokoll.ingest import ocr, office, pdftext, triage
from protokoll.archive import Archive, now_iso
from protokoll.records import Document

TEXT_SUFFIXES = {".txt", ".text"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
PDF_SUFFIXES = {".pdf"}
OFFICE_SUFFIXES = office.OFFICE_SUFFIXES
SUPPORTED = TEXT_SUFFIXES | IMAGE_SUFFIXES | PDF_SUFFIXES | OFFICE_SUFFIXES

EMPTY_FILE = "empty file (0 bytes): nothing to archive; copy the file again from where it came from"


@dataclass
class ImportResult:
    path: str
    status: str  # "new", "no-text", "unchanged", "re-ocr", "failed", "failed-earlier"
    doc_id: str | None = None
    reason: str | None = None
    pages: int = 0
    kind: str = ""
    details: dict = field(default_factory=dict)  # triage decision, encoding


# -- reading inputs safely -----------------------------------------------------

@contextmanager
def open_input(path: Path) -> Iterator[BinaryIO]:
    """Open a regular file for reading. Never follows a symlink (the walk resolved the ones it
    accepts) and never blocks on a FIFO; BadInput for special files. An empty file is read (it has
    a SHA-256 like any other, so a drop folder remembers that it failed) and refused by the import."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadInput("not a regular file (a FIFO, device or socket); not read")
        yield fh


def hash_input(path: Path) -> str:
    digest = hashlib.sha256()
    with open_input(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
        return "is a symbolic link; not followed"
    return f"cannot read: {exc.strerror or exc}"


# -- one file ---------------------------------------------------------------------

def import_file(archive: Archive, path: Path, doc_id: str, org: str | None = None,
                convert_timeout: float = office.DEFAULT_TIMEOUT) -> ImportResult:
    """Archive one file whose SHA-256 the batch has computed. Never raises for bad input.

    `convert_timeout`: seconds a LibreOffice conversion may take before it is stopped.
    """
    from PIL import Image

    try:
        return _import(archive, path, doc_id, org, convert_timeout)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own check, met inside OCRmyPDF or img2pdf (a PDF page holding a huge image)
        return ImportResult(str(path), "failed", doc_id, reason=ocr.BOMB)
    except BadInput as exc:
        return ImportResult(str(path), "failed", doc_id, reason=exc.message)
    except OSError as exc:
        if archive_cannot_be_written(archive, exc):
            raise ArchiveError(f"cannot write to the archive {archive.root}: {exc.strerror or exc}") from None
        return ImportResult(str(path), "failed", doc_id, reason=read_error(exc))


ARCHIVE_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def archive_cannot_be_written(archive: Archive, exc: OSError) -> bool:
    """A full, read-only or forbidden archive stops the batch: every other file would fail the same way."""
    if exc.errno in ARCHIVE_FULL:
        return True
    where = os.path.realpath(exc.filename) if isinstance(exc.filename, str) else ""
    root = os.path.realpath(archive.root)
    return bool(where) and os.path.commonpath([root, where]) == root


def unsupported(suffix: str) -> str:
    return (f"unsupported file type {suffix or '(no suffix)'}: convert it to PDF first; "
            f"supported: {' '.join(sorted(SUPPORTED))}")


def _import(archive: Archive, path: Path, doc_id: str, org: str | None, convert_timeout: float) -> ImportResult:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise BadInput(unsupported(suffix))
    with open_input(path) as fh:
        data = fh.read()
    if not data:
        raise BadInput(EMPTY_FILE)
    if hashlib.sha256(data).hexdigest() != doc_id:
        raise BadInput("the file changed while it was being imported; run again")
    work = archive.work_dir()
    try:
        copy = work / f"input{suffix}"  # OCR reads this copy, never the (changeable) source
        copy.write_bytes(data)
        doc = Document(id=doc_id, source=path.name, original="", kind="", pages=[], org_override=org)
        status = _read_content(archive, copy, doc, data, work, convert_timeout)
        if not any(triage.words_of(page) for page in doc.pages):
            status = "no-text"
            doc.triage["decision"] += f"; no text found ({len(doc.pages)} {'page' if len(doc.pages) == 1 else 'pages'})"
        doc.original = archive.store_original(data, doc_id, suffix)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    doc.ingested_at = now_iso()
    archive.save(doc)  # last: from here on the document counts as archived
    archive.log_event(doc_id, "ingested", source=path.name, kind=doc.kind, text_origin=doc.text_origin,
                      status=status, tools=ocr.tool_versions())
    details = {k: doc.triage[k] for k in ("decision", "encoding") if k in doc.triage}
    return ImportResult(str(path), status, doc_id, pages=len(doc.pages), kind=doc.kind, details=details)


def _read_content(archive: Archive, copy: Path, doc: Document, data: bytes, work: Path,
                  convert_timeout: float) -> str:
    suffix = copy.suffix
    if suffix in TEXT_SUFFIXES:
        text, doc.encoding = decode_text(data)
        doc.kind, doc.text_origin, doc.paged, doc.pages = "text", "text-export", False, text.split("\f")
        doc.triage = {"decision": "text export: goes straight to normalisation", "encoding": doc.encoding}
        return "new"
    if suffix in IMAGE_SUFFIXES:
        as_pdf = work / "image.pdf"
        frames = ocr.image_to_pdf(copy, as_pdf)
        doc.kind = "image"
        doc.triage = {"decision": "image: OCR", "frames": frames}
        _ocr(archive, as_pdf, doc, work, event="ocr")
        return "new"
    if suffix in OFFICE_SUFFIXES:
        return _read_office(archive, copy, doc, work, convert_timeout)
    return _read_pdf(archive, copy, doc, data, work)


def _read_office(archive: Archive, copy: Path, doc: Document, work: Path, convert_timeout: float) -> str:
    """LibreOffice makes the PDF/A; its text layer is read as any born-digital PDF's (pictured pages OCR'd)."""
    converted = office.convert_to_pdfa(copy, work, convert_timeout)
    status = _read_pdf(archive, converted, doc, converted.read_bytes(), work)
    doc.kind = "office"
    doc.triage["decision"] = f"converted to PDF/A by LibreOffice; {doc.triage['decision']}"
    if doc.archival is None:  # no page needed OCR: the conversion is the archival copy
        doc.archival, doc.archival_sha256 = archive.store_archival(converted, doc.id)
    doc.tools = {**ocr.tool_versions(), "libreoffice": office.version()}
    return status


def _read_pdf(archive: Archive, copy: Path, doc: Document, data: bytes, work: Path) -> str:
    if not data.lstrip()[:1024].startswith(b"%PDF"):
        raise BadInput("not a PDF (the file does not start with %PDF): check what the file really is")
    pages = pdftext.read_pages(copy)
    figures = triage.assess([p.text for p in pages])
    with_images = sum(p.has_image for p in pages)
    doc.triage = {**figures.to_json(), "pages": len(pages), "pages_with_images": with_images}
    scanned = [n for n, page in enumerate(pages, 1) if page.has_image and len(page.text.strip()) < triage.MIN_CHARS_PER_PAGE]
    garbled = triage.garbled_pages([p.text for p in pages]) if figures.verdict == "born-digital" else []
    doc.triage["garbled_pages"] = garbled
    if garbled and len(garbled) == len(pages):
        doc.kind = "text-pdf"
        doc.triage["decision"] = "text layer unreadable on every page (a broken font mapping): OCR'd again from the page images"
        _ocr(archive, copy, doc, work, event="re-ocr")
        return "re-ocr"
    if figures.verdict == "born-digital" and (scanned or garbled):
        # A text PDF with pages that have no readable text (a scanned appendix, a signed page, a
        # font without a Unicode map): OCR gives those pages their text and the document its
        # PDF/A; the born-digital text stays where it can be read.
        to_ocr = sorted({*scanned, *garbled})
        doc.kind = "text-pdf"
        doc.triage["decision"] = ("born-digital text used; " + "; ".join(
            f"{what} {numbers} OCR'd" for what, numbers in
            (("image-only pages", scanned), ("pages with an unreadable text layer", garbled)) if numbers))
        _ocr(archive, copy, doc, work, event="ocr")
        doc.pages = [ocr_text if n in to_ocr else page.text
                     for n, (page, ocr_text) in enumerate(zip(pages, doc.pages), 1)]
        doc.text_origin = "born-digital+ocr:" + "+".join(ocr.LANGUAGES)
        return "new"
    if figures.verdict == "born-digital":
        doc.kind, doc.text_origin, doc.pages = "text-pdf", "born-digital", [p.text for p in pages]
        doc.triage["decision"] = "born-digital text layer used as it is"
        return "new"
    if figures.verdict == "legacy-ocr" and not with_images:
        doc.kind, doc.text_origin, doc.pages = "legacy-ocr", "legacy-ocr", [p.text for p in pages]
        doc.triage["decision"] = "legacy OCR kept: no page images to OCR again"
        return "new"
    if figures.verdict == "legacy-ocr":
        doc.kind = "legacy-ocr"
        doc.triage["decision"] = "legacy OCR replaced: OCR'd again in Swedish"
        _ocr(archive, copy, doc, work, event="re-ocr")
        return "re-ocr"
    doc.kind = "scan"
    doc.triage["decision"] = "no text layer: OCR"
    _ocr(archive, copy, doc, work, event="ocr")
    return "new"


def _ocr(archive: Archive, src: Path, doc: Document, work: Path, event: str) -> None:
    ocr.check_ocr_tools()
    made = work / "archival.pdf"
    doc.pages = ocr.ocr_to_pdfa(src, made, redo=event == "re-ocr")
    doc.archival, doc.archival_sha256 = archive.store_archival(made, doc.id)
    doc.text_origin = "ocr:" + "+".join(ocr.LANGUAGES)
    doc.tools = ocr.tool_versions()
    archive.log_event(doc.id, event, languages=list(ocr.LANGUAGES), pages=len(doc.pages),
                      archival_sha256=doc.archival_sha256, tools=doc.tools)
