"""Real published minutes for the structure benchmark and tests: where they are, how they are read.

The documents are never part of the repository. They are read from
- `$PROTOKOLL_REALDATA/minutes` (default `../shared/realdata/minutes` beside the checkout): the
  Kungsbacka minutes the tests use;
- `$PROTOKOLL_EXTRA_MINUTES` (default `/work/realminutes-extra`): minutes of other municipalities
  fetched from public repositories, read only by the benchmark.
Both hold text exports: an optional YAML front matter (the exporter's, not the municipality's)
and `<!-- sida N -->` page markers. Where the published PDF lies beside a text export (same name,
`.pdf`), the PDF is what is measured, read as the product's ingest reads it
(`ingest.pdftext`): a text made by another tool (pdfminer, pdftotext) orders lines otherwise,
and users never see it.

Scanned versions are made with the scan generator `tools/render_scan.py` (the Pillow port of the
shared generator, which needs poppler and ImageMagick; 300 dpi, noise 18, as the OCR tests) and read back by the product's own OCR (`ingest.ocr.ocr_to_pdfa`, OCRmyPDF with
Tesseract swe+eng). OCR is slow, so the pages it returns are kept in `$PROTOKOLL_OCR_CACHE`
(default `/work/realminutes-ocr`), keyed by the text and the Tesseract version.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from protokoll.records import Document

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGE_MARK = re.compile(r"^<!-- sida (\d+) -->\s*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def realdata_dir() -> Path:
    return Path(os.environ.get("PROTOKOLL_REALDATA", REPO_ROOT.parent / "shared" / "realdata"))


def minutes_dir() -> Path:
    return realdata_dir() / "minutes"


def extra_dir() -> Path:
    return Path(os.environ.get("PROTOKOLL_EXTRA_MINUTES", "/work/realminutes-extra"))


def ocr_cache_dir() -> Path:
    return Path(os.environ.get("PROTOKOLL_OCR_CACHE", "/work/realminutes-ocr"))


def find_document(name: str) -> Path | None:
    """The file of a truth entry's document, in the shared real data or the extra minutes; its
    published PDF when that lies beside it."""
    for folder in (minutes_dir(), extra_dir()):
        if (folder / name).is_file():
            pdf = (folder / name).with_suffix(".pdf")
            return pdf if pdf.is_file() else folder / name
    return None


def text_pages(path: Path) -> list[str]:
    """The pages of a text export, without the exporter's front matter and page markers; of a PDF,
    its text layer as ingest reads it."""
    if path.suffix == ".pdf":
        from protokoll.ingest.pdftext import page_texts

        return page_texts(path)
    text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
    parts = PAGE_MARK.split(text)
    if len(parts) == 1:
        return [text]
    pages = [parts[i + 1] for i in range(1, len(parts) - 1, 2)]
    if parts[0].strip():
        pages[0] = parts[0] + pages[0]
    return pages


def as_document(path: Path, pages: list[str], kind: str = "text") -> Document:
    digest = hashlib.sha256("\f".join(pages).encode()).hexdigest()
    origin = "ocr:swe+eng" if kind == "scan" else "born-digital" if path.suffix == ".pdf" else "text-export"
    return Document(id=digest, source=path.name, original=path.name, kind=kind, pages=pages,
                    text_origin=origin, paged=kind == "scan" or path.suffix == ".pdf")


def scanned_pages(path: Path, make: bool = True, seed: int = 1) -> list[str] | None:
    """The OCR'd pages of a scan of the document (cached); None when not cached and `make` is False.
    Another `seed` renders the scan's noise and tilt anew, so OCR damages other letters."""
    from protokoll.ingest.ocr import ocr_to_pdfa, tesseract_version
    from tools.render_scan import render_scan

    text = "\n\n".join(page.strip("\n") for page in text_pages(path))
    key = hashlib.sha256(json.dumps([text, tesseract_version()] + ([seed] if seed != 1 else [])).encode()).hexdigest()[:20]
    cached = ocr_cache_dir() / f"{path.stem}-{key}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    if not make:
        return None
    with tempfile.TemporaryDirectory() as work:
        scan = Path(work) / "scan.pdf"
        render_scan(text, scan, seed=seed)
        pages = ocr_to_pdfa(scan, Path(work) / "ocr.pdf")
    ocr_cache_dir().mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return pages


if __name__ == "__main__":  # fill the OCR cache: python -m bench.real_minutes [--seed N] [NAME ...]
    import argparse

    ap = argparse.ArgumentParser(description="OCR the scans of real minutes into the cache")
    ap.add_argument("names", nargs="*", help="file names of minutes (default: all)")
    ap.add_argument("--seed", type=int, default=1, help="the scan's noise and tilt (1: the benchmark's own)")
    args = ap.parse_args()
    names = args.names or sorted(p.name for folder in (minutes_dir(), extra_dir()) if folder.is_dir()
                                 for p in folder.glob("*.md") if p.name != "README.md")
    for name in names:
        found = find_document(name)
        if found:
            pages = scanned_pages(found, seed=args.seed)
            print(f"{name}: {len(pages or [])} pages", flush=True)
