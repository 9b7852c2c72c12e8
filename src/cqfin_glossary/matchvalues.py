"""What the matcher's two automatons hold, made once per glossary.

Per Chinese spelling and per English word-key chain, a tuple with all that a
hit needs (length, term, entry ids, status, and for check whether the entry is
settled and how to probe its English), so that a hit costs no Python work
beyond picking its span; the general words that hold a short term; and the
notes annotate shows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

APPROVED_RENDERING = ("preferred", "admitted")
# Terms this short are often bound morphemes of longer words (贷款 in 贷款人 "lender").
BOUND_MAX = 2
# Chinese quasi-prefixes (类前缀) derive new words from a short term, rendered with an English
# prefix, not the term's own rendering: 再贷款 relending, 非银行 non-bank,
# 反洗钱 anti-money laundering.
QUASI_PREFIXES = ("再", "非", "反", "超", "准", "伪", "副")


class Rendering(NamedTuple):
    term: str
    status: str
    type: str | None = None


def preferred_rendering(renderings: Iterable[tuple[Any, ...]]) -> str | None:
    """The first preferred rendering of (term, status, ...) tuples, else the first admitted one."""
    return _english_of(renderings)[0]


def _english_of(renderings: Iterable[tuple[Any, ...]]) -> tuple[str | None, tuple[str, ...]]:
    """The preferred rendering (else the first admitted one) and every approved rendering in
    order, of (term, status, ...) tuples, in one plain loop: check asks it of most concepts
    with a missing term."""
    approved = []
    preferred = admitted = None
    for raw in renderings:
        term, status = raw[0], raw[1]
        if status == "preferred":
            approved.append(term)
            if preferred is None:
                preferred = term
        elif status == "admitted":
            approved.append(term)
            if admitted is None:
                admitted = term
    return preferred or admitted, tuple(approved)


# The least count in jieba's dictionary of a word that may cross a term's edge: half its
# two-character words are counted 3 or less (行行), rarely words a reader sees in a text.
EDGE_MIN_COUNT = 50


def _dictionary() -> list[list[str]]:
    """jieba's general dictionary as (word, count, tag) rows (read as a file; jieba itself is
    not loaded)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return []
    path = Path(spec.origin).with_name("dict.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.split(" ") for line in lines if line]


def _general_words(rows: list[list[str]] | None = None) -> list[str]:
    return [row[0] for row in (_dictionary() if rows is None else rows)]


def _edge_words(zh_keys: dict[str, Any], rows: list[list[str]] | None = None) -> frozenset[str]:
    """Two-character general words (both scripts) that can cross the edge of a two-character
    term: one ending on its first character, or opening on its last. A term with such a
    word across each edge is no word of that text (see match._uncrossed): 行长 in 推行长期
    (推行 + 长期), 局长 in 格局长期, 重庆 in 隆重庆祝."""
    from .textnorm import traditional_forms

    pairs = [form for form in zh_keys if len(form) == 2]
    if not pairs:
        return frozenset()
    firsts, lasts = {p[0] for p in pairs}, {p[1] for p in pairs}
    out: set[str] = set()
    for row in _dictionary() if rows is None else rows:
        word = row[0]
        if len(word) == 2 and (word[1] in firsts or word[0] in lasts) and len(row) > 1 \
                and row[1].isdigit() and int(row[1]) >= EDGE_MIN_COUNT:
            out.add(word)
            out.update(traditional_forms(word))
    return frozenset(out)


def _blockers(zh_keys: dict[str, Any], rows: list[list[str]] | None = None) -> set[str]:
    """General and quasi-prefixed words (both scripts) holding a one- or two-character term."""
    from .textnorm import traditional_forms

    short = {form: (len(form),) for form in zh_keys if len(form) <= BOUND_MAX}
    if not short:
        return set()
    auto = _automaton(short)
    words = [w for w in _general_words(rows) if len(w) > BOUND_MAX and w not in zh_keys]
    # One pass over all words joined: the automaton finds which of them hold a short term.
    joined = "\n".join(words)
    offsets = list(accumulate(len(w) + 1 for w in words))
    found = {bisect_right(offsets, end) for end, _ in auto.iter(joined)}
    out: set[str] = set()
    derived = [prefix + form for form in short for prefix in QUASI_PREFIXES]
    for word in [words[i] for i in found] + derived:
        out.add(word)
        out.update(traditional_forms(word))
    return out - set(zh_keys)


def _zh_values(keys: dict[str, dict[str, str]], notes: dict[str, tuple[str, str, str | None]],
               may_clash: set[str], probes: dict[str, tuple[str, ...]]
               ) -> dict[str, tuple[Any, ...]]:
    """Per spelling: (length, spelling, entry ids, term status, settled, probe, note), made
    once here so that a hit costs no Python work beyond picking its span. ``settled`` is
    the entry's id when the spelling is one entry's and that entry's renderings can never
    clash in a file (see _may_clash), so check need not keep its uses for the file-wide
    checks; else None. An id rather than True: check tests a whole segment's terms
    against the English found with one set operation. ``probe`` is the settled entry's
    word-key chains (see _probes), else None."""
    out = {}
    for form, ids in keys.items():
        first_id, first = next(iter(ids.items()))
        settled = first_id if len(ids) == 1 and first_id not in may_clash else None
        probe = probes.get(first_id) if settled else None
        out[form] = (len(form), form, tuple(ids), first, settled, probe,
                     _zh_note(notes.get(first_id)))
    return out


def _probes(en_values: dict[str, tuple[Any, ...]], en_auto: Any, may_clash: set[str]
            ) -> dict[str, tuple[str, ...]]:
    """Per settled entry whose one approved English can never lose its words to another
    term: (its approved chain, then the chains of its other English terms).

    For such an entry, the English automaton finds its approved rendering in a text's
    chain exactly when the chain holds it as a substring, and finds none of its other
    renderings when the chain holds none of them: check tells a fine pair with a few
    substring tests, without scanning its English (most pairs of a good translation).
    """
    approved: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for chain, value in en_values.items():
        ids = value[2]
        if len(ids) == 1 and ids[0] not in may_clash:
            side = approved if value[3] in APPROVED_RENDERING else others
            side.setdefault(ids[0], []).append(chain)
    exposed = _exposed(list(en_values), en_auto)
    # an entry outside may_clash has one approved English term (see _may_clash)
    return {entry: (chain, *others.get(entry, ()))
            for entry, (chain,) in approved.items() if chain not in exposed}


def _exposed(keys: list[str], auto: Any) -> set[str]:
    """The English keys that another key can take words from in some text: one that lies
    inside a longer key, or whose first words are another key's last words (that key,
    starting earlier, wins the overlap). Leftmost-longest picks every other key's every
    occurrence in any text."""
    tails: set[str] = set()
    for key in keys:
        cut = key.find("<", 1)
        while cut > 0:
            tails.add(key[cut:])
            cut = key.find("<", cut + 1)
    out = set()
    for key in keys:
        cut = key.find(">") + 1
        while 0 < cut < len(key):
            if key[:cut] in tails:
                out.add(key)
                break
            cut = key.find(">", cut) + 1
    if auto is None:
        return out
    # Keys inside longer keys: one scan of every key, joined, with the automaton itself.
    joined = "\n".join(keys)
    ends = list(accumulate(len(k) + 1 for k in keys))  # one past each key's separator
    for end, value in auto.iter(joined):
        start = end + 1 - value[0]
        holder = keys[bisect_right(ends, start)]
        if value[0] < len(holder):
            out.add(joined[start:end + 1])
    return out


def _may_clash(zh_keys: dict[str, dict[str, str]], en_values: dict[str, tuple[Any, ...]]
               ) -> set[str]:
    """Entries whose uses in a file could be inconsistent or shared with another entry.

    A term's use is an approved English term whose entries include the term's own.
    An entry with one such English term, in no spelling or English term of several
    entries, is always rendered the same way and its English stands for it alone.
    """
    approved: Counter[str] = Counter()
    out: set[str] = set()
    for ids in zh_keys.values():
        if len(ids) > 1:
            out.update(ids)
    for value in en_values.values():
        if len(value[2]) > 1:
            out.update(value[2])
        elif value[3] in APPROVED_RENDERING:
            approved[value[2][0]] += 1
    out.update(entry for entry, n in approved.items() if n > 1)
    return out


def _en_values(keys: dict[str, tuple[str, dict[str, tuple[str, str | None]]]],
               notes: dict[str, tuple[str, str, str | None]],
               spellings: dict[str, dict[str, tuple[str, dict[str, tuple[str, str | None]]]]]
               ) -> dict[str, tuple[Any, ...]]:
    """Per word-key chain: (length, term, entry ids, term status, term type, variants, note);
    the note stays last, as in a Chinese value (annotate reads ``value[-1]``).

    ``variants`` is empty unless the chain's spellings as written (``spellings``, see
    wordkeys.written_form) stand for different entries, or an approved rendering and one
    that is not: 'cross-border finance'
    and 'cross-border financing' share the keys of their words, as do 'People's Bank' and
    the deprecated 'Peoples Bank'. Then each spelling's value, whole, which ``as_written``
    puts in the chain's place where a text writes exactly that spelling; a spelling of
    neither (an inflection: 'cross-border finances') keeps the chain's value, which
    stands for all of them."""
    out = {}
    for chain, (term, ids) in keys.items():
        first_id, (status, kind) = next(iter(ids.items()))
        forms = spellings.get(chain) or {}
        variants: tuple[tuple[str, tuple[Any, ...]], ...] = ()
        # preferred and admitted spellings of one entry stay one value: 'consumer loans' and
        # 'consumer loan' are one rendering to the consistency check, not two
        if len({tuple((i, st in APPROVED_RENDERING) for i, (st, _) in found.items())
                for _, found in forms.values()}) > 1:
            variants = tuple(
                (form, (len(chain), spelled, tuple(found), *next(iter(found.values())), (),
                        _en_note(notes.get(next(iter(found))), next(iter(found.values()))[0])))
                for form, (spelled, found) in forms.items())
        out[chain] = (len(chain), term, tuple(ids), status, kind, variants,
                      _en_note(notes.get(first_id), status))
    return out


def as_written(value: tuple[Any, ...], written: str) -> tuple[Any, ...]:
    """An English value as the words a text writes (``written``, wordkeys.written_form of
    them) decide it among the chain's variants (see _en_values)."""
    for form, variant in value[5]:
        if form == written:
            return (*variant[:5], value[5], variant[6])
    return value


def _summary(concept: tuple[Any, ...]) -> tuple[str, str, str | None]:
    """(entry status, Chinese headword, English) of a stored concept tuple."""
    _, status, zh, renderings = concept
    return status, zh, preferred_rendering(renderings)


def _zh_note(summary: tuple[str, str, str | None] | None) -> str:
    """What annotate shows after a Chinese term: its approved English."""
    status, _, english = summary or ("approved", "", None)
    tag = "" if status == "approved" else f" ({status})"
    return f"[{english or 'no English yet'}{tag}]"


def _en_note(summary: tuple[str, str, str | None] | None, term_status: str) -> str:
    """What annotate shows after an English term: its Chinese, or what to use instead."""
    status, zh, english = summary or ("approved", "", None)
    if term_status in ("deprecated", "superseded"):
        instead = f"use {english}" if english else "no approved English yet"
        return f"[{zh}: {term_status}, {instead}]"
    return f"[{zh}{'' if status == 'approved' else f' ({status})'}]"


def _automaton(values: dict[str, tuple[Any, ...]]) -> Any:
    if not values:
        return None
    auto = ahocorasick.Automaton()
    for key, value in values.items():
        auto.add_word(key, value)
    auto.make_automaton()
    return auto
