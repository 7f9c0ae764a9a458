"""The consignments behind a simulated world's planted routes, so that the companies on a route
can be followed (`shadowtrade network`), not only the countries.

    write_route_consignments(Path("world"), seed=1)  →  world/route_shipments.csv

For each planted transshipment scheme (world/truth.json) origin A → intermediary B →
destination C: two exporters in A ship the goods each month to one firm in B, declared under
the scheme's cover code (the statistics' first leg), and that firm ships them on within two to
nine days to one of two importers in C under the controlled code, with an end-user
certificate. The consignments carry a share of the month's reported value (company records
are a sample of the statistics), at the unit value of the goods they hide. Same seed, same
bytes; the layout is `shipments.csv`'s.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from shadowtrade.synth.consignments import _firm_names

SHARE_OF_MONTH = 0.05  # the consignments' share of the month's reported value
USD_PER_KG = 21.0  # ammunition's typical unit value in the simulated world (HS 9306)
DESCRIPTIONS = {
    "7326": "ARTICLES OF IRON OR STEEL, FORGED",
    "8487": "MACHINERY PARTS, NON-ELECTRIC",
    "9306": "AMMUNITION AND PARTS THEREOF",
}
COLUMNS = ["shipment_id", "date", "exporter", "exporter_country", "importer",
           "importer_country", "consignee", "origin_country", "destination_country",
           "transit_countries", "hs_code", "description", "value_usd", "net_weight_kg",
           "invoice_no", "end_user_certificate_no", "certificate_date"]  # fmt: skip


def _firms(rng: np.random.Generator, country: str, first: int, n: int) -> list[str]:
    """n firms of a country, named as the background's firms are but numbered `first`,
    `first` + 1, … from 100 up (the background's run to 98): never another firm's namesake."""
    return [re.sub(r" \d+ ", f" {first + j} ", name, count=1)
            for j, (name, _) in enumerate(_firm_names(rng, country, n))]  # fmt: skip


def route_consignments(truth: dict[str, object], seed: int = 1) -> pd.DataFrame:
    """The planted routes' consignments, two legs a month per route (see the module doc)."""
    rng = np.random.default_rng([seed, 9306])
    rows: list[dict[str, object]] = []
    schemes = [s for s in truth.get("schemes", []) if isinstance(s, dict)]  # type: ignore[attr-defined]
    for k, s in enumerate(x for x in schemes if x["kind"] == "transshipment" and x["via"]):
        a, b, c = str(s["origin"]), str(s["via"][0]), str(s["destination"])
        cover, goods = str(s["declared_hs_code"] or s["hs_code"]), str(s["hs_code"])
        no = 101 + 10 * k  # the route's firms' numbers
        exporters, broker, importers = (_firms(rng, a, no, 2), _firms(rng, b, no + 2, 1)[0],
                                        _firms(rng, c, no + 3, 2))  # fmt: skip
        months = pd.date_range(f"{s['period_start']}-01", f"{s['period_end']}-01", freq="MS")
        for i, month in enumerate(months):
            value = float(s["monthly_value_usd"]) * SHARE_OF_MONTH * rng.uniform(0.8, 1.2)
            kg = round(value / USD_PER_KG, 1)
            sent = month.date() + timedelta(days=int(rng.integers(0, 18)))
            onward = sent + timedelta(days=int(rng.integers(2, 10)))
            n = len(rows) // 2 + 1
            first = {"shipment_id": f"R{k + 1}{n:05d}", "date": sent,
                     "exporter": exporters[i % 2], "exporter_country": a, "importer": broker,
                     "importer_country": b, "consignee": broker, "origin_country": a,
                     "destination_country": b, "transit_countries": "", "hs_code": cover,
                     "description": DESCRIPTIONS.get(cover[:4], "INDUSTRIAL GOODS"),
                     "value_usd": round(value, 2), "net_weight_kg": kg,
                     "invoice_no": f"INV-R{k + 1}-{n:05d}", "end_user_certificate_no": "",
                     "certificate_date": ""}  # fmt: skip
            euc = f"EUC/{c}/R{k + 1}{n:05d}"
            issued = onward - timedelta(days=int(rng.integers(10, 60)))
            second = {**first, "shipment_id": f"R{k + 1}{n:05d}B", "date": onward,
                      "exporter": broker, "exporter_country": b, "importer": importers[i % 2],
                      "importer_country": c, "consignee": importers[i % 2], "origin_country": a,
                      "destination_country": c, "hs_code": goods,
                      "description": DESCRIPTIONS.get(goods[:4], "AMMUNITION"),
                      "value_usd": round(value * 1.08, 2),
                      "invoice_no": f"INV-R{k + 1}-{n:05d}B", "end_user_certificate_no": euc,
                      "certificate_date": issued}  # fmt: skip
            rows += [first, second]
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("date", "certificate_date"):
        df[col] = df[col].map(lambda d: d.isoformat() if isinstance(d, date) else "")
    return df


def write_route_consignments(out_dir: Path, *, seed: int = 1) -> Path:
    """Write `route_shipments.csv` beside the world's `truth.json`; return its path."""
    truth = json.loads((out_dir / "truth.json").read_text(encoding="utf-8"))
    f = out_dir / "route_shipments.csv"
    route_consignments(truth, seed).to_csv(f, index=False)
    return f
