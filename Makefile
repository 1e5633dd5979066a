# Developer entry points. `make test` is what CI runs (through .ci/run).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv test demo protos lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch is pinned to the CPU wheel first: an open `torch` range resolved from
# scratch would download a multi-GB CUDA build.
venv: $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"

test: venv
	$(BIN)/python -m pytest -q

# The main job: corpus, stack, index, example queries, score report (scripts/demo.sh).
demo: venv
	bash scripts/demo.sh

protos: venv
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python scripts/gen_protos.py

lint: venv
	$(BIN)/buf lint

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache demo-data
