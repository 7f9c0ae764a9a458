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
    lines_redecoded: int = 0
    lines_unexplained: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, original: Path) -> str:
        """The warning shown to the user and stored in the import's profile."""
        shown = ", ".join(repr(e) for e in self.examples[:3])
        text = (
            f"{original.name} is not entirely UTF-8: {self.lines_redecoded:,} line"
            f"{'s' if self.lines_redecoded != 1 else ''} read as {self.encoding}"
            + (f" (e.g. {shown})" if shown else "")
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


# Below this many non-ASCII bytes a detector's guess is noise (a few accented names tell
# cp1250 from cp1252 by nothing); Windows-1252 is then taken, the usual case in trade files.
_MIN_EVIDENCE = 200


def guess_legacy_encoding(sample: bytes) -> str:
    """The single-byte encoding that best explains `sample` (bytes that are not UTF-8)."""
    if sum(b >= 0x80 for b in sample) < _MIN_EVIDENCE:
        return _FALLBACKS[0]
    best = from_bytes(sample, cp_isolation=[*_FALLBACKS, "cp1250", "cp1251", "iso8859_2"]).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        return str(best.encoding)
    return _FALLBACKS[0]


def _codec_name(name: str) -> str:
    return {"cp1252": "Windows-1252", "latin_1": "Latin-1", "latin-1": "Latin-1"}.get(name, name)


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
    if encoding is None:
        sample = bytearray()
        for line in _lines(path, gzipped):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                sample += line
                if len(sample) >= _SAMPLE_BYTES:
                    break
        encoding = guess_legacy_encoding(bytes(sample)) if sample else _FALLBACKS[0]
    result = Transcoded(path=out, encoding=_codec_name(encoding))
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
