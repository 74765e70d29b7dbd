"""OCR with OCRmyPDF and Tesseract in Swedish, producing a PDF/A copy and text per page."""
from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from protokoll.errors import BadInput, MissingDependency
from protokoll.ingest.pdftext import ENCRYPTED

log = logging.getLogger(__name__)

LANGUAGES = ("swe", "eng")  # Swedish first; English for the odd quotation or name
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-swe ghostscript"


@functools.lru_cache(maxsize=None)
def tesseract_version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    except OSError:  # not installed: check_ocr_tools says so when OCR is needed
        return "not installed"
    return out.splitlines()[0].split()[-1] if out else "unknown"


@functools.lru_cache(maxsize=None)  # once per process: a batch asks for every document
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
        with standard_streams_kept():
            status = ocrmypdf.ocr(src, out_pdf, **options)
    except ocrmypdf.exceptions.EncryptedPdfError:
        raise BadInput(ENCRYPTED) from None
    except ocrmypdf.exceptions.MissingDependencyError as exc:
        raise MissingDependency(f"OCRmyPDF is missing a program: {exc}") from None
    except (ocrmypdf.exceptions.ExitCodeException, ValueError) as exc:  # ValueError: bad page geometry
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(f"OCR failed: {reason}") from None
    if status != ocrmypdf.ExitCode.ok:  # e.g. pdfa_conversion_failed: a PDF, but not the PDF/A we promise
        raise BadInput(f"OCR did not produce a valid PDF/A ({ocrmypdf.ExitCode(status).name})")
    try:
        text = sidecar.read_text(encoding="utf-8")
    finally:
        sidecar.unlink(missing_ok=True)
    # One entry per page of the PDF: a blank page has no text and, when it is the last page, not even
    # the form feed that would end it.
    pages = text.split("\f")
    count = page_count(out_pdf)
    return (pages + [""] * count)[:count]


@contextmanager
def standard_streams_kept() -> Iterator[None]:
    """Put sys.stdout and sys.stderr back afterwards. OCRmyPDF's final check of its output calls
    pikepdf's Pdf.check_linearization(StringIO()), which (pikepdf 10.18) leaves sys.stderr pointing
    at that StringIO: whatever the command printed on stderr after an OCR in this process was lost."""
    stdout, stderr = sys.stdout, sys.stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def page_count(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as opened:
        return len(opened.pages)


# Images: a limit of our own, per frame, checked on the header alone, so a small file that declares
# gigapixels never gets decoded. Pillow's adjustable limit (Image.MAX_IMAGE_PIXELS, which OCRmyPDF
# changes while it runs) only warns; its fixed hard limit, twice its default, lies above ours.
# 150 million pixels is an A0 sheet scanned at 300 dpi, with room to spare.
MAX_IMAGE_PIXELS = 150_000_000
BOMB = (f"image refused: it would decompress to more than {MAX_IMAGE_PIXELS:,} pixels (a decompression bomb or "
        "a damaged header); if it is a real scan, save it at 300 dpi and ingest it again")


def check_image(src: Path) -> int:
    """Open every frame's header; refuse unreadable images and decompression bombs. Returns frame count."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(src) as image:
                frames = getattr(image, "n_frames", 1)
                for frame in range(frames):
                    image.seek(frame)
                    width, height = image.size
                    if width * height > MAX_IMAGE_PIXELS:
                        raise Image.DecompressionBombError(f"{width}x{height}")
                return frames
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadInput(BOMB) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadInput(f"not a readable image ({reason}): damaged or not what its name says; "
                       "ask for a new copy") from None


def image_to_pdf(src: Path, out_pdf: Path) -> int:
    """Wrap an image (every frame of a TIFF) as PDF pages with img2pdf, losslessly where it can.

    Images without a resolution are taken as 300 dpi, a common scanner setting, so pages get
    a sensible size. Returns the number of pages.
    """
    import img2pdf
    from PIL import Image

    frames = check_image(src)
    with Image.open(src) as image:
        has_dpi = "dpi" in image.info
    layout = {} if has_dpi else {"layout_fun": img2pdf.get_fixed_dpi_layout_fun((300, 300))}
    try:
        data = img2pdf.convert(str(src), **layout)
    except Exception:  # img2pdf refuses alpha channels and some modes; re-encode with Pillow
        data = img2pdf.convert(_reencoded_frames(src), **layout)
    out_pdf.write_bytes(data)
    return frames


def _reencoded_frames(src: Path) -> list[bytes]:
    import io

    from PIL import Image, ImageSequence

    blobs = []
    with Image.open(src) as image:
        for frame in ImageSequence.Iterator(image):
            buf = io.BytesIO()
            frame.convert("RGB" if frame.mode not in ("1", "L") else frame.mode).save(buf, format="PNG", dpi=image.info.get("dpi", (300, 300)))
            blobs.append(buf.getvalue())
    return blobs
