"""Read translation segments (Chinese source, English target): aligned files, PO, TSV, JSONL
(XLIFF and TMX: segments_xml.py)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EncodingError, FormatError, GlossaryError, InputError, UsageError
from .filetypes import CAT_SUFFIXES
from .formats.po import check_po_strings
from .fsutil import read_limited
from .textio import decode_bytes

# the files that hold both sides of a translation (the rest is aligned plain text)
STRUCTURED_SUFFIXES = (".po", ".pot", ".tsv", ".tab", ".jsonl", ".ndjson", *CAT_SUFFIXES)
SOURCE_FIELDS = ("zh", "source", "src", "zh-cn", "zh_cn", "zh-hans", "zh-hant", "chinese")
TARGET_FIELDS = ("en", "target", "tgt", "en-us", "en_us", "en-gb", "en_gb", "english")


@dataclass(frozen=True)
class Segment:
    """One source/target pair; ``number`` is what reports call it, ``line`` where it stands."""

    number: int
    source: str
    target: str
    file: str
    line: int | None = None


def read_document(path: Path | str) -> str:
    """Text of a file, refusing one that mixes UTF-8 with a legacy Chinese encoding."""
    from . import textio

    path = Path(path)
    data = read_limited(path, textio.MAX_DOCUMENT_BYTES)
    try:
        decoded = decode_bytes(data, str(path))
    except EncodingError:
        _refuse_mixed(data, str(path), "something else")  # say "mixed" when that is the cause
        raise
    if not decoded.encoding.startswith(("utf-8", "utf-16", "utf-32")):
        _refuse_mixed(data, str(path), decoded.encoding)
    return decoded.text


def _refuse_mixed(data: bytes, name: str, encoding: str) -> None:
    """GB18030 decodes almost any bytes, so UTF-8 lines in it would silently become mojibake."""
    utf8_line = other_line = None
    for number, raw in enumerate(data.split(b"\n"), 1):
        if raw.isascii():
            continue
        try:
            decoded = raw.decode("utf-8")
            # A GBK line can pass as UTF-8 by chance, but then decodes to stray code points,
            # not to Chinese text (none in 200,000 random GBK lines).
            wide = [c for c in decoded if not c.isascii()]
            if len(wide) >= 2 and all(map(_chinese_char, wide)):
                utf8_line = utf8_line or number
        except UnicodeDecodeError:
            other_line = other_line or number
        if utf8_line and other_line:
            raise EncodingError(f"mixed encodings: line {utf8_line} is UTF-8, line {other_line} "
                                f"is {encoding}; convert the file to one encoding",
                                name, max(utf8_line, other_line))


def _chinese_char(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF
            or 0x2010 <= code <= 0x201F)


def read_many(paths: list[str] | list[Path]) -> list[Segment]:
    """The segments of several files (PO, TSV, JSONL, XLIFF, TMX) and of every such file in
    the folders among them (hidden ones left out), in the order given, each folder's in
    name order: a project checked at once."""
    segments: list[Segment] = []
    seen: set[Path] = set()  # a file named twice (itself and its folder) is read once
    for given in map(Path, paths):
        files = _bilingual_files(given) if given.is_dir() else [given]
        if not files:
            raise UsageError(f"no {', '.join(STRUCTURED_SUFFIXES)} file in {given}")
        for path in files:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                segments += read_segments(path)
    return segments


def _bilingual_files(folder: Path) -> list[Path]:
    """The folder's files that hold both sides, walked as a corpus folder is (the corpus
    reader is loaded only for a folder: check of one file does without it); a file there
    that cannot be read as a file (a FIFO, a link out of the folder) is an error."""
    from .corpus import walk

    def refuse(err: GlossaryError) -> None:
        raise err

    return walk(folder, refuse, STRUCTURED_SUFFIXES)


def read_segments(path: Path | str, target: Path | str | None = None) -> list[Segment]:
    """Segments of an aligned pair of files, or of one PO, TSV, JSONL, XLIFF or TMX file."""
    if target is not None:
        return read_aligned(path, target)
    suffix = Path(path).suffix.lower()
    from . import segments_xml
    from .filetypes import TMX_SUFFIXES, XLIFF_SUFFIXES

    if suffix in XLIFF_SUFFIXES:
        return segments_xml.read_xliff(path)
    if suffix in TMX_SUFFIXES:
        return segments_xml.read_tmx(path)
    if suffix in (".po", ".pot"):
        return read_po(path)
    if suffix in (".tsv", ".tab"):
        return read_tsv(path)
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(path)
    raise UsageError(f"cannot tell the format of {path}: give SOURCE TARGET, or a .po, .tsv, "
                     ".jsonl, .xlf/.xliff/.sdlxliff/.mqxliff or .tmx file")


def _lines_of(path: Path | str) -> list[str]:
    """The lines of a file to check, less blank ones at its end (an editor's last newline
    twice made a hard misalignment); an empty file is an error, in every format (XLIFF and
    TMX already refused one as malformed; the others passed as '0 segments: clean')."""
    lines = read_document(path).splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise InputError("empty file, nothing to check", str(path))
    return lines


def read_aligned(source: Path | str, target: Path | str) -> list[Segment]:
    """Line n of the source pairs with line n of the target."""
    src_lines = _lines_of(source)
    tgt_lines = _lines_of(target)
    if len(src_lines) != len(tgt_lines):
        shorter, longer = (target, source) if len(tgt_lines) < len(src_lines) else (source, target)
        n = min(len(src_lines), len(tgt_lines))
        raise FormatError(f"not aligned: {shorter} has {n} lines, {longer} has "
                          f"{max(len(src_lines), len(tgt_lines))} (first unpaired line "
                          f"{n + 1})", str(longer), n + 1)
    pairs = enumerate(zip(src_lines, tgt_lines, strict=True), 1)
    return [Segment(n, s, t, str(target), n) for n, (s, t) in pairs if s.strip() or t.strip()]


def read_po(path: Path | str) -> list[Segment]:
    """msgid/msgstr pairs of a PO file; untranslated and obsolete entries are skipped."""
    import polib

    name = str(path)
    text = read_document(path)
    if not text.strip():
        raise InputError("empty file, nothing to check", name)
    if _names_a_file(text):
        # polib.pofile takes a path or a text, and would read the file this text names.
        raise FormatError("not a PO file: its whole content is the name of a file", name, 1)
    check_po_strings(text, name)
    try:
        catalog = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as err:
        found = re.search(r"line (\d+)", str(err))
        reason = re.sub(r"\s*\(line \d+\)|\s+at line \d+", "", str(err)).strip()
        reason = reason.replace("po file", "PO file").rstrip(".")
        raise FormatError(f"broken PO file: {reason}", name,
                          int(found.group(1)) if found else None) from None
    segments: list[Segment] = []
    lines = text.splitlines()
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        translated = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
        if translated:
            segments.append(Segment(len(segments) + 1, entry.msgid, translated, name,
                                    _msgstr_line(lines, entry.linenum)))
    return segments


def _msgstr_line(lines: list[str], start: int) -> int:
    """The line of an entry's msgstr, as a problem names the line of its target: polib gives
    where the entry starts (its first comment; 0 for a first entry with no header before)."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return max(start, 1)


def _names_a_file(text: str) -> bool:
    """What polib checks (os.path.isfile on the very text) before it reads a path."""
    try:
        return os.path.isfile(text)
    except (TypeError, ValueError, UnicodeError):
        return False


def _columns(header: list[str]) -> tuple[int, int] | None:
    names = [h.strip().lower() for h in header]
    src = next((i for i, h in enumerate(names) if h in SOURCE_FIELDS), None)
    tgt = next((i for i, h in enumerate(names) if h in TARGET_FIELDS), None)
    return (src, tgt) if src is not None and tgt is not None else None


def read_tsv(path: Path | str) -> list[Segment]:
    """Tab-separated rows; a header naming zh/en (or source/target) columns, else the first two."""
    name = str(path)
    rows = _lines_of(path)
    columns = _columns(rows[0].split("\t")) if rows else None
    first = 1 if columns else 0
    src, tgt = columns or (0, 1)
    segments = []
    for number, row in enumerate(rows[first:], first + 1):
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) <= max(src, tgt):
            raise FormatError(f"expected at least {max(src, tgt) + 1} tab-separated columns, "
                              f"found {len(cells)}", name, number)
        segments.append(Segment(number, cells[src], cells[tgt], name, number))
    return segments


def _no_number(_: str) -> None:
    return None


def read_jsonl(path: Path | str) -> list[Segment]:
    """One JSON object a line with zh and en (or source and target) fields."""
    name = str(path)
    segments = []
    for number, row in enumerate(_lines_of(path), 1):
        if not row.strip():
            continue
        try:  # numbers are never converted (int() refuses 5,000 digits): no segment is one
            record = json.loads(row, parse_int=_no_number, parse_float=_no_number,
                                parse_constant=_no_number)
        except json.JSONDecodeError as err:
            raise FormatError(f"invalid JSON: {err.msg} (column {err.colno})",
                              name, number) from None
        except RecursionError:
            raise FormatError("JSON nested too deeply", name, number) from None
        if not isinstance(record, dict):
            raise FormatError("expected a JSON object with zh and en fields", name, number)
        keys = {k.lower(): k for k in record}
        columns = _columns(list(keys))
        if columns is None:
            raise FormatError("no zh/en (or source/target) fields in this object", name, number)
        src, tgt = (record[keys[list(keys)[i]]] for i in columns)
        if not isinstance(src, str) or not isinstance(tgt, str):
            raise FormatError("zh and en fields must be strings", name, number)
        segments.append(Segment(number, src, tgt, name, number))
    return segments
