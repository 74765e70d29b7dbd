"""Rebuild the folder of other municipalities' minutes ($PROTOKOLL_EXTRA_MINUTES) from public git repositories.

    python -m bench.fetch_real_minutes --git-dir OWNER/NAME=/path/to/gitdir ... [--into DIR]
    python -m bench.fetch_real_minutes --clone [--work DIR] [--into DIR]

`bench/structure_truth/sources.toml` says, per document, which repository, commit and path(s) it
is made from, how (`copy`: the file as it is; `pdfminer`: a PDF's text read with pdfminer.six, a
`<!-- sida N -->` marker before each page; `fulltexts`: the `fulltext` of each paragraph node of a
graph JSON, in the file's order, joined by a blank line, nothing added) and the sha256 of the
result. Each document is read from a local git directory (a clone or a bare mirror; `--git-dir`,
one per repository) or, with `--clone`, from a clone of https://github.com/OWNER/NAME made in
`--work`; the result is written to `--into` (default: `$PROTOKOLL_EXTRA_MINUTES`, else
/work/realminutes-extra) only when its sha256 is the manifest's. A file already there with the
manifest's sha256 is kept. Documents whose repository is not given are listed as skipped, a
checksum that differs as an error; the exit status is then 1.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.real_minutes import extra_dir

MANIFEST = Path(__file__).resolve().parent / "structure_truth" / "sources.toml"
METHODS = ("copy", "pdfminer", "fulltexts")


class SourceError(Exception):
    """A manifest entry that cannot be read, or a rebuilt document that is not the one listed."""


@dataclass(frozen=True)
class Source:
    name: str
    repository: str
    commit: str
    paths: tuple[str, ...]
    method: str
    sha256: str


def parse_manifest(text: str) -> list[Source]:
    """The documents of a sources.toml, checked for what a rebuild needs."""
    sources = []
    for i, entry in enumerate(tomllib.loads(text).get("document", []), 1):
        missing = [k for k in ("name", "repository", "commit", "paths", "method", "sha256") if not entry.get(k)]
        if missing:
            raise SourceError(f"document {i} ({entry.get('name', '?')}): missing {', '.join(missing)}")
        if entry["method"] not in METHODS:
            raise SourceError(f"{entry['name']}: unknown method {entry['method']!r} (one of {', '.join(METHODS)})")
        if entry["method"] != "fulltexts" and len(entry["paths"]) != 1:
            raise SourceError(f"{entry['name']}: {entry['method']} takes one path, got {len(entry['paths'])}")
        if "/" in entry["name"] or entry["repository"].count("/") != 1:
            raise SourceError(f"{entry['name']}: a name is a file name, a repository OWNER/NAME")
        sources.append(Source(entry["name"], entry["repository"], entry["commit"], tuple(entry["paths"]),
                              entry["method"], entry["sha256"].lower()))
    return sources


def git_blob(git_dir: Path, commit: str, path: str) -> bytes:
    """A file as it is at a commit of a git directory (a work tree's .git or a bare mirror)."""
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True)
    if done.returncode:
        raise SourceError(f"{commit}:{path} not in {git_dir}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def pdf_text(pdf: bytes) -> bytes:
    """A PDF's text as pdfminer.six reads it, page by page, each page after a `<!-- sida N -->` line."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    count = sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))
    pages = [f"<!-- sida {n + 1} -->\n{extract_text(io.BytesIO(pdf), page_numbers=[n])}" for n in range(count)]
    return "\n".join(pages).encode("utf-8")


def fulltexts(graph: bytes) -> str:
    """The `fulltext` of each paragraph node of one meeting's graph JSON, in the file's order."""
    nodes = json.loads(graph)["nodes"]
    return "\n\n".join(n["data"]["fulltext"] for n in nodes if n.get("typ") == "paragraf")


def make(source: Source, read) -> bytes:
    """The document's bytes, from `read(path)` giving each path's bytes at the source's commit."""
    if source.method == "copy":
        return read(source.paths[0])
    if source.method == "pdfminer":
        return pdf_text(read(source.paths[0]))
    return "\n\n".join(fulltexts(read(p)) for p in source.paths).encode("utf-8")


def checked(source: Source, data: bytes) -> bytes:
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        raise SourceError(f"sha256 {digest} is not the manifest's {source.sha256} "
                          f"({source.repository}@{source.commit[:12]} {', '.join(source.paths)}, {source.method}): "
                          "another version of the file or of the converter; the document is not written")
    return data


GITHUB = "https://github.com/{}.git"


def clone(repository: str, work: Path) -> Path:
    """A partial bare clone of https://github.com/OWNER/NAME in `work` (made once), its git directory: the
    files are fetched as `git show` asks for them."""
    target = work / repository.replace("/", "+")
    if not target.exists():
        subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none", GITHUB.format(repository),
                        str(target)], check=True)
    return target


def git_dir_args(given: list[str], error) -> dict[str, Path]:
    """The `--git-dir OWNER/NAME=PATH` options as {repository: git directory}; `error` reports a malformed one."""
    git_dirs = {}
    for item in given:
        repository, _, path = item.partition("=")
        if not path:
            error(f"--git-dir {item!r}: give OWNER/NAME=PATH")
        git_dirs[repository] = Path(path)
    return git_dirs


def rebuild(sources: list[Source], git_dirs: dict[str, Path], into: Path) -> dict[str, list[str]]:
    """Writes every document whose repository is in `git_dirs`, keeping a file already in `into` whose
    sha256 is the manifest's; returns the names written and present, and the lines skipped and errors."""
    done: dict[str, list[str]] = {"written": [], "present": [], "skipped": [], "errors": []}
    into.mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = into / source.name
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == source.sha256:
            done["present"].append(source.name)
        elif source.repository not in git_dirs:
            done["skipped"].append(f"{source.name}: no git directory for {source.repository}")
        else:
            try:
                read = partial(git_blob, git_dirs[source.repository], source.commit)
                target.write_bytes(checked(source, make(source, read)))
                done["written"].append(source.name)
            except SourceError as error:
                done["errors"].append(f"{source.name}: {error}")
    return done


def readme(sources: list[Source]) -> str:
    """The README written into the rebuilt folder: where each document comes from."""
    lines = ["# Real minutes of other municipalities (rebuilt, not part of the repository)", "",
             "Made by `python -m bench.fetch_real_minutes` from `bench/structure_truth/sources.toml`",
             "in the protokoll repository; the truth files are `bench/structure_truth/*.toml`.",
             "copy = the file as the repository keeps it; pdfminer = the PDF's text read with pdfminer.six,",
             "one `<!-- sida N -->` line before each page; fulltexts = the `fulltext` of each paragraph",
             "node of the graph JSON, in order, joined by a blank line. A text export with its published",
             "PDF beside it (same name, .pdf) is measured as the PDF.", ""]
    for s in sources:
        lines.append(f"- {s.name}: https://github.com/{s.repository} {s.commit} "
                     f"{' + '.join(s.paths)} ({s.method}), sha256 {s.sha256}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--git-dir", action="append", default=[], metavar="OWNER/NAME=PATH",
                    help="a local git directory (clone or mirror) of a repository the manifest names")
    ap.add_argument("--clone", action="store_true", help="clone the repositories not given from GitHub")
    ap.add_argument("--work", type=Path, default=Path("/tmp/protokoll-minutes-sources"), help="where --clone clones")
    ap.add_argument("--into", type=Path, default=None, help="the folder to rebuild (default $PROTOKOLL_EXTRA_MINUTES)")
    ap.add_argument("--manifest", type=Path, default=MANIFEST)
    args = ap.parse_args(argv)
    sources = parse_manifest(args.manifest.read_text(encoding="utf-8"))
    git_dirs = git_dir_args(args.git_dir, ap.error)
    if args.clone:
        for repository in sorted({s.repository for s in sources} - set(git_dirs)):
            git_dirs[repository] = clone(repository, args.work)
    into = args.into or extra_dir()
    done = rebuild(sources, git_dirs, into)
    (into / "README.md").write_text(readme(sources), encoding="utf-8")
    print(f"{into}: {len(done['written'])} written, {len(done['present'])} already there with the right "
          f"sha256, of {len(sources)} documents")
    for line in done["skipped"] + done["errors"]:
        print(f"  {line}")
    return 1 if done["errors"] or done["skipped"] else 0

if __name__ == "__main__":
    sys.exit(main())
