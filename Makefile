# indset: two commands for a newcomer.
#   make demo   set up .venv, build all sample industries end to end, validate, version with DVC (local remote)
#   make test   set up .venv and run the test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A fixed, public demo key so the sample release is reproducible byte for byte on any machine.
# Real builds use INDSET_HMAC_KEY from the environment or the git-ignored .indset/hmac.key.
DEMO_KEY ?= indset-demo-key-not-secret
INDUSTRIES ?= textiles apparel chemicals

.PHONY: setup demo test bench lint clean

$(BIN)/indset: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/indset

setup: $(BIN)/indset

demo: setup
	@for ind in $(INDUSTRIES); do \
	  echo "== build $$ind"; \
	  INDSET_HMAC_KEY=$(DEMO_KEY) $(BIN)/indset build $$ind --sources samples/$$ind/sources.yaml \
	    --out data/$$ind --keep-going || exit 1; \
	  echo "== validate $$ind"; \
	  $(BIN)/indset validate data/$$ind/release || exit 1; \
	  $(BIN)/indset verify data/$$ind/release || exit 1; \
	done
	$(BIN)/dvc add data --quiet
	$(BIN)/dvc push --quiet
	@echo "== pushed to the local DVC remote: $$($(BIN)/dvc remote list)"
	@echo "== load it:  $(BIN)/python -c \"import datasets; print(datasets.load_dataset('data/textiles/release', 'products'))\""

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) data/*/ .pytest_cache
