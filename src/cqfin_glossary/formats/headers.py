"""What a header cell of a TSV or CSV glossary names: a language column or a field.

Spreadsheets, CAT tools and people title columns by language code (``zh-CN``),
by language name (``Chinese``, ``中文``), by name and kind (``中文术语``,
``English term``) or by field (``Notes``, ``备注``). TSV and CSV read headers
through this one table, so a header one reader knows the other knows too.
"""

from __future__ import annotations

import re

from .common import lang_kind

_ZH_NAMES = frozenset({
    "chinese", "中文", "汉语", "漢語", "华语", "華語", "简体中文", "簡體中文", "繁体中文",
    "繁體中文", "简体", "繁体", "mandarin", "simplified chinese", "traditional chinese",
    "chinese (simplified)", "chinese (traditional)", "chinese (prc)", "chinese (taiwan)",
    "chinese (hong kong)", "chinese (china)"})
_EN_NAMES = frozenset({
    "english", "英文", "英语", "英語", "american english", "british english",
    "english (united states)", "english (united kingdom)", "english (us)", "english (uk)"})
# What follows a language's name in a column title: 'English term', '中文术语', '英文译名'
_KIND_WORDS = r"terms?|translations?|renderings?|equivalents?|words?|text|names?"
_KIND_ZH = ("术语|術語|词汇|詞彙|名称|名稱|译名|譯名|译文|譯文|翻译|翻譯|词条|詞條|原文|表述|"
            "词语|詞語")
_KIND = re.compile(rf"(?:\s+(?:{_KIND_WORDS})|\s*(?:{_KIND_ZH}))$")

# A field's column, by the titles people give it -> the name the readers use
FIELDS = {
    **dict.fromkeys(("note", "notes", "comment", "comments", "remark", "remarks", "备注",
                     "備註", "注释", "註釋", "说明", "說明", "附注", "附註"), "note"),
    **dict.fromkeys(("definition", "description", "定义", "定義", "释义", "釋義"),
                    "definition"),
    **dict.fromkeys(("subject", "domain", "subject field", "领域", "領域", "主题", "主題"),
                    "subject"),
    **dict.fromkeys(("pos", "part of speech", "词性", "詞性"), "pos"),
}


def column_lang(cell: str) -> str | None:
    """'zh' or 'en' when a header cell names that language's column, else None."""
    word = " ".join(cell.split()).casefold()
    for form in dict.fromkeys((word, _KIND.sub("", word))):
        kind = lang_kind(form) if form else "other"
        if kind in ("zh", "en"):
            return kind
        if form in _ZH_NAMES:
            return "zh"
        if form in _EN_NAMES:
            return "en"
    return None


def column_field(cell: str) -> str | None:
    """The field a header cell names ('note' for 'Notes' or '备注'), else None."""
    return FIELDS.get(" ".join(cell.split()).casefold())
