"""The § sequence of scanned and OCR'd minutes (issue 15): an extract's declared §§ that skip many numbers
("§§ 137, 163-164"), whose headings OCR read without their sign ("8163 Dnr …"), and a declared range whose
dash OCR lost ("163164"). Each case a short protokoll of our own with the damage as Tesseract left it."""
from __future__ import annotations

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
