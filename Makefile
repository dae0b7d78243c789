# One entry point for every task. Each target creates .venv and installs what it needs
# on a fresh clone, so `make demo` and `make test` work with only Python 3.11 and PyPI.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
NB_BUILD := build/notebooks
export MPLBACKEND := Agg

.PHONY: demo check test lint typecheck pytest thorough bench notebooks docs clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m giftflow

test: lint typecheck pytest docs

# The edit loop: lint, types, and the tests under the quick Hypothesis profile spread over
# every core by pytest-xdist (worksteal keeps both busy to the end); no notebooks.
# `make test` stays the full gate that CI runs.
check: lint typecheck
	$(PY) -m pytest -q -n auto --dist worksteal --hypothesis-profile=quick README.md src tests

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks examples docs/notebooks docs/_tools
	$(PY) -m ruff format --check src tests benchmarks examples docs/notebooks docs/_tools

typecheck: $(STAMP)
	$(PY) -m mypy --strict

notebooks: $(STAMP)
	rm -rf $(NB_BUILD) && mkdir -p $(NB_BUILD)
	for nb in docs/notebooks/*.py; do \
	  $(PY) -m jupytext --quiet --to ipynb --output $(NB_BUILD)/$$(basename $$nb .py).ipynb $$nb || exit 1; \
	done

# --overwrite keeps each notebook's outputs in $(NB_BUILD), where `make docs` renders them.
# Every core (pytest-xdist, worksteal); the ci profile is derandomized, so the workers'
# examples are the same on every run. --durations names the slowest tests to speed up.
pytest: $(STAMP) notebooks
	$(PY) -m pytest -n auto --dist worksteal --durations=15 --hypothesis-profile=ci \
	  --nbmake --overwrite $(NB_BUILD) README.md src tests

thorough: $(STAMP) notebooks
	$(PY) -m pytest --hypothesis-profile=thorough --nbmake $(NB_BUILD) README.md src tests

# The documentation site, into site/. --strict fails on any broken link or docstring
# cross-reference. Notebooks render with the outputs `make pytest` left in $(NB_BUILD);
# one with no up-to-date run there is executed first (docs/_tools/notebooks.py).
# PYTHONPATH: the notebooks' kernels import this checkout's giftflow, as mkdocstrings reads it.
docs: $(STAMP)
	PYTHONPATH=$(CURDIR)/src NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) build site .mypy_cache .pytest_cache .ruff_cache .hypothesis
