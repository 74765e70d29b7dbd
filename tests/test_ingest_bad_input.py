"""Every kind of bad input the issue names, in one batch: each fails alone, in one line, and the
batch goes on. The inputs are made for real (pikepdf encryption, a PNG header declaring
gigapixels, a FIFO); none is mocked."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from protokoll.errors import ExitCode
from protokoll.archive import Archive
from ingest_makers import bomb_png, born_digital_pdf, encrypted_pdf, gigapixel_png, swedish_lines, xfa_form_pdf

TEXT = "§ 4 Överenskommelse om vägar, beslut i Jämtlands län för år 2019 (½ miljon kr)\n"
# Windows-1252 only: the dash and curly quotes are bytes 0x96, 0x92 (C1 controls in Latin-1)
CP1252_TEXT = "§ 4 Överenskommelse om ’vägar’ – beslut i Jämtlands län\n"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One folder of bad and good inputs, ingested once with two workers."""
    base = tmp_path_factory.mktemp("bad")
    inbox = base / "inkorg"
    inbox.mkdir()
    good_pdf = born_digital_pdf(inbox / "good.pdf", swedish_lines())
    (inbox / "zero.pdf").write_bytes(b"")
    data = good_pdf.read_bytes()
    (inbox / "truncated.pdf").write_bytes(data[: len(data) * 2 // 3])
    (inbox / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    encrypted_pdf(inbox / "encrypted.pdf", good_pdf)
    (inbox / "renamed.pdf").write_bytes(b"GIF89a" + b"\0" * 200)
    bomb_png(inbox / "bomb.png")
    gigapixel_png(inbox / "gigapixel.png")
    xfa_form_pdf(inbox / "xfa-blankett.pdf")
    (inbox / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG" * 10)
    (inbox / "cp1252.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (inbox / "latin1.txt").write_bytes(TEXT.encode("latin-1"))
    (inbox / "dos.txt").write_bytes(TEXT.replace("4", "6").encode("cp850"))  # an old DOS system's export
    (inbox / "utf8-bom.txt").write_bytes(TEXT.replace("4", "5").encode("utf-8-sig"))
    outside = base / "outside.txt"
    outside.write_text("must not be read\n")
    (inbox / "link-out.txt").symlink_to(outside)
    os.mkfifo(inbox / "fifo.pdf")
    (inbox / "folder.pdf").mkdir()  # a folder named like a PDF is walked, not read
    (inbox / "folder.pdf" / "inside.txt").write_text("Anteckningar från mötet i Åre.\n", encoding="utf-8")
    result = run_cli(base / "arkiv", "ingest", "--jobs", "2", "--json", str(inbox))
    return result, json.loads(result.stdout), Archive(base / "arkiv")


def by_name(summary: dict, name: str) -> dict:
    (found,) = [r for r in summary["results"] if Path(r["path"]).name == name]
    return found


def test_batch_goes_on_and_exits_with_some_failed(batch):
    result, summary, archive = batch
    assert result.exit_code == ExitCode.some_files_failed
    assert "Traceback" not in result.output
    assert summary["counts"]["new"] == 6  # good.pdf, four text files, folder.pdf/inside.txt
    assert summary["counts"]["failed"] == 11
    report = json.loads(Path(summary["path"]).read_text(encoding="utf-8"))
    assert Path(summary["path"]).parent == archive.reports_dir and report["counts"] == summary["counts"]
    for failure in report["results"]:
        if failure["status"] == "failed":
            assert failure["reason"] and "\n" not in failure["reason"]


@pytest.mark.parametrize("name, reason", [
    ("zero.pdf", "empty file (0 bytes)"),
    ("truncated.pdf", "not a readable PDF, damaged or truncated"),
    ("corrupt.pdf", "not a readable PDF, damaged or truncated"),
    ("encrypted.pdf", "the PDF is encrypted"),
    ("renamed.pdf", "not a PDF (the file does not start with %PDF)"),
    ("bomb.png", "decompression bomb"),
    ("gigapixel.png", "decompression bomb"),
    ("xfa-blankett.pdf", "the PDF is an XFA form"),
    ("broken.jpg", "not a readable image"),
    ("link-out.txt", "outside"),
    ("fifo.pdf", "not a regular file"),
])
def test_each_bad_input_fails_alone_with_its_reason(batch, name, reason):
    _, summary, _ = batch
    entry = by_name(summary, name)
    assert entry["status"] == "failed" and reason in entry["reason"]


@pytest.mark.parametrize("name", ["zero.pdf", "truncated.pdf", "encrypted.pdf", "renamed.pdf", "gigapixel.png",
                                  "broken.jpg", "xfa-blankett.pdf"])
def test_each_failure_says_what_to_do(batch, name):
    _, summary, _ = batch
    reason = by_name(summary, name)["reason"]
    assert any(advice in reason for advice in ("ask for", "copy the file again", "check what the file really is",
                                               "save it at 300 dpi", "print it to PDF")), reason
    assert "unexpected error" not in reason


def test_unsupported_file_named_on_the_command_line_fails_with_the_types_we_read(tmp_path):
    (tmp_path / "budget.xlsx").write_bytes(b"PK\3\4 a spreadsheet")
    result = run_cli(tmp_path / "arkiv", "ingest", "--json", str(tmp_path / "budget.xlsx"))
    assert result.exit_code == ExitCode.some_files_failed
    (entry,) = json.loads(result.stdout)["results"]
    assert entry["reason"].startswith("unsupported file type .xlsx: convert it to PDF first; supported: ")
    assert ".docx" in entry["reason"] and ".odt" in entry["reason"]


def test_symlink_out_of_the_tree_is_not_followed(batch):
    _, _, archive = batch
    assert all("must not be read" not in "".join(doc.pages) for doc in archive.documents())
    assert not list(archive.originals.glob("*")) or all(
        p.read_bytes() != b"must not be read\n" for p in archive.originals.iterdir())


@pytest.mark.parametrize("name, encoding, expected", [
    ("cp1252.txt", "cp1252", CP1252_TEXT.strip()),
    ("latin1.txt", "latin-1", TEXT.strip()),
    ("dos.txt", "cp850", TEXT.strip().replace("4", "6")),
    ("utf8-bom.txt", "utf-8", TEXT.strip().replace("4", "5")),
])
def test_text_exports_are_decoded_right(batch, name, encoding, expected):
    _, summary, archive = batch
    entry = by_name(summary, name)
    assert entry["status"] == "new" and entry["details"]["encoding"] == encoding
    text = archive.load(entry["doc_id"]).pages[0]
    assert expected in text and "\ufffd" not in text and not text.startswith("\ufeff")


def test_folder_named_like_a_pdf_is_walked(batch):
    _, summary, archive = batch
    entry = by_name(summary, "inside.txt")
    assert entry["status"] == "new" and "Åre" in archive.load(entry["doc_id"]).pages[0]


def test_born_digital_pdf_is_used_as_it_is(batch):
    _, summary, archive = batch
    doc = archive.load(by_name(summary, "good.pdf")["doc_id"])
    assert doc.kind == "text-pdf" and doc.archival is None
    assert doc.triage["verdict"] == "born-digital" and doc.triage["aao_share"] > 0.2
    assert "Överenskommelse om regional samverkan" in doc.pages[0]


# Root reads a chmod-000 file anyway (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Without those two
# capabilities a root process obeys file permissions, yet stays the owner of root's own files: it
# still reads the checkout, wherever it lies (also inside a private 0700 folder, where `nobody`
# could not), and the chmod-000 file is really unreadable to it.
WITHOUT_ROOTS_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                          "--inh-caps=-dac_override,-dac_read_search"]


def run_obeying_permissions(args: list[str]) -> subprocess.CompletedProcess:
    prefix = WITHOUT_ROOTS_OVERRIDE if os.geteuid() == 0 else []
    return subprocess.run(prefix + [sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None,
                    reason="needs setpriv (util-linux) to give up root's permission override")
def test_unreadable_file_fails_alone(tmp_path):
    probe = run_obeying_permissions(["-c", "import protokoll.cli"])
    if probe.returncode != 0:
        pytest.skip("protokoll cannot be imported without root's permission override (the checkout "
                    f"belongs to another user?): {probe.stderr.strip().splitlines()[-1:]}")
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "open.txt").write_text("Protokoll från Åre kommun.\n", encoding="utf-8")
    secret = inbox / "secret.txt"
    secret.write_text("Hemlig anteckning.\n", encoding="utf-8")
    secret.chmod(0o000)
    done = run_obeying_permissions(["-m", "protokoll", "--archive", str(tmp_path / "arkiv"), "ingest", "--json",
                                    str(inbox)])
    try:
        summary = json.loads(done.stdout)  # the importer ran: only then is its exit code judged
    except ValueError:
        pytest.fail(f"the importer did not run (exit {done.returncode}): {done.stderr}")
    assert "Traceback" not in done.stderr
    assert by_name(summary, "secret.txt")["reason"] == "cannot read: permission denied"
    assert by_name(summary, "open.txt")["status"] == "new"
    assert done.returncode == ExitCode.some_files_failed, done.stderr


def test_archive_that_cannot_be_written_stops_with_exit_4(tmp_path):
    (tmp_path / "disk").write_text("a file where a folder of the archive path should be\n")
    (tmp_path / "a.txt").write_text("Protokoll\n", encoding="utf-8")
    result = run_cli(tmp_path / "disk" / "arkiv", "ingest", str(tmp_path / "a.txt"))
    assert result.exit_code == ExitCode.archive_problem
    assert "cannot write to the archive" in result.output and "Traceback" not in result.output
