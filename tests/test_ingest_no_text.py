"""Documents without text (a blank scanned page, a PDF page with no content stream, a photograph)
are archived, recorded as "no text found" with their page count, counted, and never keep the
index from the others; an archive's first ingest builds the index whatever the batch holds.
The inputs are real files made here and OCR'd for real."""
from __future__ import annotations

import json

import pytest

from conftest import run_cli
from ingest_makers import SWEDISH, blank_scan_pdf, indexed_doc_ids, no_content_stream_pdf, photo_jpg
from protokoll.archive import Archive
from protokoll.index.search import SearchRequest, search

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def first_ingest(tmp_path_factory):
    """One batch into an empty archive: three documents without text and one with."""
    base = tmp_path_factory.mktemp("notext")
    inbox = base / "inkorg"
    inbox.mkdir()
    blank_scan_pdf(inbox / "baksida.pdf")
    no_content_stream_pdf(inbox / "tomma-sidor.pdf", pages=2)
    photo_jpg(inbox / "foto.jpg")
    (inbox / "protokoll.txt").write_text(SWEDISH, encoding="utf-8")
    result = run_cli(base / "arkiv", "ingest", "--jobs", "2", "--json", str(inbox))
    return result, json.loads(result.stdout), Archive(base / "arkiv")


def by_name(summary: dict, name: str) -> dict:
    (found,) = [r for r in summary["results"] if r["path"].endswith(name)]
    return found


def test_first_ingest_with_textless_documents_builds_the_index(first_ingest):
    result, summary, archive = first_ingest
    assert result.exit_code == 0, result.output
    assert summary["counts"]["new"] == 1 and summary["counts"]["no-text"] == 3 and summary["index_error"] is None
    assert "1 new, 0 unchanged, 3 no text, 0 failed" in result.stderr
    assert archive.index_link.exists()
    assert search(archive, SearchRequest("överenskommelsen")).total >= 1
    assert indexed_doc_ids(archive) == {by_name(summary, "protokoll.txt")["doc_id"]}


@pytest.mark.parametrize("name, pages", [("baksida.pdf", 1), ("tomma-sidor.pdf", 2), ("foto.jpg", 1)])
def test_textless_document_is_archived_and_recorded_with_its_pages(first_ingest, name, pages):
    _, summary, archive = first_ingest
    entry = by_name(summary, name)
    assert entry["status"] == "no-text" and entry["pages"] == pages
    doc = archive.load(entry["doc_id"])
    assert f"no text found ({pages} page" in doc.triage["decision"] and len(doc.pages) == pages
    assert archive.path(doc.original).is_file() and archive.path(doc.archival).is_file()  # kept, with a PDF/A


def test_second_run_counts_them_unchanged_and_leaves_the_index_alone(first_ingest):
    result, summary, archive = first_ingest
    again = run_cli(archive.root, "ingest", "--json", str(archive.root.parent / "inkorg"))
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["counts"]["unchanged"] == 4
    assert run_cli(archive.root, "verify").exit_code == 0


def test_first_ingest_of_only_textless_documents_leaves_an_empty_index(tmp_path):
    no_content_stream_pdf(tmp_path / "tom.pdf")
    result = run_cli(tmp_path / "arkiv", "ingest", str(tmp_path / "tom.pdf"))
    assert result.exit_code == 0, result.output
    # one file is OCR'd in this process, where OCRmyPDF's output check used to swallow stderr
    assert result.stderr.startswith("ingest: 0 new, 0 unchanged, 1 no text, 0 failed, 0 skipped; report: ")
    from protokoll.index import store

    with store.open_live(Archive(tmp_path / "arkiv")).reader() as reader:  # an index, with nothing in it
        assert reader.doc_count() == 0
    # and it is searchable: no hits, not "damaged"
    searched = run_cli(tmp_path / "arkiv", "search", "--json", "protokoll")
    assert searched.exit_code == 0, searched.output
    assert json.loads(searched.stdout)["total"] == 0
    assert run_cli(tmp_path / "arkiv", "stats").exit_code == 0


def test_textless_documents_never_block_an_archive_with_an_index(first_ingest, tmp_path):
    _, _, archive = first_ingest
    no_content_stream_pdf(tmp_path / "ny-tom.pdf", pages=3)
    (tmp_path / "ny.txt").write_text("§ 9 Lövsta\nRivning av ladan i Lövsta.\n", encoding="utf-8")
    result = run_cli(archive.root, "ingest", str(tmp_path / "ny-tom.pdf"), str(tmp_path / "ny.txt"))
    assert result.exit_code == 0, result.output
    assert search(archive, SearchRequest("Lövsta")).total == 1
