"""ui/qt_gc.py: while the collector is started, a worker thread's allocations never run the
cyclic collector; the Qt thread's timer does, once a generation's count passes its threshold,
and `stop` collects what is due and gives automatic collection back."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from minorifamiglie.ui.qt_gc import QtThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def thresholds() -> Iterator[None]:
    """Low thresholds, so that a few thousand allocations are enough (restored after)."""
    before = gc.get_threshold()
    gc.set_threshold(100, 2, 2)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _garbage_cycle() -> weakref.ref[_Cycle]:
    return weakref.ref(_Cycle())


def test_a_worker_allocating_never_collects_the_qt_thread_does(thresholds: None) -> None:
    before = gc.isenabled()  # off: the suite's own collector (conftest.py) holds it
    collector = QtThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()
        cycle = _garbage_cycle()

        def allocate() -> None:  # far past every threshold, as a worker's query does
            kept = [(i, [i]) for i in range(50_000)]
            del kept

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert cycle() is not None  # nothing was collected on the worker
        collector.check()  # the timer's call, on this (the Qt) thread
        assert cycle() is None
    finally:
        collector.stop()
    assert gc.isenabled() == before


def test_nothing_is_collected_below_the_thresholds(thresholds: None) -> None:
    gc.collect()
    collector = QtThreadCollector()
    collector.start()
    try:
        cycle = _garbage_cycle()
        assert gc.get_count()[0] <= gc.get_threshold()[0]
        collector.check()
        assert cycle() is not None
    finally:
        collector.stop()
        gc.collect()
    assert cycle() is None


def test_stop_gives_automatic_collection_back_if_it_was_on() -> None:
    outer = gc.isenabled()
    gc.enable()
    try:
        collector = QtThreadCollector()
        collector.start()
        assert not gc.isenabled()
        collector.stop()
        assert gc.isenabled()
    finally:
        if not outer:
            gc.disable()


def test_stop_leaves_automatic_collection_off_if_it_was_off_before() -> None:
    gc.disable()
    try:
        collector = QtThreadCollector()
        collector.start()
        collector.stop()
        assert not gc.isenabled()
    finally:
        gc.enable()
