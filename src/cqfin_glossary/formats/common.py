"""What all exchange formats share: entry selection, script conversion, safe text, file reading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import EncodingError, FormatError, UsageError
from ..fsutil import read_limited
from ..model import Entry, EntryStatus, Term, TermStatus
from ..textnorm import SCRIPTS, UNSAFE, UNSAFE_IN_LINE, to_script, to_simplified

MAX_IMPORT_BYTES = 64 * 1024 * 1024
STATUSES = ("approved", "all")

# BCP 47 tags of the Chinese side per script, and back.
ZH_LANG = {"hans": "zh-Hans", "hant": "zh-Hant", "hk": "zh-Hant-HK", "tw": "zh-Hant-TW"}
_LANG_SCRIPT = {
    "zh": "hans", "zh-hans": "hans", "zh-cn": "hans", "zh-sg": "hans", "zh-hans-cn": "hans",
    "zh-hant": "hant", "zh-hant-hk": "hk", "zh-hk": "hk", "zh-hant-tw": "tw", "zh-tw": "tw",
    "zh-mo": "hk", "zh-hant-mo": "hk",
}



@dataclass
class Parsed:
    """One entry read from a file, where it starts, and which of its fields the format carries."""

    entry: Entry
    line: int | None
    annotated: bool = True  # False when the format has no real subject/definition/note fields
    has_id: bool = True  # False when the id was made up from the term on reading
    has_status: bool = True  # False when the file says nothing about the entry's status


def check_choice(value: str, allowed: tuple[str, ...] | Mapping[str, object], what: str) -> str:
    if value not in allowed:
        raise UsageError(f"unknown {what} {value!r} (choose from {', '.join(allowed)})")
    return value


def select(entries: object, status: str) -> list[Entry]:
    """The entries an export covers: approved only, or all of them."""
    check_choice(status, STATUSES, "status")
    every = list(entries)  # type: ignore[call-overload]
    if status == "all":
        return every
    return [e for e in every if e.status is EntryStatus.APPROVED]


def zh_out(term: Term, script: str) -> str:
    """A Chinese term as written in ``script``, honouring an editor's Traditional override."""
    if script == "hans":
        return term.term
    return term.hant if term.hant else to_script(term.term, script)


def zh_in(text: str, script: str) -> tuple[str, str | None]:
    """Simplified form of an imported Chinese term, and the Traditional override it needs."""
    if script == "hans":
        return text, None
    simplified = to_simplified(text)
    return simplified, (None if to_script(simplified, script) == text else text)


def script_of_lang(lang: str) -> str | None:
    """'zh-Hant-TW' -> 'tw'; None for a tag that is not Chinese."""
    tag = lang.strip().lower().replace("_", "-")
    if tag in _LANG_SCRIPT:
        return _LANG_SCRIPT[tag]
    if tag.startswith("zh"):
        return "hant" if "hant" in tag else "hans"
    return None


def check_script(script: str) -> str:
    return check_choice(script, SCRIPTS, "script")


def hostile(text: str, multiline: bool = False) -> str | None:
    """A description of the first control character in ``text``, or None when it is clean."""
    # Control characters, terminal escapes and bidi overrides: never allowed in imported text.
    found = (UNSAFE if multiline else UNSAFE_IN_LINE).search(text)
    if found is None:
        return None
    return f"control character U+{ord(found.group()):04X} refused"


def entry_problem(entry: Entry) -> str | None:
    """Why an imported entry is refused (control characters, empty terms), or None."""
    for term in [*entry.zh, *entry.en]:
        for value in (term.term, term.hant):
            if value is not None and (value != value.strip() or not value):
                return f"term {value!r} is empty or has leading or trailing spaces"
            why = value and hostile(value)
            if why:
                return f"{why} in term {value!r}"
        if term.note and hostile(term.note, multiline=True):
            return f"{hostile(term.note, multiline=True)} in a term note"
    for value in (entry.subject, entry.definition, entry.note, entry.pos, entry.changed,
                  *(o.text for o in entry.occurrences), *(o.source for o in entry.occurrences)):
        why = value and hostile(value, multiline=True)
        if why:
            return f"{why} in {value!r}"
    if not entry.zh:
        return "no Chinese term"
    return None


def read_text(path: Path, name: str) -> str:
    """The text of an import file: size-limited, UTF-8 (or UTF-16 with a BOM), no NUL bytes."""
    data = read_limited(Path(path), MAX_IMPORT_BYTES)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise EncodingError("not valid UTF-16 despite its byte-order mark", name) from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EncodingError("binary file (NUL bytes), expected UTF-8 text", name, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise EncodingError(f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file "
                            "as UTF-8", name, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def term_status(value: str | None, name: str, line: int | None) -> TermStatus:
    try:
        return TermStatus(value or "preferred")
    except ValueError:
        raise FormatError(f"unknown term status {value!r}", name, line) from None


def entry_status(value: str | None, name: str, line: int | None) -> EntryStatus:
    try:
        return EntryStatus(value or "candidate")
    except ValueError:
        raise FormatError(f"unknown entry status {value!r}", name, line) from None


def new_id(zh: str) -> str:
    """A slug for an entry that arrives without an id: the toneless pinyin of its term."""
    from ..textnorm import pinyin, pinyin_key

    slug = pinyin_key(pinyin(zh))[:60]
    return slug or "term"
