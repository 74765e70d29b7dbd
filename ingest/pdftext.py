"""Reading an existing text layer from a PDF, page by page (pypdfium2, already an OCRmyPDF dependency)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from protokoll.errors import BadInput


@dataclass
class PdfPage:
    text: str
    has_image: bool  # a page image exists, so the page can be OCR'd again


# pdfium gives a hyphen at a line end as U+FFFE with the line break dropped ("vård\ufffeoch",
# "introduktions\ufffeprogrammen"): written back as the page shows it, the normaliser's hyphenation
# step joins a broken word and keeps "vård- och". Word's Symbol-font bullets come as private-use
# characters. Some producers write "ä" as "a" and a combining mark: composed (NFC).
LAYER_FIXES = str.maketrans({"\ufffe": "-\n", "\uf0b7": "•", "\uf0a7": "▪", "\uf02d": "-"})

ENCRYPTED = "the PDF is encrypted; ask for an unencrypted copy"
XFA_FORM = ("the PDF is an XFA form: its content is drawn only by Adobe Reader, other programs see a "
            "placeholder page; open it in Adobe Reader, print it to PDF and ingest that PDF")


def read_pages(pdf: Path) -> list[PdfPage]:
    """Text layer and presence of images for every page; BadInput for encrypted, broken or
    XFA-only PDFs."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise BadInput(ENCRYPTED) from None
        raise BadInput(f"not a readable PDF, damaged or truncated ({message.rstrip('.')}); "
                       "ask for a new copy") from None
    try:
        if len(document) == 0:
            raise BadInput("the PDF has no pages; ask for a new copy")
        # Full XFA (the catalogue's NeedsRendering): the pages in the file are a "please wait"
        # placeholder, and the form itself exists only as XML that pdfium cannot draw.
        if pdfium_c.FPDF_GetFormType(document.raw) == pdfium_c.FORMTYPE_XFA_FULL:
            raise BadInput(XFA_FORM)
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n").translate(LAYER_FIXES)
            text = unicodedata.normalize("NFC", text)
            images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
            pages.append(PdfPage(text, next(iter(images), None) is not None))
        return pages
    finally:
        document.close()


def page_texts(pdf: Path) -> list[str]:
    return [page.text for page in read_pages(pdf)]
