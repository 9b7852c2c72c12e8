"""Merge imported entries into a glossary without overwriting what an editor reviewed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..model import Entry, EntryStatus, Term, TermStatus
from ..schema import ID_PATTERN
from ..store import Glossary, touch
from ..textnorm import traditional_forms
from .common import Parsed, entry_problem, new_id, regional_readings

IMPORT_FILE = "imported.yaml"
_FIELDS = ("subject", "pos", "definition", "note")
_REVIEWED = (EntryStatus.APPROVED, EntryStatus.REJECTED)


@dataclass
class ImportReport:
    """What an import did; conflicts and refusals say file:line and the entry."""

    file: str
    format: str
    added: list[str] = field(default_factory=list)  # ids of new entries
    renderings: list[tuple[str, str]] = field(default_factory=list)  # (entry id, term) added
    conflicts: list[Problem] = field(default_factory=list)  # left for the editor
    unchanged: list[str] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)  # hostile or unusable entries
    updated: list[str] = field(default_factory=list)  # candidates that gained data

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renderings or self.updated)


def merge(glossary: Glossary, parsed: list[Parsed], report: ImportReport) -> None:
    for item in parsed:
        _one_of_each(item.entry)
        why = item.refused or entry_problem(item.entry)
        if why:
            report.refused.append(Problem(report.file, item.line, why, _label(item.entry)))
            continue
        if item.written:
            _regional(glossary, item.entry, item.written)
        _merge_one(glossary, item, report)


def _regional(glossary: Glossary, entry: Entry, written: dict[str, str]) -> None:
    """Each Chinese term read from Traditional that the glossary does not hold, but holds as
    another region writes it, taken as the glossary's: our own Taiwan export of 区域性股权市场
    came back as a conflict (局部股权市场), and a Hong Kong file's 空天資訊 added 空天资讯
    beside the approved 空天信息. Terms written in Simplified are taken as written (a zh-CN
    智慧金融 is no 智能金融). The written form is kept as the Traditional override only where
    it is none of the glossary term's own Traditional forms."""
    for term in entry.zh:
        text = term.hant or written.get(term.term)
        if text is None or glossary.find_zh(term.term):
            continue
        known = [r for r in regional_readings(text, term.term) if glossary.find_zh(r)]
        if len(known) != 1:
            continue  # unknown, or two terms of the glossary: the term stays as it came
        term.term = known[0]
        term.hant = text if text not in traditional_forms(term.term) else None
    if len({t.term for t in entry.zh}) < len(entry.zh):
        _one_of_each(entry)


def _one_of_each(entry: Entry) -> None:
    """One term per spelling: a term stored in Traditional (千里馬計劃) comes back in
    Simplified beside its own Simplified synonym, and the entry, written with a term
    twice, was refused by the store as 'imported.yaml:3: term listed twice' (a file that
    does not exist). The first keeps its place; a Traditional form a later one carried
    becomes its hant when it has none."""
    for lang in ("zh", "en"):
        kept: dict[str, Term] = {}
        for term in entry.terms(lang):
            key = term.term.casefold() if lang == "en" else term.term
            first = kept.setdefault(key, term)
            if first is term:
                continue
            if first.hant is None and term.hant not in (None, first.term):
                first.hant = term.hant
        if len(kept) < len(entry.terms(lang)):
            setattr(entry, lang, list(kept.values()))


def _label(entry: Entry) -> str:
    return f"entry {entry.id or entry.headword}"


def _match(glossary: Glossary, item: Parsed) -> tuple[Entry | None, str | None]:
    """The glossary entry the imported one is about, or a reason it is ambiguous."""
    new = item.entry
    zh = {t.term for t in new.zh}
    same_term = {e.id: e for t in zh for e in glossary.find_zh(t)}
    known = glossary.get(new.id) if item.has_id else None
    if item.has_id and known is None:
        # A file that names its concepts (our own exports) means a new id as a concept of its
        # own, unless an entry here has the same headword (the same concept under another
        # id). Round trips lost an entry: 生态环境, headword of its own entry and an
        # admitted synonym in 绿色金融's, was merged into the latter as a conflict.
        same_term = {i: e for i, e in same_term.items() if e.headword == new.headword}
    if known is not None:
        if known.id in same_term:
            return known, None
        if not same_term and known.status in _REVIEWED:
            return None, (f"id {new.id!r} names a different Chinese term in the glossary "
                          f"({known.headword})")
    fits = [e for e in same_term.values() if not item.annotated or _compatible(e, new)]
    if len(fits) > 1:
        return None, ("matches several entries (" + ", ".join(sorted(e.id for e in fits)) +
                      "); give it their id or a subject")
    return (fits[0] if fits else None), None


def _compatible(old: Entry, new: Entry) -> bool:
    """Not two senses of one Chinese word (homographs differ in subject or definition)."""
    return all(getattr(old, k) is None or getattr(new, k) is None or
               getattr(old, k) == getattr(new, k) for k in ("subject", "definition"))


def _merge_one(glossary: Glossary, item: Parsed, report: ImportReport) -> None:
    existing, problem = _match(glossary, item)
    if problem:
        report.conflicts.append(Problem(report.file, item.line, problem, _label(item.entry)))
    elif existing is None:
        _add(glossary, item.entry, report)
    else:
        _update(existing, item, report)
        glossary.terms_changed(existing)  # _update may add Chinese terms in place


def _add(glossary: Glossary, entry: Entry, report: ImportReport) -> None:
    base = entry.id if ID_PATTERN.match(entry.id or "") else new_id(entry.headword)
    entry.id = glossary.unique_id(base)
    if entry.status is EntryStatus.APPROVED and entry.preferred("en") is None:
        entry.status = EntryStatus.CANDIDATE  # the schema forbids an approved entry without English
    glossary.add(entry, IMPORT_FILE)
    report.added.append(entry.id)


def _new_terms(old: list[Term], new: list[Term], default: TermStatus) -> list[Term]:
    have = {t.term.casefold() for t in old}
    out = []
    for term in new:
        if term.term.casefold() not in have:
            have.add(term.term.casefold())
            keep = term.status in (TermStatus.DEPRECATED, TermStatus.SUPERSEDED)
            out.append(Term(term.term, term.status if keep else default, term.type, term.hant,
                            term.note))
    return out


def _differences(old: Entry, item: Parsed) -> list[str]:
    """What the file says differently about things the glossary already records."""
    new, out = item.entry, []
    if item.has_status and new.status is not old.status:
        out.append(f"status {old.status.value} -> {new.status.value}")
    if item.annotated:
        out += [f"{k} differs" for k in _FIELDS
                if getattr(old, k) is not None and getattr(new, k) not in (None, getattr(old, k))]
    for lang in ("zh", "en") if item.term_status else ():
        mine = {t.term.casefold(): t for t in old.terms(lang)}
        for term in new.terms(lang):
            was = mine.get(term.term.casefold())
            if was is not None and was.status is not term.status:
                out.append(f"{lang} {term.term!r} {was.status.value} -> {term.status.value}")
    return out


def _update(old: Entry, item: Parsed, report: ImportReport) -> None:
    new = item.entry
    en = _new_terms(old.en, new.en, TermStatus.ADMITTED)
    zh = _new_terms(old.zh, new.zh, TermStatus.ADMITTED)
    fills = [k for k in _FIELDS if item.annotated and getattr(old, k) is None
             and getattr(new, k) is not None]
    seen = {(o.source, o.line, o.text) for o in old.occurrences}
    occurrences = [o for o in new.occurrences if (o.source, o.line, o.text) not in seen]
    diffs = _differences(old, item)
    additions = [f"new English {t.term!r}" for t in en] + [f"new Chinese {t.term!r}" for t in zh]
    additions += [f"{k} added" for k in fills] + (["new occurrences"] if occurrences else [])
    if not additions and not diffs:
        report.unchanged.append(old.id)
        return
    if old.status in _REVIEWED:
        report.conflicts.append(Problem(
            report.file, item.line, f"{old.status.value} entry left as it is; the file has: "
            + "; ".join(additions + diffs), f"entry {old.id}"))
        return
    if diffs:
        report.conflicts.append(Problem(report.file, item.line, "left for the editor: " +
                                        "; ".join(diffs), f"entry {old.id}"))
    if not additions:
        return
    old.en.extend(en)
    old.zh.extend(zh)
    old.occurrences.extend(occurrences)
    for key in fills:
        setattr(old, key, getattr(new, key))
    report.renderings += [(old.id, t.term) for t in en]
    report.updated.append(old.id)
    touch(old)
