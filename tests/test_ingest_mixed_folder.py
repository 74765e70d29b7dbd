"""A mixed folder as an archivist meets it, made here for real, ingested into a fresh archive in
one run: documents without text, an English scan, Word and OpenDocument files, an empty file, a
gigapixel PNG, a Windows-1252 text export and three scanned Swedish pages.

The run exits 1 (two files failed), says what it did on stderr although its output goes to a
pipe, leaves a searchable index of everything with text, and `verify` passes; the next run of
the same folder exits 0."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from ingest_makers import (ENGLISH, blank_scan_pdf, docx_file, gigapixel_png, indexed_doc_ids, mixed_pdf,
                           no_content_stream_pdf, odt_file, photo_jpg, scan_pdf)
from protokoll.archive import Archive
from protokoll.errors import ExitCode
from protokoll.index.search import SearchRequest, search

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parent.parent

SWEDISH_PAGES = [
    "§ 14 Detaljplan för Tandsbyn\nByggnadsnämnden beslutar att anta detaljplanen för bostäder i Tandsbyn. "
    "Planen möjliggör tolv nya tomter nära skolan och förskolan.\n",
    "§ 15 Snöröjning av enskilda vägar\nTekniska nämnden beslutar att kommunen även i vinter ska bidra till "
    "snöröjningen av enskilda vägar med bofast befolkning.\n",
    "§ 16 Biblioteket i Lit\nKulturnämnden beslutar att biblioteket i Lit ska hålla öppet två kvällar i veckan "
    "från och med hösten. Beslutet följs upp i december.\n",
]
# What each document with text must be found by, by file name.
FINDABLE = {"summary-english.pdf": "broadband", "budget.docx": "budgetramarna", "vagar.odt": "vägunderhåll",
            "export.txt": "färdtjänsten", "skannade-sidor.pdf": "Tandsbyn"}


def piped_ingest(archive: Path, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "protokoll", "--archive", str(archive), "ingest", "--jobs", "2",
                           str(folder)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    base = tmp_path_factory.mktemp("mixed")
    inbox = base / "inkorg"
    inbox.mkdir()
    blank_scan_pdf(inbox / "baksida.pdf")
    no_content_stream_pdf(inbox / "tom-sida.pdf")
    photo_jpg(inbox / "foto.jpg")
    scan_pdf(inbox / "summary-english.pdf", ENGLISH, seed=4)
    docx_file(inbox / "budget.docx", "§ 5 Budget 2025", "Kommunstyrelsen beslutar att godkänna budgetramarna för år 2025.")
    odt_file(inbox / "vagar.odt", "§ 6 Vägunderhåll", "Tekniska nämnden beslutar om vägunderhåll i Åre och Järpen.")
    (inbox / "tom.txt").write_bytes(b"")
    gigapixel_png(inbox / "karta.png")
    (inbox / "export.txt").write_bytes("§ 8 Färdtjänst\nSocialnämnden beslutar om ’nya’ riktlinjer för "
                                       "färdtjänsten – gäller från 1 juli.\n".encode("cp1252"))
    pages = [scan_pdf(base / f"sida{n}.pdf", text, seed=10 + n) for n, text in enumerate(SWEDISH_PAGES, 1)]
    mixed_pdf(inbox / "skannade-sidor.pdf", *pages)
    first = piped_ingest(base / "arkiv", inbox)
    return first, inbox, Archive(base / "arkiv")


def test_one_run_exits_1_and_says_what_it_did_when_piped(mixed):
    first, inbox, _ = mixed
    assert first.returncode == ExitCode.some_files_failed, first.stderr
    assert first.stdout == "" and "Traceback" not in first.stderr
    lines = first.stderr.splitlines()
    assert lines[-1].startswith("ingest: 5 new, 0 unchanged, 3 no text, 2 failed, 0 skipped; report: ")
    failed = {line.split(": ")[1] for line in lines[:-1]}
    assert failed == {str(inbox / "tom.txt"), str(inbox / "karta.png")}


def test_everything_with_text_is_searchable(mixed):
    _, _, archive = mixed
    for name, word in FINDABLE.items():
        hits = search(archive, SearchRequest(word)).hits
        assert any(hit["source"] == name for hit in hits), (name, word)
    for word in ("snöröjningen", "biblioteket"):  # pages two and three of the scan
        assert any(hit["source"] == "skannade-sidor.pdf" for hit in search(archive, SearchRequest(word)).hits), word
    with_text = {doc.id for doc in archive.documents() if any(page.strip() for page in doc.pages)}
    assert indexed_doc_ids(archive) == with_text and len(archive.document_ids()) == 8


def test_verify_passes_and_the_next_run_exits_0(mixed):
    _, inbox, archive = mixed
    verified = run_cli(archive.root, "verify")
    assert verified.exit_code == 0, verified.output
    second = piped_ingest(archive.root, inbox)
    assert second.returncode == 0, second.stderr
    assert second.stderr.splitlines()[-1].startswith(
        "ingest: 0 new, 8 unchanged, 0 no text, 0 failed, 2 failed earlier, 0 skipped; report: ")
