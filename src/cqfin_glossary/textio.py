"""Read a text file in whatever encoding Chinese documents come in, and say which one it was.

Order of evidence: a byte-order mark; then strict UTF-8; then UTF-16 without a
BOM (many NULs in alternating positions); then charset-normalizer's guess among
the Chinese encodings (GB18030 covers GBK and GB2312, Big5 for Traditional).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import EncodingError
from .fsutil import read_limited

MAX_TEXT_BYTES = 256 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE = ("gb18030", "big5", "big5hkscs", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode file content, or raise EncodingError naming the file (and line when known)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(_strict(data, encoding, name), encoding)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    utf16 = _utf16_without_bom(data)
    if utf16:
        return DecodedText(_strict(data, utf16, name), utf16)
    if _looks_binary(data):
        raise EncodingError("binary file, not text", name)
    for encoding in _guesses(data):
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    line = data[: utf8_error.start].count(b"\n") + 1
    raise EncodingError("cannot decode as UTF-8, UTF-16, GB18030 or Big5", name, line)


def read_text(path: Path | str) -> DecodedText:
    """The text of a file, refusing binaries and files above MAX_TEXT_BYTES."""
    path = Path(path)
    return decode_bytes(read_limited(path, MAX_TEXT_BYTES), str(path))


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1 if "8" in encoding else None
        raise EncodingError(f"invalid {encoding} data", name, line) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by decoding to plausible Chinese or ASCII text."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(map(_plausible, text)) / len(text) > 0.95:
            return encoding
    return None


def _plausible(char: str) -> bool:
    code = ord(char)
    return (0x20 <= code < 0x7F or char in "\t\r\n" or 0x4E00 <= code <= 0x9FFF
            or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x201F)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and controls / len(sample) > 0.05


def _guesses(data: bytes) -> list[str]:
    """Chinese encodings ordered by charset-normalizer's verdict, GB18030 first on a tie."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144], cp_isolation=list(_CHINESE)).best()
    first = best.encoding.replace("_", "-") if best is not None else "gb18030"
    return list(dict.fromkeys([first, "gb18030", "big5"]))
