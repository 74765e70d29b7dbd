"""protokoll: the command line. Thin: parse options, call pipeline/index, print."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

import normalize
import pipeline
from errors import BadQuery, ExitCode, ProtokollError
from index import search as index_search
from index import store
from ingest.archive import Archive
from ingest.batch import format_table as ingest_table
from ingest.fixity import verify as verify_archive


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
@click.pass_obj
def ingest(obj, paths, org, jobs, as_json):
    """Import files or folders (recursively) into the archive and the index.

    Prints a table (new, unchanged, re-OCR'd, failed) on a terminal; elsewhere, as in cron,
    only failures. A JSON report of every run is kept in the archive's reports/ folder.

    Example: protokoll ingest --jobs 2 data/samples/
    """
    report = pipeline.ingest(obj["archive"], list(paths), org=org, jobs=jobs,
                             progress=sys.stderr.isatty() and not obj["verbose"])
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    elif sys.stdout.isatty():
        click.echo(ingest_table(report))
    else:
        for failure in report.failures():
            click.echo(f"protokoll: {failure.path}: {failure.reason}", err=True)
    if report.failures():
        sys.exit(int(ExitCode.some_files_failed))


@main.command()
@click.pass_obj
def verify(obj):
    """Hash every stored original and archival copy again; report mismatches and missing files.

    Exits 0 when all match, 4 when anything is missing or changed.

    Example: protokoll verify
    """
    report = verify_archive(obj["archive"])
    for problem in report.problems:
        click.echo(problem)
    click.echo(f"verified {report.files} files of {report.documents} documents: "
               + ("all match" if report.ok else f"{len(report.problems)} problems"))
    if not report.ok:
        sys.exit(int(ExitCode.archive_problem))


@main.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print hits as a JSON array.")
@click.pass_obj
def search(obj, query, limit, as_json):
    """Full-text search of paragraphs.

    Example: protokoll search kompetensförsörjning
    """
    hits = index_search.search(obj["archive"], query, limit=limit).hits
    if as_json:
        click.echo(json.dumps(hits, ensure_ascii=False, indent=1))
        return
    for hit in hits:
        where = f"s. {hit['page']}" if hit["page"] else ""
        click.echo(f"{hit['source']} {hit['section'] or ''} {hit['title']} {where} ({hit['score']})".replace("  ", " "))
        click.echo(f"    {hit['snippet']}")


@main.command()
@click.pass_obj
def reindex(obj):
    """Rebuild the whole index from the archive and switch to it atomically.

    Example: protokoll reindex
    """
    summary = pipeline.reindex(obj["archive"])
    click.echo(f"reindexed {summary['paragraphs']} paragraphs from {summary['documents']} documents")


@main.command()
@click.argument("paragraph_id")
@click.pass_obj
def show(obj, paragraph_id):
    """Print one paragraph with its document's metadata.

    Example: protokoll show 3c128b355552a4c8-004
    """
    ix = store.open_live(obj["archive"])
    with ix.searcher() as searcher:
        fields = searcher.document(id=paragraph_id)
    if fields is None:
        raise ProtokollError(f"no paragraph {paragraph_id} in the index")
    for key in ("source", "section", "title", "date", "organisation", "body", "doc_type", "page"):
        if fields.get(key) is not None:
            click.echo(f"{key}: {fields[key]}")
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
    if not show_changes:
        click.echo(normalize.repair(text), nl=False)
        return
    _, changes = normalize.explain(text)
    for change in changes:
        click.echo(f"{change.position}\t{change.original!r}\t{change.replacement!r}\t{change.reason}\t{change.score:.2f}")
    click.echo(f"{len(changes)} changes", err=True)


def _read_text(source: str) -> str:
    """UTF-8 text of FILE or stdin; bad input is a usage error (one line, exit 2)."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise BadQuery(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadQuery(f"{source} is not UTF-8 text (byte {exc.start}); convert it first, e.g. iconv -f latin1 -t utf-8") from None


@main.command()
@click.pass_obj
def stats(obj):
    """Count documents and paragraphs.

    Example: protokoll stats
    """
    archive = obj["archive"]
    ix = store.open_live(archive)
    click.echo(f"documents: {len(archive.document_ids())}")
    click.echo(f"paragraphs: {ix.doc_count()}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default keeps the page on this machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def serve(obj, host, port):
    """Serve the search page for staff on a local, read-only web server.

    Example: protokoll serve --port 8000
    """
    from web.app import serve as serve_web  # the web stack loads only for this command

    serve_web(obj["archive"], host, port)


if __name__ == "__main__":
    main()
