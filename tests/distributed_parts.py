"""Real parts for the queue tests: a redis-server on a loopback port, `protokoll worker` processes,
and a look at the kernel's lock table to find the process working on a document."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """Debian's redis-server, without persistence (as a restart that loses the queue needs), on a
    loopback port; `restart()` stops and starts it on the same port."""

    def __init__(self, folder: Path, addresses: tuple[str, ...] = ("127.0.0.1",)):
        self.folder, self.port, self.process, self.addresses = folder, free_port(), None, addresses
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", *self.addresses, "--save", "", "--appendonly", "no",
             "--protected-mode", "no", "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()


def redis_server(tmp_path: Path, addresses: tuple[str, ...] = ("127.0.0.1",)):
    """Start a redis-server for one test; stop it at the end (a generator for a fixture)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (make system installs it: Debian package redis-server)")
    server = RedisServer(tmp_path, addresses)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Worker:
    """A `protokoll worker` in its own process group, so that SIGKILL can take the whole of it (a
    machine gone) or one pool process (a crash on one document)."""

    def __init__(self, archive: Path, broker: str, log: Path, concurrency: int = 1, time_limit: float = 600,
                 namespace: str | None = None):
        self.log = log
        self.process = subprocess.Popen(
            [*(["ip", "netns", "exec", namespace] if namespace else []), sys.executable, "-m", "protokoll", "worker", "--broker", broker, "--archive", str(archive),
             "--concurrency", str(concurrency), "--time-limit", str(time_limit)],
            stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 300) -> "Worker":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in self.log.read_bytes():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout} s: {self.log.read_text(errors='replace')[-2000:]}")

    def pids(self) -> set[int]:
        """The worker and its pool processes (its process group)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == self.process.pid:
                        found.add(int(entry.name))
                except ProcessLookupError:
                    pass
        return found

    def kill(self) -> None:
        """SIGKILL the whole worker, as a machine that loses power."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def lock_holder(lock_file: Path) -> int | None:
    """The pid holding a POSIX lock on `lock_file`, from the kernel's table (/proc/locks), or None."""
    try:
        inode = lock_file.stat().st_ino
    except FileNotFoundError:
        return None
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "POSIX" in fields and len(fields) >= 6 and fields[5].endswith(f":{inode}"):
            return int(fields[4])
    return None


def wait_for_holder(lock_file: Path, timeout: float = 300, poll: float = 0.05) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (pid := lock_holder(lock_file)) is not None:
            return pid
        time.sleep(poll)
    raise AssertionError(f"no process took the lock {lock_file} within {timeout} s")


def submit(archive: Path, broker: str, *args: str) -> subprocess.Popen:
    """`protokoll ingest --broker` in its own process, as a second machine's cron job would run it."""
    return subprocess.Popen([sys.executable, "-m", "protokoll", "--archive", str(archive), "ingest", "--broker",
                             broker, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class NetworkNamespace:
    """A network namespace joined to this one by a veth pair: a second host, as far as the network
    goes (`ip netns`, root only). Inside it is `address`; this side of the pair is `gateway`."""

    def __init__(self, name: str, subnet: int):
        self.name, self.gateway, self.address = name, f"10.77.{subnet}.1", f"10.77.{subnet}.2"
        outside, inside = f"{name}o", f"{name}i"
        for command in (["ip", "netns", "add", name],
                        ["ip", "link", "add", outside, "type", "veth", "peer", "name", inside],
                        ["ip", "link", "set", inside, "netns", name],
                        ["ip", "addr", "add", f"{self.gateway}/30", "dev", outside],
                        ["ip", "link", "set", outside, "up"],
                        ["ip", "netns", "exec", name, "ip", "addr", "add", f"{self.address}/30", "dev", inside],
                        ["ip", "netns", "exec", name, "ip", "link", "set", inside, "up"],
                        ["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"]):
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                self.remove()
                raise OSError(f"{' '.join(command)}: {done.stderr.strip()}")

    def remove(self) -> None:
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)  # takes its end of the pair along
