"""The JSON API over real HTTP, against a real `protokoll serve`: the same answers as the CLI,
every view, JSON errors for bad parameters, the health check, the OpenAPI description."""
from __future__ import annotations

import json

import httpx
import pytest

from conftest import run_cli
from protokoll.archive import Archive
from web_support import CASE_NUMBER, app_in_thread, server, web_archive  # noqa: F401

KS = "ks_ostersund_2021-03-15.txt"


def api(server: str, path: str, **params) -> httpx.Response:
    response = httpx.get(server + path, params=params or None, timeout=30)
    assert response.headers["content-type"] == "application/json"
    return response


def cli_json(archive: Archive, *args: str):
    result = run_cli(archive.root, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("params, cli_args", [
    ({"q": "bredband"}, ["search", "bredband", "--limit", "10"]),  # a page: to a pipe the CLI prints every hit
    ({"q": "bredband", "limit": "3", "page": "2", "sort": "date"}, ["search", "bredband", "--limit", "3", "--page", "2", "--sort", "date"]),
    ({"body": "Kommunstyrelsen", "decisions": "true"}, ["search", "--body", "Kommunstyrelsen", "--decisions", "--limit", "10"]),
    ({"q": "förskola", "org": "östersunds kommun", "from": "2021-01-01", "to": "2021-12-31"},
     ["search", "förskola", "--org", "östersunds kommun", "--from", "2021-01-01", "--to", "2021-12-31"]),
    ({"year": "2025", "type": "protokoll", "limit": "20"}, ["search", "--year", "2025", "--type", "protokoll", "--limit", "20"]),
    ({"q": "bredbnad"}, ["search", "bredbnad", "--limit", "10"]),
])
def test_search_answers_what_the_command_prints(server, web_archive, params, cli_args):
    response = api(server, "/api/search", **params)
    assert response.status_code == 200
    assert response.json() == cli_json(web_archive, *cli_args, "--json")


def test_browsing_by_filters_alone_lists_newest_first(server):
    body = api(server, "/api/search", body="Kommunstyrelsen", limit="50").json()
    dates = [hit["date"] for hit in body["hits"]]
    assert body["total"] == len(dates) > 3 and dates == sorted(dates, reverse=True)
    assert all(hit["score"] is None for hit in body["hits"])  # sorted by date: no relevance score
    assert set(body["facets"]["body"]) == {"Kommunstyrelsen"}


def test_paragraph_document_and_case_views_are_those_of_the_command(server, web_archive):
    doc_id = next(doc.id for doc in web_archive.documents() if doc.source == KS)
    document = api(server, f"/api/documents/{doc_id}")
    assert document.status_code == 200 and document.json() == cli_json(web_archive, "show", doc_id, "--json")
    assert api(server, f"/api/documents/{doc_id[:10]}").json() == document.json()
    paragraph_id = document.json()["contents"][2]["id"]
    paragraph = api(server, f"/api/paragraphs/{paragraph_id}")
    assert paragraph.status_code == 200 and paragraph.json() == cli_json(web_archive, "show", paragraph_id, "--json")
    assert paragraph.json()["previous"]["section"] == "§ 40" and paragraph.json()["next"]["section"] == "§ 42"
    for written in (CASE_NUMBER, "KS-2021-00087"):
        case = api(server, f"/api/cases/{written}")  # the slash of "KS 2021/87" too
        assert case.status_code == 200 and case.json() == cli_json(web_archive, "case", written, "--json")
        assert [row["date"] for row in case.json()["paragraphs"]] == ["2021-03-15", "2021-06-21", "2022-02-08", "2022-02-08"]


@pytest.mark.parametrize("path, params, status, says", [
    ("/api/search", {}, 400, "query is empty"),
    ("/api/search", {"q": "bredband", "limit": "0"}, 400, "limit"),
    ("/api/search", {"q": "bredband", "limit": "501"}, 400, "limit"),
    ("/api/search", {"q": "bredband", "page": "två"}, 400, "page"),
    ("/api/search", {"q": "bredband", "year": "20x4"}, 400, "year"),
    ("/api/search", {"q": "bredband", "from": "2024-13-01"}, 400, "month 13"),
    ("/api/search", {"q": "bredband", "from": "16 september"}, 400, "YYYY-MM-DD"),
    ("/api/search", {"q": "bredband", "from": "2025-01-01", "to": "2024-01-01"}, 400, "after the end date"),
    ("/api/search", {"q": "bredband", "decisions": "kanske"}, 400, "decisions"),
    ("/api/search", {"q": "bredband", "sort": "slump"}, 400, "sort"),
    ("/api/search", {"q": "bredband", "qq": "x"}, 400, "unknown parameter 'qq'"),
    ("/api/search", {"q": "(((bredband"}, 400, ""),
    ("/api/search", {"q": "x" * 501}, 400, "too long"),
    ("/api/paragraphs/finns-inte", {}, 404, "no paragraph"),
    ("/api/paragraphs/..%2F..%2Fetc%2Fpasswd", {}, 404, "no such resource"),
    ("/api/documents/" + "0" * 64, {}, 404, "no document"),
    ("/api/cases/SN 2021/87", {}, 404, "no paragraph carries"),
    ("/api/cases/förskola", {}, 400, "not a case number"),
    ("/api/finns-inte", {}, 404, "no such resource"),
])
def test_bad_requests_get_a_json_error_never_a_500(server, path, params, status, says):
    response = api(server, path, **params)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and says in body["error"]


def test_unknown_filter_values_name_the_nearest(server):
    body = api(server, "/api/search", q="bredband", body="Kommunstyrelse").json()
    assert body["status"] == 400 and body["parameter"] == "body" and body["nearest"][0] == "Kommunstyrelsen"


def test_the_api_is_read_only(server):
    response = httpx.post(f"{server}/api/search", params={"q": "bredband"}, timeout=30)
    assert response.status_code == 405 and response.json()["status"] == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_health_reports_index_age_and_counts(server, web_archive):
    health = api(server, "/healthz").json()
    stats = cli_json(web_archive, "stats", "--json")
    assert health["status"] == "ok" and health["documents"] == stats["documents"]
    assert health["paragraphs"] == stats["paragraphs"]
    assert 0 <= health["index_age_seconds"] < 24 * 3600 and health["index_built_at"] == stats["built_at"]


def test_health_without_an_index_is_503(tmp_path):
    with app_in_thread(Archive(tmp_path / "tomt")) as base:
        response = api(base, "/healthz")
        search = api(base, "/api/search", q="bredband")
    assert response.status_code == 503 and "reindex" in response.json()["error"]
    assert search.status_code == 503


def test_openapi_describes_every_route(server):
    description = api(server, "/api/openapi.json").json()
    assert description["openapi"].startswith("3.1")
    assert set(description["paths"]) == {"/api/search", "/api/paragraphs/{paragraph_id}", "/api/documents/{doc_id}",
                                         "/api/cases/{diarienummer}", "/healthz"}
    search_parameters = {p["name"] for p in description["paths"]["/api/search"]["get"]["parameters"]}
    options = {"q", "org", "body", "from", "to", "year", "topic", "type", "decisions", "sort", "limit", "page"}
    assert search_parameters == options  # the options of `protokoll search`, by the same names
    assert description["servers"] == [{"url": "/"}]
