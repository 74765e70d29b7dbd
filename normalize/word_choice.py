"""Step: the words. Each word gets its readings, neighbours decide between them, the page agrees.

1. Each word of the page becomes a slot with its candidates from the noisy-channel word model
   (words.py): lexicons (lexicon.py) times the learned confusion table (channel.py); compounds
   and fuzzy matches for words in no lexicon. Case numbers, e-mail and web addresses, labels
   ("a)") and numbers are kept as written.
2. Where real words compete (är/år, här/har), the word-bigram context (context.py) decides,
   over each run of linked words at once (Viterbi).
3. The page agrees with itself: a rare word spelled with its Swedish letter in one place is
   spelled so where OCR left it plain, and a name's genitive as the name.
4. Each changed word takes the case of the word as OCR wrote it (casing.py).

In clean text (not `legacy`) only words that may hold junk (a digit, '&', 'é' or an inner
capital) are looked at, and only steps 1 and 4 run.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from protokoll.normalize import lexicon as lexicon_module
from protokoll.normalize.learn import COMMA, END, NUMBERS, OCR_TOKEN, YEAR, number_class
from protokoll.normalize.settings import Config, Edit
from protokoll.normalize.words import Candidate, is_plain, observed

if TYPE_CHECKING:
    from protokoll.normalize.model import Model
    from protokoll.normalize.steps import Page

CONTEXT_MARGIN = 3.0  # context weighs only readings this close (log10) to the best
NAME_BONUS = 2.0  # log10: a capitalised word inside a sentence, or before another, is likely a name
RARE_LOGP = -6.0  # below zipf 3: a name or rare word, spelled one way on a page
MAX_READINGS = 500_000  # distinct tokens remembered per mode (see Normaliser.readings)

_TOKEN = OCR_TOKEN  # a speck's "_" glued before a word is no part of it
# Anchored at a word's start: unanchored, the engine retried (and backtracked) from every letter.
_SUSPECT = re.compile(r"(?<![\w&])[\w&]*(?:[\d&é]|(?<=[^\W\d_])[A-ZÅÄÖ])[\w&]*")
_NUMBER_LIKE = re.compile(r"\d[\d.,:]*")
_MAYBE_PROTECTED = re.compile(r"@|www\.|://|[A-ZÅÄÖ][ ]?[/-]?[ ]?\d")  # cheap test before _PROTECTED
_SENTENCE_END = re.compile(r"[.!?:;]|\n\s*\n")
# Case numbers, paragraph references, e-mail and web addresses: kept as written (an e-mail address
# has a dot after its @: "M@jliga" is OCR's Möjliga). A web address or case number starts with h, w
# or a capital: the lookahead lets the engine pass over other characters at once. A page without
# an "@" skips the e-mail part, which scans every word to its end.
_MAIL = r"(?<!\S)\S+@\S+\.\w+"
_WEB_OR_CASE_NUMBER = r"(?=[hwA-ZÅÄÖ])(?:\b(?:https?://|www\.)\S+|\b[A-ZÅÄÖ]{1,6}(?:[ ]?[/-]?[ ]?\d+)(?:[/.:-]\d+)+\b)"
_PROTECTED = re.compile(f"{_MAIL}|{_WEB_OR_CASE_NUMBER}")
_PROTECTED_NO_MAIL = re.compile(_WEB_OR_CASE_NUMBER)
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
    slots = slots_of(text, page.legacy, model, config, normaliser.readings[page.legacy])
    if page.legacy:
        decide_in_context(slots, text, model, config)
        spell_alike(slots, model.words.lexicon)
        genitives_alike(slots)
    return edits_of(slots, text, normaliser.restore_case)


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


def _protected_starts_ends(text: str) -> tuple[list[int], list[int]]:
    """Where the protected spans start and end, in order (the spans do not overlap)."""
    if not _MAYBE_PROTECTED.search(text):
        return [], []
    spans = [m.span() for m in (_PROTECTED if "@" in text else _PROTECTED_NO_MAIL).finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def slots_of(text: str, legacy: bool, model: Model, config: Config, readings: dict[str, Reading | None]) -> list[Slot]:
    """The words of `text` that may change or give context, each with its readings (taken from
    and added to the memo `readings` of this mode)."""
    starts, ends = _protected_starts_ends(text)
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


def decide_in_context(slots: list[Slot], text: str, model: Model, config: Config) -> None:
    """Choose the readings of a page together (Viterbi over each run of linked words): each
    reading's own score, how common it is in minutes and, between neighbours of one sentence,
    how often their pair was seen in clean Swedish. Deciding word by word instead lets one wrong
    choice mislead the next ("har kat": här kåt, for har ökat).
    """
    options = {i: found for i, slot in enumerate(slots)
               if slot.unaries is not None and (found := _options(slots, i, text, model, config))}
    changed = [i for lo, hi in _linked_runs(slots, options) for i in _viterbi(slots, options, lo, hi, model, config)]
    context = model.context
    for i in changed:  # the reason and lead of each change, its neighbours as chosen
        slot = slots[i]
        left, right = neighbour(slots, i, -1), neighbour(slots, i, +1)
        lead = {c.word: unary + config.context_weight * context.boost(left, c.word, right) for c, unary in options[i]}
        as_written = next((lead[c.word] for c, _ in options[i] if c.word == slot.obs or c is NUMBER), lead[slot.choice.word])
        slot.choice = Candidate(slot.choice.word, lead[slot.choice.word], f"context {left or ''}_{right}")
        slot.advantage = lead[slot.choice.word] - as_written


def _linked_runs(slots: list[Slot], options: dict) -> list[tuple[int, int]]:
    """Runs (first, last slot) of words joined to an open choice within a sentence; outside
    them every word is fixed, and runs are independent of each other."""
    runs: list[list[int]] = []
    for i in sorted(options):
        lo = i - 1 if i > 0 and not slots[i].before else i
        hi = i + 1 if i + 1 < len(slots) and not slots[i + 1].before else i
        if runs and lo <= runs[-1][1]:
            runs[-1][1] = hi
        else:
            runs.append([lo, hi])
    return [(lo, hi) for lo, hi in runs]


def _viterbi(slots: list[Slot], options: dict, lo: int, hi: int, model: Model, config: Config) -> list[int]:
    """Set the best readings of slots lo..hi together; returns the slots whose choice changed."""
    lifts, weight = model.context.lifts, config.context_weight
    chain = [options.get(i) or [(slots[i].choice, 0.0)] for i in range(lo, hi + 1)]
    best = [unary for _, unary in chain[0]]
    back: list[list[int]] = []
    for previous, current in zip(chain, chain[1:]):
        if len(previous) == 1:  # a fixed word before (most runs start with one): nothing to compare
            word = previous[0][0].word
            best = [best[0] + weight * lifts[word, candidate.word] + unary for candidate, unary in current]
            back.append([0] * len(current))
            continue
        totals, pointers = [], []
        for candidate, unary in current:
            total, j = max((best[j] + weight * lifts[p.word, candidate.word], j) for j, (p, _) in enumerate(previous))
            totals.append(total + unary)
            pointers.append(j)
        best = totals
        back.append(pointers)
    k = max(range(len(best)), key=best.__getitem__)
    changed = []
    for i in range(hi, lo - 1, -1):
        candidate = chain[i - lo][k][0]
        if candidate is not slots[i].choice:
            slots[i].choice = candidate
            changed.append(i)
        if i > lo:
            k = back[i - lo - 1][k]
    return changed


def unaries(candidates: tuple[Candidate, ...], choice: Candidate, model: Model) -> list[tuple[Candidate, float]] | None:
    """The readings context may choose between, each with its own score and how common it is in
    minutes; None for a word with one reading, or none close enough to the first: it is fixed."""
    if len(candidates) < 2 or candidates[1].score < choice.score - CONTEXT_MARGIN:
        return None
    return [(c, c.score + model.context.domain_shift(c.word, None if c.word in model.not_words else model.words.lexicon.logp.get(c.word)))
            for c in candidates]


def _options(slots: list[Slot], i: int, text: str, model: Model, config: Config) -> list[tuple[Candidate, float]] | None:
    """The readings context may choose between at slot i, each with its score before word pairs:
    its unary score (unaries()), a name's bonus in a name's place, and the sentence end after it.
    None for a slot with one reading: it is fixed."""
    slot = slots[i]
    options = slot.unaries
    if options is None:
        return None
    if slot.choice is NUMBER and not _between_words(slot, neighbour(slots, i, -1), neighbour(slots, i, +1), text):
        return None
    # The sentence end or comma after it
    after = END if i + 1 == len(slots) else slots[i + 1].before
    name_bonus = 0.0
    names = slot.names
    if names and slot.token[:1].isupper():
        name_bonus = NAME_BONUS if _in_name_position(slots, i, neighbour(slots, i, -1), text) else 0.0
    if after or name_bonus:
        lift = model.context.lift
        options = [(c, unary + (name_bonus if c.word in names else 0.0)
                    + (config.context_weight * lift(c.word, after) if after else 0.0)) for c, unary in options]
    return options


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


def spell_alike(slots: list[Slot], lexicon: lexicon_module.Lexicon) -> None:
    """A rare word OCR left plain ("Lovbom") takes the spelling that the same word got where
    OCR left a trace of its Swedish letter on the page ("L6vbom" -> "Lövbom")."""
    traced = {}
    for slot in slots:
        if slot.choice.word != slot.obs and slot.choice.reason != "number" and not is_plain(slot.obs):
            traced.setdefault(lexicon_module.fold(slot.choice.word), slot.choice)
    if not traced:
        return
    for slot in slots:
        spelled = traced.get(slot.obs)
        if (spelled and slot.choice.word == slot.obs and spelled.word != slot.obs
                and lexicon.logp.get(slot.obs, -99.0) < RARE_LOGP):
            slot.choice = Candidate(spelled.word, spelled.score, "spelled so elsewhere on the page")


def genitives_alike(slots: list[Slot]) -> None:
    """A name's genitive is spelled as the name is on the page: "Henrik Stal (C)" read Stål makes
    "Henrik Stals yrkande" Ståls, though "stals" alone is the likelier word."""
    names = {slot.obs: slot.choice.word for slot in slots
             if slot.choice.word != slot.obs and slot.token[:1].isupper() and slot.choice.reason != "number"}
    if not names:
        return
    for slot in slots:
        if slot.obs[-1:] == "s" and slot.choice.word == slot.obs and slot.obs[:-1] in names:
            name = names[slot.obs[:-1]]
            if slot.token[:1].isupper() and lexicon_module.fold(name) == slot.obs[:-1]:
                slot.choice = Candidate(name + "s", slot.choice.score, "the name's genitive, spelled as the name on the page")


def _in_name_position(slots: list[Slot], i: int, left: str | None, text: str) -> bool:
    """A capitalised word inside a sentence, or before another capitalised word ("Par Lindén")."""
    token = slots[i].token
    if not token[:1].isupper() or token.isupper():
        return False
    if left is not None and left not in NUMBERS:
        return True
    following = slots[i + 1] if i + 1 < len(slots) else None
    return bool(following and following.token[:1].isupper() and not following.token.isupper()
                and text[slots[i].start + len(token):following.start] == " ")


def _between_words(slot: Slot, left: str | None, right: str | None, text: str) -> bool:
    """A number standing alone between two words of one sentence ("ledamot 1 nämnden", not "3,1 miljoner")."""
    end = slot.start + len(slot.token)
    return (left not in (None, *NUMBERS) and right not in (END, COMMA, *NUMBERS) and text[slot.start - 1:slot.start].isspace()
            and text[end:end + 1].isspace())


def edits_of(slots: list[Slot], text: str, restore_case: Callable[[str, str, bool], str]) -> list[Edit]:
    """The slots whose chosen reading differs from the word as written, each as an edit in the
    written word's case."""
    edits = []
    titles = None  # found only when a capital A/O mid-sentence may need them
    for i, slot in enumerate(slots):
        choice = slot.choice
        if choice.word == slot.obs or choice.reason == "number":
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
        replacement = restore_case(slot.token, choice.word, mid_sentence)
        if replacement == slot.token:
            continue
        advantage = slot.advantage
        if advantage is None:
            advantage = choice.score - _score_as_written(slot)
        edits.append((slot.start, slot.token, replacement, choice.reason, advantage))
    return edits


def _score_as_written(slot: Slot) -> float:
    """The score of reading the word as OCR wrote it (the choice's if that is no candidate)."""
    for candidate in slot.candidates:
        if candidate.word == slot.obs:
            return candidate.score
    return slot.choice.score
