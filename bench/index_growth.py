"""Fit how one Whoosh index grows, from index_bench outputs at several sizes.

    .venv/bin/python -m bench.index_growth bench/out/index_bench_200k_v2.txt bench/out/index_bench_400k_v2.txt ...

Each file is the printed output of `bench.index_bench` (one size each, the same code); where a file
holds a later query run (`--skip-reindex`, appended on a quieter machine), the last figures count. For every
measure (reindex CPU, index size, peak memory, query p95) it fits a power law y = a * N^b by least
squares on the logarithms, prints the exponent b (1.0 means proportional growth) and projects the
measure to the sizes of a county and of the national archive. Three sizes give a slope, not a
proof: the projections say where one index stops carrying, not to the minute.
"""

import argparse
import math
import re
import sys
from pathlib import Path

# (label, pattern on index_bench's output, unit)
MEASURES = (
    ("reindex CPU", r"full reindex.*?; CPU (\d+(?:\.\d+)?) s", "s"),
    ("index size", r"full reindex.*?; index (\d+) MiB", "MiB"),
    ("reindex peak memory", r"full reindex.*?; peak memory (\d+) MiB", "MiB"),
    ("query p95 (CPU)", r"CPU time per query: p50 [\d.]+ ms, p95 (\d+(?:\.\d+)?) ms", "ms"),
    ("query p95 (wall)", r"with facets: p50 [\d.]+ ms, p95 (\d+(?:\.\d+)?) ms", "ms"),
    ("query process RSS", r"query process RSS (\d+) MiB", "MiB"),
)
PARAGRAPHS = re.compile(r"full reindex[^:]*: (\d+) paragraphs")
PROJECT_TO = (1_000_000, 2_000_000, 30_000_000)


class GrowthError(Exception):
    """An input file is not index_bench output, or too few sizes to fit."""


def read_run(path: Path) -> dict[str, float]:
    """The measures of one index_bench output file, keyed by label, plus 'paragraphs'."""
    text = path.read_text(encoding="utf-8")
    size = PARAGRAPHS.search(text)
    if not size:
        raise GrowthError(f"{path}: no 'full reindex' line; is it index_bench output?")
    run = {"paragraphs": float(size.group(1))}
    for label, pattern, _unit in MEASURES:
        found = re.findall(pattern, text)
        if found:
            run[label] = float(found[-1])
    return run


def fit_power_law(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(a, b) of y = a * x^b, least squares on log x and log y."""
    logs = [(math.log(x), math.log(y)) for x, y in points]
    mean_x = sum(x for x, _ in logs) / len(logs)
    mean_y = sum(y for _, y in logs) / len(logs)
    spread = sum((x - mean_x) ** 2 for x, _ in logs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in logs) / spread
    return math.exp(mean_y - slope * mean_x), slope


def growth_table(runs: list[dict[str, float]]) -> list[str]:
    """Lines of a Markdown table: measured values, the fitted exponent and projections."""
    runs = sorted(runs, key=lambda run: run["paragraphs"])
    if len({run["paragraphs"] for run in runs}) < 2:
        raise GrowthError("need index_bench output at two sizes or more to fit growth")
    sizes = [f"{int(run['paragraphs']):,}" for run in runs]
    projected = [f"{size:,} (fit)" for size in PROJECT_TO]
    lines = ["| measure | " + " | ".join(sizes) + " | exponent b | " + " | ".join(projected) + " |",
             "|---" * (len(sizes) + len(projected) + 2) + "|"]
    for label, _pattern, unit in MEASURES:
        points = [(run["paragraphs"], run[label]) for run in runs if label in run]
        if len(points) < 2:
            continue
        scale, exponent = fit_power_law(points)
        measured = [f"{run[label]:,.0f} {unit}" if label in run else "–" for run in runs]
        projections = [f"{scale * size ** exponent:,.0f} {unit}" for size in PROJECT_TO]
        lines.append(f"| {label} | " + " | ".join(measured) + f" | {exponent:.2f} | "
                     + " | ".join(projections) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", nargs="+", type=Path, help="index_bench output files, one per size")
    args = parser.parse_args(argv)
    try:
        runs = [read_run(path) for path in args.outputs]
        print("\n".join(growth_table(runs)))
    except (OSError, GrowthError) as error:
        print(f"index_growth: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
