"""The lexicons, merged and precomputed into one compact cache file.

Three sources, one table of log10 word probabilities:
- wordfreq's Swedish list (340k words with frequencies). It also holds stripped OCR junk
  ("fragor", "ar"), so presence proves nothing: the frequencies and the channel decide;
- the domain lexicon data/normalize/domain.txt (places, organisations, administrative words),
  the person names of data/normalize/first_names.txt and surnames.txt and the smaller places of
  data/normalize/places.txt;
- the learned lexicon data/normalize/learned_lexicon.tsv (words of clean Swedish in data/),
  which `extend()` can grow at run time from an archive's clean documents.

Beside the table, the word forms of the Swedish hunspell dictionary (LibreOffice's, Debian's
hunspell-sv: 850k forms, expanded by hunspell's own `unmunch`) that no list above has, with no
frequency (633k): they tell a rare real word ("infordras", "tillståndshavaren") from a compound of
common parts OCR damaged ("inför+dras", "tillstånds+havåren"). Kept in a memory-mapped
marisa-trie, because the same words in the pickled table took start-up from 0.7 to 2 s.

The merged table, an index from each word's folded key (å/ä -> a, ö -> o, é -> e) to the words
sharing it, and the keys of the common words indexed for fuzzy matching (near_keys.py) are pickled into a cache directory
($PROTOKOLL_CACHE or ~/.cache/protokoll), named by a hash of the inputs, so a run loads them in
a fraction of a second and a changed data file or wordfreq version rebuilds them.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import subprocess
from importlib.metadata import version
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import marisa_trie

from protokoll.datafiles import DATA_DIR
from protokoll.normalize import word_counts
from protokoll.normalize.near_keys import NearKeys

NORMALIZE_DATA = DATA_DIR / "normalize"
DOMAIN_PATH = NORMALIZE_DATA / "domain.txt"
NAME_PATHS = (NORMALIZE_DATA / "first_names.txt", NORMALIZE_DATA / "surnames.txt")
PLACES_PATH = NORMALIZE_DATA / "places.txt"
LEARNED_PATH = NORMALIZE_DATA / "learned_lexicon.tsv"
NOT_WORDS_PATH = NORMALIZE_DATA / "not_words.txt"
WORD_FORMS_DIC = Path("/usr/share/hunspell/sv_SE.dic")  # Debian's hunspell-sv; sv_SE.aff beside it
CACHE_VERSION = "9"  # 7: the dictionary's word forms; 8: the real corpus counts; 9: fuzzy targets indexed

DOMAIN_LOGP = -5.0  # a domain word counts as at least zipf 4: common in minutes
NAME_LOGP = -7.0  # a first name wordfreq lacks: rare, but a name context will lift it
LEARNED_LOGP = -6.0  # a word seen in clean Swedish of the archive counts as at least zipf 3
FUZZY_MIN_LOGP = -5.5  # only fairly common words are fuzzy-match targets
FORM_LOGP = -8.5  # a dictionary form no list has: Swedish, but never seen in use (-7.5 let obesått beat obesatt)
CORPUS_MIX = 0.5  # a word's probability: wordfreq's plus this share of its frequency in the real corpus counts
CORPUS_NEW_WORD_MIN_LENGTH, CORPUS_NEW_WORD_MIN_COUNT = 10, 3  # a corpus word no list knows: long and seen thrice
FOLD = str.maketrans("åäöéáàü", "aaoeaau")


def fold(word: str) -> str:
    """The key that Tesseract without Swedish keeps of a word.

    >>> fold("Överenskommelsen")
    'overenskommelsen'
    """
    return word.lower().translate(FOLD)


@dataclass
class Lexicon:
    logp: dict[str, float]  # word (lowercase) -> log10 probability
    by_key: dict[str, tuple[str, ...]]  # folded key -> words, most probable first
    near: NearKeys  # the folded keys of common words, the fuzzy match's targets
    forms: marisa_trie.BytesTrie | None = None  # folded key -> dictionary forms in no list (mapped, not pickled)
    keys: marisa_trie.Trie | None = None  # every folded key of a listed word or form, for prefix search (mapped)
    added: set[str] = field(default_factory=set)  # keys add() gave words that `keys` lacks

    def forms_for(self, key: str) -> list[bytes]:
        """The dictionary forms spelled like the folded `key`, UTF-8 encoded."""
        return self.forms.get(key, []) if self.forms is not None else []

    def prefix_lengths(self, key: str) -> list[int]:
        """The lengths of the beginnings of `key` (itself included) that may be keys of `by_key`,
        shortest first; some are only keys of dictionary forms. One call into the mapped trie
        instead of a look-up per letter; a key add()ed since the trie was built counts too.

        >>> lexicon = Lexicon({"i": -2.0}, {"i": ("i",)}, NearKeys(["i"]), None, marisa_trie.Trie(["i"]))
        >>> lexicon.prefix_lengths("ien")
        [1]
        >>> lexicon.add("ie", -6.0)
        >>> lexicon.prefix_lengths("ien"), lexicon.prefix_lengths("ie")
        ([1, 2], [1, 2])
        """
        if self.keys is None:
            return list(range(1, len(key) + 1))
        lengths = [len(prefix) for prefix in self.keys.prefixes(key)]
        if self.added:
            lengths = sorted({*lengths, *(i for i in range(1, len(key) + 1) if key[:i] in self.added)})
        return lengths

    def __getstate__(self) -> dict:
        return {**self.__dict__, "forms": None, "keys": None}

    def add(self, word: str, logp: float) -> None:
        """Add a word or raise its probability to at least `logp`."""
        word = word.lower()
        if self.logp.get(word, -99.0) >= logp:
            return
        self.logp[word] = logp
        key = fold(word)
        if self.keys is not None and key not in self.keys:
            self.added.add(key)
        words = set(self.by_key.get(key, ())) | {word}
        self.by_key[key] = tuple(sorted(words, key=lambda w: -self.logp[w]))
        if logp >= FUZZY_MIN_LOGP:
            self.near.add(key)


def read_domain(path: Path = DOMAIN_PATH) -> list[str]:
    """The entries of a word list of data/normalize/ (domain.txt, first_names.txt, surnames.txt)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def read_names() -> list[str]:
    """First names and surnames (data/normalize/first_names.txt, surnames.txt), each also in the
    genitive ("Anders Hööks yrkande"): minutes name whose motion, reservation or proposal it is.

    >>> genitive("Höök"), genitive("Lars")
    ('Hööks', None)
    """
    names = [name for path in NAME_PATHS for name in read_domain(path)]
    return names + [g for name in names if (g := genitive(name))]


def genitive(name: str) -> str | None:
    """A name's genitive; none for names ending in s, x or z, which take no s."""
    return None if name[-1:].lower() in "sxz" else name + "s"


def read_places() -> list[str]:
    """Places below the kommun level (data/normalize/places.txt), one word each ("Norra Rörum": two)."""
    return [part for entry in read_domain(PLACES_PATH) for part in entry.replace("-", " ").split()]


def read_learned(path: Path = LEARNED_PATH, column: int = 1) -> dict[str, int]:
    """word -> count (column 1) or count of occurrences in small letters (column 2)."""
    counts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            counts[fields[0]] = int(fields[column])
    return counts


def read_word_forms(dic: Path = WORD_FORMS_DIC) -> list[str]:
    """Every form of the hunspell dictionary `dic`, expanded by hunspell's `unmunch`
    (hunspell-tools); none where either is missing. Forms only allowed inside a compound
    ("långfilms/WXZ") and entries with digits or marks are left out."""
    aff = dic.with_suffix(".aff")
    if not (dic.exists() and aff.exists() and shutil.which("unmunch")):
        return []
    expanded = subprocess.run(["unmunch", str(dic), str(aff)], capture_output=True, check=True).stdout
    return [form for form in expanded.decode("utf-8").split() if form.isalpha()]


def build_forms(logp: dict[str, float], dictionary_forms: set[str]) -> marisa_trie.BytesTrie:
    """The dictionary forms (lowercase) missing from `logp`, by folded key."""
    forms = dictionary_forms - logp.keys()
    return marisa_trie.BytesTrie((fold(form), form.encode()) for form in sorted(forms))


def build() -> Lexicon:
    """Merge the three lexicons (a few seconds: 340k words)."""
    import wordfreq  # only here: importing it costs start-up time a cached run does not need

    logp = {w: _log10(f) for w, f in wordfreq.get_frequency_dict("sv").items() if w.isalpha() and f > 0}
    dictionary_forms = {form.lower() for form in read_word_forms()}
    # The corpus is lower-cased: its count of a listed name or place ("holmön") is the place's, and
    # would outvote the surname OCR wrote ("Holmén"); names keep the probability wordfreq gives them.
    names = {word.lower() for word in read_names() + read_places() + read_domain() if word[:1].isupper()}
    counts = word_counts.read_unigrams()
    with_corpus_counts(logp, {word: n for word, n in counts.items() if word not in names}, logp.keys() | dictionary_forms)
    for word in read_domain(NOT_WORDS_PATH):
        logp[word.lower()] = NAME_LOGP  # wordfreq counts it as common; minutes never write it
    for word in read_names() + read_places():
        logp.setdefault(word.lower(), NAME_LOGP)  # only if missing: being a name makes "pär" no likelier than "par"
    learned = read_learned()
    learned_total = max(1, sum(learned.values()))
    for word in read_domain():
        for part in word.lower().split("-"):
            # As common as the clean minutes use it, at least: "Dnr" heads every case.
            in_minutes = _log10(learned[part] / learned_total) if part in learned else -99.0
            logp[part] = max(logp.get(part, -99.0), DOMAIN_LOGP, in_minutes)
    for word in learned:
        logp[word] = max(logp.get(word, -99.0), LEARNED_LOGP)
    groups: dict[str, list[str]] = defaultdict(list)
    for word in logp:
        groups[fold(word)].append(word)
    by_key = {key: tuple(sorted(words, key=lambda w: -logp[w])) for key, words in groups.items()}
    # Common words and the words of the minutes.
    near = NearKeys(key for key, words in by_key.items() if logp[words[0]] >= FUZZY_MIN_LOGP or words[0] in learned)
    forms = build_forms(logp, dictionary_forms)
    return Lexicon(logp, by_key, near, forms, marisa_trie.Trie([*by_key, *forms.keys()]))


def with_corpus_counts(logp: dict[str, float], counts: dict[str, int], known: set[str]) -> None:
    """Add the real corpus counts (word_counts.py) to wordfreq's probabilities: the corpus holds
    the long compounds of public Swedish that wordfreq lacks or counts too rarely
    ("järnvägsnätet", "budgetåret"). A word no list and no dictionary form knows is added only if
    long and seen a few times: the corpus also holds the halves of words its conversion broke at
    a line end ("utveck", "tigt", "behan"), which would make compounds of damaged words.

    >>> logp = {"för": -2.0}
    >>> with_corpus_counts(logp, {"för": 1, "budgetåret": 1, "tigt": 5, "driftersättning": 3}, {"för", "budgetåret"})
    >>> {word: round(p, 2) for word, p in logp.items()}
    {'för': -1.22, 'budgetåret': -1.3, 'driftersättning': -0.82}
    """
    total = sum(counts.values())
    for word, count in counts.items():
        if word in known or (len(word) >= CORPUS_NEW_WORD_MIN_LENGTH and count >= CORPUS_NEW_WORD_MIN_COUNT):
            logp[word] = _log10(10.0 ** logp.get(word, -99.0) + CORPUS_MIX * count / total)


def _log10(freq: float) -> float:
    import math

    return math.log10(freq)  # noqa


KEPT_LEXICONS = 2  # cached lexicons of other inputs kept beside the one in use


def cache_dir() -> Path:
    return Path(os.environ.get("PROTOKOLL_CACHE") or Path.home() / ".cache" / "protokoll")


def cache_path() -> Path:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(version("wordfreq").encode())
    digest.update(word_counts.fingerprint())
    for path in (DOMAIN_PATH, *NAME_PATHS, PLACES_PATH, LEARNED_PATH, NOT_WORDS_PATH,
                 WORD_FORMS_DIC, WORD_FORMS_DIC.with_suffix(".aff")):
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return cache_dir() / f"normalize-lexicon-{digest.hexdigest()[:16]}.pickle"


def prune_cache(path: Path) -> None:
    """Remove cached lexicons of other inputs but the latest KEPT_LEXICONS (and the one at `path`): those of
    older data files go, while runs with and without the corpus counts (PROTOKOLL_CORPUS) on one machine
    do not rebuild each other's in turn."""
    built = sorted(path.parent.glob("normalize-lexicon-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    kept = {p.stem for p in built[:KEPT_LEXICONS]} | {path.stem}
    for stale in path.parent.glob("normalize-lexicon-*"):
        if stale.stem not in kept:  # the pickle, its tries and the corpus counts beside it
            stale.unlink(missing_ok=True)


def load() -> Lexicon:
    """The merged lexicon from the cache, built and cached on first use."""
    path = cache_path()
    forms_path, keys_path = path.with_suffix(".forms"), path.with_suffix(".keys")
    gc.disable()  # a million new objects at once: collecting meanwhile only doubles the load time
    try:
        with path.open("rb") as f:
            lexicon = pickle.load(f)
        lexicon.forms = marisa_trie.BytesTrie().mmap(str(forms_path))
        lexicon.keys = marisa_trie.Trie().mmap(str(keys_path))
        return lexicon
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, RuntimeError):
        pass  # marisa raises RuntimeError for a file it cannot map
    finally:
        gc.enable()
    lexicon = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The forms and keys first: a pickle found means their files are there too.
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        for trie, trie_path in ((lexicon.forms, forms_path), (lexicon.keys, keys_path)):
            trie.save(str(tmp))
            tmp.replace(trie_path)
        with tmp.open("wb") as f:
            pickle.dump(lexicon, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        prune_cache(path)
    except OSError:
        pass  # a read-only home still works, only slower to start
    return lexicon

