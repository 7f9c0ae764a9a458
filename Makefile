# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench lock clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/shadowtrade demo

# The browser tests drive Debian's chromium (Playwright's own browser download is not used).
/usr/bin/chromium:
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

# The Spark tests need Java 17 (Debian's package).
/usr/bin/java:
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless

# The detector tests run twice: on DuckDB, then on Spark (local mode) with the same known
# answers. The whole-world tests (tests/test_detect_worlds.py) run on DuckDB only: on Spark
# they would take CI past its 30 minutes, and tests/test_spark.py already compares both
# engines' alerts, every column of every alert of every detector, on one world. Tests marked
# `duckdb_only` are variants of tests that run on both engines (the same expressions and kinds
# of values on other data): on Spark each detector run costs about half a minute of CI (Ibis's
# compilation and Spark's analysis of each staged statement), so they run on DuckDB only.
DETECTOR_TESTS = tests/test_mirror_gap.py tests/test_route_break.py tests/test_transshipment.py \
	tests/test_cross_code_mirror.py tests/test_unit_value.py tests/test_description_mismatch.py \
	tests/test_document_reuse.py tests/test_route_mismatch.py tests/test_consignment_anomaly.py

# Both suites run on two processes (pytest-xdist), each test file whole on one of them
# (`loadfile`: a file's module fixtures, such as its world, are built once). Each prints its
# slowest tests, to keep CI's 30 minutes in view.
test: $(STAMP) /usr/bin/chromium /usr/bin/java
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=20
	SHADOWTRADE_ENGINE=spark $(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=10 \
		-m "not duckdb_only" $(DETECTOR_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py --rows 1000000,10000000
	$(BIN)/python benchmarks/bench_kill.py --kills 200 --rows 40000
	cd benchmarks && ../$(BIN)/python bench_detect.py
	cd benchmarks && ../$(BIN)/python bench_screening.py
	cd benchmarks && ../$(BIN)/python bench_resolution.py
	cd benchmarks && ../$(BIN)/python bench_resolution.py --harder
	cd benchmarks && ../$(BIN)/python bench_cases.py
	cd benchmarks && ../$(BIN)/python bench_web.py
	cd benchmarks && ../$(BIN)/python bench_engines.py
	cd benchmarks && ../$(BIN)/python bench_claims.py

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) shadowtrade-workspace shadowtrade-demo
