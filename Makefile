# baocao: every target sets itself up on a fresh machine (venv in .venv).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PDF ?= raw/*.pdf
OUT ?= extracted
GOLD ?= ../shared/gold-dev
REALTEXTS ?= ../shared/dev-realtexts
SAMPLE := raw/dienbien-2024-h1.pdf

.PHONY: install install-dev extract test test-quick lint format bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

extract: $(VENV)/.installed  ## run the whole pipeline on raw/*.pdf (or PDF=...)
	$(BIN)/baocao extract $(PDF) --out $(OUT)

test: $(VENV)/.installed-dev  ## pytest; "no tests collected" (exit 5) counts as success
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-quick: $(VENV)/.installed-dev  ## the quick loop: everything but the whole-sample tests
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(VENV)/.installed-dev  ## ruff (incl. docstrings and complexity), format check, mypy --strict
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix pipeline tests
	$(BIN)/ruff format pipeline tests

bench: $(VENV)/.installed  ## whole extract vs pdfplumber's floor, stages, peak memory, 4x report, batch (sample, or PDF=...); needs only the install (pypdfium2 comes with pdfplumber)
	$(BIN)/python -m pipeline.devtools.bench $(if $(filter raw/*.pdf,$(PDF)),$(SAMPLE),$(PDF))

eval: $(VENV)/.installed  ## score the sample against ../shared/gold-dev, the realtexts passages (extracted to a temp folder) against ../shared/dev-realtexts
	@$(BIN)/baocao extract $(SAMPLE) --out $(OUT) --quiet > /dev/null
	@$(BIN)/python -m pipeline.devtools.evaluate --gold $(GOLD) --report $(OUT)/dienbien-2024-h1 --realtexts $(REALTEXTS)

clean:
	rm -rf $(OUT)
