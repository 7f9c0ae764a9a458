#!/bin/bash
# Generate, ingest, scan and measure independent worlds through the CLI, as an outside evaluator
# would. usage: benchmarks/independent_world/run.sh OUT FAMILY SEED [SCHEMES] [ROWS]
# e.g. run.sh /tmp/iw A 1 20   (family B is held out: run it for figures only, never read its alerts)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1; fam=$2; seed=$3; n=${4:-20}; rows=${5:-1000000}
ST=$root/.venv/bin/shadowtrade
PY=$root/.venv/bin/python
w=$out/${fam}${seed}_s${n}
rm -rf "$w"; mkdir -p "$w"
$PY "$here/gen.py" --family "$fam" --seed "$seed" --rows "$rows" --schemes "$n" --out "$w/world" --provenance > "$w/gen.log"
$ST ingest "$w/world/comtrade.csv" -w "$w/ws" > "$w/ingest.log" 2>&1
$ST scan -w "$w/ws" > "$w/scan.log" 2>&1
$ST alerts -w "$w/ws" --format jsonl > "$w/alerts.jsonl"
$ST cases -w "$w/ws" --format jsonl > "$w/cases.jsonl"
$PY "$here/measure.py" "$w"
