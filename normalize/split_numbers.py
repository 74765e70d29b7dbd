"""Step: join numbers Tesseract split after a "1" (legacy text only).

Tesseract sets a space after a narrow "1" inside a number: "201 9" (a year), "2014/1 60" (a
case number), "1 6.00" (a time). A "1" and two or three digits is kept: "1 350" is how Swedish
writes thousands.
"""
from __future__ import annotations

import re

from protokoll.normalize.settings import Edit

# Every match starts with a digit: the lookahead lets the engine pass over other characters at once.
_SPLIT_NUMBER = re.compile(r"(?=\d)(?:(?<![\d.,/-])(?:19|20)1( )\d(?!\d|[.,]\d)"
                           r"|(?<=/)\d*1( )\d{1,2}(?!\d|[.,]\d)"
                           r"|(?<![\d.,])\d?1( )\d[.:]\d\d(?!\d))")


def split_number_edits(text: str, page: object = None) -> list[Edit]:
    """The spaces Tesseract set inside numbers after a "1", each removed.

    >>> [text[:i] for text in ["2019-2021 och 201 9-2021, KS 2014/1 60, kl. 13.00-1 6.00, 1 350 kr"] for i, *_ in split_number_edits(text)]
    ['2019-2021 och 201', '2019-2021 och 201 9-2021, KS 2014/1', '2019-2021 och 201 9-2021, KS 2014/1 60, kl. 13.00-1']
    """
    if "1 " not in text:
        return []
    return [(m.start(g), " ", "", "split number", 0.0) for m in _SPLIT_NUMBER.finditer(text) for g in (1, 2, 3) if m.group(g)]
