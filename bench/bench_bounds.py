"""Bounds benchmark: what checking every value of a 10,000-operation bundle against
storage/bounds.py costs (`apply._check_operation`), beside a floor measured in the same run: the
same operations through the type-only converters it replaced (`apply.RAW`, what the check did
before values were bounded). Medians of repeated runs, the two sides interleaved. A report, not
a gate.

    .venv/bin/python bench/bench_bounds.py [--repeat N] [--ops N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import uuid
from typing import Any

from minorifamiglie.domain.enums import OpKind, VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services.apply import RAW, _check_operation
from minorifamiglie.sync.operations import Operation

DEVICE = uuid.UUID("018f0000-0000-7000-8000-0000000000b1")


def _visit(rng: random.Random, n: int) -> Operation:
    hlc = Timestamp(1_790_000_000_000 + n, 0, DEVICE.hex).encode()
    entity = uuid.UUID(int=rng.getrandbits(128))
    data: dict[str, Any] = {
        "id": str(entity),
        "case_id": str(uuid.UUID(int=rng.getrandbits(128))),
        "activation_id": None,
        "operator_id": str(uuid.UUID(int=rng.getrandbits(128))),
        "kind": VisitKind.FACILITATED_MEETING.value,
        "date": "2026-10-06",
        "start_time": "15:00",
        "end_time": "17:00",
        "place": "Spazio neutro, Zogno",
        "outcome": VisitOutcome.DONE.value,
        "present_person_ids": json.dumps(sorted(str(uuid.uuid4()) for _ in range(3))),
        "notes": "Incontro sereno, il minore gioca con la madre. " * 10,
        "facts": "",
        "statements": "",
        "evaluations": "",
        "observations": json.dumps(
            {"contatto_fisico": {"rating": "adeguato", "note": "abbraccio"}, "puntualita": "ok"}
        ),
        "next_steps": "Prossimo incontro tra due settimane.",
        "status": VisitStatus.CLOSED.value,
        "closed_at": "2026-10-06T16:05:00.000000+00:00",
        "created_at": "2026-10-06T15:00:00.000000+00:00",
        "updated_at": "2026-10-06T16:05:00.000000+00:00",
        "deleted_at": None,
        "version_hlc": hlc,
        "origin_device": str(DEVICE),
    }
    return Operation(uuid.uuid4(), DEVICE, hlc, "visits", entity, OpKind.INSERT, data)


def _floor(ops: list[Operation]) -> None:
    for op in ops:
        columns = RAW[op.entity]
        {name: columns[name](value) for name, value in op.data.items()}


def _bounded(ops: list[Operation]) -> None:
    for index, op in enumerate(ops):
        _check_operation(op, index)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--ops", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(7)
    ops = [_visit(rng, n) for n in range(args.ops)]
    floor: list[float] = []
    bounded: list[float] = []
    for _ in range(args.repeat):
        for run, times in ((_floor, floor), (_bounded, bounded)):
            start = time.perf_counter()
            run(ops)
            times.append(time.perf_counter() - start)
    f, b = statistics.median(floor), statistics.median(bounded)
    print(f"{args.ops} visit inserts, {len(ops[0].data)} fields each, median of {args.repeat}")
    print(f"  floor (type-only converters): {f * 1000:8.1f} ms")
    print(f"  bounded _check_operation:     {b * 1000:8.1f} ms   ({b / f:.2f}x the floor)")


if __name__ == "__main__":
    main()
