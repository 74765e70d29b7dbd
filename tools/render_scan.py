"""Render a UTF-8 text as a noisy, image-only "scanned" PDF, plus its line-wrapped ground truth.

    python -m tools.render_scan SRC.txt OUT.pdf [--style office|typewriter|old-print|worn]
                                [--dpi 300] [--noise 18] [--rotate 0.5] [--seed 1]

Writes OUT.pdf (one image per page, no text layer) and OUT.gt.txt (the wrapped lines as drawn,
pages separated by form feeds). Deterministic for a given seed, so tests and benchmarks can
regenerate the same scan.

Styles (`STYLES`), from a clean office scan to the damage of real archives:
- ``office``: DejaVu Serif, grain and blur, thresholded to black and white like a cheap office
  scanner (the default, and what the tests' scans have always been);
- ``typewriter``: Nimbus Mono (a Courier), each letter struck with its own ink and a little off
  the line, worn ribbon (thin strokes break), a copy's bleed-through, grey JPEG;
- ``old-print``: EB Garamond or C059 (a Century), uneven ink over the page, thickened letters that
  fill their eyes, bleed-through of the back page, skew, 200 dpi grey JPEG at low quality;
- ``worn``: the typewriter at 170 dpi, fainter ink and stronger JPEG artefacts.
Real scans damage several letters of a long word at once (issue 19): the clean office style
rarely does, these styles do (bench/normalize_real.py prints what OCR makes of them).

Fonts: DejaVu (fonts-dejavu-core), URW base 35 (fonts-urw-base35), EB Garamond (fonts-ebgaramond).
Only Pillow, numpy and img2pdf (all already needed) are used.
"""
from __future__ import annotations

import argparse
import io
import random
import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
URW = "/usr/share/fonts/opentype/urw-base35"
TYPEWRITER_FONT = f"{URW}/NimbusMonoPS-Bold.otf"  # a struck letter is bolder than Courier's thin line
OLD_PRINT_FONTS = ("/usr/share/fonts/opentype/ebgaramond/EBGaramond12-Regular.otf", f"{URW}/C059-Roman.otf")
A4_INCHES = (8.27, 11.69)


@dataclass(frozen=True)
class ScanStyle:
    """How a page is printed and scanned. The defaults are the ``office`` style."""

    fonts: tuple[str, ...] = (FONT,)  # one is chosen per document, by the seed
    point_size: float = 11.0
    per_letter: bool = False  # strike each letter on its own: typewriter ink and alignment
    letter_ink: tuple[int, int] = (0, 0)  # grey of a letter, darkest..lightest (per_letter only)
    letter_jitter: int = 0  # pixels up or down a struck letter may land (per_letter only)
    ink_patches: float = 0.0  # 0..1: how much the ink fades in large patches over the page
    stroke: int = 0  # < 0 thins strokes (worn ribbon, broken letters); > 0 thickens them (filled eyes)
    blur: float = 0.6  # Gaussian blur radius in pixels
    bleed_through: float = 0.0  # 0..1: darkness of the back page showing through, mirrored
    skew: float = 0.0  # degrees, a random share of it either way (besides `rotate`)
    threshold: int | None = 150  # black and white at this grey level; None keeps the page grey
    jpeg_quality: int | None = None  # store the page as JPEG at this quality (grey pages only)
    line_width: int = 85  # characters a line is wrapped at (wrap_lines): what the face fits between the margins


STYLES = {
    "office": ScanStyle(),
    "typewriter": ScanStyle(fonts=(TYPEWRITER_FONT,), point_size=12.0, per_letter=True, letter_ink=(0, 110),
                            letter_jitter=1, ink_patches=0.3, blur=0.9, bleed_through=0.12, skew=0.8,
                            threshold=None, jpeg_quality=35, line_width=65),
    "old-print": ScanStyle(fonts=OLD_PRINT_FONTS, point_size=11.0, ink_patches=0.4, stroke=1, blur=0.8,
                           bleed_through=0.15, skew=1.0, threshold=None, jpeg_quality=35),
    "worn": ScanStyle(fonts=(TYPEWRITER_FONT,), point_size=11.0, per_letter=True, letter_ink=(20, 140),
                      letter_jitter=2, ink_patches=0.45, blur=0.9, bleed_through=0.15, skew=1.2,
                      threshold=None, jpeg_quality=20, line_width=71),
}
STYLE_DPI = {"office": 300, "typewriter": 200, "old-print": 200, "worn": 170}  # the command line's default per style


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


def _draw_lines(page: Image.Image, lines: list[str], font, style: ScanStyle, origin: tuple[int, int], line_height: int,
                rng: random.Random) -> None:
    draw = ImageDraw.Draw(page)
    left, top = origin
    for row, line in enumerate(lines):
        y = top + row * line_height
        if not style.per_letter:
            draw.text((left, y), line, font=font, fill=0)
            continue
        x = float(left)
        for letter in line:  # a typewriter: each key strikes with its own force and lands a little off
            if not letter.isspace():
                draw.text((x, y + rng.randint(-style.letter_jitter, style.letter_jitter)), letter, font=font,
                          fill=rng.randint(*style.letter_ink))
            x += font.getlength(letter)


def _ink_field(size: tuple[int, int], strength: float, rng: np.random.Generator) -> np.ndarray:
    """A smooth field of 1 - strength .. 1: where ink ran thin, in patches a few centimetres wide."""
    coarse = rng.random((max(2, size[1] // 150), max(2, size[0] // 150)))
    field = Image.fromarray((coarse * 255).astype(np.uint8)).resize(size, Image.BICUBIC)
    return 1.0 - strength * np.asarray(field, dtype=np.float32) / 255.0


def _damaged(page: Image.Image, back: Image.Image | None, style: ScanStyle, rotate: float,
             rng: random.Random, tile: Image.Image) -> Image.Image:
    """Ink, strokes, bleed-through, skew, blur and grain applied to a clean grey page."""
    if style.stroke:  # on white paper MaxFilter grows the white (thins the ink), MinFilter the black
        size = 2 * abs(style.stroke) + 1
        page = page.filter(ImageFilter.MaxFilter(size) if style.stroke < 0 else ImageFilter.MinFilter(size))
    ink = 255.0 - np.asarray(page, dtype=np.float32)
    if style.ink_patches:
        ink *= _ink_field(page.size, style.ink_patches, np.random.default_rng(rng.randrange(2**32)))
    if back is not None and style.bleed_through:
        back_ink = 255.0 - np.asarray(back.transpose(Image.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(2)), dtype=np.float32)
        ink = np.maximum(ink, style.bleed_through * back_ink)
    page = Image.fromarray((255.0 - np.clip(ink, 0, 255)).astype(np.uint8))
    angle = rotate * rng.uniform(0.5, 1.0) + (style.skew * rng.uniform(-1.0, 1.0) if style.skew else 0.0)
    page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(style.blur))
    grain = Image.new("L", page.size)
    for x in range(0, page.width, tile.width):
        for y in range(0, page.height, tile.height):
            grain.paste(tile.rotate(90 * rng.randrange(4)), (x, y))
    page = ImageChops.subtract(page, grain)
    if style.threshold is not None:
        # Threshold like a cheap office scanner: grain and blur turn into ragged, speckled glyphs.
        threshold = style.threshold
        return page.point(lambda v: 255 if v > threshold else 0).convert("1")
    return page


def render_pages(lines: list[str], dpi: int, noise: float, rotate: float, seed: int,
                 style: ScanStyle = STYLES["office"]) -> tuple[list[Image.Image], list[list[str]]]:
    rng = random.Random(seed)
    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    font = ImageFont.truetype(style.fonts[seed % len(style.fonts)], size=int(style.point_size / 72 * dpi))
    line_height = int(6 / 25.4 * dpi)  # 6 mm, as a typed page
    margin = int(20 / 25.4 * dpi)
    per_page = (height - 2 * margin) // line_height
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    tile = noise_tile(rng, noise)
    pages = []
    for number, chunk in enumerate(chunks):
        page = Image.new("L", (width, height), 255)
        _draw_lines(page, chunk, font, style, (margin, margin), line_height, rng)
        back = None
        if style.bleed_through:  # the back of the sheet: the next page, or this one again for the last
            back = Image.new("L", (width, height), 255)
            _draw_lines(back, chunks[(number + 1) % len(chunks)], font, replace(style, per_letter=False),
                        (margin, margin + line_height // 2), line_height, rng)
        pages.append(_damaged(page, back, style, rotate, rng, tile))
    return pages, chunks


def page_bytes(page: Image.Image, dpi: int, style: ScanStyle = STYLES["office"]) -> bytes:
    """The page as the scanner stores it: PNG, or JPEG (with its artefacts) for a grey style."""
    buf = io.BytesIO()
    if style.jpeg_quality and page.mode == "L":
        page.save(buf, format="JPEG", quality=style.jpeg_quality, dpi=(dpi, dpi))
    else:
        page.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def render_scan(text: str, out_pdf: Path, dpi: int = 300, noise: float = 18.0, rotate: float = 0.5, seed: int = 1,
                truth_path: Path | None = None, style: ScanStyle = STYLES["office"]) -> str:
    """Write an image-only PDF of `text` and return its ground truth (pages split by form feed).

    The ground truth goes to `truth_path`, by default OUT.gt.txt beside the PDF.
    """
    pages, chunks = render_pages(wrap_lines(text, style.line_width), dpi, noise, rotate, seed, style)
    out_pdf = Path(out_pdf)
    out_pdf.write_bytes(img2pdf.convert([page_bytes(page, dpi, style) for page in pages]))
    truth = "\f".join("\n".join(chunk) for chunk in chunks) + "\n"
    Path(truth_path or out_pdf.with_suffix(".gt.txt")).write_text(truth, encoding="utf-8")
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--style", choices=sorted(STYLES), default="office")
    ap.add_argument("--dpi", type=int, help="default: 300 for office, 200 for typewriter and old-print, 150 for worn")
    ap.add_argument("--noise", type=float, default=18.0)
    ap.add_argument("--rotate", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--truth", type=Path, help="where to write the ground truth (default OUT.gt.txt)")
    a = ap.parse_args()
    render_scan(a.src.read_text(encoding="utf-8"), a.out, a.dpi or STYLE_DPI[a.style], a.noise, a.rotate, a.seed, a.truth,
                STYLES[a.style])


if __name__ == "__main__":
    main()
