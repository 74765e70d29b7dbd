"""The case of a repaired word: the OCR'd word's case pattern, with one exception for A/O."""
from __future__ import annotations

from typing import Callable


def restore_case(original: str, word: str, mid_sentence: bool = False,
                 is_small_word: Callable[[str], bool] = lambda word: True) -> str:
    """Give `word` the case pattern of the OCR'd `original`.

    Tesseract without Swedish often reads a small ä/ö as a capital A/O ("Aven"), or a small ö
    opening a word as another capital ("Gver"); in the middle
    of a sentence such a capital is dropped again if the word is common ("även", not "Örebro")
    or the clean minutes write it in small letters ("Aterkommer", "Oppettiderna"): that is what
    `is_small_word` tells (Model.is_small_word).

    >>> restore_case("JAMTLAND", "jämtland"), restore_case("Jimtland", "jämtland"), restore_case("behGver", "behöver")
    ('JÄMTLAND', 'Jämtland', 'behöver')
    >>> restore_case("Aven", "även", mid_sentence=True), restore_case("Aven", "även")
    ('även', 'Även')
    >>> restore_case("Gver", "över", mid_sentence=True), restore_case("Ören", "ören", mid_sentence=True)
    ('över', 'Ören')
    >>> restore_case("Orebro", "örebro", True, is_small_word=lambda word: word != "örebro")
    'Örebro'

    A word of two capitals whose second is A or O read for å/ä/ö is a capitalised small word:
    Tesseract reads the small å of "På" as a capital ("PA dessa banor").

    >>> restore_case("PA", "på"), restore_case("PA", "på", is_small_word=lambda word: False)
    ('På', 'PÅ')
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        if len(original) == 2 and original[1] in "AO" and word[1:2] in ("å", "ä", "ö") and is_small_word(word):
            return word[:1].upper() + word[1:]  # "PA": the small å of "På" read as a capital A
        return word.upper()
    # The capital OCR wrote for a small å/ä/ö opening a word (A, O, or another letter: "Gver")
    if original[:1].isupper() and not (mid_sentence and word[:1] in "åäö" and original[0] != word[0].upper()
                                       and is_small_word(word)):
        return word[:1].upper() + word[1:]
    return word
