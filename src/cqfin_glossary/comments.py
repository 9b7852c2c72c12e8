"""Comments a person wrote in a glossary file, kept when the tool writes the file again.

The model has no place for a YAML comment, so every writer (editor, mine, import)
used to write a hand-annotated file back without them. A file that is a plain
block list (see chunks.split) is instead cut into one piece per entry: the
comment and blank lines above the entry's ``- `` line (its lead) and the entry's
own lines. An entry left unchanged keeps its piece byte for byte; a changed one
is written in the canonical form with its comments put back beside the lines
that still read the same (as a three-way merge places a hunk by its context),
or, when no line is left to hold one, above the entry. A removed entry's lead
stays in the file; an entry moved to another file takes the comments directly
above it and inside it along. Nothing here is trusted blindly: a changed entry
whose text with its comments does not read back as the same data gets them all
above it instead, where a comment is always a comment.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Mapping

import yaml

from . import chunks as plainlist

# libyaml, the loader's own reader (PyYAML's Python scanner refuses a tab before a comment)
_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MARK = re.compile(r"(?:^|(?<=[ \t]))#", re.M)  # where a comment may open
# What may open a plain list file before its first comment or entry: a byte order mark, a
# document start marker (with a comment after it).
_OPENING = re.compile(rb"(?:\xef\xbb\xbf)?(?:---[ \t]*(#[^\n]*)?\n)?")
# A document end marker closing the file, with only blank and comment lines after it.
_CLOSING = re.compile(rb"\n(\.\.\.[ \t]*(#[^\n]*)?(?:\n|\Z))(?:[ \t]*(?:#[^\n]*)?\n?)*\Z")
_KEY = re.compile(r"\s*(?:- )?[^\s:#'\"][^:#]*:(?=\s|$)")  # a line's indentation and key


def pieces(data: bytes, ids: list[str]) -> dict[str, bytes] | None:
    """Each entry's piece of the file (lead and lines), by id in file order; the lines after
    the last entry stay with it. None when the file is not a plain block list of these
    entries (``ids``, the entries as the file was read, in order). A byte order mark and the
    document markers (---, ...) are left out, a comment on their lines kept: they belong
    to the file, and a piece moves (a --- travelling with its entry into the middle of a
    file opened a second document)."""
    data = data.replace(b"\r\n", b"\n") if b"\r\n" in data else data
    head = _OPENING.match(data)
    if head is not None and head.end():
        data = (head[1] + b"\n" if head[1] else b"") + data[head.end():]
    end = _CLOSING.search(data)
    if end is not None:
        kept = end[2] + b"\n" if end[2] else b""
        data = data[:end.start(1)] + kept + data[end.end(1):]
    starts = plainlist.split(data)
    if starts is None or len(starts) != len(ids):
        return None
    if not data.endswith(b"\n"):
        if not _ends_alike(data[starts[-1]:]):
            return None  # a line break after its last line would change its text
        data += b"\n"
    bounds = [*starts, len(data)]
    out, held = [], data[:bounds[0]]
    for k in range(len(ids)):
        piece = data[bounds[k]:bounds[k + 1]]
        body, tail = (piece, b"") if k == len(ids) - 1 else _tail(piece)
        out.append(held + body)
        held = tail
    return dict(zip(ids, out, strict=True))


_LINES = rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*"
_EMPTY = re.compile(rb"(?:\xef\xbb\xbf)?(%s)\[\][ \t]*(?:#[^\n]*)?(?:\r?\n)?(%s)"
                    % (_LINES, _LINES))


def empty_head(data: bytes) -> bytes:
    """The comment lines over and after an empty list ('[]'), or nothing."""
    found = _EMPTY.fullmatch(data)
    if found is None or b"#" not in found[0]:
        return b""
    return flush(found[1] + found[2]).replace(b"\r\n", b"\n")


def _ends_alike(last: bytes) -> bool:
    """Whether the last entry reads the same with a line break after it (not so a | text)."""
    try:
        return bool(yaml.load(last, Loader=_LIBYAML) == yaml.load(last + b"\n", Loader=_LIBYAML))
    except yaml.YAMLError:
        return False


def _tail(piece: bytes) -> tuple[bytes, bytes]:
    """The comment lines at the first column that end an entry's piece belong to the entry
    below them: (the piece without them, them). Blank lines before the first such comment
    stay (a kept block scalar may end on them), and so does a line that only looks like a
    comment (the '# 12 ...' line of a quoted text going on over lines)."""
    lines = piece.splitlines(keepends=True)
    cut = len(lines)
    while cut > 1 and (lines[cut - 1].lstrip().startswith(b"#") or not lines[cut - 1].strip()):
        cut -= 1
    while cut < len(lines) and not lines[cut].startswith(b"#"):
        cut += 1  # the comments after the entry start with one at the first column
    if cut == len(lines):
        return piece, b""
    body = b"".join(lines[:cut])
    spans = comment_spans(piece.decode("utf-8"))
    text_at = len(body.decode("utf-8"))
    starts = {s for s, _ in spans or []}
    at = text_at
    for line in lines[cut:]:
        mark = len(line) - len(line.lstrip())
        if line.strip() and (at + mark) not in starts:
            return piece, b""
        at += len(line.decode("utf-8"))
    return body, b"".join(lines[cut:])


def split_lead(piece: bytes) -> tuple[bytes, bytes]:
    """(lead, the entry's own lines): the lead is what stands above the ``- `` line."""
    at = 0
    while at < len(piece):
        end = piece.find(b"\n", at)
        end = len(piece) if end < 0 else end + 1
        line = piece[at:end]
        if line.startswith(b"-") and line[1:2] in (b"", b" ", b"\n", b"\r"):
            return piece[:at], piece[at:]
        at = end
    return piece, b""


def lead_lines(piece: bytes) -> int:
    """How many lines stand above the entry's ``- `` line in its piece."""
    return 0 if piece.startswith(b"- ") else split_lead(piece)[0].count(b"\n")


_MAYBE = re.compile(rb"(?:^|[ \t])#", re.M)  # where a comment could open ('C#' is no place)


def has_comments(piece: bytes) -> bool:
    if _MAYBE.search(piece) is None:
        return False
    spans = comment_spans(piece.decode("utf-8"))
    return spans is None or bool(spans)


def comment_spans(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each comment in ``text`` (a '#' outside every scalar, after a space or
    at a line's start, up to the end of its line); None if the text does not scan."""
    if "#" not in text:
        return []
    try:
        tokens = [t for t in yaml.scan(text, Loader=_LIBYAML)
                  if isinstance(t, yaml.ScalarToken)]
    except yaml.YAMLError:
        return None
    # a block scalar's text starts on the line after its | or >, where a comment may stand
    opens = [text.find("\n", t.start_mark.index) + 1 if t.style in ("|", ">")
             else t.start_mark.index for t in tokens]
    closes = [t.end_mark.index for t in tokens]
    out = []
    for mark in _MARK.finditer(text):
        at = mark.start()
        k = bisect_right(opens, at) - 1
        if k >= 0 and at < closes[k]:
            continue  # inside a quoted or block scalar: text, not a comment
        end = text.find("\n", at)
        out.append((at, len(text) if end < 0 else end))
    return out


def flush(lines: bytes) -> bytes:
    """Comment lines moved elsewhere, at the first column: an indented one after an entry
    that ends in a | text would be read as more of that text."""
    return b"".join(line.lstrip(b" \t") if line.lstrip(b" \t").startswith(b"#") else line
                    for line in lines.splitlines(keepends=True))


def attached(lead: bytes) -> tuple[bytes, bytes]:
    """(the lead's lines above a blank line, the comment lines directly above the entry)."""
    lines = lead.splitlines(keepends=True)
    cut = len(lines)
    while cut > 0 and lines[cut - 1].lstrip().startswith(b"#"):
        cut -= 1
    return b"".join(lines[:cut]), b"".join(lines[cut:])


def carry(old: bytes, new: bytes) -> bytes:
    """``new`` (a canonical dump of the entry, or another writer's text of it) with the lead
    and the comments of ``old`` that ``new`` does not already hold."""
    old, new = old.replace(b"\r\n", b"\n"), new.replace(b"\r\n", b"\n")
    lead, item = split_lead(old)
    new_lead, new = split_lead(new)
    lead = _joined_leads(new_lead, lead)
    if b"#" not in item:
        return lead + new
    text, fresh = item.decode("utf-8"), new.decode("utf-8")
    spans = comment_spans(text)
    there = {fresh[s:e].strip() for s, e in comment_spans(fresh) or []} if b"#" in new else set()
    spans = [(s, e) for s, e in spans or [] if text[s:e].strip() not in there]
    if not spans:
        return lead + new
    placed = _placed(text, spans, fresh)
    if placed is not None:
        return lead + placed.encode("utf-8")
    above = "".join(f"{text[s:e].rstrip()}\n" for s, e in spans)
    return lead + above.encode("utf-8") + new


def _joined_leads(first: bytes, second: bytes) -> bytes:
    """``first`` with the comment lines of ``second`` it does not hold, each where ``second``
    has it among the lines both hold (two writers' texts of one entry); ``second`` when
    there is no ``first``."""
    if not first or first == second:
        return second or first
    ours, theirs = first.splitlines(keepends=True), second.splitlines(keepends=True)
    have = {line.strip() for line in ours}
    out: list[bytes] = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for _, a1, a2, b1, b2 in matcher.get_opcodes():
        out += ours[a1:a2]
        out += [flush(line) for line in theirs[b1:b2] if line.lstrip().startswith(b"#")
                and line.strip() not in have and flush(line) not in out]
    return b"".join(out)


def unrepeated(blocks: list[bytes]) -> list[bytes]:
    """Blocks joined into a file, without the comment lines opening a block that the block
    before already closes with (two texts of a file, each holding a comment between the
    same two entries)."""
    out = list(blocks)
    for k in range(1, len(out)):
        before = out[k - 1].splitlines(keepends=True)
        lines = out[k].splitlines(keepends=True)
        closing = 0
        while closing < len(before) and before[-1 - closing].startswith(b"#"):
            closing += 1
        tail = before[len(before) - closing:]
        for size in range(min(closing, len(lines)), 0, -1):
            if lines[:size] == tail[closing - size:]:
                out[k] = b"".join(lines[size:])
                break
    return out


def _placed(text: str, spans: list[tuple[int, int]], new: str) -> str | None:
    """The comments of ``text`` put into ``new`` beside the lines that read the same, or None
    if the result would not read back as ``new`` does."""
    old_lines = text.split("\n")
    starts = [0]
    for line in old_lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    trailing: dict[int, tuple[str, str]] = {}  # line -> (space before it, comment)
    full: dict[int, str] = {}
    code: dict[int, str] = {}
    for s, e in spans:
        n = bisect_right(starts, s) - 1
        before = text[starts[n]:s]
        if before.strip():
            trailing[n] = (before[len(before.rstrip()):] or " ", text[s:e])
            code[n] = before.rstrip()
        else:
            full[n] = text[s:e]
    for n, line in enumerate(old_lines):
        if n not in full and n not in code and line.strip():
            code[n] = line.rstrip()
    new_lines = new.split("\n")
    held = _block_lines(new)
    order = sorted(code)
    where: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [code[n] for n in order], new_lines, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            where[order[a + k]] = b + k
    _same_keys(order, code, where, new_lines)
    before_line: dict[int, list[str]] = {}
    after_line: dict[int, str] = {}
    above: list[str] = []
    pending: list[str] = []
    for n in range(len(old_lines)):
        if n in full:
            pending.append(full[n].strip())
            continue
        if n not in code:
            continue
        j = where.get(n)
        if pending:
            if j is not None and j not in held:
                indent = new_lines[j][:len(new_lines[j]) - len(new_lines[j].lstrip())]
                before_line.setdefault(j, []).extend(indent + c for c in pending)
            else:
                above += pending
            pending = []
        if n in trailing:
            space, comment = trailing[n]
            if j is not None and j not in held:
                after_line[j] = space + comment
            else:
                above.append(comment)
    out = list(above)
    for j, line in enumerate(new_lines):
        out += before_line.get(j, [])
        out.append(line + after_line.get(j, "") if line else line)
    result = "\n".join(out)
    if pending:  # comments after the entry's last line
        result = result.rstrip("\n") + "\n" + "".join(f"{c}\n" for c in pending)
    try:
        if yaml.load(result, Loader=_LIBYAML) != yaml.load(new, Loader=_LIBYAML):
            return None
    except yaml.YAMLError:
        return None
    return result


def _same_keys(order: list[int], code: dict[int, str], where: dict[int, int],
               new_lines: list[str]) -> None:
    """Pair each old line left unmatched with the one new line that reads the same (a field
    the dump puts in another place), else with the new line between the same neighbours
    that sets the same key: a comment on a value that changed stays on that key."""
    taken = set(where.values())
    once = {line: j for j, line in enumerate(new_lines) if new_lines.count(line) == 1}
    for n in order:
        j = once.get(code[n], -1)
        if n not in where and j >= 0 and j not in taken:
            where[n] = j
            taken.add(j)
    for k, n in enumerate(order):
        if n in where:
            continue
        key = _KEY.match(code[n])
        if key is None:
            continue
        low = max((where[m] for m in order[:k] if m in where), default=-1)
        high = min((where[m] for m in order[k + 1:] if m in where), default=len(new_lines))
        for j in range(low + 1, high):
            if j not in taken and new_lines[j].startswith(key[0]):
                where[n] = j
                taken.add(j)
                break


def _block_lines(text: str) -> set[int]:
    """Lines of ``text`` holding a block scalar's text (after its ``|`` or ``>`` line): no
    comment may be put there."""
    if "|" not in text and ">" not in text:
        return set()
    out: set[int] = set()
    for token in yaml.scan(text, Loader=_LIBYAML):
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            first, last = token.start_mark.line + 1, token.end_mark.line
            if token.end_mark.column == 0:
                last -= 1  # it ends with its line break
            out.update(range(first, last + 1))
    return out


def rewrite(ids: list[str], old: Mapping[str, bytes], changes: Mapping[str, bytes | None],
            elsewhere: Mapping[str, bytes], moved: set[str]) -> dict[str, bytes | None]:
    """``changes`` to a file (id -> canonical chunk, None: removed) whose entries' pieces
    are ``old`` (file order ``ids``), with the file's comments kept: a changed entry's
    carried over, an entry coming from another file (``elsewhere``: its piece there) with
    the comments above and inside it, the lead of a removed entry put above the next
    entry (or after the last), and so do the comments closing the file after the last
    entry when that one is removed; with no entry left, they are given under the id "". An
    entry of ``moved`` left for another file: only the lines above its comments stay."""
    out = dict(changes)
    for entry_id, new in changes.items():
        if new is None:
            continue
        piece = old.get(entry_id)
        if piece is not None:
            if piece != new and b"#" in piece:
                out[entry_id] = carry(piece, new)
        elif entry_id in elsewhere:
            # the comments above it and inside it go along; those closing its old file stay
            lead, item = split_lead(elsewhere[entry_id])
            out[entry_id] = carry(flush(attached(lead)[1]) + _tail(item)[0], new)
    removed = {i for i, c in changes.items() if c is None}
    if not removed:
        return out
    above, below = removed_leads(ids, old, removed, moved)
    for entry_id in above.keys() | below.keys():
        out[entry_id] = above.get(entry_id, b"") + (
            out.get(entry_id) or old.get(entry_id, b"")) + below.get(entry_id, b"")
    return out


def removed_leads(ids: list[str], old: Mapping[str, bytes], removed: set[str], moved: set[str]
                  ) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The comments of removed entries that stay in the file: (what to put above an entry
    kept, what to put after the last one kept), by id; see rewrite."""
    above: dict[str, bytes] = {}
    held, last = b"", None
    for entry_id in ids:
        if entry_id in removed:
            lead, item = split_lead(old[entry_id])
            keep = (attached(lead)[0] if entry_id in moved else lead) + _tail(item)[1]
            if b"#" in keep:
                held += flush(keep)
            continue
        if held:
            above[entry_id], held = held, b""
        last = entry_id
    if held:  # after the last entry kept, or over the empty list ("")
        return above, {last if last is not None else "": held}
    return above, {}
