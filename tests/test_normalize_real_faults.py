"""The faults issue 19 saw on real input, through the normaliser's own entry points:

- a paragraph in another language is left exactly as written, on a clean page and on a legacy
  page, while the Swedish around it is still repaired;
- fresh Swedish OCR that lost one å/ä/ö ("Aldreomsorgens", "Besok fran") is repaired although
  the page passes the legacy switch, and a name or word as written is never given one
  ("Jonsson", "till handa") (cases: tests/resources/normalize/diacritics.toml).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from protokoll.normalize import Config, Normaliser, default_normaliser, language

RESOURCES = Path(__file__).parent / "resources" / "normalize"
LEGACY_FOLD = str.maketrans("åäöÅÄÖøØ", "aaoAAOoO")
CASES = tomllib.loads((RESOURCES / "diacritics.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("name", ["english", "norwegian", "german", "finnish"])
@pytest.mark.parametrize("legacy", [False, True], ids=["clean", "legacy"])
def test_a_foreign_paragraph_is_left_as_written(name, legacy):
    clean = (RESOURCES / "foreign" / f"{name}.txt").read_text(encoding="utf-8")
    text = clean.translate(LEGACY_FOLD) if legacy else clean
    repaired = default_normaliser().repair(text)
    quoted = language.foreign_passages(clean)[0]
    assert repaired[quoted.start:quoted.end] == text[quoted.start:quoted.end]
    if legacy:  # the Swedish before and after the quote is still repaired
        for swedish in (repaired[:quoted.start], repaired[quoted.end:]):
            assert sum(swedish.count(letter) for letter in "åäö") > 0, swedish


def test_the_widows_garden_stays_english():
    page = ("Kommunstyrelsen fick ett brev fran vanorten. Brevet lases upp och ar pa engelska, och det ar bra.\n\n"
            "We walked past the trees back towards the end of the widow's garden, where I fell over a root "
            "and made a noise that woke the whole house.\n")
    repaired = default_normaliser().repair(page)
    assert "the trees back towards the end of the widow's garden, where I fell over a root and made a noise" in repaired
    assert repaired.startswith("Kommunstyrelsen fick ett brev från vänorten.")


def test_without_the_switch_foreign_text_is_repaired_as_before():
    page = ("Kommunstyrelsen fick ett brev fran vanorten. Brevet lases upp och ar pa engelska, och det ar bra.\n\n"
            "We walked past the trees back towards the end of the widow's garden, where I fell over a root.\n")
    assert "gården" in Normaliser.load(Config(leave_foreign_alone=False)).repair(page)


@pytest.mark.parametrize("case", CASES, ids=[c["original"][:30] for c in CASES])
def test_one_lost_diacritic_on_a_clean_page(case):
    normaliser = default_normaliser()
    assert not normaliser.is_legacy(case["original"])
    assert normaliser.repair(case["original"]) == case["expected"]
