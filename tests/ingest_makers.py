"""Makers of ingest test inputs, good and bad, built for real at test time (see tests/resources/README
for the committed files). Scans are 1-page, 150-dpi renders so OCR stays near 2-3 s a page."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pikepdf

from tools.render_scan import render_pages, render_scan, wrap_lines

SWEDISH = (
    "Protokoll fört vid sammanträde med kommunstyrelsen i Östersunds kommun.\n"
    "§ 12 Överenskommelse om regional samverkan\n"
    "Kommunstyrelsen beslutar att godkänna överenskommelsen mellan Region Jämtland Härjedalen "
    "och länets kommuner om samverkan i frågor som rör näringsliv, folkhälsa och kompetensförsörjning. "
    "Samverkan mellan kommunerna är en förutsättning för att kommunerna ska kunna utföra sina uppdrag, "
    "och regionens samverkan med kommunerna är en förutsättning för att regionen ska kunna bedriva "
    "sin verksamhet. Överenskommelsen gäller till och med år 2021 och följs upp årligen av "
    "förvaltningen, som återrapporterar till nämnden före juni månads sammanträde.\n"
)


def scan_pdf(path: Path, text: str = SWEDISH, dpi: int = 150, seed: int = 1) -> Path:
    render_scan(text, path, dpi=dpi, seed=seed, truth_path=path.with_suffix(".gt.txt"))
    path.with_suffix(".gt.txt").unlink()
    return path


def page_images(text: str = SWEDISH, dpi: int = 150, seed: int = 1):
    """Bilevel page images like a scanner's; the text is cut in two so a multi-page TIFF has two pages."""
    lines = wrap_lines(text)
    half = len(lines) // 2
    first, _ = render_pages(lines[:half], dpi, 18.0, 0.5, seed)
    second, _ = render_pages(lines[half:], dpi, 18.0, 0.5, seed + 1)
    return first + second


def born_digital_pdf(path: Path, lines: list[str]) -> Path:
    """A text PDF as a word processor makes it: Helvetica, WinAnsi encoding, no images."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding))
    ops = [b"BT /F1 11 Tf 14 TL 60 780 Td"]
    for line in lines:
        escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + escaped + b") Tj T*")
    ops.append(b"ET")
    page = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                           Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                                           Contents=pdf.make_stream(b"\n".join(ops))))
    pdf.pages.append(page)
    pdf.save(path)
    return path


def swedish_lines() -> list[str]:
    return wrap_lines(SWEDISH, 90)


def mixed_pdf(path: Path, *parts: Path) -> Path:
    """The pages of `parts` one after another, e.g. a typed page followed by a scanned appendix."""
    out = pikepdf.new()
    opened = [pikepdf.open(part) for part in parts]
    for pdf in opened:
        out.pages.extend(pdf.pages)
    out.save(path)
    for pdf in opened:
        pdf.close()
    return path


def encrypted_pdf(path: Path, source: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="hemligt", owner="agare", R=6))
    return path


def legacy_ocr_pdf(path: Path, work: Path, text: str = SWEDISH) -> Path:
    """The damage of data/samples/002, made for real: a Swedish scan OCR'd with English only."""
    import ocrmypdf

    scan = scan_pdf(work / "legacy-scan.pdf", text, dpi=200, seed=7)
    ocrmypdf.ocr(scan, path, language=["eng"], output_type="pdf", jobs=1, progress_bar=False)
    return path


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A 100-byte PNG whose header declares 10 gigapixels (only the header is valid)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path


def indexed_doc_ids(archive) -> set[str]:
    """Documents with at least one paragraph in the live index."""
    from protokoll.index import store

    with store.open_live(archive).reader() as reader:
        return {t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("doc_id")}
