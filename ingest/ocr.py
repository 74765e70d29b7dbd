"""OCR with OCRmyPDF and Tesseract in Swedish, producing a PDF/A copy and text per page."""
from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from pathlib import Path

from errors import BadInput, MissingDependency

log = logging.getLogger(__name__)

LANGUAGES = ("swe", "eng")  # Swedish first; English for the odd quotation or name
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-swe ghostscript"


@functools.lru_cache(maxsize=None)
def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0].split()[-1] if out else "unknown"


def check_ocr_tools(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Fail early, in one line, when a program or the Swedish language data is missing."""
    if shutil.which("tesseract") is None:
        raise MissingDependency(f"tesseract is not installed: apt-get install {DEBIAN_PACKAGES}")
    if shutil.which("gs") is None:
        raise MissingDependency("ghostscript is not installed (needed for PDF/A): apt-get install ghostscript")
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, env=os.environ)
    available = set(listed.stdout.split()[1:]) if listed.returncode == 0 else set()
    missing = [lang for lang in languages if lang not in available]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise MissingDependency(f"Tesseract has no language data for {', '.join(missing)}: apt-get install {packages}")


def tool_versions() -> dict[str, str]:
    import ocrmypdf

    return {"tesseract": tesseract_version(), "ocrmypdf": ocrmypdf.__version__}


def ocr_to_pdfa(src: Path, out_pdf: Path, *, redo: bool = False, image_dpi: int | None = None) -> list[str]:
    """OCR `src` (PDF or image) into a PDF/A at `out_pdf`; return the recognised text per page.

    `redo` marks that an existing text layer (legacy OCR) is being replaced; it is recorded,
    the OCR itself is the same.
    """
    import ocrmypdf

    sidecar = out_pdf.with_suffix(".txt.tmp")
    options = dict(
        language=list(LANGUAGES),
        output_type="pdfa",
        sidecar=sidecar,
        jobs=1,  # parallelism is across documents, one worker per core
        progress_bar=False,
        image_dpi=image_dpi,
    )
    # Always rasterise and recognise every page. We only OCR pages without a usable text
    # layer (or with a legacy one we mean to replace), and Debian 12's Ghostscript 10.0
    # is refused by OCRmyPDF for --skip-text/--redo-ocr because it corrupts existing text.
    options["force_ocr"] = True
    try:
        ocrmypdf.ocr(src, out_pdf, **options)
    except ocrmypdf.exceptions.EncryptedPdfError:
        raise BadInput("the PDF is encrypted; ask for an unencrypted copy") from None
    except ocrmypdf.exceptions.MissingDependencyError as exc:
        raise MissingDependency(f"OCRmyPDF is missing a program: {exc}") from None
    except ocrmypdf.exceptions.ExitCodeException as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(f"OCR failed: {reason}") from None
    try:
        text = sidecar.read_text(encoding="utf-8")
    finally:
        sidecar.unlink(missing_ok=True)
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages
