"""Pure bounds of values that crossed a trust boundary (a verified bundle, a snapshot, a hand-off
case file, a roster): date ranges, text caps and the shapes of the JSON documents stored inside
text columns. `storage/bounds.py` applies them to every synchronised column; a refusal names the
rule broken, never the value."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from minorifamiglie.domain import json_bounds
from minorifamiglie.domain.hidden_text import has_hidden
from minorifamiglie.domain.observations import GRID_ITEMS, TEXT_ITEMS
from minorifamiglie.domain.validation import MAX_TEXT

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
DATETIME_MIN = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
DATETIME_MAX = dt.datetime(2100, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # what SQLite stores in an INTEGER

MAX_PRESENT_PERSONS = 200  # persons present at one visit
MAX_OBSERVATIONS_CHARS = 1_000_000  # the whole observations document
MAX_OBSERVATION_KEYS = 64
MAX_OBSERVATION_KEY_CHARS = 64
MAX_RATING_CHARS = 40
MAX_OBSERVATIONS_DEPTH = 4  # {"item": {"rating": …, "note": …}} nests two levels

MAX_NAME_CHARS = 200  # a device's or an operator's name (devices.name, operators.name)
MAX_TEAM_NAME_CHARS = 120
MAX_ROLE_CHARS = 40
MAX_ROSTER_MEMBERS = 1000
# Every active member is an age recipient of each bundle and roster: 500 stanzas of about 100
# bytes fit the 64 KiB header every reader allows (sync/age_header.py); 700 did not, and every
# reader passed the roster over without a word
MAX_ACTIVE_MEMBERS = 500
MAX_ROSTER_VERSION = 999_999  # as many as a roster file name's six digits count (sync/share.py)
MAX_STAMP_CHARS = 64  # an ISO timestamp such as a roster's issued_at

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class BoundError(ValueError):
    """A value outside its bounds; the message is the rule broken, never the value."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        super().__init__(rule)


def text(value: Any, max_chars: int) -> str:
    """A string of at most `max_chars` characters."""
    if not isinstance(value, str):
        raise BoundError("is not text")
    if len(value) > max_chars:
        raise BoundError(f"is longer than {max_chars} characters")
    return value


def count(value: Any, low: int, high: int) -> int:
    """An integer (not a boolean) in low..high."""
    if type(value) is not int:
        raise BoundError("is not an integer")
    if not low <= value <= high:
        raise BoundError(f"out of range ({low}..{high})")
    return value


def _document(value: Any, max_chars: int, max_depth: int) -> Any:
    if not isinstance(value, str):
        raise BoundError("is not text")
    if len(value) > max_chars:
        raise BoundError(f"is longer than {max_chars} characters")
    try:
        return json_bounds.loads(value.encode("utf-8", "surrogatepass"), max_depth)
    except ValueError:
        raise BoundError(f"is not JSON nested at most {max_depth} levels") from None


def uuid_list(value: Any, max_items: int = MAX_PRESENT_PERSONS) -> None:
    """A JSON list of distinct canonical UUID strings (`Visit.present_person_ids`); "" is []."""
    if value == "":
        return
    doc = _document(value, 64 * max_items + 16, 1)  # 38 characters an entry, spaces
    if not isinstance(doc, list):
        raise BoundError("is not a JSON list")
    if len(doc) > max_items:
        raise BoundError(f"lists more than {max_items} entries")
    if not all(isinstance(i, str) and _CANONICAL_UUID.fullmatch(i) for i in doc):
        raise BoundError("lists an entry that is not a UUID")
    if len(set(doc)) != len(doc):
        raise BoundError("lists an entry twice")


def observations(value: Any) -> None:
    """`Visit.observations` (domain/observations.py): a JSON object of at most
    MAX_OBSERVATION_KEYS items; a grid item is a rating or {"rating", "note"}, a heading is
    text; keys this version does not know are kept (a newer device wrote them), within the
    depth and size bounds. "" reads as {}."""
    if value == "":
        return
    doc = _document(value, MAX_OBSERVATIONS_CHARS, MAX_OBSERVATIONS_DEPTH)
    if not isinstance(doc, dict):
        raise BoundError("is not a JSON object")
    if len(doc) > MAX_OBSERVATION_KEYS:
        raise BoundError(f"has more than {MAX_OBSERVATION_KEYS} items")
    for key, item in doc.items():
        if len(key) > MAX_OBSERVATION_KEY_CHARS:
            raise BoundError(f"has an item name longer than {MAX_OBSERVATION_KEY_CHARS}")
        if key in GRID_ITEMS:
            _grid_item(item)
        elif key in TEXT_ITEMS and not (isinstance(item, str) and len(item) <= MAX_TEXT):
            raise BoundError(f"has a heading that is not text of at most {MAX_TEXT} characters")


def _grid_item(item: Any) -> None:
    if isinstance(item, str):
        rating, note = item, ""
    elif isinstance(item, dict) and set(item) <= {"rating", "note"}:
        rating, note = item.get("rating", ""), item.get("note", "")
    else:
        raise BoundError("has a grid item that is neither a rating nor {rating, note}")
    if not isinstance(rating, str) or len(rating) > MAX_RATING_CHARS:
        raise BoundError(f"has a rating that is not text of at most {MAX_RATING_CHARS} characters")
    if not isinstance(note, str) or len(note) > MAX_TEXT:
        raise BoundError(f"has a note that is not text of at most {MAX_TEXT} characters")


MAX_FROZEN_CHARS = 200_000  # what a signed visit's documents show (services/frozen.py)
MAX_FROZEN_ITEMS = 500
MAX_FROZEN_DEPTH = 3  # {"present": [["name", "role"]]}
MAX_VISIT_GOALS = 200


def frozen_document(value: Any) -> None:
    """`Visit.frozen`: a JSON object whose values are text, booleans, integers, or lists of
    text or of short lists of text (services/frozen.py writes it once at close). Keys this
    version does not know are kept (a newer device wrote them), within the bounds."""
    doc = _document(value, MAX_FROZEN_CHARS, MAX_FROZEN_DEPTH)
    if not isinstance(doc, dict):
        raise BoundError("is not a JSON object")
    if len(doc) > MAX_OBSERVATION_KEYS:
        raise BoundError(f"has more than {MAX_OBSERVATION_KEYS} items")
    for key, item in doc.items():
        if len(key) > MAX_OBSERVATION_KEY_CHARS:
            raise BoundError(f"has an item name longer than {MAX_OBSERVATION_KEY_CHARS}")
        if isinstance(item, list):
            if len(item) > MAX_FROZEN_ITEMS:
                raise BoundError(f"has a list longer than {MAX_FROZEN_ITEMS}")
            for entry in item:
                parts = entry if isinstance(entry, list) else [entry]
                if len(parts) > 4 or not all(_short_text(p) for p in parts):
                    raise BoundError("has a list entry that is not text")
        elif not (isinstance(item, (bool, int)) or _short_text(item)):
            raise BoundError("has an item that is not text, a number or a list")


def _short_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def goal_list(value: Any) -> None:
    """`Visit.goal_ids`: the goals worked on, a JSON list of distinct goal ids."""
    uuid_list(value, MAX_VISIT_GOALS)


def file_name(value: Any) -> None:
    """An attachment's file name as services.attachments.clean_filename makes it: one name,
    not a path, nothing hidden in it (a synced "relazione_\\u202efdp.exe" showed as a PDF and
    was saved as the .exe it is; "../../.config/autostart/x.desktop" was proposed as itself)."""
    if (
        not isinstance(value, str)
        or value.strip() != value
        or value in ("", ".", "..")
        or "/" in value
        or "\\" in value
        or has_hidden(value)
    ):
        raise BoundError("has not the expected shape")
