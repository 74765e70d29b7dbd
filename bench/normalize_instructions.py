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
  lexicon cache).
- `protokoll normalize --jobs 2` on the same words: the command and its worker processes
  together. Valgrind counts a forked worker's instructions from the start of its parent, so
  each process, as it is forked, forks a marker process that exits at once: what the marker
  counted is what the worker inherited, and is taken off the worker's count.
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
# The command run in-process, each forked process first forking a marker that exits at once (and
# writes its process id into the folder argv[1], so that its count is known as a marker's).
FORKED_COMMAND = """
import os, sys
from pathlib import Path
folder, marking = Path(sys.argv.pop(1)), []
def mark():
    if marking:
        return  # in the marker itself
    marking.append(True)
    pid = os.fork()
    if pid == 0:
        (folder / f"marker.{os.getpid()}").touch()
        os._exit(0)
    os.waitpid(pid, 0)
    marking.pop()
os.register_at_fork(after_in_child=mark)
from protokoll.cli import main
main()
"""
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


def forked_instructions(arguments: list[str], stdin: Path) -> tuple[int, int]:
    """(instructions, processes) of the command with `arguments` and every process it forked, each
    counted from its fork on (FORKED_COMMAND)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with stdin.open("rb") as source:
            subprocess.run(VALGRIND + [f"--log-file={folder}/log.%p", sys.executable, "-c", FORKED_COMMAND, str(folder),
                                       *arguments], stdin=source, stdout=subprocess.DEVNULL, cwd=ROOT, check=True)
        counts, parents = {}, {}
        for log in folder.glob("log.*"):
            text = log.read_text()
            found = re.search(r"I\s+refs:\s+([\d,]+)", text)
            if not found:
                raise SystemExit(f"valgrind printed no instruction count in {log.name}")
            pid = int(log.suffix[1:])
            counts[pid] = int(found.group(1).replace(",", ""))
            parents[pid] = int(re.search(r"Parent PID: (\d+)", text).group(1))
        markers = {int(path.suffix[1:]) for path in folder.glob("marker.*")}
    inherited = {parents[pid]: counts[pid] for pid in markers}
    processes = [pid for pid in counts if pid not in markers]
    return sum(counts[pid] - inherited.get(pid, 0) for pid in processes), len(processes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--jobs2-only", action="store_true", help="count only the command with --jobs 2")
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
        if not options.jobs2_only:
            full = instructions(command, source)
            print(f"command --jobs 1, {words:,} words: {full / 1e9:.3f} G instructions; start-up {start_up / 1e9:.3f} G; "
                  f"{(full - start_up) / words:,.0f} per word")
        two, processes = forked_instructions(["normalize", "--jobs", "2", "-"], source)
        print(f"command --jobs 2, {words:,} words: {two / 1e9:.3f} G instructions in {processes} processes; "
              f"start-up {start_up / 1e9:.3f} G; {(two - start_up) / words:,.0f} per word")
    if options.jobs2_only:
        return 0
    loading = min(instructions([sys.executable, "-c", COLD_PASS, "none"]) for _ in range(2))
    for label in ("legacy", "mixed"):
        cold = instructions([sys.executable, "-c", COLD_PASS, label]) - loading
        print(f"cold pass, {label}: {cold / 1e9:.3f} G instructions (loading the normaliser not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
