"""Export the word list our compound splitter uses, for OpenSearch's dictionary_decompounder.

    python -m tools.decompound_words OUT.txt

index/analysis.py splits a Swedish compound into a known modifier and a known head word, both
from `swedish_words()` (wordfreq's Swedish list); the domain words of the normaliser
(data/normalize/domain.txt) are added, since minutes' own vocabulary makes many heads. One word a
line, UTF-8, sorted: the file docs/opensearch-mapping.json names as `word_list_path` (put it in
OpenSearch's config folder, analysis/protokoll-sv-compound-words.txt, on every node).

The list is generated, not committed: it follows the installed wordfreq and our data.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from protokoll.datafiles import DATA_DIR
from protokoll.index.analysis import MIN_HEAD, MIN_MODIFIER, swedish_words


def decompound_words() -> list[str]:
    """The words a compound may be split into: those of the splitter, and our domain words."""
    words = {w for w in swedish_words() if len(w) >= MIN_MODIFIER}
    domain = DATA_DIR / "normalize" / "domain.txt"
    for line in domain.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word.isalpha() and len(word) >= min(MIN_HEAD, MIN_MODIFIER):
            words.add(word)
    return sorted(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    words = decompound_words()
    args.out.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
