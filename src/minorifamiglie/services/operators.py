"""The operators of the team (educatori, assistenti sociali…), for pickers and listings."""

from __future__ import annotations

import uuid

from minorifamiglie.domain import entities as e
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository


def list_operators(opened: OpenProfile, include_inactive: bool = False) -> list[e.Operator]:
    """Live operators by name (only active ones unless asked)."""
    with opened.read_session() as session:
        where = [] if include_inactive else [m.OperatorRow.active.is_(True)]
        return Repository(session).find(
            e.Operator, *where, order_by=[m.OperatorRow.name, m.OperatorRow.id]
        )


def operators_by_device(opened: OpenProfile) -> dict[uuid.UUID, str]:
    """The name of the operator of each known device (who wrote a version of a conflict)."""
    from minorifamiglie.services.team import operators_by_device as of_devices

    with opened.read_session() as session:
        return of_devices(session)
