# Development tasks for gradient_uncertainty; `make help` lists them.
# Every target bootstraps .venv (pip install -e ".[dev]" -c constraints.txt) when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install.stamp

# Datasets are looked for under $GRADIENT_UNCERTAINTY_DATA when the caller sets it, else ~/.cache/gradient_uncertainty.
ifdef GRADIENT_UNCERTAINTY_DATA
export GRADIENT_UNCERTAINTY_DATA
endif

.DEFAULT_GOAL := help
.PHONY: help install demo data test test-slow export check-export clean-nbs show-doc readme docs

help:
	@echo "make demo          run the default study (the gradient-uncertainty console script)"
	@echo "make data          download into the data root what torchvision can fetch; list what to fetch by hand"
	@echo "make test          the notebooks' tests (skipping, and naming, those whose datasets are missing), then pytest tests/"
	@echo "make test-slow     the same, including cells flagged '#| slow'"
	@echo "make export        nbdev_export: write gradient_uncertainty/*.py from nbs/"
	@echo "make check-export  export, then fail if gradient_uncertainty/ differs from what is committed"
	@echo "make clean-nbs     nbdev_clean: strip notebook metadata before committing"
	@echo "make show-doc      refresh the stored outputs of the notebooks' show_doc cells after docments change (tools/refresh_show_doc.py)"
	@echo "make readme        write README.md from nbs/index.ipynb"
	@echo "make docs          build the docs site in docs/ from the notebooks and their stored outputs (offline, no Quarto; tools/make_docs.py)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.py settings.ini constraints.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]" -c constraints.txt
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/gradient-uncertainty

data: $(STAMP)
	$(BIN)/gradient-uncertainty data

# tools/run_tests.py runs nbdev_test with the `#| needs_<dataset>` flags of the datasets found (under CI: all, or it fails)
test: $(STAMP)
	$(BIN)/python tools/run_tests.py --n_workers 2
	$(BIN)/pytest -q -rs tests

test-slow: $(STAMP)
	$(BIN)/python tools/run_tests.py --n_workers 2 --slow
	$(BIN)/pytest -q -rs tests

export: $(STAMP)
	$(BIN)/nbdev_export

check-export: export
	@if [ -n "$$(git status --porcelain gradient_uncertainty)" ]; then \
		git status --porcelain gradient_uncertainty; \
		echo "gradient_uncertainty/ is out of date with nbs/: run \`make export\` and commit the result"; \
		exit 1; \
	fi

clean-nbs: $(STAMP)
	$(BIN)/nbdev_clean

show-doc: $(STAMP)
	$(BIN)/python tools/refresh_show_doc.py
	$(BIN)/nbdev_clean

readme: $(STAMP)
	$(BIN)/python tools/make_readme.py

docs: $(STAMP)
	$(BIN)/python tools/make_docs.py
