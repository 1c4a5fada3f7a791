# Custodian: two commands set everything up.
#   make run   - install, migrate, build the demo area if the database is empty, serve on :8000
#   make test  - install what the tests need and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

node_modules/govuk-frontend/package.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed node_modules/govuk-frontend/package.json

install-dev: $(VENV)/.installed-dev node_modules/govuk-frontend/package.json

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py demo_users
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	bash scripts/install-browser.sh
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

benchmark: install-dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules var
