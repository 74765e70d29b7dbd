"""Triage of an existing PDF text layer: born-digital, legacy OCR of Swedish, or no text at all.

Legacy OCR made without Swedish language data loses å/ä/ö ("Jimtlands ldn", "6verenskommelsen").
Two figures tell it from good Swedish text, measured over the words of the layer:

- the share of words with å, ä or ö: about 0.27-0.30 in the five corpus documents, 0.02 in the
  legacy-OCR one (data/samples/002);
- the share of non-words, words wordfreq's Swedish list does not know: 0.03-0.05 in good text,
  0.16 in the legacy one.

A third figure keeps English documents (few å/ä/ö, "non-words" to a Swedish list) out: the share
of words more common in Swedish than in English must be high enough for the text to be Swedish.
The thresholds sit between the measured values with room on both sides.

A page can also carry a text layer nobody can read: a font without a usable Unicode map gives
glyph numbers for letters ("^ĂŵŵĂŶƚƌćĚĞƐĚĂƚƵŵ" for Sammanträdesdatum, seen in published
minutes). Such letters land in Latin Extended, IPA and Greek (U+0100-U+03FF), which Swedish text
hardly uses: 0.006 of the letters at most on any page of 18 real minutes PDFs, the realdata
minutes and legacy OCR, against 0.61-0.90 on the broken pages. Those pages are OCR'd from their
image, as scanned pages are. (A share of known words does not separate them: a real page of
repeated "Delegationslista skolkjuts" has as few as the broken ones.)
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from wordfreq import zipf_frequency

MIN_CHARS_PER_PAGE = 20  # below this on average, a PDF has no usable text layer
MIN_WORDS = 40  # fewer words than this are too few to judge; the layer is used as it is
MAX_AAO_SHARE = 0.10  # legacy OCR: fewer å/ä/ö words than this ...
MIN_NONWORD_SHARE = 0.10  # ... and more non-words than this
MIN_SWEDISH_SHARE = 0.25  # the text is Swedish at all (legacy OCR keeps och, att, som, mellan ...)

MAX_GLYPH_LETTER_SHARE = 0.3  # a page with more of its letters in U+0100-U+03FF is unreadable
MIN_LETTERS_GARBLED = 40  # a page with fewer letters is too short to call unreadable

WORD = re.compile(r"[^\W_]{2,}")  # letters and digits: "6verenskommelsen" is one (non-)word
AAO = re.compile(r"[åäöÅÄÖ]")


@dataclass
class TextLayerFigures:
    verdict: str  # "no-text", "born-digital", "legacy-ocr"
    chars: int
    words: int
    aao_share: float  # words with å/ä/ö
    nonword_share: float  # words not in wordfreq's Swedish list
    swedish_share: float  # words more frequent in Swedish than in English

    def to_json(self) -> dict:
        return asdict(self)


def words_of(text: str) -> list[str]:
    """Words of two or more letters, lowercased; pure numbers are not words.

    >>> words_of("I Jimtlands ldn, år 2019: 6verenskommelsen")
    ['jimtlands', 'ldn', 'år', '6verenskommelsen']
    """
    return [w.lower() for w in WORD.findall(text) if not w.isdigit()]


def is_nonword(word: str) -> bool:
    """A word wordfreq's Swedish list has never seen.

    >>> is_nonword("överenskommelsen"), is_nonword("6verenskommelsen"), is_nonword("jimtlands")
    (False, True, True)
    """
    return zipf_frequency(word, "sv") == 0.0


def looks_swedish(word: str) -> bool:
    return zipf_frequency(word, "sv") > zipf_frequency(word, "en")


def share(words: list[str], test) -> float:
    return round(sum(1 for w in words if test(w)) / len(words), 3) if words else 0.0


def assess(pages: list[str]) -> TextLayerFigures:
    """Measure a text layer and give the verdict the figures support."""
    text = "\n".join(pages)
    chars = sum(len(page.strip()) for page in pages)
    words = words_of(text)
    figures = TextLayerFigures("born-digital", chars, len(words), share(words, lambda w: AAO.search(w)),
                               share(words, is_nonword), share(words, looks_swedish))
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        figures.verdict = "no-text"
    elif (len(words) >= MIN_WORDS and figures.aao_share < MAX_AAO_SHARE
          and figures.nonword_share > MIN_NONWORD_SHARE and figures.swedish_share >= MIN_SWEDISH_SHARE):
        figures.verdict = "legacy-ocr"
    return figures


def glyph_letter_share(text: str) -> float | None:
    """Share of the letters of `text` in U+0100-U+03FF; None when there are too few to judge.

    >>> glyph_letter_share("^ĂŵŵĂŶƚƌćĚĞƐĚĂƚƵŵ Sammanträdesdatum 2025-09-02 " * 2)
    0.485
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS_GARBLED:
        return None
    return round(sum(0x100 <= ord(c) <= 0x3FF for c in letters) / len(letters), 3)


def garbled_pages(pages: list[str]) -> list[int]:
    """Numbers (from 1) of the pages whose text layer cannot be read (a broken font mapping).

    >>> garbled_pages(["Nämnden beslutar att godkänna informationen och lägga den till handlingarna.",
    ...                "^ŽĐŝĂůŶćŵŶĚĞŶ ďĞƐůƵƚĂƌ ĂƚƚŶćŵŶĚĞŶ ŚĂƌƚĂŐŝƚ ĚĞůĂǀ ŝŶĨŽƌŵĂƚŝŽŶĞŶ"])
    [2]
    """
    shares = (glyph_letter_share(page) for page in pages)
    return [n for n, share in enumerate(shares, 1) if share is not None and share > MAX_GLYPH_LETTER_SHARE]
