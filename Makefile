# Quick start: `make demo` and `make test` each do all set-up themselves (idempotent).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Which TensorFlow to install when the venv has none yet. A venv that already has
# tensorflow, tensorflow-cpu or tf-nightly keeps it.
TF_PACKAGE ?= tensorflow-cpu>=2.16
# tf-keras (Keras 2) is only used by tests that prove emitted code also runs with
# TF_USE_LEGACY_KERAS=1; it depends on the full `tensorflow` wheel, so it is
# installed without dependencies to avoid a second TensorFlow.
TF_KERAS ?= tf-keras
PYTEST_JOBS ?= 2
STAMP := $(VENV)/.tfcompat-installed

export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONDONTWRITEBYTECODE ?= 1

.PHONY: setup demo test lint typecheck unit bench bench-shim bench-codemod wheel docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('tensorflow') is None)" \
		|| $(PY) -m pip install --quiet "$(TF_PACKAGE)"
	$(PY) -m pip install --quiet -e ".[dev]"
	@$(PY) -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('tf_keras') is None)" \
		|| $(PY) -m pip install --quiet --no-deps "$(TF_KERAS)"
	@touch $@

demo: $(STAMP)
	$(PY) examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check tfcompat_losses migrate tests benchmarks examples
	$(BIN)/ruff format --check tfcompat_losses migrate tests benchmarks examples

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_JOBS) tests

test: lint typecheck unit

bench: bench-shim bench-codemod

bench-shim: $(STAMP)
	$(PY) benchmarks/bench_shim.py

bench-codemod: $(STAMP)
	$(PY) benchmarks/bench_codemod.py

wheel: $(STAMP)
	$(PY) -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache demo-out
