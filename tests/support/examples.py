"""How many examples a property test outside tests/fuzz draws: the bounded count it names in
`make test`, the fuzz profile's (tests/conftest.py) under HYPOTHESIS_PROFILE=fuzz, which
`make fuzz` sets; the same rule as tests/fuzz/fuzz_schema.py's fuzz_settings."""

from __future__ import annotations

import os

from hypothesis import settings

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def examples(quick: int) -> int:
    """`quick` in the usual run; the loaded profile's count in the long one."""
    return settings().max_examples if LONG else quick
