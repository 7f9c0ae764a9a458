"""Files that are not clean UTF-8: which encoding their other bytes are in, and a UTF-8 copy.

Real client output mixes encodings: an R or Excel export in UTF-8 with a few country names
written in Latin-1 or Windows-1252 ("Côte d'Ivoire", "Curaçao"). Such lines are good data, so
they are decoded with the encoding that explains them (found by charset-normalizer on those
lines alone) rather than quarantined. The copy keeps every line break where it was, so line
numbers in quarantine still point into the original file; a line that no candidate encoding
explains is copied as it was and DuckDB's reader then quarantines it as `invalid_encoding`.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

# Legacy single-byte encodings a trade file's stray bytes are usually in, most likely first.
_FALLBACKS = ("cp1252", "latin-1")
_SAMPLE_BYTES = 1 << 16


@dataclass
class Transcoded:
    """What re-encoding a file found: the copy, the encoding of its non-UTF-8 lines, counts."""

    path: Path
    encoding: str  # the encoding the non-UTF-8 lines were read in
    why: str = ""  # how that encoding was chosen (the user's --encoding, or detection)
    lines_redecoded: int = 0
    lines_unexplained: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, original: Path) -> str:
        """The warning shown to the user and stored in the import's profile."""
        shown = ", ".join(repr(e) for e in self.examples[:3])
        if not self.lines_redecoded and not self.lines_unexplained:
            return (
                f"{original.name}: every line is UTF-8 (or ASCII), read as such: {self.why}"
                " changed nothing"
            )
        text = (
            f"{original.name} is not entirely UTF-8: {self.lines_redecoded:,} line"
            f"{'s' if self.lines_redecoded != 1 else ''} read as {self.encoding}"
            + (f" (e.g. {shown})" if shown else "")
            + (f" — {self.why}" if self.why else "")
            + (" as given" if self.why.startswith("--encoding") else "")
        )
        if self.lines_unexplained:
            text += (
                f"; {self.lines_unexplained:,} line(s) fit no encoding and are quarantined as"
                " invalid_encoding"
            )
        return text


def _lines(path: Path, gzipped: bool) -> Iterator[bytes]:
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as fh:
        yield from fh


# Below this many non-ASCII bytes a detector's guess alone is noise (a few accented names tell
# cp1250 from cp1252 by nothing): the country names decide, else Windows-1252 is taken.
_MIN_EVIDENCE = 200
# The legacy encodings a file's non-UTF-8 lines are tried in, most usual first.
_CANDIDATES = ("cp1252", "cp1250", "cp1251", "iso8859_2", "latin-1")
_FIELD_SPLIT = re.compile(r"[,;\t|\r\n]")


def _country_fields(text: str) -> int:
    """How many non-ASCII fields of `text` are country names in the shipped tables."""
    from shadowtrade.reference.loaders import resolve_country

    values = Counter(f.strip().strip("\"'").strip() for f in _FIELD_SPLIT.split(text))
    return sum(
        n for v, n in values.items() if v and not v.isascii() and resolve_country(v) is not None
    )


def choose_legacy_encoding(sample: bytes) -> tuple[str, str]:
    """The single-byte encoding that best explains `sample` (bytes that are not UTF-8), and why.

    First the plausibility of the text: the candidate in which most non-ASCII fields are
    country names (in any of the shipped languages) wins outright — that works on a file of
    twelve lines, where a statistical detector cannot tell Cyrillic in Windows-1251 from
    mojibake in Windows-1252. Without country names, charset-normalizer decides when the sample
    holds enough non-ASCII bytes or its best guess beats Windows-1252 outright; else
    Windows-1252, the usual encoding of trade files' stray bytes.
    """
    decoded: dict[str, str] = {}
    for enc in _CANDIDATES:
        try:
            decoded[enc] = sample.decode(enc)
        except UnicodeDecodeError:
            continue
    names = {enc: _country_fields(text) for enc, text in decoded.items()}
    most = max(names.values(), default=0)
    top = [enc for enc, n in names.items() if n == most]
    if most > 0:
        others = ", ".join(f"{n} in {_codec_name(e)}" for e, n in names.items() if n < most)
        why = f"{most} country name(s) read in it" + (f" ({others})" if others else "")
        if len({decoded[e] for e in top}) == 1:
            # Encodings that agree on these bytes (cp1250 and ISO-8859-2 often do): the first.
            return top[0], why
        best_top = from_bytes(sample, cp_isolation=top).best()
        return (str(best_top.encoding) if best_top is not None else top[0]), why
    results = from_bytes(sample, cp_isolation=list(_CANDIDATES))
    best = results.best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return _FALLBACKS[0], "no encoding explains it better: the usual one taken"
    enc = str(best.encoding)
    if enc == "cp1252":
        return enc, "charset-normalizer's best guess"
    if decoded.get("cp1252") == decoded.get(enc):
        return _FALLBACKS[0], "the same text in Windows-1252, the usual one"
    plain = next((m for m in results if m.encoding == "cp1252"), None)
    beats = plain is not None and best.chaos < plain.chaos
    if sum(b >= 0x80 for b in sample) >= _MIN_EVIDENCE or beats:
        return enc, "charset-normalizer's best guess"
    why = f"too few non-ASCII bytes to prefer {_codec_name(enc)}: the usual one taken"
    return _FALLBACKS[0], why


def guess_legacy_encoding(sample: bytes) -> str:
    """The single-byte encoding that best explains `sample` (see `choose_legacy_encoding`)."""
    return choose_legacy_encoding(sample)[0]


def _codec_name(name: str) -> str:
    names = {
        "cp1252": "Windows-1252",
        "cp1250": "Windows-1250",
        "cp1251": "Windows-1251",
        "iso8859_2": "ISO-8859-2",
        "latin_1": "Latin-1",
        "latin-1": "Latin-1",
    }
    return names.get(name, name)


def is_utf8(path: Path, *, gzipped: bool) -> bool:
    """Whether the whole file decodes as UTF-8 (a BOM allowed)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    opener = gzip.open if gzipped else open
    try:
        with opener(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 22), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def transcode_to_utf8(path: Path, out: Path, *, gzipped: bool, encoding: str | None) -> Transcoded:
    """Write `out`: every UTF-8 line as it is, every other line decoded with the encoding that
    explains the file's non-UTF-8 lines (`encoding` when the user named one)."""
    why = f"--encoding {encoding}" if encoding is not None else ""
    if encoding is None:
        sample = bytearray()
        for line in _lines(path, gzipped):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                sample += line
                if len(sample) >= _SAMPLE_BYTES:
                    break
        encoding, why = choose_legacy_encoding(bytes(sample)) if sample else (_FALLBACKS[0], "")
    result = Transcoded(path=out, encoding=_codec_name(encoding), why=why)
    with out.open("wb") as dst:
        for n, line in enumerate(_lines(path, gzipped), 1):
            try:
                line.decode("utf-8-sig" if n == 1 else "utf-8")
                dst.write(line)
                continue
            except UnicodeDecodeError:
                pass
            try:
                text = line.decode(encoding)
            except UnicodeDecodeError:
                result.lines_unexplained += 1
                dst.write(line)
                continue
            result.lines_redecoded += 1
            if len(result.examples) < 3:
                words = re.split(r"[,;\t|\s]+", text)
                odd = [w for w in words if not w.isascii()]
                word = odd[0].strip("\"'") if odd else ""
                if word and word not in result.examples:
                    result.examples.append(word)
            dst.write(text.encode("utf-8"))
    return result
