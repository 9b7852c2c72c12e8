"""Termhood: parts of speech, stoplists, specificity, C-value, nested sub-term reduction.

A candidate must be a noun phrase or a name by its parts of speech (pos.py)
and open and close on no phrase word. Its score multiplies its C-value
(frequency weighted by length, less what longer candidates containing it
explain) by its specificity (how much more often the corpus uses it than
general Chinese, as jieba's dictionary frequencies record it: 利率 and 通胀 are
dictionary words, but a central-bank report uses them hundreds of times more
often than general text, 公司 and 记者 a few times); quotes, title marks, a
short Chinese run inside English text, and the glossary add a bonus. The
counts are those of the first pass (word-anchored n-grams), so the second pass
only looks up the ranked terms; boundary entropy is no longer needed to tell a
fragment, since candidates never cross a function word (it is shown only).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import lexicon
from .newwords import cohesion, is_han
from .pos import ADJECTIVE_TAGS, LINK, PREFIXES, Edges

# Characters that never open or close a term.
EDGE_CHARS = frozenset("的了和与及或等在是对将把被为以从也都并其之于而就向由到给让使着过"
                       "吗呢该此各每这那个还又再")
# Words that open a phrase, not a term: policy verbs, adverbs, time and scope words.
HEAD_WORDS = frozenset([
    "推动", "推进", "加快", "加强", "支持", "促进", "深化", "提升", "完善", "打造", "实施", "开展",
    "鼓励", "引导", "强化", "持续", "不断", "进一步", "积极", "着力", "有效", "切实",
    "大力", "重点", "围绕", "聚焦", "落实", "发布", "召开", "举行", "表示", "介绍", "指出", "截至",
    "同比", "增长", "达到", "超过", "累计", "实现", "推出", "建立", "健全", "构建", "形成", "提高",
    "加大", "扩大", "做好", "用好", "助力", "带动", "探索", "优化", "发挥", "保持", "确保", "坚持",
    "通过", "进行", "相关", "有关", "主要", "各类", "一批", "多个", "重要", "重大", "已经", "目前",
    "今年", "去年", "近年来", "同时", "其中", "以及", "此外", "为了", "根据", "按照", "我们",
    "我市", "全市", "本市", "全国", "新增", "成功", "首次", "分别", "共", "约", "近", "超", "达",
    "已", "将", "持续", "稳步", "着眼", "用于", "取得", "发行", "落地", "设立", "获得",
    "完成", "提供", "满足", "覆盖", "引进", "组建", "召集", "印发", "出台", "上线", "开通", "搭建",
    "运用", "利用", "依托", "针对", "面向", "聚集", "集聚", "精准", "深入", "扎实", "不断",
    "充分", "日前", "近日", "记者", "据悉", "年末", "当前", "以来", "期间", "之间", "以后", "以前",
    "之后", "之前", "明年", "前年", "上半年", "下半年", "全年", "当年", "过去", "今后", "未来几年",
    # statute verbs jieba lists as nouns or adverbs: 会同 "jointly with", 并处 "and impose"
    "会同", "并处",
    # a statute's references to itself and its dates ("this Law", "the preceding paragraph",
    # "from the date of"; jieba tags 之日起 a place name), and comparatives
    "本法", "本条", "本款", "前款", "本条例", "本规定", "本办法", "之日起", "更大", "更高",
    "更多", "更好", "更加", "经", "以下",
    # the enumerators of a list ("first", "second", ...)
    "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是",
])
# Words that close a phrase, not a term.
TAIL_WORDS = frozenset([
    "工作", "建设", "方面", "领域", "情况", "水平", "能力", "作用", "力度", "规模", "等", "相关",
    "增长", "亿元", "万元", "万户", "余家", "家", "个", "项", "笔", "户", "余", "多", "以上",
    "左右", "同比", "提升", "推进", "实施", "提供", "支持", "推动", "开展", "加快", "上线", "落地",
    "发布", "举行", "召开", "表示", "介绍", "指出", "显示", "成为", "达到", "超过",
    "突破", "实现", "累计", "以来", "期间", "之际", "方面", "中", "上", "下", "进行", "取得",
    "带动", "助力", "有效", "持续", "分别", "共", "约", "达", "已", "将", "新", "多家", "一批",
    "全年", "年末", "年底", "末", "时", "后", "前", "内", "外", "规定", "依法", "责令", "履行",
    "贯彻", "不足", "为准", "有关", "建成", "相适应", "投用",
    # predicate adjectives: they close a clause about the words before them (党中央坚强,
    # 成效明显, 流动性合理充裕, 城镇调查失业率平均)
    "坚强", "壮大", "重要", "平稳", "明显", "丰硕", "较大", "严峻", "扎实", "繁重", "良好",
    "准确", "重大", "充裕", "辉煌", "平均", "好", "严重",
])
# Verbs used as nouns that open a verb phrase when the candidate has this many words or
# more: 发展新质生产力 "develop new quality productive forces", 建设现代化产业体系,
# 保障国家粮食安全, 稳定产业链供应链; not 发展规划, 建设用地, 保障体系 (a noun compound of two
# words).
VERB_OPENERS = {"发展": 3, "建设": 3, "保障": 3, "稳定": 2}
# A phrase of three words or more that opens on the nation or closes on a measure names an
# institution or a statistic (全国统一大市场, 社会融资规模, 价格总水平); with two words it is
# a phrase (全国推广, 服务水平).
SCOPE = frozenset(["全国"])
MEASURES = frozenset(["规模", "水平"])
SPECIFIC_MID = 4.0     # e**4 (55) times the general rate: half-way to specific
SPECIFIC_FLOOR = 0.3
# the share of a term's occurrences inside one longer term that makes it a part: a term that
# stands on its own a fifth of the time stays (银行业监督管理机构, 145 times, 115 of them in
# 国务院银行业监督管理机构)
NESTED = 0.8
_NUMBER = re.compile(r"\d{3,8}")


@dataclass
class Judged:
    """A term with its score and what the score is made of."""

    term: str
    score: float
    components: dict[str, float]
    # the longer candidates that hold this one, when by the first pass's counts one of them
    # holds nearly all its occurrences; empty once it is known to stand on its own
    # (see settle_nested)
    inside: tuple[tuple[str, float], ...] = ()  # (candidate, its first-pass count)
    opens_on_char: bool = False  # its first word is one character (业 of 业监督管理)


def plausible(gram: str) -> bool:
    """Cheap filter applied before the words of a candidate are looked at."""
    if _NUMBER.fullmatch(gram):
        return True
    # the n-grams are word-anchored and hold no function word: only one-character words left
    return len(gram) >= 2


def phrase_like(words: list[str]) -> bool:
    """True when the segmented term opens or closes with a phrase word."""
    if not words:
        return True
    long = len(words) >= 3
    if len(words) >= VERB_OPENERS.get(words[0], 99):
        return True
    if (words[0] in HEAD_WORDS and not (long and words[0] in SCOPE)) or \
            (words[-1] in TAIL_WORDS and not (long and words[-1] in MEASURES)):
        return True
    # 再 opening 再贷款 is a prefix (pos.PREFIXES; the edges check that a noun follows it)
    return len(words) > 1 and any(len(w) == 1 and w in EDGE_CHARS and (i or w not in PREFIXES)
                                  for i, w in enumerate(words))


def not_a_term(term: str, words: list[str], edges: Edges) -> bool:
    """A clause fragment, a phrase or an amount: decided before the second pass."""
    if _NUMBER.fullmatch(term):
        return False
    if LINK in words:
        return not linked_term(words, edges)
    # the stop lists first: they cost less than the parts of speech
    return term.endswith("元") or phrase_like(words) or phrase_like(edges.fine(words)) or \
        not edges.term_like(words)


def linked_term(words: list[str], edges: Edges) -> bool:
    """An adjective (after an adverb or an adjective, if any), 的 and a term: a named policy
    (稳健的货币政策, 更加积极的财政政策), not a clause (保持稳健的货币政策) or a phrase
    (重要的作用)."""
    at = words.index(LINK)
    left, right = words[:at], words[at + 1:]
    tags = [edges.tags.get(w) or "" for w in left]
    return 1 <= len(left) <= 2 and tags[-1] in ADJECTIVE_TAGS and \
        all(t.startswith(("a", "d")) for t in tags) and LINK not in right and \
        bool(right) and edges.term_like(right) and not phrase_like(right)


def general_estimate(term: str, words: list[str], freqs: Mapping[str, int]) -> float:
    """The general-language frequency of a candidate: jieba's count for a dictionary word; for
    a phrase, the harmonic combination of its words' counts, a hundredth for each join (as
    wordfreq estimates an unseen phrase, with a tenth): 经济发展 of two common words is
    common, a phrase with a rare or new word (陆海, 渝金盾) is rare.

    This makes most phrases look far more specific than any dictionary word. A calibrated
    estimate was measured in its place on the development corpus (the words' counts taken as
    independent, times the median PMI of jieba's own compounds, e**6.4 to e**7.5; compounds
    jieba counts 5 times or fewer estimated from their halves): recall@500 of the gold terms
    seen twice fell from 0.267 to 0.15-0.22, and within each frequency band it told gold terms
    from the other candidates less well (AUC 0.52-0.84 against 0.59-0.88). The policy terms a
    translator wants are mostly phrases of common words (金融机构, 财政政策), which an honest
    estimate finds general; no weighting of either estimate went past 0.28."""
    if term in freqs or len(words) < 2:
        return float(freqs.get(term, 0))
    inverse = sum(1 / (freqs.get(w, 0) + 0.5) for w in words)
    return 1 / inverse / 100 ** (len(words) - 1)


def specificity(freq: int, corpus_size: int, general: float, general_total: int) -> float:
    """Log ratio of the term's rate in the corpus to its (smoothed) rate in general Chinese
    (both smoothed: a name found only inside English text has no n-gram count)."""
    return math.log((max(freq, 0.5) / max(1, corpus_size)) / ((general + 0.5) / general_total))


@dataclass
class Corpus:
    """What the judge compares a candidate with: every n-gram's count, the corpus size in
    Chinese words, and the general-language counts (``general``, out of ``general_total``)."""

    grams: Mapping[str, int]
    size: int
    general: Mapping[str, float]
    general_total: int


def judge(term: str, freq: int, cue: int, run: int, known: bool, words: list[str],
          corpus: Corpus, code: int = 0) -> Judged | None:
    """Score one term (already screened by ``not_a_term``) seen ``freq`` times, or None;
    ``code``: how often it stands as a Latin code in Chinese text (5G, M2)."""
    if freq == 0:
        return None
    general_freq = corpus.general.get(term, 0)
    strong = cue > 0 or known or code > 0
    if not strong and len(words) == 1 and general_freq > 0 and freq < 2:
        return None  # a dictionary word seen once: its specificity cannot be told
    coh = cohesion(term, corpus.grams, corpus.size)
    spec = specificity(freq, corpus.size, general_freq, corpus.general_total)
    components = {"frequency": float(freq), "specificity": round(spec, 4),
                  "cue": float(cue), "run": float(run), "glossary": float(known),
                  "words": float(len(words))}
    if code:
        components["code"] = float(code)
    if coh is not None:
        components["cohesion"] = round(coh, 4)
    return Judged(term, 0.0, components, opens_on_char=len(words[0]) == 1 if words else False)


def finish(judged: list[Judged], context: set[str] | None = None) -> list[Judged]:
    """C-value over the judged set, nested sub-term reduction, and the final score. A term of
    ``context`` (when given) is weighed against the containers of ``context`` only.

    A term that one longer candidate nearly always holds by the first pass's counts is
    only provisionally kept, with its containers in ``inside``: the word-anchored counts
    miss a term where the segmenter cut across it (小微企业 counted 50 times of 108, most
    of the rest inside 中小微企业), so ``settle_nested`` decides on the exact counts of
    the second pass. A term that opens on a one-character word is decided here: its
    exact count holds the tails of longer words (业监督管理 of 银行业监督管理)."""
    by_term = {j.term: j for j in judged}
    # keyed by the longer term: a membership test on a list of dataclasses compared every field
    containers: dict[str, dict[str, Judged]] = {t: {} for t in by_term}
    for longer in judged:
        for size in range(2, len(longer.term)):
            for i in range(len(longer.term) - size + 1):
                part = longer.term[i:i + size]
                if part in containers:
                    containers[part].setdefault(longer.term, longer)
    kept = []
    for j in judged:
        freq = j.components["frequency"]
        outer = list(containers[j.term].values())
        if context is not None and j.term in context:
            outer = [o for o in outer if o.term in context]
        strong = j.components["cue"] + j.components["run"] + j.components["glossary"] + \
            j.components.get("code", 0.0) > 0
        if outer and not strong and max(o.components["frequency"] for o in outer) >= NESTED * freq:
            # mostly part of one longer candidate (高质量 in 高质量发展): keep only that; a
            # word inside many different terms (保险 in 养老保险, 存款保险...) stays
            if j.opens_on_char:
                continue
            j.inside = tuple(sorted((o.term, o.components["frequency"]) for o in outer))
        nested = sum(o.components["frequency"] for o in outer) / len(outer) if outer else 0.0
        cvalue = math.log2(len(j.term) + 1) * max(0.5, freq - nested)
        j.components["cvalue"] = round(cvalue, 4)
        j.score = round(_score(j.components, cvalue), 4)
        kept.append(j)
    return sorted(kept, key=lambda j: (-j.score, j.term))


def head(ranked: list[Judged], limit: int) -> list[Judged]:
    """The first ``limit`` settled terms of ``ranked`` with the provisional ones among them:
    what the second pass has to count for ``settle_nested``."""
    out: list[Judged] = []
    settled = 0
    for j in ranked:
        if settled >= limit:
            break
        out.append(j)
        settled += not j.inside
    return out


def settle_nested(ranked: list[Judged], exact: Mapping[str, int], limit: int) -> list[Judged]:
    """Drop each provisional term that one of its containers holds NESTED of the time by the
    exact counts (``exact``, of the second pass; a container not counted there keeps its
    first-pass count); the first ``limit`` of the rest."""
    out = []
    for j in ranked:
        if j.inside:
            own = exact.get(j.term) or j.components["frequency"]
            most = max(exact.get(o) or first for o, first in j.inside)
            if most >= NESTED * own:
                continue
            j.inside = ()
        out.append(j)
    return out[:limit]


def specific(spec: float) -> float:
    """Specificity in (0, 1): a term a corpus uses e**SPECIFIC_MID times more often than
    general Chinese is half-way; general words (公司, 记者) are near 0, domain words
    (利率, 外汇) and new terms near 1."""
    return 1 / (1 + math.exp(-(spec - SPECIFIC_MID)))


def weight(spec: float) -> float:
    """What specificity multiplies a term's C-value by: from SPECIFIC_FLOOR for a word as
    common as in general Chinese to 1 + SPECIFIC_FLOOR for a term of the domain. The floor
    keeps frequent established words (国务院, 保险, 人民币) in reach: a policy corpus is close
    to jieba's reference text, so their specificity is modest."""
    return SPECIFIC_FLOOR + specific(spec)


def _score(c: dict[str, float], cvalue: float) -> float:
    base = math.log1p(cvalue) * weight(c["specificity"])
    return base + 2.0 * min(1.0, c["cue"]) + 1.0 * min(1.0, c["run"]) + 1.5 * c["glossary"] + \
        0.5 * min(1.0, c.get("code", 0.0))


MIN_WHOLE = 3  # occurrences that must all share one neighbour to take it as part of a word
# Characters that open a term as a bound prefix or a number although the segmenter reads them
# alone (超长期, 可再生, 不正当, 非银行, 二十国集团); a wider rule (any character the segmenter
# joins to the term's first word, or any one-character word) also took verbs, prepositions and
# halves of words on the development corpus (走和平发展道路, 经国务院, 通货币政策, 届中国国际).
BOUND = frozenset("超可不非准副总亚次泛反逆双多单一二三四五六七八九十两")
WELL_KNOWN = 50  # uses in jieba's reference text of a word a term is taken to go on with
COMMON_VERB = 3000  # uses of a verb that goes on with a sentence more often than a name
MIN_NEXT = 5  # occurrences that must all go on with the same character


def whole_words(ranked: list[Judged], located: Mapping[str, Any],
                examples: Mapping[str, list[str]], cut: Callable[[str], list[str]]
                ) -> list[Judged]:
    """Each term that every one of its occurrences (``located``: the second pass's exact
    figures) opens on the same bound prefix or number (BOUND) given it too: 长期特别国债 is
    always 超长期特别国债, 再生能源 always 可再生能源 (the first pass cut them where the
    segmenter read 超 or 可 as a word of its own, which a term never opens on). Only when
    the examples (``examples``: snippets) write the whole after different characters, so
    that the prefix is no half of a word (可 of 许可). Likewise a term that every
    occurrence follows with the same character is given the word every example follows it
    with, when that is a well-known word of the name's kind (协定 after 区域全面经济伙伴关系,
    制度 after 民族区域自治; not 或者 or a verb of the sentence). A term whose whole form
    is in the list already is dropped. Decided per term on its own counts and first
    examples, so a longer list changes none of it."""
    taken = {j.term for j in ranked}
    out = []
    for j in ranked:
        stats = located.get(j.term)
        strong = j.components["cue"] + j.components["run"] + j.components["glossary"] + \
            j.components.get("code", 0.0) > 0
        whole = None if strong or stats is None or stats.frequency < MIN_WHOLE else \
            _whole(j.term, stats, examples.get(j.term, []), cut)
        if whole is None:
            out.append(j)
            continue
        if whole in taken:
            continue
        taken.add(whole)
        j.term = whole
        out.append(j)
    return out


def _whole(term: str, stats: Any, texts: list[str], cut: Callable[[str], list[str]]
           ) -> str | None:
    whole = term
    if not stats.edges[0] and len(stats.left) == 1:
        [char] = stats.left
        if char in BOUND and cut(char + term)[0] == char and _free(char + term, texts):
            whole = char + term
    if not stats.edges[1] and len(stats.right) == 1 and stats.frequency >= MIN_NEXT:
        whole += _next_word(term, texts, cut)
    return whole if whole != term else None


def _next_word(term: str, texts: list[str], cut: Callable[[str], list[str]]) -> str:
    """The word every example (two at least) writes right after ``term``, when the
    segmenter reads it as a well-known word of two characters or more: 协定 after
    区域全面经济伙伴关系, 中和 after 碳达峰碳; else nothing."""
    found = set()
    for text in texts:
        at = text.find(term)
        while at >= 0:
            end, place = at + len(term), 0
            for word in cut(text):
                if place == end:
                    found.add(word)
                    break
                if place > end:
                    found.add("")
                    break
                place += len(word)
            at = text.find(term, at + 1)
    if len(texts) < 2 or len(found) != 1:
        return ""
    [word] = found
    uses = lexicon.frequencies([word]).get(word, 0)
    if len(word) < 2 or not all(map(is_han, word)) or word in HEAD_WORDS or uses < WELL_KNOWN:
        return ""
    tag = lexicon.tags([word]).get(word, "x")
    # a conjunction, preposition, pronoun, adverb, particle, adjective, number or measure
    # word goes on with the sentence, not with the term (或者, 及其, 重要); so does a common
    # verb (增加, 推进), where a rarer one ends a name (协定, 扣除, 统筹)
    return "" if tag[:1] in tuple("cprduamqf") or (tag == "v" and uses > COMMON_VERB) else word


def _free(whole: str, texts: list[str]) -> bool:
    """Whether the examples write ``whole`` after two different Chinese characters, so that its
    first character is no second half of a word (可 of 许可). A snippet's start is no
    evidence: snippets are cut out of longer lines."""
    seen = set()
    for text in texts:
        at = text.find(whole)
        while at >= 0:
            if at and is_han(text[at - 1]):
                seen.add(text[at - 1])
            at = text.find(whole, at + 1)
    return len(seen) >= 2
