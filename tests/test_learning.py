"""What a reindex teaches the normaliser from the archive's clean pages: the fast counting and
the counting in several processes give exactly what counting sentence by sentence in one
process gave (the same counts, in the same order, and the same cache digest)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from protokoll import normalize
from protokoll import pipeline
from protokoll.datafiles import SAMPLES_DIR
from protokoll.archive import Archive
from protokoll.normalize import learn
from protokoll.records import Document

MINUTES = Path(__file__).parent / "resources" / "minutes"


def counted_sentence_by_sentence(texts: list[str]) -> learn.LearnedText:
    """The reference: learn_from_texts as it was written before it was made fast."""
    learned = learn.LearnedText()
    for text in texts:
        for sentence in re.split(r"[.!?:;\n]\s", text):
            written = re.findall(r"[^\W\d_]+|\d+|,(?=\s|\Z)", sentence)
            while written[:1] == [","]:
                del written[0]  # a comma opening a sentence belongs to its boundary
            words = [learn.COMMA if w == "," else learn.number_class(w) if w.isdigit() else w.lower() for w in written]
            if not words:
                continue
            learned.words.update(w for w in words if w not in (*learn.NUMBERS, learn.COMMA))
            learned.lowercase.update(w for w in written if w.islower())
            words = [learn.START, *words, learn.END]
            learned.bigrams.update(zip(words, words[1:]))
    return learned


def as_lists(learned: learn.LearnedText) -> tuple[list, list, list]:
    """The counts with their order: the lexicon takes words in the order they were first seen."""
    return list(learned.words.items()), list(learned.bigrams.items()), list(learned.lowercase.items())


AWKWARD_TEXTS = [
    "", "   ", ".", "...\n\n", "Ett. Två! Tre? Fyra: fem; sex\nsju",
    "Slut utan punkt", "Punkt först. \n\n. ; Sedan ord.", "Å 2019. 2020 år.\n\n\n3 st",
    "Budget för 2021 och 1350 kr år 1999: 20 1900-talet",
    "Ord_med_understreck. _. Efter", "a.b.c. d e:f g", "Rad\n\tmed tabb.\tOch\u00a0hårt mellanslag.",
    "ÄR det Här? Jämtlands län, 12 000 kr.", "x² och ²; m³ 10", "İstanbul och ǅemal. ẞ",
    "Sista meningen slutar med radbrytning\n", "Per år, främst i län,\n\nNästa , , stycke,",
]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_fast_counting_counts_like_sentence_by_sentence(text):
    assert as_lists(learn.learn_from_texts([text])) == as_lists(counted_sentence_by_sentence([text]))


def test_fast_counting_of_real_texts_and_into_existing_counts():
    texts = learn.clean_texts() + [p.read_text(encoding="utf-8") for p in sorted(MINUTES.glob("*.txt"))]
    assert as_lists(learn.learn_from_texts(texts)) == as_lists(counted_sentence_by_sentence(texts))
    into = learn.learn_from_texts(texts[:3])
    assert as_lists(learn.learn_from_texts(texts[3:], into=into)) == as_lists(counted_sentence_by_sentence(texts))


@pytest.fixture
def mixed_archive(tmp_path) -> Archive:
    """Clean documents (one with a legacy-OCR page), an OCR'd one, in an order their ids give."""
    archive = Archive(tmp_path / "arkiv")
    legacy = (SAMPLES_DIR / "002_fe105bbe31b7ac9f.txt").read_text(encoding="utf-8")
    sources = [(path.name, "text-export", [path.read_text(encoding="utf-8")]) for path in sorted(MINUTES.glob("*.txt"))]
    sources += [("mixed.pdf", "born-digital", ["Gällö och Hammarstrand. Nästa möte i Gällö.", legacy]),
                ("scan.pdf", "ocr:swe+eng", ["Skannad text om Bräcke kommun och Gällö."])]
    for name, origin, pages in sources:
        doc_id = hashlib.sha256(name.encode()).hexdigest()
        archive.save(Document(id=doc_id, source=name, original="", kind="text", pages=pages, text_origin=origin))
    return archive


def test_learning_in_several_processes_learns_what_one_pass_does(mixed_archive):
    docs = [mixed_archive.load(doc_id) for doc_id in mixed_archive.document_ids()]
    clean = [page for doc in docs if doc.text_origin in pipeline.CLEAN_ORIGINS for page in doc.pages
             if not normalize.is_legacy(page)]
    assert len(clean) == sum(len(d.pages) for d in docs if d.text_origin in pipeline.CLEAN_ORIGINS) - 1
    digest = hashlib.sha256("".join(clean).encode("utf-8")).hexdigest()[:12]
    expected = as_lists(counted_sentence_by_sentence(clean))
    for procs in (1, 3):
        learned_digest, learned = pipeline.learned_from(mixed_archive, normalize.default_normaliser(), procs)
        assert learned_digest == digest
        assert as_lists(learned) == expected
    assert dict(expected[0])["gällö"] == 2  # from the born-digital page, not from the scan
