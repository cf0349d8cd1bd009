# Two commands for a newcomer: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: run test lint install oracle stories bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

# Twilio's own segment calculator (npm), the oracle the segment tests compare against.
oracle: tests/oracle/node_modules/.package-lock.json

tests/oracle/node_modules/.package-lock.json: tests/oracle/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/oracle --no-audit --no-fund --silent; \
	else echo "npm not found: the segment oracle tests will be skipped"; fi

# Bytecode first: with PYTHONDONTWRITEBYTECODE set, every start would compile the project again (~0.25 s).
run: install
	$(BIN)/python -m compileall -q -x '/eval/' bot handlers knowledge scheduler
	$(BIN)/bot serve

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) oracle
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) data tests/oracle/node_modules .pytest_cache
