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
