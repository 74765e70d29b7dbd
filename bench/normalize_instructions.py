"""Instructions the normaliser executes, counted by valgrind: a speed figure other work on the machine does not move.

    .venv/bin/python -m bench.normalize_instructions [--words 100000]

CPU-seconds on a machine shared with other work move by a fifth between runs of the same code
(bench/README.md, "The command"), which hides a change of a few percent. The number of
instructions a run executes (valgrind's cachegrind, `I refs`, without its cache simulation)
moves by well under one percent, so two versions of the code run one after the other can be
compared under any load. It is no time: cache misses and the cost of each instruction are not
in it, and valgrind runs the code some fifty times slower, hence the smaller input.

Printed, in billions of instructions (G):
- `protokoll normalize --jobs 1` on `--words` words of the input of bench/normalize_cli.py
  (the same pages and seeded misreadings), and on an empty input (start-up: import and load);
  the difference per word (start-up counted on its second run: the first may build the
  lexicon cache). One process: valgrind counts a forked worker's instructions from
  the start of its parent, so `--jobs 2` cannot be counted this way.
- a cold pass (a new normaliser, memos empty) over the dev set's legacy pages and over all its
  pages (mixed), as `bench.normalize_real --speed` times it, less loading the normaliser.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.normalize_cli import COMMAND, ROOT, legacy_text

VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
COLD_PASS = """
import sys
from protokoll.normalize import Normaliser
from bench.normalize_bench import devset
docs = devset()
sets = {"legacy": [p for d in docs.values() for p in d["eng"].split("\\f")],
        "mixed": [p for d in docs.values() for kind in ("eng", "swe", "truth") for p in d[kind].split("\\f")], "none": []}
normaliser = Normaliser.load()
for page in sets[sys.argv[1]]:
    normaliser.repair(page)
"""


def instructions(command: list[str], stdin: Path | None = None) -> int:
    """Instructions `command` executed (one process), as cachegrind counts them."""
    with tempfile.NamedTemporaryFile(suffix=".log") as log, \
            (stdin.open("rb") if stdin else open("/dev/null", "rb")) as source:
        subprocess.run(VALGRIND + [f"--log-file={log.name}"] + command, stdin=source,
                       stdout=subprocess.DEVNULL, cwd=ROOT, check=True)
        found = re.search(r"I\s+refs:\s+([\d,]+)", Path(log.name).read_text())
    if not found:
        raise SystemExit(f"valgrind printed no instruction count for {' '.join(command)}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    options = parser.parse_args()
    if not shutil.which("valgrind"):
        print("normalize_instructions: skipped, valgrind is not installed (Debian: apt-get install valgrind)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "legacy.txt"
        text = legacy_text(options.words)
        source.write_text(text, encoding="utf-8")
        words = len(re.findall(r"\w+", text))
        empty = Path(tmp) / "empty.txt"
        empty.write_text("", encoding="utf-8")
        command = COMMAND + ["--jobs", "1", "-"]
        # The first run may build the lexicon cache: start-up is the second.
        start_up = min(instructions(command, empty) for _ in range(2))
        full = instructions(command, source)
        print(f"command --jobs 1, {words:,} words: {full / 1e9:.3f} G instructions; start-up {start_up / 1e9:.3f} G; "
              f"{(full - start_up) / words:,.0f} per word")
    loading = min(instructions([sys.executable, "-c", COLD_PASS, "none"]) for _ in range(2))
    for label in ("legacy", "mixed"):
        cold = instructions([sys.executable, "-c", COLD_PASS, label]) - loading
        print(f"cold pass, {label}: {cold / 1e9:.3f} G instructions (loading the normaliser not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
