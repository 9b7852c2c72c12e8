"""Search keys and the display record of an entry, computed once at index time.

The costly parts, Traditional spellings (OpenCC) and pinyin (pypinyin), depend
on a Chinese term alone, so they are derived once per distinct term into a
``Forms`` table that the index keeps with each parsed file and reuses for every
later build: term -> (Traditional spellings, pinyin syllables, folded spellings,
toneless syllable keys).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from .model import Entry
from .textnorm import fold, pinyin_key, syllables, traditional_forms, traditional_forms_many

TermForms = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
Forms = dict[str, TermForms]
# Bump when what ``derive`` computes changes, so cached tables of the old layout are ignored.
FORMS_VERSION = "forms-2"


def term_texts(entries: Iterable[Entry]) -> list[str]:
    """Every Chinese string whose forms an entry's keys or record need (headwords included)."""
    return [t for e in entries for t in (*(term.term for term in e.zh), e.headword)]


def derive(terms: Iterable[str], known: Forms | None = None) -> Forms:
    """The forms of each distinct term, taking those already in ``known``."""
    known = known or {}
    distinct = list(dict.fromkeys(terms))
    missing = [t for t in distinct if t not in known]
    trad = traditional_forms_many(missing)
    out: Forms = {t: known[t] for t in distinct if t in known}
    for term in missing:
        out[term] = _derive_one(term, trad[term])
    return out


def _derive_one(term: str, trad: list[str]) -> TermForms:
    sy = syllables(term)
    folded = tuple(dict.fromkeys(fold(f) for f in (term, *trad)))
    keys = tuple(k for k in (pinyin_key(s) for s in sy) if k)
    return tuple(trad), sy, folded, keys


def _forms_of(term: str, forms: Forms | None) -> TermForms:
    found = forms.get(term) if forms is not None else None
    return found if found is not None else _derive_one(term, traditional_forms(term))


def zh_forms(entry: Entry, forms: Forms | None = None) -> list[str]:
    """Every spelling of every Chinese term: Simplified as written, Traditional derived."""
    out: list[str] = []
    for term in entry.zh:
        out.append(term.term)
        if term.hant:
            out.append(term.hant)
        out.extend(_forms_of(term.term, forms)[0])
    return list(dict.fromkeys(out))


def entry_keys(entry: Entry, forms: Forms | None = None) -> set[tuple[str, str]]:
    # Lists built by comprehension, one set at the end: twice as fast as set updates
    # from generators, and this runs once per entry of a full build.
    keys: list[tuple[str, str]] = [("i", entry.id)]
    for term in entry.zh:
        _, _, folded, sy = _forms_of(term.term, forms)
        for key in (*folded, fold(term.hant)) if term.hant else folded:
            keys.append(("z", key))
            keys += [("s", key[i:]) for i in range(1, len(key))]
        if sy:
            joined = "".join(sy)
            keys.append(("p", joined))
            cuts = list(accumulate(len(s) for s in sy[:-1]))
            keys += [("q", joined[cut:]) for cut in cuts]
    keys += [("e", fold(term.term)) for term in entry.en]
    return set(keys)


def entry_record(entry: Entry, file: str, forms: Forms | None = None) -> dict[str, Any]:
    """What lookup shows of an entry, so a lookup never reparses the YAML."""
    head = entry.headword
    hant = next((t.hant for t in entry.zh if t.term == head and t.hant), None)
    trad, sy, _, _ = _forms_of(head, forms)
    if hant is None:
        hant = trad[0] if trad else head
    record: dict[str, Any] = {
        "id": entry.id,
        "status": entry.status.value,
        "zh": head,
        "hant": hant,
        "pinyin": " ".join(sy),
        "zh_terms": [t.to_dict() for t in entry.zh],
        "en_terms": [t.to_dict() for t in entry.en],
        "en": entry.english,
        "file": file,
    }
    for key in ("subject", "pos", "definition", "note"):
        if getattr(entry, key):
            record[key] = getattr(entry, key)
    return record
