"""A born-digital text layer reads as its page shows it: pdfium's hyphen at a line end (U+FFFE,
with the line break dropped) and Word's Symbol-font bullets (private use) are written back as a
hyphen with its line break and a bullet, and letters written as a base and a combining mark are
composed, as seen in real Alingsås minutes; a text export from macOS (decomposed) is composed too."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from protokoll import pipeline
from protokoll.archive import Archive
from protokoll.index import search as index_search
from protokoll.ingest import pdftext
from ingest_makers import DECOMPOSED_MAP, SYMBOL_BULLET_MAP, born_digital_pdf

LINES = ["Beslutsunderlag:", "• Tjänsteskrivelse från förvaltningen", "Andelen elever på introduktions-",
         "programmen ligger på samma nivå. Uppdraget av vård-", "och omsorgsnämnden följs upp."]


def made_pdf(folder: Path) -> Path:
    return born_digital_pdf(folder / "protokoll.pdf", LINES, to_unicode=SYMBOL_BULLET_MAP)


def test_pdfium_gives_what_the_fix_is_for(tmp_path):
    """The document made here has the faults of the real ones, as pdfium reads them."""
    raw = pdfium.PdfDocument(str(made_pdf(tmp_path)))[0].get_textpage().get_text_range()
    assert "\uf0b7 Tjänsteskrivelse" in raw and "introduktions\ufffeprogrammen" in raw


def test_the_layer_reads_as_the_page_shows_it(tmp_path):
    (text,) = pdftext.page_texts(made_pdf(tmp_path))
    assert text.splitlines() == LINES


def test_a_word_broken_at_a_line_end_is_found_whole(tmp_path):
    archive = Archive(tmp_path / "arkiv")
    (result,) = pipeline.ingest(archive, [made_pdf(tmp_path)], jobs=1)
    assert result.status == "new"
    for query in ("introduktionsprogrammen", "omsorgsnämnden"):
        assert [hit["source"] for hit in index_search.search(archive, query).hits] == ["protokoll.pdf"], query
    assert "vård-\noch omsorgsnämnden" in archive.load(result.doc_id).pages[0]


def test_letters_with_combining_marks_are_composed(tmp_path):
    pdf = born_digital_pdf(tmp_path / "nfd.pdf", ["Motion om laddstationer för Alingsås cyklister"], to_unicode=DECOMPOSED_MAP)
    raw = pdfium.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    assert "fo\u0308r" in raw  # the producer's form, as pdfium reads it
    assert pdftext.page_texts(pdf) == ["Motion om laddstationer för Alingsås cyklister"]


def test_a_decomposed_text_export_is_found_by_its_words(tmp_path):
    export = tmp_path / "protokoll.txt"
    export.write_bytes("§ 5 Motion om laddstationer\n\nFörvaltningen föreslår att motionen bifalls.\n"
                       .replace("ö", "o\u0308").replace("Ö", "O\u0308").encode())
    archive = Archive(tmp_path / "arkiv")
    (result,) = pipeline.ingest(archive, [export], jobs=1)
    assert "Förvaltningen föreslår" in archive.load(result.doc_id).pages[0]
    assert [hit["source"] for hit in index_search.search(archive, "förvaltningen").hits] == ["protokoll.txt"]
