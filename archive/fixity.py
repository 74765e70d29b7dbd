"""Fixity: hash every stored original and archival copy again and compare with the record.

An original's SHA-256 is its document id; an archival copy's SHA-256 was recorded at ingest
(Document.archival_sha256). Each document checked gets a "verified" line in the event log.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from protokoll.archive import Archive, sha256_of
from protokoll.errors import ArchiveError


@dataclass
class FixityReport:
    documents: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: what, where

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(archive: Archive, relative: str | None, expected: str | None, what: str) -> str | None:
    """None when the file is there with the expected hash, else a one-line problem."""
    if not relative:
        return None
    path = archive.path(relative)
    try:
        actual = sha256_of(path)
    except FileNotFoundError:
        return f"missing {what}: {relative}"
    except OSError as exc:
        return f"unreadable {what}: {relative} ({exc.strerror or exc})"
    if expected and actual != expected:
        return f"mismatch in {what}: {relative} has SHA-256 {actual}, recorded {expected}"
    return None


def verify(archive: Archive, tools: dict[str, str]) -> FixityReport:
    """Check every document; `tools` (the tool versions) go into each "verified" event."""
    if not archive.documents_dir.is_dir():
        raise ArchiveError(f"{archive.root} is not an archive (no documents/ folder)")
    report = FixityReport()
    for doc_id in archive.document_ids():
        try:
            doc = archive.load(doc_id)
        except ArchiveError as exc:
            report.problems.append(exc.message)
            continue
        report.documents += 1
        checks = [(doc.original, doc.id, "original")]
        if doc.archival:
            checks.append((doc.archival, doc.archival_sha256, "archival copy"))
        found = [problem for problem in (check_file(archive, *check) for check in checks) if problem]
        report.files += len(checks)
        report.problems += found
        archive.log_event(doc.id, "verified", ok=not found, problems=found, tools=tools)
    return report
