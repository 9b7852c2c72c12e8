"""--jobs changes the speed of mining, never its output: the same bytes from one process or more."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cqfin_glossary.corpus import iter_files
from cqfin_glossary.mining import mine_corpus, passes

ROOT = Path(__file__).resolve().parent.parent
ZH = ("一、稳健的货币政策\n"
      "保持流动性合理充裕，降低存款准备金率，发挥再贷款再贴现作用。\n"
      "二、绿色金融\n"
      "发展绿色金融，扩大绿色债券发行，完善普惠金融服务体系。\n")
EN = ("I. Prudent Monetary Policy\n"
      "We will keep liquidity adequate, cut the reserve requirement ratio and make good use of "
      "re-lending and re-discount.\n"
      "II. Green Finance\n"
      "We will develop green finance, issue more green bonds and improve the inclusive finance "
      "service system.\n")
TSV = ("绿色金融\tgreen finance\n"
       "普惠金融服务体系不断完善。\tThe inclusive finance service system keeps improving.\n"
       "再贷款再贴现支持小微企业。\tRe-lending and re-discount support small businesses.\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chinese reports, English news quoting Chinese names, two parallel pairs and a .tsv."""
    folder = tmp_path_factory.mktemp("corpus")
    for source in sorted((ROOT / "bench" / "gold" / "zh-corpus").glob("*.txt")):
        shutil.copy(source, folder / source.name)
    for source in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(source, folder / f"news-{source.name}")
    for n in range(2):
        (folder / f"report{n}.zh.txt").write_text(ZH * (n + 2), encoding="utf-8")
        (folder / f"report{n}.en.txt").write_text(EN * (n + 2), encoding="utf-8")
    (folder / "pairs.tsv").write_text(TSV, encoding="utf-8")
    return folder


def _output(folder: Path, jobs: int) -> str:
    result = mine_corpus([folder], jobs=jobs, limit=300, min_freq=1)
    return json.dumps({"zh": [c.to_dict() for c in result.chinese],
                       "en": [c.to_dict() for c in result.english],
                       "errors": [str(e) for e in result.errors],
                       "files": result.files, "chars": result.chars},
                      ensure_ascii=False, sort_keys=True)


def test_output_is_byte_identical_whatever_the_jobs(corpus: Path, monkeypatch) -> None:
    # Small tasks that each drop their singletons, as the tasks of a large corpus do.
    monkeypatch.setattr(passes, "TASK_BYTES", 6000)
    monkeypatch.setattr(passes, "SINGLETON_BYTES", 3000)
    sizes = passes.file_sizes(list(iter_files([corpus], lambda err: None)))
    assert len(passes.plan(sizes)) >= 4
    one = _output(corpus, 1)
    assert _output(corpus, 2) == one
    assert _output(corpus, 3) == one
    found = json.loads(one)
    assert any(c["suggestions"] for c in found["zh"]) and found["en"]


def test_tasks_are_of_about_equal_size_in_name_order(monkeypatch) -> None:
    monkeypatch.setattr(passes, "TASK_BYTES", 100)
    sizes = {Path(f"{n:02d}.txt"): 30 for n in range(20)}  # 600 bytes: six tasks, made eight
    tasks = passes.plan(sizes)
    assert [len(t) for t in tasks] == [2, 3, 2, 3, 2, 3, 2, 3]  # each file where its middle falls
    assert [f for t in tasks for f in t] == sorted(sizes)
    assert passes.plan({Path(f"{n}.txt"): 30 for n in range(3)}) == [sorted(
        Path(f"{n}.txt") for n in range(3))]  # under TASK_BYTES: one task
    big = {Path("a.txt"): 10, Path("b.txt"): 1000, Path("c.txt"): 10}
    assert passes.plan(big) == [[Path("a.txt")], [Path("b.txt")], [Path("c.txt")]]
