# Two commands: `make run` serves the demo county, `make test` runs the checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export FLASK_APP := lvzhi

.PHONY: run test test-pg test-e2e test-dates two-node lint format bench clean

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

# no assertion may depend on the day the suite runs: run it (without the browser tests) as if it
# were the 1st, the 5th and the 6th of a month and 31 December; every day runs, then it fails
TEST_DATES ?= 2026-12-01 2026-12-05 2026-12-06 2026-12-31
test-dates: $(VENV)/.installed-dev
	@failed=""; for day in $(TEST_DATES); do \
	  echo "=== LVZHI_TEST_TODAY=$$day"; \
	  LVZHI_TEST_TODAY=$$day $(BIN)/pytest -q -p no:cacheprovider --ignore=tests/e2e || failed="$$failed $$day"; \
	done; \
	if [ -n "$$failed" ]; then echo "failed on:$$failed"; exit 1; fi

# deploy/ on this machine: nginx over two gunicorn nodes on a scratch PostgreSQL database, one
# node killed halfway (needs nginx and a PostgreSQL role that may create databases)
two-node: $(VENV)/.installed-dev
	$(BIN)/python deploy/two_node_test.py

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
