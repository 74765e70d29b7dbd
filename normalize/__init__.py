"""Normalise: repair OCR'd Swedish text so it reads, and is found, as the original did.

`repair(text)` is the one entry point the pipeline calls.
"""
from __future__ import annotations

import re

_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")


def join_hyphenation(text: str) -> str:
    """Join words hyphenated across a line break.

    >>> join_hyphenation("utveck-\\nlingen")
    'utvecklingen'
    """
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def repair(text: str) -> str:
    return join_hyphenation(text)
