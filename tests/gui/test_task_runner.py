"""The worker (ui/tasks.py) never holds the last reference to what a job refers to: a closure
over a widget must be released on the Qt thread, or PySide deletes the widget on the worker and
the process later crashes in the garbage collector."""

from __future__ import annotations

import threading
import weakref
from typing import Any, ClassVar

import pytest

from minorifamiglie.ui.tasks import TaskRunner


class Marker:
    """Stands for a widget a job's closure refers to; says on which thread it was freed."""

    freed_on: ClassVar[list[str]] = []

    def __del__(self) -> None:
        Marker.freed_on.append(threading.current_thread().name)


def _failing_job_over(marker: Marker, chained: bool) -> tuple[Any, weakref.ref[Marker]]:
    """A job closing over `marker` (as a screen's closure over itself), which fails; chained:
    while handling another error raised in a function that also closes over it."""

    def inner() -> None:
        assert marker is not None
        raise KeyError("interno")

    def job() -> None:
        assert marker is not None
        if not chained:
            raise ValueError("campo non valido")
        try:
            inner()
        except KeyError as exc:
            raise ValueError("campo non valido") from exc

    return job, weakref.ref(marker)


@pytest.mark.parametrize("chained", [False, True], ids=["error", "error raised from another"])
def test_a_failed_jobs_error_holds_nothing_the_job_referred_to(qtbot: Any, chained: bool) -> None:
    # Given a job whose closure refers to an object, and which fails
    runner = TaskRunner()
    try:
        Marker.freed_on.clear()
        job, alive = _failing_job_over(Marker(), chained)
        errors: list[BaseException] = []
        runner.run(job, None, errors.append)
        del job
        # When the error has been delivered on the Qt thread, and the worker is done with it
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
        runner.wait_idle()
        # Then the error, still held (as a slow worker may still hold it, or its future), no
        # longer keeps the object alive through its traceback's frames: the object was freed
        # on the Qt thread, when the runner released the job
        assert isinstance(errors[0], ValueError) and str(errors[0]) == "campo non valido"
        assert alive() is None
        assert Marker.freed_on == [threading.main_thread().name]
    finally:
        runner.shutdown()
