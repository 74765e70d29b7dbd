"""A born-digital text layer reads as its page shows it: pdfium's hyphen at a line end (U+FFFE,
with the line break dropped) and Word's Symbol-font bullets (private use) are written back as a
hyphen with its line break and a bullet, as seen in real Alingsås minutes."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from protokoll import pipeline
from protokoll.archive import Archive
from protokoll.index import search as index_search
from protokoll.ingest import pdftext
from ingest_makers import SYMBOL_BULLET_MAP, born_digital_pdf

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
