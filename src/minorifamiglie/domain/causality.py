"""What an operation on a record had seen: the one rule shared by the change log and the merge.

An operation's direct parents on its record are
- `replaces`: the last operation on the record the writing device had applied;
- `seen`: the other *heads* of the record at that moment (operations no later one had seen),
  which is how a write that settles two concurrent edits says it had both in front of it;
- the previous operation of the same device on the record (a device has seen what it wrote).

Operations are ordered by `(hlc, op_id)`, except that an operation always comes after the
operations it names (`replaces`, `seen`): a device whose clock was ahead and has been corrected
writes after its own future-dated write with an earlier HLC, and that write still comes after
it (`causal_order`). Only parents that come before the operation in that order count."""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class Lineage:
    op_id: uuid.UUID
    device_id: uuid.UUID
    hlc: str
    replaces: uuid.UUID | None
    seen: Sequence[uuid.UUID] = ()

    @property
    def order(self) -> tuple[str, str]:
        return (self.hlc, str(self.op_id))


class _Ordered(Protocol):
    """Anything with an `order`, `op_id`, `replaces` and `seen` (a Lineage, merge's Op)."""

    @property
    def order(self) -> tuple[str, str]: ...
    @property
    def op_id(self) -> uuid.UUID: ...
    @property
    def replaces(self) -> uuid.UUID | None: ...
    @property
    def seen(self) -> Sequence[uuid.UUID]: ...


T = TypeVar("T", bound=_Ordered)


def causal_order(ops: Iterable[T]) -> list[T]:
    """The operations by `(hlc, op_id)`, except that each comes after those it names
    (`replaces`, `seen`) that are present: of the operations whose named ones are all placed,
    the least by `(hlc, op_id)` goes next. A cycle (only a forged history has one) is broken by
    placing the least remaining operation. A function of the set alone, like the merge."""
    ordered = sorted(ops, key=lambda o: o.order)
    index = {op.op_id: i for i, op in enumerate(ordered)}
    if all(_names_earlier(op, i, index) for i, op in enumerate(ordered)):
        return ordered  # the usual case: every operation sorts after what it names
    named = [
        {j for p in (op.replaces, *op.seen) if p is not None and (j := index.get(p)) is not None}
        for op in ordered
    ]
    waiting = [len(parents - {i}) for i, parents in enumerate(named)]
    children: list[list[int]] = [[] for _ in ordered]
    for i, parents in enumerate(named):
        for j in parents - {i}:
            children[j].append(i)
    ready = [i for i, n in enumerate(waiting) if n == 0]
    heapq.heapify(ready)
    placed = [False] * len(ordered)
    out: list[T] = []
    rest = 0
    while len(out) < len(ordered):
        if not ready:  # a cycle: the least operation not placed yet goes next
            while placed[rest]:
                rest += 1
            waiting[rest] = 0
            ready.append(rest)
        i = heapq.heappop(ready)
        if placed[i]:
            continue
        placed[i] = True
        out.append(ordered[i])
        for child in children[i]:
            waiting[child] -= 1
            if waiting[child] == 0 and not placed[child]:
                heapq.heappush(ready, child)
    return out


def _names_earlier(op: _Ordered, i: int, index: dict[uuid.UUID, int]) -> bool:
    """Every operation `op` names that is present sorts before it (position `i`)."""
    if op.replaces is not None and index.get(op.replaces, -1) >= i:
        return False
    return not op.seen or all(index.get(p, -1) < i for p in op.seen)


def direct_parents(ordered: Sequence[Lineage]) -> list[list[uuid.UUID]]:
    """For operations in `causal_order`, each one's direct parents (ids, possibly not
    present)."""
    last_of_device: dict[uuid.UUID, uuid.UUID] = {}
    out: list[list[uuid.UUID]] = []
    for op in ordered:
        parents: list[uuid.UUID] = []
        if op.replaces is not None:
            parents.append(op.replaces)
        parents.extend(op.seen)
        if (own := last_of_device.get(op.device_id)) is not None:
            parents.append(own)
        out.append(parents)
        last_of_device[op.device_id] = op.op_id
    return out


def heads(ops: Iterable[Lineage]) -> list[uuid.UUID]:
    """The operations of a record no other one had seen, in order: what a new write has seen."""
    ordered = causal_order(ops)
    parented = {p for parents in direct_parents(ordered) for p in parents}
    return [op.op_id for op in ordered if op.op_id not in parented]
