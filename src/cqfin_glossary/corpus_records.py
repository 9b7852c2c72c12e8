"""Corpus files of records (.tsv rows, .jsonl/.json objects): each record a document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .corpus import (
    _CJK_RUN,
    Document,
    Segment,
    _checked,
    _pair,
    _simplify,
    clean,
    display_name,
)
from .errors import FormatError
from .textio import read_text


def read_records(path: Path) -> Iterator[Document]:
    """TSV (zh and en columns, header optional) or JSON Lines / JSON array: each row or
    record is a document of its own (a news article, a translation unit), so document
    frequencies count records. A record with zh and en is an aligned pair; one without
    them is mined for the Chinese of its text fields (title, content...)."""
    decoded = _checked(path, read_text(path))
    if path.suffix.lower() == ".tsv":
        rows = _tsv_rows(decoded.text, display_name(path))
    else:
        rows = _json_rows(decoded.text, path)
    total = max(1, sum(len(zh) + len(en) for _, zh, en in rows))
    found = 0
    for line, zh, en in rows:
        segments = _record_segments(line, zh, en)
        if segments:
            found += 1
            size = path.stat().st_size * (len(zh) + len(en)) // total
            doc = Document(display_name(path), decoded.encoding, segments,
                           parallel=bool(en.strip()),
                           record=found, size=size)
            yield _simplify(doc)
    if not found:
        raise FormatError("no zh/en pairs or Chinese text found (expected zh and en fields "
                          "or columns)", display_name(path))


def _record_segments(line: int, zh: str, en: str) -> list[Segment]:
    if en.strip():
        pair = _pair(line, zh, en)
        return [pair] if pair is not None else []
    return [Segment(line, clean(text)) for text in zh.splitlines()
            if clean(text) and _CJK_RUN.search(text)]


def _tsv_rows(text: str, name: str = "") -> list[tuple[int, str, str]]:
    """(line, zh, en) of each row. A row of one column is Chinese text alone; any other row
    must have the zh and en columns: a row cut short (a stray line break in a cell) or one
    with a cell more than the header (a tab inside the English, which kept only what came
    before it) is an error naming its line, not a pair quietly lost or cut."""
    lines = text.splitlines()
    cols = (0, 1)
    width = 0  # the header's columns; 0 when there is none
    if lines:
        header = [h.strip().lower() for h in lines[0].split("\t")]
        if "zh" in header and "en" in header:
            cols, lines = (header.index("zh"), header.index("en")), ["", *lines[1:]]
            width = len(header)
    rows = []
    for n, line in enumerate(lines, 1):
        cells = line.split("\t")
        while len(cells) > 1 and not cells[-1].strip():
            cells.pop()  # empty cells at the end of a row (an editor's trailing tab) say nothing
        if len(cells) == 1:
            if _CJK_RUN.search(line):  # one column: Chinese text alone
                rows.append((n, cells[0], ""))
            continue
        if len(cells) <= max(cols) or (width and len(cells) > width):
            expected = f"the header's {width}" if width else f"at least {max(cols) + 1}"
            raise FormatError(f"{len(cells)} tab-separated cells where a row has "
                              f"{expected} (zh and en)", name, n)
        rows.append((n, cells[cols[0]], cells[cols[1]]))
    return rows


def _json_rows(text: str, path: Path) -> list[tuple[int, str, str]]:
    """zh/en string fields of JSON objects; numbers are never converted (a 5,000-digit one
    is an error in int()), and nesting past the decoder's depth limit is one error."""
    name = display_name(path)
    items: list[tuple[int, object]] = []
    line = 1
    try:
        if text.lstrip().startswith("["):
            found = _json_loads(text)
            items = [(1, obj) for obj in found] if isinstance(found, list) else []
        else:  # a record a line: an error names the record's line, not line 1 of it
            for line, record in enumerate(text.splitlines(), 1):
                if record.strip():
                    items.append((line, _json_loads(record)))
    except json.JSONDecodeError as err:
        # json's message names the place it stops at ("Unterminated string starting at")
        raise FormatError(f"invalid JSON: {err.msg} (column {err.colno})", name,
                          line + err.lineno - 1) from None
    except RecursionError:
        raise FormatError("JSON nested too deeply", name, line) from None
    return [(n, *_json_texts(obj)) for n, obj in items if isinstance(obj, dict)]


def _json_texts(record: dict[str, object]) -> tuple[str, str]:
    """The zh and en fields of a record; without them, its other text fields as Chinese."""
    if "zh" in record or "en" in record:
        return _field(record, "zh"), _field(record, "en")
    return "\n".join(v for v in record.values() if isinstance(v, str)), ""


def _json_loads(text: str) -> object:
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=lambda _: None)


def _field(obj: dict[str, object], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""
