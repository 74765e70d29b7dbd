"""Every command that needs an archive says the same thing when there is none: where it looked,
and what to do. Exit 4, one line, nothing created."""
import pytest

from conftest import run_cli
from protokoll.errors import ExitCode


@pytest.mark.parametrize("args", [["search", "beslut"], ["show", "0123456789abcdef-001"], ["stats"], ["reindex"],
                                  ["verify"], ["serve", "--port", "1"]], ids=lambda args: args[0])
def test_every_command_says_there_is_no_archive(tmp_path, args):
    missing = tmp_path / "finns-inte"
    result = run_cli(missing, *args)
    assert result.exit_code == ExitCode.archive_problem
    assert result.output == (f"protokoll: no archive at {missing}: ingest documents first "
                             "(or check --archive / PROTOKOLL_ARCHIVE)\n")
    assert not missing.exists()


def test_a_folder_without_documents_is_no_archive(tmp_path):
    (tmp_path / "reports").mkdir()  # what an ingest leaves when every file failed
    result = run_cli(tmp_path, "stats")
    assert result.exit_code == ExitCode.archive_problem and "no archive at" in result.output


def test_help_needs_no_archive(tmp_path):
    result = run_cli(tmp_path / "finns-inte", "search", "--help")
    assert result.exit_code == 0 and "Full-text search" in result.output
