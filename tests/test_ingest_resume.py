"""Idempotency, and interruption for real: a `protokoll ingest` subprocess is stopped with Ctrl-C
(SIGINT), SIGTERM and kill -9 in the middle of a batch; the archive stays consistent and the
same command finishes the rest."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from protokoll import pipeline
from protokoll.errors import ExitCode
from protokoll.index import store
from protokoll.archive import Archive
from ingest_makers import indexed_doc_ids, SWEDISH, born_digital_pdf, scan_pdf, swedish_lines

ROOT = Path(__file__).parent.parent
SCANS = 8  # one-page scans of a few seconds' OCR each: enough that three stops leave work to finish


def snapshot(archive: Archive) -> dict[str, float]:
    """Every archived file with its modification time (the log, reports and index change by design)."""
    keep = ("originals", "archival", "documents")
    return {str(p): p.stat().st_mtime_ns for folder in keep if (archive.root / folder).is_dir()
            for p in (archive.root / folder).iterdir()}


def events(archive: Archive) -> list[dict]:
    return [json.loads(line) for line in archive.events_path.read_text(encoding="utf-8").splitlines()]


def test_second_run_and_renamed_copy_do_no_work(tmp_path):
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    born_digital_pdf(inbox / "protokoll.pdf", swedish_lines())
    (inbox / "anteckningar.txt").write_text(SWEDISH, encoding="utf-8")
    archive = Archive(tmp_path / "arkiv")
    first = run_cli(archive.root, "ingest", str(inbox))
    assert first.exit_code == 0 and first.stdout == ""  # not a terminal, nothing failed: nothing on stdout ...
    assert first.stderr.startswith("ingest: 2 new, 0 unchanged, 0 no text, 0 failed, 0 skipped; report: ")  # ... a summary
    before, logged = snapshot(archive), len(events(archive))
    paragraphs = store.open_live(archive).doc_count()

    (tmp_path / "igen").mkdir()
    (tmp_path / "igen" / "protokoll 2019 kopia.pdf").write_bytes((inbox / "protokoll.pdf").read_bytes())
    again = run_cli(archive.root, "ingest", "--json", str(inbox), str(tmp_path / "igen"))
    summary = json.loads(again.stdout)
    assert again.exit_code == 0
    assert summary["counts"] == {"new": 0, "unchanged": 3, "re-ocr": 0, "no-text": 0, "failed": 0, "failed-earlier": 0,
                                 "skipped": 0}
    after = snapshot(archive)
    changed = {path for path in after if after[path] != before.get(path)}
    (record,) = changed  # only the record that learnt the new name
    doc = archive.load(Path(record).stem)
    assert doc.source == "protokoll.pdf" and doc.aliases == ["protokoll 2019 kopia.pdf"]
    new_events = events(archive)[logged:]
    assert [e["event"] for e in new_events] == ["alias"]
    assert store.open_live(archive).doc_count() == paragraphs

    # the archive inside the folder being imported is not walked: nothing of it comes back in
    inner = Archive(inbox / "arkiv")
    run_cli(inner.root, "ingest", str(inbox))
    assert run_cli(inner.root, "ingest", "--json", str(inbox)).exit_code == 0
    assert len(inner.document_ids()) == 2


def as_from_a_terminal() -> None:
    """Ctrl-C reaches a command started from a terminal. A test run started in the background
    of a non-interactive shell inherits SIGINT ignored, and Python keeps it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(archive: Path, inbox: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "protokoll", "--archive", str(archive), "ingest", "--jobs", "2",
                             "--json", str(inbox)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=as_from_a_terminal)


def wait_for_records(archive: Archive, count: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(archive.document_ids()) < count:
        assert process.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline, "no document archived in time"
        time.sleep(0.05)


def wait_until_gone(pgid: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def assert_consistent(archive: Archive) -> None:
    report = pipeline.verify(archive)
    assert report.ok, report.problems
    for doc in archive.documents():
        assert archive.path(doc.original).is_file() and doc.pages


@pytest.mark.slow
def test_ctrl_c_and_kill_9_mid_batch_then_rerun_finishes(tmp_path):
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    for n in range(SCANS):
        scan_pdf(inbox / f"scan-{n}.pdf", SWEDISH.replace("§ 12", f"§ {12 + n}"), seed=n)
    (inbox / "z-anteckningar.txt").write_text(SWEDISH, encoding="utf-8")
    archive = Archive(tmp_path / "arkiv")

    # Ctrl-C: the terminal sends SIGINT to the whole foreground process group
    run = start(archive.root, inbox)
    wait_for_records(archive, 1, run)
    os.killpg(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == ExitCode.interrupted and "run the same command again" in err
    assert "Traceback" not in err
    (report,) = [json.loads(p.read_text()) for p in archive.reports_dir.glob("*.json")]
    assert report["interrupted"] is True
    said = [line for line in err.splitlines() if line.startswith("ingest (interrupted): ")]  # what it did first
    assert said == [f"ingest (interrupted): {report['counts']['new']} new, 0 unchanged, 0 no text, 0 failed, "
                    f"0 skipped; report: {report['path']}"]
    assert_consistent(archive)

    # SIGTERM (a cron timeout, a service manager) to the main process: the same clean stop
    run = start(archive.root, inbox)
    wait_for_records(archive, len(archive.document_ids()) + 1, run)
    os.kill(run.pid, signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == ExitCode.interrupted and "Traceback" not in err
    assert wait_until_gone(run.pid), "workers outlived the stopped parent"
    assert_consistent(archive)
    after_stops = len(archive.document_ids())

    # kill -9 of the main process only: its workers must not carry on as orphans
    run = start(archive.root, inbox)
    wait_for_records(archive, after_stops + 1, run)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    try:
        assert wait_until_gone(run.pid), "workers outlived the killed parent"
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert_consistent(archive)
    archived = set(archive.document_ids())
    assert len(archived) < SCANS + 1, "the batch finished before the kill; nothing was interrupted"

    # the same command again finishes the rest and indexes everything
    run = start(archive.root, inbox)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    summary = json.loads(out)
    assert summary["counts"]["unchanged"] == len(archived)
    assert summary["counts"]["new"] == SCANS + 1 - len(archived)
    assert len(archive.document_ids()) == SCANS + 1
    assert_consistent(archive)
    assert set(archive.document_ids()) <= indexed_doc_ids(archive)
    assert not any(archive.tmp_dir.iterdir())  # work folders of the killed runs are gone
    assert not [p for p in archive.root.rglob(".tmp-*")]
