"""Running the server: `serve --workers`, the access log, the root path, start-up errors, the
footer, and the app factory under uvicorn's own command line."""
from __future__ import annotations

import socket
import sys
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from conftest import run_cli
from web_support import free_port, serve_command, server, server_process, web_archive  # noqa: F401


def worker_processes(pid: int) -> list[int]:
    """The server's child processes that run Python (uvicorn's workers)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if "python" in Path(f"/proc/{child}/exe").resolve().name:
                found.append(int(child))
    return found


def test_workers_answer_and_every_request_is_logged(web_archive, tmp_path):
    access_log, port = tmp_path / "access.log", free_port()
    command = serve_command(web_archive, "--port", str(port), "--workers", "2", "--access-log", str(access_log))
    with server_process(command, port, tmp_path / "serve.log") as (base, proc):
        for n in range(12):
            assert httpx.get(f"{base}/", params={"q": "bredband", "sida": str(1 + n % 2)}, timeout=30).status_code == 200
        assert httpx.get(f"{base}/finns-inte", timeout=30).status_code == 404
        assert len(worker_processes(proc.pid)) >= 2
    lines = access_log.read_text().splitlines()
    assert len([line for line in lines if '"GET /?q=bredband&sida=' in line and line.endswith('" 200 OK')]) == 12, lines
    assert any('"GET /finns-inte HTTP/1.1" 404 Not Found' in line for line in lines)
    startup = (tmp_path / "serve.log").read_text()
    assert "2 processes" in startup and str(access_log) in startup


def test_the_app_factory_runs_under_uvicorns_command_line(web_archive, tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "protokoll.web.serving:app_from_environment",
               "--port", str(port), "--root-path", "/protokoll", "--workers", "2"]
    with server_process(command, port, tmp_path / "uvicorn.log", env={"PROTOKOLL_ARCHIVE": str(web_archive.root)}) as (base, _):
        page = httpx.get(f"{base}/", params={"q": "bredband"}, timeout=30)
        api = httpx.get(f"{base}/api/search", params={"q": "bredband"}, timeout=30)
    assert page.status_code == 200 and 'href="/protokoll/paragraf/' in page.text
    assert api.status_code == 200 and api.json()["total"] > 0


def test_the_footer_names_the_server(server):
    footer = httpx.get(f"{server}/", timeout=30).text.split('<footer class="site">')[1]
    assert f"protokoll {metadata.version('protokoll')} på servern {socket.gethostname()}" in footer
    assert "skrivskyddat" in footer and "lämnar den här datorn" not in footer


@pytest.mark.parametrize("args, message", [
    (["--root-path", "protokoll/"], "--root-path"),
    (["--root-path", "/proto koll"], "--root-path"),
    (["--access-log", "/proc/nej/access.log"], "--access-log"),
    (["--workers", "0"], "--workers"),
])
def test_bad_serve_options_exit_2_with_one_line(web_archive, args, message):
    result = run_cli(web_archive.root, "serve", "--port", str(free_port()), *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output
