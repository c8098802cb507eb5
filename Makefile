# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench e2e clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[fast,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/itready check inventories/musterstadt --as-of 2026-11-27 --fail-on never

test: $(STAMP)
	$(BIN)/ruff check itready tests bench scripts
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check itready tests bench scripts
	$(BIN)/mypy itready

bench: $(STAMP)
	$(BIN)/python bench/run.py

e2e: $(STAMP)
	$(BIN)/pytest -m e2e tests/e2e -o addopts=""

clean:
	rm -rf $(VENV) build *.egg-info
