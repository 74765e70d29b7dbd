"""Normalise: repair OCR'd Swedish text so it reads, and is found, as the original did.

`repair(text)` is the one entry point the pipeline calls (once per page of raw text);
`explain(text)` returns the same text and every change with its reason and score.

Legacy archives were OCR'd without Swedish: "I Jimtlands ldn ... 6verenskommelsen ... f4 med".
The steps, each a small function:

1. `join_hyphenation`: words broken across a line ("utveck-\\nlingen") are joined.
2. `is_legacy`: the document-level switch. Text with normal Swedish diacritic density is
   left alone except for obvious junk (letters mixed with digits or symbols, "6verenskommelsen").
3. Each word gets its candidates from the noisy-channel word model (words.py): lexicons
   (lexicon.py) times the learned confusion table (channel.py); compounds and fuzzy matches
   for words in no lexicon.
4. Where real words compete (är/år, här/har), the word-bigram context (context.py) decides.
5. Case, numbers, dates, case numbers (RUN/16/2020) and abbreviations are kept.

Running `repair` twice changes nothing the second time: repaired text has normal diacritic
density, so the second run only looks for junk, and there is none left.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from protokoll.normalize import channel as channel_module
from protokoll.normalize import context as context_module
from protokoll.normalize import lexicon as lexicon_module
from protokoll.normalize.learn import COMMA, END, NUMBERS, OCR_TOKEN, YEAR, LearnedText, number_class
from protokoll.normalize.learn import learn_from_texts as count_texts
from protokoll.normalize.words import Candidate, WordModel, is_plain, observed

__all__ = ["Change", "Config", "repair", "explain", "join_hyphenation", "is_legacy", "extend", "learn_from_texts", "reset",
           "forget_decisions"]


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


DEFAULT = Config()
CONTEXT_MARGIN = 3.0  # context weighs only readings this close (log10) to the best
NAME_BONUS = 2.0  # log10: a capitalised word inside a sentence, or before another, is likely a name
SMALL_WORD_LOGP = -5.5  # a capital A/O OCR wrote mid-sentence for å/ä/ö becomes small in words at least this common


@dataclass(frozen=True)
class Change:
    """One repair: `original` at `position` (offset in the input text) became `replacement`."""

    original: str
    replacement: str
    reason: str
    score: float  # log10 advantage of the replacement over keeping the original
    position: int


# --- step 1: hyphenation ------------------------------------------------------------------

_HYPHEN_BREAK = re.compile(r"(\w+)-\r?\n([^\W\d_]+)")
_KEEP_AFTER_HYPHEN = {"och", "eller", "samt", "respektive", "resp", "till", "som"}  # "kurs- och konferens"


def join_hyphenation(text: str) -> str:
    """Join words hyphenated across a line break.

    >>> join_hyphenation("utveck-\\nlingen"), join_hyphenation("utveck-\\r\\nlingen")
    ('utvecklingen', 'utvecklingen')
    >>> join_hyphenation("ESF-\\nprojekten, kurs-\\noch konferens")
    'ESF-projekten, kurs-\\noch konferens'
    >>> join_hyphenation("sekreterare Ann-\\nMarie Strömgren")
    'sekreterare Ann-Marie Strömgren'
    """
    return _join_hyphenation(text)[0]


def _join_hyphenation(text: str) -> tuple[str, list[Change], list[tuple[int, int]]]:
    """The joined text, the joins as changes, and (offset in joined text, characters removed before it)."""
    out, changes, shifts = [], [], []
    if "-\n" not in text and "-\r\n" not in text:
        return text, changes, shifts
    last, removed = 0, 0
    for m in _HYPHEN_BREAK.finditer(text):
        left, right = m.group(1), m.group(2)
        if right.lower() in _KEEP_AFTER_HYPHEN:
            continue
        # A hyphen after capitals or digits is part of the word ("ESF-projekten"), and so is one before a
        # capital (the double names "Karl-Erik", "Ann-Marie"); else it only broke the line.
        keep = left.isupper() or not left.isalpha() or right[0].isupper()
        joined = f"{left}-{right}" if keep else left + right
        out.append(text[last:m.start()] + joined)
        removed += len(m.group(0)) - len(joined)
        shifts.append((sum(map(len, out)), removed))
        changes.append(Change(m.group(0), joined, "hyphenation", 0.0, m.start()))
        last = m.end()
    out.append(text[last:])
    return "".join(out), changes, shifts


def _original_offset(shifts: list[tuple[int, int]], offset: int) -> int:
    if not shifts:  # no line-break hyphen joined: most pages
        return offset
    i = bisect.bisect_right(shifts, (offset, float("inf")))
    return offset + (shifts[i - 1][1] if i else 0)


# --- step 2: the document-level switch ------------------------------------------------------

# Letters are what `[^\W\d_]` matches. Counted in two parts: ASCII letters by deleting the other bytes
# of the ASCII part (C speed), the rest by a one-character class the engine scans for at once;
# removing every non-letter with a regex cost about as much as all other work of is_legacy.
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
_DIACRITIC = re.compile(r"[åäöÅÄÖ]")
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


def diacritic_share(text: str) -> tuple[float, int]:
    """(share of letters that are å/ä/ö, number of letters).

    >>> diacritic_share("Jämtlands län"), diacritic_share("Dnr 12_3, över")
    ((0.16666666666666666, 12), (0.14285714285714285, 7))
    """
    letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS)) + len(_NON_ASCII_LETTER.findall(text))
    return (len(_DIACRITIC.findall(text)) / letters if letters else 0.0), letters


def is_legacy(text: str, config: Config = DEFAULT) -> bool:
    """Does `text` read like Swedish OCR'd without Swedish letters?

    >>> is_legacy("Samverkan mellan kommunerna ar en forutsattning for att kommunerna ska kunna utfora sina uppdrag")
    True
    >>> is_legacy("Samverkan mellan kommunerna är en förutsättning för att kommunerna ska kunna utföra sina uppdrag")
    False
    """
    share, letters = diacritic_share(text)
    if letters < config.legacy_min_letters or share > config.legacy_max_diacritic_share:
        return False
    model = _model()
    stripped = 0
    # A short page without a single å/ä/ö (the signatures closing a document) needs one such word.
    needed = 1 if share == 0 and letters < config.legacy_short_letters else config.legacy_min_stripped
    for m in _TOKEN.finditer(text):
        token = m.group()
        if len(token) > 1 and any(c.isalpha() for c in token):
            best = model.words.candidates(observed(token, model.channel), True)[0]
            if best.word != token.lower() and _DIACRITIC.search(best.word):
                stripped += 1
                if stripped >= needed:
                    return True
    return False


# --- steps 3-5: words in context -----------------------------------------------------------

@dataclass
class _Model:
    words: WordModel
    channel: channel_module.Channel
    context: context_module.ContextModel
    proper_names: frozenset[str]  # lowercase: capitalised entries of the domain lexicon, places, person names
    person_names: frozenset[str]  # lowercase, data/normalize/first_names.txt and surnames.txt
    not_words: frozenset[str]  # data/normalize/not_words.txt: what minutes write so ("a)") is a label, not the word


@lru_cache(maxsize=1)
def _model() -> _Model:
    lexicon = lexicon_module.load()
    channel = channel_module.load()
    names = frozenset(w.lower() for w in lexicon_module.read_domain() + lexicon_module.read_places() if w[:1].isupper())
    person_names = frozenset(w.lower() for w in lexicon_module.read_names())
    not_words = frozenset(w.lower() for w in lexicon_module.read_domain(lexicon_module.NOT_WORDS_PATH))
    return _Model(WordModel(lexicon, channel), channel, context_module.load(), names | person_names, person_names, not_words)


def reset() -> None:
    """Forget what `extend` taught: reload the committed lexicons and context model on next use."""
    _model.cache_clear()
    forget_decisions()


def forget_decisions() -> None:
    """Drop the memos of readings and case; needed after the lexicon or context model changed."""
    _READINGS.clear()
    _restore_case.cache_clear()


def extend(learned: LearnedText) -> None:
    """Teach the normaliser the words and word pairs of clean texts (see `learn_from_texts`),
    e.g. the born-digital documents of an archive, before a reindex. Kept in memory only.
    """
    model = _model()
    for word in learned.words:
        model.words.lexicon.add(word, lexicon_module.LEARNED_LOGP)
    model.context.add(learned.words, learned.bigrams, learned.lowercase)
    model.words.candidates.cache_clear()
    forget_decisions()


@lru_cache(maxsize=100_000)
def _restore_case(original: str, word: str, mid_sentence: bool = False) -> str:
    """Give `word` the case pattern of the OCR'd `original`.

    Tesseract without Swedish often reads a small ä/ö as a capital A/O ("Aven"); in the middle
    of a sentence such a capital is dropped again if the word is common ("även", not "Örebro")
    or the clean minutes write it in small letters ("Aterkommer", "Oppettiderna").

    >>> _restore_case("JAMTLAND", "jämtland"), _restore_case("Jimtland", "jämtland"), _restore_case("behGver", "behöver")
    ('JÄMTLAND', 'Jämtland', 'behöver')
    >>> _restore_case("Aven", "även", mid_sentence=True), _restore_case("Aven", "även")
    ('även', 'Även')
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if original[:1].isupper() and not (mid_sentence and original[0] in "AO" and word[:1] in "åäö"
                                       and _is_small_word(word)):
        return word[:1].upper() + word[1:]
    return word


def _is_small_word(word: str) -> bool:
    """No proper name, and frequent or written in small letters in the clean minutes."""
    model = _model()
    if word in model.proper_names or (word.endswith("s") and word[:-1] in model.proper_names):
        return False  # a name or its genitive: "Östersunds kommun"
    return model.words.lexicon.logp.get(word, -99.0) >= SMALL_WORD_LOGP or model.context.lowercase.get(word, 0) > 0


@dataclass(slots=True)
class _Slot:
    """A word of the text being repaired, with its ranked readings."""

    start: int
    token: str
    before: str | None  # what parts it from the slot before: END, COMMA or None (_boundary; END for the first)
    obs: str  # the token as the channel sees it (observed())
    candidates: tuple[Candidate, ...]
    choice: Candidate
    unaries: list[tuple[Candidate, float]] | None  # the readings context may choose between (_unaries())
    names: tuple[str, ...]  # those of them that are names
    advantage: float | None = None  # set by context: the choice's lead over the word as written, context included


_NUMBER = Candidate(NUMBERS[0], 0.0, "number")
_YEAR = Candidate(YEAR, 0.0, "number")
# Tesseract without Swedish reads a lone "i" as "1" ("samverkan 1 frågor"). Between two words
# the context decides; this cost means its word pairs must favour "i" clearly over a number.
_ONE_AS_I = Candidate("i", -0.8, "digit for letter")
_FOUR_AS_Å = Candidate("å", -0.8, "digit for letter")  # the preposition of older minutes: "hållet 4 stadshuset"
_DIGIT_AS_WORD = {"1": _ONE_AS_I, "4": _FOUR_AS_Å}


_READINGS: dict[tuple[bool, Config], dict[str, tuple | None]] = {}  # per mode: token -> _reading()
_MAX_READINGS = 500_000
_Reading = tuple  # (observed form, candidates, choice, unaries, names): the fields of _Slot after the token


def _reading(token: str, legacy: bool, config: Config) -> _Reading | None:
    """(observed form, candidates, choice without context, unaries, names) of a token; None for
    tokens kept as written.

    Cached per distinct token: in running text most tokens repeat, which is what makes the
    normaliser fast. All that depends on the token alone is worked out here, once.
    """
    found = _candidates_of(token, legacy, config)
    if found is None:
        return None
    obs, candidates, choice = found
    unaries = _unaries(candidates, choice) if legacy else None
    names = tuple(c.word for c, _ in unaries if _is_name(c.word, _model())) if unaries else ()
    return obs, candidates, choice, unaries, names


def _candidates_of(token: str, legacy: bool, config: Config) -> tuple[str, tuple[Candidate, ...], Candidate] | None:
    """(observed form, candidates, choice without context) of a token; None for tokens kept as written."""
    if _NUMBER_LIKE.fullmatch(token):  # kept as written, but context to its neighbours: "år 2020"
        if token.isdigit() and number_class(token) == YEAR:
            return token, (), _YEAR
        return token, ((_NUMBER, _DIGIT_AS_WORD[token]) if legacy and token in _DIGIT_AS_WORD else ()), _NUMBER
    if not any(c.isalpha() for c in token):
        return None
    if token[:1].isdigit() and len(token) <= 2 and token[0] not in "0469":  # "3a", "1a": labels; "4r" is "är"
        return None
    model = _model()
    obs = observed(token, model.channel)
    if not legacy and obs.isalpha() and obs.islower() and "é" not in obs:
        return obs, (), Candidate(obs, 0.0, "lexicon")  # clean text: plain words are not touched
    candidates = model.words.candidates(obs, legacy)
    if token.isupper() and (sum(c.isalpha() for c in token) > 1 or any(c.isdigit() for c in token)):
        # Capitals: abbreviations and codes (RUN, ESF, A4, E4) stay; only Swedish letters may be
        # restored. One capital and a mark is no abbreviation: "P&" is På.
        candidates = tuple(c for c in candidates if lexicon_module.fold(c.word) == lexicon_module.fold(obs))
    if not legacy:
        candidates = tuple(c for c in candidates if c.word == obs or _acceptable_junk_fix(obs, c, config))
    return obs, candidates, (candidates[0] if candidates else Candidate(obs, 0.0, "kept"))


def _protected_starts_ends(text: str) -> tuple[list[int], list[int]]:
    """Where the protected spans start and end, in order (the spans do not overlap)."""
    if not _MAYBE_PROTECTED.search(text):
        return [], []
    spans = [m.span() for m in (_PROTECTED if "@" in text else _PROTECTED_NO_MAIL).finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def _slots(text: str, legacy: bool, config: Config) -> list[_Slot]:
    starts, ends = _protected_starts_ends(text)
    readings = _READINGS.setdefault((legacy, config), {})
    if len(readings) > _MAX_READINGS:
        readings.clear()  # a long reindex meets endless OCR junk: bound the memo
    slots = []
    end = 0  # of the last slot
    # Clean text: only tokens with a digit, '&', 'é' or an inner capital can hold junk.
    for m in (_TOKEN if legacy else _SUSPECT).finditer(text):
        token = m.group()
        reading = readings.get(token, False)
        if reading is False:
            reading = readings[token] = _reading(token, legacy, config)
        if reading is None:
            continue
        start = m.start()
        if starts and reading[2].reason != "number" and _inside(starts, ends, start):
            continue
        if len(token) == 1 and _is_label(text, start):
            continue
        # What parts each word from the one before is asked many times per word: found once here,
        # with a single space (the common case) tested inline.
        before = END if not slots else None if start == end + 1 and text[end] == " " else _boundary(text, end, start)
        slots.append(_Slot(start, token, before, *reading))
        end = start + len(token)
    return slots


def _inside(starts: list[int], ends: list[int], offset: int) -> bool:
    """Is `offset` inside one of the spans (sorted, not overlapping)?"""
    i = bisect.bisect_right(starts, offset)
    return i > 0 and offset < ends[i - 1]


def _is_label(text: str, start: int) -> bool:
    """A one-letter label, kept as written: "a) Upprop", "dB(A)"; a party "(s)" is no label but context.

    >>> _is_label("- a) Upprop", 2), _is_label("62 dB(A)", 6), _is_label("Eva Jonsson (s)", 13)
    (True, True, False)
    """
    if text[start + 1:start + 2] != ")":
        return False
    return start == 0 or text[start - 1] != "(" or (start >= 2 and text[start - 2].isalnum())


def _acceptable_junk_fix(obs: str, candidate: Candidate, config: Config) -> bool:
    """In clean text only obvious junk is fixed: a digit or symbol inside a word that is not a word."""
    return (len(obs) >= config.junk_min_length and not obs.isalpha() and candidate.reason == "confusion"
            and _model().words.lexicon.logp.get(candidate.word, -99.0) >= config.junk_min_logp)


def _neighbour(slots: list[_Slot], i: int, step: int) -> str | None:
    """The word before (step -1) or after (+1) slot i, or the sentence end or comma between them.

    Only the end counts as context: "är" seldom ends a sentence, "år" often does; a
    sentence start told the leave-one-out runs nothing. A comma is context both ways ("per år,
    främst": "år" often stands before a comma, "är" seldom), and no pair is read across it.
    """
    j = i + step
    if not 0 <= j < len(slots):
        return None if step < 0 else END
    boundary = (slots[i] if step < 0 else slots[j]).before  # of the later of the two
    if boundary == END:
        return None if step < 0 else END  # a sentence or paragraph ends between them
    return boundary or slots[j].choice.word


def _decide_in_context(slots: list[_Slot], text: str, config: Config) -> None:
    """Choose the readings of a page together (Viterbi over each run of linked words): each
    reading's own score, how common it is in minutes and, between neighbours of one sentence,
    how often their pair was seen in clean Swedish. Deciding word by word instead lets one wrong
    choice mislead the next ("har kat": här kåt, for har ökat).
    """
    options = {i: found for i, slot in enumerate(slots)
               if slot.unaries is not None and (found := _options(slots, i, text, config))}
    changed = [i for lo, hi in _linked_runs(slots, options) for i in _viterbi(slots, options, lo, hi, config)]
    context = _model().context
    for i in changed:  # the reason and lead of each change, its neighbours as chosen
        slot = slots[i]
        left, right = _neighbour(slots, i, -1), _neighbour(slots, i, +1)
        lead = {c.word: unary + config.context_weight * context.boost(left, c.word, right) for c, unary in options[i]}
        as_written = next((lead[c.word] for c, _ in options[i] if c.word == slot.obs or c is _NUMBER), lead[slot.choice.word])
        slot.choice = Candidate(slot.choice.word, lead[slot.choice.word], f"context {left or ''}_{right}")
        slot.advantage = lead[slot.choice.word] - as_written


def _linked_runs(slots: list[_Slot], options: dict) -> list[tuple[int, int]]:
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


def _viterbi(slots: list[_Slot], options: dict, lo: int, hi: int, config: Config) -> list[int]:
    """Set the best readings of slots lo..hi together; returns the slots whose choice changed."""
    lifts, weight = _model().context.lifts, config.context_weight
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


def _unaries(candidates: tuple[Candidate, ...], choice: Candidate) -> list[tuple[Candidate, float]] | None:
    """The readings context may choose between, each with its own score and how common it is in
    minutes; None for a word with one reading, or none close enough to the first: it is fixed."""
    if len(candidates) < 2 or candidates[1].score < choice.score - CONTEXT_MARGIN:
        return None
    model = _model()
    return [(c, c.score + model.context.domain_shift(c.word, None if c.word in model.not_words else model.words.lexicon.logp.get(c.word)))
            for c in candidates]


def _options(slots: list[_Slot], i: int, text: str, config: Config) -> list[tuple[Candidate, float]] | None:
    """The readings context may choose between at slot i, each with its score before word pairs:
    its unary score (_unaries), a name's bonus in a name's place, and the sentence end after it.
    None for a slot with one reading: it is fixed."""
    slot = slots[i]
    options = slot.unaries
    if options is None:
        return None
    if slot.choice is _NUMBER and not _between_words(slot, _neighbour(slots, i, -1), _neighbour(slots, i, +1), text):
        return None
    # The sentence end or comma after it
    boundary = END if i + 1 == len(slots) else slots[i + 1].before
    name_bonus = 0.0
    names = slot.names
    if names and slot.token[:1].isupper():
        name_bonus = NAME_BONUS if _in_name_position(slots, i, _neighbour(slots, i, -1), text) else 0.0
    if boundary or name_bonus:
        lift = _model().context.lift
        options = [(c, unary + (name_bonus if c.word in names else 0.0)
                    + (config.context_weight * lift(c.word, boundary) if boundary else 0.0)) for c, unary in options]
    return options


def _is_name(word: str, model: _Model) -> bool:
    """A listed name or place, or a known word with the surname ending -én (Holmén, Nordén, Hållén):
    too many to list, and a place (Holmön) must not win for want of a list."""
    return word in model.proper_names or (word.endswith(("én", "éns")) and word in model.words.lexicon.logp)


def _boundary(text: str, end: int, start: int) -> str | None:
    """What parts a word ending at `end` from the next, at `start`: END (a sentence or paragraph
    end), COMMA, or None."""
    if start == end + 1 and text[end] == " ":
        return None
    if _SENTENCE_END.search(text, end, start):
        return END
    return COMMA if text.find(",", end, start) >= 0 else None


RARE_LOGP = -6.0  # below zipf 3: a name or rare word, spelled one way on a page


def _spell_alike(slots: list[_Slot]) -> None:
    """A rare word OCR left plain ("Lovbom") takes the spelling that the same word got where
    OCR left a trace of its Swedish letter on the page ("L6vbom" -> "Lövbom")."""
    lexicon = _model().words.lexicon
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


def _genitives_alike(slots: list[_Slot]) -> None:
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


def _in_name_position(slots: list[_Slot], i: int, left: str | None, text: str) -> bool:
    """A capitalised word inside a sentence, or before another capitalised word ("Par Lindén")."""
    token = slots[i].token
    if not token[:1].isupper() or token.isupper():
        return False
    if left is not None and left not in NUMBERS:
        return True
    following = slots[i + 1] if i + 1 < len(slots) else None
    return bool(following and following.token[:1].isupper() and not following.token.isupper()
                and text[slots[i].start + len(token):following.start] == " ")


def _between_words(slot: _Slot, left: str | None, right: str | None, text: str) -> bool:
    """A number standing alone between two words of one sentence ("ledamot 1 nämnden", not "3,1 miljoner")."""
    end = slot.start + len(slot.token)
    return (left not in (None, *NUMBERS) and right not in (END, COMMA, *NUMBERS) and text[slot.start - 1:slot.start].isspace()
            and text[end:end + 1].isspace())


def explain(text: str, config: Config = DEFAULT) -> tuple[str, list[Change]]:
    """Repair `text` and list every change (original, replacement, reason, score, position).

    >>> explain("I Jimtlands ldn har det linge funnits samverkan i fragor mellan kommunerna")[0]
    'I Jämtlands län har det länge funnits samverkan i frågor mellan kommunerna'
    """
    joined, changes, shifts = _join_hyphenation(text)
    edits = _edits(joined, config)
    changes += [Change(original, replacement, reason, round(score, 2), _original_offset(shifts, start))
                for start, original, replacement, reason, score in edits]
    return _apply(joined, edits), sorted(changes, key=lambda c: c.position)


def _edits(joined: str, config: Config) -> list[_Edit]:
    """Every edit of the text (hyphenation joined), in order of position."""
    legacy = is_legacy(joined, config)
    slots = _slots(joined, legacy, config)
    if legacy:
        _decide_in_context(slots, joined, config)
        _spell_alike(slots)
        _genitives_alike(slots)
    edits = _word_edits(slots, joined) + (_dash_edits(joined) + _stray_marks(joined) + _split_number_edits(joined) if legacy else [])
    return sorted(edits, key=lambda e: e[0])


def _apply(text: str, edits: list[_Edit]) -> str:
    out, last = [], 0
    for start, original, replacement, _, _ in edits:
        out.append(text[last:start] + replacement)
        last = start + len(original)
    out.append(text[last:])
    return "".join(out)


_Edit = tuple[int, str, str, str, float]  # (offset in the joined text, original, replacement, reason, score)


_OPENING = set("(\"'“”‘’«»[")


def _word_edits(slots: list[_Slot], text: str) -> list[_Edit]:
    edits = []
    titles = None  # found only when a capital A/O mid-sentence may need them
    for i, slot in enumerate(slots):
        choice = slot.choice
        if choice.word == slot.obs or choice.reason == "number":
            continue
        previous = _neighbour(slots, i, -1)
        if previous is None and len(slot.obs) == 1:
            continue  # one letter opening a page or sentence is a speck OCR read ("a Bakgrund"), no "å"
        # After an opening bracket or quote a capital starts a title: "(Överenskommelse om ...)".
        mid_sentence = previous is not None and previous not in NUMBERS
        if mid_sentence and slot.token[:1] in "AO":
            # A word the page also writes after an opening quote or bracket is a title's first word: its
            # capital stays everywhere ('del "Övergripande regional utveckling"', 'inom Övergripande ...').
            titles = titles if titles is not None else {other.token for other in slots if text[other.start - 1:other.start] in _OPENING}
            mid_sentence = slot.token not in titles
        replacement = _restore_case(slot.token, choice.word, mid_sentence)
        if replacement == slot.token:
            continue
        advantage = slot.advantage
        if advantage is None:
            advantage = choice.score - _score_as_written(slot)
        edits.append((slot.start, slot.token, replacement, choice.reason, advantage))
    return edits


def _score_as_written(slot: _Slot) -> float:
    """The score of reading the word as OCR wrote it (the choice's if that is no candidate)."""
    for candidate in slot.candidates:
        if candidate.word == slot.obs:
            return candidate.score
    return slot.choice.score


# Tesseract without Swedish writes the en dash as a hyphen. Swedish sets a dash between spaced
# words ("RUS – där"), between times (13.00–16.30) and between years (2022–2030); a hyphen
# at a line start is a list bullet, and a date (2019-04-22) has no dash.
# Every match starts with a space or a digit: the lookahead lets the engine pass over letters at once.
_DASH = re.compile(r"(?=[ \d])(?:(?<=\S) (-) (?=\S)"
                   r"|\b\d{1,2}[.:]\d\d(-)\d{1,2}[.:]\d\d\b"
                   r"|(?<![\d/-])\b((?:19|20)\d\d)(-)((?:19|20)\d\d)\b(?![/-]\d))")


# Specks and the edge of a scan become lone marks: "_", "|", "~", "©", "=", or "—" or "." ending a line.
# None is a word of minutes (a signature line is longer than "__"); "-" may be a bullet: kept.
# A "_" may bring a dot or dashes of the same speck with it ("_.", "_—_—").
_MARK = r"(?<!\S)(?:_(?:[_—.]{0,3})|[|~©®=‘])"
# A "_" may also stick to the word after it ("_redogor"), and so may a "-" opening a line before a
# small letter ("-sker pa kansliet"): a list bullet has a space after it, a hyphen ends a line.
# Every match starts with a space, a tab or a mark: the lookahead lets the engine pass over
# letters at once instead of trying each alternative there (a third of the cost).
_STRAY_MARK = re.compile(rf"(?=[ \t_|~©®=‘—.-])(?:[ \t]*(?:{_MARK}|(?<!\S)[—.])[ \t]*$|{_MARK}[ \t]+|(?<!\S)_+(?=[^\W\d_])"
                         r"|^-(?=[a-zåäö]))", re.M)


def _stray_marks(text: str) -> list[_Edit]:
    """Lone marks Tesseract made of specks (legacy text only).

    >>> [(i, old) for i, old, _, _, _ in _stray_marks("~ PROTOKOLL, Eva Hagg = Lars Backstrom |\\nfragor om —\\n______\\n_redogor")]
    [(0, '~ '), (22, '= '), (38, ' |'), (50, ' —'), (60, '_')]
    >>> [old for _, old, _, _, _ in _stray_marks("_. Miljo- och\\nMaria Nordstrém _—_— Lena")]
    ['_. ', '_—_— ']
    >>> [i for i, _, _, _, _ in _stray_marks("Justering\\n-sker pa kansliet\\n- b) Dagordningen\\nEU- -kommissionen")]
    [10]
    """
    return [(m.start(), m.group(), "", "stray mark", 0.0) for m in _STRAY_MARK.finditer(text)]


# Tesseract sets a space after a narrow "1" inside a number: "201 9" (a year), "2014/1 60" (a
# case number), "1 6.00" (a time). A "1" and two or three digits is kept: "1 350" is how Swedish
# writes thousands.
# (Every match starts with a digit: the lookahead lets the engine pass over other characters at once.)
_SPLIT_NUMBER = re.compile(r"(?=\d)(?:(?<![\d.,/-])(?:19|20)1( )\d(?!\d|[.,]\d)"
                           r"|(?<=/)\d*1( )\d{1,2}(?!\d|[.,]\d)"
                           r"|(?<![\d.,])\d?1( )\d[.:]\d\d(?!\d))")


def _split_number_edits(text: str) -> list[_Edit]:
    """Numbers Tesseract split after a "1" (legacy text only).

    >>> [text[:i] for text in ["2019-2021 och 201 9-2021, KS 2014/1 60, kl. 13.00-1 6.00, 1 350 kr"] for i, *_ in _split_number_edits(text)]
    ['2019-2021 och 201', '2019-2021 och 201 9-2021, KS 2014/1', '2019-2021 och 201 9-2021, KS 2014/1 60, kl. 13.00-1']
    """
    if "1 " not in text:
        return []
    return [(m.start(g), " ", "", "split number", 0.0) for m in _SPLIT_NUMBER.finditer(text) for g in (1, 2, 3) if m.group(g)]


def _dash_edits(text: str) -> list[_Edit]:
    """En dashes for the hyphens Tesseract wrote in their place (legacy text only).

    >>> [(text[i], new) for text in ["RUS - där, kl. 13.00-16.30, 2022-2030, 2019-04-22"] for i, _, new, _, _ in _dash_edits(text)]
    [('-', '–'), ('-', '–'), ('-', '–')]
    """
    edits = []
    if "-" not in text:
        return edits
    for m in _DASH.finditer(text):
        if m.group(3) and int(m.group(5)) <= int(m.group(3)):
            continue  # not a range of years
        group = next(g for g in (1, 2, 4) if m.group(g))
        edits.append((m.start(group), "-", "–", "dash", 0.0))
    return edits


def repair(text: str, config: Config = DEFAULT) -> str:
    """Repair OCR'd Swedish; clean text comes back unchanged except for obvious junk.

    >>> repair("Fjarrundervisningen ir extra viktig att dra i gemensamt, och det ar viktigt.")
    'Fjärrundervisningen är extra viktig att dra i gemensamt, och det är viktigt.'
    >>> repair("Region Jämtland Härjedalen, RUN/16/2020, 2019-04-22.")
    'Region Jämtland Härjedalen, RUN/16/2020, 2019-04-22.'
    """
    # explain()'s text, without building the Change records the pipeline never reads (a frozen
    # dataclass is dear to make: some 7% of the time on legacy text went to them).
    joined = _join_hyphenation(text)[0]
    return _apply(joined, _edits(joined, config))


def learn_from_texts(texts: Iterable[str]) -> LearnedText:
    """Build the learned lexicon and word pairs from clean texts (e.g. an archive's born-digital
    documents) and `extend` the normaliser with them. Without an archive the committed data/ is used.
    """
    learned = count_texts(texts)
    extend(learned)
    return learned
