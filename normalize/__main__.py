"""Maintenance of the normaliser's data.

    python -m protokoll.normalize learn DEVSET  # relearn data/normalize/{confusions,misreadings,learned_lexicon,bigrams}.tsv
                                                # from DEVSET's train_* pages (tests/resources/normalize/devset)
    python -m protokoll.normalize cache         # rebuild the lexicon cache now (else: on first use)
"""
import sys
from pathlib import Path

from protokoll.normalize import learn, lexicon


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "learn":
        print(learn.write_all(Path(argv[1])))
    elif argv == ["cache"]:
        path = lexicon.cache_path()
        path.unlink(missing_ok=True)
        merged = lexicon.load()
        print(f"{len(merged.logp)} words, {len(merged.forms or ())} dictionary forms -> {path}")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
