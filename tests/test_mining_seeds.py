"""The miner on the seeds and on small corpora: whole terms, renderings with evidence, merging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cqfin_glossary import store
from cqfin_glossary.mining import Candidate, merge_candidates, mine, mine_corpus
from cqfin_glossary.model import EntryStatus

SIX = {"智融惠畅": "Financial Empowerment and Channel Linkage", "千里马": "Qianlima",
       "渝金通": "financial brain", "渝金盾": "risk brain",
       "渝车出海": "Chongqing Vehicles Going Abroad", "西部金融中心": "Western Financial Center"}


def test_six_seed_terms_whole_in_top_ten_with_seed_english(seeds_dir: Path) -> None:
    found = {c.zh: c for c in mine([seeds_dir])[:10]}
    for term, english in SIX.items():
        assert term in found, term
        assert english in [s.term for s in found[term].suggestions[:3]], term
        assert found[term].occurrences[0].source.startswith(str(seeds_dir))


def test_new_words_come_out_whole_from_chinese_text(tmp_path: Path) -> None:
    text = ("重庆加快建设西部陆海新通道，服务成渝地区双城经济圈。"
            "西部陆海新通道联通东盟，成渝地区双城经济圈协同发展。") * 3
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(text.encode("gb18030"))
    terms = [c.zh for c in mine([tmp_path])]
    assert "西部陆海新通道" in terms and "成渝地区双城经济圈" in terms
    assert "西部" not in terms and "陆海" not in terms


def test_clause_fragments_are_no_candidates_and_domain_words_are(tmp_path: Path) -> None:
    texts = ["2024年下半年，美联储维持利率不变，银行亦维持最优惠贷款利率。通胀可能会上升至3%，"
             "外汇市场没有显著迹象显示资金流出。",
             "本报记者获悉，今年以来多只基金调整持仓，股市场波动加大。流动性保持合理充裕，"
             "贷款利率下调25个基点。",
             "2025年第一季度，通胀回落，外汇储备增加。美联储加息后，港元利率上升，流动性偏紧。"]
    for n in range(6):
        (tmp_path / f"d{n}.txt").write_text(texts[n % 3] + texts[(n + 1) % 3], encoding="utf-8")
    terms = [c.zh for c in mine([tmp_path])]
    for word in ("利率", "通胀", "流动性", "基点", "美联储", "外汇储备", "贷款利率"):
        assert word in terms, word
    for fragment in terms:  # never a date part, a clause verb or a counter in a candidate
        assert not any(part in fragment for part in (
            "年", "月至", "上升至", "可能", "维持", "显示", "今年以来", "本报记者", "只基金",
            "股市场", "亦", "保持")), fragment


def test_parallel_tsv_gives_aligned_rendering(tmp_path: Path) -> None:
    verbs = [("推动", "Promote"), ("发展", "Develop"), ("支持", "Support"), ("深化", "Deepen")]
    rows = ["zh\ten"] + [f"{zh}普惠金融{tail}。\t{en} inclusive finance {n}." for n, (zh, en) in
                          enumerate(verbs) for tail in ("服务", "工作", "建设")[n % 3:n % 3 + 1]]
    (tmp_path / "p.tsv").write_text("\n".join(rows), encoding="utf-8")
    cand = next(c for c in mine([tmp_path]) if c.zh == "普惠金融")
    assert "inclusive finance" in [s.term for s in cand.suggestions[:3]]


def test_each_record_of_a_jsonl_or_tsv_corpus_is_a_document(tmp_path: Path) -> None:
    import json

    news = [{"title": f"第{n}条", "content": "“渝金盾”平台守护金融安全。绿色债券发行提速。"}
            for n in range(4)]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False)
                                                   for r in news), encoding="utf-8")
    rows = ["zh\ten"] + ["绿色债券市场扩容。\tThe green bond market grows."] * 3
    (tmp_path / "tm.tsv").write_text("\n".join(rows), encoding="utf-8")
    result = mine_corpus([tmp_path])
    found = {c.zh: c for c in result.chinese}
    assert found["渝金盾"].doc_frequency == 4
    assert found["绿色债券"].doc_frequency == 7 and found["绿色债券"].frequency == 7
    assert result.files == 2


def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "good.txt").write_text("“渝金盾”平台上线。", encoding="utf-8")
    errors: list[str] = []
    result = mine_corpus([tmp_path, tmp_path / "missing.txt"],
                         on_error=lambda e: errors.append(str(e)))
    assert [c.zh for c in result.chinese] == ["渝金盾"]
    assert any("empty.txt" in e for e in errors) and any("binary.txt" in e for e in errors)
    assert any("missing.txt" in e for e in errors)


def test_merge_adds_candidates_spares_reviewed_and_updates(glossary_dir: Path, seeds_dir: Path,
                                                           tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    before = {e.id: e.to_dict() for e in glossary if e.status is not EntryStatus.CANDIDATE}
    (tmp_path / "c.txt").write_text("“渝惠融”平台和“渝企金服”平台。", encoding="utf-8")
    report = merge_candidates(glossary, mine([seeds_dir, tmp_path], glossary))
    assert "yuhuirong" in report.added and report.reviewed
    assert {e.id: e.to_dict() for e in glossary if e.id in before} == before
    store.save(glossary)
    again = store.load(glossary_dir)
    second = merge_candidates(again, mine([seeds_dir, tmp_path], again))
    assert not second.added
    assert len(again.find_zh("渝惠融")) == 1
    assert again.get("yuhuirong").mining is not None


def test_a_numbered_programme_is_written_and_a_latin_word_is_not(tmp_path: Path) -> None:
    """"33618" names a programme and is written like any candidate; a candidate the store
    would refuse (English words as the Chinese term) is reported, and the rest still written."""
    from cqfin_glossary.mining import Candidate
    from cqfin_glossary.schema import script_problem

    assert script_problem("zh", "33618") is None and script_problem("zh", "5G") is None
    # an acronym Chinese text writes in capitals is a term of it (LPR 贷款市场报价利率)
    assert script_problem("zh", "LPR") is None and script_problem("zh", "REITs") is None
    assert script_problem("zh", "monetary policy") is not None
    assert script_problem("zh", "Policy") is not None and script_problem("zh", "lpr") is not None
    assert script_problem("zh", "——") is not None
    corpus = tmp_path / "c.txt"
    corpus.write_text("构建“33618”现代制造业集群体系。推进“33618”建设，打造“渝金盾”。",
                      encoding="utf-8")
    root = tmp_path / "glossary"
    root.mkdir()
    glossary = store.load(root)
    mined = mine([corpus], glossary)
    assert "33618" in [c.zh for c in mined]
    report = merge_candidates(glossary, [*mined, Candidate("monetary policy", 1.0, 2, 1)])
    assert report.refused and "monetary policy" in report.summary()
    store.save(glossary)
    written = {t.term for e in store.load(root) for t in e.zh}
    assert {"33618", "渝金盾"} <= written and "monetary policy" not in written


def test_the_table_marks_pinyin_and_glosses_as_stand_ins(seeds_dir: Path, capsys: Any) -> None:
    """千里马's only suggestion on the seeds is its pinyin: the table must not show it as if
    it were a rendering, while the JSON keeps the plain term and its evidence."""
    import json

    from cqfin_glossary.cli import main

    assert main(["mine", str(seeds_dir), "--dry-run", "-n", "10"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "千里马" in line)
    assert row.rstrip().endswith("Qianlima (pinyin)")
    from cqfin_glossary.mining.renderings import GLOSS_EVIDENCE, PINYIN_EVIDENCE, stand_in

    assert stand_in([GLOSS_EVIDENCE]) == "gloss"
    assert stand_in([PINYIN_EVIDENCE, "quoted name two characters away (x1)"]) is None
    assert main(["mine", str(seeds_dir), "--dry-run", "-n", "10", "--json"]) == 0
    found = {c["term"]: c for c in json.loads(capsys.readouterr().out)}
    assert found["千里马"]["suggestions"][0]["term"] == "Qianlima"


def test_a_quoted_code_is_kept_as_written_not_romanised(tmp_path: Path) -> None:
    """“33618” has no pinyin: its suggestion is the code itself, said to be one, and the
    table does not mark it as pinyin (it had "33618 (pinyin)")."""
    from cqfin_glossary.mining.renderings import CODE_EVIDENCE, stand_in

    text = "重庆构建“33618”现代制造业集群体系。“33618”体系建设取得进展。\n" * 2
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    found = {c.term: c for c in mine_corpus([tmp_path], min_freq=1).chinese}
    best = found["33618"].suggestions[0]
    assert best.term == "33618"
    assert best.evidence == [CODE_EVIDENCE]
    assert stand_in(best.evidence) is None



def test_a_longer_list_keeps_every_term_of_a_shorter_one(monkeypatch: Any) -> None:
    """How many candidates a word opens or closes (pos.Edges) is counted over the candidates
    a list of the usual length screens: a longer list asked for screens more, and must not
    turn a term of the usual list into a phrase for that. On the development corpus
    西部陆海新通道 was lost at -n 20000: the longer screen held many light n-grams closing
    on 通道 (which jieba tags a verb). Here the usual screen is made small."""
    from collections import Counter

    from cqfin_glossary.mining import ranking
    from cqfin_glossary.mining.candidates import CountStats
    from cqfin_glossary.mining.segment import segmenter

    fillers = "物流 出海 跨境 人才 审批 贸易 铁路 能源 陆路 航空 金融 信息 开放 融资 运输 出口"
    grams = Counter({"陆海新通道": 40})
    grams.update({f"{word}通道": 2 + k for k, word in enumerate(fillers.split())})
    stats = CountStats(grams=grams, words=100_000)
    cut = segmenter("rjieba", ()).cut
    monkeypatch.setattr(ranking, "SHORTLIST", 2)  # a usual screen of the 6 heaviest
    usual = ranking.shortlist(stats, set(), 2, cut)[0]
    longer = ranking.shortlist(stats, set(), 2, cut, wanted=50)[0]
    assert "陆海新通道" in usual
    assert "陆海新通道" in longer


def test_a_provisional_sub_term_is_settled_on_its_containers_exact_counts_at_any_length(
        tmp_path: Path, monkeypatch: Any) -> None:
    """A sub-term kept provisionally (scoring.settle_nested) is decided on the second pass's
    counts of its containers too, even one ranked past the list asked for: on the first
    pass's smaller count a short list kept 小微企业 that a longer list, counting 中小微企业
    exactly, might drop."""
    from cqfin_glossary.mining import passes, ranking
    from cqfin_glossary.mining.scoring import Judged

    (tmp_path / "a.txt").write_text("中小微企业融资。小微企业贷款。\n" * 3, encoding="utf-8")

    def judged(*args: Any) -> list[Judged]:
        parts = {"frequency": 3.0, "specificity": 8.0, "cue": 0.0, "run": 0.0,
                 "glossary": 0.0, "words": 2.0}
        return [Judged("小微企业", 9.0, dict(parts), inside=(("中小微企业", 3.0),)),
                Judged("企业贷款", 8.0, dict(parts)), Judged("中小微企业", 1.0, dict(parts))]

    located: list[list[str]] = []
    real = passes.locating

    def spy(tasks: Any, sizes: Any, jobs: int, terms: list[str], tick: Any) -> Any:
        located.append(terms)
        return real(tasks, sizes, jobs, terms, tick)

    monkeypatch.setattr(ranking, "judged", judged)
    monkeypatch.setattr(passes, "locating", spy)
    found = [c.zh for c in mine_corpus([tmp_path], limit=1).chinese]
    assert "中小微企业" in located[0]  # counted though ranked past the list
    # 6 occurrences of 小微企业, 3 in 中小微企业: it stands alone half the time and stays
    assert found == ["小微企业"]


def test_latin_codes_in_chinese_text_are_candidates_as_whole_tokens(tmp_path: Path) -> None:
    """5G, M2 and LPR are terms of Chinese policy text that no Han n-gram holds; a code inside
    a longer token (PM2.5, 15G) is not one of them, and a code is rendered as it stands."""
    (tmp_path / "a.txt").write_text(
        "加快5G基站建设。广义货币M2余额增长8%。PM2.5浓度下降。15G流量包。\n"
        "5G网络覆盖所有县城。M2增速与名义经济增速基本匹配。\n"
        "贷款市场报价利率（LPR）下降。LPR改革持续推进。Public服务。\n", encoding="utf-8")
    found = {c.zh: c for c in mine_corpus([tmp_path]).chinese}
    assert {"5G", "M2", "LPR"} <= set(found)
    assert not {"PM2", "15G", "Public"} & set(found)
    assert found["5G"].frequency == 2  # not in 15G
    assert found["M2"].frequency == 2  # not in PM2.5
    assert [s.term for s in found["LPR"].suggestions][:1] == ["LPR"]


def test_a_code_written_so_in_the_aligned_english_is_its_rendering(tmp_path: Path) -> None:
    pairs = [("推进5G网络建设。", "We advanced the building of 5G networks."),
             ("5G用户超过十亿。", "5G users exceeded one billion."),
             ("建设5G基站和数据中心。", "We built 5G base stations and data centers.")]
    (tmp_path / "p.tsv").write_text("zh\ten\n" + "".join(f"{z}\t{e}\n" for z, e in pairs),
                                    encoding="utf-8")
    found = {c.zh: c for c in mine_corpus([tmp_path]).chinese}
    assert found["5G"].suggestions[0].term == "5G"
    assert "aligned English" in found["5G"].suggestions[0].evidence[0]


def test_new_candidates_fill_numbered_files_of_bounded_size(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """A long list (mine -n 100000) goes into candidates.yaml, candidates-2.yaml ... each of
    merge.PER_FILE entries at most, so that no file nears the size the loader refuses and a
    save after an edit in the editor stays quick; a second run fills the last file first."""
    from cqfin_glossary.mining import merge

    monkeypatch.setattr(merge, "PER_FILE", 4)
    root = tmp_path / "g"
    root.mkdir()
    glossary = store.Glossary(root)
    first = [Candidate(f"试点术语{n}", 1.0, 2, 1) for n in range(6)]
    merge_candidates(glossary, first)
    store.save(glossary)
    assert {f: len(glossary.entries_in(f)) for f in glossary.files()} == {
        "candidates.yaml": 4, "candidates-2.yaml": 2}
    again = store.load(root)
    merge_candidates(again, [Candidate(f"示范术语{n}", 1.0, 2, 1) for n in range(3)])
    assert {f: len(again.entries_in(f)) for f in again.files()} == {
        "candidates.yaml": 4, "candidates-2.yaml": 4, "candidates-3.yaml": 1}



def test_mining_other_texts_keeps_a_candidates_occurrences_in_files_it_did_not_read(
        glossary_dir: Path, tmp_path: Path) -> None:
    """The shipped candidate two-assurances-three-guarantees lost its only occurrence, the
    seeds' citation, when other texts were mined: occurrences in files outside the paths
    mined now stay, after the new ones."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("实现“两不愁三保障”。巩固“两不愁三保障”成果。\n",
                                  encoding="utf-8")
    glossary = store.load(glossary_dir)
    entry = glossary.get("two-assurances-three-guarantees")
    before = [(o.source, o.line) for o in entry.occurrences]
    assert before and all(s.startswith("seeds/") for s, _ in before)
    result = mine_corpus([corpus], glossary, limit=50)
    merge_candidates(glossary, result.chinese, corpus=[corpus])
    entry = glossary.get("two-assurances-three-guarantees")
    after = [(o.source, o.line) for o in entry.occurrences]
    assert after[-len(before):] == before and len(after) > len(before)
    assert any(s.endswith("a.txt") for s, _ in after)


def test_mining_other_texts_keeps_the_english_and_figures_an_earlier_run_found(
        tmp_path: Path) -> None:
    """十三五 had '13th Five-Year Plan' from aligned sentences; a run on Chinese-only text
    left it the pinyin 'Shisanwu' and a frequency of 1 beside its earlier occurrences. Every
    run's suggestions are now kept, with the figures of the run that saw the term most;
    mining the same texts again changes nothing."""
    from cqfin_glossary.model import Suggestion

    root = tmp_path / "g"
    root.mkdir()
    glossary = store.Glossary(root)
    aligned = Suggestion("13th Five-Year Plan", 0.42, ["aligned sentences: Dice 0.80"])
    first = Candidate("十三五", 3.0, 31, 5, suggestions=[aligned])
    merge_candidates(glossary, [first])
    pinyin = Suggestion("Shisanwu", 0.3, ["pinyin of a name"])
    again = Suggestion("13th five-year plan", 0.2, ["dictionary"])
    later = Candidate("十三五", 4.0, 1, 1, suggestions=[again, pinyin])
    merge_candidates(glossary, [later])
    entry = glossary.find_zh("十三五")[0]
    assert [(s.term, s.score) for s in entry.suggestions] == [
        ("13th Five-Year Plan", 0.42), ("Shisanwu", 0.3)]
    assert entry.suggestions[0].evidence == ["aligned sentences: Dice 0.80", "dictionary"]
    assert entry.mining is not None and (entry.mining.frequency, entry.mining.score) == (31, 3.0)
    saved = entry.to_dict()
    report = merge_candidates(glossary, [later])
    assert glossary.find_zh("十三五")[0].to_dict() == saved and report.updated == []


def test_a_two_character_term_is_not_counted_where_words_cross_both_its_edges(
        tmp_path: Path) -> None:
    """重庆 was counted in 隆重庆祝 (隆重 + 庆祝), and in a parallel corpus took its English
    from that sentence."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("重庆发展很快。重庆加快建设。\n隆重庆祝改革开放。\n",
                                  encoding="utf-8")
    found = {c.zh: c for c in mine_corpus([folder], limit=50).chinese}
    assert found["重庆"].frequency == 2
    assert all("隆重" not in o.text for o in found["重庆"].occurrences)


def test_a_candidate_keeps_the_traditional_its_texts_wrote(tmp_path: Path) -> None:
    """「金融雲端平台」 was stored as 金融云端平台 alone, and a Traditional export wrote OpenCC's
    金融雲端平臺: the author's 平台 was lost. Where the texts write a term otherwise than the
    generic Traditional, that form is kept as the entry's Traditional."""
    (tmp_path / "a.txt").write_text("重慶推出「金融雲端平台」。\n「金融雲端平台」已上線。\n"
                                    "「綠色金融」發展。\n", encoding="utf-8")
    (tmp_path / "g").mkdir()
    glossary = store.load(tmp_path / "g")
    merge_candidates(glossary, mine_corpus([tmp_path / "a.txt"], min_freq=1).chinese)
    terms = {t.term: t.hant for e in glossary for t in e.zh}
    assert terms["金融云端平台"] == "金融雲端平台"
    assert terms["绿色金融"] is None  # written as the generic Traditional writes it
