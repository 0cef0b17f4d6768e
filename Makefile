# Two commands a newcomer needs: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint typecheck layers pytest pytest-fast bench clean demo translations \
	screenshots package package-test package-install-test wheels-check bench-package fuzz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Serve Python 3.11 o successivo"; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)  # --clear: nothing left of a dependency pyproject dropped
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Opens the application on a demo profile (synthetic data; demo-only passphrase "demo demo demo").
run: $(STAMP)
	$(BIN)/python -m minorifamiglie.devdemo

test: lint typecheck layers pytest

# While working: the same checks, and the suite without the tests marked slow (about a minute).
check: lint typecheck layers pytest-fast

lint: $(STAMP)
	$(BIN)/ruff check src tests bench docs packaging
	$(BIN)/ruff format --check src tests bench docs packaging

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

# The suite with Python's usual bytecode cache, even where the environment turns it off
# (PYTHONDONTWRITEBYTECODE, set on some CI images): pytest keeps each test module's rewritten
# asserts there, about 9 s of every worker's start, and every test that starts a process of the
# program would compile its modules again.
#
# The tests' temporary folders on a RAM disk where there is a roomy one (/dev/shm on Linux):
# the profiles, bundles and backups they write fsync their files and folders
# (portable.py), which costs 3.4 ms a call on this machine's disk and microseconds in memory:
# 10 of test_syncing.py's 60 s were those waits. A test's folder is removed when it passes
# (tmp_path_retention_policy in pyproject.toml), so a run holds little there; a small
# /dev/shm (Docker gives 64 MB) is left alone and the tests use the usual temporary folder.
TEST_TMPDIR := $(shell d=/dev/shm; [ -d $$d ] && [ -w $$d ] && \
	[ "$$(df -Pk $$d | awk 'NR == 2 {print $$4}')" -ge 2097152 ] 2>/dev/null && echo $$d)
PYTEST := env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen \
	$(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR)) $(BIN)/pytest

# -n auto: one pytest-xdist worker per core (each with its own template profiles).
# --dist worksteal: each worker starts on its own half of the suite, in order, and takes half
# of what the other has left when it runs out. A module's fixtures are then made by one worker,
# not by both, and neither waits idle at the end: 183 s against 199 s for the default
# scheduling, with 30 s less CPU (2 cores, idle). Not --dist loadfile: when a worker crashes,
# pytest-xdist 3.8's file scheduler can wait for it for ever; worksteal replaces the worker and
# reports the test that crashed it.
PYTEST_XDIST := -n auto --dist worksteal

pytest: $(STAMP)
	$(PYTEST) -q $(PYTEST_XDIST)

pytest-fast: $(STAMP)
	$(PYTEST) -q $(PYTEST_XDIST) -m "not slow"

# The whole suite while one busy loop per core competes for the CPU: no test may depend on how
# fast the machine is. The loops are stopped however pytest ends (failure, Ctrl-C).
# PYTEST_ARGS narrows it: make test-under-load PYTEST_ARGS=tests/gui
.PHONY: test-under-load
test-under-load: $(STAMP)
	@pids=""; trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	cores=$$($(BIN)/python -c 'import os; print(os.cpu_count() or 1)'); \
	for i in $$(seq $$cores); do $(BIN)/python -c 'while True: pass' & pids="$$pids $$!"; done; \
	echo "Carico: $$cores processi occupati ($$pids)"; \
	$(PYTEST) -q $(PYTEST_ARGS)

# tests/fuzz (hostile values for every synced field, built from storage/bounds.py) and the
# byte-level mutation tests of the same formats, with the long hypothesis profile.
FUZZ_BYTES := tests/unit/sync/test_bundle.py tests/unit/services/test_zip_checks.py \
	tests/unit/services/test_handoff_container.py
# Property tests that draw fewer examples in `make test` than here (tests/support/examples.py);
# test_sync_property's thousand histories of three real profiles take about twenty minutes.
FUZZ_PROPERTIES := tests/unit/sync/test_merge.py tests/unit/services/test_sync_property.py
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PYTEST) -q tests/fuzz $(FUZZ_BYTES) $(FUZZ_PROPERTIES)

bench: $(STAMP)
	$(BIN)/python bench/bench_storage.py
	$(BIN)/python bench/bench_gui.py
	$(BIN)/python bench/bench_sync.py
	$(BIN)/python bench/bench_print.py
	$(BIN)/python bench/bench_handoff.py
	$(BIN)/python bench/bench_cli.py
	$(BIN)/python bench/bench_status.py
	$(BIN)/python bench/bench_bounds.py
	$(BIN)/python bench/bench_merge.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_stream.py
	$(BIN)/python bench/bench_day.py

# Extract the English source strings of ui/ into the Italian .ts, then compile the .qm that ships.
TS := src/minorifamiglie/resources/translations/minorifamiglie_it.ts
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -extensions py -no-obsolete -locations relative \
		-source-language en -target-language it_IT src/minorifamiglie/ui -ts $(TS)
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $(TS:.ts=.qm)

# Every screen, in Italian, rendered offscreen from a throwaway demo profile (fixed seed and
# date) into docs/screenshots/; the README shows some of them.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py

# ---------------------------------------------------------------- packaging (packaging/README.md)
# The frozen app is built from a plain (not editable) install in a venv of its own, so what
# ships is what pip installs, never the source tree.
PKG_VENV := build/package-venv
PKG_BIN := $(PKG_VENV)/bin
PKG_STAMP := $(PKG_VENV)/.installed

$(PKG_STAMP): pyproject.toml
	$(PYTHON) -m venv --clear $(PKG_VENV)
	$(PKG_BIN)/pip install --quiet --upgrade pip
	$(PKG_BIN)/pip install --quiet . 'pyinstaller>=6.10,<7'
	@touch $(PKG_STAMP)

# dist/minorifamiglie/ (one folder), then dist/minorifamiglie_<version>_amd64.deb and
# dist/minorifamiglie-<version>-linux-x86_64.tar.gz.
package: $(PKG_STAMP)
	$(PKG_BIN)/pip install --quiet --no-deps --force-reinstall .
	rm -rf dist/minorifamiglie build/pyinstaller
	$(PKG_BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/minorifamiglie.spec
	$(PKG_BIN)/python packaging/linux/build_packages.py

# Drives the built executable (not the source tree) through an educator's whole day.
package-test:
	@test -x dist/minorifamiglie/minorifamiglie || { echo "Prima: make package"; exit 1; }
	QT_QPA_PLATFORM=offscreen $(PYTHON) packaging/smoke_test.py dist/minorifamiglie/minorifamiglie

# The .deb installed with apt, upgraded, removed and purged on this machine (root): the profile
# made in between must come through byte for byte.
package-install-test:
	bash packaging/linux/install_test.sh

# Size of the build and packages, and start-up beside a bare window frozen with the same spec.
bench-package:
	@test -x dist/minorifamiglie/minorifamiglie || { echo "Prima: make package"; exit 1; }
	$(PKG_BIN)/python bench/bench_package.py

# Asks the package index: every runtime dependency has binary wheels for Windows, macOS, Linux.
wheels-check:
	$(PYTHON) packaging/wheels_check.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist src/*.egg-info
