"""English text as the chain of word keys the English automaton reads (``<loan><balanc>``).

Text and glossary terms are both rewritten so: a word's key is its crude stem
between angle brackets, punctuation that ends a term is a "|", and a match can
then only start and end on a whole word, blind to case and simple inflection.
Hyphen-joined compounds are told apart (``compounds``): a term may not start
inside one.
"""

from __future__ import annotations

import re
from functools import lru_cache

# What may stand between two words of one term: spaces and hyphens, nothing else.
_GAP = re.compile(r"[\s\-\u2010\u2011]*")
# A hyphen alone between two words makes one compound (high-tech, private-equity): a term
# may hold the whole compound (private equity in "private-equity funds") but not start
# inside it ("tech enterprises" is not in "high-tech enterprises"). It may end inside one:
# "RMB-denominated", "green finance-related" and "Branch-led" hold their terms whole. Two
# capitalised words are two names joined (Chengdu-Chongqing, China-Europe): either half
# may open a term.
JOINERS = "-\u2010\u2011\u2013"
# An en dash joins two words it stands between with no space (Land–Sea, Chengdu–Chongqing, as
# edited English writes compound names); with a space on either side it is a dash, an end.
EN_DASH = "\u2013"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude inflection key: loans/loan, policies/policy, financed/financing/finance agree."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes", "zzes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "sis")):
        w = w[:-1]
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    # Undouble everywhere, so planned/plan and pass/passes land on the same key.
    if len(w) > 3 and w[-1] == w[-2] and w[-1].isalpha() and w[-1] not in "aeiou":
        w = w[:-1]
    return w


# Full-width digits and letters are word characters too, keyed as their ASCII: English
# typed with a Chinese input method writes ＣＩＰＳ and ３３６１８, which were no words at all.
_WORD_CHARS = "0-9A-Za-z\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_NARROW = {code + 0xFEE0: code for code in range(0x21, 0x7F)}
# A token is a word with the gap before it. Possessive quantifiers: no backtracking.
_TOKEN = re.compile(f"[^{_WORD_CHARS}]*+[{_WORD_CHARS}]++(?:['’][{_WORD_CHARS}]++)*+")
_LEAD = re.compile(f"[^{_WORD_CHARS}]*+")
# The last word character of a text and the run without one after it (a linear search).
_LAST_WORD = re.compile(f"[{_WORD_CHARS}][^{_WORD_CHARS}]*+\\Z")


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` (``_TOKEN.findall``), in time linear in its length.

    findall tries _TOKEN at every place of a run with no word character after it, and
    each try reads to the end of the text before it fails: 80 KB of Chinese with no
    digit or Latin letter took annotate 2 s, 320 KB 31 s. The search stops where the
    last word does."""
    last = _LAST_WORD.search(text)
    return _TOKEN.findall(text, 0, last.start() + 1) if last else []
TOKEN_CACHE_MAX = 1 << 17
CHUNK_CACHE_CHARS = 40  # longer runs of text between spaces are keyed afresh each time


class _TokenKeys(dict[str, str]):
    """Token -> its word key, with "|" ahead when the gap holds punctuation, which ends any term.

    Text repeats its tokens (" the", " loans"), so each costs one dict look-up in C
    after its first time; the gap's length is kept for the few tokens a term matched.
    """

    def __init__(self) -> None:
        super().__init__()
        self.gaps: dict[str, int] = {}

    def __missing__(self, token: str) -> str:
        if len(self) >= TOKEN_CACHE_MAX:
            self.clear()
            self.gaps.clear()
        gap = _LEAD.match(token).end()  # type: ignore[union-attr]  # matches the empty string
        key = self[token] = _token_key(token, gap)
        self.gaps[token] = gap
        return key


def _token_key(token: str, gap: int, after_space: bool = False) -> str:
    """``after_space``: the token opens a run of text between white space (see _chunk_key),
    so an en dash ahead of it has a space before it."""
    key = _word_key(token[gap:])
    if gap and token[:gap] != " " and not _GAP.fullmatch(token, 0, gap) and not (
            gap == 1 and token[0] == EN_DASH and not after_space):
        return "|" + key
    return key


_KEYS = _TokenKeys()


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return f"<{stem(word if word.isascii() else word.translate(_NARROW))}>"


def _chunk_key(chunk: str) -> str:
    """The keys of one run of text between white space, with "|" at either end where
    punctuation stands there (a lone hyphen is a gap, not an end: Land - Sea)."""
    if chunk.isascii() and chunk.isalnum():  # most runs: one plain word, no pattern needed
        return _word_key(chunk)
    found = tokens(chunk)
    if not found:
        return "" if _GAP.fullmatch(chunk) else "|"
    key = "".join(_token_key(t, _LEAD.match(t).end(), i == 0)  # type: ignore[union-attr]
                  for i, t in enumerate(found))
    tail = len(chunk) - sum(map(len, found))
    return key + "|" if tail and not _GAP.fullmatch(chunk, len(chunk) - tail) else key


class _ChunkKeys(dict[str, str]):
    """Run of text between white space -> its keys: str.split and one dict look-up in C
    per run read a text three times faster than the token pattern, and give the same
    chain once the pipes two runs put at their meeting point are made one."""

    def __missing__(self, chunk: str) -> str:
        if len(chunk) > CHUNK_CACHE_CHARS:  # an untranslated sentence, a URL: never again
            return _chunk_key(chunk)
        if len(self) >= TOKEN_CACHE_MAX:
            self.clear()
        key = self[chunk] = _chunk_key(chunk)
        return key


_CHUNKS = _ChunkKeys()


def english_chain(text: str) -> str:
    """``text`` as the chain of word keys the English automaton reads (what en_terms scans):
    the keys of its tokens (see _TOKEN) joined, no "|" at either end."""
    global _last_chain
    last = _last_chain  # one read: another thread may replace it meanwhile
    if text is last[0]:  # a problem quotes the text en_terms has just read
        return last[1]
    chain = _chain_of(text)
    _last_chain = (text, chain)
    return chain


def _chain_of(text: str) -> str:
    chain = "".join(map(_CHUNKS.__getitem__, text.split()))
    while "||" in chain:
        chain = chain.replace("||", "|")
    return chain.strip("|")


# The last text read and its chain, the one-entry memo of english_chain. It holds the text
# itself, so the identity test can never meet another string at the same address.
_last_chain = ("", "")


@lru_cache(maxsize=65536)
def term_chain(term: str) -> str:
    """The word-key chain of a glossary term (cached: the checks of missing terms ask often)."""
    return _term_chain(term)


def _term_chain(term: str) -> str:
    """Terms stay out of the text tokens' cache: 100,000 of them made every look-up
    there slower (a larger dict is more memory to reach) and crowded the text out."""
    chain = "".join(_token_key(token, _LEAD.match(token).end())  # type: ignore[union-attr]
                    for token in tokens(term))
    return chain[1:] if chain.startswith("|") else chain


_COMPOUND = re.compile(f"(?<=[{_WORD_CHARS}])[{JOINERS}](?=[{_WORD_CHARS}])")
_WORD_CHAR = re.compile(f"[{_WORD_CHARS}]")


def compounds(text: str) -> frozenset[int] | None:
    """Where the words a hyphen joins to the word before them (the tech of high-tech) start
    in the word-key chain of ``text`` (english_chain), or None when it has none.

    The text is cut at its joints: the chain of each piece is the part of the whole
    chain up to the next joint (a piece ends on a word and the next opens on a hyphen,
    so no "|" meets at a cut), and adding up their lengths gives each joint's place in
    one pass over the text, without reading it token by token.
    """
    if not _has_joiner(text):
        return None
    out = []
    at = last = 0
    for joint in _COMPOUND.finditer(text):
        p = joint.start()
        at += len(_chain_of(text[last:p]))
        last = p
        if not (text[p + 1].isupper() and text[_word_start(text, p)].isupper()):
            out.append(at)
    return frozenset(out) if out else None


def _has_joiner(text: str) -> bool:
    """Whether ``text`` holds a hyphen or an en dash at all (most texts do not): four
    searches in C, where the joint pattern would run the regular-expression engine."""
    return any(map(text.__contains__, JOINERS))


def _word_start(text: str, end: int) -> int:
    """Where the run of word characters that ends at ``end`` starts."""
    start = end
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    return start


def _joined(tokens: list[str], keys: list[str]) -> frozenset[int] | None:
    """``compounds`` for a text read token by token (en_spans): ``keys`` are the tokens' keys,
    whose concatenation is the chain read."""
    at, out = 0, []
    for i, (token, key) in enumerate(zip(tokens, keys, strict=True)):
        # one hyphen, right after the word before (no space between)
        if i and token[0] in JOINERS and _WORD_CHAR.match(token, 1) and not (
                token[1].isupper() and _last_run(tokens[i - 1])[:1].isupper()):
            out.append(at)
        at += len(key)
    return frozenset(out) if out else None


def _last_run(token: str) -> str:
    """The last run of word characters of a token (the s of Center's, as compounds reads)."""
    start = max(_LEAD.match(token).end(),  # type: ignore[union-attr]
                token.rfind("'") + 1, token.rfind("’") + 1)
    return token[start:]


def written_form(text: str) -> str:
    """English as written, blind to case, hyphens and spacing only (apostrophes count)."""
    return " ".join(text.casefold().replace("-", " ").replace("\u2019", "'").split())
