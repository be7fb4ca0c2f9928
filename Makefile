# The two commands a newcomer needs are `make run` and `make test`; see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Runs a command against DATABASE_URL, or against a private PostgreSQL under var/ when it is unset.
WITH_DB := $(PY) -m secon_portal.devdb --
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser lint format setup-db reset-db messages bench help

help:
	@echo "make run      set up and serve the portal at http://$(HOST):$(PORT)"
	@echo "make test     set up and run the whole test suite on PostgreSQL"
	@echo "make lint     ruff check, ruff format --check, makemigrations --check"
	@echo "make format   reformat the code with ruff"
	@echo "make reset-db delete the private database under var/ (all local data)"
	@echo "make messages update and compile the translation catalogues"
	@echo "make bench    time every page at 10,000 and 100,000 practices, then HTTP load (bench/README.md)"

# The virtual environment is rebuilt whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The worker runs beside the server (it sends the e-mails); one Ctrl-C stops both, then the database.
run: $(VENV)/.installed
	$(WITH_DB) sh -c '\
		$(PY) manage.py migrate --no-input && \
		$(PY) manage.py load_reference_data && \
		$(PY) manage.py seed_demo --if-empty || exit 1; \
		$(PY) manage.py db_worker --interval 2 & worker=$$!; \
		trap "kill $$worker 2>/dev/null; wait $$worker" EXIT; \
		echo "Serving the portal at http://$(HOST):$(PORT)/ with its worker (Ctrl-C stops both and the database)"; \
		$(PY) manage.py runserver $(HOST):$(PORT)'

test: $(VENV)/.installed
	$(WITH_DB) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(WITH_DB) $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The catalogues of every language but English (the source language), from the code and templates.
LOCALES := de el bg nl fr ro hu pl pt lv es
messages: $(VENV)/.installed
	$(PY) manage.py makemessages $(LOCALES:%=--locale %) --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=deploy
	$(PY) manage.py makemessages $(LOCALES:%=--locale %) --no-obsolete --domain djangojs --ignore=.venv --ignore=var --ignore=static/vendor
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(VENV)/.installed
	$(WITH_DB) $(PY) bench/pages.py

reset-db:
	rm -rf var/pgdata
	@echo "Deleted var/pgdata; the next make run starts with a fresh database."
