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

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
UNIGRAMS = "unigrams_lower.tsv.gz"
BIGRAMS = "bigrams_lower.tsv.gz"
SOFT_HYPHEN = "\u00ad"  # left inside words by the conversion of some 1990s files
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
