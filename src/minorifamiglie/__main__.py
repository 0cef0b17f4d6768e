"""`python -m minorifamiglie` runs the command line."""

from minorifamiglie.cli import main

raise SystemExit(main())
