"""A drop folder imported again and again (cron, a systemd path unit): bad files alert once,
every run says what it did wherever its output goes, and the JSON summary survives an index
that cannot be written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from ingest_makers import SWEDISH, bomb_png
from protokoll.archive import Archive
from protokoll.errors import ExitCode

ROOT = Path(__file__).parent.parent


@pytest.fixture
def drop_folder(tmp_path) -> Path:
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "protokoll.txt").write_text(SWEDISH, encoding="utf-8")
    (inbox / "tom.pdf").write_bytes(b"")
    bomb_png(inbox / "jattebild.png")
    (inbox / "budget.xlsx").write_bytes(b"PK\3\4 a spreadsheet")
    return inbox


def piped(archive: Path, *args: str) -> subprocess.CompletedProcess:
    """`protokoll ingest` with stdout and stderr going to pipes, as in `| tee import.log` or cron."""
    return subprocess.run([sys.executable, "-m", "protokoll", "--archive", str(archive), "ingest", *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_piped_run_prints_its_summary_and_failures_on_stderr(tmp_path, drop_folder):
    done = piped(tmp_path / "arkiv", str(drop_folder))
    assert done.returncode == ExitCode.some_files_failed and done.stdout == ""
    lines = done.stderr.splitlines()
    assert any(line.startswith(f"protokoll: {drop_folder / 'tom.pdf'}: empty file (0 bytes)") for line in lines)
    assert lines[-1].startswith("ingest: 1 new, 0 unchanged, 0 no text, 2 failed, 1 skipped (unsupported: budget.xlsx); "
                                "report: " + str(tmp_path / "arkiv" / "reports"))
    assert Path(lines[-1].split("report: ")[1]).is_file()


def test_files_that_failed_before_do_not_fail_the_next_run(tmp_path, drop_folder):
    archive = Archive(tmp_path / "arkiv")
    first = run_cli(archive.root, "ingest", "--json", str(drop_folder))
    assert first.exit_code == ExitCode.some_files_failed
    first_report = json.loads(first.stdout)["path"]
    assert len(list(archive.failures_dir.glob("*.json"))) == 2

    again = run_cli(archive.root, "ingest", "--json", str(drop_folder))
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert summary["counts"]["failed"] == 0 and summary["counts"]["failed-earlier"] == 2
    earlier = [r for r in summary["results"] if r["status"] == "failed-earlier"]
    assert {Path(r["path"]).name for r in earlier} == {"tom.pdf", "jattebild.png"}
    assert all(r["reason"].startswith(f"failed earlier (see report {first_report}): ") for r in earlier)
    assert "1 unchanged, 0 no text, 0 failed, 2 failed earlier" in again.stderr

    # a renamed copy of the same bytes is the same failure
    (drop_folder / "tom igen.pdf").write_bytes(b"")
    assert run_cli(archive.root, "ingest", str(drop_folder)).exit_code == 0


def test_retry_failed_tries_again(tmp_path, drop_folder):
    archive = Archive(tmp_path / "arkiv")
    run_cli(archive.root, "ingest", str(drop_folder))
    retried = run_cli(archive.root, "ingest", "--retry-failed", "--json", str(drop_folder))
    assert retried.exit_code == ExitCode.some_files_failed
    assert json.loads(retried.stdout)["counts"]["failed"] == 2


def test_new_tool_versions_try_a_failed_file_again(tmp_path, drop_folder):
    """The failure entry keeps the versions that failed on the bytes. An entry written by an older
    release of protokoll (its version edited here: an upgrade cannot be made inside a test) does
    not hold the file back."""
    archive = Archive(tmp_path / "arkiv")
    run_cli(archive.root, "ingest", str(drop_folder))
    (entry_path,) = [p for p in archive.failures_dir.glob("*.json")
                     if json.loads(p.read_text())["path"].endswith("tom.pdf")]
    entry = json.loads(entry_path.read_text())
    entry["tools"]["protokoll"] = "0.0.1"  # an older release failed on it
    entry_path.write_text(json.dumps(entry))
    result = run_cli(archive.root, "ingest", "--json", str(drop_folder))
    by_name = {Path(r["path"]).name: r["status"] for r in json.loads(result.stdout)["results"]}
    assert by_name["tom.pdf"] == "failed" and by_name["jattebild.png"] == "failed-earlier"


def test_quiet_run_prints_only_new_failures(tmp_path, drop_folder):
    first = piped(tmp_path / "arkiv", "-q", str(drop_folder))
    assert first.returncode == ExitCode.some_files_failed
    assert sorted(line.split(": ")[1] for line in first.stderr.splitlines()) == sorted(
        [str(drop_folder / "jattebild.png"), str(drop_folder / "tom.pdf")])
    second = piped(tmp_path / "arkiv", "--quiet", str(drop_folder))
    assert second.returncode == 0 and second.stdout == "" and second.stderr == ""  # nothing for cron to mail


def test_json_summary_is_printed_when_the_index_cannot_take_the_documents(tmp_path, drop_folder):
    archive = Archive(tmp_path / "arkiv")
    (tmp_path / "first.txt").write_text("§ 1 Upprop\nNärvarande ledamöter.\n", encoding="utf-8")
    assert run_cli(archive.root, "ingest", str(tmp_path / "first.txt")).exit_code == 0
    archive.index_link.unlink()  # the index is gone: adding to it must not start a partial one
    result = run_cli(archive.root, "ingest", "--json", str(drop_folder))
    assert result.exit_code == ExitCode.archive_problem
    summary = json.loads(result.stdout)
    assert summary["counts"]["new"] == 1 and "no index" in summary["index_error"]
    assert json.loads(Path(summary["path"]).read_text())["index_error"] == summary["index_error"]
    assert result.stderr.splitlines()[-1] == f"protokoll: {summary['index_error']}"
    assert result.stderr.splitlines()[-2].startswith("ingest: 1 new, 0 unchanged, 0 no text, 2 failed")
