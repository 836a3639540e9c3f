# Everything a developer or CI needs, from a machine with only Python 3.11+ and make.
# uv lives in its own venv (var/tools): `uv sync` removes from .venv whatever the lock does not
# name, uv included, so it cannot live in the project's environment.
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# Development and tests run with DEBUG on (it allows the development SECRET_KEY); production
# sets DEBUG=false and its own secrets.
export DEBUG ?= true

.PHONY: run install test lint format messages compilemessages demo reminders worker check-deploy bench backup restore prod-drill clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages_py
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (xgettext, msgmerge); `make run` does not.
messages: install
	$(PY) manage.py makemessages --locale ar --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages_py

demo: install
	$(PY) manage.py load_demo

# Run the digest and convening reminders once: make reminders ARGS="--dry-run --date 2026-12-14"
reminders: install
	$(PY) manage.py send_reminders $(ARGS)

worker: install
	$(VENV)/bin/celery -A federation worker --beat --loglevel INFO

check-deploy: install
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=tansiq.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Pages under load at 100,000 organizations (PostgreSQL; wrk from Debian): see bench/pages.py.
# make bench ARGS="--orgs 2000 --convenings 200 --recommendations 2000 --duration 5"
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/pages.py $(ARGS)

# The database (pg_dump's custom format; the SQLite file by default) and every upload, from
# DATABASE_URL and MEDIA_ROOT as the settings read them, into $(BACKUP_DIR)/<UTC time>/.
# Restore into an empty database and MEDIA_ROOT: make restore BACKUP=var/backups/<time>
# (FORCE=1 replaces what is there). Under docker compose: docs/deployment.md, "Backups".
BACKUP_DIR ?= var/backups
backup: install
	$(PY) deploy/backup.py backup --dir "$(BACKUP_DIR)"

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=$(BACKUP_DIR)/<time> [FORCE=1]" >&2; exit 2; }
	$(PY) deploy/backup.py restore "$(BACKUP)" $(if $(FORCE),--force)

# docker-compose.yml run for real: Debian's docker.io and docker-compose (installed if missing),
# stand-in images built from Debian's packages (no Docker Hub), two web replicas behind nginx,
# a worker and one beat; checked through nginx, then removed. Needs root. See docs/deployment.md.
prod-drill:
	deploy/drill/run.sh

clean:
	rm -rf $(VENV) $(TOOLS)
