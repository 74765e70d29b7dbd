"""Text exports keep the encoding they were decoded with: the record says it, /original/<id>
labels the original's bytes with it, and `protokoll normalize` reads the same encodings."""
from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from conftest import run_cli
from protokoll import cli
from protokoll.archive import Archive
from web_support import app_in_thread

TEXT = "§ 4 Överenskommelse om ’vägar’ – beslut i Jämtlands län\n"  # ’ and – exist in Windows-1252 only
DOS_TEXT = "§ 6 Överenskommelse om vägar, beslut i Jämtlands län för år 2019\n"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    base = tmp_path_factory.mktemp("encodings")
    inbox = base / "inkorg"
    inbox.mkdir()
    (inbox / "windows.txt").write_bytes(TEXT.encode("cp1252"))
    (inbox / "dos.txt").write_bytes(DOS_TEXT.encode("cp850"))
    (inbox / "latin1.txt").write_bytes(DOS_TEXT.replace("6", "7").encode("latin-1"))
    (inbox / "utf8.txt").write_bytes(DOS_TEXT.replace("6", "8").encode("utf-8"))
    result = run_cli(base / "arkiv", "ingest", "--json", str(inbox))
    assert result.exit_code == 0, result.output
    return Archive(base / "arkiv"), {r["path"].rsplit("/", 1)[1]: r["doc_id"] for r in json.loads(result.stdout)["results"]}


@pytest.fixture(scope="module")
def server(archive):
    with app_in_thread(archive[0]) as url:
        yield url


@pytest.mark.parametrize("name, encoding, charset", [
    ("windows.txt", "cp1252", "windows-1252"),
    ("dos.txt", "cp850", "ibm850"),
    ("latin1.txt", "latin-1", "iso-8859-1"),
    ("utf8.txt", "utf-8", "utf-8"),
])
def test_original_is_served_with_the_encoding_it_was_read_in(archive, server, name, encoding, charset):
    archive, ids = archive
    doc = archive.load(ids[name])
    assert doc.encoding == encoding
    response = httpx.get(f"{server}/original/{doc.id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == f"text/plain; charset={charset}"
    assert response.content == archive.path(doc.original).read_bytes()  # the bytes as they came
    assert response.text.replace("\r\n", "\n") == doc.pages[0]  # ... read back as ingest read them


@pytest.mark.parametrize("encoding, text", [("cp1252", TEXT), ("cp850", DOS_TEXT), ("latin-1", DOS_TEXT)])
def test_normalize_reads_what_ingest_reads(tmp_path, encoding, text):
    source = tmp_path / f"{encoding}.txt"
    source.write_bytes(text.encode(encoding))
    from_file = CliRunner().invoke(cli.main, ["normalize", str(source)])
    from_stdin = CliRunner().invoke(cli.main, ["normalize", "-"], input=text.encode(encoding))
    for result in (from_file, from_stdin):
        assert result.exit_code == 0, result.output
        assert "Överenskommelse om" in result.stdout and "Jämtlands län" in result.stdout
