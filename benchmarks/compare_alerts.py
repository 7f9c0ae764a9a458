"""Do two source trees give the same alerts on the same worlds?

A change meant to keep behaviour (a refactor, a speed-up) must leave every alert as it was:
the same ids, the same scores to 1e-9 and the same evidence. This writes each world once
(`shadowtrade synth`, or a folder you give), ingests and scans it with each tree's `src/`
in its own process, and compares the alerts one by one.

    .venv/bin/python benchmarks/compare_alerts.py --base /tmp/wt_base --new . \
        --world mixed:1 --world baseline:5

Prints one line per world and the first differences; exits 1 when any world differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.alert_compare import _close  # noqa: E402  (equal, floats to 1e-9: the tests' rule)


def _cli(tree: Path, *args: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    code = "import sys; from shadowtrade.cli import main; sys.argv[0] = 'shadowtrade'; main()"
    subprocess.run([PYTHON, "-c", code, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def _alerts(tree: Path, world: Path, work: Path) -> dict[str, dict[str, Any]]:
    ws, out = work / "ws", work / "alerts.jsonl"
    files = sorted(str(f) for f in world.iterdir() if f.suffix in (".csv", ".gz"))
    _cli(tree, "ingest", "--workspace", str(ws), *files)
    _cli(tree, "scan", "--workspace", str(ws), "--out", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    for r in rows:
        if isinstance(r.get("evidence"), str):
            r["evidence"] = json.loads(r["evidence"] or "{}")
    return {r["alert_id"]: r for r in rows}


def _world(spec: str, root: Path, tree: Path) -> Path:
    if Path(spec).is_dir():
        return Path(spec)
    scenario, _, seed = spec.partition(":")
    out = root / f"{scenario}-{seed or 1}"
    _cli(tree, "synth", "--scenario", scenario, "--seed", seed or "1", "--out", str(out))
    return out


def compare(base: Path, new: Path, spec: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="compare-alerts-") as tmp:
        root = Path(tmp)
        world = _world(spec, root, base)
        (root / "a").mkdir()
        (root / "b").mkdir()
        a = _alerts(base, world, root / "a")
        b = _alerts(new, world, root / "b")
    differ = [k for k in a.keys() & b.keys() if not _close(a[k], b[k])]
    only = sorted(a.keys() ^ b.keys())
    same = not differ and not only
    verdict = "identical" if same else f"{len(differ)} differ, {len(only)} in one only"
    print(f"{spec}: {len(a)} alerts in base, {len(b)} in new; {verdict}")
    for k in sorted(differ)[:5]:
        cols = [c for c in a[k] if not _close(a[k][c], b[k].get(c))]
        print(f"  {k} ({a[k].get('detector')}): {', '.join(cols)}")
        ea, eb = a[k].get("evidence") or {}, b[k].get("evidence") or {}
        for key in sorted(ea.keys() | eb.keys()):
            if not _close(ea.get(key), eb.get(key)):
                print(f"    evidence.{key}: {str(ea.get(key))[:150]} -> {str(eb.get(key))[:150]}")
    for k in only[:5]:
        print(f"  {k}: only in {'base' if k in a else 'new'}")
    return same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="the tree before the change")
    ap.add_argument("--new", type=Path, default=Path("."), help="the tree after the change")
    ap.add_argument("--world", action="append", required=True,
                    help="scenario:seed for `shadowtrade synth`, or a folder of files")  # fmt: skip
    args = ap.parse_args()
    results = [compare(args.base.resolve(), args.new.resolve(), w) for w in args.world]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
