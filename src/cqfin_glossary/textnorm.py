"""Text normalisation: Simplified/Traditional (OpenCC), width, case, pinyin keys, CJK tests.

OpenCC and pypinyin are imported on first use only, regular expressions compiled on
first use, and nothing here imports typing: the lookup path uses this module and must
start almost as fast as Python.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Scripts an export or a lookup can ask for, mapped to OpenCC configurations.
SCRIPTS = {"hans": None, "hant": "s2t", "hk": "s2hk", "tw": "s2twp"}

_CJK_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F),
)
# The same ranges as the body of a regular-expression character class.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"

# Characters that can drive a terminal or hide text: C0 and C1 controls (tab and
# newline excepted), line/paragraph separators, bidi overrides, isolates and marks, and
# the invisible zero-width space, word joiner and byte-order mark (a term holding one looks
# like another and matches nothing: 渝金\u200b盾 is not 渝金盾; one opening a term made an
# invisible Markdown heading). Zero-width (non-)joiners stay: emoji and some scripts need them.
UNSAFE_CHARS = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
                "\u2060\u2066-\u2069\ufeff")
# Compiled on first use (__getattr__): the four together were a twentieth of a cold
# look-up, which needs one at most. UNSAFE_IN_LINE is for one-line fields: tab and newline.
_PATTERNS = {
    "_CJK_RE": f"[{CJK_CLASS}]",
    "_WORD_RE": r"[0-9a-z]+(?:['’][a-z]+)?",
    "UNSAFE": f"[{UNSAFE_CHARS}]",
    "UNSAFE_IN_LINE": f"[\t\n{UNSAFE_CHARS}]",
}


def __getattr__(name: str) -> re.Pattern[str]:
    if name not in _PATTERNS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    compiled = globals()[name] = re.compile(_PATTERNS[name])
    return compiled


def _pattern(name: str) -> re.Pattern[str]:
    found: re.Pattern[str] | None = globals().get(name)
    return found if found is not None else __getattr__(name)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def has_cjk(text: str) -> bool:
    return _pattern("_CJK_RE").search(text) is not None


def cjk_count(text: str) -> int:
    return len(_pattern("_CJK_RE").findall(text))


@cache
def _converter(config: str) -> object:
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


def convert(text: str, config: str) -> str:
    """Run an OpenCC configuration such as ``s2t``, ``t2s``, ``s2hk`` or ``s2twp``."""
    return str(_converter(config).convert(text))  # type: ignore[attr-defined]


def to_simplified(text: str) -> str:
    return convert(text, "t2s")


def to_script(text: str, script: str) -> str:
    """``text`` (Simplified) in one of SCRIPTS."""
    config = SCRIPTS[script]
    return text if config is None else convert(text, config)


# Generic, Hong Kong, Taiwan, and Taiwan with its own words (軟體 for 软件).
TRADITIONAL_CONFIGS = ("s2t", "s2hk", "s2tw", "s2twp")


def traditional_forms(text: str) -> list[str]:
    """The distinct Traditional spellings of a Simplified term (generic, Hong Kong, Taiwan)."""
    forms = [convert(text, cfg) for cfg in TRADITIONAL_CONFIGS]
    return [f for f in dict.fromkeys(forms) if f != text] or []


def convert_many(texts: list[str], config: str) -> list[str]:
    """``convert`` of each text, with one OpenCC call for all of them.

    A call costs about 3 µs of fixed overhead, more than converting a short term,
    so the texts go through joined by newlines, which no OpenCC phrase spans.
    """
    if not texts:
        return []
    if not any("\n" in t for t in texts):
        joined = convert("\n".join(texts), config).split("\n")
        if len(joined) == len(texts):
            return joined
    return [convert(t, config) for t in texts]


def width_fold(text: str) -> str:
    """Full-width letters, digits and punctuation to their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def strip_tones(text: str) -> str:
    """'yú jīn dùn' -> 'yu jin dun'; ü becomes u, tone digits go."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"(?<=[a-z])[1-5]", "", bare.lower())


def pinyin_key(text: str) -> str:
    """Letters only, toneless, lowercase: the form pinyin queries are matched on."""
    return re.sub(r"[^a-z0-9]", "", strip_tones(text).replace("v", "u"))


# Typographic apostrophes and hyphens, which NFKC keeps: 'People’s Bank of China' copied
# from a typeset page was only a partial match of People's Bank of China.
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
                              "\u2010": "-", "\u2011": "-"})


def fold(text: str) -> str:
    """Case- and width-insensitive form with single spaces, typographic apostrophes and
    hyphens as ASCII."""
    if not text.isascii():  # NFKC leaves ASCII as it is: half the cost of an English term
        text = width_fold(text).translate(_TYPOGRAPHIC)
    return " ".join(text.casefold().split())


def english_words(text: str) -> list[str]:
    return _pattern("_WORD_RE").findall(fold(text).replace("-", " "))


@lru_cache(maxsize=65536)
def syllables(text: str) -> tuple[str, ...]:
    """Pinyin with tone marks, one item per character (non-Chinese runs kept whole)."""
    from pypinyin import Style, lazy_pinyin

    return tuple(s.strip() for s in lazy_pinyin(text, style=Style.TONE) if s.strip())


def pinyin(text: str) -> str:
    """'渝金盾' -> 'yú jīn dùn'."""
    return " ".join(syllables(text))


# British and American spellings of policy English, word by word: (British ending, American
# ending, shortest word). Only endings with few exceptions in such text (not -ise, which
# also ends enterprise and exercise; not -our, which also ends four and hour).
_SPELLINGS = (("isation", "ization", 9), ("isations", "izations", 10), ("tre", "ter", 5),
              ("tres", "ters", 6), ("ogramme", "ogram", 7), ("ogrammes", "ograms", 8),
              ("labour", "labor", 6), ("behaviour", "behavior", 9))


def spelling_variants(text: str) -> list[str]:
    """``text`` with its words in American spelling, then in British, when either differs
    ('Western Financial Centre' -> 'Western Financial Center'): what a look-up tries when
    the words as typed find nothing."""
    words = text.split(" ")
    out = []
    for source in (0, 1):
        changed = []
        for word in words:
            low = word.lower()
            for british, american, shortest in _SPELLINGS:
                ending, other = (british, american) if source == 0 else (american, british)
                if len(low) >= shortest and low.endswith(ending):
                    word = word[: len(word) - len(ending)] + (
                        other.upper() if word[-1:].isupper() else other)
                    break
            changed.append(word)
        variant = " ".join(changed)
        if variant != text and variant not in out:
            out.append(variant)
    return out
