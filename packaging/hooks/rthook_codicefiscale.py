"""Runtime hook: where python-codicefiscale finds its birthplace tables in the frozen app.

When frozen, codicefiscale.data looks for `data/` beside the executable, outside the bundle
(measured: every codice fiscale check failed with OSError in the first build). Its tables are
collected into the bundle's own `codicefiscale/data/` instead, and the module is pointed there
as it is imported: importing it here would cost every start 0.1 s, before the first window."""

import importlib.abc
import os
import sys

_MODULE = "codicefiscale.data"
_BASE = os.path.join(getattr(sys, "_MEIPASS", ""), "codicefiscale")


class _PointToBundle(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.inner.exec_module(module)
        module.get_data_basedir = lambda: _BASE


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != _MODULE:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                spec.loader = _PointToBundle(spec.loader)
                return spec
        return None


sys.meta_path.insert(0, _Finder())
