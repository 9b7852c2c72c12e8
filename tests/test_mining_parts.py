"""The miner's parts: n-gram counting, the second pass, occurrences, the lexicon cache,
parallel runs, English Title Case runs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from cqfin_glossary.corpus import Document, Segment
from cqfin_glossary.mining import candidates, lexicon, mine_corpus, passes, pos
from cqfin_glossary.mining.english import english_terms, split_title_run
from cqfin_glossary.mining.newwords import MAX_CHARS, linked_grams, term_grams
from cqfin_glossary.mining.ranking import cut_each
from cqfin_glossary.mining.scoring import (
    Judged,
    finish,
    general_estimate,
    head,
    not_a_term,
    phrase_like,
    settle_nested,
    specificity,
)
from cqfin_glossary.mining.segment import segmenter


def test_term_grams_are_word_anchored_and_stop_at_function_words() -> None:
    tokens = ["西部", "陆海", "新", "通道", "的", "建设"]
    roles = pos.Roles().of(tokens)
    assert roles[4] == pos.BREAK and roles[0] != pos.BREAK
    grams = term_grams(tokens, roles)
    assert "西部陆海新通道" in grams and "陆海新" in grams
    assert "部陆" not in grams  # never half a word
    assert not any("的" in g for g in grams)  # never across a function word
    # a one-character word alone is never a candidate, nor a verb (通道 is one to jieba)
    assert "新" not in grams and "通道" not in grams and "西部" in grams
    assert len(grams) == 3 + 3 + 2 + 1
    long = ["成渝", "地区", "双城", "经济圈", "高质量", "发展", "规划", "纲要"]
    found = term_grams(long, pos.Roles().of(long))
    assert found and all(len(g) <= MAX_CHARS for g in found)
    assert "成渝地区双城经济圈" in found


def test_dates_numbers_and_clause_words_break_candidates() -> None:
    for word in ("年", "月", "第", "至", "亦", "的", "和", "个", "亿元", "百分点", "我们"):
        assert pos.tag_role(word, lexicon.tags([word]).get(word)) == pos.BREAK, word
    for word in ("利率", "港元", "渝金盾", "流动性", "通胀"):
        assert pos.tag_role(word, lexicon.tags([word]).get(word)) == pos.WORD, word


def test_edges_refuse_phrase_heads_and_clause_verbs() -> None:
    shapes = {f"推动{n}": ["推动", n] for n in ("改革", "发展", "创新", "开放", "合作", "转型",
                                              "融合", "升级", "消费", "投资", "贸易", "出口")}
    shapes.update({"转移支付": ["转移", "支付"], "利率上升": ["利率", "上升"],
                   "信贷需求": ["信贷", "需求"], "表示": ["表示"], "利率": ["利率"],
                   "违反规定": ["违反", "规定"], "给予警告": ["给予", "警告"],
                   "污染防治": ["污染", "防治"], "开展防治": ["开展", "防治"]})
    edges = pos.Edges(shapes)
    assert not edges.term_like(["推动", "改革"])      # opens a dozen phrases
    assert edges.term_like(["转移", "支付"])          # a verb that opens one term
    assert not edges.term_like(["利率", "上升"])      # a clause
    assert edges.term_like(["信贷", "需求"]) and edges.term_like(["利率"])
    assert not edges.term_like(["表示"])
    assert not edges.term_like(["违反", "规定"])       # a verb on its object
    assert not edges.term_like(["给予", "警告"])
    assert edges.term_like(["污染", "防治"]) and not edges.term_like(["开展", "防治"])


def test_dictionary_nouns_and_bound_suffixes_make_terms() -> None:
    shapes = {"知识产权": ["知识产权"], "集成电路": ["集成电路"], "本报记者": ["本报记者"],
              "赤字率": ["赤字", "率"], "率提高": ["率", "提高"], "供给侧": ["供给", "侧"]}
    edges = pos.Edges(shapes)
    # one noun to jieba, though its halves are tagged as verbs (知识, 集成)
    assert edges.term_like(["知识产权"]) and edges.term_like(["集成电路"])
    assert not edges.term_like(["本报记者"])  # a pronoun inside: a phrase
    assert not pos.Edges({"提质": ["提质"]}).term_like(["提质"])  # a clause verb jieba lacks
    # 率 and 侧 are one-character verbs to jieba, but close a noun as suffixes
    tokens = ["赤字", "率", "和", "供给", "侧"]
    grams = term_grams(tokens, pos.Roles().of(tokens))
    assert "赤字率" in grams and "供给侧" in grams
    assert edges.term_like(["赤字", "率"]) and not edges.term_like(["率", "提高"])


def test_specificity_ranks_domain_words_over_general_ones() -> None:
    freqs = lexicon.frequencies(["利率", "公司", "记者"])
    total = lexicon.general_total()
    # the same corpus frequency: the rarer a word is in general Chinese, the more specific
    spec = {w: specificity(50, 100_000, general_estimate(w, [w], freqs), total) for w in freqs}
    assert spec["利率"] > spec["公司"] and spec["利率"] > spec["记者"]
    phrase = general_estimate("经济发展", ["经济", "发展"], lexicon.frequencies(["经济", "发展"]))
    assert phrase > general_estimate("陆海通道", ["陆海", "通道"], lexicon.frequencies(["通道"]))


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


def _small_corpus(folder: Path) -> None:
    texts = ["重庆加快建设西部陆海新通道，服务成渝地区双城经济圈。",
             "“渝金盾”平台上线，西部陆海新通道联通东盟。",
             "成渝地区双城经济圈协同发展，渝金盾守护金融安全，稳健的货币政策保持流动性合理充裕。"]
    for n in range(6):
        (folder / f"d{n}.txt").write_text(texts[n % 3] * 3, encoding="utf-8")


def _figures(result) -> list[tuple]:
    return [(c.zh, c.score, c.frequency, c.doc_frequency, sorted(c.components.items()),
             [(o.source, o.line) for o in c.occurrences]) for c in result.chinese]


def test_jobs_change_neither_counts_nor_ranking(tmp_path: Path, monkeypatch) -> None:
    _small_corpus(tmp_path)
    monkeypatch.setattr(passes, "TASK_BYTES", 300)  # several tasks, as on a large corpus
    assert len(passes.plan(passes.file_sizes(sorted(tmp_path.iterdir())))) > 2
    one, two = mine_corpus([tmp_path], jobs=1), mine_corpus([tmp_path], jobs=2)
    assert _figures(one) == _figures(two)
    assert one.files == two.files == 6 and one.chars == two.chars
    assert "西部陆海新通道" in [c.zh for c in two.chinese]


def test_a_name_whose_count_was_pruned_is_still_scored(tmp_path: Path, monkeypatch) -> None:
    # on a large task the n-grams seen once are dropped; a name seen once inside English
    # text keeps only its run count
    monkeypatch.setattr(passes, "SINGLETON_BYTES", 0)
    (tmp_path / "a.md").write_text("The 智融惠畅 scheme and the “渝金盾” platform.\n",
                                   encoding="utf-8")
    assert {"智融惠畅", "渝金盾"} <= {c.zh for c in mine_corpus([tmp_path]).chinese}


def test_backends_agree(tmp_path: Path) -> None:
    _small_corpus(tmp_path)
    assert _figures(mine_corpus([tmp_path], backend="rjieba")) == \
        _figures(mine_corpus([tmp_path], backend="jieba"))


def test_hash_seed_changes_nothing(tmp_path: Path) -> None:
    _small_corpus(tmp_path)
    script = ("import json, sys; from cqfin_glossary.mining import mine_corpus; "
              "r = mine_corpus([sys.argv[1]], jobs=2); "
              "print(json.dumps([[c.zh, c.score, c.frequency, c.doc_frequency, c.components] "
              "for c in r.chinese], sort_keys=True, ensure_ascii=False))")
    runs = [subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, text=True,
                           capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and "渝金盾" in runs[0]


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


def test_corpus_with_no_ranked_term_mines_to_nothing(tmp_path: Path) -> None:
    # An English-only file ranks no Chinese term: the locating pass then has an automaton
    # of no words, which pyahocorasick refuses to scan.
    from cqfin_glossary.mining import mine_corpus

    page = tmp_path / "english.txt"
    page.write_text("The central bank kept its policy rate unchanged.\n", encoding="utf-8")
    result = mine_corpus([page], None, limit=5)
    assert result.chinese == [] and result.files == 1


def test_plan_starts_a_task_for_an_empty_first_file() -> None:
    from cqfin_glossary.mining.passes import TASK_BYTES, plan

    tasks = plan({Path("a.txt"): 0, Path("b.txt"): 10, Path("c.txt"): TASK_BYTES})
    assert tasks == [[Path("a.txt"), Path("b.txt")], [Path("c.txt")]]


def test_a_verb_on_its_object_inside_a_noun_phrase_is_a_modifier() -> None:
    # phrases of the 2024-2026 government work reports, cut by the miner's segmenter
    terms = ["区域协调发展战略", "农业转移人口市民化", "就业优先政策", "并购重组", "注册制",
             "全面贯彻党", "责任人员给予警告", "违反本法"]
    words = cut_each(terms, segmenter("rjieba").cut)
    edges = pos.Edges(words)
    accepted = {t for t in terms if edges.term_like(words[t])}
    # between a noun and a head noun, 协调发展 and 转移人口 modify it; 就业 and 并购 are nouns
    assert accepted == {"区域协调发展战略", "农业转移人口市民化", "就业优先政策", "并购重组",
                        "注册制"}


def test_two_coined_verb_phrases_side_by_side_are_a_slogan() -> None:
    terms = ["减税降费", "节能降碳", "建成投用"]
    words = cut_each(terms, segmenter("rjieba").cut)
    assert all(len(words[t]) == 2 for t in terms)
    edges = pos.Edges(words)
    # 降费 and 降碳 are coined; 建成 is a common verb, so 建成投用 stays a clause
    assert {t for t in terms if edges.term_like(words[t])} == {"减税降费", "节能降碳"}


def test_a_bound_prefix_opens_a_term_on_a_noun() -> None:
    cut = segmenter("rjieba").cut
    tokens = cut("加大再贷款再贴现支持，加强逆周期调节，收入再提高")
    grams = term_grams(tokens, pos.Roles().of(tokens))
    assert "再贷款" in grams and "逆周期调节" in grams
    terms = ["再贷款", "逆周期调节", "再提高", "贷款再"]
    words = cut_each(terms, cut)
    edges = pos.Edges(words)
    # 再 before a verb is the adverb "again"; a prefix never closes a term
    assert {t for t in terms if edges.term_like(words[t])} == {"再贷款", "逆周期调节"}
    assert not phrase_like(words["再贷款"])


def test_three_words_on_the_nation_or_a_measure_name_a_term() -> None:
    assert not phrase_like(["全国", "统一", "大", "市场"])
    assert not phrase_like(["社会", "融资", "规模"]) and not phrase_like(["价格", "总", "水平"])
    assert phrase_like(["全国", "推广"]) and phrase_like(["服务", "水平"])
    assert phrase_like(["推动", "产业", "发展"])  # other phrase heads still open phrases


def test_a_bound_suffix_makes_a_noun_of_the_word_before_it() -> None:
    """都市圈 (14 times in the development corpus) was never counted: jieba cuts 都市/圈 and
    tags 圈 a counter, which broke the n-gram."""
    roles = pos.Roles()
    for word in ("圈", "贷", "间"):
        assert roles.of([word]) == [pos.WORD], word
    edges = pos.Edges({"都市圈": ["都市", "圈"]})
    assert edges.term_like(["都市", "圈"]) and not edges.term_like(["圈", "都市"])


def test_an_attribute_alone_an_amount_and_a_grading_word_are_no_terms() -> None:
    """高质量 'high-quality' (6th on the development corpus) and 高水平 (43rd) only modify the
    noun after them, though jieba tags them a noun and a name; 万人 of 29.9万人 is an amount
    the dictionary lacks; 重大 'major' grades as 重要 does (重大项目 ranked 52nd)."""
    cut = segmenter("rjieba").cut
    terms = ["高质量", "高水平", "万人", "重大项目", "高质量发展", "多层次资本市场", "营商环境"]
    words = cut_each(terms, cut)
    edges = pos.Edges(words)
    assert [t for t in terms if not not_a_term(t, words[t], edges)] == [
        "高质量发展", "多层次资本市场", "营商环境"]
    assert [pos.tag_role(w, None) for w in ("万人", "亿元", "港元")] == [
        pos.BREAK, pos.BREAK, pos.WORD]
    # jieba lists 万元以上 (10万元以上, 'over 100,000 yuan') as an idiom: an amount all the same
    assert pos.tag_role("万元以上", "l") == pos.BREAK and pos.tag_role("美元", "q") == pos.WORD


def test_a_verb_used_as_a_noun_opens_a_verb_phrase_on_a_longer_object() -> None:
    """发展新质生产力 'develop new quality productive forces' ranked 213th and
    建设现代化产业体系 437th; 发展规划 and 保障体系 are noun compounds."""
    cut = segmenter("rjieba").cut
    terms = ["发展新质生产力", "建设现代化产业体系", "保障国家粮食安全", "稳定产业链供应链",
             "发展规划", "建设用地", "保障体系", "新质生产力"]
    words = cut_each(terms, cut)
    edges = pos.Edges(words)
    assert [t for t in terms if not not_a_term(t, words[t], edges)] == [
        "发展规划", "建设用地", "保障体系", "新质生产力"]


def test_a_statute_clause_is_no_term() -> None:
    """The finance laws' modals and their 'jointly with' (jieba lists 会同 as a noun) made
    clause runs candidates: 地方金融部门应当会同中央金融管理 ranked 747th, 会同中央金融管理部门
    164th on the development corpus."""
    cut = segmenter("rjieba").cut
    terms = ["地方金融部门应当会同中央金融管理", "会同中央金融管理部门", "并处违法所得",
             "中央金融管理部门"]
    words = cut_each(terms, cut)
    edges = pos.Edges(words)
    assert [t for t in terms if not not_a_term(t, words[t], edges)] == ["中央金融管理部门"]
    # its references to itself and its dates: 本法 ranked 62nd, 之日起 (a place name to
    # jieba) 102nd, 前款 131st
    refs = ["本法", "前款", "之日起", "更大", "三是", "经国务院银行业监督管理机构", "调查事件有关",
            "党中央坚强", "成效明显", "情节严重", "降低利率"]
    words = cut_each(refs, cut)
    assert all(not_a_term(t, words[t], pos.Edges(words)) for t in refs)


def test_an_adjective_de_and_a_term_make_a_named_policy() -> None:
    # as count_unit cuts them: the Chinese runs of a line, parted by line breaks
    cut = segmenter("rjieba").cut
    tokens = cut("实施更加积极的财政政策和适度宽松的货币政策\n保持稳健的货币政策")
    roles = pos.Roles()
    grams = set(linked_grams(tokens, roles.of(tokens), roles.adjectives))
    assert {"积极的财政政策", "更加积极的财政政策", "适度宽松的货币政策", "稳健的货币政策"} <= grams
    terms = ["稳健的货币政策", "更加积极的财政政策", "保持稳健的货币政策", "重要的作用"]
    words = cut_each(terms, cut)
    edges = pos.Edges(words)
    # a clause verb before it, or a phrase word after it, and it is no term
    assert {t for t in terms if not not_a_term(t, words[t], edges)} == {"稳健的货币政策",
                                                                         "更加积极的财政政策"}


def _judged(term: str, freq: int, words: int, opens_on_char: bool = False) -> Judged:
    return Judged(term, 0.0, {"frequency": float(freq), "specificity": 8.0, "cue": 0.0,
                              "run": 0.0, "glossary": 0.0, "words": float(words)},
                  opens_on_char=opens_on_char)


def test_a_sub_term_standing_alone_a_fifth_of_the_time_is_kept() -> None:
    # counts of the development corpus's finance laws, where the first pass counts exactly
    counts = {"国务院银行业监督管理机构": 115, "银行业监督管理机构": 145,
              "国务院期货监督管理机构": 141, "国务院期货": 141}
    ranked = finish([_judged(term, n, 3 if len(term) > 8 else 2) for term, n in counts.items()])
    kept = {j.term for j in settle_nested(head(ranked, 10), counts, 10)}
    # 30 of 145 stand outside the longer name; 国务院期货 never does
    assert kept == {"国务院银行业监督管理机构", "银行业监督管理机构", "国务院期货监督管理机构"}


def test_a_sub_term_the_first_pass_undercounts_is_settled_on_exact_counts() -> None:
    """小微企业 stands 108 times in the development corpus, 41 of them in 中小微企业; the
    word-anchored first pass counted 50, which made it look like a part of 中小微企业."""
    ranked = finish([_judged("中小微企业", 41, 1), _judged("小微企业", 50, 2),
                     _judged("银行业监督管理机构", 145, 2),
                     _judged("业监督管理", 150, 2, opens_on_char=True)])
    # the tail of a longer word is dropped at once; the other waits for its exact count
    assert [(j.term, bool(j.inside)) for j in ranked] == [
        ("银行业监督管理机构", False), ("中小微企业", False), ("小微企业", True)]
    assert head(ranked, 1) == ranked[:1]
    assert head(ranked, 2) == ranked[:2]  # a provisional term after the last settled one waits
    exact = {"中小微企业": 41, "小微企业": 108, "银行业监督管理机构": 145}
    assert [j.term for j in settle_nested(head(ranked, 3), exact, 3)] == [
        "银行业监督管理机构", "中小微企业", "小微企业"]
    # had the second pass found it inside 中小微企业 nearly every time, it would go
    exact["小微企业"] = 45
    assert "小微企业" not in {j.term for j in settle_nested(head(finish(
        [_judged("中小微企业", 41, 1), _judged("小微企业", 50, 2)]), 2), exact, 2)}


def test_a_long_list_asked_for_gets_a_shortlist_that_can_fill_it(monkeypatch) -> None:
    """The shortlist holds SHORTLIST terms, or twice the list asked for: -n 100000 on a
    corpus with more terms than SHORTLIST used to stop at SHORTLIST whatever was asked."""
    from cqfin_glossary.mining import ranking

    prose = Path(__file__).resolve().parent.parent / "bench" / "gold" / "zh-corpus"
    default = mine_corpus([prose], limit=100_000).chinese
    monkeypatch.setattr(ranking, "SHORTLIST", 10)
    short = mine_corpus([prose], limit=5).chinese  # room for 10 (and the quoted names)
    long = mine_corpus([prose], limit=100_000).chinese
    assert len(short) == 5 and len(default) > 50
    # not cut at SHORTLIST any more. A term of the usual shortlist (10 terms here) meets
    # only the containers of that shortlist, as in a list of the usual length: 地方 stays
    # beside 地方金融, which is no container the usual list knows
    assert {c.zh for c in default} <= {c.zh for c in long}
    assert len(long) <= len(default) + 10


def test_a_longer_list_keeps_the_scores_and_order_of_a_shorter_ones_terms(monkeypatch) -> None:
    """C-value takes off the mean count of the longer candidates holding a term, so the
    containers a longer list brought changed the scores of the terms a shorter list holds:
    on the development corpus, -n 20000 reordered the top ten of -n 1000."""
    from cqfin_glossary.mining import ranking

    prose = Path(__file__).resolve().parent.parent / "bench" / "gold" / "zh-corpus"
    monkeypatch.setattr(ranking, "SHORTLIST", 40)
    short = mine_corpus([prose], limit=20).chinese  # a shortlist of the usual 40
    long = {c.zh: c for c in mine_corpus([prose], limit=400).chinese}
    assert len(long) > 100
    assert [(c.zh, c.score) for c in short] == \
        [(c.zh, long[c.zh].score) for c in short]
    place = {term: n for n, term in enumerate(long)}
    assert [c.zh for c in short] == sorted((c.zh for c in short), key=place.__getitem__)


def test_a_term_always_after_a_bound_prefix_is_given_it_and_no_half_word(tmp_path: Path) -> None:
    """超 of 超长期特别国债 is read as a word of its own, which a term never opens on: the
    list held 长期特别国债 (and no 超长期特别国债) on the development corpus. A character that
    is half of the word before it (固 of 巩固) is not taken."""
    lines = ["今年发行超长期特别国债一万亿元，支持重大项目建设。",
             "继续安排超长期特别国债，用于国家重大战略实施。",
             "中央财政通过超长期特别国债支持设备更新。",
             "各地巩固拓展脱贫攻坚成果，守住底线。", "持续巩固拓展脱贫攻坚成果。",
             "全面巩固拓展脱贫攻坚成果同乡村振兴有效衔接。"]
    (tmp_path / "a.txt").write_text("\n".join(lines * 2) + "\n", encoding="utf-8")
    found = {c.zh: c for c in mine_corpus([tmp_path], limit=20).chinese}
    assert "超长期特别国债" in found and "长期特别国债" not in found
    assert found["超长期特别国债"].frequency == 6
    assert "拓展脱贫攻坚成果" in found and "固拓展脱贫攻坚成果" not in found


def test_a_term_always_followed_by_the_rest_of_its_name_is_given_it() -> None:
    """区域全面经济伙伴关系 was listed for 区域全面经济伙伴关系协定 (RCEP) and 民族区域自治 for
    民族区域自治制度: every occurrence went on with the same character, and every example
    with the same well-known word. A conjunction (或者) or a verb of the sentence (增长)
    after a term is not taken."""
    from cqfin_glossary.mining.candidates import TermStats
    from cqfin_glossary.mining.scoring import Judged, whole_words
    from cqfin_glossary.mining.segment import segmenter

    def judged(term: str) -> Judged:
        return Judged(term, 1.0, {"frequency": 6.0, "cue": 0.0, "run": 0.0, "glossary": 0.0})

    def stats(right: str) -> TermStats:
        return TermStats(frequency=6, documents=2, left=Counter({"用": 3, "施": 3}),
                         right=Counter({right: 6}))

    examples = {
        "区域全面经济伙伴关系": ["高质量实施区域全面经济伙伴关系协定，扩大开放。",
                       "用好区域全面经济伙伴关系协定规则，拓展市场。"],
        "传播虚假信息": ["编造传播虚假信息或者扰乱市场的，责令改正。",
                   "禁止传播虚假信息或者进行内幕交易。"],
        "工业增加值": ["规模以上工业增加值增长百分之六。", "全年工业增加值增长较快。"]}
    ranked = [judged(term) for term in examples]
    located = {"区域全面经济伙伴关系": stats("协"), "传播虚假信息": stats("或"),
               "工业增加值": stats("增")}
    out = whole_words(ranked, located, examples, segmenter("rjieba", ()).cut)
    assert [j.term for j in out] == ["区域全面经济伙伴关系协定", "传播虚假信息", "工业增加值"]
