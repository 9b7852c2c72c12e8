"""English word lists and tests shared by the English stages: stopwords, verbs, pinyin, zipf."""

from __future__ import annotations

import re
from functools import lru_cache


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = frozenset([
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "this", "that", "these", "those", "its", "it",
    "their", "his", "her", "our", "your", "has", "have", "had", "will", "would", "can", "could",
    "may", "such", "which", "who", "whom", "whose", "than", "then", "there", "here", "into", "over",
    "under", "about", "after", "before", "while", "during", "through", "also", "both", "each",
    "other", "more", "most", "very", "not", "no", "nor", "so", "up", "out", "we", "us",
    "they", "them", "you", "i", "he", "she", "him", "ours", "theirs",
    "should", "must", "shall", "might", "cannot",
])
VERBS = frozenset([
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "may",
    "represent", "represents", "shows", "show", "showcases", "highlights", "includes", "include",
    "provides", "provide", "supports", "support", "aims", "reflects", "remains", "becomes",
    "continues", "helps", "drives", "boosts", "leads", "marks", "plays",
])

_SYLLABLE = ("(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             "(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|"
             "ia|ie|ua|uo|ui|ue|er|a|o|e|i|u)")
_PINYIN_WORD = re.compile(f"(?:{_SYLLABLE}){{1,2}}")


def is_pinyin_word(word: str) -> bool:
    """'rongjie', 'yao', 'jiangyong': one or two pinyin syllables (a Chinese given name or
    surname), not an English word."""
    return bool(_PINYIN_WORD.fullmatch(word.lower()))


def is_pinyin_name(name: str) -> bool:
    """'Gong Rongjie', 'Wen Jiangyong', 'Chengdu and Chongqing': a person's or a place's name
    (two or more capitalised pinyin words, perhaps joined by "and"), not a policy term."""
    words = [w for w in name.split() if w != "and"]
    return len(words) >= 2 and all(w[:1].isupper() and is_pinyin_word(w) for w in words)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a word is in general English (Zipf scale: 0 unknown .. 7 'the')."""
    from wordfreq import zipf_frequency

    parts = [p for p in word.lower().split("-") if p]
    if not parts:
        return 0.0
    whole = zipf_frequency(word.lower(), "en")
    return whole if whole > 0 else min(zipf_frequency(p, "en") for p in parts)


