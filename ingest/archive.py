"""The archive on disk: originals kept byte for byte, archival PDF/A copies, document records.

Layout under the archive root:

    originals/<sha256><suffix>   the input file, read-only, never changed
    archival/<sha256>.pdf        PDF/A made by OCRmyPDF (scans, images, re-OCR'd PDFs)
    documents/<sha256>.json      the Document record: raw text per page, triage, tool versions
    events.jsonl                 append-only log of what happened to each document
    reports/                     one JSON report per ingest run
    index -> indexes/<stamp>     the live Whoosh index (a symlink, switched atomically)

A document counts as archived once its record is written; the record is written last,
atomically, so an interrupted import leaves either nothing or a complete document.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from errors import ArchiveError
from records import Document


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Archive:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    # -- locations ---------------------------------------------------------
    @property
    def originals(self) -> Path:
        return self.root / "originals"

    @property
    def archival(self) -> Path:
        return self.root / "archival"

    @property
    def documents_dir(self) -> Path:
        return self.root / "documents"

    @property
    def events_path(self) -> Path:
        return self.root / "events.jsonl"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def index_link(self) -> Path:
        return self.root / "index"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def record_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{doc_id}.json"

    def archival_path(self, doc_id: str) -> Path:
        return self.archival / f"{doc_id}.pdf"

    # -- originals ----------------------------------------------------------
    def store_original(self, src: Path, doc_id: str) -> str:
        """Copy `src` into originals/ under its hash, read-only. Returns the relative path."""
        suffix = src.suffix.lower()[:10]
        target = self.originals / f"{doc_id}{suffix}"
        if not target.exists():
            write_atomically(target, src.read_bytes())
            target.chmod(0o444)
        return str(target.relative_to(self.root))

    # -- document records ---------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return self.record_path(doc_id).exists()

    def save(self, doc: Document) -> None:
        data = json.dumps(doc.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(self.record_path(doc.id), data)

    def load(self, doc_id: str) -> Document:
        path = self.record_path(doc_id)
        try:
            return Document.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ArchiveError(f"no document {doc_id} in the archive {self.root}") from None
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"document record {path} is unreadable: {exc}") from None

    def document_ids(self) -> list[str]:
        if not self.documents_dir.is_dir():
            return []
        return sorted(p.stem for p in self.documents_dir.glob("*.json"))

    def documents(self) -> Iterator[Document]:
        for doc_id in self.document_ids():
            yield self.load(doc_id)

    # -- event log ----------------------------------------------------------
    def log_event(self, doc_id: str | None, event: str, **details: Any) -> None:
        """Append one JSON line. O_APPEND keeps lines whole across parallel workers."""
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"time": now_iso(), "doc": doc_id, "event": event, **details}, ensure_ascii=False)
        with open(self.events_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
