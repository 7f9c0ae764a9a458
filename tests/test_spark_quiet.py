"""Spark's own logging, as a user of `scan --engine spark` sees it: errors that matter only.
Tester 10 got Spark's default-profile banner, a NativeCodeLoader WARN and 7 ERROR/WARN stack
traces ("Cannot find endpoint: spark://CoarseGrainedScheduler", "Issue communicating with
driver in heartbeater") on a scan of one Eurostat file; the session was never stopped."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.spark

SESSION = """
import os
from shadowtrade.spark import _sessions, _warehouses, spark_session, stop_session
s = spark_session()
(warehouse,) = _warehouses
assert os.path.isdir(warehouse)
assert s.range(1000).selectExpr("sum(id) AS n").collect()[0]["n"] == 499500
s._jvm.org.apache.logging.log4j.LogManager.getLogger("org.apache.spark.rpc.netty.Inbox").error(
    "Ignoring error (planted)")
s._jvm.org.apache.logging.log4j.LogManager.getLogger("org.apache.spark.executor.Executor").warn(
    "Issue communicating with driver in heartbeater (planted)")
s._jvm.org.apache.logging.log4j.LogManager.getLogger("org.apache.spark.SparkContext").error(
    "an error that matters (planted)")
stop_session()
assert not _sessions and s.sparkContext._jsc is None  # stopped, in order
assert not os.path.exists(warehouse)  # its folder gone (each scan left one in /tmp before)
print("done", flush=True)
"""


def test_spark_says_only_errors_that_matter_and_stops_cleanly() -> None:
    res = subprocess.run([sys.executable, "-c", SESSION], capture_output=True, text=True,
                         timeout=600)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "done"
    err = res.stderr
    assert "Using Spark's default log4j profile" not in err
    assert "Setting default log level" not in err
    assert " WARN " not in err and "NativeCodeLoader" not in err
    assert "Ignoring error" not in err and "heartbeater" not in err
    # The JVM's own notice at its start (not a logger: log4j cannot filter it), the line that
    # still began every Spark scan: "WARNING: Using incubator modules: jdk.incubator.vector".
    assert "incubator" not in err
    assert "spark ERROR SparkContext: an error that matters (planted)" in err  # still said
