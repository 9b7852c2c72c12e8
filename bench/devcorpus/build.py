"""Rebuild the development corpus (bench/devcorpus/) from the public repositories it comes from.

usage: python bench/devcorpus/build.py [--mirror DIR] [--out DIR]

Each source is a public GitHub repository read through git (``git show``) from a
bare snapshot under --mirror (one folder per repository named ``owner+name``,
holding ``repo/`` as the search tool's ``fetch`` lays it out); nothing is taken
from the network here. SOURCES.md says where every file comes from.

Parallel pairs are written as NAME.zh.txt + NAME.en.txt, one paragraph a line,
aligned by document (chapter) only: sentences are joined back into the
paragraphs of the published text and nothing below a chapter is paired up.
The national reports are parallel for 2016-2022 (a blog's copy of China Daily's
bilingual text) and 2024-2026 (a sentence table); 2023 is Chinese only
(Wikisource), and no report is written twice.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHAPTER = re.compile("^[一二三四五六七八九十]+、")
_CN_NUM = "一二三四五六七八九十"


def git_show(mirror: Path, repo: str, path: str) -> bytes:
    """The bytes of ``path`` at HEAD of the snapshot of ``repo``."""
    gitdir = mirror / repo.replace("/", "+") / "repo"
    if (gitdir / ".git").is_dir():
        gitdir = gitdir / ".git"
    out = subprocess.run(["git", f"--git-dir={gitdir}", "show", f"HEAD:{path}"],
                         capture_output=True, check=True)
    return out.stdout


def write(folder: Path, name: str, lines: list[str]) -> int:
    """Write one paragraph a line; returns the number of characters written."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(line.strip() for line in lines if line.strip()) + "\n"
    (folder / name).write_text(text, encoding="utf-8")
    return len(text)


# --- national Government Work Reports with their official English (sentence table) ---

def _report_rows(mirror: Path, year: int) -> list[dict[str, str]]:
    raw = git_show(mirror, "YaaaFei/gov-work-report-corpus-demo",
                   f"data/04_{year}_auto_usable_parallel.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw)))


def _paragraphs(rows: list[dict[str, str]], column: str, joiner: str) -> list[str]:
    """Join the sentences of each source paragraph (file line) back into one line."""
    paras: list[str] = []
    last = None
    for row in rows:
        text = row[column].strip()
        if row["原始中文"].startswith("（来源："):  # the news site's credit line, not the report
            continue
        if row["年度文件内行号"] != last:
            paras.append(text)
            last = row["年度文件内行号"]
        elif text:
            paras[-1] = paras[-1] + joiner + text if paras[-1] else text
    return paras


def national_reports(mirror: Path, out: Path) -> Iterator[tuple[str, int, int]]:
    """One pair per chapter (一、 … / I. …) of the 2024, 2025 and 2026 reports."""
    for year in (2024, 2025, 2026):
        rows = _report_rows(mirror, year)
        chapters: list[list[dict[str, str]]] = [[]]
        for row in rows:
            # the opening lines before chapter 一 stay with it
            if _CHAPTER.match(row["原始中文"]) and not row["原始中文"].startswith("一、"):
                chapters.append([])
            chapters[-1].append(row)
        for number, chapter in enumerate(chapters, 1):
            name = f"gov-work-report-{year}-{number}"
            zh = write(out / "parallel", f"{name}.zh.txt", _paragraphs(chapter, "原始中文", ""))
            en = write(out / "parallel", f"{name}.en.txt", _paragraphs(chapter, "原始英文", " "))
            yield name, zh, en


# --- national Government Work Reports 2016-2022, bilingual blog posts (one paragraph a line) ---

BLOG = "liujunyi271828/liujunyi271828.github.io"
BLOG_POSTS = {
    2016: "_posts/2020-02-06-2016-report-on-the-work-of-the-government.md",
    2017: "_posts/2020-02-06-2017-report-on-the-work-of-the-government.md",
    2018: "_posts/2020-02-06-2018-report-on-the-work-of-the-government.md",
    2019: "_posts/2020-02-06-2019-report-on-the-work-of-the-government.md",
    2020: "_posts/2022-03-02-2020-report-on-the-work-of-the-government.md",
    2021: "_posts/2022-03-02-2021-report-on-the-work-of-the-government.md",
    2022: "_posts/2022-03-26-2022-report-on-the-work-of-the-government.md",
}
_CJK = re.compile("[\u4e00-\u9fff]")
_TAG = re.compile("<[^>]+>")


def _segments(line: str) -> list[str]:
    """The text pieces of one Markdown line, split at <br/>, markup and &nbsp; gone."""
    pieces = []
    for piece in line.split("<br/>"):
        text = html.unescape(_TAG.sub(" ", piece)).replace("**", "")
        pieces.append(" ".join(text.split()))
    return pieces


def _blog_units(text: str) -> list[tuple[list[str], list[str]]]:
    """(Chinese paragraphs, English pieces) of the report body, in reading order.

    Most lines are ``中文<br/>English``: one unit each. A line without Chinese continues
    the English of the unit before it (the post wraps some long English paragraphs, and
    the 2022 post gives a run of Chinese paragraphs, then their English); a line with
    Chinese only opens a unit, or joins the previous one while that has no English yet.
    Everything before the first line opening with 各位代表 (front matter, the blogger's
    remarks, a press-conference excerpt in 2022) is left out.
    """
    lines = [_segments(line) for line in text.splitlines()]
    lines = [[p for p in pieces if p] for pieces in lines]
    start = next(i for i, pieces in enumerate(lines) if pieces and pieces[0].startswith("各位代表"))
    units: list[tuple[list[str], list[str]]] = []
    for pieces in lines[start:]:
        if not pieces:
            continue
        if _CJK.search(pieces[0]):
            if units and not units[-1][1] and len(pieces) == 1:
                units[-1][0].append(pieces[0])
            else:
                units.append(([pieces[0]], pieces[1:]))
        elif units:
            units[-1][1].extend(pieces)
    return units


def _blog_pairs(units: list[tuple[list[str], list[str]]]) -> list[tuple[str, str]]:
    """One (zh, en) line pair per paragraph; a run of Chinese paragraphs whose English
    pieces do not count the same stays one pair (joined), so both sides keep their lines."""
    pairs = []
    for zh, en in units:
        if len(zh) > 1 and len(zh) == len(en):
            pairs += list(zip(zh, en, strict=True))
        else:
            pairs.append(("".join(zh), " ".join(en)))
    return pairs


def blog_reports(mirror: Path, out: Path) -> Iterator[tuple[str, int, int]]:
    """One pair per chapter (一、 … / I. …) of the 2016-2022 reports."""
    for year, path in BLOG_POSTS.items():
        pairs = _blog_pairs(_blog_units(git_show(mirror, BLOG, path).decode("utf-8")))
        chapters: list[list[tuple[str, str]]] = [[]]
        for zh, en in pairs:
            # the opening lines before chapter 一 stay with it, as in national_reports
            if _CHAPTER.match(zh) and not zh.startswith("一、"):
                chapters.append([])
            chapters[-1].append((zh, en))
        for number, chapter in enumerate(chapters, 1):
            name = f"gov-work-report-{year}-{number}"
            zh_chars = write(out / "parallel", f"{name}.zh.txt", [z for z, _ in chapter])
            en_chars = write(out / "parallel", f"{name}.en.txt", [e for _, e in chapter])
            yield name, zh_chars, en_chars


# --- Chinese-only documents ---

def docx_paragraphs(data: bytes) -> list[str]:
    """The text of each paragraph of a .docx file."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]


def provincial_reports(mirror: Path, out: Path,
                       provinces: list[tuple[str, str]]) -> Iterator[tuple[str, int, int]]:
    data = git_show(mirror, "alexzhu0/Jina_Embeddings_v4_RAG", "docs/31省区市政府工作报告.zip")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            name = info.filename
            if not info.flag_bits & 0x800:  # zip names without the UTF-8 flag are GBK here
                name = name.encode("cp437").decode("gbk")
            for slug, province in provinces:
                if province in name:
                    lines = docx_paragraphs(z.read(info))
                    yield slug, write(out / "mono", f"{slug}.txt", lines), 0


def wikisource_reports(mirror: Path, out: Path, years: list[str]) -> Iterator[tuple[str, int, int]]:
    raw = git_show(mirror, "aldohemsn/chinese-political-corpora", "government_work_reports.jsonl")
    for line in raw.decode("utf-8").splitlines():
        record = json.loads(line)
        if str(record.get("year")) in years and "决议" not in record["title"]:
            slug = f"gov-work-report-{record['year']}"
            yield slug, write(out / "mono", f"{slug}.txt", record["content"].splitlines()), 0


def provincial_reports_2026(mirror: Path, out: Path) -> Iterator[tuple[str, int, int]]:
    """Chongqing's 2026 report: one CSV row whose text starts with the web page's buttons."""
    raw = git_show(mirror, "johncodes404/china-provincial-gov-reports-2026",
                   "output/2026_raw_text/2026_重庆市_政府工作报告.csv").decode("utf-8-sig")
    for row in csv.DictReader(io.StringIO(raw)):
        lines = row["full_text"].splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip() == row["title"])
        end = next((i for i, line in enumerate(lines) if line.strip() == "相关报道："), len(lines))
        slug = "chongqing-gov-work-report-2026"
        yield slug, write(out / "mono", f"{slug}.txt", lines[start:end]), 0


LAWS = [  # finance laws and regulations of the national database (flk.npc.gov.cn)
    ("law-pboc-2003", "经济法/中国人民银行法(2003-12-27).md"),
    ("law-commercial-banks-2015", "民法商法/商业银行法(2015-08-29).md"),
    ("law-banking-supervision-2006", "经济法/银行业监督管理法(2006-10-31).md"),
    ("law-securities-2019", "民法商法/证券法(2019-12-28).md"),
    ("law-futures-derivatives-2022", "经济法/期货和衍生品法(2022-04-20).md"),
    ("regulation-deposit-insurance-2015", "行政法规/存款保险条例(2015-02-17).md"),
    ("regulation-foreign-exchange-2008", "行政法规/外汇管理条例(2008-08-05).md"),
    ("regulation-credit-reporting-2013", "行政法规/征信业管理条例(2013-01-21).md"),
    ("regulation-financing-guarantee-2017", "行政法规/融资担保公司监督管理条例(2017-08-02).md"),
    ("regulation-monetary-policy-committee-1997",
     "行政法规/中国人民银行货币政策委员会条例(1997-04-15).md"),
    ("regulation-chongqing-ftz-2019",
     "DLC/重庆地方法规/地方性法规/重庆/中国（重庆）自由贸易试验区条例(2019-09-26).md"),
    ("regulation-shanghai-financial-center-2024",
     "DLC/上海地方法规/地方性法规/上海/上海市推进国际金融中心建设条例(2024-08-22).md"),
    ("regulation-huzhou-green-finance-2021",
     "DLC/浙江地方法规/地方性法规/浙江/湖州市绿色金融促进条例(2021-10-14).md"),
]


def laws(mirror: Path, out: Path) -> Iterator[tuple[str, int, int]]:
    """Markdown law texts as plain paragraphs: headings keep their words, markup goes."""
    for slug, path in LAWS:
        text = git_show(mirror, "LawRefBook/Laws", path).decode("utf-8")
        lines = [line.lstrip("#").strip() for line in text.splitlines()
                 if not line.startswith("<!--")]
        yield slug, write(out / "mono", f"{slug}.txt", lines), 0


PROVINCES = [(f"{slug}-gov-work-report-2025", name) for slug, name in (
    ("chongqing", "重庆市"), ("sichuan", "四川省"), ("shanghai", "上海市"), ("beijing", "北京市"),
    ("guangdong", "广东省"), ("guizhou", "贵州省"), ("zhejiang", "浙江省"), ("jiangsu", "江苏省"))]
WIKISOURCE_YEARS = ["2023"]  # 2016-2022 are parallel (blog_reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    total_zh = total_par = 0
    for builder in (lambda: national_reports(args.mirror, args.out),
                    lambda: blog_reports(args.mirror, args.out),
                    lambda: provincial_reports(args.mirror, args.out, PROVINCES),
                    lambda: provincial_reports_2026(args.mirror, args.out),
                    lambda: laws(args.mirror, args.out),
                    lambda: wikisource_reports(args.mirror, args.out, WIKISOURCE_YEARS)):
        for name, zh, en in builder():
            total_zh += zh
            total_par += zh if en else 0
            print(f"{name}: {zh} zh chars" + (f", {en} en chars" if en else ""))
    print(f"total: {total_zh} Chinese characters, {total_par} of them with their English")
    return 0


if __name__ == "__main__":
    sys.exit(main())
