"""Look at a file's first bytes: compression, encoding, delimiter and header.

Reading only the head keeps detection instant on multi-gigabyte files; the body is read by DuckDB.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from shadowtrade.errors import InputError

DELIMITERS = (",", ";", "\t", "|")
_HEAD_BYTES = 1 << 16


@dataclass(frozen=True)
class FileHead:
    """What the first line of a delimited text file tells."""

    path: Path
    compression: str  # none | gzip
    delimiter: str
    header: list[str]
    has_bom: bool
    encoding: str = "utf-8"
    header_encoding: str = "utf-8"  # what the header line was read as
    # Said to the user and stored: how the header was read where it needed interpreting.
    notes: tuple[str, ...] = ()


def read_head(path: Path) -> tuple[bytes, str]:
    """The first 64 KiB of the file (decompressed), and its compression."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(2)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    if magic == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                return gz.read(_HEAD_BYTES), "gzip"
        except (OSError, EOFError) as exc:
            raise InputError(f"{path}: corrupt gzip file: {exc}") from exc
    with path.open("rb") as fh:
        return fh.read(_HEAD_BYTES), "none"


ENCODINGS = ("auto", "utf-8", "latin-1", "cp1252", "cp1250", "cp1251", "any Python codec")


def codec_name(encoding: str) -> str:
    """The --encoding value as the reader uses it: "auto", "utf-8", "latin-1" or the Python
    codec's own name ("windows-1251" → "cp1251"); "utf-8-sig" is UTF-8 (the BOM is read as a
    BOM either way). Refused with a one-line reason when Python has no such codec, when the
    codec is no text encoding (rot13, hex, base64 turn bytes into bytes) or does not write
    ASCII as ASCII (UTF-16: convert it first)."""
    if encoding == "auto":
        return encoding
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"unknown --encoding {encoding!r}: not a Python codec name; use auto, utf-8,"
            " latin-1, cp1252, cp1250, cp1251, koi8_r, iso8859_2 or another Python codec"
        ) from None
    if info.name == "utf-8-sig":
        return "utf-8"
    try:
        ascii_bytes = 'a,;\t|\n"0'.encode(info.name)
    except LookupError:  # Python's bytes-to-bytes codecs (rot13, hex, base64, zlib …)
        raise InputError(
            f"--encoding {encoding!r} is not a text encoding (it turns bytes into bytes); use"
            " auto, utf-8, latin-1, cp1252, cp1250, cp1251 or another text codec"
        ) from None
    if ascii_bytes != b'a,;\t|\n"0':
        raise InputError(
            f"--encoding {encoding!r} does not write ASCII as single bytes (as UTF-16 does): a"
            " delimited file in it cannot be read line by line; convert it to UTF-8 first"
        )
    return {"utf-8": "utf-8", "iso8859-1": "latin-1"}.get(info.name, info.name)


# The name given to an unnamed first column (a DataFrame index that pandas wrote): ignored.
INDEX_COLUMN = "_index"


def sniff(path: Path, encoding: str = "auto") -> FileHead:
    """Read the header line; raise InputError with a one-line reason when it is unusable.

    `encoding` "auto" reads UTF-8 and, for a header that is not, the encoding that explains it
    (the body's encoding is settled while reading: formats/encoding.py).
    """
    encoding = codec_name(encoding)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    head, compression = read_head(path)
    if not head.strip():
        raise InputError(f"{path}: file is empty")
    has_bom = head.startswith(b"\xef\xbb\xbf")
    if b"\n" not in head and b"\r" not in head and len(head) == _HEAD_BYTES:
        raise InputError(
            f"{path}: row 1: the header line is longer than {_HEAD_BYTES >> 10} KiB (no line"
            " break in the file's first 64 KiB): not a table's header; nothing ingested"
        )
    first = re.split(rb"\r\n|\r|\n", head, maxsplit=1)[0]
    notes: list[str] = []
    header_encoding = "utf-8" if encoding == "auto" else encoding
    if encoding in ("auto", "utf-8"):
        try:
            line = first.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if encoding == "utf-8":
                raise InputError(
                    f"{path}: row 1: header is not UTF-8 (byte 0x{first[exc.start]:02x} at"
                    f" position {exc.start}); pass --encoding auto to detect the encoding"
                ) from exc
            from shadowtrade.formats.encoding import guess_legacy_encoding

            legacy = guess_legacy_encoding(first)
            line = first.decode(legacy, errors="replace")
            header_encoding = legacy
            notes.append(f"the header is not UTF-8: read as {legacy}")
    else:
        try:
            line = first.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: row 1: header is not {encoding} (byte 0x{first[exc.start]:02x} at"
                f" position {exc.start}); pass --encoding auto to detect the encoding"
            ) from exc
    counts = {d: line.count(d) for d in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise InputError(
            f"{path}: row 1: header has a single column ({line[:60]!r}); expected a delimited"
            " file separated by ',', ';', tab or '|'"
        )
    header = next(csv.reader([line], delimiter=delimiter))
    header = [h.strip() for h in header]
    if len(header) > 1 and not header[0] and all(header[1:]):
        header[0] = INDEX_COLUMN
        notes.append(
            "the first column has no name (a row index, as pandas' to_csv and R's write.csv"
            " write it): ignored"
        )
    seen: dict[str, int] = {}
    for i, h in enumerate(header, 1):
        if not h:
            raise InputError(f"{path}: row 1, column {i}: empty column name in header")
        key = h.lower()
        if key in seen:
            raise InputError(
                f"{path}: row 1, column {i}: duplicate column name {h!r} (also column"
                f" {seen[key]}); rename one of them"
            )
        seen[key] = i
    return FileHead(
        encoding=encoding,
        header_encoding=header_encoding,
        path=path,
        compression=compression,
        delimiter=delimiter,
        header=header,
        has_bom=has_bom,
        notes=tuple(notes),
    )
