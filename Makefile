# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-spark test-spark-quick lint bench lock clean

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

# The detector tests run on DuckDB in the main suite; tests/test_spark.py, in it too, scans one
# world on Spark (local mode) and on DuckDB and compares every column of every alert of every
# detector. On Spark each detector run costs 10 to 40 seconds (Ibis's compilation, Spark's
# analysis and the staging of each intermediate table) whatever the data, so the detector test
# files on Spark are not part of `make test` (CI's 30 minutes): `make test-spark` runs all 94 of
# them on Spark (26 minutes on the 2-core machine), `make test-spark-quick` the 12 marked
# `spark_pass` (each detector's main known answers), before a change to a detector lands.
DETECTOR_TESTS = tests/test_mirror_gap.py tests/test_route_break.py tests/test_transshipment.py \
	tests/test_cross_code_mirror.py tests/test_unit_value.py tests/test_description_mismatch.py \
	tests/test_document_reuse.py tests/test_route_mismatch.py tests/test_consignment_anomaly.py

# The suite runs on two processes (pytest-xdist), each test file whole on one of them
# (`loadfile`: a file's module fixtures, such as its world, are built once), and prints its
# slowest tests, to keep CI's 30 minutes in view. (Measured on the 2-core machine and not kept:
# three processes, 16:28 against 16:42; the longest files first, `--no-loadscope-reorder`,
# 17:01 against 15:49: both processes stay busy to the end either way.)
test: $(STAMP) /usr/bin/chromium /usr/bin/java
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=20

test-spark: $(STAMP) /usr/bin/java
	SHADOWTRADE_ENGINE=spark $(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=20 \
		$(DETECTOR_TESTS)

test-spark-quick: $(STAMP) /usr/bin/java
	SHADOWTRADE_ENGINE=spark $(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=10 \
		-m spark_pass $(DETECTOR_TESTS)

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
