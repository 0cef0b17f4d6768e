"""Merge benchmark: a record written thousands of times (a tampered laptop's bundle of edits of
one case, or a case file written every day for years) must merge in time linear in its history,
whatever a concurrent write adds. For N edits of one device in a chain and one concurrent edit of
another device, `MergeState.apply_all` of them all, then of one more edit (what every later sync
touching the record pays), beside a floor measured in the same run: a plain last-writer-wins fold
of the same operations (sorted, each one's fields written over a dict), with no causality and no
conflicts. The ratio staying flat as N grows is the point; before f19364b it grew with N (the
conflicts were found over every pair of operations: 10,000 then one more took minutes).
Medians of repeated runs, the sides interleaved. A report, not a gate.

    .venv/bin/python bench/bench_merge.py [--repeat N] [--sizes 1000,5000,10000,20000]
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.sync.merge import MergeState, Op
from minorifamiglie.sync.operations import GcPaused

WRITER = uuid.UUID("018f0000-0000-7000-8000-0000000000a1")
OTHER = uuid.UUID("018f0000-0000-7000-8000-0000000000b2")
CASE = uuid.UUID("018f0000-0000-7000-8000-00000000c0de")
START = 1_790_000_000_000


def _op(device: uuid.UUID, n: int, data: dict[str, Any], replaces: Op | None) -> Op:
    kind = OpKind.INSERT if replaces is None else OpKind.UPDATE
    stamp = Timestamp(START + n * 1000, 0, device.hex).encode()
    parent = None if replaces is None else replaces.op_id
    return Op(uuid.uuid4(), device, stamp, "cases", CASE, kind, data, parent)


def history(n: int) -> tuple[list[Op], Op]:
    """N writes in a chain by one device, one write of another device concurrent with all but
    the first, and the next write of the first device."""
    ops = [_op(WRITER, 0, {"title": "Famiglia R.", "summary": "", "status": "aperto"}, None)]
    for i in range(1, n):
        ops.append(_op(WRITER, i, {"summary": f"Sintesi {i}", "title": f"Titolo {i}"}, ops[-1]))
    ops.append(_op(OTHER, 1, {"summary": "Versione di Sara", "title": "Titolo di Sara"}, ops[0]))
    return ops, _op(WRITER, n + 1, {"summary": "Ancora"}, ops[-2])


def floor(ops: list[Op]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for op in sorted(ops, key=lambda o: o.order):
        fields.update(op.data)
    return fields


def merged(ops: list[Op], more: Op) -> tuple[float, float, int]:
    """Seconds for all of them, seconds for one more, conflicts after it."""
    state = MergeState()
    with GcPaused():  # as apply_operations runs it
        started = time.perf_counter()
        state.apply_all(ops)
        middle = time.perf_counter()
        state.apply_all([more])
        ended = time.perf_counter()
    return middle - started, ended - middle, len(state.conflicts())


def timed(run: Callable[[list[Op]], Any], ops: list[Op]) -> float:
    started = time.perf_counter()
    run(ops)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,5000,10000,20000")
    args = parser.parse_args()
    print(
        f"{'operazioni':>10} {'merge':>9} {'floor':>9} {'rapporto':>8} {'una in più':>11} "
        f"{'floor':>9} {'rapporto':>8} {'conflitti':>9}"
    )
    for n in (int(size) for size in args.sizes.split(",")):
        ops, more = history(n)
        whole, one, floors, floors_one = [], [], [], []
        conflicts = 0
        for _ in range(args.repeat):
            spent_all, spent_one, conflicts = merged(ops, more)
            whole.append(spent_all)
            one.append(spent_one)
            floors.append(timed(floor, ops))
            floors_one.append(timed(floor, [*ops, more]))
        w, f = statistics.median(whole), statistics.median(floors)
        o, fo = statistics.median(one), statistics.median(floors_one)
        print(
            f"{n + 1:>10} {w * 1000:>9.1f} {f * 1000:>9.1f} {w / f:>7.1f}x {o * 1000:>11.1f} "
            f"{fo * 1000:>9.1f} {o / fo:>7.1f}x {conflicts:>9}"
        )
    print(
        "\nTempi in millisecondi, mediane. floor: le stesse operazioni ordinate e scritte campo per"
        "\ncampo in un dizionario (ultimo scrittore vince), senza causalità né conflitti. 'una in"
        "\npiù': il merge di una modifica successiva, come a ogni sync che tocca la cartella."
    )


if __name__ == "__main__":
    main()
