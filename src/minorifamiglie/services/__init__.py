"""Use cases called by both the command line and the GUI; they return plain dataclasses."""
