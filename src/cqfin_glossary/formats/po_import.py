"""PO import: our own exports read back exactly, and other tools' PO files with their meaning.

Which side is Chinese comes from the file: ``X-Source-Language`` (ours), else
``Language`` (gettext names the target language there, so ``zh_CN`` means the
msgstr is Chinese), checked against the script of the text; a file whose
header and text disagree is refused. A ``msgctxt`` without our ``id:`` comment
is a sense (a homograph's subject), translator comments become notes, plural
entries are refused one by one.
"""

from __future__ import annotations

import os
import re

import polib

from ..errors import FormatError
from ..model import Entry, EntryStatus, Occurrence, Term, TermStatus
from .common import (
    Parsed,
    entry_status,
    lang_kind,
    new_id,
    script_of_lang,
    term_status,
    text_kind,
    zh_in,
    zh_untagged,
)
from .po import check_po_strings

_FIELDS = ("subject", "pos", "definition", "note")
_SPLIT = re.compile(r" \| ")
_UNESC = {"n": "\n", "r": "\r", "p": "|"}
_KEY = re.compile(r"^([a-z]+): ?(.*)$")


def unesc(text: str) -> str:
    """The inverse of ``po.esc``; a ``\\u{...}`` that is no character raises ValueError."""
    def back(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] != "u":
            return _UNESC.get(code, code)
        value = int(code[2:-1], 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise ValueError(f"escape \\{code} is not a Unicode character")
        return chr(value)

    return re.sub(r"\\(u\{[0-9a-f]{1,8}\}|.)", back, text, flags=re.S)


def _terms(values: list[str], script: str | None, name: str, line: int) -> list[Term]:
    out: list[Term] = []
    for value in values:
        text, *rest = _SPLIT.split(value)
        # a hand-written line may leave out the status: the first term is then preferred
        default = "admitted" if out else "preferred"
        term = Term(unesc(text), term_status(rest[0] if rest else default, name, line))
        if script is not None:
            term.term, term.hant = _zh(term.term, script)
        for item in rest[1:]:
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


_HYPHEN_END = re.compile(r"\w-$")


def _fields(comment: str) -> dict[str, list[str]]:
    """The ``key: value`` lines of an extracted comment; other lines are a foreign file's note.

    In our export each value is one line, so in an entry of ours (an ``id:`` line) a line
    of no key goes on with the value before it: polib re-saves a file with its comments
    wrapped at 78 columns, at a space it drops (or after a word's hyphen), and the rest of
    a definition became the note, the rest of an English term line a bad status. Spaces
    doubled where the line was cut come back as one."""
    fields: dict[str, list[str]] = {}
    lines = comment.split("\n")
    ours = any(raw.startswith("id: ") for raw in lines)
    last: list[str] | None = None
    for raw in lines:
        match = _KEY.match(raw)
        if match and match.group(1) in ("id", "status", "zh", "en", "context", "changed", *_FIELDS):
            last = fields.setdefault(match.group(1), [])
            last.append(match.group(2))
        elif ours and last is not None and raw.strip():
            # textwrap also breaks after a word's hyphen (stock-|market), dropping nothing
            gap = "" if _HYPHEN_END.search(last[-1]) else " "
            last[-1] = f"{last[-1]}{gap}{raw.strip()}"
        elif raw.strip():
            fields.setdefault("_loose", []).append(raw.strip())
    return fields


def _status(fields: dict[str, list[str]], unit: polib.POEntry, name: str) -> EntryStatus:
    """The file's status, with the fuzzy flag winning: a translator may have (un)fuzzied an
    entry of our export. A PO of other tools states no status (no '#. status:' line): there
    a translated entry is only translated, a candidate like any new term (the README's
    rule), not approved terminology that skips review."""
    if "status" not in fields:
        return EntryStatus.CANDIDATE
    status = entry_status(fields["status"][0], name, unit.linenum)
    if "fuzzy" in unit.flags and status is EntryStatus.APPROVED:
        return EntryStatus.CANDIDATE
    if "fuzzy" not in unit.flags and unit.msgstr and status is not EntryStatus.REJECTED:
        return EntryStatus.APPROVED
    return status


def _english(en: list[Term], msgstr: str) -> list[Term]:
    if not msgstr or msgstr.casefold() in {t.term.casefold() for t in en}:
        return en
    en = [Term(t.term, TermStatus.ADMITTED if t.status is TermStatus.PREFERRED else t.status,
               t.type, t.hant, t.note) for t in en]
    return [Term(msgstr), *en]


def _entry(unit: polib.POEntry, side: tuple[bool, str], name: str) -> Entry:
    swapped, script = side
    line = unit.linenum
    fields = _fields(unit.comment)
    chinese, english = (unit.msgstr, unit.msgid) if swapped else (unit.msgid, unit.msgstr)
    zh = _terms(fields.get("zh", []), script, name, line)
    if not zh:
        simplified, hant = _zh(chinese, script)
        zh = [Term(simplified, hant=hant)]
    en = _english(_terms(fields.get("en", []), None, name, line), english)
    ident = fields.get("id", [""])[0]
    entry = Entry(id=ident or new_id(zh[0].term), status=_status(fields, unit, name), zh=zh,
                  en=en)
    for key in _FIELDS:
        if key in fields:
            setattr(entry, key, unesc(fields[key][0]))
    if unit.msgctxt and not ident and entry.subject is None:
        entry.subject = unit.msgctxt  # a foreign file's context names the sense
        entry.id = f"{entry.id}-{new_id(unit.msgctxt)}"[:100]
    notes = [*fields.get("_loose", []), *([unit.tcomment.strip()] if unit.tcomment.strip()
                                          else [])]
    if notes and entry.note is None:
        entry.note = "\n".join(notes)
    entry.occurrences = [_context(v, name, line) for v in fields.get("context", [])]
    entry.changed = unesc(fields["changed"][0]) if "changed" in fields else None
    return entry


def _orientation(po: polib.POFile, name: str) -> tuple[bool, str]:
    """(msgstr holds the Chinese, its script) from the header, checked against the text."""
    source = po.metadata.get("X-Source-Language", "")
    target = po.metadata.get("Language", "")
    said: bool | None = None
    if lang_kind(source) in ("zh", "en"):
        said = lang_kind(source) == "en"
    elif lang_kind(target) in ("zh", "en"):
        said = lang_kind(target) == "zh"
    units = [u for u in po if not u.obsolete and u.msgid and u.msgstr]
    ids, strs = text_kind([u.msgid for u in units]), text_kind([u.msgstr for u in units])
    seen = True if (ids == "en" and strs == "zh") else False if ids == "zh" else None
    if said is not None and seen is not None and said != seen:
        header = (f"X-Source-Language {source!r}" if lang_kind(source) in ("zh", "en")
                  else f"Language {target!r}")
        where = "msgstr" if said else "msgid"
        raise FormatError(f"the header says {header} (Chinese in the {where}) but the "
                          f"{'msgid' if said else 'msgstr'} texts are the Chinese ones; "
                          "fix the header", name, 1)
    swapped = said if said is not None else bool(seen)
    tag = target if swapped else source
    # A bare 'zh' (or no tag) names no script: each term's own characters tell (a Big5 PO
    # of Traditional terms with no X-Source-Language was stored as if Simplified)
    script = script_of_lang(tag) if "-" in tag.replace("_", "-") else None
    return swapped, script or GUESS


GUESS = "guess"  # the script of each Chinese term is told by its characters


def _zh(text: str, script: str) -> tuple[str, str | None]:
    return zh_untagged(text) if script == GUESS else zh_in(text, script)


def _duplicates(po: polib.POFile, name: str) -> None:
    seen: set[tuple[str | None, str]] = set()
    for unit in po:
        key = (unit.msgctxt, unit.msgid)
        if key in seen and not unit.obsolete:
            context = f" (msgctxt {unit.msgctxt!r})" if unit.msgctxt else ""
            raise FormatError(f"duplicate entry msgid {unit.msgid!r}{context}", name,
                              unit.linenum)
        seen.add(key)


def _load(text: str, name: str) -> polib.POFile:
    if os.path.isfile(text.strip()):
        # polib would read a file named by the content instead of the content itself
        raise FormatError("not a PO file (its content names a file)", name, 1)
    check_po_strings(text, name)
    try:
        po = polib.pofile(text, check_for_duplicates=False, wrapwidth=0)
    except (OSError, ValueError) as err:
        found = re.search(r"line (\d+)", str(err))
        message = str(err).split(":", 1)[-1].strip() if ":" in str(err) else "syntax error"
        raise FormatError(f"malformed PO: {message}", name,
                          int(found.group(1)) if found else None) from None
    _duplicates(po, name)
    return po


def _refusal(unit: polib.POEntry, swapped: bool) -> str | None:
    if unit.msgid_plural:
        return "plural entry (msgid_plural) refused: a glossary term has no plural forms"
    if swapped and not unit.msgstr:
        return "untranslated entry: the Chinese (msgstr) is empty"
    return None


def parse(text: str, name: str) -> list[Parsed]:
    """Entries of a PO file; syntax errors carry the file's line."""
    po = _load(text, name)
    side = _orientation(po, name)
    out = []
    for unit in po:
        if unit.obsolete or not unit.msgid:
            continue
        why = _refusal(unit, side[0])
        try:
            entry = (Entry(id=new_id(unit.msgid), zh=[Term(unit.msgid)]) if why
                     else _entry(unit, side, name))
        except ValueError as err:  # an escape that is no character
            raise FormatError(str(err), name, unit.linenum) from None
        fields = _fields(unit.comment or "")
        # Another tool's PO states no status: its pair, equal to an approved entry's, was a
        # conflict 'status approved -> candidate' (exit 1) where nothing differs
        out.append(Parsed(entry, unit.linenum, has_id="id" in fields,
                          has_status="status" in fields, term_status="en" in fields,
                          refused=why))
    return out
