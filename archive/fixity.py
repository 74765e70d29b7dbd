"""Fixity: read every document record, hash the files it names again, and look for files no
record names.

An original's SHA-256 is its document id; an archival copy's SHA-256 was recorded at ingest
(Document.archival_sha256). Each document checked gets a "verified" line in the event log.
Problems found, one line each:

- a record that does not parse, lacks fields, or names another document than its file name;
- a file a record names that is missing, unreadable or has another SHA-256 (a record without its files);
- a file in originals/ or archival/ that no record names, of a document the event log says was
  ingested (a file whose record is lost).

A file without a record of a document that was never ingested is what an import interrupted
between storing the file and writing the record leaves (archive/__init__.py): it is listed as a
note, not a problem, and the next import of the same file finishes the document.
"""
from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, field

from protokoll.archive import TMP_PREFIX, Archive, sha256_of
from protokoll.errors import ArchiveError
from protokoll.records import Document


@dataclass
class FixityReport:
    documents: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: what, where
    notes: list[str] = field(default_factory=list)  # leftovers of interrupted imports: not a failure

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


def read_record(archive: Archive, doc_id: str) -> Document:
    """The record of `doc_id`, checked to be whole; ArchiveError with a one-line problem if not."""
    relative = archive.record_path(doc_id).relative_to(archive.root)
    try:
        data = json.loads(archive.record_path(doc_id).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"unreadable document record: {relative} ({exc})") from None
    required = [name for name, spec in Document.__dataclass_fields__.items()
                if spec.default is MISSING and spec.default_factory is MISSING]
    missing = [name for name in required if not isinstance(data, dict) or name not in data]
    if missing:
        raise ArchiveError(f"incomplete document record: {relative} lacks {', '.join(missing)}")
    doc = Document.from_json(data)
    if doc.id != doc_id:
        raise ArchiveError(f"document record {relative} is the record of another document ({doc.id})")
    if doc.archival and not doc.archival_sha256:
        raise ArchiveError(f"document record {relative} has no SHA-256 for its archival copy {doc.archival}")
    return doc


def unnamed_files(archive: Archive, named: set[str]) -> list[tuple[str, str, str]]:
    """(what, relative path, document id) of the files in originals/ and archival/ that no record
    names and that have no record of their own name (an unreadable record is reported once, as
    itself); temporary files of running imports aside."""
    found, recorded = [], set(archive.document_ids())
    for folder, what in ((archive.originals, "original"), (archive.archival, "archival copy")):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                relative, doc_id = str(path.relative_to(archive.root)), path.name.split(".", 1)[0]
                if relative not in named and doc_id not in recorded and not path.name.startswith(TMP_PREFIX):
                    found.append((what, relative, doc_id))
    return found


def ever_ingested(archive: Archive) -> set[str]:
    """Ids of the documents whose import finished (an "ingested" event follows the record's write)."""
    done = set()
    try:
        with open(archive.events_path, encoding="utf-8") as log:
            for line in log:
                if '"ingested"' in line:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if event.get("event") == "ingested":
                        done.add(event.get("doc"))
    except FileNotFoundError:
        pass
    return done


def verify(archive: Archive, tools: dict[str, str]) -> FixityReport:
    """Check every document; `tools` (the tool versions) go into each "verified" event."""
    if not archive.exists():
        raise ArchiveError(f"no archive at {archive.root}: ingest documents first")
    report = FixityReport()
    named: set[str] = set()
    for doc_id in archive.document_ids():
        try:
            doc = read_record(archive, doc_id)
        except ArchiveError as exc:
            report.problems.append(exc.message)
            archive.log_event(doc_id, "verified", ok=False, problems=[exc.message], tools=tools)
            continue
        report.documents += 1
        checks = [(doc.original, doc.id, "original")]
        if doc.archival:
            checks.append((doc.archival, doc.archival_sha256, "archival copy"))
        named |= {relative for relative, _, _ in checks}
        found = [problem for problem in (check_file(archive, *check) for check in checks) if problem]
        report.files += len(checks)
        report.problems += found
        archive.log_event(doc.id, "verified", ok=not found, problems=found, tools=tools)
    unnamed = unnamed_files(archive, named)
    ingested = ever_ingested(archive) if unnamed else set()
    for what, relative, doc_id in unnamed:
        if doc_id in ingested:
            report.problems.append(f"{what} without a document record: {relative} (the document was ingested; "
                                   "its record is lost: restore documents/ from a backup, or ingest the file again)")
        else:
            report.notes.append(f"{what} left by an interrupted import: {relative} (ingest the file again to finish it)")
    return report
