"""protokoll: the command line. Thin: parse options, call pipeline/index, print."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

import pipeline
from errors import ExitCode, ProtokollError
from index import search as index_search
from index import store
from ingest.archive import Archive


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
@click.pass_obj
def ingest(obj, paths, org):
    """Import files or folders (recursively) into the archive and the index.

    Example: protokoll ingest data/samples/
    """
    results = pipeline.ingest(obj["archive"], list(paths), org=org)
    for r in results:
        line = f"{r.status:10} {r.path}"
        click.echo(line + (f": {r.reason}" if r.reason else ""))
    if any(r.status == "failed" for r in results):
        sys.exit(int(ExitCode.some_files_failed))


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
