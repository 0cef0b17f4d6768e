"""Typed identifiers and UUIDv7 generation (time-ordered, so ids sort by creation)."""

from __future__ import annotations

import os
import time
import uuid
from typing import NewType

AmbitoId = NewType("AmbitoId", uuid.UUID)
OperatorId = NewType("OperatorId", uuid.UUID)
DeviceId = NewType("DeviceId", uuid.UUID)
CaseId = NewType("CaseId", uuid.UUID)
PersonId = NewType("PersonId", uuid.UUID)
CaseMemberId = NewType("CaseMemberId", uuid.UUID)
MeasureId = NewType("MeasureId", uuid.UUID)
ActivationId = NewType("ActivationId", uuid.UUID)
VisitId = NewType("VisitId", uuid.UUID)
AmendmentId = NewType("AmendmentId", uuid.UUID)
GoalId = NewType("GoalId", uuid.UUID)
DeadlineId = NewType("DeadlineId", uuid.UUID)
FosterFamilyId = NewType("FosterFamilyId", uuid.UUID)
PlacementId = NewType("PlacementId", uuid.UUID)
AttachmentId = NewType("AttachmentId", uuid.UUID)
ConflictId = NewType("ConflictId", uuid.UUID)
OperationId = NewType("OperationId", uuid.UUID)
SheetId = NewType("SheetId", uuid.UUID)
CommunityId = NewType("CommunityId", uuid.UUID)
CommunityPlacementId = NewType("CommunityPlacementId", uuid.UUID)
GoalActionId = NewType("GoalActionId", uuid.UUID)
CourtReportId = NewType("CourtReportId", uuid.UUID)
ProjectId = NewType("ProjectId", uuid.UUID)
ActivityId = NewType("ActivityId", uuid.UUID)
TeamId = NewType("TeamId", uuid.UUID)  # an équipe: its shared folder, roster and bundles
SettingsId = NewType("SettingsId", uuid.UUID)  # a dated row of an Ambito's settings

# Namespace for ids that every device must compute identically (seeded ambiti).
SEED_NAMESPACE = uuid.UUID("6f1d4c2e-3b0a-4e8f-9a51-2c7d8e9f0b13")


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def parse_uuid(text: str) -> uuid.UUID:
    """Parse an id typed by a user; raises ValueError with a neutral message."""
    try:
        return uuid.UUID(text.strip())
    except (ValueError, AttributeError):
        raise ValueError("not a valid id") from None
