"""Word processor files become PDF/A plus text through LibreOffice headless, the original kept.

The inputs are real files made here: .docx by python-docx, .odt by odfpy, .rtf written out as
the plain-text format it is, and .doc by LibreOffice itself (from the .odt). Two conversions run
at once (--jobs 2), each with its own LibreOffice profile."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import run_cli
from ingest_makers import docx_file, odt_file, rtf_file
from protokoll.archive import Archive
from protokoll.index.search import SearchRequest, search

pytestmark = pytest.mark.slow

BODY = {
    "budget.docx": ("§ 5 Budget 2025", "Kommunstyrelsen beslutar att godkänna budgetramarna för år 2025."),
    "vagar.odt": ("§ 6 Vägunderhåll", "Tekniska nämnden beslutar om vägunderhåll i Åre och Järpen."),
    "skolan.rtf": ("§ 7 Läsårstider", "Barn- och utbildningsnämnden fastställer läsårstiderna för grundskolan."),
    "gammal.doc": ("§ 8 Färdtjänst", "Socialnämnden beslutar om nya riktlinjer för färdtjänst i Östersund."),
}
WORD = {"budget.docx": "budgetramarna", "vagar.odt": "vägunderhåll", "skolan.rtf": "läsårstiderna",
        "gammal.doc": "färdtjänst"}


def libreoffice_doc(source: Path, target: Path, work: Path) -> Path:
    """A .doc (Word 97-2003) as LibreOffice saves one."""
    out = work / "doc-out"
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'maker-profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    (out / f"{source.stem}.doc").rename(target)
    return target


@pytest.fixture(scope="module")
def office_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("office")
    inbox = base / "inkorg"
    inbox.mkdir()
    docx_file(inbox / "budget.docx", *BODY["budget.docx"])
    odt_file(inbox / "vagar.odt", *BODY["vagar.odt"])
    rtf_file(inbox / "skolan.rtf", *BODY["skolan.rtf"])
    libreoffice_doc(odt_file(base / "gammal.odt", *BODY["gammal.doc"]), inbox / "gammal.doc", base)
    result = run_cli(base / "arkiv", "ingest", "--jobs", "2", "--json", str(inbox))
    return result, json.loads(result.stdout), Archive(base / "arkiv"), inbox


def by_name(summary: dict, name: str) -> dict:
    (found,) = [r for r in summary["results"] if Path(r["path"]).name == name]
    return found


def test_every_office_file_is_imported(office_batch):
    result, summary, _, _ = office_batch
    assert result.exit_code == 0, result.output
    assert summary["counts"]["new"] == 4 and summary["skipped"] == []


@pytest.mark.parametrize("name", sorted(BODY))
def test_office_file_becomes_pdfa_and_text_with_its_original_kept(office_batch, name):
    _, summary, archive, inbox = office_batch
    doc = archive.load(by_name(summary, name)["doc_id"])
    title, body = BODY[name]
    assert doc.kind == "office" and doc.text_origin == "born-digital"
    assert title in doc.pages[0] and body in " ".join(doc.pages[0].split())
    assert archive.path(doc.original).read_bytes() == (inbox / name).read_bytes()
    with pikepdf.open(archive.path(doc.archival)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
    assert doc.tools["libreoffice"][0].isdigit()
    assert search(archive, SearchRequest(WORD[name])).total == 1


def test_pdf_of_an_office_file_is_served_from_the_archival_copy(office_batch):
    _, summary, archive, _ = office_batch
    doc = archive.load(by_name(summary, "budget.docx")["doc_id"])
    assert doc.archival.endswith(".pdf") and doc.archival_sha256
    assert run_cli(archive.root, "verify").exit_code == 0


def libreoffice_processes_under(folder: Path) -> list[str]:
    """Command lines of running processes that use a LibreOffice profile inside `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and str(folder) in cmdline and "UserInstallation" in cmdline:
            found.append(cmdline)
    return found


def test_conversion_that_takes_too_long_is_stopped_and_named(tmp_path):
    """A real conversion, stopped by a timeout far shorter than LibreOffice needs to start."""
    docx_file(tmp_path / "lang.docx", *BODY["budget.docx"])
    result = run_cli(tmp_path / "arkiv", "ingest", "--convert-timeout", "0.2", "--json", str(tmp_path / "lang.docx"))
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)["results"]
    assert entry["status"] == "failed"
    assert entry["reason"].startswith("LibreOffice did not finish converting the document within 0.2 s and was stopped")
    assert libreoffice_processes_under(tmp_path / "arkiv") == []
    assert not list((tmp_path / "arkiv" / "tmp").iterdir())  # its work folder and profile are gone

    # the next run of the folder leaves it alone; --retry-failed with time enough imports it,
    # and the archive forgets that it failed
    assert run_cli(tmp_path / "arkiv", "ingest", str(tmp_path / "lang.docx")).exit_code == 0
    retried = run_cli(tmp_path / "arkiv", "ingest", "--retry-failed", "--json", str(tmp_path / "lang.docx"))
    assert retried.exit_code == 0 and json.loads(retried.stdout)["counts"]["new"] == 1
    assert not list(Archive(tmp_path / "arkiv").failures_dir.iterdir())


def test_damaged_office_file_is_a_named_failure(tmp_path):
    data = docx_file(tmp_path / "hel.docx", *BODY["budget.docx"]).read_bytes()
    (tmp_path / "trasig.docx").write_bytes(data[: len(data) // 3])
    result = run_cli(tmp_path / "arkiv", "ingest", "--json", str(tmp_path / "trasig.docx"))
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)["results"]
    assert entry["reason"].startswith("LibreOffice could not read the document") and "save it again" in entry["reason"]


def test_nothing_of_libreoffice_is_left_after_a_batch(office_batch):
    """Each conversion's profile lived in its document's work folder, removed with it."""
    _, _, archive, _ = office_batch
    assert not any("libreoffice" in str(p) for p in archive.root.rglob("*"))
    assert libreoffice_processes_under(archive.root) == []
