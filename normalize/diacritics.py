"""Step "diacritics": one lost å/ä/ö restored in pages that are not legacy OCR.

Fresh Swedish OCR still drops a ring or dots now and then, most often on a capital or in a
title: "Aldreomsorgens", "§ 12 Besok fran Region Dalarna", "prioriterade omradena", "mandag".
Such a page has normal diacritic density, so the legacy switch (legacy.py) rightly leaves it to
the junk repairs, and nothing restored these words. This step does, word by word, when

- the word as written is no Swedish word: in no lexicon and no dictionary form, or far rarer
  than the restored word (wordfreq counts stripped OCR such as "fran", so presence alone proves
  nothing: the restored word must be `min_advantage` (log10) likelier);
- restoring exactly one a/o gives a frequent word (`min_logp`; a word the lexicons lack
  entirely needs only `min_logp_unknown`, e.g. "äldreomsorgens");
- it is no name: "Jonsson" stays Jonsson, never Jönsson or Jonssön, and a capitalised word after a
  first name or surname is a surname even when no list has it ("Helena Balte", never Bälte);
- it stands in no e-mail or web address ("miljo@alingsas.se") and no case number;
- it is not listed in data/normalize/as_written.txt ("till handa" is no "till hända");
- it has at least four letters ("for", "far", "bor" are words too) and no capital inside
  (words in capitals are the word step's).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING

from protokoll.datafiles import DATA_DIR
from protokoll.normalize.settings import Edit

if TYPE_CHECKING:
    from protokoll.normalize.steps import Page

PLAIN_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z]{3,}(?![\w])")
RESTORABLE = {"a": "åä", "o": "ö"}
NAME_BEFORE = re.compile(r"([A-ZÅÄÖ][a-zåäöéü]+)[ ]+$")
UNKNOWN = -99.0
AS_WRITTEN_PATH = DATA_DIR / "normalize" / "as_written.txt"


def read_as_written(path: Path = AS_WRITTEN_PATH) -> frozenset[str]:
    """The words the step keeps as written (one a line, # comments)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def one_diacritic_apart(plain: str, word: str) -> bool:
    """`word` is `plain` with exactly one a or o given its ring or dots.

    >>> one_diacritic_apart("omradena", "områdena"), one_diacritic_apart("jonsson", "jönssön")
    (True, False)
    """
    if len(plain) != len(word):
        return False
    differences = [(p, w) for p, w in zip(plain, word) if p != w]
    return len(differences) == 1 and differences[0][1] in RESTORABLE.get(differences[0][0], "")


def restored(plain: str, page: Page) -> tuple[str, float] | None:
    """The frequent word one diacritic from `plain` (lowercase), and its advantage; None to keep it.
    Memoised on the normaliser: pages repeat their words."""
    memo = page.normaliser.restorations
    if plain not in memo:
        memo[plain] = _restored(plain, page)
    return memo[plain]


def _restored(plain: str, page: Page) -> tuple[str, float] | None:
    model = page.normaliser.model
    config = page.normaliser.config
    lexicon = model.words.lexicon
    spelled_alike = lexicon.by_key.get(plain, ())
    if len(spelled_alike) < 2 and plain in spelled_alike:
        return None  # no other word is spelled so without diacritics: most words
    if model.is_name(plain) or plain in model.as_written or plain.encode() in lexicon.forms_for(plain):
        return None  # a name, or a form of the Swedish dictionary: a word as written
    own = lexicon.logp.get(plain, UNKNOWN)
    needed = config.diacritics_min_logp_unknown if own == UNKNOWN else config.diacritics_min_logp
    for word in spelled_alike:  # most probable first
        if word == plain or not one_diacritic_apart(plain, word):
            continue
        logp = lexicon.logp[word]
        if logp >= needed and logp - own >= config.diacritics_min_advantage:
            return word, logp - own
        return None  # only the likeliest restoration may win
    return None


def diacritic_edits(text: str, page: Page) -> list[Edit]:
    """One lost å/ä/ö restored in words of a page that is not legacy OCR.

    >>> from protokoll.normalize import default_normaliser
    >>> default_normaliser().repair("§ 12 Besok fran Region Dalarna om Aldreomsorgens budget, Tomas Jonsson")
    '§ 12 Besök från Region Dalarna om Äldreomsorgens budget, Tomas Jonsson'
    """
    if page.legacy:
        return []  # the word step reads every word of a legacy page
    starts, ends = page.protected(text)  # found once for this step and the word step
    edits = []
    for m in PLAIN_WORD.finditer(text):
        token = m.group()
        plain = token.lower()
        if "a" not in plain and "o" not in plain:
            continue
        found = restored(plain, page)
        if found is None or _in_span(m.start(), starts, ends) or (token[0].isupper() and _after_name(text, m.start(), page)):
            continue
        word, advantage = found
        replacement = word[0].upper() + word[1:] if token[0].isupper() else word
        edits.append((m.start(), token, replacement, "diacritic", advantage))
    return edits


def _in_span(position: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect_right(starts, position) - 1
    return i >= 0 and position < ends[i]


def _after_name(text: str, position: int, page: Page) -> bool:
    """The word at `position` follows a person's name on its line: it is a surname."""
    before = NAME_BEFORE.search(text, max(0, position - 40), position)
    return before is not None and before.group(1).lower() in page.normaliser.model.person_names
