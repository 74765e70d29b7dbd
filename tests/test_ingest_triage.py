"""Text-layer triage on the corpus: the legacy English-only OCR of 002 is found, good Swedish and
English text are left alone, and the figures behind each verdict are there."""
import pytest

from protokoll.datafiles import SAMPLES_DIR
from protokoll.ingest import triage

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


def test_legacy_layer_without_page_images_is_kept_with_its_figures(tmp_path):
    """Legacy text in a PDF that has no page images cannot be OCR'd again: it is kept, and says so."""
    from protokoll import pipeline
    from protokoll.archive import Archive
    from ingest_makers import born_digital_pdf

    lines = [line for line in sample("002").splitlines() if line.strip()][:45]
    pdf = born_digital_pdf(tmp_path / "verksamhetsberattelse.pdf", lines)
    archive = Archive(tmp_path / "arkiv")
    (result,) = pipeline.ingest(archive, [pdf], jobs=1)
    doc = archive.load(result.doc_id)
    assert result.status == "new" and doc.kind == "legacy-ocr" and doc.text_origin == "legacy-ocr"
    assert doc.archival is None and doc.triage["pages_with_images"] == 0
    assert doc.triage["verdict"] == "legacy-ocr" and "kept" in doc.triage["decision"]
    assert doc.triage["aao_share"] < triage.MAX_AAO_SHARE
