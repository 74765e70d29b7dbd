"""The normaliser's settings and the records its steps hand on: `Config`, `Change` and `Edit`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    """The normaliser's settings; the defaults are the ones the benchmark figures were taken with."""

    legacy_max_diacritic_share: float = 0.008  # å/ä/ö per letter; Swedish prose has about 0.04
    legacy_min_letters: int = 20  # too little text to judge: leave it alone
    legacy_min_stripped: int = 2  # words whose Swedish spelling is far likelier ("ar", "pa", "fragor")
    legacy_short_letters: int = 200  # below this, a text without any å/ä/ö needs only one such word
    context_weight: float = 1.0
    junk_min_length: int = 3  # in clean text, fix junk only in words at least this long
    junk_min_logp: float = -6.0  # ... and only into words at least zipf 3
    diacritics_min_logp: float = -5.5  # a lost å/ä/ö is restored on a clean page into a word at least zipf 3.5 ...
    diacritics_min_logp_unknown: float = -7.0  # ... or zipf 2 when the word as written is in no lexicon
    diacritics_min_advantage: float = 2.0  # ... and at least 100 times likelier than the word as written
    leave_foreign_alone: bool = True  # paragraphs in another language (language.py) are not changed


DEFAULT = Config()


@dataclass(frozen=True)
class Change:
    """One repair: `original` at `position` (offset in the input text) became `replacement`."""

    original: str
    replacement: str
    reason: str
    score: float  # log10 advantage of the replacement over keeping the original
    position: int


# What a step proposes: (offset in the text with hyphenation joined, original, replacement, reason, score).
# Plain tuples, not Change records: a frozen dataclass is dear to make, and repair() never shows them.
Edit = tuple[int, str, str, str, float]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` (in order of position, not overlapping) made.

    >>> apply_edits("ar det bra", [(0, "ar", "är", "confusion", 1.0), (7, "bra", "bättre", "example", 0.5)])
    'är det bättre'
    """
    out, last = [], 0
    for start, original, replacement, _, _ in edits:
        out.append(text[last:start] + replacement)
        last = start + len(original)
    out.append(text[last:])
    return "".join(out)
