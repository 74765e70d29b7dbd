"""The noisy channel: how Tesseract without Swedish writes Swedish letters, and its inverse.

The table is learned (normalize/learn.py -> data/normalize/confusions.tsv). Confusions the issue
names but the training data did not show (ä as "ii" or "&", ö as "G" or "0", å as "4", l as "1",
a dropped å/ä/ö) get a small prior probability, so they are possible but never cheap.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from protokoll.normalize.lexicon import NORMALIZE_DATA

CONFUSIONS_PATH = NORMALIZE_DATA / "confusions.tsv"
MISREADINGS_PATH = NORMALIZE_DATA / "misreadings.tsv"
PRIOR_P = 0.003  # probability of a named but unseen confusion
MIN_P = 0.0015  # learned confusions of l rarer than this are noise of the alignment; every
# reading learned for å, ä or ö counts, however rare: the more text is aligned, the rarer it gets
PRIOR_CONFUSIONS = {  # "" = OCR dropped the letter
    "ä": ["a", "i", "d", "é", "&", "4", "ii", ""],
    "ö": ["o", "6", "é", "G", "0", ""],
    "å": ["a", "4", "é", "d", "Q", ""],  # "sQ" for så: a capital Q inside a word
    "l": ["1"],
}
TARGETS = "åäöl"  # the letters whose misreadings we repair
SAME_GLYPH = [("ä", "å")]  # an a with a mark above: OCR misreads both the same ways


@dataclass
class Channel:
    """log10 P(ocr segment | true letter) for the confusions we repair."""

    cost: dict[tuple[str, str], float] = field(default_factory=dict)  # (true, ocr) -> log10 p
    by_ocr: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # ocr seg -> [(true, log10 p)]
    max_seg: int = 1
    words: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # OCR'd word -> [(true word, log10 p)]

    def log_p(self, true: str, ocr: str) -> float | None:
        """log10 P(ocr | true); 0 for a letter read as itself; None if never seen."""
        if true == ocr:
            return 0.0
        return self.cost.get((true, ocr))


def load(path: Path = CONFUSIONS_PATH) -> Channel:
    probs: dict[tuple[str, str], float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        true, ocr, _count, p = line.split("\t")
        if len(true) == 1 and true in TARGETS and ocr != true and (true in "åäö" or float(p) >= MIN_P):
            probs[true, ocr] = float(p)
    for true, ocrs in PRIOR_CONFUSIONS.items():
        for ocr in ocrs:
            probs.setdefault((true, ocr), PRIOR_P)
    for pair in SAME_GLYPH:  # a reading learned for one is possible for the other ("si" for "så")
        for true, other in (pair, pair[::-1]):
            for (seen_true, ocr) in list(probs):
                if seen_true == other and ocr != true:
                    probs.setdefault((true, ocr), PRIOR_P)
    channel = channel_of(probs)
    channel.words = load_misreadings()
    return channel


def load_misreadings(path: Path = MISREADINGS_PATH) -> dict[str, list[tuple[str, float]]]:
    """Whole words misread beyond the letter table ("dnr" as "dor"), by OCR'd word."""
    words: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            true, ocr, _count, p = line.split("\t")
            words[ocr].append((true, math.log10(float(p))))
    return dict(words)


def channel_of(probs: dict[tuple[str, str], float]) -> Channel:
    by_ocr: dict[str, list[tuple[str, float]]] = defaultdict(list)
    cost = {}
    for (true, ocr), p in probs.items():
        cost[true, ocr] = math.log10(p)
        by_ocr[ocr].append((true, math.log10(p)))
    return Channel(cost, dict(by_ocr), max(len(ocr) for ocr in by_ocr))  # '' = a letter OCR dropped
