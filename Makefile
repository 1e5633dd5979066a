# Developer entry points. `make test` is what CI runs (through .ci/run).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Where the CPU build of torch lies on disk (constraints/torch-cpu.txt pins it).
TORCH_WHEELS ?= /opt/wheels
# What `make check` lints and type-checks: the four packages of the wheel.
PACKAGES := mediasearch embedder_svc expansion_svc search_svc

# Touched after a successful install, so `make test` and `make demo` reinstall
# only when pyproject.toml or the lock changed.
INSTALLED := $(VENV)/.installed

.PHONY: venv test check format demo protos lint contracts-release lock test-floor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Everything from the hashed lock (torch included: its CPU wheel on disk, pinned
# by hash), then the project itself, editable and without resolving again.
$(INSTALLED): pyproject.toml locks/dev.txt | $(BIN)/python
	$(BIN)/pip install --require-hashes --progress-bar on -r locks/dev.txt
	$(BIN)/pip install --no-deps -e .
	touch $@

venv: $(INSTALLED)

# Lint, format check and types first: they fail in seconds, the tests in minutes.
test: check
	$(BIN)/python -m pytest -q

# ruff and mypy read their settings from pyproject.toml (mypy's file list too).
check: $(INSTALLED)
	$(BIN)/ruff check $(PACKAGES)
	$(BIN)/ruff format --check $(PACKAGES)
	$(BIN)/mypy

# Rewrites files (import order, then layout): run it on purpose, never from CI.
format: $(INSTALLED)
	$(BIN)/ruff check --fix --select I $(PACKAGES)
	$(BIN)/ruff format $(PACKAGES)

# The main job: corpus, stack, index, example queries, score report (scripts/demo.sh).
demo: $(INSTALLED)
	bash scripts/demo.sh

protos: $(INSTALLED)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python scripts/gen_protos.py

lint: $(INSTALLED)
	$(BIN)/buf lint

# The hashed lock files: locks/dev.txt for CI and `make venv`, one per image.
# The image locks are constrained by the dev lock, so the images run the
# versions CI tested. torch is left out of the embedder image's lock: the image
# installs the CPU or CUDA build from PyTorch's own index first (see the
# Dockerfiles), and those files' hashes are not the on-disk wheel's.
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 --native-tls
lock: $(INSTALLED)
	$(LOCK) --extra dev --find-links $(TORCH_WHEELS) --emit-find-links --constraint constraints/torch-cpu.txt \
	    -o locks/dev.txt
	$(LOCK) --extra search --constraint locks/dev.txt -o locks/search.txt
	$(LOCK) --extra expansion --constraint locks/dev.txt -o locks/expansion.txt
	$(LOCK) --extra web --constraint locks/dev.txt -o locks/web.txt
	$(LOCK) --extra embedder --find-links $(TORCH_WHEELS) --constraint locks/dev.txt --no-emit-package torch \
	    -o locks/embedder.txt

# The embedder's tests against the oldest releases pyproject.toml allows for the
# model stack and the gRPC runtime (constraints/floor.txt), in a venv of its own.
# Not in CI: resolving and installing a second environment takes minutes.
FLOOR_VENV ?= build/floor-venv
test-floor:
	rm -rf $(FLOOR_VENV)
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/pip install --progress-bar on --find-links $(TORCH_WHEELS) \
	    --constraint constraints/floor.txt -e ".[embedder]" pytest
	$(FLOOR_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/embedder

# At a release only: the contracts as shipped, which `buf breaking` in tests/contract compares against.
contracts-release: $(INSTALLED)
	$(BIN)/buf build --exclude-source-info -o protos/released/v1.binpb

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache demo-data
