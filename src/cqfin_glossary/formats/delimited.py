"""Tab-separated glossaries: OmegaT's (source, target, comment) and DeepL's (source, target).

Both read back through one parser that knows OmegaT's ``#`` comment lines, a
header row (``source<TAB>target``, or language codes that also say which
column holds which language) and a file written the other way round (English
first), which it turns the right way.
"""

from __future__ import annotations

from ..errors import FormatError, UsageError
from ..model import Entry, Term
from ..textnorm import UNSAFE_IN_LINE, to_simplified
from .common import Parsed, lang_kind, new_id, text_kind, zh_in, zh_out

# DeepL's glossary limits (API documentation): a term at most 1024 UTF-8 bytes,
# a glossary at most 10 MiB.
DEEPL_TERM_BYTES = 1024
DEEPL_GLOSSARY_BYTES = 10 * 1024 * 1024
_HEADER_WORDS = {"source", "target", "comment", "comments", "note", "notes", "term",
                 "translation", "src", "tgt", "description", "definition"}


def _cell(text: str) -> str:
    """One TSV cell: control characters and tabs become spaces, no outer spaces."""
    return " ".join(UNSAFE_IN_LINE.sub(" ", text).split())


def _pairs(entries: list[Entry], script: str) -> dict[str, tuple[str, Entry, list[str]]]:
    """Source -> (target, entry, other renderings) with one row per Chinese term."""
    rows: dict[str, tuple[str, Entry, list[str]]] = {}
    for entry in entries:
        head, english = entry.preferred("zh"), entry.english
        if head is None or not english:
            continue
        source, target = _cell(zh_out(head, script)), _cell(english)
        if not source or not target:
            continue
        if source in rows:
            # a repeated source is refused by DeepL: a homograph joins the first row
            where = f" ({entry.subject})" if entry.subject else ""
            rows[source][2].append(f"{target}{where}")
            continue
        rows[source] = (target, entry, [])
    return rows


def export_tsv(entries: list[Entry], script: str) -> str:
    """OmegaT's glossary: source, target, comment (pinyin, subject, definition, variants)."""
    from ..textnorm import pinyin

    lines = []
    for source, (target, entry, homographs) in _pairs(entries, script).items():
        head = entry.preferred("zh") or entry.zh[0]
        comment = [pinyin(head.term)]
        comment += [x.rstrip(".") for x in (entry.subject, entry.definition) if x]
        others = [t.term for t in entry.en if t.term != entry.english]
        if others:
            comment.append("also: " + ", ".join(others))
        comment += [f"also: {h}" for h in homographs]
        lines.append(f"{source}\t{target}\t{_cell('; '.join(comment))}\n")
    return "".join(lines)


def export_deepl(entries: list[Entry], script: str) -> str:
    """DeepL's glossary: two columns, no header, one usable rendering per Chinese term.

    Deprecated and superseded renderings never get here (``Entry.english`` is the
    preferred or an admitted term); terms and the file are held to DeepL's limits.
    """
    lines = []
    for source, (target, entry, _) in _pairs(entries, script).items():
        for text in (source, target):
            if len(text.encode("utf-8")) > DEEPL_TERM_BYTES:
                raise UsageError(f"entry {entry.id}: term {text[:30]!r}... is over DeepL's "
                                  f"limit of {DEEPL_TERM_BYTES} UTF-8 bytes")
        lines.append(f"{source}\t{target}\n")
    text = "".join(lines)
    if len(text.encode("utf-8")) > DEEPL_GLOSSARY_BYTES:
        raise UsageError(f"the DeepL glossary would be over DeepL's limit of "
                          f"{DEEPL_GLOSSARY_BYTES // (1024 * 1024)} MiB; export fewer entries")
    return text


def _rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue  # OmegaT writes a '# Glossary in tab-separated format' line
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2:
            raise FormatError("expected at least 2 tab-separated columns (source, target), "
                              "found 1", name, number)
        rows.append((number, cells))
    return rows


def _header(cells: list[str]) -> str | None:
    """'zh' or 'en' (the first column's language) when ``cells`` is a header row, else ''."""
    kinds = [lang_kind(c) for c in cells[:2]]
    if set(kinds) == {"zh", "en"}:
        return kinds[0]
    if all(c.casefold() in _HEADER_WORDS for c in cells[:2]):
        return ""
    return None


def parse_tsv(text: str, name: str) -> list[Parsed]:
    rows = _rows(text, name)
    first = _header(rows[0][1]) if rows else None
    if first is not None:
        rows = rows[1:]
    if first in ("zh", "en"):
        swapped = first == "en"
    else:
        swapped = (text_kind([r[1][0] for r in rows]) == "en"
                   and text_kind([r[1][1] for r in rows if r[1][1]]) == "zh")
    out = []
    for number, cells in rows:
        source, target = (cells[1], cells[0]) if swapped else (cells[0], cells[1])
        if not source:
            raise FormatError("empty Chinese cell", name, number)
        simplified, hant = zh_in(source, "hant") if to_simplified(source) != source else (
            source, None)
        entry = Entry(id=new_id(simplified), zh=[Term(simplified, hant=hant)],
                      en=[Term(target)] if target else [])
        note = "; ".join(c for c in cells[2:] if c)
        entry.note = note or None
        out.append(Parsed(entry, number, annotated=False, has_id=False, has_status=False))
    return out
