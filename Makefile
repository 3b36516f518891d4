# Two commands: `make run` serves the demo county, `make test` runs the checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export FLASK_APP := lvzhi

.PHONY: run test test-pg test-e2e lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# serving needs the app and the PostgreSQL driver; the checks add pytest, playwright and ruff
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	touch $@

run: $(VENV)/.installed-run
	$(BIN)/flask init-db
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

# the same suite against PostgreSQL: LVZHI_TEST_DATABASE_URL=postgresql://... make test-pg
test-pg: $(VENV)/.installed-dev
	$(BIN)/pytest -q

test-e2e: $(VENV)/.installed-dev
	LVZHI_REQUIRE_E2E=1 $(BIN)/pytest -q -m e2e

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# province-scale load benchmark (needs wrk); on PostgreSQL: make bench DB=postgresql://...
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run $(if $(DB),--db '$(DB)')

clean:
	rm -rf $(VENV) .ruff_cache
