"""List the real-word pairs legacy OCR can confuse, to see which the pair sentences still miss.

    PYTHONPATH=. python tools/confusable_pairs.py [--min-zipf 3.3]

A group is the common Swedish words (wordfreq, at least --min-zipf) that OCR without Swedish
can write the same way: with å/ä/ö stripped (vår/var, tåg/tag), or with ä read as i (sätt/sitt,
lägger/ligger). Groups are ranked by how often the clean minutes in data/ use their words; each
word is shown as word:zipf/m<uses in the minutes, small letters>/p<uses in corpus/pairs/>, so a
group whose readings have few uses in both is one to write sentences for.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from wordfreq import top_n_list, zipf_frequency

from protokoll.normalize.learn import PAIRS_DIR, clean_texts, learn_from_texts
from protokoll.normalize.lexicon import fold, read_domain, NOT_WORDS_PATH

WORD = re.compile(r"[^\W\d_]+")


def groups(min_zipf: float) -> dict[str, list[str]]:
    by_reading: dict[str, list[str]] = defaultdict(list)
    not_words = set(read_domain(NOT_WORDS_PATH))
    for word in top_n_list("sv", 100_000):
        if zipf_frequency(word, "sv") < min_zipf:
            break
        if word.isalpha() and word.islower() and word not in not_words:
            readings = {fold(word)} | ({word.replace("ä", "i")} if "ä" in word else set())
            for reading in readings:
                by_reading[reading].append(word)
    return {r: ws for r, ws in by_reading.items() if len(ws) > 1 and any(set(w) & set("åäö") for w in ws)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-zipf", type=float, default=3.3)
    args = ap.parse_args()
    minutes = learn_from_texts(clean_texts()).lowercase
    pairs = Counter(w.lower() for p in PAIRS_DIR.glob("*.txt") for w in WORD.findall(p.read_text(encoding="utf-8")))
    rows = sorted(groups(args.min_zipf).items(), key=lambda kv: -sum(minutes[w] for w in kv[1]))
    for reading, words in rows:
        shown = " ".join(f"{w}:{zipf_frequency(w, 'sv'):.1f}/m{minutes[w]}/p{pairs[w]}" for w in words)
        print(f"{reading:18} {shown}")


if __name__ == "__main__":
    main()
