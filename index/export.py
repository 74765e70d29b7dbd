"""Search results and case histories as CSV, JSON or JSON Lines, written as they are read.

CSV is for spreadsheets: UTF-8 with a byte order mark, so Excel reads å/ä/ö right when the file
is opened with a double click; fields separated by `;`, the list separator of Excel under a
Swedish locale (where `,` is the decimal comma), so the columns come apart without an import
dialogue; lines end in CRLF, as RFC 4180 says. A cell that begins with = + - @ (a decision's
"- att ..." line) gets a leading apostrophe, so a spreadsheet shows it as text instead of
running it as a formula. Lists (topics, case numbers) are joined by ", ".

JSON is one object with the list last, written one record a line; JSON Lines is one record a line
and nothing else, for `jq` and scripts. Neither changes a value.
"""
from __future__ import annotations

import csv
import json
from typing import Iterable, TextIO

FORMATS = ("text", "csv", "json", "jsonl")
CSV_DELIMITER = ";"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Columns of each export, in order; the names are the JSON keys.
SEARCH_COLUMNS = ("date", "organisation", "body", "section", "title", "doc_type", "topics", "is_decision",
                  "decision", "case_numbers", "snippet", "score", "source", "page", "id", "doc_id")
CASE_COLUMNS = ("date", "organisation", "body", "section", "title", "is_decision", "decision", "case_numbers",
                "cited", "references", "doc_type", "source", "page", "id", "doc_id")


def search_head(query: str, results) -> dict:
    """The fields of `search --json` other than its hits, in order: with `"hits"` added, the
    object the command prints and the web's JSON API answers."""
    return {"query": query, "total": results.total, "facets": results.facets, "suggestions": results.suggestions,
            "any_word": results.any_word}


def write_csv(rows: Iterable[dict], columns: tuple[str, ...], out: TextIO) -> int:
    """Write a header and one line per row; returns the number of rows.

    >>> import io; out = io.StringIO()
    >>> write_csv([{"title": "Budget; 2024", "topics": ["ekonomi", "skola"], "decision": "- att anta"}],
    ...           ("title", "topics", "decision"), out)
    1
    >>> out.getvalue()
    '\\ufefftitle;topics;decision\\r\\n"Budget; 2024";ekonomi, skola;\\'- att anta\\r\\n'
    """
    out.write(BOM)
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in columns])
        count += 1
    return count


def csv_cell(value) -> str:
    """One value as spreadsheet text.

    >>> csv_cell(None), csv_cell(True), csv_cell(["KS 2021/87", "SN 2021/4"]), csv_cell("=SUMMA(A1)"), csv_cell(12)
    ('', 'true', 'KS 2021/87, SN 2021/4', "'=SUMMA(A1)", '12')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_jsonl(rows: Iterable[dict], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(head: dict, list_name: str, rows: Iterable[dict], out: TextIO) -> int:
    """One JSON object: the fields of `head`, then `list_name` holding the rows, one a line.

    >>> import io; out = io.StringIO()
    >>> write_json({"total": 2}, "hits", [{"id": "a"}, {"id": "b"}], out)
    2
    >>> json.loads(out.getvalue())
    {'total': 2, 'hits': [{'id': 'a'}, {'id': 'b'}]}
    """
    opening = json.dumps({**head, list_name: []}, ensure_ascii=False)
    out.write(opening[: opening.rindex("[") + 1] + "\n")  # the object up to its list, left open
    count = 0
    for row in rows:
        out.write((",\n" if count else "") + json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write(fmt: str, head: dict, list_name: str, rows: Iterable[dict], columns: tuple[str, ...], out: TextIO) -> int:
    """Rows in one of the machine formats (csv, json, jsonl); `head` goes into JSON only."""
    if fmt == "csv":
        return write_csv(rows, columns, out)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "json":
        return write_json(head, list_name, rows, out)
    raise ValueError(f"not a machine format: {fmt!r}")
