"""A text layer whose font has a broken Unicode map (letters come out as other characters, as in
published minutes seen in the wild) is not indexed as it is: those pages are OCR'd from their
image, the readable pages keep their born-digital text, and the original stays untouched."""
from __future__ import annotations

import pytest

from conftest import ingested
from protokoll.archive import Archive
from protokoll.index import search as index_search
from protokoll.ingest import pdftext, triage
from ingest_makers import SHIFTED_MAP, born_digital_pdf, mixed_pdf, swedish_lines

pytestmark = pytest.mark.slow
SWEDISH_WORDS = ("överenskommelsen", "förutsättning", "samverkan", "länets", "kommunerna", "frågor")


@pytest.fixture(scope="module")
def unreadable_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("unreadable")
    inbox = base / "inkorg"
    inbox.mkdir()
    lines = swedish_lines()[:30]
    born_digital_pdf(inbox / "unreadable.pdf", lines, to_unicode=SHIFTED_MAP)
    readable = ["Protokoll fört vid sammanträde med socialnämnden, sida ett.",
                "Nämnden beslutar att godkänna informationen och lägga den till handlingarna."] * 3
    mixed_pdf(inbox / "partly-unreadable.pdf", born_digital_pdf(base / "good.pdf", readable),
              born_digital_pdf(base / "bad.pdf", lines, to_unicode=SHIFTED_MAP))
    _, docs = ingested(base / "arkiv", inbox)
    return Archive(base / "arkiv"), docs, inbox, readable


def found_words(text: str) -> set[str]:
    return {word for word in SWEDISH_WORDS if word in text.lower()}


def test_the_broken_layer_is_really_unreadable(unreadable_batch):
    """The test document does what the real ones did: its text layer holds no Swedish word."""
    _, _, inbox, _ = unreadable_batch
    (text,) = pdftext.page_texts(inbox / "unreadable.pdf")
    assert not found_words(text) and triage.garbled_pages([text]) == [1]


def test_a_wholly_unreadable_layer_is_ocrd_again(unreadable_batch):
    archive, docs, inbox, _ = unreadable_batch
    entry = docs["unreadable.pdf"]
    assert entry["status"] == "re-ocr"
    doc = archive.load(entry["doc_id"])
    assert doc.triage["garbled_pages"] == [1] and "unreadable" in doc.triage["decision"]
    assert doc.text_origin == "ocr:swe+eng" and len(found_words(doc.pages[0])) >= 4, doc.pages
    assert archive.path(doc.original).read_bytes() == (inbox / "unreadable.pdf").read_bytes()
    assert b"pdfaid:part" in archive.path(doc.archival).read_bytes()


def test_only_the_unreadable_page_of_a_document_is_ocrd(unreadable_batch):
    archive, docs, _, readable = unreadable_batch
    doc = archive.load(docs["partly-unreadable.pdf"]["doc_id"])
    assert doc.triage["garbled_pages"] == [2] and "unreadable text layer [2]" in doc.triage["decision"]
    assert doc.text_origin == "born-digital+ocr:swe+eng" and len(doc.pages) == 2
    assert doc.pages[0].startswith(readable[0])  # the born-digital text, exactly as it was
    assert len(found_words(doc.pages[1])) >= 4, doc.pages[1]


def test_the_ocrd_text_is_what_search_finds(unreadable_batch):
    archive, _, _, _ = unreadable_batch
    sources = {hit["source"] for hit in index_search.search(archive, "överenskommelsen", limit=20).hits}
    assert sources == {"unreadable.pdf", "partly-unreadable.pdf"}
