"""Whole documents, paragraphs in their place and case histories, read from a real index.

The three minutes in tests/resources/cases/ follow one case (a new preschool in Lit) through
three boards and two years, its number written three ways; they go through the real pipeline
(normalisation, structure, index), as any ingest does.
"""
from __future__ import annotations

import shutil
import pytest

from protokoll import normalize, pipeline
from protokoll.archive import Archive
from protokoll.errors import BadQuery
from protokoll.index import store, views
from protokoll.index.search import get_paragraph
from protokoll.records import Paragraph

KS, KF, BUN = "ks_ostersund_2021-03-15.txt", "kf_ostersund_2021-06-21.txt", "bun_ostersund_2022-02-08.txt"


@pytest.fixture
def archive(cases_archive) -> Archive:
    return cases_archive


def doc_id_of(archive: Archive, source: str) -> str:
    return next(doc.id for doc in archive.documents() if doc.source == source)


def test_document_view_has_metadata_contents_and_every_paragraph_in_order(archive):
    view = views.document_view(archive, doc_id_of(archive, KS))
    assert view["source"] == KS and view["date"] == "2021-03-15"
    assert view["organisation"] == "Östersunds kommun" and view["body"] == "Kommunstyrelsen"
    assert view["doc_type"] == "protokoll" and view["kind"] == "text"
    assert view["absent"] == ["Karl Nyberg"] and view["justerare"] == ["Sofia Lund"]
    meta = pipeline.document_meta(archive.load(view["doc_id"]))  # structure's reading, as indexed
    assert (view["present"], view["title"]) == (meta.present, meta.title) and "Erik Holm" in str(view["present"])
    assert view["declared_range"] == "40-42" and view["missing_sections"] == []
    assert [entry["section"] for entry in view["contents"]] == [None, "§ 40", "§ 41", "§ 42"]
    assert [entry["ordinal"] for entry in view["contents"]] == [0, 1, 2, 3]
    assert [p["id"] for p in view["paragraphs"]] == [entry["id"] for entry in view["contents"]]
    assert [entry["is_decision"] for entry in view["contents"]] == [False, False, True, False]
    assert "förskola med sex avdelningar" in view["paragraphs"][2]["text"]
    assert all("document" not in p for p in view["paragraphs"])  # the metadata is the view's, once


def test_document_view_of_an_unknown_document_is_none(archive):
    assert views.document_view(archive, "0" * 64) is None


def test_paragraph_view_links_previous_next_and_its_document(archive):
    doc_id = doc_id_of(archive, KS)
    ids = [entry["id"] for entry in views.document_view(archive, doc_id)["contents"]]
    middle = views.paragraph_view(archive, ids[2])
    assert middle["paragraph"]["section"] == "§ 41" and middle["paragraph"]["case_numbers"] == ["KS 2021/87"]
    assert middle["previous"]["id"] == ids[1] and middle["previous"]["section"] == "§ 40"
    assert middle["next"]["id"] == ids[3] and middle["next"]["title"] == "Snöröjning på gång- och cykelvägar"
    assert middle["document"]["doc_id"] == doc_id and middle["document"]["paragraph_count"] == 4
    assert middle["document"]["justerare"] == ["Sofia Lund"]
    assert views.paragraph_view(archive, ids[0])["previous"] is None
    assert views.paragraph_view(archive, ids[-1])["next"] is None
    assert views.paragraph_view(archive, "no-such-id") is None


def test_the_paragraph_fields_match_get_paragraph(archive):
    ids = [entry["id"] for entry in views.document_view(archive, doc_id_of(archive, KF))["contents"]]
    for paragraph_id in ids:
        assert views.paragraph_view(archive, paragraph_id)["paragraph"] == get_paragraph(archive, paragraph_id)


@pytest.mark.parametrize("written", ["KS 2021/87", "KS 2021-00087", "ks-2021-87", "Dnr KS 2021/0087", "KS.2021.87"])
def test_case_history_finds_every_written_form_across_boards_oldest_first(archive, written):
    history = views.case_history(archive, written)
    assert history["key"] == "KS-2021-87" and history["case_number"] == written
    rows = history["paragraphs"]
    assert [(r["date"], r["body"], r["section"], r["cited"]) for r in rows] == [
        ("2021-03-15", "Kommunstyrelsen", "§ 41", False),
        ("2021-06-21", "Kommunfullmäktige", "§ 101", False),
        ("2022-02-08", "Barn- och utbildningsnämnden", "§ 7", False),
        ("2022-02-08", "Barn- och utbildningsnämnden", "§ 8", True),  # cites it in its text
    ]
    assert [r["case_numbers"] for r in rows][:3] == [["KS 2021/87"], ["KS 2021-00087"], ["KS 2021/0087"]]  # as written
    assert rows[1]["decision"].startswith("Kommunfullmäktige beslutar att anslå 48 miljoner")
    assert rows[2]["decision"] is None and rows[2]["title"] == "Förskolan i Lit, lägesrapport"


def citing_copy(archive: Archive, tmp_path) -> Archive:
    """A copy of the archive whose index also holds a paragraph that only cites KS 2021/87."""
    copy = Archive(tmp_path / "arkiv")
    shutil.copytree(archive.root, copy.root, symlinks=True)
    store.add(copy, [Paragraph(id="citing-001", doc_id="citing", source="citing.txt", ordinal=0, title="Skolskjutsar",
                               text="Riktlinjerna gäller även den nya förskolan i Lit, se ärende KS 2021/87.",
                               section="§ 8", date="2022-02-08", organisation="Östersunds kommun",
                               body="Barn- och utbildningsnämnden", case_numbers=["BUN 2022/3"],
                               references=["KS 2021/87"])])
    return copy


def test_case_history_lists_a_paragraph_that_cites_the_number_marked_cited(archive, tmp_path):
    rows = views.case_history(citing_copy(archive, tmp_path), "ks 2021/0087")["paragraphs"]
    assert [(r["section"], r["cited"]) for r in rows] == [("§ 41", False), ("§ 101", False), ("§ 7", False),
                                                          ("§ 8", True), ("§ 8", True)]
    assert rows[4]["references"] == ["KS 2021/87"] and rows[4]["case_numbers"] == ["BUN 2022/3"]


def test_case_history_of_other_numbers(archive):
    assert [r["section"] for r in views.case_history(archive, "KS 2021/90")["paragraphs"]] == ["§ 42"]
    assert views.case_history(archive, "KS 2021/9")["paragraphs"] == []  # a prefix is another number
    assert views.case_history(archive, "SN 2021/87")["paragraphs"] == []


@pytest.mark.parametrize("text", ["förskola", "", "KS / -"])
def test_case_history_refuses_text_that_is_no_case_number(archive, text):
    with pytest.raises(BadQuery, match="not a case number"):
        views.case_history(archive, text)


def test_document_ids_by_prefix(archive):
    doc_id = doc_id_of(archive, BUN)
    assert views.find_document_id(archive, doc_id) == doc_id
    assert views.find_document_id(archive, doc_id[:16].upper()) == doc_id
    assert views.find_document_id(archive, doc_id[:7]) is None  # too short to name one document
    assert views.find_document_id(archive, "not hex at all") is None


def test_views_show_what_the_index_holds_without_the_archive_records(archive, tmp_path):
    """The views read the index only: with every document record gone from a copy of the
    archive, the metadata is still there, as it was computed when the index was built."""
    copy = Archive(tmp_path / "arkiv")
    shutil.copytree(archive.root, copy.root, symlinks=True)
    shutil.rmtree(copy.documents_dir)
    view = views.document_view(copy, doc_id_of(archive, KS))
    assert view["justerare"] == ["Sofia Lund"] and view["original"].startswith("originals/")
    assert len(views.case_history(copy, "KS 2021/87")["paragraphs"]) == 4


def test_a_replaced_paragraph_is_shown_once(archive, tmp_path):
    """Indexing a document again replaces its paragraphs; the views do not show the old ones."""
    copy = Archive(tmp_path / "arkiv")
    shutil.copytree(archive.root, copy.root, symlinks=True)
    doc = copy.load(doc_id_of(copy, KF))
    store.add(copy, pipeline.paragraphs_of(doc, normalize.default_normaliser()))
    view = views.document_view(copy, doc.id)
    assert [entry["section"] for entry in view["contents"]] == [None, "§ 101", "§ 102"]
    assert len(views.case_history(copy, "KS 2021/87")["paragraphs"]) == 4
