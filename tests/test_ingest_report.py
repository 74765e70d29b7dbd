"""The terminal table and the usage errors of `protokoll ingest`."""
from conftest import run_cli
from protokoll.errors import ExitCode
from protokoll.ingest.batch import BatchReport, format_table
from protokoll.ingest.files import ImportResult


def test_table_counts_each_status_and_names_each_failure():
    report = BatchReport(started="2026-01-01T00:00:00+00:00", jobs=2, path="arkiv/reports/r.json", results=[
        ImportResult("a.pdf", "new"), ImportResult("b.pdf", "new"), ImportResult("c.txt", "unchanged"),
        ImportResult("d.pdf", "re-ocr"), ImportResult("e.pdf", "failed", reason="empty file (0 bytes)"),
        ImportResult("g.pdf", "no-text"), ImportResult("h.png", "failed-earlier", reason="failed earlier (see report x)")],
        skipped=["in/f.xlsx", "in/i.mp3"])
    lines = format_table(report).splitlines()
    assert [line.strip().rsplit(None, 1) for line in lines[:6]] == [
        ["new", "2"], ["re-OCR'd", "1"], ["unchanged", "1"], ["no text", "1"], ["failed", "1"], ["failed earlier", "1"]]
    assert lines[6].split() == ["skipped", "2", "(unsupported:", "f.xlsx,", "i.mp3)"]
    assert "FAILED e.pdf: empty file (0 bytes)" in lines and "h.png: failed earlier (see report x)" in lines
    assert lines[-1] == "report: arkiv/reports/r.json"


def test_summary_line_names_what_was_skipped_and_the_report():
    report = BatchReport(started="", jobs=1, path="r.json", results=[ImportResult("a.pdf", "new")] * 12 + [
        ImportResult("b.pdf", "unchanged")] * 3 + [ImportResult("c.pdf", "no-text"), ImportResult("d", "failed")],
        skipped=[f"in/{n}.xlsx" for n in "abcdefg"])
    assert report.summary_line() == ("ingest: 12 new, 3 unchanged, 1 no text, 1 failed, "
                                     "7 skipped (unsupported: a.xlsx, b.xlsx, c.xlsx, d.xlsx, e.xlsx, …); report: r.json")


def test_bad_jobs_and_missing_paths_are_usage_errors(tmp_path):
    assert run_cli(tmp_path / "arkiv", "ingest", "--jobs", "0", str(tmp_path)).exit_code == ExitCode.usage
    assert run_cli(tmp_path / "arkiv", "ingest").exit_code == ExitCode.usage


def test_a_path_that_does_not_exist_fails_alone(tmp_path):
    (tmp_path / "a.txt").write_text("Protokoll från Åre.\n", encoding="utf-8")
    result = run_cli(tmp_path / "arkiv", "ingest", str(tmp_path / "a.txt"), str(tmp_path / "saknas.pdf"))
    assert result.exit_code == ExitCode.some_files_failed
    assert "saknas.pdf: no such file or folder" in result.output
