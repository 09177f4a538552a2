# indset: two commands for a newcomer.
#   make demo   set up .venv, build all sample industries end to end, validate, version with DVC (local remote),
#               publish to a local hub folder (.hub/)
#   make test   set up .venv and run the test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A fixed, public demo key so the sample release is reproducible byte for byte on any machine.
# Real builds use INDSET_HMAC_KEY from the environment or the git-ignored .indset/hmac.key.
DEMO_KEY ?= indset-demo-key-not-secret
INDUSTRIES ?= textiles apparel chemicals

.PHONY: setup demo test bench lint clean browser

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
	@# Publish each release to a local hub folder (.hub/, git-ignored; one git repo per dataset, one tag per
	@# release) the way it would go to a Hugging Face hub; the last line printed is how an ML team loads it.
	@rm -rf .hub
	@for ind in $(INDUSTRIES); do \
	  echo "== publish $$ind"; \
	  $(BIN)/indset publish data/$$ind/release --repo indset/$$ind --revision demo --to file://$(CURDIR)/.hub || exit 1; \
	done

test: setup browser
	$(BIN)/python -m pytest

# Headless Chromium renders the stewards' quality page in a test; installed from the system's
# package manager when missing (as root, e.g. CI), otherwise that one test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the page-rendering test will be skipped"; }

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) data/*/ .pytest_cache .hub
