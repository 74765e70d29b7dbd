"""OCR damage seen on scanned and OCR'd real minutes (issue 15), each case written as a short protokoll
of our own with the damage as Tesseract left it: a label glued to its case number, a separator read
twice, "Dnr" read as "D]nr", a prefix letter read as a digit, a § number with a digit lost or a speck before
its sign, specks after a title line, "ö" read as "é" in a heading, a speck after a signature's "Datum:", the
board joined to the template's title, and a title that OCR read without å/ä/ö, searched for with them."""
from __future__ import annotations

import pytest

from test_structure_layouts import analysed, hit_sections, protokoll

from protokoll.records import Document
from protokoll.structure.casenumbers import case_numbers_in
from protokoll.structure.decisions import decision_of
from protokoll.structure.paragraphs import analyse


@pytest.mark.parametrize("line, found", [
    ("§90 > DnrFG-2024-00059", ["FG-2024-00059"]),  # the label glued to the number
    ("8 62 oo Dnr BN-2025- -000147", ["BN-2025- -000147"]),  # the separator read twice
    ("§ 56 D]nr. 2024-00418", ["2024-00418"]),  # "Dnr." with its n's stem read as a bracket
    ("Avdelningen 2024-05-02, mötet 2024- -05", []),  # dates are no case numbers, however read
    ("8125 > Dnr 1F-2024-00013", ["IF-2024-00013"]),  # a prefix letter read as a digit, put back
    ("Dnr K5 2024/12 och Dnr 12024-00013", ["KS 2024/12"]),  # a prefix needs a letter and a separator
    ("8138 Dnr IF-2023-00008-", ["IF-2023-00008"]),  # a dash left dangling after it
    ("891 oc Dar FG-202.4-00002", ["FG-2024-00002"]),  # a speck inside the year, after a label
    ("§ 132 Dnr TF-2023-00100_", ["TF-2023-00100"]),  # an underscore speck after it (the prefix: from the document's)
])
def test_case_numbers_as_ocr_damages_them(line, found):
    assert case_numbers_in(line) == found


# "$9" is § 91 with a digit lost; "$7" cannot be § 93 misread, so § 93 stays missing rather than guessed
DIGIT_LOST = protokoll("Nämnden för Förskola & Grundskola", (
    "§ 90 Dnr FG-2024-00059\nDelegeringsbeslut\n\nBeslut\nNämnden noterar.\n\f"
    "$9 Dur FG-2024-00002 |\n\nInformation om arbetsutskottet\n\nBeslut\nNämnden noterar.\n\f"
    "§ 92 Dnr FG-2024-00527\nDelårsrapport\n\nBeslut\nNämnden godkänner.\n\f"
    "$7 Dnr FG-2024-00600\nÖvrigt\n\nBeslut\nNämnden noterar.\n"), "90-93")
# "28126" is § 126 after a speck, "«dDnr" a label with a speck glued to it
SPECKED_SIGNS = protokoll("Nämnden för Individ & Familjeomsorg", (
    "§ 125 Dnr IF-2024-00013\nLokaler\n\nBeslut\nNämnden noterar.\n\f"
    "28126 > > Dnr IF-2024-00260\nLokalbehov 2026-2030\n\nBeslut\nNämnden noterar.\n\f"
    "8127  —-—«dDnr IF-2024-00046\nSystematiskt arbetsmiljöarbete, SAM\n\nBeslut\nNämnden noterar.\n"), "125-127")
# the first § read "Sla" (its number lost), "58124" (a speck glued before "8124"), "Soe" before the label
SECOND_SCAN = protokoll("Kommunstyrelsen", (
    "sla Dnr KS-2024-00011\nFörändring av ärendelista\n\nBeslut ws\n\nKommunstyrelsen godkänner listan.\n\n"
    "Beslutsgång\nOrdföranden finner bifall.\n\f"
    "58124 Dnr KS-2024-00014\nInformation om peer-support\n\nBeslut = Förslag till kommunfullmäktige\n"
    "Kommunfullmäktige noterar informationen.\n\nSammanfattning: av ärendet. .\nX.\n\f"
    "§ 125 Soe Dnr KS-2024-00015\nRedovisning av synpunkter och klagomål\n\nBeslut\nKommunstyrelsen noterar.\n\f"
    "§ 126 Val Dnr KS-2024-00016\n\nBeslut\nKommunstyrelsen väljer Anna Andersson.\n"), "123-126")
# "88 Dnr" is § 84 with a digit lost (§ 88 has its own heading below), "885 000 > Dnr" a rule read as digits,
# "Dr" the label; the utskott's "Förslag: till beslut" and a title's stray full stop
THIRD_SCAN = protokoll("KUNGSBACKA KOMMUN\nFörskola.& Grundskola arbetsutskott", (
    "§ 83 Dnr FG-2024-00581\nNämndens måldag\n\nFörslag till beslut\nNämnden noterar.\n\f"
    "88 Dnr FG-2024-00003\nFastställande av dagordning\n\nFörslag: till beslut\nNämnden fastställer.\n\f"
    "885 000 > Dnr FG-2024-00001\nAnsökan från Förskolekooperativet Myrstacken i Åsa Ekonomisk.\n"
    "förening om utökning\n\nFörslag till beslut\nNämnden godkänner.\n\f"
    "§ 86 Dr FG-2024-00058\nInformation\n\nFörslag till beslut\nNämnden noterar informationen.\n\f"
    "§ 88 Dnr FG-2024-00430\nAnsökan om godkännande\n\nFörslag till beslut\nNämnden godkänner ansökan.\n"),
    "83-88")
SPECKS = protokoll("Nämnden för Förskola & Grundskola", (
    "§ 51 Dnr FG-2024-00258 |\nAnsökan från Förskolekooperativet Myrstacken i Åsa Ekonomisk - :\n"
    "förening om permanent utökning av barnantal\n\nBeslut\nNämnden godkänner.\n\f"
    "§ 52 = Dnr FG-2024-00430\n~ Ansökande om godkännande av fristående pedagogisk omsorg med.\n"
    "anledning av verksamhetsförändring - Ekolek\n\nBeslut\nNämnden godkänner.\n"), "51-52")
PROPOSALS = protokoll("Förskola & Grundskola arbetsutskott", (
    "§ 51 Dnr FG-2024-00258\nAnsökan om utökning\n\nFérslag till beslut\n"
    "Nämnden godkänner ansökan.\n\nSammanfattning av ärendet\nX.\n\f"
    "§ 52 Dnr FG-2024-00256\nAnsökan om tillfällig utökning\n\ni Förslag till beslut : ;\n\n"
    "Nämnden godkänner den tillfälliga ansökan.\n\nSammanfattning av ärendet\nY.\n"), "51-52")


def test_a_case_number_line_with_a_digit_lost_gets_its_number_from_the_sequence():
    by_section = analysed(DIGIT_LOST)[1]
    assert list(by_section) == ["§ 90", "§ 91", "§ 92"]
    assert (by_section["§ 91"].title, by_section["§ 91"].case_numbers) == ("Information om arbetsutskottet",
                                                                           ["FG-2024-00002"])


def test_a_speck_before_the_sign_or_glued_to_the_label_does_not_lose_the_paragraph():
    by_section = analysed(SPECKED_SIGNS)[1]
    assert [(s, p.title, p.case_numbers) for s, p in by_section.items()] == [
        ("§ 125", "Lokaler", ["IF-2024-00013"]), ("§ 126", "Lokalbehov 2026-2030", ["IF-2024-00260"]),
        ("§ 127", "Systematiskt arbetsmiljöarbete, SAM", ["IF-2024-00046"])]


def test_signing_date_after_a_speck_and_board_joined_to_the_template_title():
    text = ("KUNGSBACKA KOMMUN\nKommunrevisionen SAMMANTRADESANTECKNINGAR |\nDatum |\n~ 2024-09-23\n\n"
            "Plats och tid Stadshuset, Fjärasrummet\nBeslutande: Anna Andersson (S), Bo Berg (M)\n\nMötets öppnande\n\nOrdföranden öppnar mötet och hälsar alla välkomna till dagens sammanträde.\n\nUndertecknat av\n‘Datum: vo 2024-09-30 16:15:18 Sn\n")
    info = analysed(text)[0]
    assert (info.body, info.date, info.signing_date) == ("Kommunrevisionen", "2024-09-23", "2024-09-30")


def test_a_second_scan_of_the_same_minutes():
    by_section = analysed(SECOND_SCAN)[1]
    assert [(s, p.title, p.decision) for s, p in by_section.items()] == [
        ("§ 123", "Förändring av ärendelista", "Kommunstyrelsen godkänner listan."),
        ("§ 124", "Information om peer-support", "Kommunfullmäktige noterar informationen."),
        ("§ 125", "Redovisning av synpunkter och klagomål", "Kommunstyrelsen noterar."),
        ("§ 126", "Val", "Kommunstyrelsen väljer Anna Andersson.")]  # a short title over a decision heading stays


def test_a_third_scan_of_the_same_minutes():
    info, by_section = analysed(THIRD_SCAN)
    assert info.body == "Förskola & Grundskola arbetsutskott"
    assert [(s, p.title, p.case_numbers, p.decision) for s, p in by_section.items()] == [
        ("§ 83", "Nämndens måldag", ["FG-2024-00581"], "Nämnden noterar."),
        ("§ 84", "Fastställande av dagordning", ["FG-2024-00003"], "Nämnden fastställer."),
        ("§ 85", "Ansökan från Förskolekooperativet Myrstacken i Åsa Ekonomisk förening om utökning",
         ["FG-2024-00001"], "Nämnden godkänner."),
        ("§ 86", "Information", ["FG-2024-00058"], "Nämnden noterar informationen."),
        ("§ 88", "Ansökan om godkännande", ["FG-2024-00430"], "Nämnden godkänner ansökan.")]


def test_title_lines_keep_their_wrap_through_ocr_specks():
    titles = [p.title for p in analysed(SPECKS)[1].values()]
    assert titles == ["Ansökan från Förskolekooperativet Myrstacken i Åsa Ekonomisk förening om permanent utökning "
                      "av barnantal", "Ansökande om godkännande av fristående pedagogisk omsorg med anledning av "
                      "verksamhetsförändring - Ekolek"]


def test_an_utskott_proposal_heading_read_with_e_for_o_and_specks():
    decisions = [p.decision for p in analysed(PROPOSALS)[1].values()]
    assert decisions == ["Nämnden godkänner ansökan.", "Nämnden godkänner den tillfälliga ansökan."]


@pytest.fixture(scope="module")
def folded_title_archive(tmp_path_factory):
    from protokoll.archive import Archive
    from protokoll.index import store

    body = ("§ 58 Dnr BN-2024-002400\nGASEVADHOLM 5:1 - Bygglov for nybyggnad av garagebyggnad\n\n"
            "Beslut\nByggnadsnämnden beviljar bygglov.\n\f§ 59 Dnr BN-2024-002401\nÖvrigt om garage\n\n"
            "Beslut\nByggnadsnämnden noterar.\n")
    archive = Archive(tmp_path_factory.mktemp("folded"))
    archive.documents_dir.mkdir(parents=True)
    store.build(archive, list(analysed(protokoll("Byggnadsnämnden", body, "58-59"))[1].values()))
    return archive


def test_a_word_typed_with_a_ring_finds_a_title_ocr_read_without_it(folded_title_archive):
    assert hit_sections(folded_title_archive, "garage Gåsevadholm bygglov") == ["§ 58"]


@pytest.mark.parametrize("continued", ["forts, § 11", "| forts. 8 11 |", "§ 11 (torts.)", "$ 11 (forts.)",
                                       "§ 11 Budget (forts.)", "§ 11, forts.", "VN § 11 (fört.) > VN-2023-00012"])
def test_continuation_lines_as_ocr_reads_them_stay_in_their_paragraph(continued):
    body = ("§ 11 Dnr VN-2023-00012\nBudget\n\nBakgrund\nFörsta sidan.\n\f"
            f"{continued}\nAndra sidan.\n\nBeslut\nNämnden antar budgeten.\n\f"
            "§ 12 Val av ombud, forts.\n\nBeslut\nNämnden utser X.\n")  # continued from another meeting: kept
    by_section = analysed(protokoll("Vård- och omsorgsnämnden", body, "11-12"))[1]
    assert [(p.title, p.decision) for p in by_section.values()] == [
        ("Budget", "Nämnden antar budgeten."), ("Val av ombud, forts", "Nämnden utser X.")]
    assert "Första sidan." in by_section["§ 11"].text and "Andra sidan." in by_section["§ 11"].text


CONTENTS = protokoll("Kommunstyrelsen", (
    "Innehåll\n\n§ 185 Dnr KS-2024-00444\nSponsring av Vrakatdagen 2024\n\n§ 186 Dnr KS-2024-00158\n"
    "Ombud inför domstolar i mål om sanktionsavgift ........ 10\n\f"
    "§ 185                      Dnr KS-2024-00444\nSponsring av Vrakatdagen 2024\n\nBeslut\n"
    "Kommunstyrelsen beviljar sponsring om 2024 kronor.\n\f§ 186                      Dnr KS-2024-00158\n"
    "Ombud inför domstolar i mål om sanktionsavgift\n\nBeslut\nKommunstyrelsen utser ombud.\n"), "185-186")


def test_the_front_record_leaves_the_contents_list_to_the_paragraphs(tmp_path):
    from protokoll.archive import Archive
    from protokoll.index import store

    pages = CONTENTS.split("\f")
    records = analyse(Document(id="c" * 64, source="t.txt", original="", kind="text", pages=pages, paged=True), pages)[1]
    front, paragraphs = records[0], records[1:]
    assert front.section is None and "Vrakatdagen" not in front.text and not front.case_numbers
    assert [p.case_numbers for p in paragraphs] == [["KS-2024-00444"], ["KS-2024-00158"]]
    archive = Archive(tmp_path)
    archive.documents_dir.mkdir(parents=True)
    store.build(archive, records)
    # the paragraph first, not the front record that listed its title and number
    assert hit_sections(archive, "KS 2024/444") == ["§ 185"]
    assert hit_sections(archive, "sponsring Vrakatdagen") == ["§ 185"]


@pytest.mark.parametrize("text, decision", [
    ("Beslut — & wees a of or\n\nNämnden godkänner.\n\nSammanfattning av ärendet\nX.", "Nämnden godkänner."),
    ("Beslut: ' i\n- Kommunfullmäktige har tagit del av informationen\n\nBeslutet expedieras till:\nX",
     "Kommunfullmäktige har tagit del av informationen"),  # specks after "Beslut:", then the dashed att-sats
    ("Beslut:\n~. - Kommunfullmäktige beslutar att välja X.", "Kommunfullmäktige beslutar att välja X."),
    ('Beslut: .:\n"Nämnden beslutar följande:\n- Nämnden noterar.', "Nämnden beslutar följande:\nNämnden noterar."),
    ("Beslut ws\nNämnden noterar.\n\nBeslutsgång\nY.", "Nämnden noterar."),
    ("Beslut - se nedan under punkt tre\nNämnden noterar.", None),  # a sentence, not a heading with specks
])
def test_decision_headings_with_ocr_specks(text, decision):
    assert decision_of(text) == decision


# A template that sets the board's letters before § and the case number after it, without a label (Lomma),
# as OCR read it: the sign glued to the letters or read as 8, 5 or S, specks before the case number.
LETTERS_BEFORE_SIGN = (
    "SAMMANTRÄDESPROTOKOLL\nSida 1 av 6\n\nSammanträdesdatum\n2023-01-10\n\nBARN- OCH UTBILDNINGSNAMNDEN\n"
    "Plats: Lomma kommun, Fladängskolans matsal\n\nJusteringens plats och datum: Digital justering, 2023-01-17 |\n"
    "Paragrafer: § 1-§4\n\f"
    "BUN§1 | 00 BUN/2023:25\nVal av ledamöter i arbetsutskottet\n\nBarn- och utbildningsnämnden beslutar följande:\n"
    "- Barn- och utbildningsnämnden väljer Anna Andersson.\n\f"
    "BUN 52 | ieee > BUN/2023:26\nVal av ersättare i arbetsutskottet\n\nBeslut\nNämnden väljer Bo Berg.\n\f"
    "BUNS3 —BUN/2023:16\nInformation från förvaltningen\n\nBeslut\nNämnden noterar.\n\f"
    "KF 84 | 0 0 KS KF/2022:7\nMeddelanden\n\nBeslut\nNämnden noterar meddelandena.\n")


def test_board_letters_before_the_sign_as_ocr_reads_them():
    info, by_section = analysed(LETTERS_BEFORE_SIGN)
    assert (info.body, info.signing_date) == ("Barn- och utbildningsnämnden", "2023-01-17")
    assert [(s, p.title, p.case_numbers) for s, p in by_section.items()] == [
        ("§ 1", "Val av ledamöter i arbetsutskottet", ["BUN/2023:25"]),
        ("§ 2", "Val av ersättare i arbetsutskottet", ["BUN/2023:26"]),
        ("§ 3", "Information från förvaltningen", ["BUN/2023:16"]),
        ("§ 4", "Meddelanden", ["KS KF/2022:7"])]


def test_a_speck_before_a_sub_heading_does_not_join_it_to_the_title():
    body = ("§ 45 Dnr BUN-2023-00018\nInformation om planering inför etablering av gymnasieskola i Lomma kommun\n"
            "i Arendebeskrivning —\nFörvaltningen informerar.\n\nBeslut\nNämnden noterar.\n")
    by_section = analysed(protokoll("Barn- och utbildningsnämnden", body, "45"))[1]
    assert by_section["§ 45"].title == "Information om planering inför etablering av gymnasieskola i Lomma kommun"


def test_a_label_glued_to_specks_after_junk_on_the_section_line():
    # "856 —-—säd]nr." is § 56 with "Dnr." behind a rule and a speck OCR read as letters (after the normaliser)
    body = ("§ 55 Dnr 2025-00004\nInformation om status\n\nBeslut\nNämnden noterar.\n\f"
            "856 —-—säd]nr. 2024-00418\nSvar på remiss om priser och utmärkelser\n\nBeslut\nNämnden antar yttrandet.\n")
    by_section = analysed(protokoll("Byggnadsnämnden", body, "55-56"))[1]
    assert (by_section["§ 56"].title, by_section["§ 56"].case_numbers) == (
        "Svar på remiss om priser och utmärkelser", ["2024-00418"])


# The prefix OCR damaged once ("KS KE", "IIF", "N"), the document's other case numbers written right
DAMAGED_PREFIXES = protokoll("Kommunfullmäktige", (
    "KF § 1 KS KF/2022:7\nMeddelanden\n\nBeslut\nFullmäktige noterar.\n\f"
    "KF § 2 KS KE/2022:217\nVal av revisorer\n\nBeslut\nFullmäktige väljer.\n\f"
    "KF § 3 KS KF/2022:218\nBudget\n\nBeslut\nFullmäktige antar budgeten.\n\f"
    "KF § 4 KF/2022:3\nMotion om parker\n\nBeslut\nFullmäktige avslår motionen.\n\f"
    "§ 5 Dnr IIF-2023-00008\nSkrivelse\n\nBeslut\nFullmäktige noterar.\n"), "1-5")


def test_a_case_number_prefix_damaged_once_is_put_back_from_the_document_s_own():
    by_section = analysed(DAMAGED_PREFIXES)[1]
    # "KS KE" is one letter from "KS KF", used twice; "KF" is a board's prefix and stays; "IIF" has no
    # prefix used twice near it in this document, so it stays as read
    assert [p.case_numbers for p in by_section.values()] == [
        ["KS KF/2022:7"], ["KS KF/2022:217"], ["KS KF/2022:218"], ["KF/2022:3"], ["IIF-2023-00008"]]


def test_a_prefix_with_a_letter_doubled_or_lost_takes_the_dominant_one():
    body = "".join(f"§ {n} Dnr {case}\nÄrende {n}\n\nBeslut\nNämnden noterar.\n\f" for n, case in enumerate(
        ["IF-2023-00001", "IF-2023-00003", "IIF-2023-00008", "F-2023-00009"], start=1))
    by_section = analysed(protokoll("Nämnden för Individ & Familjeomsorg", body.rstrip("\f"), "1-4"))[1]
    assert [p.case_numbers for p in by_section.values()] == [
        ["IF-2023-00001"], ["IF-2023-00003"], ["IF-2023-00008"], ["IF-2023-00009"]]


def test_the_series_template_as_ocr_reads_its_section_lines():
    # our own minutes in the template that writes the diary's series after the number ("§ 63 2026.113 KS"),
    # rendered and OCR'd: a speck before the sign, a space after the separator, specks after the series
    text = ("Kommunfullmäktige\nProtokoll\nSammanträdesdatum 2026-05-27\nParagrafer §§40-43\n\n"
            "-§ 40 2026.101 KS\nVal av justerare\nÄrendebeskrivning\nX.\nBeslut\n1. Fullmäktige väljer A.\n\n"
            "§ 41 2026. 122 KS\nTaxor för vatten och avlopp 2026\nÄrendebeskrivning\nY.\nBeslut\n1. Taxorna antas.\n\n"
            "§ 42 2026:150 KS =.\nDetaljplan för Norra ängen\nÄrendebeskrivning\nZ.\nBeslut\n1. Planen antas.\n\n"
            "8 43 2026.164 KS =\nMeddelanden\n\nInformationen noteras.\n")
    info, by_section = analysed(text)
    assert [(s, p.title, p.case_numbers) for s, p in by_section.items()] == [
        ("§ 40", "Val av justerare", ["2026.101 KS"]), ("§ 41", "Taxor för vatten och avlopp 2026", ["2026. 122 KS"]),
        ("§ 42", "Detaljplan för Norra ängen", ["2026:150 KS"]), ("§ 43", "Meddelanden", ["2026.164 KS"])]


def test_a_board_line_with_a_speck_after_it():
    text = SPECKS.replace("Nämnden för Förskola & Grundskola\n", "Förskola & Grundskola arbetsutskott.\n", 1)
    assert analysed(text)[0].body == "Förskola & Grundskola arbetsutskott"


# Damaged § lines between others, each a paragraph with its case number:
# "8550" is § 55 with a speck read as a 0; "56 i ~Dnr" then is § 56, not § 6 after a sign "5"; "s58" is § 58
# with its sign read as a small s. "§ 6 SoL eller 24 e § LSS" at a line start after § 130 is a citation: "5131"
# is still § 131; "Dnr15-2023-00006" is IF-2023-00006 with the label glued and IF read as 15 (then IS, one
# letter from IF, which the document's other case numbers use).
@pytest.mark.parametrize("board, first, lines, cases", [
    ("Byggnadsnämnden", 54, ["§ 54 Dnr 2025-00005", "8550 << Dnr 2025-00004", "56 i ~Dnr 2024-00418",
                             "§ 57 Dnr BN-2021-00017", "s58 Dnr BN-2021-002847"],
     ["2025-00005", "2025-00004", "2024-00418", "BN-2021-00017", "BN-2021-002847"]),
    ("Nämnden för Individ & Familjeomsorg", 130, [
        "§ 130 Dnr IF-2024-00010", "5131 > Dnr IF-2024-00046", "8132 Dnr IF-2023-00100 |", "8133 — > > Dnr15-2023-00006"],
     ["IF-2024-00010", "IF-2024-00046", "IF-2023-00100", "IF-2023-00006"]),
])
def test_damaged_section_lines_keep_the_sequence(board, first, lines, cases):
    citation = "Prövning enligt 4 kap.\n§ 6 SoL eller 24 e § LSS har förelegat.\n"
    body = "\f".join(f"{line}\nÄrende {n}\n\nBeslut\nNämnden noterar.\n" + (citation if n == 0 else "")
                     for n, line in enumerate(lines))
    by_section = analysed(protokoll(board, body, f"{first}-{first + len(lines) - 1}"))[1]
    assert [(s, p.case_numbers) for s, p in by_section.items()] == [
        (f"§ {first + n}", [case]) for n, case in enumerate(cases)]


def range_and_headings(text: str):
    """The declared range and each paragraph's section, title and case numbers."""
    info, by_section = analysed(text)
    return info.declared_range, [(s, p.title, p.case_numbers) for s, p in by_section.items()]


def test_a_list_of_the_sections_with_no_title_and_damaged_section_lines_of_the_series_template():
    # our own minutes in the series template, as a fourth and fifth rendering came out of OCR: the list of
    # the §§ at the top has no "Innehåll" and lost its first entry ("§ AO"); in the body "§ A8" lost its
    # number, "8.41" is § 41 with the sign read as 8 and a full stop, "2.026.101" has a speck in the year
    titles = ["Val av justerare", "Godkännande av dagordning", "Taxor 2026", "Budget 2027", "Meddelanden"]
    text = ("Kommunfullmäktige\nProtokoll\nSammanträdesdatum 2026-05-27\nParagrafer §§40-44 |.\n\n"
            "i § AO Val av justerare:\n\n" + "".join(f"§ {40 + i} {t}\n\n" for i, t in enumerate(titles) if i) +
            "~ § 40 2.026.101 KS\nVal av justerare\nÄrendebeskrivning\nX.\nBeslut\n1. Fullmäktige väljer A.\n\n"
            '"8.41 2026.108 KS\nGodkännande av dagordning\nÄrendebeskrivning\nX.\nBeslut\n1. Dagordningen godkänns.\n\n'
            "§ A2 2026.115 KS |\nTaxor 2026\nÄrendebeskrivning\nX.\nBeslut\n1. Taxorna antas.\n\n"
            "§ 43 2026.122 KS\nBudget 2027\nÄrendebeskrivning\nX.\nBeslut\n1. Budgeten antas.\n\n"
            "§ 44 2026.129 KS\nMeddelanden\n\nInformationen noteras.\n")
    assert range_and_headings(text) == ("40-44", [(f"§ {40 + i}", t, [f"2026.{101 + 7 * i} KS"])
                                                  for i, t in enumerate(titles)])


def test_a_speck_read_as_the_last_digit_of_a_section_in_a_declared_range_whose_signs_ocr_read_as_dollars():
    # Kungsbacka's template as a rendering came out of OCR: "Paragrafer §§ 93-95" read "$$ 93-95" beside the
    # secretary, and "§ 94" read "~§940" with a speck; the declared range says it is § 94, not § 940
    text = ("Individ- och familjeomsorgsnämnden\nProtokoll\nSammanträdesdatum 2025-08-21\n"
            "Sekreterare Josefine Jönsson Paragrafer $$ 93-95\n\n"
            "§ 93 Dnr IF-2023-00055\nGodkännande av dagordningen\n\nBeslut\nDagordningen godkänns.\n\n"
            "~§940 Dnr IF-2022-00213\nVal av ersättare\n\nBeslut\nNämnden väljer A.\n\n"
            "§ 95 Dnr IF-2025-00231\nInitiativärende\n\nBeslut\nÄrendet bereds.\n")
    assert range_and_headings(text) == ("93-95", [
        ("§ 93", "Godkännande av dagordningen", ["IF-2023-00055"]), ("§ 94", "Val av ersättare", ["IF-2022-00213"]),
        ("§ 95", "Initiativärende", ["IF-2025-00231"])])


def test_lomma_section_lines_with_the_sign_read_as_capitals_or_digits_after_the_number():
    # a fourth rendering of a board-letters template: "KF § 72" read "OKEST72", "KF § 74" read "KF 874-00",
    # and the declared range "§72-§78" read "$72- §74"
    text = ("KOMMUNFULLMAKTIGE  SAMMANTRADESPROTOKOLL\nSammanträdesdatum\n2022-10-17\n\n"
            "Justeringens plats och datum: Digital justering, 2022-10-21\nParagraf: $72- §74\n\f"
            "OKEST72 KS KF/2022:7\nMeddelanden\nÄrendebeskrivning\nX.\n\nBeslut:\n- Fullmäktige noterar.\n\f"
            "KF § 73 | KS KF/2022:217 |\nVal av ordförande\n\nBeslut:\n- Fullmäktige väljer A.\n\f"
            "KF 874-00 - KS KF/2022:206\nAvsägelse\n\nBeslut:\n- Fullmäktige beviljar avsägelsen.\n")
    assert range_and_headings(text) == ("72-74", [
        ("§ 72", "Meddelanden", ["KS KF/2022:7"]), ("§ 73", "Val av ordförande", ["KS KF/2022:217"]),
        ("§ 74", "Avsägelse", ["KS KF/2022:206"])])


# Lomma's template as other renderings came out of OCR: a dash after the § number and the justering date
# spaced after its hyphens; the sign read as two letters and a speck before the board's line
@pytest.mark.parametrize("damage", [
    {"Digital justering, 2023-01-17": "Digital justering; 2023- 01- 17", "BUNS3 —BUN/2023:16": "BUN§3- oc BUN/2023:16"},
    {"BARN- OCH UTBILDNINGSNAMNDEN": "~ BARN- OCH UTBILDNINGSNAMNDEN", "BUNS3 —BUN/2023:16": "BUN$S3 - BUN/2023:16"},
])
def test_lomma_header_and_section_line_as_other_renderings_read_them(damage):
    text = LETTERS_BEFORE_SIGN
    for clean, damaged in damage.items():
        text = text.replace(clean, damaged)
    info, by_section = analysed(text)
    assert (info.body, info.signing_date) == ("Barn- och utbildningsnämnden", "2023-01-17")
    assert (by_section["§ 3"].title, by_section["§ 3"].case_numbers) == ("Information från förvaltningen", ["BUN/2023:16"])


def test_lomma_specks_before_the_board_and_after_the_board_letters():
    # seen on a scan of Lomma's barn- och utbildningsnämnd: "oo" read before the board's name in capitals,
    # and a full stop after the letters in front of the sign ("BUN. §1 . BUN/2023:25 |")
    text = LETTERS_BEFORE_SIGN.replace("BARN- OCH UTBILDNINGSNAMNDEN", "oo BARN- OCH UTBILDNINGSNÄMNDEN").replace(
        "BUN§1 | 00 BUN/2023:25", "BUN. §1 . BUN/2023:25 |")
    info, by_section = analysed(text)
    assert info.body == "Barn- och utbildningsnämnden"
    assert (by_section["§ 1"].title, by_section["§ 1"].case_numbers) == ("Val av ledamöter i arbetsutskottet", ["BUN/2023:25"])


def test_a_wrapped_board_name_with_a_speck_and_a_justering_paragraph_read_without_a_umlaut():
    # Alingsås's "Bygg- och" / "miljönämnden" with OCR's ">" before the second line; Göteborg's
    # "Bestämmande av tid för justering" read "Bestammande av tid for justering"
    info = analysed("Bygg- och\n\n> miljönämnden\n\nProtokoll\n\n2026-05-19\n\n"
                    "§ 41 2026.001 BMN\nInformation\nBeslut\nInformationen noteras.\n")[0]
    assert info.body == "Bygg- och miljönämnden"
    text = ("§ 100 Arendenummer SLK-2024-00078\n~ Bestammande av tid for justering\nBeslut\n\n"
            "Ordföranden justerar dagens protokoll pa Stadshuset, torsdagen den 4 april 2024, klockan 14:00.\n\n"
            "§ 101 Arendenummer SLK-2024-00009\nAnmälan\nBeslut\n\nAntecknas.\n")
    assert analysed(text)[0].signing_date == "2024-04-04"


def test_a_citation_jumping_ahead_before_the_next_section_of_the_series_template():
    # "* § 87 VON - Svar på granskning" lists another board's decision in § 62's text; "-§ 63 2026.113 KS"
    # below it, with its case number, goes on with the sequence; the list at the top has wrapped titles
    text = ("Kommunfullmäktige\nProtokoll\n2026-03-25\nParagrafer §§61-63\n\n"
            "§ 61 Parentation\n§ 62 Information\n§ 63 Taxor och avgifter för vård- och omsorgsnämnden för\n"
            "2026 samt taxor och avgifter för hemtjänst och för trygghetslarm i hela kommunen\n\n"
            "§ 61\nParentation\nFullmäktige håller parentation.\n\n§ 62\nInformation\nAnmälningar\n"
            "* § 87 VON - Svar på granskning gällande LSS verksamheten\n\n"
            "-§ 63 2026.113 KS\nTaxor och avgifter\nÄrendebeskrivning\nX.\nBeslut\n1. Taxorna antas.\n")
    assert list(analysed(text)[1]) == ["§ 61", "§ 62", "§ 63"]


def test_a_prefix_ocr_damaged_throughout_is_put_back_from_the_board_s_own():
    # a socialnämnd's "SN/2023:152" read "N/2023:152" in every case number: "N" is one letter from "SN",
    # the board's prefix in data/gazetteer/bodies.tsv
    body = "".join(f"§ {n} N/2023:{150 + n}\nÄrende {n}\n\nBeslut\nNämnden noterar.\n\f" for n in (1, 2, 3))
    by_section = analysed(protokoll("Socialnämnden", body.rstrip("\f"), "1-3"))[1]
    assert [p.case_numbers for p in by_section.values()] == [["SN/2023:151"], ["SN/2023:152"], ["SN/2023:153"]]


@pytest.mark.parametrize("line", ["Innehåll -", "| Innehåll :", "Innehållsförteckning —"])
def test_a_contents_title_with_specks_around_it_still_opens_the_list(line):
    from protokoll.structure.layout import load_layout

    assert load_layout().toc_title.search(f"Byggnadsnämnden\n\n{line}\n\n§ 183 Dnr BN-2025-00001\n")
    assert not load_layout().toc_title.search("Innehåll i ärendet\n")


def test_a_title_ending_on_med_goes_on_after_a_blank_line_ocr_put_in_it():
    body = ("§ 37 2026.089 SN\n\n\"Överenskommelse om idéburet offentligt partnerskap (IOP) med\n\n"
            "Nolbygårds intresseförening :\n\nÄrendebeskrivning\nX.\n\nBeslut\n1. Nämnden godkänner.\n")
    by_section = analysed(protokoll("Socialnämnden", body, "37"))[1]
    assert by_section["§ 37"].title == "Överenskommelse om idéburet offentligt partnerskap (IOP) med Nolbygårds intresseförening"


def test_a_section_line_ocr_read_in_any_shape_is_found_by_the_number_the_sequence_expects():
    # "829 |" (the sign read as 8, glued), "1831 2026.0280N —" (a speck and the sign as digits), "836 |": no
    # pattern of the sign knows these shapes; the sequence (and the declared range) expects §§ 29, 31 and 36,
    # and each line starts with digits that end with that number; a page's "33" alone and an item "34." stay text
    body = ("829 |\n: Information och överläggningar...\nA/ Ansökan\n\f"
            "§ 30 2026.035 ÖN\nBorttagen på grund av sekretess\n\f"
            "1831 2026.0280N —\nGrundläggande granskning\nÄrendebeskrivning\nX.\n33\n\f"
            "§ 32 2026.030 ÖN\nRiktlinjer\nBeslut\nNämnden beslutar att\n34. anta riktlinjerna.\n\f"
            "836 |\nRedovisning av delegeringsbeslut |\nBeslut\nRedovisningen godkänns.\n")
    by_section = analysed(protokoll("Överförmyndarnämnden", body, "29-36"))[1]
    assert list(by_section) == ["§ 29", "§ 30", "§ 31", "§ 32", "§ 36"]
    assert by_section["§ 29"].title.rstrip(".") == "Information och överläggningar"
    assert by_section["§ 31"].title == "Grundläggande granskning"
    assert by_section["§ 36"].title == "Redovisning av delegeringsbeslut"


def test_a_list_of_the_sections_whose_numbers_come_again_below_is_contents_however_read():
    # no "Innehåll" over it, its first entry's sign read "8", and the body's first heading lost ("829 |"), so the
    # last entry runs on over § 29's text: the numbers that come again further on make it a list
    listed = "".join(f"§ {n} Ärende nummer {n}\n" for n in range(30, 35))
    body = ("8 29 Information\n" + listed + "\n829 |\nInformation\n" + "Text om informationen. " * 30 + "\n\f"
            + "".join(f"§ {n} 2026.0{n} ÖN\nÄrende nummer {n}\nBeslut\nNämnden beslutar att anta.\n\f"
                      for n in range(30, 35)).rstrip("\f"))
    by_section = analysed(protokoll("Överförmyndarnämnden", body, "29-34"))[1]
    assert list(by_section) == [f"§ {n}" for n in range(29, 35)]
    assert all(by_section[f"§ {n}"].is_decision for n in range(30, 35))


def test_a_series_read_without_its_mark_or_glued_to_the_number_is_spelled_as_the_document_writes_it():
    # "2026.035 ON" for "2026.035 ÖN" (OCR loses å/ä/ö far more often than it adds them: the document writes
    # "ÖN" elsewhere), and "2026.0280N", the series glued to the number with its Ö read as a zero
    body = ("§ 1 2026.035 ON\nBorttagen på grund av sekretess\n\f"
            "§ 2 2026.0280N —\nGrundläggande granskning\nBeslut\nNämnden beslutar att anta.\n\f"
            "§ 3 2026.030 ÖN\nRiktlinjer\nBeslut\nNämnden beslutar att anta.\n")
    by_section = analysed(protokoll("Överförmyndarnämnden", body, "1-3"))[1]
    assert [p.case_numbers for p in by_section.values()] == [["2026.035 ÖN"], ["2026.028 ÖN"], ["2026.030 ÖN"]]


def test_a_running_head_as_ocr_reads_it_and_the_page_number_above_it_leave_the_decision():
    # the scan put the pages' ends mid-page: "7" over "Overférmyndarnamnden" / "Protokoll i" (the board's name
    # the first page wrapped, read without its marks), inside a decision
    text = ("Överförmyndarnämnde\nn\nProtokoll\n2026-06-11\nParagrafer §§1-2\n\f"
            "§ 1 2026.030 ÖN\nRiktlinjer\nBeslut\nÖverförmyndarnämnden beslutar att\n7\n\n"
            "Overférmyndarnamnden\n\nProtokoll i\n\n1. anta riktlinjerna.\n\n"
            "Överförmyndaärnämnden\nProtokoll.\n§ 2 2026.031 ÖN\nUtbildningskrav\nBeslut\nNämnden beslutar att anta.\n\n"
            "Överförmyndarnämnden\nProtokoll\nBilaga\nX.\n")
    by_section = analysed(text)[1]
    assert by_section["§ 1"].decision.split() == "Överförmyndarnämnden beslutar att 1. anta riktlinjerna.".split()


@pytest.mark.parametrize("heading", ["Beslut : : | 7", "Beslnt", "Nämndens bes!ut"])
def test_a_decision_heading_ocr_damaged_in_a_way_no_pattern_knows_is_found_by_its_words(heading):
    text = f"Ärendebeskrivning\nX.\n\n{heading}\nNämnden beslutar att anta planen.\n\nBeslutsgång\nY.\n"
    assert decision_of(text) == "Nämnden beslutar att anta planen."


def test_a_list_of_the_items_presented_inside_a_section_is_not_their_headings():
    # § 25's "Föredragningar" lists §§ 26, 27 and 29 (OCR read the first "§ 25"), and the real heading of § 25
    # was read "825": the list's numbers stand again as headings below, so the list is not theirs
    text = ("Tekniska nämnden\nProtokoll\n2026-05-18\nParagrafer §§25-29\n\n"
            + "".join(f"§ {n} Ärende {n}\n" for n in range(25, 30)) + "\n825\n\nInformation och föredragningar\n\n"
            "Information från förvaltningen\nFöredragningar\n\n§ 25 Ekonomiuppföljning\n§ 27 Delegationsordning\n"
            "§ 29 Cykelplan\nParagrafen är justerad\n\n"
            + "".join(f"§ {n} 2026.0{n} TEN\nÄrende {n}\nÄrendebeskrivning\n" + "Text. " * 40 + "\nBeslut\nNämnden beslutar att anta.\n\n"
                      for n in range(26, 30)))
    by_section = analysed(text)[1]
    assert list(by_section) == [f"§ {n}" for n in range(25, 30)]
    assert by_section["§ 25"].title == "Information och föredragningar"


@pytest.mark.parametrize("line, board", [
    ("Nämnden för Förskola & Grundskola Pe", "Nämnden för Förskola & Grundskola"),
    ("Byggnadsnämnden: ; PN", "Byggnadsnämnden"),
    ("Förskola & Grundskola arbetsutskott a", "Förskola & Grundskola arbetsutskott"),
])
def test_specks_after_the_board_s_name_are_not_part_of_it(line, board):
    # no board's name ends on a word of one or two letters: OCR's specks after the header field
    text = f"KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL\n{line}\n\nDatum\n2025-03-20\n\n§ 1 Dnr KS-2025-1\nÄrende\nX.\n"
    assert analysed(text)[0].body == board


@pytest.mark.parametrize("heading", ["F örslag till beslut", "Förslag till bes1ut :"])
def test_an_utskott_s_proposal_heading_with_a_space_or_letter_ocr_put_in_it(heading):
    text = f"Sammanfattning\nX.\n\n{heading}\nNämnden ger förvaltningen i uppdrag att utreda.\n\nSammanfattning av ärendet\nY.\n"
    assert decision_of(text, proposing=True) == "Nämnden ger förvaltningen i uppdrag att utreda."


def test_specks_inside_a_decision_heading_or_after_beslut_colon_and_a_broken_sentence_that_is_not_one():
    assert decision_of("X.\n\nBeslut - Förslag till. kommunfullmäktige\nKommunfullmäktige noterar rapporten.\n\n"
                       "Sammanfattning av ärendet\nY.\n") == "Kommunfullmäktige noterar rapporten."
    assert decision_of("X.\n\nBeslut: » co aoe\nNämnden beslutar följande.\n\nÄrendebeskrivning\nY.\n") == \
        "Nämnden beslutar följande."
    # "ett" / "beslut i i": a sentence OCR broke over a line, not a heading
    assert decision_of("Fullmäktige antog planen, ett\nbeslut i i\n\nsom upphävdes av länsstyrelsen.\n") is None


def test_a_case_number_after_a_dash_speck_and_a_series_after_specks_with_a_letter_read_as_a_digit():
    assert case_numbers_in("BUN § 45 | -BUN/2023:18.") == ["BUN/2023:18"]
    assert case_numbers_in("ab-BUN/2023:18") == []  # glued to a word by its dash it is not one
    # "8.37 2026.089:.S5SN": the sign read "8.", and the series "SN" after specks and an S read as 5
    body = ("§ 35 2026.034 SN\nEkonomi\nBeslut\nNämnden noterar.\n\f§ 36 2026.084 SN\nGenomlysning\nBeslut\n"
            "Nämnden noterar.\n\f8.37 2026.089:.S5SN\nÖverenskommelse om partnerskap\nBeslut\nNämnden godkänner.\n")
    by_section = analysed(protokoll("Socialnämnden", body, "35-37"))[1]
    assert by_section["§ 37"].case_numbers == ["2026.089 SN"]


@pytest.mark.parametrize("heading", ["Beslut oe | | cen a", "Beslut Pat |", "Beslut. - | |"])
def test_a_decision_heading_followed_by_specks_of_three_letters_or_fewer(heading):
    text = f"Ärendebeskrivning\nX.\n\n{heading}\n\nFelparkeringsavgifter antas.\n\nBeslutsunderlag\nY.\n"
    assert decision_of(text) == "Felparkeringsavgifter antas."


@pytest.mark.parametrize("second", ["Förslag till beslut ikommunfullmaktige _", "Förslag till beslut i i kommunfullmäktige"])
def test_a_second_decision_heading_glued_or_doubled_by_ocr(second):
    text = f"Ärendebeskrivning\nX.\n\nBeslut\n\n{second}\n\nTaxan antas.\n\nBeslutsunderlag\nY.\n"
    assert decision_of(text) == "Taxan antas."


@pytest.mark.parametrize("ending, following", [("Hallands län:", "i ärende med dnr 8087-2024"),
                                               ("nämnder, bolag;", "intresseorganisationer (SKR)")])
def test_a_title_line_ending_on_a_colon_or_semicolon_ocr_put_there_goes_on(ending, following):
    body = f"§ 1 Dnr BN-2021-002847\n\nYttrande till länsstyrelsen i {ending}\n{following}\n\nBeslut\nNämnden noterar.\n"
    title = analysed(protokoll("Byggnadsnämnden", body, "1"))[1]["§ 1"].title
    assert title == f"Yttrande till länsstyrelsen i {ending[:-1]} {following}"


def test_a_justering_date_ocr_spaced_inside_a_number():
    text = ("Kommunfullmäktige\nProtokoll\nSammanträdesdatum 2022-10-17\n"
            "Justeringens plats och datum: Digital justering, 2022-1 0-21 —\n\n§ 1 Dnr KS-2022-1\nÄrende\nX.\n\n"
            "§ 2 Dnr KS-2022-2\nÄrende\nY.\n")
    assert analysed(text)[0].signing_date == "2022-10-21"


def test_a_title_whose_last_line_ocr_set_apart_is_completed_from_the_contents_list():
    # "… nattvandrar - Irene" / (blank) / "Jonsson (S) med flera": a new line in capitals after a blank line
    # would be body text, but the contents list gives the title longer, and the line goes on as it does
    text = ("Kommunstyrelsen\nProtokoll\n2026-06-01\nParagrafer §§101-103\n\n"
            "§ 101 Svar på motion gällande stöd till föreningar som nattvandrar - Irene Jonsson\n(S) med flera\n"
            "§ 102 Svar på motion om laddstationer\n§ 103 Meddelanden\n\n"
            "§ 101 2026.100 KS\nSvar-pa motion gällande stöd till föreningar som nattvandrar - Irene\n\n"
            "Jonsson (S) med flera\n\nÄrendebeskrivning\nX.\n\nBeslut\nMotionen besvaras.\n\n"
            "§ 102 2026.101 KS\nSvar på motion om laddstationer\n\nÄrendebeskrivning\nY.\n\nBeslut\nMotionen avslås.\n\n"
            "§ 103\nMeddelanden\n\nMeddelandena noteras.\n")
    by_section = analysed(text)[1]
    assert by_section["§ 101"].title == "Svar-pa motion gällande stöd till föreningar som nattvandrar - Irene Jonsson (S) med flera"
    assert by_section["§ 102"].title == "Svar på motion om laddstationer"


@pytest.mark.parametrize("broken", ["ärendet och\nbeslutat .\n\natt hänskjuta ärendet.", "Beslutet i :.\n\nsig innebär inget."])
def test_a_sentence_ocr_broke_after_beslut_is_no_decision_heading(broken):
    text = f"Ärendebeskrivning\nArbetsutskottet har behandlat {broken}\n\nBeslut\nFrågan återremitteras.\n\nBeslutsunderlag\nY.\n"
    assert decision_of(text) == "Frågan återremitteras."


def test_a_section_line_right_above_a_running_head_is_no_page_number():
    # "44 | | | ." over the head is the page's number; "§ 5" over it is a heading (the bench's long protokoll)
    head = "Kommunstyrelsen\nProtokoll\n"
    text = (head + "1998-03-12\nParagrafer §§4-5\n\f" + head + "§ 4\nDnr KS 98/5\n\nDelgivningar\n\nInformationen noteras.\n"
            "44 | | | .\n" + head + "§ 5\n" + head + "Dnr KS 98/6\n\nBudget\n\nKommunstyrelsen beslutar att anta budgeten.\n\f"
            + head + "Bilaga\nX.\n")
    by_section = analysed(text)[1]
    assert list(by_section) == ["§ 4", "§ 5"]
    assert "44" not in by_section["§ 4"].text


def test_a_section_sign_over_a_number_ocr_made_letters_of_when_one_number_is_missing():
    # "§ Al" for "§ 41": the only number missing between the declared range's start and § 42
    body = ("§ Al\n\nInformation och föredragningar\n\nInformationen noteras.\n\f"
            "§ 42 2026.030 BMN\nEkonomiuppföljning\nBeslut\nNämnden noterar.\n")
    by_section = analysed(protokoll("Bygg- och miljönämnden", body, "41-42"))[1]
    assert list(by_section) == ["§ 41", "§ 42"]
    assert by_section["§ 41"].title == "Information och föredragningar"


def test_beslut_in_lower_case_alone_on_a_line_is_a_sentence_ocr_broke():
    text = "Fullmäktige antog planen, ett\nbeslut\n\nsom upphävdes av länsstyrelsen.\n\nBeslut\nPlanförslaget antas.\n"
    assert decision_of(text) == "Planförslaget antas."


def test_a_sentence_that_starts_with_a_sub_heading_s_word_does_not_end_the_decision():
    # Göteborg: "Beslut" / "På förslag av …:" / "Ärendet bordläggs …" ("Ärendet" alone is a sub-heading)
    text = "Beslut\n\nPå förslag av Jenny Broman (V):\nÄrendet bordläggs till sammanträdet.\n\nHandlingar\nX.\n"
    assert decision_of(text) == "På förslag av Jenny Broman (V):\nÄrendet bordläggs till sammanträdet."


def test_the_meeting_date_of_a_text_without_header_from_its_repeated_page_heads():
    body = "".join(f"§ {n} Ärendenummer SLK-2024-0006{n}\nÄrende {n}\nBeslut\n\nX.\n\nKommunstyrelsen\n"
                   f"Protokoll nr 1\nSammanträdesdatum: 2024-01-10\n\nY den 8 januari 2024.\n\n" for n in (1, 2, 3))
    assert analysed(body)[0].date == "2024-01-10"


def test_a_scanned_text_without_head_keeps_its_beslut_lines_and_reads_a_damaged_label_word():
    # Göteborg's scanned kommunstyrelse: the first page starts with "$$ 1 Ärendenummer …" (no head, so "Beslut",
    # repeated on every page, is no running head); "Arendenummer"/"Ärsadenummer" and "SLK:2023" as OCR reads them
    pages = ['"$$ 1 Ärendenummer SLK-2024- 00062\nVal av protokolljusterare\nBeslut\n\nProtokollen justeras.\n']
    for n, label in ((2, "Arendenummer"), (3, "Ärsadenummer"), (4, "Arendenummer")):
        case = "SLK:2023-00869" if n == 4 else f"SLK-2023-0010{n}"
        pages.append(f"_ § {n} {label} {case} |\nÄrende nummer {n}\nBeslut\n\nPå förslag av Karin Pleijel (MP): |\n"
                     f"Ärendet bordläggs.\n\nHandlingar\nX.\n")
    by_section = analysed("\f".join(pages))[1]
    assert list(by_section) == ["§ 1", "§ 2", "§ 3", "§ 4"]
    assert [p.title for p in by_section.values()][1:] == ["Ärende nummer 2", "Ärende nummer 3", "Ärende nummer 4"]
    assert by_section["§ 4"].case_numbers == ["SLK:2023-00869"]
    assert all(p.decision == "På förslag av Karin Pleijel (MP):\nÄrendet bordläggs." for p in list(by_section.values())[1:])


def test_a_board_name_the_header_wraps_with_a_speck_after_its_first_line():
    # "Bygg- och -" / "miljonamnden": the speck does not hide the word the name goes on after
    text = ("Bygg- och -\nmiljonamnden\nProtokoll. —\n2026-05-19\nPlats och tid Skräddaren Paragrafer §§41-42\n\n"
            "Arbetsutskottet har behandlat ärendet.\n\f"
            "§ 41 2026.030 BMN\nEkonomiuppföljning\n\nBeslut\nNämnden noterar.\n\f"
            "§ 42 2026.031 BMN\nMiljöpris\n\nBeslut\nBygg- och miljönämnden beslutar om miljöpris.\n")
    assert analysed(text)[0].body == "Bygg- och miljönämnden"


@pytest.mark.parametrize("heading", ["i Beslut : .", "i Beslut:", "oo Beslut"])
def test_a_letter_ocr_read_before_a_decision_heading_does_not_hide_it(heading):
    text = f"Ärendebeskrivning\nX.\n\n{heading}\nBarn- och utbildningsnämnden beslutar följande:\n\nBeslutsunderlag\nY.\n"
    assert decision_of(text) == "Barn- och utbildningsnämnden beslutar följande:"


def test_a_decision_as_a_sentence_after_a_speck_ocr_put_before_it():
    assert decision_of('Ärendebeskrivning\nX.\n\n" Meddelanden noteras.\n\nBeslutsunderlag\nY.\n') == "Meddelanden noteras."


def test_a_dash_ocr_read_before_the_board_s_name_in_capitals():
    head = "SAMMANTRÄDESPROTOKOLL\nSida 1 av 6\n\nSammanträdesdatum\n2023-01-10\n\n-_ BARN- OCH UTBILDNINGSNAMNDEN\n"
    text = head + "Plats: Skolan\n\f" + "BUN § 1 BUN/2023:1\nVal av justerare\n\nBeslut:\nBarn- och utbildningsnämnden väljer X.\n"
    assert analysed(text)[0].body == "Barn- och utbildningsnämnden"


def test_a_mark_ocr_added_to_the_board_s_name_on_a_few_pages():
    # "Kömmunstyrelsen" on three running heads, "Kommunstyrelsen" on the rest: OCR adds marks far more rarely
    # than it loses them, but "Kömmunstyrelsen" is no Swedish word
    heads = ["Kömmunstyrelsen" if n % 4 == 0 else "Kommunstyrelsen" for n in range(12)]
    text = "\f".join(f"{head}\nProtokoll\n2026-06-15\n§ {n} 2026.{n:03d} KS\nÄrende {n}\n\nBeslut\nGodkänns.\n"
                     for n, head in enumerate(heads, start=1))
    assert analysed(text)[0].body == "Kommunstyrelsen"


def test_nothing_decided_as_ocr_reads_it_with_a_mark_added():
    text = "Beslut\n\nIngå delegationsbeslut anmälda till dagens sammanträde.\n\nHandlingar\nX.\n"
    assert decision_of(text) is None


def test_a_colon_ocr_put_after_a_sub_heading_s_word_inside_a_sentence():
    text = "Beslut\n\nPå förslag av Axel Josefson (M):\nÄrendet: bordläggs till sammanträdet.\n\nHandling\nX.\n"
    assert decision_of(text) == "På förslag av Axel Josefson (M):\nÄrendet: bordläggs till sammanträdet."


def test_board_and_date_of_minutes_without_a_header_from_page_heads_a_scan_prints_on_every_page():
    # Göteborgs Stad's paragraphs scanned: the first page opens with its paragraph, the others with the page
    # head, which goes as furniture; the board and the meeting date are read from the heads before that, not
    # from "Länsstyrelsens beslut antecknas"
    specks = {2: '"'}  # OCR's speck before one head's "Protokoll nr 4"
    pages = [("" if n == 1 else f"Kommunfullmäktige\n\n{specks.get(n, '')}Protokoll nr 4\nSammanträdesdatum: 2024-04-25\n\n")
             + f"§ {142 + n} Arendenummer SLK-2024-{n:05d}\nÄrende {n}\nBeslut\n\nLänsstyrelsens beslut antecknas.\n"
             for n in range(1, 6)]
    info = analysed("\f".join(pages))[0]
    assert (info.body, info.date) == ("Kommunfullmäktige", "2024-04-25")


def test_a_declared_range_whose_signs_ocr_read_as_eights():
    # Lomma's "Paragraf: §103-§105" read "8103-8105": no meeting numbers its paragraphs in the thousands
    text = ("KOMMUNFULLMÄKTIGE  SAMMANTRÄDESPROTOKOLL\nSammanträdesdatum\n2024-09-26\n\n"
            "Justering: Digital justering, 2024-10-01\nParagraf: 8103-8105\n\f"
            "KF § 103 KS KF/2024:8\nMeddelanden\n\nBeslut:\n- Fullmäktige noterar.\n\f"
            "KF § 104 KS KF/2024:10\nAvsägelse\n\nBeslut:\n- Fullmäktige beviljar avsägelsen.\n\f"
            "KF 8105 KS KF/2024:248\nFyllnadsval\n\nBeslut:\n- Fullmäktige väljer A.\n")
    info, by_section = analysed(text)
    assert (info.declared_range, sorted(by_section)) == ("103-105", ["§ 103", "§ 104", "§ 105"])


def test_a_mark_ocr_added_to_the_board_s_name_in_the_header_itself():
    # Alingsås 2018 scanned: the cover's head reads "Bärn- och ungdomsnämnden", the head below it and the
    # later pages' "Barn- och ungdomsnämnden"
    cover = ("Protokoll |\nBärn- och ungdomsnämnden\n2018-01-30\n1\n\nBarn- och ungdomsnämnden\nProtokoll.\n"
             "2018-01-30\nPlats och tid Sunnerö Paragrafer §§1-3\n")
    pages = [f"Barn- och ungdomsnämnden\nProtokoll\n2018-01-30\n§ {n} 2018.{n:03d} BUN\nÄrende {n}\n\nBeslut\nGodkänns.\n"
             for n in range(1, 4)]
    assert analysed("\f".join([cover, *pages]))[0].body == "Barn- och ungdomsnämnden"
