"""Candidates and their scores for one OCR'd word: the noisy-channel model of the normaliser.

score(candidate) = log10 P(word) + log10 P(what OCR wrote | word), both in log10 units.
P(word) comes from the merged lexicon (lexicon.py), P(ocr | word) from the learned confusion
table (channel.py). Candidates are found without trying every spelling: each OCR'd letter that
could stand for something else branches only on its folded class (a/ä/å are one class, o/ö
another), and the folded key looks up every lexicon word spelled that way at once.
Words in no list are looked up among the dictionary's forms, then tried as compounds (two or
three known parts), then fuzzily (one letter added, lost or misread) among the common words,
through an index of their one-letter deletions (near_keys.py).
"""
from __future__ import annotations

import heapq
from functools import lru_cache, partial
from typing import Callable, Container, NamedTuple

from protokoll.normalize import multi_error
from protokoll.normalize.channel import Channel
from protokoll.normalize.lexicon import FORM_LOGP, Lexicon, fold

UNKNOWN_LOGP = -9.5  # a word in no lexicon: rare, but OCR'd names and codes are like that
JUNK_LOGP = -11.0  # letters mixed with digits or '&': almost surely a misreading
COMPOUND_LOGP = -8.0  # a word built of known parts beats an unknown one, nothing more
COMPOUND_PART_MIN_LOGP = -7.5  # each part at least zipf 1.5 (färje+turerna, jäger+stedt); -8 let in ru+åmmen
COMPOUND_PART_COST = -1.5  # each further part: two parts explain a word better than three
COMPOUND_HEAD_MIN = 4  # letters of a compound's last part: "nås" is no part of "sköterskornas"
DELETION_MAX_LOGP = -5.0  # look for a dropped letter only in rare or unknown words
WITHHELD_DROPPED_MAX = 3  # ... and in listed words this short, withheld for context to decide ("Fr": För)
FUZZY_COST = -2.5  # one letter added or lost by OCR
GENITIVE_COST = -1.0  # a word's genitive is rarer than the word itself
MAX_VARIANTS = 64
SPACE_LOST_COST = -3.5  # OCR ran two words together ("ien"): about one word in 3,000
SPACE_LOST_PART_MIN_LOGP = -3.0  # ... only very common words (i, en, och, för, det)
SPACE_LOST_OTHER_MIN_LOGP = -6.0  # or two common words, if the real corpus writes them together
SPACE_LOST_MAX_LOGP = -6.5  # and only where the word as written is rare or unknown
MAX_STEPS_MEMO = 200_000  # few-letter windows whose ways to read on the multi-error search remembers
REAL_SCAN_SHORT = 5  # letters of a word whose real-scan readings are candidates ("fir", "mite", "miter")
SPLIT_MEMO = 50_000  # readings of words split at a space, joined (WordModel.split_candidates)


class Candidate(NamedTuple):
    """A reading of an OCR'd word. A named tuple, not a frozen dataclass: the first reading of a
    word makes many of them, and workers send them on (pages.py): a tuple is made and pickled
    several times faster."""

    word: str  # lowercase
    score: float
    reason: str


def observed(token: str, channel: Channel) -> str:
    """The token as the channel sees it: lowercase, except an inner capital that is a known
    misreading of a small letter (the 'G' of "behGver").

    >>> from protokoll.normalize.channel import channel_of
    >>> observed("behGver", channel_of({("ö", "G"): 0.01}))
    'behGver'
    >>> observed("JAMTLAND", channel_of({("ö", "G"): 0.01}))
    'jamtland'
    """
    if token.isupper() or len(token) < 2 or token[1:].islower():  # no inner capital (most words): at C speed
        return token.lower()
    return token[0].lower() + "".join(c if c.isupper() and c in channel.by_ocr else c.lower() for c in token[1:])


def variants(obs: str, channel: Channel, letters_may_change: bool,
             steps_memo: dict[tuple[str, bool], _Steps] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Folded keys the OCR'd `obs` could stand for, each with the OCR segment behind each letter,
    the likeliest first (at most MAX_VARIANTS): a long word with many letters OCR may have misread
    has more readings than are tried, and the first ones are those the channel finds likeliest
    ("forsdéksperiod": the 'dé' for ö near the start is no longer left out).

    In a clean document (`letters_may_change` False) only digits and symbols are read as letters.
    `steps_memo` remembers the ways to read on from each few letters (they depend on nothing
    else), for the next word that has them.

    >>> from protokoll.normalize.channel import channel_of
    >>> [key for key, _ in variants("fdr", channel_of({("ö", "d"): 0.01, ("ä", "d"): 0.001}), True)]
    ['fdr', 'for', 'far']
    """
    memo = {} if steps_memo is None else steps_memo
    steps = []
    for i in range(len(obs)):
        window = (obs[i:i + channel.max_seg], letters_may_change)
        here = memo.get(window)
        if here is None:
            here = memo[window] = _Steps.of(_steps(window[0], channel, letters_may_change))
        steps.append(here)
    end = len(obs)
    results: list[tuple[str, tuple[str, ...]]] = []
    heap = [(0.0, 0, 0, "", ())]  # (minus log10 P so far, minus position, tie-break, key, segments)
    order = 1
    while heap and len(results) < MAX_VARIANTS:
        cost, position, _, key, segs = heapq.heappop(heap)
        i = -position
        while i < end:
            here = steps[i]
            if here.free is not None:
                order += 1  # its place in the order of pushes, though it is read on at once
            for step_cost, seg, letter in here.others:
                heapq.heappush(heap, (cost - step_cost, -(i + len(seg)), order, key + letter, segs + (seg,)))
                order += 1
            if here.free is None:
                break
            # The letter as written, at no cost, one letter on: before everything in the heap (nothing
            # there costs less, and of what costs as much, nothing has read as far), so it is read on
            # here instead of pushed and popped at once, as the search did letter by letter.
            key, segs, i = key + here.free[2], segs + (here.free[1],), i + 1
        else:
            results.append((key, segs))
    return results


class _Steps(NamedTuple):
    """The ways to read on from a few letters (_steps): the letter as written, if it costs nothing
    and is read on before the others (None if not), and the others, in order."""

    free: tuple[float, str, str] | None
    others: list[tuple[float, str, str]]

    @classmethod
    def of(cls, steps: list[tuple[float, str, str]]) -> _Steps:
        # Another way at no cost of a longer segment would be read first: then none is free.
        if steps and steps[0][0] == 0.0 and len(steps[0][1]) == 1 and all(cost < 0.0 for cost, _, _ in steps[1:]):
            return cls(steps[0], steps[1:])
        return cls(None, steps)


def _steps(window: str, channel: Channel, letters_may_change: bool) -> list[tuple[float, str, str]]:
    """The ways to read on from the start of `window` (the next channel.max_seg letters of a word,
    or fewer at its end): (log10 P, OCR segment, folded letter), one per segment length and folded
    letter, the letter as written first."""
    steps, tried = [], set()
    if window[0].isalpha() and not window[0].isupper():
        tried.add((1, fold(window[0])))
        steps.append((0.0, window[0], fold(window[0])))
    for length in range(1, channel.max_seg + 1):
        seg = window[:length]
        if len(seg) < length or (not letters_may_change and seg.isalpha() and seg.islower()):
            continue
        if seg not in channel.by_ocr and not seg.isupper():
            seg = seg.lower()  # "mAangariga": the capital of an "aa" read for å is still that "aa"
        best: dict[str, float] = {}
        for true, log_p in channel.by_ocr.get(seg, ()):
            if (length, fold(true)) not in tried:
                best[fold(true)] = max(best.get(fold(true), -99.0), log_p)
        for letter, log_p in best.items():
            tried.add((length, letter))
            steps.append((log_p, seg, letter))
    return steps


def deletion_variants(obs: str, channel: Channel, known: Container[str] | None = None,
                      dropped: list[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Keys with one letter OCR dropped ("tv" for "två"), for letters the table has seen dropped
    (`dropped`: dropped_letters(channel), if known); only those in `known` if given (the segments
    are built only for them).

    >>> from protokoll.normalize.channel import channel_of
    >>> [key for key, _ in deletion_variants("tv", channel_of({("å", ""): 0.01}))]
    ['atv', 'tav', 'tva']
    >>> deletion_variants("tv", channel_of({("å", ""): 0.01}), {"tva"})
    [('tva', ('t', 'v', ''))]
    """
    if dropped is None:
        dropped = dropped_letters(channel)
    if not obs.isalpha() or not dropped:
        return []
    key, segs = fold(obs), tuple(obs)
    cuts = [(key[:i], key[i:], i) for i in range(len(key) + 1)]
    if known is None:
        spelled = [(head + letter + tail, i) for head, tail, i in cuts for letter in dropped]
    else:  # one comprehension, the segments built only for the few spellings that are keys
        spelled = [(spelling, i) for head, tail, i in cuts for letter in dropped if (spelling := head + letter + tail) in known]
    return [(spelling, segs[:i] + ("",) + segs[i:]) for spelling, i in spelled]


def dropped_letters(channel: Channel) -> list[str]:
    """The folded letters the table has seen OCR drop, in order.

    >>> from protokoll.normalize.channel import channel_of
    >>> dropped_letters(channel_of({("å", ""): 0.01, ("ö", ""): 0.01, ("ä", "a"): 0.9}))
    ['a', 'o']
    """
    return sorted({fold(true) for true, _ in channel.by_ocr.get("", ())})


def is_plain(obs: str) -> bool:
    """Only small letters, no 'é' (Tesseract's favourite misreading of ö): could be a real word.

    >>> is_plain("lovbom"), is_plain("halkbekémpning"), is_plain("behGver"), is_plain("f4")
    (True, False, False, False)
    """
    return obs.isalpha() and obs.islower() and "é" not in obs


def channel_cost(word: str, segs: tuple[str, ...], channel: Channel) -> float | None:
    """The sum of channel.log_p(letter, segment) over the letters of `word`; None if OCR never
    writes one of them so. Asked for every word a key finds: the letters read as written (most)
    cost nothing and are passed over without a call (tests/test_normalize_search_shortcuts.py
    holds it to Channel.log_p).

    >>> from protokoll.normalize.channel import channel_of
    >>> channel = channel_of({("ö", "6"): 0.1})
    >>> channel_cost("för", ("f", "6", "r"), channel), channel_cost("för", ("f", "x", "r"), channel)
    (-1.0, None)
    """
    total = 0.0
    cost = channel.cost
    for letter, seg in zip(word, segs):
        if letter != seg:
            step = cost.get((letter, seg))
            if step is None:
                return None
            total += step
    return total


class WordModel:
    """Ranks the candidates for one OCR'd word; results are cached per observed form."""

    def __init__(self, lexicon: Lexicon, channel: Channel, pair_logp: Callable[[str, str], float | None] | None = None):
        self.lexicon = lexicon
        self.channel = channel
        self.pair_logp = pair_logp  # how common a word pair is in the real corpus (context.pair_logp)
        self.real_scan_channel = multi_error.real_scan_channel(channel)
        self.real_scan_marks = multi_error.real_scan_channel(channel, marked_only=True)  # for short words
        self.candidates = lru_cache(maxsize=200_000)(self._candidates)
        # Two OCR'd words joined where OCR read a space (slots._broken_word), read without the
        # search for several damaged letters (see _candidates).
        self.split_candidates = lru_cache(maxsize=SPLIT_MEMO)(partial(self._candidates, legacy=True, split=True))
        # Readings of a listed word as written that are withheld from its candidates (a short word
        # with a dropped letter, "Fr" for För; the multi-error search's, "viagra" for vägra) and
        # that only strong evidence of the real corpus's word pairs may choose (in_context.py), or,
        # for a dropped letter likelier than the word itself, the page outside an abbreviation (slots.py).
        self.withheld: dict[str, tuple[Candidate, ...]] = {}
        self._steps_memo: dict[tuple[str, bool], _Steps] = {}  # see variants()
        self._real_scan_steps_memo: dict[tuple[str, bool], _Steps] = {}  # the same, for the real-scan channel
        self._dropped = dropped_letters(channel)  # the channels do not change
        self._real_scan_dropped = dropped_letters(self.real_scan_channel)
        self._multi_steps_memo: dict = {}  # multi_error.steps_at()'s, for the real-scan channel
        self._key_starts: dict[str, bool] = {}  # multi_error.spellings()'s: does a known key start so?

    def _candidates(self, obs: str, legacy: bool, split: bool = False) -> tuple[Candidate, ...]:
        """All plausible readings of `obs`, best first; the first is the decision without context.

        `split`: `obs` is two words of a legacy page joined where OCR read a space, to see whether
        they are one typed word OCR split at a letter gap (slots._broken_word). Such a pair is read
        as a listed word or a compound of two parts (a join takes no other), without the multi-error
        search, a fuzzy guess, two words run together or three parts: a reading that changes
        several letters across two words, or one letter anywhere in them, is weak evidence that
        they are one ("forhandla rned" is no "förhandlar+ned", "arbeta rned" no "arbetarna"), and
        most pairs tried are two words, each damaged or not, that read as nothing together, for
        which those searches are the dearest part of the reading."""
        found: dict[str, Candidate] = {}
        keys = variants(obs, self.channel, legacy, self._steps_memo)
        splits: dict[str, list[int]] = {}  # key -> where a word may end in it: asked by several searches
        self._look_up(found, obs, keys, "confusion")
        if legacy:
            for word, cost in self.channel.words.get(obs, ()):
                self._keep(found, Candidate(word, self.lexicon.logp.get(word, UNKNOWN_LOGP) + cost, "learned misreading"))
        if legacy and len(obs) <= REAL_SCAN_SHORT and obs.isalpha():
            # Real scans read å/ä/ö as letters our own scans never showed ("fir" för, "mite" möte):
            # in a short word those readings stand beside the learned ones, for context to weigh.
            deep = self.real_scan_marks
            more: dict[str, Candidate] = {}
            self._look_up(more, obs, variants(obs, deep, True, self._real_scan_steps_memo), "real-scan reading", deep)
            for word, candidate in more.items():
                if word not in found:
                    found[word] = candidate
        withheld: dict[str, Candidate] = {}
        if legacy and len(obs) >= 2 and (obs not in found or found[obs].score < DELETION_MAX_LOGP):
            self._look_up(found, obs, deletion_variants(obs, self.channel, self.lexicon.by_key, self._dropped), "dropped letter")
        elif legacy and len(obs) <= WITHHELD_DROPPED_MAX and obs.isalpha():
            deep = self.real_scan_channel  # real scans drop an ö more often than our own did ("Fr")
            self._look_up(withheld, obs, deletion_variants(obs, deep, self.lexicon.by_key, self._real_scan_dropped),
                          "dropped letter", deep)
        if legacy and not split and obs.isalpha() and len(obs) >= 3 and (obs not in found or found[obs].score < SPACE_LOST_MAX_LOGP):
            self._keep(found, self._run_together(keys, splits))
        if legacy and not found:
            self._look_up_forms(found, keys)
        if obs not in found:
            whole_word_found = bool(found)
            self._keep(found, Candidate(obs, UNKNOWN_LOGP if is_plain(obs) else JUNK_LOGP, "unknown"))
            if legacy and len(obs) >= (7 if is_plain(obs) else 5) and not whole_word_found:
                self._keep(found, self._compound(keys, splits, 1 if split else 2))
            if legacy and len(obs) >= 6 and obs.endswith("s") and not whole_word_found:
                self._keep(found, self._genitive(keys))
            if legacy and not split and len(found) == 1 and found[obs].reason == "unknown" and len(obs) >= 5:
                self._keep(found, self._fuzzy(keys))
        as_written = found.get(obs)
        best = max(found.values(), key=lambda c: c.score) if found else None
        if legacy and len(obs) >= multi_error.MIN_LENGTH and as_written and as_written.score < multi_error.RARE_LOGP \
                and (best is as_written or (best.reason.startswith(("compound", "fuzzy")) and best.score < multi_error.RARE_LOGP)):
            # Nothing the cheap path found beats the word as written, which is rare or in no list
            # (wordfreq lists OCR junk too: "ftir", "tir"), but a rare compound or a fuzzy guess
            # ("uppgay" uppgår, for uppgav): it may be damaged in several letters.
            # The longer it is, the less likely it is right as written.
            bonus = multi_error.LENGTH_BONUS * max(0, len(obs) - multi_error.LONG)
            known = as_written.reason != "unknown"  # a listed word or dictionary form: only a far likelier word
            # Compounds only where nothing read the word: one the cheap path found ("behovs+beskrivningar")
            # is not outvoted by another that changes letters ("behövs+beskrivningar").
            cheap = [c for c in found.values() if c is not as_written] if not known else []
            deep = [] if split else self._multi_error(obs, compounds=not known and best is as_written)
            for candidate in cheap + deep:
                score = candidate.score + multi_error.length_bonus(bonus, candidate.reason)
                if not known or score > as_written.score + multi_error.KNOWN_MARGIN:
                    self._keep(found, Candidate(candidate.word, score, candidate.reason))
                elif " " not in candidate.word and "compound" not in candidate.reason:
                    self._keep(withheld, Candidate(candidate.word, score, candidate.reason))
        ranked = sorted(found.values(), key=lambda c: -c.score)
        withheld.pop(obs, None)
        if withheld and ranked[0].word == obs:
            self.withheld[obs] = tuple(sorted((c for w, c in withheld.items() if w not in found), key=lambda c: -c.score))
        # The word as written always stays a candidate: explain() scores a change against it.
        return tuple(c for c in ranked if c.score > ranked[0].score - 4.0 or c.word == obs)

    def _look_up(self, found: dict[str, Candidate], obs: str, keys: list[tuple[str, tuple[str, ...]]], reason: str,
                 channel: Channel | None = None) -> None:
        """Every lexicon word spelled like one of the folded `keys`, scored by prior and `channel`
        (the learned one if not given)."""
        channel = channel or self.channel
        for key, segs in keys:
            for word in self.lexicon.by_key.get(key, ()):
                cost = channel_cost(word, segs, channel)
                if cost is not None:
                    self._keep(found, Candidate(word, self.lexicon.logp[word] + cost, "lexicon" if word == obs else reason))

    def _look_up_forms(self, found: dict[str, Candidate], keys: list[tuple[str, tuple[str, ...]]]) -> None:
        """The dictionary's forms spelled like one of the `keys`: asked only where no listed word
        is, since a form (no frequency known) would hardly ever beat one."""
        for key, segs in keys:
            for form in self.lexicon.forms_for(key):
                word = form.decode()
                cost = channel_cost(word, segs, self.channel)
                if cost is not None:
                    self._keep(found, Candidate(word, FORM_LOGP + cost, "dictionary form"))

    @staticmethod
    def _keep(found: dict[str, Candidate], candidate: Candidate | None) -> None:
        if candidate and (candidate.word not in found or found[candidate.word].score < candidate.score):
            found[candidate.word] = candidate

    def _best_word(self, key: str, segs: tuple[str, ...], min_logp: float, start: int = 0) -> tuple[str, float] | None:
        """The likeliest word spelled `key` (at least `min_logp`) that the OCR segments
        `segs[start:start + len(key)]` allow, with its score. Most keys tried as parts are no word:
        the segments are sliced only for one that is."""
        words = self.lexicon.by_key.get(key)
        if not words or self.lexicon.logp[words[0]] < min_logp:
            return None
        segs = segs[start:start + len(key)]
        best = None
        for word in words:
            logp = self.lexicon.logp[word]
            if logp < min_logp:
                break  # by_key is sorted by probability
            cost = channel_cost(word, segs, self.channel)
            if cost is not None and (best is None or logp + cost > best[1]):
                best = (word, logp + cost)
        return best

    def _split(self, key: str, segs: tuple[str, ...], depth: int, splits: dict[str, list[int]]) -> tuple[list[str], float] | None:
        """The best reading of `key` as known parts (a Swedish compound), or None. Parts have three
        letters or more (heden+bro+vägen), the last part four (not sköterskor+nås)."""
        best = None
        ends = set(self._split_points(key, splits))  # where a first part may end
        by_key = self.lexicon.by_key
        for i in range(3, len(key) - 2):
            if i not in ends and not (key[i - 1] == "s" and i - 1 in ends) and key[:i] + "e" not in by_key:
                continue  # no first part ends here, with or without a linking s or a dropped e
            # The last part first: where none is and no two parts fit, the first part need not be sought.
            right = self._best_word(key[i:], segs, COMPOUND_PART_MIN_LOGP, i) if len(key) - i >= COMPOUND_HEAD_MIN else None
            if right is None and key[-1] == "s" and len(key) - i > COMPOUND_HEAD_MIN:  # a genitive s: distrikts+sköterskorna+s
                inner = self._best_word(key[i:-1], segs, COMPOUND_PART_MIN_LOGP, i)
                right = (inner[0] + "s", inner[1]) if inner else None
            if right is None and (depth == 1 or len(key) - i < 8):
                continue
            left = self._best_word(key[:i], segs, COMPOUND_PART_MIN_LOGP)
            if left is None and key[i - 1] == "s":  # the linking s: samverkan+s+frågor
                inner = self._best_word(key[: i - 1], segs, COMPOUND_PART_MIN_LOGP)
                left = (inner[0] + "s", inner[1]) if inner else None
            if left is None and key[:i] + "e" in self.lexicon.by_key:  # a final e dropped before the next part: deltagar(e)+tillfälle
                inner = self._best_word(key[:i] + "e", segs[:i] + ("e",), COMPOUND_PART_MIN_LOGP)
                left = (inner[0][:-1], inner[1]) if inner else None
            if left is None:
                continue
            parts = ([right[0]], right[1]) if right else None
            if parts is None and depth > 1 and len(key) - i >= 8:
                parts = self._split(key[i:], segs[i:], depth - 1, splits)
            if parts and (best is None or left[1] + parts[1] + COMPOUND_PART_COST > best[1]):
                best = ([left[0], *parts[0]], left[1] + parts[1] + COMPOUND_PART_COST)
        return best

    def _compound(self, keys: list[tuple[str, tuple[str, ...]]], splits: dict[str, list[int]], depth: int = 2) -> Candidate | None:
        """The best split into known parts. It scores COMPOUND_LOGP (the parts' own frequencies say
        little about the compound's) plus what its letters cost in the channel, as a single word
        pays: "infordra" is no info+röra, whose ö OCR would seldom write as d."""
        best, best_segs = None, ()
        for key, segs in keys[:16]:
            split = self._split(key, segs, depth, splits)
            if split and (best is None or split[1] > best[1]):
                best, best_segs = split, segs
        if best is None:
            return None
        word = "".join(best[0])
        return Candidate(word, COMPOUND_LOGP + (channel_cost(word, best_segs, self.channel) or 0.0), "compound " + "+".join(best[0]))

    def _genitive(self, keys: list[tuple[str, tuple[str, ...]]]) -> Candidate | None:
        """A known word with a genitive s ("pandemins", "motionärens"): wordfreq lists few
        genitives of rarer words, and without this the s would be read as a misreading."""
        best = None
        for key, segs in keys[:16]:
            if key.endswith("s"):
                stem = self._best_word(key[:-1], segs, COMPOUND_PART_MIN_LOGP)
                if stem and (best is None or stem[1] > best[1]):
                    best = stem
        return Candidate(best[0] + "s", best[1] + GENITIVE_COST, "genitive s") if best else None

    def _run_together(self, keys: list[tuple[str, tuple[str, ...]]], splits: dict[str, list[int]]) -> Candidate | None:
        """Two very common words OCR wrote without the space between them ("ien" for "i en");
        `splits` remembers where each key may split (_split_points)."""
        best = None
        for key, segs in keys[:4]:
            for i in self._right_part_starts(key, SPACE_LOST_PART_MIN_LOGP, splits):
                right = self._best_word(key[i:], segs, SPACE_LOST_PART_MIN_LOGP, i)
                left = right and self._best_word(key[:i], segs, SPACE_LOST_PART_MIN_LOGP)
                if left and (best is None or left[1] + right[1] > best[1]):
                    best = (f"{left[0]} {right[0]}", left[1] + right[1])
        if best is None and self.pair_logp is not None:
            best = self._run_together_pair(keys, splits)
        return Candidate(best[0], best[1] + SPACE_LOST_COST, "space lost") if best else None

    def _split_points(self, key: str, splits: dict[str, list[int]]) -> list[int]:
        """Where `key` may split into a word and the rest: after a beginning that is a key
        (remembered in `splits`: the searches for run-together words and compounds both ask)."""
        lengths = splits.get(key)
        if lengths is None:
            lengths = splits[key] = [i for i in self.lexicon.prefix_lengths(key) if i < len(key)]
        return lengths

    def _right_part_starts(self, key: str, min_logp: float, splits: dict[str, list[int]]) -> list[int]:
        """The `_split_points` of `key` (remembered in `splits`) where the rest is the key of a
        word at least `min_logp`: the only places where a split can give two such words. Most
        rests are no key at all; this asks the table without slicing the segments for them."""
        by_key, logp = self.lexicon.by_key, self.lexicon.logp
        return [i for i in self._split_points(key, splits) if (words := by_key.get(key[i:])) and logp[words[0]] >= min_logp]

    def _run_together_pair(self, keys: list[tuple[str, tuple[str, ...]]],
                           splits: dict[str, list[int]]) -> tuple[str, float] | None:
        """Two words OCR ran together that the real corpus writes together ("endasom": enda som,
        "räknatmed"), scored by how common the pair is (and what the channel costs)."""
        best = None
        for key, segs in keys[:16]:
            for i in self._right_part_starts(key, SPACE_LOST_OTHER_MIN_LOGP, splits):
                right = self._best_word(key[i:], segs, SPACE_LOST_OTHER_MIN_LOGP, i)
                left = right and self._best_word(key[:i], segs, SPACE_LOST_OTHER_MIN_LOGP)
                if not left:
                    continue
                pair = self.pair_logp(left[0], right[0])
                if pair is None:
                    continue
                cost = left[1] - self.lexicon.logp[left[0]] + right[1] - self.lexicon.logp[right[0]]  # the channel's
                if best is None or pair + cost > best[1]:
                    best = (f"{left[0]} {right[0]}", pair + cost)
        return best

    def _multi_error(self, obs: str, compounds: bool) -> list[Candidate]:
        """Words (and `compounds`) that `obs` could be with several letters misread (multi_error.py),
        scored as the cheap path scores them, with the channel of real scans."""
        channel = self.real_scan_channel
        candidates = []
        for memo in (self._multi_steps_memo, self._key_starts):
            if len(memo) > MAX_STEPS_MEMO:
                memo.clear()
        for spelling in multi_error.spellings(obs, channel, self.lexicon, self._multi_steps_memo, self._key_starts):
            if len(spelling.parts) == 1:
                key, segs = spelling.parts[0], spelling.segs[0]
                scored = [(word, self.lexicon.logp[word]) for word in self.lexicon.by_key.get(key, ())]
                scored += [(form.decode(), FORM_LOGP) for form in self.lexicon.forms_for(key)]
                for word, logp in scored:
                    cost = channel_cost(word, segs, channel)
                    if cost is not None:
                        candidates.append(Candidate(word, logp + cost, "multi-error"))
                continue
            if not compounds:
                continue
            parts = [self._part(key, segs, channel) for key, segs in zip(spelling.parts, spelling.segs)]
            if None in parts or (len(spelling.parts[-1]) < multi_error.LAST_PART_MIN
                                 and parts[-1][1] < multi_error.SHORT_LAST_PART_LOGP):
                continue
            words = [part for part, _ in parts]
            word = "".join(words)
            cost = channel_cost(word, tuple(seg for segs in spelling.segs for seg in segs), channel)
            if cost is not None:
                # A rare part is likelier OCR junk than a part of the word ("hyres+gist+information").
                rare = sum(min(0.0, logp - multi_error.PART_COMMON_LOGP) for _, logp in parts)
                score = COMPOUND_LOGP + cost + COMPOUND_PART_COST * (len(words) - 2) + rare
                candidates.append(Candidate(word, score, "multi-error compound " + "+".join(words)))
        return candidates

    def _part(self, key: str, segs: tuple[str, ...], channel: Channel) -> tuple[str, float] | None:
        """The likeliest listed word (at least zipf 1.5) spelled `key` that the segments allow,
        or with a linking s, that word and s; with its log10 probability."""
        for stem, tail in ((key, ""), (key[:-1], "s") if key.endswith("s") else (None, "")):
            if stem is None:
                continue
            for word in self.lexicon.by_key.get(stem, ()):
                if self.lexicon.logp[word] < COMPOUND_PART_MIN_LOGP:
                    break
                if channel_cost(word + tail, segs, channel) is not None:
                    return word + tail, self.lexicon.logp[word]
        return None

    def _fuzzy(self, keys: list[tuple[str, tuple[str, ...]]]) -> Candidate | None:
        """One letter inserted, dropped or misread by OCR ("frgor" for "frågor", "awvikelse"):
        the common words one letter away from one of the likeliest keys (near_keys.py)."""
        best = None
        for key, _ in keys[:4]:
            for near in self.lexicon.near.one_letter_away(key):
                word = self.lexicon.by_key[near][0]
                score = self.lexicon.logp[word] + FUZZY_COST
                if best is None or score > best.score:
                    best = Candidate(word, score, "fuzzy")
        return best
