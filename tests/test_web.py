"""The web page over HTTP: a real `protokoll serve` over a real archive, asked with httpx."""
from __future__ import annotations

import http.client
import re
import shutil
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from protokoll import pipeline
from conftest import SCANNED_SAMPLE, run_cli
from protokoll.index.search import SearchRequest, SearchResults
from protokoll.archive import Archive
from protokoll.web.app import templates
from web_support import (SCRIPT_TITLE, app_in_thread, archive_snapshot, free_port,  # noqa: F401
                         server, web_archive)


def get(server: str, path: str, **params) -> httpx.Response:
    return httpx.get(server + path, params=params or None, timeout=30)


def raw_get(server: str, raw_path: str) -> int:
    """Send the path exactly as written (httpx would normalise ../ away); returns the status."""
    where = urlsplit(server)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        conn.request("GET", raw_path)
        return conn.getresponse().status
    finally:
        conn.close()


def doc_of(archive, source: str):
    return next(doc for doc in archive.documents() if doc.source == source)


def hit_ids(html: str) -> list[str]:
    return re.findall(r'href="/paragraf/([^"]+)"', html)


def test_search_page_lists_hits_with_marked_snippets(server):
    response = get(server, "/", q="kompetensförsörjning")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert hit_ids(response.text)
    assert "<mark>" in response.text and "träffar för" in response.text
    assert 'lang="sv"' in response.text


def test_start_page_has_search_box_and_filters_filled_from_the_index(server):
    html = get(server, "/").text
    for name in ("q", "org", "organ", "amne", "typ", "fran", "till", "beslut", "sort"):
        assert f'name="{name}"' in html, name
    assert '<option value="Ovanåkers kommun"' in html  # the organisation menu lists the index's values
    assert "<li class=\"hit\">" not in html


def test_document_text_is_escaped_everywhere(server):
    response = get(server, "/", q="Testbyn")
    assert response.status_code == 200
    html = response.text
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;fiber&lt;/b&gt;" in html
    [paragraph_id] = hit_ids(html)
    page = get(server, f"/paragraf/{paragraph_id}").text
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt; &amp; &lt;b&gt;fiber&lt;/b&gt;" in page
    # A second, independent guard: pages allow no script at all.
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("params", [
    {"q": "bredband", "fran": "2024-13-45"},
    {"q": "bredband", "till": "igår"},
    {"q": "bredband", "fran": "2025-01-01", "till": "2024-01-01"},
    {"q": "bredband", "sida": "två"},
    {"q": "bredband", "sida": "0"},
    {"q": "bredband", "sida": "999999"},
    {"q": "bredband", "ar": "20x4"},
    {"q": "bredband", "sort": "slump"},
    {"q": "bredband " * 80},
])
def test_bad_query_gets_a_friendly_400(server, params):
    response = get(server, "/", **params)
    assert response.status_code == 400
    assert "Sökningen gick inte att förstå" in response.text
    assert "Traceback" not in response.text and "Error" not in response.text


@pytest.mark.parametrize("query", ["(((bredband", "bredband OCH"])
def test_query_the_index_rejects_gets_a_friendly_400(server, query):
    response = get(server, "/", q=query)
    assert response.status_code == 400
    assert "Sökningen gick inte att förstå" in response.text and 'class="detail"' in response.text
    assert f'value="{query}"' in response.text  # the query stays in the box, ready to correct


@pytest.mark.parametrize("raw_path", [
    "/pdf/../../../../etc/passwd",
    "/pdf/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/original/%2e%2e%2fdocuments",
    "/original/..%2Fevents.jsonl",
    "/static/..%2Fapp.py",
    "/static/%2e%2e/app.py",
    "/pdf/%2Fetc%2Fpasswd",
    "/original/" + "0" * 64,
    "/pdf/" + "a" * 63,
    "/paragraf/..%2F..%2Fetc%2Fpasswd",
])
def test_path_traversal_and_unknown_ids_get_404(server, raw_path):
    assert raw_get(server, raw_path) == 404


def test_archive_files_are_served_by_document_id_only(server, web_archive):
    scan = doc_of(web_archive, SCANNED_SAMPLE.name)
    pdf = get(server, f"/pdf/{scan.id}")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == web_archive.path(scan.archival).read_bytes()
    original = get(server, f"/original/{scan.id}")
    assert original.content == SCANNED_SAMPLE.read_bytes()
    minutes = doc_of(web_archive, "ovanaker_ks_2025-01-15.txt")
    text = get(server, f"/original/{minutes.id}")
    assert text.headers["content-type"].startswith("text/plain")
    assert text.headers["x-content-type-options"] == "nosniff"
    assert SCRIPT_TITLE in text.text
    assert get(server, f"/pdf/{minutes.id}").status_code == 404  # a text export has no PDF
    assert get(server, f"/original/{minutes.id.upper()}").status_code == 404


def test_paragraph_view_shows_whole_paragraph_metadata_and_file_links(server, web_archive):
    scan = doc_of(web_archive, SCANNED_SAMPLE.name)
    html = get(server, "/", q="kompetensförsörjning").text
    ids = [i for i in hit_ids(html) if i.startswith(scan.id[:16])]
    assert ids, "the scanned sample is among the hits"
    page = get(server, f"/paragraf/{ids[0]}")
    assert page.status_code == 200
    assert f'href="/original/{scan.id}"' in page.text
    assert re.search(rf'href="/pdf/{scan.id}#page=\d+"', page.text)
    for label in ("Datum", "Organisation", "Dokumenttyp", "Källa", "Hela paragrafen"):
        assert label in page.text
    assert get(server, "/paragraf/0000000000000000-999").status_code == 404


def test_results_are_paginated_in_the_url(server):
    first = get(server, "/", q="bredband")
    second = get(server, "/", q="bredband", sida="2")
    assert second.status_code == 200
    assert 'rel="next" href="/?q=bredband&amp;sida=2"' in first.text
    assert hit_ids(first.text) and hit_ids(second.text)
    assert not set(hit_ids(first.text)) & set(hit_ids(second.text))
    assert '<ol class="hits" start="11">' in second.text
    beyond = get(server, "/", q="bredband", sida="40")
    assert beyond.status_code == 303 and beyond.headers["location"] == "/?q=bredband&sida=2"


def total(html: str) -> int:
    found = re.search(r'<p class="summary"><strong>(\d+)</strong>', html)
    return int(found.group(1)) if found else 0


def test_filters_narrow_the_hits(server):
    everything = get(server, "/", q="bredband").text
    only_2025 = get(server, "/", q="bredband", fran="2025-01-01", till="2025-12-31").text
    assert total(everything) > total(only_2025) > 0
    dates = re.findall(r'<span class="date">([^<]*)</span>', only_2025)
    assert dates and all(date.startswith("2025-") for date in dates)
    decisions = get(server, "/", q="bredband", beslut="1").text
    assert 0 < total(decisions) < total(everything)
    assert decisions.count('<li class="hit">') == decisions.count('<span class="decision">Beslut</span>')
    none_found = get(server, "/", q="bredband", org="Region Örebro län").text
    assert not hit_ids(none_found) and "med de valda filtren" in none_found


def test_only_get_is_allowed_and_nothing_in_the_archive_changes(server, web_archive):
    before = archive_snapshot(web_archive)
    scan = doc_of(web_archive, SCANNED_SAMPLE.name)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/", f"/pdf/{scan.id}", f"/original/{scan.id}"):
            assert httpx.request(method, server + path, timeout=30).status_code == 405, (method, path)
    for params in ({"q": "bredband"}, {"q": "kompetensförsörjning", "sida": "2"}, {"q": "x", "fran": "fel"}):
        get(server, "/", **params)
    assert archive_snapshot(web_archive) == before


def test_missing_index_gives_503_with_advice(tmp_path):
    with app_in_thread(Archive(tmp_path / "tomt")) as base:
        response = get(base, "/", q="beslut")
    assert response.status_code == 503
    assert "protokoll reindex" in response.text


def test_serve_refuses_without_index_and_on_a_busy_port(tmp_path, web_archive):
    result = run_cli(tmp_path / "tomt", "serve", "--port", str(free_port()))
    assert result.exit_code == 4 and "no archive at" in result.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli(web_archive.root, "serve", "--port", str(busy.getsockname()[1]))
    assert result.exit_code == 2 and "--port" in result.output


def test_serve_binds_to_loopback_by_default(server):
    port = urlsplit(server).port
    listening = [line.split()[1] for line in open("/proc/net/tcp").read().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1, and nothing else


# -- facets and did-you-mean ---------------------------------------------------------------
def render_search(results: SearchResults, params: dict) -> str:
    """The search template with results we build ourselves (the index does not fill facets yet)."""
    return templates.get_template("search.html").render(
        params=params, search=SearchRequest(params["q"]), results=results, pages=[1], missing_query=False,
        choices={"organisation": [], "body": [], "topic": [], "doc_type": []})


def test_facet_counts_render_as_links_that_narrow_the_search():
    facets = {"organisation": {"Region Jämtland Härjedalen": 7, "<b>Ond</b> kommun": 2},
              "year": {2024: 5, 2020: 4}, "topic": {"kompetensförsörjning": 3}}
    html = render_search(SearchResults(hits=[], total=9, facets=facets), {"q": "skola", "sida": "2"})
    assert 'href="/?q=skola&amp;org=Region+J%C3%A4mtland+H%C3%A4rjedalen">Region Jämtland Härjedalen</a> <span class="count">7</span>' in html
    assert 'href="/?q=skola&amp;ar=2024">2024</a>' in html
    assert 'href="/?q=skola&amp;amne=kompetensf%C3%B6rs%C3%B6rjning">kompetensförsörjning</a>' in html
    assert "&lt;b&gt;Ond&lt;/b&gt; kommun" in html and "<b>Ond" not in html


def test_no_hits_offers_did_you_mean_links():
    html = render_search(SearchResults(hits=[], total=0, suggestions=["kompetensförsörjning"]),
                         {"q": "kompetensforsorjning", "org": "Ovanåkers kommun"})
    assert "Inga träffar" in html and "Menade du" in html
    assert 'href="/?q=kompetensf%C3%B6rs%C3%B6rjning&amp;org=Ovan%C3%A5kers+kommun">kompetensförsörjning</a>' in html


def test_hits_holding_only_some_words_are_announced_as_such():
    hit = {"id": "p1", "doc_id": "d1", "source": "kf.txt", "section": "§ 113", "title": "Uppsägning av samarbetsavtal",
           "date": "2024-03-21", "organisation": "Göteborgs Stad", "body": "Kommunfullmäktige", "doc_type": "protokoll",
           "topics": [], "is_decision": False, "decision": None, "case_numbers": [], "page": 1, "score": 3.2,
           "snippet": "Uppsägning av samarbetsavtal om Kvalitetsmässan", "snippet_spans": [[30, 45]]}
    some = render_search(SearchResults(hits=[hit], total=1, any_word=True), {"q": "Kvalitetsmässan avtal"})
    assert "Inget stycke innehåller alla orden i <q>Kvalitetsmässan avtal</q>" in some
    assert "Inget stycke innehåller alla orden" not in render_search(SearchResults(hits=[hit], total=1), {"q": "avtal"})


def test_real_search_shows_facets(server):
    assert 'class="facets"' in get(server, "/", q="bredband").text


def test_real_misspelling_gets_suggestions(server):
    html = get(server, "/", q="bredbnad").text
    assert "Menade du" in html and "bredband" in html.split("Menade du")[1]


def test_born_digital_pdf_opens_from_its_original(tmp_path, web_archive):
    """A PDF with a good text layer gets no PDF/A copy; /pdf/ then serves the original as kept."""
    scan = doc_of(web_archive, SCANNED_SAMPLE.name)
    born_digital = tmp_path / "protokoll_med_text.pdf"
    shutil.copyfile(web_archive.path(scan.archival), born_digital)  # OCR'd PDF/A: a real text layer
    archive = Archive(tmp_path / "arkiv")
    [result] = pipeline.ingest(archive, [born_digital])
    doc = archive.load(result.doc_id)
    assert doc.archival is None and doc.kind == "text-pdf"
    with app_in_thread(archive) as base:
        served = get(base, f"/pdf/{doc.id}")
        page = get(base, "/", q="kompetensförsörjning").text
        view = get(base, f"/paragraf/{hit_ids(page)[0]}").text
    assert served.status_code == 200 and served.content == born_digital.read_bytes()
    assert re.search(rf'href="/pdf/{doc.id}#page=\d+"', view)


def test_paragraph_view_shows_what_the_minutes_say_of_themselves(server):
    html = get(server, "/", q="Sammanträdesdatum 2025").text
    page = get(server, f"/paragraf/{hit_ids(html)[0]}").text
    assert "<dt>Justerare</dt><dd>Sara Schelin</dd>" in page
    assert "<dt>Nästa möte</dt><dd>måndag 9 december 2024</dd>" in page
    assert "Anders Wennerberg, Östersund" in page.split("<dt>Ej närvarande</dt>")[1]
