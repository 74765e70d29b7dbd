"""Maintenance of the normaliser's data.

    PYTHONPATH=. python -m normalize learn   # relearn data/normalize/{confusions,misreadings,learned_lexicon,bigrams}.tsv
    PYTHONPATH=. python -m normalize cache   # rebuild the lexicon cache now (else: on first use)
"""
import sys

from normalize import learn, lexicon


def main(argv: list[str]) -> int:
    if argv == ["learn"]:
        print(learn.write_all())
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
