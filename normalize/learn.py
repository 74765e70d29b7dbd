"""Learn the normaliser's data from real text: the confusion table and the context model.

    python -m protokoll.normalize learn tests/resources/normalize/devset

- Confusions: align eng-OCR'd text with its truth (the dev set's train_* documents and the
  aligned "Bakgrund" pair 002/001 of data/samples), word by word and then letter by letter,
  and count what Tesseract without Swedish wrote for each letter. -> data/normalize/confusions.tsv
- Learned lexicon and word bigrams from clean Swedish (data/samples' clean documents,
  data/normalize/corpus/ and the pair sentences of corpus/pairs/).
  -> data/normalize/learned_lexicon.tsv, data/normalize/bigrams.tsv

`learn_from_texts(texts)` does the second part for any iterable of clean texts, so the pipeline
can extend the model with the born-digital documents of an archive.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rapidfuzz.distance import Levenshtein

from protokoll.datafiles import DATA_DIR, SAMPLES_DIR

if TYPE_CHECKING:
    import numpy as np

NORMALIZE_DATA = DATA_DIR / "normalize"
CORPUS_DIR = NORMALIZE_DATA / "corpus"
PAIRS_DIR = CORPUS_DIR / "pairs"  # sentences written for word pairs (är/år): pairs, not frequencies
CLEAN_SAMPLES = ["000_effe2c7c135b0eba", "001_6c24cf0587c73d17", "003_2fd5b4c710605cc5", "004_6df10ec04d010a6e"]
LEGACY_PAIR = ("002_fe105bbe31b7ac9f", "001_6c24cf0587c73d17")  # (legacy OCR, clean) with the same "Bakgrund"

WORD = re.compile(r"[^\W\d_]+|\d+")  # words and numbers of clean text, for the lexicon and bigrams
NUMBER = "<num>"  # every number is one word to the context model ("är <num> procent") ...
YEAR = "<år>"  # ... except a year, another: "år <år>", "budget för <år>"
NUMBERS = (NUMBER, YEAR)
START, END = "<s>", "</s>"  # sentence boundaries, words to the context model too
COMMA = "<,>"  # a comma between words: "per år, främst" is no pair "år främst" (but "år <,>" is)
# An OCR'd word: letters, digits and "&", and the marks Tesseract without Swedish writes inside a
# word for å or ö ("f{tt", "M@jliga"); a "_" or mark before a word is a speck, no part of it.
OCR_TOKEN = re.compile(r"(?:[^\W_]|&)[\w&]*(?:[{}@]+[\w&]+)*")


@dataclass
class LearnedText:
    """Word and bigram counts of clean Swedish (lowercase)."""

    words: Counter = field(default_factory=Counter)
    bigrams: Counter = field(default_factory=Counter)
    lowercase: Counter = field(default_factory=Counter)  # occurrences written in small letters: not as a name

    def update(self, other: "LearnedText") -> None:
        """Add the counts of `other`, as if its texts had been counted after these."""
        self.words.update(other.words)
        self.bigrams.update(other.bigrams)
        self.lowercase.update(other.lowercase)


def learn_from_texts(texts: Iterable[str], into: LearnedText | None = None) -> LearnedText:
    """Count words and word bigrams of clean texts, with sentence start and end as words of
    their own: "är" seldom ends a sentence, "år" often does ("jämfört med föregående år.").

    >>> learned = learn_from_texts(["Det här är bra. Här bor vi."])
    >>> learned.words["här"], learned.bigrams[("det", "här")], learned.bigrams[("bra", "här")], learned.bigrams[("vi", END)]
    (2, 1, 0, 1)
    """
    # Fast for an archive's 100 MB of text: one findall per text, each token written down as
    # its number (C loops only), and the counting done by numpy over all the numbers at once.
    import numpy as np  # here, not at the top: repairing text never counts, and numpy took 0.1 s of start-up

    numbers = _Numbering({TEXT_BREAK: 0})
    stream = array("i", [0])
    for text in texts:
        stream.extend(map(numbers.__getitem__, TOKEN.findall(text)))
        stream.append(0)
    return _counted(list(numbers), np.frombuffer(stream, dtype=np.int32), into or LearnedText())


# A word, a number, or a sentence boundary ("." or a line break before white space) with all
# that follows it up to the next word or number: a run of boundaries with no word between them
# is one, as a sentence without words is none. Tokens never span two sentences.
TOKEN = re.compile(r"[^\W\d_]+|\d+|[.!?:;\n](?=\s)[\W_]*|,(?=\s|\Z)")
BOUNDARY_CHARS = ".!?:;\n"
TEXT_BREAK = "\n\n"  # a boundary between texts, and before the first and after the last


class _Numbering(dict):
    """token -> its number, numbered in the order first seen."""

    def __missing__(self, token: str) -> int:
        self[token] = number = len(self)
        return number


def _counted(tokens: list[str], stream: np.ndarray, learned: LearnedText) -> LearnedText:
    """Add the counts of `stream` (token numbers: `tokens[n]` is number n) to `learned`, each new
    word, pair and form in the order it was first seen, as counting sentence by sentence does."""
    import numpy as np

    seen = np.bincount(stream, minlength=len(tokens)).tolist()
    pair_words = {START: 0, NUMBER: 1, YEAR: 2, COMMA: 3}  # what a token is in a pair; 0 a boundary: <s> left, </s> right
    as_pair_word = np.zeros(len(tokens), dtype=np.int64)
    for number, token in enumerate(tokens):
        if token[0] in BOUNDARY_CHARS:
            continue
        if token.isdigit() or token == ",":
            as_pair_word[number] = pair_words[COMMA if token == "," else number_class(token)]
            continue
        word = token.lower()
        learned.words[word] += seen[number]
        if token.islower():
            learned.lowercase[token] += seen[number]
        as_pair_word[number] = pair_words.setdefault(word, len(pair_words))
    size = len(pair_words)
    pairs = as_pair_word[stream[:-1]] * size + as_pair_word[stream[1:]]
    pairs = pairs[pairs != 0]  # two boundaries in a row: no sentence between them
    unique, first, counts = np.unique(pairs, return_index=True, return_counts=True)
    in_order = np.argsort(first)
    names = list(pair_words)
    for pair, n in zip(unique[in_order].tolist(), counts[in_order].tolist()):
        left, right = divmod(pair, size)
        learned.bigrams[names[left], names[right] if right else END] += n
    return learned


def number_class(digits: str) -> str:
    """The context model's word for a number.

    >>> number_class("2020"), number_class("38"), number_class("1350")
    ('<år>', '<num>', '<num>')
    """
    return YEAR if len(digits) == 4 and digits[:2] in ("19", "20") else NUMBER


def learn_clean(texts: Iterable[str]) -> LearnedText:
    """Words and word pairs of clean texts, plus the pairs of the sentences in corpus/pairs/.
    The pair sentences use the rarer word of each pair as often as the common one, so they
    count for the pairs only, not as how often minutes use a word: counted as words they would
    dilute every word's share of the minutes and make a word they name look unseen next to
    neighbours the sentences did not give it ("de årliga"), a loss a word never seen escapes.
    """
    learned = learn_from_texts(texts)
    pairs = learn_from_texts(p.read_text(encoding="utf-8") for p in sorted(PAIRS_DIR.glob("*.txt")))
    learned.bigrams.update(pairs.bigrams)
    return learned


def clean_texts() -> list[str]:
    texts = [(SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8") for name in CLEAN_SAMPLES]
    return texts + [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]


# --- confusions -------------------------------------------------------------------------

def aligned_words(truth: str, ocr: str) -> Iterable[tuple[str, str]]:
    """Pairs (true word, OCR'd word) from a word-level alignment of two texts.

    >>> list(aligned_words("Jämtlands län har", "Jimtlands ldn har"))
    [('Jämtlands', 'Jimtlands'), ('län', 'ldn'), ('har', 'har')]
    """
    true_words, ocr_words = OCR_TOKEN.findall(truth), OCR_TOKEN.findall(ocr)
    for op in Levenshtein.opcodes([fold(w) for w in true_words], [fold(w) for w in ocr_words]):
        if op.tag == "equal" or (op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start):
            for pair in zip(true_words[op.src_start:op.src_end], ocr_words[op.dest_start:op.dest_end]):
                if similar(*pair):
                    yield pair


def similar(true_word: str, ocr_word: str) -> bool:
    """Plausibly the same word: a misalignment or a word OCR destroyed would teach noise."""
    return Levenshtein.normalized_distance(fold(true_word), fold(ocr_word)) <= 0.34


def fold(word: str) -> str:
    return word.lower().translate(FOLD)


FOLD = str.maketrans("åäöéáàü", "aaoeaau")


def aligned_letters(true_word: str, ocr_word: str) -> Iterable[tuple[str, str]]:
    """Pairs (true segment, OCR'd segment) of a word pair; segments are one letter, or
    a few where Tesseract wrote one letter as two ("ii") or dropped or added one.

    >>> list(aligned_letters("län", "ldn"))
    [('l', 'l'), ('ä', 'd'), ('n', 'n')]
    >>> list(aligned_letters("är", "iir"))
    [('ä', 'ii'), ('r', 'r')]
    """
    pairs: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(true_word, ocr_word):
        src, dest = true_word[op.src_start:op.src_end], ocr_word[op.dest_start:op.dest_end]
        if op.tag == "equal" or (op.tag == "replace" and len(src) == len(dest)):
            pairs += zip(src, dest)
        else:
            pairs.append((src, dest))
    yield from _merge_insertions(pairs)


def _merge_insertions(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Attach a letter OCR added to the misread letter beside it: ö read as "oé" is one confusion.

    >>> _merge_insertions([("ö", "o"), ("", "é"), ("r", "r")])
    [('ö', 'oé'), ('r', 'r')]
    """
    merged: list[tuple[str, str]] = []
    for i, (src, dest) in enumerate(pairs):
        if src == "" and merged and merged[-1][0] != merged[-1][1]:
            merged[-1] = (merged[-1][0], merged[-1][1] + dest)
        elif src == "" and i + 1 < len(pairs) and pairs[i + 1][0] != pairs[i + 1][1]:
            pairs[i + 1] = (pairs[i + 1][0], dest + pairs[i + 1][1])
        else:
            merged.append((src, dest))
    return merged


def learn_confusions(pairs: Iterable[tuple[str, str]]) -> Counter:
    """Count (true, OCR'd) segments over aligned word pairs."""
    counts: Counter = Counter()
    for true_word, ocr_word in pairs:
        for true_seg, ocr_seg in aligned_letters(true_word, ocr_word):
            # Case is restored separately, so count lowercase; but keep a capital that OCR wrote
            # for a small letter (the 'G' in "behGver"): that is a glyph confusion.
            if not (true_seg.islower() and ocr_seg.isupper()):
                true_seg, ocr_seg = true_seg.lower(), ocr_seg.lower()
            counts[true_seg, ocr_seg] += 1
    return counts


MISREADING_MIN_SEEN = 10  # a word must be aligned this often before its misreadings say anything


def learn_misreadings(pairs: list[tuple[str, str]]) -> tuple[Counter, Counter]:
    """Whole-word misreadings that the letter table does not cover ("Dnr" read as "Dor": the n of
    that abbreviation, between D and r, is often seen as o or u). Returns (counts of (true, OCR'd)
    lowercase pairs, counts of each true word), for words aligned at least MISREADING_MIN_SEEN times.

    >>> learn_misreadings([("Dnr", "Dor")] + [("Dnr", "Dnr")] * 9 + [("län", "ldn")] * 10)[0]
    Counter({('dnr', 'dor'): 1})
    """
    seen = Counter(t.lower() for t, _ in pairs)
    misread: Counter = Counter()
    for true_word, ocr_word in pairs:
        if seen[true_word.lower()] >= MISREADING_MIN_SEEN and _misread_beyond_table(true_word, ocr_word):
            misread[true_word.lower(), ocr_word.lower()] += 1
    return misread, Counter({w: n for w, n in seen.items() if any(t == w for t, _ in misread)})


def _misread_beyond_table(true_word: str, ocr_word: str) -> bool:
    """A letter other than å/ä/ö misread (l as 1 is in the letter table too)."""
    return any(a.lower() != b.lower() and a.lower() not in "åäö" and (a, b) != ("l", "1")
               for a, b in aligned_letters(true_word, ocr_word))


def legacy_pair_words() -> list[tuple[str, str]]:
    """The "Bakgrund" sections of 002 (legacy OCR) and 001 (clean), aligned."""
    legacy, clean = ((SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8") for name in LEGACY_PAIR)
    section = re.compile(r"Bakgrund\s*\n(.*?)\n\s*(?:Uppföljning|Forvaltningsomr|Förvaltningsomr)", re.S)
    return list(aligned_words(section.search(clean).group(1), section.search(legacy).group(1)))


def training_pairs(devset: Path) -> list[tuple[str, str]]:
    """The legacy sample pair, and the train_* pages of `devset` (eng OCR beside its truth)."""
    pairs = legacy_pair_words()
    for truth in sorted(devset.glob("train_*.truth.txt")):
        ocr = truth.with_name(truth.name.replace(".truth.", ".eng."))
        pairs += aligned_words(truth.read_text(encoding="utf-8"), ocr.read_text(encoding="utf-8"))
    return pairs


# --- writing the data files ---------------------------------------------------------------

def write_confusions(counts: Counter, path: Path) -> None:
    totals: Counter = Counter()
    for (true_seg, _), n in counts.items():
        totals[true_seg] += n
    lines = ["# true\tocr\tcount\tP(ocr|true)  learned by normalize/learn.py from eng-OCR'd Swedish aligned with its truth"]
    for (true_seg, ocr_seg), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
        if true_seg == ocr_seg and true_seg not in "åäöé":
            continue  # identities are implied: P(c|c) = 1 - the listed confusions of c
        lines.append(f"{true_seg}\t{ocr_seg}\t{n}\t{n / totals[true_seg]:.4f}")
    lines += [f"#total\t{seg}\t{n}" for seg, n in sorted(totals.items()) if len(seg) == 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_misreadings(misread: Counter, seen: Counter, path: Path) -> None:
    lines = ["# true\tocr\tcount\tP(ocr|true)  whole words misread beyond the letter table (normalize/learn.py)"]
    lines += [f"{t}\t{o}\t{n}\t{n / seen[t]:.4f}" for (t, o), n in sorted(misread.items(), key=lambda kv: (kv[0][0], -kv[1]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_learned(learned: LearnedText, lexicon_path: Path, bigram_path: Path) -> None:
    lexicon_path.write_text("# word\tcount\tin small letters  in the clean Swedish of data/ (normalize/learn.py)\n" + "".join(
        f"{w}\t{n}\t{learned.lowercase[w]}\n" for w, n in sorted(learned.words.items(), key=lambda kv: (-kv[1], kv[0]))),
        encoding="utf-8")
    bigram_path.write_text("# left\tright\tcount  word bigrams of the clean Swedish of data/ (normalize/learn.py)\n" + "".join(
        f"{a}\t{b}\t{n}\n" for (a, b), n in sorted(learned.bigrams.items(), key=lambda kv: (-kv[1], kv[0]))), encoding="utf-8")


def write_all(devset: Path, target: Path = NORMALIZE_DATA) -> str:
    """Learn everything from the dev set's train_* pages and the clean texts of data/, and write
    the data files into `target`; returns a summary."""
    pairs = training_pairs(devset)
    counts = learn_confusions(pairs)
    write_confusions(counts, target / "confusions.tsv")
    write_misreadings(*learn_misreadings(pairs), target / "misreadings.tsv")
    learned = learn_clean(clean_texts())
    write_learned(learned, target / "learned_lexicon.tsv", target / "bigrams.tsv")
    return f"confusions from {sum(counts.values())} letters; lexicon {len(learned.words)} words, {len(learned.bigrams)} bigrams"

