"""protokoll: the command line. Thin: parse options, call pipeline/index, print."""
from __future__ import annotations

import importlib
import io
import json
import logging
import os
import sys
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import click

from protokoll import normalize
from protokoll.normalize import pages as normalize_pages
from protokoll.errors import ArchiveError, BadQuery, ExitCode, IndexNotUpdated, IngestInterrupted, ProtokollError
from protokoll.archive import Archive
from protokoll.index import export
from protokoll.processes import usable_cores
from protokoll.textfiles import decode_text


class _ImportedWhenUsed:
    """Stands for the module `name`, imported when one of its names is first asked for.
    `protokoll normalize` needs neither the pipeline nor the index, and importing them (the
    ingest stage, Whoosh, numpy) took 0.5 CPU-s of its start-up, on every run. (Not importlib's
    LazyLoader: a half-made module in sys.modules is run by whatever looks at every module, as
    wordfreq's import does, and then imports itself in a circle.)"""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)


class _PipelineDefault(click.Option):
    """An option whose default is a constant of the pipeline (`pipeline_default`, its name), read
    when its command runs or shows its help: not at start-up, which would import the pipeline."""

    def __init__(self, *args, pipeline_default: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.pipeline_default = pipeline_default

    def get_default(self, ctx, call=True):
        return getattr(pipeline, self.pipeline_default)


pipeline = _ImportedWhenUsed("protokoll.pipeline")
views = _ImportedWhenUsed("protokoll.index.views")
index_search = _ImportedWhenUsed("protokoll.index.search")
index_stats = _ImportedWhenUsed("protokoll.index.stats")


# Commands that work without an archive: ingest makes one, normalize reads a file. Every other
# command needs one, and says so in the same words when there is none.
WITHOUT_ARCHIVE = {"ingest", "normalize", "worker"}
DEFAULT_LIMIT = 10  # hits per page on a terminal


class Protokoll(click.Group):
    """Turns our exceptions into one line on stderr and a documented exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ProtokollError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            click.echo(f"protokoll: {exc.message}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("protokoll: interrupted; run the same command again to finish", err=True)
            ctx.exit(int(ExitCode.interrupted))

    def resolve_command(self, ctx, args):
        """Find the command, and refuse at once one that needs an archive when there is none
        (not when only its --help is asked for)."""
        name, command, rest = super().resolve_command(ctx, args)
        wants_help = set(rest) & set(ctx.help_option_names)
        if name not in WITHOUT_ARCHIVE and not wants_help and not ctx.resilient_parsing:
            archive = Archive(ctx.params["archive"])
            if not archive.exists():
                raise ArchiveError(f"no archive at {archive.root}: ingest documents first "
                                   "(or check --archive / PROTOKOLL_ARCHIVE)")
        return name, command, rest


@click.group(cls=Protokoll)
@click.option("--archive", type=click.Path(file_okay=False, path_type=Path), default="arkiv",
              envvar="PROTOKOLL_ARCHIVE", show_default=True, help="Archive folder (env PROTOKOLL_ARCHIVE).")
@click.option("--verbose", "-v", is_flag=True, help="Log progress and show tracebacks.")
@click.pass_context
def main(ctx, archive: Path, verbose: bool):
    """Search and archive Swedish meeting minutes (protokoll)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
        logging.getLogger("celery").setLevel(logging.ERROR)  # its reconnection notices: `ingest` says it in one line
    ctx.obj = {"archive": Archive(archive), "verbose": verbose}


broker_option = click.option(
    "--broker", envvar="PROTOKOLL_BROKER", metavar="URL", callback=lambda ctx, param, value: value and pipeline.check_broker_url(value),
    help="The queue's Redis, redis://HOST:PORT/N (env PROTOKOLL_BROKER): OCR on `protokoll worker` processes.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--org", help="Organisation to record for these documents, overriding what is found.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Documents processed in parallel (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the batch summary as JSON on stdout.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line and no files that failed earlier (for cron); "
              "new failures are still listed.")
@click.option("--retry-failed", is_flag=True, help="Try again files that failed in an earlier run with the same tools.")
@click.option("--convert-timeout", type=click.FloatRange(min=0, min_open=True), cls=_PipelineDefault,
              pipeline_default="CONVERT_TIMEOUT", show_default=True, metavar="SECONDS", help="Stop a LibreOffice conversion (.docx .doc .odt .rtf) that takes longer.")
@broker_option
@click.option("--no-wait", is_flag=True, help="With --broker: send the files to the workers and return; "
              "--collect indexes them later.")
@click.option("--collect", is_flag=True, help="Index the documents that workers archived and the index lacks "
              "(after --no-wait); takes no PATH.")
@click.pass_obj
def ingest(obj, paths, org, jobs, as_json, quiet, retry_failed, convert_timeout, broker, no_wait, collect):
    """Import files or folders (recursively) into the archive and the index.

    Reads PDF, images (.png .jpg .tif), text exports (.txt) and word processor files (.docx .doc
    .odt .rtf, through LibreOffice); other files in a folder are skipped and named.

    Prints a table (new, unchanged, no text, failed...) on a terminal and, wherever the output
    goes, one summary line on stderr. Failures are listed on stderr when the output is not a
    terminal. Files that failed in an earlier run are not tried again (see --retry-failed)
    and do not fail the run again. A JSON report of every run is kept in the archive's reports/
    folder; failed files are listed in its failed/ folder.

    With --broker, OCR runs on `protokoll worker` processes on any machine that mounts the
    archive (docs/scaling.md); the report, the exit codes and the index are those of a local run.

    Example: protokoll ingest --jobs 2 data/samples/
    """
    if collect:
        _collect(obj["archive"], paths, as_json)
        return
    if not paths:
        raise BadQuery("give one or more files or folders to import (or --collect)")
    if no_wait and not broker:
        raise BadQuery("--no-wait needs --broker: a local run always waits")
    if jobs and broker:
        raise BadQuery("--jobs counts local processes; with --broker, each worker's --concurrency does")
    try:
        report, stopped = pipeline.ingest(obj["archive"], list(paths), org=org, jobs=jobs,
                                          progress=sys.stderr.isatty() and not obj["verbose"],
                                          retry_failed=retry_failed, convert_timeout=convert_timeout,
                                          broker=broker, wait=not no_wait), None
    except (IndexNotUpdated, IngestInterrupted) as exc:  # say what was done, then stop as the error says
        report, stopped = exc.report, exc
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    elif sys.stdout.isatty():
        click.echo(report.table())
    else:
        for result in report.results:
            if result.status == "failed" or (result.status == "failed-earlier" and not quiet):
                click.echo(f"protokoll: {result.path}: {result.reason}", err=True)
    if not quiet:
        click.echo(report.summary_line(), err=True)
    if stopped:
        raise stopped
    if report.failures():
        sys.exit(int(ExitCode.some_files_failed))


def _collect(archive: Archive, paths, as_json: bool) -> None:
    if paths:
        raise BadQuery("--collect takes no PATH: it indexes what the archive holds and the index lacks")
    if not archive.exists():
        raise ArchiveError(f"no archive at {archive.root}: nothing to collect")
    summary = pipeline.collect(archive)
    click.echo(json.dumps(summary) if as_json else
               f"collected: {summary['paragraphs']} paragraphs from {summary['documents']} documents not yet indexed")


@main.command()
@broker_option
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where this machine mounts the shared archive (default: protokoll's --archive).")
@click.option("--concurrency", "-c", type=click.IntRange(min=1), help="Documents at once (default: all cores).")
@click.option("--time-limit", type=click.FloatRange(min=1), cls=_PipelineDefault, pipeline_default="WORKER_TIME_LIMIT",
              show_default=True,
              metavar="SECONDS", help="Stop a document that takes longer; the broker gives a task whose worker "
              "died to another after 1.5 times this.")
@click.pass_obj
def worker(obj, broker, archive_dir, concurrency, time_limit):
    """Archive and OCR documents sent by `ingest --broker`, until stopped (Ctrl-C, SIGTERM).

    Run one on each machine that mounts the archive; docs/scaling.md says what the mount needs.

    Example: protokoll worker --broker redis://queue.example:6379/0 --archive /mnt/arkiv --concurrency 8
    """
    if not broker:
        raise BadQuery("give --broker redis://HOST:PORT/N (or PROTOKOLL_BROKER)")
    pipeline.run_worker(Archive(archive_dir) if archive_dir else obj["archive"], broker, concurrency, time_limit)


@main.command()
@click.pass_obj
def verify(obj):
    """Read every document record and hash the files it names again; list files no record names.

    Reports records that do not parse or are incomplete, originals and archival copies that are
    missing or changed, and files in originals/ or archival/ without a record. Exits 0 when all
    match, 4 when anything is wrong.

    Example: protokoll verify
    """
    report = pipeline.verify(obj["archive"])
    for line in report.problems + report.notes:
        click.echo(line)
    click.echo(f"verified {report.files} files of {report.documents} documents: "
               + ("all match" if report.ok else f"{len(report.problems)} problems"))
    if not report.ok:
        sys.exit(int(ExitCode.archive_problem))


FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(export.FORMATS), default="text", show_default=True,
    help="text to read; csv (UTF-8 with BOM, ';' between fields: opens in Excel), json or jsonl (one record a line).")


@main.command()
@click.argument("query", required=False, default="")
@click.option("--org", help="Only this organisation (as `stats` lists it; case and å/ä/ö may differ).")
@click.option("--body", help="Only this board or group (as `stats` lists it).")
@click.option("--from", "date_from", metavar="DATE", help="Only paragraphs dated on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY).")
@click.option("--to", "date_to", metavar="DATE", help="Only paragraphs dated on or before DATE (YYYY-MM-DD, YYYY-MM, YYYY).")
@click.option("--year", type=int, help="Only paragraphs from this year.")
@click.option("--topic", help="Only paragraphs with this topic.")
@click.option("--type", "doc_type", help="Only this document type (protokoll, anteckningar, rapport, other).")
@click.option("--decisions", is_flag=True, help="Only paragraphs that record a decision.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Order of hits; date puts the newest first (always so without a query).")
@click.option("--limit", type=click.IntRange(min=1), help="Hits per page [default: 10; with --format csv, json or "
              "jsonl to a file or pipe: every match].")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1), help="Page of hits to show.")
@FORMAT_OPTION
@click.option("--json", "as_json", is_flag=True, help="The same as --format json: {query, total, facets, suggestions, any_word, hits}.")
@click.pass_obj
def search(obj, query, org, body, date_from, date_to, year, topic, doc_type, decisions, sort, limit, page, fmt, as_json):
    """Full-text search of paragraphs, with filters and facet counts; filters alone browse.

    Operators: OCH/AND, ELLER/OR, INTE/NOT, "phrases", (groups), bredband* . Without a QUERY,
    or with "*", lists the paragraphs the filters allow, newest first. A filter value the index
    does not hold, or an impossible date, exits 2 and names the nearest values.

    Example: protokoll search "beslut om bredband" --org "Region Jämtland Härjedalen" --from 2020-01-01

    Example: protokoll search --decisions --body Socialnämnden --year 2021 --format csv > beslut.csv
    """
    fmt = "json" if as_json else fmt
    request = index_search.SearchRequest(query, organisation=org, body=body, date_from=date_from, date_to=date_to,
                                         year=year, topic=topic, doc_type=doc_type, decisions_only=decisions,
                                         sort=sort, limit=limit or DEFAULT_LIMIT, page=page)
    archive = obj["archive"]
    if fmt == "text":
        _print_results(query, request, index_search.search(archive, request))
        return
    if limit is None and not sys.stdout.isatty():  # a file or a pipe: every match
        results, hits = index_search.all_hits(archive, request)
    elif request.limit > index_search.MAX_LIMIT:
        results, hits = index_search.all_hits(archive, request)
        hits = islice(hits, (page - 1) * request.limit, page * request.limit)
    else:
        results = index_search.search(archive, request)
        hits = iter(results.hits)
    with _machine_output() as out:
        export.write(fmt, export.search_head(query, results), "hits", hits, export.SEARCH_COLUMNS, out)


def _print_results(query: str, request, results) -> None:
    colour = sys.stdout.isatty()
    first = (request.page - 1) * request.limit + 1
    for n, hit in enumerate(results.hits, start=first):
        where = ", ".join(str(v) for v in (hit["date"], hit["organisation"], hit["body"],
                                           hit["page"] and f"s. {hit['page']}") if v)
        heading = " ".join(v for v in (hit["source"], hit["section"], hit["title"]) if v)
        click.echo(f"{n:2}. {click.style(heading, bold=True) if colour else heading}" + (f" ({where})" if where else ""))
        click.echo(f"    {_marked(hit['snippet'], hit['snippet_spans'], colour)}")
        score = "" if hit["score"] is None else f", score {hit['score']}"
        click.echo(f"    id {hit['id']}{score}" + (", beslut" if hit["is_decision"] else ""))
    if not results.total:
        click.echo(f"no paragraphs match {query!r}" if query.strip() else "no paragraphs match these filters")
        for suggestion in results.suggestions:
            click.echo(f"did you mean: {suggestion}")
        return
    if results.any_word:
        click.echo(f"no paragraph holds every word of {query!r}: these hold some of them")
    shown = f"{first}-{first + len(results.hits) - 1}" if results.hits else "none"
    matches = "1 paragraph matches" if results.total == 1 else f"{results.total} paragraphs match"
    order = ", newest first" if request.sort == "date" or index_search.is_browse(query) else ""
    click.echo(f"{matches} (showing {shown}{order})")
    for facet, counts in results.facets.items():
        if counts:
            click.echo(f"  {facet}: " + ", ".join(f"{value} ({count})" for value, count in list(counts.items())[:8]))


@contextmanager
def _machine_output():
    """Standard output as UTF-8 whatever the locale (CSV's BOM and å/ä/ö), rows passed on as
    written; a reader that stops early (`| head`) ends the command quietly."""
    sys.stdout.flush()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
    try:
        yield out
        out.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
    finally:
        out.detach()


def _marked(snippet: str, spans: list, colour: bool) -> str:
    """The snippet with matched words in colour on a terminal, plain otherwise."""
    if not colour:
        return snippet
    out, last = [], 0
    for start, end in spans:
        out += [snippet[last:start], click.style(snippet[start:end], fg="yellow", bold=True)]
        last = end
    return "".join(out) + snippet[last:]


@main.command()
@click.option("--procs", type=int, help="Writer processes (default: one per CPU core).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def reindex(obj, procs, as_json):
    """Rebuild the whole index from the archive and switch to it atomically.

    Normalisation and structure run again with the current code. Searches keep using the old
    index until the new one is complete. Exit 5 if another reindex is running.

    Example: protokoll reindex --json
    """
    archive = obj["archive"]
    if procs is not None and procs < 1:
        raise BadQuery("--procs must be 1 or more")
    summary = pipeline.reindex(archive, procs=procs)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    rate = summary["paragraphs"] / summary["seconds"] if summary["seconds"] else 0
    click.echo(f"reindexed {summary['paragraphs']} paragraphs from {summary['documents']} documents "
               f"in {summary['seconds']} s ({rate:.0f}/s, normalised text cached for {summary['cached_documents']}); "
               f"index {summary['index_bytes'] / 1e6:.1f} MB in {summary['index']}")


@main.command()
@click.argument("item_id", metavar="PARAGRAPH_ID|DOC_ID")
@click.option("--json", "as_json", is_flag=True, help="Print the paragraph view or the document view as JSON.")
@click.pass_obj
def show(obj, item_id, as_json):
    """Print a paragraph in its place, or a whole document, as the index holds them.

    A paragraph id (as `search` prints it) shows the paragraph's fields and text, the previous
    and next paragraph, and its document's metadata. A document id (or its first 8 or more
    characters, as a paragraph id begins) shows the document's metadata, its table of contents
    and every paragraph in order.

    Example: protokoll show 3c128b355552a4c8-004

    Example: protokoll show 3c128b355552a4c8
    """
    archive = obj["archive"]
    view = views.paragraph_view(archive, item_id)
    if view is None:
        doc_id = views.find_document_id(archive, item_id)
        document = views.document_view(archive, doc_id) if doc_id else None
        if document is None:
            raise BadQuery(f"no paragraph or document {item_id!r} in the index: 'protokoll search' lists paragraph ids")
        if as_json:
            click.echo(json.dumps(document, ensure_ascii=False, indent=1))
        else:
            _print_document(document)
        return
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=1))
        return
    fields = view["paragraph"]
    _print_fields(fields, PARAGRAPH_KEYS)
    for key, value in view["document"].items():
        if value not in (None, "", []) and key not in PARAGRAPH_KEYS + DOCUMENT_SKIPPED:
            click.echo(f"document {key}: {_plain(value)}")
    for side in ("previous", "next"):
        if view[side]:
            click.echo(f"{side}: {_entry_line(view[side])}")
    click.echo()
    click.echo(fields["text"])


PARAGRAPH_KEYS = ("id", "doc_id", "source", "section", "title", "date", "organisation", "organisation_as_written",
                  "body", "doc_type", "page", "topics", "case_numbers", "is_decision", "decision")
DOCUMENT_SKIPPED = ("contents", "paragraphs", "year")  # a list of their own, or the date again


def _print_document(document: dict) -> None:
    for key, value in document.items():
        if key not in DOCUMENT_SKIPPED and value not in (None, "", []):
            click.echo(f"{key}: {_plain(value)}")
    click.echo(f"\ncontents ({len(document['contents'])} paragraphs):")
    for entry in document["contents"]:
        click.echo(f"  {_entry_line(entry)}")
    for paragraph in document["paragraphs"]:
        heading = " ".join(v for v in (paragraph.get("section"), paragraph.get("title")) if v)
        click.echo(f"\n== {heading} [{paragraph['id']}]")
        if paragraph.get("case_numbers"):
            click.echo(f"case numbers: {', '.join(paragraph['case_numbers'])}")
        click.echo(paragraph["text"])


def _entry_line(entry: dict) -> str:
    """One line of a table of contents: "§ 12 Budget 2025 (s. 3, beslut) id ..."."""
    notes = ", ".join(v for v in (entry.get("page") and f"s. {entry['page']}", entry.get("is_decision") and "beslut") if v)
    heading = " ".join(v for v in (entry.get("section"), entry.get("title")) if v) or "(untitled)"
    return heading + (f" ({notes})" if notes else "") + f"  id {entry['id']}"


def _print_fields(fields: dict, keys: tuple[str, ...]) -> None:
    for key in keys:
        if fields.get(key) not in (None, "", []):
            click.echo(f"{key}: {_plain(fields[key])}")


def _plain(value) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


@main.command()
@click.argument("case_number", metavar="DIARIENUMMER")
@FORMAT_OPTION
@click.option("--json", "as_json", is_flag=True, help="The same as --format json: {case_number, key, total, paragraphs}.")
@click.pass_obj
def case(obj, case_number, fmt, as_json):
    """List every paragraph that carries a case number, across boards and years, oldest first.

    Any written form of the number finds it: "KS 2021/87", "KS-2021-00087" and "Dnr KS 2021/87"
    are one case. Each paragraph shows its date, organisation and board, §, title and decision.

    Example: protokoll case "KS 2021/87"

    Example: protokoll case "KS 2021/87" --format csv > KS-2021-87.csv
    """
    history = views.case_history(obj["archive"], case_number)
    rows = history["paragraphs"]
    if fmt == "text" and not as_json:
        for row in rows:
            where = " ".join(v for v in (row["organisation"], row["body"]) if v)
            heading = " ".join(v for v in (row["section"], row["title"]) if v)
            click.echo(f"{row['date'] or 'undated'}  {where}  {heading}" + ("  (cites it)" if row["cited"] else ""))
            if row["decision"]:
                click.echo(f"    beslut: {' '.join(row['decision'].split())}")
            click.echo(f"    id {row['id']}, {', '.join(row['case_numbers'] + row['references'])}")
        count = "1 paragraph carries" if len(rows) == 1 else f"{len(rows)} paragraphs carry"
        click.echo(f"{count} case number {case_number!r}" if rows else f"no paragraph carries case number {case_number!r}")
        return
    head = {"case_number": history["case_number"], "key": history["key"], "total": len(rows)}
    with _machine_output() as out:
        export.write("json" if as_json else fmt, head, "paragraphs", rows, export.CASE_COLUMNS, out)


@main.command("normalize")
@click.argument("source", metavar="FILE|-")
@click.option("--explain", "show_changes", is_flag=True, help="List each change: position, original, replacement, reason, score.")
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Processes repairing pages at once (default: all cores). The output is the same for any number.")
def normalize_command(source, show_changes, jobs):
    """Repair OCR'd Swedish text (lost å/ä/ö, misread letters, broken hyphenation) and print it.

    Reads FILE, or standard input for "-". Each page (pages end at a form feed, as in a text
    export) is repaired on its own, as ingest repairs it, and printed as soon as it is done.
    Text that already reads as Swedish is left alone.

    Example: protokoll normalize --explain data/samples/002_fe105bbe31b7ac9f.txt
    """
    pages = _read_text(source).split(normalize_pages.PAGE_BREAK)
    normaliser = normalize.Normaliser.load()
    jobs = jobs or usable_cores()
    if not show_changes:
        for number, page in enumerate(normalize_pages.repaired(normaliser, pages, jobs)):
            click.echo(normalize_pages.PAGE_BREAK + page if number else page, nl=False)
        return
    count, offset = 0, 0  # positions are in the whole text: each page's own, plus where the page starts
    for page, (_, changes) in zip(pages, normalize_pages.explained(normaliser, pages, jobs)):
        for change in changes:
            click.echo(f"{offset + change.position}\t{change.original!r}\t{change.replacement!r}\t{change.reason}\t{change.score:.2f}")
        count += len(changes)
        offset += len(page) + len(normalize_pages.PAGE_BREAK)
    click.echo(f"{count} changes", err=True)


def _read_text(source: str) -> str:
    """Text of FILE or stdin, in the encodings ingest reads (UTF-8, Windows-1252, Latin-1, DOS 850);
    bad input is a usage error (one line, exit 2)."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise BadQuery(f"cannot read {source}: {exc.strerror or exc}") from None
    if b"\0" in data:  # every byte decodes in a single-byte code page; NUL bytes mean it is no text at all
        raise BadQuery(f"{source} is not text (it holds NUL bytes, byte {data.index(0)}); give a text file")
    return decode_text(data)[0]


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def stats(obj, as_json):
    """Count documents, paragraphs and decisions, with totals per organisation, year and topic.

    Example: protokoll stats
    """
    summary = index_stats.stats(obj["archive"])
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    for key in ("documents", "paragraphs", "decisions", "index", "built_at", "index_bytes"):
        click.echo(f"{key}: {summary[key]}")
    for facet, counts in summary["facets"].items():
        click.echo(f"{facet}: " + (", ".join(f"{value} ({count})" for value, count in counts.items()) or "-"))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default keeps the page on this machine (or its reverse proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes answering requests side by side.")
@click.option("--root-path", default="", metavar="PATH",
              help="Path prefix the page is reached under behind a reverse proxy, e.g. /protokoll.")
@click.option("--access-log", default="-", show_default=True, metavar="FILE",
              help="Append one line per request (time, client, request, status) to FILE; - is standard output.")
@click.pass_obj
def serve(obj, host, port, workers, root_path, access_log):
    """Serve the search pages and the JSON API on a read-only web server.

    Behind nginx on an intranet: see docs/operations.md and contrib/.

    Example: protokoll serve --port 8000 --workers 4 --root-path /protokoll
    """
    from protokoll.web.serving import serve as serve_web  # the web stack loads only for this command

    serve_web(obj["archive"], host, port, workers=workers, root_path=root_path, access_log=access_log)


if __name__ == "__main__":
    main()
