# The two commands of README.md: `make run` and `make test`. Both start from python3 alone.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint format bench clean

$(BIN)/python:
	python3 -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The English catalogue, compiled whenever its .po changes (the .mo is committed too).
MO     := web/translations/en/LC_MESSAGES/messages.mo
$(MO): web/translations/en/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -d web/translations

run: $(STAMP) $(MO)
	$(BIN)/matcher db upgrade
	$(BIN)/matcher demo --if-empty
	@echo "KPA Matcher : http://$(HOST):$(PORT)"
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) 'web:create_app()'

test: $(STAMP) $(MO)
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/demo_scale.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
