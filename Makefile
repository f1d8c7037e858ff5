# The portal's commands. `make run` and `make test` are the README's quick start.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-full lint format messages venv migrate seed collectstatic clean worker beat backup restore

# uv is taken from PATH, else installed once into .tools/ (uv is on PyPI).
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := .tools/bin/uv
endif

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

venv: $(VENV)/.synced

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: venv
	$(VENV)/bin/celery -A wco_sse worker --loglevel INFO

beat: venv
	$(VENV)/bin/celery -A wco_sse beat --loglevel INFO

collectstatic: venv
	$(PY) manage.py collectstatic --noinput -v0

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py checkmessages

# The quick suite: SQLite by default (PostgreSQL when DATABASE_URL names one); tests
# needing PostgreSQL, Redis or chromium skip, saying so, where those are missing.
test: lint collectstatic
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

# The full suite CI runs: a skipped PostgreSQL, Redis or browser test fails the run.
test-full: venv collectstatic
	WCO_REQUIRE_SERVICES=1 $(VENV)/bin/pytest -n $(PYTEST_WORKERS)

# The benchmark (not part of `make test`): PostgreSQL (BENCH_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/wco_bench), Redis DB 12, wrk and locust; see
# bench/run.py and the README. Writes bench/results.json.
.PHONY: bench
bench: venv
	$(UV) sync --frozen --group bench --python $(PYTHON)
	$(PY) bench/run.py

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat --quiet || true

# Update the catalogue from the source, then compile it (needs GNU gettext).
messages: venv
	$(PY) manage.py makemessages -l ja --no-location --no-obsolete -i ".venv/*" -i ".tools/*" -i "staticfiles/*" -i "tests/*"
	$(PY) manage.py compilemessages -l ja -i ".venv" -i ".tools"

# Backup of the PostgreSQL database (DATABASE_URL) and the stored files; see the README.
backup: venv
	$(PY) manage.py backup $(if $(BACKUP_DIR),--output $(BACKUP_DIR))

# make restore BACKUP=backups/wco-YYYYMMDD-HHMMSS (into an empty DATABASE_URL database).
restore: venv
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/wco-YYYYMMDD-HHMMSS"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) .tools staticfiles db.sqlite3 db.sqlite3-*
