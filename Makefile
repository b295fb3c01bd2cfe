# Mötespärm — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench demo screenshots clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@$(PY) scripts/check_display.py
	$(PY) -m meetingapp

test: $(STAMP)
	$(PY) -m ruff check meetingapp tests bench scripts installer
	$(PY) -m ruff format --check meetingapp tests bench scripts installer
	$(PY) -m mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	$(PY) installer/build.py --bundle-only --selftest

lint: $(STAMP)
	$(PY) -m ruff check meetingapp tests bench scripts installer
	$(PY) -m ruff format --check meetingapp tests bench scripts installer

typecheck: $(STAMP)
	$(PY) -m mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

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
