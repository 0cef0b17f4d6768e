"""What an operation on a record had seen: the one rule shared by the change log and the merge.

An operation's direct parents on its record are
- `replaces`: the last operation on the record the writing device had applied;
- `seen`: the other *heads* of the record at that moment (operations no later one had seen),
  which is how a write that settles two concurrent edits says it had both in front of it;
- the previous operation of the same device on the record (a device has seen what it wrote).
Only parents that sort before the operation (by `(hlc, op_id)`) count."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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


def direct_parents(ordered: Sequence[Lineage]) -> list[list[uuid.UUID]]:
    """For operations sorted by `order`, each one's direct parents (ids, possibly not present)."""
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
    ordered = sorted(ops, key=lambda o: o.order)
    parented = {p for parents in direct_parents(ordered) for p in parents}
    return [op.op_id for op in ordered if op.op_id not in parented]
