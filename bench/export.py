"""Export speed: 100,000 synthetic entries to PO and to TBX, as ratios against bare polib and lxml.

Run: python bench/export.py [N] [--runs 5]   (default 100,000 entries)

Our figure is always the whole export (glossary entries in, text out). Baselines,
measured in the same process on the same entries, interleaved with ours (A B A B,
median of at least 5 pairs, CPU seconds; bench/floor.py):
  PO   polib alone: POEntry objects made from ready fields, then str(POFile);
       and str(POFile) of the ready POFile on its own (serialisation only).
  TBX  lxml alone: the same tree built with bare SubElement calls, then tostring;
       and tostring of a ready tree on its own (serialisation only).
Target: <= 1.5x.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import compare, show

from cqfin_glossary.formats import export_glossary, po, tbx
from cqfin_glossary.model import Entry, EntryStatus, Occurrence, Term, TermStatus

HANZI = "渝金盾通惠畅千里马西部陆海新通道融资银行保险证券基金债券市场跨境结算数字人民币"


def synthetic(n: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        zh = "".join(rng.choice(HANZI) for _ in range(rng.randint(2, 6))) + str(i)
        out.append(Entry(
            id=f"e{i}", status=EntryStatus.APPROVED if i % 4 else EntryStatus.CANDIDATE,
            zh=[Term(zh)], en=[Term(f"term {i} preferred"),
                               Term(f"term {i} short", TermStatus.ADMITTED, "shortForm")],
            subject="digital finance", pos="noun",
            definition=f"Definition of concept number {i}, a financial programme.",
            occurrences=[Occurrence("seeds/002.txt", i % 50, f'The "{zh}" programme line')],
        ))
    return out


def bare_po(rows: list[tuple[str, str, str, list[tuple[str, str]], list[str]]]) -> str:
    """polib alone: POEntry objects from ready-made fields, then polib's serialisation."""
    import polib

    pofile = polib.POFile(wrapwidth=0)
    for msgid, msgstr, comment, occurrences, flags in rows:
        pofile.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment=comment,
                                    occurrences=occurrences, flags=flags))
    return str(pofile)


def bare_tbx(entries: list[Entry]) -> str:
    """lxml alone: the same TBX tree built with plain SubElement calls, then tostring."""
    ns = "{urn:iso:std:iso:30042:ed-2}"
    sub = etree.SubElement
    root = etree.Element(ns + "tbx", {"type": "TBX-Basic", "style": "dca"},
                         nsmap={None: ns[1:-1]})
    body = sub(sub(root, ns + "text"), ns + "body")
    for e in entries:
        concept = sub(body, ns + "conceptEntry", id=e.id)
        sub(concept, ns + "descrip", type="subjectField").text = e.subject
        sub(concept, ns + "note").text = "cqfin-status: " + e.status.value
        for lang, terms in (("zh-Hans", e.zh), ("en", e.en)):
            sec = sub(concept, ns + "langSec", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
            if lang == "en":
                sub(sec, ns + "descrip", type="definition").text = e.definition
            for i, t in enumerate(terms):
                ts = sub(sec, ns + "termSec")
                sub(ts, ns + "term").text = t.term
                sub(ts, ns + "termNote", type="administrativeStatus").text = t.status.value
                sub(ts, ns + "termNote", type="partOfSpeech").text = e.pos
                if t.type:
                    sub(ts, ns + "termNote", type="termType").text = t.type
                if lang != "en" and i == 0:
                    for o in e.occurrences:
                        grp = sub(ts, ns + "descripGrp")
                        sub(grp, ns + "descrip", type="context").text = o.text
                        sub(grp, ns + "admin", type="source").text = f"{o.source}:{o.line}"
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="interleaved pairs (at least 5)")
    args = parser.parse_args()
    entries = synthetic(args.n)
    print(f"{args.n:,} entries")
    pofile = po.build(entries, "hans")
    rows = [(u.msgid, u.msgstr, u.comment, u.occurrences, u.flags) for u in pofile]

    def ours_po() -> str:
        return export_glossary(entries, "po", status="all")

    def ours_tbx() -> str:
        return export_glossary(entries, "tbx", status="all")

    show("PO export", compare(ours_po, lambda: bare_po(rows), args.runs),
         "polib: POEntry objects + str(POFile)", 1.5)
    show("PO export", compare(ours_po, lambda: str(pofile), args.runs),
         "polib: str(POFile) of a ready POFile only", 1.5)
    tree = etree.fromstring(tbx.export(entries, "hans", 3).encode("utf-8"))
    show("TBX v3 export", compare(ours_tbx, lambda: bare_tbx(entries), args.runs),
         "lxml: SubElement tree + tostring", 1.5)
    show("TBX v3 export", compare(ours_tbx, lambda: etree.tostring(
        tree, encoding="unicode", pretty_print=True), args.runs),
         "lxml: tostring of a ready tree only", 1.5)


if __name__ == "__main__":
    main()
