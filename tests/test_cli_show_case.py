"""`protokoll show` (a paragraph in its place, a whole document) and `protokoll case`, through
the CLI over the real index of tests/resources/cases/."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli
from protokoll.index import views


def doc_id_of(archive, source: str) -> str:
    return next(doc.id for doc in archive.documents() if doc.source == source)


def test_show_document_prints_metadata_contents_and_every_paragraph(cases_archive):
    doc_id = doc_id_of(cases_archive, "ks_ostersund_2021-03-15.txt")
    result = run_cli(cases_archive.root, "show", doc_id)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "justerare: Sofia Lund" in out and "declared_range: 40-42" in out and "absent: Karl Nyberg" in out
    assert "contents (4 paragraphs):" in out
    contents = out.index("contents")
    positions = [out.index(text, contents) for text in ("§ 40 Val av justerare", "§ 41 Ny förskola i Lit (beslut)",
                                                          "§ 42 Snöröjning", "== § 40", "== § 41", "== § 42")]
    assert positions == sorted(positions)  # the table of contents, then each paragraph in order
    assert "Barnantalet i Lit ökar" in out and "Tekniska förvaltningen redovisar" in out


def test_show_document_by_the_start_of_its_id_as_json(cases_archive):
    doc_id = doc_id_of(cases_archive, "kf_ostersund_2021-06-21.txt")
    result = run_cli(cases_archive.root, "show", doc_id[:16], "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == views.document_view(cases_archive, doc_id)


def test_show_paragraph_names_previous_next_and_document(cases_archive):
    ids = [e["id"] for e in views.document_view(cases_archive, doc_id_of(cases_archive, "ks_ostersund_2021-03-15.txt"))["contents"]]
    result = run_cli(cases_archive.root, "show", ids[2])
    assert result.exit_code == 0, result.output
    assert f"previous: § 40 Val av justerare  id {ids[1]}" in result.output
    assert f"next: § 42 Snöröjning på gång- och cykelvägar  id {ids[3]}" in result.output
    assert "document justerare: Sofia Lund" in result.output and "case_numbers: KS 2021/87" in result.output
    shown = json.loads(run_cli(cases_archive.root, "show", ids[2], "--json").output)
    assert set(shown) == {"paragraph", "previous", "next", "document"} and shown["next"]["id"] == ids[3]


@pytest.mark.parametrize("item", ["nope", "0" * 64, "abcdef12"])
def test_show_unknown_exits_2_with_one_line(cases_archive, item):
    result = run_cli(cases_archive.root, "show", item)
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no paragraph or document" in result.output


def test_case_text_lists_date_board_section_title_decision(cases_archive):
    result = run_cli(cases_archive.root, "case", "ks-2021-87")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2021-03-15  Östersunds kommun Kommunstyrelsen  § 41 Ny förskola i Lit")
    assert lines[1].startswith("    beslut: Kommunstyrelsen beslutar att ge förvaltningen i uppdrag")
    assert any(line.startswith("2021-06-21  Östersunds kommun Kommunfullmäktige  § 101") for line in lines)
    assert any(line.startswith("2022-02-08  Östersunds kommun Barn- och utbildningsnämnden  § 7") for line in lines)
    assert lines[-1] == "4 paragraphs carry case number 'ks-2021-87'"
    assert "score" not in result.output  # dates are dates


def test_case_csv_opens_in_excel(cases_archive):
    result = run_cli(cases_archive.root, "case", "KS 2021/87", "--format", "csv")
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 BOM, CRLF lines
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(r["date"], r["body"], r["section"]) for r in rows] == [
        ("2021-03-15", "Kommunstyrelsen", "§ 41"), ("2021-06-21", "Kommunfullmäktige", "§ 101"),
        ("2022-02-08", "Barn- och utbildningsnämnden", "§ 7"), ("2022-02-08", "Barn- och utbildningsnämnden", "§ 8")]
    assert [r["cited"] for r in rows] == ["false", "false", "false", "true"]
    assert rows[1]["decision"].startswith("Kommunfullmäktige beslutar") and rows[1]["is_decision"] == "true"


def test_case_json_and_jsonl(cases_archive):
    whole = json.loads(run_cli(cases_archive.root, "case", "KS 2021/87", "--json").output)
    assert whole["key"] == "KS-2021-87" and whole["total"] == 4
    assert whole["paragraphs"] == views.case_history(cases_archive, "KS 2021/87")["paragraphs"]
    lines = run_cli(cases_archive.root, "case", "KS 2021/87", "--format", "jsonl").output.splitlines()
    assert [json.loads(line) for line in lines] == whole["paragraphs"]


def test_case_without_paragraphs_and_bad_numbers(cases_archive):
    none = run_cli(cases_archive.root, "case", "SN 2019/4")
    assert none.exit_code == 0 and none.output == "no paragraph carries case number 'SN 2019/4'\n"
    bad = run_cli(cases_archive.root, "case", "förskolan")
    assert bad.exit_code == 2 and "not a case number" in bad.output and "Traceback" not in bad.output


def test_case_text_marks_a_paragraph_that_only_cites_the_number(cases_archive, tmp_path):
    from test_index_views import citing_copy

    result = run_cli(citing_copy(cases_archive, tmp_path).root, "case", "KS 2021/87")
    assert "2022-02-08  Östersunds kommun Barn- och utbildningsnämnden  § 8 Skolskjutsar  (cites it)" in result.output
    assert result.output.splitlines()[-1] == "5 paragraphs carry case number 'KS 2021/87'"
