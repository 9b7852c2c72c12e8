"""PO export and import (polib): msgid Chinese, msgstr English, everything else in comments.

Every field an editor recorded travels in ``#.`` lines of the form ``key: value``
so that an export read back gives the same export again; values are escaped
(backslash, newline, ``|``) so one field is always one line.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import polib

from .. import __version__
from ..errors import FormatError
from ..model import Entry, EntryStatus, Occurrence, Term, TermStatus
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

_FIELDS = ("subject", "pos", "definition", "note")
_SPLIT = re.compile(r" \| ")
_UNESC = {"n": "\n", "r": "\r", "p": "|"}
# Characters that would end a comment line for polib or gettext, and backslash and '|'.
_NEEDS_ESC = re.compile("[\\\\|\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ESC = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "|": "\\p"}
# Fields polib would write over several lines; such entries go through polib itself.
_MULTILINE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_PO_SPECIAL = re.compile('[\\\\\t\b"]')
_KEY = re.compile(r"^([a-z]+): ?(.*)$")


def esc(text: str) -> str:
    """One comment value on one line; '|' becomes '\\p' so ' | ' always separates parts."""
    if _NEEDS_ESC.search(text) is None:
        return text  # the common case, checked first because exports run over every field
    return _NEEDS_ESC.sub(lambda m: _ESC.get(m.group(), f"\\u{{{ord(m.group()):x}}}"), text)


def unesc(text: str) -> str:
    def back(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code[2:-1], 16)) if code[0] == "u" else _UNESC.get(code, code)

    return re.sub(r"\\(u\{[0-9a-f]+\}|.)", back, text, flags=re.S)


def _term_line(term: Term, text: str, hant: bool) -> str:
    parts = [esc(text), term.status.value]
    if term.type:
        parts.append(f"type={esc(term.type)}")
    if hant and term.hant:
        parts.append(f"hant={esc(term.hant)}")
    if term.note:
        parts.append(f"note={esc(term.note)}")
    return " | ".join(parts)


def _plain(terms: list[Term], hant: bool) -> bool:
    """One preferred term with nothing else to say: msgid or msgstr alone carries it."""
    return len(terms) == 1 and terms[0].status is TermStatus.PREFERRED and not (
        terms[0].type or terms[0].note or (hant and terms[0].hant))


def _comment(entry: Entry, script: str) -> str:
    lines = [f"id: {entry.id}", f"status: {entry.status.value}"]
    for key, value in (("subject", entry.subject), ("pos", entry.pos),
                       ("definition", entry.definition), ("note", entry.note)):
        if value:
            lines.append(f"{key}: {esc(value)}")
    if not _plain(entry.zh, script == "hans"):
        lines += [f"zh: {_term_line(t, zh_out(t, script), script == 'hans')}" for t in entry.zh]
    if entry.en and not _plain(entry.en, False):
        lines += [f"en: {_term_line(t, t.term, False)}" for t in entry.en]
    lines += [f"context: {esc(o.source)}:{o.line}: {esc(o.text)}" for o in entry.occurrences]
    if entry.changed:
        lines.append(f"changed: {esc(entry.changed)}")
    return "\n".join(lines)


def _revision_date(entries: list[Entry]) -> str:
    stamps = sorted(e.changed for e in entries if e.changed)
    if not stamps or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d", stamps[-1]):
        return "1970-01-01 00:00+0000"
    return f"{stamps[-1][:10]} {stamps[-1][11:16]}+0000"


def _header(entries: list[Entry], script: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.header = "Chinese-English glossary exported by cqfin-glossary."
    po.metadata = {
        "Project-Id-Version": f"cqfin-glossary {__version__}",
        "PO-Revision-Date": _revision_date(entries),
        "Last-Translator": "cqfin-glossary export",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Generator": f"cqfin-glossary {__version__}",
        "X-Source-Language": ZH_LANG[script],
    }
    return po


def _units(entries: list[Entry], script: str) -> list[tuple[str, str, str | None, str,
                                                              list[tuple[str, str]], bool]]:
    """(msgid, msgstr, msgctxt, comment, occurrences, fuzzy) for each entry."""
    heads = [zh_out(e.preferred("zh") or e.zh[0], script) if e.zh else e.id for e in entries]
    shared = Counter(heads)
    return [(head, entry.english or "", entry.id if shared[head] > 1 else None,
             _comment(entry, script),
             list(dict.fromkeys((o.source, str(o.line)) for o in entry.occurrences)),
             entry.status is not EntryStatus.APPROVED)
            for entry, head in zip(entries, heads, strict=True)]


def build(entries: list[Entry], script: str) -> polib.POFile:
    """The POFile of ``entries`` with its header: what ``export`` writes, as polib objects."""
    po = _header(entries, script)
    for msgid, msgstr, msgctxt, comment, occurrences, fuzzy in _units(entries, script):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, comment=comment,
                                occurrences=occurrences, flags=["fuzzy"] if fuzzy else []))
    return po


def _quote(text: str) -> str:
    return polib.escape(text) if _PO_SPECIAL.search(text) else text


def _unit_text(msgid: str, msgstr: str, msgctxt: str | None, comment: str,
               occurrences: list[tuple[str, str]], fuzzy: bool) -> str:
    """One entry exactly as polib writes it (wrapwidth 0), without polib's per-field overhead."""
    if _MULTILINE.search(f"{msgid}{msgstr}{msgctxt or ''}"):
        return polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, comment=comment,
                             occurrences=occurrences, flags=["fuzzy"] if fuzzy else []
                             ).__unicode__(0)
    lines = ["#. " + comment.replace("\n", "\n#. ")]  # polib splits on "\n" the same way
    if occurrences:
        lines.append("#: " + " ".join(f"{s}:{n}" if n else s for s, n in occurrences))
    if fuzzy:
        lines.append("#, fuzzy")
    if msgctxt is not None:
        lines.append(f'msgctxt "{_quote(msgctxt)}"')
    lines.append(f'msgid "{_quote(msgid)}"\nmsgstr "{_quote(msgstr)}"\n')
    return "\n".join(lines)


def export(entries: list[Entry], script: str) -> str:
    """The PO text, byte for byte what polib writes for ``build`` (a test holds it to that)."""
    head = str(_header(entries, script))
    return "\n".join([head, *(_unit_text(*unit) for unit in _units(entries, script))])


# ---- import ---------------------------------------------------------------


def _terms(values: list[str], script: str, zh: bool, name: str, line: int) -> list[Term]:
    out = []
    for value in values:
        text, status, *extra = _SPLIT.split(value)
        term = Term(unesc(text), term_status(status, name, line))
        if zh:
            term.term, term.hant = zh_in(term.term, script)
        for item in extra:
            key, _, raw = item.partition("=")
            if key not in ("type", "hant", "note"):
                raise FormatError(f"unknown term attribute {key!r}", name, line)
            setattr(term, key, unesc(raw))
        out.append(term)
    return out


def _context(value: str, name: str, line: int) -> Occurrence:
    match = re.match(r"^(.*?):(\d+): (.*)$", value, re.S)
    if match is None:
        raise FormatError(f"bad context line {value!r} (expected source:line: text)", name, line)
    return Occurrence(unesc(match.group(1)), int(match.group(2)), unesc(match.group(3)))


def _fields(comment: str) -> dict[str, list[str]]:
    """The ``key: value`` lines of an extracted comment; other lines are a foreign file's note."""
    fields: dict[str, list[str]] = {}
    for raw in comment.split("\n"):
        match = _KEY.match(raw)
        if match and match.group(1) in ("id", "status", "zh", "en", "context", "changed", *_FIELDS):
            fields.setdefault(match.group(1), []).append(match.group(2))
        elif raw.strip():
            fields.setdefault("_loose", []).append(raw.strip())
    return fields


def _status(fields: dict[str, list[str]], unit: polib.POEntry, name: str) -> EntryStatus:
    """The file's status, with the fuzzy flag winning: a translator may have (un)fuzzied it."""
    status = entry_status(fields.get("status", [None])[0], name, unit.linenum)
    if "fuzzy" in unit.flags and status is EntryStatus.APPROVED:
        return EntryStatus.CANDIDATE
    if "fuzzy" not in unit.flags and unit.msgstr and status is not EntryStatus.REJECTED:
        return EntryStatus.APPROVED
    return status


def _entry(unit: polib.POEntry, script: str, name: str) -> Entry:
    line = unit.linenum
    fields = _fields(unit.comment)
    zh = _terms(fields.get("zh", []), script, True, name, line)
    if not zh:
        simplified, hant = zh_in(unit.msgid, script)
        zh = [Term(simplified, hant=hant)]
    en = _terms(fields.get("en", []), script, False, name, line)
    if unit.msgstr and unit.msgstr.casefold() not in {t.term.casefold() for t in en}:
        en = [Term(t.term, TermStatus.ADMITTED if t.status is TermStatus.PREFERRED else t.status,
                   t.type, t.hant, t.note) for t in en]
        en.insert(0, Term(unit.msgstr))
    ident = fields.get("id", [unit.msgctxt or ""])[0]
    entry = Entry(id=ident or new_id(zh[0].term), status=_status(fields, unit, name), zh=zh, en=en)
    for key in _FIELDS:
        if key in fields:
            setattr(entry, key, unesc(fields[key][0]))
    if "_loose" in fields and entry.note is None:
        entry.note = "\n".join(fields["_loose"])
    entry.occurrences = [_context(v, name, line) for v in fields.get("context", [])]
    entry.changed = unesc(fields["changed"][0]) if "changed" in fields else None
    return entry


_PO_STRING = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?'
                        r'"(?:[^"\\]|\\.)*"\s*')


def check_po_strings(text: str, name: str) -> None:
    """polib silently drops an entry with an unterminated string; refuse it instead."""
    for number, line in enumerate(text.splitlines(), 1):
        body = line.strip()
        if body.startswith("#~"):
            body = body[2:].strip()
        elif body.startswith("#"):
            continue
        if body and (body.startswith(("msg", '"'))) and not _PO_STRING.fullmatch(body):
            raise FormatError(f"broken PO file: malformed string: {body[:40]}", name, number)


def parse(text: str, name: str) -> list[Parsed]:
    """Entries of a PO file; syntax errors carry the file's line."""
    if os.path.isfile(text.strip()):
        # polib would read a file named by the content instead of the content itself
        raise FormatError("not a PO file (its content names a file)", name, 1)
    check_po_strings(text, name)
    try:
        po = polib.pofile(text, check_for_duplicates=True, wrapwidth=0)
    except (OSError, ValueError) as err:
        found = re.search(r"line (\d+)", str(err))
        message = str(err).split(":", 1)[-1].strip() if ":" in str(err) else "syntax error"
        raise FormatError(f"malformed PO: {message}", name,
                          int(found.group(1)) if found else None) from None
    script = script_of_lang(po.metadata.get("X-Source-Language", "zh-Hans")) or "hans"
    return [Parsed(_entry(unit, script, name), unit.linenum,
                   has_id=bool(unit.msgctxt) or "\nid: " in f"\n{unit.comment}")
            for unit in po if not unit.obsolete and unit.msgid]
