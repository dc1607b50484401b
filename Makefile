# srcrel: the two commands are `make report` and `make test`; `make help` lists the rest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/raw
PROCESSED ?= data/processed
REPORTS ?= reports

.DEFAULT_GOAL := help
.PHONY: help install data report test notebooks lab bench clean

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[dev]'
	touch $@

## install: create .venv if missing and install the study with its test tools (pinned)
install: $(STAMP)

## data: compute the tables for CORPUS (default data/raw) into PROCESSED (data/processed)
data: install
	$(BIN)/srcrel run --corpus $(CORPUS) --out $(PROCESSED)

## report: compute the tables and render the HTML report into REPORTS (default reports/)
report: install
	$(BIN)/srcrel report --corpus $(CORPUS) --out $(PROCESSED) --reports $(REPORTS)

## test: unit, property and end-to-end tests, and strict nbval on the stored notebooks
test: install
	$(BIN)/python -m pytest

## notebooks: sync each notebook with its .py twin and store it executed on data/raw
notebooks: install
	$(BIN)/jupytext --sync notebooks/[0-9]*.py
	$(BIN)/python -c "from analysis.report import store_executed; store_executed()"

## lab: open the notebooks in JupyterLab
lab: install
	$(BIN)/jupyter lab notebooks/

## clean: remove generated tables and reports (keeps .venv and data/raw)
clean:
	rm -rf $(PROCESSED)/*.parquet $(PROCESSED)/manifest.json $(REPORTS)/*
