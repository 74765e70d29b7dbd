"""bench/index_growth.py: the growth fit that docs/scaling.md quotes."""

from pathlib import Path

import pytest

from bench import index_growth


def bench_output(paragraphs: int, cpu: float, size: int, p95: float) -> str:
    return (
        f"full reindex (protokoll reindex, normalisation included): {paragraphs} paragraphs from 10 "
        f"documents in {cpu / 2:.1f} s wall (1 paragraphs/s); CPU {cpu:.0f} s over 2 writer processes "
        f"(1 paragraphs per CPU-second, so about 1 s on 2 idle cores); peak memory 900 MiB; index {size} MiB\n"
        f"queries: 130 (26 kinds x 5), with facets: p50 1.0 ms, p95 {p95} ms, max 9.0 ms "
        f"(CPU time per query: p50 1.0 ms, p95 {p95} ms); first query in a new process 9.0 ms; "
        f"query process RSS 100 MiB; facets filled: True\n"
    )


def test_the_fit_recovers_a_known_power_law():
    scale, exponent = index_growth.fit_power_law([(n, 3.0 * n ** 1.2) for n in (1e5, 2e5, 8e5)])
    assert exponent == pytest.approx(1.2)
    assert scale == pytest.approx(3.0)


def test_the_table_projects_proportional_growth_proportionally(tmp_path):
    files = []
    for paragraphs in (200_000, 400_000):
        path = tmp_path / f"{paragraphs}.txt"
        path.write_text(bench_output(paragraphs, paragraphs / 500, paragraphs // 400, paragraphs / 4000))
        files.append(index_growth.read_run(path))
    size_row = next(line for line in index_growth.growth_table(files) if line.startswith("| index size"))
    cells = [cell.strip() for cell in size_row.split("|")[1:-1]]
    assert cells[1:4] == ["500 MiB", "1,000 MiB", "1.00"]
    assert cells[4] == "2,500 MiB"  # 1,000,000 paragraphs


def test_a_later_query_run_in_the_same_file_counts(tmp_path):
    path = tmp_path / "run.txt"
    quiet_queries = bench_output(200_000, 400, 600, 40.0).splitlines()[1]
    path.write_text(bench_output(200_000, 400, 600, 90.0) + quiet_queries + "\n")
    assert index_growth.read_run(path)["query p95 (CPU)"] == 40.0


def test_a_file_that_is_not_bench_output_is_a_one_line_error(tmp_path, capsys):
    stray = tmp_path / "notes.txt"
    stray.write_text("nothing measured here\n")
    assert index_growth.main([str(stray)]) == 2
    assert capsys.readouterr().err.strip() == f"index_growth: {stray}: no 'full reindex' line; is it index_bench output?"


def test_one_size_is_too_few_to_fit(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(bench_output(200_000, 400, 600, 40.0))
    with pytest.raises(index_growth.GrowthError):
        index_growth.growth_table([index_growth.read_run(path)])


def test_the_scaling_page_quotes_what_the_script_prints_from_the_committed_runs():
    root = Path(__file__).resolve().parent.parent
    runs = [index_growth.read_run(root / "bench" / "out" / name) for name in
            ("index_bench_200k_same_code.txt", "index_bench_400k_same_code.txt", "index_bench_800k.txt")]
    page = (root / "docs" / "scaling.md").read_text(encoding="utf-8")
    quoted = page.split("<!-- index-growth -->\n", 1)[1].split("\n<!-- /index-growth -->", 1)[0]
    assert quoted.splitlines() == index_growth.growth_table(runs)
