"""Step: the words. Each word gets its readings, neighbours decide between them, the page agrees.

1. Each word of the page becomes a slot (slots.py) with its candidates from the noisy-channel word model
   (words.py): lexicons (lexicon.py) times the learned confusion table (channel.py); compounds
   and fuzzy matches for words in no lexicon. Case numbers, e-mail and web addresses, labels
   ("a)") and numbers are kept as written.
2. Where real words compete (är/år, här/har), the word-bigram context (context.py) decides,
   over each run of linked words at once (Viterbi; in_context.py).
3. The page agrees with itself: a rare word spelled with its Swedish letter in one place is
   spelled so where OCR left it plain, and a name's genitive as the name (page_spelling.py).
4. Each changed word takes the case of the word as OCR wrote it (casing.py).

In clean text (not `legacy`) only words that may hold junk (a digit, '&', 'é' or an inner
capital) are looked at, and only steps 1 and 4 run.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable

from protokoll.normalize.in_context import decide_in_context
from protokoll.normalize.learn import NUMBERS
from protokoll.normalize.page_spelling import (genitives_alike, names_kept_alike, names_one_letter_off, spell_alike,
                                               surnames_kept)
from protokoll.normalize.settings import Edit
from protokoll.normalize.slots import Slot, neighbour, slots_of

if TYPE_CHECKING:
    from protokoll.normalize.model import Model
    from protokoll.normalize.steps import Page

_OPENING = set("(\"'“”‘’«»[")


def word_edits(text: str, page: Page) -> list[Edit]:
    """The word step: every word the page's readings, context and case change.

    >>> from protokoll.normalize import Normaliser
    >>> from protokoll.normalize.steps import Page
    >>> text = "Det ar bra att fragor om 6verenskommelsen tas upp"
    >>> [(old, new) for _, old, new, _, _ in word_edits(text, Page(True, Normaliser.load()))]
    [('ar', 'är'), ('fragor', 'frågor'), ('6verenskommelsen', 'överenskommelsen')]
    """
    normaliser = page.normaliser
    model, config = normaliser.model, normaliser.config
    slots = slots_of(text, page.legacy, model, config, normaliser.readings[page.legacy], page.protected(text))
    if page.legacy:
        decide_in_context(slots, text, model, config)
        spell_alike(slots, model.words.lexicon)
        genitives_alike(slots)
        names_kept_alike(slots)
        names_one_letter_off(slots, model)
        surnames_kept(slots, text, model)
        return edits_of(slots, text, normaliser.restore_case, partial(typed_case, text=text, model=model))
    return edits_of(slots, text, normaliser.restore_case)


def edits_of(slots: list[Slot], text: str, restore_case: Callable[[str, str, bool], str],
             case_of: Callable[[Slot, str | None], str | None] | None = None) -> list[Edit]:
    """The slots whose chosen reading differs from the word as written, each as an edit in the
    written word's case; with `case_of` (legacy text: typed_case) also a word read right whose
    case OCR misread."""
    edits = []
    titles = None  # found only when a capital A/O mid-sentence may need them
    for i, slot in enumerate(slots):
        choice = slot.choice
        if choice.reason == "number":
            continue
        if choice.word == slot.obs:
            token = slot.token
            # Only a short word or one with a capital after its first letter may have its case misread
            if case_of is not None and not token.islower() and (len(token) <= SHORT_WORD or not token[1:].islower()):
                fixed = case_of(slot, neighbour(slots, i, -1))
                if fixed is not None and fixed != slot.token:
                    edits.append((slot.start, slot.token, fixed, "case misread", CASE_ADVANTAGE))
            continue
        previous = neighbour(slots, i, -1)
        if previous is None and len(slot.obs) == 1:
            continue  # one letter opening a page or sentence is a speck OCR read ("a Bakgrund"), no "å"
        # After an opening bracket or quote a capital starts a title: "(Överenskommelse om ...)".
        mid_sentence = previous is not None and previous not in NUMBERS
        if mid_sentence and slot.token[:1] in "AO":
            # A word the page also writes after an opening quote or bracket is a title's first word: its
            # capital stays everywhere ('del "Övergripande regional utveckling"', 'inom Övergripande ...').
            titles = titles if titles is not None else {other.token for other in slots if text[other.start - 1:other.start] in _OPENING}
            mid_sentence = slot.token not in titles
        if len(slot.token) == 2 and slot.token.isupper() and _among_capitals(slots, i, text):
            replacement = choice.word.upper()  # "SA SKRIVS OCH": a heading in capitals, no "På" (restore_case)
        else:
            replacement = restore_case(slot.token, choice.word, mid_sentence)
        if replacement == slot.token:
            continue
        advantage = slot.advantage
        if advantage is None:
            advantage = choice.score - _score_as_written(slot)
        edits.append((slot.start, slot.token, replacement, choice.reason, advantage))
    return edits


# Capitals a typewriter's small letter looks like but for its height: the struck letter that
# lands a little high reads as the capital ("Och", "Ska", "Sin" inside a sentence).
SAME_SHAPE_CAPITALS = frozenset("CKOPSUVWXZ")
SHORT_WORD = 3  # letters: only short common words are lowered so, longer capitals open names and titles
SHORT_WORD_LOGP = -3.5  # log10: and only words this common ("och", "ska", "sin")
INNER_CAPITAL_MIN = 5  # letters of a word whose inner capital is made small ("redoVisas"; "SoU" stays)
CASE_ADVANTAGE = 1.0


def typed_case(slot: Slot, previous: str | None, text: str, model: Model) -> str | None:
    """The case of a word read right whose case OCR misread on a typed page, or None to keep it.

    A capital inside a word of five letters or more that is common or written small in the
    minutes is small ("redoVisas", "SamManfattning", "SVarstid"; all capitals stay, "SOU", and so
    does a name's, "McKinsey"); a short common word opening with a capital of the same
    shape as its small letter, inside a sentence, after a space on its line and a word of two letters or more, is small
    ("Och", "Ska"; a line may open a heading, "Vid", a bullet read as a letter too, "e Vid", and
    "Aln6-Vi 2:37" is a property). Names stay as written.
    """
    token, word = slot.token, slot.choice.word
    if not token.isalpha() or model.is_name(word) or word not in model.words.lexicon.logp:
        return None
    inner = token[1:]
    if not inner.isupper() and not inner.islower():
        return token[0] + word[1:] if len(word) >= INNER_CAPITAL_MIN and model.is_small_word(word) else None
    if (previous is not None and len(previous) > 1 and previous not in NUMBERS and token[0] in SAME_SHAPE_CAPITALS
            and inner.islower()
            and text[slot.start - 1:slot.start] == " "
            and len(word) <= SHORT_WORD and model.words.lexicon.logp[word] >= SHORT_WORD_LOGP):
        return word
    return None


def _among_capitals(slots: list[Slot], i: int, text: str) -> bool:
    r"""Does a word of two capitals or more stand next to slot i on its line ("SA SKRIVS OCH")?

    >>> from protokoll.normalize import Normaliser
    >>> from protokoll.normalize.slots import slots_of
    >>> normaliser = Normaliser.load()
    >>> [_among_capitals(slots, 0, text) for text in ("SA HAR SKRIVER DU", "PA dessa banor", "PA\nNYTT")
    ...  for slots in [slots_of(text, True, normaliser.model, normaliser.config, {})]]
    [True, False, False]
    """
    for j in (i - 1, i + 1):
        if 0 <= j < len(slots):
            other = slots[j]
            lo, hi = sorted((slots[i].start, other.start))
            if "\n" not in text[lo:hi] and len(other.token) > 1 and other.token.isalpha() and other.token.isupper():
                return True
    return False


def _score_as_written(slot: Slot) -> float:
    """The score of reading the word as OCR wrote it (the choice's if that is no candidate)."""
    for candidate in slot.candidates:
        if candidate.word == slot.obs:
            return candidate.score
    return slot.choice.score
