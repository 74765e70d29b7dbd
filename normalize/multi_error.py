"""Candidates for long words with several damaged letters ("jiirnviigsnit", "ersittningsberiittigade").

The word model's cheap path (words.py) tries the likeliest 64 folded spellings of a word. A real
scan damages a long word in several places, each in one of several ways (this typeface writes ä
as "ii", "ti", "i" or "d"), and the spelling that is a word is seldom among those 64. Here the
readings are searched best first, letter by letter, and a spelling is followed only while it is
the start of some known word's folded key (a marisa-trie of every key of the lexicon and of the
dictionary's forms), so the search never leaves the words that exist. A key may end a part and
start the next (a compound: järnvägs+nätet, with the linking s), at a cost per part.

It runs only for words the cheap path could not read as a known word, in legacy text: the
search costs a few milliseconds a word, and the readings of each distinct word are remembered.
The channel is the learned one with the readings seen on real scans added as a prior
(`REAL_SCAN_READINGS`): our own synthetic scans never showed them.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

from protokoll.normalize.channel import Channel, channel_of

if TYPE_CHECKING:
    from protokoll.normalize.lexicon import Lexicon

# What Tesseract without Swedish wrote for å/ä/ö on the real dev scans (a 1970s print face,
# newspaper type, a printed annual report), beyond the learned table: "jiirnviigsnit", "ftir",
# "hyresgdst", "begidran", "Liagenhetsfordelning", "medlemslaigenheter", "stiaimde"; a capital
# for ö opening a word ("Gver", and in newspaper type "Svertalat": övertalat); "&a" for å
# ("&aterremitterar"); and plain letters of worn newspaper type
# read as others ("busen" husen, "syek" svek, "ait" att, "oct" och). Typewritten ö read as 8 or s
# and å as 8 ("Ordf8rande", "OrdfSrande", "f8tt": a struck ö whose dots merge with its ring); s
# only after an f (AFTER_LETTER: för-, the commonest ö of minutes), for s is so common a letter
# that the search branched at every one.
REAL_SCAN_READINGS = {
    "ä": ["ii", "ti", "i", "d", "id", "ad", "di", "ia", "ai", "da", "ié", "iai"],
    "å": ["ii", "ti", "i", "d", "id", "ad", "di", "h", "ia", "ai", "da", "ié", "iai", "8", "&a"],
    "ö": ["ti", "i", "d", "ii", "di", "éd", "6", "é", "G", "", "8", "s", "S"],  # "": dropped after a capital, "Fr" (För)
    "l": ["i", "!"],  # "behandiade", "tiliträdet"; "skal!" (slots.py keeps a glued "!" in the word)
    "h": ["b", "t"],  # "busen", "bandlande"; "oct"
    "v": ["y"],  # "syek", "ay"
    "t": ["i"],  # "ait"
    "e": ["é", "eé"],  # "Hyrésgiistféreningen", "meédlingen": a speck on an e
}
# Plain letters of worn type read as others: one such misreading a word is what the scans showed,
# and allowing more let the search branch at nearly every letter (twice the time, nothing found).
PLAIN_LETTERS = frozenset("hvte")
# t read as i and h as t were seen in short words ("ait" att, "oct" och); t and i are so common
# that in a long word they let the search branch at every few letters, for nothing found.
SHORT_WORD_READINGS = frozenset({("t", "i"), ("h", "t")})
AFTER_LETTER = {("ö", "s"): "f"}  # readings tried only after this letter
AFTER_LETTER_OCR = frozenset(ocr for _, ocr in AFTER_LETTER)  # asked first: the inner loop of every search
SHORT_WORD = 4
MAX_PLAIN = 1
REAL_SCAN_P = 0.03  # each such reading, where the learned table does not hold it likelier
MIN_LENGTH = 3  # letters of a word searched: shorter ones have too many readings that are words
MAX_POPS = 1500  # search states taken from the heap for one word: bounds the time on junk
MAX_RESULTS = 24  # complete spellings collected before scoring
MAX_COST = -12.0  # log10 P of the readings: spellings less likely than this are not followed
RARE_LOGP = -6.5  # searched only where the word as written scores below this (log10, channel included)
COMPOUND_BONUS_SHARE = 0.5  # of that gain for a compound: a flat prior already lifts it above a word in no list
KNOWN_MARGIN = 2.0  # log10: a word as written that a list or the dictionary knows yields only to a word 100 times likelier
LONG = 6  # letters of a long word:
LENGTH_BONUS = 0.3  # log10 per letter beyond LONG: a long word in no list is seldom right as OCR wrote it
PART_COMMON_LOGP = -6.0  # a compound pays for each part rarer than zipf 3, by how much rarer
PART_MIN = 3  # letters of a compound's part
LAST_PART_MIN = 4  # letters OCR wrote for a compound's last part: "nås" and "öks" end names, not compounds,
LONG_HEAD = 9  # ... except after a part this long ("överlåtelse+dag"): names seldom are, and
SHORT_LAST_PART_LOGP = -4.0  # then a common word (zipf 5: dag, tid, hus; no "genomföra+nåd")
MAX_PARTS = 2  # three-part readings of a damaged word were more often wrong ("vrå+kåt+dagen" for a name) ...
LONG_MAX_PARTS = 3  # ... except in a long word ("fullvärdes+för+säkrad")
LONG_PARTS_MIN = 16  # letters of such a long word
LONG_PART_MIN = 4  # letters of each of its three parts ("ansvar+sfr+säkring" is junk)
PART_COST = -1.5  # log10, each part after the first: one word explains a word better than two


@dataclass(frozen=True)
class Spelling:
    """A folded spelling of an OCR'd word that is made of known keys."""

    parts: tuple[str, ...]  # folded keys, one per part (a linking s belongs to the part before)
    segs: tuple[tuple[str, ...], ...]  # per part, the OCR segment behind each letter
    cost: float  # log10 P of the readings (channel, by folded class) and the parts


def length_bonus(bonus: float, reason: str) -> float:
    """The lift of a reading of a long word in no list (LENGTH_BONUS per letter beyond LONG, in
    `bonus`): in full for a single word, COMPOUND_BONUS_SHARE of it for a compound.

    >>> length_bonus(3.0, "multi-error"), length_bonus(3.0, "multi-error compound full+värdes+försäkrad")
    (3.0, 1.5)
    """
    return bonus * COMPOUND_BONUS_SHARE if "compound" in reason else bonus


def real_scan_channel(channel: Channel, marked_only: bool = False) -> Channel:
    """The learned channel with the real-scan readings added (a reading the table already holds
    keeps its learned probability if that is higher); with `marked_only` only those of å/ä/ö by
    one letter that hold anywhere in a word: no plain letter read as another, no ö read as s
    after f or dropped, and no two letters read as one ("dir" is där, not d+i as ä: "är")."""
    probs = {pair: 10.0 ** log_p for pair, log_p in channel.cost.items()}
    for true, ocrs in REAL_SCAN_READINGS.items():
        if marked_only and true not in "åäö":
            continue
        for ocr in ocrs:
            if marked_only and (len(ocr) != 1 or (true, ocr) in AFTER_LETTER):
                continue
            probs[true, ocr] = max(probs.get((true, ocr), 0.0), REAL_SCAN_P)
    deep = channel_of(probs)
    deep.words = channel.words
    return deep


def steps_at(obs: str, channel: Channel, memo: dict[tuple[str, bool, bool], list] | None = None
             ) -> list[list[tuple[float, str, str, bool]]]:
    """For each position of `obs`, the ways to read on: (log10 P, OCR segment, folded letter, whether
    it reads a plain letter of PLAIN_LETTERS as another). `memo` (for this channel) remembers them
    per few letters, the letter before and whether they open the word: they depend on nothing else
    but the word's length, which it is given by (longer than SHORT_WORD or not)."""
    memo = {} if memo is None else memo
    long = len(obs) > SHORT_WORD
    steps = []
    for i in range(len(obs)):
        window = (obs[i - 1:i + channel.max_seg] if i else obs[:channel.max_seg], i == 0, long)
        here = memo.get(window)
        if here is None:
            here = memo[window] = _steps_here(obs[i:i + channel.max_seg], obs[i - 1:i], i == 0, long, channel)
        steps.append(here)
    return steps


def _steps_here(window: str, before: str, first: bool, long: bool, channel: Channel) -> list[tuple[float, str, str, bool]]:
    """The ways to read on from the start of `window` (steps_at), after the letter `before`."""
    from protokoll.normalize.lexicon import fold

    here: dict[tuple[str, str], float] = {}
    if window[0].isalpha() and not window[0].isupper():
        here[window[0], fold(window[0])] = 0.0
    for length in range(1, channel.max_seg + 1):
        seg = window[:length]
        if len(seg) < length:
            break
        if seg not in channel.by_ocr and not seg.isupper():
            seg = seg.lower()
        # The word's first letter as OCR may have written it, a capital ("Gver").
        for written in (seg, seg[0].upper() + seg[1:]) if first else (seg,):
            for true, log_p in channel.by_ocr.get(written, ()):
                if (true, written) in SHORT_WORD_READINGS and long:
                    continue
                if written in AFTER_LETTER_OCR and AFTER_LETTER.get((true, written), before) != before:
                    continue
                key = (written, fold(true))
                if log_p > here.get(key, -99.0):
                    here[key] = log_p
    return sorted(((log_p, seg, letter, letter in PLAIN_LETTERS and seg != letter) for (seg, letter), log_p in here.items()),
                  reverse=True)


def spellings(obs: str, channel: Channel, lexicon: Lexicon, steps_memo: dict | None = None,
              starts: dict[str, bool] | None = None) -> list[Spelling]:
    """The likeliest folded spellings of `obs` made of one to MAX_PARTS known keys, best first.

    >>> from protokoll.normalize.lexicon import Lexicon
    >>> import marisa_trie
    >>> lexicon = Lexicon({"järnväg": -5.0, "nätet": -5.0}, {"jarnvag": ("järnväg",), "natet": ("nätet",)}, {}, None,
    ...                   marisa_trie.Trie(["jarnvag", "natet"]))
    >>> channel = channel_of({("ä", "ii"): 0.01, ("ä", "i"): 0.01})
    >>> [s.parts for s in spellings("jiirnviigsnitet", channel, lexicon)]
    [('jarnvags', 'natet')]
    """
    keys = lexicon.keys
    if keys is None:
        return []
    steps = steps_at(obs, channel, steps_memo)
    end = len(obs)
    max_parts = LONG_MAX_PARTS if end >= LONG_PARTS_MIN else MAX_PARTS
    found: list[Spelling] = []
    # (minus cost, tie-break, position, parts done, their segs, current part's key, its segs,
    # plain letters read as others so far)
    heap: list = [(0.0, 0, 0, (), (), "", (), 0)]
    order = pops = 0
    # A state reached again (the same parts and key at the same position, read through other
    # segments: "ii" or "i"+"i") costs more than the first time and can only go the same ways.
    seen: set[tuple[int, tuple[str, ...], str, int]] = set()
    if starts is None:
        starts = {}  # does some known key start so? (asked of the trie once per spelling)
    while heap and pops < MAX_POPS and len(found) < MAX_RESULTS:
        minus_cost, _, i, parts, part_segs, key, segs, plain = heapq.heappop(heap)
        state = (i, parts, key, plain)
        if state in seen:
            continue
        seen.add(state)
        pops += 1
        if i == end:
            if key in keys and (len(parts) < MAX_PARTS or min(map(len, (*parts, key))) >= LONG_PART_MIN):
                found.append(Spelling((*parts, key), (*part_segs, segs), -minus_cost))
            continue
        if len(key) >= PART_MIN and len(parts) + 1 < max_parts and end - i >= (LAST_PART_MIN if i < LONG_HEAD else PART_MIN):
            # The part may end here, as it is or with a linking s ("järnvägs"); the next starts.
            link = key.endswith("s") and key[:-1] in keys
            if key in keys or link:
                order += 1
                heapq.heappush(heap, (minus_cost - PART_COST, order, i, (*parts, key), (*part_segs, segs), "", (), plain))
        so_far = -minus_cost
        for log_p, seg, letter, reads_plain in steps[i]:
            cost = so_far + log_p
            if cost < MAX_COST:
                break  # the steps are sorted, likeliest first
            misread_plain = plain + reads_plain
            if misread_plain > MAX_PLAIN:
                continue
            longer = key + letter
            known = starts.get(longer)
            if known is None:
                known = starts[longer] = next(keys.iterkeys(longer), None) is not None or (
                    longer.endswith("s") and len(longer) > PART_MIN and longer[:-1] in keys)
            if not known:
                continue
            order += 1
            heapq.heappush(heap, (-cost, order, i + len(seg), parts, part_segs, longer, (*segs, seg), misread_plain))
    return found
