"""Reading an existing text layer from a PDF, page by page (pypdfium2, already an OCRmyPDF dependency)."""
from __future__ import annotations

from pathlib import Path

from errors import BadInput


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise BadInput("the PDF is encrypted; ask for an unencrypted copy") from None
        raise BadInput(f"not a readable PDF ({message})") from None
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
        return texts
    finally:
        document.close()
