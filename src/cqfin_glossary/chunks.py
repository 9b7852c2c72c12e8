"""A glossary file cut into the text of its entries, so an edit is re-read entry by entry.

A glossary file as the tool writes it is one block sequence: every entry starts
with ``- `` in the first column and nothing else starts there. Each such item
is then a YAML document of its own that parses to the same entry as inside the
whole file, and a digest of its bytes tells whether the entry changed. A file
of any other shape (flow style, document markers, text in the first column
that is not an item) is not cut, and its readers fall back to the whole file;
so does a reader whose piece fails to parse on its own.
"""

from __future__ import annotations

import hashlib
import re

# A top-level item: '-' in column 0 followed by a space or the end of the line.
_ITEM = re.compile(rb"^-(?=[ \r\n]|$)", re.M)
# Anything else in column 0 except blank lines and comments: the file is not a plain list.
_STRAY = re.compile(rb"^(?:[^ \r\n#-]|-[^ \r\n])", re.M)


class Piece:
    """The bytes of one top-level item, its first line (1-based) and their digest."""

    __slots__ = ("data", "digest", "line")

    def __init__(self, data: bytes, line: int):
        self.data = data
        self.line = line
        self.digest = hashlib.blake2b(data, digest_size=16).digest()


def split(data: bytes) -> list[Piece] | None:
    """The items of a plain block-sequence glossary file, or None when it is not one."""
    starts = [m.start() for m in _ITEM.finditer(data)]
    if not starts:
        return None
    head = data[:starts[0]]
    if _STRAY.search(data, starts[0]) is not None or _STRAY.search(head) is not None:
        return None
    if head.startswith(b"\xef\xbb\xbf"):
        return None  # a BOM: the whole-file reader strips it and reports lines as usual
    pieces = []
    line = head.count(b"\n") + 1
    for start, end in zip(starts, [*starts[1:], len(data)], strict=True):
        chunk = data[start:end]
        pieces.append(Piece(chunk, line))
        line += chunk.count(b"\n")
    return pieces
