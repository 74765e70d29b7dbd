"""Step: the document-level switch. Does a page read like Swedish OCR'd without Swedish letters?

Text with normal Swedish diacritic density is left alone except for obvious junk (letters
mixed with digits or symbols, "6verenskommelsen"); only legacy text gets every step.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from protokoll.normalize.learn import OCR_TOKEN
from protokoll.normalize.settings import DEFAULT, Config
from protokoll.normalize.words import observed

if TYPE_CHECKING:
    from protokoll.normalize.model import Model

# Letters are what `[^\W\d_]` matches. Counted in two parts: ASCII letters by deleting the other bytes
# of the ASCII part (C speed), the rest by a one-character class the engine scans for at once;
# removing every non-letter with a regex cost about as much as all other work of is_legacy.
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
DIACRITIC = re.compile(r"[åäöÅÄÖ]")
TOKEN = OCR_TOKEN  # a speck's "_" glued before a word is no part of it


def diacritic_share(text: str) -> tuple[float, int]:
    """(share of letters that are å/ä/ö, number of letters).

    >>> diacritic_share("Jämtlands län"), diacritic_share("Dnr 12_3, över")
    ((0.16666666666666666, 12), (0.14285714285714285, 7))
    """
    letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS)) + len(_NON_ASCII_LETTER.findall(text))
    return (len(DIACRITIC.findall(text)) / letters if letters else 0.0), letters


def is_legacy(text: str, model: Model, config: Config = DEFAULT) -> bool:
    """Does `text` read like Swedish OCR'd without Swedish letters?

    >>> from protokoll.normalize.model import Model
    >>> model = Model.load()
    >>> is_legacy("Samverkan mellan kommunerna ar en forutsattning for att kommunerna ska kunna utfora sina uppdrag", model)
    True
    >>> is_legacy("Samverkan mellan kommunerna är en förutsättning för att kommunerna ska kunna utföra sina uppdrag", model)
    False
    """
    share, letters = diacritic_share(text)
    if letters < config.legacy_min_letters or share > config.legacy_max_diacritic_share:
        return False
    stripped = 0
    # A short page without a single å/ä/ö (the signatures closing a document) needs one such word.
    needed = 1 if share == 0 and letters < config.legacy_short_letters else config.legacy_min_stripped
    for m in TOKEN.finditer(text):
        token = m.group()
        if len(token) > 1 and any(c.isalpha() for c in token):
            best = model.words.candidates(observed(token, model.channel), True)[0]
            if best.word != token.lower() and DIACRITIC.search(best.word):
                stripped += 1
                if stripped >= needed:
                    return True
    return False
