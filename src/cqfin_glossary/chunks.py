"""Where the entries of a glossary file begin, so an edit is re-read entry by entry.

A glossary file as the tool writes it is one block sequence: every entry starts
with ``- `` in the first column and nothing else starts there. Each such item
is then a YAML document of its own that parses to the same entry as inside the
whole file. A file of any other shape (flow style, document markers, a BOM,
text in the first column that is not an item) is not cut, and its readers fall
back to the whole file; so does a reader whose piece fails to parse on its own.
"""

from __future__ import annotations

import re

# Anything in column 0 but an item, a blank line or a comment: the file is not a plain list.
_STRAY = re.compile(rb"\n(?:[^ \r\n#-]|-[^ \r\n])")
_HEAD = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
_ITEM = re.compile(rb"\n-")


def item_starts(data: bytes, begin: int = 0, end: int | None = None) -> list[int] | None:
    """Offsets of the items in ``data[begin:end]``, which must open with one; None if not a list."""
    end = len(data) if end is None else end
    if data[begin:begin + 1] != b"-" or data[begin + 1:begin + 2] not in (b"", b" ", b"\r", b"\n"):
        return None
    if _STRAY.search(data, begin, end) is not None:
        return None
    return [begin] + [m.end() - 1 for m in _ITEM.finditer(data, begin, end)]


def split(data: bytes) -> list[int] | None:
    """Offsets of every entry of a plain block-sequence glossary file, or None if not one."""
    first = 0 if data.startswith(b"-") else data.find(b"\n-") + 1
    if first == 0 and not data.startswith(b"-"):
        return None
    if _HEAD.fullmatch(data, 0, first) is None:
        return None
    return item_starts(data, first)


def lines_of(data: bytes, starts: list[int]) -> list[int]:
    """The 1-based line each offset stands on."""
    out = []
    line, pos = 1, 0
    for start in starts:
        line += data.count(b"\n", pos, start)
        pos = start
        out.append(line)
    return out


def common_ends(old: bytes, new: bytes, block: int = 1 << 16) -> tuple[int, int]:
    """Lengths of the longest common prefix and (not overlapping it) suffix of two texts."""
    limit = min(len(old), len(new))
    p = 0
    while p < limit and old[p:p + block] == new[p:p + block]:
        p += block
    p = min(p, limit)
    while p < limit and old[p] == new[p]:
        p += 1
    s, room = 0, limit - p
    lo, ln = len(old), len(new)
    while s + block <= room and old[lo - s - block:lo - s] == new[ln - s - block:ln - s]:
        s += block
    while s < room and old[lo - s - 1] == new[ln - s - 1]:
        s += 1
    return p, s
