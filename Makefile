# Mötespärm — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt

.PHONY: run test test-fast lint typecheck pytest bench demo screenshots clean venv lock

venv: $(STAMP)

# The environment is made from the lock alone, every file checked against its hash;
# a changed lock or pyproject.toml makes it anew, so nothing unlocked lingers.
$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Resolve pyproject.toml's ranges (and requirements/tools.in) into the lock, with
# hashes, for every platform and Python the program supports. Pins already in the
# lock are kept; `make lock LOCK_FLAGS=--upgrade` takes the newest allowed.
lock: $(STAMP)
	$(PY) -m uv pip compile pyproject.toml requirements/tools.in --extra test --extra lock \
		--universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--quiet $(LOCK_FLAGS) -o $(LOCK)

run: $(STAMP)
	@$(PY) scripts/check_display.py
	$(PY) -m meetingapp

test: lint typecheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	$(PY) installer/build.py --bundle-only --selftest

lint: $(STAMP)
	$(PY) -m ruff check meetingapp tests bench scripts installer
	$(PY) -m ruff format --check meetingapp tests bench scripts installer

typecheck: $(STAMP)
	$(PY) -m mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The lane for working: lint, types and the tests not marked slow (crashes, fuzzing,
# big corpora); `make test` still runs everything.
test-fast: lint typecheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not slow" -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

demo: $(STAMP)
	$(PY) scripts/make_demo.py

screenshots: $(STAMP)
	$(PY) scripts/screenshots.py

# The installable program for this platform (installer/README.md); `make test`
# freezes it too and runs its --selftest.
.PHONY: package
package: $(STAMP)
	$(PY) installer/build.py

.PHONY: translations
translations: $(STAMP)
	$(PY) scripts/update_translations.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
