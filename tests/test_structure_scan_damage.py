"""OCR damage of a board's name and a series' letters seen on the held-out scans of real minutes (issue 15),
each written as a short excerpt of our own with the damage as Tesseract left it."""
from __future__ import annotations

from protokoll.structure.boards import best_spelling


def test_a_letter_ocr_added_to_the_headers_board_is_taken_off_by_the_names_other_readings():
    text = ("Overfoérmyndarnamnden -\nProtokoll\nOverformyndarnamnden\n\nOrgan Överförmyndarnämnden -- |\n"
            "Överförmyndarnämnden -:\n§ 2 Flerarsstrategi for éverférmyndarnamnden 2018-2020\n"
            "Overformyndarnamndens beslut:\n")
    assert best_spelling("Overfoérmyndarnamnden", text) == "Överförmyndarnämnden"


def test_a_board_read_once_is_not_taken_for_its_genitive():
    text = "Kommunstyrelsen\nProtokoll\nKommunstyrelsens beslut\nKommunstyrelsens förslag\nKommunstyrelsens arbetsutskott\n"
    assert best_spelling("Kommunstyrelsen", text) == "Kommunstyrelsen"


def test_a_justering_date_below_its_label_broken_over_two_lines():
    from protokoll.structure.metadata import signing_date_of

    head = ("Utses att justera Leif Hansson (S)\nJusteringens plats och.\n\ntid\n\n"
            "Barn- och ungdomskontoret, Kungsgatan 9°, 2018- 02-01 10:00.\n\"Sekreterare ....... Magdalena Tavakol\n")
    assert signing_date_of("", head) == "2018-02-01"
    # a notice that the minutes were signed is no label: the meeting's date below it is not the signing date
    notice = ("Justeringens plats och\ntid: 7\nSekreterare ........\nANSLAG/BEVIS Protokollet är justerat. Justeringen har "
              "tillkännagivits genom anslag.\nOrgan Överförmyndarnämnden\nSammanträdesdatum 2018-02-13\n")
    assert signing_date_of("", notice) is None


def test_a_justering_label_ocr_broke_over_a_blank_line_is_no_meeting_time():
    from protokoll.structure.metadata import first_dated, header_fields

    head = ("Barn- och ungdomsnämnden\nProtokoll |\n2018-01-30\nPlats och tid Sunnero Paragrafer §§1-9 _ .\n"
            "Utses att justera Leif Hansson (S)\n\nJusteringens plats och.\n\ntid\n\n"
            "Barn- och ungdomskontoret, Kungsgatan 9°, 2018- 02-01 10:00.\n")
    fields = header_fields(head)
    assert "2018- 02-01" not in fields.get("when", "")  # "tid" is the label's last word, not the meeting's time
    assert first_dated(fields, head) == "2018-01-30"


def test_signature_dates_with_specks_ocr_read_as_digits_before_them():
    from protokoll.structure.metadata import signing_date_of

    page = ("Undertecknat av följande personer\n\nEMANUEL FORSELL\n\nDatum: ee + 22025-10-03 11: 37:53\n\n"
            "PETER LUNDIN\n\n\"Datum: - 0 2025- 10-04 16:03:40\n")
    assert signing_date_of(page, "") == "2025-10-04"


def test_a_header_board_with_a_letter_ocr_added_is_found_by_the_names_other_readings():
    from protokoll.structure.metadata import detect_body

    head = '"KUNGSBACKA KOMMUN SAMMANTRADESPROTOKOLL -\n\nByggnadsnämrnden\nDatum\n2025-03-20\n'
    text = head + ("Byggnadsnämnden\nDatum\n2025-03-20\n§ 1 Ärendelista\nByggnadsnämnden godkänner ärendelistan.\n"
                   "Kommunfullmäktige beslutade 2024-06-18. Kommunfullmäktige antog taxan.\n")
    assert detect_body(head, text, []) == "Byggnadsnämnden"


def _title(lines: str) -> str:
    from protokoll.structure.layout import load_layout
    from protokoll.structure.titles import title_below

    text = lines + "\nBeslut\n\nKommunfullmäktige beslutar.\n"
    return title_below(text, 0, len(text), load_layout())[0]


def test_title_lines_as_ocr_spaced_and_specked_them():
    # a blank line OCR put after every line of a wrapped title, the next line going on in lower case
    assert _title("Interpellation av Elisabet Lann (KD) till äldre samt vård- och\n\n"
                  "omsorgsnämndens ordförande om att minska\n\nadministrationen och öka nyttjandegraden\n") == (
        "Interpellation av Elisabet Lann (KD) till äldre samt vård- och omsorgsnämndens ordförande om att minska "
        "administrationen och öka nyttjandegraden")
    # a colon OCR put after a word no title ends on
    assert _title("Stadsrevisionens rapportsammandrag - Granskning av:\n"
                  "Göteborgs Stads arbete för att minska energianvändningen i:\nbostäder och lokaler -\n") == (
        "Stadsrevisionens rapportsammandrag - Granskning av Göteborgs Stads arbete för att minska energianvändningen "
        "i bostäder och lokaler")
    # a line in lower case after a word no title ends on is no sub-heading, whatever word it starts with
    assert _title("Förvaltningens samverkansgrupp (FSG) - Protokoll med\n\nbilagor 2025\n") == (
        "Förvaltningens samverkansgrupp (FSG) - Protokoll med bilagor 2025")


def test_a_zero_padded_case_number_with_a_space_ocr_put_inside():
    from protokoll.structure.casenumbers import case_numbers_in

    assert case_numbers_in("§ 489 Arendenummer SLK-2024-01 005") == ["SLK-2024-01005"]
    assert case_numbers_in("§ 153 Arendenummer SLK-2023-01 169:2") == ["SLK-2023-01169:2"]
    # a number and a date after it stay apart
    assert case_numbers_in("Dnr KS-2024-01 2024-05-05") == ["KS-2024-01"]


def test_a_series_whose_mark_ocr_lost_everywhere_takes_it_from_the_boards_name():
    from protokoll.structure.casenumbers import document_series, with_document_letters

    spelled = document_series(["2018.002 ON", "2018:001 ON", "2017.622 BUN"], board="Överförmyndarnämnden")
    assert with_document_letters(["2018.002 ON", "2017.622 BUN"], spelled) == ["2018.002 ÖN", "2017.622 BUN"]
    # an omsorgsnämnd's ON stays: its name starts without a mark
    assert with_document_letters(["2018.002 ON"], document_series(["2018.002 ON"], board="Omsorgsnämnden")) == ["2018.002 ON"]


def test_no_reports_under_a_decision_heading_is_no_decision():
    from protokoll.structure.decisions import decision_of

    assert decision_of("- Stadsdirektorens anmälningar\n\nBeslut\n\nInga anmälningar förekom: '\n") is None
    assert decision_of("Beslut\n\nInga delegationsbeslut anmälda till dagens sammanträde.\n") is None
    assert decision_of("Beslut\n\nÄrendet bordläggs till nästa sammanträde.\n") == "Ärendet bordläggs till nästa sammanträde."


def test_the_deciding_board_spelled_as_the_document_writes_it_most_often():
    from protokoll.structure.metadata import detect_body

    head = "-Overformyndarnamnde\n\ni i i\n\nProtokoll\n\n2026-06-11\n"
    text = head + ("§ 30 2026.035 ÖN\nÄrende\n\nBeslut\nÖverförmyndärnämnden beslutar att godkänna.\n"
                   "Överförmyndarnämnden\nÖverförmyndarnämnden\nÖverförmyndarnämnden\n")
    assert detect_body(head, text, []) == "Överförmyndarnämnden"


def test_a_page_heads_date_field_with_a_speck_before_it():
    from protokoll.structure.metadata import running_heads

    text = "text\nKommunstyrelsen\nProtokollsanteckning\n\nProtokoll nr 14\n. Sammanträdesdatum: 2024-05-08 -\n\nmore"
    assert running_heads(text) == [("Kommunstyrelsen", "2024-05-08")]


def test_a_title_line_ending_in_a_comma_goes_on_over_a_blank_line():
    assert _title("Motion av Martin Wannholt (D), Axel Josefson (M),\n\nAxel Darvik (L) och Elisabet Lann (KD) om att möjliggöra.\n"
                  "ombildning av hyresrätter i vissa områden |\n") == (
        "Motion av Martin Wannholt (D), Axel Josefson (M), Axel Darvik (L) och Elisabet Lann (KD) om att möjliggöra "
        "ombildning av hyresrätter i vissa områden")


def test_a_titles_last_line_of_names_set_apart_by_blank_lines_before_the_first_sub_heading():
    from protokoll.structure.layout import load_layout
    from protokoll.structure.titles import title_below

    text = ("Svar pa motion gällande kommunala ungdomsanstallningar - Camilla\n\n"
            "Stensson (S), Anton César (S) och Anita Hedén Unosson (S)\n\nArendebeskrivning .\nX har lämnat en motion.\n")
    assert title_below(text, 0, len(text), load_layout())[0] == (
        "Svar pa motion gällande kommunala ungdomsanstallningar - Camilla Stensson (S), Anton César (S) och Anita Hedén "
        "Unosson (S)")


def test_a_colon_or_dots_ocr_put_after_a_title_line_right_before_its_last_line():
    for specks in ("...", ":"):
        assert _title(f"Remiss från Utbildningsdepartementet - promemorian{specks}\nAvveckling av studiestartsstödet\n") == (
            "Remiss från Utbildningsdepartementet - promemorian Avveckling av studiestartsstödet")
    # a sentence before the decision heading is the body's
    assert _title("Anmälan av länsstyrelsens beslut:\nLänsstyrelsen har utsett X till ersättare.\n") == (
        "Anmälan av länsstyrelsens beslut:")
