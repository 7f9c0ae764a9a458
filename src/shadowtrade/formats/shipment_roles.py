"""The roles of a shipment record and the header names each is read from.

Apart from the reader (shipments.py) so that the trade mapping reader (mapping.py) can tell a
shipment role given to it without importing the shipment reader, which imports it.
"""

from __future__ import annotations

# Canonical role → header synonyms (normalised: lower case, letters and digits only).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "shipment_id": (
        "shipmentid",
        "declarationid",
        "declarationno",
        "declarationnumber",
        "entrynumber",
        "billoflading",
        "bolnumber",
        "consignmentid",
        "id",
    ),
    "date": ("date", "declarationdate", "shipmentdate", "arrivaldate", "departuredate"),
    "exporter": ("exporter", "shipper", "sender", "seller", "sellerid", "consignor"),
    "exporter_country": (
        "exportercountry",
        "shippercountry",
        "sendercountry",
        "countryofdeparture",
        "countryofdispatch",
        "dispatchcountry",
    ),
    "importer": ("importer", "receiver", "buyer", "importerid"),
    "importer_country": ("importercountry", "receivercountry", "buyercountry"),
    "consignee": ("consignee",),
    "notify_party": ("notifyparty",),
    "origin_country": ("origincountry", "countryoforigin"),
    "destination_country": ("destinationcountry", "countryofdestination"),
    "transit_countries": ("transitcountries", "transitcountry", "transit", "via"),
    "hs_code": ("hscode", "hs", "hs6", "hs6code", "commoditycode", "tariffcode", "cmdcode"),
    "description": (
        "description",
        "goodsdescription",
        "productdescription",
        "commoditydescription",
    ),
    "value": ("valueusd", "value", "invoicevalue", "customsvalue", "itemprice"),
    "currency": ("currency", "valuecurrency", "invoicecurrency"),
    "net_weight": ("netweightkg", "netweight", "netmass", "netmasskg"),
    "gross_weight": ("grossweightkg", "grossweight", "grossmass", "grossmasskg"),
    "weight_unit": ("weightunit", "massunit"),
    "quantity": ("quantity", "qty", "supplementaryquantity"),
    "quantity_unit": ("quantityunit", "qtyunit"),
    "transport_mode": ("transportmode", "modeoftransport"),
    "carrier": ("carrier", "vessel", "carriername"),
    "invoice_no": ("invoiceno", "invoicenumber"),
    "end_user_certificate_no": (
        "endusercertificateno",
        "endusercertificate",
        "eucno",
        "euc",
        "certificateno",
    ),
    "certificate_date": ("certificatedate", "eucdate"),
}
