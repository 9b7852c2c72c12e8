"""Glossary.find_zh through its term index: the same answers as a scan, after any change."""

from __future__ import annotations

from pathlib import Path

from cqfin_glossary import store
from cqfin_glossary.model import Entry, Term


def _scan(glossary: store.Glossary, term: str) -> list[str]:
    return sorted(e.id for e in glossary if any(t.term == term for t in e.zh))


def _found(glossary: store.Glossary, term: str) -> list[str]:
    return sorted(e.id for e in glossary.find_zh(term))


def test_find_zh_follows_every_change(glossary_dir: Path) -> None:
    glossary = store.load(glossary_dir)
    terms = sorted({t.term for e in glossary for t in e.zh})
    assert all(_found(glossary, t) == _scan(glossary, t) for t in terms)
    glossary.add(Entry("twin", zh=[Term("渝金盾")], subject="other"))
    assert _found(glossary, "渝金盾") == ["twin", "yujindun"]
    glossary.remove("twin")
    assert _found(glossary, "渝金盾") == ["yujindun"]
    replaced = Entry("yujindun", zh=[Term("渝金盾平台")])
    glossary.replace(replaced)
    assert _found(glossary, "渝金盾") == [] and _found(glossary, "渝金盾平台") == ["yujindun"]
    replaced.zh.append(Term("金盾"))  # changed in place, as an import does, then announced
    glossary.terms_changed(replaced)
    assert _found(glossary, "金盾") == ["yujindun"]
    replaced.zh.pop()  # a dropped term is never found, announced or not
    assert _found(glossary, "金盾") == []
    assert all(_found(glossary, t) == _scan(glossary, t) for t in terms)
