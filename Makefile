# make run   - build everything, load demo data, serve on http://127.0.0.1:5000
# make test  - build everything and run the tests

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY ?= $(BIN)/python
STAMP := $(VENV)/.installed
TRANSLATIONS := core/translations
VENDOR := core/static/vendor

.PHONY: run test install assets catalogs extract db lint format clean

run: install assets catalogs db
	@echo "Serving on http://127.0.0.1:5000"
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

test: install assets catalogs
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

assets: $(VENDOR)/htmx.min.js

$(VENDOR)/htmx.min.js: package.json package-lock.json
	npm ci --prefer-offline --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

# The Uzbek Cyrillic catalogue is made from the Latin one, then all compile.
catalogs:
	$(PY) -m core.i18n.make_cyrillic \
		$(TRANSLATIONS)/uz_Latn/LC_MESSAGES/messages.po \
		$(TRANSLATIONS)/uz_Cyrl/LC_MESSAGES/messages.po
	$(PY) -m babel.messages.frontend compile -d $(TRANSLATIONS) --statistics

# Collect new strings into the catalogues (run by hand after changing text).
extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext \
		--no-location --sort-output -o $(TRANSLATIONS)/messages.pot \
		core tenants onboarding subsidies reporting
	for lang in uz_Latn ru en; do \
		$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot \
			-d $(TRANSLATIONS) -l $$lang --no-fuzzy-matching; \
	done

db: install
	$(BIN)/mijoz init-db
	$(BIN)/mijoz demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance
