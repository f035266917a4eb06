# One task runner for everything: set-up, generate, check, lint, typecheck, test, bench.
# Every target sets up .venv first (once; again when pyproject.toml or constraints.txt change).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.atsgen-installed
# pytest-xdist workers for `make test`: the machines have 2 cores. `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 2

.PHONY: setup generate check lint test typecheck bench clean help
.DEFAULT_GOAL := help

help:
	@echo "make setup      create or update .venv (atsgen is then .venv/bin/atsgen)"
	@echo "make generate   set up .venv and regenerate generated/ from specs/"
	@echo "make test       set up .venv and run the whole test suite"
	@echo "make check      fail when generated/ is stale or was edited by hand"
	@echo "make lint       check every spec in specs/"
	@echo "make typecheck  mypy --strict on generator/, generated/ and the runtime"
	@echo "make bench      run the benchmarks and print the figures"
	@echo "make clean      remove .venv and the caches"

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt generated/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]' -e ./generated
	@touch $@

generate: $(STAMP)
	$(BIN)/atsgen generate

check: $(STAMP)
	$(BIN)/atsgen generate --check

lint: $(STAMP)
	$(BIN)/atsgen lint

typecheck: $(STAMP)
	$(BIN)/mypy generator generated/ats_sdk templates/runtime

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[bench]'
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .atsgen-cache .pytest_cache .mypy_cache
