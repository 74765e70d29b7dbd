"""Browsing with filters alone, filter values checked against the index, and exports, through
the CLI. The index is built in the test from Paragraph records with their metadata filled in,
as structure hands them to the index; the export test writes more than one page's cap.
"""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from protokoll.archive import Archive
from protokoll.index import store
from protokoll.index.search import MAX_LIMIT
from protokoll.records import Paragraph

ROOT = Path(__file__).resolve().parent.parent

ROWS = [  # organisation, body, date, doc_type, topics, decision?, title
    ("Krokoms kommun", "Socialnämnden", "2021-02-15", "protokoll", ["vård och omsorg"], True, "Hemtjänstens taxa"),
    ("Krokoms kommun", "Socialnämnden", "2021-11-08", "protokoll", ["vård och omsorg"], True, "Särskilt boende i Föllinge"),
    ("Krokoms kommun", "Socialnämnden", "2021-11-08", "protokoll", ["vård och omsorg"], False, "Information om läget"),
    ("Krokoms kommun", "Socialnämnden", "2020-06-01", "protokoll", ["vård och omsorg"], True, "Trygghetslarm"),
    ("Krokoms kommun", "Kommunstyrelsen", "2021-05-10", "protokoll", ["ekonomi och budget"], True, "Budget 2022"),
    ("Åre kommun", "Socialnämnden", "2021-09-20", "protokoll", ["vård och omsorg"], True, "Äldreboende i Järpen"),
    ("Åre kommun", "Kommunstyrelsen", "2019-03-04", "anteckningar", ["digitalisering"], False, "Fiber till byarna"),
    ("Bräcke kommun", "Kommunstyrelsen", "2022-01-17", "rapport", ["digitalisering"], False, "E-tjänster"),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    archive = Archive(tmp_path_factory.mktemp("browse"))
    archive.documents_dir.mkdir(parents=True)
    store.build(archive, [
        Paragraph(id=f"p{n}", doc_id=f"doc{n}", source=f"doc{n}.txt", ordinal=0, title=title,
                  text=f"{title}. {body} beslutar att fastställa förslaget.", section=f"§ {n + 1}", date=date,
                  organisation=org, body=body, doc_type=doc_type, topics=topics, is_decision=decision,
                  decision=f"{body} beslutar att fastställa förslaget." if decision else None,
                  case_numbers=[f"SN 2021/{n}"])
        for n, (org, body, date, doc_type, topics, decision, title) in enumerate(ROWS)])
    return archive


def hits(archive: Archive, *args: str) -> list[str]:
    result = run_cli(archive.root, "search", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.output.splitlines()]


def test_filters_alone_list_newest_first_with_facets(archive):
    """The issue's example: decisions of the social board in 2021."""
    result = run_cli(archive.root, "search", "--decisions", "--body", "Socialnämnden", "--year", "2021", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [h["id"] for h in out["hits"]] == ["p1", "p5", "p0"]
    assert [h["date"] for h in out["hits"]] == ["2021-11-08", "2021-09-20", "2021-02-15"]
    assert out["total"] == 3 and out["facets"]["organisation"] == {"Krokoms kommun": 2, "Åre kommun": 1}
    assert out["facets"]["body"] == {"Socialnämnden": 3}
    assert all(h["score"] is None for h in out["hits"])  # a date order has no score to show


def test_star_lists_everything_newest_first(archive):
    assert hits(archive, "*") == ["p7", "p1", "p2", "p5", "p4", "p0", "p3", "p6"]
    assert hits(archive, "*", "--org", "Åre kommun") == ["p5", "p6"]


def test_browse_text_output_says_the_order_and_prints_dates_not_scores(archive):
    result = run_cli(archive.root, "search", "--org", "Krokoms kommun", "--limit", "2")
    assert result.exit_code == 0
    assert "5 paragraphs match (showing 1-2, newest first)" in result.output
    assert "2021-11-08" in result.output and "score" not in result.output
    assert "body: Socialnämnden (4), Kommunstyrelsen (1)" in result.output


def test_a_query_sorted_by_date_shows_no_date_as_score(archive):
    result = run_cli(archive.root, "search", "beslutar", "--sort", "date")
    assert result.exit_code == 0 and "score" not in result.output and "newest first" in result.output
    ranked = run_cli(archive.root, "search", "beslutar")
    assert "score " in ranked.output


def test_empty_query_without_filters_is_refused(archive):
    result = run_cli(archive.root, "search")
    assert result.exit_code == 2 and "give words to search for, a filter, or '*'" in result.output


@pytest.mark.parametrize("option, value, found", [
    ("--body", "socialnämnden", ["p0", "p1", "p2", "p3", "p5"]),  # case
    ("--body", "SOCIALNAMNDEN", ["p0", "p1", "p2", "p3", "p5"]),  # case and diacritics
    ("--org", "are kommun", ["p5", "p6"]),
    ("--type", "Protokoll", ["p0", "p1", "p2", "p3", "p4", "p5"]),
    ("--topic", "Digitalisering", ["p6", "p7"]),
    ("--org", "  Bräcke   kommun ", ["p7"]),  # spaces as typed
])
def test_filter_values_match_ignoring_case_and_diacritics(archive, option, value, found):
    assert sorted(hits(archive, "*", option, value)) == found


@pytest.mark.parametrize("option, value, says", [
    ("--org", "Bracke", "no organisation 'Bracke' in the index; nearest: 'Bräcke kommun'"),
    ("--org", "Östersunds kommun", "no organisation 'Östersunds kommun' in the index"),
    ("--body", "kommunstyrelse", "no board 'kommunstyrelse' in the index; nearest: 'Kommunstyrelsen'"),
    ("--topic", "äldreomsorg", "no topic 'äldreomsorg' in the index"),
    ("--type", "protokol", "no document type 'protokol' in the index; nearest: 'protokoll'"),
    ("--type", "beslut", "no document type 'beslut' in the index"),
    ("--from", "2024-13-01", "month 13 does not exist"),
    ("--to", "2023-02-29", "2023-02 has no day 29"),
    ("--from", "10 maj", "is not a date"),
    ("--to", "2016-5-1", "is not a date"),
    ("--year", "20211", "not a year"),
])
def test_bad_filter_values_exit_2_with_one_line_naming_the_nearest(archive, option, value, says):
    for args in (("bredband",), ()):  # with a query and browsing
        result = run_cli(archive.root, "search", *args, option, value)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("protokoll: ") and says in lines[0], result.output


def test_a_backward_date_range_exits_2(archive):
    result = run_cli(archive.root, "search", "--from", "2022-01-01", "--to", "2021-12")
    assert result.exit_code == 2 and "after the end date" in result.output
    assert run_cli(archive.root, "search", "--from", "2021-11-08", "--to", "2021-11").exit_code == 0


def test_a_small_filter_lists_its_values_when_none_is_near(archive):
    result = run_cli(archive.root, "search", "*", "--topic", "xyz")
    assert result.exit_code == 2
    assert "it has: 'digitalisering', 'ekonomi och budget', 'vård och omsorg'" in result.output


def test_csv_export_of_a_browse(archive):
    result = run_cli(archive.root, "search", "--topic", "vård och omsorg", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r["id"] for r in rows] == ["p1", "p2", "p5", "p0", "p3"]
    assert rows[0]["case_numbers"] == "SN 2021/1" and rows[0]["is_decision"] == "true"
    assert rows[0]["decision"] == "Socialnämnden beslutar att fastställa förslaget." and rows[0]["score"] == ""


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory) -> Archive:
    """More paragraphs than one page may hold, so an export shows whether it is capped."""
    archive = Archive(tmp_path_factory.mktemp("big"))
    archive.documents_dir.mkdir(parents=True)
    store.build(archive, [Paragraph(id=f"b{n:04d}", doc_id=f"d{n // 20}", source=f"d{n // 20}.txt", ordinal=n % 20,
                                    title=f"Ärende {n}", text=f"Bygglov för fastighet {n}.", date=f"20{10 + n % 12}-03-01",
                                    organisation="Krokoms kommun", body="Bygg- och miljönämnden", is_decision=True)
                          for n in range(MAX_LIMIT + 150)])
    return archive


def test_exports_to_a_pipe_hold_every_match(big_archive):
    total = MAX_LIMIT + 150
    assert len(hits(big_archive, "bygglov")) == total
    rows = run_cli(big_archive.root, "search", "--decisions", "--format", "csv").stdout_bytes.decode("utf-8-sig")
    assert len(rows.splitlines()) == total + 1
    whole = json.loads(run_cli(big_archive.root, "search", "bygglov", "--json").output)
    assert whole["total"] == total and len(whole["hits"]) == total
    assert len(hits(big_archive, "bygglov", "--limit", "7")) == 7  # unless a limit is asked for
    assert len(hits(big_archive, "bygglov", "--limit", str(total - 50))) == total - 50  # beyond a page's cap
    assert hits(big_archive, "*", "--limit", "3", "--page", "2") == hits(big_archive, "*")[3:6]


def _run(archive: Archive, *args: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), "--archive", str(archive.root), "search", *args],
                          stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120)


def test_on_a_terminal_an_export_shows_one_page(big_archive):
    primary, secondary = pty.openpty()
    proc = _run(big_archive, "bygglov", "--format", "jsonl", stdout=secondary)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    assert proc.returncode == 0, proc.stderr
    assert len(output.decode("utf-8").splitlines()) == 10


def test_a_reader_that_stops_early_ends_the_export_quietly(big_archive):
    """`protokoll search ... --format csv | head -1`: a real pipe closed after the first line."""
    consumer = subprocess.Popen(["head", "-c", "100"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    proc = _run(big_archive, "*", "--format", "csv", stdout=consumer.stdin)
    consumer.stdin.close()
    consumer.wait(timeout=60)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
