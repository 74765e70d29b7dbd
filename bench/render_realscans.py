"""Add rendered pages of real minutes to the real-scan set of bench/normalize_real.py.

    PROTOKOLL_REALSCANS=/path/to/realscans python -m bench.render_realscans [--style old-print] [--style typewriter]

The real scans hold no typed minutes and one printed page from the 1970s. This renders the text
of real published minutes that nobody in the project wrote (Kungsbacka's, in
../shared/realdata/minutes or $PROTOKOLL_REALDATA/minutes) with tools/render_scan.py, one page
per document, and OCR's it with `eng` (the legacy damage) and `swe`. Truth kind "render": the
text as drawn. The split is fixed by the minutes' year: the 2024 minutes are dev (looked at while
tuning), the 2025 minutes held out (only measured). A rendered page measures the generator's
damage of a print face or typewriter, not a real one: normalize_real totals them apart.

Each page is named render_STYLE_DOCUMENT; a page already in split.tsv is rendered again and keeps
its row. Seeded: the same data and fonts give the same pages.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from bench.normalize_real import ocr, read_split, realscans_dir
from bench.real_minutes import minutes_dir, text_pages
from tools.render_scan import STYLE_DPI, STYLES, page_bytes, render_pages, wrap_lines

# (document, first page of its running text: the pages before are the cover and the attendance list)
DOCUMENTS = {
    "dev": [("kungsbacka_fg_2024-09-18", 3), ("kungsbacka_ifo_2024-10-17", 3), ("kungsbacka_ks_2024-08-27", 3),
            ("kungsbacka_fg-au_2024-05-02", 3), ("kungsbacka_revision_2024-09-23", 2), ("kungsbacka_ks_2024-08-27", 9)],
    "heldout": [("kungsbacka_fg_2025-04-23", 3), ("kungsbacka_ifo_2025-08-21", 3), ("kungsbacka_ks_2025-08-26", 3),
                ("kungsbacka_fg-au_2025-10-02", 3), ("kungsbacka_revision_2025-11-17", 2), ("kungsbacka_bygg_2025-11-20", 3)],
}
PARAGRAPH_MIN_WORDS = 12  # shorter blocks are headings, tables and signatures: prose only
NOISE, ROTATE = 18.0, 0.5


def running_text(document: Path, first_page: int) -> str:
    """The prose paragraphs of a converted minutes file from `first_page` on, one line each."""
    body = "\n\n".join(text_pages(document)[first_page - 1:])
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", body))
    return "\n\n".join(block for block in blocks if len(block.split()) >= PARAGRAPH_MIN_WORDS)


def render_page(name: str, text: str, style_name: str, seed: int, folder: Path) -> int:
    """Render the first page of `text`, OCR it, and write its image, truth, eng and swe; its words."""
    style, dpi = STYLES[style_name], STYLE_DPI[style_name]
    pages, chunks = render_pages(wrap_lines(text, style.line_width), dpi, NOISE, ROTATE, seed, style)
    truth = "\n".join(chunks[0]) + "\n"
    image = page_bytes(pages[0], dpi, style)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "page.img"
        path.write_bytes(image)
        for lang in ("eng", "swe"):
            (folder / lang / f"{name}.txt").write_text(ocr(path, lang, dpi), encoding="utf-8")
    (folder / "images" / f"{name}.{'jpg' if style.jpeg_quality else 'png'}").write_bytes(image)
    (folder / "truth" / f"{name}.txt").write_text(truth, encoding="utf-8")
    return len(truth.split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", action="append", choices=sorted(STYLES), help="default: old-print and typewriter")
    args = parser.parse_args()
    folder, source = realscans_dir(), minutes_dir()
    if not (folder / "split.tsv").exists() or not source.is_dir():
        print(f"needs the real-scan set ({folder}) and the real minutes ({source}): skipped")
        return 0
    known = {page for page, _, _ in read_split(folder)}
    rows = []
    for style_name in args.style or ["old-print", "typewriter"]:
        for subset, documents in DOCUMENTS.items():
            for seed, (document, first_page) in enumerate(documents, start=40):
                name = f"render_{style_name.replace('-', '')}_{document.removeprefix('kungsbacka_')}_p{first_page}"
                words = render_page(name, running_text(source / f"{document}.md", first_page), style_name, seed, folder)
                print(f"{name:50} {subset:8} {words:4} words")
                if name not in known:
                    rows.append(f"{name}\t{subset}\trender")
    if rows:
        with open(folder / "split.tsv", "a", encoding="utf-8") as split:
            split.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
