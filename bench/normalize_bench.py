"""Benchmark of the normaliser: accuracy on the dev set, over-correction, speed and start-up.

    PYTHONPATH=. python bench/normalize_bench.py

Dev set (tests/resources/normalize/devset/, made by bench/normalize_devset.py): each document as
truth, eng OCR (the legacy damage) and swe OCR (fresh). "train" documents were learned from
(confusion table, context model); "heldout" documents never were.
- WER: word error rate over \\w+ tokens (case-sensitive); CER: character error rate over the text
  with whitespace runs made one space. Both before and after `normalize.repair`, page by page.
- swe OCR WER is printed as the floor: errors of scanning itself that no normaliser should fix.
- "heldout 04-06": the first three held-out documents alone (the figure before 07-09 were added).
- Leave-one-out: the train documents again, each with a context model learned without it.
- Over-correction: share of tokens `normalize.explain` changes in clean Swedish (all clean texts
  in data/ and bench/) and in fresh swe OCR.
- Speed: tokens per second, warm (lexicon loaded, caches filled by one pass), one process, timed
  round by round (a round repairs every page of the set once): the median round and the best
  round, each in tokens per second of wall time and per CPU-second. The best round is the figure
  least disturbed by other work sharing the machine (as timeit advises, take the minimum time);
  the median shows a typical round on the machine as it was.
- Start-up: a new Python process importing normalize and repairing one line (lexicon cache warm).

With --tuning: train and dev accuracy and the over-correction alone; the held-out documents are
not repaired (what may be looked at while tuning).
"""
from __future__ import annotations

import dataclasses
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from protokoll import normalize
from protokoll.datafiles import SAMPLES_DIR
from protokoll.normalize.context import ContextModel
from protokoll.normalize.learn import CLEAN_SAMPLES, CORPUS_DIR, PAIRS_DIR, learn_clean

ROOT = Path(__file__).resolve().parent.parent
DEVSET_DIR = ROOT / "tests" / "resources" / "normalize" / "devset"
# The first held-out documents, printed on their own too, so figures from before heldout_07..09
# were added stay comparable.
FIRST_HELDOUT = ("heldout_04", "heldout_05", "heldout_06")
WORDS = re.compile(r"\w+")


def repair_pages(text: str, normaliser: normalize.Normaliser | None = None) -> str:
    repair = (normaliser or normalize.default_normaliser()).repair
    return "\f".join(repair(page) for page in text.split("\f"))


def wer(truth: str, hyp: str) -> tuple[int, int]:
    t, h = WORDS.findall(truth), WORDS.findall(hyp)
    return Levenshtein.distance(t, h), len(t)


def cer(truth: str, hyp: str) -> tuple[int, int]:
    t, h = " ".join(truth.split()), " ".join(hyp.split())
    return Levenshtein.distance(t, h), len(t)


def changed_share(texts: list[str]) -> tuple[int, int]:
    changed = tokens = 0
    for text in texts:
        for page in text.split("\f"):
            changed += sum(1 for c in normalize.explain(page)[1] if c.reason != "hyphenation")
            tokens += len(WORDS.findall(page))
    return changed, tokens


def pct(pair: tuple[int, int]) -> str:
    return f"{100 * pair[0] / max(1, pair[1]):6.2f}%"


def add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def devset() -> dict[str, dict[str, str]]:
    docs = {}
    for truth in sorted(DEVSET_DIR.glob("*.truth.txt")):
        name = truth.name.removesuffix(".truth.txt")
        docs[name] = {kind: (DEVSET_DIR / f"{name}.{kind}.txt").read_text(encoding="utf-8") for kind in ("truth", "eng", "swe")}
    return docs


def accuracy(docs: dict[str, dict[str, str]], tuning: bool = False) -> None:
    """WER and CER per document and per group; with `tuning` the held-out documents are not
    repaired at all (what tuning may look at: train and dev)."""
    if tuning:
        docs = {name: doc for name, doc in docs.items() if not name.startswith("heldout")}
    print(f"{'document':44} {'WER before':>10} {'after':>8} {'CER before':>10} {'after':>8} {'swe WER':>8} {'swe chg':>8}")
    totals: dict[str, dict[str, tuple[int, int]]] = {}
    for name, doc in docs.items():
        split = name.split("_")[0]  # train, dev (looked at while tuning), heldout (never)
        groups = [split, "all"] + (["heldout 04-06"] if name.startswith(FIRST_HELDOUT) else [])
        repaired = repair_pages(doc["eng"])
        row = {
            "wer_before": wer(doc["truth"], doc["eng"]), "wer_after": wer(doc["truth"], repaired),
            "cer_before": cer(doc["truth"], doc["eng"]), "cer_after": cer(doc["truth"], repaired),
            "swe_wer": wer(doc["truth"], doc["swe"]), "swe_changed": changed_share([doc["swe"]]),
        }
        for group in groups:
            acc = totals.setdefault(group, {})
            for key, value in row.items():
                acc[key] = add(acc.get(key, (0, 0)), value)
        print(f"{name[:44]:44} {pct(row['wer_before']):>10} {pct(row['wer_after']):>8} {pct(row['cer_before']):>10} "
              f"{pct(row['cer_after']):>8} {pct(row['swe_wer']):>8} {pct(row['swe_changed']):>8}")
    for group in ("train", "dev", "heldout", "heldout 04-06", "all"):
        row = totals.get(group)
        if row:
            print(f"{'TOTAL ' + group:44} {pct(row['wer_before']):>10} {pct(row['wer_after']):>8} {pct(row['cer_before']):>10} "
                  f"{pct(row['cer_after']):>8} {pct(row['swe_wer']):>8} {pct(row['swe_changed']):>8}  ({row['wer_before'][1]} words)")


def clean_texts() -> dict[str, str]:
    texts = {name: (SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8") for name in CLEAN_SAMPLES}
    for path in sorted(CORPUS_DIR.glob("*.txt")) + sorted(PAIRS_DIR.glob("*.txt")) + sorted((ROOT / "bench" / "normalize_texts").glob("*.txt")):
        texts[path.stem] = path.read_text(encoding="utf-8")
    return texts


def over_correction() -> None:
    total = (0, 0)
    for name, text in clean_texts().items():
        share = changed_share([text])
        total = add(total, share)
        print(f"clean {name[:38]:38} {share[0]:4d} of {share[1]:5d} tokens changed {pct(share)}")
    print(f"clean TOTAL {total[0]} of {total[1]} tokens changed {pct(total)}")


def leave_one_out(docs: dict[str, dict[str, str]]) -> None:
    """WER on each train document with the context model learned without that document (the
    merged lexicon still holds its words): a fairer figure for the train group."""
    sources = {f"train_sample_{name[:3]}": (SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8") for name in CLEAN_SAMPLES}
    sources.update({path.stem: path.read_text(encoding="utf-8") for path in sorted(CORPUS_DIR.glob("*.txt"))})
    errors = (0, 0)
    base = normalize.default_normaliser()
    for name, doc in docs.items():
        if name not in sources:
            continue
        learned = learn_clean(text for other, text in sources.items() if other != name)
        context = ContextModel()
        context.add(learned.words, learned.bigrams, learned.lowercase)
        normaliser = normalize.Normaliser(base.config, dataclasses.replace(base.model, context=context))
        errors = add(errors, wer(doc["truth"], repair_pages(doc["eng"], normaliser)))
    print(f"train, leave-one-out context model: WER after {pct(errors)} ({errors[1]} words)")


SPEED_SECONDS = 3.0  # time each set for at least this long ...
SPEED_MIN_ROUNDS = 5  # ... and at least this many rounds


def speed(docs: dict[str, dict[str, str]]) -> None:
    pages = [page for doc in docs.values() for kind in ("eng", "swe", "truth") for page in doc[kind].split("\f")]
    for page in pages:  # warm: lexicon loaded, word cache filled
        normalize.repair(page)
    for label, subset in (("mixed (eng+swe+clean)", pages), ("legacy eng OCR only", [p for d in docs.values() for p in d["eng"].split("\f")])):
        n = sum(len(WORDS.findall(page)) for page in subset)
        walls, cpus = timed_rounds(subset)
        # Wall and CPU figures differ when other work shares the core.
        print(f"speed, warm, {label} ({len(walls)} rounds of {n} tokens): "
              f"median round {n / statistics.median(walls):,.0f} tokens/s wall, {n / statistics.median(cpus):,.0f} per CPU-second; "
              f"best round {n / min(walls):,.0f} tokens/s wall, {n / min(cpus):,.0f} per CPU-second")


def timed_rounds(pages: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each round of repairing `pages`."""
    walls: list[float] = []
    cpus: list[float] = []
    while sum(walls) < SPEED_SECONDS or len(walls) < SPEED_MIN_ROUNDS:
        start, cpu_start = time.perf_counter(), time.process_time()
        for page in pages:
            normalize.repair(page)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu_start)
    return walls, cpus


def startup() -> None:
    code = "from protokoll import normalize; normalize.repair('I Jimtlands ldn har det linge funnits en etablerad samverkan')"
    cmd = [sys.executable, "-c", code]
    subprocess.run(cmd, check=True, cwd=ROOT)  # make sure the lexicon cache exists
    times, cpu_times = [], []
    for _ in range(3):
        start, before = time.perf_counter(), os.times()
        subprocess.run(cmd, check=True, cwd=ROOT)
        after = os.times()
        times.append(time.perf_counter() - start)
        cpu_times.append(after.children_user + after.children_system - before.children_user - before.children_system)
    print(f"start-up (new process, import + first repair, cache warm): best {min(times):.2f} s wall, "
          f"{min(cpu_times):.2f} s CPU, of 3")


def main() -> None:
    docs = devset()
    if "--tuning" in sys.argv[1:]:
        accuracy(docs, tuning=True)
        over_correction()
        return
    accuracy(docs)
    leave_one_out(docs)
    over_correction()
    speed(docs)
    startup()


if __name__ == "__main__":
    main()
