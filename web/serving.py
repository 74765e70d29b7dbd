"""Serving the application: `protokoll serve`, and an app factory for running uvicorn directly.

    protokoll --archive /srv/protokoll/arkiv serve --workers 4 --root-path /protokoll
    PROTOKOLL_ARCHIVE=/srv/protokoll/arkiv uvicorn --factory protokoll.web.serving:app_from_environment

Several workers are separate processes, each with its own searcher; uvicorn starts them with
an import string, so the archive reaches them through PROTOKOLL_ARCHIVE, as it reaches the CLI.
"""
from __future__ import annotations

import os
import re
import socket
import sys
from importlib import metadata
from pathlib import Path

from starlette.applications import Starlette

from protokoll.archive import Archive
from protokoll.errors import BadQuery, ExitCode, ProtokollError
from protokoll.index.store import open_live
from protokoll.web.app import create_app

FACTORY = "protokoll.web.serving:app_from_environment"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ACCESS_FORMAT = '%(asctime)s %(client_addr)s "%(request_line)s" %(status_code)s'
ROOT_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)+$")


class AddressInUse(ProtokollError):
    exit_code = ExitCode.usage


def server_line() -> str:
    """The footer's statement of what serves the page: this program, its version, this host."""
    try:
        version = metadata.version("protokoll")
    except metadata.PackageNotFoundError:
        version = "(ej installerad)"
    return f"protokoll {version} på servern {socket.gethostname()}. Arkivet visas skrivskyddat."


def app_from_environment() -> Starlette:
    """The application over the archive named by PROTOKOLL_ARCHIVE (default ./arkiv), for
    `uvicorn --factory` and for the worker processes of `serve --workers N`."""
    return create_app(Archive(Path(os.environ.get("PROTOKOLL_ARCHIVE", "arkiv"))), server_line())


def check_root_path(root_path: str) -> str:
    """'/protokoll' as given, without a trailing slash; '' for '/' or nothing."""
    root_path = root_path.rstrip("/")
    if root_path and not ROOT_PATH.match(root_path):
        raise BadQuery(f"--root-path {root_path!r} must be a path such as /protokoll (letters, digits, . _ ~ -)")
    return root_path


def check_port(host: str, port: int) -> None:
    """Fail with a one-line message before uvicorn would, if the address cannot be bound."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        raise AddressInUse(f"cannot listen on {host}:{port} ({exc.strerror or exc}): choose another --port or --host") from None


def log_config(access_log: str) -> dict:
    """uvicorn's logging: one access line per request (time, client, request, status) on
    standard output or appended to a file; warnings and errors on standard error."""
    if access_log == "-":
        access = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
    else:
        access = {"class": "logging.FileHandler", "filename": access_log, "encoding": "utf-8"}
    formatter = {"use_colors": False, "datefmt": "%Y-%m-%dT%H:%M:%S%z"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {
            "access": {"()": "uvicorn.logging.AccessFormatter", "fmt": ACCESS_FORMAT, **formatter},
            "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(asctime)s %(levelprefix)s %(message)s",
                        **formatter},
        },
        "handlers": {"access": {**access, "formatter": "access"},
                     "default": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "default"}},
        "loggers": {"uvicorn": {"handlers": ["default"], "level": "WARNING", "propagate": False},
                    "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
                    "protokoll": {"handlers": ["default"], "level": "WARNING", "propagate": False}},
    }


def check_access_log(access_log: str) -> None:
    if access_log == "-":
        return
    try:
        with open(access_log, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise BadQuery(f"cannot write the access log {access_log} ({exc.strerror or exc}): give a writable --access-log") from None


def serve(archive: Archive, host: str, port: int, workers: int = 1, root_path: str = "", access_log: str = "-") -> None:
    import uvicorn

    root_path = check_root_path(root_path)
    open_live(archive)  # no index: say so now, not on the first request
    check_access_log(access_log)
    check_port(host, port)
    if host not in LOOPBACK:
        print(f"protokoll: note: listening on {host}, so other machines can reach the page", file=sys.stderr)
    processes = "1 process" if workers == 1 else f"{workers} processes"
    print(f"protokoll: serving {archive.root} on http://{host}:{port}{root_path}/ ({processes}, read-only; "
          f"access log: {'standard output' if access_log == '-' else access_log}; Ctrl-C stops)", file=sys.stderr, flush=True)
    options = dict(host=host, port=port, root_path=root_path, log_config=log_config(access_log), access_log=True,
                   proxy_headers=True)  # X-Forwarded-For/-Proto from the proxy on this machine (FORWARDED_ALLOW_IPS)
    if workers == 1:
        uvicorn.run(create_app(archive, server_line()), **options)
    else:
        os.environ["PROTOKOLL_ARCHIVE"] = str(archive.root.resolve())  # for the worker processes' factory
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)
