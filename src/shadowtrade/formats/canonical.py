"""From staged text columns (one per role) to canonical trade-flow rows, as Ibis expressions.

Every row either becomes a canonical row or gets exactly one quarantine reason: the first failing
check in `CHECKS_ORDER`. Nothing here loops over rows in Python; country names are resolved once
per distinct spelling.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from shadowtrade.formats.layouts import Layout

ABSENT = ("", "-", ":", "..", "n/a", "NA", "null", "NULL", "None")

FLOW_WORDS: dict[str, str] = {
    "x": "export",
    "export": "export",
    "exports": "export",
    "2": "export",
    "2-export": "export",
    "exportation": "export",
    "dx": "export",
    "domestic export": "export",
    "e": "export",
    "m": "import",
    "import": "import",
    "imports": "import",
    "1": "import",
    "1-import": "import",
    "importation": "import",
    "fm": "import",
    "foreign import": "import",
    "i": "import",
    "rx": "re-export",
    "re-export": "re-export",
    "re-exports": "re-export",
    "3": "re-export",
    "reexport": "re-export",
    "rm": "re-import",
    "re-import": "re-import",
    "re-imports": "re-import",
    "4": "re-import",
    "reimport": "re-import",
}

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

HS_VERSION_CODES = {
    "h0": "H0",
    "hs92": "H0",
    "h1": "H1",
    "hs96": "H1",
    "h2": "H2",
    "hs02": "H2",
    "h3": "H3",
    "hs07": "H3",
    "h4": "H4",
    "hs12": "H4",
    "h5": "H5",
    "hs17": "H5",
    "h6": "H6",
    "hs22": "H6",
    "hs": "HS",
}
GROUP_MARKERS = ("WLD", "EUU", "EMU")
TOTAL_WORDS = ("TOTAL", "ALL", "AG0", "TOTAL-TOTAL")


def _text(t: ir.Table, role: str) -> ir.StringValue:
    """The role's raw text (staged as `r_<role>`), stripped; '' as NULL.

    Absent-value markers (ABSENT) are already NULL: the reader's `nullstr` turns them so.
    """
    col = f"r_{role}"
    if col not in t.columns:
        return ibis.null(str)
    # BACI pads missing quantities as '         NA': the reader's nullstr sees the spaces.
    return t[col].cast(str).strip().nullif("").nullif("NA")


def _number(raw: ir.StringValue) -> ir.FloatingValue:
    return raw.try_cast("float64")


def _bad_number(raw: ir.StringValue) -> ir.BooleanValue:
    n = _number(raw)
    return raw.notnull() & (n.isnull() | n.isinf() | n.isnan())


def hs_version_from_year(year: ir.IntegerValue) -> ir.StringValue:
    """The HS edition in force in a year (used when the file does not say)."""
    return ibis.cases(
        (year >= 2022, "H6"),
        (year >= 2017, "H5"),
        (year >= 2012, "H4"),
        (year >= 2007, "H3"),
        (year >= 2002, "H2"),
        (year >= 1996, "H1"),
        else_="H0",
    )


def _period_parts(
    t: ir.Table, style: str
) -> tuple[ir.IntegerValue, ir.IntegerValue, ir.StringValue]:
    """(year, month, freq) for a period written in the layout's style; NULLs where unparsable."""
    p = _text(t, "period")
    yr = _text(t, "year")
    mo = _text(t, "month")
    if style == "year":
        y = yr.try_cast("int32")
        return y, ibis.literal(1, "int32"), ibis.literal("A")
    if style == "comext_bulk":
        y = p.re_extract(r"^(\d{4})(\d{2})$", 1).nullif("").try_cast("int32")
        m = p.re_extract(r"^(\d{4})(\d{2})$", 2).nullif("").try_cast("int32")
        freq = ibis.cases((m == 52, "A"), else_="M")
        return y, ibis.cases((m == 52, 1), else_=m), freq
    if style == "eurostat_relational":
        code_y = p.re_extract(r"^(\d{4})(\d{2})-", 1).nullif("").try_cast("int32")
        code_m = p.re_extract(r"^(\d{4})(\d{2})-", 2).nullif("").try_cast("int32")
        name_m = p.re_extract(r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{4})$", 1).lower().nullif("")
        name_y = (
            p.re_extract(r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{4})$", 2).nullif("").try_cast("int32")
        )
        ann_y = ibis.coalesce(
            p.re_extract(r"^Jan\.?-Dec\.? (\d{4})$", 1).nullif(""),
            p.re_extract(r"^Y?(\d{4})$", 1).nullif(""),
        ).try_cast("int32")
        name_num = ibis.map(MONTHS).get(name_m).cast("int32")
        y = ibis.coalesce(code_y, name_y, ann_y)
        m = ibis.coalesce(
            ibis.cases((code_m == 52, 1), else_=code_m),
            name_num,
            ibis.cases((ann_y.notnull(), 1), else_=None),
        )
        annual = (code_m == 52).fill_null(False) | (
            code_y.isnull() & name_y.isnull() & ann_y.notnull()
        )
        return y, m.cast("int32"), ibis.cases((annual, "A"), else_="M")
    # comtrade (also the default for mappings): 'YYYYMM', 'YYYY', or year + month columns
    y6 = p.re_extract(r"^(\d{4})(\d{2})$", 1).nullif("").try_cast("int32")
    m6 = p.re_extract(r"^(\d{4})(\d{2})$", 2).nullif("").try_cast("int32")
    y4 = p.re_extract(r"^(\d{4})$", 1).nullif("").try_cast("int32")
    ycol = yr.try_cast("int32")
    mcol = mo.try_cast("int32")
    y = ibis.coalesce(y6, y4, ycol)
    month_from_cols = ibis.cases((mcol.isnull() | (mcol == 52) | (mcol == 0), 1), else_=mcol)
    m = ibis.coalesce(m6, ibis.cases((y4.notnull(), 1), else_=None), month_from_cols)
    annual = y4.notnull() | (
        y6.isnull() & y4.isnull() & (mcol.isnull() | (mcol == 52) | (mcol == 0))
    )
    return y, m, ibis.cases((annual, "A"), else_="M")


def _hs_clean(raw: ir.StringValue) -> ir.StringValue:
    """'930690-Artillery …' → '930690'; '9306.90' → '930690'; 'Total' → 'TOTAL'.

    Odd-length digit strings lost a leading zero to a spreadsheet: '10121' → '010121'.
    """
    head = raw.re_replace(r"^([0-9A-Za-z.]+)[\s-].*$", r"\1").re_replace(r"[.\s]", "").upper()
    odd_digits = head.re_search(r"^\d{1,9}$") & (head.length() % 2 == 1)
    return ibis.cases((odd_digits, "0" + head), else_=head)


def canonicalise(
    t: ir.Table,
    layout: Layout,
    *,
    header_names: dict[str, str],
    country_map: ir.Table,
    fx: ir.Table,
    import_id: int,
    hs_version_default: str | None = None,
) -> ir.Table:
    """Canonical columns plus `_rec`, `_reason`, `_column`, `_value` and the breakdown flags.

    `country_map` has columns (`_ckey`, `iso3`) for every distinct raw country text in the file.
    `fx` has (`period`, `freq`, `usd_per_eur`).
    """
    rep_raw = ibis.coalesce(
        _text(t, "reporter_iso"), _text(t, "reporter_code"), _text(t, "reporter_name")
    )
    par_raw = ibis.coalesce(
        _text(t, "partner_iso"), _text(t, "partner_code"), _text(t, "partner_name")
    )
    flow_raw = _text(t, "flow")
    hs_raw = _text(t, "hs_code")
    year, month, freq = _period_parts(t, layout.period_style)
    hs = _hs_clean(hs_raw)
    flow = ibis.map(FLOW_WORDS).get(flow_raw.lower())

    value_raw = _text(t, "value")
    value_cif = _text(t, "value_cif")
    value_fob = _text(t, "value_fob")
    value_pick = ibis.coalesce(
        value_raw,
        ibis.cases((flow.isin(["import", "re-import"]), value_cif), else_=value_fob),
        value_cif,
        value_fob,
    )
    weight_raw = _text(t, "weight")
    qty_raw = _text(t, "quantity")
    version_raw = _text(t, "hs_version")

    base = t.mutate(
        _rep_key=country_key(t, "reporter"),
        _par_key=country_key(t, "partner"),
        _rep_raw=rep_raw,
        _par_raw=par_raw,
        _flow_raw=flow_raw,
        _hs_raw=hs_raw,
        _value_raw=value_pick,
        _weight_raw=weight_raw,
        _qty_raw=qty_raw,
        _year=year,
        _month=month,
        freq=freq,
        hs_code=hs,
        flow=flow,
        _version_raw=version_raw,
    )
    rmap = country_map.rename(_rep_key="_ckey", reporter="iso3")
    pmap = country_map.rename(_par_key="_ckey", partner="iso3")
    j = base.left_join(rmap, "_rep_key").left_join(pmap, "_par_key")
    period_ok = (j._year.between(1950, 2100) & j._month.between(1, 12)).fill_null(False)
    j = j.mutate(
        period=ibis.cases(
            (period_ok, ibis.date(j._year, j._month, ibis.literal(1))), else_=ibis.null("date")
        )
    )
    fxj = fx.rename(_fx_period="period", _fx_freq="freq")
    if layout.currency == "EUR":
        j = j.left_join(fxj, [j.period == fxj._fx_period, j.freq == fxj._fx_freq])
        rate = j.usd_per_eur
    else:
        rate = ibis.literal(1.0)

    value = _number(j._value_raw)
    weight = _number(j._weight_raw)
    qty = _number(j._qty_raw)
    hs_header = header_names.get("hs_code")
    repeated = (j._hs_raw.upper() == hs_header.upper()) if hs_header else ibis.literal(False)
    hs_ok = (
        j.hs_code.re_search(r"^\d{2,10}$")
        | j.hs_code.isin(TOTAL_WORDS)
        | j.hs_code.re_search(r"^\d{2}[0-9A-Z]{1,8}$")
    )
    checks: list[tuple[ir.BooleanValue, str, str, ir.StringValue]] = [
        (repeated, "repeated_header", header_names.get("hs_code", "hs_code"), j._hs_raw),
        (j._rep_raw.isnull(), "missing_value", _col(header_names, "reporter"), j._rep_raw),
        (j._par_raw.isnull(), "missing_value", _col(header_names, "partner"), j._par_raw),
        (j._flow_raw.isnull(), "missing_value", header_names.get("flow", "flow"), j._flow_raw),
        (j._hs_raw.isnull(), "missing_value", header_names.get("hs_code", "hs_code"), j._hs_raw),
        (j._value_raw.isnull(), "missing_value", header_names.get("value", "value"), j._value_raw),
        (j.reporter.isnull(), "unknown_country", _col(header_names, "reporter"), j._rep_raw),
        (j.partner.isnull(), "unknown_country", _col(header_names, "partner"), j._par_raw),
        (j.flow.isnull(), "bad_flow", header_names.get("flow", "flow"), j._flow_raw),
        (
            ~period_ok,
            "bad_period",
            _col(header_names, "period"),
            ibis.coalesce(_text(j, "period"), _text(j, "year")),
        ),
        (~hs_ok, "bad_hs_code", header_names.get("hs_code", "hs_code"), j._hs_raw),
        (_bad_number(j._value_raw), "bad_number", header_names.get("value", "value"), j._value_raw),
        (value < 0, "negative_value", header_names.get("value", "value"), j._value_raw),
        (
            _bad_number(j._weight_raw),
            "bad_number",
            header_names.get("weight", "weight"),
            j._weight_raw,
        ),
        (weight < 0, "negative_value", header_names.get("weight", "weight"), j._weight_raw),
        (
            _bad_number(j._qty_raw),
            "bad_number",
            header_names.get("quantity", "quantity"),
            j._qty_raw,
        ),
        (
            rate.isnull(),
            "no_fx_rate",
            _col(header_names, "period"),
            ibis.coalesce(_text(j, "period"), _text(j, "year")),
        ),
    ]
    reason = ibis.cases(*[(c.fill_null(False), r) for c, r, _, _ in checks], else_=ibis.null(str))
    column = ibis.cases(
        *[(c.fill_null(False), col) for c, _, col, _ in checks], else_=ibis.null(str)
    )
    bad_value = ibis.cases(
        *[(c.fill_null(False), v) for c, _, _, v in checks], else_=ibis.null(str)
    )
    version = ibis.coalesce(
        ibis.map(HS_VERSION_CODES).get(j._version_raw.lower()),
        ibis.literal(hs_version_default, "string") if hs_version_default else ibis.null(str),
        hs_version_from_year(j._year),
    )
    breakdown = ibis.literal(False)
    if "r_partner2" in t.columns:
        p2 = _text(j, "partner2")
        breakdown = breakdown | (p2.notnull() & ~p2.isin(["0", "W00"])).fill_null(False)
    if "r_customs" in t.columns:
        cu = _text(j, "customs")
        breakdown = breakdown | (cu.notnull() & (cu.upper() != "C00")).fill_null(False)
    for role in ("mot", "mos"):
        if f"r_{role}" in t.columns and layout.source == "comtrade":
            v = _text(j, role)
            breakdown = breakdown | (v.notnull() & (v != "0")).fill_null(False)

    return j.select(
        _rec=j._rec,
        _reason=reason,
        _column=column,
        _value=bad_value,
        _breakdown=breakdown,
        source=ibis.literal(layout.source),
        reporter=j.reporter,
        partner=j.partner,
        flow=j.flow,
        period=j.period,
        freq=j.freq,
        hs_code=j.hs_code,
        hs_version=version,
        value_usd=value * layout.value_scale * rate,
        net_weight_kg=weight * layout.weight_scale,
        quantity=qty,
        quantity_unit=_text(j, "quantity_unit"),
        import_file=ibis.literal(import_id, "int64"),
    )


def _col(header_names: dict[str, str], role: str) -> str:
    """The source column name shown in quarantine for a role that may come from several columns."""
    for r in (f"{role}_iso", f"{role}_code", f"{role}_name", role, "year"):
        if r in header_names:
            return header_names[r]
    return role


def country_key(t: ir.Table, role: str) -> ir.StringValue:
    """The join key of a row's country columns: iso, code and name joined with a separator."""
    parts = [_text(t, f"{role}_{k}").fill_null("") for k in ("iso", "code", "name")]
    return parts[0] + "\x1f" + parts[1] + "\x1f" + parts[2]
