"""The rebuild of the other municipalities' minutes (bench/fetch_real_minutes.py): the manifest is read
and checked, a file whose sha256 is not the manifest's is reported and not written, and a document is
made from a local git directory; no network."""
from __future__ import annotations

import hashlib
import json
import subprocess
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from bench.fetch_real_minutes import (MANIFEST, Source, SourceError, checked, fulltexts, make, parse_manifest,
                                      rebuild)
from bench.structure_real import TRUTH_DIR, truth_files

ENTRY = """
[[document]]
name = "lomma_kf_2022-10-17.txt"
repository = "owner/minutes"
commit = "{commit}"
paths = ["kf/KF-2022-10-17.txt"]
method = "copy"
sha256 = "{sha}"
"""


def test_a_manifest_entry_is_read_with_every_field():
    [source] = parse_manifest(ENTRY.format(commit="abc", sha="AB" * 32))
    assert source == Source("lomma_kf_2022-10-17.txt", "owner/minutes", "abc", ("kf/KF-2022-10-17.txt",), "copy",
                            "ab" * 32)


@pytest.mark.parametrize("change, message", [
    (("sha256 = ", "checksum = "), "missing sha256"),
    (('method = "copy"', 'method = "ocr"'), "unknown method 'ocr'"),
    (('paths = ["kf/KF-2022-10-17.txt"]', 'paths = ["a.txt", "b.txt"]'), "copy takes one path, got 2"),
    (('repository = "owner/minutes"', 'repository = "minutes"'), "a repository OWNER/NAME"),
])
def test_a_manifest_entry_that_cannot_be_rebuilt_is_refused(change, message):
    with pytest.raises(SourceError, match=message):
        parse_manifest(ENTRY.format(commit="abc", sha="0" * 64).replace(*change))


def test_a_checksum_that_differs_is_a_clear_error():
    source = Source("x.txt", "owner/minutes", "abc", ("x.txt",), "copy", "0" * 64)
    with pytest.raises(SourceError) as error:
        checked(source, b"another text")
    assert hashlib.sha256(b"another text").hexdigest() in str(error.value)
    assert "0" * 64 in str(error.value) and "owner/minutes@abc" in str(error.value)
    assert checked(replace(source, sha256=hashlib.sha256(b"x").hexdigest()), b"x") == b"x"


def test_paragraph_fulltexts_are_joined_by_a_blank_line_in_the_files_order():
    graph = {"nodes": [{"typ": "möte", "data": {}}, {"typ": "paragraf", "data": {"fulltext": "§ 2 Ärendenummer A\nB"}},
                       {"typ": "paragraf", "data": {"fulltext": "§ 1 Ärendenummer C"}}]}
    assert fulltexts(json.dumps(graph).encode()) == "§ 2 Ärendenummer A\nB\n\n§ 1 Ärendenummer C"
    source = Source("g.txt", "o/n", "c", ("a.json", "b.json"), "fulltexts", "")
    assert make(source, lambda path: json.dumps(graph).encode()).decode().count("§ 2") == 2


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def test_a_document_is_made_from_a_local_git_directory_and_checked(tmp_path):
    repo = tmp_path / "minutes"
    (repo / "kf").mkdir(parents=True)
    text = "KF § 72  KS KF/2022:7\nMeddelanden\n\f"
    (repo / "kf" / "KF-2022-10-17.txt").write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "minutes")
    commit = git(repo, "rev-parse", "HEAD")
    sha = hashlib.sha256(text.encode()).hexdigest()
    into = tmp_path / "extra"

    done = rebuild(parse_manifest(ENTRY.format(commit=commit, sha=sha)), {"owner/minutes": repo / ".git"}, into)
    assert done["written"] == ["lomma_kf_2022-10-17.txt"] and not done["errors"]
    assert (into / "lomma_kf_2022-10-17.txt").read_bytes() == text.encode()
    assert rebuild(parse_manifest(ENTRY.format(commit=commit, sha=sha)), {}, into)["present"] == ["lomma_kf_2022-10-17.txt"]

    (into / "lomma_kf_2022-10-17.txt").unlink()
    done = rebuild(parse_manifest(ENTRY.format(commit=commit, sha="1" * 64)), {"owner/minutes": repo / ".git"}, into)
    assert not done["written"] and "is not the manifest's" in done["errors"][0]
    assert not (into / "lomma_kf_2022-10-17.txt").exists()
    done = rebuild(parse_manifest(ENTRY.format(commit=commit, sha=sha)), {}, into)
    assert done["skipped"] == ["lomma_kf_2022-10-17.txt: no git directory for owner/minutes"]


def test_every_truth_document_outside_the_shared_kungsbacka_minutes_is_in_the_manifest():
    listed = {s.name for s in parse_manifest(MANIFEST.read_text(encoding="utf-8"))}
    for path in truth_files("all") + truth_files("blind") + truth_files("blind_new"):
        document = tomllib.loads(path.read_text(encoding="utf-8"))["document"]
        shared = document.startswith("kungsbacka_") and document != "kungsbacka_bygg-au_2024-05-23.md"
        assert shared or document in listed, (path.name, document)
    assert TRUTH_DIR == MANIFEST.parent
