"""The document, case and browse pages, previous/next, filter errors and CSV downloads, over
HTTP from a real `protokoll serve`. The case pages use tests/resources/cases/: one case, the new
preschool in Lit, through three boards, its number written three ways."""
from __future__ import annotations

import csv
import html as html_module
import io
import re

import httpx
import pytest

from web_support import CASE_NUMBER, server, web_archive  # noqa: F401

KS, KF, BUN = "ks_ostersund_2021-03-15.txt", "kf_ostersund_2021-06-21.txt", "bun_ostersund_2022-02-08.txt"


def get(server: str, path: str, **params) -> httpx.Response:
    return httpx.get(server + path, params=params or None, timeout=30)


def doc_id(archive, source: str) -> str:
    return next(doc.id for doc in archive.documents() if doc.source == source)


def text_of(fragment: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def rows_of(page: str) -> list[list[str]]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_document_page_has_metadata_contents_and_every_paragraph_in_order(server, web_archive):
    ks = doc_id(web_archive, KS)
    page = get(server, f"/dokument/{ks}")
    assert page.status_code == 200
    html = page.text
    metadata = text_of(html.split('<dl class="metadata">')[1].split("</dl>")[0])
    for fact in ("2021-03-15", "Östersunds kommun", "Kommunstyrelsen", "Protokoll", "Karl Nyberg", "Sofia Lund", "§ 40-42"):
        assert fact in metadata, fact
    contents = re.findall(r'<li><a href="#p-([^"]+)">([^<]*)</a>', html)
    assert [title for _, title in contents][1:] == ["§ 40 Val av justerare", "§ 41 Ny förskola i Lit",
                                                    "§ 42 Snöröjning på gång- och cykelvägar"]
    sections = re.findall(r'<section class="paragraph" id="p-([^"]+)">', html)
    assert sections == [anchor for anchor, _ in contents]  # every paragraph, in the contents' order
    assert html.index("Sofia Lund väljs att justera") < html.index("förskola med sex avdelningar") < html.index("snöröjning")
    assert f'href="/arende/KS-2021-87">KS 2021/87</a>' in html
    assert f'href="/original/{ks}"' in html
    assert get(server, f"/dokument/{ks[:12]}").text == html  # the start of an id, as paragraph ids begin
    assert get(server, "/dokument/" + "0" * 64).status_code == 404
    assert get(server, "/dokument/inte-ett-id").status_code == 404


def test_a_hit_links_to_its_whole_document(server, web_archive):
    html = get(server, "/", q="snöröjning").text
    assert f'<a class="source" href="/dokument/{doc_id(web_archive, KS)}">{KS}</a>' in html


def test_paragraph_page_links_previous_next_document_and_case(server, web_archive):
    ks = doc_id(web_archive, KS)
    ids = re.findall(r'<section class="paragraph" id="p-([^"]+)">', get(server, f"/dokument/{ks}").text)
    html = get(server, f"/paragraf/{ids[2]}").text
    assert re.search(rf'<a rel="prev" href="/paragraf/{ids[1]}">← § 40 Val av justerare</a>', html)
    assert re.search(rf'<a rel="next" href="/paragraf/{ids[3]}">§ 42 Snöröjning på gång- och cykelvägar →</a>', html)
    assert f'href="/dokument/{ks}#p-{ids[2]}"' in html
    assert '<dt>Diarienummer</dt><dd><a class="case" href="/arende/KS-2021-87">KS 2021/87</a></dd>' in html
    assert "<dt>Justerare</dt><dd>Sofia Lund</dd>" in html  # the document's metadata, as indexed
    assert "Första paragrafen" in get(server, f"/paragraf/{ids[0]}").text
    assert "Sista paragrafen" in get(server, f"/paragraf/{ids[-1]}").text


@pytest.mark.parametrize("written", ["KS-2021-87", CASE_NUMBER, "KS 2021-00087", "ks-2021-0087"])
def test_case_page_lists_the_case_through_the_boards_oldest_first(server, written):
    page = get(server, f"/arende/{written}")
    assert page.status_code == 200
    rows = rows_of(page.text)
    assert [row[:3] for row in rows[:3]] == [["2021-03-15", "Kommunstyrelsen Östersunds kommun", "§ 41"],
                                         ["2021-06-21", "Kommunfullmäktige Östersunds kommun", "§ 101"],
                                         ["2022-02-08", "Barn- och utbildningsnämnden Östersunds kommun", "§ 7"]]
    assert rows[0][3].startswith("Ny förskola i Lit") and rows[2][3].startswith("Förskolan i Lit, lägesrapport")
    assert rows[1][4].startswith("Kommunfullmäktige beslutar att anslå 48 miljoner kronor")
    assert rows[2][4] == "–"  # a report, no decision
    assert rows[3][:3] == ["2022-02-08", "Barn- och utbildningsnämnden Östersunds kommun", "§ 8"]
    assert "hänvisar till ärendet (eget nummer BUN 2022/3" in rows[3][3]  # it only cites the number
    assert "KS 2021/87, KS 2021-00087, KS 2021/0087" in page.text  # the ways the minutes write it
    assert 'href="/arende.csv?nr=KS-2021-87"' in page.text


def test_case_page_for_unknown_and_impossible_numbers(server):
    assert get(server, "/arende/SN 2021/87").status_code == 404
    assert "Ingen paragraf" in get(server, "/arende/SN 2021/87").text
    assert get(server, "/arende/förskola").status_code == 400
    assert get(server, "/arende/" + "1" * 300).status_code == 400


def test_browsing_with_filters_alone_lists_newest_first_with_facets(server):
    page = get(server, "/", organ="Kommunstyrelsen", beslut="1")
    assert page.status_code == 200
    html = page.text
    assert "med de valda filtren, nyast först" in html and 'class="facets"' in html
    dates = re.findall(r'<span class="date">([^<]*)</span>', html)
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)
    assert set(re.findall(r'<span class="body">([^<]*)</span>', html)) == {"Kommunstyrelsen"}
    assert html.count('<li class="hit">') == html.count('<span class="decision">Beslut</span>')
    assert "Så söker du" not in html


def test_start_page_helps_and_keeps_filters_in_details(server):
    html = get(server, "/").text
    help_text = text_of(html.split('<section class="help"')[1].split("</section>")[0])
    for example in ("OCH", "ELLER", "INTE", '"civilt försvar"', "bredband*", "Utan sökord"):
        assert example in help_text, example
    assert '<details class="filters">' in html and "<summary>Avgränsa" in html
    for name in ("fran", "till"):  # text, not type=date, so the browser's locale cannot reorder it
        assert re.search(rf'<input type="text" name="{name}" value="" placeholder="ÅÅÅÅ-MM-DD"', html)
    assert 'type="date"' not in html


def test_no_hits_page_has_no_facet_box(server):
    html = get(server, "/", q="bredband", organ="Barn- och utbildningsnämnden").text
    assert "Inga träffar" in html and 'class="facets"' not in html and 'class="facet"' not in html


@pytest.mark.parametrize("params, nearest", [
    ({"q": "bredband", "org": "Ovanakers kommun"}, None),  # diacritics and case ignored: found
    ({"organ": "kommunstyrelsen"}, None),
    ({"q": "bredband", "org": "Ovanåker"}, "Ovanåkers kommun"),
    ({"organ": "Kommunstyrelse"}, "Kommunstyrelsen"),
])
def test_filter_values_are_checked_against_the_index(server, params, nearest):
    page = get(server, "/", **params)
    if nearest is None:
        assert page.status_code == 200 and "<li class=\"hit\">" in page.text
        return
    assert page.status_code == 400 and "Närmast:" in page.text
    link = re.search(rf'<a class="nearest" href="([^"]+)">{nearest}</a>', page.text)
    assert link and get(server, html_module.unescape(link.group(1))).status_code == 200


@pytest.mark.parametrize("params, message", [
    ({"q": "bredband", "fran": "2024-13-01"}, "är inget datum"),
    ({"fran": "2024-02-30"}, "är inget datum"),
    ({"q": "bredband", "fran": "2025-01-01", "till": "2024-01-01"}, "Från-datum ligger efter till-datum"),
])
def test_impossible_dates_get_a_400_in_swedish(server, params, message):
    page = get(server, "/", **params)
    assert page.status_code == 400 and message in page.text


def read_csv(response: httpx.Response) -> list[dict]:
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads å/ä/ö right
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_of_a_search_has_every_hit(server):
    page = get(server, "/", q="bredband").text
    total = int(re.search(r'<p class="summary"><strong>(\d+)</strong>', page).group(1))
    assert total > 10  # more than one page of hits...
    link = html_module.unescape(re.search(r'<a class="csv" href="([^"]+)"', page).group(1))
    rows = read_csv(get(server, link))
    assert len(rows) == total  # ...and the file has them all
    assert all("bredband" in (row["title"] + row["snippet"]).lower() for row in rows)
    assert {"date", "organisation", "body", "section", "title", "decision", "case_numbers", "id"} <= set(rows[0])


def test_csv_of_browsing_and_of_a_case(server):
    rows = read_csv(get(server, "/sok.csv", organ="Kommunfullmäktige"))
    assert rows and {row["body"] for row in rows} == {"Kommunfullmäktige"}
    case = read_csv(get(server, "/arende.csv", nr="KS-2021-87"))
    assert [(row["date"], row["section"], row["cited"]) for row in case] == [
        ("2021-03-15", "§ 41", "false"), ("2021-06-21", "§ 101", "false"), ("2022-02-08", "§ 7", "false"),
        ("2022-02-08", "§ 8", "true")]
    assert get(server, "/sok.csv").status_code == 400  # the whole archive is not offered
    assert get(server, "/arende.csv", nr="SN 2021/87").status_code == 404
