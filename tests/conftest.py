"""Shared fixtures. Everything runs for real: Tesseract, OCRmyPDF, Whoosh."""
from __future__ import annotations

import json

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from protokoll import cli
from protokoll import pipeline
from protokoll.datafiles import SAMPLES_DIR
from protokoll.archive import Archive

SCANNED_SAMPLE = SAMPLES_DIR / "scan_000_samverkanstid_2024-09-16.pdf"


def run_cli(archive: Path, *args: str):
    """Call the CLI in-process, so a test sees exit codes and output."""
    return CliRunner().invoke(cli.main, ["--archive", str(archive), *args], catch_exceptions=False)


def ingested(archive: Path, inbox: Path) -> tuple[dict, dict[str, dict]]:
    """Ingest a folder through the CLI (two jobs, JSON), which must succeed: the summary, and its
    results by file name."""
    result = run_cli(archive, "ingest", "--jobs", "2", "--json", str(inbox))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    return summary, {r["path"].rsplit("/", 1)[-1]: r for r in summary["results"]}


@pytest.fixture(scope="session")
def sample_archive(tmp_path_factory) -> Archive:
    """The whole of data/samples ingested once (real OCR of the scanned PDF)."""
    root = tmp_path_factory.mktemp("arkiv")
    results = pipeline.ingest(Archive(root), [SAMPLES_DIR])
    failed = [r for r in results if r.status == "failed"]
    assert not failed, failed
    return Archive(root)


@pytest.fixture
def samples_copy(tmp_path) -> Path:
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES_DIR, target)
    return target


CASE_MINUTES = Path(__file__).parent / "resources" / "cases"


@pytest.fixture(scope="session")
def cases_archive(tmp_path_factory) -> Archive:
    """tests/resources/cases/ (one case through three boards) through the real pipeline."""
    archive = Archive(tmp_path_factory.mktemp("cases") / "arkiv")
    report = pipeline.ingest(archive, sorted(CASE_MINUTES.glob("*.txt")))
    assert not report.failures()
    return archive
