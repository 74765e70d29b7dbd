"""The words of a page as slots, each with its readings: the first part of the word step.

Each word gets its candidates from the noisy-channel word model (words.py): lexicons
(lexicon.py) times the learned confusion table (channel.py); compounds and fuzzy matches for
words in no lexicon. Case numbers, e-mail and web addresses, one-letter labels ("a)") are kept
as written; numbers are kept too, but give context to their neighbours.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from protokoll.normalize import lexicon as lexicon_module
from protokoll.normalize.learn import COMMA, END, NUMBERS, OCR_TOKEN, YEAR, number_class
from protokoll.normalize.settings import Config
from protokoll.normalize.words import Candidate, observed

if TYPE_CHECKING:
    from protokoll.normalize.model import Model

CONTEXT_MARGIN = 3.0  # context weighs only readings this close (log10) to the best
MAX_READINGS = 500_000  # distinct tokens remembered per mode (see Normaliser.readings)

_TOKEN = OCR_TOKEN  # a speck's "_" glued before a word is no part of it
# Anchored at a word's start: unanchored, the engine retried (and backtracked) from every letter.
_SUSPECT = re.compile(r"(?<![\w&])[\w&]*(?:[\d&é]|(?<=[^\W\d_])[A-ZÅÄÖ])[\w&]*")
_NUMBER_LIKE = re.compile(r"\d[\d.,:]*")
_MAYBE_PROTECTED = re.compile(r"@|www\.|://|§|[A-ZÅÄÖ][ ]?[/-]?[ ]?\d")  # cheap test before _PROTECTED
_SENTENCE_END = re.compile(r"[.!?:;]|\n\s*\n")
# Case numbers, paragraph references, e-mail and web addresses: kept as written (an e-mail address
# has a dot after its @: "M@jliga" is OCR's Möjliga). A web address or case number starts with h, w
# or a capital: the lookahead lets the engine pass over other characters at once. A page without
# an "@" skips the e-mail part, which scans every word to its end.
_MAIL = r"(?<!\S)\S+@\S+\.\w+"
_WEB_OR_CASE_NUMBER = r"(?=[hwA-ZÅÄÖ])(?:\b(?:https?://|www\.)\S+|\b[A-ZÅÄÖ]{1,6}(?:[ ]?[/-]?[ ]?\d+)(?:[/.:-]\d+)+\b)"
_SECTION_WITH_LETTER = r"(?<=§)[ ]?\d+[a-z]\b"  # "§ 14a" of a law: no word ("lä")
_PROTECTED = re.compile(f"{_MAIL}|{_WEB_OR_CASE_NUMBER}|{_SECTION_WITH_LETTER}")
_PROTECTED_NO_MAIL = re.compile(f"{_WEB_OR_CASE_NUMBER}|{_SECTION_WITH_LETTER}")


@dataclass(slots=True)
class Slot:
    """A word of the text being repaired, with its ranked readings."""

    start: int
    token: str
    before: str | None  # what parts it from the slot before: END, COMMA or None (boundary(); END for the first)
    obs: str  # the token as the channel sees it (observed())
    candidates: tuple[Candidate, ...]
    choice: Candidate
    unaries: list[tuple[Candidate, float]] | None  # the readings context may choose between (unaries())
    names: tuple[str, ...]  # those of them that are names
    advantage: float | None = None  # set by context: the choice's lead over the word as written, context included


NUMBER = Candidate(NUMBERS[0], 0.0, "number")
_YEAR = Candidate(YEAR, 0.0, "number")
# Tesseract without Swedish reads a lone "i" as "1" ("samverkan 1 frågor"). Between two words
# the context decides; this cost means its word pairs must favour "i" clearly over a number.
_ONE_AS_I = Candidate("i", -0.8, "digit for letter")
_FOUR_AS_Å = Candidate("å", -0.8, "digit for letter")  # the preposition of older minutes: "hållet 4 stadshuset"
_DIGIT_AS_WORD = {"1": _ONE_AS_I, "4": _FOUR_AS_Å}

Reading = tuple  # (observed form, candidates, choice, unaries, names): the fields of Slot after the token


def reading(token: str, legacy: bool, model: Model, config: Config) -> Reading | None:
    """(observed form, candidates, choice without context, unaries, names) of a token; None for
    tokens kept as written.

    Remembered per distinct token (Normaliser.readings): in running text most tokens repeat,
    which is what makes the normaliser fast. All that depends on the token alone is worked out here, once.
    """
    found = candidates_of(token, legacy, model, config)
    if found is None:
        return None
    obs, candidates, choice = found
    options = unaries(candidates, choice, model) if legacy else None
    names = tuple(c.word for c, _ in options if model.is_name(c.word)) if options else ()
    return obs, candidates, choice, options, names


def candidates_of(token: str, legacy: bool, model: Model, config: Config) -> tuple[str, tuple[Candidate, ...], Candidate] | None:
    """(observed form, candidates, choice without context) of a token; None for tokens kept as written."""
    if _NUMBER_LIKE.fullmatch(token):  # kept as written, but context to its neighbours: "år 2020"
        if token.isdigit() and number_class(token) == YEAR:
            return token, (), _YEAR
        return token, ((NUMBER, _DIGIT_AS_WORD[token]) if legacy and token in _DIGIT_AS_WORD else ()), NUMBER
    if not any(c.isalpha() for c in token):
        return None
    if token[:1].isdigit() and len(token) <= 2 and token[0] not in "0469":  # "3a", "1a": labels; "4r" is "är"
        return None
    obs = observed(token, model.channel)
    if not legacy and obs.isalpha() and obs.islower() and "é" not in obs:
        return obs, (), Candidate(obs, 0.0, "lexicon")  # clean text: plain words are not touched
    candidates = model.words.candidates(obs, legacy)
    if token.isupper() and (sum(c.isalpha() for c in token) > 1 or any(c.isdigit() for c in token)):
        # Capitals: abbreviations and codes (RUN, ESF, A4, E4) stay; only Swedish letters may be
        # restored. One capital and a mark is no abbreviation: "P&" is På.
        candidates = tuple(c for c in candidates if lexicon_module.fold(c.word) == lexicon_module.fold(obs))
    if not legacy:
        candidates = tuple(c for c in candidates if c.word == obs or _acceptable_junk_fix(obs, c, model, config))
    return obs, candidates, (candidates[0] if candidates else Candidate(obs, 0.0, "kept"))


def unaries(candidates: tuple[Candidate, ...], choice: Candidate, model: Model) -> list[tuple[Candidate, float]] | None:
    """The readings context may choose between, each with its own score and how common it is in
    minutes; None for a word with one reading, or none close enough to the first: it is fixed."""
    if len(candidates) < 2 or candidates[1].score < choice.score - CONTEXT_MARGIN:
        return None
    return [(c, c.score + model.context.domain_shift(c.word, None if c.word in model.not_words else model.words.lexicon.logp.get(c.word)))
            for c in candidates]


def protected_starts_ends(text: str) -> tuple[list[int], list[int]]:
    """Where the protected spans (e-mail and web addresses, case numbers, "§ 14a") start and end,
    in order (the spans do not overlap).

    >>> protected_starts_ends("skriv till miljo@alingsas.se om 8 kap. § 14a")
    ([11, 40], [28, 44])
    """
    if not _MAYBE_PROTECTED.search(text):
        return [], []
    spans = [m.span() for m in (_PROTECTED if "@" in text else _PROTECTED_NO_MAIL).finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def slots_of(text: str, legacy: bool, model: Model, config: Config, readings: dict[str, Reading | None]) -> list[Slot]:
    """The words of `text` that may change or give context, each with its readings (taken from
    and added to the memo `readings` of this mode)."""
    starts, ends = protected_starts_ends(text)
    if len(readings) > MAX_READINGS:
        readings.clear()  # a long reindex meets endless OCR junk: bound the memo
    slots = []
    end = 0  # of the last slot
    # Clean text: only tokens with a digit, '&', 'é' or an inner capital can hold junk.
    for m in (_TOKEN if legacy else _SUSPECT).finditer(text):
        token = m.group()
        found = readings.get(token, False)
        if found is False:
            found = readings[token] = reading(token, legacy, model, config)
        if found is None:
            continue
        start = m.start()
        if starts and found[2].reason != "number" and _inside(starts, ends, start):
            continue
        if len(token) == 1 and is_label(text, start):
            continue
        # What parts each word from the one before is asked many times per word: found once here,
        # with a single space (the common case) tested inline.
        before = END if not slots else None if start == end + 1 and text[end] == " " else boundary(text, end, start)
        slots.append(Slot(start, token, before, *found))
        end = start + len(token)
    return slots


def _inside(starts: list[int], ends: list[int], offset: int) -> bool:
    """Is `offset` inside one of the spans (sorted, not overlapping)?"""
    i = bisect.bisect_right(starts, offset)
    return i > 0 and offset < ends[i - 1]


def is_label(text: str, start: int) -> bool:
    """A one-letter label, kept as written: "a) Upprop", "dB(A)"; a party "(s)" is no label but context.

    >>> is_label("- a) Upprop", 2), is_label("62 dB(A)", 6), is_label("Eva Jonsson (s)", 13)
    (True, True, False)
    """
    if text[start + 1:start + 2] != ")":
        return False
    return start == 0 or text[start - 1] != "(" or (start >= 2 and text[start - 2].isalnum())


def _acceptable_junk_fix(obs: str, candidate: Candidate, model: Model, config: Config) -> bool:
    """In clean text only obvious junk is fixed: a digit or symbol inside a word that is not a word."""
    return (len(obs) >= config.junk_min_length and not obs.isalpha() and candidate.reason == "confusion"
            and model.words.lexicon.logp.get(candidate.word, -99.0) >= config.junk_min_logp)


def neighbour(slots: list[Slot], i: int, step: int) -> str | None:
    """The word before (step -1) or after (+1) slot i, or the sentence end or comma between them.

    Only the end counts as context: "är" seldom ends a sentence, "år" often does; a
    sentence start told the leave-one-out runs nothing. A comma is context both ways ("per år,
    främst": "år" often stands before a comma, "är" seldom), and no pair is read across it.
    """
    j = i + step
    if not 0 <= j < len(slots):
        return None if step < 0 else END
    before = (slots[i] if step < 0 else slots[j]).before  # of the later of the two
    if before == END:
        return None if step < 0 else END  # a sentence or paragraph ends between them
    return before or slots[j].choice.word


def boundary(text: str, end: int, start: int) -> str | None:
    """What parts a word ending at `end` from the next, at `start`: END (a sentence or paragraph
    end), COMMA, or None.

    >>> boundary("år. Det", 2, 4) == END, boundary("år, det", 2, 4) == COMMA, boundary("år  det", 2, 4)
    (True, True, None)
    """
    if start == end + 1 and text[end] == " ":
        return None
    if _SENTENCE_END.search(text, end, start):
        return END
    return COMMA if text.find(",", end, start) >= 0 else None
