"""Filters, facets, sorting, paging, the JSON form and bad queries, through the CLI.

The index is built from Paragraph records with their metadata filled in, as structure
extraction hands them to the index, so every filter has values to act on.
"""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from protokoll.index import store
from protokoll.archive import Archive
from protokoll.records import Paragraph

ROOT = Path(__file__).resolve().parent.parent

ROWS = [  # organisation, body, date, topics, decision?, title, text
    ("Krokoms kommun", "Kommunstyrelsen", "2016-05-10", ["bredband"], True, "Bredbandsutbyggnad",
     "Kommunstyrelsen beslutar att avsätta medel till bredbandsutbyggnad i byarna. KS 2016/214"),
    ("Krokoms kommun", "Kommunstyrelsen", "2019-02-11", ["bredband"], False, "Uppföljning bredband",
     "Förvaltningen redovisar hur bredbandsutbyggnaden fortskrider i Föllinge."),
    ("Krokoms kommun", "Socialnämnden", "2019-03-04", ["äldreomsorg"], True, "Hemtjänstens bemanning",
     "Socialnämnden beslutar att förstärka hemtjänsten med bredband till trygghetslarmen."),
    ("Åre kommun", "Kommunstyrelsen", "2023-09-18", ["bredband", "infrastruktur"], True, "Fiber till Duved",
     "Kommunstyrelsen beslutar att bredband och fiber ska byggas ut till Duved."),
    ("Åre kommun", "Kommunstyrelsen", "2023-10-02", ["infrastruktur"], False, "Vägunderhåll",
     "Information om vägunderhåll och bredband längs E14."),
    ("Region Jämtland Härjedalen", "Regionstyrelsen", "2016-11-21", ["beredskap"], False, "Influensaberedskap",
     "Regionen informerar om influensaberedskap och bredband till vårdcentralerna."),
]


def paragraphs() -> list[Paragraph]:
    out = []
    for n, (org, body, date, topics, decision, title, text) in enumerate(ROWS):
        out.append(Paragraph(id=f"p{n:02d}", doc_id=f"doc{n // 2}", source=f"doc{n // 2}.txt", ordinal=n % 2,
                             title=title, text=text, section=f"§ {10 + n}", page=1, date=date, organisation=org,
                             body=body, doc_type="protokoll" if n != 5 else "anteckningar", topics=topics,
                             is_decision=decision, decision=text if decision else None))
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    archive = Archive(tmp_path_factory.mktemp("filters"))
    archive.documents_dir.mkdir(parents=True)
    store.build(archive, paragraphs())
    return archive


def ids(archive: Archive, *args: str) -> list[str]:
    result = run_cli(archive.root, "search", *args, "--json", "--limit", "50")
    assert result.exit_code == 0, result.output
    return [hit["id"] for hit in json.loads(result.output)["hits"]]


@pytest.mark.parametrize("options, expected", [
    ((), {"p00", "p01", "p02", "p03", "p04", "p05"}),
    (("--org", "Åre kommun"), {"p03", "p04"}),
    (("--body", "Socialnämnden"), {"p02"}),
    (("--year", "2019"), {"p01", "p02"}),
    (("--from", "2019-03-01", "--to", "2023-09-30"), {"p02", "p03"}),
    (("--to", "2016-05"), {"p00"}),
    (("--topic", "infrastruktur"), {"p03", "p04"}),
    (("--type", "anteckningar"), {"p05"}),
    (("--decisions",), {"p00", "p02", "p03"}),
    (("--decisions", "--org", "Krokoms kommun", "--year", "2019"), {"p02"}),
])
def test_filters(archive, options, expected):
    assert set(ids(archive, "bredband", *options)) == expected


def test_sort_by_date_newest_first(archive):
    assert ids(archive, "bredband", "--sort", "date") == ["p04", "p03", "p02", "p01", "p05", "p00"]


def test_pages_do_not_overlap(archive):
    pages = []
    for page in ("1", "2"):
        result = run_cli(archive.root, "search", "bredband", "--sort", "date", "--limit", "2", "--page", page, "--json")
        pages.append([hit["id"] for hit in json.loads(result.output)["hits"]])
    assert pages == [["p04", "p03"], ["p02", "p01"]]


@pytest.mark.parametrize("phrase, expected", [
    ('"beslutar att förstärka hemtjänsten"', ["p02"]),
    ('"bredband och fiber"', ["p03"]),  # a stop word inside leaves no gap, as when typed
    ('"fiber och bredband"', []),  # the same words in another order are not the phrase
    ('"Fiber till Duved"', ["p03"]),  # a title
    ('"bredband längs"', ["p04"]),
])
def test_phrases_match_words_in_order(archive, phrase, expected):
    assert ids(archive, phrase) == expected


def test_total_counts_every_match_not_just_the_page(archive):
    out = json.loads(run_cli(archive.root, "search", "bredband", "--json", "--limit", "1").output)
    assert out["total"] == 6 and len(out["hits"]) == 1


def test_json_carries_hits_and_facets_over_the_whole_result_set(archive):
    result = run_cli(archive.root, "search", "bredband", "--json", "--limit", "1")
    out = json.loads(result.output)
    assert set(out) == {"query", "total", "hits", "facets", "suggestions", "any_word"} and out["any_word"] is False
    assert out["total"] == 6 and len(out["hits"]) == 1
    assert out["facets"]["organisation"] == {"Krokoms kommun": 3, "Åre kommun": 2, "Region Jämtland Härjedalen": 1}
    assert out["facets"]["year"] == {"2016": 2, "2019": 2, "2023": 2}
    assert out["facets"]["topic"] == {"bredband": 3, "infrastruktur": 2, "beredskap": 1, "äldreomsorg": 1}
    hit = out["hits"][0]
    for key in ("id", "doc_id", "source", "section", "title", "date", "organisation", "body", "doc_type",
                "topics", "is_decision", "page", "score", "snippet", "snippet_spans"):
        assert key in hit
    assert all(hit["snippet"][s:e].lower().startswith("bredband") for s, e in hit["snippet_spans"])


def test_facets_follow_the_filters(archive):
    out = json.loads(run_cli(archive.root, "search", "bredband", "--decisions", "--json").output)
    assert out["facets"]["organisation"] == {"Krokoms kommun": 2, "Åre kommun": 1}


def test_case_number_with_slash(archive):
    assert ids(archive, "KS 2016/214") == ["p00"]


def test_plain_output_has_no_colour_and_lists_facets(archive):
    result = run_cli(archive.root, "search", "bredband", "--limit", "2")
    assert result.exit_code == 0 and "\x1b[" not in result.output
    assert "6 paragraphs match" in result.output and "Krokoms kommun (3)" in result.output
    single = run_cli(archive.root, "search", "KS 2016/214")
    assert "1 paragraph matches (showing 1-1)" in single.output


def test_terminal_output_is_coloured(archive):
    """A real pseudo-terminal: the matched words are wrapped in ANSI colour codes."""
    primary, secondary = pty.openpty()
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--archive", str(archive.root), "search", "fiber"],
                          stdout=secondary, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=60)
    os.close(secondary)
    output = os.read(primary, 65536).decode("utf-8", "replace")
    os.close(primary)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" in output and "fiber" in output


@pytest.mark.parametrize("query, says", [
    ("", "empty"),
    ('""', "empty"),
    ("(bredband", "parenthesis"),
    ("bredband)", "parenthesis"),
    ("OCH", "needs a word"),
    ("bredband OCH", "needs a word"),
    ("ELLER bredband", "needs a word"),
    ("INTE bredband", "must follow"),
    ("bredband OCH ELLER fiber", "needs a word"),
    ("b*", "wildcard"),  # ("*" alone browses: tests/test_cli_browse.py)
    ("och", "no words"),
])
def test_query_syntax_errors_give_one_line_and_exit_2(archive, query, says):
    result = run_cli(archive.root, "search", query)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("protokoll: ") and says in lines[0], result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [("--from", "10 maj"), ("--to", "2016-5-1"), ("--limit", "0"), ("--page", "0")])
def test_bad_options_exit_2(archive, args):
    result = run_cli(archive.root, "search", "bredband", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("query", ['"bredband', "bredband*", "bredband OR fiber", "fiber NOT Duved", "02091-C-71",
                                   "E14:", "bredband^2", "[a TO b]", "KS: 2016/214", "bredband AND (fiber)"])
def test_odd_but_meaningful_queries_work(archive, query):
    result = run_cli(archive.root, "search", query)
    assert result.exit_code == 0, result.output


def test_did_you_mean(archive):
    out = json.loads(run_cli(archive.root, "search", "bredbnad", "--json").output)
    assert out["total"] == 0 and out["suggestions"] == ["bredband"]
    plain = run_cli(archive.root, "search", "bredbnad").output
    assert "did you mean: bredband" in plain


def test_stats_counts_and_facet_totals(archive):
    out = json.loads(run_cli(archive.root, "stats", "--json").output)
    assert out["paragraphs"] == 6 and out["decisions"] == 3
    assert out["facets"]["organisation"]["Krokoms kommun"] == 3
    assert out["facets"]["doc_type"] == {"anteckningar": 1, "protokoll": 5}
    text = run_cli(archive.root, "stats").output
    assert "paragraphs: 6" in text and "decisions: 3" in text and "Åre kommun (2)" in text


def test_show_prints_paragraph_and_metadata(archive):
    result = run_cli(archive.root, "show", "p03")
    assert result.exit_code == 0
    assert "organisation: Åre kommun" in result.output and "topics: bredband, infrastruktur" in result.output
    assert "Duved" in result.output
    missing = run_cli(archive.root, "show", "nope")
    assert missing.exit_code == 2 and "no paragraph" in missing.output


def test_no_query_crashes(archive):
    """Random queries built from operators, quotes, brackets and odd characters: each one either
    searches or is refused with BadQuery (exit 2); nothing else escapes."""
    import random

    from protokoll.errors import BadQuery
    from protokoll.index.search import SearchRequest, search

    pieces = ["bredband", "fiber", "Åre", "OCH", "ELLER", "INTE", "AND", "OR", "NOT", '"', "(", ")", "*", "?",
              "KS", "2016/214", "02091-C-71", ":", "^2", "[", "]", "{", "}", "-", "/", "\\", "~", "§", "'", "och",
              "ä", "x*", "bred*", "  ", "\t", "TO", "+", "!", "&&", "||", "%", "\u200b", "😀"]
    rng = random.Random(6)
    outcomes = {"ok": 0, "refused": 0}
    for _ in range(300):
        query = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        try:
            search(archive, SearchRequest(query))
            outcomes["ok"] += 1
        except BadQuery as exc:
            assert "\n" not in exc.message
            outcomes["refused"] += 1
    assert outcomes["ok"] > 50 and outcomes["refused"] > 20, outcomes


@pytest.mark.parametrize("query, options, right", [
    ("vad beslutades om fiber", ("--org", "Åre kommun", "--decisions"), "p03"),
    ("bredband Föllinge", ("--year", "2019"), "p01"),
    ("influensaberedskap", ("--from", "2016-01-01", "--to", "2016-12-31"), "p05"),
    ("hemtjänsten", ("--body", "Socialnämnden"), "p02"),
    ("vägunderhåll", ("--topic", "infrastruktur"), "p04"),
])
def test_filtered_staff_queries_find_the_right_paragraph_in_top_3(archive, query, options, right):
    assert right in ids(archive, query, *options)[:3]
