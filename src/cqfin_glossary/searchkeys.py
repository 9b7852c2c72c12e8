"""Search keys and the display record of an entry, computed once at index time."""

from __future__ import annotations

from typing import Any

from .model import Entry
from .textnorm import fold, pinyin, pinyin_key, syllables, traditional_forms


def zh_forms(entry: Entry) -> list[str]:
    """Every spelling of every Chinese term: Simplified as written, Traditional derived."""
    forms: list[str] = []
    for term in entry.zh:
        forms.append(term.term)
        if term.hant:
            forms.append(term.hant)
        forms.extend(traditional_forms(term.term))
    return list(dict.fromkeys(forms))


def entry_keys(entry: Entry) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = {("i", entry.id)}
    for form in zh_forms(entry):
        key = fold(form)
        keys.add(("z", key))
        keys.update(("s", key[i:]) for i in range(1, len(key)))
    for term in entry.zh:
        sy = [pinyin_key(s) for s in syllables(term.term)]
        sy = [s for s in sy if s]
        if sy:
            keys.add(("p", "".join(sy)))
            keys.update(("q", "".join(sy[i:])) for i in range(1, len(sy)))
    keys.update(("e", fold(term.term)) for term in entry.en)
    return keys


def entry_record(entry: Entry, file: str) -> dict[str, Any]:
    """What lookup shows of an entry, so a lookup never reparses the YAML."""
    head = entry.headword
    hant = next((t.hant for t in entry.zh if t.term == head and t.hant), None)
    if hant is None:
        forms = traditional_forms(head)
        hant = forms[0] if forms else head
    record: dict[str, Any] = {
        "id": entry.id,
        "status": entry.status.value,
        "zh": head,
        "hant": hant,
        "pinyin": pinyin(head),
        "zh_terms": [t.to_dict() for t in entry.zh],
        "en_terms": [t.to_dict() for t in entry.en],
        "en": entry.english,
        "file": file,
    }
    for key in ("subject", "pos", "definition", "note"):
        if getattr(entry, key):
            record[key] = getattr(entry, key)
    return record
