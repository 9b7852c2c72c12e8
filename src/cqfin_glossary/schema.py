"""Turn parsed YAML into entries, reporting every schema problem with file, line and field."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from .errors import Problem
from .model import (
    PARTS_OF_SPEECH,
    TERM_TYPES,
    Entry,
    EntryStatus,
    Mining,
    Occurrence,
    Suggestion,
    Term,
    TermStatus,
)
from .textnorm import UNSAFE, UNSAFE_IN_LINE
from .yamlio import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")

ENTRY_KEYS = ("id", "status", "subject", "zh", "en", "pos", "definition", "note",
              "occurrences", "suggestions", "mining", "changed")
TERM_KEYS = ("term", "status", "type", "hant", "note")
OCCURRENCE_KEYS = ("source", "line", "text")
SUGGESTION_KEYS = ("term", "score", "evidence")
MINING_KEYS = ("score", "frequency", "doc_frequency", "components")


MERGE_CONFLICT = "merge-conflict"  # the key gitmerge marks an entry with


class _Reader:
    """Collects problems while reading one file's entries."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []

    def problem(self, line: int | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, message, field))

    def mapping(self, value: Any, line: int, where: str, keys: tuple[str, ...]) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.problem(line, where, f"expected a mapping, got {_kind(value)}")
            return None
        for key in value:
            if key == MERGE_CONFLICT and isinstance(value[key], str):
                # the merge driver's mark, said as what it is, not as a misspelt key
                self.problem(value.key_lines[key], f"{where}.{key}",
                             f"unresolved merge conflict: {value[key]}")
            elif key not in keys:
                self.problem(value.key_lines[key], f"{where}.{key}",
                             f"unknown key (allowed: {', '.join(keys)})")
        return value

    def text(self, data: LineDict, key: str, where: str, required: bool = False) -> str | None:
        line = data.key_lines.get(key, data.line)
        value = data.get(key)
        if value is None:
            if required:
                self.problem(line, f"{where}.{key}", "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(line, f"{where}.{key}", f"expected non-empty text, got {_kind(value)}")
            return None
        if value != value.strip() and "\n" not in value:
            self.problem(line, f"{where}.{key}", "has leading or trailing spaces")
        unsafe = (UNSAFE_IN_LINE if key in ("term", "id") else UNSAFE).search(value)
        if unsafe is not None:  # escape sequences and bidi overrides could drive a terminal
            self.problem(line, f"{where}.{key}", f"holds {unsafe_name(unsafe.group())}")
        return value

    def number(self, data: LineDict, key: str, where: str, kind: type, default: Any) -> Any:
        value = data.get(key, default)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        if not ok:
            line = data.key_lines.get(key, data.line)
            self.problem(line, f"{where}.{key}", f"expected a {kind.__name__}, got {_kind(value)}")
            return default
        return kind(value)

    def items(self, data: LineDict, key: str, where: str,
              read: Callable[[Any, int, str], Any]) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList):
            self.problem(data.key_lines[key], f"{where}.{key}",
                         f"expected a list, got {_kind(value)}")
            return []
        out = []
        for i, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
            result = read(item, line, f"{where}.{key}[{i}]")
            if result is not None:
                out.append(result)
        return out

    def choice(self, data: LineDict, key: str, where: str, allowed: tuple[str, ...],
               default: str | None) -> str | None:
        value = data.get(key, default)
        if value is None or value in allowed:
            return value
        line = data.key_lines.get(key, data.line)
        self.problem(line, f"{where}.{key}", f"bad value {value!r} (allowed: {', '.join(allowed)})")
        return default


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", LineDict: "a mapping",
            LineList: "a list"}.get(type(value), type(value).__name__)


_TERM_STATUSES = tuple(s.value for s in TermStatus)
_ENTRY_STATUSES = tuple(s.value for s in EntryStatus)


MAX_TERM_CHARS = 1000  # longer than any name of a law or programme (中华人民共和国... 60)


def _term(r: _Reader, value: Any, line: int, where: str) -> Term | None:
    data = r.mapping(value, line, where, TERM_KEYS)
    if data is None:
        return None
    text = r.text(data, "term", where, required=True)
    status = r.choice(data, "status", where, _TERM_STATUSES, "preferred")
    term_type = r.choice(data, "type", where, TERM_TYPES, None)
    if text is None:
        return None
    if len(text) > MAX_TERM_CHARS:
        # an import took an 11-million-character 'term' (the whole of a file's cell) and
        # validate passed it; a term is a name, not a text
        r.problem(getattr(data, "key_lines", {}).get("term", line), where,
                  f"term of {len(text):,} characters (a term has at most {MAX_TERM_CHARS:,})")
        return None
    return Term(text, TermStatus(status), term_type, r.text(data, "hant", where),
                r.text(data, "note", where))


def _occurrence(r: _Reader, value: Any, line: int, where: str) -> Occurrence | None:
    data = r.mapping(value, line, where, OCCURRENCE_KEYS)
    if data is None:
        return None
    source = r.text(data, "source", where, required=True)
    number = r.number(data, "line", where, int, 0)
    text = r.text(data, "text", where, required=True)
    if source is None or text is None:
        return None
    return Occurrence(source, number, text)


def _suggestion(r: _Reader, value: Any, line: int, where: str) -> Suggestion | None:
    data = r.mapping(value, line, where, SUGGESTION_KEYS)
    if data is None:
        return None
    term = r.text(data, "term", where, required=True)
    score = r.number(data, "score", where, float, 0.0)
    evidence = r.items(data, "evidence", where,
                       lambda v, ln, w: v if isinstance(v, str) else
                       r.problem(ln, w, f"expected text, got {_kind(v)}"))
    return Suggestion(term, score, evidence) if term else None


def _mining(r: _Reader, data: LineDict, where: str) -> Mining | None:
    if "mining" not in data:
        return None
    m = r.mapping(data["mining"], data.key_lines["mining"], f"{where}.mining", MINING_KEYS)
    if m is None:
        return None
    w = f"{where}.mining"
    components: dict[str, float] = {}
    raw = m.get("components")
    if raw is not None:
        comp = r.mapping(raw, m.key_lines["components"], f"{w}.components", tuple(raw) if
                         isinstance(raw, LineDict) else ())
        for key in comp or {}:
            components[key] = r.number(comp, key, f"{w}.components", float, 0.0)  # type: ignore[arg-type]
    return Mining(r.number(m, "score", w, float, 0.0), r.number(m, "frequency", w, int, 0),
                  r.number(m, "doc_frequency", w, int, 0), components)


def _entry(r: _Reader, value: Any, line: int, where: str) -> Entry | None:
    raw_id = value.get("id") if isinstance(value, LineDict) else None
    if isinstance(raw_id, str) and raw_id.strip():
        where = f"entry {raw_id}"
    data = r.mapping(value, line, where, ENTRY_KEYS)
    if data is None:
        return None
    entry_id = r.text(data, "id", where, required=True)
    if entry_id is not None and not ID_PATTERN.match(entry_id):
        r.problem(data.key_lines["id"], f"{where}.id",
                  f"bad id {entry_id!r} (use lowercase letters, digits, '.', '_' or '-')")
    status = r.choice(data, "status", where, _ENTRY_STATUSES, "candidate")
    zh = r.items(data, "zh", where, lambda v, ln, w: _term(r, v, ln, w))
    en = r.items(data, "en", where, lambda v, ln, w: _term(r, v, ln, w))
    if not zh:
        r.problem(data.key_lines.get("zh", data.line), f"{where}.zh",
                  "needs at least one Chinese term")
    pos = r.choice(data, "pos", where, PARTS_OF_SPEECH, None)
    entry = Entry(
        id=entry_id or "", status=EntryStatus(status), zh=zh, en=en,
        subject=r.text(data, "subject", where), pos=pos,
        definition=r.text(data, "definition", where), note=r.text(data, "note", where),
        occurrences=r.items(data, "occurrences", where, lambda v, ln, w: _occurrence(r, v, ln, w)),
        suggestions=r.items(data, "suggestions", where, lambda v, ln, w: _suggestion(r, v, ln, w)),
        mining=_mining(r, data, where), changed=r.text(data, "changed", where),
    )
    _check_terms(r, entry, data, where)
    return entry if entry_id else None


def _check_terms(r: _Reader, entry: Entry, data: LineDict, where: str) -> None:
    for lang in ("zh", "en"):
        terms = entry.terms(lang)
        line = data.key_lines.get(lang, data.line)
        if sum(t.status is TermStatus.PREFERRED for t in terms) > 1:
            r.problem(line, f"{where}.{lang}", "more than one preferred term")
        seen = Counter(t.term.casefold() for t in terms)  # list.count was quadratic: 16,000
        for dup in sorted(s for s, n in seen.items() if n > 1):  # terms took 7 s to validate
            r.problem(line, f"{where}.{lang}", f"term {dup!r} listed twice")
    for lang, term in [*(("zh", t) for t in entry.zh), *(("en", t) for t in entry.en)]:
        why = script_problem(lang, term.term)
        if why:
            r.problem(data.key_lines.get(lang, data.line), f"{where}.{lang}", why)
    if entry.status is EntryStatus.APPROVED and entry.preferred("en") is None:
        r.problem(data.key_lines.get("en", data.line), f"{where}.en",
                  "an approved entry needs a preferred or admitted English term")


_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_LATIN_PAIR = re.compile("[A-Za-z\u00c0-\u024f]{2}")
_DIGIT = re.compile("[0-9]")
# An acronym as Chinese text writes it (LPR 贷款市场报价利率, MLF, REITs, QFII): capitals,
# perhaps with digits and a plural s, never a word in lowercase.
_ACRONYM = re.compile("[A-Z][A-Z0-9]{1,7}s?")


def script_problem(lang: str, text: str) -> str | None:
    """Why a term's text cannot be in its language: a swapped import shows up here. A Chinese
    term without Chinese characters is a code written with digits ("33618", the programme;
    5G, G20) or an acronym that Chinese text writes in capitals (LPR, REITs), never a word
    in Latin letters."""
    from .textnorm import has_cjk

    if lang == "zh" and not has_cjk(text) and not _ACRONYM.fullmatch(text) and (
            _LATIN_PAIR.search(text) or not _DIGIT.search(text)):
        return f"Chinese term {text!r} has no Chinese characters (source and target swapped?)"
    if lang == "en" and has_cjk(text) and not _LATIN.search(text):
        return f"English term {text!r} is written in Chinese (source and target swapped?)"
    return None


def read_entries(data: Any, name: str) -> tuple[list[tuple[Entry, int]], list[Problem]]:
    """Entries of one parsed file with their lines, and the problems found in it."""
    r = _Reader(name)
    if data is None:
        r.problem(1, None, "file is empty (expected a list of entries)")
        return [], r.problems
    if not isinstance(data, LineList):
        r.problem(getattr(data, "line", 1), None, f"expected a list of entries, got {_kind(data)}")
        return [], r.problems
    out = []
    for i, (item, line) in enumerate(zip(data, data.item_lines, strict=True)):
        entry = _entry(r, item, line, f"entry #{i + 1}")
        if entry is not None:
            out.append((entry, line))
    return out, sorted(r.problems, key=lambda p: p.line or 0)


def unsafe_name(char: str) -> str:
    """'control character U+001B', or for one that shows nothing (a zero-width space, a bidi
    override) 'invisible character U+200B (ZERO WIDTH SPACE)': calling U+200B a control
    character sent a translator looking for one in a pasted rendering."""
    import unicodedata

    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cf":
        return f"invisible character {code} ({unicodedata.name(char, 'format character')})"
    return f"control character {code}"
