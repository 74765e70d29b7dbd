"""Text-layer triage on the corpus: the legacy English-only OCR of 002 is found, good Swedish and
English text are left alone, and the figures behind each verdict are there."""
import pytest

from datafiles import SAMPLES_DIR
from ingest import triage

ENGLISH = ("The committee met on Monday to discuss the regional development plan. The chair opened the "
           "meeting and welcomed the members. The budget for the coming year was presented by the treasurer, "
           "who explained that costs for transport and education had risen. The members agreed to postpone "
           "the decision until the next meeting, when more information about the agreement will be available.")


def sample(prefix: str) -> str:
    (path,) = SAMPLES_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_legacy_english_only_ocr_is_recognised():
    figures = triage.assess([sample("002")])
    assert figures.verdict == "legacy-ocr"
    assert figures.aao_share < 0.05 and figures.nonword_share > 0.15 and figures.words > 900


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_good_swedish_text_is_born_digital(prefix):
    figures = triage.assess([sample(prefix)])
    assert figures.verdict == "born-digital" and figures.aao_share > 0.2 and figures.nonword_share < 0.06


def test_english_text_is_not_taken_for_legacy_swedish_ocr():
    figures = triage.assess([ENGLISH])
    assert figures.verdict == "born-digital" and figures.aao_share == 0 and figures.swedish_share < 0.1


def test_pages_without_text_are_no_text_and_few_words_are_not_judged():
    assert triage.assess(["", "  \n", "3"]).verdict == "no-text"
    assert triage.assess(["Jimtlands ldn 6verenskommelsen fragor ar 2019 " * 2]).verdict == "born-digital"
