"""A case number typed without its prefix letters ("2024-418") finds the paragraphs whose case number ends
that way (BN-2024-00418, "2026.113 KS"), through the search command and the JSON API alike."""
from __future__ import annotations

import httpx
import pytest

from test_structure_layouts import analysed, hit_sections, protokoll
from web_support import app_in_thread

BODY = ("§ 55 Dnr BN-2024-00418\nSvar på remiss om priser\n\nBeslut\nNämnden antar yttrandet.\n\f"
        "§ 56 Dnr BN-2024-00419\nUtmärkelser\n\nBeslut\nNämnden noterar.\n\f"
        "§ 57 2026.113 KS\nMotion om parker\n\nBeslut\nNämnden avslår motionen.\n\f"
        "§ 58 Dnr 2023-00418\nÖvrigt\n\nBeslut\nNämnden noterar att 2024 var ett bra år med 418 besök.\n")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from protokoll.archive import Archive
    from protokoll.index import store

    archive = Archive(tmp_path_factory.mktemp("cases"))
    archive.documents_dir.mkdir(parents=True)
    store.build(archive, list(analysed(protokoll("Byggnadsnämnden", BODY, "55-58"))[1].values()))
    return archive


@pytest.mark.parametrize("typed, sections", [
    ("2024-418", ["§ 55"]), ("2024-00418", ["§ 55"]), ("2024/418", ["§ 55"]),
    ("2026.113", ["§ 57"]),  # the series written after the number
    ("2023-418", ["§ 58"]),  # the bare number as the minutes wrote it
    ("BN 2024-418", ["§ 55"]),  # with its prefix, as before
])
def test_a_case_number_typed_without_its_prefix_finds_the_paragraph(archive, typed, sections):
    assert hit_sections(archive, typed) == sections


def test_the_json_api_finds_it_the_same_way(archive):
    with app_in_thread(archive) as base:
        response = httpx.get(f"{base}/api/search", params={"q": "2024-418"}, timeout=30)
    assert response.status_code == 200
    assert [(hit["section"], hit["case_numbers"]) for hit in response.json()["hits"]] == [("§ 55", ["BN-2024-00418"])]
