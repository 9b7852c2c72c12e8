"""TSV (OmegaT, DeepL: source, target, comment) and CSV (one row per term) export and import."""

from __future__ import annotations

import csv
import io

from ..errors import FormatError
from ..model import Entry, Term
from ..textnorm import UNSAFE_IN_LINE, to_simplified
from .common import (
    ZH_LANG,
    Parsed,
    entry_status,
    new_id,
    script_of_lang,
    term_status,
    zh_in,
    zh_out,
)

CSV_COLUMNS = ("id", "entry_status", "subject", "pos", "definition", "note", "lang", "term",
               "term_status", "term_type", "term_note", "hant")
# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@")


def _cell(text: str) -> str:
    """One TSV cell: control characters and tabs become spaces, no outer spaces."""
    return " ".join(UNSAFE_IN_LINE.sub(" ", text).split())


def export_tsv(entries: list[Entry], script: str) -> str:
    from ..textnorm import pinyin

    rows: dict[str, list[str]] = {}
    for entry in entries:
        head = entry.preferred("zh")
        english = entry.english
        if head is None or not english:
            continue
        source, target = _cell(zh_out(head, script)), _cell(english)
        if not source or not target:
            continue
        if source in rows:
            # DeepL refuses a repeated source: a homograph goes into the first row's comment
            where = f" ({entry.subject})" if entry.subject else ""
            rows[source][2] += f"; also: {target}{where}"
            continue
        comment = [pinyin(head.term)]
        comment += [x.rstrip(".") for x in (entry.subject, entry.definition) if x]
        others = [t.term for t in entry.en if t.term != english]
        if others:
            comment.append("also: " + ", ".join(others))
        rows[source] = [source, target, "; ".join(comment)]
    return "".join("\t".join([r[0], r[1], _cell(r[2])]) + "\n" for r in rows.values())


def parse_tsv(text: str, name: str) -> list[Parsed]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2 or len(cells) > 3:
            raise FormatError(f"expected 2 or 3 tab-separated columns, found {len(cells)}",
                              name, number)
        source, target = cells[0].strip(), cells[1].strip()
        if not source:
            raise FormatError("empty source cell", name, number)
        simplified, hant = zh_in(source, "hant") if to_simplified(source) != source else (
            source, None)
        entry = Entry(id=new_id(simplified), zh=[Term(simplified, hant=hant)],
                      en=[Term(target)] if target else [])
        if len(cells) == 3 and cells[2].strip():
            entry.note = cells[2].strip()
        out.append(Parsed(entry, number, annotated=False, has_id=False, has_status=False))
    return out


def _guard(text: str | None) -> str:
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in _FORMULA and text[1:2] else text


def export_csv(entries: list[Entry], script: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
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


def parse_csv(text: str, name: str) -> list[Parsed]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1  # a record may span lines; errors point at its first
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise FormatError(f"malformed CSV record: {err}", name, start) from None
        rows.append((start, row))
    if not rows:
        return []
    header = [c.strip().lower() for c in rows[0][1]]
    if "term" not in header or "lang" not in header:
        raise FormatError("CSV header needs at least the columns lang and term "
                          f"(found: {', '.join(header)})", name, 1)
    groups: dict[str, Parsed] = {}
    for line, row in rows[1:]:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise FormatError(f"expected {len(header)} cells, found {len(row)}", name, line)
        cells = {k: _unguard(v.strip()) for k, v in zip(header, row, strict=True)}
        _csv_row(cells, groups, name, line)
    return list(groups.values())


def _csv_row(cells: dict[str, str], groups: dict[str, Parsed], name: str, line: int) -> None:
    script, text = script_of_lang(cells["lang"]), cells["term"]
    lang = "zh" if script else cells["lang"].lower()[:2]
    if lang not in ("zh", "en") or not text:
        raise FormatError(f"need lang zh or en and a term (got {lang!r}, {text!r})", name, line)
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

