"""Word counts of real modern Swedish, read from outside the repository when present.

The counts (unigrams and bigrams of 6.2 million words of Riksdag questions, lower-cased) are not
the project's to ship: they are read when the normaliser's model is built, from
$PROTOKOLL_CORPUS or, by default, `../shared/realdata/corpus` beside the repository, and folded
into the lexicon cache (their size and date are part of its key). Without them the model is built
from the committed data alone, as before.

    unigrams_lower.tsv.gz   word<TAB>count
    bigrams_lower.tsv.gz    w1<TAB>w2<TAB>count (count >= 2; <s> and </s> at paragraph edges)
"""
from __future__ import annotations

import gzip
import os
from collections import Counter
from pathlib import Path
from typing import Iterator

import marisa_trie

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
UNIGRAMS = "unigrams_lower.tsv.gz"
BIGRAMS = "bigrams_lower.tsv.gz"
SOFT_HYPHEN = "\u00ad"  # left inside words by the conversion of some 1990s files
PAIR_SEPARATOR = "\t"
TOTAL = "\t"  # the key of the total among the words: no word is a tab
SENTENCE_EDGES = {"<s>", "</s>", ".", "!", "?", ":", ";"}
MIN_COUNT = 2  # a word seen once is as often a typo or conversion debris as a word


def corpus_dir() -> Path:
    """$PROTOKOLL_CORPUS, or ../shared/realdata/corpus beside the repository."""
    return Path(os.environ.get("PROTOKOLL_CORPUS") or REPOSITORY_ROOT.parent / "shared" / "realdata" / "corpus")


def fingerprint(folder: Path | None = None) -> bytes:
    """What identifies the counts for the cache key: each file's name, size and date (hashing
    3 MB at every start-up would cost more than it protects), or "missing"."""
    folder = folder or corpus_dir()
    parts = []
    for name in (UNIGRAMS, BIGRAMS):
        path = folder / name
        stat = path.stat() if path.exists() else None
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:missing")
    return ";".join(parts).encode()


def read_unigrams(folder: Path | None = None, min_count: int = MIN_COUNT) -> Counter:
    """word -> count, words of letters only, seen at least `min_count` times; empty without the file.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with gzip.open(folder / UNIGRAMS, "wt", encoding="utf-8") as f:
    ...     _ = f.write("för\\t9\\n.\\t8\\nbudget\\u00adåret\\t2\\nbudgetåret\\t1\\nfr\\t1\\n")
    >>> sorted(read_unigrams(folder).items())
    [('budgetåret', 3), ('för', 9)]
    """
    counts: Counter = Counter()
    for (word,), count in _rows((folder or corpus_dir()) / UNIGRAMS):
        if word.isalpha():
            counts[word] += count
    return Counter({word: n for word, n in counts.items() if n >= min_count})


def read_bigrams(folder: Path | None = None) -> Counter:
    """(w1, w2) -> count of word pairs, with the paragraph edges <s> and </s>; empty without the file."""
    counts: Counter = Counter()
    for pair, count in _rows((folder or corpus_dir()) / BIGRAMS):
        counts[pair] += count
    return counts


def _rows(path: Path) -> Iterator[tuple[tuple[str, ...], int]]:
    """(words without soft hyphens, count) of each line of a gzipped count file; none if it is missing."""
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            *words, count = line.rstrip("\n").split("\t")
            yield tuple(word.replace(SOFT_HYPHEN, "") for word in words), int(count)


class PairCounts:
    """The corpus's word and word-pair counts in the context model's tokens, in two memory-mapped
    tries (the pairs are 400,000: as a table in the pickle they would cost start-up time).

    >>> pairs = PairCounts.of({"har": 3, "här": 2}, {("har", "ett"): 2, ("här", "</s>"): 1})
    >>> pairs.count("har"), pairs.pair("har", "ett"), pairs.pair("här", "ett"), pairs.total
    (3, 2, 0, 5)
    """

    def __init__(self, words: marisa_trie.RecordTrie, pairs: marisa_trie.RecordTrie, total: int):
        self.words, self.pairs, self.total = words, pairs, total

    @classmethod
    def of(cls, words: dict[str, int], pairs: dict[tuple[str, str], int]) -> PairCounts:
        total = sum(words.values())
        return cls(marisa_trie.RecordTrie("<Q", [(TOTAL, (total,)), *((w, (n,)) for w, n in words.items())]),
                   marisa_trie.RecordTrie("<Q", ((f"{a}{PAIR_SEPARATOR}{b}", (n,)) for (a, b), n in pairs.items())),
                   total)

    def count(self, word: str) -> int:
        found = self.words.get(word)
        return found[0][0] if found else 0

    def pair(self, first: str, second: str) -> int:
        found = self.pairs.get(f"{first}{PAIR_SEPARATOR}{second}")
        return found[0][0] if found else 0

    def save(self, path: Path) -> None:
        """Two files beside `path` (.words, .pairs); the total is kept among the words.

        Each is written under another name and renamed into place: other processes may have the
        files mapped (workers, a second command started at the same time), and a file rewritten
        in place under a mapping ends them with SIGBUS."""
        for trie, suffix in ((self.words, ".words"), (self.pairs, ".pairs")):
            tmp = path.with_suffix(f"{suffix}.tmp{os.getpid()}")
            trie.save(str(tmp))
            tmp.replace(path.with_suffix(suffix))

    @classmethod
    def mapped(cls, path: Path) -> PairCounts:
        words = marisa_trie.RecordTrie("<Q").mmap(str(path.with_suffix(".words")))
        return cls(words, marisa_trie.RecordTrie("<Q").mmap(str(path.with_suffix(".pairs"))), words[TOTAL][0][0])


def context_counts(folder: Path | None = None) -> PairCounts | None:
    """The corpus's counts as the context model counts clean text (learn.py): paragraph and
    sentence ends are END, a sentence start START, a comma COMMA, a number NUMBER or YEAR; pairs
    with other marks (quotes, brackets, dashes) are left out. None without the corpus files.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with gzip.open(folder / BIGRAMS, "wt", encoding="utf-8") as f:
    ...     _ = f.write("<s>\\thar\\t4\\nhar\\tett\\t3\\när\\t2019\\t2\\nett\\t.\\t5\\n(\\thar\\t9\\n")
    >>> with gzip.open(folder / UNIGRAMS, "wt", encoding="utf-8") as f:
    ...     _ = f.write("har\\t7\\nett\\t8\\när\\t2\\n")
    >>> counts = context_counts(folder)
    >>> counts.pair("<s>", "har"), counts.pair("är", "<år>"), counts.pair("ett", "</s>"), counts.pair("(", "har")
    (4, 2, 5, 0)
    >>> counts.count("har"), counts.count("</s>"), counts.count("<år>")
    (7, 5, 2)
    """
    from protokoll.normalize.learn import COMMA, END, START, number_class

    folder = folder or corpus_dir()
    if not (folder / BIGRAMS).exists() or not (folder / UNIGRAMS).exists():
        return None

    def token(word: str, first: bool) -> str | None:
        if word.isalpha():
            return word
        if word.isdigit():
            return number_class(word)
        if word == ",":
            return COMMA
        if word in SENTENCE_EDGES:
            return START if first else END
        return None

    words = {word: n for (word,), n in _rows(folder / UNIGRAMS) if word.isalpha()}
    pairs: Counter = Counter()
    specials: Counter = Counter()  # numbers and boundaries: counted, as in the context model, in their pairs
    for (first, second), n in _rows(folder / BIGRAMS):
        left, right = token(first, True), token(second, False)
        if left is None or right is None or (left == START and right == END):
            continue
        pairs[left, right] += n
        for special in (left, right):
            if not special.isalpha():
                specials[special] += n
    return PairCounts.of({**words, **specials}, pairs)


def cached_context_counts(path: Path) -> PairCounts | None:
    """`context_counts()` memory-mapped from the two files beside `path` (the lexicon cache's
    name: the same inputs), built and saved there on first use; None without the corpus."""
    try:
        return PairCounts.mapped(path)
    except (OSError, RuntimeError):  # missing, or a file marisa cannot map
        pass
    counts = context_counts()
    if counts is not None:
        try:
            counts.save(path)
        except OSError:
            pass  # a read-only cache still works, built again next time
    return counts
