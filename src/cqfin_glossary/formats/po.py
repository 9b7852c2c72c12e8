"""PO export and import (polib): msgid Chinese, msgstr English, everything else in comments.

Every field an editor recorded travels in ``#.`` lines of the form ``key: value``
so that an export read back gives the same export again; values are escaped
(backslash, newline, ``|``) so one field is always one line.
"""

from __future__ import annotations

import re
from collections import Counter

import polib

from .. import __version__
from ..errors import FormatError
from ..model import Entry, EntryStatus, Term, TermStatus
from ..textnorm import UNSAFE
from .common import ZH_LANG, Parsed, zh_out

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


def clean(text: str) -> str:
    """Text without control characters or bidi overrides, which no importer accepts back
    (nor should a terminal showing the file see): each becomes a space, as in TSV."""
    if UNSAFE.search(text) is None:
        return text
    return re.sub(" {2,}", " ", UNSAFE.sub(" ", text)).strip(" ") or "?"


def esc(text: str) -> str:
    """One comment value on one line; '|' becomes '\\p' so ' | ' always separates parts."""
    text = clean(text)
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
    heads = [clean(zh_out(e.preferred("zh") or e.zh[0], script)) if e.zh else e.id
             for e in entries]
    shared = Counter(heads)
    return [(head, clean(entry.english or ""), entry.id if shared[head] > 1 else None,
             _comment(entry, script),
             # a path with white space would read as several references (gettext splits
             # '#:' at spaces; 'My Corpus/report 2024.txt:3' became three): such a place
             # stays in the '#. context:' lines only
             list(dict.fromkeys((o.source, str(o.line)) for o in entry.occurrences
                                if not any(c.isspace() for c in o.source))),
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


# ---- reading ----------------------------------------------------------


_PO_STRING = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?'
                        r'"(?:[^"\\]|\\.)*"\s*')


# The escapes of a C string that gettext reads (\\ and \" included); any other is an error.
_BAD_ESCAPE = re.compile(r'(?<!\\)(?:\\\\)*(\\[^abfnrtv0-7x"\\?\'])')


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
        bad = _BAD_ESCAPE.search(body) if "\\" in body else None
        if bad:  # msgfmt refuses it; polib kept the backslash as text ('New \q Corridor')
            raise FormatError(f"broken PO file: invalid escape '{bad.group(1)}' in a string",
                              name, number)


def parse(text: str, name: str) -> list[Parsed]:
    """Entries of a PO file (see ``po_import``)."""
    from .po_import import parse as parse_po

    return parse_po(text, name)
