"""Word-bigram context: decides between real words OCR made alike (är/år, här/har, stöd/stod).

Counts come from clean Swedish (data/normalize/bigrams.tsv and learned_lexicon.tsv, learned by
normalize/learn.py; `extend()` adds an archive's clean documents). The score a neighbour adds is
how often the pair was seen against how often chance would put the words together,
log10 (seen + a) / (expected + a): a pair seen in clean text lifts a word, and an unseen pair is
neutral (about 0), because a small corpus not holding "har behov" is no evidence against it.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from protokoll.normalize.learn import COMMA, END, NUMBERS, START
from protokoll.normalize.lexicon import LEARNED_PATH, NORMALIZE_DATA, read_learned
from protokoll.normalize.word_counts import PairCounts

BIGRAMS_PATH = NORMALIZE_DATA / "bigrams.tsv"
DOMAIN_MIX = 0.3  # weight of the general lexicon against the minutes' own word counts
SMOOTHING = 0.5  # pseudo-count: one sighting of a pair lifts it by log10 3
PAIR_MIN_SEEN = 3  # a pair of words the corpus saw fewer times says nothing as a pair
CORPUS_WEIGHT = 0.4  # the real corpus's lift of a pair (word_counts.py), beside the minutes' own


@dataclass
class ContextModel:
    unigrams: Counter = field(default_factory=Counter)
    bigrams: Counter = field(default_factory=Counter)
    lowercase: Counter = field(default_factory=Counter)  # occurrences in small letters (names excluded)
    _total: int | None = None
    _shifts: dict = field(default_factory=dict)  # memo of domain_shift (the lexicon's logp of a word is fixed)
    corpus: PairCounts | None = None  # the real corpus counts, when present: pairs the minutes never showed
    lifts: dict = field(init=False, repr=False, compare=False)  # (first, second) -> lift, see _Lifts
    # (neighbours, word as written, choice, readings) -> the real corpus's choice (in_context.corpus_choice)
    corpus_choices: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lifts = _Lifts(self)

    def boost(self, left: str | None, word: str, right: str | None) -> float:
        """log10 of how much the neighbours favour `word` (0: no evidence either way).

        >>> model = ContextModel(Counter({"ge": 2, "stöd": 1, "stod": 1, "till": 3}), Counter({("ge", "stöd"): 1}))
        >>> model.boost("ge", "stöd", "till") > model.boost("ge", "stod", "till")
        True
        """
        total = 0.0
        if left is not None:
            total += self.lift(left, word)
        if right is not None:
            total += self.lift(word, right)
        return total

    def domain_shift(self, word: str, logp: float | None) -> float:
        """log10 of how much likelier `word` is in minutes than on the web: the lexicon's
        probability (wordfreq's, log10 `logp`) mixed with the word's share of the clean minutes.
        Only occurrences in small letters count, so a name seen in the minutes (Pär) does not
        outweigh a common word (par).

        >>> model = ContextModel(Counter({"år": 30, "är": 20}), lowercase=Counter({"år": 30, "är": 20}))
        >>> model.domain_shift("år", -3.7) > model.domain_shift("är", -2.5) > model.domain_shift("par", -3.6)
        True
        """
        shift = self._shifts.get(word)
        if shift is None:
            count = self.lowercase.get(word, 0)
            if logp is None or count == 0:
                shift = math.log10(DOMAIN_MIX)
            else:
                shift = math.log10(DOMAIN_MIX + (1 - DOMAIN_MIX) * count / self.total / 10.0 ** logp)
            self._shifts[word] = shift
        return shift

    def lift(self, first: str, second: str) -> float:
        """How much the pair (first, second) lifts each word, log10 (module docstring); memoised."""
        return self.lifts[first, second]

    def _lift(self, first: str, second: str) -> float:
        """log10 of how much likelier the pair is than chance puts it (memoised in `lifts`)."""
        seen = self.bigrams.get((first, second), 0)
        expected = self.unigrams.get(first, 0) * self.unigrams.get(second, 0) / self.total
        lift = math.log10((seen + SMOOTHING) / (expected + SMOOTHING))
        corpus = self.corpus
        if corpus is not None:
            lift += CORPUS_WEIGHT * self.corpus_lift(first, second)
        return lift

    def corpus_lift(self, first: str, second: str) -> float:
        """log10 of how much likelier the real corpus (word_counts.py) makes the pair than chance."""
        corpus = self.corpus
        expected = corpus.count(first) * corpus.count(second) / corpus.total
        return math.log10((corpus.pair(first, second) + SMOOTHING) / (expected + SMOOTHING))

    def pair_logp(self, first: str, second: str) -> float | None:
        """log10 of the share of the real corpus's word pairs that are (first, second); None for a
        pair seen fewer than PAIR_MIN_SEEN times, or without the corpus.

        >>> model = ContextModel(corpus=PairCounts.of({"enda": 5, "som": 9}, {("enda", "som"): 3}))
        >>> round(model.pair_logp("enda", "som"), 2), model.pair_logp("som", "enda"), ContextModel().pair_logp("enda", "som")
        (-0.67, None, None)
        """
        corpus = self.corpus
        seen = corpus.pair(first, second) if corpus is not None else 0
        return math.log10(seen / corpus.total) if seen >= PAIR_MIN_SEEN else None

    @property
    def total(self) -> int:
        if self._total is None:
            self._total = max(1, sum(self.unigrams.values()))
        return self._total

    def copy(self) -> ContextModel:
        """A model with the same counts, to `add` to while this one stays as it is."""
        return ContextModel(Counter(self.unigrams), Counter(self.bigrams), Counter(self.lowercase), corpus=self.corpus)

    def add(self, unigrams: Counter, bigrams: Counter, lowercase: Counter) -> None:
        """Add counts; numbers and sentence boundaries, counted only in pairs, get unigram counts here."""
        self.unigrams.update(unigrams)
        self.lowercase.update(lowercase)
        self.bigrams.update(bigrams)
        for (left, right), count in bigrams.items():
            if left in NUMBERS or left == START:
                self.unigrams[left] += count
            if right in (END, COMMA):
                self.unigrams[right] += count
        self._total = None
        self.lifts.clear()
        self._shifts.clear()
        self.corpus_choices.clear()


class _Lifts(dict):
    """(first word, second word) -> ContextModel._lift, each worked out on first use. Viterbi asks
    for tens of thousands of lifts a page set, nearly all seen before: subscripting this dict
    answers them without a Python call (a memo inside a method cost a call each)."""

    def __init__(self, model: ContextModel):
        super().__init__()
        self.model = model

    def __missing__(self, pair: tuple[str, str]) -> float:
        lift = self[pair] = self.model._lift(*pair)
        return lift


def load(bigram_path: Path = BIGRAMS_PATH, lexicon_path: Path = LEARNED_PATH, corpus: PairCounts | None = None) -> ContextModel:
    bigrams: Counter = Counter()
    for line in bigram_path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            left, right, count = line.split("\t")
            bigrams[left, right] = int(count)
    model = ContextModel(corpus=corpus)
    model.add(Counter(read_learned(lexicon_path)), bigrams, Counter(read_learned(lexicon_path, column=2)))
    return model
