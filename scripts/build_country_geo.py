"""Build `reference/data/country_geo.csv`: each country's centroid, capital and land borders.

Read from the JSON files shipped in the `countryinfo` package (MIT; its data follow the
mledoze/countries and REST Countries compilations). Run with the wheel unpacked:

    pip download --no-deps countryinfo==1.0.1 -d /tmp/ci && unzip -q /tmp/ci/*.whl -d /tmp/ci
    python scripts/build_country_geo.py /tmp/ci/countryinfo/data
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/shadowtrade/reference/data/country_geo.csv"


def main(data_dir: Path) -> None:
    rows = []
    for f in sorted(data_dir.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso3 = (d.get("ISO") or {}).get("alpha3")
        latlng = d.get("latlng") or []
        if not iso3 or len(latlng) != 2:
            continue
        cap = d.get("capital_latlng") or [None, None]
        rows.append({"iso3": iso3, "lat": latlng[0], "lon": latlng[1],
                     "capital_lat": cap[0] if len(cap) == 2 else None,
                     "capital_lon": cap[1] if len(cap) == 2 else None,
                     "borders": "|".join(sorted(d.get("borders") or []))})  # fmt: skip
    rows.sort(key=lambda r: str(r["iso3"]))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} countries written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
