"""Faults at the true OS boundary, shared by the tests that need them."""

from __future__ import annotations

import errno
import os
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
