"""The structure stage on real published minutes (../shared/realdata/minutes, or $PROTOKOLL_REALDATA),
against truth files written by reading them (bench/structure_truth/). Skipped where the real data is
not on the machine: it is never copied into this repository."""
from __future__ import annotations

import tomllib

import pytest

from bench.real_minutes import extra_dir, find_document, minutes_dir, text_pages
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
    names = [p.stem for p in truth_files("all") + truth_files("blind")]
    files = [p for p in TRUTH_DIR.glob("*.toml") if p.stem not in ("split", "queries")]
    assert len(names) == len(set(names)) == len(files)
    for path in files:
        assert tomllib.loads(path.read_text(encoding="utf-8"))["document"].startswith(path.stem)


# Minutes of other municipalities, fetched from public repositories to $PROTOKOLL_EXTRA_MINUTES (see
# bench/real_minutes.py): another template than the shared Kungsbacka minutes.
@pytest.mark.parametrize("which", ["tuning", "held_out"])
def test_other_municipalities_minutes_as_text_meet_the_target(which):
    found = [t for t in (tomllib.loads(p.read_text(encoding="utf-8")) for p in truth_files(which))
             if not t["document"].startswith("kungsbacka_") and (extra_dir() / t["document"]).is_file()]
    if not found:
        pytest.skip(f"no minutes of other municipalities at {extra_dir()} (set PROTOKOLL_EXTRA_MINUTES)")
    total = Score()
    for truth in found:
        path = find_document(truth["document"])  # the published PDF, as ingest reads it, when there
        total.merge(score_document(truth, text_pages(path), path, "text"))
    assert all(total.right[m] >= 0.95 * total.total[m] for m in MEASURES), (total.right, total.total)
