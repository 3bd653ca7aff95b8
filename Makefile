# The two commands a newcomer needs: `make run` and `make test`.
# Django 6 needs Python 3.12 or newer; the default python3 may be older, so look for one.

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter that is Python 3.12 or newer (pyenv's shims honour .python-version).
SYSTEM_PYTHON := $(shell for p in python3.12 python3.13 python3.14 python3 \
	$$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: run test test-browser lint check messages migrate demo admin clean help

help:
	@echo "make run    create .venv, install, migrate, load the demo data, serve on http://$(HOST):$(PORT)"
	@echo "           with the background worker (manage.py db_worker) and an hourly"
	@echo "           manage.py send_reminders beside the server"
	@echo "make test   run the whole test suite (set DATABASE_URL to test on PostgreSQL)"
	@echo "make test-browser  the browser tests only; they need Chromium and 'npm ci' (README)"
	@echo "make lint   ruff"
	@echo "make messages  gather the interface strings into locale/*/django.po and compile them"
	@echo "make clean  remove .venv and the SQLite database"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(SYSTEM_PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Install Python 3.12 (for example 'pyenv install 3.12'" ; \
		echo "or your system's python3.12 and python3.12-venv packages), then run make again." ; \
		exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "$(VENV) was made with an older Python; making it again."; rm -rf $(VENV); fi
	@[ -x $(PY) ] || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

admin: migrate
	$(PY) manage.py ensure_admin

# The server, and beside it the worker that runs background work (a fetch from the UN
# started on a page, news sent at once) and, every REMINDER_EVERY seconds, the reminder
# run a production server leaves to cron: stopping the server stops them.
REMINDER_EVERY ?= 3600
run: demo admin
	@$(PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	while sleep 5; do $(PY) manage.py send_reminders || true; sleep $(REMINDER_EVERY); done & reminders=$$!; \
	trap 'kill $$worker $$reminders 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser/) are part of the suite; without Chromium, or without
# axe-core from 'npm ci', they skip with the reason. REQUIRE_BROWSER=1 makes that a failure.
test: $(VENV)/.installed
	$(PY) -m pytest

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test-browser: $(VENV)/.installed node_modules/.package-lock.json
	REQUIRE_BROWSER=1 $(PY) -m pytest tests/browser

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l fr -l en --ignore='.venv/*' --ignore='bench/*' \
		--ignore='tests/*' --ignore='node_modules/*' --add-location=file
	$(PY) manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis node_modules
