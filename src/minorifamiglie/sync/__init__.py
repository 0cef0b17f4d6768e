"""Offline sync through a shared folder: operations, signed and encrypted bundles, merge."""
