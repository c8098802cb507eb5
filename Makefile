# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PO := $(wildcard itready/locale/*/LC_MESSAGES/itready.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint bench e2e e2e-system i18n clean


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

# make e2e: the end-to-end tests. The management report's need Debian's chromium (installed here
# when missing, as root with apt-get; never `playwright install`) and the e2e extras (Playwright,
# axe-core's axe.min.js, pypdf); tests whose tools are missing skip with the reason.
E2E_STAMP := $(VENV)/.e2e-installed
E2E_DEBS := chromium fonts-dejavu-core

$(E2E_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[fast,dev,e2e]'
	touch $(E2E_STAMP)

e2e-system:
	@if [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $(E2E_DEBS); \
	else echo "e2e: no Chromium, and no root and apt-get to install it: browser tests skip"; fi

e2e: $(E2E_STAMP) e2e-system $(MO)
	$(BIN)/pytest -m e2e tests/e2e -o addopts=""

clean:
	rm -rf $(VENV) build *.egg-info
