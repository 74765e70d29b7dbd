"""Layouts of real municipal templates (issue 15), each case written as a short protokoll of our own
in the form a real one has it: the case number on the § line and the title below, prefixed case
numbers, references in the body, the board in the header, meeting and signing dates, contents lists,
continuation pages, OCR's readings of §, and proposals to a higher body."""
from __future__ import annotations

import hashlib

import pytest

from protokoll.errors import ProtokollError
from protokoll.structure import layout as layout_module
from protokoll.structure.decisions import decision_of
from protokoll.structure.paragraphs import analyse
from protokoll.records import Document, case_key

HEAD = ("KOMMUNEN                 SAMMANTRÄDESPROTOKOLL\n{board}\nDatum\n2024-08-21\n\n"
        "Plats och tid för justering Digital justering, 2024-08-26\n\nParagrafer §§ {range}\n\n")
PAGE_HEAD = "KOMMUNEN                 SAMMANTRÄDESPROTOKOLL   {n} (9)\n{board}\nDatum\n2024-08-21\n\n"


def analysed(text: str):
    pages = text.split("\f")
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest(), source="t.txt", original="", kind="text",
                   pages=pages, paged=True)
    info, paragraphs = analyse(doc, pages)
    return info, {p.section: p for p in paragraphs if p.section}


def protokoll(board: str, body: str, declared: str = "1-3") -> str:
    pages = body.split("\f")
    return HEAD.format(board=board, range=declared) + "\f".join(
        (PAGE_HEAD.format(n=n, board=board) if n > 1 else "") + page for n, page in enumerate(pages, start=1))


KS = protokoll("Kommunstyrelsens arbetsutskott", (
    "§ 1                      Dnr KS-2024-00851\nFörändring av ärendelista\n\nBeslut\n"
    "Arbetsutskottet godkänner ärendelistan.\n\nBeslutsgång\nOrdföranden finner att utskottet bifaller.\n\f"
    "§ 2                      Dnr KS 2024/12\nSvar på remiss av betänkandet En trygg uppväxt\n(SOU 2024:23)\n\n"
    "Beslut – Förslag till kommunfullmäktige\nKommunfullmäktige antar yttrandet.\n\nSammanfattning av ärendet\n"
    "Länsstyrelsen (KN2024/01288) och tingsrättens DOM 2024-06-18 i mål nr P 1254-24 citeras. "
    "Kommunstyrelsen beslutade 2024-05-02 § 92 i ärende KS-2023-00012.\n"
    "Det här dokumentet är digitalt signerat\n\f"
    "§ 3                      Dnr KS-2024-00708\nInformation om budget\n\nFörslag till beslut\n"
    "Kommunstyrelsen noterar informationen.\n"))


def test_title_under_the_case_number_line():
    _, by_section = analysed(KS)
    assert [p.title for p in by_section.values()] == [
        "Förändring av ärendelista", "Svar på remiss av betänkandet En trygg uppväxt (SOU 2024:23)",
        "Information om budget"]


def test_own_case_numbers_from_the_heading_references_apart():
    _, by_section = analysed(KS)
    assert by_section["§ 1"].case_numbers == ["KS-2024-00851"]
    assert by_section["§ 2"].case_numbers == ["KS 2024/12"]
    assert by_section["§ 2"].references == ["KN2024/01288", "DOM 2024-06-18", "mål nr P 1254-24", "KS-2023-00012"]
    assert "SOU 2024:23" not in by_section["§ 2"].case_numbers  # in the title, but a reference


def test_board_from_the_header_not_from_the_boards_cited():
    info, by_section = analysed(KS)
    assert info.body == "Kommunstyrelsens arbetsutskott" == by_section["§ 1"].body
    info, _ = analysed(protokoll("Nämnden för Kultur & Fritid", "§ 1 Dnr KF-2024-1\nVal\n\nBeslut\n"
                                                                "Kommunstyrelsen beslutar att välja X.\n"))
    assert info.body == "Nämnden för Kultur & Fritid"


def test_meeting_date_over_signing_date_both_kept():
    info, by_section = analysed(KS)
    assert (info.date, info.signing_date) == ("2024-08-21", "2024-08-26")
    assert (by_section["§ 1"].date, by_section["§ 1"].signing_date) == ("2024-08-21", "2024-08-26")


def test_decisions_include_proposals_to_a_higher_body_and_an_utskott_proposal():
    _, by_section = analysed(KS)
    assert by_section["§ 1"].decision == "Arbetsutskottet godkänner ärendelistan."
    assert by_section["§ 2"].decision == "Kommunfullmäktige antar yttrandet."
    # an arbetsutskott decides what it proposes to its nämnd
    assert by_section["§ 3"].decision == "Kommunstyrelsen noterar informationen."


@pytest.mark.parametrize("text, expected", [
    ("Beslut – för fastställande i kommunfullmäktige\nBN godkänner planen.\n\nJäv\nIngen.", "BN godkänner planen."),
    ("Nämnden för Individ och Familjeomsorgs förslag till Kommunstyrelsen\n\nKommunstyrelsen beslutar att bevilja.\n\n"
     "Sammanfattning av ärendet\nX.", "Kommunstyrelsen beslutar att bevilja."),
    ("Beslut i nämnden för Förskola & Grundskola\nKommunfullmäktige beslutar att anta priset.\n\nBakgrund\nX.",
     "Kommunfullmäktige beslutar att anta priset."),
    ("Bakgrund\nX.\n\nKommunstyrelsen föreslår kommunfullmäktige besluta\n\natt anta planen.",
     "Kommunstyrelsen föreslår kommunfullmäktige besluta\n\natt anta planen."),
    ("Beslut - for faststallande i kommunfullmaktige\nBN godkanner planen.", "BN godkanner planen."),  # OCR lost å/ä/ö
])
def test_decision_headings_of_real_templates(text, expected):
    assert decision_of(text) == expected


def test_contents_list_never_becomes_paragraphs_and_bodies_are_not_swallowed():
    contents = ("Innehåll\n\n§ 137 Dnr BN-2023-00211\nUppdrag att upprätta förslag till detaljplan för bostäder inom\n"
                "Skörvalla 1:116, Särö ............................................ 3\n\n"
                "§ 163 Dnr BN-2023-001564\nRättelseföreläggs med vite att avröja stängsel\n\n"
                "§ 164 Dnr BN-2024-000899\nRättelseföreläggs med vite att avröja del av staket ......... 5\n")
    body = ("§ 137                      Dnr BN-2023-00211\nUppdrag att upprätta förslag till detaljplan\n\nBeslut\n"
            "Utskottet ger kontoret i uppdrag.\n\f§ 163                      Dnr BN-2023-001564\n"
            "Rättelseföreläggs med vite att avröja stängsel\n\nÄrende för beslut i byggnadsnämnden.\n\f"
            "§ 164                      Dnr BN-2024-000899\nRättelseföreläggs med vite att avröja del av staket\n\n"
            "Ärende för beslut i byggnadsnämnden.\n")
    info, by_section = analysed(protokoll("Byggnadsnämndens arbetsutskott", contents + "\f" + body, "137, 163-164"))
    assert list(by_section) == ["§ 137", "§ 163", "§ 164"] and not info.missing_sections
    assert info.declared_range == "137, 163-164"
    assert "Rättelseföreläggs" not in by_section["§ 137"].text
    assert by_section["§ 163"].case_numbers == ["BN-2023-001564"] and not by_section["§ 163"].is_decision


def test_ocr_headings_inside_text_are_split_off_and_signs_recovered():
    body = ("§ 10 Dnr MH-2021-3637\nTillsyn\n\nBeslut\nNämnden beslutar.\n\n"
            "$11 Dnr MH-2024-12\nTaxa\n\nBeslut\nNämnden antar taxan.\n\n"
            "Sit Dnr MH-2024-13\nVal av ombud\n\nBeslut\nNämnden utser X.\n\n"
            "813 0 Dnr MH-2024-14\nÖvrigt\n\nBeslut\nNämnden noterar.\n\n"
            "§ 40 Dnr MH-2024-15\nLångt fram\n\nBeslut\nNämnden noterar.\n")
    info, by_section = analysed(protokoll("Miljö- och hälsoskyddsnämnden", body, "10-40"))
    assert list(by_section) == ["§ 10", "§ 11", "§ 12", "§ 13", "§ 40"]
    assert [p.title for p in by_section.values()] == ["Tillsyn", "Taxa", "Val av ombud", "Övrigt", "Långt fram"]
    assert by_section["§ 13"].case_numbers == ["MH-2024-14"]
    assert info.body == "Miljö- och hälsoskyddsnämnden"


def test_continuation_pages_stay_in_their_paragraph():
    body = ("§ 11 Dnr VN-2023-00012\nBudget\n\nBakgrund\nFörsta sidan.\n\f"
            "forts. § 11\nAndra sidan.\n\nBeslut\nNämnden antar budgeten.\n\f"
            "§ 12 Dnr VN-2023-00013\nÖvrigt\n\nBeslut\nInget.\n\f§ 12 (forts.)\nMer om övrigt.\n")
    _, by_section = analysed(protokoll("Vård- och omsorgsnämnden", body, "11-12"))
    assert list(by_section) == ["§ 11", "§ 12"]
    assert "Andra sidan." in by_section["§ 11"].text and by_section["§ 11"].decision == "Nämnden antar budgeten."
    assert "Mer om övrigt." in by_section["§ 12"].text


def test_running_page_heads_and_stamps_are_not_paragraph_text():
    _, by_section = analysed(KS)
    assert "SAMMANTRÄDESPROTOKOLL" not in by_section["§ 2"].text
    assert "digitalt signerat" not in by_section["§ 2"].text


@pytest.mark.parametrize("written", ["KS 2024-00851", "KS-2024-00851", "KS 2024/851", "ks-2024-851",
                                     "Dnr KS.2024.851"])
def test_every_written_form_has_one_key(written):
    assert case_key(written) == "KS-2024-851"


def test_a_broken_layout_file_stops_with_one_line(tmp_path, monkeypatch):
    (tmp_path / "headings.toml").write_text("section_sign = [unclosed", encoding="utf-8")
    for name in ("boards.toml", "case_numbers.toml"):
        (tmp_path / name).write_text((layout_module.LAYOUT_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(layout_module, "LAYOUT_DIR", tmp_path)
    layout_module.load_layout.cache_clear()
    try:
        with pytest.raises(ProtokollError, match=r"layout file .*headings.toml cannot be read") as caught:
            layout_module.load_layout()
        assert caught.value.exit_code == 4 and "\n" not in str(caught.value)
    finally:
        layout_module.load_layout.cache_clear()


# ---------------------------------------------------------------- the same paragraphs through the index

@pytest.fixture(scope="module")
def ks_archive(tmp_path_factory):
    from protokoll.archive import Archive
    from protokoll.index import store

    archive = Archive(tmp_path_factory.mktemp("layouts"))
    archive.documents_dir.mkdir(parents=True)
    info, by_section = analysed(KS)
    store.build(archive, list(by_section.values()))
    return archive


def hit_sections(archive, query: str, *options: str) -> list[str]:
    import json

    from conftest import run_cli

    result = run_cli(archive.root, "search", query, "--json", *options)
    assert result.exit_code == 0, result.output
    return [hit["section"] for hit in json.loads(result.output)["hits"]]


@pytest.mark.parametrize("typed", ["KS 2024-00851", "KS-2024-00851", "KS 2024/851", "ks-2024-851"])
def test_a_case_number_typed_any_way_finds_its_paragraph(ks_archive, typed):
    assert hit_sections(ks_archive, typed) == ["§ 1"]


def test_references_and_decision_text_are_stored_and_searchable(ks_archive):
    from protokoll.index.search import get_paragraph

    assert hit_sections(ks_archive, "KN 2024-1288") == ["§ 2"]  # a reference, typed another way
    assert hit_sections(ks_archive, "yttrandet", "--decisions") == ["§ 2"]
    stored = get_paragraph(ks_archive, next(p.id for p in analysed(KS)[1].values() if p.section == "§ 2"))
    assert stored["references"][0] == "KN2024/01288" and stored["decision"] == "Kommunfullmäktige antar yttrandet."
    assert stored["signing_date"] == "2024-08-26" and stored["case_numbers"] == ["KS 2024/12"]


@pytest.mark.parametrize("head, board", [
    ("SAMMANTRÄDESPROTOKOLL\nBeredningen för hållbar utveckling\nSammanträdesdatum 2024-03-04", "Beredningen för hållbar utveckling"),
    ("GNESTA KOMMUN   SAMMANTRÄDESPROTOKOLL\nKommunfullmäktige\n2024-02-26", "Kommunfullmäktige"),
    ("Sammanträdesprotokoll\nMiljö- och hälsoskyddsnämnden\n2021-05-12", "Miljö- och hälsoskyddsnämnden"),
    ("SAMMANTRÄDESPROTOKOLL\nKOMMUNSTYRELSENS ARBETSUTSKOTT", "Kommunstyrelsens arbetsutskott"),
    ("Protokoll\nRegion Halland\nRegionstyrelsen", "Regionstyrelsen"),
])
def test_board_header_forms(head, board):
    from protokoll.structure.boards import header_board

    assert header_board(head) == board


# Lomma's template: the board's letters before the § ("KF § 72"), the case number at the right of the §
# line without a label, the title below, "(fort.)" continuation pages, a rule under the decision, the
# decision as a dashed list, a date broken across title lines, an upper-case board head.
LOMMA_PAGE = "SOCIALNÄMNDEN                 SAMMANTRÄDESPROTOKOLL\n         Sida {n} av 4\n\n         Sammanträdesdatum\n         2023-06-20\n\n"
LOMMA = (
    "SOCIALNÄMNDEN                 SAMMANTRÄDESPROTOKOLL\n         Sida 1 av 4\n\n         Sammanträdesdatum\n"
    "         2023-06-20\nPlats: Lomma kommun, Stora sessionssalen\nTid: 2023-06-20, klockan 18:34-21:26\n\n"
    "Utses att justera: Rune Setthammar\nJusteringens plats och datum: Digital justering, 2023-06-27\n"
    "Paragraf: §34-§36\n\nJusterande                          Utdragsbestyrkande\nProtokollet har justerats digitalt\n\f"
    + LOMMA_PAGE.format(n=2) +
    "SN § 34                             SN/2023:152\n\nVal av ersättare i socialnämndens arbetsutskott för tiden 2023-01-\n"
    "01 - 2026-12-31\n\nÄrendebeskrivning\nFöreligger förslag.\n\nBeslut:\nSocialnämnden beslutar följande:\n\n"
    "    - Socialnämnden väljer Anna Andersson (M).\n\n_________________________________\n\n"
    "Beslutet expedieras till:\nDe valda\n\nJusterande                          Utdragsbestyrkande\n"
    "Protokollet har justerats digitalt\n\f"
    + LOMMA_PAGE.format(n=3) +
    "SN § 35                             KS KF/2023:13\n\nBeslut om preliminär nämndsbudget 2024\n\nÄrendebeskrivning\n"
    "Socialnämnden ska lämna förslag (KS/KF 2023:17).\n\nÖverläggning\nOrdförande yrkar bifall.\n\n"
    "Justerande                          Utdragsbestyrkande\nProtokollet har justerats digitalt\n\f"
    + LOMMA_PAGE.format(n=4) +
    "SN § 35 (fort.)                     KS KF/2023:13\n\nBeslut:\n    - Socialnämnden godkänner budgeten.\n\n"
    "Reservation\nOscar Sedira (SD) reserverar sig.\n\n"
    "SN § 36                             SN/2023:85\n\nInformation om LSS-verksamheten\n\nBeslut:\n"
    "    - Socialnämnden har tagit del av informationen.\n_________________________________\n")


def test_lomma_template_board_letters_before_the_section_sign():
    info, by_section = analysed(LOMMA)
    assert list(by_section) == ["§ 34", "§ 35", "§ 36"]  # "SN § 35 (fort.)" goes on with § 35
    assert [p.title for p in by_section.values()] == [
        "Val av ersättare i socialnämndens arbetsutskott för tiden 2023-01-01 - 2026-12-31",
        "Beslut om preliminär nämndsbudget 2024", "Information om LSS-verksamheten"]
    assert info.body == "Socialnämnden" and info.date == "2023-06-20" and info.signing_date == "2023-06-27"


def test_lomma_case_numbers_with_a_two_part_diary_prefix():
    _, by_section = analysed(LOMMA)
    assert by_section["§ 34"].case_numbers == ["SN/2023:152"]
    assert by_section["§ 35"].case_numbers == ["KS KF/2023:13"]
    assert by_section["§ 35"].references == ["KS/KF 2023:17"]
    assert case_key("KS KF/2023:17") == case_key("KS/KF 2023:17") == "KS-KF-2023-17"


def test_lomma_decision_is_the_dashed_list_under_beslut_up_to_the_rule():
    _, by_section = analysed(LOMMA)
    assert by_section["§ 34"].decision == "Socialnämnden beslutar följande:\n\nSocialnämnden väljer Anna Andersson (M)."
    assert by_section["§ 35"].decision == "Socialnämnden godkänner budgeten."
    assert by_section["§ 36"].decision == "Socialnämnden har tagit del av informationen."
    assert "Justerande" not in by_section["§ 35"].text  # the foot of every page is furniture


def test_a_title_starting_with_fortsatt_is_no_continuation():
    text = protokoll("Socialnämnden", "§ 1  Dnr SN-2024-1\nFörändring av ärendelista\n\nBeslut\nNämnden godkänner.\n\n"
                     "§ 2  Fortsatt arbete med budgeten\n\nBeslut\nNämnden noterar.\n\n"
                     "§ 3  Information\n\nBeslut\nNämnden noterar.\n")
    _, by_section = analysed(text)
    assert by_section["§ 2"].title == "Fortsatt arbete med budgeten"


# Alingsås's template: a list of the §§ at the top with no heading, the case number after the § as
# year.number and the diary's series ("§ 63 2026.113 KS"), a title wrapped after " - ", and a
# decision written as a sentence with no heading ("Informationen noteras.").
ALINGSAS = (
    "Kommunfullmäktige\nProtokoll\n2026-03-25\nParagrafer §§61-63\n\n"
    "§ 61 Taxor och avgifter 2026\n§ 62 Svar på motion om en kulturbank - Amanda Andersson (MP)\n§ 63 Meddelanden\n\n"
    "§ 61 2026.113 KS \nTaxor och avgifter 2026 \nÄrendebeskrivning\nTaxorna behöver revideras.\nBeslut\n"
    "1. Taxorna antas.\nExpedieras till\nVård- och omsorgsnämnden \n\n"
    "§ 62 2025.447 KS \nSvar på motion om att inrätta en kulturbank i Alingsås kommun - \nAmanda Andersson (MP) \n"
    "Ärendebeskrivning\nEn motion.\nBeslut\nMotionen anses besvarad.\n\n"
    "§63 \nMeddelanden\n \nInformationen noteras.\nAnmälningar\n• 2025.252 KS-013 § 10 VON - Rapportering\n")


def test_alingsas_case_number_with_the_series_after_it():
    info, by_section = analysed(ALINGSAS)
    assert list(by_section) == ["§ 61", "§ 62", "§ 63"]  # the list at the top is no body
    assert by_section["§ 61"].title == "Taxor och avgifter 2026"
    assert by_section["§ 61"].case_numbers == ["2026.113 KS"] and case_key("2026.113 KS") == "2026-113-KS"
    assert by_section["§ 62"].title == "Svar på motion om att inrätta en kulturbank i Alingsås kommun - Amanda Andersson (MP)"
    assert by_section["§ 63"].case_numbers == [] and by_section["§ 63"].references == ["2025.252 KS-013"]
    assert by_section["§ 63"].decision.startswith("Informationen noteras.")
    assert info.body == "Kommunfullmäktige" and info.date == "2026-03-25"


def test_a_date_after_a_word_in_capitals_is_no_reference():
    text = protokoll("Socialnämnden", "§ 1  SN/2023:54\nAnmälan av delegationsbeslut\n\nÄrendebeskrivning\n"
                     "- Delegationslista IFO 2023-05-10 – 2023-06-13\n- Protokoll SNAU 2023-05-30\n"
                     "- SN/2023:148 Ordförandebeslut\n\nBeslut\nNämnden godkänner anmälan.\n")
    _, by_section = analysed(text)
    assert by_section["§ 1"].case_numbers == ["SN/2023:54"]
    assert by_section["§ 1"].references == ["SN/2023:148"]


# Alingsås's boards: a contents list with no heading whose § numbers stand alone, one a line, with the
# titles below the last; the board's name wrapped by a narrow header field; "Bilaga" and "Anteckning"
# after a decision end it.
ALINGSAS_BOARD = (
    "Bygg- och \nmiljönämnden \nProtokoll \n2026-05-19 \nPlats och tid \nSkräddaren \nParagrafer \n§§41-43 \n\f"
    "Bygg- och miljönämnden \nProtokoll \n2026-05-19 \n\n§ 41 \n§ 42 \n§ 43 \n\nInformation och föredragningar \n"
    "Cykelplan för Alingsås \nkommun \nMeddelanden 2026 \n\n2\n\f"
    "Bygg- och miljönämnden \nProtokoll \n2026-05-19 \n\n§ 41 \n\nInformation och föredragningar \n\n"
    "Föredragning ärenden: \n•  § 42 Cykelplan \n\nParagrafen är justerad \n\f"
    "Bygg- och miljönämnden \nProtokoll \n2026-05-19 \n\n§ 42  2026.008 BMN   \n\nCykelplan för Alingsås kommun  \n\n"
    "Ärendebeskrivning \nEn plan.\n\nBeslut \nCykelplan för Alingsås kommun antas. \n\nBilaga \nCykelplan \n\n"
    "Expedieras till \nKS \n\f"
    "Bygg- och miljönämnden \nProtokoll \n2026-05-19 \n\n§ 43  2026.002 BMN   \n\nBegäran om avvikelse från dygnsvila inom funktionshinderområdet i \n"
    "Bilaga J till Allmänna Bestämmelser  \n\n"
    "Beslut \nMeddelandena läggs till handlingarna. \n\nAnteckning \nS lämnar en protokollsanteckning.\n")


def test_a_contents_list_of_bare_section_numbers_is_no_paragraph():
    _, by_section = analysed(ALINGSAS_BOARD)
    assert list(by_section) == ["§ 41", "§ 42", "§ 43"]
    assert [p.title for p in by_section.values()] == ["Information och föredragningar", "Cykelplan för Alingsås kommun",
                                                      "Begäran om avvikelse från dygnsvila inom funktionshinderområdet i Bilaga J till Allmänna Bestämmelser"]
    assert by_section["§ 42"].case_numbers == ["2026.008 BMN"]


def test_a_board_name_wrapped_by_the_header_field():
    from protokoll.structure.boards import header_board

    assert header_board("Bygg- och \nmiljönämnden \nPlats och tid \nSkräddaren") == "Bygg- och miljönämnden"
    info, by_section = analysed(ALINGSAS_BOARD)
    assert info.body == "Bygg- och miljönämnden"
    assert "miljönämnden" not in by_section["§ 41"].text  # the later pages' head, whole, is furniture


def test_bilaga_and_anteckning_end_a_decision():
    _, by_section = analysed(ALINGSAS_BOARD)
    assert by_section["§ 42"].decision == "Cykelplan för Alingsås kommun antas."
    assert by_section["§ 43"].decision == "Meddelandena läggs till handlingarna."


def test_the_stamp_under_every_paragraph_is_furniture():
    _, by_section = analysed(ALINGSAS_BOARD)
    assert "Paragrafen är justerad" not in by_section["§ 41"].text


def test_a_proposal_to_fullmaktige_under_beslut_is_the_decision():
    text = ("Ärendebeskrivning\nEn budget.\nBeslut \nFörslag till beslut i kommunfullmäktige \n"
            "Budget 2027 för räddningstjänstförbundet godkänns. \nBeslutsunderlag \n•  Tjänsteskrivelse\n")
    assert decision_of(text) == "Budget 2027 för räddningstjänstförbundet godkänns."


def test_a_full_stop_read_after_the_section_sign():
    text = protokoll("Socialnämnden", "§ 1  2026.034 SN\nEkonomisk uppföljning\n\nBeslut\nNämnden godkänner.\n\n"
                     "§.2 2026.089 SN\nÖverenskommelse om partnerskap\n\nBeslut\nNämnden tillstyrker.\n\n"
                     "§ 3  2025.145 SN\nDelegationsordning\n\nBeslut\nNämnden beslutar.\n")
    _, by_section = analysed(text)
    assert list(by_section) == ["§ 1", "§ 2", "§ 3"]
    assert by_section["§ 2"].title == "Överenskommelse om partnerskap"
    assert by_section["§ 2"].case_numbers == ["2026.089 SN"]


def test_wrapped_justering_label_page_numbers_and_a_running_head_the_first_page_wraps():
    """Alingsås's överförmyndarnämnd: "Justeringens plats och" / "tid" in a narrow label column is not the
    meeting's time (a contents entry's "1 juli 2026" was taken for the meeting date), and a page's number
    alone on its last line and the board's name the later pages print whole (the first page wraps it as
    "Överförmyndarnämnde" / "n") do not break a decision that runs over a page."""
    head = "Överförmyndarnämnden\nProtokoll\n2026-06-11\n"
    text = ("Överförmyndarnämnde\nn\nProtokoll\n2026-06-11\nPlats och tid Rådhuset Paragrafer §§1-3\n"
            "Justeringens plats och\ntid\nProtokollet justeras på distans.\n1\f" + head +
            "§ 1 Information\n§ 2 Delegationsordning – revidering med anledning\nav lagändringar 1 juli 2026\n"
            "§ 3 Meddelanden\n2\f" + head + "§ 1\nInformation\n\nInformationen noteras.\n\n"
            "§ 2 2026.030 ÖN\nDelegationsordning – revidering med anledning av lagändringar 1 juli 2026\n"
            "Beslut\nÖverförmyndarnämnden beslutar att\n3\f" + head + "1. anta delegationsordningen.\n\n"
            "§ 3\nMeddelanden\n\nMeddelanden noteras.\n4")
    info, by_section = analysed(text)
    assert info.date == "2026-06-11"
    assert by_section["§ 2"].decision.split() == "Överförmyndarnämnden beslutar att 1. anta delegationsordningen.".split()
    assert by_section["§ 3"].decision == "Meddelanden noteras."


def test_goteborg_nothing_put_before_the_board_and_a_case_number_s_suffix():
    # Göteborgs Stad: "Beslut" over "Inga delegationsbeslut anmälda …" records that nothing was decided, and the
    # case number's suffix as written ("SLK-2023-00369:-1")
    text = ("§ 34 Ärendenummer SLK-2023-00013\n\nLista över delegationsbeslut\nBeslut\n\n"
            "Inga delegationsbeslut anmälda till dagens sammanträde.\n\n"
            "§ 38 Ärendenummer SLK-2023-00369:-1\nExtra månadsuppföljning\nBeslut\n\nAntecknas.\n\nHandling\n\nX.\n")
    by_section = analysed(text)[1]
    assert not by_section["§ 34"].is_decision
    assert by_section["§ 38"].decision == "Antecknas."
    assert "SLK-2023-00369:-1" in by_section["§ 38"].case_numbers


def test_molndal_number_before_year_and_serial_number_after_a_label():
    # Mölndals stad: "Diarienummer 00575/2026" (the number before the year) and a serial number alone;
    # the same digits without a label are no case number
    text = ("§ 261 Diarienummer 116448\nKommunstyrelsens ekonomi\nBeslut\n\nRapporten läggs till handlingarna.\n\n"
            "§ 262 Diarienummer 00575/2026\nSvar på motion\nBeslut\n\nMotionen avslås, se 116448 och 00123/2025.\n")
    by_section = analysed(text)[1]
    assert by_section["§ 261"].case_numbers == ["116448"]
    assert by_section["§ 262"].case_numbers == ["00575/2026"]
    assert case_key("575/2026") == case_key("00575/2026")


def test_goteborg_board_date_and_signing_from_minutes_without_a_header():
    # Göteborgs Stad's paragraphs as cut from the PDF: no header, the page head kept between them (once, with
    # a heading the text put in between, and OCR's speck after it), a paragraph that sets the justering, and another body's decision
    # cited ("Länsstyrelsens beslut antecknas"), which must not become the board
    text = ("§ 100 Ärendenummer SLK-2024-00078\nBestämmande av tid för justering\nBeslut\n\n"
            "Ordföranden och Anna Andersson (M) justerar dagens protokoll på Stadshuset, torsdagen den 4 april 2024.\n\n"
            "§ 101 Ärendenummer SLK-2024-00009\nAnmälan av länsstyrelsens beslut\n"
            "Länsstyrelsen har den 7 mars 2024 beslutat utse en ny ersättare.\n\nKommunfullmäktige\n\n"
            "Protokollsanteckning\n\nProtokoll nr 3 |\nSammanträdesdatum: 2024-03-21\n\n"
            "Beslut\n\nLänsstyrelsens beslut antecknas.\n\n"
            "§ 102 Ärendenummer SLK-2024-00010\nJustering av VA-taxan\nBeslut\n\nTaxan höjs från 1 januari 2025.\n")
    info, by_section = analysed(text)
    assert (info.body, info.date, info.signing_date) == ("Kommunfullmäktige", "2024-03-21", "2024-04-04")
    assert by_section["§ 101"].decision == "Länsstyrelsens beslut antecknas."


def test_a_fee_adjustment_sets_no_signing_date():
    text = ("§ 102 Ärendenummer SLK-2024-00010\nJustering av VA-taxan\nBeslut\n\nTaxan höjs från 1 januari 2025.\n\n"
            "§ 103 Ärendenummer SLK-2024-00011\nMeddelanden\nBeslut\n\nAntecknas.\n")
    assert analysed(text)[0].signing_date is None


def test_hogsby_diary_letters_over_year_and_number_run_together_only_after_a_label():
    # Högsby kommun 2007: "DNR:KNSLI/20014197" (year 2001, number 4197); without the label such digits are not read
    from protokoll.structure.casenumbers import case_numbers_in

    assert case_numbers_in("KS § 2 DNR:KNSLI/20014197") == ["KNSLI/20014197"]
    assert case_numbers_in("se KNSLI/20014197 i bilagan") == []
