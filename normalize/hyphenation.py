"""Step: join words hyphenated across a line break ("utveck-\\nlingen" -> "utvecklingen").

It runs first and rewrites the text; the other steps propose edits of the joined text, and
`original_offset` takes their positions back to the text as given.
"""
from __future__ import annotations

import bisect
import re

from protokoll.normalize.settings import Change

_HYPHEN_BREAK = re.compile(r"(\w+)-\r?\n([^\W\d_]+)")
_KEEP_AFTER_HYPHEN = {"och", "eller", "samt", "respektive", "resp", "till", "som"}  # "kurs- och konferens"

Shifts = list[tuple[int, int]]  # (offset in the joined text, characters removed before it)


_MISREAD_WORD = re.compile(r"[a-zåäöé]{3,}(?:[013568][a-zåäöé]+)*[013568]?")  # no two digits together: "covid19-"


def _misread_word(left: str) -> bool:
    """A word in small letters with a digit OCR read for a letter ("hyresgastf6-", "m6jlighe-"),
    hyphenated as a word is, unlike a code or number ("E4-", "covid19-", "2019-").

    >>> _misread_word("hyresgastf6"), _misread_word("parkeringsm6jlighe"), _misread_word("covid19")
    (True, True, False)
    """
    return _MISREAD_WORD.fullmatch(left) is not None


def join_hyphenation(text: str) -> str:
    """Join words hyphenated across a line break.

    >>> join_hyphenation("utveck-\\nlingen"), join_hyphenation("utveck-\\r\\nlingen")
    ('utvecklingen', 'utvecklingen')
    >>> join_hyphenation("ESF-\\nprojekten, kurs-\\noch konferens")
    'ESF-projekten, kurs-\\noch konferens'
    >>> join_hyphenation("sekreterare Ann-\\nMarie Strömgren")
    'sekreterare Ann-Marie Strömgren'
    >>> join_hyphenation("hyresgastf6-\\nreningens ombud, E4-\\nvägen")
    'hyresgastf6reningens ombud, E4-vägen'
    """
    return join_recording(text)[0]


def join_recording(text: str) -> tuple[str, list[Change], Shifts]:
    """The joined text, the joins as changes, and where characters went (for `original_offset`).

    >>> joined, changes, shifts = join_recording("utveck-\\nlingen av")
    >>> joined, [(c.original, c.replacement, c.position) for c in changes], shifts
    ('utvecklingen av', [('utveck-\\nlingen', 'utvecklingen', 0)], [(12, 2)])
    """
    out, changes, shifts = [], [], []
    if "-\n" not in text and "-\r\n" not in text:
        return text, changes, shifts
    last, removed = 0, 0
    for m in _HYPHEN_BREAK.finditer(text):
        left, right = m.group(1), m.group(2)
        if right.lower() in _KEEP_AFTER_HYPHEN:
            continue
        # A hyphen after capitals or digits is part of the word ("ESF-projekten"), and so is one before a
        # capital (the double names "Karl-Erik", "Ann-Marie"); else it only broke the line.
        keep = left.isupper() or not (left.isalpha() or _misread_word(left)) or right[0].isupper()
        joined = f"{left}-{right}" if keep else left + right
        out.append(text[last:m.start()] + joined)
        removed += len(m.group(0)) - len(joined)
        shifts.append((sum(map(len, out)), removed))
        changes.append(Change(m.group(0), joined, "hyphenation", 0.0, m.start()))
        last = m.end()
    out.append(text[last:])
    return "".join(out), changes, shifts


def original_offset(shifts: Shifts, offset: int) -> int:
    """Where `offset` of the joined text was in the text before joining.

    >>> original_offset([(12, 2)], 13), original_offset([(12, 2)], 5)
    (15, 5)
    """
    if not shifts:  # no line-break hyphen joined: most pages
        return offset
    i = bisect.bisect_right(shifts, (offset, float("inf")))
    return offset + (shifts[i - 1][1] if i else 0)
