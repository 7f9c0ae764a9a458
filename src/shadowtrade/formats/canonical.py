"""From staged text columns (one per role) to canonical trade-flow rows, as Ibis expressions.

Every row either becomes a canonical row or gets exactly one quarantine reason: the first failing
check in `canonicalise`'s ordered list. Nothing here loops over rows in Python; country names are
resolved once per distinct spelling (by the caller).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from shadowtrade.formats.layouts import Layout
from shadowtrade.reference import countries

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
# World, the EU, continents and trade blocs: partners or reporters that total other countries.
GROUP_MARKERS = tuple(sorted(countries().query("kind == 'aggregate'")["iso3"]))
TOTAL_WORDS = ("TOTAL", "ALL", "AG0", "TOTAL-TOTAL")
# Breakdown columns and the codes of their total rows: Comtrade's second partner (World),
# customs procedure (C00), mode of transport and mode of supply (0); Comext's statistical
# procedure ('Total' in the web export; the bulk files' STAT_REGIME 1–4, 9 has no total row, so
# its rows are parts summed into the flow).
BREAKDOWN_TOTALS: dict[str, tuple[str, ...]] = {
    "partner2": ("0", "W00"),
    "customs": ("C00", "c00"),
    "mot": ("0",),
    "mos": ("0",),  # and any value containing 'TOTAL' (see parse)
}
BREAKDOWN_WORDS = {
    "partner2": "second partner",
    "customs": "customs procedure",
    "mot": "mode of transport",
    "mos": "mode of supply or statistical procedure",
    "flow": "domestic exports or foreign imports",
}


def _text(t: ir.Table, role: str) -> ir.StringValue:
    """The role's raw text (staged as `r_<role>`), stripped; '' as NULL.

    Absent-value markers (ABSENT) are already NULL: the reader's `nullstr` turns them so.
    """
    col = f"r_{role}"
    if col not in t.columns:
        return ibis.null(str)
    return t[col].cast(str).strip().nullif("")


def _raw(t: ir.Table, role: str) -> ir.StringValue:
    """A numeric role's text, untrimmed (casts ignore surrounding spaces); '' and NA as NULL."""
    col = f"r_{role}"
    if col not in t.columns:
        return ibis.null(str)
    v = t[col].cast(str).nullif("")
    # BACI pads a missing quantity as '         NA'.
    return ibis.cases((v.endswith("NA"), ibis.null(str)), else_=v)


THOUSANDS_COMMA = r"^\s*-?\d{1,3}(,\d{3})+(\.\d+)?\s*$"


def _number(raw: ir.StringValue, decimal_comma: bool = False) -> ir.FloatingValue:
    """A number; '1,234,567.5' (thousands commas) too. In ';'-separated files this is the
    reading with '.' as the decimal point; `european` gives the other, and the file decides
    which holds (ingest._settle_numbers)."""
    plain = raw.try_cast("float64")
    if decimal_comma:
        return plain
    grouped = ibis.cases(
        (raw.re_search(THOUSANDS_COMMA), raw.replace(",", "").try_cast("float64")),
        else_=ibis.null("float64"),
    )
    return ibis.coalesce(plain, grouped)


def european(raw: ir.StringValue) -> ir.FloatingValue:
    """'1.234,5' → 1234.5; '1.234' → 1234; '10,25' → 10.25 (in a file with decimal commas '.'
    groups thousands); '99.5', which no thousands grouping explains, stays 99.5."""
    grouped = raw.re_search(r"^\s*-?\d{1,3}(\.\d{3})+(,\d+)?\s*$")
    comma = raw.re_search(r"^\s*-?\d+,\d+\s*$")
    return ibis.cases(
        (grouped | comma, raw.replace(".", "").replace(",", ".").try_cast("float64")),
        else_=raw.try_cast("float64"),
    )


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
    return _comtrade_period(p, _text(t, "period_desc"), yr, mo, _text(t, "freq"))


def _comtrade_period(
    p: ir.StringValue,
    desc: ir.StringValue,
    yr: ir.StringValue,
    mo: ir.StringValue,
    fq: ir.StringValue,
) -> tuple[ir.IntegerValue, ir.IntegerValue, ir.StringValue]:
    """Comtrade periods in every client's spelling; the frequency is NULL where a row alone
    cannot tell (an ISO date with no frequency, month or YYYYMM beside it): the file decides.

    'YYYYMM' (API, bulk) and a `period_desc` 'YYYYMM' or 'January 2021' are monthly; 'YYYY' is
    annual; an ISO date ('2021-03-01', as comtradr writes) gives year and month; a month column
    1–12 means monthly and 52 or 0 annual (Comtrade Plus's refMonth); `freqCode` wins over all.
    """
    # Cheap tests first (casts and substrings: nearly every row is 'YYYYMM' or 'YYYY'); the
    # regular expressions run only on the rows of the rarer spellings (CASE evaluates lazily).
    none = ibis.null("int32")

    def numeric(v: ir.StringValue, n: int) -> ir.BooleanValue:
        return v.try_cast("int64").notnull() & (v.length() == n)

    def part(cond: ir.BooleanValue, v: ir.IntegerValue) -> ir.IntegerValue:
        return ibis.cases((cond, v), else_=none)

    six, four = numeric(p, 6), numeric(p, 4)
    y6, m6 = part(six, p.substr(0, 4).cast("int32")), part(six, p.substr(4, 2).cast("int32"))
    y4 = part(four, p.cast("int32"))
    iso_like = (p.length() >= 7) & (p.substr(4, 1) == "-")
    y_iso = part(iso_like, p.substr(0, 4).try_cast("int32"))
    m_iso = part(iso_like, p.re_extract(r"^\d{4}-(\d{1,2})", 1).nullif("").try_cast("int32"))
    d6, d4 = numeric(desc, 6), numeric(desc, 4)
    yd6 = part(d6, desc.substr(0, 4).cast("int32"))
    md6 = part(d6, desc.substr(4, 2).cast("int32"))
    yd4 = part(d4, desc.cast("int32"))
    worded = desc.notnull() & desc.try_cast("int64").isnull()
    named = r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{4})$"
    md_name = part(
        worded,
        ibis.map(MONTHS).get(desc.re_extract(named, 1).lower().nullif("")).cast("int32"),
    )
    yd_name = part(worded, desc.re_extract(named, 2).nullif("").try_cast("int32"))
    ycol = yr.try_cast("int32")
    mcol = mo.try_cast("int32")
    m_valid = ibis.cases((mcol.between(1, 12), mcol), else_=ibis.null("int32"))
    y = ibis.coalesce(y6, y_iso, y4, yd6, yd_name, yd4, ycol)
    month = ibis.coalesce(m6, m_iso, m_valid, md6, md_name)
    code = fq.upper()
    # (Plain comparisons: DuckDB plans IN-lists inside CASE as slow mark joins.)
    monthly_code = (code == "M") | (code == "MONTHLY")
    annual_code = (code == "A") | (code == "Y") | (code == "ANNUAL") | (code == "YEARLY")
    freq = ibis.cases(
        (monthly_code, "M"),
        (annual_code, "A"),
        (m6.notnull() | md6.notnull() | md_name.notnull(), "M"),
        (y4.notnull() | yd4.notnull(), "A"),
        (m_valid.notnull(), "M"),
        ((mcol == 0) | (mcol == 52), "A"),
        (y_iso.notnull(), ibis.null(str)),
        (ycol.notnull() & mcol.isnull() & p.isnull(), "A"),
        else_=ibis.null(str),
    )
    m = ibis.cases((freq == "A", 1), else_=month)
    # freqCode 'A' beside a monthly period ('202203', refMonth 3): which is right cannot be
    # told, so the period is unusable (quarantined as bad_period) rather than read as a year.
    conflict = annual_code & (m6.notnull() | md6.notnull() | md_name.notnull())
    y = ibis.cases((conflict.fill_null(False), ibis.null("int32")), else_=y)
    return y, m.cast("int32"), freq


def _hs_clean(raw: ir.StringValue) -> ir.StringValue:
    """'930690-Artillery …' → '930690'; '9306.90' → '930690'; 'Total' → 'TOTAL'.

    Odd-length digit strings lost a leading zero to a spreadsheet: '10121' → '010121'.
    """
    digits = raw.re_search(r"^\d{1,10}$")
    head = raw.re_replace(r"^([0-9A-Za-z.]+)[\s-].*$", r"\1").re_replace(r"[.\s]", "").upper()
    odd_digits = head.re_search(r"^\d{1,9}$") & (head.length() % 2 == 1)
    slow = ibis.cases((odd_digits, "0" + head), else_=head)
    # Fast path: plain digit codes (nearly every row) skip the regex rewrites.
    return ibis.cases(
        (digits & (raw.length() % 2 == 0), raw),
        (digits, "0" + raw),
        else_=slow,
    )


def parse(t: ir.Table, layout: Layout, *, decimal_comma: bool = False) -> ir.Table:
    """Layer 1: staged text → typed values (numbers, period, flow, cleaned HS code).

    The caller materialises this layer, so that its regexes and casts run once per row (Ibis fuses
    projections, which would otherwise repeat them inside every check).
    """
    flow_raw = _text(t, "flow")
    value_raw, value_cif, value_fob = _raw(t, "value"), _raw(t, "value_cif"), _raw(t, "value_fob")
    flow = ibis.map(FLOW_WORDS).get(flow_raw.lower())
    year, month, freq = _period_parts(t, layout.period_style)
    # Breakdowns by second partner, customs procedure or transport mode repeat the total row.
    # (Plain comparisons: DuckDB plans IN-lists inside CASE as slow mark joins.)
    breakdown: ir.BooleanValue = ibis.literal(False)
    # `_bkey` names the part of the flow a breakdown row is ('mot=3200;', '' for a total row):
    # two rows with the same flow key and the same `_bkey` are duplicates, not parts. `_cut`
    # names the breakdown it belongs to ('1:mot;', '2:customs;mot;'): a flow without its total
    # row is summed over one cut only (two cuts of one flow each add up to it).
    parts: list[ir.StringValue] = []
    dims: list[ir.StringValue] = []
    nparts: ir.IntegerValue = ibis.literal(0)
    found: list[tuple[str, ir.BooleanValue, ir.StringValue]] = []
    for role, total_codes in BREAKDOWN_TOTALS.items():
        if f"r_{role}" not in t.columns or (role == "mot" and layout.source != "comtrade"):
            continue
        v = t[f"r_{role}"]
        # 'Total', 'T-Total' (code-label form of the Comext web export), 'TOTAL MOT' …
        is_total = v.isnull() | v.upper().contains("TOTAL")
        for code in total_codes:
            is_total = is_total | (v == code)
        found.append((role, ~is_total.fill_null(True), v.strip()))
    # Domestic exports (DX) and foreign imports (FM) are parts of exports and imports (X, M).
    flow_part = flow_raw.upper().isin(["DX", "FM"]) | flow_raw.lower().isin(
        ["domestic export", "domestic exports", "foreign import", "foreign imports"]
    )
    found.append(("flow", flow_part.fill_null(False), flow_raw.upper()))
    for role, is_part, v in found:
        breakdown = breakdown | is_part
        nparts = nparts + is_part.cast("int32")
        parts.append(ibis.cases((is_part, ibis.literal(f"{role}=") + v + ";"), else_=""))
        dims.append(ibis.cases((is_part, ibis.literal(f"{role};")), else_=""))
    bkey: ir.StringValue = ibis.literal("")
    for part in parts:
        bkey = bkey + part
    cut: ir.StringValue = nparts.cast(str) + ":"
    for dim in dims:
        cut = cut + dim
    passthrough = {c: t[c] for c in ("_rec", "_id", "_line", "_where") if c in t.columns}
    l1 = t.select(
        **passthrough,
        _rep_raw=country_text(t, "reporter"),
        _rep_alt=country_fallback(t, "reporter"),
        _par_raw=country_text(t, "partner"),
        _par_alt=country_fallback(t, "partner"),
        _flow_raw=flow_raw,
        _hs_raw=_text(t, "hs_code"),
        _period_raw=ibis.coalesce(_text(t, "period"), _text(t, "period_desc"), _text(t, "year")),
        _value_raw=ibis.coalesce(
            value_raw,
            ibis.cases((flow.isin(["import", "re-import"]), value_cif), else_=value_fob),
            value_cif,
            value_fob,
        ),
        _weight_raw=_raw(t, "weight"),
        _qty_raw=_raw(t, "quantity"),
        _version_raw=_text(t, "hs_version"),
        _year=year,
        _month=month,
        freq=freq,
        flow=flow,
        quantity_unit=_text(t, "quantity_unit"),
        _breakdown=breakdown,
        _bkey=bkey,
        _cut=cut,
        _from_cif_fob=value_raw.isnull() & (value_cif.notnull() | value_fob.notnull()),
    )
    numbers = {
        "_v": _number(l1._value_raw, decimal_comma),
        "_w": _number(l1._weight_raw, decimal_comma),
        "_q": _number(l1._qty_raw, decimal_comma),
    }
    if decimal_comma:
        numbers |= {
            "_v_eu": european(l1._value_raw),
            "_w_eu": european(l1._weight_raw),
            "_q_eu": european(l1._qty_raw),
        }
    l1 = l1.mutate(
        hs_code=_hs_clean(l1._hs_raw),
        **numbers,
        _period_ok=(l1._year.between(1950, 2100) & l1._month.between(1, 12)).fill_null(False),
    )
    return l1.mutate(
        period=ibis.cases(
            (l1._period_ok, ibis.date(l1._year, l1._month, ibis.literal(1))),
            else_=ibis.null("date"),
        )
    )


def canonicalise(
    l1: ir.Table,
    layout: Layout,
    *,
    header_names: dict[str, str],
    country_map: ir.Table,
    fx: ir.Table,
    import_id: int,
    hs_version_default: str | None = None,
) -> ir.Table:
    """Canonical columns plus `_rec`, `_reason`, `_column`, `_value` and `_breakdown`.

    Reads the materialised output of `parse`. `country_map` has (`_ckey`, `iso3`) for every
    distinct raw country text in the file; `fx` has (`period`, `freq`, `usd_per_eur`).
    """
    # Layer 2: look up countries and, for EUR sources, the exchange rate.
    rmap = country_map.rename(_rk="_ckey", _ra="_calt", reporter="iso3")
    pmap = country_map.rename(_pk="_ckey", _pa="_calt", partner="iso3")
    j = l1.left_join(rmap, [l1._rep_raw == rmap._rk, l1._rep_alt.identical_to(rmap._ra)])
    j = j.left_join(pmap, [j._par_raw == pmap._pk, j._par_alt.identical_to(pmap._pa)])
    if layout.currency == "EUR":
        fxj = fx.rename(_fx_period="period", _fx_freq="freq")
        j = j.left_join(fxj, [j.period == fxj._fx_period, j.freq == fxj._fx_freq])
        j = j.mutate(_rate=j.usd_per_eur)
    else:
        j = j.mutate(_rate=ibis.literal(1.0))

    # Layer 3: the first failing check, as an index into CHECKS.
    hs_header = header_names.get("hs_code")
    repeated = (j._hs_raw.upper() == hs_header.upper()) if hs_header else ibis.literal(False)
    hs_ok = (
        j.hs_code.re_search(r"^\d{2,10}$")
        | j.hs_code.isin(TOTAL_WORDS)
        | j.hs_code.re_search(r"^\d{2}[0-9A-Z]{1,8}$")
    )
    conds: list[tuple[ir.BooleanValue, str, str, str]] = [
        # (condition, reason, column shown, raw value shown)
        (repeated, "repeated_header", header_names.get("hs_code", "hs_code"), "_hs_raw"),
        (j._rep_raw.isnull(), "missing_value", _col(header_names, "reporter"), "_rep_raw"),
        (j._par_raw.isnull(), "missing_value", _col(header_names, "partner"), "_par_raw"),
        (j._flow_raw.isnull(), "missing_value", header_names.get("flow", "flow"), "_flow_raw"),
        (j._hs_raw.isnull(), "missing_value", header_names.get("hs_code", "hs_code"), "_hs_raw"),
        (j._value_raw.isnull(), "missing_value", header_names.get("value", "value"), "_value_raw"),
        (j.reporter.isnull(), "unknown_country", _col(header_names, "reporter"), "_rep_raw"),
        (j.partner.isnull(), "unknown_country", _col(header_names, "partner"), "_par_raw"),
        (j.flow.isnull(), "bad_flow", header_names.get("flow", "flow"), "_flow_raw"),
        (~j._period_ok, "bad_period", _col(header_names, "period"), "_period_raw"),
        (~hs_ok, "bad_hs_code", header_names.get("hs_code", "hs_code"), "_hs_raw"),
        (_bad(j._value_raw, j._v), "bad_number", header_names.get("value", "value"), "_value_raw"),
        (j._v < 0, "negative_value", header_names.get("value", "value"), "_value_raw"),
        (
            _bad(j._weight_raw, j._w),
            "bad_number",
            header_names.get("weight", "weight"),
            "_weight_raw",
        ),
        (j._w < 0, "negative_value", header_names.get("weight", "weight"), "_weight_raw"),
        (
            _bad(j._qty_raw, j._q),
            "bad_number",
            header_names.get("quantity", "quantity"),
            "_qty_raw",
        ),
        (j._rate.isnull(), "no_fx_rate", _col(header_names, "period"), "_period_raw"),
    ]
    chk = ibis.cases(
        *[(c.fill_null(False), i) for i, (c, _, _, _) in enumerate(conds)],
        else_=ibis.null("int8"),
    )
    k = j.mutate(_chk=chk)

    # Layer 4: project the canonical row and the quarantine details from the check index.
    reasons = {i: r for i, (_, r, _, _) in enumerate(conds)}
    columns = {i: c for i, (_, _, c, _) in enumerate(conds)}
    raw_cols = sorted({v for _, _, _, v in conds})
    value_of = ibis.cases(
        *[
            (k._chk.isin([i for i, c in enumerate(conds) if c[3] == col]), k[col])
            for col in raw_cols
        ],
        else_=ibis.null(str),
    )
    version = ibis.coalesce(
        ibis.map(HS_VERSION_CODES).get(k._version_raw.lower()),
        ibis.literal(hs_version_default, "string") if hs_version_default else ibis.null(str),
        hs_version_from_year(k._year),
    )
    located = {c: k[c] for c in ("_id", "_line", "_where") if c in k.columns}
    return k.select(
        _rec=k._rec,
        **located,
        _bkey=k._bkey,
        _cut=k._cut,
        _from_cif_fob=k._from_cif_fob,
        _reason=ibis.map(reasons).get(k._chk),
        _column=ibis.map(columns).get(k._chk),
        _value=value_of,
        _breakdown=k._breakdown,
        source=ibis.literal(layout.source),
        reporter=k.reporter,
        partner=k.partner,
        flow=k.flow,
        period=k.period,
        freq=k.freq,
        hs_code=k.hs_code,
        hs_version=version,
        value_usd=k._v * layout.value_scale * k._rate,
        net_weight_kg=k._w * layout.weight_scale,
        quantity=k._q,
        quantity_unit=k.quantity_unit,
        import_file=ibis.literal(import_id, "int64"),
    )


def _bad(raw: ir.StringValue, num: ir.FloatingValue) -> ir.BooleanValue:
    """Text present but not a finite number."""
    return raw.notnull() & (num.isnull() | num.isinf() | num.isnan())


def _col(header_names: dict[str, str], role: str) -> str:
    """The source column name shown in quarantine for a role that may come from several columns."""
    for r in (f"{role}_iso", f"{role}_code", f"{role}_name", role, "year"):
        if r in header_names:
            return header_names[r]
    return role


def country_fallback(t: ir.Table, role: str) -> ir.StringValue:
    """The row's next country column after the one `country_text` chose, if the file has one.

    Comtrade writes non-standard ISO codes for some areas (Other Asia, nes is 'S19'); the
    numeric code or the name then still resolves.
    """
    if f"r_{role}_iso" in t.columns:
        return ibis.coalesce(_text(t, f"{role}_code"), _text(t, f"{role}_name"))
    if f"r_{role}_code" in t.columns:
        return _text(t, f"{role}_name")
    return ibis.null(str)


def country_text(t: ir.Table, role: str) -> ir.StringValue:
    """A row's country as written: its ISO column, else its numeric code, else its name.

    The distinct values are resolved once (ISO3, ISO2, M49, Comtrade or BACI code, or a name in
    any known spelling); rows join on the text itself.
    """
    return ibis.coalesce(
        _text(t, f"{role}_iso"), _text(t, f"{role}_code"), _text(t, f"{role}_name")
    )
