"""Senses of financial-policy Chinese that CC-CEDICT lacks or lists after everyday ones.

CC-CEDICT glosses 区 as 'area; region; district', 试验 as 'experiment; test' and
机构 as 'mechanism' first: right for a dictionary reader, but the official English
of Chinese policy text says 'pilot free trade zone', 'regulatory authority',
'market entity'. The renderings stage weighs how compositionally an English
phrase renders the glosses of a term's parts, and the aligner anchors sentence
pairs on them, so a missing domain sense costs the right English its evidence.

These are senses of words and morphemes (parts of terms), in the wording the
official translations of State Council reports and PRC finance laws use; they
go ahead of CC-CEDICT's own. No whole glossary term is listed here: the miner
has to find 自由贸易试验区 -> 'pilot free trade zone' in the parallel text, helped
by 自由贸易 'free trade', 试验 'pilot' and 区 'zone'.
"""

from __future__ import annotations

DOMAIN_SENSES: dict[str, tuple[str, ...]] = {
    # places and programmes
    "区": ("zone",),
    "试验": ("pilot",),
    "试验区": ("pilot zone",),
    "示范": ("demonstration", "pilot", "model"),
    "示范区": ("demonstration zone",),
    "先行区": ("pilot zone",),
    "新区": ("new area",),
    "专项": ("special-purpose", "special"),
    "普惠": ("inclusive",),
    "中小": ("small and medium",),
    "小微": ("micro and small", "small and micro"),
    "高新": ("high-tech", "new and high technology"),
    "规模性": ("large-scale",),
    "多层次": ("multi-tiered", "multilevel"),
    "中欧": ("China-Europe",),
    "班列": ("freight train", "train service"),
    "西部": ("western",),
    "市": ("municipal", "city"),  # CC-CEDICT: market first; 市场 is a headword of its own
    # bodies and actors
    "机构": ("institution", "agency", "authority", "body"),
    "主体": ("entity", "player"),
    "企业": ("enterprise", "business", "company", "firm"),  # CC-CEDICT lacks 'business'
    "监督管理": ("supervision and administration", "regulatory", "regulation"),
    "监管": ("regulation", "regulatory"),
    "地方": ("local",),
    "退役": ("veteran", "retired"),
    "人员": ("personnel", "staff"),
    "高级": ("senior",),
    "管理": ("management", "administration"),
    "军人": ("military personnel", "servicemen"),
    # markets and instruments
    "金融": ("finance", "financial", "banking"),  # CC-CEDICT: banking first ('local banking')
    "货币": ("monetary", "currency"),  # 货币政策委员会: 'monetary policy committee'
    "服务": ("service", "services"),  # CC-CEDICT: 'to serve' first ('securities serve institution')
    "证券": ("securities",),
    "期货": ("futures",),
    "衍生品": ("derivatives",),
    "交易": ("trading", "transaction"),
    "场所": ("venue", "facility"),
    "登记": ("registration", "depository"),
    "结算": ("clearing", "settlement"),
    "披露": ("disclosure",),
    "所得": ("income", "gains"),
    "犯罪": ("crime", "criminal offence"),  # CC-CEDICT: 'to commit a crime' first
    "规定": ("provisions", "regulations"),  # CC-CEDICT: 'to stipulate' first
    "征信": ("credit reporting",),
    "信用": ("credit",),
    "担保": ("guarantee", "guaranty"),
    "租赁": ("leasing",),
    "保理": ("factoring",),
    "理财": ("wealth management",),
    "资管": ("asset management",),
    "信托": ("trust",),
    "拨备": ("provision", "provisioning"),
    "不良": ("nonperforming", "non-performing"),
    "杠杆": ("leverage",),
    "去杠杆": ("deleveraging",),
    "再贷款": ("relending",),
    "再贴现": ("rediscount",),
    "贴现": ("discount",),
    "准备金": ("reserve", "reserve requirement"),
    "国债": ("treasury bonds", "government bonds"),
    "地方债": ("local government bonds",),
    "城投": ("local government financing vehicle",),
    "隐性债务": ("hidden debt",),
    "化债": ("debt resolution", "defuse debt risks"),
    "化解": ("defuse", "resolve"),
    "防范": ("forestall", "prevent", "guard against"),
    # economy and society
    "民营": ("private", "privately run"),
    "经营": ("business", "operation"),
    "运营": ("operation", "operating"),
    "帮扶": ("assistance", "support"),
    "返贫": ("relapse into poverty", "return to poverty"),
    "兜底": ("basic safety net", "cover basic needs"),
    "市民化": ("urban residency",),
    "减灾": ("disaster reduction", "mitigation"),
    "救灾": ("disaster relief", "relief"),
    "防灾": ("disaster prevention", "prevention"),
    "防治": ("prevention and control",),
    "节能": ("energy conservation", "energy saving"),
    "降碳": ("carbon reduction", "cut carbon emissions"),
    "减排": ("emissions reduction", "reduce emissions"),
    "碳达峰": ("peak carbon emissions",),
    "统筹": ("coordinate", "coordinated"),
    "提振": ("boost",),
    "扩大": ("expand",),
    "在岸": ("onshore",),
}
