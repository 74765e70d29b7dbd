"""A declared § range that a template sets on a line of its own below its label (Lomma's kommunfullmäktige
2024: "Paragraf:" holds the justering, "§103-§112" stands below it), and a declared range that stops one §
short of the body: the § after it, with its case number on its line, is kept and recorded as unexpected."""
from __future__ import annotations

from test_structure_layouts import analysed

HEAD = ("KOMMUNFULLMÄKTIGE                                   SAMMANTRÄDESPROTOKOLL\n"
        "Plats:                                              Sida 1 av 4\n\n"
        "                    Lomma kommun, Sessionssalen Kärnan\n\n"
        "                    2024-09-26, klockan 18:00-18:34\n\n"
        "Utses att justera:  Karl Nilsson\n"
        "Justering:\n"
        "Paragraf:           Digital justering, 2024-10-01\n\n"
        "                    §103-§104\n\n"
        "Sekreterare:        Maria Zingmark\n\f")
BODY = ("KF § 103            KS KF/2024:8\nMeddelanden\n\nBeslut:\n- Fullmäktige noterar.\n\f"
        "KF § 104            KS KF/2024:236\nVal av revisor\n\nBeslut:\n- Fullmäktige väljer X.\n\f"
        "KF § 105            KS KF/2024:297\nFyllnadsval\n\nBeslut:\n- Fullmäktige väljer Y, se KF § 150.\n\n"
        "§ 106 Enligt tidigare beslut\nText.\n")


def test_a_range_on_its_own_line_below_its_label_is_read_and_the_section_after_it_kept():
    info, by_section = analysed(HEAD + BODY)
    assert info.declared_range == "103-104"
    assert list(by_section) == ["§ 103", "§ 104", "§ 105"]  # "§ 106" without a case number stays text
    assert (by_section["§ 105"].title, by_section["§ 105"].case_numbers) == ("Fyllnadsval", ["KS KF/2024:297"])
    assert (info.missing_sections, info.unexpected_sections) == ([], ["§ 105"])


def test_a_labelled_section_far_past_the_declared_range_is_not_taken():
    info, by_section = analysed(HEAD + BODY.replace("KF § 105 ", "KF § 125 "))
    assert list(by_section) == ["§ 103", "§ 104"]
