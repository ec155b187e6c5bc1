# The two commands of this project are `make run` and `make test`; the rest are their steps.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PYTHON310

.PHONY: help install spacy train run test lint types validate unit spacy-pipeline clean browser bench-privacy bench \
	retention run-cluster cluster-setup test-faults bench-dashboard pdf-deps k8s bench-dialogue transparency \
	test-lint test-types test-data test-unit test-e2e test-browser test-cluster
# The steps of `make test` run one after the other, also under `make -j`.
.NOTPARALLEL:

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements/base.txt requirements/dev.txt constraints.txt scripts/setup_venv.sh
	@VENV=$(VENV) bash scripts/setup_venv.sh

install: $(STAMP) ## Create .venv and install everything that is missing (incl. the spaCy pipeline)
	@$(PY) scripts/install_spacy_pipeline.py

train: install ## Train the Rasa model when config, domain or data changed
	@$(PY) -m bot.runtime.training

run: train ## Start the action server (5055), Rasa (5005) and the web service (8000)
	@$(PY) -m bot.runtime.run

lint: install ## ruff on all Python code
	@echo "[test] ruff"
	@$(PY) -m ruff check .

types: install ## mypy on bot/ and actions/ (strict; settings in pyproject.toml)
	@echo "[test] mypy"
	@$(PY) -m mypy

validate: install ## rasa data validate
	@echo "[test] rasa data validate"
	@$(PY) -m rasa data validate --fail-on-warnings --config config.yml --domain domain.yml --data data

run-cluster: train cluster-setup ## 2 Rasa, 2 action servers, 2 web workers behind HAProxy (PostgreSQL + Redis)
	@$(PY) -m bot.runtime.cluster

test-faults: train cluster-setup browser ## The fault tests of run-cluster (tests/cluster; about 10 minutes)
	@$(PY) -m pytest tests/cluster -v -s

cluster-setup: ## Install Debian's HAProxy for run-cluster and its tests (as root)
	@if command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; then echo "[test] $$(/usr/sbin/haproxy -v | head -1)"; \
	elif [ "$$(id -u)" = "0" ]; then echo "[test] installing Debian's haproxy"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; \
	else echo "[test] haproxy is missing and this is not root: the cluster tests will skip" \
		"(install it with: sudo apt-get install haproxy)"; fi

browser: ## Install Debian's chromium for the browser tests (as root; never a downloaded browser)
	@if [ -x /usr/bin/chromium ]; then echo "[test] chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = "0" ]; then echo "[test] installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation; \
	else echo "[test] /usr/bin/chromium is missing and this is not root: the browser tests will skip" \
		"(install it with: sudo apt-get install chromium fonts-liberation)"; fi

pdf-deps: ## Install Debian's pango for the overdrachtsdocument's PDF (WeasyPrint; as root)
	@if ldconfig -p 2>/dev/null | grep -q libpango-1.0.so.0; then echo "[test] pango: present"; \
	elif [ "$$(id -u)" = "0" ]; then echo "[test] installing Debian's pango"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
	else echo "[test] pango is missing and this is not root: the PDF tests will fail" \
		"(install it with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0)"; fi

# `make test` runs seven named steps in this order; each prints "[test] step N/7: <name>" and,
# when it fails, "[test] FAILED in step N/7: <name>". Together the four pytest steps select every
# test exactly once: unit and end-to-end split tests/ (without browser/ and cluster/) on the
# `servers` marker, browser and cluster take their folders (tests/docs/test_test_steps.py checks it).
PYTEST_UNIT := tests -m "not servers" --ignore=tests/browser --ignore=tests/cluster
PYTEST_E2E := tests -m servers --ignore=tests/browser --ignore=tests/cluster
PYTEST_BROWSER := tests/browser
PYTEST_CLUSTER := tests/cluster
step = echo "[test] step $(1)/7: $(2)"
failed = { echo "[test] FAILED in step $(1)/7: $(2)"; exit 1; }

test: test-lint test-types test-data test-unit test-e2e test-browser test-cluster ## Everything, in seven named steps (lint, types, data, unit, end-to-end, browser, cluster)
	@echo "[test] all 7 steps passed"

test-lint: install ## Step 1: ruff
	@$(call step,1,lint)
	@$(MAKE) --no-print-directory lint || $(call failed,1,lint)

test-types: install ## Step 2: mypy (strict)
	@$(call step,2,types)
	@$(MAKE) --no-print-directory types || $(call failed,2,types)

test-data: install ## Step 3: rasa data validate
	@$(call step,3,data)
	@$(MAKE) --no-print-directory validate || $(call failed,3,data)

test-unit: install ## Step 4: the tests without running servers (pango for the PDF first)
	@$(call step,4,unit)
	@{ $(MAKE) --no-print-directory pdf-deps && $(PY) -m pytest $(PYTEST_UNIT); } || $(call failed,4,unit)

test-e2e: install ## Step 5: train when needed, then the tests marked servers (the three processes run)
	@$(call step,5,end-to-end)
	@{ $(MAKE) --no-print-directory train && $(PY) -m pytest $(PYTEST_E2E); } || $(call failed,5,end-to-end)

test-browser: install ## Step 6: Debian's chromium, then tests/browser (Playwright)
	@$(call step,6,browser)
	@{ $(MAKE) --no-print-directory train browser && $(PY) -m pytest $(PYTEST_BROWSER); } || $(call failed,6,browser)

test-cluster: install ## Step 7: Debian's HAProxy, then the fault tests of run-cluster (BOT_CLUSTER_TESTS=0 skips them)
	@$(call step,7,cluster)
	@{ $(MAKE) --no-print-directory train cluster-setup browser && $(PY) -m pytest $(PYTEST_CLUSTER); } \
		|| $(call failed,7,cluster)

spacy-pipeline: $(STAMP) ## Rebuild the stand-in nl_core_news_sm from the UD treebanks (about 15 minutes)
	@$(PY) spacy_pipeline/build.py
	@SPACY_PIPELINE=standin $(PY) scripts/install_spacy_pipeline.py

clean: ## Remove the virtualenv, trained models and local databases
	rm -rf $(VENV) models/*.tar.gz models/*.fingerprint var .rasa

bench: train ## Turn latency and throughput beside Rasa's rasa-init bot, profile, training time (docs/bench/)
	@$(PY) -m tools.bench.turns $(BENCH_ARGS)

bench-dashboard: install ## Dashboard page time on a generated school year, SQLite and PostgreSQL (docs/bench/dashboard*)
	@$(PY) -m tools.bench.dashboard $(BENCH_ARGS)

bench-privacy: install ## Masking benchmark on the held-out chat set, beside deduce 3.0.6 (own venv)
	@$(PY) -m tools.bench.privacy

k8s: install ## Render deploy/ with kubectl kustomize and validate it against the Kubernetes schemas
	@$(PY) scripts/validate_k8s.py

bench-dialogue: train ## Faithfulness benchmark: what the validators record from 400+ labelled turns (docs/bench/dialogue*)
	@$(PY) -m tools.bench.dialogue $(BENCH_ARGS)

retention: install ## Remove closed and abandoned conversations past their retention (RETENTION_DAYS, default 90)
	@$(PY) -m bot.store.retention

transparency: install ## The school's documents (inventory, AI Act memo, Algoritmeregister, DPIA input) in var/transparency/
	@$(PY) -m bot.transparency $(TRANSPARENCY_ARGS)
