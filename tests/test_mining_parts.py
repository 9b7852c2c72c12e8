"""The miner's parts: n-gram counting, the second pass, occurrences, the lexicon cache,
parallel runs, English Title Case runs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cqfin_glossary.corpus import Document, Segment
from cqfin_glossary.mining import candidates, lexicon, mine_corpus
from cqfin_glossary.mining.english import english_terms, split_title_run
from cqfin_glossary.mining.newwords import MAX_CHARS, count_runs, run_grams


def test_run_grams_are_word_anchored_and_bounded() -> None:
    tokens = ["西部", "陆海", "新", "通道"]
    grams = run_grams(tokens, long_run=False)
    assert "西部陆海新通道" in grams and "陆海新" in grams
    assert "部陆" not in grams  # never half a word
    assert len(grams) == 4 + 3 + 2 + 1
    long = run_grams(["成渝", "地区", "双城", "经济圈", "高质量", "发展", "规划", "纲要"],
                     long_run=True)
    assert long and all(len(g) <= MAX_CHARS for g in long)
    assert "成渝地区双城经济圈" in long


def test_repeated_runs_count_like_separate_ones() -> None:
    cut = lambda text: [text[i:i + 2] for i in range(0, len(text), 2)]  # noqa: E731
    once, thrice = Counter(), Counter()
    count_runs(Counter({"普惠金融服务": 1, "绿色金融": 1}), cut, once)
    count_runs(Counter({"普惠金融服务": 3, "绿色金融": 30}), cut, thrice)
    assert thrice["普惠金融"] == 3 * once["普惠金融"] == 3
    assert thrice["金融"] == 33 and thrice["绿色金融"] == 30


def test_locator_counts_neighbours_and_streamed_chunks_as_one_document() -> None:
    candidates.init_locating(["渝金盾", "金融"])
    locator = candidates.Locator()
    first = Document("big.txt", "utf-8", [Segment(1, "“渝金盾”上线，渝金盾平台")], chunk=0)
    second = Document("big.txt", "utf-8", [Segment(2, "金融渝金盾")], chunk=1)
    other = Document("b.txt", "utf-8", [Segment(1, "渝金盾")])
    locator.add([first, second])
    locator.add([other])
    found = locator.finish()
    term = found["渝金盾"]
    assert term.frequency == 4 and term.documents == 2
    assert term.right == Counter({"平": 1}) and term.left == Counter({"融": 1})
    assert term.edges == [3, 3]
    assert found["金融"].documents == 1


def test_occurrences_keep_the_first_lines_per_term() -> None:
    docs = [Document("a.txt", "utf-8",
                     [Segment(n, f"第{n}行：渝金通和渝金通") for n in range(1, 9)])]
    found = candidates.occurrences(iter(docs), ["渝金通", "不在"])
    assert [o.line for o in found["渝金通"]] == [1, 2, 3, 4, 5]
    assert found["渝金通"][0].text == "第1行：渝金通和渝金通"
    assert found["不在"] == []


def test_lexicon_cache_is_built_once_and_answers_lookups(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CQFIN_GLOSSARY_CACHE", str(tmp_path))
    lexicon._connection.cache_clear()
    lexicon.general_total.cache_clear()
    try:
        freqs = lexicon.frequencies(["金融", "渝金盾"])
        assert freqs["金融"] > 1000 and "渝金盾" not in freqs
        assert lexicon.general_total() > freqs["金融"]
        assert any("bank" in s for s in lexicon.senses(["银行"])["银行"])
        assert len(list(tmp_path.glob("lexicon-*.sqlite"))) == 1
    finally:
        lexicon._connection.cache_clear()
        lexicon.general_total.cache_clear()


def test_two_jobs_find_what_one_job_finds(tmp_path: Path) -> None:
    texts = ["重庆加快建设西部陆海新通道，服务成渝地区双城经济圈。",
             "“渝金盾”平台上线，西部陆海新通道联通东盟。",
             "成渝地区双城经济圈协同发展，渝金盾守护金融安全。"]
    for n in range(6):
        (tmp_path / f"d{n}.txt").write_text(texts[n % 3] * 3, encoding="utf-8")
    one, two = mine_corpus([tmp_path], jobs=1), mine_corpus([tmp_path], jobs=2)
    assert [(c.zh, c.frequency, c.doc_frequency) for c in one.chinese] == \
        [(c.zh, c.frequency, c.doc_frequency) for c in two.chinese]
    assert one.files == two.files == 6 and one.chars == two.chars
    assert "西部陆海新通道" in [c.zh for c in two.chinese]


def test_title_case_runs_split_between_names_not_inside_them() -> None:
    assert split_title_run("Bank of China Chongqing Branch and Deputy Director") == \
        ["Bank of China Chongqing Branch"]
    assert split_title_run("Party Committee and President") == ["Party Committee"]
    assert split_title_run("Belt and Road") == ["Belt and Road"]
    assert split_title_run("Financial Empowerment and Channel Linkage") == \
        ["Financial Empowerment and Channel Linkage"]
    assert split_title_run("Ministry of Industry and Information Technology") == \
        ["Ministry of Industry and Information Technology"]
    assert split_title_run("Forum on Trade in Chongqing") == ["Forum on Trade", "Chongqing"]
    line = ("said Li, Deputy President of the People's Bank of China Chongqing Branch "
            "and Deputy Director")
    terms = english_terms(line)
    # "People's" belongs to the name: "Bank of China" alone is another bank (中国银行).
    assert "People's Bank of China Chongqing Branch" in terms
    assert "Bank of China Chongqing Branch" not in terms
    assert not any("Director" in t for t in terms)
