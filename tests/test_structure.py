"""Splitting minutes into § paragraphs or headed sections, on the samples and on our own minutes."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from protokoll import normalize
from protokoll import pipeline
from protokoll.datafiles import SAMPLES_DIR
from protokoll.structure.decisions import decision_of
from protokoll.structure.paragraphs import analyse, document_metadata, split_paragraphs
from protokoll.records import Document

MINUTES = Path(__file__).parent / "resources" / "minutes"


def document(text: str, name: str = "test.txt", paged: bool = False, org: str | None = None) -> Document:
    pages = text.split("\f")
    return Document(id=hashlib.sha256(text.encode()).hexdigest(), source=name, original="", kind="text",
                    pages=pages, paged=paged, org_override=org)


def structured(path: Path, paged: bool = False, org: str | None = None):
    doc = document(path.read_text(encoding="utf-8"), path.name, paged, org)
    return analyse(doc, [normalize.repair(page) for page in doc.pages])


def sample(prefix: str):
    return structured(next(SAMPLES_DIR.glob(f"{prefix}_*.txt")))


def sections(paragraphs) -> list[str]:
    return [p.section for p in paragraphs if p.section]


# ---------------------------------------------------------------- the five samples

def test_000_protokoll_paragraphs_date_organisation():
    info, paragraphs = sample("000")
    assert sections(paragraphs) == [f"§ {n}" for n in range(8, 15)]
    assert info.date == "2024-09-16"
    assert info.organisation == "Kommunförbundet Jämtland Härjedalen"
    assert info.organisation_as_written == "Kommunförbundet"
    assert info.doc_type == "protokoll" and info.body == "Samverkansgruppen"
    assert info.declared_range == "8-14" and not info.missing_sections and not info.unexpected_sections
    assert info.justerare == ["Jenny Kriström"]
    assert info.next_meeting_date == "2024-10-21"
    assert "Sara Schelin, Åre" in info.present and "Ralf Westlund, Berg" in info.absent
    assert info.title == "Samverkanstid kommuner, Region och Länsstyrelse"
    # the table of contents is not a paragraph: § 8 has its real title and text
    eight = next(p for p in paragraphs if p.section == "§ 8")
    assert eight.title.startswith("Upprop, protokollets justering") and "Upprop genomförs" in eight.text
    eleven = next(p for p in paragraphs if p.section == "§ 11")
    assert {"kompetensförsörjning", "digitalisering", "civilt försvar och beredskap",
            "infrastruktur och kollektivtrafik"} <= set(eleven.topics)
    assert all(p.date == "2024-09-16" and p.organisation == info.organisation for p in paragraphs)
    assert all(p.page is None for p in paragraphs)  # a text export has no pages


def test_001_report_with_case_number():
    info, paragraphs = sample("001")
    assert (info.doc_type, info.date, info.organisation) == ("rapport", "2020-04-22", "Region Jämtland Härjedalen")
    assert info.case_numbers == ["RUN/16/2020"]
    assert info.body == "Regionala utvecklingsnämnden"  # from the RUN case prefix and the text
    assert info.title.startswith("Uppföljningsrapport samverkan med kommunerna")
    titles = [p.title for p in paragraphs]
    assert "Bakgrund" in titles and "Uppföljning" in titles and "Energikontoret" in titles
    assert all(p.section is None and "RUN/16/2020" in p.case_numbers for p in paragraphs)
    assert not any(p.is_decision for p in paragraphs)


def test_002_legacy_ocr_after_normalising():
    # The normaliser repairs "Region Jamtland Harjedalen"; the gazetteer then matches it exactly.
    info, paragraphs = sample("002")
    assert info.organisation == "Region Jämtland Härjedalen"
    assert info.organisation_as_written == "Region Jämtland Härjedalen"
    assert info.doc_type == "rapport"
    assert "LS/1345/2014" in info.case_numbers
    assert info.date is None  # the text has no document date, only dates of events
    assert sections(paragraphs) == [] and len(paragraphs) >= 3
    assert paragraphs[0].title == "Bakgrund"


def test_003_decision_in_27_holds_2025_meeting_dates():
    info, paragraphs = sample("003")
    assert sections(paragraphs) == [f"§ {n}" for n in range(26, 32)]
    assert (info.date, info.declared_range, info.body) == ("2024-11-11", "26-31", "Samverkansgruppen")
    assert info.organisation == "Kommunförbundet Jämtland Härjedalen"
    assert info.justerare == ["Sara Schelin"] and info.next_meeting_date == "2024-12-09"
    assert "Anders Wennerberg, Östersund" in info.absent
    decided = [p for p in paragraphs if p.is_decision]
    assert [p.section for p in decided] == ["§ 27"]
    decision = decided[0].decision
    assert decision.startswith("Samverkansgruppen sammanträder följande datum 2025")
    assert "Måndag 3 mars" in decision and "Måndag 17 november" in decision
    assert "Sammanfattning och överväganden" not in decision


def test_004_notes_from_headings():
    info, paragraphs = sample("004")
    assert (info.doc_type, info.date, info.body) == ("anteckningar", "2023-02-20", "Regionala samverkansrådet")
    assert info.organisation == "Region Örebro län"
    titles = [p.title for p in paragraphs]
    assert {"Syfte", "Deltagare", "Skolutveckling i Arvika kommun."} <= set(titles)
    assert sections(paragraphs) == []
    regemente = next(p for p in paragraphs if "regemente" in p.text)
    assert "civilt försvar och beredskap" in regemente.topics


def test_002_once_normalised():
    info, paragraphs = structured(MINUTES / "verksamhetsberattelse_2019_normaliserad.txt")
    assert (info.doc_type, info.organisation, info.organisation_as_written) == (
        "rapport", "Region Jämtland Härjedalen", "Region Jämtland Härjedalen")
    titles = [p.title for p in paragraphs]
    assert titles[:3] == ["Bakgrund", "Måluppfyllelse", "Sammanställning från genomförda dialoger – Samverkansarenor"]
    assert "Övergripande processer" in titles
    assert not any(p.is_decision for p in paragraphs)  # "Beslut ska fattas på rätt nivå" is no decision
    assert all(len(p.text) <= 4000 for p in paragraphs)


def test_pipeline_calls_structure_with_normalised_pages():
    doc = document((SAMPLES_DIR / "003_2fd5b4c710605cc5.txt").read_text(encoding="utf-8"), "003.txt")
    paragraphs = pipeline.paragraphs_of(doc, normalize.default_normaliser())
    assert sections(paragraphs) == [f"§ {n}" for n in range(26, 32)]
    assert [p.ordinal for p in paragraphs] == list(range(len(paragraphs)))
    assert len({p.id for p in paragraphs}) == len(paragraphs)


# ---------------------------------------------------------------- our own minutes

def test_1990s_kommunstyrelse_with_dnr_and_page_breaks():
    info, paragraphs = structured(MINUTES / "ks_bollnas_1998.txt", paged=True)
    assert sections(paragraphs) == ["§ 45", "§ 46", "§ 47", "§ 48"]
    assert (info.date, info.organisation, info.body) == ("1998-03-12", "Bollnäs kommun", "Kommunstyrelsen")
    assert info.justerare == ["Birgitta Sandberg"]
    by_section = {p.section: p for p in paragraphs}
    assert by_section["§ 45"].title == "Budget 1999 och flerårsplan 2000-2001"
    assert by_section["§ 45"].case_numbers == ["KS 98/112"]
    assert by_section["§ 45"].is_decision and "att fastställa budgetdirektiven" in by_section["§ 45"].decision
    # A board's proposal to a higher body is its decision (to propose), issue 15
    assert by_section["§ 46"].decision.startswith("Kommunstyrelsen föreslår kommunfullmäktige besluta")
    assert "8 personer har lämnat" in by_section["§ 46"].text  # "8 personer" is not § 8
    assert (by_section["§ 46"].page, by_section["§ 47"].page) == (1, 2)


def test_kommunfullmaktige_toc_with_tabs_and_proposals():
    info, paragraphs = structured(MINUTES / "kf_umea_2016.txt")
    assert sections(paragraphs) == ["§ 101", "§ 102", "§ 103", "§ 104"]
    assert (info.organisation, info.body, info.date) == ("Umeå kommun", "Kommunfullmäktige", "2016-04-25")
    assert info.justerare == ["Anna Lindström", "Peder Westerberg"]
    by_section = {p.section: p for p in paragraphs}
    assert by_section["§ 102"].decision.startswith("Motionen bifalls")
    assert "Sverigedemokraterna" not in by_section["§ 102"].decision  # the reservation is not the decision
    assert by_section["§ 103"].decision == "Bostadsförsörjningsprogrammet 2016–2020 antas."
    assert by_section["§ 102"].case_numbers == ["KS 2016/214"]
    assert "klimat och energi" in by_section["§ 102"].topics
    assert "samhällsbyggnad och bostäder" in by_section["§ 103"].topics
    assert not by_section["§ 104"].is_decision


def test_ocr_misread_paragraph_signs_follow_the_sequence():
    info, paragraphs = structured(MINUTES / "sn_pitea_ocr.txt")
    assert sections(paragraphs) == ["§ 26", "§ 27", "§ 28", "§ 29", "§ 30"]
    assert (info.organisation, info.body, info.date) == ("Piteå kommun", "Socialnämnden", "2003-09-16")
    assert info.absent == ["Jan Berglund (M)"]
    by_section = {p.section: p for p in paragraphs}
    assert by_section["§ 27"].title == "Försörjningsstöd, uppföljning januari-augusti"
    assert "8 personer har fått stöd" in by_section["§ 27"].text
    assert by_section["§ 27"].case_numbers == ["SN 2003/45"]
    assert by_section["§ 28"].decision == "Socialnämnden beslutar att anta verksamhetsplanen för äldreomsorgen 2004."
    assert "vård och omsorg" in by_section["§ 28"].topics


def test_tjansteskrivelse_from_a_landsting_is_todays_region():
    info, paragraphs = structured(MINUTES / "tjansteskrivelse_vll_2012.txt")
    assert (info.doc_type, info.date) == ("rapport", "2012-10-08")
    assert info.organisation == "Region Västerbotten"
    assert info.organisation_as_written == "Västerbottens läns landsting"
    assert info.case_numbers == ["LS 2012/345"]
    titles = [p.title for p in paragraphs]
    assert "Bakgrund" in titles and "Förslag till beslut" in titles
    assert not any(p.is_decision for p in paragraphs)  # "Förslag till beslut" proposes, it does not decide


def test_protokollsutdrag_with_one_paragraph_and_a_second_page():
    info, paragraphs = structured(MINUTES / "rs_vasternorrland_2021_utdrag.txt", paged=True)
    assert sections(paragraphs) == ["§ 142"]  # one §, and "§ 142" on page 2 is a reference
    assert (info.doc_type, info.date, info.organisation, info.body) == (
        "protokoll", "2021-06-08", "Region Västernorrland", "Regionstyrelsen")
    section = paragraphs[-1]
    assert section.case_numbers == ["RS/1234/2021"]
    assert section.decision == "1. Regionstyrelsen antar yttrandet som sitt eget.\n2. Yttrandet skickas till Trafikverket."
    assert "infrastruktur och kollektivtrafik" in section.topics


def test_minnesanteckningar_with_participants_and_next_meeting_as_headings():
    info, paragraphs = structured(MINUTES / "minnesanteckningar_kalmar_2019.txt")
    assert (info.doc_type, info.date, info.organisation) == ("anteckningar", "2019-09-16", "Länsstyrelsen i Kalmar län")
    assert info.present == ["Eva Ström, Kalmar kommun", "Johan Lind, Västerviks kommun",
                            "Lena Berg, Region Kalmar län", "Per Holm, Länsstyrelsen"]
    assert info.next_meeting_date == "2019-12-02"
    assert [p.title for p in paragraphs] == ["Minnesanteckningar", "Närvarande", "Lägesbild", "Övning 2020",
                                             "Nästa möte"]
    assert "civilt försvar och beredskap" in paragraphs[3].topics


def test_typewritten_1978_protokoll_in_capitals():
    info, paragraphs = structured(MINUTES / "kf_1978_maskinskrivet.txt")
    assert sections(paragraphs) == ["§ 112", "§ 113", "§ 114"]
    assert (info.date, info.organisation, info.body) == ("1978-11-27", "Skellefteå kommun", "Kommunfullmäktige")
    assert info.justerare == ["Erik Lundgren", "Gunnel Markström"]
    by_section = {p.section: p for p in paragraphs}
    assert by_section["§ 113"].title == "ANSLAG TILL BYGDEGÅRD I BURTRÄSK"
    assert "att bevilja anslaget" in by_section["§ 113"].decision
    assert "8 elever berörs" in by_section["§ 114"].text


# ---------------------------------------------------------------- rules, one at a time

def test_stray_eight_is_text_without_a_sequence():
    text = "Protokoll\n\n§ 5 Information\n\nUppgifter.\n8 personer deltog.\n8 27 deltagare kom.\n\n§ 6 Övrigt\n\nInget."
    paragraphs = split_paragraphs(document(text), [text])
    assert sections(paragraphs) == ["§ 5", "§ 6"]
    assert "8 27 deltagare kom." in paragraphs[1].text


def test_gaps_from_omitted_paragraphs_but_not_far_references():
    text = ("Protokoll\n\n§ 45 Budget\n\nText.\n\n§ 52 Taxor\n\nText om KF.\n§ 92 Regionfullmäktige antog planen.\n\n"
            "§ 53 Övrigt\n\nInget.")
    paragraphs = split_paragraphs(document(text), [text])
    assert sections(paragraphs) == ["§ 45", "§ 52", "§ 53"]
    assert "§ 92 Regionfullmäktige" in paragraphs[2].text


def test_all_signs_misread_still_split_when_consecutive():
    text = "PROTOKOLL\n\n8 12 Budget\n\nBudgeten antas.\n\n8 13 Taxor\n\nTaxorna höjs.\n\n$ 14 Övrigt\n\nInget."
    assert sections(split_paragraphs(document(text), [text])) == ["§ 12", "§ 13", "§ 14"]


def test_declared_range_rejects_numbers_outside_and_reports_missing():
    text = ("Protokoll\nParagrafer: 26-29\n\n§ 26 Justering\n\nText.\n\n§ 27 Budget\n\nSe § 92 i KF.\n"
            "§ 92 i kommunfullmäktige gäller.\n\n§ 29 Övrigt\n\nInget.")
    info = document_metadata(document(text), [text])
    assert info.sections == ["§ 26", "§ 27", "§ 29"]
    assert info.missing_sections == ["§ 28"]


@pytest.mark.parametrize("declared", ["Paragrafer: 101-1046", "Paragrafer: 81-86"])
def test_misread_declared_range_is_not_trusted(declared):
    text = f"Protokoll\n{declared}\n\n§ 26 Justering\n\nText.\n\n§ 27 Budget\n\nBudgeten antas."
    info = document_metadata(document(text), [text])
    assert info.sections == ["§ 26", "§ 27"] and info.declared_range is None and not info.missing_sections


def test_dotted_toc_lines_never_become_paragraphs():
    text = ("Protokoll\n\nInnehåll\n§ 1 Öppnande.....2\n§ 2 Budget . . . . 3\n\n§ 1 Öppnande\n\nMötet öppnas.\n\n"
            "§ 2 Budget\n\nBudgeten antas.")
    paragraphs = split_paragraphs(document(text), [text])
    assert [(p.section, p.text) for p in paragraphs if p.section] == [("§ 1", "Mötet öppnas."),
                                                                      ("§ 2", "Budgeten antas.")]


def test_no_sections_no_headings_one_record_per_page():
    pages = ["löpande text utan rubriker, bara en lång mening om kollektivtrafik " * 3,
             "sida två fortsätter med ännu mer text om skolan och eleverna " * 3]
    doc = document("\f".join(pages), paged=True)
    paragraphs = split_paragraphs(doc, pages)
    assert [p.page for p in paragraphs] == [1, 2]
    assert paragraphs[0].topics == ["infrastruktur och kollektivtrafik"]


def test_long_unheaded_text_export_is_cut_to_reasonable_size():
    text = "\n\n".join(f"stycke {n} " + "ord " * 150 for n in range(20))
    paragraphs = split_paragraphs(document(text), [text])
    assert len(paragraphs) > 1 and all(len(p.text) <= 4000 for p in paragraphs)
    assert all(p.page is None for p in paragraphs)


def test_org_override_wins_and_is_resolved():
    info, paragraphs = structured(MINUTES / "sn_pitea_ocr.txt", org="Norrbottens läns landsting")
    assert info.organisation == "Region Norrbotten"
    assert info.organisation_as_written == "Norrbottens läns landsting"
    assert {p.organisation for p in paragraphs} == {"Region Norrbotten"}
    info, _ = structured(MINUTES / "sn_pitea_ocr.txt", org="Föreningen Okänd")
    assert info.organisation == "Föreningen Okänd"


@pytest.mark.parametrize("text, expected", [
    ("Kommunstyrelsens beslut\nAtt godkänna avtalet.\n\nExpedieras\nEkonomikontoret", "Att godkänna avtalet."),
    ("Beslut: Ärendet återremitteras.", "Ärendet återremitteras."),
    ("Bakgrund\nText.\nNämnden beslutar att anta planen.", "Nämnden beslutar att anta planen."),
    ("Förslag till beslut\nAtt anta planen.", None),
    ("Arbetsutskottets förslag\nKommunstyrelsen beslutar att anta planen.", None),
    ("Förslag till beslut\nNämnden beslutar att anta planen.\n\nNämndens beslut\nPlanen antas.", "Planen antas."),
    ("Beslutande: Anna Svensson", None),
    ("Beslutsunderlag\nTjänsteskrivelse 2024-01-02", None),
])
def test_decision_part(text, expected):
    assert decision_of(text) == expected


def test_empty_document_gives_no_records():
    assert split_paragraphs(document(""), [""]) == []
    assert split_paragraphs(document("\f\f", paged=True), ["", "", ""]) == []
