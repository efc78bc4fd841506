"""One report in a forked child process, ended when it passes its wall-clock or memory limit.

A pathological file (a decompression bomb the stream limits did not catch, a layout that makes a
library loop) must fail alone: the batch worker that runs it forks, the child extracts, and the
parent watches the child's elapsed time and resident memory (with its own children) every
`POLL` seconds. Past a limit the child is killed and the report fails with a one-line reason that
names the limit and the flag that raises it; the worker, and the batch, go on.

Forking (not spawning) keeps what the worker has already loaded (spaCy, underthesea, great-
expectations) shared with the child, so the per-report cost is small. Where the platform cannot
fork, the report runs in the calling process without limits. The child has a process group of
its own: stopped at a limit, dead, or done, it is killed with every process it started.

Background runs one piece of a report's work (the workbook) in a forked child while the report
goes on, on a second CPU.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import psutil

POLL = 0.1
T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class ReportLimits:
    """Per-report limits in batch workers; None switches a limit off."""

    seconds: float | None = 900.0
    memory_mb: int | None = 4096


@dataclass(frozen=True, kw_only=True)
class Exceeded:
    """The child was stopped: which limit, and what it had used."""

    limit: Literal["time", "memory", "died"]
    message: str


def _send(fd: int, message: tuple[str, Any]) -> None:
    data = pickle.dumps(message)
    os.write(fd, struct.pack("!Q", len(data)))
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


class _Reader:
    """Length-prefixed pickled messages from a pipe, read as they arrive."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buf = b""
        self.closed = False

    def read_available(self) -> list[tuple[str, Any]]:
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            self.closed = True
        self.buf += chunk
        out = []
        while len(self.buf) >= 8:
            (n,) = struct.unpack("!Q", self.buf[:8])
            if len(self.buf) < 8 + n:
                break
            out.append(pickle.loads(self.buf[8 : 8 + n]))
            self.buf = self.buf[8 + n :]
        return out


def cpus() -> int:
    """The CPUs this process may run on (its affinity: a container's cpuset included)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _rss_mb(proc: psutil.Process) -> float:
    """The report child's resident memory and what its own children hold privately (forked from it,
    they share the rest of their pages with it: their resident size would count those twice)."""
    try:
        total = proc.memory_info().rss
    except psutil.Error:
        return 0.0
    with contextlib.suppress(psutil.Error):
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_full_info().uss
    return float(total) / 2**20


def _child(work: Callable[[Callable[[int, int], None]], T], fd: int) -> None:
    try:
        result = work(lambda done, total: _send(fd, ("page", (done, total))))
        _send(fd, ("result", result))
    except BaseException as exc:  # everything goes back to the parent
        _send(fd, ("error", exc))
    finally:
        os.close(fd)
        os._exit(0)


def _watch(pid: int, reader: _Reader, limits: ReportLimits, on_page: Callable[[int, int], None] | None) -> Any:
    """Relay progress until the child's result arrives or a limit is passed."""
    proc = psutil.Process(pid)
    t0 = time.monotonic()
    while True:
        ready, _, _ = select.select([reader.fd], [], [], POLL)
        if ready:
            for kind, payload in reader.read_available():
                if kind == "page" and on_page:
                    on_page(*payload)
                elif kind in ("result", "error"):
                    return kind, payload
            if reader.closed:
                return "died", None
        elapsed = time.monotonic() - t0
        if limits.seconds is not None and elapsed > limits.seconds:
            return "time", elapsed
        if limits.memory_mb is not None and (mb := _rss_mb(proc)) > limits.memory_mb:
            return "memory", mb


def _kill_group(pid: int) -> None:
    """Kill a report child's process group: the child and every process it started (its helpers)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class Forked(Generic[T]):
    """`work()` in a forked child while this process goes on (a context manager: leaving it stops a
    child whose result was not asked for). result() waits: (True, what work() returned), or
    (False, None) when the child failed, was killed, or was not forked (not `enabled`, no fork,
    one CPU)."""

    def __init__(self, work: Callable[[], T], enabled: bool = True) -> None:
        self.pid: int | None = None
        self.fd: int | None = None
        if enabled and hasattr(os, "fork") and cpus() > 1:
            r, w = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no process to be had (a limit on processes, no memory): this process does it
                os.close(r)
                os.close(w)
                return
            if pid == 0:  # the child: no cleanup of the parent's (os._exit), no traceback printed
                code = 1
                try:
                    os.close(r)
                    data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                    with os.fdopen(w, "wb") as f:
                        f.write(data)
                    code = 0
                finally:
                    os._exit(code)
            os.close(w)
            self.pid, self.fd = pid, r

    def result(self) -> tuple[bool, T | None]:
        """What work() returned in the child (True, value), or (False, None)."""
        if self.pid is None or self.fd is None:
            return False, None
        f = os.fdopen(self.fd, "rb")
        self.fd = None
        with f:
            data = f.read()
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = None  # reaped (until here, leaving the context stops it)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return False, None
        return True, pickle.loads(data)

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Kill and reap a child whose result was not asked for (nothing once it was)."""
        pid, fd = self.pid, self.fd
        self.pid = self.fd = None
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if fd is not None:
            os.close(fd)


class Background:
    """`work()` (run for what it does, not what it returns) in a forked child while this process
    goes on; leaving the context waits for it. Where it did not run there (not `enabled`, no fork,
    one CPU, the child failed), `work()` runs in this process on leaving, so that its error is raised here;
    leaving on an exception stops the child."""

    def __init__(self, work: Callable[[], object], enabled: bool = True) -> None:
        self.work = work
        self.child: Forked[object] = Forked(work, enabled)

    def __enter__(self) -> Background:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if kind is not None:
            self.child.stop()
            return
        done, _none = self.child.result()
        if not done:
            self.work()


def run_limited(
    work: Callable[[Callable[[int, int], None]], T],
    limits: ReportLimits,
    on_page: Callable[[int, int], None] | None = None,
) -> T | Exceeded:
    """`work(on_page)` in a forked child; its result, its exception re-raised, or Exceeded."""
    if not hasattr(os, "fork") or (limits.seconds is None and limits.memory_mb is None):
        return work(on_page or (lambda done, total: None))
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child, in a process group of its own (with the helpers it starts)
        os.setpgid(0, 0)
        os.close(r)
        _child(work, w)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also here: whichever runs first
    os.close(w)
    try:
        kind, payload = _watch(pid, _Reader(r), limits, on_page)
    except BaseException:  # interrupted (Ctrl-C reaches this process's group only): the report stops too
        _kill_group(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(r)
    _kill_group(pid)  # past a limit, dead, or done: the child and anything it left running (before
    os.waitpid(pid, 0)  # it is reaped, while its process group cannot belong to another)
    if kind == "result":
        return payload  # type: ignore[no-any-return]
    if kind == "error":
        raise payload
    if kind == "time":
        return Exceeded(
            limit="time",
            message=f"stopped after {payload:.0f} s: over the time limit of {limits.seconds:.0f} s per report "
            "(raise it with --time-limit SECONDS, 0 = none)",
        )
    if kind == "memory":
        return Exceeded(
            limit="memory",
            message=f"stopped at {payload:.0f} MB: over the memory limit of {limits.memory_mb} MB per report "
            "(raise it with --memory-limit MB, 0 = none)",
        )
    return Exceeded(limit="died", message="the process extracting it died (a crash in a native library)")
