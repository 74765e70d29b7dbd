"""Fixtures for the web tests: a real archive and a real `protokoll serve` on a free local port.

Imported by tests/test_web*.py (so conftest.py, a shared file, stays as it is).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from protokoll import pipeline
from protokoll.index import store
from protokoll.archive import Archive
from protokoll.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "test-results"
CASE_MINUTES = ROOT / "tests" / "resources" / "cases"
CASE_NUMBER = "KS 2021/87"  # written three ways in CASE_MINUTES, through three boards
SCRIPT_TITLE = "Bredband <script>alert('titel')</script> till byarna"
SCRIPT_TEXT = "Beslut om <script>alert('text')</script> & <b>fiber</b> i Testbyn."

def ovanaker_minutes() -> str:
    """Minutes with fourteen § about broadband (enough for two result pages) and one with <script>."""
    lines = ["PROTOKOLL", "Kommunstyrelsen, Ovanåkers kommun", "Sammanträdesdatum 2025-01-15", ""]
    villages = ["Norrby", "Söderås", "Västvik", "Österhöjd", "Kvarnbo", "Älvdal", "Bergsjö", "Ånäset",
                "Lillmon", "Storbacken", "Tallnäs", "Björkvik", "Hällby"]
    for n, village in enumerate(villages, start=1):
        lines += [f"§ {n} Bredband till {village}",
                  f"Kommunstyrelsen beslutar att bygga ut bredband med fiber till {village} under 2025.",
                  f"Bredbandsutbyggnaden i {village} finansieras inom investeringsbudgeten.", ""]
    lines += [f"§ {len(villages) + 1} {SCRIPT_TITLE}", SCRIPT_TEXT, ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def web_archive(sample_archive, tmp_path_factory) -> Archive:
    """A copy of the samples archive (OCR done once, by conftest) plus Ovanåker's minutes and
    the three minutes of tests/resources/cases/ (one case through three boards)."""
    root = tmp_path_factory.mktemp("web") / "arkiv"
    shutil.copytree(sample_archive.root, root, symlinks=True)
    archive = Archive(root)
    minutes = tmp_path_factory.mktemp("inkorg") / "ovanaker_ks_2025-01-15.txt"
    minutes.write_text(ovanaker_minutes(), encoding="utf-8")
    results = pipeline.ingest(archive, [minutes, *sorted(CASE_MINUTES.glob("*.txt"))])
    assert [r.status for r in results] == ["new"] * 4, results
    pipeline.reindex(archive)
    return archive


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.args}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def serve_command(archive: Archive, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "cli.py"), "--archive", str(archive.root), "serve", *args]


@contextmanager
def server_process(command: list[str], port: int, log: Path, env: dict | None = None):
    """A server started by `command` that listens on `port`; yields (base URL, process). Its
    output goes to `log` (a file, not a pipe nobody drains), which must hold no traceback."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "Traceback" not in log.read_text(), log.read_text()  # no request made the server fail


@contextmanager
def serving(archive: Archive, log: Path, *args: str):
    """`protokoll serve` with `args` in a subprocess on a free port; yields its base URL."""
    port = free_port()
    with server_process(serve_command(archive, "--port", str(port), *args), port, log) as (base, _):
        yield base


@pytest.fixture(scope="session")
def server(web_archive, tmp_path_factory):
    """The real `protokoll serve` in a subprocess, with its default host. Yields its base URL."""
    with serving(web_archive, tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base


@contextmanager
def app_in_thread(archive: Archive):
    """create_app(archive) under uvicorn in this process, for archives `serve` would refuse."""
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(create_app(archive), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


def archive_snapshot(archive: Archive) -> dict[str, tuple[int, int]]:
    """Every file under the archive with its size and modification time, to prove nothing changed."""
    return {str(p.relative_to(archive.root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in sorted(archive.root.rglob("*"))}
