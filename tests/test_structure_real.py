"""The structure stage on real published minutes (../shared/realdata/minutes, or $PROTOKOLL_REALDATA),
against truth files written by reading them (bench/structure_truth/). Skipped where the real data is
not on the machine: it is never copied into this repository."""
from __future__ import annotations

import tomllib

import pytest

from bench.real_minutes import minutes_dir, text_pages
from bench.structure_real import MEASURES, Score, TRUTH_DIR, score_document, truth_files

pytestmark = pytest.mark.skipif(not minutes_dir().is_dir(),
                                reason=f"real minutes not found at {minutes_dir()} (set PROTOKOLL_REALDATA)")


def truths(which: str) -> list[dict]:
    found = []
    for path in truth_files(which):
        truth = tomllib.loads(path.read_text(encoding="utf-8"))
        if (minutes_dir() / truth["document"]).is_file():  # the extra minutes are the benchmark's only
            found.append(truth)
    return found


@pytest.mark.parametrize("which", ["tuning", "held_out"])
def test_real_minutes_as_text_meet_the_target(which):
    total = Score()
    for truth in truths(which):
        path = minutes_dir() / truth["document"]
        score = score_document(truth, text_pages(path), path, "text")
        assert not score.misses, (truth["document"], score.misses[:5])
        total.merge(score)
    assert all(total.right[m] >= 0.95 * total.total[m] for m in MEASURES), total.right


def test_every_truth_file_names_a_document_and_the_split_covers_them_once():
    names = [p.stem for p in truth_files("all")]
    assert len(names) == len(set(names)) == len(list(TRUTH_DIR.glob("kungsbacka_*.toml")))
