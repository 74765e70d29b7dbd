"""Scans, page images and a legacy English-only OCR layer go through real OCRmyPDF and Tesseract."""
from __future__ import annotations

import json

import pytest

from conftest import ingested
from protokoll.index import search as index_search
from protokoll.ingest import triage
from protokoll.archive import Archive
from ingest_makers import (born_digital_pdf, indexed_doc_ids, legacy_ocr_pdf, mixed_pdf, page_images,
                           scan_pdf)

pytestmark = pytest.mark.slow
ENGLISH_LINES = ["Minutes of the joint committee, page one, typed on a computer.",
                 "The committee approved the annual report and the budget for next year."]
SWEDISH_WORDS = ("överenskommelsen", "förutsättning", "samverkan", "länets", "kommunerna", "frågor")


@pytest.fixture(scope="module")
def ocr_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("ocr")
    inbox = base / "inkorg"
    inbox.mkdir()
    scan_pdf(inbox / "scan.pdf")
    first, second = page_images()
    first.save(inbox / "page.png", dpi=(150, 150))
    second.convert("L").save(inbox / "page.jpg", dpi=(150, 150), quality=85)
    first.save(inbox / "pages.tif", save_all=True, append_images=[second], compression="group4", dpi=(150, 150))
    legacy_ocr_pdf(inbox / "legacy.pdf", base)
    mixed_pdf(inbox / "mixed.pdf", born_digital_pdf(base / "text.pdf", ENGLISH_LINES),
              scan_pdf(base / "appendix.pdf", seed=3))
    summary, docs = ingested(base / "arkiv", inbox)
    return Archive(base / "arkiv"), summary, docs, inbox


def found_words(pages: list[str]) -> set[str]:
    text = " ".join(pages).lower()
    return {word for word in SWEDISH_WORDS if word in text}


def test_scanned_pdf_becomes_pdfa_with_swedish_text(ocr_batch):
    archive, _, docs, inbox = ocr_batch
    doc = archive.load(docs["scan.pdf"]["doc_id"])
    assert doc.kind == "scan" and doc.text_origin == "ocr:swe+eng" and len(doc.pages) == 1
    assert b"pdfaid:part" in archive.path(doc.archival).read_bytes()
    assert archive.path(doc.original).read_bytes() == (inbox / "scan.pdf").read_bytes()
    assert len(found_words(doc.pages)) >= 4, doc.pages


@pytest.mark.parametrize("name, pages", [("page.png", 1), ("page.jpg", 1), ("pages.tif", 2)])
def test_images_become_pdfa_with_text_per_page(ocr_batch, name, pages):
    archive, _, docs, _ = ocr_batch
    doc = archive.load(docs[name]["doc_id"])
    assert doc.kind == "image" and len(doc.pages) == pages and doc.triage["frames"] == pages
    assert all(page.strip() for page in doc.pages)
    assert b"pdfaid:part" in archive.path(doc.archival).read_bytes()
    assert found_words(doc.pages)


def test_multipage_tiff_keeps_page_order(ocr_batch):
    archive, _, docs, _ = ocr_batch
    tiff = archive.load(docs["pages.tif"]["doc_id"])
    assert "protokoll" in tiff.pages[0].lower() and "protokoll" not in tiff.pages[1].lower()


def test_legacy_english_ocr_layer_is_found_and_replaced(ocr_batch, tmp_path):
    archive, summary, docs, inbox = ocr_batch
    assert docs["legacy.pdf"]["status"] == "re-ocr" and summary["counts"]["re-ocr"] == 1
    doc = archive.load(docs["legacy.pdf"]["doc_id"])
    assert doc.kind == "legacy-ocr" and doc.text_origin == "ocr:swe+eng"
    # the figures behind the decision are recorded: the old layer lost å/ä/ö
    assert doc.triage["verdict"] == "legacy-ocr" and "OCR'd again" in doc.triage["decision"]
    assert doc.triage["aao_share"] < triage.MAX_AAO_SHARE < triage.assess(doc.pages).aao_share
    assert doc.triage["nonword_share"] > triage.MIN_NONWORD_SHARE
    assert len(found_words(doc.pages)) >= 4
    events = [json.loads(line) for line in archive.events_path.read_text(encoding="utf-8").splitlines()]
    reocr = [e for e in events if e["doc"] == doc.id and e["event"] == "re-ocr"]
    assert len(reocr) == 1 and reocr[0]["tools"]["tesseract"] and reocr[0]["tools"]["ocrmypdf"]


def test_every_document_has_its_events_with_tool_versions(ocr_batch):
    archive, _, docs, _ = ocr_batch
    events = [json.loads(line) for line in archive.events_path.read_text(encoding="utf-8").splitlines()]
    for entry in docs.values():
        mine = {e["event"] for e in events if e["doc"] == entry["doc_id"]}
        assert "ingested" in mine and mine & {"ocr", "re-ocr"}
    assert all(e["time"] and set(e["tools"]) == {"tesseract", "ocrmypdf"} for e in events)


def test_ocr_text_is_indexed_with_page_numbers(ocr_batch):
    archive, _, docs, _ = ocr_batch
    hits = index_search.search(archive, "överenskommelsen", limit=20).hits
    sources = {hit["source"] for hit in hits}
    assert {"scan.pdf", "legacy.pdf"} <= sources
    assert all(hit["page"] >= 1 for hit in hits if hit["source"] in {"scan.pdf", "pages.tif"})
    assert {entry["doc_id"] for entry in docs.values()} <= indexed_doc_ids(archive)


def test_text_pdf_with_a_scanned_page_gets_that_page_ocrd(ocr_batch):
    archive, _, docs, _ = ocr_batch
    doc = archive.load(docs["mixed.pdf"]["doc_id"])
    assert doc.kind == "text-pdf" and doc.text_origin == "born-digital+ocr:swe+eng" and len(doc.pages) == 2
    assert doc.pages[0].startswith(ENGLISH_LINES[0])  # the born-digital text, exactly as it was
    assert len(found_words([doc.pages[1]])) >= 3 and "[2]" in doc.triage["decision"]
    assert b"pdfaid:part" in archive.path(doc.archival).read_bytes()
