"""The structure stage on real published minutes (../shared/realdata/minutes, or $PROTOKOLL_REALDATA),
against truth files written by reading them (bench/structure_truth/). Skipped where the real data is
not on the machine: it is never copied into this repository."""
from __future__ import annotations

import tomllib
from pathlib import Path

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
    names = [p.stem for p in truth_files("all") + truth_files("blind") + truth_files("blind_new")]
    files = [p for p in TRUTH_DIR.glob("*.toml") if p.stem not in ("split", "queries", "sources")]
    assert len(names) == len(set(names)) == len(files)
    for path in files:
        assert tomllib.loads(path.read_text(encoding="utf-8"))["document"].startswith(path.stem)


# Held-out minutes that were under the target when measured after the last change of the round that
# added them (bench/out/structure_real_alingsas_boards.txt). Held out, so nothing is tuned on them: the
# test of each is expected to fail, and fails the suite once a change made for other documents mends it.
# (alingsas_ofn_2026-06-11 was here until its date regression was looked at: it is a tuning document now.)
BELOW_TARGET = {
    # alingsas_bun_2018-01-30 ("meeting and signing date of the 2018 layout missed") left this list when a
    # justering label whose date stands on the lines below it ("Justeringens plats och" / "tid") was read
    # hogsby_ks_2007-01-08 (tuning; "case numbers 0.92: KNSLI/20014197 fits no grammar") left this list when
    # that form, letters over year and number run together, was read after a label
    # Göteborgs Stad's held-out minutes, measured once after the tuning on its kommunstyrelse 2024
    # (bench/out/structure_real_15f_held_out_text.txt)
    # goteborg_ks_2025-06-04 (titles 0.87) and goteborg_ks_2026-04-01 (titles 0.89) left this list in part G:
    # their titles, never looked at, came to 0.96 and 1.00 when the Göteborg tuning documents' narrow title column
    # was read (a title goes on while its lines stay as narrow as the column and no heading or wide line ends it)
    # goteborg_kf_2024-04-25 ("titles 0.87 and its signing date missed when measured once") left this list when
    # its fullmäktige sibling goteborg_kf_2024-03-21 was tuned on: the paragraph that sets the justering gives
    # the signing date. goteborg_ks_2024-05-08 (meeting date missed) and goteborg_kf_2024-03-21 (board read as
    # 'Länsstyrelsen', signing date missed) left it when the page heads kept between the paragraphs were read.
}


def _score_of_extra(truth: dict) -> Score:
    path = find_document(truth["document"])  # the published PDF, as ingest reads it, when there
    return score_document(truth, text_pages(path), path, "text")


def _meets_target(score: Score) -> bool:
    return all(score.right[m] >= 0.95 * score.total[m] for m in MEASURES)


# Minutes of other municipalities, fetched from public repositories to $PROTOKOLL_EXTRA_MINUTES (see
# bench/real_minutes.py): another template than the shared Kungsbacka minutes.
@pytest.mark.parametrize("which", ["tuning", "held_out"])
def test_other_municipalities_minutes_as_text_meet_the_target(which):
    found = [t for t in (tomllib.loads(p.read_text(encoding="utf-8")) for p in truth_files(which))
             if not t["document"].startswith("kungsbacka_") and (extra_dir() / t["document"]).is_file()
             and Path(t["document"]).stem not in BELOW_TARGET]
    if not found:
        pytest.skip(f"no minutes of other municipalities at {extra_dir()} (set PROTOKOLL_EXTRA_MINUTES)")
    total = Score()
    for truth in found:
        total.merge(_score_of_extra(truth))
    assert _meets_target(total), (total.right, total.total)


@pytest.mark.parametrize("name", sorted(BELOW_TARGET))
@pytest.mark.xfail(strict=True, reason="under the target when measured (BELOW_TARGET)")
def test_held_out_minutes_known_to_miss_the_target(name):
    truth = tomllib.loads((TRUTH_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    if not (extra_dir() / truth["document"]).is_file():
        pytest.skip(f"{truth['document']} not at {extra_dir()} (set PROTOKOLL_EXTRA_MINUTES)")
    score = _score_of_extra(truth)
    assert _meets_target(score), (BELOW_TARGET[name], score.right, score.total)
