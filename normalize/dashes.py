"""Step: en dashes for the hyphens Tesseract wrote in their place (legacy text only).

Tesseract without Swedish writes the en dash as a hyphen. Swedish sets a dash between spaced
words ("RUS – där"), between times (13.00–16.30) and between years (2022–2030); a hyphen
at a line start is a list bullet, and a date (2019-04-22) has no dash.
"""
from __future__ import annotations

import re

from protokoll.normalize.settings import Edit

# Every match starts with a space or a digit: the lookahead lets the engine pass over letters at once.
_DASH = re.compile(r"(?=[ \d])(?:(?<=\S) (-) (?=\S)"
                   r"|\b\d{1,2}[.:]\d\d(-)\d{1,2}[.:]\d\d\b"
                   r"|(?<![\d/-])\b((?:19|20)\d\d)(-)((?:19|20)\d\d)\b(?![/-]\d))")


def dash_edits(text: str, page: object = None) -> list[Edit]:
    """En dashes for the hyphens Tesseract wrote in their place.

    >>> [(text[i], new) for text in ["RUS - där, kl. 13.00-16.30, 2022-2030, 2019-04-22"] for i, _, new, _, _ in dash_edits(text)]
    [('-', '–'), ('-', '–'), ('-', '–')]
    """
    edits: list[Edit] = []
    if "-" not in text:
        return edits
    for m in _DASH.finditer(text):
        if m.group(3) and int(m.group(5)) <= int(m.group(3)):
            continue  # not a range of years
        group = next(g for g in (1, 2, 4) if m.group(g))
        edits.append((m.start(group), "-", "–", "dash", 0.0))
    return edits
