# BCF Planner: `make run` installs and opens the app on the demo area; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run serve test bench load fuzz install install-test lint clean browser

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# on this machine only (127.0.0.1, .streamlit/config.toml); `make serve` or `bcf serve` runs it for a team
run: install
	$(VENV)/bin/streamlit run app.py

# for a team: listens on the network, refuses to start without sign-in (docs/deploy.md)
serve: install
	$(VENV)/bin/bcf serve

# End-to-end tests drive Debian's chromium through Playwright (no browser download); the export
# tests render workbooks and slides to PDF and PNG with LibreOffice and poppler.
SYSTEM_PACKAGES := chromium libreoffice-calc-nogui libreoffice-impress-nogui poppler-utils
browser:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the browser and export tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

test: install-test browser
	$(PY) -m pytest

fuzz: install-test
	$(PY) -m fuzz.fuzz_readers --seconds $${FUZZ_SECONDS:-600}

bench: install-test browser
	$(PY) -m benchmarks.run

# 1, 5 and 10 browser sessions on one server: time per page run against one session, and peak memory
load: install-test browser
	$(PY) -m benchmarks.bench_load

lint: install-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
