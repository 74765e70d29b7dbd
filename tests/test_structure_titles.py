"""A § paragraph's title on scanned pages, read by the structure of the page rather than by the damage
(issue 15, part G): where a title ends (a sub-heading, a decision heading, a case-number line), the words no
title ends on, whose line goes on however OCR spaced or spelled it, and the § sequence and the declared range
that say which number a damaged heading has. Each case is a short protokoll of our own with the damage as
Tesseract left it on renderings of tuning documents."""
from __future__ import annotations

import pytest

from test_structure_layouts import analysed, protokoll

from protokoll.structure.metadata import declared_numbers_of, declared_range


def titles_of(body: str, declared: str) -> dict[str, str]:
    return {section: p.title for section, p in analysed(protokoll("Kommunstyrelsen", body, declared))[1].items()}


def test_a_title_ending_on_a_word_no_title_ends_on_goes_on_over_a_blank_line_ocr_put_in_it():
    # "för" read "for": the title cannot end there, so the line after the blank belongs to it, short as it is
    body = ("§ 11 Ärendenummer SLK-2022-01316\n\nRevidering av Stadens riktlinje for\n\n"
            "familjehemsvarden för barn\n\nBeslut\n\nKommunstyrelsen tillstyrker.\n\f"
            "§ 12 Ärendenummer SLK-2022-01317\n\nVal av ombud\n\nBeslut\n\nKommunstyrelsen väljer X.\n")
    assert titles_of(body, "11-12") == {"§ 11": "Revidering av Stadens riktlinje for familjehemsvarden för barn",
                                        "§ 12": "Val av ombud"}


def test_a_short_title_line_ending_on_och_wraps_but_a_finished_title_does_not():
    body = ("§ 1 Dnr KS-2024-00001\nRiktlinjer för bostäder och\nlokaler 2027\n\nBeslut\nAntas.\n\f"
            "§ 2 Dnr KS-2024-00002\nRiktlinjer för bostäder\nKommunstyrelsen har tagit del av förslaget.\n\n"
            "Beslut\nAntas.\n")
    assert titles_of(body, "1-2") == {"§ 1": "Riktlinjer för bostäder och lokaler 2027", "§ 2": "Riktlinjer för bostäder"}


WIDE = "Svar på motion om fler laddstolpar vid kommunens förskolor och skolor i"
BUDGET = "Budget och målsättningar för kommunens verksamhet 2007-2009"


@pytest.mark.parametrize("first, title", [
    # a case-number line under a wide title ends it
    (f"§ 1\n{WIDE}\nDnr KS-2024-00001\n\nBeslut\nMotionen besvaras.\n", WIDE),
    # a full stop, then a letter OCR read before a sentence: the title ended at the stop
    (f"§ 1 Dnr KS-2024-00001\n{BUDGET}.\ni Ewa Engdahl informerar om budgeten.\n\nBeslut\nGodkänns.\n", BUDGET),
])
def test_where_a_title_ends_before_the_body(first, title):
    second = "§ 2 Dnr KS-2024-00002\nVal av ombud\n\nBeslut\nX väljs.\n"
    assert titles_of(f"{first}\f{second}", "1-2")["§ 1"] == title


@pytest.mark.parametrize("value, expected", [
    ("834- 39", (34, 39)),  # "§§34-39": the sign read as a digit glued to the start
    ("1 11- 122", (111, 122)),  # "§§111-122" with a space OCR put inside the start
    ("5 8-14", (8, 14)),  # a speck before the start: the space is a gap
    ("31-26", None),  # a range that falls is no range, whatever digits it has
])
def test_a_declared_range_rises_so_ocr_damage_to_its_start_is_undone(value, expected):
    assert declared_range(value) == expected


def test_a_declared_range_with_a_space_inside_its_start_is_read():
    assert declared_numbers_of({}, "Plats och tid Rådslaget Paragrafer §§1 11- 122\n")[:2] == [111, 112]


def test_the_first_paragraph_whose_heading_ocr_read_as_digits_is_found_from_the_declared_range():
    # "Paragrafer §834- 39" declares §§ 34-39; the contents list lost § 34's entry and the body reads it "834 -"
    head = ("Socialnämnden\nProtokoll\nSammanträdesdatum 2026-06-16\nPlats och tid Förvaltningen Paragrafer §834- 39\n\n"
            "~ .§ 34 Information och överläggningar |\n§ 35 Ekonomisk uppföljning 2026\n\f")
    body = ("834 -\nInformation och överläggningar\nA/ Information från förvaltningschefen\n\f"
            "§ 35 2026.034 SN\n\nEkonomisk uppföljning 2026\n\nÄrendebeskrivning\nX.\n\nBeslut\nNämnden noterar.\n")
    info, by_section = analysed(head + body)
    assert info.declared_range == "34-39"
    assert by_section["§ 34"].title == "Information och överläggningar"
    assert by_section["§ 35"].title == "Ekonomisk uppföljning 2026"


def test_a_sign_read_as_a_letter_glued_to_the_number_the_sequence_expects_opens_it():
    # "s121 |" between § 120 and § 122; a page's number "121" alone would not
    body = ("§ 120 2026.218 KS\nTillämpningsanvisningar\n\nBeslut\nAntas.\n\f"
            "s121 |\nRedovisning av delegationsbeslut\n\nBeslut\nRedovisningen godkänns.\n\f"
            "§ 122\nAnmälda initiativärenden\n\nBeslut\nNoteras.\n")
    by_section = analysed(protokoll("Kommunstyrelsen", body, "120-122"))[1]
    assert list(by_section) == ["§ 120", "§ 121", "§ 122"]
    assert by_section["§ 121"].title == "Redovisning av delegationsbeslut"
    page_number = body.replace("s121 |", "121")
    assert list(analysed(protokoll("Kommunstyrelsen", page_number, "120-122"))[1]) == ["§ 120", "§ 122"]


def test_a_case_number_ocr_joined_with_specks_on_the_section_line_is_no_title():
    # "§ 107 2022.236.KS": a year and a number, whatever stands between them, are no title: the title is below
    body = ("§ 106 2026.101 KS\nBegäran om avvikelse\n\nÄrendebeskrivning\nX.\n\f"
            "§ 107 2022.236.KS\nDetaljplan för Erska 1:55 med flera, beslut om granskning\nÄrendebeskrivning\nY.\n")
    assert titles_of(body, "106-107")["§ 107"] == "Detaljplan för Erska 1:55 med flera, beslut om granskning"


def test_a_misread_sign_the_sequence_expects_with_its_case_number_glued_by_a_dash():
    # "$:99-2025.493:KS" at a page's foot between § 98 and § 100, its title at the top of the next page
    body = ("§ 98 2026.111 KS\nVal av ombud\n\nÄrendebeskrivning\nX.\n\f"
            "$:99-2025.493:KS\n\fSvar på motion om vindar\n\nÄrendebeskrivning\nY.\n\f"
            "§ 100 2026.112 KS\nMeddelanden\n\nÄrendebeskrivning\nZ.\n")
    titles = titles_of(body, "98-100")
    assert list(titles) == ["§ 98", "§ 99", "§ 100"]
    assert titles["§ 99"] == "Svar på motion om vindar"


def test_the_last_line_of_a_wrapped_title_set_apart_before_the_first_sub_heading_belongs_to_it():
    wrapped = "Svar på motion gällande fler bostäder genom inredning av vindar - Heidi"
    body = (f"§ 1 2026.001 KS\n{wrapped}\n\nHankanen Ängberg (C) |\n\nÄrendebeskrivning\nX.\n\f"
            f"§ 2 2026.002 KS\n{wrapped}\n\nFöredragande: Anna Berg\n\nÄrendebeskrivning\nX.\n\f"
            "§ 3 2026.003 KS\nVal av ombud till stämman\n\nAnna Berg (S)\n\nBeslut\nX.\n")
    assert titles_of(body, "1-3") == {"§ 1": f"{wrapped} Hankanen Ängberg (C)", "§ 2": wrapped,
                                      "§ 3": "Val av ombud till stämman"}


def test_a_speck_glued_before_the_sign_of_the_last_paragraph_the_declared_range_expects():
    # "g§93 Dnr …" after § 92, the last of the declared §§ 92-93
    body = ("§ 92 Dnr FG-2024-00527\nDelårsrapport\n\nBeslut\nNämnden godkänner.\n\f"
            "g§93 Dnr FG-2024-00528\nResursfördelningsmodell\n\nBeslut\nNämnden godkänner modellen.\n")
    assert titles_of(body, "92-93") == {"§ 92": "Delårsrapport", "§ 93": "Resursfördelningsmodell"}


def test_a_title_lost_under_its_heading_comes_from_the_contents_list():
    # the contents list gives § 2's title; under its heading OCR left only specks before "Beslut"
    head = ("Kommunstyrelsen\nProtokoll\nSammanträdesdatum 2024-08-21\nParagrafer §§ 1-2\n\nInnehåll\n"
            "§ 1 Val av justerare\n§ 2 Budget för 2025 års verksamhet\n\f")
    body = ("§ 1 Dnr KS-2024-00001\nVal av justerare\n\nBeslut\nX väljs.\n\f"
            "§ 2 Dnr KS-2024-00002\n' |\n\nBeslut\nBudgeten antas.\n")
    titles = {s: p.title for s, p in analysed(head + body)[1].items()}
    assert titles == {"§ 1": "Val av justerare", "§ 2": "Budget för 2025 års verksamhet"}


@pytest.mark.parametrize("first, second", [
    ("KS § 3 a", "KS § 3 b"),
    ('"KS § 3a', "KS 83 b"),  # as another scan read them: the letter glued, the sign read as 8
])
def test_paragraphs_split_by_letter_are_read_as_the_document_writes_them(first, second):
    # Högsby's "KS § 3 a" / "KS § 3 b": one number, lettered a, b in order, each its own paragraph
    headings = [("KS § 2 DNR:KS/2006.1", "Möjligheternas kommun"),
                (f"{first} DNR:KF/2006.203", "Budget och målsättningar 2007-2009. i\n\n~ Ewa Engdahl informerar."),
                (f"{second} DNR: KF/2006.366", "Val av kommunledningsutskott"),
                ("KS § 4 DNR:KF/2006.366", "Val av socialutskott")]
    body = "\f".join(f"{line}\n{below}\nKommunstyrelsens beslut\nGodkänna.\n" for line, below in headings)
    info, by_section = analysed(protokoll("Kommunstyrelsen", body, "2-4"))
    assert {s: p.title for s, p in by_section.items()} == {
        "§ 2": "Möjligheternas kommun", "§ 3 a": "Budget och målsättningar 2007-2009",
        "§ 3 b": "Val av kommunledningsutskott", "§ 4": "Val av socialutskott"}
    assert by_section["§ 3 b"].case_numbers == ["KF/2006.366"]
    assert info.missing_sections == [] and info.unexpected_sections == []


def test_one_letter_after_a_section_number_is_no_split_by_letter():
    # "§ 52 a Dnr …": a speck OCR read as a letter on one § line; no "§ 52 b" follows
    body = ("§ 51 Dnr FG-2024-00001\nDelårsrapport\n\nBeslut\nGodkänns.\n\f"
            "§ 52 a Dnr FG-2024-00256\nSkolval\n\nBeslut\nGodkänns.\n")
    assert titles_of(body, "51-52") == {"§ 51": "Delårsrapport", "§ 52": "Skolval"}



def test_a_title_joined_on_at_the_case_number_s_line_end_hyphen_is_the_title():
    # "Arendenummer SLK-2023-00011-" over the title, joined at the hyphen as a word broken at the line end is
    body = ("§ 32 Ärendenummer SLK-2024-00061\nVal av ombud\n\nBeslut\nX väljs.\n\f"
            "\"8 33 Arendenummer SLK-2023-00011-Inkomna remisser till Göteborgs Stad\nBeslut\n\nRemisserna noteras.\n\f"
            "§ 34 Ärendenummer SLK-2023-00013\nDelegationsbeslut\n\nBeslut\nNoteras.\n")
    assert titles_of(body, "32-34")["§ 33"] == "Inkomna remisser till Göteborgs Stad"


@pytest.mark.parametrize("line", ["KF 3 76 | KS KF/2022:194", "KF.S 76 KS KF/2022:194"])
def test_a_sign_read_as_one_character_and_a_space_before_the_number_the_sequence_expects(line):
    body = ("KF § 75 KS KF/2022:193\nVal av revisor\n\nBeslut:\nX väljs.\n\f"
            f"{line}\n\nAvsägelse från uppdrag som ersättare\n\nBeslut:\nAvsägelsen godkänns.\n\f"
            "KF § 77 KS KF/2022:197\nMeddelanden\n\nBeslut:\nNoteras.\n")
    assert titles_of(body, "75-77") == {"§ 75": "Val av revisor", "§ 76": "Avsägelse från uppdrag som ersättare",
                                        "§ 77": "Meddelanden"}



def headed(headings: list[tuple[str, str]]) -> str:
    """Paragraphs from (§ line, title) pairs, one a page, each with a short decision."""
    return "\f".join(f"{line}\n{title}\n\nBeslut\nNoteras.\n" for line, title in headings)


def test_the_one_line_with_a_case_number_between_two_paragraphs_is_the_missing_one_s_heading():
    # "se 84002 Dnr …" between § 83 and § 85: its sign and number past reading, but the only § line with its case
    # number where § 84 must stand; a "Dnr" line in § 83's text has no digits of 84 before it
    body = headed([("§ 83 Dnr FG-2024-00581", "Nämndens måldag\n\nDnr FG-2024-00100 nämns."),
                   ("se 84002 Dnr FG-2024-00003 »", "Fastställande av dagordning"),
                   ("§ 85 Dnr FG-2024-00001", "Ansökan")])
    assert titles_of(body, "83-85") == {"§ 83": "Nämndens måldag", "§ 84": "Fastställande av dagordning",
                                        "§ 85": "Ansökan"}


def test_a_label_ocr_glued_to_the_case_number_on_a_heading_the_sequence_expects_is_no_title():
    body = headed([("§ 122 Dnr IF-2024-00013", "Lokaler"), ("8123 > DariIF-2024-00281", "Information om händelsen"),
                   ("§ 124 Dnr IF-2024-00046", "Arbetsmiljö")])
    assert titles_of(body, "122-124")["§ 123"] == "Information om händelsen"


@pytest.mark.parametrize("first_line, rest", [
    ("Yrkande från SD angående rapportering avseende", "Västsvenska paketet"),  # a preposition no title ends on
    ("Motion av Martin Wannholt (D), Axel Josefson (M),", "Axel Darvik (L) om ombildning"),  # nor on a comma
])
def test_a_title_line_that_cannot_end_the_title_goes_on_into_a_capitalised_line(first_line, rest):
    body = headed([("§ 1 Ärendenummer SLK-2025-00001", f"{first_line}\n{rest}"), ("§ 2 Ärendenummer SLK-2025-00002", "Val")])
    assert titles_of(body, "1-2")["§ 1"] == f"{first_line} {rest}"


def test_a_title_in_a_narrow_column_goes_on_until_a_heading_or_a_wide_line():
    # Göteborgs Stad: the title wraps at the column's width, "Beslut" or the body's first (wide) line ends it
    narrow = ("Anmälan av länsstyrelsens beslut att utse Bahman Esmail\nNejad (S) till ny ersättare i kommunfullmäktige"
              " i stället för\nJoakim Berlin (S)\nLänsstyrelsen har den 7 mars 2024 beslutat utse Bahman Esmail Nejad (S)"
              " till ny\nersättare.")
    body = headed([("§ 101 Ärendenummer SLK-2024-00009", narrow),
                   ("§ 102 Ärendenummer SLK-2024-00010", "Remiss från Socialdepartementet - Stärkt stöd till anhöriga\n"
                    "Ett mer ändamålsenligt stöd till barn och vuxna som är\nanhöriga (SOU 2024:60)"),
                   ("KS § 103 DNR:KF/2006.1", "Utseende av arbetsgrupp för bildande av energibolag\n"
                    "Kommunledningsutskottets förslag")])
    assert titles_of(body, "101-103") == {
        "§ 101": "Anmälan av länsstyrelsens beslut att utse Bahman Esmail Nejad (S) till ny ersättare i "
                 "kommunfullmäktige i stället för Joakim Berlin (S)",
        "§ 102": "Remiss från Socialdepartementet - Stärkt stöd till anhöriga Ett mer ändamålsenligt stöd till barn "
                 "och vuxna som är anhöriga (SOU 2024:60)",
        "§ 103": "Utseende av arbetsgrupp för bildande av energibolag"}
