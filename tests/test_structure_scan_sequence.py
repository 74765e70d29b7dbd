"""The § sequence of scanned and OCR'd minutes (issue 15): an extract's declared §§ that skip many numbers
("§§ 137, 163-164"), whose headings OCR read without their sign ("8163 Dnr …"), and a declared range whose
dash OCR lost ("163164"). Each case a short protokoll of our own with the damage as Tesseract left it."""
from __future__ import annotations

import pytest

from test_structure_layouts import analysed, protokoll

from protokoll.structure.metadata import declared_numbers_of

EXTRACT = protokoll("Byggnadsnämndens arbetsutskott", (
    "8137. Dnr BN-2023-00211\nUppdrag att upprätta förslag till detaljplan\n\nBeslut\n"
    "Arbetsutskottet ger kontoret i uppdrag.\n\f"
    "8163 Dnr BN-2023-001564\nRättelseföreläggs med vite att avröja stängsel\n\n"
    "Ärende för beslut i byggnadsnämnden.\n\f"
    '"8164 oo Dnr BN-2024-000899\nRättelseföreläggs med vite att avröja del av staket\n\n'
    "Ärende för beslut i byggnadsnämnden.\n"), "137, 163-164")


def test_declared_sections_far_apart_are_each_the_next_in_the_sequence():
    info, by_section = analysed(EXTRACT)
    assert list(by_section) == ["§ 137", "§ 163", "§ 164"]
    assert by_section["§ 163"].case_numbers == ["BN-2023-001564"]
    assert by_section["§ 164"].title == "Rättelseföreläggs med vite att avröja del av staket"
    assert info.missing_sections == []


def test_a_declared_range_whose_dash_ocr_lost_is_read_and_not_an_attendance_line():
    head = ("Thure Sandén (M), ordförande §§\n137, 163-164\nEmma Johansson, planarkitekt\n§§ 131-138\n\n"
            'Sekreterare Amanda Toresson : "Paragrafer §§ 137, 163164 ;\n')
    assert declared_numbers_of({}, head) == [137, 163, 164]
    # a number of four digits stays one number, not two halves
    assert declared_numbers_of({}, "Paragrafer §§ 1213\n") == [1213]


def test_a_section_number_read_one_digit_off_far_ahead_does_not_end_the_sequence():
    body = "".join(f"§ {n} Ärendenummer SLK-2026-00{n}\n{title}\n\nBeslut\nKommunstyrelsen antecknar.\n\n" for n, title in [
        (256, "Yrkande om taxor"), (257, "Yrkande om stöd"), (358, "Motion om en gågata"),
        (259, "Yrkande om delegation"), (260, "Inkomna remisser")]).replace("§ 358 ", "§ 358 3 ")
    info, by_section = analysed("Kommunstyrelsen\nProtokoll nr 5\nSammanträdesdatum: 2026-04-01\n\n" + body)
    assert list(by_section) == ["§ 256", "§ 257", "§ 258", "§ 259", "§ 260"]
    assert by_section["§ 258"].title == "Motion om en gågata"


LOMMA_HEAD = ("KOMMUNFULLMÄKTIGE                                   SAMMANTRÄDESPROTOKOLL\n"
              "Paragraf:           Digital justering, 2024-10-01\n\n                    §103-§105\n\f")


def lomma(board: str, declared: str, body: str):
    """A Lomma protokoll of `board` declaring `declared` ("§1-§3"), analysed."""
    return analysed(LOMMA_HEAD.replace("KOMMUNFULLMÄKTIGE", board).replace("§103-§105", declared) + body)


def test_the_last_declared_section_read_with_specks_glued_to_its_number_and_the_one_after_the_range():
    body = ("KF § 103 KS KF/2024:8\nMeddelanden\n\nBeslut:\n- Fullmäktige noterar.\n\f"
            "KF§104 0 KS KF/2024:10\nAvsägelse från Lisbeth Berngarn (M)\n\nBeslut:\n- Fullmäktige godkänner.\n\f"
            "KF 810500 KS KF/2024:292-:\n\nFråga om interpellation om resa till Kanada\n\nBeslut:\n- Frågan får ställas.\n\f"
            "KF § 106 KS KF/2024:297\n\nFråga om interpellation om äldreomsorgsreformen\n\nBeslut:\n- Frågan får ställas.\n")
    info, by_section = analysed(LOMMA_HEAD + body)
    assert list(by_section) == ["§ 103", "§ 104", "§ 105", "§ 106"]
    assert by_section["§ 105"].title == "Fråga om interpellation om resa till Kanada"
    assert by_section["§ 106"].title == "Fråga om interpellation om äldreomsorgsreformen"


def test_a_two_part_diary_prefix_with_a_speck_after_its_first_part():
    from protokoll.structure.casenumbers import case_numbers_in

    assert case_numbers_in("KF§108 ~—~—«KS. KF/2023:209") == ["KS. KF/2023:209"]


def test_a_contents_title_with_a_quote_mark_ocr_put_before_it():
    contents = ('"Innehåll\n\n§ 93 Dnr IF-2023-00055\nGodkännande av\ndagordninQGell.....cticressistersreinrsertiker nt LE O\n\n'
                "§ 94\nAnsökan om vårdnadsöverflyttning sedaweteees 4\n\n§ 95\nNedläggning av faderskapsutredning\n\n"
                "§ 96 Dnr IF-2022-00213\nVal av ersättare\n\f")
    body = ("§ 93 Dnr IF-2023-00055\nGodkännande av dagordningen:\n\nBeslut\nNämnden godkänner dagordningen.\n\f"
            "896 Dnr IF-2022-00213\nVal av ersättare\n\nBeslut\nNämnden utser X.\n")
    info, by_section = analysed(protokoll("Nämnden för Individ & Familjeomsorg", contents + body, "93-96"))
    assert list(by_section) == ["§ 93", "§ 96"]
    assert by_section["§ 93"].title.rstrip(":") == "Godkännande av dagordningen"  # not the contents entry
    assert by_section["§ 93"].decision == "Nämnden godkänner dagordningen."


def test_a_section_whose_heading_ocr_lost_opens_at_its_contents_title():
    contents = ("§ 1 Information\n\n§ 2 Flerårsstrategi för överförmyndarnämnden 2018-2020\n\n"
                "§3 Årsredovisning för överförmyndarnämnden 2017\n\f")
    body = ('"Information .\n\nA/ Flerårsstrategi för överförmyndarnämnden 2018- 2020\n\n'
            "B/ Årsredovisning for överförmyndarnämnden 2017\n4 i |\n\f"
            "~ § 2 2018.002 ÖN\n\nFlerårsstrategi för överförmyndarnämnden 2018- 2020\n\nBeslut\n\nStrategin antas.\n\f"
            "§ 3 2018:001 ÖN\nÅrsredovisning för överförmyndarnämnden 2017\n\nBeslut\n\nÅrsredovisningen godkänns.\n")
    info, by_section = analysed(protokoll("Överförmyndarnämnden", contents + body, "1-3"))
    assert list(by_section) == ["§ 1", "§ 2", "§ 3"]
    assert by_section["§ 1"].title == "Information" and not by_section["§ 1"].is_decision
    assert "A/ Flerårsstrategi" in by_section["§ 1"].text


def test_a_section_line_whose_case_number_ocr_damaged_is_no_title():
    body = "".join(f"{line}\n{title}\n\nBeslut\nKommunstyrelsen antecknar.\n\n" for line, title in [
        ("§ 235 Ärendenummer SLK-2024-01208", "Yrkande om taxor"),
        ("§ 236 Arendenummer SLK-2025-01319 ©", "Uppföljning av miljöarbetet 2025"),
        ("§ 237 Arendenummer SLK202 5-00990", "Rapport om att leva i Göteborg"),
        ("§ 238 Arendenummer SLK-2024-01 005", "Redovisning av uppdrag"),
        ("§ 239", "Arendenummer SLK-2025-00006 :\nVal av ledamot")])
    info, by_section = analysed("Kommunstyrelsen\nProtokoll nr 5\nSammanträdesdatum: 2026-04-01\n\n" + body)
    assert [p.title for p in by_section.values()] == [
        "Yrkande om taxor", "Uppföljning av miljöarbetet 2025", "Rapport om att leva i Göteborg", "Redovisning av uppdrag",
        "Val av ledamot"]
    assert by_section["§ 236"].case_numbers == ["SLK-2025-01319"]


def test_board_letters_and_section_signs_as_ocr_read_them_before_case_numbers_of_two_letter_prefixes():
    lines = ["KF §-72:.- KS-KF/2022:7.", "KE $73 KS KF/2022:217", 'KE 8:74 ~ | "KS KE/2022:218 ::', "KF 875 | CC KS KF/2022:191",
             "CKFS76 KS KF/2022:194", "KF$77 KS KF/2022:196", "KF 8§ 78 . KS KF/2022:206"]
    body = "\f".join(f"{line}\nÄrende {n}\n\nBeslut:\n- Fullmäktige beslutar.\n" for n, line in enumerate(lines, start=72))
    info, by_section = lomma("KOMMUNFULLMÄKTIGE", "§72-§78", body)
    assert list(by_section) == [f"§ {n}" for n in range(72, 79)]
    assert [p.title for p in by_section.values()] == [f"Ärende {n}" for n in range(72, 79)]


def test_a_section_read_one_digit_off_between_sections_found_only_by_number():
    body = "".join(f"{line} SLK-2026-00{n}\nÄrende {n}\n\nBeslut\nKommunstyrelsen antecknar.\n\n" for n, line in [
        (255, "§ 255 Ärendenummer"), (256, "§ 256 Arendenummer"), (257, "6 257 Ärendenummer"), (258, "§ 358 3 Ärendenummer"),
        (259, "/§ 259 Arendenummer"), (260, "~ § 260 Arendenummer")])
    info, by_section = analysed("Kommunstyrelsen\nProtokoll nr 5\nSammanträdesdatum: 2026-04-01\n\n" + body)
    assert list(by_section) == [f"§ {n}" for n in range(255, 261)]
    assert by_section["§ 258"].title == "Ärende 258"


def test_a_section_number_ocr_split_before_a_label_without_its_mark():
    body = "".join(f"{line} SLK-2023-01{n}\nÄrende {n}\n\nBeslut\nKommunfullmäktige antecknar.\n\n" for n, line in [
        (151, "§ 151 Arendenummer"), (152, "§ 15 52 Arendenummer"), (153, "§ 153 Arendenummer")])
    info, by_section = analysed("Kommunfullmäktige\nProtokoll nr 4\nSammanträdesdatum: 2024-04-25\n\n" + body)
    assert list(by_section) == ["§ 151", "§ 152", "§ 153"]
    assert by_section["§ 152"].title == "Ärende 152" and by_section["§ 152"].case_numbers == ["SLK-2023-01152"]


def test_a_title_joined_to_the_case_number_after_a_label_without_its_mark():
    text = ("Kommunstyrelsen\nProtokoll nr 5\nSammanträdesdatum: 2026-04-01\n\n"
            "§ 261 Arendenummer SLK-2026-00366\nYrkande om delegation\n\nBeslut\nKommunstyrelsen bifaller.\n\n"
            "§ 262 Arendenummer SLK-2026-00014-Stadsdirektorens anmälningar\n\nStadsdirektören informerar om appen.\n\n"
            "§ 263 Arendenummer SLK-2026-00041\nInkomna remisser\n\nBeslut\nKommunstyrelsen antecknar.\n")
    info, by_section = analysed(text)
    assert by_section["§ 262"].title == "Stadsdirektorens anmälningar"
    assert by_section["§ 262"].case_numbers == ["SLK-2026-00014"]


@pytest.mark.parametrize("board, declared, body, section, title", [
    # a speck between the board's letters and the sign: the "(fort.)" page is not § 42's heading
    ("BARN- OCH UTBILDNINGSNÄMNDEN", "§41-§43",
     "BUN § 41 se BUN/2023:134\nMånadsrapport april\n\nBeslut:\n- Nämnden godkänner.\n\f"
     "BUN &§ 42. _ BUN/2023:146\nGodkännande av månadsrapport för maj\n\nBeslut:\n- Nämnden godkänner.\n\f"
     "BUN § 42 (fort.) > BUN/2023:146\nProtokollsanteckning\nX antecknar.\n\f"
     "~ BUN 843 ” BUN/2023:155\nSkolplan\n\nBeslut:\n- Nämnden antar.\n",
     "§ 42", "Godkännande av månadsrapport för maj"),
    # the first section's sign and number read as letters before its case number ("KS § 1" as "KSST")
    ("KOMMUNSTYRELSEN", "§41-§43",
     'KSST "KS KF/2025:5\n"Information från verksamhetschef för gymnasiet:\n\nÄrendebeskrivning\nX informerar.\n\n'
     "Beslut:\n- Kommunstyrelsen har tagit del av informationen.\n\f"
     "KS§42 KS KF/2025:5\n\nInformation från säkerhetschef\n\nBeslut:\n- Kommunstyrelsen har tagit del av informationen.\n\f"
     "KS §43 KS KF/2025:6\nKommundirektören informerar\n\nBeslut:\n- Kommunstyrelsen har tagit del av informationen.\n",
     "§ 41", "Information från verksamhetschef för gymnasiet"),
])
def test_section_lines_of_lomma_as_ocr_read_them(board, declared, body, section, title):
    info, by_section = lomma(board, declared, body)
    assert list(by_section) == ["§ 41", "§ 42", "§ 43"]
    assert by_section[section].title == title and by_section[section].case_numbers[0].startswith(("BUN/", "KS KF/"))
