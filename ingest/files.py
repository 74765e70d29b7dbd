"""Turning one input file into an archived Document: store the original, read or OCR its text."""
from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from errors import BadInput
from ingest import ocr, pdftext
from ingest.archive import Archive, now_iso, sha256_of
from records import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | IMAGE_SUFFIXES | PDF_SUFFIXES
MIN_CHARS_PER_PAGE = 20  # below this a PDF page counts as having no text layer


@dataclass
class ImportResult:
    path: str
    status: str  # "new", "unchanged", "re-ocr", "failed"
    doc_id: str | None = None
    reason: str | None = None
    pages: int = 0


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Files named, plus every supported file below folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            found.append(path)
    return found


def decode_text(data: bytes) -> str:
    """UTF-8 first; old Swedish systems exported Windows-1252 (a superset of Latin-1 in practice)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text_export(path: Path) -> list[str]:
    text = decode_text(path.read_bytes())
    return text.split("\f")


def import_file(archive: Archive, path: Path, org: str | None = None) -> ImportResult:
    """Archive one file. Never raises for bad input: the result says what went wrong."""
    try:
        return _import(archive, path, org)
    except BadInput as exc:
        return ImportResult(str(path), "failed", reason=exc.message)
    except OSError as exc:
        return ImportResult(str(path), "failed", reason=f"cannot read: {exc.strerror or exc}")


def _import(archive: Archive, path: Path, org: str | None) -> ImportResult:
    if not path.is_file():
        raise BadInput("not a regular file")
    if path.stat().st_size == 0:
        raise BadInput("empty file (0 bytes)")
    doc_id = sha256_of(path)
    if archive.has(doc_id):
        return ImportResult(str(path), "unchanged", doc_id)
    suffix = path.suffix.lower()
    original = archive.store_original(path, doc_id)
    doc = Document(id=doc_id, source=path.name, original=original, kind="", pages=[], org_override=org)
    if suffix in TEXT_SUFFIXES:
        doc.kind, doc.text_origin, doc.paged = "text", "text-export", False
        doc.pages = read_text_export(path)
    elif suffix in PDF_SUFFIXES:
        _read_pdf(archive, path, doc)
    elif suffix in IMAGE_SUFFIXES:
        doc.kind = "image"
        _ocr(archive, path, doc, redo=False)
    else:
        raise BadInput(f"unsupported file type {suffix or '(none)'}")
    doc.ingested_at = now_iso()
    archive.save(doc)
    archive.log_event(doc_id, "ingested", source=path.name, kind=doc.kind, text_origin=doc.text_origin, tools=doc.tools)
    return ImportResult(str(path), "new", doc_id, pages=len(doc.pages))


def _read_pdf(archive: Archive, path: Path, doc: Document) -> None:
    with open(path, "rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise BadInput("not a PDF (the file does not start with %PDF)")
    texts = pdftext.page_texts(path)
    chars = sum(len(t.strip()) for t in texts)
    doc.triage = {"pages": len(texts), "text_chars": chars}
    if chars >= MIN_CHARS_PER_PAGE * max(1, len(texts)):
        doc.kind, doc.text_origin, doc.pages = "text-pdf", "born-digital", texts
    else:
        doc.kind = "scan"
        _ocr(archive, path, doc, redo=False)


def _ocr(archive: Archive, src: Path, doc: Document, redo: bool) -> None:
    ocr.check_ocr_tools()
    target = archive.archival_path(doc.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.root) as work:
        tmp_pdf = Path(work) / "archival.pdf"
        doc.pages = ocr.ocr_to_pdfa(src, tmp_pdf, redo=redo)
        tmp_pdf.replace(target)
    target.chmod(0o444)
    doc.archival = str(target.relative_to(archive.root))
    doc.text_origin = "ocr:" + "+".join(ocr.LANGUAGES)
    doc.tools = ocr.tool_versions()
    archive.log_event(doc.id, "ocr", languages=list(ocr.LANGUAGES), redo=redo, tools=doc.tools)
