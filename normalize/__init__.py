"""Normalise: repair OCR'd Swedish text so it reads, and is found, as the original did.

Legacy archives were OCR'd without Swedish: "I Jimtlands ldn ... 6verenskommelsen ... f4 med".
A `Normaliser` (normaliser.py) holds a `Config` and a `Model` (what it knows: lexicons, the
learned confusion table, the word-pair context) and runs the steps over a page:

    normaliser = Normaliser.load()            # the committed data; Normaliser.load(Config(...)) for others
    normaliser.repair(text)                   # the repaired text
    normaliser.explain(text)                  # the same text, and every change with its reason and score
    normaliser.extended(learned)              # a new normaliser that also knows an archive's clean text

The steps, each a small function in a module named for what it does (steps.py lists them):
`hyphenation` joins words broken across a line, `legacy` decides whether a page is legacy OCR,
then `word_choice` (readings in `slots`, context in `in_context`, the page's spellings in
`page_spelling`, case in `casing`), `dashes`, `stray_marks` and `split_numbers` propose edits,
made at once.

Running `repair` twice changes nothing the second time: repaired text has normal diacritic
density, so the second run only looks for junk, and there is none left.

`repair`, `explain` and `is_legacy` below are for scripts and doctests: thin wrappers over one
normaliser with the default config, built on first use and never changed. The pipeline, the CLI
and the workers pass their own normaliser.
"""
from __future__ import annotations

from functools import lru_cache

from protokoll.normalize.hyphenation import join_hyphenation
from protokoll.normalize.model import Model
from protokoll.normalize.normaliser import Normaliser
from protokoll.normalize.settings import DEFAULT, Change, Config
from protokoll.normalize.steps import STEPS, Step

__all__ = ["Change", "Config", "DEFAULT", "Model", "Normaliser", "STEPS", "Step", "default_normaliser", "explain",
           "is_legacy", "join_hyphenation", "repair"]


@lru_cache(maxsize=1)
def default_normaliser() -> Normaliser:
    """The normaliser with the default config and the committed data, loaded once."""
    return Normaliser.load(DEFAULT)


def repair(text: str) -> str:
    """`default_normaliser().repair(text)`.

    >>> repair("Fjarrundervisningen ir extra viktig att dra i gemensamt, och det ar viktigt.")
    'Fjärrundervisningen är extra viktig att dra i gemensamt, och det är viktigt.'
    """
    return default_normaliser().repair(text)


def explain(text: str) -> tuple[str, list[Change]]:
    """`default_normaliser().explain(text)`."""
    return default_normaliser().explain(text)


def is_legacy(text: str) -> bool:
    """`default_normaliser().is_legacy(text)`."""
    return default_normaliser().is_legacy(text)
