"""The scan generator's styles (tools/render_scan.py): real pages, deterministic, and the office
style the OCR tests were tuned on still draws exactly what it drew before the styles came."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from tools.render_scan import A4_INCHES, STYLE_DPI, STYLES, page_bytes, render_pages, render_scan, wrap_lines

TEXT = ("§ 12 Överenskommelse om järnvägsnätet\n"
        "Kommunstyrelsen beslutar att godkänna överenskommelsen om ersättningsberättigade banor "
        "för budgetåret 1975/76 och att återrapportera till nämnden.\n") * 3


def missing_fonts(style: str) -> list[str]:
    return [f for f in STYLES[style].fonts if not Path(f).exists()]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_style_renders_a_page_deterministically(style):
    if missing_fonts(style):
        pytest.skip(f"fonts missing (install fonts-urw-base35 fonts-ebgaramond): {missing_fonts(style)}")
    dpi = STYLE_DPI[style]
    first, chunks = render_pages(wrap_lines(TEXT), dpi, 18.0, 0.5, 4, STYLES[style])
    again, _ = render_pages(wrap_lines(TEXT), dpi, 18.0, 0.5, 4, STYLES[style])
    assert len(first) == len(chunks) == 1
    assert first[0].tobytes() == again[0].tobytes()
    assert first[0].size == (int(8.27 * dpi), int(11.69 * dpi))
    stored = Image.open(io.BytesIO(page_bytes(first[0], dpi, STYLES[style])))
    assert stored.format == ("JPEG" if STYLES[style].jpeg_quality else "PNG")
    assert int((np.asarray(first[0].convert("L")) < 128).sum()) > 1000  # the letters are there, not washed out


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_style_s_lines_fit_on_the_page(style):
    """A line wrapped at the style's width ends on the paper in each of its faces: text drawn past
    the edge would stand in the truth though no OCR could read it."""
    if missing_fonts(style):
        pytest.skip(f"fonts missing: {missing_fonts(style)}")
    points = 72  # measured in points: the page is A4 whatever the dpi
    printable = (A4_INCHES[0] - 20 / 25.4) * points  # from the left margin to the paper's edge
    lines = wrap_lines((TEXT + " ") * 4, STYLES[style].line_width)
    for face in STYLES[style].fonts:
        font = ImageFont.truetype(face, size=100)
        widest = max(font.getlength(line) for line in lines) * STYLES[style].point_size / 100
        assert widest < printable, (face, widest, printable)


def test_grey_styles_keep_grey_levels():
    if missing_fonts("old-print"):
        pytest.skip("fonts-ebgaramond / fonts-urw-base35 missing")
    page = render_pages(wrap_lines(TEXT), 200, 18.0, 0.5, 4, STYLES["old-print"])[0][0]
    assert page.mode == "L" and len(np.unique(np.asarray(page))) > 50  # grey, not thresholded


def test_office_style_is_the_scan_the_ocr_tests_were_tuned_on(tmp_path):
    """A pinned digest of the default render: a change here changes every OCR test's input."""
    pdf = tmp_path / "scan.pdf"
    truth = render_scan(TEXT, pdf, dpi=150, seed=3)
    page = render_pages(wrap_lines(TEXT), 150, 18.0, 0.5, 3)[0][0]
    assert truth.splitlines() == wrap_lines(TEXT)
    assert page.mode == "1"
    assert hashlib.sha256(page.tobytes()).hexdigest()[:16] == OFFICE_DIGEST


OFFICE_DIGEST = "fa876e059c8f7a9c"  # taken from the render before the styles were added
