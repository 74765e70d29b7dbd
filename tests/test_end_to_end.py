"""One scanned PDF goes from file to search hit, with nothing mocked."""
import json

from conftest import SCANNED_SAMPLE, run_cli

HIT_KEYS = {"id", "source", "section", "title", "date", "organisation", "body", "doc_type", "topics",
            "is_decision", "page", "score", "snippet"}


def test_swedish_query_finds_scanned_pdf_with_its_page(sample_archive):
    result = run_cli(sample_archive.root, "search", "kompetensförsörjning", "--json", "--limit", "20")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["hits"]
    assert hits and all(HIT_KEYS <= set(hit) for hit in hits)
    sources = {hit["source"] for hit in hits}
    assert SCANNED_SAMPLE.name in sources
    assert len(sources) >= 2
    scanned = [hit for hit in hits if hit["source"] == SCANNED_SAMPLE.name]
    assert all(isinstance(hit["page"], int) and hit["page"] >= 1 for hit in scanned)
    # kompetensförsörjning first appears on the scan's second page (§ 11)
    assert min(hit["page"] for hit in scanned) == 2


def test_scanned_pdf_is_archived_as_pdfa_beside_untouched_original(sample_archive):
    docs = [d for d in sample_archive.documents() if d.source == SCANNED_SAMPLE.name]
    assert len(docs) == 1
    doc = docs[0]
    assert doc.kind == "scan" and doc.text_origin.startswith("ocr:swe")
    assert sample_archive.path(doc.original).read_bytes() == SCANNED_SAMPLE.read_bytes()
    archival = sample_archive.path(doc.archival).read_bytes()
    assert archival.startswith(b"%PDF") and b"pdfaid:part" in archival
    assert "Kompetensförsörjning" in " ".join(doc.pages) or "kompetensförsörjning" in " ".join(doc.pages)


def test_show_and_stats(sample_archive):
    hits = json.loads(run_cli(sample_archive.root, "search", "Sammanträdesdatum", "--json").output)["hits"]
    shown = run_cli(sample_archive.root, "show", hits[0]["id"])
    assert shown.exit_code == 0 and "Sammanträdesdatum" in shown.output
    stats = run_cli(sample_archive.root, "stats")
    assert stats.exit_code == 0 and "documents: 6" in stats.output


def test_reindex_rebuilds_the_same_paragraphs(sample_archive):
    before = json.loads(run_cli(sample_archive.root, "search", "regemente", "--json").output)["hits"]
    result = run_cli(sample_archive.root, "reindex")
    assert result.exit_code == 0 and "reindexed" in result.output
    after = json.loads(run_cli(sample_archive.root, "search", "regemente", "--json").output)["hits"]
    assert [h["id"] for h in after] == [h["id"] for h in before]


def test_search_without_index_says_run_reindex(tmp_path):
    (tmp_path / "empty" / "documents").mkdir(parents=True)  # an archive, but its index is gone
    result = run_cli(tmp_path / "empty", "search", "beslut")
    assert result.exit_code == 4
    assert "reindex" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "empty" / "index").exists()


def test_search_without_archive_says_ingest_first(tmp_path):
    result = run_cli(tmp_path / "nothing", "search", "beslut")
    assert result.exit_code == 4 and "no archive at" in result.output and "ingest documents first" in result.output
    assert not (tmp_path / "nothing").exists()
