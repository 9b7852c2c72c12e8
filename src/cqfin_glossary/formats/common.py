"""What all exchange formats share: entry selection, script conversion, safe text, file reading."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EncodingError, FormatError, UsageError
from ..fsutil import read_limited
from ..model import PARTS_OF_SPEECH, TERM_TYPES, Entry, EntryStatus, Term, TermStatus
from ..textnorm import (
    SCRIPTS,
    UNSAFE,
    UNSAFE_IN_LINE,
    convert,
    has_cjk,
    to_script,
    to_simplified,
)

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
    # False when it says nothing about its terms' statuses either (TSV and DeepL, a row per
    # term: 稳岗贷款, an admitted synonym, came back from our DeepL export as a conflict
    # 'admitted -> preferred')
    term_status: bool = True
    refused: str | None = None  # why the reader could not take this entry (e.g. a PO plural)
    # the Chinese terms of the file read from Traditional: Simplified -> as written (WRITTEN)
    written: dict[str, str] = field(default_factory=dict)


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


# The way back from each Traditional script: Taiwan's and Hong Kong's own words (軟體,
# 網際網路) go back to the mainland's (软件, 互联网), as our tw and hk exports wrote them.
_BACK = {"hk": "hk2s", "tw": "tw2sp"}


# Simplified term -> the Traditional text it was read from, for each Chinese term an import
# read from Traditional (set by formats.parse_file, for merge._regional); None elsewhere.
WRITTEN: ContextVar[dict[str, str] | None] = ContextVar("written", default=None)


def zh_in(text: str, script: str) -> tuple[str, str | None]:
    """Simplified form of an imported Chinese term, and the Traditional override it needs."""
    if script == "hans":
        return text, None
    simplified = convert(text, _BACK[script]) if script in _BACK else to_simplified(text)
    written = WRITTEN.get()
    if written is not None and simplified != text:
        written.setdefault(simplified, text)
    return simplified, (None if to_script(simplified, script) == text else text)


def regional_readings(written: str, simplified: str) -> list[str]:
    """Simplified spellings that a term read from Traditional may stand for, other than the
    one it was read as: OpenCC's Taiwan way back reads 區域性 as 局部 (区域性股权市场 came back
    as 局部股权市场), and the generic one leaves Taiwan's and Hong Kong's words (空天資訊) as
    they are (空天资讯 beside the glossary's 空天信息). The text as written is taken back
    every way there is."""
    found = [convert(written, config) for config in ("t2s", "hk2s", "tw2sp")]
    return [f for f in dict.fromkeys(found) if f != simplified]


def script_guess(text: str) -> str:
    """The script of a Chinese term nobody named one for: Traditional when OpenCC's t2s
    changes it, else Simplified."""
    return "hant" if to_simplified(text) != text else "hans"


def zh_untagged(text: str) -> tuple[str, str | None]:
    """``zh_in`` for a term whose script is not named (a TSV cell, a term typed in)."""
    return zh_in(text, script_guess(text))


# ISO 639 codes that mean Chinese (macro language, Mandarin, the two 639-2 forms) or English.
_ZH_CODES = ("zh", "cmn", "zho", "chi")
_EN_CODES = ("en", "eng")
# Tags that say nothing about the language: the text's script decides (csv2tbx writes "xx").
UNKNOWN_LANGS = ("", "xx", "und", "mul", "zxx")


def _subtags(lang: str) -> list[str]:
    return lang.strip().lower().replace("_", "-").split(".")[0].split("@")[0].split("-")


def zh_term(text: str, script: str, status: TermStatus = TermStatus.PREFERRED) -> Term:
    """An imported Chinese term written in ``script``, stored in Simplified."""
    simplified, hant = zh_in(text, script)
    return Term(simplified, status, hant=hant)


def script_of_lang(lang: str) -> str | None:
    """'zh-Hant-TW', 'zh_TW', 'cmn-Hant-HK' -> 'tw', 'tw', 'hk'; None for a non-Chinese tag."""
    tags = _subtags(lang)
    if tags[0] not in _ZH_CODES:
        return None
    tag = "-".join(["zh", *tags[1:]])
    if tag in _LANG_SCRIPT:
        return _LANG_SCRIPT[tag]
    if "hk" in tags[1:] or "mo" in tags[1:]:
        return "hk"
    if "tw" in tags[1:]:
        return "tw"
    return "hant" if "hant" in tags[1:] else "hans"


def lang_kind(lang: str) -> str:
    """'zh', 'en', 'unknown' (a placeholder tag) or 'other' for a language tag."""
    tags = _subtags(lang)
    if tags[0] in _ZH_CODES:
        return "zh"
    if tags[0] in _EN_CODES:
        return "en"
    if tags[0] in UNKNOWN_LANGS or tags[0] == "x":  # x-...: a private-use tag
        return "unknown"
    return "other"


def text_kind(texts: list[str]) -> str | None:
    """'zh' when most texts hold Chinese characters, 'en' when most hold none, else None."""
    if not texts:
        return None
    chinese = sum(1 for t in texts if has_cjk(t))
    if chinese * 2 > len(texts):
        return "zh"
    if chinese * 2 < len(texts):
        return "en"
    return None


def contradicts(kind: str, texts: list[str]) -> bool:
    """Every text is impossible in the language a tag names (Chinese under 'en', ...)."""
    from ..schema import script_problem

    return bool(texts) and all(script_problem(kind, t) is not None for t in texts)


def check_script(script: str) -> str:
    return check_choice(script, SCRIPTS, "script")


def hostile(text: str, multiline: bool = False) -> str | None:
    """A description of the first control character in ``text``, or None when it is clean."""
    # Control characters, terminal escapes and bidi overrides: never allowed in imported text.
    found = (UNSAFE if multiline else UNSAFE_IN_LINE).search(text)
    if found is None:
        return None
    from ..schema import unsafe_name

    return f"{unsafe_name(found.group())} refused"


def entry_problem(entry: Entry) -> str | None:
    """Why an imported entry is refused (control characters, empty terms), or None."""
    from ..schema import MAX_TERM_CHARS

    for term in [*entry.zh, *entry.en]:
        if len(term.term) > MAX_TERM_CHARS:
            return (f"term of {len(term.term):,} characters (a term has at most "
                    f"{MAX_TERM_CHARS:,}): {term.term[:40]!r}...")
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
    for lang, language in (("zh", "Chinese"), ("en", "English")):
        if sum(t.status is TermStatus.PREFERRED for t in entry.terms(lang)) > 1:
            return f"more than one preferred {language} term"
    from ..schema import script_problem

    for lang in ("zh", "en"):
        for term in entry.terms(lang):
            why = script_problem(lang, term.term)
            if why:
                return why
    return None


def check_picklists(parsed: list[Parsed], name: str) -> None:
    """Refuse a part of speech or term type outside the TBX picklists, naming file and line."""
    for item in parsed:
        entry = item.entry
        if item.refused:
            continue
        if entry.pos is not None and entry.pos not in PARTS_OF_SPEECH:
            raise FormatError(f"entry {entry.id or entry.headword}: unknown part of speech "
                              f"{entry.pos!r} (allowed: {', '.join(PARTS_OF_SPEECH)})",
                              name, item.line)
        for term in [*entry.zh, *entry.en]:
            if term.type is not None and term.type not in TERM_TYPES:
                raise FormatError(f"term {term.term!r}: unknown term type {term.type!r} "
                                  f"(allowed: {', '.join(TERM_TYPES)})", name, item.line)


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
        declared = _as_declared(data, name)
        if declared is None:
            line = data[: err.start].count(b"\n") + 1
            raise EncodingError(f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the "
                                "file as UTF-8", name, line) from None
        text = declared
    return text[1:] if text.startswith("\ufeff") else text


# The encoding a file names for itself: a PO header's charset, an XML declaration's encoding.
_DECLARED = re.compile(rb"charset=([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding=[\"']([A-Za-z0-9_.:-]+)")


def _as_declared(data: bytes, name: str) -> str | None:
    """The text in the encoding the file declares (a Big5 PO passes msgfmt -c, which honours
    its charset; import said 'not valid UTF-8'), None when it declares none or UTF-8."""
    found = _DECLARED.search(data[:8192])
    if found is None:
        return None
    declared = (found[1] or found[2]).decode("ascii")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise EncodingError(f"declares the unknown encoding {declared!r}", name) from None
    if codec in ("utf-8", "ascii"):
        return None
    first: UnicodeDecodeError | None = None
    for wider in _WIDER.get(codec, (codec,)):
        try:
            return data.decode(wider)
        except UnicodeDecodeError as err:
            first = first or err
    assert first is not None
    line = data[: first.start].count(b"\n") + 1
    raise EncodingError(f"not valid {declared} (byte 0x{data[first.start]:02x}), the "
                        "encoding it declares", name, line) from None


# What a declared legacy encoding means in practice, as browsers read it: Big5 files hold the
# extensions of Windows (cp950: 恒) or Hong Kong (HKSCS), GB2312 and GBK ones GBK's characters.
_WIDER = {"big5": ("big5", "cp950", "big5hkscs"), "cp950": ("cp950", "big5hkscs"),
          "gb2312": ("gb18030",), "gbk": ("gb18030",)}


def unstated_synonyms(entry: Entry, unstated: list[Term]) -> None:
    """A language's terms of one entry when the file states no status for any of them
    (``unstated``, the terms read without one): the first preferred, the others admitted,
    as a TSV row's synonyms are read. TBX-Basic makes administrativeStatus optional, and a
    concept with two English terms and none was refused by the store as 'imported.yaml:6:
    more than one preferred term', for the whole import."""
    for lang in ("zh", "en"):
        terms = entry.terms(lang)
        if len(terms) > 1 and all(any(t is u for u in unstated) for t in terms):
            for term in terms[1:]:
                term.status = TermStatus.ADMITTED


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
    import re

    from ..textnorm import pinyin, pinyin_key

    if not has_cjk(zh):  # an English or Latin name: its words, as the shipped ids are made
        words = re.findall(r"[a-z0-9]+", zh.casefold())
        return "-".join(words)[:60].strip("-") or "term"
    slug = pinyin_key(pinyin(zh[:60]))[:60]  # a slug's worth: a huge cell costs nothing more
    return slug or "term"
