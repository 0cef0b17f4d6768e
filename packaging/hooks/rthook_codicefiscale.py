"""Runtime hook: where python-codicefiscale finds its birthplace tables in the frozen app.

When frozen, codicefiscale.data looks for `data/` beside the executable, outside the bundle
(measured: every codice fiscale check failed with OSError in the first build). Its tables are
collected into the bundle's own `codicefiscale/data/` instead; point it there. The tables
themselves are still read lazily, on the first check."""

import os
import sys

import codicefiscale.data

_BASE = os.path.join(getattr(sys, "_MEIPASS", ""), "codicefiscale")
codicefiscale.data.get_data_basedir = lambda: _BASE
