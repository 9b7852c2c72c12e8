"""Search keys and the display record of an entry, computed once at index time.

The costly parts, Traditional spellings (OpenCC) and pinyin (pypinyin), depend
on a Chinese term alone, so they are derived once per distinct term into a
``Forms`` table that the index keeps with each parsed file and reuses for every
later build: term -> (Traditional spellings, the generic one first even where it is
the Simplified itself, and last the Simplified of a term held in Traditional; pinyin
syllables; folded spellings; toneless pinyin key; that key from each syllable but the
first on, space-separated).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from typing import Any

from .model import Entry
from .textnorm import TRADITIONAL_CONFIGS, convert, convert_many, fold, pinyin_key, syllables

TermForms = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]
Forms = dict[str, TermForms]
# Bump when what ``derive`` computes changes, so cached tables of the old layout are ignored
# (and index.SCHEMA_VERSION with it: the index keeps these tables too).
FORMS_VERSION = "forms-5"


def term_texts(entries: Iterable[Entry]) -> list[str]:
    """Every Chinese string whose forms an entry's keys or record need: its Chinese terms,
    or its id when it has none (the headword is one of the two, see Entry.headword)."""
    entries = list(entries)
    return [t.term for e in entries for t in e.zh] + [e.id for e in entries if not e.zh]


def derive(terms: Iterable[str], known: Forms | None = None) -> Forms:
    """The forms of each distinct term, taking those already in ``known``."""
    known = known or {}
    distinct = list(dict.fromkeys(terms))
    if len(distinct) == len(known) and all(t in known for t in distinct):
        return known  # the usual case of a file read before: no new dictionary
    missing = [t for t in distinct if t not in known]
    columns = [convert_many(missing, config) for config in _SPELLINGS]
    out: Forms = {t: known[t] for t in distinct if t in known}
    for i, term in enumerate(missing):
        out[term] = _derive_one(term, _spellings(term, [col[i] for col in columns]))
    return out


# The generic Traditional first, which lookup shows (not Taiwan's wording where s2t leaves a
# term as it is: 空天信息 was shown as 空天資訊); then the regional ones; last the Simplified
# of a term the glossary holds in Traditional (千里馬 typed into a YAML file by hand), which
# neither look-ups nor check found in Simplified text.
_SPELLINGS = (*TRADITIONAL_CONFIGS, "t2s")


def _spellings(term: str, converted: list[str]) -> list[str]:
    """A term's other spellings from its conversions in the order of _SPELLINGS."""
    generic, *regional, simple = converted
    return [generic, *(f for f in regional if f != term), simple]


def _derive_one(term: str, trad: list[str]) -> TermForms:
    trad = list(dict.fromkeys(trad))
    sy = syllables(term)
    folded = tuple(dict.fromkeys(fold(f) for f in (term, *trad)))
    keys = [k for k in (pinyin_key(s) for s in sy) if k]
    joined = "".join(keys)
    tails, cut = [], 0
    for key in keys[:-1]:
        cut += len(key)
        tails.append(joined[cut:cut + TAIL_CHARS])
    return tuple(trad), sy, folded, joined, " ".join(dict.fromkeys(tails))


# How much of the pinyin after each syllable a term is found by (a prefix search from any
# syllable on). Whole tails grew with the square of a term's length: 400 terms of 1,000
# characters made a 1.2 GB index in 29 s. Sixty letters are ten syllables or more.
TAIL_CHARS = 60


def _forms_of(term: str, forms: Forms | None) -> TermForms:
    found = forms.get(term) if forms is not None else None
    return found if found is not None else _derive_one(
        term, _spellings(term, [convert(term, config) for config in _SPELLINGS]))


def zh_forms(entry: Entry, forms: Forms | None = None) -> list[str]:
    """Every spelling of every Chinese term: Simplified as written, Traditional derived."""
    out: list[str] = []
    for term in entry.zh:
        out.append(term.term)
        if term.hant:
            out.append(term.hant)
        out.extend(_forms_of(term.term, forms)[0])
    return list(dict.fromkeys(out))


EntryKeys = tuple[list[tuple[int, str, str]], list[str], str]


def entry_keys(entry: Entry, forms: Forms | None, first: int) -> EntryKeys:
    """What an entry is found by: its key rows (row id from ``first`` on, key, kind),
    its distinct Chinese forms and its pinyin from each syllable but the first on.

    The last two go to full-text tables (index.py), which find a form by any part of
    it, or a pinyin key by any syllable, for a tenth of what one row per suffix costs.
    """
    zh: list[str] = []
    joined: list[str] = []
    tails: list[str] = []
    for term in entry.zh:
        _, _, folded, whole, after_first = _forms_of(term.term, forms)
        zh += folded
        if term.hant:
            zh.append(fold(term.hant))
        if whole:
            joined.append(whole)
        if after_first:
            tails.append(after_first)
    zh = list(dict.fromkeys(zh))
    # Numbered by zip, one kind at a time: this runs once per entry of a full build.
    rows: list[tuple[int, str, str]] = [(first, entry.id, "i")]
    for kind, keys in (("z", zh), ("p", list(dict.fromkeys(joined))),
                       ("e", list(dict.fromkeys([fold(t.term) for t in entry.en])))):
        rows += zip(range(first + len(rows), first + len(rows) + len(keys)), keys, repeat(kind))
    if len(tails) > 1:  # several terms: each tail once
        tails = [" ".join(dict.fromkeys(" ".join(tails).split()))]
    return rows, zh, tails[0] if tails else ""


def entry_record(entry: Entry, file: str, forms: Forms | None = None) -> dict[str, Any]:
    """What lookup shows of an entry, so a lookup never reparses the YAML."""
    head = entry.headword
    hant = None
    for term in entry.zh:
        if term.hant and term.term == head:
            hant = term.hant
            break
    trad, sy = _forms_of(head, forms)[:2]
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
    # Spelled out, not a getattr loop: this runs once per entry of a full build.
    if entry.subject:
        record["subject"] = entry.subject
    if entry.pos:
        record["pos"] = entry.pos
    if entry.definition:
        record["definition"] = entry.definition
    if entry.note:
        record["note"] = entry.note
    return record
