"""Tab-separated glossaries: OmegaT's (source, target, comment) and DeepL's (source, target).

Both read back through one parser that knows OmegaT's ``#`` comment lines, a
header row (``source<TAB>target``, or language codes that also say which
column holds which language) and a file written the other way round (English
first), which it turns the right way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import FormatError, UsageError
from ..model import TERM_TYPES, Entry, Term, TermStatus
from ..textnorm import UNSAFE_IN_LINE, to_simplified
from .common import Parsed, new_id, text_kind, zh_out, zh_untagged
from .headers import column_lang

# DeepL's glossary limits (API documentation): a term at most 1024 UTF-8 bytes,
# a glossary at most 10 MiB.
DEEPL_TERM_BYTES = 1024
DEEPL_GLOSSARY_BYTES = 10 * 1024 * 1024
_HEADER_WORDS = {"source", "target", "comment", "comments", "note", "notes", "term",
                 "translation", "src", "tgt", "description", "definition"}


def _cell(text: str) -> str:
    """One TSV cell: control characters and tabs become spaces, no outer spaces."""
    return " ".join(UNSAFE_IN_LINE.sub(" ", text).split())


class _Row(NamedTuple):
    target: str
    entry: Entry
    term: Term  # the Chinese term of the row
    homographs: list[str]  # the English of other entries with the same Chinese term


def _pairs(entries: list[Entry], script: str) -> dict[str, _Row]:
    """Source -> its row, one row per Chinese term, each entry's rows together.

    Every Chinese term of an entry gets a row with the entry's English, its synonyms and
    variants too (金融生态环境 beside 金融生态): the tool matches the source text against
    this column, and a source that uses a synonym needs the same English. The preferred
    terms of all entries are placed first, so that no synonym takes the row of another
    entry's preferred term; a synonym that another row holds is left out.
    """
    rows: dict[str, _Row] = {}
    places: dict[str, tuple[int, int]] = {}
    heads: list[tuple[int, int, Entry, Term, str]] = []
    others: list[tuple[int, int, Entry, Term, str]] = []
    for n, entry in enumerate(entries):
        head, english = entry.preferred("zh"), entry.english
        if head is None or not english:
            continue
        heads.append((n, 0, entry, head, english))
        others += [(n, k, entry, term, english) for k, term in enumerate(entry.zh, 1)
                   if term is not head]
    for n, k, entry, term, english in heads + others:
        source, target = _cell(zh_out(term, script)), _cell(english)
        if not source or not target:
            continue
        held = rows.get(source)
        if held is None:
            rows[source] = _Row(target, entry, term, [])
            places[source] = (n, k)
        elif k == 0 and held.entry is not entry:
            # a repeated source is refused by DeepL: a homograph joins the first row
            where = f" ({entry.subject})" if entry.subject else ""
            held.homographs.append(f"{target}{where}")
    return {source: rows[source] for source in sorted(rows, key=places.__getitem__)}


ALSO_MAX = 20  # other renderings named in a TSV row's comment


def export_tsv(entries: list[Entry], script: str) -> str:
    """OmegaT's glossary: source, target, comment (pinyin, subject, definition, variants)."""
    from ..textnorm import pinyin

    lines = []
    renderings: dict[str, str] = {}
    for source, (target, entry, term, homographs) in _pairs(entries, script).items():
        comment = [pinyin(term.term)]
        head = entry.preferred("zh")
        if head is not None and term is not head:
            # a deprecated or superseded Chinese term still needs the English in a source
            # that uses it: the row stays, and says so
            kind = term.type or "synonym"
            if term.status.value not in ("preferred", "admitted"):
                kind = f"{term.status.value} {kind}"
            comment.append(f"{kind} of {zh_out(head, script)}")
        comment += [x.rstrip(".") for x in (entry.subject, entry.definition) if x]
        also = renderings.get(entry.id)
        if also is None:  # once per entry: a row per Chinese term made it quadratic
            also = renderings[entry.id] = _also(entry)
        if also:
            comment.append(also)
        comment += [f"also: {h}" for h in homographs]
        lines.append(f"{source}\t{target}\t{_cell('; '.join(comment))}\n")
    return "".join(lines)


def _also(entry: Entry) -> str:
    """The entry's other renderings, as a TSV comment names them (at most ALSO_MAX: each of an
    entry's rows names them, and 4,000 terms made 236 MB)."""
    english = entry.english
    others = [t.term for t in entry.en if t.term != english]
    if len(others) > ALSO_MAX:
        others = [*others[:ALSO_MAX], f"and {len(others) - ALSO_MAX} more"]
    return "also: " + ", ".join(others) if others else ""


def export_deepl(entries: list[Entry], script: str) -> str:
    """DeepL's glossary: two columns, no header, one usable rendering per Chinese term.

    Deprecated and superseded renderings never get here (``Entry.english`` is the
    preferred or an admitted term); terms and the file are held to DeepL's limits.
    """
    lines = []
    for source, (target, entry, _, _) in _pairs(entries, script).items():
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
    kinds = [column_lang(c) for c in cells[:2]]
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
        simplified, hant = zh_untagged(source)
        entry = Entry(id=new_id(simplified), zh=[Term(simplified, hant=hant)],
                      en=[Term(target)] if target else [])
        note = "; ".join(c for c in cells[2:] if c)
        entry.note = note or None
        out.append(Parsed(entry, number, annotated=False, has_id=False, has_status=False,
                          term_status=False))
    return _regroup(out)


# What our OmegaT export says of a Chinese term that is not its entry's headword:
# "variant of 金融生态", "deprecated synonym of 金融生态".
_OTHER_TERM = re.compile(r"(?:^|; )(?:(deprecated|superseded) )?(\w+) of (\S+?)(?=;|$)")


def _regroup(parsed: list[Parsed]) -> list[Parsed]:
    """Rows that our own export made of an entry's other Chinese terms, put back into that
    entry: a row whose comment says it is a variant or synonym of the headword of a row
    above with the same English (see export_tsv)."""
    heads: dict[tuple[str, str], Entry] = {}
    out = []
    for item in parsed:
        entry = item.entry
        english = entry.en[0].term if entry.en else ""
        found = _OTHER_TERM.search(entry.note or "")
        head = heads.get((to_simplified(found.group(3)), english)) if found else None
        if head is None or found is None:
            heads.setdefault((entry.zh[0].term, english), entry)
            out.append(item)
            continue
        status, kind = found.group(1), found.group(2)
        term = entry.zh[0]
        term.status = TermStatus(status) if status else TermStatus.ADMITTED
        term.type = kind if kind in TERM_TYPES else None
        if all(t.term != term.term for t in head.zh):
            head.zh.append(term)
    return out
