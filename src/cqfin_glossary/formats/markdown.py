"""Markdown export: a readable glossary for people, sorted by pinyin, with statuses and notes."""

from __future__ import annotations

import re

from ..model import Entry, EntryStatus, TermStatus
from ..textnorm import UNSAFE
from .common import zh_out

# with "&": a definition that reads "&amp;" would otherwise show as "&" (an entity)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def md(text: str) -> str:
    """Text safe inside a Markdown line: markup characters escaped, controls dropped."""
    return _MD_SPECIAL.sub(r"\\\1", UNSAFE.sub("", text)).replace("\n", " ")


def _sort_key(entry: Entry) -> tuple[str, str]:
    from ..textnorm import pinyin_key, strip_tones, syllables

    head = entry.headword
    return (" ".join(strip_tones(s) for s in syllables(head)), pinyin_key(head) + head)


def _entry_block(entry: Entry, script: str) -> list[str]:
    from ..textnorm import pinyin

    head = entry.preferred("zh") or entry.zh[0]
    status = "" if entry.status is EntryStatus.APPROVED else f" *({entry.status.value})*"
    lines = [f"### {md(zh_out(head, script))} {md(pinyin(head.term))}{status}", ""]
    for term in sorted(entry.en, key=lambda t: list(TermStatus).index(t.status)):
        kind = f", {term.type}" if term.type else ""
        lines.append(f"- **{md(term.term)}** ({term.status.value}{kind})")
    for term in entry.zh:
        if term is not head:
            lines.append(f"- 中文 {md(zh_out(term, script))} ({term.status.value})")
    facts = [(label, value) for label, value in (
        ("Subject", entry.subject), ("Part of speech", entry.pos),
        ("Definition", entry.definition), ("Note", entry.note)) if value]
    if facts:
        lines.append("")
        lines += [f"{label}: {md(value)}  " for label, value in facts]
        lines[-1] = lines[-1].rstrip()
    lines.append("")
    return lines


def export(entries: list[Entry], script: str) -> str:
    if not entries:
        return "# Glossary\n\nNo entries.\n"
    ordered = sorted((e for e in entries if e.zh), key=_sort_key)
    out = ["# Glossary", "", f"{len(ordered)} entries, sorted by pinyin.", ""]
    letter = None
    for entry in ordered:
        first = (_sort_key(entry)[0][:1] or "#").upper()
        if first != letter:
            letter = first
            out += [f"## {md(letter)}", ""]
        out += _entry_block(entry, script)
    return "\n".join(out).rstrip("\n") + "\n"
