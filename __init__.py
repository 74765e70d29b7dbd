"""protokoll: search and archive Swedish meeting minutes.

The stages, each a package over the plain records of `records`:

    ingest/     files in -> archived Documents (originals kept, OCR in Swedish, PDF/A copies)
    normalize/  raw page text -> repaired Swedish text
    structure/  repaired text -> Paragraph records with their metadata
    index/      Paragraph records -> a Whoosh index, and search over it

`archive` is the storage all stages share; `pipeline` wires the stages in one place;
`cli` and `web` are thin layers over `pipeline` and `index`.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("protokoll")
except PackageNotFoundError:  # run from a checkout without an install
    __version__ = "0+unknown"
