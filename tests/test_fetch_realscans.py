"""The real-scan set's hand corrections: parsed and applied to the OCR text, a wrong one reported."""
import pytest

from bench.fetch_realscans import (SOURCES_DIR, CorrectionError, apply_corrections, parse_corrections,
                                   read_sources)

OCR = "Ång. nedläggningen\nav olönsam\n\nfrån min sida, I genomsnitt i i\nen längd av ca 3000 km."


def test_corrections_are_applied_word_by_word_and_keep_every_line():
    corrections = parse_corrections("# a comment\n1\tÅng.\tAng.\n4\tsida,\tsida.\n5\t3000\t3 000\n")
    assert apply_corrections(OCR, corrections) == (
        "Ang. nedläggningen\nav olönsam\n\nfrån min sida. I genomsnitt i i\nen längd av ca 3 000 km.")


def test_an_empty_correction_deletes_the_word_and_an_occurrence_picks_one_of_several():
    corrections = parse_corrections("2\tolönsam\t\n4\ti\tI\t2\n")
    assert apply_corrections(OCR, corrections).split("\n")[1:4] == ["av", "", "från min sida, I genomsnitt i I"]


@pytest.mark.parametrize("text, message", [
    ("1\tAng.\tAng.\n", "OCR line 1 has no word 'Ang.'"),
    ("9\tkm.\tkm\n", "line 9 is past"),
    ("4\ti\tI\n", "'i' is 2 times on OCR line 4"),
    ("4\ti\tI\t3\n", "(occurrence 3)"),
    ("1\tÅng.\tAng.\n1\tÅng.\tAnd.\n", "corrected twice"),
])
def test_a_correction_that_does_not_fit_the_ocr_is_a_clear_error(text, message):
    with pytest.raises(CorrectionError, match="page_x: correction") as error:
        apply_corrections(OCR, parse_corrections(text), "page_x")
    assert message in str(error.value)


@pytest.mark.parametrize("text", ["x\tÅng.\tAng.\n", "1\tÅng.\n", "1\t\tAng.\n", "1\tÅng. ned\tAng.\n"])
def test_a_malformed_corrections_line_is_refused(text):
    with pytest.raises(CorrectionError, match="line 1: expected"):
        parse_corrections(text)


def test_the_committed_sources_and_corrections_agree():
    pages = read_sources()
    names = [page.name for page in pages]
    assert len(names) == len(set(names))
    hand = {page.name for page in pages if page.truth == "hand"}
    files = {path.stem for path in SOURCES_DIR.glob("*.corrections")}
    assert files <= hand
    for name in files:
        parse_corrections((SOURCES_DIR / f"{name}.corrections").read_text(encoding="utf-8"))
    for page in pages:
        assert page.subset in ("dev", "heldout") and page.truth in ("hand", "swe")
        assert len(page.commit) == 40 and len(page.sha256) == 64
        assert page.page >= 1 or page.path.endswith((".png", ".jpg", ".tif"))
