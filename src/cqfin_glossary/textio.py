"""Read a text file in whatever encoding Chinese documents come in, and say which one it was.

Order of evidence: a byte-order mark; then strict UTF-8; then UTF-16 without a
BOM (plausible text with NULs in alternating positions); then GB18030 (covers
GBK and GB2312), Big5 or Big5-HKSCS, whichever reads as more common characters,
each line of it too.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import EncodingError
from .fsutil import read_limited

MAX_TEXT_BYTES = 256 * 1024 * 1024
# A line longer than this is not prose: matching and mining it would take memory in
# proportion to the whole line at once (annotate on a 200 MB line peaked at 10 GB).
MAX_LINE_CHARS = 10 * 1024 * 1024
# A document to annotate or check (a book is 1-2 MB): every glossary hit costs a row in
# memory and in the report, and a text dense with terms gives one every dozen characters,
# so 16 MB took half a minute and 1.6 GB, and 8 MB for check nearly a minute; a corpus
# to mine is streamed instead.
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Big5-HKSCS after Big5: Hong Kong text with Cantonese characters (嘅, 喺, 啲) is no Big5,
# and read as GB18030 (which decodes any bytes) it was silent mojibake.
_CHINESE = ("gb18030", "big5", "big5hkscs")
MIXED_LINE_WIDE = 6  # wide characters a line needs before its reading is judged alone


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode file content, or raise EncodingError naming the file (and line when known);
    a line over MAX_LINE_CHARS is refused too (InputError)."""
    decoded = _decode(data, name)
    check_lines(decoded.text, name)
    return decoded


def check_lines(text: str, name: str, first_line: int = 1) -> None:
    """Refuse a line longer than MAX_LINE_CHARS, naming it, in time linear in the text.

    Any line that long covers a whole aligned window of half its length, so only
    windows without a newline need measuring, and a search for a newline stops early
    in every other window.
    """
    limit = MAX_LINE_CHARS
    if len(text) <= limit:
        return
    step = max(1, limit // 2)
    for start in range(0, len(text), step):
        if text.find("\n", start, start + step) >= 0:
            continue
        begin = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - begin > limit:
            from .errors import InputError

            line = first_line + text.count("\n", 0, begin)
            raise InputError(f"a line of {end - begin:,} characters (the limit is "
                             f"{limit:,}); split the text into lines", name, line)


def _decode(data: bytes, name: str) -> DecodedText:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(_strict(data, encoding, name), encoding)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    else:
        if "\x00" not in text[:8192]:
            return DecodedText(text, "utf-8")
        # NULs decode as UTF-8 but are no text: UTF-16 without a BOM, or binary data.
        utf16 = _utf16_without_bom(data)
        if not utf16:
            raise EncodingError("binary file (NUL bytes), not text", name)
        return DecodedText(_strict(data, utf16, name), utf16)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return DecodedText(_strict(data, utf16, name), utf16)
    if _looks_binary(data):
        raise EncodingError("binary file, not text", name)
    for encoding in _guesses(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _one_encoding(data, encoding, name)
        return DecodedText(text, encoding)
    line = data[: utf8_error.start].count(b"\n") + 1
    raise EncodingError("cannot decode as UTF-8, UTF-16, GB18030 or Big5", name, line)


def _one_encoding(data: bytes, encoding: str, name: str) -> None:
    """Refuse a file whose lines are in two legacy encodings (Big5 lines pasted into a GB18030
    file): read in either, some lines are mojibake that check passed as 'clean'. A line is
    judged on its own when its reading scatters over rare characters and another reads it
    as common ones."""
    for number, raw in enumerate(data.split(b"\n"), 1):
        if sum(b > 0x7F for b in raw) < 2 * MIXED_LINE_WIDE:
            continue
        line = raw.decode(encoding, errors="replace")
        if _common_share(line, encoding) >= 0.6:
            continue
        for other in _CHINESE:
            if other == encoding:
                continue
            try:
                reading = raw.decode(other)
            except UnicodeDecodeError:
                continue
            if _common_share(reading, other) >= 0.8:
                raise EncodingError(f"mixed encodings: line {number} reads as {other}, the "
                                    f"file as {encoding}; save it in one encoding (UTF-8)",
                                    name, number)


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
    for encoding, zero_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        # Pairs of ASCII letters read as UTF-16 are CJK ideographs (b"No" is U+4E6F), so
        # a BOM-less guess needs the NUL half of some ASCII character, a newline at least.
        if 0 not in sample[zero_at::2]:
            continue
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
    """GB18030 and Big5, the one whose reading uses more common characters first.

    Both decode most byte strings without error, so validity alone cannot choose;
    a wrong reading scatters over rare characters, while a right one stays mostly
    within the level-1 (most frequent) blocks of GB2312 or Big5.
    """
    sample = data[:65536]
    scores = {}
    for encoding in _CHINESE:
        try:
            text = sample.decode(encoding, errors="strict")
        except UnicodeDecodeError as err:
            if err.start < len(sample) - 4:  # not merely a character cut by the sample end
                continue
            text = sample[: err.start].decode(encoding)
        scores[encoding] = _common_share(text, encoding)
    return sorted(scores, key=lambda e: -scores[e]) or list(_CHINESE)


def _common_share(text: str, encoding: str) -> float:
    wide = [c for c in text if ord(c) > 0x7F and c != "\ufffd"]
    if not wide:
        return 0.5
    common = 0
    for char in wide:
        code = int.from_bytes(char.encode(encoding), "big")
        if encoding == "gb18030":
            common += 0xB0A1 <= code <= 0xD7F9  # GB2312 level 1
        else:
            common += 0xA440 <= code <= 0xC67E  # Big5 frequent characters
    return common / len(wide)
