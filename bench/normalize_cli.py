"""Benchmark of `protokoll normalize` through the command itself, on about 500,000 words of legacy OCR.

    .venv/bin/python -m bench.normalize_cli [--words 500000] [--jobs N ...] [--keep DIR]

The input: the eng-OCR'd pages of the synthetic dev set (tests/resources/normalize/devset/*.eng.txt,
legacy OCR without Swedish letters), repeated in a seeded order until there are `--words` words,
pages parted by form feeds as a text export writes them. From the second repetition on, about one
word in thirty gets one more seeded OCR misreading ("rn" for "m", "1" for "l", "c" for "e", ...),
so that the command meets new words all the way through and not only the dev set's vocabulary
(a real archive repeats most of its words too, but not all).

For each `--jobs` value the command runs in a new process, its output to a file, and the script
prints:
- words per second, wall (the figure a user waits for) and per CPU-second of the command and
  every process it started (the figure that other work on the machine disturbs least);
- peak memory: the largest sum of the resident sizes of the command and its worker processes,
  polled every 50 ms;
- whether the output is byte for byte the output of the first `--jobs` value.
Start-up: the command on a one-line input, best of three (lexicon cache warm).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests/resources/normalize/devset"
COMMAND = [str(Path(sys.executable).with_name("protokoll")), "normalize"]
WORDS = re.compile(r"\w+")
MISREADINGS = (("m", "rn"), ("l", "1"), ("e", "c"), ("i", "l"), ("n", "ri"), ("o", "0"), ("h", "li"), ("a", "e"))
MISREAD_SHARE = 1 / 30
SEED = 19


def legacy_text(words: int) -> str:
    """About `words` words of legacy OCR pages, parted by form feeds (see the module's docstring)."""
    pages = [page for path in sorted(DEVSET.glob("*.eng.txt"))
             for page in path.read_text(encoding="utf-8").split("\f") if page.strip()]
    rng = random.Random(SEED)
    out: list[str] = []
    count, repetition = 0, 0
    while count < words:
        order = pages[:]
        rng.shuffle(order)
        for page in order:
            if repetition:
                page = WORDS.sub(lambda m: misread(m.group(), rng), page)
            out.append(page)
            count += len(WORDS.findall(page))
            if count >= words:
                break
        repetition += 1
    return "\f".join(out)


def misread(word: str, rng: random.Random) -> str:
    if rng.random() >= MISREAD_SHARE:
        return word
    old, new = rng.choice([m for m in MISREADINGS if m[0] in word] or [("", "")])
    if not old:
        return word
    at = rng.choice([i for i in range(len(word)) if word.startswith(old, i)])
    return word[:at] + new + word[at + len(old):]


def tree_rss(root: int) -> int:
    """Resident bytes of process `root` and all its descendants (read from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid, size in rss.items():
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += size
    return total


def run(args: list[str], stdin_path: Path, stdout_path: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the command and its children, peak resident bytes of the tree)."""
    before = os.times()
    start = time.perf_counter()
    with stdin_path.open("rb") as stdin, stdout_path.open("wb") as stdout:
        process = subprocess.Popen(COMMAND + args + ["-"], stdin=stdin, stdout=stdout, cwd=ROOT)
        peak = 0
        done = threading.Event()

        def poll() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, tree_rss(process.pid))

        poller = threading.Thread(target=poll)
        poller.start()
        code = process.wait()
        done.set()
        poller.join()
    wall = time.perf_counter() - start
    after = os.times()
    if code:
        raise SystemExit(f"{' '.join(COMMAND + args)} exited with {code}")
    return wall, after.children_user + after.children_system - before.children_user - before.children_system, peak


def startup(folder: Path, args: list[str]) -> tuple[float, float]:
    """Best of three (wall, CPU) of the command on one line."""
    line = folder / "line.txt"
    line.write_text("I Jimtlands ldn har det linge funnits en etablerad samverkan\n", encoding="utf-8")
    runs = [run(args, line, folder / "line.out")[:2] for _ in range(4)][1:]  # the first may build the lexicon cache
    return min(w for w, _ in runs), min(c for _, c in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1],
                        help="run the command once for each; 0 leaves --jobs out (the command's default)")
    parser.add_argument("--keep", type=Path, help="write the input and outputs here instead of a temporary folder")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = options.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        text = legacy_text(options.words)
        source = folder / "legacy.txt"
        source.write_text(text, encoding="utf-8")
        words = len(WORDS.findall(text))
        print(f"input: {words:,} words, {text.count(chr(12)) + 1:,} pages, {len(text.encode()):,} bytes; "
              f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
        first_digest = None
        for jobs in options.jobs:
            args = [] if jobs == 0 else ["--jobs", str(jobs)]
            label = "--jobs default" if jobs == 0 else f"--jobs {jobs}"
            up_wall, up_cpu = startup(folder, args)
            output = folder / f"legacy.jobs{jobs}.out"
            wall, cpu, peak = run(args, source, output)
            digest = hashlib.sha256(output.read_bytes()).hexdigest()
            first_digest = first_digest or digest
            same = "the same output" if digest == first_digest else "OUTPUT DIFFERS from the first run"
            print(f"{label}: {words / wall:,.0f} words/s wall ({wall:.2f} s), {words / cpu:,.0f} per CPU-second "
                  f"({cpu:.2f} CPU-s), peak RSS {peak / 2**20:,.0f} MiB; start-up {up_wall:.2f} s wall, "
                  f"{up_cpu:.2f} s CPU; {same} (sha256 {digest[:12]}); load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
