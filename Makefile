# Simmer: `make plan` and `make test` set up everything they need on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export SIMMER_HOME ?= $(CURDIR)/.simmer
export DAGSTER_HOME ?= $(SIMMER_HOME)/dagster
TOOLS := $(SIMMER_HOME)/tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
RUN := $(UV) run --frozen

.PHONY: help env plan test lint serve dagster bench db-up db-down migrate

help:
	@echo "make plan     set up, ingest packs, materialize the week, publish, print a summary"
	@echo "make test     ruff, mypy and pytest (integration tests on a real PostgreSQL)"
	@echo "make serve    the API on 127.0.0.1:8000      make dagster  the Dagster UI on 127.0.0.1:3000"
	@echo "make bench    the benchmarks                 make lint     ruff and mypy only"
	@echo "make db-up    start the local PostgreSQL     make db-down  stop it"

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

env: $(if $(shell command -v uv 2>/dev/null),,$(TOOLS)/bin/uv)
	@$(UV) sync --frozen --quiet

db-up: env
	@$(RUN) simmer db up

db-down: env
	@$(RUN) simmer db down

migrate: db-up
	@$(RUN) python -m api.migrate
	@$(RUN) simmer admin-token

plan: migrate
	@$(RUN) simmer households seed --if-empty --count 12
	@mkdir -p $(DAGSTER_HOME) && cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	@DAGSTER_PG_URL="$$($(RUN) simmer db url --dagster)" $(RUN) python -m pipelines.plan

lint: env
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy

test: lint
	$(RUN) pytest

serve: migrate
	$(RUN) uvicorn --host 127.0.0.1 --port 8000 --workers 2 --loop uvloop --http httptools \
	  --no-access-log --log-config api/logging.json api.main:app

dagster: db-up
	@mkdir -p $(DAGSTER_HOME) && cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	DAGSTER_PG_URL="$$($(RUN) simmer db url --dagster)" $(RUN) dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

bench: env
	$(RUN) python -m bench
