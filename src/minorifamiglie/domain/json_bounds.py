"""JSON from a file that crossed a trust boundary, parsed only after its nesting depth is known
to be bounded: a document nested ten thousand levels deep is refused with ValueError, never a
RecursionError from the parser. A string holding a lone surrogate (`"\\ud800"`: valid JSON,
but no UTF-8 text) is refused too: it would fail much later, wherever the text is written."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 32  # the application's own documents nest a few levels
# A string literal (escapes included): brackets inside strings do not nest anything.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
# Where a surrogate can come from: UTF-8 itself cannot encode one, only a \\u escape can.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_STEP = tuple(1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256))


def depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in `data` (0 for a scalar), counted in C
    (regex, translate, accumulate): linear in the size, whatever the shape."""
    brackets = _STRING.sub(b'""', data).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(data: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """The document in `data` (UTF-8), or ValueError when it is not JSON, not UTF-8, or nested
    deeper than `max_depth`."""
    if depth(data) > max_depth:
        raise ValueError("JSON nested too deeply")
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from None
    if not text_only(data, value):
        raise ValueError("a string holds a lone surrogate")
    return value


def text_only(data: bytes, value: Any) -> bool:
    """Whether every string of `value`, parsed from the JSON `data`, is text that UTF-8 can
    encode. Only a document with a surrogate escape is looked at again (encoded whole, once)."""
    if not _SURROGATE_ESCAPE.search(data):
        return True
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
