"""Text files as ingest and `protokoll normalize` read them: the encoding told from the bytes.

A base module (it imports nothing of protokoll), so that the command that only reads a text
file does not import the ingest stage to decode it.
"""
from __future__ import annotations

import re
import unicodedata

# Bytes 0x80-0x9F: in Windows-1252 they are printable (€ ‚ „ … – — ’ “ ”), in Latin-1 they are
# C1 control codes that no real text contains. Five of them are unassigned in Windows-1252.
CP1252_UNASSIGNED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


SWEDISH_INSIDE_WORD = re.compile(r"(?<=[^\W\d_])[åäöÅÄÖ](?=[^\W\d_])")


def detect_encoding(data: bytes) -> str:
    """UTF-8 if the bytes decode as UTF-8, else Windows-1252, Latin-1 or the DOS code page 850.

    Non-ASCII text in a single-byte code page almost never happens to be valid UTF-8 (an "å"
    alone, 0xE5, is an invalid UTF-8 start), so strict UTF-8 first is safe. Windows-1252 and
    Latin-1 agree on every byte except 0x80-0x9F, including å/ä/ö (0xE5/0xE4/0xF6): only those
    bytes can tell them apart, and only Windows-1252 gives them printable meanings. Exports
    from old DOS systems write å/ä/ö as 0x86/0x84/0x94 (code pages 850 and 437 agree on them):
    Windows-1252 reads those as † „ ”. The reading with more å/ä/ö inside words wins; a
    quotation mark ” (0x94, an ö in DOS) stands next to a word, never inside one.

    >>> detect_encoding("Jämtlands län".encode("utf-8")), detect_encoding("Jämtlands län – 2019".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> detect_encoding("Jämtlands län".encode("latin-1")), detect_encoding(b"\\xe5r \\x81")
    ('latin-1', 'latin-1')
    >>> detect_encoding("Jämtlands län".encode("cp850")), detect_encoding("Mötet om ”vägar”".encode("cp1252"))
    ('cp850', 'cp1252')
    """
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high_controls = {b for b in data if 0x80 <= b <= 0x9F}
    windows = "cp1252" if high_controls and not high_controls & CP1252_UNASSIGNED else "latin-1"
    if high_controls and _swedish_inside_words(data.decode("cp850")) > _swedish_inside_words(data.decode(windows)):
        return "cp850"
    return windows


def _swedish_inside_words(text: str) -> int:
    return len(SWEDISH_INSIDE_WORD.findall(text))


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read in. A UTF-8 byte-order mark is dropped, and letters written
    as a base and a combining mark (macOS writes "a" + U+0308 for "ä") are composed (NFC).

    >>> decode_text("fo\u0308r Alingsa\u030as".encode())
    ('för Alingsås', 'utf-8')
    """
    encoding = detect_encoding(data)
    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")), encoding
