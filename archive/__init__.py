"""The archive on disk: originals kept byte for byte, archival PDF/A copies, document records.

Layout under the archive root:

    originals/<sha256><suffix>   the input file, read-only, never changed
    archival/<sha256>.pdf        PDF/A made by OCRmyPDF (scans, images, re-OCR'd PDFs)
    documents/<sha256>.json      the Document record: raw text per page, triage, tool versions
    events.jsonl                 append-only log of what happened to each document
    reports/                     one JSON report per ingest run
    failed/<sha256>.json         files that failed, by content: reason, tool versions, the run's report
    tmp/<pid>@<host>-*           work folders of running imports (removed at the next run on that host
                                 if the pid is gone)
    incoming/<sha256>/<name>     files handed to queue workers (ingest --broker), until one archives them
    locks/<sha256>.lock          per-document locks: one process at a time works on a document
    index -> indexes/<stamp>     the live Whoosh index (a symlink, switched atomically)

A document counts as archived once its record is written; the record is written last,
atomically, so an interrupted import leaves either nothing or a complete document.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import socket
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from protokoll.errors import ArchiveError
from protokoll.records import Document


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


TMP_PREFIX = ".tmp-"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_tag() -> str:
    """'<pid>@<host>': names temporary files so that only the host that made them judges them.

    The archive may be shared by several machines (queue workers): a pid means nothing on
    another host, so a leftover is removed only by a process on the host that left it.
    """
    host = socket.gethostname().replace("-", "_").replace("/", "_") or "localhost"
    return f"{os.getpid()}@{host}"


def left_by_dead_process(name: str, prefix: str = "") -> bool:
    """True for a temporary name '<prefix><pid>[@<host>]-...' of this host whose process no longer runs.

    >>> left_by_dead_process("999999999@some_other_host-x")
    False
    """
    tag = name[len(prefix):].split("-", 1)[0]
    pid, _, host = tag.partition("@")
    if host and host != process_tag().partition("@")[2]:
        return False
    return pid.isdigit() and not pid_alive(int(pid))


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it.

    The temporary name carries our pid, so a later run can tell leftovers of a killed
    process from the files of one still running.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{process_tag()}-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power loss (the rename lives in the folder's entry list)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    def failures_dir(self) -> Path:
        return self.root / "failed"

    @property
    def index_link(self) -> Path:
        return self.root / "index"

    @property
    def incoming_dir(self) -> Path:
        return self.root / "incoming"

    @property
    def locks_dir(self) -> Path:
        return self.root / "locks"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def record_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{doc_id}.json"

    def archival_path(self, doc_id: str) -> Path:
        return self.archival / f"{doc_id}.pdf"

    # -- originals ----------------------------------------------------------
    @property
    def tmp_dir(self) -> Path:
        return self.root / "tmp"

    def original_path(self, doc_id: str, suffix: str) -> Path:
        return self.originals / f"{doc_id}{suffix.lower()[:10]}"

    def store_original(self, data: bytes, doc_id: str, suffix: str) -> str:
        """Keep the input bytes in originals/ under their hash, read-only. Returns the relative path.

        The caller passes the bytes it hashed, so what is stored is exactly what was hashed.
        """
        target = self.original_path(doc_id, suffix)
        if not target.exists():
            write_atomically(target, data)
            target.chmod(0o444)
        return str(target.relative_to(self.root))

    def store_archival(self, made: Path, doc_id: str) -> tuple[str, str]:
        """Move a finished PDF/A into archival/, read-only. Returns (relative path, SHA-256)."""
        target = self.archival_path(doc_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = sha256_of(made)
        fsync_file(made)  # on disk before the record that points at it is written
        made.replace(target)
        target.chmod(0o444)
        fsync_folder(target.parent)
        return str(target.relative_to(self.root)), digest

    def work_dir(self) -> Path:
        """A fresh work folder inside the archive (same file system, so results move by rename)."""
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.tmp_dir, prefix=f"{process_tag()}-"))

    def remove_leftovers(self) -> int:
        """Delete temporary files and work folders of processes that were killed. Returns how many."""
        removed = 0
        if self.tmp_dir.is_dir():
            for entry in self.tmp_dir.iterdir():
                if left_by_dead_process(entry.name):
                    shutil.rmtree(entry, ignore_errors=True)
                    removed += 1
        for folder in (self.originals, self.archival, self.documents_dir, self.reports_dir, self.failures_dir,
                       *(self.incoming_dir.iterdir() if self.incoming_dir.is_dir() else ())):
            if folder.is_dir():
                for entry in folder.glob(f"{TMP_PREFIX}*"):
                    if left_by_dead_process(entry.name, TMP_PREFIX):
                        entry.unlink(missing_ok=True)
                        removed += 1
        return removed

    # -- files handed to queue workers ------------------------------------------
    def incoming_path(self, doc_id: str, name: str) -> Path:
        return self.incoming_dir / doc_id / name

    def hand_over(self, source: Path, doc_id: str) -> Path:
        """Copy a file into incoming/<sha256>/ under its own name, for a worker on any machine that
        mounts the archive. Written through a temporary name, fsynced and renamed: a worker sees the
        whole file or none. The worker checks the SHA-256 again before it archives anything."""
        target = self.incoming_path(doc_id, source.name)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{TMP_PREFIX}{process_tag()}-")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_folder(target.parent)
        return target

    def take_back(self, doc_id: str) -> None:
        """Remove incoming/<sha256>/ once the document is archived or has failed for good."""
        shutil.rmtree(self.incoming_dir / doc_id, ignore_errors=True)

    # -- one process per document ---------------------------------------------------
    @contextmanager
    def document_lock(self, doc_id: str, wait: bool = True) -> Iterator[bool]:
        """Hold the document's lock (a POSIX record lock on locks/<sha256>.lock); yields False at once
        when `wait` is False and another process holds it.

        POSIX locks (fcntl.lockf) are what NFS (v4, or v3 with lockd) and SMB (with the cifs
        client's default "locks") carry between machines; the lock is released when its holder
        dies, also by SIGKILL, so a killed worker never blocks the document. The lock file is
        removed only by a holder that has seen the record: whoever takes a lock after that sees
        the record too, so a lock on a removed file never lets two processes work at once.
        """
        self.locks_dir.mkdir(parents=True, exist_ok=True)
        path = self.locks_dir / f"{doc_id}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EAGAIN):
                    yield False
                    return
                raise
            try:
                yield True
            finally:
                if self.has(doc_id):
                    path.unlink(missing_ok=True)
                fcntl.lockf(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

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

    def exists(self) -> bool:
        """An archive is a folder with a documents/ folder, made by the first ingest that archived something."""
        return self.documents_dir.is_dir()

    # -- files that failed ----------------------------------------------------
    def failure(self, sha256: str) -> dict | None:
        """What is known of an earlier failure of these bytes, or None (also for an unreadable entry)."""
        try:
            return json.loads((self.failures_dir / f"{sha256}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def record_failure(self, sha256: str, entry: dict) -> None:
        data = json.dumps({"sha256": sha256, **entry}, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(self.failures_dir / f"{sha256}.json", data)

    def forget_failure(self, sha256: str) -> None:
        (self.failures_dir / f"{sha256}.json").unlink(missing_ok=True)

    # -- event log ----------------------------------------------------------
    def log_event(self, doc_id: str | None, event: str, **details: Any) -> None:
        """Append one JSON line. O_APPEND keeps lines whole across parallel workers."""
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"time": now_iso(), "doc": doc_id, "event": event, **details}, ensure_ascii=False)
        with open(self.events_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
