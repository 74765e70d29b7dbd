"""Relevance: for realistic staff queries the right paragraph is in the top 3.

The corpus is data/samples' text documents plus three minutes written for these tests
(tests/resources/minutes/), ingested through the real pipeline.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from protokoll import normalize
from protokoll import pipeline
from protokoll.datafiles import SAMPLES_DIR
from protokoll.index.search import SearchRequest, search
from protokoll.archive import Archive

MINUTES = Path(__file__).parent / "resources" / "minutes"
LEGACY = "002_fe105bbe31b7ac9f.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Archive:
    archive = Archive(tmp_path_factory.mktemp("corpus"))
    results = pipeline.ingest(archive, sorted(SAMPLES_DIR.glob("*.txt")) + [MINUTES]).results
    assert [r.status for r in results] == ["new"] * len(results)
    return archive


def top3(archive: Archive, query: str, **filters) -> list[dict]:
    return search(archive, SearchRequest(query, limit=3, **filters)).hits


# (query, source of the right paragraph, its section or None, a phrase of its text)
STAFF_QUERIES = [
    ("bredband", "krokom_ks_2016-05-10.txt", "§ 45", "byanäten"),
    ("vad beslutade kommunstyrelsen om bredbandsutbyggnad", "krokom_ks_2016-05-10.txt", "§ 45", "byanäten"),
    ("KS 2016/214", "krokom_ks_2016-05-10.txt", "§ 45", "byanäten"),
    ("02091-C-71", "are_sn_1994-03-02.txt", "§ 12", "servicehus"),
    ("nytt servicehus Järpen", "are_sn_1994-03-02.txt", "§ 12", "servicehus"),
    ("Sammanträdesdatum 2025", "003_2fd5b4c710605cc5.txt", "§ 27", "sammanträder följande datum"),
    ("samverkansgruppen beslut sammanträdesdatum", "003_2fd5b4c710605cc5.txt", "§ 27", "sammanträder följande datum"),
    ("regemente Kristinehamn", "004_6df10ec04d010a6e.txt", None, "regemente"),
    ('"Region Dalarna"', "000_effe2c7c135b0eba.txt", "§ 12", "Malung-Sälens"),
    ("anropsstyrd trafik", "orebro_run_2021-11-15.txt", "§ 88", "Hallsberg"),
    ("RUN/16/2020", "001_6c24cf0587c73d17.txt", None, "Uppföljningsrapport"),
]

# typed without å/ä/ö: found through the folded field
NO_DIACRITICS = [
    ("aldreomsorgen Jarpen", "are_sn_1994-03-02.txt", "§ 12", "servicehus"),
    ("betesmarker for far vid Ange", "krokom_ks_2016-05-10.txt", "§ 47", "Fåren"),
    ("Sammantradesdatum 2025", "003_2fd5b4c710605cc5.txt", "§ 27", "sammanträder följande datum"),
    ("lansledning", "003_2fd5b4c710605cc5.txt", "§ 28", "Länsledning"),
]

# a part of a compound finds the compound
COMPOUND_PARTS = [
    ("influensa", "krokom_ks_2016-05-10.txt", "§ 46", "Smittskyddsläkaren"),
    ("beredskap influensa länsstyrelsen", "orebro_run_2021-11-15.txt", "§ 89", "pandemier"),
    ("försörjning hemtjänsten", "are_sn_1994-03-02.txt", "§ 13", "undersköterskor"),
    ("utbyggnad", "krokom_ks_2016-05-10.txt", "§ 45", "byanäten"),
]


def _is_right(hit: dict, source: str, section: str | None, phrase: str, archive: Archive) -> bool:
    if hit["source"] != source or (section and hit["section"] != section):
        return False
    from protokoll.index.search import get_paragraph

    return phrase.lower() in get_paragraph(archive, hit["id"])["text"].lower()


@pytest.mark.parametrize("query, source, section, phrase", STAFF_QUERIES + NO_DIACRITICS + COMPOUND_PARTS)
def test_right_paragraph_in_top_3(corpus, query, source, section, phrase):
    hits = top3(corpus, query)
    described = [(h["source"], h["section"], h["title"]) for h in hits]
    assert any(_is_right(h, source, section, phrase, corpus) for h in hits), described


def test_exact_spelling_ranks_above_folded_match(corpus):
    """'far' (father) and 'får' (sheep) are different words; folded 'far' still finds får, lower."""
    far = top3(corpus, "far")
    assert far and far[0]["source"] == "are_sn_1994-03-02.txt" and far[0]["section"] == "§ 14"
    sheep = top3(corpus, "får")
    assert sheep and sheep[0]["section"] == "§ 47"
    assert "§ 14" not in [h["section"] for h in sheep if h["source"] == "are_sn_1994-03-02.txt"]


def test_ocr_error_the_normaliser_missed_is_found_by_fuzzy_terms(corpus):
    """002 is legacy OCR: 'tillvixtansvarig' for 'tillväxtansvarig'. One edit away: found."""
    hits = top3(corpus, "tillväxtansvarig")
    assert any(h["source"] == LEGACY for h in hits), [(h["source"], h["title"]) for h in hits]


def test_legacy_ocr_document_found_through_its_repaired_text(corpus):
    """002's legacy OCR reads 'faststillde den nu gillande 6verenskommelsen'; normalize.repair
    restores 'fastställde ... överenskommelsen', so an ordinary query finds it."""
    repaired = normalize.repair((SAMPLES_DIR / LEGACY).read_text(encoding="utf-8"))
    assert "fastställde" in repaired and "överenskommelsen" in repaired
    hits = search(corpus, SearchRequest("regionfullmäktige fastställde överenskommelsen", limit=3)).hits
    assert any(h["source"] == LEGACY for h in hits), [(h["source"], h["title"]) for h in hits]


def test_filters_through_the_pipeline(corpus):
    """Filters on the metadata structure extraction finds in the minutes' headers."""
    from protokoll.index.search import get_paragraph

    hits = search(corpus, SearchRequest("influensaberedskap", limit=10)).hits
    assert hits and all(get_paragraph(corpus, h["id"]).get("organisation") for h in hits)
    krokom = top3(corpus, "influensaberedskap", organisation="Krokoms kommun")
    assert krokom and krokom[0]["source"] == "krokom_ks_2016-05-10.txt"
    recent = top3(corpus, "influensaberedskap", date_from="2020-01-01")
    assert recent and all(h["source"] == "orebro_run_2021-11-15.txt" for h in recent)


def test_swedish_operators(corpus):
    both = {h["id"] for h in search(corpus, SearchRequest("influensaberedskap OCH länsstyrelsen", limit=50)).hits}
    either = {h["id"] for h in search(corpus, SearchRequest("influensaberedskap ELLER bredband", limit=50)).hits}
    without = {h["id"] for h in search(corpus, SearchRequest("influensaberedskap INTE länsstyrelsen", limit=50)).hits}
    influensa = {h["id"] for h in search(corpus, SearchRequest("influensaberedskap", limit=50)).hits}
    bredband = {h["id"] for h in search(corpus, SearchRequest("bredband", limit=50)).hits}
    assert both and without and both | without == influensa and not both & without
    assert either == influensa | bredband


def test_unbalanced_quote_is_closed(corpus):
    hits = search(corpus, SearchRequest('"anropsstyrd trafik', limit=3)).hits
    assert hits and hits[0]["section"] == "§ 88"


def test_snippet_marks_the_matched_words(corpus):
    hit = top3(corpus, "influensa")[0]
    marked = [hit["snippet"][s:e].lower() for s, e in hit["snippet_spans"]]
    assert marked and all("influensa" in word for word in marked)


def test_did_you_mean_when_nothing_is_found(corpus):
    results = search(corpus, SearchRequest("serviceshus Järpne"))
    assert results.total == 0 and not results.hits
    assert results.suggestions == ["servicehus järpen"]
