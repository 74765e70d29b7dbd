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

# A speck's "_" glued before a word is no part of it. An "!" inside a word, or glued to its end
# where the sentence goes on in small letters, is an l OCR misread ("skal! vara", "ti!l"): it
# belongs to the word, which the search for words with several damaged letters reads through.
_TOKEN = re.compile(OCR_TOKEN.pattern + r"(?:!(?=[^\W\d_]|[ ]+[a-zåäö])[\w&]*)?")
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
    withheld: tuple[Candidate, ...]  # readings only the real corpus's word pairs may choose (WordModel.withheld)
    weak: bool  # the choice is junk or a guess: the word may be half of a typed word OCR split (_weak)
    advantage: float | None = None  # set by context: the choice's lead over the word as written, context included


NUMBER = Candidate(NUMBERS[0], 0.0, "number")
_YEAR = Candidate(YEAR, 0.0, "number")
# Tesseract without Swedish reads a lone "i" as "1" ("samverkan 1 frågor"). Between two words
# the context decides; this cost means its word pairs must favour "i" clearly over a number.
_ONE_AS_I = Candidate("i", -0.8, "digit for letter")
_FOUR_AS_Å = Candidate("å", -0.8, "digit for letter")  # the preposition of older minutes: "hållet 4 stadshuset"
_DIGIT_AS_WORD = {"1": _ONE_AS_I, "4": _FOUR_AS_Å}

Reading = tuple  # (observed form, candidates, choice, unaries, names, withheld, weak): the fields of Slot after the token


CASE_NUMBER_LABEL = "dnr"  # read so before a case number where OCR made another word of it ("Dar", "Dor")
_ABBREVIATION_GOES_ON = re.compile(r"\.|\s+[o0]\.?\s*m\b")  # after "fr": "fr.o.m.", "fr o m"


def reading(token: str, legacy: bool, model: Model, config: Config) -> Reading | None:
    """(observed form, candidates, choice without context, unaries, names, withheld readings, weak) of a token; None for
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
    withheld = model.words.withheld.get(obs, ()) if legacy and choice.word == obs else ()
    return obs, candidates, choice, options, names, withheld, legacy and _weak(choice)


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


def slots_of(text: str, legacy: bool, model: Model, config: Config, readings: dict[str, Reading | None],
             protected: tuple[list[int], list[int]] | None = None) -> list[Slot]:
    """The words of `text` that may change or give context, each with its readings (taken from
    and added to the memo `readings` of this mode). `protected`: protected_starts_ends(text), if
    found already."""
    starts, ends = protected if protected is not None else protected_starts_ends(text)
    if len(readings) > MAX_READINGS:
        readings.clear()  # a long reindex meets endless OCR junk: bound the memo
    slots = []
    # slots after something other than one space, whose word before is rare, or after one space, either word junk
    after_breaks: list[int] = []
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
        if not slots:
            before = END
        elif start == end + 1 and text[end] == " ":
            before = None
            if slots[-1].weak or found[6]:
                after_breaks.append(len(slots))  # a typed word OCR split at a wide letter gap ("verksamhet sstille")
        else:
            before = boundary(text, end, start)
            if legacy and before is None and slots[-1].choice.score <= BROKEN_HALF_MAX_LOGP:
                after_breaks.append(len(slots))  # the rare word before may end a line, broken
        slot = Slot(start, token, before, *found)
        end = start + len(token)
        if slot.unaries or slot.withheld:  # few slots: what follows the word may settle its reading
            _read_by_what_follows(slot, text, end, starts)
        slots.append(slot)
    if after_breaks:
        slots = _join_broken_words(slots, after_breaks, text, model)
    return slots


BROKEN_MAX_LOGP = -7.0  # log10: the two halves together at most this likely as read, so common words are never joined
BROKEN_HALF_MAX_LOGP = -6.5  # log10: and the half ending the line rare or junk as read ("ine", "patryck")
BROKEN_MARGIN = 3.0  # log10: the word they make, as one, must be this much likelier than the two
# A typed word OCR split at a space: one of the halves is junk as read (`_weak`: "sstille",
# "medarbet", "Fol"), and the halves are letters, two or more.
SPLIT_HALF_MAX_LOGP = -7.5
SPLIT_HALF_MIN = 2
SPLIT_WORD_MIN = 5  # letters of a half that reads as a word: shorter words stand alone ("ut sagr", "här omfatt-") ...
SPLIT_COMMON_LOGP = -4.5  # ... unless the two make a word this common (zipf 4.5: "Fol jande" följande),
SPLIT_COMMON_MAX = 12  # which is short: longer pairs with a short word are not even read as one
SPLIT_PART_MIN = 4  # letters of each part of a compound that is no junk


def _join_broken_words(slots: list[Slot], after_breaks: list[int], text: str, model: Model) -> list[Slot]:
    """Words broken at a line end whose hyphen OCR lost or misread ("patryck\\nningar",
    "ine\\nte" for in-te): the two halves become one slot if together they read as one
    word (not a compound: any two words make one) far likelier than the halves as read, and
    the real corpus never writes the halves' readings as a pair ("framför allt" stays).
    Words of a typed page that OCR split at a space where the letters stood apart ("verksamhet
    sstille", "Fol jande") are joined the same way when one half is junk as read; there the word
    they make may be a compound (verksamhets+ställe): the junk half is no word of its own.

    >>> from protokoll.normalize import Normaliser
    >>> normaliser = Normaliser.load()
    >>> text = "den typen av patryck\\nningar ger resultat, framfor\\nallt"
    >>> [(slot.token, slot.choice.word) for slot in slots_of(text, True, normaliser.model, normaliser.config, {})][3:5]
    [('patryck\\nningar', 'påtryckningar'), ('ger', 'ger')]
    """
    merged: dict[int, Slot] = {}
    for j in after_breaks:
        if j - 2 in merged:
            continue  # the word before is the second half of a word joined already
        slot = _broken_word(slots[j - 1], slots[j], text, model)
        if slot:
            merged[j - 1] = slot
    if not merged:
        return slots
    seconds = {i + 1 for i in merged}
    return [merged.get(i, slot) for i, slot in enumerate(slots) if i not in seconds]


def _broken_word(first: Slot, second: Slot, text: str, model: Model) -> Slot | None:
    """The slot of `first` and `second` as one word broken at a line end, or None."""
    end = first.start + len(first.token)
    if second.before is not None:  # a sentence end or a comma
        return None
    split = text[end] == " " and second.start == end + 1  # one space: a typed word split where its letters stood apart
    halves = first.choice.score + second.choice.score
    if halves > BROKEN_MAX_LOGP:
        return None
    # the halves that read as short words (a slot's `weak` is _weak() of its choice, found with its reading)
    short_words = [half for half in (first, second) if len(half.token) < SPLIT_WORD_MIN and not half.weak]
    if split:
        if min(len(first.token), len(second.token)) < SPLIT_HALF_MIN or short_words and (
                len(first.token) + len(second.token) > SPLIT_COMMON_MAX or short_words[0].choice.score > SPLIT_COMMON_LOGP):
            return None  # a short word ("och", "ska") stands alone; a short rare one may begin a common word ("Fol jande")
    elif first.choice.score > BROKEN_HALF_MAX_LOGP or (between := text[end:second.start]).count("\n") != 1 or between.strip():
        return None
    if not second.token[:1].islower() or not first.token.isalpha() or not second.token.isalpha():
        return None
    if model.context.pair_logp(first.choice.word, second.choice.word) is not None:
        return None  # the corpus writes the two apart; asked first, since reading the joined word is dear
    joined = first.token + second.token
    obs = observed(joined, model.channel)
    candidates = model.words.split_candidates(obs) if split else model.words.candidates(obs, True)
    best = candidates[0]
    if best.reason == "unknown" or " " in best.word or best.score < halves + BROKEN_MARGIN:
        return None
    if split and short_words and best.score < SPLIT_COMMON_LOGP:
        return None  # a short word stands alone ("ut sagr", "här omfatt-") unless the two make a common word ("Fol jande")
    if "compound" in best.reason and (not split or best.reason.count("+") != 1 or best.word == joined.lower()
                                      or len(best.reason.split()[-1].split("+")[0]) == len(first.token)):
        # Any two words make a compound: a split word is joined into one only where its two parts
        # part elsewhere than OCR's space and a damaged letter is repaired ("medarbet
        # arundersékningen": medarbetar+undersökningen); never a name and the word after it
        # ("Ekolek barnomsorg"), nor a speck and the word after it ("utveckla dgrunderna").
        return None
    token = text[first.start:second.start + len(second.token)]
    choice = Candidate(best.word, best.score, ("split word joined; " if split else "line break joined; ") + best.reason)
    return Slot(first.start, token, first.before, token, (choice,), choice, None, (), (), False, best.score - halves)


def _weak(choice: Candidate) -> bool:
    """Is a word's reading junk or a guess, so that it may be half of a typed word OCR split?
    Unknown ("Fol"), a rare compound of what OCR wrote with a part of three letters or fewer
    ("sstille" as sst+ille, "medarbet" as med+arbet; "Nattviken" natt+viken is a word) or a fuzzy
    guess ("jande" as hände); not a damaged word read ("hiir" här)."""
    return choice.reason in ("fuzzy", "unknown") or choice.reason.startswith("compound ") and choice.score <= SPLIT_HALF_MAX_LOGP \
        and min(map(len, choice.reason[9:].split("+"))) < SPLIT_PART_MIN


def _read_by_what_follows(slot: Slot, text: str, end: int, starts: list[int]) -> None:
    """Readings that the text right after the word settles: before a case number a capitalised
    word that may be Dnr is Dnr ("Dar KS-2024-00455", no "År 2024"); and a short listed word that a
    dropped letter explains better than the word itself is read so ("fr" för), except where the
    abbreviation goes on ("fr.o.m.", "fr o m"). The corpus's word pairs may still restore it."""
    if starts and slot.unaries and slot.token[0] == "D" and _before_span(text, end, starts):
        label = next((c for c in slot.candidates if c.word == CASE_NUMBER_LABEL), None)
        if label is not None:
            slot.choice, slot.unaries = label, None
    withheld = slot.withheld
    if withheld and withheld[0].reason == "dropped letter" and withheld[0].score > slot.choice.score \
            and not _ABBREVIATION_GOES_ON.match(text, end):
        slot.choice, slot.withheld = withheld[0], (slot.choice,) + withheld[1:]


def _before_span(text: str, end: int, starts: list[int]) -> bool:
    """Does a protected span (a case number) start after `end`, past one space or a few?"""
    gap = text[end:end + 4]
    after = end + len(gap) - len(gap.lstrip(" "))
    i = bisect.bisect_left(starts, after)
    return after > end and i < len(starts) and starts[i] == after


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
