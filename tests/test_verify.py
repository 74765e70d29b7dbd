"""`protokoll verify` re-hashes originals and archival copies; damage is found, named, and exits 4."""
from __future__ import annotations

import json
import shutil

from conftest import run_cli
from protokoll.errors import ExitCode
from protokoll.archive import Archive


def test_intact_archive_verifies(sample_archive):
    result = run_cli(sample_archive.root, "verify")
    assert result.exit_code == 0, result.output
    assert "verified 7 files of 6 documents: all match" in result.output  # 6 originals, 1 PDF/A


def test_changed_and_missing_files_are_reported(sample_archive, tmp_path):
    archive = Archive(tmp_path / "arkiv")
    shutil.copytree(sample_archive.root, archive.root, symlinks=True)
    scan = next(doc for doc in archive.documents() if doc.archival)
    text = next(doc for doc in archive.documents() if doc.kind == "text")
    copy = archive.path(scan.archival)
    copy.chmod(0o644)
    copy.write_bytes(copy.read_bytes().replace(b"%%EOF", b"%%EOF ", 1))  # one flipped byte's worth
    archive.path(text.original).unlink()

    result = run_cli(archive.root, "verify")
    assert result.exit_code == ExitCode.archive_problem
    lines = result.output.splitlines()
    assert f"missing original: {text.original}" in lines
    assert any(line.startswith(f"mismatch in archival copy: {scan.archival}") for line in lines)
    assert lines[-1].endswith("2 problems")
    verified = [json.loads(line) for line in archive.events_path.read_text(encoding="utf-8").splitlines()
                if '"verified"' in line]
    bad = {e["doc"] for e in verified if not e["ok"]}
    assert bad == {scan.id, text.id} and all(e["tools"]["ocrmypdf"] for e in verified)


def test_verify_outside_an_archive_is_an_archive_problem(tmp_path):
    result = run_cli(tmp_path / "nothing", "verify")
    assert result.exit_code == ExitCode.archive_problem
    assert result.output == (f"protokoll: no archive at {tmp_path / 'nothing'}: ingest documents first "
                             "(or check --archive / PROTOKOLL_ARCHIVE)\n")


def damaged_copy(sample_archive, tmp_path) -> Archive:
    archive = Archive(tmp_path / "arkiv")
    shutil.copytree(sample_archive.root, archive.root, symlinks=True)
    return archive


def test_records_are_read_and_checked(sample_archive, tmp_path):
    archive = damaged_copy(sample_archive, tmp_path)
    unreadable, incomplete, other, *_ = [doc for doc in archive.documents() if not doc.archival]
    archive.record_path(unreadable.id).write_text('{"id": "', encoding="utf-8")
    data = incomplete.to_json()
    del data["original"], data["pages"]
    archive.record_path(incomplete.id).write_text(json.dumps(data), encoding="utf-8")
    data = other.to_json()
    data["id"] = unreadable.id
    archive.record_path(other.id).write_text(json.dumps(data), encoding="utf-8")

    result = run_cli(archive.root, "verify")
    assert result.exit_code == ExitCode.archive_problem
    lines = result.output.splitlines()
    assert any(line.startswith(f"unreadable document record: documents/{unreadable.id}.json") for line in lines)
    assert f"incomplete document record: documents/{incomplete.id}.json lacks original, pages" in lines
    assert (f"document record documents/{other.id}.json is the record of another document ({unreadable.id})"
            in lines)
    assert lines[-1] == "verified 4 files of 3 documents: 3 problems"  # their originals are not orphans


def test_orphans_are_found_both_ways(sample_archive, tmp_path):
    archive = damaged_copy(sample_archive, tmp_path)
    scan = next(doc for doc in archive.documents() if doc.archival)
    text = next(doc for doc in archive.documents() if doc.kind == "text")
    archive.record_path(scan.id).unlink()  # its original and PDF/A stay: files without a record
    archive.path(text.original).unlink()  # a record without its file
    stray = archive.originals / ("0" * 64 + ".pdf")
    stray.write_bytes(b"%PDF-1.4 left by an interrupted import")

    result = run_cli(archive.root, "verify")
    assert result.exit_code == ExitCode.archive_problem
    lines = result.output.splitlines()
    assert f"missing original: {text.original}" in lines
    orphans = sorted(line.split(" (")[0] for line in lines if "without a document record" in line)
    assert orphans == sorted([f"original without a document record: {scan.original}",
                              f"archival copy without a document record: {scan.archival}"])
    assert f"original left by an interrupted import: originals/{stray.name} (ingest the file again to finish it)" in lines


def test_leftover_of_an_interrupted_import_is_a_note_not_a_failure(sample_archive, tmp_path):
    """An import stopped between storing the original and writing the record leaves the original:
    no event says the document was ingested, and the next import of the file finishes it."""
    archive = damaged_copy(sample_archive, tmp_path)
    (archive.originals / ("0" * 64 + ".txt")).write_bytes(b"Protokoll\n")
    result = run_cli(archive.root, "verify")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"original left by an interrupted import: originals/{'0' * 64}.txt")
    assert lines[-1] == "verified 7 files of 6 documents: all match"
