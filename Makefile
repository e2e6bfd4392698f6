PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test eval clean bench

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=...)" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask,serve]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m notice_nlp.demo corpus out
	$(VENV)/bin/notice-nlp index corpus tests/data/series/taiyuan --db out/zones.sqlite --jobs 2 --no-progress
	$(VENV)/bin/notice-nlp timeline --db out/zones.sqlite --on 2022-11-26T12:00 --city 太原市

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	$(VENV)/bin/notice-nlp eval corpus

clean:
	rm -rf $(VENV) out

# Benchmarks, run by hand: a separate environment holds the baselines (cpca, jionlp).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e '.[test,dask,serve]' cpca jionlp
	@touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python benchmarks/bench.py $(BENCH)
