"""docs/operations.md's backup and restore, followed step by step on a real archive: back up with
the tar command given there, lose the archive, restore, verify, reindex, find the same paragraphs."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import run_cli
from protokoll.archive import Archive
from web_support import ROOT, web_archive  # noqa: F401

OPERATIONS = ROOT / "docs" / "operations.md"


def documented_command(start: str) -> str:
    """The shell command of docs/operations.md that begins with `start` (continuation lines joined)."""
    text = OPERATIONS.read_text(encoding="utf-8")
    found = re.search(rf"^    ({re.escape(start)}.*?)(?<!\\)$", text, re.M | re.S)
    assert found, f"docs/operations.md has no command starting {start!r}"
    return re.sub(r"\\\n\s*", "", found.group(1))


def search_ids(archive: Path, query: str) -> list[str]:
    result = run_cli(archive, "search", query, "--json", "--limit", "50")
    assert result.exit_code == 0, result.output
    return sorted(hit["id"] for hit in json.loads(result.output)["hits"])


def test_backup_restore_verify_and_reindex_as_documented(web_archive, tmp_path):
    live = tmp_path / "srv" / "arkiv"
    shutil.copytree(web_archive.root, live, symlinks=True)
    before = {query: search_ids(live, query) for query in ("bredband", "kompetensförsörjning")}
    assert all(before.values())

    backup = documented_command("tar -C /srv/protokoll/arkiv --ignore-failed-read -cf")
    backup = backup.replace("/srv/protokoll/arkiv", str(live)).replace("/backup/protokoll-$(date +%F).tar",
                                                                         str(tmp_path / "backup.tar"))
    subprocess.run(backup, shell=True, check=True, cwd=tmp_path)
    names = subprocess.run(["tar", "-tf", str(tmp_path / "backup.tar")], check=True, capture_output=True,
                           text=True).stdout.split()
    assert names[0].startswith("documents"), "records come first, so every record finds its files"
    assert not any(name.startswith(("index", "cache/", "tmp/")) for name in names), "what is rebuilt is left out"

    shutil.rmtree(live)  # the machine is lost
    live.mkdir(parents=True)
    subprocess.run(["tar", "-C", str(live), "-xf", str(tmp_path / "backup.tar")], check=True)

    verified = run_cli(live, "verify")
    assert verified.exit_code == 0 and "all match" in verified.output, verified.output
    assert run_cli(live, "search", "bredband").exit_code == 4  # no index until the reindex
    assert run_cli(live, "reindex").exit_code == 0
    assert {query: search_ids(live, query) for query in before} == before
    assert len(Archive(live).document_ids()) == len(web_archive.document_ids())


def test_verify_names_a_file_the_backup_lost(web_archive, tmp_path):
    live = tmp_path / "arkiv"
    shutil.copytree(web_archive.root, live, symlinks=True)
    lost = next((live / "originals").iterdir())
    lost.unlink()
    verified = run_cli(live, "verify")
    assert verified.exit_code == 4 and lost.name in verified.output
