"""The normaliser's steps, in the order they run (docs/normalize.md, "The steps").

Two steps come first and are fixed: `hyphenation.join_hyphenation` rewrites the text (a word
broken across a line is one word to every later step), and `legacy.is_legacy` decides whether
the page is legacy OCR. Then each step of `STEPS` proposes edits of the joined text: a step marked
`legacy_only` runs on legacy pages only. Every step sees the same text; the edits of all steps
are made at once, in order of position (edits at the same position in the order of `STEPS`).

A step is a function `(text, page) -> list[Edit]`; `page` tells whether the page is legacy and
gives the `Normaliser` (its model, config and memos). To add a step, write its module with a
doctest, and add it here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from protokoll.normalize.dashes import dash_edits
from protokoll.normalize.diacritics import diacritic_edits
from protokoll.normalize.settings import Edit
from protokoll.normalize.slots import protected_starts_ends
from protokoll.normalize.split_numbers import split_number_edits
from protokoll.normalize.stray_marks import stray_mark_edits
from protokoll.normalize.word_choice import word_edits

if TYPE_CHECKING:
    from protokoll.normalize.normaliser import Normaliser


class Page:
    """What a step may know of the page beside its text: whether it is legacy, the normaliser, and
    what more than one step asks of the text, worked out once for them all."""

    __slots__ = ("legacy", "normaliser", "_protected")

    def __init__(self, legacy: bool, normaliser: Normaliser):
        self.legacy = legacy  # is_legacy() of the page
        self.normaliser = normaliser
        self._protected: tuple[str, tuple[list[int], list[int]]] | None = None

    def protected(self, text: str) -> tuple[list[int], list[int]]:
        """slots.protected_starts_ends(text): the word step and the diacritics step both keep the
        case numbers and addresses of a clean page as written, and the spans are found once.

        >>> page = Page(False, None)
        >>> text = "skriv till miljo@alingsas.se"
        >>> page.protected(text), page.protected(text) is page.protected(text)
        (([11], [28]), True)
        """
        if self._protected is None or self._protected[0] is not text:
            self._protected = (text, protected_starts_ends(text))
        return self._protected[1]


@dataclass(frozen=True)
class Step:
    name: str
    find: Callable[[str, Page], list[Edit]]
    legacy_only: bool

    def runs_on(self, page: Page) -> bool:
        return page.legacy or not self.legacy_only


STEPS: tuple[Step, ...] = (
    Step("words", word_edits, legacy_only=False),  # readings, context, the page's spellings, case
    Step("diacritics", diacritic_edits, legacy_only=False),  # one lost å/ä/ö, on pages that are not legacy
    Step("dashes", dash_edits, legacy_only=True),
    Step("stray marks", stray_mark_edits, legacy_only=True),
    Step("split numbers", split_number_edits, legacy_only=True),
)
