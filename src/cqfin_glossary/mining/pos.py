"""Parts of speech at a term's edges: which words may open, close or sit inside a Chinese term.

The tags are jieba's dictionary tags (ICTCLAS style), read per distinct word
from the lexicon cache: jieba's own tagger (and rjieba's) gives a dictionary
word its dictionary tag whatever the context, so looking the tag up costs one
dictionary access per word instead of tagging the text a second time (rjieba's
tagger costs three times its segmenter, jieba.posseg five times jieba.lcut).
A word the dictionary does not list is a name or a new word: a term word.

A term is a noun phrase or a name. It never holds a function word (auxiliary,
preposition, conjunction, pronoun, modal particle, a one-character adverb or
localiser, a number or a counter): those split the text before counting. Its
edges are judged on the shortlist: jieba's tags are too coarse to decide alone
(转移支付, 特别国债 and 未来产业 open on a verb, an adverb and a time word), so a verb,
adverb, time word, localiser or idiom may open a term only when the corpus does
not use it as the head of many different phrases (推动, 加快, 进一步, 今年 open
dozens), and may close one only when it is not a clause verb (利率上升).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache
from itertools import repeat

from . import lexicon

BREAK, EDGY, WORD = 0, 1, 2   # roles: outside any term; at an edge only if rare there; anywhere
LONE = 3  # a WORD of two characters or more: also a candidate on its own (Roles.of only)

# Tag prefixes of words that are never part of a term: u auxiliary, p preposition,
# c conjunction, r pronoun, y modal particle, e interjection, o onomatopoeia, k suffix,
# h prefix, mq numeral + measure word, zg single-character morphemes (且, 仍, 今).
_BREAK_TAGS = ("u", "p", "c", "r", "y", "e", "o", "k", "h", "mq", "zg")
# Verbs, adverbs, idioms, status words: heads of phrases as often
# as parts of terms. One-character adverbs and localisers (亦, 已, 将, 上, 中) always break.
_EDGY_TAGS = ("v", "d", "i", "z", "ad")
NUMERALS = frozenset("0123456789〇一二三四五六七八九十百千万亿两几半第首零壹贰叁肆伍陆柒捌玖拾佰仟")
FUNCTION_CHARS = frozenset(
    "的了和与及或等在是对将把被为以从也都并其之于而就向由到给让使着过至亦会可")
COUNTERS = frozenset("只个家项笔户位名批次件条种类处所座台辆张份倍")  # not 元: 港元
UNITS = frozenset("十百千万亿")  # the numerals that scale the digits before them
# Verbs by jieba's dictionary that finance and policy text use as nouns (支付体系, 融资担保).
NOMINAL_VERBS = frozenset([
    "需求", "增长", "振兴", "开放", "就业", "创新", "治理", "保障", "结算", "支付", "配置", "发行",
    "担保", "质押", "贴现", "租赁", "托管", "清算", "兑换", "汇兑", "授信", "理财", "改造", "监测",
    "预警", "审批", "登记", "执法", "养老", "试验", "评估", "融合", "转型", "保护", "投保", "承保",
    "贷款", "存款", "储备", "减值", "违约", "回购", "出资", "上市", "并购", "重组", "破产", "纳税",
    "征信", "普惠", "核算", "审计", "补贴", "贴息", "救助", "扶贫", "脱贫", "帮扶", "赋能", "收入",
    "消费", "投资", "融资", "贸易", "出口", "进口", "服务", "管理", "监管", "改革", "发展", "建设",
    "安全", "稳定", "制造", "注册"])
# Verbs of a clause, never of a term (at its edges or inside): report, change,
# comparison and modal verbs.
CLAUSE_VERBS = frozenset([
    "上升", "下降", "上涨", "下跌", "回落", "回升", "走高", "走低", "增加", "减少", "扩大", "缩小",
    "保持", "维持", "显示", "表示", "认为", "指出", "达到", "超过", "突破", "实现", "完成", "提高",
    "降低", "放缓", "加快", "加大", "加强", "推进", "推动", "提升", "改善", "恶化", "企稳", "成为",
    "出现", "发生", "继续", "开始", "进行", "采取", "面临", "存在", "包括", "属于", "具有", "需要",
    "可能", "能够", "应该", "获得", "取得", "发布", "举行", "召开", "介绍", "印发", "出台", "落地",
    "上线", "获批", "做强", "做优", "做大", "有序", "用好", "统筹", "整治", "提质", "增效", "走深",
    "走实", "见效", "落实", "深化", "没有", "调整", "下调", "上调", "下行", "上行", "会", "将",
    "要", "能", "应", "可", "给予", "处以", "构成", "违反", "责令", "没收", "追究", "吊销", "撤销",
    # the modals of statute text (地方金融部门应当会同...)
    "应当", "必须", "不得", "可以", "应予"])
# Words that only modify a noun (区别词: "high-quality", "multi-tiered", "full-chain"), which
# jieba's dictionary tags as nouns or names: they open terms (高质量发展, 多层次资本市场) but
# are none alone.
ATTRIBUTES = frozenset([
    "高质量", "高水平", "高标准", "高品质", "高效能", "深层次", "多层次", "全方位", "全链条",
    "全覆盖", "全过程", "全周期", "全领域", "宽领域", "多维度"])
# Bound suffixes that jieba tags as one-character verbs, counters or localisers but that
# make a noun of the word before them (赤字率, 供给侧, 用水权, 注册制, 交易额, 货币供应量,
# 信用贷, 都市圈, 银行间).
SUFFIXES = frozenset("率侧权制额量贷圈间")
# Bound prefixes that jieba cuts off as one-character adverbs or verbs (再贷款, 逆周期调节,
# 跨周期调节, 非银行金融机构): they open a term on a noun, never close one.
PREFIXES = frozenset("再逆跨非")
NAME_TAGS = ("nr", "ns", "nt", "l", "i")  # names and set phrases: never split in halves
RARE = 1000  # a word jieba's reference text uses less often than this (out of 60 million)
ADJECTIVE_TAGS = ("a", "ad")
LINK = "的"  # joins an adjective to a term in a named policy (稳健的货币政策)
HEAD_SHARE = 12  # an edgy word that opens (closes) this many shortlisted n-grams is a phrase head


def tag_role(word: str, tag: str | None) -> int:
    """The role of one word given its dictionary tag (None: not in the dictionary)."""
    if not word or not _is_han(word[0]):
        return BREAK  # punctuation, digits, Latin, the separators between runs
    if word in PREFIXES:
        return EDGY
    if tag is None and len(word) == 2 and word[0] in UNITS and (
            word[1] in COUNTERS or word[1] in "人元"):
        return BREAK  # 万人, 亿元 after digits (29.9万人): an amount the dictionary lacks
    if word[0] in UNITS and word[1:2] == "元":
        return BREAK  # an amount of money, listed or not: 万元以上 of 10万元以上 was a term
    if tag is None or word in NOMINAL_VERBS or tag == "vn" or word in SUFFIXES:
        return WORD  # vn: a verb used as a noun
    if tag.startswith(("m", "q")):
        # 港元, 美元 are units of a term; 亿元, 百分点, 个, 第, 多只 are amounts and counters
        counted = len(word) == 2 and word[1] in COUNTERS  # 多只, 数家: "several of"
        return BREAK if len(word) == 1 or counted or NUMERALS.intersection(word) else WORD
    if tag.startswith(_BREAK_TAGS):
        return BREAK
    if tag.startswith(_EDGY_TAGS):
        return BREAK if len(word) == 1 else EDGY
    if tag.startswith(("t", "f")):  # 今年, 以来 are stop words; 西部, 未来 open terms
        return BREAK if len(word) == 1 else WORD
    return WORD


class Roles:
    """The role of every word of a token list: jieba's dictionary words that are not term
    words are loaded once per process (nouns, most of the dictionary, are left out), so a
    word absent from the table, a new word or a user word included, is a term word."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self.roles = dict(_not_words())
        for word in user_words:
            if len(word) > 1:  # a single character keeps its entry: it is never LONE
                self.roles.pop(word, None)
        self.adjectives = _adjectives().difference(user_words)

    def of(self, tokens: list[str]) -> list[int]:
        """Each token's role; a term word of two characters or more is LONE (every single
        character is in the table, so the default is one)."""
        return list(map(self.roles.get, tokens, repeat(LONE)))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    """The dictionary's adjectives of two characters or more (稳健, 积极, 宽松)."""
    return frozenset(word for word, tag in lexicon.not_nouns()
                     if len(word) >= 2 and tag in ADJECTIVE_TAGS)


@lru_cache(maxsize=1)
def _not_words() -> dict[str, int]:
    """The dictionary words whose role is not WORD, every single Chinese character (a WORD
    unless listed otherwise), and the line break that parts runs."""
    found = {"\n": BREAK}
    found.update(dict.fromkeys(map(chr, _HAN_CODES), WORD))
    for word, tag in lexicon.not_nouns():
        role = tag_role(word, tag)
        if role != WORD:
            found[word] = role
    return found


class Edges:
    """Judges a segmented candidate by its edges: the tags of its words, the stoplists, and
    how many of the shortlisted candidates each edgy word opens or closes.

    jieba's dictionary lists many phrases as single words (大力发展, 高水平, 服务体系),
    so an edge word of four characters or more that is not a name is also judged
    by its two dictionary halves of two characters or more (大力 + 发展 opens on an
    adverb).
    """

    def __init__(self, shapes: dict[str, list[str]], counts: dict[str, int] | None = None,
                 sample: Collection[str] | None = None) -> None:
        """``sample``: the candidates whose shapes count how many each word opens and
        closes (all of ``shapes`` when None)."""
        words = {w for found in shapes.values() for w in found}
        long = [w for w in words if len(w) >= 4]
        halves = {w[:i] for w in long for i in range(2, len(w) - 1)} | \
            {w[i:] for w in long for i in range(2, len(w) - 1)}
        self.tags = lexicon.tags(words | halves)
        # the caller's general frequencies when it has them (a superset: one query, not two)
        self.counts = counts if counts is not None else \
            lexicon.frequencies(w for w in words if len(w) == 2)
        self.roles: dict[str, int] = {}
        counted = shapes.values() if sample is None else [shapes[t] for t in sample]
        self.opens: Counter[str] = Counter(found[0] for found in counted if len(found) > 1)
        self.closes: Counter[str] = Counter(found[-1] for found in counted if len(found) > 1)

    def _role(self, word: str, tag: str | None) -> int:
        role = self.roles.get(word)
        if role is None:
            role = self.roles[word] = tag_role(word, tag)
        return role

    def fine(self, words: list[str]) -> list[str]:
        """``words`` with the first and the last split into their dictionary halves."""
        if not words:
            return words
        head = self._halves(words[0])
        if len(words) == 1:
            return head
        return head + words[1:-1] + self._halves(words[-1])

    def _halves(self, word: str) -> list[str]:
        if len(word) < 4 or (self.tags.get(word) or "nr").startswith(NAME_TAGS):
            return [word]  # a name or a word too short to hold a phrase
        splits = [i for i in range(2, len(word) - 1)
                  if word[:i] in self.tags and word[i:] in self.tags]
        if not splits:
            return [word]
        best = max(splits, key=lambda i: (min(i, len(word) - i), -i))
        return [word[:best], word[best:]]

    def term_like(self, words: list[str]) -> bool:
        """True when ``words`` make a noun phrase or a name, whole and by their halves."""
        if not self._edges_ok(words):
            return False
        fine = self.fine(words)
        if len(words) == 1 and (self.tags.get(words[0]) or "").startswith("n"):
            # jieba lists it as one noun (知识产权, 集成电路, 城市更新): the tags of its halves
            # are those of morphemes (知识 and 集成 are verbs there), not of a phrase's words;
            # a function word inside (本报记者) or a phrase word at either end (扩大内需,
            # by the stoplists) still makes it a phrase
            # or a clause verb opening it (降低利率 'lower interest rates', 保持稳定)
            return all(self._role(w, self.tags.get(w)) != BREAK for w in fine) and \
                fine[0] not in CLAUSE_VERBS
        return fine == words or len(fine) < 2 or self._edges_ok(fine)

    def _slogan(self, words: list[str], tags: list[str | None]) -> bool:
        """Two rare two-character verb phrases side by side, one of them coined (减税降费,
        节能降碳, 以进促稳): a policy slogan, named as a term; common words so joined make a
        clause (违反规定, 建成投用)."""
        return len(words) == 2 and len(words[0]) == len(words[1]) == 2 and None in tags and \
            all(_is_han(w[0]) and _is_han(w[1]) and self.counts.get(w, 0) < RARE for w in words)

    def _edges_ok(self, words: list[str]) -> bool:
        tags = [self.tags.get(w) for w in words]
        roles = [self._role(w, t) for w, t in zip(words, tags, strict=True)]
        if not roles or BREAK in roles:
            return False
        if len(words) == 1:  # a lone word is a term only as a noun or a name
            # a clause verb the dictionary lacks (提质) is guessed a word, not a name
            return roles[0] == WORD and not (tags[0] or "n").startswith(("v", "a", "b")) \
                and words[0] not in CLAUSE_VERBS and words[0] not in ATTRIBUTES
        first, last = words[0], words[-1]
        if first in SUFFIXES or last in PREFIXES:
            return False  # a suffix closes the word before it (率 never opens a term), a prefix
            # opens the word after it
        if first in PREFIXES and (roles[1] != WORD or _verbal(tags[1])):
            return False  # 再 before a verb is "again" (再提高)
        # a guessed word (not in the dictionary) or a verb that opens or closes on a function
        # character is part of a clause: 升至 "rise to", 会上/升至 mis-cut from 会上升至
        if (_loose(tags[0]) and first[0] in FUNCTION_CHARS and first not in NOMINAL_VERBS) or \
                (_loose(tags[-1]) and last[-1] in FUNCTION_CHARS and last not in NOMINAL_VERBS):
            return False  # (就业, 并购 open on 就 and 并 but are nouns here)
        if self._slogan(words, tags) and not CLAUSE_VERBS.intersection(words):
            return True
        verbs = sum(1 for w, t in zip(words, tags, strict=True)
                    if _verbal(t) and w not in NOMINAL_VERBS)
        if verbs > 1 or CLAUSE_VERBS.intersection(words) or (tags[0] or "").startswith("i"):
            return False  # a clause (美联储维持利率不变), not a noun phrase
        # a verb on its object makes a verb phrase (违反本法, 全面贯彻党); between a noun and
        # a head noun it is a modifier (区域协调发展战略, 农业转移人口市民化)
        modifier = roles[0] == WORD and not _verbal(tags[0]) and _nominal(last, tags[-1])
        if any(_verb_object(tags[i], roles[i + 1], tags[i + 1]) and words[i] not in NOMINAL_VERBS
               and words[i] not in SUFFIXES and words[i] not in PREFIXES
               and not (modifier and 0 < i < len(words) - 2)
               for i in range(len(words) - 1)):
            return False
        if roles[0] == EDGY and first not in PREFIXES and (
                self.opens[first] >= HEAD_SHARE or first in CLAUSE_VERBS
                or _verb_object(tags[0], roles[1], tags[1])):
            return False
        if last in CLAUSE_VERBS:
            return False
        # an edgy closing word must be a verb that closes few phrases and follows a noun
        # (跨境结算, 信贷需求; not 给予警告)
        return roles[-1] != EDGY or (self.closes[last] < HEAD_SHARE
                                     and (tags[-1] or "").startswith("v")
                                     and roles[-2] == WORD and not _verbal(tags[-2]))


def _nominal(word: str, tag: str | None) -> bool:
    """A word that can head a noun phrase: a noun, a verb used as one, a bound noun suffix."""
    return (tag or "n").startswith("n") or tag == "vn" or word in NOMINAL_VERBS or \
        word[-1] in SUFFIXES or word[-1] == "化"


def _loose(tag: str | None) -> bool:
    return tag is None or _verbal(tag)


def _verbal(tag: str | None) -> bool:
    return tag is not None and tag.startswith("v") and tag != "vn"


def _verb_object(tag: str | None, next_role: int, next_tag: str | None) -> bool:
    """A verb opening on its object (违反本法, 给予警告) is a verb phrase; two verbs (转移支付)
    or a verb before a verb used as a noun may still be a term."""
    return _verbal(tag) and next_role == WORD and not _verbal(next_tag)


_HAN_CODES = [*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0), *range(0xF900, 0xFB00)]


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or \
        "\uf900" <= char <= "\ufaff"
