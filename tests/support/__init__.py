"""What the tests share: profiles (cheap KDF, copied from a template made once per session),
the command line run in-process, the day and the clock. tests/ is on pytest's path, so a test
writes `from support.profiles import PASSPHRASE`."""
