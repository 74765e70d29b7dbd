"""`protokoll normalize` on a text of many pages: each page repaired on its own, as ingest
repairs it, and the same output, byte for byte and in the same order, with one process or two."""
from __future__ import annotations

import gc
import os
import pickle
import signal
import subprocess
import sys
import time
from ast import literal_eval
from pathlib import Path

import pytest
from click.testing import CliRunner

from protokoll import cli
from protokoll.normalize import Normaliser, pages

DEVSET = Path(__file__).parent / "resources" / "normalize" / "devset"


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser.load()


@pytest.fixture(scope="module")
def legacy_pages() -> list[str]:
    """Legacy OCR of several documents, more than two batches' worth, so two workers share them."""
    found, size = [], 0
    for path in sorted(DEVSET.glob("dev_*.eng.txt")):
        found += path.read_text(encoding="utf-8").split("\f")
        size = sum(map(len, found))
        if size > 3 * pages.BATCH_CHARACTERS:
            break
    assert size > 3 * pages.BATCH_CHARACTERS, "the dev set has too little legacy OCR for this test"
    # A clean page and an empty one among them: each page takes its own legacy switch.
    found[3:3] = ["Nämnden beslutar att godkänna avtalet och att återrapportera i juni.", ""]
    return found


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(cli.main, ["normalize", *args], input=input)
    assert result.exit_code == 0, result.output
    return result


def test_one_process_and_two_print_the_same_pages_in_order(normaliser, legacy_pages, tmp_path):
    source = tmp_path / "legacy.txt"
    source.write_text("\f".join(legacy_pages), encoding="utf-8")
    one = run("--jobs", "1", str(source)).stdout_bytes
    two = run("--jobs", "2", str(source)).stdout_bytes
    assert one == two
    # Each page as the pipeline repairs a document's pages, joined by the form feeds they had.
    assert one.decode() == "\f".join(normaliser.repair(page) for page in legacy_pages)
    assert one.count(b"\f") == len(legacy_pages) - 1
    assert "Tekniska nämnden" in one.decode() and "Tekniska namnden" in legacy_pages[0]


def test_explain_gives_positions_in_the_whole_text(legacy_pages):
    text = "\f".join(legacy_pages)
    one = run("--explain", "--jobs", "1", "-", input=text.encode())
    two = run("--explain", "--jobs", "2", "-", input=text.encode())
    assert one.stdout == two.stdout
    lines = one.stdout.splitlines()
    assert one.stderr.strip() == f"{len(lines)} changes"
    # Made where each line says, the changes give what the command prints without --explain.
    out, last = [], 0
    for line in lines:
        position, original, replacement = line.split("\t")[:3]
        position, original, replacement = int(position), literal_eval(original), literal_eval(replacement)
        assert position >= last and text[position:position + len(original)] == original, line
        out.append(text[last:position] + replacement)
        last = position + len(original)
    assert "".join(out) + text[last:] == run("-", input=text.encode()).stdout


def test_a_text_without_form_feeds_is_one_page(normaliser):
    text = "Det ar bra att fragor om 6verenskommelsen tas upp.\n\nNamnden beslutar att ga vidare."
    assert run("--jobs", "2", "-", input=text.encode()).stdout == normaliser.repair(text)


def test_pages_travel_in_batches_of_whole_pages():
    text_pages = ["a" * 9000, "b" * 9000, "c" * 9000, "", "d" * 30000, "e"]
    found = list(pages.batches(text_pages))
    assert [page for batch in found for page in batch] == text_pages
    assert [len(batch) for batch in found] == [3, 2, 1]


def test_the_command_line_starts_without_the_pipeline_and_the_index():
    """`protokoll normalize` starts faster without them; they are imported when a command uses them."""
    code = ("import sys, protokoll.cli as cli; heavy = ('protokoll.pipeline', 'protokoll.ingest', 'whoosh', 'numpy'); "
            "print([m for m in heavy if m in sys.modules]); import wordfreq; "  # builds the lexicon: looks at every module
            "print(cli.pipeline.CONVERT_TIMEOUT > 0, 'protokoll.pipeline' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "True True"], result.stderr


def is_python(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/exe").resolve() == Path(sys.executable).resolve()
    except OSError:
        return False


def test_a_killed_worker_is_a_one_line_error_not_a_traceback(normaliser, legacy_pages, tmp_path):
    """A real SIGKILL of a worker mid-run (what the out-of-memory killer does). The `normaliser`
    fixture has built the lexicon cache, so the command's only children are its workers."""
    source = tmp_path / "long.txt"
    source.write_text("\f".join(legacy_pages * 40), encoding="utf-8")
    command = subprocess.Popen([sys.executable, "-m", "protokoll.cli", "normalize", "--jobs", "2", str(source)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{command.pid}/task/{command.pid}/children")
    deadline = time.monotonic() + 120
    workers: list[str] = []
    while command.poll() is None and not workers and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = [pid for pid in children.read_text().split() if is_python(pid)]
    assert workers, "the command finished before its workers could be seen; give it more pages"
    os.kill(int(workers[0]), signal.SIGKILL)
    stderr = command.communicate(timeout=300)[1]
    assert command.returncode == 4, stderr
    assert stderr.startswith("protokoll: a worker process was killed") and stderr.count("\n") == 1, stderr


def test_readings_passed_between_workers_repair_as_those_found_in_place(normaliser, legacy_pages):
    """What one worker passes on (pages.py: the readings of its share of the words, pickled) is
    what the worker that receives them would have found itself: the same readings, and the same
    repaired pages."""
    finder, receiver = Normaliser.load(), Normaliser.load()
    words = sorted({word for page in legacy_pages for word in finder.words_to_read(page)[1]})
    share = words[::2]  # the finder's share; the receiver finds the rest itself, as it meets them
    passed = pickle.dumps((share, finder.readings_of(share)), protocol=pickle.HIGHEST_PROTOCOL)
    assert len(share) > 100 and pickle.loads(passed)[1] == normaliser.readings_of(share)
    receiver.add_readings(*pickle.loads(passed))
    assert [receiver.repair(page) for page in legacy_pages] == [normaliser.repair(page) for page in legacy_pages]


def test_the_words_of_one_form_are_read_by_one_worker(normaliser):
    """"Kommun" and "kommun" share their candidates: the worker that looks up one reads both."""
    team = object.__new__(pages._Team)  # no processes: only the sharing out of words
    team.members = [pages._Member(None, None) for _ in range(2)]
    words = ["Kommun", "kommun", "KOMMUN", "Nämnden", "namnden", "beslut", "Beslut", "fragor", "Fragor"]
    for word in words:
        team._to_read(word)
    readers = {word: i for i, member in enumerate(team.members) for word in member.unread}
    assert readers["Kommun"] == readers["kommun"] == readers["KOMMUN"]
    assert readers["beslut"] == readers["Beslut"] and readers["fragor"] == readers["Fragor"]
    assert team._share_out(last=True) == sum(1 for member in team.members if member.reads)


def test_the_command_leaves_the_garbage_collector_as_it_found_it(normaliser, legacy_pages):
    """The workers inherit the loaded normaliser with the collector frozen (pages.py); afterwards
    the collector sees every object again, also when the output stops early."""
    assert list(pages.repaired(normaliser, legacy_pages, jobs=2)) == [normaliser.repair(page) for page in legacy_pages]
    assert gc.get_freeze_count() == 0
    stopped = pages.repaired(normaliser, legacy_pages, jobs=2)
    next(stopped)
    stopped.close()
    assert gc.get_freeze_count() == 0
