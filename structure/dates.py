"""Swedish dates in minutes, as written and as OCR leaves them, to ISO 8601."""
from __future__ import annotations

import datetime as dt
import re

from rapidfuzz import fuzz, process

MONTHS = {"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
          "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}
ABBREVIATIONS = {"jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                 "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12}

ISO = re.compile(r"\b((?:19|20)\d\d)- ?(\d\d)- ?(\d\d)\b")  # also as OCR spaces it: "2023- 06- 19"
SHORT_ISO = re.compile(r"(?<![\d/-])(\d\d)-(\d\d)-(\d\d)(?![\d-])")  # "98-03-12" in older minutes
WORDED = re.compile(r"\b(\d{1,2})(?::e|:a)?\s+([A-Za-zÅÄÖåäöéÉ]{3,10})\.?,?\s+((?:19|20)\d\d)\b")
SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})[ -]((?:19|20)\d\d)\b")  # "16/9 2024"
DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")  # "16.9.2024"


def month_number(word: str) -> int | None:
    """The month a Swedish month name means, OCR damage allowed.

    >>> month_number("september"), month_number("Sept"), month_number("septemher"), month_number("personer")
    (9, 9, 9, None)
    """
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS[word]
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if len(word) >= 5:
        found = process.extractOne(word, list(MONTHS), scorer=fuzz.ratio, score_cutoff=80)
        if found:
            return MONTHS[found[0]]
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO date) for every date in `text`, in reading order.

    >>> [d for _, d in find_dates("måndag 16 september 2024, 2020-04-22, 16/9 2024 och Dnr KS 98/112 den 98-03-12")]
    ['2024-09-16', '2020-04-22', '2024-09-16', '1998-03-12']
    """
    found: list[tuple[int, str]] = []
    for m in ISO.finditer(text):
        found.append((m.start(), _iso(int(m[1]), int(m[2]), int(m[3]))))
    for m in WORDED.finditer(text):
        month = month_number(m[2])
        if month:
            found.append((m.start(), _iso(int(m[3]), month, int(m[1]))))
    for pattern in (SLASHED, DOTTED):
        for m in pattern.finditer(text):
            found.append((m.start(), _iso(int(m[3]), int(m[2]), int(m[1]))))
    for m in SHORT_ISO.finditer(text):
        year = int(m[1])
        found.append((m.start(), _iso(year + (1900 if year >= 50 else 2000), int(m[2]), int(m[3]))))
    return sorted((offset, iso) for offset, iso in found if iso)


def first_date(text: str) -> str | None:
    dates = find_dates(text)
    return dates[0][1] if dates else None
