"""`document_reuse`: papers that do not add up across consignments.

An end-user certificate authorises one end user in one country; an invoice belongs to one sale.
So a certificate number (compared without spaces, dashes and case) on consignments to different
consignees or destination countries, an invoice number on consignments between different
parties, two certificate numbers that look alike (an added character, O for 0, I for 1 …) from
the same exporter to different consignees, and a certificate dated after the goods left (or
long before) are each flagged, with the consignments as evidence. The same number on several
lines of one consignment (one exporter, one consignee, one destination) is how declarations look
and is not flagged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect.aggregates import with_most_frequent
from shadowtrade.detect.alerts import alert_row, factor, product, scored
from shadowtrade.detect.consignments import (
    code_weight_of,
    consignment_alert,
    weighted_shipments,
)
from shadowtrade.detect.registry import Detector, Parameter, register
from shadowtrade.schema import ALERTS
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "document_reuse"
SCORING_VERSION = "document_reuse/1"  # the product of the factors in `score_factors`


def _norm(doc: ir.StringValue) -> ir.StringValue:
    return doc.upper().re_replace(r"[^0-9A-Z]", "")


def reused(ws: ScanContext, column: str, kind: str) -> ir.Table:
    """Numbers in `column` shared by consignments to different recipients or destinations."""
    s = weighted_shipments(ws)
    s = s.filter(s[column].notnull() & (s[column].strip() != ""))
    s = s.mutate(doc=_norm(s[column]))
    # Most numbers appear once: drop them with a cheap count before the costly aggregates
    # (distinct counts and modes per number would otherwise run over every consignment).
    counts = s.group_by("doc").agg(n=s.count())
    repeated = counts.filter(counts.n >= 2).select("doc")
    s = s.semi_join(repeated, "doc")
    g = s.group_by("doc").agg(
        number=s[column].min(),
        shipments=s.count(),
        recipients=s.recipient.nunique(),
        destinations=s.destination_country.nunique(),
        pairs=(s.exporter.fill_null("") + "→" + s.recipient.fill_null("")).nunique(),
        first=s.date.min(),
        last=s.date.max(),
        value=s.value_usd.sum(),
        weight=s.weight.max(),
    )
    g = with_most_frequent(g, s, ["doc"], {"exporter": "exporter", "origin": "origin_country",
                                           "hs_code": "code"})  # fmt: skip
    spread = g.recipients if kind == "certificate" else g.pairs
    g = g.filter((spread >= 2) | (g.destinations >= 2))
    return g.mutate(kind=ibis.literal(kind), spread=spread)


def dated_wrong(ws: ScanContext, max_age_days: int) -> ir.Table:
    """Consignments whose certificate is dated after the shipment or long before it."""
    s = weighted_shipments(ws)
    s = s.filter(s.certificate_date.notnull() & s.date.notnull())
    days = s.date.delta(s.certificate_date, unit="day")  # shipment date − certificate date
    s = s.mutate(days=days)
    return s.filter((s.days < 0) | (s.days > max_age_days))


def near_duplicates(ws: ScanContext) -> ir.Table:
    """Certificate numbers that look alike, same exporter, different recipients.

    Alike: one has one character more than the other (a suffix or an insertion), or the two
    differ only by characters that look the same (O/0, I/1, L/1, S/5, B/8, Z/2). Numbers that
    differ by a digit (certificates issued in sequence) are not alike.
    """
    s = weighted_shipments(ws)
    s = s.filter(s.end_user_certificate_no.notnull() & s.exporter.notnull())
    d = s.group_by("exporter", doc=_norm(s.end_user_certificate_no)).agg(
        recipient=s.recipient.min(), n=s.count(), first=s.date.min(), weight=s.weight.max()
    )
    d = d.mutate(shape=d.doc.translate("OILSBZ", "011582")).pipe(stage)
    r = d.view()
    # Look-alike characters: the same shape, blocked on it (an equi-join, not all pairs).
    alike = d.join(
        r,
        [
            d.exporter == r.exporter,
            d.shape == r.shape,
            d.doc < r.doc,
            d.recipient != r.recipient,
        ],
    ).select(
        "exporter",
        doc_a=d.doc,
        doc_b=r.doc,
        recipient_a=d.recipient,
        recipient_b=r.recipient,
        first=ibis.least(d.first, r.first),
        weight=ibis.greatest(d.weight, r.weight),
    )
    # One character inserted: the longer number with one character deleted is the shorter
    # one (symmetric-delete blocking: as many keys per number as it has characters).
    pos = d.mutate(i=ibis.range(0, d.doc.length()).unnest())
    dels = pos.mutate(short=pos.doc.substr(0, pos.i) + pos.doc.substr(pos.i + 1))
    s2 = d.view()
    inserted = dels.join(
        s2,
        [
            dels.exporter == s2.exporter,
            dels.short == s2.doc,
            dels.recipient != s2.recipient,
        ],
    ).select(
        "exporter",
        doc_a=ibis.least(dels.doc, s2.doc),
        doc_b=ibis.greatest(dels.doc, s2.doc),
        recipient_a=ibis.ifelse(dels.doc < s2.doc, dels.recipient, s2.recipient),
        recipient_b=ibis.ifelse(dels.doc < s2.doc, s2.recipient, dels.recipient),
        first=ibis.least(dels.first, s2.first),
        weight=ibis.greatest(dels.weight, s2.weight),
    )
    return alike.union(inserted).distinct()


def _goods_weight(r: dict[Any, Any], against: float = 0.85) -> dict[str, object]:
    """The goods' control weight as a factor, relative to `against` (a cover code's weight for
    reused numbers: on cover or controlled goods they reach full score)."""
    w = code_weight_of(r)
    return factor(
        "goods_weight",
        w / against,
        against,
        f"the goods weigh {w:g}"
        + (f", against {against:g} for a cover code" if against < 1 else ""),
    )


def to_alerts(reuse: pd.DataFrame, dates: pd.DataFrame, near: pd.DataFrame) -> pd.DataFrame:
    """Rows of the alert contract for each certificate or invoice number used by several
    recipients, with the consignments listed."""
    rows = []
    for r in reuse.to_dict("records"):
        what = "end-user certificate" if r["kind"] == "certificate" else "invoice"
        spread = int(r["spread"])
        # Two recipients: 0.6; every further one adds; controlled goods weigh more.
        dests = int(r["destinations"])
        fs = [
            factor(
                "recipients",
                min(1.0, 0.6 + 0.1 * (spread - 2) + 0.1 * (dests >= 2)),
                2,
                f"{spread} recipients (0.6 for two, 0.1 more each)"
                + (f" in {dests} destination countries (0.1 more)" if dests >= 2 else ""),
            ),
            _goods_weight(r),
        ]
        score = product(fs)
        start, end = pd.Timestamp(r["first"]).date(), pd.Timestamp(r["last"]).date()
        rows.append(
            alert_row(
                NAME,
                (r["kind"], r["doc"]),
                score=min(1.0, score),
                origin=r["origin"],
                destination=None,
                hs_code=r["hs_code"],
                period_start=start,
                period_end=end,
                entity=r["exporter"],
                summary=(
                    f"{what.capitalize()} {r['number']} appears on {int(r['shipments'])}"
                    f" consignments to {spread} different"
                    f" {'consignees' if r['kind'] == 'certificate' else 'trading pairs'} in"
                    f" {int(r['destinations'])} destination countries ({start:%Y-%m-%d} to"
                    f" {end:%Y-%m-%d}, {float(r['value'] or 0) / 1e6:,.2f} M USD)."
                ),
                evidence={
                    "document": what,
                    "number": r["number"],
                    "consignments": int(r["shipments"]),
                    "distinct_recipients": int(r["recipients"]),
                    "distinct_destinations": int(r["destinations"]),
                    "value_usd": round(float(r["value"] or 0.0), 2),
                    "consignment_list": r.get("consignment_list"),
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    for r in dates.to_dict("records"):
        days = int(r["days"])
        after = days < 0
        when = pd.Timestamp(r["date"]).date()
        cert = pd.Timestamp(r["certificate_date"]).date()
        fs = [
            factor(
                "certificate_dated_after" if after else "certificate_long_before",
                0.85 if after else 0.6,
                1.0,
                "a certificate dated after the goods left cannot have licensed them"
                if after
                else "a certificate dated long before the shipment may be recycled",
            ),
            _goods_weight(r, against=1.0),
        ]
        rows.append(
            consignment_alert(
                NAME,
                "dated",
                r,
                score=product(fs),
                summary=(
                    f"Consignment {r['shipment_id']} of {when:%Y-%m-%d} carries end-user"
                    f" certificate {r['end_user_certificate_no']} dated {cert:%Y-%m-%d},"
                    f" {abs(days)} days {'after' if after else 'before'} the shipment."
                ),
                evidence={
                    "shipment_date": f"{when}",
                    "certificate_date": f"{cert}",
                    "days_shipment_after_certificate": days,
                    "certificate": r["end_user_certificate_no"],
                    "consignee": r["recipient"],
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    for r in near.to_dict("records"):
        first = pd.Timestamp(r["first"]).date()
        fs = [
            factor(
                "numbers_alike",
                0.65,
                1.0,
                "two certificate numbers one edit apart, to different consignees",
            ),
            _goods_weight(r, against=1.0),
        ]
        rows.append(
            alert_row(
                NAME,
                ("near", r["exporter"], r["doc_a"], r["doc_b"]),
                score=product(fs),
                origin=None,
                destination=None,
                hs_code=None,
                period_start=first,
                period_end=first,
                entity=r["exporter"],
                summary=(
                    f"{r['exporter']} shipped under end-user certificates {r['doc_a']} and"
                    f" {r['doc_b']}, which look alike, to different consignees"
                    f" ({r['recipient_a']}, {r['recipient_b']})."
                ),
                evidence={
                    **{k: r[k] for k in ("doc_a", "doc_b", "recipient_a", "recipient_b")},
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: reused end-user certificates and invoices (and near-identical numbers)
    as alerts."""
    cert = reused(ws, "end_user_certificate_no", "certificate")
    inv = reused(ws, "invoice_no", "invoice")
    reuse = cert.union(inv).to_pandas()
    if len(reuse):
        lists = []
        for col, kind in (("end_user_certificate_no", "certificate"), ("invoice_no", "invoice")):
            docs = reuse.loc[reuse["kind"] == kind, ["doc"]]
            if docs.empty:
                continue
            s = weighted_shipments(ws)
            s = s.filter(s[col].notnull()).mutate(doc=_norm(s[col]))
            s = s.join(ibis.memtable(docs), "doc")
            part = s.select(
                "doc", "shipment_id", "date", "recipient", "destination_country", "value_usd"
            ).to_pandas()
            part = part.sort_values(["doc", "date", "shipment_id"])
            part["date"] = part["date"].astype(str).str.slice(0, 10)
            recs = part.drop(columns="doc").to_dict("records")
            grouped: dict[str, list[dict[str, Any]]] = {}
            for doc, rec in zip(part["doc"], recs, strict=True):
                grouped.setdefault(doc, []).append(rec)
            lists.append(
                pd.DataFrame(
                    {"kind": kind, "doc": list(grouped), "consignment_list": list(grouped.values())}
                )
            )
        if lists:
            reuse = reuse.merge(pd.concat(lists), on=["kind", "doc"], how="left")
    dates = dated_wrong(ws, p["max_certificate_age_days"]).to_pandas()
    near = near_duplicates(ws).to_pandas()
    return ibis.memtable(to_alerts(reuse, dates, near))


DETECTOR = register(
    Detector(
        needs_values=(
            (
                "shipments",
                ("invoice_no", "end_user_certificate_no"),
                "an invoice or end-user certificate number",
            ),
        ),
        source="consignments",
        words="end-user certificate reused or dated after shipment",
        finding_kinds=("euc_reuse", "euc_after_shipment"),
        name=NAME,
        description="end-user certificates and invoices reused, near-duplicated or misdated",
        reads=("shipments", "ref_control_list", "ref_cover_codes"),
        run=detect,
        parameters=(
            Parameter(
                "max_certificate_age_days",
                365,
                "a certificate older than this at shipment is flagged",
            ),
        ),
    )
)
