"""A batch import: find the files, skip what is archived, import the rest in parallel, report.

The parent process walks the folders, hashes every file and decides what needs work; only
new content goes to the worker processes (one document each, ocrmypdf with jobs=1 inside).
Everything that changes an existing record (aliases) and the index stays in the parent.

Interruption: each document is archived by its own atomic record write (archive.py), so
whatever was finished stays finished; the next run hashes the files again, finds those
records and does the rest. A report is written for every run, also an interrupted one.

Drop folders: a file that failed is remembered by its SHA-256 (archive failed/), with the tool
versions that failed on it. The same bytes are not tried again with the same tools: they are
reported as "failed earlier" and do not fail the run again (a nightly job alerts once per bad
file, not every night). New versions of the tools, or --retry-failed, try them again.
"""
from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import click

from protokoll.processes import end_with_parent, usable_cores
from protokoll.errors import ArchiveError, BadInput, IngestInterrupted, ProtokollError
from protokoll.ingest import ocr, office
from protokoll.archive import Archive, now_iso, write_atomically
from protokoll.ingest.files import OFFICE_SUFFIXES, SUPPORTED, ImportResult, hash_input, import_file, read_error

log = logging.getLogger(__name__)

STATUSES = ("new", "re-ocr", "unchanged", "no-text", "failed", "failed-earlier")
ARCHIVED = ("new", "no-text", "re-ocr")  # this run archived the document
LABELS = {"new": "new", "no-text": "no text", "unchanged": "unchanged", "re-ocr": "re-OCR'd", "failed": "failed",
          "failed-earlier": "failed earlier"}


@dataclass
class BatchReport:
    started: str
    jobs: int
    results: list[ImportResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files in folders with an unsupported type
    finished: str = ""
    seconds: float = 0.0
    interrupted: bool = False
    tools: dict = field(default_factory=dict)
    path: str | None = None  # where the JSON report is written
    index_error: str | None = None  # the documents were archived, but the index could not take them
    queued: list[str] = field(default_factory=list)  # sent to queue workers, not waited for (--no-wait)

    def __iter__(self):  # callers that predate the report iterate the results
        return iter(self.results)

    def counts(self) -> dict[str, int]:
        return {status: sum(r.status == status for r in self.results) for status in STATUSES}

    def failures(self) -> list[ImportResult]:
        return [r for r in self.results if r.status == "failed"]

    def table(self) -> str:
        return format_table(self)

    def summary_line(self) -> str:
        return format_summary_line(self)

    def to_json(self) -> dict:
        data = asdict(self)
        data["counts"] = {**self.counts(), "skipped": len(self.skipped)}
        return data


# -- finding files -----------------------------------------------------------------

def find_inputs(paths: list[Path], archive: Archive) -> tuple[list[Path], list[ImportResult], list[str]]:
    """Files to import, refusals (as failed results) and unsupported files skipped in folders.

    The archive itself is never walked (`protokoll ingest .` beside ./arkiv must not import
    its own archival copies).

    A symlink named on the command line is followed: someone chose it. Inside a folder, a
    symlink that leads out of the folder is refused and not followed; one that stays inside
    is skipped, because what it points at is imported under its own name anyway.
    """
    files: list[Path] = []
    refused: list[ImportResult] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        if path.is_dir():
            found, out, unsupported = walk_folder(path, os.path.realpath(archive.root))
            files += found
            refused += out
            skipped += unsupported
        elif not path.exists():
            refused.append(ImportResult(str(path), "failed", reason="no such file or folder"))
        else:
            files.append(path)
    return files, refused, skipped


def walk_folder(root: Path, archive_root: str) -> tuple[list[Path], list[ImportResult], list[str]]:
    inside = os.path.realpath(root)
    files, refused, skipped = [], [], []

    def unlistable(exc: OSError) -> None:
        refused.append(ImportResult(str(exc.filename), "failed", reason=f"cannot list folder: {exc.strerror or exc}"))

    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=unlistable):
        dirnames[:] = sorted(d for d in dirnames if os.path.realpath(os.path.join(folder, d)) != archive_root)
        for name in sorted(dirnames + filenames):
            path = Path(folder) / name
            if path.is_symlink():
                target = os.path.realpath(path)
                if os.path.commonpath([inside, target]) != inside:
                    refused.append(ImportResult(str(path), "failed",
                                                reason=f"symbolic link to {target}, outside {root}: refused, not followed"))
            elif name in filenames and path.suffix.lower() in SUPPORTED:
                files.append(path)
            elif name in filenames:
                skipped.append(str(path))
    return files, refused, skipped


# -- deciding what needs work ---------------------------------------------------------

@dataclass
class Plan:
    todo: list[tuple[Path, str]]  # (file, sha256) to import
    later: dict[str, list[Path]]  # sha256 -> more files with the same bytes in this batch


def plan(archive: Archive, files: list[Path], report: BatchReport, retry_failed: bool = False) -> Plan:
    """Hash every file; archived content is reported unchanged at once, content that failed with
    the same tools as failed earlier (unless `retry_failed`), repeats wait for the first copy."""
    result = Plan([], {})
    for path in files:
        try:
            sha = hash_input(path)
        except BadInput as exc:
            report.results.append(ImportResult(str(path), "failed", reason=exc.message))
            continue
        except OSError as exc:
            report.results.append(ImportResult(str(path), "failed", reason=read_error(exc)))
            continue
        if archive.has(sha):
            report.results.append(unchanged(archive, path, sha))
        elif not retry_failed and (earlier := same_failure(archive, path, sha)):
            report.results.append(ImportResult(str(path), "failed-earlier", sha, reason=(
                f"failed earlier (see report {earlier.get('report')}): {earlier.get('reason')}; "
                "--retry-failed tries again")))
        elif sha in result.later:
            result.later[sha].append(path)
        else:
            result.later[sha] = []
            result.todo.append((path, sha))
    return result


def unchanged(archive: Archive, path: Path, doc_id: str) -> ImportResult:
    """Same bytes as an archived document: no work, but remember a new name for them."""
    doc = archive.load(doc_id)
    if path.name != doc.source and path.name not in doc.aliases:
        doc.aliases.append(path.name)
        archive.save(doc)
        archive.log_event(doc_id, "alias", name=path.name, source=doc.source, tools=ocr.tool_versions())
    return ImportResult(str(path), "unchanged", doc_id, pages=len(doc.pages), kind=doc.kind)


def failure_tools(path: Path) -> dict[str, str]:
    """The versions a failure of `path` depends on: a new version of any of them may read it."""
    try:
        own = importlib.metadata.version("protokoll")
    except importlib.metadata.PackageNotFoundError:
        own = "unknown"
    tools = {**ocr.tool_versions(), "protokoll": own}
    if path.suffix.lower() in OFFICE_SUFFIXES:
        tools["libreoffice"] = office.version()
    return tools


def same_failure(archive: Archive, path: Path, sha: str) -> dict | None:
    """The recorded failure of these bytes, if the tools that failed on them are those we have now."""
    earlier = archive.failure(sha)
    return earlier if earlier and earlier.get("tools") == failure_tools(path) else None


def remember(archive: Archive, result: ImportResult, report: BatchReport) -> None:
    """Keep a failure of known bytes for the next run of a drop folder; forget it once they import."""
    if result.status == "failed" and result.doc_id:
        archive.record_failure(result.doc_id, {"path": result.path, "reason": result.reason, "report": report.path,
                                               "failed_at": now_iso(), "tools": failure_tools(Path(result.path))})
    elif result.status in ARCHIVED:
        archive.forget_failure(result.doc_id)


def repeats(archive: Archive, first: ImportResult, others: list[Path]) -> list[ImportResult]:
    if first.status == "failed":
        return [ImportResult(str(p), "failed", first.doc_id, reason=f"same bytes as {first.path}: {first.reason}")
                for p in others]
    return [unchanged(archive, p, first.doc_id) for p in others]


# -- running ---------------------------------------------------------------------------

default_jobs = usable_cores


def import_one(archive: Archive, path: Path, doc_id: str, org: str | None,
               convert_timeout: float = office.DEFAULT_TIMEOUT) -> ImportResult:
    """One file in a worker. An unexpected error fails this file, not the batch; a missing
    program (MissingDependency) still stops the batch, since every file would fail."""
    try:
        return import_file(archive, path, doc_id, org, convert_timeout)
    except ProtokollError:
        raise
    except Exception as exc:  # a bug or a library surprise: name it in one line, keep going
        log.debug("unexpected error importing %s", path, exc_info=True)
        return ImportResult(str(path), "failed", doc_id, reason=f"unexpected error ({type(exc).__name__}: {exc})")


def _worker_setup() -> None:
    """Worker start-up: get SIGKILL if the parent dies (kill -9), instead of working on as an orphan,
    and let SIGTERM (the parent's terminate()) end the worker, not the parent's handler."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    end_with_parent(signal.SIGKILL)


def execute(archive: Archive, todo: list[tuple[Path, str]], org: str | None, jobs: int,
            convert_timeout: float = office.DEFAULT_TIMEOUT) -> Iterator[ImportResult]:
    """Import `todo`, yielding results as they finish; in-process when there is no parallelism to gain."""
    if jobs <= 1 or len(todo) <= 1:
        for path, sha in todo:
            yield import_one(archive, path, sha, org, convert_timeout)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_worker_setup)
    try:
        futures = [pool.submit(import_one, archive, path, sha, org, convert_timeout) for path, sha in todo]
        for future in as_completed(futures):
            yield future.result()
    finally:
        # On Ctrl-C or an error, do not wait for documents in flight: stop the workers first
        # (there is no public API for that; shutdown() forgets them), then the pool.
        # Their half-done work lies in tmp/ and is removed by the next run.
        for process in list((pool._processes or {}).values()):
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """cron timeouts and service managers stop us with SIGTERM: stop as cleanly as after Ctrl-C."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def reported_run(archive: Archive, jobs: int) -> Iterator[BatchReport]:
    """A run's report from start to end: the archive readied (created, leftovers of a killed run
    removed), SIGTERM taken as Ctrl-C, an interrupted run raised as IngestInterrupted with its report,
    and the report written to the archive however the run ended."""
    try:
        archive.root.mkdir(parents=True, exist_ok=True)
        archive.remove_leftovers()
    except OSError as exc:
        raise ArchiveError(f"cannot write to the archive {archive.root}: {exc.strerror or exc}") from None
    report = BatchReport(started=now_iso(), jobs=jobs, tools=ocr.tool_versions())
    report.path = str(report_path(archive, report))
    started = time.monotonic()
    try:
        with sigterm_as_interrupt():
            yield report
    except KeyboardInterrupt:
        report.interrupted = True
        raise IngestInterrupted(report) from None
    finally:
        report.finished = now_iso()
        report.seconds = round(time.monotonic() - started, 2)
        write_report(archive, report)


def run(archive: Archive, paths: list[Path], org: str | None = None, jobs: int | None = None,
        progress: bool = False, on_archived: Callable[[str], None] | None = None, *,
        retry_failed: bool = False, convert_timeout: float = office.DEFAULT_TIMEOUT) -> BatchReport:
    """Import `paths` into `archive`; `on_archived(doc_id)` is called in this process for each new document.

    `retry_failed`: import files again that failed in an earlier run with the same tools.
    `convert_timeout`: seconds a LibreOffice conversion may take before it is stopped.
    """
    jobs = jobs or default_jobs()
    with reported_run(archive, jobs) as report:
        import_all(archive, paths, org, jobs, progress, on_archived, report, retry_failed, convert_timeout)
    return report


def import_all(archive: Archive, paths: list[Path], org: str | None, jobs: int, progress: bool,
               on_archived: Callable[[str], None] | None, report: BatchReport, retry_failed: bool = False,
               convert_timeout: float = office.DEFAULT_TIMEOUT) -> None:
    files, refused, report.skipped = find_inputs(paths, archive)
    report.results += refused
    work = plan(archive, files, report, retry_failed)
    show = progress and bool(work.todo)
    bar = click.progressbar(length=len(work.todo), label="ingest", file=click.get_text_stream("stderr")) if show else nullcontext()
    with bar:
        for result in execute(archive, work.todo, org, jobs, convert_timeout):
            remember(archive, result, report)
            report.results.append(result)
            report.results += repeats(archive, result, work.later.get(result.doc_id, []))
            if result.status in ARCHIVED and on_archived:
                on_archived(result.doc_id)
            if show:
                bar.update(1)


def report_path(archive: Archive, report: BatchReport) -> Path:
    stamp = report.started.replace(":", "").replace("+0000", "Z")
    return archive.reports_dir / f"ingest-{stamp}-{os.getpid()}.json"


def write_report(archive: Archive, report: BatchReport) -> None:
    """Write (or write again, with what happened since) the run's report at `report.path`."""
    target = Path(report.path) if report.path else report_path(archive, report)
    report.path = str(target)
    write_atomically(target, json.dumps(report.to_json(), ensure_ascii=False, indent=1).encode("utf-8"))


def format_table(report: "BatchReport") -> str:
    """The terminal summary: one line per status, then each failure with its reason."""
    lines = [f"{LABELS[status]:>14} {count:6}" for status, count in report.counts().items()]
    if report.skipped:
        lines.append(f"{'skipped':>14} {len(report.skipped):6}  (unsupported: {named(report.skipped)})")
    for failure in report.failures():
        lines.append(f"FAILED {failure.path}: {failure.reason}")
    for earlier in (r for r in report.results if r.status == "failed-earlier"):
        lines.append(f"{earlier.path}: {earlier.reason}")
    if report.path:
        lines.append(f"report: {report.path}")
    return "\n".join(lines)


def format_summary_line(report: "BatchReport") -> str:
    """What the run did in one line, for stderr whatever the output is (a terminal, a pipe, cron mail).

    >>> report = BatchReport(started="", jobs=1, path="arkiv/reports/r.json", skipped=["in/a.xlsx", "in/b.mp3"],
    ...                      results=[ImportResult("x.pdf", "new"), ImportResult("y.pdf", "failed-earlier")])
    >>> format_summary_line(report)
    'ingest: 1 new, 0 unchanged, 0 no text, 0 failed, 1 failed earlier, 2 skipped (unsupported: a.xlsx, b.mp3); report: arkiv/reports/r.json'
    """
    counts = report.counts()
    always = ("new", "unchanged", "no-text", "failed")
    parts = [f"{counts[status]} {LABELS[status]}" for status in STATUSES
             if status in always or counts[status]]
    skipped = f"{len(report.skipped)} skipped" + (f" (unsupported: {named(report.skipped)})" if report.skipped else "")
    stopped = " (interrupted)" if report.interrupted else ""
    queued = [f"{len(report.queued)} queued"] if report.queued else []
    return f"ingest{stopped}: {', '.join(parts + queued + [skipped])}; report: {report.path}"


def named(paths: list[str], shown: int = 5) -> str:
    """File names, the first few of them: 'a.xlsx, b.mp3, …' (all of them are in the report)."""
    names = [Path(p).name for p in paths[:shown]]
    return ", ".join(names + (["…"] if len(paths) > shown else []))
