"""Exit codes and the one exception class per kind of failure.

Each exception carries its exit code and a message that tells the user what to do.
cli.py turns them into one line on stderr and that exit code; no tracebacks.
"""
from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    some_files_failed = 1  # a batch imported the rest; see the report
    usage = 2  # bad command line or query (click uses 2 as well)
    missing_dependency = 3  # tesseract, Swedish data, ghostscript...
    archive_problem = 4  # archive or index unreadable, fixity mismatch
    busy = 5  # another reindex holds the lock
    interrupted = 130


class ProtokollError(Exception):
    exit_code = ExitCode.archive_problem

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MissingDependency(ProtokollError):
    exit_code = ExitCode.missing_dependency


class BadInput(ProtokollError):
    """A single input file cannot be imported; the batch goes on without it."""

    exit_code = ExitCode.some_files_failed


class BadQuery(ProtokollError):
    exit_code = ExitCode.usage


class FilterError(BadQuery):
    """A filter value the index does not hold (an organisation, board, topic, document type)
    or an impossible date. Carries what was filtered, the value given and the nearest values
    the index holds, so the web page can offer them as links."""

    def __init__(self, what: str, value: str, nearest: list[str], message: str):
        super().__init__(message)
        self.what = what
        self.value = value
        self.nearest = nearest


class ArchiveError(ProtokollError):
    exit_code = ExitCode.archive_problem


class IndexUnavailable(ArchiveError):
    """The index is missing or unreadable. We never recreate it silently."""


class BrokerUnavailable(ProtokollError):
    """The queue's broker (Redis) cannot be reached: nothing more can be sent to the workers."""

    exit_code = ExitCode.archive_problem


class WorkerLost(ProtokollError):
    """A worker process of a command died (killed, out of memory) before it finished its share."""
    exit_code = ExitCode.archive_problem


class Busy(ProtokollError):
    exit_code = ExitCode.busy


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped an ingest; carries the batch report (written to the archive), so
    the command can say what the run did before it stopped."""

    def __init__(self, report):
        super().__init__()
        self.report = report


class IndexNotUpdated(ProtokollError):
    """An ingest archived its documents, but the index could not take them. Carries the cause's
    message and exit code, and the batch report, so the command still says what was archived."""

    def __init__(self, cause: ProtokollError, report):
        super().__init__(cause.message)
        self.exit_code = cause.exit_code
        self.report = report
