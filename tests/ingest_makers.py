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


def born_digital_pdf(path: Path, lines: list[str], *, to_unicode: dict[int, int] | None = None) -> Path:
    """A text PDF as a word processor makes it: Helvetica, WinAnsi encoding, no images.

    `to_unicode` gives the font a Unicode map (byte code -> code point), as word processors write
    one: SHIFTED_MAP is a broken one, sending every letter to another character, as published
    minutes were seen to do ("^ĂŵŵĂŶƚƌćĚĞƐĚĂƚƵŵ"); the page looks right, its text does not."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding))
    if to_unicode:
        font.ToUnicode = pdf.make_stream(unicode_cmap(to_unicode))
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


SHIFTED_MAP = {c: 0x100 + c for c in range(0x21, 0x100)}
# Word's bullet from the Symbol font: a private-use code point where WinAnsi has "•" (0x95)
# A producer that writes ä, å and ö as a letter and a combining mark (U+0308, U+030A)
DECOMPOSED_MAP = {**{c: ord(bytes([c]).decode("cp1252", "replace")) for c in range(0x20, 0x100)},
                  0xE4: "a\u0308", 0xE5: "a\u030a", 0xF6: "o\u0308"}
SYMBOL_BULLET_MAP = {**{c: ord(bytes([c]).decode("cp1252", "replace")) for c in range(0x20, 0x100)}, 0x95: 0xF0B7}


def unicode_cmap(mapping: dict[int, int | str]) -> bytes:
    """A ToUnicode CMap for single-byte codes (to a code point, or to a string such as a letter and a
    combining mark), in blocks of at most 100 entries."""
    codes = sorted(mapping)
    blocks = [codes[i:i + 100] for i in range(0, len(codes), 100)]
    body = b"".join(b"%d beginbfchar\n" % len(block)
                    + b"".join(b"<%02X> <%s>\n" % (c, _utf16_hex(mapping[c])) for c in block) + b"endbfchar\n"
                    for block in blocks)
    return (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Test-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            + body + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")


def _utf16_hex(target: int | str) -> bytes:
    return (chr(target) if isinstance(target, int) else target).encode("utf-16-be").hex().upper().encode()


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


# -- documents without text ------------------------------------------------------------

def blank_scan_pdf(path: Path, dpi: int = 150, seed: int = 3) -> Path:
    """A scanned blank page (the back side of a sheet): white, with a scanner's specks, wrapped by img2pdf."""
    import io

    import img2pdf
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    page = np.full((int(11.69 * dpi), int(8.27 * dpi)), 255, np.uint8)
    page[rng.random(page.shape) < 0.0005] = 0
    png = io.BytesIO()
    Image.fromarray(page).convert("1").save(png, format="PNG", dpi=(dpi, dpi))
    path.write_bytes(img2pdf.convert(png.getvalue()))
    return path


def no_content_stream_pdf(path: Path, pages: int = 1) -> Path:
    """Pages with a size and nothing else: no /Contents at all (as some PDF tools write empty pages)."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        del pdf.pages[-1].obj["/Contents"]
    pdf.save(path)
    return path


def photo_jpg(path: Path, seed: int = 5) -> Path:
    """A photograph without words: sky, hills and a sun, with sensor noise, slightly blurred."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(seed)
    height, width = 900, 1200
    y = np.linspace(0, 1, height)[:, None]
    x = np.linspace(0, 1, width)[None, :]
    image = np.zeros((height, width, 3))
    image[..., 0], image[..., 1], image[..., 2] = 120 + 80 * y, 160 + 50 * y, 230 - 60 * y
    image[np.broadcast_to(y > 0.55 + 0.1 * np.sin(x * 7), (height, width))] = [60, 120, 50]
    image += rng.normal(0, 8, image.shape)
    photo = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
    ImageDraw.Draw(photo).ellipse((900, 100, 1020, 220), fill=(250, 230, 120))
    photo.filter(ImageFilter.GaussianBlur(1.5)).save(path, quality=88, dpi=(150, 150))
    return path


ENGLISH = (
    "Summary in English\n"
    "The regional cooperation agreement between the municipalities covers business development, "
    "public health and the supply of skills. The board approved the agreement and asked the "
    "administration to report back before the summer meeting. The European Union project on rural "
    "broadband continues until the end of the year.\n"
)


# -- word processor files ---------------------------------------------------------------

def docx_file(path: Path, title: str, body: str) -> Path:
    """A .docx as Word writes it (python-docx)."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in body.split("\n"):
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def odt_file(path: Path, title: str, body: str) -> Path:
    """An .odt as LibreOffice Writer writes it (odfpy)."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=title))
    for paragraph in body.split("\n"):
        document.text.addElement(P(text=paragraph))
    document.save(str(path))
    return path


def rtf_file(path: Path, title: str, body: str) -> Path:
    """An .rtf, written by hand as the format is plain text: non-ASCII letters as \\'xx (Windows-1252)."""
    def escaped(text: str) -> str:
        return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\'{c.encode('cp1252')[0]:02x}" for c in text)

    paragraphs = "".join(f"\\par {escaped(line)}\n" for line in body.split("\n"))
    path.write_text(f"{{\\rtf1\\ansi\\ansicpg1252\\deff0{{\\fonttbl{{\\f0 Times New Roman;}}}}\n"
                    f"\\f0\\fs24 {{\\b {escaped(title)}}}\n{paragraphs}}}\n", encoding="ascii")
    return path


# -- more bad inputs --------------------------------------------------------------------

def gigapixel_png(path: Path, side: int = 32768) -> Path:
    """A valid PNG of side x side pixels (1.07 gigapixels at the default), 1-bit white: about
    130 kB on disk, 134 MB as pixels. Written row by row, so making it never holds the image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + b"\xff" * (side // 8)  # filter byte "none", then white pixels
    packer = zlib.compressobj(1)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def xfa_form_pdf(path: Path) -> Path:
    """A dynamic XFA form as Adobe LiveCycle writes it: the page is a placeholder, the form is XML
    in the AcroForm's /XFA and the catalogue says /NeedsRendering."""
    placeholder = ["Please wait...", "If this message is not eventually replaced by the proper contents of the",
                   "document, your PDF viewer may not be able to display this type of document."]
    born_digital_pdf(path, placeholder)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        xml = b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform name="form1"/></template></xdp:xdp>'
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pdf.make_stream(xml)))
        pdf.Root.NeedsRendering = True
        pdf.save(path)
    return path
