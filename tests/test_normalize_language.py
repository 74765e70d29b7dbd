"""Language of each paragraph (normalize/language.py): foreign passages inside Swedish minutes are
found, clean and with å/ä/ö stripped as legacy OCR strips them, and Swedish minutes, fresh or
damaged, have none: a Swedish paragraph taken for foreign would lose its repairs.

The foreign passages (tests/resources/normalize/foreign/) are written for these tests: Swedish
minutes quoting English, Norwegian, German and Finnish.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from protokoll.datafiles import SAMPLES_DIR
from protokoll.normalize import language

RESOURCES = Path(__file__).parent / "resources"
FOREIGN = RESOURCES / "normalize" / "foreign"
LEGACY_FOLD = str.maketrans("åäöÅÄÖøØ", "aaoAAOoO")
EXPECTED = {"english": "en", "german": "de", "finnish": "fi", "norwegian": ("nb", "nn")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("legacy", [False, True], ids=["clean", "legacy"])
def test_the_quoted_paragraph_is_found_and_only_it(name, legacy):
    text = (FOREIGN / f"{name}.txt").read_text(encoding="utf-8")
    text = text.translate(LEGACY_FOLD) if legacy else text
    found = language.passages(text)
    languages = [p.language for p in found]
    assert languages[:2] == ["sv", "sv"] and languages[3:] == ["sv"]
    assert languages[2] in (EXPECTED[name] if isinstance(EXPECTED[name], tuple) else (EXPECTED[name],))


def swedish_pages() -> list[tuple[str, str]]:
    paths = (sorted((RESOURCES / "normalize" / "devset").glob("*.txt")) + sorted(SAMPLES_DIR.glob("*.txt"))
             + sorted((RESOURCES / "minutes").glob("*.txt")))
    return [(f"{path.name}#{n}", page) for path in paths
            for n, page in enumerate(path.read_text(encoding="utf-8").split("\f"))]


def test_swedish_minutes_fresh_or_damaged_have_no_foreign_paragraph():
    wrong = [(name, p.language, page[p.start:p.end][:60]) for name, page in swedish_pages()
             for p in language.foreign_passages(page)]
    assert not wrong, wrong


def test_an_english_page_is_english():
    page = ("Minutes of the meeting of the twinning committee.\n\n"
            "The committee discussed the visit from Sweden and agreed that the delegation will be received "
            "at the town hall. It was noted that the costs have been shared between the two towns.")
    assert language.page_language(page) == "en"


def test_short_headings_and_names_stay_swedish():
    for heading in ["Tid och plats: kl. 09.00-12.15, Kommunhuset, sal Roslagen",
                    "Justeras: Sven-Erik Bäckman, Gunvor Lindgren",
                    "Kompetensforsörjning ar en fraga som bor fa hög prioritet."]:
        assert language.paragraph_language(heading) == "sv", heading
