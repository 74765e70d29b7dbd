"""Structure fills the search JSON: ingest our own minutes through the CLI and search them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_cli
from protokoll.datafiles import SAMPLES_DIR

MINUTES = Path(__file__).parent / "resources" / "minutes"


def test_search_json_carries_section_metadata_and_decision(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(MINUTES / "sn_pitea_ocr.txt", source)
    assert run_cli(tmp_path / "arkiv", "ingest", str(source)).exit_code == 0
    result = run_cli(tmp_path / "arkiv", "search", "verksamhetsplanen äldreomsorgen", "--json")
    assert result.exit_code == 0, result.output
    hit = json.loads(result.output)["hits"][0]
    assert (hit["section"], hit["title"]) == ("§ 28", "Äldreomsorgens verksamhetsplan 2004")
    assert (hit["date"], hit["organisation"], hit["body"], hit["doc_type"]) == (
        "2003-09-16", "Piteå kommun", "Socialnämnden", "protokoll")
    assert hit["is_decision"] is True and "vård och omsorg" in hit["topics"]
    assert hit["page"] is None  # a text export has no pages


def test_ingest_org_overrides_the_organisation_found(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(MINUTES / "ks_bollnas_1998.txt", source)
    result = run_cli(tmp_path / "arkiv", "ingest", "--org", "Landstinget Gävleborg", str(source))
    assert result.exit_code == 0, result.output
    hits = json.loads(run_cli(tmp_path / "arkiv", "search", "budgetdirektiven", "--json").output)["hits"]
    assert hits and {h["organisation"] for h in hits} == {"Region Gävleborg"}


def test_show_prints_the_documents_participants_justerare_and_next_meeting(tmp_path):
    assert run_cli(tmp_path / "arkiv", "ingest", str(SAMPLES_DIR / "003_2fd5b4c710605cc5.txt")).exit_code == 0
    hits = json.loads(run_cli(tmp_path / "arkiv", "search", "Sammanträdesdatum 2025", "--json").output)["hits"]
    shown = run_cli(tmp_path / "arkiv", "show", hits[0]["id"]).output
    assert "document justerare: Sara Schelin\n" in shown
    assert "document next_meeting: måndag 9 december 2024\n" in shown
    assert "document declared_range: 26-31\n" in shown
    assert "Marita Ljung, Länsstyrelsen" in shown.split("document absent:")[1].splitlines()[0]
