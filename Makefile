# Siaga: `make demo` builds and serves the demo district; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 /root/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
KABUPATEN ?= 35.09
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENV := SIAGA_DEBUG=1
# The browser tests drive Debian's Chromium; `make test` installs it when it can (root), else says what to do.
CHROMIUM ?= $(or $(SIAGA_CHROMIUM),/usr/bin/chromium)
APT_GET ?= apt-get

.PHONY: install browser demo serve test lint bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12+ tidak ditemukan. Pasang python3.12 atau setel PYTHON=/path/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'
	@touch $@

install: $(VENV)/.installed

demo: install
	$(DEMO_ENV) $(BIN)/siaga migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/siaga demo --kabupaten $(KABUPATEN)
	$(MAKE) serve

serve: install
	@echo "Siaga berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	@trap 'kill $$worker $$escalate 2>/dev/null' EXIT; \
	$(DEMO_ENV) $(BIN)/siaga worker --interval 0.5 & worker=$$!; \
	$(DEMO_ENV) $(BIN)/siaga reports_escalate --loop 60 & escalate=$$!; \
	$(DEMO_ENV) $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --workers 1

browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "make test butuh Chromium untuk uji peramban: jalankan 'sudo apt-get install -y chromium' lalu ulangi 'make test'." >&2; \
	    exit 1; \
	  fi; \
	  echo "Memasang Chromium (paket Debian) untuk uji peramban..."; \
	  $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium >/dev/null || exit 1; \
	  test -x "$(CHROMIUM)" || { echo "Chromium terpasang tetapi tidak ada di $(CHROMIUM)." >&2; exit 1; }; \
	fi

# One pytest worker per core (pytest-xdist, default "load" distribution: each worker still runs its transactional
# tests after the others, as Django orders them). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
test: browser install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEMO_ENV) $(BIN)/siaga makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles
