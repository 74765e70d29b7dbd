"""Keeping the index current: incremental ingest, atomic reindex under a lock, and never
recreating an index silently after a read error. Kill and concurrency use real processes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from protokoll import normalize
from protokoll import pipeline
from bench.synthetic_archive import build_synthetic_archive
from conftest import run_cli
from protokoll.datafiles import SAMPLES_DIR
from protokoll.index import store
from protokoll.index.search import SearchRequest, search
from protokoll.archive import Archive

ROOT = Path(__file__).resolve().parent.parent
MINUTES = Path(__file__).parent / "resources" / "minutes"
SMALL = ["are_sn_1994-03-02.txt", "krokom_ks_2016-05-10.txt", "orebro_run_2021-11-15.txt"]
BUSY_PARAGRAPHS = 1500  # enough for a reindex to take a few seconds, to be caught in the act


def cli_process(archive: Archive, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--archive", str(archive.root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def snapshot(path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in path.iterdir()}


@pytest.fixture
def small_archive(tmp_path) -> Archive:
    archive = Archive(tmp_path / "arkiv")
    pipeline.ingest(archive, [MINUTES / name for name in SMALL])
    return archive


def test_ingest_updates_the_index_incrementally(small_archive, tmp_path):
    live = small_archive.index_link.resolve()
    assert search(small_archive, SearchRequest("anropsstyrd")).total == 1
    new = tmp_path / "new.txt"
    new.write_text("Bergs kommun\n\n§ 5 Snöröjning i Svenstavik\nTekniska nämnden beslutar om snöröjning.\n",
                   encoding="utf-8")
    assert pipeline.ingest(small_archive, [new]).results[0].status == "new"
    assert small_archive.index_link.resolve() == live  # the same index, updated in place
    assert search(small_archive, SearchRequest("snöröjning")).total == 1
    assert search(small_archive, SearchRequest("anropsstyrd")).total == 1


def test_reindex_summary_for_cron_and_json(small_archive):
    line = run_cli(small_archive.root, "reindex")
    assert line.exit_code == 0
    assert len(line.output.strip().splitlines()) == 1 and line.output.startswith("reindexed 11 paragraphs from 3 documents")
    out = json.loads(run_cli(small_archive.root, "reindex", "--json", "--procs", "2").output)
    assert out["paragraphs"] == 11 and out["documents"] == 3 and out["procs"] == 2
    assert out["cached_documents"] == 3  # the first reindex cached the normalised text
    assert search(small_archive, SearchRequest("influensa")).total == 2
    kept = sorted(p.name for p in (small_archive.root / "indexes").iterdir())
    assert len(kept) == 2  # the live index and the one before it; older ones are pruned


def test_reindex_writers_close_segments_as_they_fill(small_archive, monkeypatch):
    monkeypatch.setattr(store, "SEGMENT_MB", 0)  # every document gets a segment of its own
    expected = {q: search(small_archive, SearchRequest(q)).total for q in ("influensa", "anropsstyrd", '"kollektivtrafik"')}
    summary = pipeline.reindex(small_archive, procs=2)
    ix = store.open_live(small_archive)
    assert len(ix._segments()) == 3 and summary["paragraphs"] == 11
    assert {q: search(small_archive, SearchRequest(q)).total for q in expected} == expected
    assert int(store.open_searcher(ix).reader().doc_count()) == 11


def test_reindex_of_a_missing_archive_says_so(tmp_path):
    result = run_cli(tmp_path / "nothing", "reindex")
    assert result.exit_code == 4 and "no archive" in result.output
    assert not (tmp_path / "nothing").exists()


# -- read errors: reported, never papered over with a new empty index ---------------------

def _dangling_link(live: Path) -> None:
    for f in live.iterdir():
        f.unlink()
    live.rmdir()


def _empty_dir(live: Path) -> None:
    for f in live.iterdir():
        f.unlink()


def _truncated_toc(live: Path) -> None:
    toc = next(live.glob("_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes()[:20])


def _missing_segment_files(live: Path) -> None:
    for f in live.glob("*.seg"):
        f.unlink()
    for f in live.glob("*.trm"):
        f.unlink()


def _garbled_segment(live: Path) -> None:
    """Same size, zeroed bytes: what a failing disk or a bad copy leaves."""
    for f in live.glob("*.seg"):
        f.write_bytes(b"\0" * f.stat().st_size)


def _other_version(live: Path) -> None:
    (live / "protokoll-index.json").write_text('{"schema_version": 1}', encoding="utf-8")


@pytest.mark.parametrize("damage", [_dangling_link, _empty_dir, _truncated_toc, _missing_segment_files,
                                    _garbled_segment, _other_version])
def test_damaged_index_is_reported_not_recreated(small_archive, damage, tmp_path):
    live = small_archive.index_link.resolve()
    damage(live)
    before = snapshot(live) if live.exists() else None
    for args in (("search", "influensa"), ("stats",), ("show", "x")):
        result = run_cli(small_archive.root, *args)
        assert result.exit_code == 4, (args, result.output)
        assert "reindex" in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
    new = tmp_path / "new.txt"
    new.write_text("§ 1 Lövsta\nRivning av ladan i Lövsta.\n", encoding="utf-8")
    assert run_cli(small_archive.root, "ingest", str(new)).exit_code == 4
    assert (snapshot(live) if live.exists() else None) == before
    assert small_archive.index_link.resolve() == live
    assert run_cli(small_archive.root, "reindex").exit_code == 0  # the advice works
    assert search(small_archive, SearchRequest("influensa")).total == 2
    assert search(small_archive, SearchRequest("Lövsta")).total == 1  # archived even though indexing failed


# -- reindex against real processes ----------------------------------------------------------

@pytest.fixture(scope="module")
def busy_archive(tmp_path_factory) -> Archive:
    archive = build_synthetic_archive(tmp_path_factory.mktemp("busy"), BUSY_PARAGRAPHS, seed=7)
    pipeline.reindex(archive, procs=1)
    return archive


def _wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


@pytest.mark.slow
def test_concurrent_reindex_is_refused_searches_continue_and_a_kill_leaves_the_old_index(busy_archive):
    archive = busy_archive
    live = archive.index_link.resolve()
    queries = ["bredband", '"förslag till beslut"', "kompetensförsörjning"]
    expected = {q: search(archive, SearchRequest(q, limit=5)) for q in queries}
    lock = archive.root / "reindex.lock"

    first = cli_process(archive, "reindex", "--procs", "2")
    _wait_for(lambda: lock.exists() and f"pid {first.pid} " in lock.read_text())

    second = cli_process(archive, "reindex")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 5, err
    assert err.strip().startswith("protokoll: another reindex is running") and len(err.strip().splitlines()) == 1

    building = lambda: [p for p in (archive.root / "indexes").iterdir() if p.resolve() != live]  # noqa: E731
    _wait_for(lambda: building() and len(_children(first.pid)) == 2 or first.poll() is not None)
    assert first.poll() is None, "the reindex finished before it could be killed; make the archive bigger"
    for q in queries:  # searches during the rebuild read the old index, unchanged
        again = search(archive, SearchRequest(q, limit=5))
        assert again.total == expected[q].total and [h["id"] for h in again.hits] == [h["id"] for h in expected[q].hits]

    workers = _children(first.pid)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    _wait_for(lambda: not any(_alive(w) for w in workers), timeout=30)  # writers die with their parent

    assert archive.index_link.resolve() == live
    assert building(), "the half-built directory is left for the next reindex to remove"
    for q in queries:
        assert search(archive, SearchRequest(q, limit=5)).total == expected[q].total

    result = run_cli(archive.root, "reindex", "--json")  # the lock died with the killed process
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert archive.index_link.resolve() != live
    assert {p.resolve() for p in (archive.root / "indexes").iterdir()} == {archive.index_link.resolve(), live}
    for q in queries:
        assert search(archive, SearchRequest(q, limit=5)).total == expected[q].total
    assert summary["paragraphs"] == BUSY_PARAGRAPHS


@pytest.mark.slow
def test_searches_in_other_processes_never_fail_while_reindex_switches(busy_archive):
    """Searches in a loop in another process while a complete reindex runs and switches."""
    archive = busy_archive
    total = search(archive, SearchRequest("bredband")).total
    stop = archive.root / "stop-searching"
    script = ("import sys, os; sys.path.insert(0, sys.argv[1])\n"
              "from protokoll.index.search import search, SearchRequest\nfrom protokoll.archive import Archive\n"
              "a = Archive(sys.argv[2]); seen = set(); n = 0\n"
              "while not os.path.exists(sys.argv[3]) or n < 3:\n"
              "    seen.add(search(a, SearchRequest('bredband')).total); n += 1\n"
              "print(sorted(seen))\n")
    searcher = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(archive.root), str(stop)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    live = archive.index_link.resolve()
    reindex = cli_process(archive, "reindex")
    out, err = reindex.communicate(timeout=300)
    assert reindex.returncode == 0, err
    assert archive.index_link.resolve() != live
    time.sleep(0.5)  # a few searches on the new index too
    stop.touch()
    seen, errors = searcher.communicate(timeout=120)
    assert searcher.returncode == 0, errors
    assert json.loads(seen) == [total]


def test_reingesting_a_paragraph_replaces_it(small_archive):
    """store.add updates by paragraph id: counts and facets never see the old copy."""
    from protokoll.index import store

    doc = next(d for d in small_archive.documents() if d.source == "krokom_ks_2016-05-10.txt")
    before = search(small_archive, SearchRequest("bredband"))
    store.add(small_archive, pipeline.paragraphs_of(doc, normalize.default_normaliser()))
    after = search(small_archive, SearchRequest("bredband"))
    assert after.total == before.total == 1
    stats = run_cli(small_archive.root, "stats").output
    assert stats.count("paragraphs: 11") == 1
    assert "doc_type: protokoll (11)" in stats  # replaced paragraphs are not counted twice


def test_ingest_into_an_archive_whose_index_was_removed_does_not_start_a_partial_one(small_archive, tmp_path):
    small_archive.index_link.unlink()
    new = tmp_path / "new.txt"
    new.write_text("§ 9 Lövsta\nRivning av ladan i Lövsta.\n", encoding="utf-8")
    result = run_cli(small_archive.root, "ingest", str(new))
    assert result.exit_code == 4 and "3 more documents but no index" in result.output and "reindex" in result.output
    assert not small_archive.index_link.exists()
    assert run_cli(small_archive.root, "reindex").exit_code == 0
    assert search(small_archive, SearchRequest("Lövsta")).total == 1
    assert search(small_archive, SearchRequest("influensa")).total == 2


@pytest.mark.parametrize("procs", [1, 2])
def test_reindex_repairs_old_legacy_ocr_with_words_learned_from_the_archive(tmp_path, procs):
    """A local name only the archive's clean documents know: ingest leaves the legacy OCR as the
    base lexicon repairs it; the next reindex has learned the name and repairs it fully, in this
    process or in writer processes that receive the extended normaliser (as its recipe)."""
    from protokoll.index.search import get_paragraph

    clean = tmp_path / "clean.txt"
    clean.write_text("Byanätet i Kärrsjöbäcken\n\nI Kärrsjöbäcken byggs fibernätet ut. Kärrsjöbäcken får bredband "
                     "under hösten. Byn Kärrsjöbäcken ligger i Bräcke kommun.\n", encoding="utf-8")
    legacy = tmp_path / "legacy.txt"
    legacy.write_text((SAMPLES_DIR / "002_fe105bbe31b7ac9f.txt").read_text(encoding="utf-8")[:1500]
                      + "\nArbetet med bredbandet i Karrsjobacken ar klart.\n", encoding="utf-8")
    archive = Archive(tmp_path / "arkiv")
    pipeline.ingest(archive, [clean, legacy])

    def legacy_text() -> str:
        hits = search(archive, SearchRequest("bredbandet klart", limit=20)).hits
        return " ".join(get_paragraph(archive, h["id"])["text"] for h in hits if h["source"] == "legacy.txt")

    assert "Kärrsjöbacken" in legacy_text()  # the base lexicon restores only what it knows
    pipeline.reindex(archive, procs=procs)
    assert "Kärrsjöbäcken" in legacy_text()
    forgotten = normalize.repair(legacy.read_text(encoding="utf-8"))  # the default normaliser learned nothing
    assert "Kärrsjöbacken" in forgotten and "Kärrsjöbäcken" not in forgotten
