# BasQaru Events: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV   ?= .venv
PORT   ?= 8000
HOST   ?= 127.0.0.1
PY      = $(VENV)/bin/python

.PHONY: admin run token test fuzz install install-dev messages assets lint worker clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## The demo: SQLite, demo data, tasks run in-process, served at http://$(HOST):$(PORT)/
run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py load_grant_plan
	@echo "BasQaru Events is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	DEBUG=true SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

## A device token for the demo's database, e.g. `make token USER=volunteer DEVICE=door-1 [DAYS=30]`
## (prints bq_…). Like `make run` it runs with DEBUG on, so it needs no SECRET_KEY; USER must be
## given on the command line (the shell's own USER variable names someone else).
token: install
	@if [ "$(origin USER)" != "command line" ]; then \
	  echo "Name the user whose device gets the token: make token USER=volunteer [DEVICE=door-1] [DAYS=30]" >&2; exit 2; fi
	@DEBUG=true $(PY) manage.py issue_token "$(USER)" --device "$(DEVICE)" $(if $(DAYS),--days $(DAYS))
	@echo "Try it: curl -H 'Authorization: Bearer <the token>' http://$(HOST):$(PORT)/api/me" >&2

## An administrator (a superuser) for the demo's database, for /admin/: asks for a username and password.
admin: install
	DEBUG=true $(PY) manage.py createsuperuser

## The whole test suite. CI sets DATABASE_URL (PostgreSQL) and REDIS_URL (Redis, a real worker), and
## CI=true, which fails the run if a `postgres`, `real_worker` or `browser` test was skipped.
## It includes the schema fuzz run (marker `fuzz`: schemathesis over /api/openapi.json, bounded and
## deterministic, about 20 s); `PYTEST_ARGS='-m "not fuzz"'` leaves it out. The tests run in parallel
## processes, one per CPU up to 8 (pytest-xdist; each has its own test database and Redis database);
## `PARALLEL=` runs them in one process.
PARALLEL ?= -n auto --maxprocesses=8
test: install-dev
	$(VENV)/bin/pytest $(PARALLEL) $(PYTEST_ARGS)

## Only the schema fuzz run, deeper: FUZZ_EXAMPLES cases per operation (CI uses 100).
FUZZ_EXAMPLES ?= 1000
fuzz: install-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -m fuzz $(PYTEST_ARGS)

## Rebuild the translation catalogues (needs GNU gettext); the compiled .mo files are committed.
messages: install-dev
	DEBUG=true $(PY) manage.py makemessages -l kk -l ru -l en --no-obsolete --ignore=.venv --ignore=node_modules
	DEBUG=true $(PY) manage.py makemessages -d djangojs -l kk -l ru -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=staticfiles
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

## Refresh vendored front-end assets from npm (committed under static/).
assets:
	bash scripts/vendor_assets.sh

## A Celery worker for local work with Redis (REDIS_URL must be set).
worker: install
	$(VENV)/bin/celery -A config worker -B -l info

## Lint and check the formatting (`ruff format .` fixes the latter).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles var
