# PES portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# Development defaults for `make run`; any PORTAL_* variable you export wins.
export PORTAL_ENV ?= development
# The address served is the public URL (links in PDFs, QR codes, e-mails; the dev eID provider).
RUN_ENV := PORTAL_DEV_EID=$${PORTAL_DEV_EID:-1} PORTAL_DEV_XROAD=$${PORTAL_DEV_XROAD:-1} PORTAL_DEV_MAIL=$${PORTAL_DEV_MAIL:-1} \
           PORTAL_PUBLIC_URL=$${PORTAL_PUBLIC_URL:-http://$(HOST):$(PORT)}
JOBS_CONSUMER := $(BIN)/huey_consumer portal.jobs.huey -w 2 -k thread

.PHONY: help install install-dev run jobs test lint format assets translations compile-translations \
        migrate seed staff staff-list staff-remove routes test-python test-browser node-deps doctor clean bench \
        bench-reports bench-matching bench-matching-eval bench-cpu bench-memory bench-session bench-weight \
        bench-wsgi bench-instructions

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[36m%-22s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

install: $(VENV)/.installed compile-translations ## Create the virtual environment and install the portal

install-dev: $(VENV)/.installed-dev compile-translations ## Install the portal with test and lint tools

compile-translations: $(VENV)/.installed ## Compile the message catalogs (.po -> .mo; not committed)
	$(BIN)/pybabel -q compile -d portal/translations

translations: $(VENV)/.installed ## Extract messages and update every catalog, then compile
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _text -k _tag -k _template_text -k template_text --no-location --sort-output --omit-header \
	  -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations \
	  --ignore-obsolete --no-fuzzy-matching --no-wrap
	$(MAKE) compile-translations

migrate: install ## Migrate the database to the newest schema
	$(FLASK) db upgrade

seed: migrate ## Add demo data (idempotent)
	$(FLASK) seed

# The staff table and the route list, in the development environment `make run` uses (a bare
# `flask --app app ...` runs as production and refuses the development settings).
OFFICE ?= Tallinn
staff: migrate ## Add or change a staff member: make staff CODE=49403136526 ROLE=counsellor [OFFICE=Tallinn]
	@test -n "$(CODE)" -a -n "$(ROLE)" || { echo "usage: make staff CODE=<personal code> ROLE=counsellor|supervisor|administrator [OFFICE=...]"; exit 2; }
	$(FLASK) staff add "$(CODE)" --role "$(ROLE)" --office "$(OFFICE)"

staff-list: migrate ## List staff members
	$(FLASK) staff list

staff-remove: migrate ## Remove a staff member: make staff-remove CODE=49403136526
	@test -n "$(CODE)" || { echo "usage: make staff-remove CODE=<personal code>"; exit 2; }
	$(FLASK) staff remove "$(CODE)"

routes: install ## List every route with its methods
	$(FLASK) routes

run: seed ## Install, migrate, seed and serve the portal on http://127.0.0.1:5000 (HOST=, PORT= to change), with the job consumer
	@$(RUN_ENV) $(JOBS_CONSUMER) & consumer=$$!; \
	trap 'kill $$consumer 2>/dev/null; wait $$consumer 2>/dev/null' EXIT; \
	$(RUN_ENV) $(FLASK) run --host $(HOST) --port $(PORT)

jobs: install ## Run the background job consumer alone (huey; SQLite queue in instance/, Redis with PORTAL_REDIS_URL)
	$(RUN_ENV) $(JOBS_CONSUMER)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

node-deps: node_modules/.package-lock.json ## Install the npm packages (assets build, axe-core)

assets: node-deps ## Rebuild static/ from GOV.UK Frontend Sass and htmx (needs Node)
	node assets/build.mjs

lint: install-dev ## Check code style and common bugs (ruff)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

doctor: install ## Check the system packages the portal and its tests need (WeasyPrint's libraries, Chromium, Node)
	$(BIN)/python -m portal.doctor

test-python: install-dev doctor node-deps ## Run the test suite without lint
	PORTAL_ENV=test $(BIN)/pytest $(PYTEST_ARGS)

test: lint test-python ## Lint and run every test (unit, views, functional, browser)

bench: install-dev ## Benchmark the main pages against a bare hello app, then search at 100,000 vacancies, then matching (BENCH_DB=sqlite|postgresql, BENCH_ARGS=..., BENCH_SEARCH_ARGS=...)
	PYTHONPATH=. $(BIN)/python -m bench.run --db $${BENCH_DB:-sqlite} $(BENCH_ARGS)
	PYTHONPATH=. $(BIN)/python -m bench.search --db $${BENCH_DB:-sqlite} $(BENCH_SEARCH_ARGS)
	$(MAKE) bench-matching

bench-cpu: install-dev ## CPU milliseconds per request of every benched page, in-process (little affected by machine load)
	PYTHONPATH=. $(BIN)/python -m bench.cpu --db $${BENCH_DB:-sqlite} $(BENCH_CPU_ARGS)

bench-instructions: install-dev ## Instructions per request of every benched page under callgrind, repeatable to ~0.1% (BENCH_DB=..., IR_ARGS="--only inbox --save after.json --compare before.json")
	PYTHONPATH=. $(BIN)/python -m bench.instructions --db $${BENCH_DB:-sqlite} $(IR_ARGS)

bench-matching: install-dev ## Matching among 100,000 jobseekers and vacancies: p95, plans (BENCH_DB=..., MATCHING_ARGS="--jobseekers 10000")
	PYTHONPATH=. $(BIN)/python -m bench.matching --db $${BENCH_DB:-sqlite} $(MATCHING_ARGS)

bench-matching-eval: install-dev ## Recall@10 of the ranking against a full-text baseline on a generated population
	PYTHONPATH=. $(BIN)/python -m bench.matching_eval $(MATCHING_EVAL_ARGS)

bench-memory: install-dev ## Memory per gunicorn worker (RSS, PSS, USS) after serving every bench page; fails above 55 MiB PSS (MEMORY_ARGS=...)
	PYTHONPATH=. $(BIN)/python -m bench.memory --db $${BENCH_DB:-sqlite} $(MEMORY_ARGS)

bench-session: install-dev ## CPU time of loading a signed-in session per request (goal <= 1 ms)
	PYTHONPATH=. $(BIN)/python -m bench.session_cost --db $${BENCH_DB:-sqlite} $(SESSION_ARGS)

bench-wsgi: install-dev ## A gunicorn worker's CPU per request split by part (parse, app, write, access log, poller) against in-process (WSGI_ARGS="--only inbox")
	PYTHONPATH=. $(BIN)/python -m bench.wsgi_cost --db $${BENCH_DB:-sqlite} $(WSGI_ARGS)

bench-weight: install-dev ## Bytes on the wire of a first load (goal <= 150 KB) and of htmx swaps (goal <= 20 KB)
	PYTHONPATH=. $(BIN)/python -m bench.weight $(WEIGHT_ARGS)

bench-reports: install-dev ## Benchmark the reports at 100,000 jobseekers and 1,000,000 events (BENCH_DB=postgresql)
	PYTHONPATH=. $(BIN)/python -m bench.run --db $${BENCH_DB:-postgresql} --reports-jobseekers 100000 \
	  --reports-events 1000000 --only report $(BENCH_ARGS)

format: install-dev ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove the virtual environment, compiled catalogs and caches
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
	find portal/translations -name '*.mo' -delete
