"""English policy terms of English text: noun phrases of the seeds, names and headings left out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cqfin_glossary.mining import mine_corpus
from cqfin_glossary.mining.english import english_terms, is_headline
from cqfin_glossary.mining.enterms import is_pinyin_name, phrases, rank

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_terms() -> list[str]:
    return [c.en for c in mine_corpus([SEEDS]).english]


def test_lowercase_policy_terms_of_the_seeds_are_found(seed_terms: list[str]) -> None:
    for term in ("job stability loans", "green finance", "silver economy",
                 "re-lending and re-discount", "low-altitude economy",
                 "inclusive loans for small and micro businesses",
                 "cross-border renminbi settlement", "new-quality productive forces"):
        assert term in seed_terms, term
    assert seed_terms.index("green finance") < 10  # four times, in three documents


def test_names_headings_and_fragments_are_not_terms(seed_terms: list[str]) -> None:
    for junk in ("Core Insights", "Market Development", "Gong Rongjie", "Yao Li", "Hou Wei",
                 "Chengdu and Chongqing", "Jiangbei District", "Western China", "alleviation",
                 "press conference", "Electrical Co"):
        assert junk not in seed_terms, junk


def test_phrases_stop_at_verbs_numbers_and_news_words() -> None:
    line = ("Banking institutions have issued over 1 trillion yuan in total credit, said Gong, "
            "and enterprises leveraged specialized financial application scenarios.")
    found = phrases(line)
    assert "banking institutions" in [p.lower() for p in found]
    assert "specialized financial application scenarios" in found
    assert not any("issued" in p or "yuan" in p or "leveraged" in p for p in found)
    assert not any(p.endswith(("financial", "specialized")) for p in found)


def test_joins_keep_tight_coordinations_and_drop_two_terms_joined() -> None:
    found = phrases("It will implement re-lending and re-discount and tax incentives and "
                    "benefits, and inclusive loans for small and micro businesses.")
    assert "re-lending and re-discount" in found
    assert "inclusive loans for small and micro businesses" in found
    assert "tax incentives" in found and "tax incentives and benefits" not in found


def test_pinyin_names_and_headings() -> None:
    assert is_pinyin_name("Gong Rongjie") and is_pinyin_name("Wen Jiangyong")
    assert not is_pinyin_name("Western Financial Center") and not is_pinyin_name("Chongqing")
    assert is_headline("Chongqing Unveils Financial Sector Action Plan, Promoting Modern Services")
    assert not is_headline("In the field of green finance, Chongqing has helped enterprises.")
    terms = english_terms("Core Insights - The \"Financial Empowerment and Channel Linkage\" "
                          "conference, said Yao Li, Secretary of the Party Committee")
    assert "Financial Empowerment and Channel Linkage" in terms and "Party Committee" in terms
    assert "Core Insights" not in terms and "Yao Li" not in terms


def test_rank_drops_parts_always_inside_one_longer_term_and_keeps_cues() -> None:
    found = Counter({"poverty alleviation": 5, "targeted poverty alleviation": 3,
                     "financial targeted poverty alleviation": 3, "alleviation": 5})
    ranked = [r[0] for r in rank(found, Counter({"silver economy": 1}), Counter(), 10)]
    assert "poverty alleviation" in ranked and "financial targeted poverty alleviation" in ranked
    assert "targeted poverty alleviation" not in ranked and "alleviation" not in ranked
    assert "silver economy" in ranked


def test_english_terms_are_paired_with_their_chinese_originals() -> None:
    result = mine_corpus([SEEDS])
    pairs = {c.en: [s.term for s in c.suggestions] for c in result.english if c.suggestions}
    assert pairs["Western Financial Center"][0] == "西部金融中心"
    assert pairs["Chongqing Vehicles Going Abroad"][0] == "渝车出海"
    assert "千里马" not in pairs.get("Belt and Road", [])  # only a quoted name 200 characters off


# A small report and its translation, aligned only as wholes: the English puts two Chinese
# paragraphs on one line and cuts another in two, and one long Chinese sentence is three in
# English.
ZH = """一、金融工作
加大绿色金融支持力度。发展绿色金融，引导资金流向节能环保产业。
今年将下调存款准备金率0.5个百分点。中期借贷便利操作规模扩大到3000亿元。
普惠金融覆盖面持续扩大，小微企业贷款余额增长12.5%。
推动绿色金融标准建设，完善普惠金融服务体系，支持基金经理开展长期投资。
二、风险防范
存款准备金率保持稳定，中期借贷便利利率下降10个基点，普惠金融和绿色金融协调发展，市场预期总体平稳。
"""
EN = "\n".join([
    'I. Financial Work',
    'We will step up support through green finance. We will develop green finance and channel'
     ' funds to energy-saving and environmental protection industries. This year, we will cut '
     'the reserve requirement ratio by 0.5 percentage points.',
    'The scale of medium-term lending facility (MLF) operations will expand to 300 billion '
     'yuan.',
    'The coverage of inclusive finance continued to widen, and outstanding loans to small and'
     ' micro businesses grew by 12.5 percent.',
    'We will promote standards for green finance,',
    'improve the system of inclusive finance services, and support each fund manager in '
     'making long-term investments.',
    'II. Preventing Risks',
    'The reserve requirement ratio remained stable. The interest rate of the medium-term '
     'lending facility fell by 10 basis points. Inclusive finance and green finance developed '
     'in step, and market expectations were generally stable.',
    "",
])


def _pair(folder: Path, zh: str = ZH, en: str = EN, name: str = "report") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.zh.txt").write_text(zh, encoding="utf-8")
    (folder / f"{name}.en.txt").write_text(en, encoding="utf-8")
    return folder


def test_sentences_of_a_document_pair_are_aligned_whatever_the_lines() -> None:
    from cqfin_glossary.mining.align import align, split_en, split_zh
    from cqfin_glossary.mining.segment import segmenter

    assert split_zh("发展绿色金融。引导资金；支持创新！") == [
        "发展绿色金融。", "引导资金；", "支持创新！"]
    assert split_en("The U.S. dollar rose. No. 1 Plan took effect. It grew") == [
        "The U.S. dollar rose.", "No. 1 Plan took effect.", "It grew"]
    def lines(text: str) -> list[tuple[int, str]]:
        return [(n, t) for n, t in enumerate(text.splitlines(), 1) if t.strip()]

    beads = align(lines(ZH), lines(EN), segmenter("rjieba", ()).cut)
    by_zh = {b.zh: b.en for b in beads}
    assert by_zh["今年将下调存款准备金率0.5个百分点。"].startswith("This year, we will cut")
    assert "300 billion" in by_zh["中期借贷便利操作规模扩大到3000亿元。"]
    assert "fund manager" in next(en for zh, en in by_zh.items() if "基金经理" in zh)
    long = next(en for zh, en in by_zh.items() if zh.startswith("存款准备金率保持稳定"))
    assert long.startswith("The reserve requirement ratio") and long.endswith("generally stable.")
    assert all(b.zh and b.en for b in beads)


def test_renderings_come_from_the_aligned_sentences(tmp_path: Path) -> None:
    result = mine_corpus([_pair(tmp_path / "c")], min_freq=2)
    best = {c.zh: [s.term for s in c.suggestions] for c in result.chinese}
    assert best["绿色金融"][0] == "green finance"
    assert best["普惠金融"][0] == "inclusive finance"
    assert best["存款准备金率"][0] == "reserve requirement ratio"
    assert best["中期借贷便利"][0] == "medium-term lending facility"
    lending = next(c for c in result.chinese if c.zh == "中期借贷便利")
    assert any("abbreviated MLF" in e for e in lending.suggestions[0].evidence)
    assert not any(s.term != s.term.strip() for c in result.chinese for s in c.suggestions)
    # The English side counts for the list of English terms too.
    assert "green finance" in [c.en for c in result.english]


@pytest.mark.parametrize(("en", "why"), [
    ("", "report.en.txt is empty"),
    ("绿色金融和普惠金融。" * 20, "report.en.txt is not English"),
    ("Green finance.", "English letters per Chinese character"),
])
def test_a_pair_that_cannot_be_a_translation_is_mined_as_monolingual(tmp_path: Path, en: str,
                                                                      why: str) -> None:
    errors: list[str] = []
    result = mine_corpus([_pair(tmp_path / "c", en=en)],
                         on_error=lambda e: errors.append(str(e)))
    assert len(errors) == 1 and "report.zh.txt" in errors[0] and why in errors[0], errors
    assert "mined as monolingual" in errors[0]
    assert "绿色金融" in [c.zh for c in result.chinese]  # nothing lost


def test_a_half_without_its_counterpart_is_reported_and_mined(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (folder / "b.en.txt").write_text(EN, encoding="utf-8")
    errors: list[str] = []
    result = mine_corpus([folder], on_error=lambda e: errors.append(str(e)))
    assert sorted(errors) == [f"{folder / 'a.zh.txt'}: no counterpart a.en.txt; mined as "
                              "monolingual", f"{folder / 'b.en.txt'}: no counterpart b.zh.txt; "
                              "mined as monolingual"]
    assert "绿色金融" in [c.zh for c in result.chinese]
    assert "green finance" in [c.en for c in result.english]


def test_pinyin_only_for_names_and_a_gloss_only_when_nothing_else_is_found(tmp_path: Path
                                                                          ) -> None:
    from cqfin_glossary.mining.renderings import Sources, suggest

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("基金经理管理基金。“渝惠融”平台上线，基金经理参与。" * 3,
                                  encoding="utf-8")
    best = {c.zh: c.suggestions for c in mine_corpus([folder]).chinese}
    assert best["渝惠融"][0].term == "Yuhuirong"                # a quoted name
    manager = best["基金经理"]
    assert not any(s.term.lower() == "jijinjingli" for s in manager)  # an ordinary word
    assert [s.term for s in manager] == ["fund manager"]
    assert "word-by-word" in manager[0].evidence[0] and manager[0].score < 0.2
    assert [s.term for s in suggest("基金经理", Sources(known=lambda t: ["fund manager "]))] \
        == ["fund manager"]  # never a rendering with outer spaces


def test_a_quoted_compound_of_dictionary_words_gets_its_pinyin_last(tmp_path: Path) -> None:
    """Quoted is not a name: 中等收入陷阱 is read by its words first (the corpus's own English,
    then the gloss); its pinyin, still offered, comes after both. A name with a character of
    its own (渝惠融) still leads with its pinyin."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("跨越“中等收入陷阱”，推出“渝惠融”平台。\n" * 2, encoding="utf-8")
    (folder / "b.txt").write_text('We will avoid falling into the "middle-income trap," '
                                  "and we need to act.\n" * 2, encoding="utf-8")
    best = {c.zh: c.suggestions for c in mine_corpus([folder]).chinese}
    trap = best["中等收入陷阱"]
    assert trap[0].term == "middle-income trap"
    assert trap[-1].term == "Zhongdengshouruxianjing"
    assert "pinyin" in trap[-1].evidence[0] and trap[-1].score < trap[-2].score
    assert best["渝惠融"][0].term == "Yuhuirong"


def test_mining_modules_import_each_other_without_a_cycle() -> None:
    import ast

    folder = Path(__file__).resolve().parent.parent / "src" / "cqfin_glossary" / "mining"
    graph = {}
    for path in folder.glob("*.py"):
        if path.stem == "__init__":
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names.update([node.module] if node.module else [a.name for a in node.names])
        graph[path.stem] = {n for n in names if (folder / f"{n}.py").exists()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n}))
                   for n in graph.get(start, ()))

    assert not [m for m in graph if reaches(m, m, set())]


def test_a_long_list_is_written_to_the_glossary(tmp_path: Path, glossary_dir: Path) -> None:
    from cqfin_glossary import store
    from cqfin_glossary.cli import main

    corpus = _pair(tmp_path / "c")
    more = ZH * 2 + "“渝惠融”平台和“渝企金服”平台。" * 2
    (corpus / "more.txt").write_text(more, encoding="utf-8")
    assert main(["--glossary", str(glossary_dir), "mine", str(corpus), "-n", "100000",
                 "--min-freq", "1", "-q"]) == 0
    entries = [e for e in store.load(glossary_dir) if e.mining is not None]
    assert len(entries) >= 10
    assert all(s.term == " ".join(s.term.split()) for e in entries for s in e.suggestions)


def test_suggestions_are_the_same_whatever_the_hash_seed_and_the_jobs(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    corpus = _pair(tmp_path / "c")
    _pair(corpus, zh=ZH.replace("二、", "三、") * 2, en=EN.replace("II.", "III.") * 2, name="b")
    script = ("import json, sys; from cqfin_glossary.mining import mine_corpus; "
              "r = mine_corpus([sys.argv[1]], jobs=int(sys.argv[2]), min_freq=1); "
              "print(json.dumps([c.to_dict() for c in r.chinese + r.english]))")
    runs = []
    for seed, jobs in (("1", "1"), ("2", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script, str(corpus), jobs], env=env,
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out))
    assert runs[0] == runs[1]
    assert any(c["suggestions"] for c in runs[0])


def test_the_english_counts_do_not_depend_on_the_terms_asked_for(tmp_path: Path) -> None:
    """The English phrases were counted only in the sentence pairs holding a listed term, so
    a longer list changed the phrases' counts and, with them, the suggestions of the terms of
    a shorter one (16 of 983 first suggestions on the development corpus)."""
    from cqfin_glossary.corpus import iter_documents
    from cqfin_glossary.mining import cooccur
    from cqfin_glossary.mining.segment import segmenter

    folder = _pair(tmp_path / "c")
    cut = segmenter("rjieba", ()).cut
    docs = [d for d in iter_documents(sorted(folder.iterdir()), lambda err: None) if d.parallel]
    few = cooccur.count(docs, ["中期借贷便利"], cut)
    many = cooccur.count(docs, ["中期借贷便利", "绿色金融", "普惠金融", "存款准备金率"], cut)
    assert few.pairs == many.pairs and few.en == many.en and few.spelled == many.spelled
    assert few.en["inclusive finance"] >= 2  # counted in pairs without 中期借贷便利
    assert few.both["中期借贷便利"] == many.both["中期借贷便利"]


def test_renderings_do_not_depend_on_the_segmenter(tmp_path: Path) -> None:
    corpus = _pair(tmp_path / "c")
    fast, slow = (mine_corpus([corpus], backend=b, min_freq=1).chinese
                  for b in ("rjieba", "jieba"))
    by_term = {c.zh: c.suggestions for c in slow}
    shared = [c for c in fast if c.zh in by_term]
    assert len(shared) >= 5
    assert all(c.suggestions == by_term[c.zh] for c in shared)


def test_an_english_text_that_is_not_the_translation_is_left_out(tmp_path: Path) -> None:
    other = "\n".join([
        "The river flooded the old town twice last spring.",
        "Farmers moved their cattle to higher pastures before the rain.",
        "A new bridge was opened by the mayor in early summer.",
        "Schools closed for a week while the roads were repaired.",
        "Volunteers cooked meals for families who had lost their homes.",
        "The museum reopened its doors with an exhibition of local paintings.",
        "Tourists returned in autumn, and the markets were busy again.",
        "The council planted trees along both banks of the river.",
    ])
    errors: list[str] = []
    result = mine_corpus([_pair(tmp_path / "c", en=other)],
                         on_error=lambda e: errors.append(str(e)))
    assert len(errors) == 1 and "report.zh.txt" in errors[0], errors
    assert "does not read as its translation" in errors[0]
    assert "绿色金融" in [c.zh for c in result.chinese]
    assert not any(s.term == "river" for c in result.chinese for s in c.suggestions)


def test_phrases_keep_ordinals_particles_and_acronyms_in_any_case() -> None:
    from cqfin_glossary.mining.english import acronyms

    assert "15th Five-Year Plan" in english_terms("We will draw up the 15th Five-Year Plan.")
    found = phrases("We will deepen reform and opening up in 14th year.")
    assert "reform and opening up" in found and "th" not in found and "up" not in found
    assert acronyms("We reformed state-owned enterprises (SOEs) and the medium-term lending "
                    "facility (MLF) of the Communist Party of China (CPC).") == [
        ("state-owned enterprises", "SOEs"), ("medium-term lending facility", "MLF"),
        ("Communist Party of China", "CPC")]


def test_ly_nouns_and_adjectives_stay_inside_phrases_and_modals_cut_them() -> None:
    found = phrases("Keep the money supply stable and ensure elderly care services for every "
                    "family, and eco-friendly products.")
    assert {"money supply", "elderly care services", "family", "eco-friendly products"} <= \
        set(found)
    assert not any(p.endswith("elderly") for p in found)
    assert phrases("We will fully and steadily implement it.") == []
    assert not any("should" in p for p in phrases("Investment funds should play a role."))


def test_a_verb_form_after_an_adjective_is_a_noun() -> None:
    found = phrases("We will ensure efficient application of scientific and technological "
                    "advances.")
    assert "scientific and technological advances" in found
    assert "governments support" not in phrases("Local governments support small firms.")


def test_a_year_opens_a_name_after_the() -> None:
    assert "1992 Consensus" in english_terms("We stay committed to the 1992 Consensus.")
    assert not any(t.startswith("2024") for t in english_terms("In 2024 China Grew Fast."))


def _cooccurrence(pairs: list[tuple[str, str]], terms: list[str]):  # type: ignore[no-untyped-def]
    from cqfin_glossary.corpus import Document, Segment
    from cqfin_glossary.mining.cooccur import count

    doc = Document("t.tsv", "utf-8", [Segment(i, zh, en) for i, (zh, en) in enumerate(pairs, 1)],
                   parallel=True)
    return count([doc], terms, lambda text: list(text))


def test_a_phrase_rendering_every_part_is_not_a_fragment_of_a_longer_one() -> None:
    from cqfin_glossary.mining.renderings import Sources, suggest

    pairs = [("稳定产业链供应链。", "We will keep industrial and supply chains stable."),
             ("产业链供应链韧性增强。", "Industrial and supply chains became more resilient."),
             ("保障产业链供应链安全。", "We ensured the security of industrial and supply chains."),
             ("发展服务贸易。", "We developed trade in services."),
             ("扩大服务贸易。", "We expanded cross-border trade in services."),
             ("服务贸易增长。", "Cross-border trade in services grew."),
             ("服务贸易开放。", "We opened up cross-border trade in services.")]
    sources = Sources(cooccur=_cooccurrence(pairs, ["产业链供应链", "供应链", "服务贸易"]))
    assert suggest("供应链", sources)[0].term == "supply chains"
    assert suggest("产业链供应链", sources)[0].term == "industrial and supply chains"
    assert suggest("服务贸易", sources)[0].term == "trade in services"


def test_white_space_of_any_kind_between_english_words_reads_as_one_space() -> None:
    """'trade in services' (joined by 'in') was lost when a no-break space or two spaces
    stood between its words, as PDF and HTML text bring."""
    from cqfin_glossary.mining.renderings import Sources, suggest

    pairs = [("发展服务贸易。", "We developed trade in services."),
             ("扩大服务贸易。", "We expanded cross-border trade in services."),
             ("服务贸易增长。", "Cross-border trade in services grew."),
             ("服务贸易开放。", "We opened up cross-border trade in services.")]
    for gap in ("\u00a0", "  ", "\t"):
        odd = [(zh, en.replace(" ", gap)) for zh, en in pairs]
        sources = Sources(cooccur=_cooccurrence(odd, ["服务贸易"]))
        assert suggest("服务贸易", sources)[0].term == "trade in services", repr(gap)


def test_a_compound_no_found_rendering_reads_whole_gets_its_reading_last() -> None:
    """期货交易 stands in the reports inside 广州期货交易所: the aligned English gives
    'futures exchange' ('exchange' is no sense of 交易), and its reading 'futures trading'
    now follows, marked as a gloss; a term a found phrase renders whole gets none."""
    from cqfin_glossary.mining.renderings import GLOSS_EVIDENCE, Sources, suggest

    pairs = [("设立广州期货交易所。", "We set up the Guangzhou Futures Exchange."),
             ("广州期货交易所开业。", "The Guangzhou Futures Exchange opened."),
             ("发展服务贸易。", "We developed trade in services.")]
    sources = Sources(cooccur=_cooccurrence(pairs, ["期货交易", "服务贸易"]))
    got = suggest("期货交易", sources)
    assert got[0].term.lower() != "futures trading"
    assert got[-1].term == "futures trading" and GLOSS_EVIDENCE in got[-1].evidence
    assert all(GLOSS_EVIDENCE not in s.evidence for s in suggest("服务贸易", sources))


def test_a_term_seen_once_finds_the_phrase_its_glosses_speak_for() -> None:
    from cqfin_glossary.mining.renderings import Sources, suggest

    en = ("We will broaden access for angel capital, advance bond markets, build asset "
          "exchanges, cut approval delays, ease bank entry, aid county banks, add basic "
          "accounts, back early firms, create audit tools, draw capital flows, fund cities, "
          "aid brokers and develop private equity.")
    sources = Sources(cooccur=_cooccurrence([("发展私募股权。", en)], ["私募股权"]))
    assert suggest("私募股权", sources)[0].term == "private equity"


def test_a_suggestion_needs_evidence_and_pinyin_a_name(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(
        'The "千里马" initiative was launched next to the "Belt and Road" plan. '
        "稳岗扩岗政策落地，稳岗扩岗见效。\n" * 3, encoding="utf-8")
    best = {c.zh: [s.term for s in c.suggestions] for c in mine_corpus([folder]).chinese}
    assert best["千里马"] == ["Qianlima"]  # a quoted name nearby is not its rendering
    assert not any(t.lower() == "wengangkuogang" for t in best["稳岗扩岗"])  # not a name


def test_a_word_rendering_a_part_the_dictionary_misses_is_no_noise() -> None:
    from cqfin_glossary.mining import glosses

    parts = glosses.gloss_parts("乡村振兴战略")  # CC-CEDICT has no 'rural' for 乡村
    whole = glosses.compositional(parts, "rural revitalization strategy")
    assert whole == glosses.compositional(parts, "revitalization strategy") > 0
    assert glosses.compositional(parts, "rural revitalization strategy in conjunction") < whole
    assert glosses.compositional(glosses.gloss_parts("服务贸易"), "cross-border trade in "
                                 "services") < glosses.compositional(
        glosses.gloss_parts("服务贸易"), "trade in services")


def test_extended_joins_whole_words_only() -> None:
    """A phrase found inside a longer word ('conduct' in 'conducting', 'north' in 'northwest')
    is no place to join from: the joined phrase would end mid-word."""
    from cqfin_glossary.mining.cooccur import extended

    en = ("We improved mechanisms for conducting reviews and the shelterbelt program in "
          "northwest China.")
    out = extended(en, ["mechanisms", "conduct", "shelterbelt program", "north", "northwest China"])
    assert "mechanisms for conduct" not in out
    assert "shelterbelt program in north" not in out
    assert "shelterbelt program in northwest China" in out


def test_an_english_term_nearly_always_inside_a_longer_one_gives_way() -> None:
    """'alleviation' stood in the English term list beside 'poverty alleviation', which
    holds 43 of its 47 occurrences in the reports."""
    from collections import Counter

    from cqfin_glossary.mining.enterms import rank

    found = Counter({"poverty alleviation": 43, "alleviation": 47, "fiscal policy": 29,
                     "proactive fiscal policy": 20})
    kept = {row[0] for row in rank(found, Counter(), Counter(), 10)}
    assert kept == {"poverty alleviation", "fiscal policy", "proactive fiscal policy"}


def test_the_words_before_a_phrase_are_read_between_any_white_space() -> None:
    """Where a longer phrase may start (the names or the verb before a phrase) is read
    between white space of any kind (a tab, a no-break or ideographic space from a PDF) as
    between spaces; a phrase after a bracket or opening the text has no word before it."""
    from cqfin_glossary.mining.cooccur import _heads, extended
    from cqfin_glossary.mining.enterms import phrases

    en = ("We will expand domestic demand, build the Chengdu-Chongqing economic circle and "
          "(green finance) reform.")
    verbed: set[str] = set()
    out = extended(en, phrases(en), verbed)
    assert "Chengdu-Chongqing economic circle" in out
    assert verbed == {"expand domestic demand"}
    assert not [p for p in out if p.startswith(("and green", "(green"))]
    begins = [en.find(w) for w in ("domestic", "economic", "green", "We")]
    heads = _heads(en, begins)
    assert heads == ({begins[0]: [en.find("expand")], begins[1]: [en.find("Chengdu")]},
                     {begins[0]: en.find("expand")})
    for gap in ("\t", "\u00a0", "\u3000"):
        assert _heads(en.replace(" ", gap), begins) == heads


def test_the_kind_a_name_names_is_a_rendering_of_its_own() -> None:
    """证券交易所 stands in the reports only inside 北京证券交易所 and 上海证券交易所, so its
    English was 'Beijing Stock Exchange'; the kind the name names is now counted too."""
    from cqfin_glossary.mining.cooccur import _generic

    assert _generic(["Beijing Stock Exchange", "Shanghai Futures Exchange"]) == [
        "stock exchange", "futures exchange"]
    # what is left of a person's name, a compound cut at its hyphen, a name of two words
    assert _generic(["Xi Jinping Thought", "Guangdong-Hong Kong-Macao Greater Bay Area",
                     "Belt and Road Initiative", "People's Bank"]) == []


def test_a_plural_that_names_another_thing_keeps_its_key() -> None:
    """证券 was rendered 'security' and 期货 'future': their English shared the key of the
    singular, which national security and a shared future made the usual spelling."""
    from cqfin_glossary.mining.enterms import phrase_key

    assert phrase_key("securities") != phrase_key("security")
    assert phrase_key("Futures") == "futures" != phrase_key("future")
    assert phrase_key("capital markets") == phrase_key("capital market")


def test_a_with_phrase_joins_a_rendering_and_a_particle_ends_a_phrase() -> None:
    """中国特色社会主义 was rendered 'Chinese characteristics': the join by 'with' was left out,
    for it also made 'ahead with new industrialization' and 'adjustments with macro'."""
    from cqfin_glossary.mining.cooccur import extended
    from cqfin_glossary.mining.enterms import phrases

    en = ("We will uphold socialism with Chinese characteristics, build a human community "
          "with a shared future, move ahead with new industrialization and make "
          "adjustments with macro policies.")
    out = extended(en, phrases(en))
    assert {"socialism with Chinese characteristics", "community with a shared future",
            "human community with a shared future"} <= set(out)
    assert not [p for p in out if p.startswith("ahead") or p.endswith("with macro")]
    assert "ahead" not in phrases(en)


def test_domain_senses_come_before_the_dictionary_readers() -> None:
    from cqfin_glossary.mining import glosses

    assert glosses.senses("区")[0] == "zone"  # CC-CEDICT: area, region, district
    assert glosses.senses("机构")[0] == "institution"  # CC-CEDICT: mechanism first
    assert "district" in glosses.senses("区")  # the dictionary's own senses stay
    parts = glosses.gloss_parts("自由贸易试验区")
    assert glosses.compositional(parts, "pilot free trade zones") == 1.0
    assert glosses.literal_gloss(glosses.gloss_parts("衍生品交易")) == "derivatives trading"


def test_a_word_by_word_gloss_cuts_the_term_into_the_fewest_headwords() -> None:
    """Longest headword first read 责任人员 as 责任人 + 员, "responsible person person"."""
    from cqfin_glossary.mining import glosses

    assert [p for p, _ in glosses.gloss_parts("责任人员")] == ["责任", "人员"]
    assert glosses.literal_gloss(glosses.gloss_parts("高级管理人员")) == \
        "senior management personnel"
    # a seven-character headword is one part: not "China the people republic"
    assert glosses.gloss_parts("中华人民共和国公司法")[0][0] == "中华人民共和国"
    # the senses policy compounds take, not a dictionary reader's first ones
    assert glosses.literal_gloss(glosses.gloss_parts("货币政策委员会")) == \
        "monetary policy committee"  # not 'currency policy committee'
    assert glosses.literal_gloss(glosses.gloss_parts("证券服务机构")) == \
        "securities service institution"  # not 'securities serve institution'
    # a tie in parts goes to the fewer single characters, then to the longer first part
    assert [p for p, _ in glosses.gloss_parts("自由贸易试验区")] == ["自由贸易", "试验区"]


def test_a_phrase_rendering_the_term_beside_it_each_time_beats_a_rare_one() -> None:
    """'pilot free trade zones' stands beside 自由贸易试验区 in both its pairs, and in other
    pairs beside its short form 自贸试验区: Dice alone would prefer 'scale of pilot free',
    seen once in all. How often it goes with the term counts, as far as it renders it."""
    from cqfin_glossary.mining.renderings import Sources, suggest

    pairs = [("优化自由贸易试验区布局范围。",
              "We will improve the layout and scale of pilot free trade zones."),
             ("实施自由贸易试验区提升战略。",
              "The strategy to upgrade pilot free trade zones was implemented.")]
    pairs += [(f"支持自贸试验区{n}。", f"We supported pilot free trade zones in {w}.")
              for n, w in enumerate(["trade", "finance", "services", "customs", "law", "data"])]
    sources = Sources(cooccur=_cooccurrence(pairs, ["自由贸易试验区", "自贸试验区"]))
    assert suggest("自由贸易试验区", sources)[0].term == "pilot free trade zones"


def test_plural_and_singular_add_up_and_a_rendered_word_of_kind_stays() -> None:
    """'capital market' and 'capital markets' are one phrase to associate; and 'system' is a
    word of kind ('... pilot system' names a kind of thing) except where the Chinese term
    has it (体系 of 社会信用体系)."""
    from cqfin_glossary.mining.renderings import Sources, suggest

    pairs = [("发展多层次资本市场。", "We will develop the multi-tiered capital market."),
             ("健全多层次资本市场。", "We improved multi-tiered capital markets."),
             ("多层次资本市场更加完善。", "The multi-tiered capital markets were improved."),
             ("深化多层次资本市场改革。", "We deepened reform of the multi-tiered capital market."),
             ("完善社会信用体系。", "We will improve the social credit system."),
             ("社会信用体系建设加快。", "Building of the social credit system sped up."),
             ("加强社会信用体系建设。", "We will strengthen the social credit system."),
             ("推进信用评级。", "We advanced social credit rating."),
             ("规范信用修复。", "We standardized social credit repair.")]
    sources = Sources(cooccur=_cooccurrence(pairs, ["多层次资本市场", "社会信用体系"]))
    assert suggest("多层次资本市场", sources)[0].term in ("multi-tiered capital market",
                                                      "multi-tiered capital markets")
    assert suggest("社会信用体系", sources)[0].term == "social credit system"


def test_a_code_is_counted_beside_its_english_only_as_a_whole_token() -> None:
    pairs = [("推进5G网络建设。", "We advanced 5G networks."),
             ("推出15G流量包。", "A 15G data plan was launched.")]
    co = _cooccurrence(pairs, ["5G"])
    assert co.zh["5G"] == 1


def test_a_cross_reference_of_the_dictionary_is_no_gloss() -> None:
    """CC-CEDICT gives 旧 (old) the sense 'opposite: new 新': read as a gloss, 'new-energy'
    rendered two of the three parts of 以旧换新 (trade-in) and came before 'consumer goods
    trade-in', which stood beside it in three pairs of four. Pointers to another headword
    ('see ...', 'variant of ...', 'used in ...') say nothing of the word either."""
    from cqfin_glossary.mining import glosses

    assert not any(s.startswith("opposite") for s in glosses.senses("旧"))
    assert "old" in glosses.senses("旧")
    assert glosses.gloss_cover(glosses.gloss_parts("以旧换新"), "new-energy")[0] < 0.5
    assert glosses.senses("一下儿") == []  # 'erhua variant of 一下': nothing of its own


def test_a_pinyin_name_with_an_apostrophe_stays_whole_inside_a_name() -> None:
    """The apostrophe of Lin'gang parts its syllables: the name was cut at 'Zone Lin', which
    the development corpus's 片区 then got as its English."""
    found = english_terms("and the China (Shanghai) Pilot Free Trade Zone Lin’gang New Area "
                          "was established in Xi'an High-Tech Zone")
    assert "Pilot Free Trade Zone Lin’gang New Area" in found
    assert not any(t.endswith(("Lin", " Xi")) for t in found)
    # a possessive still ends the run
    assert english_terms("the Bank of China’s Loan Prime Rate") == [
        "Bank of China", "Loan Prime Rate"]
