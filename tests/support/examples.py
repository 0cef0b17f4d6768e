"""How many examples a property test draws: the bounded count it names in `make test`, the
fuzz profile's (tests/conftest.py) under HYPOTHESIS_PROFILE=fuzz, which `make fuzz` sets. The
fuzz tests ask through tests/fuzz/fuzz_schema.py's fuzz_settings; a property test elsewhere
that uses it is listed in the Makefile's FUZZ_PROPERTIES, so that `make fuzz` runs it."""

from __future__ import annotations

import os

from hypothesis import settings

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def examples(quick: int) -> int:
    """`quick` in the usual run; the loaded profile's count in the long one."""
    return settings().max_examples if LONG else quick
