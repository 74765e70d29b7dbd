"""Render a UTF-8 text as a noisy, bilevel, image-only "scanned" PDF, plus its line-wrapped ground truth.

    python -m tools.render_scan SRC.txt OUT.pdf [--dpi 300] [--noise 18] [--rotate 0.5] [--seed 1]

Writes OUT.pdf (one bilevel image per page, no text layer) and OUT.gt.txt (the
wrapped lines as drawn, pages separated by form feeds). Deterministic for a given
seed, so tests and benchmarks can regenerate the same scan. Only Pillow and img2pdf
(both already needed by OCRmyPDF) and the DejaVu fonts are used.
"""
from __future__ import annotations

import argparse
import io
import random
import re
import textwrap
from pathlib import Path

import img2pdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
A4_INCHES = (8.27, 11.69)


def wrap_lines(text: str, width: int = 85) -> list[str]:
    """Strip markdown emphasis and tabs, then wrap each paragraph like a typed page."""
    text = re.sub(r"\*+", "", text).replace("\t", " ")
    lines: list[str] = []
    for para in text.splitlines():
        lines += textwrap.wrap(para, width) or [""]
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def noise_tile(rng: random.Random, sigma: float, size: int = 256, density: float = 0.04) -> Image.Image:
    """Sparse grain: a few pixels in a hundred darkened, so the PNG pages stay small."""
    tile = Image.new("L", (size, size))
    tile.putdata([int(min(255, abs(rng.gauss(0, sigma)) * 4)) if rng.random() < density else 0 for _ in range(size * size)])
    return tile


def render_pages(lines: list[str], dpi: int, noise: float, rotate: float, seed: int) -> tuple[list[Image.Image], list[list[str]]]:
    rng = random.Random(seed)
    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    font = ImageFont.truetype(FONT, size=int(11 / 72 * dpi))
    line_height = int(6 / 25.4 * dpi)  # 6 mm, as a typed page
    margin = int(20 / 25.4 * dpi)
    per_page = (height - 2 * margin) // line_height
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    tile = noise_tile(rng, noise)
    pages = []
    for chunk in chunks:
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for row, line in enumerate(chunk):
            draw.text((margin, margin + row * line_height), line, font=font, fill=0)
        page = page.rotate(rotate * rng.uniform(0.5, 1.0), resample=Image.BICUBIC, fillcolor=255)
        page = page.filter(ImageFilter.GaussianBlur(0.6))
        grain = Image.new("L", (width, height))
        for x in range(0, width, tile.width):
            for y in range(0, height, tile.height):
                grain.paste(tile.rotate(90 * rng.randrange(4)), (x, y))
        # Threshold like a cheap office scanner: grain and blur turn into ragged, speckled glyphs.
        pages.append(ImageChops.subtract(page, grain).point(lambda v: 255 if v > 150 else 0).convert("1"))
    return pages, chunks


def render_scan(text: str, out_pdf: Path, dpi: int = 300, noise: float = 18.0, rotate: float = 0.5, seed: int = 1,
                truth_path: Path | None = None) -> str:
    """Write an image-only PDF of `text` and return its ground truth (pages split by form feed).

    The ground truth goes to `truth_path`, by default OUT.gt.txt beside the PDF.
    """
    pages, chunks = render_pages(wrap_lines(text), dpi, noise, rotate, seed)
    blobs = []
    for page in pages:
        buf = io.BytesIO()
        page.save(buf, format="PNG", dpi=(dpi, dpi))
        blobs.append(buf.getvalue())
    out_pdf = Path(out_pdf)
    out_pdf.write_bytes(img2pdf.convert(blobs))
    truth = "\f".join("\n".join(chunk) for chunk in chunks) + "\n"
    Path(truth_path or out_pdf.with_suffix(".gt.txt")).write_text(truth, encoding="utf-8")
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--noise", type=float, default=18.0)
    ap.add_argument("--rotate", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--truth", type=Path, help="where to write the ground truth (default OUT.gt.txt)")
    a = ap.parse_args()
    render_scan(a.src.read_text(encoding="utf-8"), a.out, a.dpi, a.noise, a.rotate, a.seed, a.truth)


if __name__ == "__main__":
    main()
