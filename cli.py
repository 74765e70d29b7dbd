"""protokoll: the command line. Thin: parse options, call pipeline/index, print."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from protokoll import normalize
from protokoll import pipeline
from protokoll.errors import ArchiveError, BadQuery, ExitCode, IndexNotUpdated, IngestInterrupted, ProtokollError
from protokoll.index import search as index_search
from protokoll.index import stats as index_stats
from protokoll.archive import Archive


# Commands that work without an archive: ingest makes one, normalize reads a file. Every other
# command needs one, and says so in the same words when there is none.
WITHOUT_ARCHIVE = {"ingest", "normalize"}


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
    ctx.obj = {"archive": Archive(archive), "verbose": verbose}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--org", help="Organisation to record for these documents, overriding what is found.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Documents processed in parallel (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the batch summary as JSON on stdout.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line and no files that failed earlier (for cron); "
              "new failures are still listed.")
@click.option("--retry-failed", is_flag=True, help="Try again files that failed in an earlier run with the same tools.")
@click.option("--convert-timeout", type=click.FloatRange(min=0, min_open=True), default=pipeline.CONVERT_TIMEOUT,
              show_default=True, metavar="SECONDS", help="Stop a LibreOffice conversion (.docx .doc .odt .rtf) that takes longer.")
@click.pass_obj
def ingest(obj, paths, org, jobs, as_json, quiet, retry_failed, convert_timeout):
    """Import files or folders (recursively) into the archive and the index.

    Reads PDF, images (.png .jpg .tif), text exports (.txt) and word processor files (.docx .doc
    .odt .rtf, through LibreOffice); other files in a folder are skipped and named.

    Prints a table (new, unchanged, no text, failed...) on a terminal and, wherever the output
    goes, one summary line on stderr. Failures are listed on stderr when the output is not a
    terminal. Files that failed in an earlier run are not tried again (see --retry-failed)
    and do not fail the run again. A JSON report of every run is kept in the archive's reports/
    folder; failed files are listed in its failed/ folder.

    Example: protokoll ingest --jobs 2 data/samples/
    """
    try:
        report, stopped = pipeline.ingest(obj["archive"], list(paths), org=org, jobs=jobs,
                                          progress=sys.stderr.isatty() and not obj["verbose"],
                                          retry_failed=retry_failed, convert_timeout=convert_timeout), None
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


@main.command()
@click.argument("query")
@click.option("--org", help="Only this organisation (canonical name, as `stats` lists it).")
@click.option("--body", help="Only this board or group.")
@click.option("--from", "date_from", metavar="DATE", help="Only paragraphs dated on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Only paragraphs dated on or before DATE (YYYY-MM-DD).")
@click.option("--year", type=int, help="Only paragraphs from this year.")
@click.option("--topic", help="Only paragraphs with this topic.")
@click.option("--type", "doc_type", help="Only this document type (protokoll, anteckningar, rapport, other).")
@click.option("--decisions", is_flag=True, help="Only paragraphs that record a decision.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", default=10, show_default=True, help="Hits per page.")
@click.option("--page", default=1, show_default=True, help="Page of hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print {query, total, hits, facets, suggestions} as JSON.")
@click.pass_obj
def search(obj, query, org, body, date_from, date_to, year, topic, doc_type, decisions, sort, limit, page, as_json):
    """Full-text search of paragraphs, with filters and facet counts.

    Operators: OCH/AND, ELLER/OR, INTE/NOT, "phrases", (groups), bredband* .

    Example: protokoll search "beslut om bredband" --org "Region Jämtland Härjedalen" --from 2020-01-01
    """
    request = index_search.SearchRequest(query, organisation=org, body=body, date_from=date_from, date_to=date_to,
                                         year=year, topic=topic, doc_type=doc_type, decisions_only=decisions,
                                         sort=sort, limit=limit, page=page)
    results = index_search.search(obj["archive"], request)
    if as_json:
        out = {"query": query, "total": results.total, "hits": results.hits, "facets": results.facets,
               "suggestions": results.suggestions}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    colour = sys.stdout.isatty()
    for n, hit in enumerate(results.hits, start=(page - 1) * limit + 1):
        where = ", ".join(str(v) for v in (hit["date"], hit["organisation"], hit["page"] and f"s. {hit['page']}") if v)
        heading = " ".join(v for v in (hit["source"], hit["section"], hit["title"]) if v)
        click.echo(f"{n:2}. {click.style(heading, bold=True) if colour else heading}" + (f" ({where})" if where else ""))
        click.echo(f"    {_marked(hit['snippet'], hit['snippet_spans'], colour)}")
        click.echo(f"    id {hit['id']}, score {hit['score']}" + (", beslut" if hit["is_decision"] else ""))
    if not results.total:
        click.echo(f"no paragraphs match {query!r}")
        for suggestion in results.suggestions:
            click.echo(f"did you mean: {suggestion}")
        return
    shown = f"{(page - 1) * limit + 1}-{(page - 1) * limit + len(results.hits)}" if results.hits else "none"
    matches = "1 paragraph matches" if results.total == 1 else f"{results.total} paragraphs match"
    click.echo(f"{matches} (showing {shown})")
    for facet, counts in results.facets.items():
        if counts:
            click.echo(f"  {facet}: " + ", ".join(f"{value} ({count})" for value, count in list(counts.items())[:8]))


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
@click.argument("paragraph_id")
@click.option("--json", "as_json", is_flag=True, help="Print the paragraph and its document's metadata as JSON.")
@click.pass_obj
def show(obj, paragraph_id, as_json):
    """Print one paragraph with its document's metadata.

    Example: protokoll show 3c128b355552a4c8-004
    """
    archive = obj["archive"]
    fields = index_search.get_paragraph(archive, paragraph_id)
    if fields is None:
        raise BadQuery(f"no paragraph {paragraph_id!r} in the index: 'protokoll search' lists paragraph ids")
    document = pipeline.document_details(archive, fields["doc_id"])
    if as_json:
        click.echo(json.dumps({"paragraph": fields, "document": document}, ensure_ascii=False, indent=1))
        return
    for key in ("id", "source", "section", "title", "date", "organisation", "organisation_as_written", "body",
                "doc_type", "page", "topics", "case_numbers", "is_decision", "decision"):
        if fields.get(key) not in (None, "", []):
            value = ", ".join(fields[key]) if isinstance(fields[key], list) else fields[key]
            click.echo(f"{key}: {value}")
    for key, value in document.items():
        if value:
            click.echo(f"document {key}: {'; '.join(value) if isinstance(value, list) else value}")
    click.echo()
    click.echo(fields["text"])


@main.command("normalize")
@click.argument("source", metavar="FILE|-")
@click.option("--explain", "show_changes", is_flag=True, help="List each change: position, original, replacement, reason, score.")
def normalize_command(source, show_changes):
    """Repair OCR'd Swedish text (lost å/ä/ö, misread letters, broken hyphenation) and print it.

    Reads FILE, or standard input for "-". Text that already reads as Swedish is left alone.

    Example: protokoll normalize --explain data/samples/002_fe105bbe31b7ac9f.txt
    """
    text = _read_text(source)
    normaliser = normalize.Normaliser.load()
    if not show_changes:
        click.echo(normaliser.repair(text), nl=False)
        return
    _, changes = normaliser.explain(text)
    for change in changes:
        click.echo(f"{change.position}\t{change.original!r}\t{change.replacement!r}\t{change.reason}\t{change.score:.2f}")
    click.echo(f"{len(changes)} changes", err=True)


def _read_text(source: str) -> str:
    """Text of FILE or stdin, in the encodings ingest reads (UTF-8, Windows-1252, Latin-1, DOS 850);
    bad input is a usage error (one line, exit 2)."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise BadQuery(f"cannot read {source}: {exc.strerror or exc}") from None
    if b"\0" in data:  # every byte decodes in a single-byte code page; NUL bytes mean it is no text at all
        raise BadQuery(f"{source} is not text (it holds NUL bytes, byte {data.index(0)}); give a text file")
    return pipeline.decode_text(data)[0]


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
              help="Address to listen on; the default keeps the page on this machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def serve(obj, host, port):
    """Serve the search page for staff on a local, read-only web server.

    Example: protokoll serve --port 8000
    """
    from protokoll.web.app import serve as serve_web  # the web stack loads only for this command

    serve_web(obj["archive"], host, port)


if __name__ == "__main__":
    main()
