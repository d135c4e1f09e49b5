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

.PHONY: setup demo test lint typecheck unit bench bench-shim bench-codemod wheel docs clean \
	test-matrix test-matrix-list clean-matrix

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
	$(BIN)/ruff check tfcompat_losses migrate tests benchmarks examples tools
	$(BIN)/ruff format --check tfcompat_losses migrate tests benchmarks examples tools

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy tools

unit: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_JOBS) tests

test: lint typecheck unit

bench: bench-shim bench-codemod

bench-shim: $(STAMP)
	$(PY) benchmarks/bench_shim.py

bench-codemod: $(STAMP)
	$(PY) benchmarks/bench_codemod.py

# The supported-versions matrix (docs/versions.md): one isolated, cached environment per row
# under .matrix/ (made with uv; no .venv needed). Rows run one at a time; a table at the end.
#   make test-matrix                 every row: TF 2.12, 2.15, 2.16, 2.21; the codemod on Python 3.10-3.13
#   make test-matrix TF=2.15         one TensorFlow row (TF=2.13,2.14 / TF=2.21@3.13 / TF=all)
#   make test-matrix PYTHONS=3.13    one codemod row (no TensorFlow; PYTHONS=3.10,3.13)
#   make test-matrix REF=HEAD        test a commit (a git archive copy), not the work tree
MATRIX_ARGS = $(if $(TF),--tf $(TF)) $(if $(PYTHONS),--python $(PYTHONS)) $(if $(REF),--ref $(REF))
test-matrix:
	$(PYTHON) tools/matrix.py --jobs $(PYTEST_JOBS) $(MATRIX_ARGS)

test-matrix-list:
	@$(PYTHON) tools/matrix.py --list $(MATRIX_ARGS)

clean-matrix:
	rm -rf .matrix

wheel: $(STAMP)
	$(PY) -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache demo-out
