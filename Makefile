# The two commands of this project are `make run` and `make test`; the rest are their steps.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PYTHON310

.PHONY: help install spacy train run test lint types validate unit spacy-pipeline clean browser bench-privacy bench \
	retention run-cluster cluster-setup test-faults bench-dashboard pdf-deps k8s bench-dialogue transparency

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

test: lint types validate train browser pdf-deps cluster-setup ## Everything: lint, types, data validation, unit tests and the tests with running servers
	@echo "[test] pytest (unit tests, then the tests that start the servers)"
	@$(PY) -m pytest

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
