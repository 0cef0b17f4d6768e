"""The frozen application's entry point: the same command line as `minorifamiglie` (the GUI when
started without arguments, as from the Start menu or the desktop entry)."""

import multiprocessing

from minorifamiglie.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when unused; required if a pool is ever started
    raise SystemExit(main())
