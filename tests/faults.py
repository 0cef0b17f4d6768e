"""Faults at the true OS boundary, shared by the tests that need them."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minorifamiglie import portable


class FullFile:
    """A file on a full disk: opening works, every write fails with ENOSPC, as the kernel says
    it at the file object's write."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on every write of portable's atomic files fails as on a full disk."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return FullFile(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(portable.os, "fdopen", fdopen)


_HOLDER = """
import sys
from pathlib import Path
from minorifamiglie import portable
held = portable.lock(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock_in_another_process(lock: Path) -> subprocess.Popen[str]:
    """Another process of the application holding `lock` (as a second window would) until it
    is killed or its stdin closes; returns once the lock is held."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "held\n"
    return child
