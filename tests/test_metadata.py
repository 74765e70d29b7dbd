"""Dates, case numbers, header fields, the organisation gazetteer and the topic vocabulary."""
from __future__ import annotations

import csv

import pytest

from protokoll.structure import metadata
from protokoll.structure.dates import find_dates, first_date
from protokoll.structure.organisations import GAZETTEER_DIR, find_mentions, load_gazetteer
from protokoll.structure.topics import load_topics, topics_of


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text, iso", [
    ("måndag 16 september 2024 kl. 09.00", "2024-09-16"),
    ("Datum 2020-04-22", "2020-04-22"),
    ("Nästa träff 16/9 2024", "2024-09-16"),
    ("Tisdag 16 sept. 2003", "2003-09-16"),
    ("den 17:e februari 2020", "2020-02-17"),
    ("Sammanträdesdatum 98-03-12", "1998-03-12"),
    ("16.9.2024", "2024-09-16"),
    ("måndag 16 septemher 2024", "2024-09-16"),  # OCR damage in the month name
])
def test_swedish_date_forms(text, iso):
    assert first_date(text) == iso


@pytest.mark.parametrize("text", ["8 personer deltog 2024", "KS 98/112", "31/2 2024", "2024-13-01", "Paragrafer 26-31"])
def test_not_dates(text):
    assert find_dates(text) == []


# ---------------------------------------------------------------- case numbers

@pytest.mark.parametrize("text, expected", [
    ("RUN/16/2020", ["RUN/16/2020"]),
    ("avtal (LS/1345/2014) som gällde", ["LS/1345/2014"]),
    ("Diarienummer: KS 2016/214", ["KS 2016/214"]),
    ("Dnr KS 98/112", ["KS 98/112"]),
    ("Dnr: LS 2012/345", ["LS 2012/345"]),
    ("Dnr 2019/45", ["2019/45"]),
    ("8 personer, 16/9 2024, kl. 13.00-15.00, § 27", []),
])
def test_case_numbers(text, expected):
    assert metadata.find_case_numbers(text) == expected


# ---------------------------------------------------------------- header fields and people

def test_header_fields_with_bold_and_broken_labels():
    header = ("**Deltagare\n(beslutande):** Sara Schelin, Åre\nPeter Jemtbring, Strömsund\n\n"
              "**Justeringens tid\noch plats:** tisdag 19 november 2024, digitalt\n\nParagrafer: 26-31\n"
              "Justeras av: Elise Ackerot\nSekreterare\n\nSara Schelin\nJusterare")
    fields = metadata.header_fields(header)
    assert metadata.parse_people(fields["present"]) == ["Sara Schelin, Åre", "Peter Jemtbring, Strömsund"]
    assert fields["justering_when"].startswith("tisdag 19 november")
    assert metadata.declared_range(fields["range"]) == (26, 31)
    assert metadata.parse_justerare(fields["justerare"]) == ["Sara Schelin"]


def test_run_together_participants_keep_affiliations():
    value = ("Sara Lewerentz, Region Jämtland Härjedalen (från 9.30) Magnus Aspegren, Region Jämtland Härjedalen "
             "Susanna Löfgren, Länsstyrelsen")
    assert metadata.parse_people(value) == ["Sara Lewerentz, Region Jämtland Härjedalen (från 9.30)",
                                            "Magnus Aspegren, Region Jämtland Härjedalen",
                                            "Susanna Löfgren, Länsstyrelsen"]


@pytest.mark.parametrize("value, expected", [("8-14", (8, 14)), ("26–31", (26, 31)), ("§§ 1 - 12", (1, 12)),
                                             ("§ 5", (5, 5)), ("31-26", None), ("", None)])
def test_declared_range(value, expected):
    assert metadata.declared_range(value) == expected


@pytest.mark.parametrize("head, kind", [
    ("SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen", "protokoll"),
    ("Minnesanteckningar från nätverksträff", "anteckningar"),
    ("TJÄNSTESKRIVELSE\n2012-10-08", "rapport"),
    ("Verksamhetsberättelse 2019", "rapport"),
    ("Inbjudan till konferens", "other"),
])
def test_doc_type_from_head(head, kind):
    assert metadata.detect_doc_type(head, head, 0) == kind


# ---------------------------------------------------------------- gazetteer

def _kinds() -> list[str]:
    return [org.kind for org in load_gazetteer().organisations]


def test_gazetteer_has_all_290_kommuner_and_21_regions_and_lansstyrelser():
    kinds = _kinds()
    assert sum("kommun" in k.split(",") for k in kinds) == 290
    assert sum("region" in k.split(",") for k in kinds) == 21
    assert kinds.count("länsstyrelse") == 21
    gaz = load_gazetteer()
    counties = {org.county for org in gaz.organisations if org.county}
    assert len(counties) == 21 and counties == set(gaz.counties.values())
    # every county has exactly one region and one länsstyrelse
    for county in counties:
        assert sum(o.county == county and "region" in o.kind for o in gaz.organisations) == 1, county
        assert sum(o.county == county and o.kind == "länsstyrelse" for o in gaz.organisations) == 1, county


def test_gazetteer_rows_are_unique_and_well_formed():
    with open(GAZETTEER_DIR / "kommuner.tsv", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    assert all(len(r) == 3 for r in rows)
    assert len({r[0] for r in rows}) == len({r[1] for r in rows}) == 290
    per_county = {}
    for _, _, county in rows:
        per_county[county] = per_county.get(county, 0) + 1
    assert per_county["Stockholms län"] == 26 and per_county["Västra Götalands län"] == 49
    assert per_county["Skåne län"] == 33 and per_county["Jämtlands län"] == 8
    for short, official, _ in rows:  # "Östersund" -> "Östersunds kommun", "Falun" -> "Falu kommun"
        assert official.endswith((" kommun", " stad")) or official == "Region Gotland", official
        assert official.split()[0][:3] == short.split()[0][:3] or short == "Gotland", (short, official)


@pytest.mark.parametrize("written, canonical", [
    ("Jämtlands läns landsting", "Region Jämtland Härjedalen"),
    ("Regionförbundet Jämtlands län", "Region Jämtland Härjedalen"),
    ("Kommunförbundet Jämtlands län", "Kommunförbundet Jämtland Härjedalen"),
    ("Stockholms läns landsting", "Region Stockholm"),
    ("Sveriges Kommuner och Landsting", "Sveriges Kommuner och Regioner"),
    ("Östersunds kommun", "Östersunds kommun"),
    ("Karlstad kommun", "Karlstads kommun"),
    ("Region Jimtland Hirjedalen", "Region Jämtland Härjedalen"),  # legacy OCR
    ("Malung-Sälens kommun", "Malung-Sälens kommun"),
    ("Göteborgs stad", "Göteborgs stad"),
])
def test_resolve_aliases_history_and_ocr(written, canonical):
    assert load_gazetteer().resolve(written).name == canonical


def test_resolve_refuses_what_is_not_close():
    assert load_gazetteer().resolve("Föreningen Okänd") is None


def test_mentions_need_a_full_name_not_a_bare_place():
    names = [m.organisation.name for m in find_mentions("Mötet hölls på Campus Östersund med Åre kommun.")]
    assert names == ["Åre kommun"]
    generic = find_mentions("fysiskt på Kommunförbundet")
    assert generic[0].generic and generic[0].organisation.kind == "kommunförbund"


# ---------------------------------------------------------------- topics

def test_topic_vocabulary_has_the_named_topics():
    names = {topic.name for topic in load_topics()}
    assert {"kompetensförsörjning", "digitalisering", "civilt försvar och beredskap",
            "infrastruktur och kollektivtrafik", "skola och utbildning", "vård och omsorg",
            "näringsliv och besöksnäring", "klimat och energi", "ekonomi och budget",
            "demokrati och styrning"} <= names


@pytest.mark.parametrize("text, topic", [
    ("Rekryteringen av sjuksköterskor", "kompetensförsörjning"),
    ("Länsstyrelsen leder arbetet med civilförsvaret", "civilt försvar och beredskap"),
    ("Nattågen till Stockholm", "infrastruktur och kollektivtrafik"),
    ("Hemtjänsten i glesbygd", "vård och omsorg"),
    ("Skattesatsen för 2025", "ekonomi och budget"),
])
def test_topics_from_terms_and_stems(text, topic):
    assert topic in topics_of(text)


def test_topics_do_not_fire_on_lookalikes():
    assert topics_of("Mötet avslutades och ordföranden tackade.") == []


def test_archivists_extend_topics_in_toml(tmp_path):
    vocabulary = tmp_path / "topics.toml"
    vocabulary.write_text('["vatten"]\nterms = ["dricksvatten"]\nstems = ["avlopp"]\n', encoding="utf-8")
    topics = load_topics(str(vocabulary))
    assert topics_of("Avloppsreningsverket och dricksvattnet", topics) == ["vatten"]
    assert topics_of("Dricksvatten", topics) == ["vatten"]


# ---------------------------------------------------------------- broken data files

def test_broken_topic_file_is_one_clear_error(tmp_path):
    from protokoll.errors import ExitCode, ProtokollError

    broken = tmp_path / "topics.toml"
    broken.write_text('["skola"\nterms = ["skola"]\n', encoding="utf-8")
    with pytest.raises(ProtokollError) as caught:
        load_topics(str(broken))
    assert str(broken) in caught.value.message and caught.value.exit_code == ExitCode.archive_problem
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('["skola"]\nterms = "skola"\n', encoding="utf-8")
    with pytest.raises(ProtokollError, match="lists of strings"):
        load_topics(str(wrong))


def test_malformed_gazetteer_row_names_file_and_line(tmp_path, monkeypatch):
    import shutil

    from protokoll.errors import ProtokollError
    from protokoll.structure import organisations

    shutil.copytree(GAZETTEER_DIR, tmp_path / "gazetteer")
    with open(tmp_path / "gazetteer" / "kommuner.tsv", "a", encoding="utf-8") as handle:
        handle.write("Nyköping och Oxelösund\n")  # one column where three belong
    monkeypatch.setattr(organisations, "GAZETTEER_DIR", tmp_path / "gazetteer")
    organisations.load_gazetteer.cache_clear()
    try:
        with pytest.raises(ProtokollError, match=r"kommuner.tsv:292: expected 3-3"):
            organisations.load_gazetteer()
    finally:
        organisations.load_gazetteer.cache_clear()


def test_long_text_needs_more_than_a_passing_mention():
    filler = "Mötet diskuterade läget och gick vidare till nästa fråga. " * 60
    assert "ekonomi och budget" not in topics_of(filler + "Budgeten nämndes.")
    assert "ekonomi och budget" in topics_of("Budget 2025:\n" + filler + "Budgeten nämndes.")
