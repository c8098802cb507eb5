# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PO := $(wildcard itready/locale/*/LC_MESSAGES/itready.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint bench e2e i18n clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[fast,dev]'
	touch $(STAMP)

# An editable install compiles the catalogues once; recompile when a .po changed since.
%.mo: %.po $(STAMP)
	$(BIN)/python scripts/i18n.py compile

# Texts changed in the code: extract them, merge into the catalogues, compile.
i18n: $(STAMP)
	$(BIN)/python scripts/i18n.py extract update compile

run: $(STAMP) $(MO)
	$(BIN)/itready check inventories/musterstadt --as-of 2026-11-27 --fail-on never

test: $(STAMP) $(MO)
	$(BIN)/ruff check itready tests bench scripts
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check itready tests bench scripts
	$(BIN)/mypy itready

bench: $(STAMP)
	$(BIN)/python bench/run.py

e2e: $(STAMP) $(MO)
	$(BIN)/pytest -m e2e tests/e2e -o addopts=""

clean:
	rm -rf $(VENV) build *.egg-info
