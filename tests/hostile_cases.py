"""The hostile inputs: bad glossary files, corpus files, import files, queries and arguments.

Each case is built in its own folder holding ``glossary/`` (a copy of the
shipped glossary) and the hostile file; ``argv`` is relative to that folder.
Big inputs are made at test time, and limits are lowered for the run (``patch``)
so that the code path of a 200 MB line is taken by a few megabytes.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Setup = Callable[[Path], None]
# One file of the shipped glossary (18 entries, 渝金盾 among them) is each case's glossary:
# small enough that 400 loads stay quick, real enough to be read as users' files are.
GLOSSARY_FILE = "chongqing-programmes.yaml"

ZH = ("重庆市推进西部金融中心建设，“渝金通”金融大脑上线。\n"
      "渝金盾风险大脑运行良好，西部陆海新通道持续推进。\n")
EN = "Chongqing advances the western financial centre.\nThe Yujindun risk brain runs well.\n"
SMALL_LIMITS = {"cqfin_glossary.textio.MAX_LINE_CHARS": 100_000,
                "cqfin_glossary.textio.MAX_TEXT_BYTES": 2_000_000,
                "cqfin_glossary.corpus.STREAM_BYTES": 300_000}


@dataclass
class Case:
    name: str
    argv: list[str]
    setup: Setup
    codes: tuple[int, ...] = (2,)
    names: str = ""           # what stderr (or stdout, for validate) must mention
    stdin: bytes | None = None
    lines: int = 1            # most stderr lines
    patch: dict[str, object] = field(default_factory=dict)
    writes: bool = False      # the glossary may change (a clean mine or import)
    guard: bool = False       # may end at the top-level guard (a parser's own gap, see below)


def write(rel: str, data: bytes | str) -> Setup:
    def setup(folder: Path) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return setup


def link(rel: str, target: str) -> Setup:
    def setup(folder: Path) -> None:
        os.symlink(target, folder / rel)
    return setup


def fifo(rel: str) -> Setup:
    def setup(folder: Path) -> None:
        os.mkfifo(folder / rel)
    return setup


def folder(rel: str) -> Setup:
    return lambda base: (base / rel).mkdir(parents=True)


def both(*setups: Setup) -> Setup:
    def setup(base: Path) -> None:
        for one in setups:
            one(base)
    return setup


def _big_line(size: int, unit: str = "金融") -> bytes:
    return (unit * (size // len(unit.encode()) + 1)).encode()[:size - size % 3]


CROSS_FILE = ("duplicate-id", "homograph")
# Files that are not a glossary at all (unreadable, special, not UTF-8, not YAML, not a list
# of entries): validate exits 2 for them and 1 for problems inside entries (README).
NOT_A_GLOSSARY = (
    "alias-collection", "alias-scalar", "bad-utf8", "billion-laughs", "binary", "custom-tag",
    "dangling", "deep-990", "deep-block", "deep-flow", "dev-urandom-link", "dev-zero-link",
    "duplicate-key", "fifo", "gbk", "huge-int", "link-loop", "link-outside", "many-docs",
    "mapping-top", "merge-key", "nul", "python-tag", "raw-esc", "scalar-top", "tabs-indent",
    "unclosed-quote", "utf16"
)
ENTRY = "- id: x{n}\n  status: candidate\n  zh:\n  - term: 测试{n}\n    status: preferred\n"

# Bad glossary files: (label, file name, setup)
BAD_GLOSSARY: list[tuple[str, str, Setup]] = [
    ("dev-zero-link", "zero.yaml", link("glossary/zero.yaml", "/dev/zero")),
    ("dev-urandom-link", "random.yaml", link("glossary/random.yaml", "/dev/urandom")),
    ("fifo", "pipe.yaml", fifo("glossary/pipe.yaml")),
    ("dangling", "gone.yaml", link("glossary/gone.yaml", "nowhere.yaml")),
    ("link-outside", "outside.yaml", both(write("elsewhere/o.yaml", ENTRY.format(n=1)),
                                           link("glossary/outside.yaml", "../elsewhere/o.yaml"))),
    ("link-loop", "loop.yaml", link("glossary/loop.yaml", "loop.yaml")),
    ("binary", "bin.yaml", write("glossary/bin.yaml", bytes(range(256)) * 4)),
    ("nul", "nul.yaml", write("glossary/nul.yaml", ENTRY.format(n=1) + "\x00")),
    ("utf16", "u16.yaml", write("glossary/u16.yaml", codecs.BOM_UTF16_LE
                                + ENTRY.format(n=1).encode("utf-16-le"))),
    ("gbk", "gbk.yaml", write("glossary/gbk.yaml", ENTRY.format(n=1).encode("gbk"))),
    ("bad-utf8", "badu8.yaml", write("glossary/badu8.yaml", b"- id: a\xff\xfe\n")),
    ("raw-esc", "esc.yaml", write("glossary/esc.yaml", ENTRY.format(n=1).replace("测试1",
                                                                               "测\x1b[31m试"))),
    ("bidi", "bidi.yaml", write("glossary/bidi.yaml", ENTRY.format(n=1).replace("测试1",
                                                                              "测\u202e试"))),
    ("tab-in-term", "tab.yaml", write("glossary/tab.yaml", ENTRY.format(n=1).replace(
        "term: 测试1", 'term: "测\\t试"'))),
    ("python-tag", "tag.yaml", write("glossary/tag.yaml",
                                     "- !!python/object/apply:os.system ['true']\n")),
    ("custom-tag", "ctag.yaml", write("glossary/ctag.yaml", "- id: !secret a\n")),
    ("alias-collection", "alias.yaml", write(
        "glossary/alias.yaml", "- &a {id: a1, status: candidate, zh: [{term: 甲}]}\n- *a\n")),
    ("alias-scalar", "salias.yaml", write(
        "glossary/salias.yaml", ENTRY.format(n=1).replace("id: x1", "id: &i x1")
        + "  note: *i\n")),
    ("billion-laughs", "laughs.yaml", write("glossary/laughs.yaml", "a: &a [x,x,x,x,x,x,x]\n"
                                            + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
                                                      for p, c in zip("abcdefgh", "bcdefghi",
                                                                      strict=True)))),
    ("merge-key", "merge.yaml", write("glossary/merge.yaml",
                                      "- &b {id: m1, status: candidate}\n- <<: *b\n  id: m2\n")),
    ("deep-flow", "deep.yaml", write("glossary/deep.yaml", "[" * 5000 + "]" * 5000)),
    ("deep-990", "deep990.yaml", write("glossary/deep990.yaml", "[" * 990 + "]" * 990)),
    ("deep-block", "block.yaml", write("glossary/block.yaml", "".join(
        " " * i + "- \n" for i in range(0, 4000, 2)))),
    ("duplicate-key", "dupkey.yaml", write("glossary/dupkey.yaml",
                                           ENTRY.format(n=1) + "  status: approved\n")),
    ("duplicate-id", "dupid.yaml", write("glossary/dupid.yaml",
                                         "- id: yujintong\n  status: candidate\n"
                                         "  zh:\n  - term: 另一个\n    status: preferred\n")),
    ("huge-int", "hint.yaml", write("glossary/hint.yaml", ENTRY.format(n=1) + "  line: "
                                    + "9" * 6000 + "\n")),
    ("unclosed-quote", "quote.yaml", write("glossary/quote.yaml", '- id: "abc\n')),
    ("tabs-indent", "tabs.yaml", write("glossary/tabs.yaml", "- id: a\n\tstatus: x\n")),
    ("scalar-top", "scalar.yaml", write("glossary/scalar.yaml", "just text\n")),
    ("mapping-top", "map.yaml", write("glossary/map.yaml", "id: a\nstatus: candidate\n")),
    ("wrong-types", "types.yaml", write("glossary/types.yaml", "- id: [1, 2]\n  status: 7\n")),
    ("bad-status", "status.yaml", write("glossary/status.yaml",
                                        ENTRY.format(n=1).replace("candidate", "maybe"))),
    ("unknown-key", "ukey.yaml", write("glossary/ukey.yaml",
                                       ENTRY.format(n=1) + "  colour: red\n")),
    ("homograph", "homo.yaml", write("glossary/homo.yaml", ENTRY.format(n=1) + ENTRY.format(
        n=1).replace("id: x1", "id: y1"))),
    ("long-line", "long.yaml", write("glossary/long.yaml", "- id: " + "a" * 3_000_000 + "\n")),
    ("many-docs", "docs.yaml", write("glossary/docs.yaml", "--- []\n--- []\n")),
    ("crlf-mixed", "crlf.yaml", write("glossary/crlf.yaml", "- id: a\r  status: x\r\n")),
    ("control-id", "cid.yaml", write("glossary/cid.yaml",
                                     ENTRY.format(n=1).replace("x1", '"x\\x07"'))),
]


def _file_cases() -> list[Case]:
    """Every command that reads the glossary, given each bad glossary file."""
    cases = []
    good_import = write("in.tsv", "财政\tfinance\n")
    good_corpus = write("c.txt", ZH * 3)
    for label, name, setup in BAD_GLOSSARY:
        cases += [
            Case(f"glossary-validate/{label}", ["validate"], setup,
                 (2,) if label in NOT_A_GLOSSARY else (1,), name, lines=0),
            # lookup reads file by file: problems between files are for validate to find; a
            # file it had to skip makes its answer incomplete, so it exits 2 (README)
            Case(f"glossary-lookup/{label}", ["lookup", "渝金盾"], setup,
                 (0,) if label in CROSS_FILE else (2,),
                 "" if label in CROSS_FILE else name, lines=2),
            Case(f"glossary-import/{label}", ["import", "in.tsv"], both(setup, good_import), (2,),
                 name),
            Case(f"glossary-export/{label}", ["export", "-f", "tsv"], setup, (2,), name),
            Case(f"glossary-mine/{label}", ["mine", "c.txt", "-q"], both(setup, good_corpus),
                 (2,), name),
            Case(f"glossary-annotate/{label}", ["annotate", "c.txt"], both(setup, good_corpus),
                 (2,), name),
        ]
    return cases


def _corpus_files() -> list[tuple[str, str, Setup, dict[str, object]]]:
    """Bad corpus files: (label, file name, setup, limits to patch)."""
    big = {"cqfin_glossary.textio.MAX_LINE_CHARS": 100_000}
    return [
        ("dev-zero", "zero.txt", link("zero.txt", "/dev/zero"), {}),
        ("fifo", "pipe.txt", fifo("pipe.txt"), {}),
        ("dangling", "gone.txt", link("gone.txt", "nowhere"), {}),
        ("binary", "bin.txt", write("bin.txt", bytes(range(256)) * 64), {}),
        ("empty", "empty.txt", write("empty.txt", b""), {}),
        ("spaces", "blank.txt", write("blank.txt", b" \n\t\n" * 10), {}),
        ("bad-utf16", "u16.txt", write("u16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8" * 5),
         {}),
        ("mixed-encodings", "mixed.txt", write("mixed.txt", ZH.encode() + ZH.encode("gb18030")
                                               + b"\xff\xff\x80\n"), {}),
        ("long-line", "long.txt", write("long.txt", _big_line(400_000)), big),
        ("long-line-streamed", "longs.txt", write("longs.txt", _big_line(700_000)),
         {**big, "cqfin_glossary.corpus.STREAM_BYTES": 300_000}),
        ("too-big-html", "huge.html", write("huge.html", ZH.encode() * 2000),
         {"cqfin_glossary.corpus.MAX_HTML_BYTES": 100_000}),
        ("html-lt-flood", "lt.html", write("lt.html", "<" * 2_000_000), {}),
        ("html-backtrack", "bt.html", write("bt.html", "<script" + " <a" * 300_000), {}),
        ("html-comment-open", "com.html", write("com.html", "<!--" * 300_000), {}),
        ("html-attr-flood", "attr.html", write("attr.html", "<a " + 'b="' * 300_000), {}),
        ("html-only-tags", "tags.html", write("tags.html", "<p></p>" * 1000), {}),
        ("json-deep", "deep.json", write("deep.json", "[" * 100_000 + "]" * 100_000), {}),
        ("jsonl-deep", "deep.jsonl", write("deep.jsonl", '{"zh":' + "[" * 100_000 + "]" * 100_000
                                           + "}\n"), {}),
        ("json-huge-int", "int.json", write("int.json", '[{"zh": ' + "9" * 5000 + "}]"), {}),
        ("jsonl-huge-int", "int.jsonl", write("int.jsonl", '{"zh": ' + "9" * 5000 + "}\n"), {}),
        ("json-broken", "broken.json", write("broken.json", '[{"zh": "金融", '), {}),
        ("json-not-objects", "nums.json", write("nums.json", "[1, 2, 3]"), {}),
        ("jsonl-nan", "nan.jsonl", write("nan.jsonl", '{"zh": NaN, "en": Infinity}\n'), {}),
        ("tsv-one-column", "one.tsv", write("one.tsv", "只有一列\n" * 5), {}),
        ("po-names-a-file", "path.po", both(write("secret.txt", "机密内容"),
                                            write("path.po", "secret.txt")), {}),
        ("po-names-abs-file", "abs.po", write("abs.po", "/etc/hostname"), {}),
        ("po-broken", "broken.po", write("broken.po", 'msgid "a\nmsgstr "b"\n'), {}),
        ("po-binary", "bin.po", write("bin.po", b'msgid ""\x00\x01\x02\n'), {}),
        ("surrogate-name", "bad\udcffname.txt", write("bad\udcffname.txt", b"\x00\x01" * 100), {}),
        ("esc-name", "esc\x1bname.txt", write("esc\x1bname.txt", b"\x00\x01" * 100), {}),
        ("aligned-mismatch", "a.zh.txt", both(write("a.zh.txt", ZH), write("a.en.txt", "one\n")),
         {}),
        *_xml_files(),
    ]


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "金融金融金融金融">'
          + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True))
          + ']>\n<tmx><body><tu><tuv xml:lang="zh"><seg>&i;</seg></tuv></tu></body></tmx>\n')


def _xml_files() -> list[tuple[str, str, Setup, dict[str, object]]]:
    """Bad XLIFF and TMX files, which both mine and check read."""
    unit = '<trans-unit id="1"><source>渝金盾</source><target>risk brain</target></trans-unit>'
    return [
        ("xliff-binary", "bin.xlf", write("bin.xlf", b"\x89PNG\r\n" + bytes(range(256)) * 64), {}),
        ("xliff-unclosed", "open.xlf",
         write("open.xlf", f'<xliff version="1.2"><file><body>{unit}'), {}),
        ("tmx-laughs", "lol.tmx", write("lol.tmx", LAUGHS), {}),
        ("xliff-xxe", "xxe.xlf", write("xxe.xlf", '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e '
                                       'SYSTEM "file:///etc/hostname">]>\n<xliff version="1.2">'
                                       '<file><body><trans-unit id="1"><source>&e;</source>'
                                       '</trans-unit></body></file></xliff>\n'), {}),
        ("tmx-deep", "deep.tmx", write("deep.tmx", "<tmx>" + "<a>" * 100_000 + "</a>" * 100_000
                                       + "</tmx>"), {}),
        ("xliff-gbk", "gbk.xlf", write("gbk.xlf", f'<?xml version="1.0" encoding="UTF-8"?>\n'
                                       f'<xliff version="1.2"><file><body>{unit}</body></file>'
                                       "</xliff>\n".encode("gbk")), {}),
        ("xliff-too-big", "big.xlf", write("big.xlf", '<xliff version="1.2"><file><body>'
                                           + unit * 2000 + "</body></file></xliff>"),
         {"cqfin_glossary.segments_xml.MAX_IMPORT_BYTES": 100_000}),
        ("xliff-not-xliff", "html.xlf", write("html.xlf", "<html><body>渝金盾</body></html>"), {}),
    ]


XML_HOSTILE = tuple(label for label, *_ in _xml_files())


TEXT_HOSTILE = ("dev-zero", "fifo", "dangling", "binary", "bad-utf16", "mixed-encodings",
                "long-line", "long-line-streamed", "surrogate-name", "esc-name")


# Odd but usable corpora, mined rather than refused: a one-column TSV is a list of Chinese
# records; a pair whose English cannot be its translation is mined as monolingual with a
# warning naming the file (issue 10's bad parallel input).
MINED_ANYWAY = ("tsv-one-column", "aligned-mismatch")


def _corpus_cases() -> list[Case]:
    cases = []
    for label, name, setup, patch in _corpus_files():
        shown = name.replace("\udcff", "\\xff").replace("\x1b", "\\x1b")
        mined = label in MINED_ANYWAY
        cases.append(Case(f"corpus-mine/{label}", ["mine", name, "-q"], setup,
                          (0, 1) if mined else (2,), shown, patch=patch, writes=mined))
        if label in XML_HOSTILE:  # check reads them as bilingual files
            cases.append(Case(f"corpus-check/{label}", ["check", name], setup, (2,), shown,
                              patch=patch))
        if label in TEXT_HOSTILE:  # annotate and check read any file as text
            cases.append(Case(f"corpus-annotate/{label}", ["annotate", name], setup, (2,), shown,
                              patch=patch))
            cases.append(Case(f"corpus-check/{label}", ["check", name, name], setup, (2,), shown,
                              patch=patch))
    return cases


def _check_cases() -> list[Case]:
    """Bad single-file inputs of ``check``: JSONL, TSV and PO."""
    files = [
        ("jsonl-deep", "d.jsonl", '{"zh": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        ("jsonl-huge-int", "i.jsonl", '{"zh": "金融", "en": ' + "9" * 5000 + "}\n"),
        ("jsonl-not-object", "n.jsonl", "[1, 2]\n"),
        ("jsonl-no-fields", "f.jsonl", '{"a": 1}\n'),
        ("jsonl-non-string", "s.jsonl", '{"zh": 1, "en": 2}\n'),
        ("jsonl-broken", "b.jsonl", '{"zh": "金融", "en": \n'),
        ("tsv-short-row", "r.tsv", "zh\ten\n金融\n"),
        ("po-path", "p.po", "/etc/hostname"),
        ("po-unterminated", "t.po", 'msgid "金融\nmsgstr "finance"\n'),
        ("po-binary", "x.po", 'msgid "\x00\x01"\n'),
        ("unknown-suffix", "what.xyz", "金融\tfinance\n"),
        ("gbk-jsonl", "g.jsonl", '{"zh": "金融", "en": "finance"}\n'.encode("gbk") + b"\xff\n"),
    ]
    cases = [Case(f"check/{label}", ["check", name], write(name, data), (2,), name)
             for label, name, data in files]
    cases.append(Case("check/jsonl-surrogate-escape", ["check", "u.jsonl"],
                      write("u.jsonl", '{"zh": "\\udcff", "en": "x"}\n'), (0, 1)))
    small = {"cqfin_glossary.textio.MAX_DOCUMENT_BYTES": 100_000}
    cases.append(Case("annotate/too-big", ["annotate", "big.txt"],
                      write("big.txt", ZH.encode() * 2000), (2,), "big.txt", patch=small))
    cases.append(Case("check/too-big", ["check", "big.txt", "t.txt"],
                      both(write("big.txt", ZH.encode() * 2000), write("t.txt", EN * 2000)), (2,),
                      "big.txt", patch=small))
    secret = 'msgid "秘密"\nmsgstr "secret"\n'
    cases.append(Case("check/po-names-a-po-file", ["check", "p.po"],
                      both(write("secret.po", secret), write("p.po", "secret.po")), (2,), "p.po"))
    cases.append(Case("corpus-mine/po-names-a-po-file", ["mine", "p.po", "-q"],
                      both(write("secret.po", secret * 3), write("p.po", "secret.po")), (2,),
                      "p.po"))
    cases.append(Case("check/misaligned", ["check", "s.txt", "t.txt"],
                      both(write("s.txt", ZH), write("t.txt", "one\n")), (2,), "t.txt"))
    cases.append(Case("check/two-long-lines", ["check", "s.txt", "t.txt"],
                      both(write("s.txt", _big_line(300_000) + b"\n" + _big_line(300_000)),
                           write("t.txt", b"a" * 300_000 + b"\n" + b"b" * 300_000)), (2,), "t.txt",
                      patch={"cqfin_glossary.textio.MAX_LINE_CHARS": 100_000}))
    return cases


def _stdin_cases() -> list[Case]:
    nothing = write("none.txt", "")
    big = {"cqfin_glossary.textio.MAX_LINE_CHARS": 100_000}
    queries = [
        ("invalid-utf8", b"\xff\xfe\xfd\n", ""),
        ("gbk", "渝金盾\n".encode("gbk"), ""),
        ("huge-query", "渝".encode() * 400_000, "<stdin>"),
        ("long-query", b"a" * 100_000 + b"\n", "<stdin>"),
        ("nul", b"\x00\x00\n", "<stdin>"),
        ("binary", bytes(range(256)) * 100, "<stdin>"),
        ("utf16", codecs.BOM_UTF16_LE + "渝金盾\n".encode("utf-16-le"), ""),
    ]
    cases = []
    for label, data, shown in queries:
        # Standard input is decoded as files are: UTF-8, UTF-16 by its BOM, or GB18030.
        codes = (0, 1, 2) if label in ("invalid-utf8", "gbk", "utf16") else (2,)
        cases.append(Case(f"lookup-stdin/{label}", ["lookup", "-"], nothing, codes, shown,
                          stdin=data))
        cases.append(Case(f"lookup-stdin-json/{label}", ["lookup", "--json", "-"], nothing,
                          codes, shown, stdin=data))
        cases.append(Case(f"annotate-stdin/{label}", ["annotate", "-"], nothing, (0, 1, 2), "",
                          stdin=data, lines=1, patch=big))
    cases.append(Case("annotate-stdin/long-line", ["annotate", "-"], nothing, (2,), "<stdin>",
                      stdin=_big_line(400_000), patch=big))
    cases.append(Case("annotate-stdin/too-big", ["annotate", "-"], nothing, (2,), "<stdin>",
                      stdin=ZH.encode() * 5000,
                      patch={"cqfin_glossary.textio.MAX_DOCUMENT_BYTES": 100_000}))
    return cases


def _argv_cases() -> list[Case]:
    nothing = write("none.txt", "")
    queries = [
        ("surrogate", "\udcff\udcfe"), ("half-surrogate", "渝\udce9"), ("long", "金" * 100_000),
        ("empty", ""), ("spaces", "   "), ("esc", "\x1b[2J\x1b[31m"), ("bidi", "\u202e渝金盾"),
        ("nul-like", "\x01\x02"), ("newlines", "\n\n\n"),
    ]
    cases = []
    for label, query in queries:
        codes = (0, 1, 2) if label in ("esc", "bidi", "nul-like") else (2,)
        cases.append(Case(f"lookup-argv/{label}", ["lookup", query], nothing, codes, ""))
        cases.append(Case(f"lookup-argv-json/{label}", ["lookup", "--json", query], nothing,
                          codes, ""))
    for command in (["annotate"], ["check"], ["mine", "-q"], ["import"]):
        cases.append(Case(f"{command[0]}/missing-surrogate-path",
                          [*command, "no\udcffsuch.txt"], nothing, (2,), "no\\xffsuch.txt"))
        cases.append(Case(f"{command[0]}/folder-as-file", [*command, "glossary"], nothing,
                          (2,) if command[0] != "mine" else (1, 2), ""))
    cases.append(Case("glossary-is-a-file", ["--glossary", "none.txt", "validate"], nothing,
                      (2,), "none.txt"))
    cases.append(Case("glossary-missing", ["--glossary", "nope", "lookup", "x"], nothing, (2,),
                      "nope"))
    cases.append(Case("glossary-surrogate", ["--glossary", "g\udcff", "export", "-f", "po"],
                      nothing, (2,), "g\\xff"))
    return cases


# Escapes, entries and messages inside a format's parser (developer i12's part of this
# work): held here to the guard's contract only, a clean exit and no traceback.
FORMAT_LEVEL = ("po-control", "po-bad-escape-U", "po-surrogate", "po-no-status", "po-duplicate",
                "json-huge-int", "tbx-utf16-bom", "tsv-control", "unknown-suffix", "empty-po")


def _import_cases() -> list[Case]:
    """Bad import files: the format parsers' own checks, behind the one-line contract."""
    entry = "msgid \"金融\"\nmsgstr \"finance\"\n\n"
    files: list[tuple[str, str, bytes | str]] = [
        ("po-path", "p.po", "/etc/hostname"),
        ("po-binary", "b.po", b"\x00\x01\x02msgid"),
        ("po-gbk", "g.po", entry.encode("gbk")),
        ("po-unterminated", "u.po", 'msgid "金融\nmsgstr "x"\n'),
        ("po-control", "c.po", 'msgid "金\\x1b融"\nmsgstr "x"\n'),
        ("po-bad-escape-U", "e.po", 'msgid "\\UFFFFFFFF"\nmsgstr "x"\n'),
        ("po-surrogate", "s.po", 'msgid "\\ud800"\nmsgstr "x"\n'),
        ("po-no-status", "n.po", "#. definition only\nmsgid \"金融\"\nmsgstr \"finance\"\n"),
        ("po-duplicate", "d.po", entry + entry),
        ("tbx-xxe", "x.tbx", '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY e SYSTEM '
                             '"file:///etc/passwd">]><tbx>&e;</tbx>'),
        ("tbx-broken", "t.tbx", "<tbx><text><body><conceptEntry>"),
        ("tbx-binary", "b.tbx", b"\x00" * 100),
        ("tbx-deep", "d.tbx", "<tbx>" + "<a>" * 100_000 + "</a>" * 100_000 + "</tbx>"),
        ("tbx-utf16-bom", "w.tbx", codecs.BOM_UTF16_LE + '<?xml version="1.0" encoding="UTF-16"?>'
         '<tbx type="TBX-Basic"><text><body/></text></tbx>'.encode("utf-16-le")),
        ("json-deep", "d.json", "[" * 100_000 + "]" * 100_000),
        ("json-huge-int", "i.json", '[{"id": "a", "line": ' + "9" * 5000 + "}]"),
        ("json-not-list", "n.json", '"text"'),
        ("jsonl-deep", "d.jsonl", "[" * 100_000 + "]" * 100_000 + "\n"),
        ("csv-binary", "b.csv", b"\x00\xff" * 100),
        ("csv-huge-field", "h.csv", "zh,en\n" + "金" * 3_000_000 + ",x\n"),
        ("tsv-control", "c.tsv", "金\x1b融\tfinance\n"),
        ("tsv-gbk", "g.tsv", "金融\tfinance\n".encode("gbk") + b"\xff\xff\n"),
        ("unknown-suffix", "x.doc", "金融\tfinance\n"),
        ("empty-po", "e.po", ""),
        ("dev-zero", "z.po", b""),
    ]
    cases = [Case(f"import/{label}", ["import", name], write(name, data), (1, 2), name)
             if label not in FORMAT_LEVEL else
             Case(f"import/{label}", ["import", name], write(name, data), (0, 1, 2), "",
                  writes=True, guard=True)
             for label, name, data in files if label != "dev-zero"]
    cases.append(Case("import/dev-zero", ["import", "z.po"], link("z.po", "/dev/zero"), (2,),
                      "z.po"))
    cases.append(Case("import/fifo", ["import", "f.tsv"], fifo("f.tsv"), (2,), "f.tsv"))
    cases.append(Case("import/dev-zero-explicit", ["import", "/dev/zero", "-f", "tsv"],
                      write("none", ""), (2,), "/dev/zero"))
    return cases


def _folder_cases() -> list[Case]:
    """Corpus folders holding special files: they are skipped with a line, the rest is mined,
    and the exit status says that something was left out."""
    good = write("corpus/good.txt", ZH * 3)
    specials = [
        ("fifo", fifo("corpus/p.txt"), "p.txt"),
        ("dev-zero", link("corpus/z.txt", "/dev/zero"), "z.txt"),
        ("outside-link", both(write("secret.txt", ZH), link("corpus/s.txt", "../secret.txt")),
         "s.txt"),
        ("dangling", link("corpus/d.txt", "nowhere.txt"), "d.txt"),
        ("dir-link-loop", link("corpus/loop", "."), ""),
    ]
    return [Case(f"mine-folder/{label}", ["mine", "corpus", "-q", "--dry-run", "--min-freq", "1"],
                 both(good, setup), (0, 1) if label == "dir-link-loop" else (2,), shown, lines=2)
            for label, setup, shown in specials]


def all_cases() -> list[Case]:
    cases = (_file_cases() + _corpus_cases() + _check_cases() + _stdin_cases() + _argv_cases()
             + _import_cases() + _folder_cases())
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def as_request(case: Case, cwd: Path, out: Path, err: Path) -> str:
    stdin = None
    if case.stdin is not None:
        stdin = str(cwd.parent / f"{cwd.name}.stdin")
        Path(stdin).write_bytes(case.stdin)
    return json.dumps({"argv": case.argv, "cwd": str(cwd), "stdin": stdin, "out": str(out),
                       "err": str(err), "patch": {**SMALL_LIMITS, **case.patch}, "timeout": 30})
