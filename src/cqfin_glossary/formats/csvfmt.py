"""CSV: one row per concept (spreadsheets, csv2po/csv2tbx, Weblate) or one row per term.

The concept layout is what spreadsheet users and translate-toolkit expect:
``source`` (the preferred Chinese term), ``target`` (the preferred English
one), then the admitted and deprecated terms of each language, status, subject, definition,
note, part of speech, the entry id and ``context`` (the id again where two
entries share a Chinese term, which csv2po turns into msgctxt). The term
layout (``csv-terms``) keeps every field of every term for lossless exchange.
Import tells the two apart by the header, guesses the delimiter (``,``, ``;``
as Excel writes it in many locales, or tab) and reads a file without header as
source, target, comment.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from ..errors import FormatError
from ..model import Entry, Term, TermStatus
from .common import (
    ZH_LANG,
    Parsed,
    entry_status,
    lang_kind,
    new_id,
    script_guess,
    script_of_lang,
    term_status,
    text_kind,
    unstated_synonyms,
    zh_in,
    zh_out,
    zh_term,
)
from .headers import column_field, column_lang

TERM_COLUMNS = ("id", "entry_status", "subject", "pos", "definition", "note", "lang", "term",
                "term_status", "term_type", "term_note", "hant")
CONCEPT_COLUMNS = ("source", "target", "source_admitted", "target_admitted", "source_deprecated",
                   "target_deprecated", "status", "subject", "definition", "note", "pos",
                   "entry", "context")
SEP = " | "  # between several terms in one cell
MAX_CELL = 1 << 20  # characters in one cell
# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@")


# What the guard's quote may stand before: a formula's first character, the tab or carriage
# return a spreadsheet skips before one (OWASP's list), and a quote that stood there itself.
_OPENERS = (*_FORMULA, "\t", "\r")
_GUARDED = (*_OPENERS, "'")


def _guard(text: str | None) -> str:
    """A quote ahead of a cell a spreadsheet would run as a formula, and ahead of one that
    starts with a quote before such a character, so that ``_unguard`` gives back exactly
    the text ("'+' sign convention" came back as "+' sign convention")."""
    if not text:
        return ""
    risky = text[:1] in _OPENERS or (text[:1] == "'" and text[1:2] in _GUARDED)
    return "'" + text if risky else text


def _unguard(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in _GUARDED else text


def _writer(delimiter: str) -> tuple[io.StringIO, Any]:
    buffer = io.StringIO()
    return buffer, csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n",
                              quoting=csv.QUOTE_ALL)


def export_terms(entries: list[Entry], script: str, delimiter: str = ",") -> str:
    """One row per term: every field, for lossless exchange between glossaries."""
    buffer, writer = _writer(delimiter)
    writer.writerow(TERM_COLUMNS)
    for entry in entries:
        shared = [entry.id, entry.status.value, entry.subject, entry.pos, entry.definition,
                  entry.note]
        for lang, terms in (("zh", entry.zh), ("en", entry.en)):
            for term in terms:
                text = zh_out(term, script) if lang == "zh" else term.term
                hant = term.hant if lang == "zh" and script == "hans" else None
                tag = ZH_LANG[script] if lang == "zh" else lang
                row = [*shared, tag, text, term.status.value, term.type, term.note, hant]
                writer.writerow([_guard(c) for c in row])
    return buffer.getvalue()


def _joined(terms: list[Term], statuses: tuple[TermStatus, ...], skip: Term | None,
            script: str | None) -> str:
    return SEP.join(_escaped(zh_out(t, script) if script else t.term) for t in terms
                    if t.status in statuses and t is not skip)


def _escaped(term: str) -> str:
    """A term in a list cell: its '|' (which parts the list) and '\\' escaped ('R|D' came
    back as two terms)."""
    return term.replace("\\", "\\\\").replace("|", "\\|")


def export_concepts(entries: list[Entry], script: str, delimiter: str = ",") -> str:
    """One row per concept with a column per language: what spreadsheets and csv2po read."""
    buffer, writer = _writer(delimiter)
    writer.writerow(CONCEPT_COLUMNS)
    heads = [e.preferred("zh") or (e.zh[0] if e.zh else None) for e in entries]
    shared = Counter(zh_out(h, script) for h in heads if h is not None)
    admitted = (TermStatus.ADMITTED, TermStatus.PREFERRED)
    deprecated = (TermStatus.DEPRECATED, TermStatus.SUPERSEDED)
    for entry, head in zip(entries, heads, strict=True):
        if head is None:
            continue
        source = zh_out(head, script)
        target = entry.preferred("en")
        row = [source, target.term if target else "",
               _joined(entry.zh, admitted, head, script),
               _joined(entry.en, admitted, target, None),
               _joined(entry.zh, deprecated, None, script),
               _joined(entry.en, deprecated, None, None),
               entry.status.value, entry.subject, entry.definition, entry.note, entry.pos,
               entry.id, entry.id if shared[source] > 1 else ""]
        writer.writerow([_guard(c) for c in row])
    return buffer.getvalue()


def _records(text: str, name: str) -> list[tuple[int, list[str]]]:
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # csv's 131,072-character cell limit refused our own export of an entry with many terms
    # (a list cell: 16,000 terms take 240 KB); a cell past MAX_CELL is refused with its line
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1  # a record may span lines; errors point at its first
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise FormatError(f"malformed CSV record: {err}", name, start) from None
        if any(c.strip() for c in row):
            rows.append((start, [_unguard(_line_breaks(c.strip())) for c in row]))
    return rows


def _line_breaks(cell: str) -> str:
    """A cell's line breaks as LF: a note exported with LF comes back with CRLF from git's
    core.autocrlf, unix2dos or a Windows editor, and a CR in a note is refused."""
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


def parse_csv(text: str, name: str) -> list[Parsed]:
    """Either layout, with or without header, comma, semicolon or tab separated."""
    rows = _records(text, name)
    if not rows:
        return []
    header = [c.lower() for c in rows[0][1]]
    if "term" in header and "lang" in header:
        return _parse_terms(header, rows[1:], name)
    return _parse_concepts(rows, name)


def _cell_lang(cell: str) -> str | None:
    """'zh', 'en', 'source' or 'target' for a header cell, None for any other."""
    kind = column_lang(cell)
    if kind is not None:
        return kind
    return {"source": "source", "target": "target"}.get(cell.strip().lower())


def _column_langs(header: list[str]) -> tuple[int, int, bool] | None:
    """(Chinese column, English column, named by language) of a header row; None: data."""
    kinds = [_cell_lang(c) for c in header]
    if "zh" in kinds and "en" in kinds:
        return kinds.index("zh"), kinds.index("en"), True
    if "source" in kinds and "target" in kinds:
        return kinds.index("source"), kinds.index("target"), False
    return None


def _swapped(rows: list[tuple[int, list[str]]], zh_col: int, en_col: int) -> bool:
    """The 'Chinese' column holds English and the other Chinese: a file the other way round."""
    zh = [r[1][zh_col] for r in rows if len(r[1]) > zh_col and r[1][zh_col]]
    en = [r[1][en_col] for r in rows if len(r[1]) > en_col and r[1][en_col]]
    return text_kind(zh) == "en" and text_kind(en) == "zh"


_EXTRA = "\x00"  # marks a column that no field takes: its title follows


def _fields(titles: list[str], zh_col: int, en_col: int) -> list[str]:
    """The field each column holds: our own export's names, a field by the title people
    give it ('Notes', '备注' -> note), or the title itself for a column no field takes,
    which goes into the note (a 'Notes' column was dropped without a word)."""
    out = []
    for n, title in enumerate(titles):
        word = title.strip().lower()
        if n in (zh_col, en_col) or word in CONCEPT_COLUMNS or word == "id":
            out.append(word)
        else:
            out.append(column_field(title) or f"{_EXTRA}{title.strip()}")
    return out


def _parse_concepts(rows: list[tuple[int, list[str]]], name: str) -> list[Parsed]:
    titles = rows[0][1]
    header = [c.lower() for c in titles]
    cols = _column_langs(header)
    if cols is None:
        # no header: source, target, then comments; the script of the columns decides
        # which is zh; every column after the second joins the note, as in OmegaT's TSV
        width = max(len(cells) for _, cells in rows)
        header, (zh_col, en_col, named) = (["source", "target", *["note"] * (width - 2)],
                                           (0, 1, False))
    else:
        zh_col, en_col, named = cols
        header = _fields(titles, zh_col, en_col)
        rows = rows[1:]
    if not named and _swapped(rows, zh_col, en_col):
        zh_col, en_col = en_col, zh_col
    out = []
    for line, cells in rows:
        if len(cells) <= max(zh_col, en_col):
            raise FormatError(f"expected at least {max(zh_col, en_col) + 1} cells (Chinese, "
                              f"English), found {len(cells)}", name, line)
        named_cells = _named(header, cells)
        zh = cells[zh_col]
        # a header without a script names none: Traditional text is read as Traditional
        script = script_of_lang(header[zh_col]) or script_guess(zh)
        out.append(_concept(named_cells, zh, cells[en_col], script, name, line))
    return out


def _named(header: list[str], cells: list[str]) -> dict[str, str]:
    """A row's cells by field; the note gathers every note column, then each column no
    field takes as 'Title: value'."""
    named: dict[str, str] = {}
    notes = []
    for field, cell in zip(header, cells, strict=False):
        if field == "note":
            notes.append(cell)
        elif field.startswith(_EXTRA):
            notes.append(f"{field[len(_EXTRA):]}: {cell}" if cell else "")
        elif field not in named or not named[field]:
            named[field] = cell
    named["note"] = "; ".join(n for n in notes if n)
    return named


def _split(cell: str | None) -> list[str]:
    """The terms of a list cell: parted at each '|' not escaped (see ``_escaped``)."""
    parts, current = [], []
    chars = iter(cell or "")
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [t.strip() for t in parts if t.strip()]


def _concept(cells: dict[str, str], zh: str, en: str, script: str, name: str,
             line: int) -> Parsed:
    if not zh:
        raise FormatError("empty Chinese cell", name, line)
    ident = cells.get("entry") or cells.get("id") or ""
    status = cells.get("status") or ""
    entry = Entry(id=ident or new_id(zh_in(zh, script)[0]),
                  status=entry_status(status or None, name, line))
    entry.zh = [zh_term(t, script, TermStatus.ADMITTED if i else TermStatus.PREFERRED)
                for i, t in enumerate([zh, *_split(cells.get("source_admitted"))])]
    entry.zh += [zh_term(t, script, TermStatus.DEPRECATED)
                 for t in _split(cells.get("source_deprecated"))]
    if en:
        entry.en.append(Term(en))
    entry.en += [Term(t, TermStatus.ADMITTED) for t in _split(cells.get("target_admitted"))]
    entry.en += [Term(t, TermStatus.DEPRECATED) for t in _split(cells.get("target_deprecated"))]
    for field in ("subject", "definition", "note", "pos"):
        setattr(entry, field, cells.get(field) or None)
    annotated = any(k in cells for k in ("subject", "definition"))
    return Parsed(entry, line, annotated=annotated, has_id=bool(ident),
                  has_status=bool(status))


def _parse_terms(header: list[str], rows: list[tuple[int, list[str]]],
                 name: str) -> list[Parsed]:
    groups: dict[str, Parsed] = {}
    unstated: list[Term] = []
    for line, row in rows:
        if len(row) != len(header):
            raise FormatError(f"expected {len(header)} cells, found {len(row)}", name, line)
        _term_row(dict(zip(header, row, strict=True)), groups, name, line, unstated)
    for item in groups.values():
        unstated_synonyms(item.entry, unstated)
    return list(groups.values())


def _term_row(cells: dict[str, str], groups: dict[str, Parsed], name: str, line: int,
              unstated: list[Term]) -> None:
    script, text = script_of_lang(cells["lang"]), cells["term"]
    lang = "zh" if script else lang_kind(cells["lang"])
    if lang not in ("zh", "en") or not text:
        raise FormatError(f"need lang zh or en and a term (got {cells['lang']!r}, {text!r})",
                          name, line)
    key = cells.get("id") or (new_id(text) if lang == "zh" else "")
    if not key:
        key = next(reversed(groups), "") if groups else ""
        if not key:
            raise FormatError("an English row before any Chinese row and without an id",
                              name, line)
    if key not in groups:
        entry = Entry(id=key, status=entry_status(cells.get("entry_status") or "candidate",
                                                  name, line))
        for field in ("subject", "pos", "definition", "note"):
            setattr(entry, field, cells.get(field) or None)
        groups[key] = Parsed(entry, line, has_id=bool(cells.get("id")),
                             has_status=bool(cells.get("entry_status")))
    term = Term(text, term_status(cells.get("term_status"), name, line),
                cells.get("term_type") or None, cells.get("hant") or None,
                cells.get("term_note") or None)
    if script is not None and script != "hans":
        term.term, term.hant = zh_in(text, script)
    groups[key].entry.terms(lang).append(term)
    if not cells.get("term_status"):
        unstated.append(term)
