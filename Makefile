# Chi bộ số — the front door. `make demo` to try it, `make test` to check it.
PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install demo serve test test-postgres check lint format types contracts migrations-check messages clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

install: $(UV)  ## the environment alone, from the lock file
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --python $(PYTHON)
	@$(BIN)/python -c "import django; print('Django', django.get_version(), 'sẵn sàng trong .venv')"

demo: install  ## SQLite database with the demo data, served at http://127.0.0.1:8000
	$(BIN)/chibo migrate --noinput
	$(BIN)/chibo demo
	$(BIN)/chibo runserver 127.0.0.1:8000

test: install  ## the whole suite, browser journeys included (DATABASE_URL selects the database)
	$(BIN)/pytest

test-postgres: install
	DATABASE_URL=$${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

types: install
	$(BIN)/mypy chibo config

contracts: install
	$(BIN)/lint-imports

migrations-check: install
	$(BIN)/chibo makemigrations --check --dry-run

messages: install  ## refresh the English catalogue after changing Vietnamese strings
	cd chibo && ../$(BIN)/chibo makemessages -l en --no-obsolete && ../$(BIN)/chibo compilemessages -l en

check: lint types contracts migrations-check test

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles db.sqlite3
